//! Tables whose header names no column (none at all, or a converter's numbered placeholders):
//! read in the template's column order only when the template's checks confirm that reading,
//! reported either way; and tables split into blocks or printed twice.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::PLAIN;
use crate::testkit::{bind_snippet, cells, codes, table_text, template};

/// Three columns whose last is the sum of the others.
const SUMS: &str = r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  TOT "合计" }
    rows {
      R1 "一、第一行"
      R2 "二、第二行"
      R3 "三、第三行"
    }
  }
  check C1 error "合计等于甲乙之和" {
    treat blank as unknown
    each r in rows(T)
    assert T[r, TOT] == T[r, A] + T[r, B]
  }
"#;

fn rows(values: [[&'static str; 3]; 3]) -> Vec<Vec<&'static str>> {
    ["一、第一行", "二、第二行", "三、第三行"]
        .iter()
        .zip(values)
        .map(|(label, v)| std::iter::once(*label).chain(v).collect())
        .collect()
}

fn text(header: Option<&[&str]>, values: [[&'static str; 3]; 3]) -> String {
    let rows = rows(values);
    let all: Vec<&[&str]> = header
        .into_iter()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    table_text(&all)
}

/// No header, and the checks hold in declared order but not when the numbers are shifted:
/// the values are bound in declared order and the reading is reported with the check.
#[test]
fn missing_header_is_read_by_position_when_the_checks_confirm() {
    let bound = bind_snippet(
        &template(SUMS),
        &text(None, [["1", "2", "3"], ["4", "5", "9"], ["7", "8", "15"]]),
    );
    assert_eq!(cells(&bound, "T")[..3], ["R1/A=1", "R1/B=2", "R1/TOT=3"]);
    assert_eq!(codes(&bound.findings), ["bind::positional-columns"]);
    let finding = &bound.findings[0];
    assert_eq!(finding.severity, nianbao_model::Severity::Info);
    assert!(
        finding.message.contains("依据 C1 证实"),
        "{}",
        finding.message
    );
}

/// Numbered placeholders (`Col2`, `列3`) name no column: the same as no header.
#[test]
fn placeholder_header_is_no_header() {
    for header in [
        &["Col1", "Col2", "Col3", "Col4"][..],
        &["列1", "列2", "列3", "列4"][..],
        &["", "", "", ""][..],
    ] {
        let bound = bind_snippet(
            &template(SUMS),
            &text(
                Some(header),
                [["1", "2", "3"], ["4", "5", "9"], ["7", "8", "15"]],
            ),
        );
        assert_eq!(cells(&bound, "T").len(), 9, "{header:?}");
        assert_eq!(
            codes(&bound.findings),
            ["bind::positional-columns"],
            "{header:?}"
        );
    }
}

/// Without checks nothing confirms the order: the numbers are not placed, they are reported
/// (a warning, never an error about the report), and no row or column is called missing.
#[test]
fn unconfirmed_reading_is_not_used() {
    let bound = bind_snippet(
        &template(PLAIN),
        &table_text(&[
            &["一、第一行", "1", "2", "3"],
            &["二、第二行", "4", "5", "6"],
            &["三、第三行", "7", "8", "9"],
        ]),
    );
    assert!(cells(&bound, "T").is_empty());
    assert_eq!(codes(&bound.findings), ["bind::unconfirmed-columns"]);
    assert_eq!(bound.findings[0].severity, nianbao_model::Severity::Warning);
    let table = bound.report.table("T").unwrap();
    assert_eq!(table.unplaced.len(), 9);
    assert_eq!(
        table.unplaced[0].reason,
        "表头没有列名，按位置读出的数字未经勾稽关系证实"
    );
}

/// A reading the checks refute (the sum is in the first column) is not used either.
#[test]
fn refuted_reading_is_not_used() {
    let bound = bind_snippet(
        &template(SUMS),
        &text(None, [["3", "1", "2"], ["9", "4", "5"], ["15", "7", "8"]]),
    );
    assert!(cells(&bound, "T").is_empty());
    assert_eq!(codes(&bound.findings), ["bind::unconfirmed-columns"]);
    assert!(
        bound.findings[0].notes[0].label.contains("C1 不成立"),
        "{:?}",
        bound.findings[0].notes
    );
}

/// Rows whose values are all equal read the same in any order: bound, and said so.
#[test]
fn uniform_rows_read_the_same_in_any_order() {
    let bound = bind_snippet(
        &template(PLAIN),
        &text(None, [["0", "0", "0"], ["0", "0", "0"], ["5", "5", "5"]]),
    );
    assert_eq!(cells(&bound, "T").len(), 9);
    assert_eq!(codes(&bound.findings), ["bind::positional-columns"]);
    assert!(bound.findings[0].notes[0].label.contains("怎样对应都一样"));
}

/// A header that names the columns is read by label, whatever the checks say.
#[test]
fn named_header_needs_no_confirmation() {
    let bound = bind_snippet(
        &template(SUMS),
        &text(
            Some(&["项目", "甲列", "乙列", "合计"]),
            [["1", "2", "4"], ["4", "5", "9"], ["7", "8", "15"]],
        ),
    );
    assert_eq!(cells(&bound, "T").len(), 9);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}

/// Placeholders over more value columns than declared: no reading keeps the order; the numbers
/// are kept unplaced and reported (a warning), never as extra values of every row.
#[test]
fn placeholder_header_over_other_columns_is_not_read() {
    let text = table_text(&[
        &["列1", "列2", "列3", "列4", "列5"],
        &["一、第一行", "1", "2", "3", "9"],
        &["二、第二行", "4", "5", "9", "9"],
        &["三、第三行", "7", "8", "15", "9"],
    ]);
    let bound = bind_snippet(&template(SUMS), &text);
    assert!(cells(&bound, "T").is_empty());
    assert_eq!(codes(&bound.findings), ["bind::unconfirmed-columns"]);
    assert!(
        bound.findings[0].notes[0]
            .label
            .contains("有 4 列数字，模板规定 3 列")
    );
    assert_eq!(bound.report.table("T").unwrap().unplaced.len(), 12);
}

/// A table of one unlabeled row with placeholders for its header has no label to be found by:
/// it is the table under its section's heading, read by position when the check confirms it.
#[test]
fn unlabeled_table_without_header_is_found_under_its_heading() {
    let rules = template(
        r#"section S4 "四、复议诉讼情况" table T4
           table T4 "复议诉讼情况" {
             columns { A "结果维持"  B "结果纠正"  TOT "总计" }
             rows { N unlabeled "件数" }
           }
           check C4 error "总计等于各项之和" {
             treat blank as unknown
             assert T4[N, TOT] == T4[N, A] + T4[N, B]
           }"#,
    );
    let text = format!(
        "四、复议诉讼情况\n{}五、其他\n",
        table_text(&[&["Col1", "Col2", "Col3"], &["1", "2", "3"]])
    );
    let bound = bind_snippet(&rules, &text);
    assert_eq!(cells(&bound, "T4"), ["N/A=1", "N/B=2", "N/TOT=3"]);
    assert_eq!(codes(&bound.findings), ["bind::positional-columns"]);
    // The sum in the first column: refuted, not read, and not called missing.
    let text = format!(
        "四、复议诉讼情况\n{}五、其他\n",
        table_text(&[&["Col1", "Col2", "Col3"], &["3", "1", "2"]])
    );
    let bound = bind_snippet(&rules, &text);
    assert!(cells(&bound, "T4").is_empty());
    assert_eq!(codes(&bound.findings), ["bind::unconfirmed-columns"]);
}
