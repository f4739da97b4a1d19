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
    /// The cell's number; `null` for a blank cell, a mark (`—`, `/`, `无`) or text; a string
    /// of its exact digits when a JSON number would round it.
    #[schemars(required, extend("type" = ["number", "string", "null"]))]
    pub value: Option<JsonNumber>,
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
            value: number(&cell.value, &cell.raw),
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

/// A number as the JSON shows it: a JSON number when every reader gets it back exactly
/// (an integer within ±(2⁵³ − 1), a decimal a double holds as written), otherwise a string of
/// its decimal digits, e.g. `"123456789012345678901234567890"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum JsonNumber {
    /// A number any JSON reader parses exactly.
    Number(serde_json::Number),
    /// The exact digits of a number a JSON number would round.
    Digits(String),
}

impl JsonSchema for JsonNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "JsonNumber".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["number", "string"],
            "description": "A number; a string of its exact decimal digits when a JSON number would round it (beyond ±(2^53 − 1), or more digits than a double holds)."
        })
    }
}

/// The largest integer every JSON reader (a double) holds exactly.
const EXACT_INTEGER: i64 = (1 << 53) - 1;

/// A cell value as a JSON number; `None` for blank, marks and text. A number too large to
/// compute with keeps the digits `raw` was written with.
pub fn number(value: &Value, raw: &str) -> Option<JsonNumber> {
    match value {
        Value::Integer(n) => Some(integer(*n)),
        Value::Decimal(d) | Value::Quantity { value: d, .. } => decimal(*d),
        Value::Overflow => Some(JsonNumber::Digits(digits(raw))),
        Value::Blank | Value::Mark(_) | Value::Text => None,
    }
}

fn integer(n: i64) -> JsonNumber {
    if (-EXACT_INTEGER..=EXACT_INTEGER).contains(&n) {
        JsonNumber::Number(n.into())
    } else {
        JsonNumber::Digits(n.to_string())
    }
}

/// A decimal as JSON: an integer when it is whole, a float when the float says the same
/// digits, else the digits as a string.
pub fn decimal(d: rust_decimal::Decimal) -> Option<JsonNumber> {
    use rust_decimal::prelude::ToPrimitive;
    let written = d.normalize().to_string();
    if let Ok(n) = written.parse::<i64>() {
        return Some(integer(n));
    }
    let float = d
        .to_f64()
        .filter(|f| f.to_string() == written)
        .and_then(serde_json::Number::from_f64);
    Some(float.map_or(JsonNumber::Digits(written), JsonNumber::Number))
}

/// The number in a cell's text in plain digits: half-width, without separators or a unit.
fn digits(raw: &str) -> String {
    raw.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '－' => Some('-'),
            '．' => Some('.'),
            '0'..='9' | '-' | '.' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;

    fn json(value: Option<JsonNumber>) -> String {
        serde_json::to_string(&value).unwrap()
    }

    /// Numbers a double would round are written as their exact digits.
    #[test]
    fn big_numbers_stay_exact() {
        let big = Decimal::from_str("99999999999999999999999").unwrap();
        assert_eq!(json(decimal(big)), r#""99999999999999999999999""#);
        assert_eq!(
            json(number(&Value::Integer(1 << 60), "")),
            r#""1152921504606846976""#
        );
        assert_eq!(json(number(&Value::Integer(12), "12")), "12");
        let amount = Decimal::from_str("96171.60").unwrap();
        assert_eq!(json(decimal(amount)), "96171.6");
        let long = Decimal::from_str("0.12345678901234567890123").unwrap();
        assert_eq!(json(decimal(long)), r#""0.12345678901234567890123""#);
        let thirty = "１２３４５６７８９０".repeat(3);
        assert_eq!(
            json(number(&Value::parse(&thirty), &thirty)),
            format!("\"{}\"", "1234567890".repeat(3))
        );
    }
}
