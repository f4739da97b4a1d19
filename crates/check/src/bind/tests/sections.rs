//! Section headings by meaning (bind/headings.rs) and rows a report may leave out (`optional`).

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{PLAIN, PLAIN_HEADER};
use crate::testkit::{bind_snippet, codes, messages, table_text, template};

/// Three sections; the second holds table T.
const SECTIONS: &str = r#"
  section S1 "一、总体情况" or "一、概述"
  section S2 "二、主动公开政府信息情况" table T
  section S3 "三、存在的主要问题及改进情况"
"#;

/// Text with the given headings and table T under the second.
fn report(one: &str, two: &str, three: &str) -> String {
    let table = table_text(&[
        PLAIN_HEADER,
        &["一、第一行", "1", "2", "3"],
        &["二、第二行", "4", "5", "6"],
        &["三、第三行", "7", "8", "9"],
    ]);
    format!("{one}\n正文。\n{two}\n{table}{three}\n正文。\n")
}

fn rules() -> String {
    template(&format!("{SECTIONS}{PLAIN}"))
}

/// Headings as the format writes them are found by wording, with no finding.
#[test]
fn official_headings_are_found() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、存在的主要问题及改进情况",
        ),
    );
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    assert!(
        bound
            .report
            .sections
            .iter()
            .all(|s| s.span.is_some() && s.heading.is_none())
    );
}

/// A heading with another word or a stray character, numbered as the section and standing
/// between its neighbours, is that section; an info says so.
#[test]
fn a_near_miss_heading_is_recognised_by_number_place_and_words() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、存在的主要问题和改进情况。",
        ),
    );
    assert_eq!(codes(&bound.findings), ["bind::renamed-section"]);
    assert_eq!(
        messages(&bound.findings),
        ["标题“三、存在的主要问题和改进情况”与格式规定的“三、存在的主要问题及改进情况”写法不同"]
    );
    assert!(bound.report.sections[2].present());
}

/// Inside running text, a numbered clause with other words is not taken for the section;
/// where the section should be is kept to point at.
#[test]
fn other_words_are_pointed_at_not_accepted() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "全年工作总结如上。三、下一步打算，继续做好工作",
        ),
    );
    let third = &bound.report.sections[2];
    assert!(!third.present());
    let near = third.near.as_ref().unwrap();
    assert_eq!(near.label, "这个位置写的是“三、下一步打算”");
}

/// A heading line of its own, numbered as the section and standing in its place, is the
/// section whatever its words: an info names the wording.
#[test]
fn a_heading_line_in_its_place_is_the_section() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、下一步工作打算",
        ),
    );
    assert_eq!(codes(&bound.findings), ["bind::renamed-section"]);
    assert_eq!(
        bound.report.sections[2].heading.as_deref(),
        Some("三、下一步工作打算")
    );
}

/// A section whose table was found is present even when its heading is not.
#[test]
fn a_section_with_its_table_is_present() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、总体情况",
            "（表格如下）",
            "三、存在的主要问题及改进情况",
        ),
    );
    let second = &bound.report.sections[1];
    assert!(second.span.is_none() && second.by_table && second.present());
}

/// A listed variant (一、概述) is found by wording.
#[test]
fn a_listed_variant_is_found_by_wording() {
    let bound = bind_snippet(
        &rules(),
        &report(
            "一、概述",
            "二、主动公开政府信息情况",
            "三、存在的主要问题及改进情况",
        ),
    );
    assert!(bound.findings.is_empty());
    assert!(bound.report.sections[0].heading.is_none());
}

/// A row marked `optional` that the report leaves out is information, not a missing row.
#[test]
fn a_left_out_optional_row_is_information() {
    let rules = template(
        r#"table T "甲表" {
             columns { A "甲列"  B "乙列"  C "丙列" }
             rows { R1 "一、第一行" optional  R2 "二、第二行"  R3 "三、第三行" }
           }"#,
    );
    let text = table_text(&[
        PLAIN_HEADER,
        &["二、第二行", "4", "5", "6"],
        &["三、第三行", "7", "8", "9"],
    ]);
    let bound = bind_snippet(&rules, &text);
    assert_eq!(codes(&bound.findings), ["bind::optional-row-absent"]);
    assert_eq!(bound.findings[0].severity, nianbao_model::Severity::Info);
    // Without `optional` the same report misses a row.
    let strict = bind_snippet(&template(PLAIN), &text);
    assert_eq!(codes(&strict.findings), ["bind::missing-row"]);
}
