//! What each output format receives: one [`Outcome`] per input file, in input order, then
//! the [`Summary`](super::Summary). A format is a [`Sink`]; it writes as it goes, so a batch
//! of any size streams.

use std::io::{self, Write};
use std::path::Path;

use nianbao_check::compare::Against;
use nianbao_check::{CheckError, Checked};
use nianbao_rules::RuleSet;

use super::Summary;
use crate::Style;

/// One input file's result.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// Position among the inputs (0-based), after directories were expanded.
    pub index: usize,
    /// The file as found or given.
    pub path: &'a Path,
    /// Checked, or why not.
    pub result: &'a Result<Checked, CheckError>,
    /// Findings an explanations file accepted (already taken out of `result`).
    pub accepted: usize,
    /// For a skipped duplicate: the earlier input it repeats, and how (`result` is then that
    /// earlier file's result, or an error, and is not to be counted again).
    pub duplicate_of: Option<Duplicate<'a>>,
    /// Set on an outcome written after a batch's own reports: what the report was compared
    /// with; the result then holds only the findings of the comparison.
    pub compared: Option<Compared<'a>>,
}

/// What a report was compared with after a batch's own reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared<'a> {
    /// Last year's report of the same agency.
    LastYear(&'a Path),
    /// Other agencies' reports of the same year in the batch.
    OtherUnits,
    /// An aggregate report's constituent organs' reports (`check --manifest`).
    Organs,
}

impl Compared<'_> {
    /// What with, in the words every format uses (a path is followed by a space, as the
    /// word after it in "与……对照" needs).
    pub fn with(&self) -> String {
        match self {
            Compared::LastYear(path) => format!("上一年度报告 {} ", path.display()),
            Compared::OtherUnits => "同一批中其他单位的报告".to_owned(),
            Compared::Organs => "所属单位的报告".to_owned(),
        }
    }

    /// The kind of comparison, as the checks declare what they compare with.
    pub fn against(&self) -> Against {
        match self {
            Compared::LastYear(_) => Against::LastYear,
            Compared::OtherUnits => Against::Units,
            Compared::Organs => Against::Organs,
        }
    }
}

/// Why an input was not checked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate<'a> {
    /// The earlier input.
    pub of: &'a Path,
    /// Byte-identical (`true`), or the same agency and year (`false`).
    pub identical: bool,
}

impl Duplicate<'_> {
    /// How the input repeats the earlier one, in the words every format uses.
    pub fn how(&self) -> &'static str {
        if self.identical {
            "内容完全相同"
        } else {
            "是同一机关同一年度、数字全部相同的报告"
        }
    }
}

/// What every format may need besides the outcome itself.
#[derive(Debug, Clone, Copy)]
pub struct SinkContext<'a> {
    /// Colour and width, for the human format.
    pub style: Style,
    /// At most this many findings per report are written (the summary still counts all).
    pub max_findings: Option<usize>,
    /// Only the summary is written.
    pub summary_only: bool,
    /// The rule set the reports were checked against.
    pub rules: &'a RuleSet,
}

/// An output format. `begin` once, `report` once per input in input order, `finish` once.
pub trait Sink {
    /// Before the first report (a document's opening, a CSV header).
    fn begin(&mut self, _out: &mut dyn Write, _context: &SinkContext<'_>) -> io::Result<()> {
        Ok(())
    }

    /// Whether the format is text for a terminal, whose control characters from documents
    /// must be made visible (the structured formats escape them their own way).
    fn is_terminal_text(&self) -> bool {
        false
    }

    /// Whether `report` is called under `--summary-only` too (a format whose summary is
    /// built from every report); otherwise the run does not call it then.
    fn reports_in_summary(&self) -> bool {
        false
    }

    /// Whether the format shows a report's findings on its text or its tables as read, so
    /// that a report a comparison found something in is read again to be written; a format
    /// giving the findings by their places (JSON) is written from what the report kept.
    fn shows_documents(&self) -> bool {
        true
    }

    /// One report, written as soon as it and every report before it are done.
    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()>;

    /// After the last report: the closing summary (and a document's closing); nothing by
    /// default.
    fn finish(
        &mut self,
        _out: &mut dyn Write,
        _summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        Ok(())
    }
}

/// Whether writing an outcome through `sink` shows the report's text or tables as read: the
/// format shows them, and the run writes each report (under `--summary-only` a format whose
/// summary is not built from every report writes none).
pub fn shows_documents(sink: &dyn Sink, context: &SinkContext<'_>) -> bool {
    sink.shows_documents() && (!context.summary_only || sink.reports_in_summary())
}

/// Writes one outcome through `sink` as the batch run does: under `--summary-only` only to a
/// sink whose summary is built from every report.
pub fn write_report(
    sink: &mut dyn Sink,
    out: &mut dyn Write,
    outcome: &Outcome<'_>,
    context: &SinkContext<'_>,
) -> io::Result<()> {
    if context.summary_only && !sink.reports_in_summary() {
        return Ok(());
    }
    sink.report(out, outcome, context)
}
