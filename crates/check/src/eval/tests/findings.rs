//! What a finding says: the message with `{var}`, `{actual}`, `{expected}`, `{diff}` filled in,
//! the cells and notes, the severity; and the summary counts of an evaluation.

#![expect(clippy::indexing_slicing, reason = "tests")]

use nianbao_model::Severity;

use super::{counts, rules_with, run_t};
use crate::eval::{Counts, evaluate};
use crate::testkit::{eval_one, first, report, rules};

/// `{c}` is the column's label; `{actual}`, `{expected}` and `{diff}` are the two sides of the
/// failed comparison and their difference.
#[test]
fn message_fills_variables_and_computed_values() {
    let evaluation = run_t(
        r#"check C1 error "列" {
             message "“{c}”列：填了 {actual}，应为 {expected}，相差 {diff}"
             each c in columns(T)
             assert T[R3, c] == T[R1, c] + 1
           }"#,
        &[
            ("R1", "A", "1"),
            ("R3", "A", "2"),
            ("R1", "B", "5"),
            ("R3", "B", "2"),
            ("R1", "TOT", "0"),
            ("R3", "TOT", "1"),
        ],
    );
    assert_eq!(counts(&evaluation), (1, 3, 0));
    assert_eq!(
        evaluation.findings[0].message,
        "“乙列”列：填了 2，应为 6，相差 4"
    );
}

/// A numbered row inside a group is named with its group; a cell is "row · column"; a cell of
/// an unlabeled row is named by its column, with its group where the label repeats.
#[test]
fn message_names_rows_and_cells_for_people() {
    let row = run_t(
        r#"check C1 error "行" { message "{r}"  each r in rows(T, G)  assert T[r, A] == 0 }"#,
        &[("G.1", "A", "1"), ("G.2", "A", "0")],
    );
    assert_eq!(row.findings[0].message, "二、分组·1.子一");
    let cell = run_t(
        r#"check C1 error "格" { message "“{x}”" each x in cells(T) assert x == 0 }"#,
        &[("R1", "B", "1")],
    );
    assert_eq!(cell.findings[0].message, "“一、第一行 · 乙列”");
    let unlabeled = eval_one(
        &rules_with(r#"check C1 error "格" { message "“{x}”" each x in cells(T4) assert x == 0 }"#),
        &[("T4", "N", "LIT.KEEP", "1")],
    );
    assert_eq!(unlabeled.findings[0].message, "“行政诉讼·结果维持”");
    let group = eval_one(
        &rules_with(
            r#"check C1 error "组" { message "{g}" each g in column_groups(T4) assert T4[N, g.TOT] == 0 }"#,
        ),
        &[("T4", "N", "RV.TOT", "0"), ("T4", "N", "LIT.TOT", "2")],
    );
    assert_eq!(group.findings[0].message, "行政诉讼");
}

/// Without a `message` the finding's message is the check's title.
#[test]
fn message_defaults_to_the_title() {
    let evaluation = run_t(
        r#"check C1 error "标题文字" { assert T[R1, A] == 0 }"#,
        &[("R1", "A", "1")],
    );
    assert_eq!(evaluation.findings[0].message, "标题文字");
    assert_eq!(evaluation.findings[0].rule, "C1");
}

/// A finding carries the operand cells in the order read, with a note per cell naming it and
/// its value at the cell's span.
#[test]
fn finding_lists_operand_cells_with_notes() {
    let evaluation = run_t(
        r#"check C1 error "合计" { treat blank as zero  assert T[R1, TOT] == T[R1, A] + T[G.1, B] }"#,
        &[("R1", "A", "1"), ("G.1", "B", ""), ("R1", "TOT", "4")],
    );
    let finding = &evaluation.findings[0];
    let cells: Vec<(&str, &str, &str)> = finding
        .cells
        .iter()
        .map(|c| (c.row.as_str(), c.column.as_str(), c.raw.as_str()))
        .collect();
    assert_eq!(
        cells,
        [("R1", "TOT", "4"), ("R1", "A", "1"), ("G.1", "B", "")]
    );
    let notes: Vec<(usize, &str)> = finding
        .notes
        .iter()
        .map(|n| (n.span.start, n.label.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (20, "一、第一行 · 合计 = 4"),
            (0, "一、第一行 · 甲列 = 1"),
            (10, "二、分组·1.子一 · 乙列 = （空白）"),
        ]
    );
}

/// The finding has the check's severity, and `Counts::of` tallies findings by severity.
#[test]
fn findings_carry_the_checks_severity() {
    let evaluation = run_t(
        r#"check E1 error "错" { assert T[R1, A] == 0 }
           check W1 warning "警" { assert T[R1, A] == 0 }
           check W2 warning "警" { assert T[R1, A] == 1 }
           check I1 info "提" { assert T[R1, A] == 0 }"#,
        &[("R1", "A", "1")],
    );
    let found: Vec<(&str, Severity)> = evaluation
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("E1", Severity::Error),
            ("W1", Severity::Warning),
            ("I1", Severity::Info)
        ]
    );
    assert_eq!(
        Counts::of(&evaluation.findings),
        Counts {
            errors: 1,
            warnings: 1,
            infos: 1
        }
    );
}

/// The summary counts checks run, checks skipped because a table they read has no cells,
/// instances and undecided instances.
#[test]
fn summary_counts_run_skipped_instances_and_undecided() {
    let source = rules_with(
        r#"check C1 error "列" { each c in columns(T)  assert T[R1, c] == 0 }
           check C2 error "表四" { assert T4[N, RV.TOT] == T4[N, RV.KEEP] }
           check C3 error "两表" { assert T[R1, A] == M[FEE, AMT] }
           check C4 warning "部分" { each s in sections()  assert present(s) }"#,
    );
    let rules = rules(&source);
    let template = first(&rules);
    let report = report(
        template,
        &[
            ("T", "R1", "A", "1"),
            ("T", "R1", "B", ""),
            ("T", "R1", "TOT", "0"),
        ],
    );
    let evaluation = evaluate(&report, template);
    assert_eq!(evaluation.summary.checks_run, 2);
    assert_eq!(evaluation.summary.checks_skipped, 2);
    assert_eq!(evaluation.summary.instances, 5);
    assert_eq!(evaluation.summary.undecided, 1);
    assert_eq!(evaluation.findings.len(), 1);
    assert_eq!(evaluation.findings[0].rule, "C1");
}
