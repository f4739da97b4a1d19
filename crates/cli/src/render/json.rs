//! The JSON output of `check` and `extract`: a public interface, documented in the README.
//! Field names and shapes only ever grow.

use nianbao_check::Summary;
use nianbao_model::{BoundCell, Finding, MissingCell, Report, Span, UnplacedCell, Value};
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
    pub span: &'a Span,
    pub location: &'a nianbao_model::CellLocation,
}

impl<'a> From<&'a BoundCell> for CellJson<'a> {
    fn from(cell: &'a BoundCell) -> Self {
        Self {
            row: &cell.row,
            column: &cell.column,
            row_path: &cell.row_path,
            column_path: &cell.column_path,
            value: number(&cell.value),
            raw: &cell.raw,
            span: &cell.span,
            location: &cell.location,
        }
    }
}

/// A value as a JSON number; `None` for blank, marks and text.
pub fn number(value: &Value) -> Option<serde_json::Number> {
    match value {
        Value::Integer(n) => Some((*n).into()),
        Value::Decimal(d) => decimal(*d),
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
    pub fn new(path: &'a str, format: nianbao_model::SourceFormat, report: &'a Report) -> Self {
        Self {
            path,
            format: format.as_str(),
            template: &report.template,
            year: report.year,
            agency: report.agency.as_deref(),
            tables: report
                .tables
                .iter()
                .map(|t| TableJson {
                    id: &t.id,
                    title: &t.title,
                    cells: t.cells.iter().map(CellJson::from).collect(),
                    missing: &t.missing,
                    unplaced: &t.unplaced,
                })
                .collect(),
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
    pub notes: &'a [nianbao_model::Note],
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(finding: &'a Finding) -> Self {
        let side = |s: &nianbao_model::Side| decimal(s.value);
        Self {
            rule: &finding.rule,
            severity: finding.severity.as_str(),
            message: &finding.message,
            cells: finding.cells.iter().map(CellJson::from).collect(),
            expected: finding.comparison.as_ref().and_then(|c| side(&c.right)),
            actual: finding.comparison.as_ref().and_then(|c| side(&c.left)),
            help: finding.help.as_deref(),
            notes: &finding.notes,
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
