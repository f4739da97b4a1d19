//! Arithmetic and comparisons: `+ - *`, negation, decimals, the six comparison operators with
//! their help lines, and `sum` over groups, `*` and mixed terms.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{counts, run_t};
use crate::testkit::{eval_one, template};

/// A row group `G` holding an inner group `H` and a leaf, and a check summing `G`.
const NESTED: &str = r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  TOT "合计" }
    rows {
      R1 "一、第一行"
      group G "二、分组" {
        group H "（一）内组" { H.1 "1.子一"  H.2 "2.子二" }
        G.3 "（二）子三"
      }
    }
  }
  check C1 error "外组" { assert T[R1, A] == sum(T[G, A]) }
"#;

/// `a == b + c` holds when the report adds up, and nothing is undecided.
#[test]
fn equality_holds_when_the_sum_agrees() {
    let evaluation = run_t(
        r#"check C1 error "合计" { assert T[R1, TOT] == T[R1, A] + T[R1, B] }"#,
        &[("R1", "A", "1"), ("R1", "B", "2"), ("R1", "TOT", "3")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 0));
}

/// A failed equality records both sides as written with values, and the help line.
#[test]
fn failed_equality_records_both_sides() {
    let evaluation = run_t(
        r#"check C1 error "合计" { assert T[R1, TOT] == T[R1, A] + T[R1, B] }"#,
        &[("R1", "A", "1"), ("R1", "B", "2"), ("R1", "TOT", "4")],
    );
    assert_eq!(counts(&evaluation), (1, 1, 0));
    let comparison = evaluation.findings[0].comparison.as_ref().unwrap();
    assert_eq!(comparison.op, nianbao_model::CompareOp::Eq);
    assert_eq!(
        (
            comparison.left.text.as_str(),
            comparison.left.value.to_string()
        ),
        ("4", "4".into())
    );
    assert_eq!(
        (
            comparison.right.text.as_str(),
            comparison.right.value.to_string()
        ),
        ("1 + 2", "3".into())
    );
    assert_eq!(
        evaluation.findings[0].help.as_deref(),
        Some("填的是 4，但 1 + 2 = 3，相差 1")
    );
}

/// Subtraction, multiplication (shown as ×) and negation compute and are written out.
#[test]
fn subtraction_multiplication_and_negation() {
    let evaluation = run_t(
        r#"check C1 error "算式" { assert T[R1, TOT] - T[R1, A] == 2 * T[R1, B] + -T[R3, A] }"#,
        &[
            ("R1", "A", "1"),
            ("R1", "B", "3"),
            ("R1", "TOT", "10"),
            ("R3", "A", "2"),
        ],
    );
    assert_eq!(counts(&evaluation), (1, 1, 0));
    let comparison = evaluation.findings[0].comparison.as_ref().unwrap();
    assert_eq!(comparison.left.text, "10 - 1");
    assert_eq!(comparison.left.value.to_string(), "9");
    assert_eq!(comparison.right.text, "2 × 3 + -2");
    assert_eq!(comparison.right.value.to_string(), "4");
    assert_eq!(
        evaluation.findings[0].help.as_deref(),
        Some("10 - 1 = 9，但 2 × 3 + -2 = 4，相差 5")
    );
}

/// Each comparison operator holds or fails as it should, with its own help line.
#[test]
fn comparison_operators_and_their_help() {
    let cases = [
        ("==", "3", "2", Some("实际为 3，应为 2，相差 1")),
        ("==", "2", "2", None),
        ("!=", "2", "2", Some("2，与 2 相等")),
        ("!=", "1", "2", None),
        ("<", "3", "2", Some("3，不小于 2")),
        ("<", "2", "2", Some("2，不小于 2")),
        ("<", "1", "2", None),
        ("<=", "3", "2", Some("3，超过了 2，多出 1")),
        ("<=", "2", "2", None),
        (">", "2", "2", Some("2，不大于 2")),
        (">", "3", "2", None),
        (">=", "1", "2", Some("1，少于 2，差 1")),
        (">=", "2", "2", None),
    ];
    for (op, a, b, help) in cases {
        let check = format!(r#"check C1 error "比较" {{ assert T[R1, A] {op} T[R1, B] }}"#);
        let evaluation = run_t(&check, &[("R1", "A", a), ("R1", "B", b)]);
        let got = evaluation.findings.first().and_then(|f| f.help.as_deref());
        assert_eq!(got, help, "{a} {op} {b}");
        assert_eq!(evaluation.summary.undecided, 0);
    }
}

/// Decimals add exactly and are shown without trailing zeros.
#[test]
fn decimals_add_exactly() {
    let check = r#"check C1 error "小数" { assert T[R1, TOT] == T[R1, A] + T[R1, B] }"#;
    let ok = run_t(
        check,
        &[("R1", "A", "0.1"), ("R1", "B", "0.2"), ("R1", "TOT", "0.3")],
    );
    assert_eq!(counts(&ok), (0, 1, 0));
    let bad = run_t(
        check,
        &[
            ("R1", "A", "0.10"),
            ("R1", "B", "1.40"),
            ("R1", "TOT", "1.6"),
        ],
    );
    assert_eq!(
        bad.findings[0].help.as_deref(),
        Some("填的是 1.6，但 0.1 + 1.4 = 1.5，相差 0.1")
    );
}

/// `sum` over a row group adds the group's leaves; the right side is shown as its total.
#[test]
fn sum_over_a_row_group_adds_its_leaves() {
    let check = r#"check C1 error "分组" { assert T[R3, A] == sum(T[G, A]) }"#;
    let ok = run_t(
        check,
        &[("G.1", "A", "1"), ("G.2", "A", "2"), ("R3", "A", "3")],
    );
    assert_eq!(counts(&ok), (0, 1, 0));
    let bad = run_t(
        check,
        &[("G.1", "A", "1"), ("G.2", "A", "2"), ("R3", "A", "4")],
    );
    assert_eq!(
        bad.findings[0].help.as_deref(),
        Some("实际为 4，应为 3，相差 1")
    );
    let read: Vec<(&str, &str)> = bad.findings[0]
        .cells
        .iter()
        .map(|c| (c.row.as_str(), c.column.as_str()))
        .collect();
    assert_eq!(read, [("R3", "A"), ("G.1", "A"), ("G.2", "A")]);
}

/// `sum` over a group given on its own single row (no leaf rows) uses that row.
#[test]
fn sum_over_a_collapsed_group_uses_the_group_row() {
    let check = r#"check C1 error "分组" { assert T[R3, A] == sum(T[G, A]) }"#;
    let ok = run_t(check, &[("G", "A", "5"), ("R3", "A", "5")]);
    assert_eq!(counts(&ok), (0, 1, 0));
    let bad = run_t(check, &[("G", "A", "5"), ("R3", "A", "6")]);
    assert_eq!(bad.findings[0].cells[1].row, "G");
}

/// `*` for columns sums every leaf column of the row; several terms and numbers add up.
#[test]
fn sum_over_star_and_mixed_terms() {
    let evaluation = run_t(
        r#"check C1 error "和" {
             assert sum(T[R1, *]) == 6
             assert sum(T[R1, *], T[G, A], 4) == 13
           }"#,
        &[
            ("R1", "A", "1"),
            ("R1", "B", "2"),
            ("R1", "TOT", "3"),
            ("G.1", "A", "1"),
            ("G.2", "A", "2"),
        ],
    );
    assert_eq!(counts(&evaluation), (0, 1, 0));
}

/// A sum that overflows the decimal range leaves the instance undecided instead of failing.
#[test]
fn overflow_is_undecided() {
    let evaluation = run_t(
        r#"check C1 error "溢出" { assert T[R1, A] + T[R1, B] == 0 }"#,
        &[
            ("R1", "A", "79228162514264337593543950335"),
            ("R1", "B", "1"),
        ],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// A sum of whole numbers and decimals is exact, also past the range of a 64-bit integer (whole
/// cells are added as integers first), and keeps the decimals' places; a missing cell leaves
/// it undecided, wherever it is.
#[test]
fn sums_of_whole_numbers_and_decimals() {
    let evaluation = run_t(
        r#"check C1 error "和" {
             assert sum(T[R1, *]) == 2.50
             assert sum(T[G, A]) == 18446744073709551614
           }"#,
        &[
            ("R1", "A", "1"),
            ("R1", "B", "0.50"),
            ("R1", "TOT", "1"),
            ("G.1", "A", "9223372036854775807"),
            ("G.2", "A", "9223372036854775807"),
        ],
    );
    assert_eq!(counts(&evaluation), (0, 1, 0));
    let row_is_three = r#"check C1 error "和" { assert sum(T[R1, *]) == 3 }"#;
    let failing = run_t(
        row_is_three,
        &[("R1", "A", "1"), ("R1", "B", "0.50"), ("R1", "TOT", "1")],
    );
    let comparison = failing.findings[0].comparison.as_ref().unwrap();
    assert_eq!(comparison.left.value.to_string(), "2.50");
    let missing = run_t(row_is_three, &[("R1", "B", "2"), ("R1", "TOT", "1")]);
    assert_eq!(counts(&missing), (0, 1, 1));
}

/// `sum` over an outer group whose inner group is given on its own single row should use that
/// row for the inner group, as it does when the inner group itself is summed.
#[test]
fn sum_over_an_outer_group_uses_a_collapsed_inner_group() {
    let evaluation = eval_one(
        &template(NESTED),
        &[
            ("T", "R1", "A", "3"),
            ("T", "H", "A", "1"),
            ("T", "G.3", "A", "2"),
        ],
    );
    assert_eq!(counts(&evaluation), (0, 1, 0));
}

/// Two tables with the same row and column ids: each reference reads its own table's cell,
/// also when the one before it read the other table's row.
#[test]
fn same_ids_in_two_tables_are_two_cells() {
    let evaluation = crate::testkit::eval_one(
        &crate::testkit::template(
            r#"table T "甲表" { columns { A "甲列" } rows { R1 "一、第一行" } }
               table U "乙表" { columns { A "甲列" } rows { R1 "一、第一行" } }
               check C1 error "相等" { assert T[R1, A] + U[R1, A] == 7 and U[R1, A] == 5 }"#,
        ),
        &[("T", "R1", "A", "2"), ("U", "R1", "A", "5")],
    );
    assert_eq!(evaluation.findings.len(), 0, "{:?}", evaluation.findings);
    assert_eq!(evaluation.summary.undecided, 0);
}
