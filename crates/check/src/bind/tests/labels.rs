//! Label normalisation as the binder sees it: a label written differently from the official
//! one (whitespace, brackets, quotes, 、/，, item numbers, truncation, `or` variants) still binds.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{T3, t3_rows, t3_text};
use crate::testkit::{bind_snippet, cells, codes, table_text, template};

/// [`super::t3_rows`] with the label of row `at` replaced.
fn relabelled(at: usize, label: &str) -> Vec<Vec<String>> {
    let mut rows = t3_rows();
    if let Some(cell) = rows.get_mut(at).and_then(|r| r.get_mut(1)) {
        *cell = label.to_owned();
    }
    rows
}

/// Binds table 三 with one row label replaced; returns the ids of the rows that got cells
/// and the diagnostic codes.
fn bind_relabelled(at: usize, label: &str) -> (Vec<String>, Vec<String>) {
    let bound = bind_snippet(&template(T3), &t3_text(&relabelled(at, label)));
    let mut rows: Vec<String> = cells(&bound, "T3")
        .iter()
        .filter_map(|c| c.split('/').next().map(str::to_owned))
        .collect();
    rows.dedup();
    let codes = codes(&bound.findings)
        .into_iter()
        .map(str::to_owned)
        .collect();
    (rows, codes)
}

/// All rows of [`super::T3`], in order.
const ALL_ROWS: [&str; 10] = [
    "R1", "R3.1", "R3.2", "R3.3.1", "R3.3.2", "R3.3.3", "R3.6.1", "R3.6.2", "R3.6.3", "R3.7",
];

/// Spaces and a line break inside a label are ignored.
#[test]
fn whitespace_inside_a_label_is_ignored() {
    for label in [
        "一、本年新收 政府信息公开申请数量",
        " 一、本年新收政府信息　公开申请数量",
    ] {
        assert_eq!(
            bind_relabelled(0, label),
            (ALL_ROWS.map(String::from).to_vec(), vec![]),
            "{label}"
        );
    }
    // A label split over two paragraphs of one cell.
    let text = t3_text(&relabelled(0, "一、本年新收\n政府信息公开申请数量"));
    assert!(text.contains("\t一、本年新收\n政府信息公开申请数量\n"));
    let bound = bind_snippet(&template(T3), &text);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert_eq!(cells(&bound, "T3")[0], "R1/NP=1");
}

/// Half-width brackets match the official full-width ones.
#[test]
fn half_width_brackets_match_full_width() {
    assert_eq!(
        bind_relabelled(1, "(一)予以公开"),
        (ALL_ROWS.map(String::from).to_vec(), vec![])
    );
}

/// Straight and corner quotes match the official curly quotes.
#[test]
fn quote_styles_match() {
    for label in ["3.危及\"三安全一稳定\"", "3.危及「三安全一稳定」"] {
        assert_eq!(
            bind_relabelled(5, label),
            (ALL_ROWS.map(String::from).to_vec(), vec![]),
            "{label}"
        );
    }
}

/// "，" where the official label has "、" (and the reverse) matches.
#[test]
fn enumeration_comma_and_comma_match() {
    let label = "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请";
    assert_eq!(
        bind_relabelled(6, label),
        (ALL_ROWS.map(String::from).to_vec(), vec![])
    );
}

/// Item numbers written "1、" or with full-width digits match the official "1.".
#[test]
fn item_number_styles_match() {
    for label in ["1、属于国家秘密", "１．属于国家秘密", "1,属于国家秘密"] {
        assert_eq!(
            bind_relabelled(3, label),
            (ALL_ROWS.map(String::from).to_vec(), vec![]),
            "{label}"
        );
    }
}

/// A label cut short after its number and keyword (（二）部分公开) binds to the long official row.
#[test]
fn truncated_label_binds_to_the_long_official_row() {
    let bound = bind_snippet(&template(T3), &t3_text(&relabelled(2, "（二）部分公开")));
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let cell = bound
        .report
        .table("T3")
        .unwrap()
        .cell("R3.2", "TOT")
        .unwrap();
    assert_eq!(cell.raw, "24");
}

/// A label extended beyond the official one (a trailing remark) still binds as shortened.
#[test]
fn label_with_a_trailing_remark_binds() {
    assert_eq!(
        bind_relabelled(9, "（七）总计（件）"),
        (ALL_ROWS.map(String::from).to_vec(), vec![])
    );
}

/// Column labels are normalised the same way: a split word and half-width brackets.
#[test]
fn column_labels_are_normalised_too() {
    let rules = template(
        r#"table T "甲表" {
             columns { A "自然人"  B "商业企业"  C "本年收费金额（单位：万元）" }
             rows { R1 "一、第一行"  R2 "二、第二行" }
           }"#,
    );
    let text = table_text(&[
        &["项目", "自 然 人", "商业\n企业", "本年收费金额(单位:万元)"],
        &["一、第一行", "1", "2", "3"],
        &["二、第二行", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert_eq!(cells(&bound, "T")[..3], ["R1/A=1", "R1/B=2", "R1/C=3"]);
}

/// Every `or` variant of a row label binds to the declared row.
#[test]
fn or_variants_bind_to_the_declared_row() {
    let rules = template(
        r#"table T "甲表" {
             columns { A "甲列"  B "乙列"  C "丙列" }
             rows { NORM "行政规范性文件" or "规范性文件", "其他规范性文件"  R2 "二、第二行" }
           }"#,
    );
    for label in ["行政规范性文件", "规范性文件", "其他规范性文件"] {
        let text = table_text(&[
            &["项目", "甲列", "乙列", "丙列"],
            &[label, "1", "2", "3"],
            &["二、第二行", "4", "5", "6"],
        ]);
        let bound = bind_snippet(&rules, &text);
        assert!(bound.findings.is_empty(), "{label}: {:#?}", bound.findings);
        assert_eq!(
            cells(&bound, "T")[..3],
            ["NORM/A=1", "NORM/B=2", "NORM/C=3"],
            "{label}"
        );
    }
}

/// A row whose label begins with a group label binds to its own row (the longest matching
/// label), not to the group: `（三）不予公开小计` after the group `（三）不予公开`.
#[test]
fn a_label_beginning_with_a_group_label_binds_to_its_own_row() {
    let rules = T3.replace(
        "        group R3.6 \"（六）其他处理\" {",
        "        R3.3.S \"（三）不予公开小计\"\n        group R3.6 \"（六）其他处理\" {",
    );
    let mut rows = t3_rows();
    rows.insert(
        6,
        ["", "（三）不予公开小计", "101", "102", "103", "104"]
            .map(String::from)
            .to_vec(),
    );
    let bound = bind_snippet(&template(&rules), &t3_text(&rows));
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let table = bound.report.table("T3").unwrap();
    assert_eq!(table.cell("R3.3.S", "NP").unwrap().raw, "101");
    assert_eq!(table.cell("R3.3.3", "NP").unwrap().raw, "51");
    assert!(table.unplaced.is_empty());
}

/// An unbound row next to a near declared label says so both ways, and never names as the
/// near label its own wording.
#[test]
fn an_unbound_row_names_a_near_label_both_ways() {
    let rules = T3.replace(
        "          R3.3.1 \"1.属于国家秘密\"",
        "          R3.3.1 \"1.属于国家密秘\"",
    );
    let mut rows = t3_rows();
    rows.push(
        ["", "1.属于国家秘", "1", "1", "1", "3"]
            .map(String::from)
            .to_vec(),
    );
    let bound = bind_snippet(&template(&rules), &t3_text(&rows));
    let unknown: Vec<&str> = bound
        .findings
        .iter()
        .filter(|f| f.rule == "bind::unknown-row")
        .filter_map(|f| f.help.as_deref())
        .collect();
    assert_eq!(
        unknown,
        [
            "报告中的“1.属于国家秘”与模板中的“1.属于国家密秘”相近，请核对规则文件或报告；这一行的数字没有参与检查"
        ]
    );
}
