//! Binding: a [`Document`] and a template → a [`Report`]. Each declared table is located by
//! its labels, every cell is mapped to its (row id, column id) by label, and whatever cannot
//! be placed becomes a finding.
//!
//! Binding has two passes. [`layout`] binds every table by its structure (rows, columns,
//! headers); a table whose cells a crawler ran together in text is only located there, row by
//! row ([`Run`]), and left pending. [`crate::infer`] then decides how those runs split, using
//! the template's checks, and completes the binding. [`bind`] does both.

use nianbao_model::{BoundTable, Document, Finding, MissingCell, Report, Span, UnplacedCell};
use nianbao_rules::ruleset::{Part, Table, Template};

mod drift;
mod header;
mod labels;
mod leftovers;
mod locate;
mod meta;
mod problems;
mod rows;
mod runs;

use problems::Problems;
pub(crate) use runs::Run;

/// A bound report and the problems met while binding it.
#[derive(Debug, Clone)]
pub struct Bound {
    /// What was read, in the template's terms.
    pub report: Report,
    /// Tables, rows and columns that were missing or did not match.
    pub findings: Vec<Finding>,
}

/// Binds a document to a template: [`layout`], then [`crate::infer::complete`].
pub fn bind(document: &Document, template: &Template) -> Bound {
    crate::infer::complete(document, template, layout(document, template))
}

/// The first pass of binding: every table bound by its structure, except the tables run
/// together in text, which wait for [`crate::infer`].
#[derive(Debug)]
pub struct Layout {
    report: Report,
    problems: Problems,
    pending: Vec<Pending>,
}

/// A declared table found only as rows run together in text.
#[derive(Debug)]
pub(crate) struct Pending {
    /// Index of the table in the template (and in the report).
    pub table: usize,
    /// Its rows as found, in declared order.
    pub runs: Vec<Run>,
}

/// Binds every table whose structure the document shows; see [`Layout`].
pub fn layout(document: &Document, template: &Template) -> Layout {
    let mut problems = Problems::default();
    let facts = meta::title_facts(document, template);
    let mut pending = Vec::new();
    let mut tables = Vec::new();
    let mut claimed = Vec::new();
    for (at, table) in template.tables.iter().enumerate() {
        let (bound, found_in, runs) = bind_table(document, table, &mut problems);
        tables.push(bound);
        claimed.push(found_in);
        if let Some(runs) = runs {
            pending.push(Pending { table: at, runs });
        }
    }
    leftovers::report(document, &mut tables, &claimed, &mut problems);
    Layout {
        report: Report {
            template: template.id.clone(),
            year: facts.year,
            agency: facts.agency,
            sections: meta::sections(document, template),
            tables,
        },
        problems,
        pending,
    }
}

impl Layout {
    /// The report as bound so far (tables pending inference have no cells yet).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The problems met so far.
    pub fn findings(&self) -> &[Finding] {
        &self.problems.findings
    }

    /// The tables still to be read by inference.
    pub(crate) fn take_pending(&mut self) -> Vec<Pending> {
        std::mem::take(&mut self.pending)
    }

    /// Places the rows inference decided in the pending table `table` and reports the rows it
    /// inferred and those it could not decide; `runs` are the rows that were found.
    pub(crate) fn place_inferred(
        &mut self,
        document: &Document,
        table: &Table,
        at: usize,
        runs: &[Run],
        solved: crate::infer::Solved,
    ) {
        let Some(bound) = self.report.tables.get_mut(at) else {
            return;
        };
        let problems = &mut self.problems;
        let seen: Vec<String> = runs.iter().map(|r| r.row.clone()).collect();
        let index = nianbao_model::LineIndex::new(&document.text);
        let span = |(start, end): (usize, usize)| index.span(&document.text, start, end);
        bound.cells = solved.cells;
        problems.inferred_boundaries(&table.title, &solved.inferred, span);
        for row in &solved.ambiguous {
            let candidates: Vec<String> = row.candidates.iter().map(|c| c.join(" | ")).collect();
            problems.ambiguous_row(
                &table.title,
                span(row.run.label),
                span(row.run.span),
                &candidates,
            );
            let raw = document
                .text
                .get(row.run.span.0..row.run.span.1)
                .unwrap_or_default();
            bound.unplaced.push(UnplacedCell {
                raw: raw.to_owned(),
                span: span(row.run.span),
                reason: format!(
                    "数字之间没有分隔，有 {} 种读法，无法确定",
                    row.candidates.len()
                ),
            });
        }
        for part in &table.parts {
            let found = bound.cells.clone();
            report_missing(part, &found, &seen, &table.title, None, problems);
            add_missing_cells(part, bound, 0);
        }
    }

    /// The binding, complete once no table is pending.
    pub fn finish(self) -> Bound {
        Bound {
            report: self.report,
            findings: self.problems.findings,
        }
    }
}

/// Binds one declared table; also returns the document tables it was found in, and its rows
/// if it was found only run together in text.
fn bind_table(
    document: &Document,
    table: &Table,
    problems: &mut Problems,
) -> (BoundTable, Vec<usize>, Option<Vec<Run>>) {
    let regions = locate::locate(document, table);
    let mut claimed: Vec<usize> = regions.iter().flatten().map(|r| r.table.index).collect();
    claimed.dedup();
    let mut bound = BoundTable {
        id: table.id.clone(),
        title: table.title.clone(),
        source_table: regions.iter().flatten().map(|r| r.table.index).next(),
        cells: Vec::new(),
        missing: Vec::new(),
        unplaced: Vec::new(),
    };
    if regions.iter().all(Option::is_none) {
        let runs = runs::find(document, table);
        if !runs.is_empty() {
            return (bound, claimed, Some(runs));
        }
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
    (bound, claimed, None)
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
    // Without a header (run-together text) a column can only be missing with its rows.
    for column in part.columns.leaves().filter(|_| header.is_some()) {
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

#[cfg(test)]
mod tests;
