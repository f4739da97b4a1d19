//! Accepted findings: an explanations file (说明文件) lists findings an agency has a good reason
//! for, each with its justification and, if it should be looked at again, an expiry date.
//! [`Explanations::apply`] takes the accepted findings out of a [`Checked`] report (they are
//! returned, counted, and never make it an error), and [`Explanations::warnings`] names the
//! entries that matched nothing or have expired.
//!
//! The file is TOML ([`Explanations::parse`]; format in the README); [`template`] writes one
//! entry per finding for the user to fill in.

use nianbao_model::{Code, Finding};

use crate::Checked;
use crate::eval::Counts;
use crate::normalize::key;

mod file;
mod write;

pub use file::{Date, ExplanationsError};
pub use write::template;

/// The file name looked for in the directory of each report.
pub const FILE_NAME: &str = "nianbao-说明.toml";

/// The entries of an explanations file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanations {
    /// The file's name, as shown in messages.
    pub name: String,
    /// The file's text (entry spans point into it).
    pub text: String,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

/// One accepted finding, or a kind of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The check id (`T3-01`) or diagnostic code (`bind::renamed-row`).
    pub check: String,
    /// The report file it is about (its name, or the end of its path).
    pub file: Option<String>,
    /// The agency named in the report's title.
    pub agency: Option<String>,
    /// The report's year.
    pub year: Option<i32>,
    /// A row the finding involves: its id or official label.
    pub row: Option<String>,
    /// A column the finding involves (of the same cell as `row` when both are given).
    pub column: Option<String>,
    /// Words of the finding's message, for findings about no cell.
    pub message: Option<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day the entry holds.
    pub until: Option<Date>,
    /// Where the entry is in the file (bytes of `[[accept]]` to the end of its keys).
    pub span: std::ops::Range<usize>,
}

/// A finding taken out of a report, and the entry that accepted it.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// The finding.
    pub finding: Finding,
    /// Index of the entry in [`Explanations::entries`].
    pub entry: usize,
}

/// What the entries did over the reports they were applied to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// Per entry: it accepted a finding.
    used: Vec<bool>,
    /// Per entry: a report it is about was checked.
    in_scope: Vec<bool>,
}

/// An entry that no longer does anything: it matched no finding, or it has expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryWarning {
    /// `explain::unused-entry` or `explain::expired-entry`.
    pub code: Code,
    /// Index of the entry.
    pub entry: usize,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do, in Chinese.
    pub help: String,
}

impl Explanations {
    /// Takes the findings the entries accept out of `checked` (on `today`; expired entries
    /// accept nothing): its findings, culprits and counts then hold only the rest. Returns the
    /// accepted findings and records in `usage` what each entry did.
    pub fn apply(&self, checked: &mut Checked, today: Date, usage: &mut Usage) -> Vec<Accepted> {
        usage.used.resize(self.entries.len(), false);
        usage.in_scope.resize(self.entries.len(), false);
        let mut accepted = Vec::new();
        let mut kept = Vec::new();
        let mut index = Vec::with_capacity(checked.findings.len());
        for finding in std::mem::take(&mut checked.findings) {
            let by = self.entries.iter().enumerate().find_map(|(at, entry)| {
                let live = entry.until.is_none_or(|until| today <= until);
                (live && entry.about(checked) && entry.accepts(&finding)).then_some(at)
            });
            match by {
                Some(entry) => {
                    if let Some(flag) = usage.used.get_mut(entry) {
                        *flag = true;
                    }
                    index.push(None);
                    accepted.push(Accepted { finding, entry });
                }
                None => {
                    index.push(Some(kept.len()));
                    kept.push(finding);
                }
            }
        }
        for (at, entry) in self.entries.iter().enumerate() {
            if entry.about(checked)
                && let Some(flag) = usage.in_scope.get_mut(at)
            {
                *flag = true;
            }
        }
        // A culprit stays while a failed check it explains is still reported.
        checked.culprits.retain_mut(|culprit| {
            let all = culprit.explains.len();
            culprit.explains = culprit
                .explains
                .iter()
                .filter_map(|&at| index.get(at).copied().flatten())
                .collect();
            all == 0 || !culprit.explains.is_empty()
        });
        checked.counts = Counts::of(&kept);
        checked.findings = kept;
        accepted
    }

    /// The entries that did nothing for the reports they were applied to: those about a
    /// checked report that accepted no finding, and those that have expired.
    pub fn warnings(&self, usage: &Usage, today: Date) -> Vec<EntryWarning> {
        let mut warnings = Vec::new();
        for (at, entry) in self.entries.iter().enumerate() {
            if !usage.in_scope.get(at).copied().unwrap_or(false) {
                continue;
            }
            let line = self.line(entry);
            let what = entry.describe();
            if let Some(until) = entry.until.filter(|&until| today > until) {
                warnings.push(EntryWarning {
                    code: Code::ExplainExpiredEntry,
                    entry: at,
                    message: format!("说明文件 {} 第 {line} 行的说明已于 {until} 到期：{what}", self.name),
                    help: "到期的说明不再生效，它说明的结果重新报告。请复核：仍然成立的话，更新理由和 until 日期；否则删去这一项".to_owned(),
                });
            } else if !usage.used.get(at).copied().unwrap_or(false) {
                warnings.push(EntryWarning {
                    code: Code::ExplainUnusedEntry,
                    entry: at,
                    message: format!("说明文件 {} 第 {line} 行的说明没有对应任何检查结果：{what}", self.name),
                    help: "报告可能已经改正，或者检查项、行列写得不对。已改正的话请删去这一项；否则核对 check、row、column 是否与 `nianbao check` 报告的一致".to_owned(),
                });
            }
        }
        warnings
    }

    /// The 1-based line of an entry in the file.
    pub fn line(&self, entry: &Entry) -> usize {
        let before = self.text.get(..entry.span.start).unwrap_or_default();
        before.matches('\n').count() + 1
    }
}

impl Entry {
    /// Whether the entry is about this report (file name, agency, year; each if given).
    pub fn about(&self, checked: &Checked) -> bool {
        let file = self.file.as_deref().is_none_or(|file| {
            let file = file.replace('\\', "/");
            let name = checked.name.replace('\\', "/");
            name == file || name.ends_with(&format!("/{}", file.trim_start_matches("./")))
        });
        let agency = self.agency.as_deref().is_none_or(|agency| {
            checked
                .report
                .agency
                .as_deref()
                .is_some_and(|a| key(a) == key(agency))
        });
        let year = self.year.is_none_or(|y| checked.report.year == Some(y));
        file && agency && year
    }

    /// Whether the entry accepts the finding: same check, a cell in the row and column given,
    /// the words given in its message.
    pub fn accepts(&self, finding: &Finding) -> bool {
        if finding.rule != self.check {
            return false;
        }
        let names = |want: &Option<String>, id: &str, path: &[String]| {
            want.as_deref().is_none_or(|want| {
                let want = key(want);
                id == want
                    || key(id) == want
                    || path.last().is_some_and(|label| key(label) == want)
                    || key(&path.join("·")) == want
            })
        };
        let cell = (self.row.is_none() && self.column.is_none())
            || finding.cells.iter().any(|c| {
                names(&self.row, &c.row, &c.row_path)
                    && names(&self.column, &c.column, &c.column_path)
            });
        let message = self
            .message
            .as_deref()
            .is_none_or(|m| key(&finding.message).contains(&key(m)));
        cell && message
    }

    /// The entry in a few words: check, report and cell.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.check.clone()];
        parts.extend(self.file.clone());
        parts.extend(self.agency.clone());
        parts.extend(self.year.map(|y| format!("{y} 年度")));
        parts.extend(self.row.clone());
        parts.extend(self.column.clone());
        parts.extend(self.message.as_ref().map(|m| format!("“{m}”")));
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests;
