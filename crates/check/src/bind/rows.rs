//! Reading a part's data rows: which document row is which declared row, and which of its
//! cells is which declared cell. Whatever cannot be placed is returned, never dropped.

use std::borrow::{Borrow, Cow};

use nianbao_model::{BoundCell, Cell, Row, UnplacedCell, Value};
use nianbao_rules::ruleset::{AxisNode, Part};

use super::drift;
use super::header::Position;
use super::labels::AxisKeys;
use crate::bind::problems::Problems;
use nianbao_rules::resolve::closest;

/// Index of the first data row: the first row with a declared row label or the first row of
/// numbers, whichever comes first; a part none of whose rows has a label starts at its
/// first row of numbers.
pub(crate) fn first_data_row<R: Borrow<Row>>(rows: &[R], part: &Part) -> usize {
    let keys = AxisKeys::new(&part.rows);
    // A part whose rows have no label cell (one row of figures) has no row to find by label:
    // its cells are not keyed at all.
    let has_labels = part.rows.leaves().any(|n| !n.unlabeled);
    let labelled = rows.iter().map(Borrow::borrow).position(|row: &Row| {
        has_labels
            && row
                .cells
                .iter()
                .any(|c| keys.find(&c.text, true, None).is_some())
    });
    let has_unlabeled = part.rows.leaves().any(|n| n.unlabeled);
    // A header holds no numbers: a row of numbers under an unknown label starts the data
    // too (it is then reported as an unknown row, not read as a header). Only a row of
    // numbers above the first labelled row can start the data earlier.
    let numeric_before = |end: usize| {
        rows.iter()
            .take(end)
            .map(Borrow::borrow)
            .position(is_numeric_row)
    };
    match labelled {
        Some(at) => numeric_before(at).unwrap_or(at),
        None if has_unlabeled => numeric_before(rows.len()).unwrap_or(rows.len()),
        None => rows.len(),
    }
}

/// A row of numbers, allowing one stray word among several numbers (a wrong row label).
fn is_numeric_row(row: &Row) -> bool {
    let (mut numbers, mut words) = (0, 0);
    for cell in &row.cells {
        let value = Value::parse(&cell.text);
        if value.number().is_some() {
            numbers += 1;
        } else if !matches!(value, Value::Blank | Value::Mark(_)) {
            words += 1;
        }
    }
    numbers > 0 && (words == 0 || (words == 1 && numbers >= 2))
}

/// What binding the data rows of a part produced besides its cells.
#[derive(Debug, Default)]
pub(crate) struct BoundRows {
    /// Cells that matched nothing.
    pub unplaced: Vec<UnplacedCell>,
    /// Declared rows that were present, even if their cells could not be placed.
    pub seen: Vec<nianbao_model::Id>,
}

/// Binds the data rows of a part, appending the cells placed at a declared row and column to
/// `cells` (the table's own vector: a bound cell is large, and is made where it stays).
pub(crate) fn bind_rows(
    rows: &[Cow<'_, Row>],
    positions: &[Position<'_>],
    part: &Part,
    table_title: &str,
    problems: &mut Problems,
    cells: &mut Vec<BoundCell>,
) -> BoundRows {
    let keys = AxisKeys::new(&part.rows);
    // The column each value position stands for, looked up once rather than for every row.
    let columns: Vec<Option<&AxisNode>> = positions
        .iter()
        .map(|p| p.column.as_deref().and_then(|id| part.columns.find(id)))
        .collect();
    let mut bound_rows: Vec<usize> = Vec::new();
    let width = positions.len();
    // At most a cell per column of each row, made room for at once (a bound cell is large).
    cells.reserve(rows.len().saturating_mul(width));
    let mut unplaced = Vec::new();
    let mut seen = Vec::new();
    let mut context: Option<usize> = None;
    // Each cell's key once, for every lookup below; one vector for all the rows.
    let mut cell_keys: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    for row in rows {
        // Values follow the last cell that is a row label — a declared one, or words that
        // leave at least `width` cells after them (a label worded differently); without a
        // label, they are the last `width`.
        cell_keys.clear();
        cell_keys.extend(row.cells.iter().map(|c| crate::normalize::key_cow(&c.text)));
        let declared = cell_keys.iter().rposition(|k| keys.is_label_key(k));
        let worded = row
            .cells
            .iter()
            .take(row.cells.len().saturating_sub(width))
            .rposition(|c| Value::parse(&c.text) == Value::Text);
        let split = declared
            .max(worded)
            .map_or(row.cells.len().saturating_sub(width), |at| at + 1);
        let (labels, values) = row.cells.split_at(split.min(row.cells.len()));
        let mut leaf = None;
        for (_, key) in labels
            .iter()
            .zip(&cell_keys)
            .filter(|(c, _)| !nianbao_model::trim(&c.text).is_empty())
        {
            if let Some(group) = keys.find_key(key, false, None) {
                context = Some(group);
            } else if let Some(found) = keys.find_key(key, true, context) {
                leaf = Some(found);
            }
        }
        let label_cell = labels
            .iter()
            .rev()
            .find(|c| !nianbao_model::trim(&c.text).is_empty());
        let has_values = values
            .iter()
            .any(|c| !nianbao_model::trim(&c.text).is_empty());
        if leaf.is_none() && label_cell.is_none() {
            leaf = part
                .rows
                .nodes
                .iter()
                .enumerate()
                .find(|(at, n)| n.unlabeled && !bound_rows.contains(at))
                .map(|(at, _)| at);
        }
        if values.len() < width && (leaf.is_some() || has_values) {
            let name = leaf.and_then(|at| keys.node(at)).map_or_else(
                || label_cell.map_or_else(String::new, |c| c.text.clone()),
                |n| n.label.text.clone(),
            );
            problems.missing_values(table_title, &name, values.len(), width, values);
            if let Some(node) = leaf.and_then(|at| keys.node(at)) {
                seen.push(node.id.clone());
            }
            unplaced.extend(
                values
                    .iter()
                    .map(|c| unplaced_cell(c, "这一行的数字个数与列数不符")),
            );
            continue;
        }
        let leaf = match leaf {
            Some(leaf) => leaf,
            None => match label_cell {
                Some(label) => match drift::identify(
                    &keys,
                    label,
                    context,
                    &bound_rows,
                    expected_next(&keys, &bound_rows),
                ) {
                    drift::Identified::Collapsed(group) => group,
                    drift::Identified::Renamed(found) => {
                        let official = keys
                            .node(found)
                            .map(|n| n.label.text.as_str())
                            .unwrap_or_default();
                        problems.renamed_row(table_title, label, official);
                        found
                    }
                    drift::Identified::Competing(candidates) => {
                        let officials: Vec<&str> = candidates
                            .iter()
                            .filter_map(|&at| keys.node(at))
                            .map(|n| n.label.text.as_str())
                            .collect();
                        problems.competing_row(table_title, label, &officials);
                        let reason = "行名与模板中的几行同样相近，无法确定是哪一行";
                        unplaced.extend(values.iter().map(|c| unplaced_cell(c, reason)));
                        continue;
                    }
                    drift::Identified::Unknown => {
                        problems.unknown_row(table_title, label, near_label(&keys, &label.text));
                        let reason = "所在行与模板中的行都对不上";
                        unplaced.extend(values.iter().map(|c| unplaced_cell(c, reason)));
                        continue;
                    }
                },
                None => {
                    if has_values {
                        problems.unknown_row_without_label(table_title, values);
                        unplaced.extend(values.iter().map(|c| unplaced_cell(c, "所在行没有行名")));
                    }
                    continue;
                }
            },
        };
        if bound_rows.contains(&leaf) {
            if let Some(label) = label_cell {
                problems.duplicate_row(table_title, label);
            }
            unplaced.extend(values.iter().map(|c| unplaced_cell(c, "这一行重复出现")));
            continue;
        }
        // Surplus cells: numbers among the label cells, and value cells beyond the columns
        // (the values are taken to be right-aligned under the header).
        let surplus = values.len().saturating_sub(width);
        let (extra, values) = values.split_at(surplus);
        let stray: Vec<&Cell> = labels
            .iter()
            .filter(|c| Value::parse(&c.text).number().is_some())
            .chain(
                extra
                    .iter()
                    .filter(|c| !nianbao_model::trim(&c.text).is_empty()),
            )
            .collect();
        if !stray.is_empty() {
            problems.extra_values(table_title, &stray);
            unplaced.extend(
                stray
                    .iter()
                    .map(|c| unplaced_cell(c, "这一行的数字多于列数")),
            );
        }
        bound_rows.push(leaf);
        let Some(node) = keys.node(leaf) else {
            continue;
        };
        if node.is_group {
            // A group given on a single row: its leaves are accounted for by that row.
            seen.extend(
                part.rows
                    .leaves_under(&node.id)
                    .iter()
                    .map(|n| n.id.clone()),
            );
        }
        let row_path = part.rows.path(node);
        for (cell, column) in values.iter().zip(&columns) {
            match column {
                Some(column) => cells.push(BoundCell {
                    row: node.id.clone(),
                    column: column.id.clone(),
                    row_path: row_path.clone(),
                    column_path: part.columns.path(column),
                    value: Value::parse(&cell.text),
                    raw: cell.text.clone(),
                    span: cell.span,
                    location: cell.location,
                }),
                None => unplaced.push(unplaced_cell(cell, "所在列不在模板中")),
            }
        }
    }
    BoundRows { unplaced, seen }
}

/// The declared leaf label closest to an unbound row's label, to name in the message. A leaf
/// whose label is the row's own (normalised) is never named: the row was not bound for
/// another reason, and "the closest row is the same row" helps no one.
fn near_label(keys: &AxisKeys<'_>, text: &str) -> Option<String> {
    let written = crate::normalize::key(text);
    let official = keys
        .axis()
        .leaves()
        .filter(|n| !n.label.keys().contains(&written))
        .map(|n| n.label.text.as_str());
    closest(text, official)
}

/// The leaf the table's order puts next: the first unbound leaf after the last bound row.
fn expected_next(keys: &AxisKeys<'_>, bound: &[usize]) -> Option<usize> {
    let axis = keys.axis();
    let after = bound.iter().copied().max();
    (0..axis.nodes.len())
        .filter(|at| after.is_none_or(|last| *at > last))
        .find(|at| {
            axis.nodes
                .get(*at)
                .is_some_and(|n| !n.is_group && !n.unlabeled && !bound.contains(at))
        })
}

fn unplaced_cell(cell: &Cell, reason: &str) -> UnplacedCell {
    UnplacedCell {
        raw: cell.text.clone(),
        span: cell.span,
        reason: reason.to_owned(),
        location: Some(cell.location),
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::indexing_slicing, reason = "tests")]

    use super::*;
    use crate::testkit::{first, rules, template};

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells
                .iter()
                .map(|text| nianbao_model::Cell {
                    text: (*text).to_owned(),
                    span: nianbao_model::Span::default(),
                    location: nianbao_model::CellLocation::default(),
                })
                .collect(),
        }
    }

    /// The data starts at the first labelled row or the first row of numbers above it; a
    /// part with an unlabeled row starts at its first row of numbers; otherwise nothing is
    /// data. One stray word among several numbers is still a row of numbers.
    #[test]
    fn the_data_starts_at_a_label_or_at_numbers_above_it() {
        let rules = rules(&template(
            r#"table T "甲表" {
                 columns { A "甲列"  B "乙列" }
                 rows { R1 "第一行"  R2 "第二行" }
               }
               table N "乙表" {
                 columns { A "甲列"  B "乙列" }
                 rows { X unlabeled "件数" }
               }"#,
        ));
        let template = first(&rules);
        let (labelled, unlabeled) = (&template.tables[0].parts[0], &template.tables[1].parts[0]);
        let header = row(&["", "甲列", "乙列"]);
        let numbers = row(&["错行", "1", "2"]);
        let first_row = row(&["第一行", "3", "4"]);
        let words = row(&["说明", "见下"]);
        for (rows, part, expected) in [
            (vec![&header, &first_row, &numbers], labelled, 1),
            (vec![&header, &numbers, &first_row], labelled, 1),
            (vec![&header, &words, &first_row], labelled, 2),
            (vec![&header, &numbers], labelled, 2),
            (vec![&header, &words, &numbers], unlabeled, 2),
            (vec![&header, &words], unlabeled, 2),
        ] {
            assert_eq!(first_data_row(&rows, part), expected, "{rows:?}");
        }
    }
}
