//! The places worked out once per template read the same cells as looking the ids up, for
//! every reference of every instance of the shipped templates' checks, over real reports.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use nianbao_rules::ruleset::Expr;

use crate::Checker;
use crate::eval::env::Index;
use crate::eval::expr::Evaluator;
use crate::eval::places::Places;
use crate::eval::{evaluate, evaluate_placed, instances};

/// Reports of both formats, clean and with errors, from text and crawler text.
pub(super) fn documents() -> Vec<(&'static str, &'static [u8])> {
    vec![
        (
            "example.txt",
            include_bytes!("../../../../../examples/2024-nanguan-jiaoyuju.txt"),
        ),
        (
            "balance.txt",
            include_bytes!("../../../../../examples/errors/balance.txt"),
        ),
        (
            "row-total.txt",
            include_bytes!("../../../../../examples/errors/row-total.txt"),
        ),
        (
            "table4-total.txt",
            include_bytes!("../../../../../examples/errors/table4-total.txt"),
        ),
        (
            "pingtan-2019.txt",
            include_bytes!("../../../../../tests/fixtures/corpus/002-pingtan-2019.txt"),
        ),
        (
            "pingtan-gwh-2021.txt",
            include_bytes!("../../../../../tests/fixtures/crawler/pingtan-gwh-2021.txt"),
        ),
        (
            "pingtan-hzs-2019.txt",
            include_bytes!("../../../../../tests/fixtures/chains/pingtan-hzs-2019.txt"),
        ),
        (
            "pingtan-nyn-2020.txt",
            include_bytes!("../../../../../tests/fixtures/crawler/pingtan-nyn-2020.txt"),
        ),
    ]
}

#[test]
fn places_read_what_the_ids_name() {
    let checker = Checker::builtin().unwrap();
    let mut compared = 0;
    let mut placed_reports = 0;
    for (name, bytes) in documents() {
        let checked = checker.check_bytes(bytes.to_vec(), name).unwrap();
        let template = checker.template(&checked.template).unwrap();
        let report = &checked.report;
        let places = Places::new(template);
        let by_ids = Index::new(report, template);
        let by_places = Index::at_places(report, template, places.as_ref());
        placed_reports += usize::from(by_places.is_placed());
        for check in &template.checks {
            let exprs: Vec<&Expr> = check.when.iter().chain(&check.asserts).collect();
            instances(&by_ids, check, &mut |env| {
                let ids = Evaluator {
                    index: &by_ids,
                    env,
                    policy: check.policy,
                };
                let at_places = Evaluator {
                    index: &by_places,
                    env,
                    policy: check.policy,
                };
                for reference in exprs.iter().flat_map(|e| e.cell_refs_here()) {
                    let expected: Vec<_> = ids.cells(reference).collect();
                    let found: Vec<_> = at_places.cells(reference).collect();
                    let same = expected.len() == found.len()
                        && expected.iter().zip(&found).all(|(a, b)| match (a, b) {
                            (Some(a), Some(b)) => std::ptr::eq(*a, *b),
                            (None, None) => true,
                            _ => false,
                        });
                    assert!(same, "{name} {} {reference:?}", check.id);
                    if by_places.is_placed() {
                        assert!(
                            by_places.placed(reference, env).is_some(),
                            "{name} {}: {reference:?} not worked out",
                            check.id
                        );
                    }
                    compared += 1;
                }
            });
        }
        assert_eq!(
            evaluate(report, template),
            evaluate_placed(report, template, places.as_ref()),
            "{name}"
        );
    }
    // Not vacuous: the reports were read at places, thousands of references compared.
    assert!(placed_reports >= 5, "{placed_reports}");
    assert!(compared > 5_000, "{compared}");
}

/// Places are read only for the template they were worked out for.
#[test]
fn places_of_another_template_are_not_read() {
    let checker = Checker::builtin().unwrap();
    let checked = checker
        .check_bytes(documents()[0].1.to_vec(), "example.txt")
        .unwrap();
    let template = checker.template(&checked.template).unwrap();
    let other = checker
        .rules()
        .templates
        .iter()
        .find(|t| t.id != template.id)
        .unwrap();
    let places = Places::new(other);
    let index = Index::at_places(&checked.report, template, places.as_ref());
    assert!(!index.is_placed());
    let own = Places::new(template);
    assert!(Index::at_places(&checked.report, template, own.as_ref()).is_placed());
}

/// A row that gives a column twice is read at its last cell, as the ids' lookup reads it (the
/// evaluator's unit tests compare the two ways on every report they build).
#[test]
fn a_column_given_twice_is_read_at_its_last_cell() {
    let check = r#"check C1 error "第一行" { assert T[R1, A] == 2 }"#;
    let evaluation = super::run_t(check, &[("R1", "A", "1"), ("R1", "A", "2")]);
    assert_eq!(super::counts(&evaluation), (0, 1, 0));
}

/// A template whose grid would be too large has no places: its reports are evaluated by
/// looking ids up, and its checks find the same.
#[test]
fn a_template_too_large_for_a_grid_looks_ids_up() {
    let columns: String = (0..300).map(|i| format!(" C{i} \"列{i}\"")).collect();
    let rows: String = (0..300).map(|i| format!(" R{i} \"行{i}\"")).collect();
    let rules = crate::testkit::rules(&crate::testkit::template(&format!(
        "table T \"甲表\" {{ columns {{{columns} }} rows {{{rows} }} }}\n\
         check C1 error \"第一格\" {{ assert T[R0, C0] == 2 }}"
    )));
    let template = crate::testkit::first(&rules);
    assert!(Places::new(template).is_none());
    let report = crate::testkit::report(template, &[("T", "R0", "C0", "1")]);
    let evaluation = crate::testkit::evaluate_both(&report, template);
    assert_eq!(evaluation.findings.len(), 1);
}

/// A group declared without leaves is read on its own row when the report gives it: the
/// places leave such a reference to the index, which sees the row.
#[test]
fn a_group_without_leaves_is_read_on_its_own_row() {
    let rules = crate::testkit::rules(&crate::testkit::template(
        "table T \"甲表\" { columns { A \"甲列\" } rows { R1 \"一、第一行\" group G \"二、分组\" { } } }\n\
         check C1 error \"分组\" { assert sum(T[G, A]) == 2 }",
    ));
    let template = crate::testkit::first(&rules);
    let report = crate::testkit::report(template, &[("T", "G", "A", "2"), ("T", "R1", "A", "1")]);
    assert!(Index::at_places(&report, template, Places::new(template).as_ref()).is_placed());
    let evaluation = crate::testkit::evaluate_both(&report, template);
    assert_eq!(
        (evaluation.findings.len(), evaluation.summary.instances),
        (0, 1)
    );
}

/// A report's cells are laid out by the address of the template's ids they share, and a cell
/// whose ids are its own (a report read back from JSON) by their text: both ways put every
/// cell at the same place, so the two reports evaluate alike.
#[test]
fn cells_with_ids_of_their_own_are_laid_out_alike() {
    let checker = Checker::builtin().unwrap();
    for (name, bytes) in documents() {
        let checked = checker.check_bytes(bytes.to_vec(), name).unwrap();
        let template = checker.template(&checked.template).unwrap();
        let shared = &checked.report;
        let mut own = shared.clone();
        for cell in own.tables.iter_mut().flat_map(|t| &mut t.cells) {
            cell.row = nianbao_model::Id::from(cell.row.as_str());
            cell.column = nianbao_model::Id::from(cell.column.as_str());
        }
        let first = |report: &nianbao_model::Report| {
            report
                .tables
                .iter()
                .flat_map(|t| &t.cells)
                .next()
                .map(|c| c.row.as_str().as_ptr())
        };
        assert_ne!(
            first(shared),
            first(&own),
            "{name}: the ids were not copied"
        );
        let places = Places::new(template);
        assert!(Index::at_places(&own, template, places.as_ref()).is_placed());
        assert_eq!(
            evaluate_placed(shared, template, places.as_ref()),
            evaluate_placed(&own, template, places.as_ref()),
            "{name}"
        );
    }
}
