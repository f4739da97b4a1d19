//! `--format json` (one document, written as the reports arrive, byte for byte what
//! pretty-printing the whole [`CheckOutput`] would give) and `--format jsonl` (one report per
//! line).

use std::io::{self, Write};

use nianbao_check::json::{CheckOutput, ComparedJson, PairJson, ReportJson, UnpairedJson};

use super::super::{Compared, Outcome, Sink, SinkContext, Summary};

/// One JSON document: `{"schema", "rules", "reports": [...]}`.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
    /// A report's JSON as it is made, kept for the next (most reports' are alike in size).
    buffer: Vec<u8>,
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
    let json = match outcome.result {
        Ok(checked) => ReportJson::checked(checked).with_accepted(outcome.accepted),
        Err(error) => ReportJson::failed(error),
    };
    let (with, path) = match outcome.compared {
        Some(Compared::LastYear(previous)) => ("previous", previous.to_str()),
        Some(Compared::OtherUnits) => ("units", None),
        Some(Compared::Organs) => ("organs", None),
        None => return json,
    };
    json.compared(ComparedJson { with, path })
}

/// The pairing of a batch's reports with last year's, as the JSON document's last fields.
fn pairing(summary: &Summary) -> (Vec<PairJson>, Vec<UnpairedJson>) {
    let text = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let pairs = summary
        .pairs
        .iter()
        .map(|(previous, current)| PairJson {
            previous: text(previous),
            current: text(current),
        })
        .collect();
    let unpaired = summary
        .unpaired
        .iter()
        .map(|(path, reason)| UnpairedJson {
            path: text(path),
            reason: reason.clone(),
        })
        .collect();
    (pairs, unpaired)
}

fn to_io(error: serde_json::Error) -> io::Error {
    io::Error::other(error)
}

impl Sink for Json {
    fn shows_documents(&self) -> bool {
        false
    }

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
        let separator: &[u8] = if self.written == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        self.buffer.clear();
        self.buffer.extend_from_slice(separator);
        // Inside `"reports": [`, two levels in.
        super::nested::append(&report_json(outcome), 2, &mut self.buffer).map_err(to_io)?;
        self.written += 1;
        out.write_all(&self.buffer)
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if self.written == 0 {
            write!(out, "]")?;
        } else {
            write!(out, "\n  ]")?;
        }
        let (pairs, unpaired) = pairing(summary);
        for (key, empty, value) in [
            (
                "pairs",
                pairs.is_empty(),
                super::nested::to_string(&pairs, 1),
            ),
            (
                "unpaired",
                unpaired.is_empty(),
                super::nested::to_string(&unpaired, 1),
            ),
        ] {
            if !empty {
                write!(out, ",\n  \"{key}\": {}", value.map_err(to_io)?)?;
            }
        }
        writeln!(out, "\n}}")
    }
}

impl Sink for JsonLines {
    fn shows_documents(&self) -> bool {
        false
    }

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
