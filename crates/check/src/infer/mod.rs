//! Inference: the step between binding and evaluation that reads tables whose cells a
//! crawler ran together in text (`一、本年新收…230 000023`).
//!
//! Binding ([`crate::bind::layout`]) finds such a table's rows by their labels and the run of
//! digits after each one, and leaves the table pending. This step decides how each run
//! splits into the table's columns: every run is read every way it can be ([`split`]), and
//! the template's own error checks that read only this table choose ([`solve`]). A reading is
//! used only when exactly one satisfies them; the checks that chose it are named in
//! `bind::inferred-boundaries`, since they cannot also count as verified for that row. Rows
//! left with several readings (or none) are reported with their candidates
//! (`bind::ambiguous-row`); no value is invented.
//!
//! The checks are those of the compiled template, used in place: nothing of the rule set is
//! copied or compiled per document.

use nianbao_model::Document;
use nianbao_rules::ruleset::Template;

use crate::bind::{Bound, Layout};

mod solve;
mod split;

pub(crate) use solve::Solved;

/// Completes a binding: reads every pending table of `layout` by inference and places what
/// was decided.
pub fn complete(document: &Document, template: &Template, mut layout: Layout) -> Bound {
    for pending in layout.take_pending() {
        let Some(table) = template.tables.get(pending.table) else {
            continue;
        };
        let solved = solve::solve(document, template, table, pending.runs.clone());
        layout.place_inferred(document, table, pending.table, &pending.runs, solved);
    }
    layout.finish()
}

#[cfg(test)]
mod tests;
