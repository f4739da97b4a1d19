//! Localisation over the real report: every cell of tables 三 and 四, corrupted in the ways
//! numbers really go wrong (+1, two digits swapped, a digit dropped, 0, a neighbour's value),
//! is named as the culprit with its original value — or the finding says the checks cannot
//! tell which cell, and lists it among the candidates. Never a wrong certain answer, for one
//! corrupted cell or two.

use nianbao_check::{Checked, Checker};
use nianbao_model::{Applicability, BoundCell};
use nianbao_tests::root;
use rust_decimal::Decimal;

fn checker() -> Checker {
    let Ok(checker) = Checker::builtin() else {
        panic!("built-in rules");
    };
    let Ok(checker) = checker.with_template("gov-2021") else {
        panic!("gov-2021");
    };
    checker.with_timeout(None)
}

fn example() -> String {
    std::fs::read_to_string(root().join("examples/2024-nanguan-jiaoyuju.txt")).unwrap_or_default()
}

/// The text with the cells replaced (spans into the text, in any order).
fn corrupt(text: &str, changes: &[(&BoundCell, String)]) -> String {
    let mut changes: Vec<&(&BoundCell, String)> = changes.iter().collect();
    changes.sort_by_key(|(c, _)| std::cmp::Reverse(c.span.start));
    let mut out = text.to_owned();
    for (cell, raw) in changes {
        out.replace_range(cell.span.start..cell.span.end, raw);
    }
    out
}

/// The ways a written number goes wrong, as (kind, written instead).
fn corruptions(cell: &BoundCell, neighbours: &[&BoundCell]) -> Vec<(&'static str, String)> {
    let Some(value) = cell.value.number() else {
        return Vec::new();
    };
    let raw = cell.raw.clone();
    let mut out = vec![("+1", (value + Decimal::ONE).to_string())];
    if raw.len() >= 2 {
        let mut swapped: Vec<char> = raw.chars().collect();
        swapped.swap(0, 1);
        let swapped: String = swapped.into_iter().collect();
        if swapped != raw && !swapped.starts_with('0') {
            out.push(("swapped", swapped));
        }
        out.push((
            "dropped",
            raw.get(1..)
                .unwrap_or_default()
                .trim_start_matches('0')
                .to_owned(),
        ));
    }
    if !value.is_zero() {
        out.push(("zero", "0".to_owned()));
    }
    if let Some(other) = neighbours
        .iter()
        .find(|n| n.value.number().is_some_and(|v| v != value))
    {
        out.push(("neighbour", other.raw.clone()));
    }
    out.retain(|(_, w)| !w.is_empty() && *w != raw);
    out
}

/// Whether a culprit of the report names `cell` with `value`: certainly (or likely), or among
/// ambiguous candidates. Panics on a certain answer that is wrong.
fn verdict(checked: &Checked, cell: &BoundCell, value: Decimal) -> Option<Applicability> {
    let mut found = None;
    for culprit in &checked.culprits {
        let names = |c: &nianbao_model::CellCorrection| {
            c.cell.row == cell.row && c.cell.column == cell.column && c.suggested == value
        };
        let first = culprit
            .corrections
            .first()
            .is_some_and(|correction| correction.cells.iter().any(names));
        let listed = culprit
            .corrections
            .iter()
            .any(|correction| correction.cells.iter().any(names));
        if culprit.applicability == Applicability::Certain {
            assert!(first, "certain and wrong: {culprit:#?}");
        }
        if first && culprit.applicability != Applicability::Ambiguous {
            found = Some(culprit.applicability);
        } else if listed {
            found = Some(Applicability::Ambiguous);
        }
    }
    found
}

/// Every constrained cell of 表三 and 表四, corrupted each way, is recovered uniquely or
/// reported ambiguous with its original among the candidates.
#[test]
fn one_wrong_cell_is_named_with_its_value() {
    let text = example();
    let checker = checker();
    let Ok(clean) = checker.check_bytes(text.clone().into_bytes(), "clean.txt") else {
        panic!("the example reads");
    };
    let (mut cases, mut certain, mut ambiguous) = (0, 0, 0);
    let mut missed = Vec::new();
    for table in clean
        .report
        .tables
        .iter()
        .filter(|t| t.id == "T3" || t.id == "T4")
    {
        for cell in &table.cells {
            let neighbours: Vec<&BoundCell> = table
                .cells
                .iter()
                .filter(|c| c.row == cell.row && c.column != cell.column)
                .collect();
            let Some(value) = cell.value.number() else {
                continue;
            };
            for (kind, written) in corruptions(cell, &neighbours) {
                let corrupted = corrupt(&text, &[(cell, written.clone())]);
                let Ok(checked) = checker.check_bytes(corrupted.into_bytes(), "x.txt") else {
                    panic!("a corrupted copy reads");
                };
                if !checked.has_errors() {
                    continue; // no check sees this change (e.g. an amount nothing adds up)
                }
                cases += 1;
                match verdict(&checked, cell, value) {
                    Some(Applicability::Certain | Applicability::Likely) => certain += 1,
                    Some(Applicability::Ambiguous) => ambiguous += 1,
                    None => missed.push(format!(
                        "{} {}×{} {kind} {} → {written}",
                        table.id, cell.row, cell.column, cell.raw
                    )),
                }
            }
        }
    }
    eprintln!(
        "single-cell corruptions: {cases}, named uniquely {certain}, ambiguous with the cell among \
         the candidates {ambiguous}"
    );
    assert!(cases >= 200, "{cases}");
    assert!(missed.is_empty(), "not localised: {missed:#?}");
}

/// Two wrong cells: whatever is reported certain is right; the rest is likely or ambiguous.
#[test]
fn two_wrong_cells_are_never_a_wrong_certain_answer() {
    let text = example();
    let checker = checker();
    let Ok(clean) = checker.check_bytes(text.clone().into_bytes(), "clean.txt") else {
        panic!("the example reads");
    };
    let Some(t3) = clean.report.table("T3") else {
        panic!("table 三");
    };
    let cells: Vec<&BoundCell> = t3
        .cells
        .iter()
        .filter(|c| c.value.number().is_some())
        .collect();
    let mut tried = 0;
    // A fixed spread of pairs over the table: every 7th cell with every 11th.
    for first in cells.iter().step_by(7) {
        for second in cells.iter().skip(3).step_by(11) {
            if first.span == second.span {
                continue;
            }
            let bump =
                |c: &BoundCell| (c.value.number().unwrap_or_default() + Decimal::ONE).to_string();
            let corrupted = corrupt(&text, &[(first, bump(first)), (second, bump(second))]);
            let Ok(checked) = checker.check_bytes(corrupted.into_bytes(), "x.txt") else {
                panic!("a corrupted copy reads");
            };
            for culprit in &checked.culprits {
                if culprit.applicability != Applicability::Certain {
                    continue;
                }
                let right = culprit.corrections.iter().all(|correction| {
                    correction.cells.iter().all(|c| {
                        [first, second].iter().any(|orig| {
                            orig.row == c.cell.row
                                && orig.column == c.cell.column
                                && orig.value.number() == Some(c.suggested)
                        })
                    })
                });
                assert!(
                    right,
                    "certain and wrong for {}×{} + {}×{}: {culprit:#?}",
                    first.row, first.column, second.row, second.column
                );
            }
            tried += 1;
        }
    }
    assert!(tried > 100, "{tried}");
}
