//! The seed example (a real 2024 report) binds completely and passes every check.

#![expect(clippy::unwrap_used, reason = "tests")]

use nianbao_check::{bind, evaluate};

/// Every declared cell of tables 二, 三 and 四 is found, nothing is left unplaced, no check fails.
#[test]
fn example_binds_completely_and_checks_clean() {
    let text = include_bytes!("../../../examples/2024-nanguan-jiaoyuju.txt");
    let document = nianbao_read::read_text(text).unwrap();
    let rules = nianbao_rules::builtin::rule_set().unwrap();
    let template = rules.template("gov-2021").unwrap();
    let bound = bind(&document, template);
    assert!(bound.findings.is_empty(), "{:#?}", bound.findings);
    let counts: Vec<(&str, usize, usize, usize)> = bound
        .report
        .tables
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.cells.len(),
                t.missing.len(),
                t.unplaced.len(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("T2", 10, 0, 0), ("T3", 175, 0, 0), ("T4", 15, 0, 0)]
    );
    assert_eq!(bound.report.year, Some(2024));
    assert_eq!(bound.report.agency.as_deref(), Some("南关区教育局"));
    assert!(bound.report.sections.iter().all(|s| s.span.is_some()));
    let evaluation = evaluate(&bound.report, template);
    assert!(evaluation.findings.is_empty(), "{:#?}", evaluation.findings);
    assert_eq!(evaluation.summary.undecided, 0);
}
