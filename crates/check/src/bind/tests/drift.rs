//! Template drift (bind/drift.rs): a row label that matches no official label exactly may be a
//! misspelt official row (bound and reported as renamed), a group given on a single row as the
//! 2019 format does (bound to the group), or nothing the template declares (unknown).

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{T3, t3_rows, t3_text};
use crate::testkit::{bind_snippet, cells, codes, messages, template};

/// [`super::t3_rows`] with row `at`'s label cell set to `label`.
fn with_label(at: usize, label: &str) -> Vec<Vec<String>> {
    let mut rows = t3_rows();
    if let Some(cell) = rows.get_mut(at).and_then(|r| r.get_mut(1)) {
        *cell = label.to_owned();
    }
    rows
}

/// A misspelt leaf label binds to the official row it resembles and is reported with the
/// official wording; its values take part in the checks.
#[test]
fn misspelt_row_binds_and_is_reported_renamed() {
    let bound = bind_snippet(
        &template(T3),
        &t3_text(&with_label(4, "2.其他法律行政止公开")),
    );
    assert_eq!(codes(&bound.findings), ["bind::renamed-row"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“收到和处理政府信息公开申请情况”中的行名“2.其他法律行政止公开”与官方格式不一致"]
    );
    let finding = &bound.findings[0];
    assert_eq!(
        finding.notes[0].label,
        "官方名称是“2.其他法律行政法规禁止公开”"
    );
    assert_eq!(finding.notes[0].span.line, 45);
    assert_eq!(
        finding.help.as_deref(),
        Some("按“2.其他法律行政法规禁止公开”这一行检查；请把行名改为官方格式的写法")
    );
    let cell = bound
        .report
        .table("T3")
        .unwrap()
        .cell("R3.3.2", "TOT")
        .unwrap();
    assert_eq!(cell.raw, "44");
}

/// A misspelt label is only matched against the rows of its enclosing group: "3.其它" under
/// （六）其他处理 is 3.其他 of that group.
#[test]
fn misspelt_row_is_matched_within_its_group() {
    let bound = bind_snippet(&template(T3), &t3_text(&with_label(8, "3.其它")));
    assert_eq!(codes(&bound.findings), ["bind::renamed-row"]);
    let table = bound.report.table("T3").unwrap();
    assert_eq!(table.cell("R3.6.3", "NP").unwrap().raw, "81");
    assert!(table.missing.is_empty());
}

/// A group given on a single row (the 2019 layout of （六）其他处理) binds to the group's id,
/// and its leaves are not reported missing.
#[test]
fn group_on_a_single_row_binds_to_the_group() {
    let mut rows = t3_rows();
    rows.splice(
        6..9,
        [vec!["", "（六）其他处理", "5", "0", "0", "5"]
            .into_iter()
            .map(String::from)
            .collect()],
    );
    let bound = bind_snippet(&template(T3), &t3_text(&rows));
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let found = cells(&bound, "T3");
    assert!(found.contains(&"R3.6/NP=5".to_owned()), "{found:?}");
    assert!(found.contains(&"R3.6/TOT=5".to_owned()), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("R3.6.")), "{found:?}");
    let table = bound.report.table("T3").unwrap();
    // The leaves have no cells of their own: they are listed missing, not reported.
    assert_eq!(table.missing.len(), 12);
    assert!(table.missing.iter().all(|m| m.row.starts_with("R3.6.")));
    assert_eq!(
        *table.cell("R3.6", "NP").unwrap().row_path,
        ["三、本年度办理结果", "（六）其他处理"]
    );
}

/// A group's own row after its leaves were already bound is not taken for a collapsed group:
/// it is an unknown row.
#[test]
fn group_row_after_its_leaves_is_unknown() {
    let mut rows = t3_rows();
    rows.insert(
        9,
        ["", "（六）其他处理", "9", "9", "9", "9"]
            .map(String::from)
            .to_vec(),
    );
    let bound = bind_snippet(&template(T3), &t3_text(&rows));
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    assert_eq!(
        messages(&bound.findings),
        ["表格“收到和处理政府信息公开申请情况”中的“（六）其他处理”与模板中的行都对不上"]
    );
    let table = bound.report.table("T3").unwrap();
    assert!(table.cell("R3.6", "NP").is_none());
    assert_eq!(table.unplaced.len(), 4);
}

/// A label resembling no row is unknown: reported with the closest official row as a hint,
/// and its values kept as unplaced with the reason.
#[test]
fn unrelated_label_is_an_unknown_row() {
    let mut rows = t3_rows();
    rows.insert(
        1,
        ["", "二、上年结转政府信息公开申请数量", "1", "2", "3", "6"]
            .map(String::from)
            .to_vec(),
    );
    let bound = bind_snippet(&template(T3), &t3_text(&rows));
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    let finding = &bound.findings[0];
    assert_eq!(
        finding.message,
        "表格“收到和处理政府信息公开申请情况”中的“二、上年结转政府信息公开申请数量”与模板中的行都对不上"
    );
    assert_eq!(
        finding.help.as_deref(),
        Some(
            "报告中的“二、上年结转政府信息公开申请数量”与模板中的“一、本年新收政府信息公开申请数量”相近，请核对规则文件或报告；这一行的数字没有参与检查"
        )
    );
    assert_eq!(finding.notes[0].label, "这一行不在模板中");
    let table = bound.report.table("T3").unwrap();
    let unplaced: Vec<&str> = table.unplaced.iter().map(|u| u.raw.as_str()).collect();
    assert_eq!(unplaced, ["1", "2", "3", "6"]);
    assert!(
        table
            .unplaced
            .iter()
            .all(|u| u.reason == "所在行与模板中的行都对不上")
    );
    assert_eq!(cells(&bound, "T3").len(), 40);
}

/// An unknown label nothing like any row gets no hint.
#[test]
fn unknown_row_without_a_close_row_gets_no_hint() {
    let mut rows = t3_rows();
    rows.push(["", "备注", "1", "1", "1", "3"].map(String::from).to_vec());
    let bound = bind_snippet(&template(T3), &t3_text(&rows));
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    assert_eq!(
        bound.findings[0].help.as_deref(),
        Some("这一行的数字没有参与检查")
    );
}

/// A misspelling is only matched against rows not bound yet: a second, misspelt copy of a
/// bound row is unknown (with the row as hint), and the first copy keeps its values.
#[test]
fn misspelt_copy_of_a_bound_row_is_unknown() {
    let mut rows = t3_rows();
    rows.insert(
        4,
        ["", "1.属于国家机密", "9", "9", "9", "9"]
            .map(String::from)
            .to_vec(),
    );
    let bound = bind_snippet(&template(T3), &t3_text(&rows));
    assert_eq!(codes(&bound.findings), ["bind::unknown-row"]);
    assert_eq!(
        bound.findings[0].help.as_deref(),
        Some(
            "报告中的“1.属于国家机密”与模板中的“1.属于国家秘密”相近，请核对规则文件或报告；这一行的数字没有参与检查"
        )
    );
    let table = bound.report.table("T3").unwrap();
    assert_eq!(table.cell("R3.3.1", "NP").unwrap().raw, "31");
    assert_eq!(table.cell("R3.3.2", "NP").unwrap().raw, "41");
}

/// A label as close to two rows as to one is not guessed: both are named, and its numbers are
/// left unplaced.
#[test]
fn a_label_close_to_two_rows_names_both() {
    let rules = template(
        r#"table T "甲表" {
             columns { A "甲列"  B "乙列" }
             rows { R1 "1.属于国家秘密文件"  R2 "2.属于国家秘密信息"  R3 "3.其他情形" }
           }"#,
    );
    let text = crate::testkit::table_text(&[
        &["项目", "甲列", "乙列"],
        &["属于国家秘密", "1", "2"],
        &["3.其他情形", "3", "4"],
    ]);
    let bound = bind_snippet(&rules, &text);
    let unknown: Vec<&str> = messages(&bound.findings)
        .into_iter()
        .filter(|m| m.contains("同样相近"))
        .collect();
    assert_eq!(
        unknown,
        [
            "表格“甲表”中的“属于国家秘密”与模板中的“1.属于国家秘密文件”、“2.属于国家秘密信息”同样相近，无法确定是哪一行"
        ]
    );
    let table = bound.report.table("T").unwrap();
    assert!(table.cell("R1", "A").is_none() && table.cell("R2", "A").is_none());
    assert_eq!(table.unplaced.len(), 2);
}
