//! Where a batch's reports are kept for comparing once their own output is written: in
//! memory (a slice of [`Carry`]) or on disk ([`Shelf`](crate::shelf::Shelf)). Pairing reads
//! only each report's [`Brief`]; a whole carry is fetched for the reports compared.

use std::borrow::Cow;

use crate::years::Carry;

/// Who a kept report is, without its tables: what pairing and the sentence index read for
/// every report of a batch.
#[derive(Debug, Clone)]
pub struct Brief<'a> {
    /// The name it was checked under (its path for a file).
    pub name: &'a str,
    /// The agency from the title, if read.
    pub agency: Option<&'a str>,
    /// The report year from the title, if read.
    pub year: Option<i32>,
    /// The template it was bound to.
    pub template: &'a str,
    /// Its sentences' hashes, in the order of the text.
    pub hashes: Cow<'a, [u64]>,
}

/// The reports of a batch as kept for comparing, by input index (`None` for a report not
/// checked: unreadable, or a duplicate).
pub trait Kept {
    /// How many input indexes there are.
    fn slots(&self) -> usize;
    /// Who the report at `at` is, if it was kept.
    fn brief(&self, at: usize) -> Option<Brief<'_>>;
    /// The whole carry of the report at `at`, if it was kept (and, from disk, read back).
    fn carry(&self, at: usize) -> Option<Cow<'_, Carry>>;
    /// The carry of the report at `at` whose tables and figures may be left empty: for
    /// reading its sentences, its opening and the checks that read no table. Read back from
    /// disk, the cells are most of a carry.
    fn carry_without_tables(&self, at: usize) -> Option<Cow<'_, Carry>> {
        self.carry(at)
    }
}

impl Carry {
    /// Who this report is.
    pub fn brief(&self) -> Brief<'_> {
        Brief {
            name: &self.name,
            agency: self.agency.as_deref(),
            year: self.year,
            template: &self.template,
            hashes: self.report().sentences.iter().map(|s| s.hash).collect(),
        }
    }
}

impl Kept for [Option<Carry>] {
    fn slots(&self) -> usize {
        self.len()
    }

    fn brief(&self, at: usize) -> Option<Brief<'_>> {
        self.get(at)?.as_ref().map(Carry::brief)
    }

    fn carry(&self, at: usize) -> Option<Cow<'_, Carry>> {
        self.get(at)?.as_ref().map(Cow::Borrowed)
    }
}
