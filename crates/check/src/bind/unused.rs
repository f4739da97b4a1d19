//! Tables of the document that no template table took: their numbers are said, not dropped.
//!
//! A report may carry a table the format does not have (a list of trainings, a second copy
//! the binder did not recognise, the smaller piece of a split table it could not join). Its
//! numbers take part in no check; each is kept in [`Report::outside`] with its place, and one
//! finding per table says so.

use std::collections::BTreeSet;

use nianbao_model::{Cell, Document, Report, Table, UnplacedCell, Value};

use super::problems::Problems;

/// Records the numbers of every table no bound table claimed and no unplaced entry already
/// covers, and a finding for each such table.
pub(crate) fn report(document: &Document, report: &mut Report, problems: &mut Problems) {
    // A table is used when some of its cells were read (placed or said unplaced); being the
    // first table of a region the binder looked at is not enough.
    let claimed: BTreeSet<usize> = report
        .tables
        .iter()
        .flat_map(|t| {
            let placed = t.cells.iter().map(|c| c.location.table);
            let unplaced = t
                .unplaced
                .iter()
                .filter_map(|u| u.location.map(|l| l.table));
            placed.chain(unplaced)
        })
        .collect();
    let covered: Vec<(usize, usize)> = report
        .tables
        .iter()
        .flat_map(|t| &t.unplaced)
        .map(|u| (u.span.start, u.span.end))
        .collect();
    for table in document.tables().filter(|t| !claimed.contains(&t.index)) {
        let numbers: Vec<&Cell> = table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| is_number(c))
            .filter(|c| {
                !covered
                    .iter()
                    .any(|&(start, end)| start <= c.span.start && c.span.end <= end)
            })
            .collect();
        if numbers.is_empty() {
            continue;
        }
        problems.unused_table(table.index + 1, &first_text(table), &numbers);
        report.outside.extend(numbers.iter().map(|c| UnplacedCell {
            raw: c.text.clone(),
            span: c.span,
            reason: "所在的表格不是模板中的表格".to_owned(),
            location: Some(c.location),
        }));
    }
}

/// Whether a cell holds a number (one too large to compute with included).
fn is_number(cell: &Cell) -> bool {
    let value = Value::parse(&cell.text);
    value.number().is_some() || value == Value::Overflow
}

/// The first words of a table, to name it by.
fn first_text(table: &Table) -> String {
    const SHOWN: usize = 20;
    let text: String = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| nianbao_model::trim(&c.text))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
        .chars()
        .take(SHOWN + 1)
        .collect();
    if text.chars().count() > SHOWN {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    } else {
        text
    }
}
