//! The inference step on its own: what binding leaves pending, which checks may choose a
//! reading, and rows decided together.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use crate::bind::layout;
use crate::testkit::{codes, document, first, rules, template};

/// Two rows whose sums decide each other only together: a column total row below them.
const TOTALS: &str = r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列" }
    rows {
      R1 "一、第一行"
      R2 "二、第二行"
      R9 "三、合计"
    }
  }
  check C1 error "合计行等于各行之和" {
    each c in columns(T)
    assert T[R9, c] == T[R1, c] + T[R2, c]
  }
"#;

/// Binding's layout pass leaves a run-together table pending, with no cells and no finding
/// about it; completing it places the one reading the check allows.
#[test]
fn layout_leaves_run_together_tables_to_inference() {
    let source = template(TOTALS);
    let rules = rules(&source);
    let template = first(&rules);
    let doc = document("甲表 甲列乙列一、第一行12二、第二行34三、合计46\n");
    let mut pending = layout(&doc, template);
    assert!(pending.report().table("T").unwrap().cells.is_empty());
    assert!(pending.findings().is_empty());
    let runs = pending.take_pending();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].runs.len(), 3);
    let bound = super::complete(&doc, template, layout(&doc, template));
    let table = bound.report.table("T").unwrap();
    let values: Vec<(&str, &str, &str)> = table
        .cells
        .iter()
        .map(|c| (c.row.as_str(), c.column.as_str(), c.raw.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("R1", "A", "1"),
            ("R1", "B", "2"),
            ("R2", "A", "3"),
            ("R2", "B", "4"),
            ("R9", "A", "4"),
            ("R9", "B", "6")
        ]
    );
    assert!(table.missing.is_empty());
}

/// Rows that no check decides alone are decided together: 一 and 二 each read two ways when
/// the total row reads one way, and only one combination adds up.
#[test]
fn rows_are_decided_together() {
    let source = template(TOTALS);
    let rules = rules(&source);
    let template = first(&rules);
    // 一: 1|12 or 11|2; 二: 2|10 or 21|0; 合计 3 22 (spaced: one reading).
    let doc = document("甲表 甲列乙列一、第一行112二、第二行210三、合计3 22\n");
    let bound = super::complete(&doc, template, layout(&doc, template));
    let table = bound.report.table("T").unwrap();
    let raw = |row: &str, column: &str| table.cell(row, column).map(|c| c.raw.as_str());
    assert_eq!((raw("R1", "A"), raw("R1", "B")), (Some("1"), Some("12")));
    assert_eq!((raw("R2", "A"), raw("R2", "B")), (Some("2"), Some("10")));
    assert_eq!(codes(&bound.findings), ["bind::inferred-boundaries"]);
}

/// Only error checks that read this table alone may choose: a warning that would decide the
/// row does not, so the row stays ambiguous rather than being chosen by a weaker rule.
#[test]
fn only_error_checks_of_the_table_choose() {
    let source = template(
        r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  TOT "合计" }
    rows { R1 "一、第一行" R2 "二、第二行" R3 "三、第三行" }
  }
  check W1 warning "合计等于甲乙之和" {
    each r in rows(T)
    assert T[r, TOT] == T[r, A] + T[r, B]
  }
"#,
    );
    let rules = rules(&source);
    let template = first(&rules);
    let doc = document("甲表 甲列乙列合计一、第一行1910二、第二行000三、第三行000\n");
    let bound = super::complete(&doc, template, layout(&doc, template));
    assert_eq!(codes(&bound.findings), ["bind::ambiguous-row"]);
    assert!(bound.report.table("T").unwrap().cell("R1", "A").is_none());
    assert!(bound.report.table("T").unwrap().cell("R2", "A").is_some());
}
