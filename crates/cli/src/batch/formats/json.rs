//! `--format json` (one document, written as the reports arrive, byte for byte what
//! pretty-printing the whole [`CheckOutput`] would give) and `--format jsonl` (one report per
//! line).

use std::io::{self, Write};

use nianbao_check::json::{CheckOutput, ReportJson};

use super::super::{Outcome, Sink, SinkContext, Summary};

/// One JSON document: `{"schema", "rules", "reports": [...]}`.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
}

/// One JSON object per line, one line per report.
#[derive(Debug, Default)]
pub struct JsonLines;

/// The public JSON of one outcome.
fn report_json<'a>(outcome: &'a Outcome<'a>) -> ReportJson<'a> {
    if let Some(duplicate) = outcome.duplicate_of {
        let path = outcome.path.to_str().unwrap_or_default();
        let of = duplicate.of.to_str().unwrap_or_default();
        return ReportJson::duplicate(path, of, duplicate.identical);
    }
    match outcome.result {
        Ok(checked) => ReportJson::checked(checked).with_accepted(outcome.accepted),
        Err(error) => ReportJson::failed(error),
    }
}

fn to_io(error: serde_json::Error) -> io::Error {
    io::Error::other(error)
}

impl Sink for Json {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        let head = serde_json::to_string_pretty(&CheckOutput::new(context.rules, Vec::new()))
            .map_err(to_io)?;
        // The document up to the (empty) list of reports, which is then written item by item.
        let open = head
            .strip_suffix("[]\n}")
            .ok_or_else(|| io::Error::other("JSON 输出的结构与预期不同"))?;
        write!(out, "{open}[")
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&report_json(outcome)).map_err(to_io)?;
        let separator = if self.written == 0 { "" } else { "," };
        self.written += 1;
        write!(out, "{separator}\n    {}", text.replace('\n', "\n    "))
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        _summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if self.written == 0 {
            writeln!(out, "]\n}}")
        } else {
            writeln!(out, "\n  ]\n}}")
        }
    }
}

impl Sink for JsonLines {
    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &report_json(outcome)).map_err(to_io)?;
        writeln!(out)
    }
}
