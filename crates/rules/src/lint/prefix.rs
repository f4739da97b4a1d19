//! `lint::label-prefix`: a label that begins with another label of the same table, as
//! `（三）不予公开小计` begins with the group label `（三）不予公开`.
//!
//! The binder recognises labels written shorter or longer than the official ones by how they
//! begin. It takes the longest label a report's text matches, so a row written exactly as
//! either label is found; but a row worded a little differently that begins with the shorter
//! label is taken for the shorter one. Only pairs with a label written in the linted file are
//! reported.

use super::{Declared, Lint, LintKind, compact, wordings_of};
use crate::ruleset::{Axis, Template};

/// The shortest text the binder compares by its beginning (`normalize::same_or_shortened`).
const MIN_PREFIX: usize = 4;

/// Reports label pairs of one axis of one part where one begins with the other.
pub(crate) fn run(declared: &Declared<'_>, template: &Template, lints: &mut Vec<Lint>) {
    for table in &template.tables {
        for part in &table.parts {
            for (rows, axis) in [(true, &part.rows), (false, &part.columns)] {
                pairs(declared, &table.id, rows, axis, lints);
            }
        }
    }
}

fn pairs(declared: &Declared<'_>, table: &str, rows: bool, axis: &Axis, lints: &mut Vec<Lint>) {
    let wordings = wordings_of(axis);
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (long_at, longer) in &wordings {
        for (short_at, shorter) in &wordings {
            if long_at == short_at
                || longer == shorter
                || longer.chars().count() < MIN_PREFIX
                || !longer.starts_with(shorter.as_str())
                || reported.contains(&(*long_at, *short_at))
            {
                continue;
            }
            let (Some(long_node), Some(short_node)) =
                (axis.nodes.get(*long_at), axis.nodes.get(*short_at))
            else {
                continue;
            };
            let find = |id: &str, text: &str| {
                declared.find(table, rows, id).and_then(|d| {
                    d.wordings
                        .iter()
                        .find(|w| compact(&w.node) == text)
                        .copied()
                })
            };
            let (span, at_shorter) =
                match (find(&long_node.id, longer), find(&short_node.id, shorter)) {
                    (Some(long), _) => (long.span, false),
                    (None, Some(short)) => (short.span, true),
                    (None, None) => continue,
                };
            reported.push((*long_at, *short_at));
            lints.push(Lint::new(
                LintKind::LabelPrefix {
                    axis: if rows { "行" } else { "列" },
                    longer: longer.clone(),
                    shorter: shorter.clone(),
                    at_shorter,
                },
                span,
            ));
        }
    }
}

#[cfg(test)]
#[expect(clippy::indexing_slicing, clippy::string_slice, reason = "tests")]
mod tests {
    use super::super::tests::lint_text;
    use nianbao_model::Code;

    /// A local subtotal row named after its group is reported at its own label.
    #[test]
    fn reports_a_row_that_begins_with_a_group_label() {
        let text = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    add row R3.3.9 \"（三）不予公开小计\" in R3 after R3.3\n  }\n}\n";
        let lints = lint_text(text);
        assert_eq!(lints.len(), 1, "{lints:?}");
        let lint = &lints[0];
        assert_eq!(lint.kind().code(), Code::LintLabelPrefix);
        assert_eq!(
            &text[lint.span().start..lint.span().end],
            "\"（三）不予公开小计\""
        );
        assert_eq!(
            lint.kind().to_string(),
            "行名“（三）不予公开小计”以同一表格中的“（三）不予公开”开头"
        );
    }

    /// Labels that do not begin with one another, and short ones, are fine.
    #[test]
    fn leaves_distinct_labels_alone() {
        let text = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    add row R3.3.9 \"不予公开小计\" in R3 after R3.3\n  }\n}\n";
        assert!(lint_text(text).is_empty());
    }
}
