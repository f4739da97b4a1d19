//! Where a template's cell references read, worked out once per template instead of once per
//! instance of every report. A reference names its rows and columns by id, or through a
//! variable over the template's own items; either way it reads the same places of every report,
//! except where a report gives a group on a single row (then the report's index resolves it).
//! A report's cells are laid out once in a grid of those places, and an instance reads them by
//! number: looking the ids up again for every operand of every instance was most of evaluating.

use std::collections::HashMap;

use nianbao_model::{BoundCell, Id, Report};
use nianbao_rules::ids::TemplateIds;
use nianbao_rules::ruleset::{CellRef, Check, Item, Selector, Template};

use super::select::{self, Given};
use crate::ids::same_id;

/// The most places a template's grid may have: each report's grid is a pointer per place, and
/// the shipped templates have a few hundred. A rule file declaring more (tables of thousands of
/// rows and columns) is evaluated by looking ids up, without a grid that size per report.
const MAX_PLACES: usize = 1 << 16;

/// A cell of the template's grid; `None` for a row and column that cannot hold one (an id the
/// template does not declare).
type Place = Option<u32>;

/// (reference, item of its row variable, item of its column variable), by address; 0 where
/// the selector has no variable.
type Key = (usize, usize, usize);

/// The places every reference of a template's checks reads, for every item its variables
/// take.
#[derive(Debug)]
pub(crate) struct Places {
    /// The address of the template they were worked out for: its references and items are
    /// keyed by address, so they are read only for that template.
    template: usize,
    /// Per table, in template order.
    tables: Vec<Shape>,
    /// Rows of all tables together.
    rows: usize,
    /// Places of all tables together.
    cells: usize,
    /// What each reference reads, in the order it reads it.
    reads: HashMap<Key, Box<[Place]>, TemplateIds>,
}

/// A table's rows and columns, numbered.
#[derive(Debug)]
struct Shape {
    id: String,
    /// Its first row among all tables' rows.
    first_row: u32,
    /// Its first place among all tables' places; a row's places follow each other.
    first_place: u32,
    /// Every row and group of every part, by id.
    rows: HashMap<String, u32, TemplateIds>,
    /// Every column and group of every part, by id.
    columns: HashMap<String, u32, TemplateIds>,
    /// The rows' numbers by the address of the template's own id text, which every cell
    /// bound to the row shares: a report's cells are laid out without hashing and comparing
    /// their ids' text (a cell with an id of its own is found by the text).
    rows_at: HashMap<usize, u32, TemplateIds>,
    /// The same for the columns.
    columns_at: HashMap<usize, u32, TemplateIds>,
}

impl Shape {
    /// The row's number among all tables' rows.
    fn row(&self, row: &str) -> Option<u32> {
        self.of_all(*self.rows.get(row)?)
    }

    /// The number among all tables' rows of the row numbered `row` within the table.
    fn of_all(&self, row: u32) -> Option<u32> {
        self.first_row.checked_add(row)
    }

    /// The place of the row (numbered within the table) and column: a row's places follow
    /// each other.
    fn place(&self, row: u32, column: &str) -> Option<u32> {
        self.place_of_numbers(row, *self.columns.get(column)?)
    }

    /// The place of the row and column numbered within the table.
    fn place_of_numbers(&self, row: u32, column: u32) -> Option<u32> {
        let width = u32::try_from(self.columns.len()).ok()?;
        self.first_place
            .checked_add(row.checked_mul(width)?)?
            .checked_add(column)
    }

    /// The number within the table of a cell's row.
    fn row_of(&self, row: &Id) -> Option<u32> {
        match self.rows_at.get(&text_address(row)) {
            Some(&number) => Some(number),
            None => self.rows.get(row.as_str()).copied(),
        }
    }

    /// The place of a cell's row (numbered within the table) and column.
    fn place_of(&self, row: u32, column: &Id) -> Option<u32> {
        let column = match self.columns_at.get(&text_address(column)) {
            Some(&number) => number,
            None => *self.columns.get(column.as_str())?,
        };
        self.place_of_numbers(row, column)
    }
}

/// Where an id's text is: the same for every clone of the template's id.
fn text_address(id: &Id) -> usize {
    id.as_str().as_ptr().addr()
}

/// A report's cells at the places of its template.
#[derive(Debug)]
pub(crate) struct Grid<'a> {
    places: &'a Places,
    cells: Vec<Option<&'a BoundCell>>,
    /// Whether the report gave a cell of each row.
    rows: Vec<bool>,
}

fn address<T>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

impl Places {
    /// Works out every reference of the template's checks; `None` for a template whose grid
    /// would be too large.
    pub fn new(template: &Template) -> Option<Self> {
        let mut places = Self {
            template: address(template),
            tables: Vec::new(),
            rows: 0,
            cells: 0,
            reads: HashMap::default(),
        };
        for table in &template.tables {
            places.add_table(table);
        }
        if places.cells > MAX_PLACES || places.rows > MAX_PLACES {
            return None;
        }
        for check in &template.checks {
            // A check with a variable over nothing has no instance.
            if check.bindings.iter().any(|b| b.items.is_empty()) {
                continue;
            }
            for expr in check.when.iter().chain(&check.asserts) {
                for reference in expr.cell_refs_here() {
                    places.add_reference(template, check, reference);
                }
            }
        }
        Some(places)
    }

    /// The table with the given id.
    fn shape(&self, table: &str) -> Option<&Shape> {
        self.tables.iter().find(|s| s.id == table)
    }

    fn add_table(&mut self, table: &nianbao_rules::ruleset::Table) {
        let mut rows: HashMap<String, u32, TemplateIds> = HashMap::default();
        let mut columns: HashMap<String, u32, TemplateIds> = HashMap::default();
        let mut rows_at: HashMap<usize, u32, TemplateIds> = HashMap::default();
        let mut columns_at: HashMap<usize, u32, TemplateIds> = HashMap::default();
        for part in &table.parts {
            for node in &part.rows.nodes {
                let next = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                let number = *rows.entry(node.id.to_string()).or_insert(next);
                rows_at.insert(text_address(&node.id), number);
            }
            for node in &part.columns.nodes {
                let next = u32::try_from(columns.len()).unwrap_or(u32::MAX);
                let number = *columns.entry(node.id.to_string()).or_insert(next);
                columns_at.insert(text_address(&node.id), number);
            }
        }
        let (first_row, first_place) = (
            u32::try_from(self.rows).unwrap_or(u32::MAX),
            u32::try_from(self.cells).unwrap_or(u32::MAX),
        );
        self.rows = self.rows.saturating_add(rows.len());
        self.cells = self
            .cells
            .saturating_add(rows.len().saturating_mul(columns.len()));
        self.tables.push(Shape {
            id: table.id.clone(),
            first_row,
            first_place,
            rows,
            columns,
            rows_at,
            columns_at,
        });
    }

    /// Works out what `reference` reads for every item of the variables it depends on.
    fn add_reference(&mut self, template: &Template, check: &Check, reference: &CellRef) {
        // A group without leaves stands alone wherever the report gives its row: left to the
        // report's index.
        if matches!(&reference.row, Selector::Group { leaves, .. } if leaves.is_empty()) {
            return;
        }
        let var = |selector: &Selector| match selector {
            Selector::Var(var) | Selector::Child(var, _) => Some(var.0),
            _ => None,
        };
        let (row_var, column_var) = (var(&reference.row), var(&reference.column));
        // The items a variable takes; `said(F)` takes the report's statements, which no
        // reference reads through, and is left to the report's index.
        let domain = |var: Option<usize>| -> Option<Vec<Option<&Item>>> {
            let Some(var) = var else {
                return Some(vec![None]);
            };
            let items = &check.bindings.get(var)?.items;
            if matches!(items.as_slice(), [Item::Said { .. }]) {
                return None;
            }
            Some(items.iter().map(Some).collect())
        };
        let (Some(row_items), Some(column_items)) = (domain(row_var), domain(column_var)) else {
            return;
        };
        // One variable on both sides takes the same item on both.
        let pairs: Vec<(Option<&Item>, Option<&Item>)> =
            if row_var.is_some() && row_var == column_var {
                row_items.iter().map(|&item| (item, item)).collect()
            } else {
                row_items
                    .iter()
                    .flat_map(|&r| column_items.iter().map(move |&c| (r, c)))
                    .collect()
            };
        let mut env: Vec<&Item> = check
            .bindings
            .iter()
            .filter_map(|b| b.items.first())
            .collect();
        for (row_item, column_item) in pairs {
            for (var, item) in [(row_var, row_item), (column_var, column_item)] {
                if let (Some(var), Some(item)) = (var, item)
                    && let Some(slot) = env.get_mut(var)
                {
                    *slot = item;
                }
            }
            let key = (
                address(reference),
                row_item.map_or(0, address),
                column_item.map_or(0, address),
            );
            let reads = self.resolve(template, reference, &env);
            self.reads.insert(key, reads);
        }
    }

    /// The places `reference` reads with the variables' items `env`, in a report that gives
    /// no group on a single row in place of its leaves (an index with a grid has none, so a
    /// group of the template is never read alone).
    fn resolve(&self, template: &Template, reference: &CellRef, env: &[&Item]) -> Box<[Place]> {
        let table = reference.table.as_str();
        let shape = self.shape(table);
        let mut places = Vec::new();
        select::rows(
            template,
            &NoneAlone,
            table,
            &reference.row,
            env,
            &mut |row| {
                let numbered = shape.and_then(|s| Some((s, *s.rows.get(row)?)));
                select::columns(
                    template,
                    table,
                    row,
                    &reference.column,
                    env,
                    &mut |column| {
                        places.push(numbered.and_then(|(s, r)| s.place(r, column)));
                    },
                );
            },
        );
        places.into()
    }

    /// Whether these places were worked out for `template`.
    pub fn are_for(&self, template: &Template) -> bool {
        self.template == address(template)
    }

    /// The report's cells at their places; `None` when it has a table, row or column the
    /// template does not declare (a report made by other means), which the index resolves.
    pub fn grid<'a>(&'a self, report: &'a Report) -> Option<Grid<'a>> {
        let mut grid = Grid {
            places: self,
            cells: vec![None; self.cells],
            rows: vec![false; self.rows],
        };
        for table in &report.tables {
            let shape = self.shape(&table.id)?;
            // A row's cells come one after another: its number is looked up once.
            let mut last: Option<(&str, u32)> = None;
            for cell in &table.cells {
                let row = match last {
                    Some((id, row)) if same_id(id, &cell.row) => row,
                    _ => shape.row_of(&cell.row)?,
                };
                last = Some((cell.row.as_str(), row));
                let given = shape.of_all(row)?;
                *grid.rows.get_mut(usize::try_from(given).ok()?)? = true;
                // The last cell of a row and column wins, as the index's lookup finds it.
                let place = shape.place_of(row, &cell.column)?;
                *grid.cells.get_mut(usize::try_from(place).ok()?)? = Some(cell);
            }
        }
        Some(grid)
    }
}

impl<'a> Grid<'a> {
    /// The cells `reference` reads in this report with the variables' items `env`; `None`
    /// when it was not worked out for them.
    pub fn read(&self, reference: &CellRef, env: &[&Item]) -> Option<PlacedCells<'_, 'a>> {
        let item = |selector: &Selector| match selector {
            Selector::Var(var) | Selector::Child(var, _) => {
                env.get(var.0).map_or(0, |i| address(*i))
            }
            _ => 0,
        };
        let key = (
            address(reference),
            item(&reference.row),
            item(&reference.column),
        );
        Some(PlacedCells {
            places: self.places.reads.get(&key)?.iter(),
            grid: self,
        })
    }

    /// Whether the report gave a cell of the row `row` of `table`.
    pub fn has_row(&self, table: &str, row: &str) -> bool {
        self.places
            .shape(table)
            .and_then(|s| s.row(row))
            .and_then(|r| self.rows.get(usize::try_from(r).ok()?).copied())
            .unwrap_or(false)
    }
}

/// The cells of a reference at their places, in order; `None` where the report has none.
#[derive(Debug, Clone)]
pub(crate) struct PlacedCells<'p, 'a> {
    places: std::slice::Iter<'p, Place>,
    grid: &'p Grid<'a>,
}

impl<'a> Iterator for PlacedCells<'_, 'a> {
    type Item = Option<&'a BoundCell>;

    fn next(&mut self) -> Option<Self::Item> {
        let place = (*self.places.next()?).and_then(|p| usize::try_from(p).ok());
        Some(place.and_then(|p| self.grid.cells.get(p).copied().flatten()))
    }
}

/// A report no group of which is given on a single row in place of its leaves.
struct NoneAlone;

impl Given for NoneAlone {
    fn effective_row<'r>(&'r self, _table: &str, row: &'r str) -> &'r str {
        row
    }

    fn group_alone(&self, _table: &str, _id: &str, _leaves: &[String]) -> bool {
        false
    }
}
