//! Binding one declared table by its structure: where it is in the document (one or more
//! pieces, printed once or twice), its header, its rows; a table found only as rows run
//! together in text is handed to inference.

use nianbao_model::{BoundTable, Document, Span, UnplacedCell};
use nianbao_rules::ruleset::{Part, Table, Template};

use super::missing::{PartCells, add_missing_cells, report_missing};
use super::problems::Problems;
use super::{Run, assemble, duplicate, header, locate, positional, rows, runs};

/// Binds one declared table; also returns the document tables it was found in (a table
/// printed twice: both places), and its rows if it was found only run together in text.
pub(super) fn bind_table(
    document: &Document,
    keys: &super::keys::CellKeys,
    template: &Template,
    sections: &[nianbao_model::SectionMatch],
    table: &Table,
    problems: &mut Problems,
) -> (BoundTable, Vec<usize>, Option<Vec<Run>>) {
    let mut located = locate::locate(document, keys, table);
    if located.parts.iter().all(Option::is_none)
        && let Some(region) = locate::under_heading(document, template, sections, table)
    {
        located.parts = vec![Some(region)];
    }
    let regions = &located.parts;
    let mut claimed: Vec<usize> = Vec::new();
    for index in regions
        .iter()
        .flatten()
        .chain(located.again.iter().map(|(_, r)| r))
        .flat_map(locate::Region::tables)
    {
        if !claimed.contains(&index) {
            claimed.push(index);
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
    // Room for every declared cell at once: a bound cell is large, and the vector would be
    // grown and copied several times.
    bound.cells.reserve(
        table
            .parts
            .iter()
            .map(|p| p.rows.leaves().count() * p.columns.leaves().count())
            .sum(),
    );
    for (part, region) in table.parts.iter().zip(regions) {
        let found_before = bound.cells.len();
        // The part's cells read so far, by row and column node.
        let mut placed = PartCells::new(part);
        match region {
            Some(region) => {
                let assembled = assemble::assemble(&region.blocks, part);
                bound.unplaced.extend(assembled.set_aside.iter().cloned());
                let mut seen = Vec::new();
                let mut header_span = None;
                for segment in &assembled.segments {
                    let start = bound.cells.len();
                    let read =
                        read_segment(template, table, part, segment, &mut bound.cells, problems);
                    header_span = header_span.or(read.header_span);
                    // A row already read from an earlier block is a repeated row: its cells
                    // leave the table, the others keep their order.
                    let mut kept = start;
                    for at in start..bound.cells.len() {
                        let Some(cell) = bound.cells.get(at) else {
                            continue;
                        };
                        if placed.place(part, cell) {
                            bound.unplaced.push(UnplacedCell {
                                raw: cell.raw.clone(),
                                span: cell.span,
                                reason: "这一行重复出现".to_owned(),
                                location: Some(cell.location),
                            });
                        } else {
                            // Most rows are read once: a cell then stays where it is (a swap
                            // with itself still copies a large cell out and back).
                            if kept != at {
                                bound.cells.swap(kept, at);
                            }
                            kept += 1;
                        }
                    }
                    bound.cells.truncate(kept);
                    bound.unplaced.extend(read.unplaced);
                    seen.extend(read.seen);
                }
                let found = bound.cells.get(found_before..).unwrap_or_default();
                report_missing(
                    part,
                    found,
                    &placed,
                    &seen,
                    &table.title,
                    header_span,
                    problems,
                );
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
        add_missing_cells(part, &mut bound, &placed);
    }
    for (at, again) in &located.again {
        let Some(part) = table.parts.get(*at) else {
            continue;
        };
        let assembled = assemble::assemble(&again.blocks, part);
        let mut scratch = Problems::default();
        let mut cells = Vec::new();
        for segment in &assembled.segments {
            // Each segment read on its own, as if nothing were placed before it.
            let mut read = Vec::new();
            read_segment(template, table, part, segment, &mut read, &mut scratch);
            cells.append(&mut read);
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

/// What reading one segment (a header and the rows under it) gave besides its cells.
struct SegmentRead {
    unplaced: Vec<UnplacedCell>,
    seen: Vec<nianbao_model::Id>,
    header_span: Option<Span>,
}

/// Reads one segment of a part: its header, then its rows, whose cells are appended to
/// `cells` (those before are the table's cells placed already). A header that names no
/// column is read by position, and used only when the template's checks confirm it
/// ([`positional`]).
fn read_segment(
    template: &Template,
    table: &Table,
    part: &Part,
    segment: &assemble::Segment,
    cells: &mut Vec<nianbao_model::BoundCell>,
    problems: &mut Problems,
) -> SegmentRead {
    let start = cells.len();
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
    let leaves = part.columns.leaves().count();
    // Read by position with another number of columns than declared: no reading keeps the
    // order; the rows are only recognised, and their numbers kept unplaced.
    let miscounted = header.by_position && header.value_columns.is_some_and(|n| n != leaves);
    let mut scratch = Problems::default();
    let rows = rows::bind_rows(
        &segment.data,
        &header.positions,
        part,
        &table.title,
        if miscounted { &mut scratch } else { problems },
        cells,
    );
    let header_span = segment
        .header
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.span)
        .next();
    let mut read = SegmentRead {
        unplaced: rows.unplaced,
        seen: rows.seen,
        header_span,
    };
    if miscounted {
        let found = header.value_columns.unwrap_or_default();
        let first = segment
            .data
            .iter()
            .flat_map(|r| &r.cells)
            .find(|c| !nianbao_model::trim(&c.text).is_empty());
        problems.findings.push(positional::miscounted_finding(
            &table.title,
            found,
            leaves,
            first.map(|c| c.span),
        ));
        for cell in cells.get(start..).unwrap_or_default() {
            if !read.seen.contains(&cell.row) {
                read.seen.push(cell.row.clone());
            }
        }
        cells.truncate(start);
        read.unplaced = segment
            .data
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| nianbao_model::Value::parse(&c.text).number().is_some())
            .map(|c| UnplacedCell {
                raw: c.text.clone(),
                span: c.span,
                reason: "表头没有列名，列数又与模板不同，无法确定属于哪一列".to_owned(),
                location: Some(c.location),
            })
            .collect();
        return read;
    }
    // One column cannot be read in the wrong order.
    let (placed, tentative) = cells.split_at(start.min(cells.len()));
    if !header.by_position || leaves < 2 || tentative.is_empty() {
        return read;
    }
    let verdict = positional::confirm(template, table, part, placed, tentative);
    let first = tentative.first().map(|c| c.span);
    match verdict {
        positional::Verdict::Confirmed(_) | positional::Verdict::Uniform => {
            problems
                .findings
                .push(positional::confirmed_finding(&table.title, &verdict, first));
        }
        _ => {
            problems.findings.push(positional::unconfirmed_finding(
                &table.title,
                &verdict,
                first,
            ));
            // The rows are there; only their columns are unknown.
            for cell in tentative {
                if !read.seen.contains(&cell.row) {
                    read.seen.push(cell.row.clone());
                }
            }
            read.unplaced
                .extend(cells.drain(start..).map(|c| UnplacedCell {
                    raw: c.raw,
                    span: c.span,
                    reason: "表头没有列名，按位置读出的数字未经勾稽关系证实".to_owned(),
                    location: Some(c.location),
                }));
        }
    }
    read
}
