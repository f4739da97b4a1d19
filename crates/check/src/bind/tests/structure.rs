//! Table structure: plain tables, row groups and their context, titled parts (table 二),
//! unlabeled rows (table 四), and where a table is found.

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "tests"
)]

use super::{PLAIN, PLAIN_HEADER, T3, t3_rows, t3_text};
use crate::testkit::{bind_snippet, cells, codes, document, grids, table_text, template};

/// Two groups whose leaves share the short label "2.其他".
const GROUPS: &str = r#"
  table G "分组表" {
    columns { A "甲列"  B "乙列"  C "丙列" }
    rows {
      group X "（一）第一组" { X.1 "1.本组事项"  X.2 "2.其他" }
      group Y "（二）第二组" { Y.1 "1.他组事项"  Y.2 "2.其他" }
    }
  }
"#;

/// A table 二 in small: titled parts, each with its own header.
const PARTS: &str = r#"
  table T2 "主动公开政府信息情况" {
    part P1 "第二十条第（一）项" {
      corner "信息内容"
      columns { MADE "本年制发件数"  REPEALED "本年废止件数"  VALID "现行有效件数" }
      rows { REG "规章"  NORM "行政规范性文件" or "规范性文件" }
    }
    part P5 "第二十条第（五）项" {
      corner "信息内容"
      columns { DEC "本年处理决定数量" }
      rows { LIC "行政许可" }
    }
  }
"#;

/// A table 四 in small: two column groups with the same leaf labels, one unlabeled row.
const UNLABELED: &str = r#"
  table T4 "行政复议、行政诉讼情况" {
    columns {
      group RV "行政复议" { RV.KEEP "结果维持"  RV.FIX "结果纠正"  RV.TOT "总计" }
      group LIT "行政诉讼" { LIT.KEEP "结果维持"  LIT.FIX "结果纠正"  LIT.TOT "总计" }
    }
    rows { N unlabeled "件数" }
  }
"#;

/// The parts of [`PARTS`] as text; `first_title` is the title row of part P1.
fn parts_text(first_title: &str) -> String {
    table_text(&[
        &[first_title],
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "1", "2", "3"],
        &["规范性文件", "4", "5", "6"],
        &["第二十条第（五）项"],
        &["信息内容", "本年处理决定数量"],
        &["行政许可", "7"],
    ])
}

/// The table-making text snippet really is read as a table of one row per cell group.
#[test]
fn snippet_text_is_read_as_a_table() {
    let text = format!(
        "正文\n{}结尾\n",
        table_text(&[PLAIN_HEADER, &["一、第一行", "1", "", "3"]])
    );
    let document = document(&text);
    assert_eq!(
        grids(&document),
        [[
            vec!["项目", "甲列", "乙列", "丙列"],
            vec!["一、第一行", "1", "", "3"],
        ]]
    );
    let paragraphs: Vec<&str> = document.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(paragraphs, ["正文", "结尾"]);
}

/// A plain table binds every cell to its (row, column) id, keeps the raw text and the span
/// of the cell in the document, and leaves nothing missing.
#[test]
fn plain_table_binds_every_cell_by_label() {
    let text = table_text(&[
        PLAIN_HEADER,
        &["一、第一行", "1", "2", "3"],
        &["二、第二行", "4", "5", "6"],
        &["三、第三行", "7", "8", "9"],
    ]);
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(
        cells(&bound, "T"),
        [
            "R1/A=1", "R1/B=2", "R1/C=3", "R2/A=4", "R2/B=5", "R2/C=6", "R3/A=7", "R3/B=8",
            "R3/C=9"
        ]
    );
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let table = bound.report.table("T").unwrap();
    assert!(table.missing.is_empty() && table.unplaced.is_empty());
    assert_eq!(table.source_table, Some(0));
    let cell = table.cell("R2", "B").unwrap();
    assert_eq!(&text[cell.span.start..cell.span.end], "5");
    assert_eq!((cell.span.line, cell.span.column), (13, 2));
    assert_eq!((cell.location.row, cell.location.cell), (2, 2));
    assert_eq!(*cell.row_path, ["二、第二行"]);
    assert_eq!(*cell.column_path, ["乙列"]);
}

/// Rows in the order of the document, not of the template, still bind by label.
#[test]
fn rows_bind_by_label_not_by_position() {
    let text = table_text(&[
        PLAIN_HEADER,
        &["三、第三行", "7", "8", "9"],
        &["一、第一行", "1", "2", "3"],
        &["二、第二行", "4", "5", "6"],
    ]);
    let bound = bind_snippet(&template(PLAIN), &text);
    assert_eq!(cells(&bound, "T")[..3], ["R3/A=7", "R3/B=8", "R3/C=9"]);
    assert_eq!(
        bound
            .report
            .table("T")
            .unwrap()
            .cell("R1", "C")
            .unwrap()
            .raw,
        "3"
    );
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
}

/// The same short label in two groups binds to the leaf of the group the row lies in; the
/// group context carries over to the rows below whose group cell is empty.
#[test]
fn short_label_binds_within_its_enclosing_group() {
    let text = table_text(&[
        PLAIN_HEADER,
        &["（一）第一组", "1.本组事项", "1", "2", "3"],
        &["", "2.其他", "4", "5", "6"],
        &["（二）第二组", "1.他组事项", "7", "8", "9"],
        &["", "2.其他", "10", "11", "12"],
    ]);
    let bound = bind_snippet(&template(GROUPS), &text);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let table = bound.report.table("G").unwrap();
    assert_eq!(table.cell("X.2", "A").unwrap().raw, "4");
    assert_eq!(table.cell("Y.2", "C").unwrap().raw, "12");
    assert_eq!(
        *table.cell("Y.2", "A").unwrap().row_path,
        ["（二）第二组", "2.其他"]
    );
}

/// A small table 三: every row binds (nested groups, “3.其他” under （六）其他处理, the long
/// （二） label), and the columns come out in template order from a three-row merged header.
#[test]
fn table_three_binds_groups_and_merged_header() {
    let bound = bind_snippet(&template(T3), &t3_text(&t3_rows()));
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let ids = [
        "R1", "R3.1", "R3.2", "R3.3.1", "R3.3.2", "R3.3.3", "R3.6.1", "R3.6.2", "R3.6.3", "R3.7",
    ];
    let expected: Vec<String> = ids
        .iter()
        .enumerate()
        .flat_map(|(i, id)| {
            ["NP", "BIZ", "OTH", "TOT"]
                .iter()
                .enumerate()
                .map(move |(c, column)| format!("{id}/{column}={}", 10 * i + c + 1))
        })
        .collect();
    assert_eq!(cells(&bound, "T3"), expected);
    let other = bound
        .report
        .table("T3")
        .unwrap()
        .cell("R3.6.3", "OTH")
        .unwrap();
    assert_eq!(
        *other.row_path,
        ["三、本年度办理结果", "（六）其他处理", "3.其他"]
    );
    assert_eq!(*other.column_path, ["申请人情况", "法人或其他组织", "其他"]);
}

/// Each titled part of a table 二 binds under its own header; a row label given in an `or`
/// variant (规范性文件) binds to the declared row.
#[test]
fn titled_parts_bind_each_under_its_own_header() {
    let bound = bind_snippet(&template(PARTS), &parts_text("第二十条第（一）项"));
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert_eq!(
        cells(&bound, "T2"),
        [
            "REG/MADE=1",
            "REG/REPEALED=2",
            "REG/VALID=3",
            "NORM/MADE=4",
            "NORM/REPEALED=5",
            "NORM/VALID=6",
            "LIC/DEC=7"
        ]
    );
}

/// A part whose title row is not found is reported as missing, its cells are listed as
/// missing, and the numbers under it are reported rather than dropped.
#[test]
fn part_without_its_title_is_reported_missing() {
    let bound = bind_snippet(&template(PARTS), &parts_text("第二十条第（二）项"));
    assert_eq!(cells(&bound, "T2"), ["LIC/DEC=7"]);
    assert_eq!(
        codes(&bound.findings),
        ["bind::missing-table", "bind::extra-value"]
    );
    assert_eq!(
        bound.findings[0].message,
        "表格“主动公开政府信息情况”中没有找到“第二十条第（一）项”部分"
    );
    let table = bound.report.table("T2").unwrap();
    assert_eq!(table.missing.len(), 6);
    let unplaced: Vec<&str> = table.unplaced.iter().map(|u| u.raw.as_str()).collect();
    assert_eq!(unplaced, ["1", "2", "3", "4", "5", "6"]);
    assert!(
        table
            .unplaced
            .iter()
            .all(|u| u.reason == "不在表格任何已识别的部分中")
    );
}

/// A row of numbers without a label binds to the unlabeled row; equal leaf labels in two
/// column groups are told apart by their order under the header.
#[test]
fn unlabeled_row_binds_under_a_two_level_header() {
    let text = table_text(&[
        &["行政复议", "行政诉讼"],
        &[
            "结果维持",
            "结果纠正",
            "总计",
            "结果维持",
            "结果纠正",
            "总计",
        ],
        &["1", "2", "3", "4", "5", "9"],
    ]);
    let bound = bind_snippet(&template(UNLABELED), &text);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert_eq!(
        cells(&bound, "T4"),
        [
            "N/RV.KEEP=1",
            "N/RV.FIX=2",
            "N/RV.TOT=3",
            "N/LIT.KEEP=4",
            "N/LIT.FIX=5",
            "N/LIT.TOT=9"
        ]
    );
    let cell = bound
        .report
        .table("T4")
        .unwrap()
        .cell("N", "LIT.TOT")
        .unwrap();
    assert_eq!(*cell.column_path, ["行政诉讼", "总计"]);
    assert_eq!(*cell.row_path, ["件数"]);
}

/// A second row of numbers without a label, once the unlabeled row is taken, is an unknown
/// row: reported, and its numbers kept as unplaced.
#[test]
fn second_unlabeled_row_is_reported_and_kept() {
    let text = table_text(&[
        &["行政复议", "行政诉讼"],
        &[
            "结果维持",
            "结果纠正",
            "总计",
            "结果维持",
            "结果纠正",
            "总计",
        ],
        &["1", "2", "3", "4", "5", "9"],
        &["0", "0", "0", "0", "0", "7"],
    ]);
    let bound = bind_snippet(&template(UNLABELED), &text);
    assert_eq!(cells(&bound, "T4").len(), 6);
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    assert_eq!(
        bound.findings[0].message,
        "表格“行政复议、行政诉讼情况”中有一行数字没有行名"
    );
    let table = bound.report.table("T4").unwrap();
    assert_eq!(table.unplaced.len(), 6);
    assert_eq!(table.unplaced[5].raw, "7");
    assert_eq!(table.unplaced[5].reason, "所在行没有行名");
}

/// Of two document tables, the one holding more of the declared labels is taken; the other
/// table's numbers are not touched.
#[test]
fn table_is_found_by_its_labels() {
    let other = table_text(&[&["其他表", "甲列", "x"], &["一、第一行", "99", "98"]]);
    let ours = table_text(&[PLAIN_HEADER, &["一、第一行", "1", "2", "3"]]);
    let bound = bind_snippet(&template(PLAIN), &format!("{other}段落\n{ours}"));
    let table = bound.report.table("T").unwrap();
    assert_eq!(table.source_table, Some(1));
    assert_eq!(cells(&bound, "T"), ["R1/A=1", "R1/B=2", "R1/C=3"]);
    assert!(table.unplaced.is_empty());
}
