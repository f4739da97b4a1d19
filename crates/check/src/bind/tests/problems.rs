//! What cannot be bound is reported, never dropped: missing tables and rows, duplicate rows,
//! rows with more or fewer values than columns, numbers outside every recognised part.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{PLAIN, PLAIN_HEADER};
use crate::testkit::{bind_snippet, cells, codes, messages, table_text, template};

/// Binds [`super::PLAIN`] with the header and the given rows.
fn bind_plain(rows: &[&[&str]]) -> crate::Bound {
    let all: Vec<&[&str]> = std::iter::once(PLAIN_HEADER)
        .chain(rows.iter().copied())
        .collect();
    bind_snippet(&template(PLAIN), &table_text(&all))
}

const R1: &[&str] = &["一、第一行", "1", "2", "3"];
const R2: &[&str] = &["二、第二行", "4", "5", "6"];
const R3: &[&str] = &["三、第三行", "7", "8", "9"];

/// A table not in the document is reported by title; all its cells are listed missing and no
/// row of it is reported separately.
#[test]
fn missing_table_is_reported_once() {
    let bound = bind_snippet(&template(PLAIN), "一、总体情况\n没有表格。\n");
    assert_eq!(codes(&bound.findings), ["bind::missing-table"]);
    assert_eq!(messages(&bound.findings), ["没有找到表格“甲表”"]);
    let table = bound.report.table("T").unwrap();
    assert!(table.cells.is_empty());
    assert_eq!(table.source_table, None);
    assert_eq!(table.missing.len(), 9);
    assert_eq!(*table.missing[0].row_path, ["一、第一行"]);
    assert_eq!(*table.missing[0].column_path, ["甲列"]);
}

/// A table with fewer than three of its labels in the document is not taken for it; its
/// numbers are kept outside the template's tables and said, not dropped.
#[test]
fn table_needs_three_of_its_labels() {
    let text = table_text(&[&["项目", "甲列", "乙列"], &["其他", "1", "2"]]);
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(
        codes(&bound.findings),
        ["bind::missing-table", "bind::unused-table"]
    );
    let outside: Vec<&str> = bound
        .report
        .outside
        .iter()
        .map(|u| u.raw.as_str())
        .collect();
    assert_eq!(outside, ["1", "2"]);
}

/// A missing row is reported with a note at the row before it; its cells are listed missing.
#[test]
fn missing_row_points_at_the_row_before() {
    let bound = bind_plain(&[R1, R3]);
    assert_eq!(codes(&bound.findings), ["bind::missing-row"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中缺少“二、第二行”这一行"]
    );
    let note = &bound.findings[0].notes[0];
    assert_eq!(note.label, "缺少的行应在这一行之后");
    assert_eq!(note.span.line, 7);
    let table = bound.report.table("T").unwrap();
    let missing: Vec<(&str, &str)> = table
        .missing
        .iter()
        .map(|m| (m.row.as_str(), m.column.as_str()))
        .collect();
    assert_eq!(missing, [("R2", "A"), ("R2", "B"), ("R2", "C")]);
}

/// A missing first row points at the row after it.
#[test]
fn missing_first_row_points_at_the_row_after() {
    let bound = bind_plain(&[R2, R3]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中缺少“一、第一行”这一行"]
    );
    assert_eq!(bound.findings[0].notes[0].label, "缺少的行应在这一行之前");
}

/// A row given twice: the first binds, the second is reported and its values kept unplaced.
#[test]
fn duplicate_row_keeps_the_first() {
    let bound = bind_plain(&[R1, R2, &["二、第二行", "40", "50", "60"], R3]);
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中的“二、第二行”重复出现"]
    );
    let table = bound.report.table("T").unwrap();
    assert_eq!(table.cell("R2", "A").unwrap().raw, "4");
    let unplaced: Vec<(&str, &str)> = table
        .unplaced
        .iter()
        .map(|u| (u.raw.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        unplaced,
        [
            ("40", "这一行重复出现"),
            ("50", "这一行重复出现"),
            ("60", "这一行重复出现")
        ]
    );
}

/// A row with more values than columns: the values right-aligned under the header bind, the
/// surplus on the left is reported as an extra value.
#[test]
fn surplus_value_is_reported_and_the_rest_right_aligned() {
    let bound = bind_plain(&[&["一、第一行", "0", "1", "2", "3"], R2, R3]);
    assert_eq!(codes(&bound.findings), ["bind::extra-value"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中有一行的数字多于列数"]
    );
    assert_eq!(bound.findings[0].notes.len(), 1);
    assert_eq!(bound.findings[0].notes[0].label, "多出的数字");
    assert_eq!(cells(&bound, "T")[..3], ["R1/A=1", "R1/B=2", "R1/C=3"]);
    let table = bound.report.table("T").unwrap();
    assert_eq!(table.unplaced.len(), 1);
    assert_eq!(table.unplaced[0].raw, "0");
    assert_eq!(table.unplaced[0].reason, "这一行的数字多于列数");
}

/// A number in front of the row label is an extra value too.
#[test]
fn number_before_the_label_is_an_extra_value() {
    let bound = bind_plain(&[R1, &["2", "二、第二行", "4", "5", "6"], R3]);
    assert_eq!(codes(&bound.findings), ["bind::extra-value"]);
    assert_eq!(
        bound
            .report
            .table("T")
            .unwrap()
            .cell("R2", "C")
            .unwrap()
            .raw,
        "6"
    );
    assert_eq!(bound.report.table("T").unwrap().unplaced[0].raw, "2");
}

/// A row with fewer values than columns is reported (found vs expected count), none of its
/// values bind, and the row is not also reported missing.
#[test]
fn row_with_too_few_values_is_reported_and_not_bound() {
    let bound = bind_plain(&[R1, &["二、第二行", "4", "5"], R3]);
    assert_eq!(codes(&bound.findings), ["bind::missing-value"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“甲表”中“二、第二行”这一行只有 2 个单元格，应有 3 个"]
    );
    assert_eq!(bound.findings[0].notes.len(), 2);
    let table = bound.report.table("T").unwrap();
    assert!(table.cell("R2", "A").is_none());
    assert_eq!(table.missing.len(), 3);
    let unplaced: Vec<&str> = table.unplaced.iter().map(|u| u.raw.as_str()).collect();
    assert_eq!(unplaced, ["4", "5"]);
}

/// Empty cells bind as blank cells: a blank is not a missing value.
#[test]
fn empty_cells_bind_as_blank() {
    let bound = bind_plain(&[R1, &["二、第二行", "", "—", "无"], R3]);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let table = bound.report.table("T").unwrap();
    let values: Vec<nianbao_model::Value> = ["A", "B", "C"]
        .iter()
        .map(|c| table.cell("R2", c).unwrap().value)
        .collect();
    use nianbao_model::{Mark, Value};
    assert_eq!(
        values,
        [
            Value::Blank,
            Value::Mark(Mark::Dash),
            Value::Mark(Mark::None)
        ]
    );
}

/// Numbers in a table's rows before its first titled part are reported as outside every
/// recognised part and kept unplaced.
#[test]
fn numbers_before_the_first_part_are_reported() {
    let rules = template(
        r#"table T2 "主动公开" {
             part P1 "第二十条第（一）项" {
               corner "信息内容"
               columns { MADE "本年制发件数"  VALID "现行有效件数" }
               rows { REG "规章" }
             }
           }"#,
    );
    let text = table_text(&[
        &["合计", "9"],
        &["第二十条第（一）项"],
        &["信息内容", "本年制发件数", "现行有效件数"],
        &["规章", "1", "2"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert_eq!(cells(&bound, "T2"), ["REG/MADE=1", "REG/VALID=2"]);
    assert_eq!(codes(&bound.findings), ["bind::extra-value"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“主动公开”中有数字不属于任何能识别的行和列"]
    );
    let table = bound.report.table("T2").unwrap();
    assert_eq!(table.unplaced.len(), 1);
    assert_eq!(table.unplaced[0].raw, "9");
    assert_eq!(table.unplaced[0].reason, "不在表格任何已识别的部分中");
}
