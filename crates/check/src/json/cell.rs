//! Cells, values and spans as the public JSON shows them.

use nianbao_model::{BoundCell, CellLocation, OffsetMap, Span, Value};
use schemars::JsonSchema;
use serde::Serialize;

/// A bound cell: where in the template it belongs, what it says and where it is.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CellJson<'a> {
    /// Row id from the rule file, e.g. `R3.3.1`.
    pub row: &'a str,
    /// Column id from the rule file, e.g. `NP`.
    pub column: &'a str,
    /// Official row labels, from the outermost group to the row.
    pub row_path: &'a [String],
    /// Official column labels, from the outermost group to the column.
    pub column_path: &'a [String],
    /// The cell's number; `null` for a blank cell, a mark (`—`, `/`, `无`) or text.
    #[schemars(required, extend("type" = ["number", "null"]))]
    pub value: Option<serde_json::Number>,
    /// The cell text as written.
    pub raw: &'a str,
    /// Where the text is, in the original file (see `Span`).
    pub span: Span,
    /// Where the cell is in the document's structure: table, row and cell indexes (0-based,
    /// counting every table of the document), and for PDF the page (1-based) and bounding
    /// box (points, origin at the page's bottom left).
    pub location: &'a CellLocation,
}

impl<'a> CellJson<'a> {
    /// The cell, with its span mapped back to the file's bytes for re-encoded documents.
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

/// A value as a JSON number; `None` for blank, marks and text.
pub fn number(value: &Value) -> Option<serde_json::Number> {
    match value {
        Value::Integer(n) => Some((*n).into()),
        Value::Decimal(d) | Value::Quantity { value: d, .. } => decimal(*d),
        Value::Blank | Value::Mark(_) | Value::Text => None,
    }
}

/// A decimal as a JSON number: an integer when it is whole, else the nearest float.
pub fn decimal(d: rust_decimal::Decimal) -> Option<serde_json::Number> {
    use rust_decimal::prelude::ToPrimitive;
    d.normalize()
        .to_string()
        .parse::<i64>()
        .ok()
        .map(Into::into)
        .or_else(|| d.to_f64().and_then(serde_json::Number::from_f64))
}
