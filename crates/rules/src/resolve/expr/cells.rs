//! Resolving cell references `T[row, column]`: ids, quoted labels, variables and `*`.

use super::{Scope, Typed, mismatch};
use crate::ast::{self, DomainKind, Span, Spanned};
use crate::error::{RuleError, RuleErrorKind};
use crate::resolve::closest;
use crate::ruleset::{Axis, CellRef, Item, Selector, Table};

/// Which axis a selector is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Row,
    Column,
}

impl Scope<'_> {
    pub(super) fn cell_ref(
        &mut self,
        table: &Spanned<String>,
        row: &Spanned<ast::Selector>,
        column: &Spanned<ast::Selector>,
        span: Span,
        errors: &mut Vec<RuleError>,
    ) -> Option<Typed> {
        let table = self.table(table, errors)?;
        let rows = self.selector(table, Side::Row, &[], row, errors);
        let parts = match &rows {
            Some((selector, _)) => self.parts_of_rows(table, selector),
            None => (0..table.parts.len()).collect(),
        };
        let columns = self.selector(table, Side::Column, &parts, column, errors);
        let ((row, row_set), (column, column_set)) = (rows?, columns?);
        Some(Typed::Cells {
            cells: CellRef {
                table: table.id.clone(),
                row,
                column,
                span,
            },
            set: row_set || column_set,
        })
    }

    /// Indexes of the parts the selected rows can lie in.
    fn parts_of_rows(&self, table: &Table, selector: &Selector) -> Vec<usize> {
        let ids: Vec<String> = match selector {
            Selector::Id(id) => vec![id.clone()],
            Selector::Ids(ids) | Selector::Group { leaves: ids, .. } => ids.clone(),
            Selector::Var(var) => self
                .vars
                .get(var.0)
                .map(|v| v.items.iter().filter_map(item_row).collect())
                .unwrap_or_default(),
            Selector::Child(..) | Selector::AllColumns => Vec::new(),
        };
        let mut parts: Vec<usize> = table
            .parts
            .iter()
            .enumerate()
            .filter(|(_, p)| ids.iter().any(|id| p.rows.find(id).is_some()))
            .map(|(at, _)| at)
            .collect();
        if parts.is_empty() {
            parts = (0..table.parts.len()).collect();
        }
        parts
    }

    /// Resolves one selector; the flag tells whether it selects several rows or columns.
    fn selector(
        &self,
        table: &Table,
        side: Side,
        parts: &[usize],
        written: &Spanned<ast::Selector>,
        errors: &mut Vec<RuleError>,
    ) -> Option<(Selector, bool)> {
        let axes: Vec<&Axis> = table
            .parts
            .iter()
            .enumerate()
            .filter(|(at, _)| side == Side::Row || parts.contains(at))
            .map(|(_, p)| {
                if side == Side::Row {
                    &p.rows
                } else {
                    &p.columns
                }
            })
            .collect();
        let name = match &written.node {
            ast::Selector::All => {
                return Some(match side {
                    Side::Row => (
                        Selector::Ids(
                            axes.iter()
                                .flat_map(|a| a.leaves().map(|n| n.id.to_string()))
                                .collect(),
                        ),
                        true,
                    ),
                    Side::Column => (Selector::AllColumns, true),
                });
            }
            ast::Selector::Label(label) => match by_label(&axes, label) {
                Some(id) => id,
                None => {
                    let labels = axes
                        .iter()
                        .flat_map(|a| a.nodes.iter().map(|n| n.label.text.as_str()));
                    let suggestion = closest(label, labels);
                    errors.push(unknown(table, side, label, suggestion, written.span));
                    return None;
                }
            },
            // An unquoted name that is no id and no variable may still be a label: `总计`.
            ast::Selector::Name(name) if self.is_plain_name(name, &axes) => {
                by_label(&axes, name).unwrap_or_else(|| name.clone())
            }
            ast::Selector::Name(name) => name.clone(),
        };
        if let Some(resolved) = self.var_selector(table, side, &name, &axes, written.span, errors) {
            return resolved;
        }
        // A row lies in one part; a column must exist in every part the rows may lie in.
        let in_every_axis =
            !axes.is_empty() && (side == Side::Row || axes.iter().all(|a| a.find(&name).is_some()));
        match axes.iter().find_map(|a| a.find(&name)) {
            Some(node) if in_every_axis => {
                if node.is_group {
                    let leaves = axes
                        .iter()
                        .find(|a| a.find(&name).is_some())
                        .map(|a| {
                            a.leaves_under(&name)
                                .iter()
                                .map(|n| n.id.to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    Some((Selector::Group { id: name, leaves }, true))
                } else {
                    Some((Selector::Id(name), false))
                }
            }
            _ => {
                let names = axes.iter().flat_map(|a| {
                    a.nodes
                        .iter()
                        .flat_map(|n| [n.id.as_str(), n.label.text.as_str()])
                });
                if let ast::Selector::Name(_) = &written.node
                    && let Some(e) =
                        self.misspelt_var(&name, side == Side::Row, names.clone(), written.span)
                {
                    errors.push(e);
                    return None;
                }
                errors.push(unknown(
                    table,
                    side,
                    &name,
                    closest(&name, names),
                    written.span,
                ));
                None
            }
        }
    }

    /// Whether a name is neither an id on these axes nor a variable (or `var.child`).
    fn is_plain_name(&self, name: &str, axes: &[&Axis]) -> bool {
        let head = name.split('.').next().unwrap_or_default();
        !axes.iter().any(|a| a.find(name).is_some()) && self.var(head).is_none()
    }

    /// A selector naming a variable, or `var.child`: `None` when the name is no variable.
    fn var_selector(
        &self,
        table: &Table,
        side: Side,
        name: &str,
        axes: &[&Axis],
        span: Span,
        errors: &mut Vec<RuleError>,
    ) -> Option<Option<(Selector, bool)>> {
        let (head, rest) = match name.split_once('.') {
            Some((head, rest)) if self.var(head).is_some() => (head, Some(rest)),
            _ => (name, None),
        };
        let (var, info) = self.var(head)?;
        if info.items.is_empty() {
            // Its domain was already reported as wrong.
            return Some(None);
        }
        if info.table.as_deref() != Some(table.id.as_str()) {
            return Some(mismatch("同一表格的变量", "其他表格的变量", span, errors));
        }
        let resolved = match (info.kind, side, rest) {
            (DomainKind::Rows, Side::Row, None) | (DomainKind::Columns, Side::Column, None) => {
                Some((Selector::Var(var), false))
            }
            (DomainKind::Cells, _, None) => Some((Selector::Var(var), false)),
            (DomainKind::RowGroups, Side::Row, None)
            | (DomainKind::ColumnGroups, Side::Column, None) => Some((Selector::Var(var), true)),
            (DomainKind::RowGroups, Side::Row, Some(child))
            | (DomainKind::ColumnGroups, Side::Column, Some(child)) => {
                for item in &info.items {
                    let group = match item {
                        Item::RowGroup { group, .. } | Item::ColumnGroup { group, .. } => group,
                        _ => continue,
                    };
                    let id = format!("{group}.{child}");
                    if !axes.iter().any(|a| a.find(&id).is_some()) {
                        let ids = axes
                            .iter()
                            .flat_map(|a| a.nodes.iter().map(|n| n.id.as_str()));
                        errors.push(unknown(table, side, &id, closest(&id, ids), span));
                        return Some(None);
                    }
                }
                Some((Selector::Child(var, child.to_owned()), false))
            }
            (_, Side::Row, _) => mismatch("行变量", "列变量", span, errors),
            (_, Side::Column, _) => mismatch("列变量", "行变量", span, errors),
        };
        Some(resolved)
    }
}

/// The id of the node whose official label (or a variant) is `label`, spaces ignored.
fn by_label(axes: &[&Axis], label: &str) -> Option<String> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let wanted = compact(label);
    axes.iter()
        .flat_map(|a| a.nodes.iter())
        .find(|n| n.label.all().any(|l| compact(l) == wanted))
        .map(|n| n.id.to_string())
}

fn item_row(item: &Item) -> Option<String> {
    match item {
        Item::Row { row, .. } | Item::Cell { row, .. } => Some(row.clone()),
        Item::RowGroup { group, .. } => Some(group.clone()),
        _ => None,
    }
}

fn unknown(
    table: &Table,
    side: Side,
    id: &str,
    suggestion: Option<String>,
    span: Span,
) -> RuleError {
    let kind = match side {
        Side::Row => RuleErrorKind::UnknownRow {
            table: table.id.clone(),
            id: id.to_owned(),
            suggestion,
        },
        Side::Column => RuleErrorKind::UnknownColumn {
            table: table.id.clone(),
            id: id.to_owned(),
            suggestion,
        },
    };
    RuleError::new(kind, span)
}
