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

mod assemble;
mod drift;
mod duplicate;
mod gaps;
mod header;
mod headings;
mod labels;
mod leftovers;
mod locate;
mod meta;
mod positional;
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
        let (bound, found_in, runs) = bind_table(document, template, table, &mut problems);
        tables.push(bound);
        claimed.push(found_in.tables);
        if let Some(runs) = runs {
            pending.push(Pending { table: at, runs });
        }
    }
    leftovers::report(document, &mut tables, &claimed, &mut problems);
    let mut sections = headings::sections(document, template);
    for (section, found) in template.sections.iter().zip(&mut sections) {
        found.by_table = section
            .table
            .as_ref()
            .is_some_and(|id| tables.iter().any(|t| t.id == *id && !t.cells.is_empty()));
        if let (Some(heading), Some(span)) = (&found.heading, found.span) {
            problems.renamed_section(heading, span, &section.label.text);
        }
    }
    Layout {
        report: Report {
            template: template.id.clone(),
            year: facts.year,
            agency: facts.agency,
            sections,
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
        // A group given on a single row accounts for its leaves.
        let seen: Vec<String> = runs
            .iter()
            .flat_map(|r| {
                let leaves = table
                    .parts
                    .get(r.part)
                    .map(|p| p.rows.leaves_under(&r.row))
                    .unwrap_or_default();
                std::iter::once(r.row.clone()).chain(leaves.into_iter().map(|n| n.id.clone()))
            })
            .collect();
        let index = nianbao_model::LineIndex::new(&document.text);
        let span = |(start, end): (usize, usize)| index.span(&document.text, start, end);
        bound.cells = solved.cells;
        for run in runs.iter().filter(|r| r.renamed) {
            let official = table
                .parts
                .get(run.part)
                .and_then(|p| p.rows.find(&run.row))
                .map(|n| n.label.text.as_str())
                .unwrap_or_default();
            let label = nianbao_model::Cell {
                text: document
                    .text
                    .get(run.label.0..run.label.1)
                    .unwrap_or_default()
                    .to_owned(),
                span: span(run.label),
                location: nianbao_model::CellLocation::default(),
            };
            problems.renamed_row(&table.title, &label, official);
        }
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

/// What binding one declared table took from the document, besides its cells.
#[derive(Debug, Default)]
struct Claimed {
    /// The document tables it was found in (printed twice: both places).
    tables: Vec<usize>,
}

/// Binds one declared table; also returns what it claimed of the document, and its rows if it
/// was found only run together in text.
fn bind_table(
    document: &Document,
    template: &Template,
    table: &Table,
    problems: &mut Problems,
) -> (BoundTable, Claimed, Option<Vec<Run>>) {
    let located = locate::locate(document, table);
    let regions = &located.parts;
    let mut claimed = Claimed::default();
    for index in regions
        .iter()
        .flatten()
        .chain(located.again.iter().map(|(_, r)| r))
        .flat_map(locate::Region::tables)
    {
        if !claimed.tables.contains(&index) {
            claimed.tables.push(index);
        }
    }
    let mut bound = BoundTable {
        id: table.id.clone(),
        title: table.title.clone(),
        source_table: regions.iter().flatten().flat_map(|r| r.tables()).next(),
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
    for (part, region) in table.parts.iter().zip(regions) {
        let found_before = bound.cells.len();
        match region {
            Some(region) => {
                let assembled = assemble::assemble(&region.blocks, part);
                bound.unplaced.extend(assembled.set_aside.iter().cloned());
                let mut seen = Vec::new();
                let mut header_span = None;
                for segment in &assembled.segments {
                    let read = read_segment(template, table, part, segment, &bound.cells, problems);
                    header_span = header_span.or(read.header_span);
                    for cell in read.cells {
                        // A row already read from an earlier block is a repeated row.
                        let repeated = bound
                            .cells
                            .get(found_before..)
                            .unwrap_or_default()
                            .iter()
                            .any(|c| c.row == cell.row && c.column == cell.column);
                        if repeated {
                            bound.unplaced.push(UnplacedCell {
                                raw: cell.raw.clone(),
                                span: cell.span,
                                reason: "这一行重复出现".to_owned(),
                            });
                        } else {
                            bound.cells.push(cell);
                        }
                    }
                    bound.unplaced.extend(read.unplaced);
                    seen.extend(read.seen);
                }
                let found = bound.cells.get(found_before..).unwrap_or_default();
                report_missing(part, found, &seen, &table.title, header_span, problems);
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
    for (at, again) in &located.again {
        let Some(part) = table.parts.get(*at) else {
            continue;
        };
        let assembled = assemble::assemble(&again.blocks, part);
        let mut scratch = Problems::default();
        let mut cells = Vec::new();
        for segment in &assembled.segments {
            let read = read_segment(template, table, part, segment, &[], &mut scratch);
            cells.extend(read.cells);
        }
        let first_span = regions
            .get(*at)
            .and_then(Option::as_ref)
            .and_then(|r| r.blocks.first())
            .and_then(|b| b.table.rows.get(b.rows.clone()))
            .and_then(|rows| rows.iter().flat_map(|r| &r.cells).next())
            .map(|c| c.span);
        let unplaced = duplicate::report(
            &table.title,
            &bound.cells,
            first_span,
            again,
            &cells,
            &mut problems.findings,
        );
        bound.unplaced.extend(unplaced);
    }
    (bound, claimed, None)
}

/// What reading one segment (a header and the rows under it) gave.
struct SegmentRead {
    cells: Vec<nianbao_model::BoundCell>,
    unplaced: Vec<UnplacedCell>,
    seen: Vec<String>,
    header_span: Option<Span>,
}

/// Reads one segment of a part: its header, then its rows. A header that names no column is
/// read by position, and used only when the template's checks confirm it ([`positional`]).
fn read_segment(
    template: &Template,
    table: &Table,
    part: &Part,
    segment: &assemble::Segment,
    placed: &[nianbao_model::BoundCell],
    problems: &mut Problems,
) -> SegmentRead {
    let header = header::read(&segment.header, &segment.data, part);
    for position in &header.positions {
        match (&position.column, position.header) {
            (None, header) => problems.extra_column(&table.title, header),
            (Some(id), Some(header)) if position.renamed => {
                let official = part.columns.find(id).map(|n| n.label.text.as_str());
                problems.renamed_column(&table.title, header, official.unwrap_or(id));
            }
            _ => {}
        }
    }
    let rows = rows::bind_rows(
        &segment.data,
        &header.positions,
        part,
        &table.title,
        problems,
    );
    let header_span = segment
        .header
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.span)
        .next();
    let mut read = SegmentRead {
        cells: rows.cells,
        unplaced: rows.unplaced,
        seen: rows.seen,
        header_span,
    };
    // One column cannot be read in the wrong order.
    if !header.by_position || part.columns.leaves().count() < 2 || read.cells.is_empty() {
        return read;
    }
    let verdict = positional::confirm(template, table, part, placed, &read.cells);
    let first = read.cells.first().map(|c| c.span);
    match verdict {
        positional::Verdict::Confirmed(_) | positional::Verdict::Uniform => {
            problems
                .findings
                .push(positional::confirmed_finding(&table.title, &verdict, first));
        }
        _ => {
            problems
                .findings
                .push(positional::unconfirmed_finding(&table.title, &verdict, first));
            // The rows are there; only their columns are unknown.
            for cell in &read.cells {
                if !read.seen.contains(&cell.row) {
                    read.seen.push(cell.row.clone());
                }
            }
            read.unplaced.extend(read.cells.drain(..).map(|c| UnplacedCell {
                raw: c.raw,
                span: c.span,
                reason: "表头没有列名，按位置读出的数字未经勾稽关系证实".to_owned(),
            }));
        }
    }
    read
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
        if row.optional {
            problems.optional_row_absent(title, &part.rows.path(row).join(" "), near);
        } else {
            problems.missing_row(title, &part.rows.path(row).join(" "), near);
        }
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
