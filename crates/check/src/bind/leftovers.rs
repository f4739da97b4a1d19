//! The last guard against losing a number: in every document table a declared table was
//! found in, each numeric cell must have been placed or reported. Any that was neither (rows
//! outside every recognised part, a part whose heading was not found, a number in a header) is
//! reported here, by this one mechanism.

use std::collections::BTreeSet;

use nianbao_model::{BoundTable, Cell, Document, UnplacedCell, Value};

use super::problems::Problems;

/// Reports the numbers of the claimed document tables that binding left unaccounted for,
/// adding them to the unplaced cells of the first declared table found in their table.
/// `claimed[i]` lists the document tables declared table `i` was found in.
pub(super) fn report(
    document: &Document,
    tables: &mut [BoundTable],
    claimed: &[Vec<usize>],
    problems: &mut Problems,
) {
    // Sorted once and searched, rather than a tree built node by node: a few hundred cells.
    let mut placed: Vec<(usize, usize, usize)> = tables
        .iter()
        .flat_map(|t| &t.cells)
        .map(|c| (c.location.table, c.location.row, c.location.cell))
        .collect();
    placed.sort_unstable();
    let unplaced: Vec<(usize, usize)> = tables
        .iter()
        .flat_map(|t| &t.unplaced)
        .map(|u| (u.span.start, u.span.end))
        .collect();
    let accounted = |table: usize, row: usize, at: usize, cell: &Cell| {
        placed.binary_search(&(table, row, at)).is_ok()
            || unplaced
                .iter()
                .any(|&(start, end)| start <= cell.span.start && cell.span.end <= end)
    };
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for (owner, indices) in claimed.iter().enumerate() {
        for &index in indices {
            if !done.insert(index) {
                continue;
            }
            let Some(table) = document.tables().find(|t| t.index == index) else {
                continue;
            };
            let stray: Vec<&Cell> = table
                .rows
                .iter()
                .enumerate()
                .flat_map(|(r, row)| {
                    row.cells
                        .iter()
                        .enumerate()
                        .map(move |(c, cell)| (r, c, cell))
                })
                // Most cells are bound: parsed only when they are not.
                .filter(|&(r, c, cell)| !accounted(index, r, c, cell))
                .filter(|(_, _, cell)| Value::parse(&cell.text).number().is_some())
                .map(|(_, _, cell)| cell)
                .collect();
            let Some(bound) = tables.get_mut(owner) else {
                continue;
            };
            // A page number printed inside the table is kept, but it is not a stray value.
            let (page_marks, stray): (Vec<&Cell>, Vec<&Cell>) = stray.into_iter().partition(|c| {
                table
                    .rows
                    .get(c.location.row)
                    .is_some_and(super::assemble::is_furniture_row)
            });
            bound
                .unplaced
                .extend(page_marks.iter().map(|c| super::assemble::page_mark(c)));
            if stray.is_empty() {
                continue;
            }
            problems.numbers_outside(&bound.title, &stray);
            bound.unplaced.extend(stray.iter().map(|c| UnplacedCell {
                raw: c.text.clone(),
                span: c.span,
                reason: "不在表格任何已识别的部分中".to_owned(),
                location: Some(c.location),
            }));
        }
    }
}
