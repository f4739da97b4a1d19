//! What the evaluator looks things up in: the bound cells by id, the template's structure,
//! and the items the check's variables currently stand for.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use foldhash::HashSet;

use smallvec::SmallVec;

use nianbao_model::{BoundCell, Report};

use crate::ids::same_id;

use nianbao_rules::ids::TemplateIds;
use nianbao_rules::ruleset::{CellRef, Item, Template};

use super::by_ids::ByIds;
use super::places::{Grid, PlacedCells, Places};

/// Fast lookup of bound cells and of the template's rows and columns.
pub(crate) struct Index<'a> {
    pub template: &'a Template,
    pub report: &'a Report,
    /// The report's cells by their ids; made only when first needed where cells are read at
    /// places.
    by_ids: OnceCell<ByIds<'a>>,
    /// (table, leaf row) → the group whose single row stands for it: a report gave the group
    /// on one row (the 2019 layout of （六）其他处理) and none of its leaves.
    collapsed: HashMap<(&'a str, &'a str), &'a str, TemplateIds>,
    /// fact id → an item for each of the report's statements of it, in text order: what a
    /// `said(F)` variable takes in turn.
    statements: HashMap<&'a str, Vec<Item>, TemplateIds>,
    /// Last year's report of the same agency, for the checks that compare with it.
    pub previous: Option<Box<Previous<'a>>>,
    /// Other agencies' reports of the batch, for the checks that compare with them.
    pub peers: Option<crate::units::Peers<'a>>,
    /// For an aggregate report: its constituent organs' reports, indexed, and the organs
    /// without a report.
    pub children: Option<Box<Children<'a>>>,
    /// The cells of each reference that names its rows and columns outright, by the
    /// reference's address (a check over a table's rows reads its total in every instance).
    /// Sound: a reference given is borrowed for `'a`, which outlives the index, so no other
    /// reference can take its address while the index exists; and the `RefCell` makes the
    /// index invariant in `'a`, so it cannot be re-typed to a shorter `'a` that a temporary
    /// reference would satisfy.
    resolved: RefCell<HashMap<usize, Resolved<'a>, TemplateIds>>,
    /// This report's cells at the places the template's references read.
    placed: Option<Grid<'a>>,
}

/// The cells one reference stands for.
pub(crate) type Resolved<'a> = SmallVec<[Option<&'a BoundCell>; 8]>;

/// An aggregate report's constituent organs' reports.
pub(crate) struct Children<'a> {
    /// Each report, indexed, with the name it was checked under.
    pub reports: Vec<(Index<'a>, &'a str)>,
    /// The organs the manifest lists that have no report, as the manifest writes them.
    pub missing: &'a [String],
}

/// Last year's report, indexed like this year's.
pub(crate) struct Previous<'a> {
    pub index: Index<'a>,
    /// The name it was checked under (its path), for pointing at it.
    pub name: &'a str,
    /// Its sentences' hashes, for `repeated(S)`.
    pub sentences: HashSet<u64>,
}

impl<'a> Index<'a> {
    pub fn new(report: &'a Report, template: &'a Template) -> Self {
        let by_ids = ByIds::new(report);
        let collapsed = collapsed_groups(template, |table, row| by_ids.has_row(table, row));
        Self::with(report, template, OnceCell::from(by_ids), collapsed, None)
    }

    /// An index reading cells at the places worked out for its template, if given, unless
    /// they are another template's, a group of the report stands for its leaves (the places
    /// assume none does) or the report has an id the template does not declare; the cells by
    /// their ids are then made only if asked.
    pub fn at_places(
        report: &'a Report,
        template: &'a Template,
        places: Option<&'a Places>,
    ) -> Self {
        if let Some(places) = places
            && places.are_for(template)
            && let Some(grid) = places.grid(report)
        {
            let collapsed = collapsed_groups(template, |table, row| grid.has_row(table, row));
            if collapsed.is_empty() {
                return Self::with(report, template, OnceCell::new(), collapsed, Some(grid));
            }
        }
        Self::new(report, template)
    }

    fn with(
        report: &'a Report,
        template: &'a Template,
        by_ids: OnceCell<ByIds<'a>>,
        collapsed: HashMap<(&'a str, &'a str), &'a str, TemplateIds>,
        placed: Option<Grid<'a>>,
    ) -> Self {
        let mut statements: HashMap<&'a str, Vec<Item>, TemplateIds> = HashMap::default();
        for (at, statement) in report.statements.iter().enumerate() {
            statements
                .entry(statement.fact.as_str())
                .or_default()
                .push(Item::Statement {
                    fact: statement.fact.clone(),
                    at,
                    text: statement.text.clone(),
                });
        }
        Self {
            template,
            report,
            by_ids,
            collapsed,
            statements,
            previous: None,
            peers: None,
            children: None,
            resolved: RefCell::default(),
            placed,
        }
    }

    /// The report's cells by their ids.
    fn by_ids(&self) -> &ByIds<'a> {
        self.by_ids.get_or_init(|| ByIds::new(self.report))
    }

    /// Whether cells are read at places.
    #[cfg(test)]
    pub fn is_placed(&self) -> bool {
        self.placed.is_some()
    }

    /// The cells `reference` reads with the variables' items `env`, at their places; `None`
    /// when there are no places for them.
    pub fn placed(&self, reference: &CellRef, env: &[&Item]) -> Option<PlacedCells<'_, 'a>> {
        self.placed.as_ref()?.read(reference, env)
    }

    /// The cells `reference` was found to stand for, if it was resolved before.
    pub fn resolved(&self, reference: &'a CellRef) -> Option<Resolved<'a>> {
        let key = std::ptr::from_ref(reference).addr();
        self.resolved.borrow().get(&key).cloned()
    }

    /// Keeps the cells `reference` stands for, for its next instances.
    pub fn remember(&self, reference: &'a CellRef, cells: &Resolved<'a>) {
        let key = std::ptr::from_ref(reference).addr();
        self.resolved.borrow_mut().insert(key, cells.clone());
    }

    /// This index with the constituent organs' reports of an aggregate report.
    pub fn with_children(mut self, family: &'a crate::aggregate::Family<'a>) -> Self {
        let reports = family
            .children
            .iter()
            .map(|(carry, template)| (Index::new(carry.report(), template), carry.name.as_str()))
            .collect();
        self.children = Some(Box::new(Children {
            reports,
            missing: &family.missing,
        }));
        self
    }

    /// This index with last year's report to compare with.
    pub fn with_previous(
        mut self,
        report: &'a Report,
        template: &'a Template,
        name: &'a str,
    ) -> Self {
        self.previous = Some(Box::new(Previous {
            index: Index::new(report, template),
            name,
            sentences: report.sentences.iter().map(|s| s.hash).collect(),
        }));
        self
    }

    /// The items a variable takes: the binding's own, or for `said(F)` the report's
    /// statements of `F`.
    pub fn items<'i>(&'i self, items: &'i [Item]) -> &'i [Item] {
        match items {
            [Item::Said { fact }] => self
                .statements
                .get(fact.as_str())
                .map_or(&[], Vec::as_slice),
            _ => items,
        }
    }

    /// The statement a `said(F)` variable stands for.
    pub fn statement(&self, item: &Item) -> Option<&'a nianbao_model::Statement> {
        match item {
            Item::Statement { at, .. } => self.report.statements.get(*at),
            _ => None,
        }
    }

    /// The first statement of a fact whose figure is exact.
    pub fn first_exact(&self, fact: &str) -> Option<&'a nianbao_model::Statement> {
        self.report
            .statements
            .iter()
            .find(|s| s.fact == fact && s.exact && s.value.is_some())
    }

    /// How many times the prose states a fact.
    pub fn mentions(&self, fact: &str) -> usize {
        self.statements.get(fact).map_or(0, Vec::len)
    }

    /// The row that stands for `row`: the row itself, or the group given on a single row in
    /// its place.
    pub fn effective_row<'r>(&self, table: &str, row: &'r str) -> &'r str
    where
        'a: 'r,
    {
        self.collapsed.get(&(table, row)).copied().unwrap_or(row)
    }

    /// Whether some group of the report stands for its leaves.
    pub fn has_collapsed(&self) -> bool {
        !self.collapsed.is_empty()
    }

    /// The variables' items with every leaf row replaced by the group row standing for it.
    pub fn effective_env(&self, env: &[&Item]) -> Vec<Item> {
        env.iter()
            .map(|item| match item {
                Item::Row { table, row } => Item::Row {
                    table: table.clone(),
                    row: self.effective_row(table, row).to_owned(),
                },
                Item::Cell { table, row, column } => Item::Cell {
                    table: table.clone(),
                    row: self.effective_row(table, row).to_owned(),
                    column: column.clone(),
                },
                other => (*other).clone(),
            })
            .collect()
    }

    pub fn cell(&self, table: &str, row: &str, column: &str) -> Option<&'a BoundCell> {
        self.row(table, row).cell(column)
    }

    /// The cells the document gave of a row (none when it gave no such row).
    pub fn row(&self, table: &str, row: &str) -> RowCells<'_, 'a> {
        RowCells(self.by_ids().row(table, row))
    }

    /// Whether the document had any cell of the table (a report kept for comparing says by
    /// its figures).
    pub fn has_table(&self, table: &str) -> bool {
        self.report
            .table(table)
            .is_some_and(|t| !t.cells.is_empty())
            || (!self.report.figures.is_empty() && {
                let key = super::repeat::table_keys(&[table.to_owned()]);
                self.report.figures.iter().any(|f| key.contains(&f.table))
            })
    }

    /// Whether the document gave a row (or a group on a single row) of the table.
    pub fn has_row(&self, table: &str, row: &str) -> bool {
        match &self.placed {
            Some(grid) => grid.has_row(table, row),
            None => self.by_ids().has_row(table, row),
        }
    }
}

impl super::select::Given for Index<'_> {
    fn effective_row<'r>(&'r self, table: &str, row: &'r str) -> &'r str {
        Index::effective_row(self, table, row)
    }

    fn group_alone(&self, table: &str, id: &str, leaves: &[String]) -> bool {
        !leaves.iter().any(|l| self.has_row(table, l)) && self.has_row(table, id)
    }
}

/// The bound cells of one row, in document order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowCells<'i, 'a>(&'i [&'a BoundCell]);

impl<'a> RowCells<'_, 'a> {
    /// The row's cell in `column`; the last one where the document repeats it.
    pub fn cell(&self, column: &str) -> Option<&'a BoundCell> {
        self.0
            .iter()
            .rev()
            .find(|c| same_id(&c.column, column))
            .copied()
    }
}

/// For every table, the leaves a group given on its own single row stands for: the group has
/// cells of its own and none of its leaves has any. The outermost such group wins.
/// `has_row(table, row)` says whether the report gave a cell of the row.
fn collapsed_groups(
    template: &Template,
    has_row: impl Fn(&str, &str) -> bool,
) -> HashMap<(&str, &str), &str, TemplateIds> {
    let mut collapsed = HashMap::default();
    for table in &template.tables {
        let has_row = |row: &str| has_row(&table.id, row);
        for part in &table.parts {
            for group in part.rows.nodes.iter().filter(|n| n.is_group) {
                if !has_row(&group.id) {
                    continue;
                }
                let leaves = part.rows.leaves_under(&group.id);
                if leaves.iter().any(|l| has_row(&l.id)) {
                    continue;
                }
                for leaf in leaves {
                    collapsed
                        .entry((table.id.as_str(), leaf.id.as_str()))
                        .or_insert(group.id.as_str());
                }
            }
        }
    }
    collapsed
}
