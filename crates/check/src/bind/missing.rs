//! What a found table lacks: declared rows and columns with no cell, reported next to the
//! neighbouring row that was found, and every declared cell not found listed as missing.

use std::collections::HashMap;

use nianbao_model::{BoundTable, MissingCell, Span};
use nianbao_rules::ids::TemplateIds;
use nianbao_rules::ruleset::{AxisNode, Part};

use super::problems::Problems;
use crate::ids::same_id;

/// Which of a part's declared places (row node × column node) have a bound cell.
#[derive(Debug, Clone)]
pub(super) struct PartCells {
    columns: usize,
    flags: Vec<bool>,
    /// The row node placed last and the column nodes placed so far: a row's cells come one
    /// after another, and a part has a few columns, so most ids are known again by comparing
    /// them with these nodes' ids rather than by a lookup (ids are unique in an axis).
    last_row: Option<usize>,
    seen_columns: Vec<usize>,
}

impl PartCells {
    /// None yet.
    pub fn new(part: &Part) -> Self {
        let columns = part.columns.nodes.len();
        PartCells {
            columns,
            flags: vec![false; part.rows.nodes.len() * columns],
            last_row: None,
            seen_columns: Vec::new(),
        }
    }

    /// The places of `cells` (their ids looked up in the part; cells of other parts are left
    /// aside).
    pub fn of(part: &Part, cells: &[nianbao_model::BoundCell]) -> Self {
        let mut placed = PartCells::new(part);
        for cell in cells {
            placed.place(part, cell);
        }
        placed
    }

    /// Records the place of `cell`; whether it had a cell already. A cell whose ids are not
    /// the part's has no place: never "already".
    pub fn place(&mut self, part: &Part, cell: &nianbao_model::BoundCell) -> bool {
        let at = self
            .row_of(part, &cell.row)
            .zip(self.column_of(part, &cell.column))
            .map(|(row, column)| row * self.columns + column);
        at.and_then(|at| self.flags.get_mut(at))
            .is_some_and(|flag| std::mem::replace(flag, true))
    }

    /// The position of row node `id`.
    fn row_of(&mut self, part: &Part, id: &str) -> Option<usize> {
        let same = |at: usize| part.rows.nodes.get(at).is_some_and(|n| same_id(&n.id, id));
        if let Some(at) = self.last_row.filter(|&at| same(at)) {
            return Some(at);
        }
        let at = part.rows.position(id);
        self.last_row = at;
        at
    }

    /// The position of column node `id`.
    fn column_of(&mut self, part: &Part, id: &str) -> Option<usize> {
        let same = |at: usize| {
            part.columns
                .nodes
                .get(at)
                .is_some_and(|n| same_id(&n.id, id))
        };
        if let Some(&at) = self.seen_columns.iter().find(|&&at| same(at)) {
            return Some(at);
        }
        let at = part.columns.position(id)?;
        self.seen_columns.push(at);
        Some(at)
    }

    /// Whether row node `row` has a cell in column node `column`.
    fn has(&self, row: usize, column: usize) -> bool {
        self.flags
            .get(row * self.columns + column)
            .copied()
            .unwrap_or(false)
    }
}

/// Reports declared rows and columns of a found part that have no cell at all, pointing at
/// the neighbouring row that was found. `placed` are the places of `found`.
pub(super) fn report_missing(
    part: &Part,
    found: &[nianbao_model::BoundCell],
    placed: &PartCells,
    seen: &[nianbao_model::Id],
    title: &str,
    header: Option<Span>,
    problems: &mut Problems,
) {
    // Without a header (run-together text) a column can only be missing with its rows.
    if header.is_some() && !found.is_empty() {
        let rows = part.rows.nodes.len();
        for (at, column) in part.columns.nodes.iter().enumerate() {
            if !column.is_group && !(0..rows).any(|row| placed.has(row, at)) {
                problems.missing_column(title, &part.columns.path(column).join(" "), header);
            }
        }
    }
    let leaves: Vec<_> = part.rows.leaves().collect();
    // Each row's first cell, found once: a part has hundreds of cells, a row's one after
    // another.
    let mut firsts: HashMap<&str, Span, TemplateIds> = HashMap::default();
    let mut last: Option<&str> = None;
    for cell in found {
        if last.is_some_and(|row| same_id(row, &cell.row)) {
            continue;
        }
        firsts.entry(cell.row.as_str()).or_insert(cell.span);
        last = Some(&cell.row);
    }
    let first_cell = |row: &str| firsts.get(row).copied();
    for (at, row) in leaves.iter().enumerate() {
        if first_cell(&row.id).is_some() || seen.contains(&row.id) {
            continue;
        }
        let before = leaves
            .get(..at)
            .unwrap_or_default()
            .iter()
            .rev()
            .find_map(|r| first_cell(&r.id));
        let after = leaves
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .find_map(|r| first_cell(&r.id));
        let near = match (before, after) {
            (Some(span), _) => Some((span, "缺少的行应在这一行之后")),
            (None, Some(span)) => Some((span, "缺少的行应在这一行之前")),
            (None, None) => None,
        };
        if row.optional {
            problems.optional_row_absent(title, &part.rows.path(row).join(" "), near);
        } else {
            problems.missing_row(title, &part.rows.path(row).join(" "), near);
        }
    }
}

/// Records every declared cell of the part that was not found.
pub(super) fn add_missing_cells(part: &Part, bound: &mut BoundTable, placed: &PartCells) {
    let leaves = |nodes: &[AxisNode]| -> Vec<usize> {
        (0..nodes.len())
            .filter(|&at| nodes.get(at).is_some_and(|n| !n.is_group))
            .collect()
    };
    let columns = leaves(&part.columns.nodes);
    for row in leaves(&part.rows.nodes) {
        for &column in &columns {
            if placed.has(row, column) {
                continue;
            }
            let (Some(row), Some(column)) =
                (part.rows.nodes.get(row), part.columns.nodes.get(column))
            else {
                continue;
            };
            bound.missing.push(MissingCell {
                row: row.id.to_string(),
                column: column.id.to_string(),
                row_path: part.rows.path(row),
                column_path: part.columns.path(column),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use nianbao_model::{BoundCell, CellLocation, Value};

    use super::*;
    use crate::testkit::{first, rules, template};

    fn cell(row: &str, column: &str) -> BoundCell {
        BoundCell {
            row: row.into(),
            column: column.into(),
            row_path: std::sync::Arc::from([]),
            column_path: std::sync::Arc::from([]),
            value: Value::Integer(0),
            raw: "0".to_owned(),
            span: Span::default(),
            location: CellLocation::default(),
        }
    }

    /// A place is taken once (the second cell there is a repeat), ids the part does not have
    /// take none, and every declared cell without a place is listed missing, in order.
    #[test]
    fn places_taken_and_cells_missing() {
        let rules = rules(&template(
            r#"table T "甲表" {
                 columns { A "甲列"  B "乙列" }
                 rows { R1 "一、第一行"  group G "二、分组" { G.1 "1.子一"  G.2 "2.子二" } }
               }"#,
        ));
        let part = first(&rules).table("T").and_then(|t| t.parts.first());
        assert!(part.is_some(), "table T");
        let Some(part) = part else {
            return;
        };
        let mut placed = PartCells::new(part);
        assert!(!placed.place(part, &cell("R1", "A")));
        assert!(placed.place(part, &cell("R1", "A")));
        assert!(!placed.place(part, &cell("G.2", "B")));
        assert!(!placed.place(part, &cell("X9", "A")));
        assert!(!placed.place(part, &cell("X9", "A")));
        let mut bound = BoundTable {
            id: "T".to_owned(),
            title: String::new(),
            source_table: None,
            cells: Vec::new(),
            missing: Vec::new(),
            unplaced: Vec::new(),
        };
        add_missing_cells(part, &mut bound, &placed);
        let missing: Vec<String> = bound
            .missing
            .iter()
            .map(|m| format!("{}/{}", m.row, m.column))
            .collect();
        assert_eq!(missing, ["R1/B", "G.1/A", "G.1/B", "G.2/A"]);
        let of = PartCells::of(part, &[cell("R1", "A"), cell("G.2", "B"), cell("X9", "A")]);
        assert_eq!(of.flags, placed.flags);
    }
}
