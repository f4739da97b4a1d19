//! Findings: failed check instances and binding problems, as data.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{BoundCell, Span};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix necessarily.
    Info,
    /// Probably wrong; a person should look.
    Warning,
    /// Violates the format or an arithmetic identity.
    Error,
}

impl Severity {
    /// The keyword used in rule files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word shown to people: 错误, 警告 or 提示 (as in the summary line of `check`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// One failed check instance, or one problem met while binding the document to the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The check id (`T3-01`) or the diagnostic code (`bind::missing-row`).
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in Chinese, with the values filled in.
    pub message: String,
    /// The operand cells of the failed check, with their values and locations.
    pub cells: Vec<BoundCell>,
    /// Other places in the document worth pointing at, e.g. an unknown row label.
    pub notes: Vec<Note>,
    /// The two sides of the failed comparison, when the check is one.
    pub comparison: Option<Comparison>,
    /// How to fix it, in Chinese.
    pub help: Option<String>,
    /// Places in another document the finding compares with: last year's report for a
    /// cross-year check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

impl Finding {
    /// The first of the most severe of `findings` (in their order): what a summary shows of a
    /// report.
    pub fn most_severe(findings: &[Finding]) -> Option<&Finding> {
        findings
            .iter()
            .min_by_key(|f| std::cmp::Reverse(f.severity))
    }
}

/// A labelled place in another document than the finding's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// The other document, by the name it was checked under (its path for a file).
    pub file: String,
    /// Where in that document's text.
    pub span: Span,
    /// What to say there.
    pub label: String,
}

/// A labelled place in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub label: String,
}

/// The computed sides of a failed comparison `left op right`.
///
/// By convention rule authors put the reported figure on the left and what it should equal on
/// the right, so `left` is the *actual* and `right` the *expected* value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The comparison operator.
    pub op: CompareOp,
    /// The left side.
    pub left: Side,
    /// The right side.
    pub right: Side,
}

/// One side of a comparison: the operands as written with their values, and the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The expression with values substituted, e.g. `2 + 0`.
    pub text: String,
    /// The computed value.
    pub value: Decimal,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareOp {
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CompareOp {
    /// The operator as written in rule files.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Applies the operator.
    pub fn holds(self, left: Decimal, right: Decimal) -> bool {
        match self {
            CompareOp::Eq => left == right,
            CompareOp::Ne => left != right,
            CompareOp::Lt => left < right,
            CompareOp::Le => left <= right,
            CompareOp::Gt => left > right,
            CompareOp::Ge => left >= right,
        }
    }
}
