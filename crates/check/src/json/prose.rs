//! What the prose says, as the public JSON shows it: the figures it states and the date the
//! report was published.

use nianbao_model::{OffsetMap, Published, Span, Statement};
use schemars::JsonSchema;
use serde::Serialize;

use super::cell::{decimal, file_span};

/// A figure the report's prose states (a `fact` of the rule file).
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatementJson<'a> {
    /// The fact's id in the rule file, e.g. `收到申请`.
    pub fact: &'a str,
    /// The figure (万 and 亿 multiplied out); `null` when the words give none (数十件).
    #[schemars(required, extend("type" = ["number", "string", "null"]))]
    pub value: Option<super::cell::JsonNumber>,
    /// False when the text says the figure is approximate (十余件, 约20件): such figures are
    /// not compared with the tables.
    pub exact: bool,
    /// The phrase as written.
    pub text: &'a str,
    /// Where the phrase is, in the original file.
    pub span: Span,
}

impl<'a> StatementJson<'a> {
    /// The statement, its span mapped back to the file's bytes for re-encoded documents.
    pub fn new(statement: &'a Statement, original: Option<&OffsetMap>) -> Self {
        Self {
            fact: &statement.fact,
            value: statement.value.and_then(decimal),
            exact: statement.exact,
            text: &statement.text,
            span: file_span(statement.span, original),
        }
    }
}

/// When the report was signed or published.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PublishedJson<'a> {
    /// The date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// `signature` (the date under the report) or `header` (a portal's 发布时间 line).
    pub source: &'a str,
    /// Where the date is, in the original file.
    pub span: Span,
}

impl<'a> PublishedJson<'a> {
    /// The date, its span mapped back to the file's bytes for re-encoded documents.
    pub fn new(published: &'a Published, original: Option<&OffsetMap>) -> Self {
        Self {
            date: &published.date,
            source: &published.source,
            span: file_span(published.span, original),
        }
    }
}
