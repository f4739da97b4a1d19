//! The public JSON: the documents `nianbao check --format json` and `nianbao extract --format
//! json` print, as serde types any embedder can print the same way.
//!
//! Both carry `"schema": SCHEMA_VERSION`. Within a version fields are only ever added; a
//! field that changes meaning or goes away makes a new version. [`check_schema`] and
//! [`extract_schema`] describe them as JSON Schema (draft 2020-12), generated from these
//! types; the repository ships them as `schema/check.schema.json` and
//! `schema/extract.schema.json`, and its tests validate every JSON output against them.
//!
//! Spans are byte offsets into the original file (re-encoded GBK or UTF-16 text is mapped
//! back) with a 1-based line and a 1-based column counted in characters; for .docx, .doc and
//! PDF they point into the flattened text view nianbao renders, so the structural `location`
//! (table, row, cell, and page and box for PDF) is the place to use.

mod cell;
mod check;
mod extract;
mod prose;

pub use cell::{CellJson, JsonNumber, decimal, file_span, number};
pub use check::{
    CellCorrectionJson, CheckOutput, ChoiceJson, ComparedJson, CorrectionJson, CulpritJson,
    ErrorJson, EvidenceJson, FindingJson, NoteJson, PairJson, RelatedJson, ReportJson, SummaryJson,
    UnpairedJson,
};
pub use extract::{ExtractOutput, TableJson};
pub use prose::{PublishedJson, StatementJson};

/// The version of the JSON documents, printed as their `schema` field.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON Schema of `nianbao check --format json`.
pub fn check_schema() -> serde_json::Value {
    schemars::schema_for!(CheckOutput<'static>).to_value()
}

/// The JSON Schema of `nianbao extract --format json`.
pub fn extract_schema() -> serde_json::Value {
    schemars::schema_for!(ExtractOutput<'static>).to_value()
}
