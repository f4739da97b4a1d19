//! Crawler text, through the public [`crate::bind()`] only: a table whose cells were run
//! together in a paragraph is found by its row labels, and a run of digits is split the one
//! way the template's error checks allow.

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "tests"
)]

use crate::testkit::{bind_snippet, cells, codes, document, grids, messages, template};

/// A three-column table whose rows must add up, so that the check can choose a reading.
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

/// Three rows run together after their labels: 1910 (one reading adds up), 123 (one reading
/// at all) and 1120 (no reading adds up).
const TEXT: &str = "甲表 甲列乙列合计一、第一行1910二、第二行123三、第三行1120\n";

/// A run of digits with one reading that passes the check is bound that way, and the rows
/// whose boundaries the check chose are reported (info) with the check's id.
#[test]
fn run_together_row_is_split_by_the_check() {
    assert!(grids(&document(TEXT)).is_empty());
    let bound = bind_snippet(&template(SUMS), TEXT);
    assert_eq!(
        cells(&bound, "T"),
        [
            "R1/A=1",
            "R1/B=9",
            "R1/TOT=10",
            "R2/A=1",
            "R2/B=2",
            "R2/TOT=3"
        ]
    );
    let inferred = &bound.findings[0];
    assert_eq!(inferred.rule, "bind::inferred-boundaries");
    assert_eq!(inferred.severity, nianbao_model::Severity::Info);
    assert_eq!(
        inferred.message,
        "表格“甲表”的数字之间没有分隔，有 1 行的单元格边界是依据 C1 推断的"
    );
    let note = &inferred.notes[0];
    assert_eq!(note.label, "边界由 C1 推断");
    assert_eq!(&TEXT[note.span.start..note.span.end], "1910");
}

/// A run of digits no reading of which passes the check is reported with its readings and
/// kept unplaced; it is not guessed.
#[test]
fn run_without_a_passing_reading_is_ambiguous() {
    let bound = bind_snippet(&template(SUMS), TEXT);
    assert_eq!(
        codes(&bound.findings),
        ["bind::inferred-boundaries", "bind::ambiguous-row"]
    );
    assert_eq!(
        messages(&bound.findings)[1],
        "表格“甲表”中一行的数字之间没有分隔，无法确定每个数字属于哪一列"
    );
    assert_eq!(
        bound.findings[1].notes[1].label,
        "可能的读法：1 | 1 | 20；1 | 12 | 0；11 | 2 | 0"
    );
    let table = bound.report.table("T").unwrap();
    assert!(table.cell("R3", "A").is_none());
    assert_eq!(table.unplaced.len(), 1);
    assert_eq!(table.unplaced[0].raw, "1120");
    assert_eq!(
        table.unplaced[0].reason,
        "数字之间没有分隔，有 3 种读法，无法确定"
    );
}

/// Numbers separated by spaces need no inference: they bind in column order and no boundary
/// is reported as inferred.
#[test]
fn spaced_numbers_bind_without_inference() {
    let text = "甲表 甲列 乙列 合计 一、第一行 1 9 10 二、第二行 11 2 13 三、第三行 0 0 0\n";
    let bound = bind_snippet(&template(SUMS), text);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert_eq!(cells(&bound, "T")[3..6], ["R2/A=11", "R2/B=2", "R2/TOT=13"]);
    assert_eq!(cells(&bound, "T").len(), 9);
}
