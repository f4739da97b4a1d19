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
    let unplaced = Spans::new(tables.iter().flat_map(|t| &t.unplaced).map(|u| u.span));
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for (owner, indices) in claimed.iter().enumerate() {
        for &index in indices {
            if !done.insert(index) {
                continue;
            }
            let Some(table) = document.tables().find(|t| t.index == index) else {
                continue;
            };
            let placed = Placed::of(table, tables);
            let accounted =
                |r: usize, c: usize, cell: &Cell| placed.has(r, c) || unplaced.cover(cell.span);
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
                .filter(|&(r, c, cell)| !accounted(r, c, cell))
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

/// The spans of the cells reported as unplaced, to ask whether one of them covers a cell: by
/// start, with the furthest end reached so far (a table of thousands of rows has thousands of
/// each, so asking each span in turn was quadratic).
struct Spans {
    /// (start, the largest end of this and every span starting before it), by start.
    reach: Vec<(usize, usize)>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = nianbao_model::Span>) -> Self {
        let mut reach: Vec<(usize, usize)> = spans.map(|s| (s.start, s.end)).collect();
        reach.sort_unstable();
        let mut furthest = 0;
        for (_, end) in &mut reach {
            furthest = furthest.max(*end);
            *end = furthest;
        }
        Self { reach }
    }

    /// Whether some span starts at or before `span` and ends at or after it.
    fn cover(&self, span: nianbao_model::Span) -> bool {
        let before = self
            .reach
            .partition_point(|&(start, _)| start <= span.start);
        before
            .checked_sub(1)
            .and_then(|at| self.reach.get(at))
            .is_some_and(|&(_, end)| span.end <= end)
    }
}

/// Which cells of one document table were bound: a flag per cell, rows one after another.
struct Placed {
    /// Where each row's flags start; one more entry for the end.
    starts: Vec<usize>,
    flags: Vec<bool>,
}

impl Placed {
    /// The cells of `table` that cells of `bound` were read from.
    fn of(table: &nianbao_model::Table, bound: &[BoundTable]) -> Self {
        let mut starts = Vec::with_capacity(table.rows.len() + 1);
        let mut total = 0;
        for row in &table.rows {
            starts.push(total);
            total += row.cells.len();
        }
        starts.push(total);
        let mut placed = Placed {
            starts,
            flags: vec![false; total],
        };
        for cell in bound.iter().flat_map(|t| &t.cells) {
            let location = cell.location;
            if location.table != table.index {
                continue;
            }
            if let Some(flag) = placed.at(location.row, location.cell) {
                *flag = true;
            }
        }
        placed
    }

    /// The flag of cell `cell` of row `row`, if the table has that cell.
    fn at(&mut self, row: usize, cell: usize) -> Option<&mut bool> {
        let (start, end) = (*self.starts.get(row)?, *self.starts.get(row + 1)?);
        let at = start.checked_add(cell).filter(|&at| at < end)?;
        self.flags.get_mut(at)
    }

    /// Whether cell `cell` of row `row` was bound.
    fn has(&self, row: usize, cell: usize) -> bool {
        let (Some(&start), Some(&end)) = (self.starts.get(row), self.starts.get(row + 1)) else {
            return false;
        };
        start
            .checked_add(cell)
            .filter(|&at| at < end)
            .and_then(|at| self.flags.get(at))
            .copied()
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use nianbao_model::{BoundCell, CellLocation, Row, Span, Table};

    use super::*;

    fn bound_at(table: usize, row: usize, cell: usize) -> BoundCell {
        BoundCell {
            row: "R".into(),
            column: "C".into(),
            row_path: std::sync::Arc::from([]),
            column_path: std::sync::Arc::from([]),
            value: Value::Integer(1),
            raw: "1".to_owned(),
            span: Span::default(),
            location: CellLocation {
                table,
                row,
                cell,
                ..CellLocation::default()
            },
        }
    }

    /// A document table's cells are flagged bound exactly where a bound cell was read from
    /// that table: rows of different lengths, another table's cells and places the table does
    /// not have left aside.
    #[test]
    fn placed_cells_are_those_read_from_the_table() {
        let row = |cells: usize| Row {
            cells: (0..cells)
                .map(|_| Cell {
                    text: "1".to_owned(),
                    span: Span::default(),
                    location: CellLocation::default(),
                })
                .collect(),
        };
        let table = Table {
            index: 2,
            rows: vec![row(3), row(1), row(2)],
            span: Span::default(),
        };
        let bound = BoundTable {
            id: "T".to_owned(),
            title: String::new(),
            source_table: Some(2),
            cells: vec![
                bound_at(2, 0, 2),
                bound_at(2, 1, 0),
                bound_at(2, 1, 1),
                bound_at(2, 2, 1),
                bound_at(1, 0, 0),
                bound_at(2, 7, 0),
            ],
            missing: Vec::new(),
            unplaced: Vec::new(),
        };
        let placed = Placed::of(&table, &[bound]);
        let flagged: Vec<(usize, usize)> = (0..4)
            .flat_map(|r| (0..4).map(move |c| (r, c)))
            .filter(|&(r, c)| placed.has(r, c))
            .collect();
        assert_eq!(flagged, [(0, 2), (1, 0), (2, 1)]);
    }

    /// A span covers a cell when some unplaced span starts at or before it and ends at or
    /// after it: asked by the furthest end, the same answer as asking every span, for nested,
    /// overlapping and repeated spans, in any order.
    #[test]
    fn spans_cover_as_asking_each_would() {
        let span = |start: usize, end: usize| Span {
            start,
            end,
            ..Span::default()
        };
        let mut given = vec![
            (40, 45),
            (10, 30),
            (12, 14),
            (10, 12),
            (50, 50),
            (28, 60),
            (40, 45),
        ];
        // Then more of them, and more again, overlapping the first.
        for round in 0..3 {
            let spans = Spans::new(given.iter().map(|&(a, b)| span(a, b)));
            for start in 0..70 {
                for end in start..72 {
                    let each = given.iter().any(|&(a, b)| a <= start && end <= b);
                    assert_eq!(
                        spans.cover(span(start, end)),
                        each,
                        "{start}..{end} {round}"
                    );
                }
            }
            let more: Vec<(usize, usize)> = given.iter().map(|&(a, b)| (a + 3, b + 1)).collect();
            given.extend(more.iter().chain(&more));
        }
        assert!(!Spans::new(std::iter::empty()).cover(span(0, 0)));
    }
}
