//! After a batch's own reports: each report compared with last year's report of the same
//! agency, then with other agencies' reports of the same year. Only what a report keeps for
//! that ([`Carry`]) stays in memory during the run; a report whose comparison finds
//! something is read again to show the findings on its text.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use nianbao_check::aggregate::Manifest;
use nianbao_check::units::Units;
use nianbao_check::{CheckError, Checked, Checker, Counts, Kept, Shelf};

use super::outcome::write_report;
use super::{Compared, Outcome, Sink, SinkContext, Summary};
use crate::commands::explanations::Sources;

/// The batch's reports as kept for comparing, and where the comparisons' findings go.
pub struct Comparisons<'a, 'w> {
    pub checker: &'a Checker,
    pub paths: &'a [PathBuf],
    /// By input index; `None` for a report not checked (unreadable, a duplicate).
    pub carries: &'a Shelf,
    pub explanations: &'w mut Sources,
    pub sink: &'w mut dyn Sink,
    pub context: &'w SinkContext<'w>,
    pub out: &'w mut dyn Write,
}

impl Comparisons<'_, '_> {
    /// Pairs the reports by agency and consecutive years, says in `summary` which were paired
    /// and which could not be, and writes the findings of each pair.
    pub fn years(&mut self, summary: &mut Summary) -> io::Result<()> {
        let keys: Vec<(usize, Option<&str>, Option<i32>)> = (0..self.carries.slots())
            .filter_map(|at| self.carries.brief(at).map(|c| (at, c.agency, c.year)))
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
            let (Some(previous), Some(current)) =
                (self.carries.carry(last), self.carries.carry(this))
            else {
                continue;
            };
            if self.checker.compare_carried(&current, &previous).is_empty() {
                continue;
            }
            let compared = Compared::LastYear(Path::new(&previous.name));
            self.write(this, compared, summary, |checker, checked| {
                checker.compare(checked, &previous)
            })?;
        }
        Ok(())
    }

    /// Compares each report with the other agencies' reports of its year and writes what
    /// the comparisons find.
    pub fn units(&mut self, summary: &mut Summary) -> io::Result<()> {
        let units = Units::new(self.carries);
        for this in 0..self.carries.slots() {
            let Some(peers) = units.peers(this, self.carries) else {
                continue;
            };
            let Some(current) = self.carries.carry(this) else {
                continue;
            };
            if self
                .checker
                .compare_units_carried(&current, peers.clone())
                .is_empty()
            {
                continue;
            }
            self.write(this, Compared::OtherUnits, summary, |checker, checked| {
                checker.compare_units(checked, peers)
            })?;
        }
        Ok(())
    }

    /// Compares each aggregate report the manifest names with its organs' reports of the
    /// same year and writes what the comparisons find.
    pub fn organs(&mut self, manifest: &Manifest, summary: &mut Summary) -> io::Result<()> {
        for (this, kin) in manifest.families(self.carries) {
            let Some(current) = self.carries.carry(this) else {
                continue;
            };
            let family = kin.family(self.checker, self.carries);
            if self
                .checker
                .compare_children_carried(&current, &family)
                .is_empty()
            {
                continue;
            }
            self.write(this, Compared::Organs, summary, |checker, checked| {
                checker.compare_children(checked, &family)
            })?;
        }
        Ok(())
    }

    /// Reads the report at input index `this` again, keeps only the findings `compare` adds,
    /// counts them in `summary` and writes them.
    fn write(
        &mut self,
        this: usize,
        compared: Compared<'_>,
        summary: &mut Summary,
        compare: impl FnOnce(&Checker, Checked) -> Checked,
    ) -> io::Result<()> {
        let Some(path) = self.paths.get(this) else {
            return Ok(());
        };
        let mut accepted = 0;
        let result: Result<Checked, CheckError> = self.checker.check_file(path).map(|checked| {
            let before = checked.findings.len();
            let mut compared = compare(self.checker, checked);
            compared
                .findings
                .drain(..before.min(compared.findings.len()));
            compared.culprits.clear();
            compared.counts = Counts::of(&compared.findings);
            accepted = self.explanations.apply(&mut compared, path);
            compared
        });
        if let Ok(compared) = &result {
            summary.add_comparison(this, &compared.findings);
        }
        let outcome = Outcome {
            index: this,
            path,
            result: &result,
            accepted,
            duplicate_of: None,
            compared: Some(compared),
        };
        write_report(self.sink, self.out, &outcome, self.context)?;
        self.out.flush()
    }
}
