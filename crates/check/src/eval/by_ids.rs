//! A report's bound cells by their (table, row) ids: how the index finds a reference's cells
//! where the places worked out for the template do not apply (a group given on a single row,
//! last year's report, an id the template does not declare), and how it names a finding's cells.

use std::cell::Cell;
use std::collections::HashMap;

use smallvec::SmallVec;

use nianbao_model::{BoundCell, Report};
use nianbao_rules::ids::TemplateIds;

use crate::ids::same_id;

/// Every row the report gave a cell of, numbered, with its cells in document order.
#[derive(Debug, Default)]
pub(crate) struct ByIds<'a> {
    /// (table, row) → the row's number: a reference's cells are looked up a row at a time, a
    /// row's few columns compared, not hashed.
    rows: HashMap<(&'a str, &'a str), usize, TemplateIds>,
    /// By the number `rows` gives (the map's values cannot be lent past the key's lifetime);
    /// a row's cells are kept inline up to a table row's usual width.
    row_cells: Vec<SmallVec<[&'a BoundCell; 8]>>,
    /// The table of each row, by the number `rows` gives.
    row_tables: Vec<&'a str>,
    /// The number of the row found last: the references of one instance, and consecutive
    /// instances over a row's cells, mostly read one row.
    last: Cell<Option<usize>>,
}

impl<'a> ByIds<'a> {
    pub fn new(report: &'a Report) -> Self {
        let mut by_ids = Self::default();
        for table in &report.tables {
            // A row's cells come one after another: its number is looked up once.
            let mut last: Option<(&str, usize)> = None;
            for cell in &table.cells {
                let at = match last {
                    Some((row, at)) if same_id(row, &cell.row) => at,
                    _ => *by_ids
                        .rows
                        .entry((table.id.as_str(), cell.row.as_str()))
                        .or_insert_with(|| {
                            by_ids.row_cells.push(SmallVec::new());
                            by_ids.row_tables.push(table.id.as_str());
                            by_ids.row_cells.len() - 1
                        }),
                };
                last = Some((cell.row.as_str(), at));
                if let Some(cells) = by_ids.row_cells.get_mut(at) {
                    cells.push(cell);
                }
            }
        }
        by_ids
    }

    /// The cells the report gave of a row, in document order (none when it gave no such row).
    pub fn row(&self, table: &str, row: &str) -> &[&'a BoundCell] {
        let is_last = |at: usize| {
            let first = self.row_cells.get(at).and_then(|cells| cells.first());
            first.is_some_and(|cell| same_id(&cell.row, row))
                && self.row_tables.get(at).is_some_and(|&t| same_id(t, table))
        };
        let at = self.last.get().filter(|&at| is_last(at)).or_else(|| {
            let found = self.rows.get(&(table, row)).copied();
            if found.is_some() {
                self.last.set(found);
            }
            found
        });
        at.and_then(|at| self.row_cells.get(at))
            .map_or(&[], SmallVec::as_slice)
    }

    /// Whether the report gave a cell of the row.
    pub fn has_row(&self, table: &str, row: &str) -> bool {
        self.rows.contains_key(&(table, row))
    }
}
