//! After a batch's own reports: each report compared with last year's report of the same
//! agency in the batch. Only what a report keeps for that ([`Carry`]) stays in memory during
//! the run; a report whose comparison finds something is read again to show the findings on
//! its text.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use nianbao_check::{Carry, Checker, Counts};

use super::outcome::write_report;
use super::{Outcome, Sink, SinkContext, Summary};
use crate::commands::explanations::Sources;

/// The batch's reports as kept for comparing years.
pub struct Years<'a> {
    pub checker: &'a Checker,
    pub paths: &'a [PathBuf],
    /// By input index; `None` for a report not checked (unreadable, a duplicate).
    pub carries: &'a [Option<Carry>],
}

impl Years<'_> {
    /// Pairs the reports by agency and consecutive years, says in `summary` which were paired
    /// and which could not be, and writes the findings of each pair through `sink`.
    pub fn compare(
        &self,
        explanations: &mut Sources,
        sink: &mut dyn Sink,
        context: &SinkContext<'_>,
        out: &mut dyn Write,
        summary: &mut Summary,
    ) -> io::Result<()> {
        let keys: Vec<(usize, Option<&str>, Option<i32>)> = self
            .carries
            .iter()
            .enumerate()
            .filter_map(|(at, c)| c.as_ref().map(|c| (at, c.agency.as_deref(), c.year)))
            .collect();
        let chains = nianbao_check::chains(&keys);
        let path = |at: usize| self.paths.get(at).cloned().unwrap_or_default();
        summary.unpaired = chains
            .unpaired
            .iter()
            .map(|u| (path(u.index), u.reason.clone()))
            .collect();
        for &(last, this) in &chains.pairs {
            summary.pairs.push((path(last), path(this)));
            let (Some(Some(previous)), Some(Some(current)), Some(this_path)) = (
                self.carries.get(last),
                self.carries.get(this),
                self.paths.get(this),
            ) else {
                continue;
            };
            if self.checker.compare_carried(current, previous).is_empty() {
                continue;
            }
            let mut accepted = 0;
            let result = self.checker.check_file(this_path).map(|checked| {
                let before = checked.findings.len();
                let mut compared = self.checker.compare(checked, previous);
                compared
                    .findings
                    .drain(..before.min(compared.findings.len()));
                compared.culprits.clear();
                compared.counts = Counts::of(&compared.findings);
                accepted = explanations.apply(&mut compared, this_path);
                compared
            });
            if let Ok(compared) = &result {
                summary.add_comparison(this, &compared.findings);
            }
            let outcome = Outcome {
                index: this,
                path: this_path,
                result: &result,
                accepted,
                duplicate_of: None,
                previous: Some(Path::new(&previous.name)),
            };
            write_report(sink, out, &outcome, context)?;
            out.flush()?;
        }
        Ok(())
    }
}
