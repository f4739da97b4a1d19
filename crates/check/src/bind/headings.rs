//! Finding the required section headings, by wording first and then by meaning.
//!
//! A heading written as the format has it (or as a variant the rule file lists) is found by its
//! key, numbering ignored. A heading written differently — another word for one of its words,
//! a stray character, lost numbering — is still recognised when three things agree: it carries
//! the section's own number (二、 for the second section), it stands between the headings of
//! the sections before and after it, and it has most of the official heading's characters — or
//! it is a short heading line of its own, where the number and the place suffice. Such a
//! heading is kept with the wording the report uses. For a section still not found, the text standing where it should
//! be is kept to point at.

use nianbao_model::{Document, LineIndex, Note, Paragraph, SectionMatch, Span};
use nianbao_rules::ruleset::{Section, Template};

use crate::normalize;

/// How many characters a heading may run on after the official wording and still count
/// (e.g. a trailing "：").
const HEADING_SLACK: usize = 4;

/// Share of the official heading's characters a differently worded heading must contain.
const MIN_COVERAGE: f64 = 0.6;

/// A line this much longer than the official heading is body text, not a heading line.
const HEADING_LINE_SLACK: usize = 10;

/// Finds the heading of every required section; `index` indexes the document's text.
pub(crate) fn sections(
    document: &Document,
    template: &Template,
    index: &LineIndex,
) -> Vec<SectionMatch> {
    // Each paragraph's keys are computed once, not once per section (a crawler's page may be
    // one paragraph of megabytes), and only for a paragraph short enough to be a heading
    // written as the format has it.
    let longest = template
        .sections
        .iter()
        .flat_map(|s| s.label.keys())
        .map(|k| normalize::strip_number(k).chars().count())
        .max()
        .unwrap_or(0)
        + HEADING_SLACK;
    let paragraphs: Vec<(&Paragraph, Option<String>)> = document
        .paragraphs()
        .map(|p| (p, normalize::heading_key_within(&p.text, longest)))
        .collect();
    let mapped: Vec<std::cell::OnceCell<normalize::Mapped>> = paragraphs
        .iter()
        .map(|_| std::cell::OnceCell::new())
        .collect();
    let mut found: Vec<SectionMatch> = template
        .sections
        .iter()
        .map(|section| SectionMatch {
            id: section.id.clone(),
            label: section.label.text.clone(),
            span: by_wording(document, index, section, &paragraphs, &mapped),
            ..SectionMatch::default()
        })
        .collect();
    for at in 0..found.len() {
        if found.get(at).is_some_and(|s| s.span.is_some()) {
            continue;
        }
        let after = found
            .get(..at)
            .unwrap_or_default()
            .iter()
            .rev()
            .find_map(|s| s.span)
            .map_or(0, |s| s.end);
        let before = found
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .find_map(|s| s.span)
            .map_or(document.text.len(), |s| s.start);
        let (Some(section), Some(slot)) = (template.sections.get(at), found.get_mut(at)) else {
            continue;
        };
        let Some(number) = number_of(&section.label.text) else {
            continue;
        };
        let candidate = candidates(&paragraphs, &number, after, before).next();
        let Some((start, text, own_line)) = candidate else {
            continue;
        };
        let span = index.span(&document.text, start, start + text.len());
        let short = text.chars().count() <= section.label.text.chars().count() + HEADING_LINE_SLACK;
        if own_line && short {
            slot.span = Some(span);
            slot.heading = Some(text);
        } else if let Some(length) = like(section, &text) {
            // The clause, unless it runs on well past the words the heading shares.
            let clause = text.chars().count();
            let length = if clause <= length + HEADING_SLACK {
                clause
            } else {
                length
            };
            let heading: String = text.chars().take(length).collect();
            slot.span = Some(index.span(&document.text, start, start + heading.len()));
            slot.heading = Some(heading);
        } else {
            slot.near = Some(Note {
                span,
                label: format!("这个位置写的是“{text}”"),
            });
        }
    }
    found
}

/// The heading's span when the report writes it as the format (or a listed variant) does.
fn by_wording(
    document: &Document,
    index: &LineIndex,
    section: &Section,
    paragraphs: &[(&Paragraph, Option<String>)],
    mapped: &[std::cell::OnceCell<normalize::Mapped>],
) -> Option<Span> {
    let keys: Vec<&str> = section
        .label
        .keys()
        .iter()
        .map(|k| normalize::strip_number(k))
        .collect();
    let matches = |(_, key): &&(&Paragraph, Option<String>)| {
        key.as_ref().is_some_and(|key| {
            keys.iter().any(|wanted| {
                key.starts_with(wanted)
                    && key.chars().count() <= wanted.chars().count() + HEADING_SLACK
            })
        })
    };
    // "（一）主动公开政府信息情况" under 总体情况 is a sub-heading with the words of section
    // 二: a heading numbered "二、" (or not numbered in brackets) comes first.
    let bracketed = |p: &Paragraph| p.text.trim_start().starts_with(['（', '(']);
    let heading = paragraphs
        .iter()
        .filter(matches)
        .find(|(p, _)| !bracketed(p))
        .or_else(|| paragraphs.iter().find(matches));
    heading.map(|(p, _)| p.span).or_else(|| {
        paragraphs.iter().zip(mapped).find_map(|((p, _), mapped)| {
            let mapped = mapped.get_or_init(|| normalize::Mapped::new(&p.text));
            section.label.keys().iter().find_map(|wanted| {
                let at = mapped.key.find(wanted.as_str())?;
                let (start, end) = mapped.original(at, at + wanted.len());
                Some(index.span(&document.text, p.span.start + start, p.span.start + end))
            })
        })
    })
}

/// The section number a heading starts with: "二" of "二、主动公开政府信息情况".
fn number_of(label: &str) -> Option<String> {
    let (number, _) = label.split_once('、')?;
    let numerals = "一二三四五六七八九十";
    (!number.is_empty() && number.chars().all(|c| numerals.contains(c))).then(|| number.to_owned())
}

/// The ordinal a heading is numbered with, in Chinese numerals ("二、") or digits ("2、",
/// "2."), as a number; `None` for an unnumbered heading or one numbered in brackets.
pub(crate) fn ordinal(heading: &str) -> Option<u32> {
    let heading = heading.trim_start();
    let end = heading.find(['、', '.', '．', '，', ','])?;
    let number = heading.get(..end)?.trim();
    if let Ok(n) = number.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|at| at as u32 / 3 + 1);
    match number.chars().collect::<Vec<_>>().as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => digit(*c).map(|d| 10 + d),
        _ => None,
    }
}

/// Headings numbered `number` that start between byte offsets `after` and `before` of the
/// document text, as (offset, heading text, whether it is a line of its own): a paragraph that
/// starts with the number, or the number after a sentence end inside a paragraph (a crawler's
/// page run together). The text is the heading line, or inside a paragraph its first clause.
fn candidates<'d>(
    paragraphs: &'d [(&'d Paragraph, Option<String>)],
    number: &'d str,
    after: usize,
    before: usize,
) -> impl Iterator<Item = (usize, String, bool)> + 'd {
    let marker = format!("{number}、");
    paragraphs.iter().flat_map(move |(paragraph, _)| {
        let base = paragraph.span.start;
        let text = paragraph.text.as_str();
        let mut found = Vec::new();
        for (at, _) in text.match_indices(&marker) {
            let start = base + at;
            if start < after || start >= before {
                continue;
            }
            let preceded = text.get(..at).unwrap_or_default();
            let at_start = preceded.trim().is_empty();
            // After a sentence, or after the last number of a table a crawler ran together.
            let after_sentence = preceded.trim_end().ends_with(|c: char| {
                matches!(c, '。' | '；' | '：' | '！' | '？' | '”' | '）' | '】')
                    || c.is_ascii_digit()
                    || c.is_ascii_punctuation()
            });
            if !(at_start || after_sentence) {
                continue;
            }
            let rest = text.get(at..).unwrap_or_default();
            let line = rest.lines().next().unwrap_or_default().trim_end();
            let clause_end = line
                .char_indices()
                .skip(marker.chars().count())
                .find(|(_, c)| {
                    matches!(c, '，' | '。' | '；' | ',' | '（' | '(')
                        || c.is_whitespace()
                        || c.is_ascii_digit()
                })
                .map_or(line.len(), |(at, _)| at);
            let heading = line.get(..clause_end).unwrap_or(line);
            let own_line =
                at_start && heading.len() == line.len() && line.len() == rest.trim_end().len();
            // Inside running text the heading is glued to what follows: a clause is enough.
            let heading: String = heading.chars().take(40).collect();
            found.push((start, heading, own_line));
        }
        found
    })
}

/// Whether a heading written `text` (glued to what follows, in running text) is the section:
/// most of the official heading's characters are at its start. Returns how many characters of
/// `text` the heading takes: up to the last character it shares with the official wording.
fn like(section: &Section, text: &str) -> Option<usize> {
    let number = text.chars().take_while(|c| *c != '、').count() + 1;
    let body: Vec<char> = text.chars().skip(number).collect();
    section.label.keys().iter().find_map(|key| {
        let official: Vec<char> = normalize::strip_number(key).chars().collect();
        let window = body.get(..body.len().min(official.len() + HEADING_LINE_SLACK))?;
        let mut used = vec![false; window.len()];
        let (mut shared, mut last) = (0usize, 0usize);
        for c in &official {
            let hit = window
                .iter()
                .zip(&used)
                .position(|(w, taken)| w == c && !taken);
            if let Some(at) = hit {
                if let Some(slot) = used.get_mut(at) {
                    *slot = true;
                }
                shared += 1;
                last = last.max(at + 1);
            }
        }
        let coverage = shared as f64 / official.len().max(1) as f64;
        (coverage >= MIN_COVERAGE).then_some(number + last)
    })
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    /// Headings are numbered in Chinese numerals or digits; brackets and no number give none.
    #[test]
    fn reads_ordinals() {
        assert_eq!(ordinal("二、主动公开政府信息情况"), Some(2));
        assert_eq!(ordinal("  3、 收到和处理政府信息公开申请情况"), Some(3));
        assert_eq!(ordinal("5.存在的主要问题"), Some(5));
        assert_eq!(ordinal("十二、其他"), Some(12));
        assert_eq!(ordinal("（一）主动公开"), None);
        assert_eq!(ordinal("总体情况"), None);
        assert_eq!(ordinal("本年度，共受理申请"), None);
    }
}
