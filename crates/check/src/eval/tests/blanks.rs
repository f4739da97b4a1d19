//! Blank cells, marks (—, /, 无), text and missing cells: the `treat … as zero|unknown` policies
//! at template and check level, and three-valued logic. An undecided instance is counted in the
//! summary, never reported as a finding.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::{counts, run_t};

const SUM: &str = r#"assert T[R1, TOT] == T[R1, A] + T[R1, B]"#;

/// A check of [`SUM`] with the given extra lines, after the given template-level lines.
fn sum_check(template_lines: &str, check_lines: &str) -> String {
    format!("{template_lines}\ncheck C1 error \"合计\" {{ {check_lines}\n {SUM} }}")
}

/// Without any `treat` line a blank operand makes the instance undecided, not a finding.
#[test]
fn blank_is_unknown_by_default() {
    let evaluation = run_t(
        &sum_check("", ""),
        &[("R1", "A", ""), ("R1", "B", "2"), ("R1", "TOT", "3")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// `treat blank as zero` for the template makes a blank count as 0 in arithmetic.
#[test]
fn blank_as_zero_counts_as_zero() {
    let cells = [("R1", "A", ""), ("R1", "B", "2"), ("R1", "TOT", "3")];
    let evaluation = run_t(&sum_check("treat blank as zero", ""), &cells);
    assert_eq!(counts(&evaluation), (1, 1, 0));
    assert_eq!(
        evaluation.findings[0]
            .comparison
            .as_ref()
            .unwrap()
            .right
            .text,
        "0 + 2"
    );
    let ok = run_t(
        &sum_check("treat blank as zero", ""),
        &[("R1", "A", ""), ("R1", "B", "2"), ("R1", "TOT", "2")],
    );
    assert_eq!(counts(&ok), (0, 1, 0));
}

/// A check's own `treat blank as unknown` overrides the template's `treat blank as zero`.
#[test]
fn check_policy_overrides_template_policy() {
    let cells = [("R1", "A", ""), ("R1", "B", "2"), ("R1", "TOT", "3")];
    let evaluation = run_t(
        &sum_check("treat blank as zero", "treat blank as unknown"),
        &cells,
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
    let zero = run_t(&sum_check("", "treat blank as zero"), &cells);
    assert_eq!(counts(&zero), (1, 1, 0));
}

/// Under `treat marks as zero` each mark (—, /, 无) counts as 0.
#[test]
fn marks_as_zero_count_as_zero() {
    for mark in ["—", "/", "无", "－"] {
        let evaluation = run_t(
            &sum_check("treat marks as zero", ""),
            &[("R1", "A", mark), ("R1", "B", "2"), ("R1", "TOT", "2")],
        );
        assert_eq!(counts(&evaluation), (0, 1, 0), "{mark}");
    }
}

/// Blanks and marks have separate policies: blanks as zero leaves marks unknown.
#[test]
fn marks_stay_unknown_when_only_blanks_are_zero() {
    let evaluation = run_t(
        &sum_check("treat blank as zero", ""),
        &[("R1", "A", "—"), ("R1", "B", "2"), ("R1", "TOT", "9")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// Text in a cell is never a number, whatever the policy.
#[test]
fn text_is_never_a_number() {
    let evaluation = run_t(
        &sum_check("treat blank as zero\ntreat marks as zero", ""),
        &[("R1", "A", "见附件"), ("R1", "B", "2"), ("R1", "TOT", "9")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// A cell the report does not have is unknown even when blanks count as zero.
#[test]
fn missing_cell_is_unknown_even_when_blank_is_zero() {
    let evaluation = run_t(
        &sum_check("treat blank as zero", ""),
        &[("R1", "B", "2"), ("R1", "TOT", "9")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// `and` is false as soon as one side is false, even if the other is unknown; `or` is true as
/// soon as one side is true; otherwise an unknown side leaves the instance undecided.
#[test]
fn logic_is_three_valued() {
    let cells = [("R1", "A", "1"), ("R1", "B", "")];
    let cases = [
        ("T[R1, A] == 2 and T[R1, B] == 0", (1, 1, 0)),
        ("T[R1, B] == 0 and T[R1, A] == 2", (1, 1, 0)),
        ("T[R1, A] == 1 and T[R1, B] == 0", (0, 1, 1)),
        ("T[R1, A] == 1 or T[R1, B] == 0", (0, 1, 0)),
        ("T[R1, B] == 0 or T[R1, A] == 1", (0, 1, 0)),
        ("T[R1, A] == 2 or T[R1, B] == 0", (0, 1, 1)),
        ("not T[R1, A] == 2", (0, 1, 0)),
        ("not T[R1, A] == 1", (1, 1, 0)),
        ("not T[R1, B] == 0", (0, 1, 1)),
    ];
    for (assert, expected) in cases {
        let evaluation = run_t(
            &format!("check C1 error \"逻辑\" {{ assert {assert} }}"),
            &cells,
        );
        assert_eq!(counts(&evaluation), expected, "{assert}");
    }
}

/// A failed `and` whose other side is unknown still records the failed comparison.
#[test]
fn failed_and_records_the_failed_comparison() {
    let evaluation = run_t(
        r#"check C1 error "逻辑" { assert T[R1, B] == 0 and T[R1, A] == 2 }"#,
        &[("R1", "A", "1"), ("R1", "B", "")],
    );
    let comparison = evaluation.findings[0].comparison.as_ref().unwrap();
    assert_eq!(
        (
            comparison.left.text.as_str(),
            comparison.right.text.as_str()
        ),
        ("1", "2")
    );
}

/// A `when` that cannot be decided skips the instance and counts it undecided; its asserts
/// are not evaluated.
#[test]
fn undecided_when_skips_the_asserts() {
    let evaluation = run_t(
        r#"check C1 error "条件" { when T[R1, A] == 0  assert T[R1, B] == 0 }"#,
        &[("R1", "A", ""), ("R1", "B", "5")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}

/// An instance with two undecided asserts is one undecided instance: the summary counts
/// instances (`Summary::undecided` "Instances that could not be decided").
#[test]
fn two_undecided_asserts_are_one_undecided_instance() {
    let evaluation = run_t(
        r#"check C1 error "两个断言" { assert T[R1, A] == 0  assert T[R1, B] == 0 }"#,
        &[("R1", "A", ""), ("R1", "B", "")],
    );
    assert_eq!(counts(&evaluation), (0, 1, 1));
}
