//! Tables cut into blocks (a page break, 续表, a running page header) are read as one table; a
//! table printed twice is reported with both places and its second print's numbers kept.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{PLAIN, PLAIN_HEADER};
use crate::testkit::{bind_snippet, cells, codes, table_text, template};

const ROW1: &[&str] = &["一、第一行", "1", "2", "3"];
const ROW2: &[&str] = &["二、第二行", "4", "5", "6"];
const ROW3: &[&str] = &["三、第三行", "7", "8", "9"];

const ALL: [&str; 9] = [
    "R1/A=1", "R1/B=2", "R1/C=3", "R2/A=4", "R2/B=5", "R2/C=6", "R3/A=7", "R3/B=8", "R3/C=9",
];

/// The rest of a table after a page number and 续表, without a header: one table.
#[test]
fn continued_without_header_is_one_table() {
    let text = format!(
        "{}- 2 -\n续表\n{}",
        table_text(&[PLAIN_HEADER, ROW1, ROW2]),
        table_text(&[ROW3])
    );
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(cells(&bound, "T"), ALL);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}

/// The rest repeating the header: one table too.
#[test]
fn continued_with_its_header_repeated_is_one_table() {
    let text = format!(
        "{}续表\n{}",
        table_text(&[PLAIN_HEADER, ROW1]),
        table_text(&[PLAIN_HEADER, ROW2, ROW3])
    );
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(cells(&bound, "T"), ALL);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}

/// Cut by a running page header (not page furniture): joined because the second part holds
/// only rows the first lacks.
#[test]
fn rest_after_running_header_is_joined_by_its_rows() {
    let text = format!(
        "{}某某局2024年政府信息公开工作年度报告\n{}",
        table_text(&[PLAIN_HEADER, ROW1]),
        table_text(&[ROW2, ROW3])
    );
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(cells(&bound, "T"), ALL);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}

/// The same table printed again with another number: a warning (two scopes may be printed on
/// purpose) naming both places and the differing cell; the second print's numbers are
/// unplaced, the first's are bound.
#[test]
fn printed_twice_with_other_numbers_is_a_warning() {
    let other: &[&str] = &["二、第二行", "4", "50", "6"];
    let text = format!(
        "{}附表：\n{}",
        table_text(&[PLAIN_HEADER, ROW1, ROW2, ROW3]),
        table_text(&[PLAIN_HEADER, ROW1, other, ROW3])
    );
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(cells(&bound, "T"), ALL);
    assert_eq!(codes(&bound.findings), ["bind::duplicate-table"]);
    let finding = &bound.findings[0];
    assert_eq!(finding.severity, nianbao_model::Severity::Warning);
    let labels: Vec<&str> = finding.notes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "参与检查的是这一张表",
            "同一张表再次出现（没有参与检查）",
            "二、第二行 · 乙列：这里是 50，参与检查的表中是 5"
        ]
    );
    let table = bound.report.table("T").unwrap();
    assert_eq!(table.unplaced.len(), 9);
    assert_eq!(table.unplaced[4].raw, "50");
}

/// Printed again with the same numbers: a warning.
#[test]
fn printed_twice_with_the_same_numbers_is_a_warning() {
    let table = table_text(&[PLAIN_HEADER, ROW1, ROW2, ROW3]);
    let bound = bind_snippet(&template(PLAIN), &format!("{table}附表：\n{table}"));
    assert_eq!(cells(&bound, "T"), ALL);
    assert_eq!(codes(&bound.findings), ["bind::repeated-table"]);
    assert_eq!(bound.findings[0].severity, nianbao_model::Severity::Warning);
    assert_eq!(bound.report.table("T").unwrap().unplaced.len(), 9);
}

/// A converter's artefacts: placeholders over the header, the merged value cell of a one-column
/// part written into every column it spans, a page number row inside the table.
#[test]
fn converter_artefacts_are_read_through() {
    let rules = template(
        r#"table T "甲表" {
             corner "信息内容"
             columns { DEC "本年处理决定数量" }
             rows { LIC "行政许可"  PEN "行政处罚" }
           }"#,
    );
    let text = table_text(&[
        &[
            "信息内容",
            "本年处理决定数量",
            "本年处理决定数量",
            "本年处理决定数量",
        ],
        &["行政许可", "9487", "9487", "9487"],
        &["—", "3", "—", ""],
        &["行政处罚", "12", "12", "12"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert_eq!(cells(&bound, "T"), ["LIC/DEC=9487", "PEN/DEC=12"]);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let reasons: Vec<&str> = bound
        .report
        .table("T")
        .unwrap()
        .unplaced
        .iter()
        .map(|u| u.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("页码")));
}

/// In a grid, a word among one row's values does not move where the values start.
#[test]
fn word_among_values_does_not_shift_the_columns() {
    let text = table_text(&[PLAIN_HEADER, &["一、第一行", "", "暂无", "3"], ROW2, ROW3]);
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(
        cells(&bound, "T")[..4],
        ["R1/A=", "R1/B=暂无", "R1/C=3", "R2/A=4"]
    );
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}
