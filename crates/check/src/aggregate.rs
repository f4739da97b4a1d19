//! Aggregate reports (本级政府, 全市, 全省) and their constituent organs' reports: a manifest
//! says which agency's report sums up which others', and the checks that use `children(…)`
//! compare the aggregate's figures with the sum of the organs' reports of the same year.
//!
//! The manifest is a CSV file of two columns, `单位,上级`: each side a report's file (its path
//! or file name) or an agency's name as its title writes it. Lines starting with `#`, blank
//! lines and a header line `单位,上级` are skipped.

use std::borrow::Cow;

use nianbao_model::Finding;
use nianbao_rules::ruleset::Template;

use crate::compare::Against;
use crate::eval::Others;
use crate::kept::{Brief, Kept};
use crate::years::{Carry, agency_key};
use crate::{Checked, Checker};

/// Which agencies' reports an aggregate report sums up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// (organ, aggregate), as written.
    pub entries: Vec<(String, String)>,
}

/// A line of a manifest that is not `单位,上级`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("汇总关系清单第 {line} 行应为“单位,上级”两列，这里是“{text}”")]
pub struct ManifestError {
    /// 1-based line.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

impl Manifest {
    /// Reads a manifest's text.
    ///
    /// # Errors
    ///
    /// The first line that does not have two non-empty columns.
    pub fn parse(text: &str) -> Result<Self, ManifestError> {
        let mut entries = Vec::new();
        for (at, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed
                .split([',', '，', '\t'])
                .map(|f| f.trim().trim_matches('"').trim())
                .collect();
            let [organ, parent] = fields[..] else {
                return Err(ManifestError {
                    line: at + 1,
                    text: trimmed.to_owned(),
                });
            };
            if organ.is_empty() || parent.is_empty() {
                return Err(ManifestError {
                    line: at + 1,
                    text: trimmed.to_owned(),
                });
            }
            if entries.is_empty() && organ == "单位" && parent == "上级" {
                continue;
            }
            entries.push((organ.to_owned(), parent.to_owned()));
        }
        Ok(Self { entries })
    }

    /// The aggregate reports of a batch and, for each, its organs' reports of the same year
    /// (by input index) and the organs without one.
    pub fn families<K: Kept + ?Sized>(&self, carries: &K) -> Vec<(usize, Kin)> {
        let briefs: Vec<(usize, Brief<'_>)> = (0..carries.slots())
            .filter_map(|at| Some((at, carries.brief(at)?)))
            .collect();
        let mut out = Vec::new();
        for (at, parent) in &briefs {
            let organs: Vec<&str> = self
                .entries
                .iter()
                .filter(|(_, p)| names(p, parent))
                .map(|(organ, _)| organ.as_str())
                .collect();
            if organs.is_empty() {
                continue;
            }
            let mut kin = Kin::default();
            for organ in organs {
                match briefs
                    .iter()
                    .find(|(_, c)| c.year == parent.year && names(organ, c))
                {
                    Some((child, _)) => kin.children.push(*child),
                    None => kin.missing.push(organ.to_owned()),
                }
            }
            out.push((*at, kin));
        }
        out
    }
}

/// Whether a manifest entry names this report: its path, its file name, or its agency.
fn names(entry: &str, carry: &Brief<'_>) -> bool {
    let path = std::path::Path::new(carry.name);
    entry == carry.name
        || path.file_name().and_then(|n| n.to_str()) == Some(entry)
        || carry
            .agency
            .is_some_and(|agency| agency_key(agency) == agency_key(entry))
}

/// An aggregate report's organs, by input index: those with a report of the same year in
/// the batch, and those without.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kin {
    /// Input indexes of the organs' reports.
    pub children: Vec<usize>,
    /// Organs without a report, as the manifest writes them.
    pub missing: Vec<String>,
}

impl Kin {
    /// The organs' reports, fetched from `carries`, with their templates. An organ whose
    /// report cannot be fetched, or whose template is not in the rules, counts as missing.
    pub fn family<'a, K: Kept + ?Sized>(&self, checker: &'a Checker, carries: &'a K) -> Family<'a> {
        let mut family = Family {
            children: Vec::new(),
            missing: self.missing.clone(),
        };
        for &at in &self.children {
            let carry = carries.carry(at);
            let template = carry
                .as_ref()
                .and_then(|c| checker.rules().template(&c.template));
            match (carry, template) {
                (Some(carry), Some(template)) => family.children.push((carry, template)),
                _ => family.missing.push(
                    carries
                        .brief(at)
                        .map(|b| b.name.to_owned())
                        .unwrap_or_default(),
                ),
            }
        }
        family
    }
}

/// An aggregate report's organs: those with a report of the same year in the batch, and
/// those without.
#[derive(Debug, Clone, Default)]
pub struct Family<'a> {
    /// Each organ's report and the template it was bound to.
    pub children: Vec<(Cow<'a, Carry>, &'a Template)>,
    /// Organs without a report, as the manifest writes them.
    pub missing: Vec<String>,
}

impl Checker {
    /// `checked` (an aggregate report) with the checks comparing it with its organs' reports
    /// run against `family`: their findings follow the others.
    pub fn compare_children(&self, checked: Checked, family: &Family<'_>) -> Checked {
        let others = Others {
            family: Some(family),
            ..Others::default()
        };
        self.add_comparison(checked, Against::Organs, others)
    }

    /// The findings of the checks comparing `current` with its organs' reports, as kept.
    pub fn compare_children_carried(&self, current: &Carry, family: &Family<'_>) -> Vec<Finding> {
        let others = Others {
            family: Some(family),
            ..Others::default()
        };
        self.comparison_findings(current.report(), &current.template, Against::Organs, others)
    }
}

#[cfg(test)]
#[expect(clippy::expect_used, clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_skips_comments_and_the_header() {
        let text = "\u{feff}单位,上级\n# 区政府部门\n南关区教育局, 南关区人民政府\n\n\"南关区卫生健康局\"，南关区人民政府\n";
        let manifest = Manifest::parse(text).expect("parses");
        assert_eq!(
            manifest.entries,
            [
                ("南关区教育局".to_owned(), "南关区人民政府".to_owned()),
                ("南关区卫生健康局".to_owned(), "南关区人民政府".to_owned()),
            ]
        );
    }

    #[test]
    fn a_line_without_two_columns_is_refused_with_its_number() {
        let error = Manifest::parse("南关区教育局,南关区人民政府\n南关区卫生健康局\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert_eq!(
            error.to_string(),
            "汇总关系清单第 2 行应为“单位,上级”两列，这里是“南关区卫生健康局”"
        );
    }
}
