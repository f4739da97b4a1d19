//! The JSON output of `check` and `extract`: a public interface, documented in the README.
//! Field names and shapes only ever grow.

use nianbao_check::Summary;
use nianbao_model::{
    BoundCell, Document, Finding, MissingCell, OffsetMap, Report, Span, UnplacedCell, Value,
};
use serde::Serialize;

/// A cell as `extract` and `check` print it.
#[derive(Debug, Serialize)]
pub struct CellJson<'a> {
    pub row: &'a str,
    pub column: &'a str,
    pub row_path: &'a [String],
    pub column_path: &'a [String],
    pub value: Option<serde_json::Number>,
    pub raw: &'a str,
    pub span: Span,
    pub location: &'a nianbao_model::CellLocation,
}

/// A span as byte offsets of the original file: re-encoded documents (GBK, UTF-16) map their
/// text offsets back; lines and columns count characters and need no mapping.
pub fn file_span(span: Span, original: Option<&OffsetMap>) -> Span {
    match original {
        Some(map) => Span {
            start: map.original(span.start),
            end: map.original(span.end),
            ..span
        },
        None => span,
    }
}

impl<'a> CellJson<'a> {
    pub fn new(cell: &'a BoundCell, original: Option<&OffsetMap>) -> Self {
        Self {
            row: &cell.row,
            column: &cell.column,
            row_path: &cell.row_path,
            column_path: &cell.column_path,
            value: number(&cell.value),
            raw: &cell.raw,
            span: file_span(cell.span, original),
            location: &cell.location,
        }
    }
}

/// A value as a JSON number; `None` for blank, marks and text.
pub fn number(value: &Value) -> Option<serde_json::Number> {
    match value {
        Value::Integer(n) => Some((*n).into()),
        Value::Decimal(d) | Value::Quantity { value: d, .. } => decimal(*d),
        Value::Blank | Value::Mark(_) | Value::Text => None,
    }
}

fn decimal(d: rust_decimal::Decimal) -> Option<serde_json::Number> {
    use rust_decimal::prelude::ToPrimitive;
    d.normalize()
        .to_string()
        .parse::<i64>()
        .ok()
        .map(Into::into)
        .or_else(|| d.to_f64().and_then(serde_json::Number::from_f64))
}

/// `extract --format json`.
#[derive(Debug, Serialize)]
pub struct ExtractJson<'a> {
    pub path: &'a str,
    pub format: &'a str,
    pub template: &'a str,
    pub year: Option<i32>,
    pub agency: Option<&'a str>,
    pub tables: Vec<TableJson<'a>>,
    /// Everything that was read, as the document model: `nianbao check` reads this output
    /// back and gives the same findings as for the original file.
    pub document: &'a Document,
}

/// One bound table.
#[derive(Debug, Serialize)]
pub struct TableJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub cells: Vec<CellJson<'a>>,
    pub missing: &'a [MissingCell],
    pub unplaced: &'a [UnplacedCell],
}

impl<'a> ExtractJson<'a> {
    pub fn new(path: &'a str, document: &'a Document, report: &'a Report) -> Self {
        let original = document.original.as_ref();
        Self {
            path,
            format: document.format.as_str(),
            template: &report.template,
            year: report.year,
            agency: report.agency.as_deref(),
            tables: report
                .tables
                .iter()
                .map(|t| TableJson {
                    id: &t.id,
                    title: &t.title,
                    cells: t.cells.iter().map(|c| CellJson::new(c, original)).collect(),
                    missing: &t.missing,
                    unplaced: &t.unplaced,
                })
                .collect(),
            document,
        }
    }
}

/// `check --format json`.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    pub reports: Vec<ReportJson<'a>>,
}

/// One checked file; `error` instead of findings when it could not be read.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<FindingJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<SummaryJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

/// Why a file could not be checked.
#[derive(Debug, Serialize)]
pub struct ErrorJson {
    pub code: String,
    pub message: String,
}

/// One finding.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub cells: Vec<CellJson<'a>>,
    pub expected: Option<serde_json::Number>,
    pub actual: Option<serde_json::Number>,
    pub help: Option<&'a str>,
    pub notes: Vec<NoteJson<'a>>,
}

/// A labelled place in the document.
#[derive(Debug, Serialize)]
pub struct NoteJson<'a> {
    pub span: Span,
    pub label: &'a str,
}

impl<'a> FindingJson<'a> {
    pub fn new(finding: &'a Finding, original: Option<&OffsetMap>) -> Self {
        let side = |s: &nianbao_model::Side| decimal(s.value);
        Self {
            rule: &finding.rule,
            severity: finding.severity.as_str(),
            message: &finding.message,
            cells: finding
                .cells
                .iter()
                .map(|c| CellJson::new(c, original))
                .collect(),
            expected: finding.comparison.as_ref().and_then(|c| side(&c.right)),
            actual: finding.comparison.as_ref().and_then(|c| side(&c.left)),
            help: finding.help.as_deref(),
            notes: finding
                .notes
                .iter()
                .map(|n| NoteJson {
                    span: file_span(n.span, original),
                    label: &n.label,
                })
                .collect(),
        }
    }
}

/// Counts for one file.
#[derive(Debug, Serialize)]
pub struct SummaryJson<'a> {
    pub template: &'a str,
    pub year: Option<i32>,
    pub agency: Option<&'a str>,
    #[serde(flatten)]
    pub counts: &'a Summary,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}
