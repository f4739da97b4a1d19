//! Choosing the readings of run-together rows with the template's checks.

use std::collections::BTreeSet;

use nianbao_model::{
    BoundCell, BoundTable, CellLocation, Document, LineIndex, Report, Severity, Value,
};
use nianbao_rules::ruleset::{Check, Table, Template};

use super::split::candidates;
use crate::bind::Run;
use crate::eval::evaluate_checks;

/// Most combinations of ambiguous rows tried together.
const MAX_COMBINATIONS: usize = 4096;

/// A row whose boundaries could not be decided.
#[derive(Debug, Clone)]
pub(crate) struct Ambiguous {
    /// The row's label and run in the document.
    pub run: Run,
    /// The readings still possible, as the values written out.
    pub candidates: Vec<Vec<String>>,
}

/// The outcome for one table.
#[derive(Debug, Clone, Default)]
pub(crate) struct Solved {
    /// Cells of the rows whose reading was decided.
    pub cells: Vec<BoundCell>,
    /// Rows read by inference, with the checks that chose among several readings.
    pub inferred: Vec<(Run, BTreeSet<String>)>,
    /// Rows left undecided.
    pub ambiguous: Vec<Ambiguous>,
}

/// One row's possible readings as cells.
struct Options {
    run: Run,
    readings: Vec<Vec<BoundCell>>,
}

/// Reads the runs of `table` using the checks of `template` that read only this table.
pub(crate) fn solve(
    document: &Document,
    template: &Template,
    table: &Table,
    runs: Vec<Run>,
) -> Solved {
    let index = LineIndex::new(&document.text);
    let checks: Vec<&Check> = template
        .checks
        .iter()
        .filter(|c| c.severity == Severity::Error && c.tables.iter().all(|t| *t == table.id))
        .collect();
    let mut rows: Vec<Options> = runs
        .into_iter()
        .map(|run| {
            let readings = readings(document, &index, table, &run);
            Options { run, readings }
        })
        .collect();
    let mut used = vec![BTreeSet::new(); rows.len()];
    // Each row alone: drop readings that break a check about that row only.
    for (row, used) in rows.iter_mut().zip(used.iter_mut()) {
        if row.readings.len() < 2 {
            continue;
        }
        let kept: Vec<Vec<BoundCell>> = row
            .readings
            .iter()
            .filter(|cells| {
                let failed = failures(template, &checks, table, cells);
                used.extend(failed.iter().cloned());
                failed.is_empty()
            })
            .cloned()
            .collect();
        if !kept.is_empty() {
            row.readings = kept;
        }
    }
    // The undecided rows together, with the decided ones fixed.
    let open: Vec<usize> = (0..rows.len())
        .filter(|&r| rows.get(r).is_some_and(|o| o.readings.len() > 1))
        .collect();
    let combinations: usize = open
        .iter()
        .map(|&r| rows.get(r).map_or(1, |o| o.readings.len()))
        .product();
    if !open.is_empty() && combinations <= MAX_COMBINATIONS {
        let fixed: Vec<BoundCell> = rows
            .iter()
            .filter(|o| o.readings.len() == 1)
            .flat_map(|o| o.readings.iter().flatten().cloned())
            .collect();
        let mut passing: Vec<Vec<usize>> = Vec::new();
        let mut choice = vec![0usize; open.len()];
        let mut failed_checks = BTreeSet::new();
        for _ in 0..combinations {
            let mut cells = fixed.clone();
            for (slot, &r) in open.iter().enumerate() {
                let pick = choice.get(slot).copied().unwrap_or(0);
                cells.extend(
                    rows.get(r)
                        .and_then(|o| o.readings.get(pick))
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            let failed = failures(template, &checks, table, &cells);
            if failed.is_empty() {
                passing.push(choice.clone());
            } else {
                failed_checks.extend(failed);
            }
            advance(&mut choice, &open, &rows);
        }
        for (slot, &r) in open.iter().enumerate() {
            let picks: BTreeSet<usize> = passing
                .iter()
                .filter_map(|c| c.get(slot).copied())
                .collect();
            if let (Some(&pick), 1) = (picks.iter().next(), picks.len())
                && let Some(row) = rows.get_mut(r)
            {
                row.readings = row.readings.get(pick).cloned().into_iter().collect();
                if let Some(u) = used.get_mut(r) {
                    u.extend(failed_checks.iter().cloned());
                }
            }
        }
    }
    let mut solved = Solved::default();
    for (row, used) in rows.into_iter().zip(used) {
        match row.readings.len() {
            1 => {
                solved.cells.extend(row.readings.into_iter().flatten());
                if !used.is_empty() {
                    solved.inferred.push((row.run, used));
                }
            }
            _ => solved.ambiguous.push(Ambiguous {
                candidates: row
                    .readings
                    .iter()
                    .map(|cells| cells.iter().map(|c| c.raw.clone()).collect())
                    .collect(),
                run: row.run,
            }),
        }
    }
    solved
}

fn advance(choice: &mut [usize], open: &[usize], rows: &[Options]) {
    for (slot, &r) in open.iter().enumerate().rev() {
        let size = rows.get(r).map_or(1, |o| o.readings.len());
        if let Some(c) = choice.get_mut(slot) {
            *c += 1;
            if *c < size {
                return;
            }
            *c = 0;
        }
    }
}

/// Every reading of a row's run, as bound cells over the document text.
fn readings(
    document: &Document,
    index: &LineIndex,
    table: &Table,
    run: &Run,
) -> Vec<Vec<BoundCell>> {
    let Some(part) = table.parts.get(run.part) else {
        return Vec::new();
    };
    let Some(node) = part.rows.find(&run.row) else {
        return Vec::new();
    };
    let columns: Vec<_> = part.columns.leaves().collect();
    let text = document
        .text
        .get(run.span.0..run.span.1)
        .unwrap_or_default();
    candidates(text, columns.len())
        .into_iter()
        .map(|reading| {
            reading
                .iter()
                .zip(&columns)
                .map(|(&(a, b), column)| {
                    let raw = text.get(a..b).unwrap_or_default().to_owned();
                    let unit_end = if columns.last().is_some_and(|l| l.id == column.id) {
                        run.span.1
                    } else {
                        run.span.0 + b
                    };
                    let raw_with_unit = document
                        .text
                        .get(run.span.0 + a..unit_end)
                        .unwrap_or(&raw)
                        .trim_end()
                        .to_owned();
                    BoundCell {
                        row: node.id.clone(),
                        column: column.id.clone(),
                        row_path: part.rows.path(node),
                        column_path: part.columns.path(column),
                        value: Value::parse(&raw_with_unit),
                        span: index.span(
                            &document.text,
                            run.span.0 + a,
                            run.span.0 + a + raw_with_unit.len(),
                        ),
                        raw: raw_with_unit,
                        location: CellLocation::default(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Ids of the `checks` a set of cells of `table` fails.
fn failures(
    template: &Template,
    checks: &[&Check],
    table: &Table,
    cells: &[BoundCell],
) -> BTreeSet<String> {
    let report = Report {
        template: template.id.clone(),
        year: None,
        agency: None,
        sections: Vec::new(),
        statements: Vec::new(),
        published: None,
        tables: vec![BoundTable {
            id: table.id.clone(),
            title: table.title.clone(),
            source_table: None,
            cells: cells.to_vec(),
            missing: Vec::new(),
            unplaced: Vec::new(),
        }],
        sentences: Vec::new(),
        opening: Vec::new(),
        figures: Vec::new(),
        outside: Vec::new(),
    };
    evaluate_checks(&report, template, checks.iter().copied())
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}
