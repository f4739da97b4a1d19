//! Checking many reports in one command: the inputs (files, directories, patterns, lists),
//! the parallel run that hands each result to the output in input order as soon as it is
//! ready, the closing summary, and one output module per format.
//!
//! Nothing per report is kept after its output is written except the summary's small row.

pub mod command;
pub mod compare;
pub mod formats;
pub mod inputs;
mod lanes;
pub mod outcome;
pub mod run;
mod stream;
pub mod summary;

pub use outcome::{Compared, Outcome, Sink, SinkContext};
pub use summary::{CheckTally, ReportRow, Summary};
