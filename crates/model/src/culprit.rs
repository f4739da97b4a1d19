//! Culprits: the cells that explain a report's failed checks, with the values that would
//! satisfy them. Found by the checker's localisation step from the failed and passed checks.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{BoundCell, Finding};

/// How sure a suggested correction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Applicability {
    /// The only change of this size that satisfies every check, and it agrees with the checks
    /// that passed: `nianbao fix` applies it.
    Certain,
    /// A consistent explanation, but not the only conceivable one (two cells, a cell read by
    /// inference, or the one of several that erases no written figure): shown first, not
    /// applied.
    Likely,
    /// Several explanations fit equally: the candidates are listed, none is chosen.
    Ambiguous,
}

impl Applicability {
    /// The word in JSON: `certain`, `likely` or `ambiguous`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Certain => "certain",
            Applicability::Likely => "likely",
            Applicability::Ambiguous => "ambiguous",
        }
    }
}

/// One way to explain a group of failed checks: the cells to change and their new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The cells (one in the common case, two when needed), each with its value.
    pub cells: Vec<CellCorrection>,
}

/// One cell and the value it should have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellCorrection {
    /// Id of the table the cell belongs to.
    pub table: String,
    /// The cell as read.
    pub cell: BoundCell,
    /// The value that satisfies the checks.
    pub suggested: Decimal,
    /// Its name for people, e.g. `（三）不予公开·4.保护第三方合法权益 · 自然人`.
    pub name: String,
    /// What kind of typing error turns the suggested value into the written one, if any (in
    /// Chinese, e.g. `两位数字写反了（51 ↔ 15）`).
    pub hint: Option<String>,
}

/// The cells that explain a group of failed checks (checks that share cells).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Culprit {
    /// How sure the explanation is.
    pub applicability: Applicability,
    /// The explanation first; for a likely one any alternatives after it; for an ambiguous one
    /// every candidate, none chosen.
    pub corrections: Vec<Correction>,
    /// Indexes (into the report's findings) of the failed checks it explains.
    pub explains: Vec<usize>,
    /// The culprit as people read it (`fix::wrong-cell` or `fix::ambiguous-cell`): message,
    /// labels on the cells, help naming the slips and the checks it explains.
    pub finding: Finding,
}
