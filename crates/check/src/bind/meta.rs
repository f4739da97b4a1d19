//! Report-level facts read from the title: year and agency.

use nianbao_model::{Document, Paragraph};
use nianbao_rules::ruleset::Template;

/// Year and agency as stated in the report's title.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct TitleFacts {
    pub year: Option<i32>,
    pub agency: Option<String>,
}

/// Reads year and agency from the first paragraph that holds the template's report phrase.
pub(crate) fn title_facts(document: &Document, template: &Template) -> TitleFacts {
    let phrases: Vec<String> = template
        .report_phrases
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let paragraphs: Vec<&Paragraph> = document.paragraphs().take(12).collect();
    for (at, paragraph) in paragraphs.iter().enumerate() {
        let compact: String = paragraph
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let Some(end) = phrases.iter().find_map(|p| compact.find(p.as_str())) else {
            continue;
        };
        let title = compact.get(..end).unwrap_or_default();
        let (year, before, after) = split_year(title);
        // A crawler's "标题:" in front of the title is not part of the agency's name.
        let before = before.rsplit([':', '：']).next().unwrap_or(before);
        let agency = [before, after]
            .into_iter()
            .find(|s| !s.is_empty())
            .map(str::to_owned)
            .or_else(|| {
                at.checked_sub(1)
                    .and_then(|prev| paragraphs.get(prev))
                    .map(|p| nianbao_model::trim(&p.text).to_owned())
                    .filter(|t| !t.is_empty() && t.chars().count() <= 30)
            });
        return TitleFacts { year, agency };
    }
    TitleFacts::default()
}

/// Splits a title before the report phrase into (year, text before it, text after "年"/"年度").
fn split_year(title: &str) -> (Option<i32>, &str, &str) {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for window_start in 0..chars.len() {
        let digits: String = chars
            .iter()
            .skip(window_start)
            .take(4)
            .map(|(_, c)| *c)
            .collect();
        let is_year = digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("19") || digits.starts_with("20"));
        if !is_year {
            continue;
        }
        let start = chars.get(window_start).map_or(0, |(at, _)| *at);
        let after_digits = title.get(start + 4..).unwrap_or_default();
        let rest = after_digits
            .strip_prefix("年度")
            .or_else(|| after_digits.strip_prefix('年'));
        if let Some(rest) = rest {
            return (
                digits.parse().ok(),
                title.get(..start).unwrap_or_default(),
                rest,
            );
        }
    }
    (None, title, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Year and agency are found in the usual title layouts.
    #[test]
    fn splits_titles() {
        assert_eq!(
            split_year("2024年南关区教育局"),
            (Some(2024), "", "南关区教育局")
        );
        assert_eq!(
            split_year("平潭综合实验区2019年度"),
            (Some(2019), "平潭综合实验区", "")
        );
        assert_eq!(split_year("无年份"), (None, "无年份", ""));
    }
}
