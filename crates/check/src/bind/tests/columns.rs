//! Column alignment: the header is read from its bottom row, vertically merged cells take the
//! leaf labels above them, and the header is aligned with the declared columns by label, so an
//! extra, missing or misspelt column is reported and never shifts the values.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{T3, T3_HEADER};
use crate::testkit::{bind_snippet, cells, codes, messages, table_text, template};

/// A table whose column labels are long enough for a typo to be recognised.
const COUNTS: &str = r#"
  table T "甲表" {
    columns { MADE "本年制发件数"  REPEALED "本年废止件数"  VALID "现行有效件数" }
    rows { REG "规章"  NORM "行政规范性文件" }
  }
"#;

/// Flattened text of [`super::T3`] with the given header rows and one data row per label.
fn t3_with_header(header: &[&[&str]], values: &[&str]) -> String {
    let labels = ["一、本年新收政府信息公开申请数量", "（七）总计"];
    let rows: Vec<Vec<&str>> = labels
        .iter()
        .map(|label| {
            std::iter::once(*label)
                .chain(values.iter().copied())
                .collect()
        })
        .collect();
    let all: Vec<&[&str]> = header
        .iter()
        .copied()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    table_text(&all)
}

/// The bottom header row names the columns; its empty (vertically merged) cells take the leaf
/// labels of the rows above in order, so 自然人 is first and 总计 last.
#[test]
fn merged_header_cells_take_leaf_labels_from_above() {
    let bound = bind_snippet(
        &template(T3),
        &t3_with_header(T3_HEADER, &["1", "2", "3", "6"]),
    );
    assert_eq!(
        cells(&bound, "T3")[..4],
        ["R1/NP=1", "R1/BIZ=2", "R1/OTH=3", "R1/TOT=6"]
    );
    // Only the rows of the template the snippet leaves out are reported.
    assert!(
        codes(&bound.findings)
            .iter()
            .all(|c| *c == "bind::missing-row")
    );
}

/// An extra column (小计) is reported at its header; its values stay unplaced and the columns
/// to its right keep their own values.
#[test]
fn extra_column_is_reported_and_does_not_shift_values() {
    let header: &[&[&str]] = &[
        T3_HEADER[0],
        T3_HEADER[1],
        &["", "", "商业企业", "其他", "小计", ""],
    ];
    let bound = bind_snippet(
        &template(T3),
        &t3_with_header(header, &["1", "2", "3", "5", "6"]),
    );
    assert_eq!(
        cells(&bound, "T3")[..4],
        ["R1/NP=1", "R1/BIZ=2", "R1/OTH=3", "R1/TOT=6"]
    );
    let extra: Vec<_> = bound
        .findings
        .iter()
        .filter(|f| f.rule == "bind::extra-column")
        .collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(
        extra[0].message,
        "表格“收到和处理政府信息公开申请情况”中的列“小计”不在模板中"
    );
    assert_eq!(extra[0].notes[0].label, "这一列不在模板中");
    let table = bound.report.table("T3").unwrap();
    let unplaced: Vec<(&str, &str)> = table
        .unplaced
        .iter()
        .map(|u| (u.raw.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        unplaced,
        [("5", "所在列不在模板中"), ("5", "所在列不在模板中")]
    );
}

/// A missing column is reported once, pointing at the header; the other columns keep their
/// values and the column's cells are listed as missing.
#[test]
fn missing_column_is_reported_and_does_not_shift_values() {
    let header: &[&[&str]] = &[T3_HEADER[0], T3_HEADER[1], &["", "", "商业企业", ""]];
    let bound = bind_snippet(&template(T3), &t3_with_header(header, &["1", "2", "3"]));
    assert_eq!(
        cells(&bound, "T3")[..3],
        ["R1/NP=1", "R1/BIZ=2", "R1/TOT=3"]
    );
    let missing: Vec<_> = bound
        .findings
        .iter()
        .filter(|f| f.rule == "bind::missing-column")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(
        missing[0].message,
        "表格“收到和处理政府信息公开申请情况”中缺少“申请人情况 法人或其他组织 其他”这一列"
    );
    assert_eq!(missing[0].notes[0].label, "表头");
    assert_eq!(missing[0].notes[0].span.line, 1);
    let table = bound.report.table("T3").unwrap();
    assert!(
        table
            .missing
            .iter()
            .any(|m| m.row == "R1" && m.column == "OTH")
    );
    assert!(
        !table
            .missing
            .iter()
            .any(|m| m.row == "R1" && m.column == "TOT")
    );
}

/// A misspelt column header binds to the official column it resembles and is reported with
/// the official name.
#[test]
fn misspelt_column_binds_and_is_reported_renamed() {
    let text = table_text(&[
        &["信息内容", "本年制发件数", "本年废除件数", "现行有效件数"],
        &["规章", "1", "2", "3"],
        &["行政规范性文件", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&template(COUNTS), &text);
    assert_eq!(
        cells(&bound, "T"),
        [
            "REG/MADE=1",
            "REG/REPEALED=2",
            "REG/VALID=3",
            "NORM/MADE=4",
            "NORM/REPEALED=5",
            "NORM/VALID=6"
        ]
    );
    assert_eq!(codes(&bound.findings), ["bind::renamed-column"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中的列名“本年废除件数”与官方格式不一致"]
    );
    let finding = &bound.findings[0];
    assert_eq!(finding.notes[0].label, "官方名称是“本年废止件数”");
    assert_eq!(finding.notes[0].span.line, 3);
    assert_eq!(
        finding.help.as_deref(),
        Some("按“本年废止件数”这一列检查；请把列名改为官方格式的写法")
    );
}

/// A header label in the middle resembling no declared column is an extra column, not a
/// renamed one; the columns on both sides keep their values.
#[test]
fn unrelated_column_header_is_extra_not_renamed() {
    let text = table_text(&[
        &["信息内容", "本年制发件数", "备注说明", "现行有效件数"],
        &["规章", "1", "2", "3"],
        &["行政规范性文件", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&template(COUNTS), &text);
    assert_eq!(
        cells(&bound, "T"),
        ["REG/MADE=1", "REG/VALID=3", "NORM/MADE=4", "NORM/VALID=6"]
    );
    assert_eq!(
        codes(&bound.findings),
        ["bind::extra-column", "bind::missing-column"]
    );
    assert_eq!(
        messages(&bound.findings),
        [
            "表格“甲表”中的列“备注说明”不在模板中",
            "表格“甲表”中缺少“本年废止件数”这一列"
        ]
    );
}

/// A misspelt *first* column of a one-row header (table 二 style, corner 信息内容) should bind
/// like any other misspelt column.
#[test]
fn misspelt_first_column_binds_and_is_reported_renamed() {
    let rules = template(
        r#"table T "甲表" {
             corner "信息内容"
             columns { MADE "本年制发件数"  REPEALED "本年废止件数"  VALID "现行有效件数" }
             rows { REG "规章"  NORM "行政规范性文件" }
           }"#,
    );
    let text = table_text(&[
        &["信息内容", "本年制定件数", "本年废止件数", "现行有效件数"],
        &["规章", "1", "2", "3"],
        &["行政规范性文件", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert_eq!(codes(&bound.findings), ["bind::renamed-column"]);
    assert_eq!(
        cells(&bound, "T"),
        [
            "REG/MADE=1",
            "REG/REPEALED=2",
            "REG/VALID=3",
            "NORM/MADE=4",
            "NORM/REPEALED=5",
            "NORM/VALID=6"
        ]
    );
}

/// An unknown *first* column of a one-row header should be an extra column, its values
/// unplaced under it, not extra values of every row.
#[test]
fn unknown_first_column_is_an_extra_column() {
    let rules = template(
        r#"table T "甲表" {
             corner "信息内容"
             columns { MADE "本年制发件数"  REPEALED "本年废止件数"  VALID "现行有效件数" }
             rows { REG "规章"  NORM "行政规范性文件" }
           }"#,
    );
    let text = table_text(&[
        &["信息内容", "备注说明", "本年废止件数", "现行有效件数"],
        &["规章", "1", "2", "3"],
        &["行政规范性文件", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert_eq!(
        codes(&bound.findings),
        ["bind::extra-column", "bind::missing-column"]
    );
}
