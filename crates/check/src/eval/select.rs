//! Which rows and columns a reference's selectors stand for. One piece of code for both uses:
//! a report's index resolves a reference for an instance, and [`super::places`] resolves it
//! once per template for every item its variables may take, so the two cannot disagree.

use nianbao_rules::ruleset::{Item, Selector, Template};

use crate::ids::same_id;

/// What choosing rows needs to know of a report.
pub(crate) trait Given {
    /// The row that stands for `row`: the row itself, or a group the report gave on a single
    /// row in place of its leaves.
    fn effective_row<'r>(&'r self, table: &str, row: &'r str) -> &'r str;

    /// Whether the report gave group `id` on its own row and none of its `leaves`.
    fn group_alone(&self, table: &str, id: &str, leaves: &[String]) -> bool;
}

/// Calls `each` with the row ids a selector stands for, in order.
pub(crate) fn rows(
    template: &Template,
    given: &impl Given,
    table: &str,
    selector: &Selector,
    env: &[&Item],
    each: &mut impl FnMut(&str),
) {
    match selector {
        Selector::Id(id) => each(given.effective_row(table, id)),
        Selector::Ids(ids) => effective_rows(given, table, ids.iter().map(String::as_str), each),
        Selector::Group { id, leaves } => {
            if given.group_alone(table, id, leaves) {
                each(id);
            } else {
                effective_rows(given, table, leaves.iter().map(String::as_str), each);
            }
        }
        Selector::Var(var) => match env.get(var.0) {
            Some(Item::Row { row, .. } | Item::Cell { row, .. }) => {
                each(given.effective_row(table, row));
            }
            Some(Item::RowGroup { group, .. }) => {
                if let Some((_, part)) = template.table(table).and_then(|t| t.part_of_row(group)) {
                    let leaves = part.rows.leaves_under(group);
                    effective_rows(given, table, leaves.iter().map(|n| &*n.id), each);
                }
            }
            _ => {}
        },
        Selector::Child(var, child) => {
            if let Some(Item::RowGroup { group, .. }) = env.get(var.0) {
                each(&format!("{group}.{child}"));
            }
        }
        Selector::AllColumns => {}
    }
}

/// Calls `each` with the row ids, each standing-in group named once, in order.
fn effective_rows<'r>(
    given: &'r impl Given,
    table: &str,
    rows: impl IntoIterator<Item = &'r str>,
    each: &mut impl FnMut(&str),
) {
    let mut seen: Vec<&str> = Vec::new();
    for row in rows {
        let row = given.effective_row(table, row);
        if !seen.iter().any(|s| same_id(s, row)) {
            seen.push(row);
            each(row);
        }
    }
}

/// Calls `each` with the column ids a selector stands for, for cells of the given row.
pub(crate) fn columns(
    template: &Template,
    table: &str,
    row: &str,
    selector: &Selector,
    env: &[&Item],
    each: &mut impl FnMut(&str),
) {
    // The row's part, needed only for selectors that depend on it.
    let part = || {
        template
            .table(table)
            .and_then(|t| t.part_of_row(row))
            .map(|(_, p)| p)
    };
    match selector {
        Selector::Id(id) => each(id),
        Selector::Ids(ids) | Selector::Group { leaves: ids, .. } => {
            ids.iter().for_each(|id| each(id));
        }
        Selector::AllColumns => {
            if let Some(p) = part() {
                p.columns.leaves().for_each(|n| each(&n.id));
            }
        }
        Selector::Var(var) => match env.get(var.0) {
            Some(Item::Column { column, .. } | Item::Cell { column, .. }) => each(column),
            Some(Item::ColumnGroup { group, .. }) => {
                if let Some(p) = part() {
                    p.columns
                        .leaves_under(group)
                        .iter()
                        .for_each(|n| each(&n.id));
                }
            }
            _ => {}
        },
        Selector::Child(var, child) => {
            if let Some(Item::ColumnGroup { group, .. }) = env.get(var.0) {
                each(&format!("{group}.{child}"));
            }
        }
    }
}
