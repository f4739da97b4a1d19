//! Where a template's cell references read, worked out once per template instead of once per
//! instance of every report. A reference names its rows and columns by id, or through a
//! variable over the template's own items; either way it reads the same places of every report,
//! except where a report gives a group on a single row (then the report's index resolves it).
//! A report's cells are laid out once in a grid of those places, and an instance reads them by
//! number: looking the ids up again for every operand of every instance was most of evaluating.

use std::collections::HashMap;

use nianbao_model::{BoundCell, Report};
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
    reads: HashMap<Key, Reads, TemplateIds>,
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
}

/// What one reference reads, for one choice of its variables' items.
#[derive(Debug)]
enum Reads {
    /// The same places in every report.
    Fixed(Box<[Place]>),
    /// A group's leaves, or the group's own row where a report gives it alone.
    Group {
        group: Option<u32>,
        leaves: Box<[Option<u32>]>,
        alone: Box<[Place]>,
        spread: Box<[Place]>,
    },
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
    /// Works out every reference of the template's checks.
    pub fn new(template: &Template) -> Self {
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
            // No report is read at places: the index looks every id up.
            places.tables.clear();
            return places;
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
        places
    }

    fn add_table(&mut self, table: &nianbao_rules::ruleset::Table) {
        let mut rows: HashMap<String, u32, TemplateIds> = HashMap::default();
        let mut columns: HashMap<String, u32, TemplateIds> = HashMap::default();
        for part in &table.parts {
            for node in &part.rows.nodes {
                let next = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                rows.entry(node.id.to_string()).or_insert(next);
            }
            for node in &part.columns.nodes {
                let next = u32::try_from(columns.len()).unwrap_or(u32::MAX);
                columns.entry(node.id.to_string()).or_insert(next);
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
        });
    }

    /// Works out what `reference` reads for every item of the variables it depends on.
    fn add_reference(&mut self, template: &Template, check: &Check, reference: &CellRef) {
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
        let mut env: Vec<&Item> = check
            .bindings
            .iter()
            .filter_map(|b| b.items.first())
            .collect();
        for &row_item in &row_items {
            for &column_item in &column_items {
                // One variable for both: its item is the same on both sides.
                let one_var = row_var.is_some() && row_var == column_var;
                if one_var
                    && !row_item
                        .zip(column_item)
                        .is_some_and(|(a, b)| std::ptr::eq(a, b))
                {
                    continue;
                }
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
    }

    fn resolve(&self, template: &Template, reference: &CellRef, env: &[&Item]) -> Reads {
        let table = reference.table.as_str();
        let shape = self.tables.iter().find(|s| s.id == table);
        let row_of = |row: &str| shape.and_then(|s| s.first_row.checked_add(*s.rows.get(row)?));
        let places = |alone: bool| -> Box<[Place]> {
            let mut places = Vec::new();
            select::rows(
                template,
                &Assumed { alone },
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
                            places.push(numbered.and_then(|(s, r)| {
                                let c = *s.columns.get(column)?;
                                let width = u32::try_from(s.columns.len()).ok()?;
                                place_of(s, r, width, c)
                            }));
                        },
                    );
                },
            );
            places.into()
        };
        match &reference.row {
            Selector::Group { id, leaves } => Reads::Group {
                group: row_of(id),
                leaves: leaves.iter().map(|l| row_of(l)).collect(),
                alone: places(true),
                spread: places(false),
            },
            _ => Reads::Fixed(places(false)),
        }
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
            let shape = self.tables.iter().find(|s| same_id(&s.id, &table.id))?;
            let width = u32::try_from(shape.columns.len()).ok()?;
            // A row's cells come one after another: its number is looked up once.
            let mut last: Option<(&str, u32)> = None;
            for cell in &table.cells {
                let row = match last {
                    Some((id, row)) if same_id(id, &cell.row) => row,
                    _ => *shape.rows.get(cell.row.as_str())?,
                };
                last = Some((cell.row.as_str(), row));
                let column = *shape.columns.get(cell.column.as_str())?;
                *grid
                    .rows
                    .get_mut(usize::try_from(shape.first_row.checked_add(row)?).ok()?)? = true;
                // The last cell of a row and column wins, as the index's lookup finds it.
                let place = place_of(shape, row, width, column)?;
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
        let places = match self.places.reads.get(&key)? {
            Reads::Fixed(places) => places,
            Reads::Group {
                group,
                leaves,
                alone,
                spread,
            } => {
                if !leaves.iter().any(|&row| self.given(row)) && self.given(*group) {
                    alone
                } else {
                    spread
                }
            }
        };
        Some(PlacedCells {
            places: places.iter(),
            grid: self,
        })
    }

    /// Whether the report gave a cell of the row `row` of `table`.
    pub fn has_row(&self, table: &str, row: &str) -> bool {
        let shape = self.places.tables.iter().find(|s| s.id == table);
        self.given(shape.and_then(|s| s.first_row.checked_add(*s.rows.get(row)?)))
    }

    /// Whether the report gave a cell of the numbered row.
    fn given(&self, row: Option<u32>) -> bool {
        row.and_then(|r| self.rows.get(usize::try_from(r).ok()?).copied())
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

/// The place of a table's row and column: its rows' places follow each other.
fn place_of(shape: &Shape, row: u32, width: u32, column: u32) -> Option<u32> {
    shape
        .first_place
        .checked_add(row.checked_mul(width)?)?
        .checked_add(column)
}

/// A report no group of which stands for its leaves, and whose group rows are given alone
/// or not as assumed.
struct Assumed {
    alone: bool,
}

impl Given for Assumed {
    fn effective_row<'r>(&'r self, _table: &str, row: &'r str) -> &'r str {
        row
    }

    fn group_alone(&self, _table: &str, _id: &str, _leaves: &[String]) -> bool {
        self.alone
    }
}
