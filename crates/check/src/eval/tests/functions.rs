//! The cell tests and other functions: `valid` (count, amount with unit, signed), `filled`,
//! `blank`, `mark`, `has_unit`, `collapsed`, `present` and `year()`.

#![expect(clippy::indexing_slicing, reason = "tests")]

use nianbao_model::Span;

use super::{counts, run_edited, run_t};
use crate::testkit::eval_one;

/// Whether `valid(x)` holds for a cell of the given table, row and column holding `raw`.
fn valid(table: &str, row: &str, column: &str, raw: &str) -> bool {
    let check = format!(r#"check C1 error "有效" {{ assert valid({table}[{row}, {column}]) }}"#);
    let evaluation = eval_one(&super::rules_with(&check), &[(table, row, column, raw)]);
    assert_eq!(evaluation.summary.undecided, 0, "{raw}");
    evaluation.findings.is_empty()
}

/// In a count table only non-negative whole numbers (with a count unit or none) are valid;
/// blank and marks pass, text does not.
#[test]
fn valid_counts() {
    let cases = [
        ("0", true),
        ("12", true),
        ("1,024", true),
        ("12件", true),
        ("", true),
        ("—", true),
        ("无", true),
        ("1.5", false),
        ("-1", false),
        ("300元", false),
        ("见附件", false),
    ];
    for (raw, expected) in cases {
        assert_eq!(valid("T", "R1", "A", raw), expected, "{raw}");
    }
}

/// In an amount table in 万元 decimals are valid, a different unit or a negative is not.
#[test]
fn valid_amounts_follow_the_declared_unit() {
    let cases = [
        ("96171.6", true),
        ("0", true),
        ("1.5万元", true),
        ("300元", false),
        ("2亿元", false),
        ("3件", false),
        ("-0.5", false),
    ];
    for (raw, expected) in cases {
        assert_eq!(valid("M", "FEE", "AMT", raw), expected, "{raw}");
    }
}

/// A row declared `values signed` takes whole numbers of either sign, not fractions.
#[test]
fn valid_signed_row() {
    for (raw, expected) in [("-3", true), ("+4", true), ("0", true), ("1.5", false)] {
        assert_eq!(valid("M", "D", "AMT", raw), expected, "{raw}");
    }
}

/// `filled`, `blank` and `mark` tell numbers, blanks, marks and text apart.
#[test]
fn filled_blank_and_mark() {
    // raw, filled, blank, mark
    let cases = [
        ("3", true, false, false),
        ("", false, true, false),
        ("—", false, false, true),
        ("/", false, false, true),
        ("无", false, false, true),
        ("见附件", true, false, false),
    ];
    for (raw, filled, blank, mark) in cases {
        for (function, expected) in [("filled", filled), ("blank", blank), ("mark", mark)] {
            let check = format!(r#"check C1 error "测" {{ assert {function}(T[R1, A]) }}"#);
            let evaluation = run_t(&check, &[("R1", "A", raw)]);
            assert_eq!(
                evaluation.findings.is_empty(),
                expected,
                "{function}({raw:?})"
            );
        }
    }
}

/// A test on a set of cells holds only if it holds for every cell, and the finding points at
/// the cells that failed it.
#[test]
fn test_on_a_set_points_at_the_failing_cells() {
    let evaluation = run_t(
        r#"check C1 warning "填写" { assert filled(T[R1, *]) }"#,
        &[("R1", "A", "1"), ("R1", "B", ""), ("R1", "TOT", "—")],
    );
    assert_eq!(counts(&evaluation), (1, 1, 0));
    let finding = &evaluation.findings[0];
    let failing: Vec<&str> = finding.cells.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(failing, ["B", "TOT"]);
    let notes: Vec<&str> = finding.notes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        notes,
        ["一、第一行 · 乙列 = （空白）", "一、第一行 · 合计 = —"]
    );
    assert!(finding.comparison.is_none() && finding.help.is_none());
}

/// A test on a set with a cell the report lacks is undecided.
#[test]
fn test_on_a_set_with_a_missing_cell_is_undecided() {
    let evaluation = run_t(
        r#"check C1 warning "填写" { assert filled(T[R1, *]) }"#,
        &[("R1", "A", "1"), ("R1", "B", "2")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// `has_unit` holds for a number written with its unit.
#[test]
fn has_unit_sees_a_written_unit() {
    let check = r#"check C1 info "单位" { assert not has_unit(M[FEE, AMT]) }"#;
    for (raw, found) in [("251000元", 1), ("96171.6万元", 1), ("96171.6", 0), ("", 0)] {
        let evaluation = eval_one(&super::rules_with(check), &[("M", "FEE", "AMT", raw)]);
        assert_eq!(evaluation.findings.len(), found, "{raw}");
    }
}

/// `collapsed` holds for a group given on its own single row, not for a group given by its
/// leaf rows; with neither, it cannot be decided.
#[test]
fn collapsed_group_row() {
    let check = r#"check C1 error "合并" { assert not collapsed(T[G, TOT]) }"#;
    let single = run_t(check, &[("G", "TOT", "3")]);
    assert_eq!(counts(&single), (1, 1, 0));
    assert_eq!(single.findings[0].cells[0].row, "G");
    let leaves = run_t(check, &[("G.1", "TOT", "1"), ("G.2", "TOT", "2")]);
    assert_eq!(counts(&leaves), (0, 1, 0));
    let neither = run_t(check, &[("R1", "TOT", "1")]);
    assert_eq!(counts(&neither), (0, 1, 1));
}

/// `present` is true for a section whose heading was found, false for one whose heading was
/// not, and undecided for a section the report does not list.
#[test]
fn present_follows_the_sections_found() {
    let check = r#"check C1 warning "部分" { assert present(S2) }"#;
    let found = run_edited(check, &[], |_| {});
    assert_eq!(counts(&found), (0, 1, 0));
    let absent = run_edited(check, &[], |report| {
        report.sections.iter_mut().for_each(|s| s.span = None);
    });
    assert_eq!(counts(&absent), (1, 1, 0));
    let unlisted = run_edited(check, &[], |report| report.sections.clear());
    assert_eq!(counts(&unlisted), (0, 1, 1));
    let other = run_edited(check, &[], |report| {
        if let Some(s) = report.sections.first_mut() {
            s.span = None;
        }
        if let Some(s) = report.sections.get_mut(1) {
            s.span = Some(Span::default());
        }
    });
    assert_eq!(counts(&other), (0, 1, 0));
}

/// `year()` is the report's year; without one the instance is undecided.
#[test]
fn year_is_the_reports_year() {
    let check = r#"check C1 error "年份" { assert year() >= 2021 }"#;
    let year = |year: Option<i32>| run_edited(check, &[], |report| report.year = year);
    assert_eq!(counts(&year(Some(2024))), (0, 1, 0));
    assert_eq!(counts(&year(Some(2020))), (1, 1, 0));
    assert_eq!(counts(&year(None)), (0, 1, 1));
    let failed = year(Some(2020));
    assert_eq!(
        failed.findings[0].help.as_deref(),
        Some("2020，少于 2021，差 1")
    );
    assert!(failed.findings[0].cells.is_empty());
}
