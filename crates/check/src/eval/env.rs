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
}

impl<'a> Index<'a> {
    pub fn new(report: &'a Report, template: &'a Template) -> Self {
        let cells = report
            .tables
            .iter()
            .flat_map(|t| {
                t.cells
                    .iter()
                    .map(move |c| ((t.id.as_str(), c.row.as_str(), c.column.as_str()), c))
            })
            .collect();
        Self {
            template,
            report,
            cells,
        }
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
            Selector::Id(id) => vec![id.clone()],
            Selector::Ids(ids) => ids.clone(),
            Selector::Group { id, leaves } => {
                let collapsed =
                    !leaves.iter().any(|l| self.has_row(table, l)) && self.has_row(table, id);
                if collapsed {
                    vec![id.clone()]
                } else {
                    leaves.clone()
                }
            }
            Selector::Var(var) => match env.get(var.0) {
                Some(Item::Row { row, .. } | Item::Cell { row, .. }) => vec![row.clone()],
                Some(Item::RowGroup { group, .. }) => self
                    .template
                    .table(table)
                    .and_then(|t| t.part_of_row(group))
                    .map(|(_, part)| leaf_ids(&part.rows, group))
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
