//! Binding: a [`Document`] and a template → a [`Report`]. Each declared table is located by
//! its labels, every cell is mapped to its (row id, column id) by label, and whatever cannot
//! be placed becomes a finding.
//!
//! Binding has two passes. [`layout`] binds every table by its structure (rows, columns,
//! headers); a table whose cells a crawler ran together in text is only located there, row by
//! row ([`Run`]), and left pending. [`crate::infer`] then decides how those runs split, using
//! the template's checks, and completes the binding. [`bind`] does both.

use nianbao_model::{Document, Finding, Report, UnplacedCell, Value};
use nianbao_rules::ruleset::{Table, Template};

mod assemble;
mod drift;
mod duplicate;
mod gaps;
mod header;
mod headings;
mod keys;
mod labels;
mod leftovers;
mod locate;
mod meta;
mod missing;
mod positional;
mod problems;
mod rows;
mod runs;
mod table;
mod unused;

use missing::{PartCells, add_missing_cells, report_missing};
use problems::Problems;
pub(crate) use runs::Run;
use table::bind_table;

/// A bound report and the problems met while binding it.
#[derive(Debug, Clone)]
pub struct Bound {
    /// What was read, in the template's terms.
    pub report: Report,
    /// Tables, rows and columns that were missing or did not match.
    pub findings: Vec<Finding>,
}

/// Binds a document to a template: [`layout`], then [`crate::infer::complete`]; the numbers of
/// tables that are not the template's are kept in [`Report::outside`].
pub fn bind(document: &Document, template: &Template) -> Bound {
    bind_with(
        document,
        template,
        &nianbao_model::LineIndex::new(&document.text),
    )
}

/// [`bind`] with the index of the document's lines made already (the checker makes one for
/// binding and the prose).
pub(crate) fn bind_with(
    document: &Document,
    template: &Template,
    lines: &nianbao_model::LineIndex,
) -> Bound {
    let layout = layout_with(document, template, lines);
    let mut bound = crate::infer::complete(document, template, layout);
    let mut problems = Problems::default();
    unused::report(document, &mut bound.report, &mut problems);
    bound.findings.extend(problems.findings);
    bound
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
    layout_with(
        document,
        template,
        &nianbao_model::LineIndex::new(&document.text),
    )
}

/// [`layout`] with the index of the document's lines, for every span made here.
fn layout_with(
    document: &Document,
    template: &Template,
    lines: &nianbao_model::LineIndex,
) -> Layout {
    let mut problems = Problems::default();
    let facts = meta::title_facts(document, template);
    let mut pending = Vec::new();
    let mut tables = Vec::new();
    let mut claimed = Vec::new();
    let mut sections = headings::sections(document, template, lines);
    let keys = keys::CellKeys::new(document);
    for (at, table) in template.tables.iter().enumerate() {
        let (bound, found_in, runs) =
            bind_table(document, &keys, template, &sections, table, &mut problems);
        tables.push(bound);
        claimed.push(found_in);
        if let Some(runs) = runs {
            pending.push(Pending { table: at, runs });
        }
    }
    leftovers::report(document, &mut tables, &claimed, &mut problems);
    for (section, found) in template.sections.iter().zip(&mut sections) {
        found.by_table = section
            .table
            .as_ref()
            .is_some_and(|id| tables.iter().any(|t| t.id == *id && !t.cells.is_empty()));
        if let (Some(heading), Some(span)) = (&found.heading, found.span) {
            problems.renamed_section(heading, span, &section.label.text);
        }
    }
    section_order(&sections, &mut problems);
    heading_numbers(document, &sections, &mut problems);
    let paragraphs: Vec<(&str, usize)> = document
        .paragraphs()
        .map(|p| (p.text.as_str(), p.span.start))
        .collect();
    let signed = crate::narrative::signed(&paragraphs, &document.text, lines);
    if let (Some(title), Some((agency, span))) = (facts.agency.as_deref(), &signed.agency) {
        let (a, b) = (crate::normalize::key(title), crate::normalize::key(agency));
        if !a.contains(&b) && !b.contains(&a) {
            problems.agency_differs(title, (agency, *span));
        }
    }
    let report = Report {
        template: template.id.clone(),
        year: facts.year,
        agency: facts.agency,
        sections,
        tables,
        outside: Vec::new(),
        statements: Vec::new(),
        published: signed.published,
        sentences: Vec::new(),
        opening: Vec::new(),
        figures: Vec::new(),
    };
    Layout {
        report,
        problems,
        pending,
    }
}

/// Reports each section heading found before one the format puts earlier.
fn section_order(sections: &[nianbao_model::SectionMatch], problems: &mut Problems) {
    let mut latest: Option<&nianbao_model::SectionMatch> = None;
    for section in sections {
        let Some(span) = section.span else {
            continue;
        };
        match latest.and_then(|l| l.span.map(|s| (l, s))) {
            Some((earlier, earlier_span)) if span.start < earlier_span.start => {
                problems
                    .section_out_of_order((&section.label, span), (&earlier.label, earlier_span));
            }
            _ => latest = Some(section),
        }
    }
}

/// Reports each section heading numbered with another section's ordinal ("四、" on the
/// heading of section 三): a section skipped or numbered twice. Headings numbered in digits
/// among ones in Chinese numerals are not reported: converters write Word's automatic
/// numbering that way ("1、 总体情况") in reports whose numbering is right.
fn heading_numbers(
    document: &Document,
    sections: &[nianbao_model::SectionMatch],
    problems: &mut Problems,
) {
    for section in sections {
        let Some(span) = section.span else {
            continue;
        };
        let expected = headings::ordinal(&section.label);
        let written = document
            .paragraphs()
            .find(|p| p.span.start == span.start)
            .map_or_else(
                || section.heading.clone().unwrap_or_default(),
                |p| p.text.clone(),
            );
        let found = headings::ordinal(&written);
        if let (Some(expected), Some(found)) = (expected, found)
            && expected != found
        {
            problems.heading_number(&written, span, &section.label, expected, found);
        }
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
        let seen: Vec<nianbao_model::Id> = runs
            .iter()
            .flat_map(|r| {
                let leaves = table
                    .parts
                    .get(r.part)
                    .map(|p| p.rows.leaves_under(&r.row))
                    .unwrap_or_default();
                std::iter::once(nianbao_model::Id::from(r.row.as_str()))
                    .chain(leaves.into_iter().map(|n| n.id.clone()))
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
                location: None,
            });
        }
        for part in &table.parts {
            let found = bound.cells.clone();
            let placed = PartCells::of(part, &found);
            report_missing(part, &found, &placed, &seen, &table.title, None, problems);
            add_missing_cells(part, bound, &placed);
        }
    }

    /// The binding, complete once no table is pending.
    pub fn finish(mut self) -> Bound {
        for table in &self.report.tables {
            for cell in table.cells.iter().filter(|c| c.value == Value::Overflow) {
                self.problems.number_too_large(&table.title, cell);
            }
        }
        Bound {
            report: self.report,
            findings: self.problems.findings,
        }
    }
}

#[cfg(test)]
mod tests;
