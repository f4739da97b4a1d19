//! What the evaluator looks things up in: the bound cells by id, the template's structure,
//! and the items the check's variables currently stand for.

use std::collections::HashMap;

use nianbao_model::{BoundCell, Report};
use nianbao_rules::ruleset::{Axis, Item, Selector, Template};

/// Fast lookup of bound cells and of the template's rows and columns.
pub(crate) struct Index<'a> {
    pub template: &'a Template,
    pub report: &'a Report,
    cells: HashMap<(&'a str, &'a str, &'a str), &'a BoundCell>,
    /// (table, leaf row) → the group whose single row stands for it: a report gave the group
    /// on one row (the 2019 layout of （六）其他处理) and none of its leaves.
    collapsed: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> Index<'a> {
    pub fn new(report: &'a Report, template: &'a Template) -> Self {
        let cells: HashMap<(&str, &str, &str), &BoundCell> = report
            .tables
            .iter()
            .flat_map(|t| {
                t.cells
                    .iter()
                    .map(move |c| ((t.id.as_str(), c.row.as_str(), c.column.as_str()), c))
            })
            .collect();
        let collapsed = collapsed_groups(report, template);
        Self {
            template,
            report,
            cells,
            collapsed,
        }
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

    /// Row ids with each standing-in group named once, in order.
    fn effective_rows<'r>(
        &self,
        table: &str,
        rows: impl IntoIterator<Item = &'r String>,
    ) -> Vec<String>
    where
        'a: 'r,
    {
        let mut out: Vec<String> = Vec::new();
        for row in rows {
            let row = self.effective_row(table, row);
            if !out.iter().any(|r| r == row) {
                out.push(row.to_owned());
            }
        }
        out
    }

    pub fn cell(&self, table: &str, row: &str, column: &str) -> Option<&'a BoundCell> {
        self.cells.get(&(table, row, column)).copied()
    }

    /// Whether the document had any cell of the table.
    pub fn has_table(&self, table: &str) -> bool {
        self.report
            .table(table)
            .is_some_and(|t| !t.cells.is_empty())
    }

    /// Whether the document gave a row (or a group on a single row) of the table.
    pub fn has_row(&self, table: &str, row: &str) -> bool {
        self.report
            .table(table)
            .is_some_and(|t| t.cells.iter().any(|c| c.row == row))
    }

    /// Row ids a selector stands for.
    pub fn rows(&self, table: &str, selector: &Selector, env: &[&Item]) -> Vec<String> {
        match selector {
            Selector::Id(id) => vec![self.effective_row(table, id).to_owned()],
            Selector::Ids(ids) => self.effective_rows(table, ids),
            Selector::Group { id, leaves } => {
                let collapsed =
                    !leaves.iter().any(|l| self.has_row(table, l)) && self.has_row(table, id);
                if collapsed {
                    vec![id.clone()]
                } else {
                    self.effective_rows(table, leaves)
                }
            }
            Selector::Var(var) => match env.get(var.0) {
                Some(Item::Row { row, .. } | Item::Cell { row, .. }) => {
                    vec![self.effective_row(table, row).to_owned()]
                }
                Some(Item::RowGroup { group, .. }) => self
                    .template
                    .table(table)
                    .and_then(|t| t.part_of_row(group))
                    .map(|(_, part)| self.effective_rows(table, &leaf_ids(&part.rows, group)))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            Selector::Child(var, child) => match env.get(var.0) {
                Some(Item::RowGroup { group, .. }) => vec![format!("{group}.{child}")],
                _ => Vec::new(),
            },
            Selector::AllColumns => Vec::new(),
        }
    }

    /// Column ids a selector stands for, for cells of the given row.
    pub fn columns(
        &self,
        table: &str,
        row: &str,
        selector: &Selector,
        env: &[&Item],
    ) -> Vec<String> {
        let part = self
            .template
            .table(table)
            .and_then(|t| t.part_of_row(row))
            .map(|(_, p)| p);
        match selector {
            Selector::Id(id) => vec![id.clone()],
            Selector::Ids(ids) | Selector::Group { leaves: ids, .. } => ids.clone(),
            Selector::AllColumns => part
                .map(|p| p.columns.leaves().map(|n| n.id.clone()).collect())
                .unwrap_or_default(),
            Selector::Var(var) => match env.get(var.0) {
                Some(Item::Column { column, .. } | Item::Cell { column, .. }) => {
                    vec![column.clone()]
                }
                Some(Item::ColumnGroup { group, .. }) => part
                    .map(|p| leaf_ids(&p.columns, group))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            Selector::Child(var, child) => match env.get(var.0) {
                Some(Item::ColumnGroup { group, .. }) => vec![format!("{group}.{child}")],
                _ => Vec::new(),
            },
        }
    }
}

/// The ids of the leaves under a node of an axis.
fn leaf_ids(axis: &Axis, node: &str) -> Vec<String> {
    axis.leaves_under(node)
        .iter()
        .map(|n| n.id.clone())
        .collect()
}

/// For every table, the leaves a group given on its own single row stands for: the group has
/// cells of its own and none of its leaves has any. The outermost such group wins.
fn collapsed_groups<'a>(
    report: &'a Report,
    template: &'a Template,
) -> HashMap<(&'a str, &'a str), &'a str> {
    let mut collapsed = HashMap::new();
    for table in &template.tables {
        let Some(bound) = report.table(&table.id) else {
            continue;
        };
        let has_row = |row: &str| bound.cells.iter().any(|c| c.row == row);
        for part in &table.parts {
            for group in part.rows.nodes.iter().filter(|n| n.is_group) {
                let leaves = part.rows.leaves_under(&group.id);
                if !has_row(&group.id) || leaves.iter().any(|l| has_row(&l.id)) {
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
