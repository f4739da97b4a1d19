//! Binding: a [`Document`] and a template → a [`Report`]. Each declared table is located by
//! its labels, every cell is mapped to its (row id, column id) by label, and whatever cannot
//! be placed becomes a finding.

use nianbao_model::{BoundTable, Document, Finding, MissingCell, Report, Span};
use nianbao_rules::ruleset::{Part, Table, Template};

mod drift;
mod header;
mod labels;
mod locate;
mod meta;
mod problems;
mod rows;

use problems::Problems;

/// A bound report and the problems met while binding it.
#[derive(Debug, Clone)]
pub struct Bound {
    /// What was read, in the template's terms.
    pub report: Report,
    /// Tables, rows and columns that were missing or did not match.
    pub findings: Vec<Finding>,
}

/// Binds a document to a template.
pub fn bind(document: &Document, template: &Template) -> Bound {
    let mut problems = Problems::default();
    let facts = meta::title_facts(document, template);
    let tables = template
        .tables
        .iter()
        .map(|table| bind_table(document, table, &mut problems))
        .collect();
    Bound {
        report: Report {
            template: template.id.clone(),
            year: facts.year,
            agency: facts.agency,
            sections: meta::sections(document, template),
            tables,
        },
        findings: problems.findings,
    }
}

fn bind_table(document: &Document, table: &Table, problems: &mut Problems) -> BoundTable {
    let regions = locate::locate(document, table);
    let mut bound = BoundTable {
        id: table.id.clone(),
        title: table.title.clone(),
        source_table: regions.iter().flatten().map(|r| r.table.index).next(),
        cells: Vec::new(),
        missing: Vec::new(),
        unplaced: Vec::new(),
    };
    if regions.iter().all(Option::is_none) {
        problems.missing_table(&table.title);
    }
    for (part, region) in table.parts.iter().zip(&regions) {
        let found_before = bound.cells.len();
        match region {
            Some(region) => {
                let rows = region
                    .table
                    .rows
                    .get(region.rows.clone())
                    .unwrap_or_default();
                let data = rows::first_data_row(rows, part);
                let (header, data_rows) = rows.split_at(data.min(rows.len()));
                let positions = header::positions(header, part);
                for position in &positions {
                    match (&position.column, position.header) {
                        (None, header) => problems.extra_column(&table.title, header),
                        (Some(id), Some(header)) if position.renamed => {
                            let official = part.columns.find(id).map(|n| n.label.text.as_str());
                            problems.renamed_column(&table.title, header, official.unwrap_or(id));
                        }
                        _ => {}
                    }
                }
                let rows = rows::bind_rows(data_rows, &positions, part, &table.title, problems);
                bound.cells.extend(rows.cells);
                bound.unplaced.extend(rows.unplaced);
                let header_span = header.iter().flat_map(|r| &r.cells).map(|c| c.span).next();
                let found = bound.cells.get(found_before..).unwrap_or_default();
                report_missing(part, found, &rows.seen, &table.title, header_span, problems);
            }
            None if regions.iter().any(Option::is_some) => {
                let title = part
                    .title
                    .as_ref()
                    .map_or(table.title.as_str(), |t| t.text.as_str());
                problems.missing_part(&table.title, title);
            }
            None => {}
        }
        add_missing_cells(part, &mut bound, found_before);
    }
    bound
}

/// Reports declared rows and columns of a found part that have no cell at all, pointing at
/// the neighbouring row that was found.
fn report_missing(
    part: &Part,
    found: &[nianbao_model::BoundCell],
    seen: &[String],
    title: &str,
    header: Option<Span>,
    problems: &mut Problems,
) {
    for column in part.columns.leaves() {
        if !found.is_empty() && !found.iter().any(|c| c.column == column.id) {
            problems.missing_column(title, &part.columns.path(column).join(" "), header);
        }
    }
    let leaves: Vec<_> = part.rows.leaves().collect();
    let first_cell = |row: &str| found.iter().find(|c| c.row == row).map(|c| c.span);
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
        problems.missing_row(title, &part.rows.path(row).join(" "), near);
    }
}

/// Records every declared cell of the part that was not found.
fn add_missing_cells(part: &Part, bound: &mut BoundTable, from: usize) {
    let mut missing = Vec::new();
    {
        let found = bound.cells.get(from..).unwrap_or_default();
        for row in part.rows.leaves() {
            for column in part.columns.leaves() {
                if !found
                    .iter()
                    .any(|c| c.row == row.id && c.column == column.id)
                {
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
