//! `lint::subtotal-in-group`: a row or column whose label says it is a subtotal, inside a
//! group that a check adds up with `sum(…)`. The sum then counts the group's items twice,
//! and a correct report fails the check.
//!
//! Which words make a subtotal is template vocabulary, declared in the rule file
//! (`subtotal "小计", "合计"`, inherited through `extends`); a template that declares none is
//! not linted.

use super::{Declared, Lint, LintKind};
use crate::ast::{self, Span};
use crate::ruleset::{CellRef, Expr, Selector, SumTerm, Template};

/// Reports subtotals inside groups that the template's checks add up.
pub(crate) fn run(
    written: &ast::Template,
    declared: &Declared<'_>,
    template: &Template,
    lints: &mut Vec<Lint>,
) {
    if template.subtotal_words.is_empty() {
        return;
    }
    for check in &template.checks {
        // Spans of a check are in the linted file only when the file writes the check.
        let own_check = written.checks.iter().any(|c| c.id.node == check.id);
        let mut sums = Vec::new();
        for expr in check.when.iter().chain(&check.asserts) {
            group_sums(expr, &mut sums);
        }
        for (cell, rows, group, leaves) in sums {
            let Some(table) = template.table(&cell.table) else {
                continue;
            };
            let Some(part) = table.parts.iter().find(|p| {
                if rows { &p.rows } else { &p.columns }
                    .find(group)
                    .is_some()
            }) else {
                continue;
            };
            let axis = if rows { &part.rows } else { &part.columns };
            let Some(group_node) = axis.find(group) else {
                continue;
            };
            for leaf in leaves {
                let Some(node) = axis.find(leaf) else {
                    continue;
                };
                let Some(word) = template
                    .subtotal_words
                    .iter()
                    .find(|w| !w.is_empty() && node.label.all().any(|l| l.contains(w.as_str())))
                else {
                    continue;
                };
                let span: Option<Span> = declared
                    .find(&table.id, rows, &node.id)
                    .and_then(|d| d.wordings.first())
                    .map(|w| w.span)
                    .or(own_check.then_some(cell.span));
                let Some(span) = span else {
                    continue;
                };
                // Said once per row, naming the first check that adds it up twice.
                let said = lints.iter().any(|l| {
                    l.span() == span && matches!(l.kind(), LintKind::SubtotalInGroup { .. })
                });
                if said {
                    continue;
                }
                lints.push(Lint::new(
                    LintKind::SubtotalInGroup {
                        label: node.label.text.clone(),
                        word: word.clone(),
                        group: group_node.label.text.clone(),
                        group_id: group_node.id.to_string(),
                        check: check.id.clone(),
                        axis: if rows { "行" } else { "列" },
                    },
                    span,
                ));
            }
        }
    }
}

/// Every `sum(…)` term over a group in an expression: the reference, whether the group is
/// of rows, the group id and its leaves.
fn group_sums<'e>(expr: &'e Expr, out: &mut Vec<(&'e CellRef, bool, &'e str, &'e [String])>) {
    expr.walk(&mut |inner| {
        let Expr::Sum(terms) = inner else {
            return;
        };
        for term in terms {
            let SumTerm::Cells(cell) = term else {
                continue;
            };
            for (rows, selector) in [(true, &cell.row), (false, &cell.column)] {
                if let Selector::Group { id, leaves } = selector {
                    out.push((cell, rows, id, leaves));
                }
            }
        }
    });
}

#[cfg(test)]
#[expect(clippy::indexing_slicing, clippy::string_slice, reason = "tests")]
mod tests {
    use super::super::tests::lint_text;
    use nianbao_model::Code;

    /// A subtotal row added inside 表三's （三）不予公开, which T3-02 adds up, is counted twice.
    #[test]
    fn reports_a_subtotal_inside_a_summed_group() {
        let text = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    add row R3.3.9 \"不予公开小计\" in R3.3\n  }\n}\n";
        let lints = lint_text(text);
        let codes: Vec<Code> = lints.iter().map(|l| l.kind().code()).collect();
        assert_eq!(codes, [Code::LintSubtotalInGroup], "{lints:?}");
        let lint = &lints[0];
        assert_eq!(
            &text[lint.span().start..lint.span().end],
            "\"不予公开小计\""
        );
        assert!(lint.kind().to_string().contains("T3-02"), "{}", lint.kind());
    }

    /// The same row outside the group, or a template without subtotal words, is fine.
    #[test]
    fn leaves_other_rows_alone() {
        let outside = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    add row R3.3.9 \"不予公开小计\" in R3 after R3.3\n  }\n}\n";
        assert!(lint_text(outside).is_empty());
        let own = "template own \"自有\" {\n  table T \"表\" {\n    columns { A \"甲\" }\n    rows { group G \"组\" { R1 \"一\" R2 \"小计\" } R3 \"总数\" }\n  }\n  check C-1 error \"t\" {\n    assert T[R3, A] == sum(T[G, A])\n  }\n}\n";
        assert!(lint_text(own).is_empty());
        let declared = own.replace(
            "template own \"自有\" {",
            "template own \"自有\" {\n  subtotal \"小计\"",
        );
        let lints = lint_text(&declared);
        assert_eq!(lints.len(), 1, "{lints:?}");
    }
}
