//! `each` over rows, columns, cells, row groups, column groups and sections (one instance per
//! combination of the variables), and `when` filtering instances.

#![expect(clippy::indexing_slicing, reason = "tests")]

use super::{counts, run_edited, run_t};
use crate::testkit::eval_one;

/// The rows of the failed instances, by the row of their first cell.
fn failed_rows(evaluation: &crate::eval::Evaluation) -> Vec<String> {
    evaluation
        .findings
        .iter()
        .filter_map(|f| f.cells.first().map(|c| format!("{}/{}", c.row, c.column)))
        .collect()
}

/// Table `T` with every cell 0 except the given ones.
fn zeros_except<'a>(given: &[(&'a str, &'a str, &'a str)]) -> Vec<(&'a str, &'a str, &'a str)> {
    let mut cells = Vec::new();
    for row in ["R1", "G.1", "G.2", "R3"] {
        for column in ["A", "B", "TOT"] {
            let raw = given
                .iter()
                .find(|(r, c, _)| *r == row && *c == column)
                .map_or("0", |g| g.2);
            cells.push((row, column, raw));
        }
    }
    cells
}

/// `each r in rows(T)` runs once per leaf row (not per group) and reports the failing row.
#[test]
fn each_row_runs_once_per_leaf_row() {
    let evaluation = run_t(
        r#"check C1 error "行" { each r in rows(T)  assert T[r, TOT] == T[r, A] + T[r, B] }"#,
        &zeros_except(&[("G.2", "A", "1")]),
    );
    assert_eq!(counts(&evaluation), (1, 4, 0));
    assert_eq!(failed_rows(&evaluation), ["G.2/TOT"]);
}

/// `rows(T, G)` runs over the leaves of one group only.
#[test]
fn each_row_of_a_group() {
    let evaluation = run_t(
        r#"check C1 error "组内行" { each r in rows(T, G)  assert T[r, A] == 0 }"#,
        &zeros_except(&[("R1", "A", "5"), ("G.1", "A", "6")]),
    );
    assert_eq!(counts(&evaluation), (1, 2, 0));
    assert_eq!(failed_rows(&evaluation), ["G.1/A"]);
}

/// `each c in columns(T)` runs once per leaf column.
#[test]
fn each_column_runs_once_per_column() {
    let evaluation = run_t(
        r#"check C1 error "列" { each c in columns(T)  assert T[R3, c] == sum(T[G, c]) }"#,
        &zeros_except(&[("G.1", "B", "2"), ("R3", "B", "1")]),
    );
    assert_eq!(counts(&evaluation), (1, 3, 0));
    assert_eq!(failed_rows(&evaluation), ["R3/B"]);
}

/// `each x in cells(T)` runs once per declared cell; `x` stands for that cell.
#[test]
fn each_cell_runs_once_per_cell() {
    let evaluation = run_t(
        r#"check C1 error "格" { each x in cells(T)  assert x == 0 }"#,
        &zeros_except(&[("G.1", "TOT", "7"), ("R3", "A", "1")]),
    );
    assert_eq!(counts(&evaluation), (2, 12, 0));
    assert_eq!(failed_rows(&evaluation), ["G.1/TOT", "R3/A"]);
}

/// Two variables run over every combination, the last one fastest.
#[test]
fn two_variables_run_over_every_combination() {
    let evaluation = run_t(
        r#"check C1 error "组合" { each r in rows(T), c in columns(T)  assert T[r, c] == 0 }"#,
        &zeros_except(&[("R1", "TOT", "1"), ("G.1", "A", "1")]),
    );
    assert_eq!(counts(&evaluation), (2, 12, 0));
    assert_eq!(failed_rows(&evaluation), ["R1/TOT", "G.1/A"]);
}

/// `each g in row_groups(T)` gives the innermost row groups; `sum(T[g, c])` adds its leaves.
#[test]
fn each_row_group_sums_its_leaves() {
    let evaluation = run_t(
        r#"check C1 error "组" { each g in row_groups(T)  assert sum(T[g, A]) <= T[R1, A] }"#,
        &zeros_except(&[("G.1", "A", "2"), ("G.2", "A", "3"), ("R1", "A", "4")]),
    );
    assert_eq!(counts(&evaluation), (1, 1, 0));
    assert_eq!(
        evaluation.findings[0].help.as_deref(),
        Some("5，超过了 4，多出 1")
    );
}

/// `each g in column_groups(T4)` with `g.TOT`, `g.KEEP` checks each column group in turn.
#[test]
fn each_column_group_with_child_columns() {
    let evaluation = eval_one(
        &super::rules_with(
            r#"check C1 error "组" { each g in column_groups(T4)  assert T4[N, g.TOT] == T4[N, g.KEEP] }"#,
        ),
        &[
            ("T4", "N", "RV.KEEP", "1"),
            ("T4", "N", "RV.TOT", "1"),
            ("T4", "N", "LIT.KEEP", "2"),
            ("T4", "N", "LIT.TOT", "3"),
        ],
    );
    assert_eq!(counts(&evaluation), (1, 2, 0));
    assert_eq!(failed_rows(&evaluation), ["N/LIT.TOT"]);
}

/// `each s in sections()` runs once per declared section.
#[test]
fn each_section() {
    let evaluation = run_edited(
        r#"check C1 warning "部分" { message "没有“{s}”"  each s in sections()  assert present(s) }"#,
        &[],
        |report| {
            if let Some(s) = report.sections.get_mut(1) {
                s.span = None;
            }
        },
    );
    assert_eq!(counts(&evaluation), (1, 2, 0));
    assert_eq!(
        evaluation.findings[0].message,
        "没有“二、主动公开政府信息情况”"
    );
}

/// `when` leaves out the instances where it is false; they still count as instances.
#[test]
fn when_filters_instances() {
    let evaluation = run_t(
        r#"check C1 error "条件" {
             each r in rows(T)
             when filled(T[r, TOT])
             assert T[r, TOT] == T[r, A] + T[r, B]
           }"#,
        &zeros_except(&[("R1", "TOT", ""), ("R1", "A", "3"), ("R3", "TOT", "9")]),
    );
    assert_eq!(counts(&evaluation), (1, 4, 0));
    assert_eq!(failed_rows(&evaluation), ["R3/TOT"]);
}

/// A row-wise check over `rows(T)` should also check a group given on its own single row (the
/// 2019 layout of （六）其他处理), as README promises the other cross-checks still run.
#[test]
fn each_row_checks_a_collapsed_group_row() {
    let evaluation = eval_one(
        &crate::testkit::template(
            r#"table T "甲表" {
                 columns { A "甲列"  B "乙列"  TOT "合计" }
                 rows { R1 "一、第一行"  group G "二、分组" { G.1 "1.子一"  G.2 "2.子二" } }
               }
               check C2 error "行" { each r in rows(T)  assert T[r, TOT] == T[r, A] + T[r, B] }"#,
        ),
        &[
            ("T", "R1", "A", "1"),
            ("T", "R1", "B", "0"),
            ("T", "R1", "TOT", "1"),
            ("T", "G", "A", "1"),
            ("T", "G", "B", "0"),
            ("T", "G", "TOT", "5"),
        ],
    );
    assert_eq!(evaluation.findings.len(), 1);
    assert_eq!(evaluation.findings[0].cells[0].row, "G");
}

/// A reference that names its cells outright is resolved once per report and then reused:
/// every instance still reads (and a finding still names) its cells, also when a later
/// instance is the one that fails.
#[test]
fn an_outright_reference_is_read_in_every_instance() {
    let evaluation = run_t(
        r#"check C1 error "不超过" { each r in rows(T, G)  assert T[r, A] <= sum(T[R1, A], T[R3, A]) }"#,
        &zeros_except(&[("G.1", "A", "5"), ("G.2", "A", "6"), ("R3", "A", "5")]),
    );
    assert_eq!(counts(&evaluation), (1, 2, 0));
    let cells: Vec<String> = evaluation.findings[0]
        .cells
        .iter()
        .map(|c| format!("{}/{}", c.row, c.column))
        .collect();
    assert_eq!(cells, ["G.2/A", "R1/A", "R3/A"]);
}

/// A `when` without variables is decided once for the check, with the same outcome in every
/// instance as deciding it per instance: holding, every instance is asserted; false, none is
/// and none is undecided; undecided, every instance is counted undecided.
#[test]
fn a_when_without_variables_decides_every_instance_alike() {
    let check = r#"check C1 error "条件" {
                     each x in cells(T)
                     when T[R1, A] == 0
                     assert x == 0
                   }"#;
    let holds = run_t(
        check,
        &zeros_except(&[("G.2", "B", "4"), ("R3", "TOT", "5")]),
    );
    assert_eq!(counts(&holds), (2, 12, 0));
    assert_eq!(failed_rows(&holds), ["G.2/B", "R3/TOT"]);
    let fails = run_t(check, &zeros_except(&[("R1", "A", "3"), ("G.2", "B", "4")]));
    assert_eq!(counts(&fails), (0, 12, 0));
    let unknown = run_t(check, &zeros_except(&[("R1", "A", ""), ("G.2", "B", "4")]));
    assert_eq!(counts(&unknown), (0, 12, 12));
}

/// Which conditions are decided once: those whose cells, sections and figures do not depend
/// on what a variable stands for.
#[test]
fn a_condition_depends_on_a_variable_through_its_references() {
    let rules = crate::testkit::rules(&super::rules_with(
        r#"check F1 error "甲" { each r in rows(T)  when T[R1, A] + sum(T[R3, *]) == 0  assert T[r, A] == 0 }
           check F2 error "乙" { each r in rows(T)  when present(S1) and nonzero(T) > 0  assert T[r, A] == 0 }
           check V1 error "丙" { each r in rows(T)  when T[r, A] == 0  assert T[r, B] == 0 }
           check V2 error "丁" { each r in rows(T)  when previous(sum(T[r, *])) > 0  assert T[r, B] == 0 }
           check V3 error "戊" { each c in columns(T)  when 1 + sum(T[R1, c]) > 0  assert T[R3, c] == 0 }
           check V4 error "己" { each s in sections()  when text_length(s) >= 100  assert present(s) }"#,
    ));
    let template = crate::testkit::first(&rules);
    let depends: Vec<(&str, bool)> = template
        .checks
        .iter()
        .filter_map(|c| Some((c.id.as_str(), c.when.as_ref()?.depends_on_variable())))
        .collect();
    assert_eq!(
        depends,
        [
            ("F1", false),
            ("F2", false),
            ("V1", true),
            ("V2", true),
            ("V3", true),
            ("V4", true)
        ]
    );
}
