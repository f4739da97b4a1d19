//! One outcome's `<section>`, drawn by `nianbao_html` (which the browser page shares): this
//! maps the batch's outcome and context onto it.

use nianbao_html::{Section, duplicate_section, section};

use super::anchor;
use crate::batch::{Compared, Outcome, SinkContext};

/// The section of one outcome.
pub(super) fn render(outcome: &Outcome<'_>, context: &SinkContext<'_>) -> String {
    // A report's comparison with last year's comes after the batch's reports, under its own
    // anchor.
    let id = match outcome.compared {
        Some(Compared::LastYear(_)) => format!("{}-y", anchor(outcome.index)),
        Some(Compared::OtherUnits) => format!("{}-u", anchor(outcome.index)),
        Some(Compared::Organs) => format!("{}-o", anchor(outcome.index)),
        None => anchor(outcome.index),
    };
    let path = outcome.path.display().to_string();
    if let Some(duplicate) = outcome.duplicate_of {
        return duplicate_section(
            &id,
            outcome.index,
            &path,
            &duplicate.of.display().to_string(),
            duplicate.how(),
        );
    }
    let note = outcome.compared.map(|compared| {
        format!(
            "与{}对照发现的问题（本报告自身的检查结果见上文）。",
            compared.with()
        )
    });
    section(&Section {
        id: &id,
        index: outcome.index,
        path: &path,
        result: outcome.result,
        rules: context.rules,
        accepted: outcome.accepted,
        note: note.as_deref(),
        max_findings: context.max_findings,
    })
}
