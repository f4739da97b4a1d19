//! The format-neutral model of a 政府信息公开工作年度报告 (government information disclosure
//! annual report), shared by every nianbao crate and meant for reuse by other programs.
//!
//! The data flows through four shapes:
//!
//! * [`Document`]: what a file says, whatever its format: paragraphs and tables (grids of
//!   cells), each piece with its [`Span`] into the text it was read from.
//! * [`Report`]: a document bound to one template: per declared table the cells that were
//!   found (with their [`Value`]), the cells that are missing and the cells that matched nothing.
//! * [`Finding`]: one failed check instance or one binding problem, with the operand cells.
//!
//! This crate only holds data (serde); it has no parser, no rule language and no rendering.

mod code;
mod culprit;
mod document;
mod finding;
mod id;
mod newlines;
mod report;
mod span;
#[cfg(any(test, feature = "testkit"))]
#[doc(hidden)]
pub mod testkit;
mod trim;
mod value;

pub use code::Code;
pub use culprit::{Applicability, CellCorrection, Correction, Culprit};
pub use document::{
    BBox, Block, Cell, CellLocation, Document, OffsetMap, Paragraph, ReadWarning, Row,
    SourceFormat, Table,
};
pub use finding::{CompareOp, Comparison, Finding, Note, Related, Severity, Side};
pub use id::Id;
pub use report::{
    BoundCell, BoundTable, Figure, MissingCell, Published, Report, SectionMatch, Sentence,
    Statement, UnplacedCell,
};
pub use span::{LineIndex, Span};
pub use trim::trim;
pub use value::{Mark, Unit, Value};
