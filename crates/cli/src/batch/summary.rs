//! The closing summary of a batch: totals, how many reports fail each check, and one short
//! row per report — the agency × check view a supervising office needs. It is all that is
//! kept per report while a batch runs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use nianbao_model::Severity;

use super::Outcome;

/// Totals and tables for the whole run.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Inputs seen (duplicates included).
    pub inputs: usize,
    /// Reports checked.
    pub checked: usize,
    /// Checked reports with no finding at error or warning level.
    pub clean: usize,
    /// Checked reports with at least one error.
    pub with_errors: usize,
    /// Checked reports with warnings but no error.
    pub with_warnings: usize,
    /// Inputs that could not be read or checked (exit 4).
    pub unreadable: usize,
    /// Inputs skipped as duplicates of an earlier one.
    pub duplicates: usize,
    /// Per check id or diagnostic code: how many reports have it, and how often.
    pub checks: BTreeMap<String, CheckTally>,
    /// One row per input, in input order.
    pub rows: Vec<ReportRow>,
    /// Reports compared with last year's report of the same agency: (last year's, this
    /// year's).
    pub pairs: Vec<(PathBuf, PathBuf)>,
    /// Reports that could not be paired with last year's, and why.
    pub unpaired: Vec<(PathBuf, String)>,
}

/// How often one check failed across the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckTally {
    /// Severity it was reported at (the most serious seen).
    pub severity: Severity,
    /// Reports with at least one such finding.
    pub reports: usize,
    /// Findings in all.
    pub findings: usize,
}

/// One input's line in the per-report table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// The file.
    pub path: PathBuf,
    /// Agency from the title, if read.
    pub agency: Option<String>,
    /// Report year from the title, if read.
    pub year: Option<i32>,
    /// Template checked against; empty when not checked.
    pub template: String,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// The first finding, `rule：message`, or the reason it was not checked.
    pub first: Option<String>,
    /// Why it was not checked: the error's code (`read::…`, `limit::…`), or `duplicate`.
    pub not_checked: Option<String>,
}

impl Summary {
    /// Counts one outcome in.
    pub fn add(&mut self, outcome: &Outcome<'_>) {
        self.inputs += 1;
        let mut row = ReportRow {
            path: outcome.path.to_path_buf(),
            agency: None,
            year: None,
            template: String::new(),
            errors: 0,
            warnings: 0,
            infos: 0,
            first: None,
            not_checked: None,
        };
        if let Some(duplicate) = outcome.duplicate_of {
            self.duplicates += 1;
            row.not_checked = Some("duplicate".to_owned());
            row.first = Some(if duplicate.identical {
                format!("与 {} 完全相同，未重复检查", duplicate.of.display())
            } else {
                format!(
                    "与 {} 是同一机关同一年度、数字全部相同的报告，未重复检查",
                    duplicate.of.display()
                )
            });
            self.rows.push(row);
            return;
        }
        match outcome.result {
            Ok(checked) => {
                self.checked += 1;
                let counts = checked.counts;
                if counts.errors > 0 {
                    self.with_errors += 1;
                } else if counts.warnings > 0 {
                    self.with_warnings += 1;
                } else {
                    self.clean += 1;
                }
                self.tally(&checked.findings);
                row.agency = checked.report.agency.clone();
                row.year = checked.report.year;
                row.template = checked.template.clone();
                row.errors = counts.errors;
                row.warnings = counts.warnings;
                row.infos = counts.infos;
                row.first = nianbao_model::Finding::most_severe(&checked.findings)
                    .map(|f| format!("{}：{}", f.rule, f.message));
            }
            Err(error) => {
                self.unreadable += 1;
                let code = error.code().as_str().to_owned();
                row.first = Some(format!("{code}：{}", error.message()));
                row.not_checked = Some(code);
            }
        }
        self.rows.push(row);
    }

    /// Counts in the findings of comparing the report at input `index` with last year's:
    /// its row, its class (clean, with warnings, with errors) and the per-check table.
    pub fn add_comparison(&mut self, index: usize, findings: &[nianbao_model::Finding]) {
        let Some(row) = self.rows.get_mut(index) else {
            return;
        };
        let class = |row: &ReportRow| (row.errors > 0, row.warnings > 0);
        let before = class(row);
        for finding in findings {
            match finding.severity {
                Severity::Error => row.errors += 1,
                Severity::Warning => row.warnings += 1,
                Severity::Info => row.infos += 1,
            }
        }
        if let Some(f) = nianbao_model::Finding::most_severe(findings)
            && (row.first.is_none() || (f.severity == Severity::Error && !before.0))
        {
            row.first = Some(format!("{}：{}", f.rule, f.message));
        }
        let after = class(row);
        for (class, n) in [(before, -1isize), (after, 1)] {
            let counter = match class {
                (true, _) => &mut self.with_errors,
                (false, true) => &mut self.with_warnings,
                (false, false) => &mut self.clean,
            };
            *counter = counter.saturating_add_signed(n);
        }
        self.tally(findings);
    }

    /// Counts one report's findings into the per-check table.
    fn tally(&mut self, findings: &[nianbao_model::Finding]) {
        let mut seen: Vec<&str> = Vec::new();
        for finding in findings {
            let tally = self
                .checks
                .entry(finding.rule.clone())
                .or_insert(CheckTally {
                    severity: finding.severity,
                    reports: 0,
                    findings: 0,
                });
            tally.findings += 1;
            tally.severity = tally.severity.max(finding.severity);
            if !seen.contains(&finding.rule.as_str()) {
                seen.push(&finding.rule);
                tally.reports += 1;
            }
        }
    }
}
