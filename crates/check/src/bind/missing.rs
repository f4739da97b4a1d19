//! What a found table lacks: declared rows and columns with no cell, reported next to the
//! neighbouring row that was found, and every declared cell not found listed as missing.

use std::collections::{HashMap, HashSet};

use nianbao_model::{BoundTable, MissingCell, Span};
use nianbao_rules::ids::TemplateIds;
use nianbao_rules::ruleset::Part;

use super::problems::Problems;

/// Reports declared rows and columns of a found part that have no cell at all, pointing at
/// the neighbouring row that was found.
pub(super) fn report_missing(
    part: &Part,
    found: &[nianbao_model::BoundCell],
    seen: &[String],
    title: &str,
    header: Option<Span>,
    problems: &mut Problems,
) {
    // Without a header (run-together text) a column can only be missing with its rows.
    if header.is_some() && !found.is_empty() {
        // Bound cells carry the template's ids: hashed as ids, not as untrusted text.
        let columns: HashSet<&str, TemplateIds> = found.iter().map(|c| c.column.as_str()).collect();
        for column in part.columns.leaves() {
            if !columns.contains(column.id.as_str()) {
                problems.missing_column(title, &part.columns.path(column).join(" "), header);
            }
        }
    }
    let leaves: Vec<_> = part.rows.leaves().collect();
    // Each row's first cell, found once: a part has hundreds of cells.
    let mut firsts: HashMap<&str, Span, TemplateIds> = HashMap::default();
    for cell in found {
        firsts.entry(cell.row.as_str()).or_insert(cell.span);
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
pub(super) fn add_missing_cells(part: &Part, bound: &mut BoundTable, from: usize) {
    let mut missing = Vec::new();
    {
        // Bound cells carry the template's ids: hashed as ids, not as untrusted text.
        let found: HashSet<(&str, &str), TemplateIds> = bound
            .cells
            .get(from..)
            .unwrap_or_default()
            .iter()
            .map(|c| (c.row.as_str(), c.column.as_str()))
            .collect();
        for row in part.rows.leaves() {
            for column in part.columns.leaves() {
                if !found.contains(&(row.id.as_str(), column.id.as_str())) {
                    missing.push(MissingCell {
                        row: row.id.clone(),
                        column: column.id.clone(),
                        row_path: part.rows.path(row),
                        column_path: part.columns.path(column),
                    });
                }
            }
        }
    }
    bound.missing.extend(missing);
}
