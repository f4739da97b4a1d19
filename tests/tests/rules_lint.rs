//! Rule-author lints (issue 10): a rule file that compiles but would blame correct reports
//! gets a warning from `nianbao rules check`, at the line of the rule file; the binder takes
//! the longest matching label; and `rules check --against` previews what an edited rule file
//! changes on sample reports.
//!
//! Fixtures are in `tests/fixtures/rules-lint/`: one rule file per lint, and a report whose
//! table 三 has a local `（三）不予公开小计` row.

use nianbao_tests::nianbao;

const DIR: &str = "tests/fixtures/rules-lint";

fn rules_check(fixture: &str) -> nianbao_tests::Output {
    nianbao(&["rules", "check", &format!("{DIR}/{fixture}")])
}

/// A misspelt official label is a warning at the label, naming the built-in wording; the file
/// stays valid (exit 0).
#[test]
fn warns_about_a_misspelt_builtin_label() {
    let output = rules_check("typo.rules");
    assert_eq!(output.exit, 0);
    assert!(
        output.stdout.contains("lint::label-typo"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("“1.属于国家密秘”与内置模板的“1.属于国家秘密”只差一两个字，是否写错？")
    );
    insta::assert_snapshot!("typo", output.snapshot());
}

/// A row label that begins with a group label of the same table is a warning at the row.
#[test]
fn warns_about_a_label_that_begins_with_another() {
    let output = rules_check("prefix-label.rules");
    assert_eq!(output.exit, 0);
    assert!(
        output.stdout.contains("lint::label-prefix"),
        "{}",
        output.stdout
    );
    insta::assert_snapshot!("prefix_label", output.snapshot());
}

/// A subtotal inside a group that a check adds up is a warning naming the check.
#[test]
fn warns_about_a_subtotal_inside_a_summed_group() {
    let output = rules_check("subtotal-in-group.rules");
    assert_eq!(output.exit, 0);
    assert!(
        output.stdout.contains("lint::subtotal-in-group"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("T3-02"), "{}", output.stdout);
    insta::assert_snapshot!("subtotal_in_group", output.snapshot());
}

/// The local row `（三）不予公开小计` binds to itself, not to the group `（三）不予公开` it
/// begins with: the report is clean, with no missing or unknown row.
#[test]
fn a_row_named_after_a_group_binds_to_its_own_row() {
    let output = nianbao(&[
        "check",
        "--color",
        "never",
        "--only-rules",
        "--rules",
        &format!("{DIR}/prefix-label.rules"),
        &format!("{DIR}/prefix-report.txt"),
    ]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    assert!(!output.stdout.contains("bind::"), "{}", output.stdout);
    let rules = nianbao_rules::compile(
        "prefix-label.rules",
        &std::fs::read_to_string(nianbao_tests::root().join(DIR).join("prefix-label.rules"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let checker = nianbao_check::Checker::new(rules)
        .and_then(|c| c.with_template("local-prefix"))
        .map_err(|e| e.to_string());
    let checked = checker.as_ref().map_err(String::clone).and_then(|c| {
        c.check_file(nianbao_tests::root().join(DIR).join("prefix-report.txt"))
            .map_err(|e| e.to_string())
    });
    let Ok(checked) = checked else {
        panic!("{checked:?}");
    };
    let t3 = checked.report.table("T3");
    let subtotal = t3.and_then(|t| t.cell("R3.3.9", "TOT"));
    assert_eq!(subtotal.map(|c| c.raw.as_str()), Some("0"));
    assert!(t3.is_some_and(|t| t.missing.iter().all(|m| m.row != "R3.3.9")));
}

/// `--against` lists, per sample, the rows no longer bound and the findings that appear or
/// disappear, then the declared rows and columns no sample has; it is a preview (exit 0).
#[test]
fn previews_an_edited_rule_file_on_samples() {
    let output = nianbao(&[
        "rules",
        "check",
        "examples/local/subtotal.rules",
        "--against",
        "examples/local/subtotal-report.txt",
        "examples/2024-nanguan-jiaoyuju.txt",
    ]);
    assert_eq!(output.exit, 0);
    insta::assert_snapshot!("against_subtotal", output.snapshot());
}
