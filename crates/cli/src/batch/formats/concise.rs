//! `--format concise`: one line per finding, as ruff's concise output does, in Chinese:
//! `路径:行:列: 代码 [严重程度] 说明`, then one totals line.
//!
//! Where a finding is comes from its first note (else its first cell). For text, Markdown and
//! JSON files that is a line and column of the file itself (columns count characters, as an
//! editor shows them). For .docx, .doc, PDF and HTML the document's text is a rendered view
//! or markup the user does not read, so the line and column are replaced by the place in
//! words, as the human format names it: page, table and row (`报告.pdf:第 2 页 表三（全文第
//! 2 个表格）第 4 行: …`); the heading above the table, which the human format adds, is left
//! out to keep the line short. A finding with no place (a missing
//! table) has no line and column: `路径: 代码 [错误] 说明`. A file that could not be checked
//! gives one line with its code; a skipped duplicate one line marked `[跳过]`.
//!
//! This module also holds what the line formats share: the order findings are written in
//! ([`ordered`]) and where a finding is ([`Locator`]); `csv` and `sarif` use them.

use std::cell::OnceCell;
use std::io::{self, Write};

use nianbao_check::Checked;
use nianbao_model::{Finding, LineIndex, Severity, SourceFormat, Span};

use super::super::{Outcome, Sink, SinkContext, Summary};
use crate::render::place::{Place, Places, one_line};

/// `--format concise`.
#[derive(Debug, Default)]
pub struct Concise;

impl Sink for Concise {
    fn is_terminal_text(&self) -> bool {
        true
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let path = outcome.path.display();
        if let Some(duplicate) = outcome.duplicate_of {
            let how = duplicate.how();
            return writeln!(
                out,
                "{path}: [跳过] 与 {} {how}，未重复检查",
                duplicate.of.display()
            );
        }
        let checked = match outcome.result {
            Ok(checked) => checked,
            Err(error) => {
                return writeln!(
                    out,
                    "{path}: {} [{}] {}",
                    error.code().as_str(),
                    Severity::Error.label(),
                    one_line(&error.message())
                );
            }
        };
        let locator = Locator::new(checked);
        let findings = ordered(checked);
        let limit = context.max_findings.unwrap_or(usize::MAX);
        for finding in findings.iter().take(limit) {
            let at = match locator.locate(finding) {
                Some(location) => format!("{path}:{}:", location.short()),
                None => format!("{path}:"),
            };
            writeln!(
                out,
                "{at} {} [{}] {}",
                finding.rule,
                finding.severity.label(),
                one_line(&finding.message)
            )?;
        }
        if findings.len() > limit {
            writeln!(
                out,
                "{path}: 另有 {} 个结果未列出（--max-findings {limit}）",
                findings.len() - limit
            )?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        writeln!(out, "{}", super::summary_text::totals_line(summary))
    }
}

/// The findings of a report in the order the human format shows them: each culprit (the cell
/// that explains failed checks, `fix::…`) followed by the checks it explains, then the rest
/// in document order.
pub(super) fn ordered(checked: &Checked) -> Vec<&Finding> {
    let mut shown = vec![false; checked.findings.len()];
    let mut out = Vec::with_capacity(checked.findings.len() + checked.culprits.len());
    for culprit in &checked.culprits {
        out.push(&culprit.finding);
        for &at in &culprit.explains {
            if let (Some(finding), Some(flag)) = (checked.findings.get(at), shown.get_mut(at))
                && !*flag
            {
                *flag = true;
                out.push(finding);
            }
        }
    }
    out.extend(
        checked
            .findings
            .iter()
            .zip(&shown)
            .filter(|(_, shown)| !**shown)
            .map(|(finding, _)| finding),
    );
    out
}

/// Where one finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    /// The span of the first note (or cell) in the document's text.
    pub span: Span,
    /// 1-based line and character column of the span's end.
    pub end: (usize, usize),
    /// Whether the text is the file itself (text, Markdown, JSON, and HTML's markup), so that
    /// line and column can be opened in an editor.
    pub in_file: bool,
    /// The place in words — page, table, row, heading; or paragraph — for the formats whose
    /// text is not what the user reads (.docx, .doc, PDF, HTML).
    pub place: Option<String>,
    /// The PDF page.
    pub page: Option<u32>,
}

impl Location {
    /// `行:列` for a file shown as is, else the place in words without the heading.
    pub fn short(&self) -> String {
        match &self.place {
            Some(place) => place.split("，在“").next().unwrap_or(place).to_owned(),
            None => format!("{}:{}", self.span.line, self.span.column),
        }
    }

    /// `第 3 行第 5 列` for a file shown as is, else the place in words.
    pub fn words(&self) -> String {
        match &self.place {
            Some(place) => place.clone(),
            None => format!("第 {} 行第 {} 列", self.span.line, self.span.column),
        }
    }
}

/// Finds where the findings of one checked report are.
#[derive(Debug)]
pub(super) struct Locator<'a> {
    checked: &'a Checked,
    /// Whether the document's text is what the user reads.
    shown_as_is: bool,
    in_file: bool,
    places: OnceCell<Places<'a>>,
    lines: OnceCell<LineIndex>,
}

impl<'a> Locator<'a> {
    /// For the findings of `checked`.
    pub fn new(checked: &'a Checked) -> Self {
        let format = checked.document.format;
        Self {
            checked,
            shown_as_is: matches!(
                format,
                SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Json
            ),
            in_file: matches!(
                format,
                SourceFormat::Text
                    | SourceFormat::Markdown
                    | SourceFormat::Json
                    | SourceFormat::Html
            ),
            places: OnceCell::new(),
            lines: OnceCell::new(),
        }
    }

    /// Where `finding` is, if it points anywhere in the document.
    pub fn locate(&self, finding: &Finding) -> Option<Location> {
        let text = self.checked.document.text.as_str();
        let (span, cell) = match finding.notes.first() {
            Some(note) => (
                note.span,
                finding.cells.first().filter(|c| c.span == note.span),
            ),
            None => {
                let cell = finding.cells.first()?;
                (cell.span, Some(cell))
            }
        };
        if text.is_empty() || span.end > text.len() || span.line == 0 {
            return None;
        }
        let lines = self.lines.get_or_init(|| LineIndex::new(text));
        let end = lines.span(text, span.end, span.end);
        let mut location = Location {
            span,
            end: (end.line, end.column),
            in_file: self.in_file,
            place: None,
            page: cell.and_then(|c| c.location.page),
        };
        if !self.shown_as_is {
            let places = self
                .places
                .get_or_init(|| Places::new("", &self.checked.document, &self.checked.report));
            match places.locate(span, cell) {
                Some(Place::Cell { table, row, .. }) => {
                    let page = places.page(table, row);
                    location.page = location.page.or(page);
                    let words = places.rows_name(table, row, row, page);
                    location.place = Some(words.trim_start().to_owned());
                }
                Some(Place::Paragraph(paragraph)) => {
                    let words = places.paragraph_name(paragraph);
                    location.place = Some(words.trim_start_matches('，').to_owned());
                }
                None => {
                    // Not in any cell or paragraph: the line of the view is all there is.
                    location.place = Some(format!("文本第 {} 行", span.line));
                }
            }
        }
        Some(location)
    }
}

#[cfg(test)]
#[expect(clippy::expect_used, clippy::indexing_slicing, reason = "tests")]
pub(super) mod testkit {
    //! Runs a format over a small batch: the erroneous example and a missing file.

    use std::path::{Path, PathBuf};

    use nianbao_check::{CheckError, Checked, Checker};

    use super::super::super::{Outcome, Sink, SinkContext, Summary};
    use crate::Style;

    /// The workspace root.
    pub fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// Each input with its result.
    pub type Results = Vec<(PathBuf, Result<Checked, CheckError>)>;

    /// `examples/errors/balance.txt` checked, and a file that does not exist.
    pub fn results() -> (Checker, Results) {
        let checker = Checker::builtin().expect("built-in rules");
        let mut results = Vec::new();
        for name in ["examples/errors/balance.txt", "no-such.txt"] {
            results.push((PathBuf::from(name), checker.check_file(root().join(name))));
        }
        assert!(results[0].1.is_ok(), "the example is checked");
        assert!(results[1].1.is_err(), "the missing file is an error");
        (checker, results)
    }

    /// What `sink` writes for the two results, with `max_findings` and `summary_only`.
    pub fn run(sink: &mut dyn Sink, max_findings: Option<usize>, summary_only: bool) -> String {
        let (checker, results) = results();
        let context = SinkContext {
            style: Style {
                color: false,
                width: 100,
            },
            max_findings,
            summary_only,
            rules: checker.rules(),
        };
        let mut out = Vec::new();
        let mut summary = Summary::default();
        sink.begin(&mut out, &context).expect("begin");
        for (index, (path, result)) in results.iter().enumerate() {
            let outcome = Outcome {
                index,
                path,
                result,
                accepted: 0,
                duplicate_of: None,
                compared: None,
            };
            summary.add(&outcome);
            crate::batch::outcome::write_report(sink, &mut out, &outcome, &context)
                .expect("report");
        }
        sink.finish(&mut out, &summary, &context).expect("finish");
        String::from_utf8(out).expect("UTF-8")
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    /// Every finding is one line `路径:行:列: 代码 [严重程度] 说明`; the missing file one line
    /// with its code; the totals last.
    #[test]
    fn one_line_per_finding() {
        let text = testkit::run(&mut Concise, None, false);
        let lines: Vec<&str> = text.lines().collect();
        let (_, results) = testkit::results();
        let checked = results[0].1.as_ref().unwrap();
        let count = checked.findings.len() + checked.culprits.len();
        assert_eq!(lines.len(), count + 2, "{text}");
        for line in &lines[..count] {
            assert!(line.starts_with("examples/errors/balance.txt:"), "{line}");
            let rest = line.split_once(": ").unwrap().1;
            assert!(
                rest.contains(" [错误] ") || rest.contains(" [警告] ") || rest.contains(" [提示] "),
                "{line}"
            );
        }
        assert!(lines[0].starts_with("examples/errors/balance.txt:"));
        let first = lines[0].split(':').collect::<Vec<_>>();
        assert!(
            first[1].parse::<usize>().is_ok(),
            "line number: {}",
            lines[0]
        );
        assert!(first[2].parse::<usize>().is_ok(), "column: {}", lines[0]);
        assert!(
            lines[count].starts_with("no-such.txt: read::io [错误] "),
            "{}",
            lines[count]
        );
        assert!(
            lines[count + 1].starts_with("共 2 份报告：检查 1 份"),
            "{text}"
        );
    }

    /// `--max-findings` cuts each report's lines and says how many were left out;
    /// `--summary-only` leaves only the totals.
    #[test]
    fn limits() {
        let text = testkit::run(&mut Concise, Some(1), false);
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.contains("未列出（--max-findings 1）"), "{text}");
        let text = testkit::run(&mut Concise, None, true);
        assert_eq!(text.lines().count(), 1, "{text}");
    }

    /// The culprit comes first, then the checks it explains.
    #[test]
    fn culprits_first() {
        let (_, results) = testkit::results();
        let checked = results[0].1.as_ref().unwrap();
        let ordered = ordered(checked);
        assert_eq!(
            ordered.len(),
            checked.findings.len() + checked.culprits.len()
        );
        if let Some(culprit) = checked.culprits.first() {
            assert_eq!(ordered[0], &culprit.finding);
        }
    }
}
