//! Tables whose cells were run together in text by a crawler (`一、本年新收…230 000023`).
//!
//! The rows are found by their labels ([`runs`]); each run of digits is read every way it can
//! be ([`split`]); the template's own checks then decide ([`solve`]). A reading is used only
//! when exactly one satisfies the checks, and the checks used to choose it are named, since
//! they cannot also count as verified for that row. Ambiguous rows are reported with their
//! candidates; no value is invented.

mod runs;
mod solve;
mod split;

pub(crate) use runs::{Run, find};
pub(crate) use solve::solve;
