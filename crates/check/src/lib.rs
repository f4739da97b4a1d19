//! Binding a document to a template and evaluating the template's checks.
//!
//! [`bind()`] turns a [`nianbao_model::Document`] into a [`nianbao_model::Report`] by matching
//! labels; [`evaluate`] runs the checks of the template over the report. Both return findings as
//! data; rendering is the caller's business.

pub mod bind;
pub mod detect;
pub mod eval;
pub mod names;
pub mod normalize;
pub mod selftest;

pub use bind::{Bound, bind};
pub use detect::{Detection, detect};
pub use eval::{Evaluation, Summary, evaluate};
