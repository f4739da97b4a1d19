//! Mutation test: every number in tables 三 and 四 of the real report is load-bearing. Change any
//! one of them and `check` must report an error whose operand cells include exactly that cell.

use nianbao_check::{Checked, Checker};
use nianbao_model::{Finding, Severity, Span};
use nianbao_tests::root;

/// The built-in rules with the 2021 template, checking on this thread.
fn checker() -> Checker {
    Checker::builtin()
        .unwrap()
        .with_template("gov-2021")
        .unwrap()
        .with_timeout(None)
}

fn check(text: &str) -> Checked {
    checker()
        .check_bytes(text.as_bytes().to_vec(), "report.txt")
        .unwrap()
}

fn findings(text: &str) -> Vec<Finding> {
    check(text).findings
}

/// Each numeric cell of 表三 and 表四, changed by one, is reported as an error at that cell.
#[test]
fn every_table_three_and_four_cell_is_checked() {
    let original =
        std::fs::read_to_string(root().join("examples/2024-nanguan-jiaoyuju.txt")).unwrap();
    let checked = check(&original);
    assert!(
        checked
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error)
    );
    let bound = checked;
    let mut mutated = 0;
    let mut missed = Vec::new();
    for table in bound
        .report
        .tables
        .iter()
        .filter(|t| t.id == "T3" || t.id == "T4")
    {
        for cell in &table.cells {
            let Some(value) = cell.value.number() else {
                continue;
            };
            let replacement = (value + rust_decimal::Decimal::ONE).to_string();
            let text = format!(
                "{}{replacement}{}",
                original.get(..cell.span.start).unwrap_or_default(),
                original.get(cell.span.end..).unwrap_or_default()
            );
            let span = Span {
                end: cell.span.start + replacement.len(),
                ..cell.span
            };
            mutated += 1;
            let caught = findings(&text).iter().any(|f| {
                f.severity == Severity::Error
                    && f.cells
                        .iter()
                        .any(|c| c.span.start == span.start && c.span.end == span.end)
            });
            if !caught {
                missed.push(format!("{} {} × {}", table.id, cell.row, cell.column));
            }
        }
    }
    assert_eq!(
        mutated,
        175 + 15,
        "every cell of 表三 and 表四 holds a number"
    );
    assert!(
        missed.is_empty(),
        "mutations not reported at their cell: {missed:?}"
    );
}
