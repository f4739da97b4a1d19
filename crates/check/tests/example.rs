//! The seed example (a real 2024 report) binds completely and passes every check.

#![expect(clippy::unwrap_used, reason = "tests")]

use nianbao_check::{Checker, Choice};

/// Every declared cell of tables 二, 三 and 四 is found, nothing is left unplaced, no check
/// fails, and the 2021 template is chosen by its signature phrases.
#[test]
fn example_binds_completely_and_checks_clean() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/2024-nanguan-jiaoyuju.txt"
    );
    let checked = Checker::builtin().unwrap().check_file(path).unwrap();
    assert!(checked.findings.is_empty(), "{:#?}", checked.findings);
    assert_eq!(checked.template, "gov-2021");
    assert!(matches!(&checked.choice, Choice::Detected(d) if d.template == "gov-2021"));
    let counts: Vec<(&str, usize, usize, usize)> = checked
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
    assert_eq!(checked.report.year, Some(2024));
    assert_eq!(checked.report.agency.as_deref(), Some("南关区教育局"));
    assert!(checked.report.sections.iter().all(|s| s.span.is_some()));
    assert_eq!(checked.summary.undecided, 0);
    assert_eq!(checked.summary.checks_run, 54);
    assert!(!checked.has_errors());
}
