//! Every example under `examples/` is checked and extracted, and the output a user sees is
//! pinned by a snapshot (human and JSON), together with the exit code.

use nianbao_tests::nianbao;

/// Example documents and the exit code `check` must end with.
const DOCUMENTS: &[(&str, u8)] = &[
    ("examples/2024-nanguan-jiaoyuju.txt", 0),
    ("examples/errors/balance.txt", 1),
    ("examples/errors/row-total.txt", 1),
    ("examples/errors/grand-total.txt", 1),
    ("examples/errors/table4-total.txt", 1),
    ("examples/errors/blank-total.txt", 1),
    ("examples/errors/missing-row.txt", 1),
    ("examples/errors/part-heading.txt", 1),
    ("examples/errors/unknown-row.txt", 1),
    ("examples/errors/header-numbers.txt", 1),
];

fn name(path: &str) -> String {
    path.trim_start_matches("examples/")
        .replace(['/', '.'], "_")
}

/// `check` in the human format: diagnostics at the right cells, summary line, exit code.
#[test]
fn check_human() {
    for (path, exit) in DOCUMENTS {
        let output = nianbao(&["check", "--color", "never", path]);
        assert_eq!(output.exit, *exit, "{path}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("check_human__{}", name(path)), output.snapshot());
    }
}

/// `check --format json`: the machine format, one snapshot per example.
#[test]
fn check_json() {
    for (path, exit) in DOCUMENTS {
        let output = nianbao(&["check", "--format", "json", path]);
        assert_eq!(output.exit, *exit, "{path}");
        let parsed: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
        assert!(
            parsed.get("reports").is_some(),
            "{path}: not JSON:\n{}",
            output.stdout
        );
        insta::assert_snapshot!(format!("check_json__{}", name(path)), output.snapshot());
    }
}

/// `check --format plain`: miette's narrated output, for screen readers and logs.
#[test]
fn check_plain() {
    for (path, exit) in DOCUMENTS.iter().take(2) {
        let output = nianbao(&["check", "--format", "plain", path]);
        assert_eq!(output.exit, *exit, "{path}");
        insta::assert_snapshot!(format!("check_plain__{}", name(path)), output.snapshot());
    }
}

/// `extract` of the real report, as a grid and as JSON.
#[test]
fn extract_real_report() {
    let path = "examples/2024-nanguan-jiaoyuju.txt";
    let table = nianbao(&["extract", path]);
    assert_eq!(table.exit, 0);
    insta::assert_snapshot!("extract_table__real_report", table.snapshot());
    let json = nianbao(&["extract", "--format", "json", path]);
    assert_eq!(json.exit, 0);
    insta::assert_snapshot!("extract_json__real_report", json.snapshot());
}

/// `extract` shows what is missing and unplaced.
#[test]
fn extract_missing_row() {
    let output = nianbao(&["extract", "examples/errors/missing-row.txt"]);
    assert_eq!(output.exit, 0);
    insta::assert_snapshot!("extract_table__missing_row", output.snapshot());
}

/// Rule files with mistakes: located diagnostics and exit code 3, from `rules check` and when
/// given to `check --rules`.
#[test]
fn broken_rule_files() {
    for path in [
        "examples/errors/syntax.rules",
        "examples/errors/unknown-label.rules",
    ] {
        let output = nianbao(&["rules", "check", path]);
        assert_eq!(output.exit, 3, "{}", output.snapshot());
        insta::assert_snapshot!(format!("rules_check__{}", name(path)), output.snapshot());
        let with_document = nianbao(&[
            "check",
            "--rules",
            path,
            "examples/2024-nanguan-jiaoyuju.txt",
        ]);
        assert_eq!(with_document.exit, 3);
        assert!(
            with_document.stdout.is_empty(),
            "rule problems go to stderr"
        );
        assert!(!with_document.stderr.is_empty());
    }
}

/// The shipped rule file is valid, and `rules list` / `explain` describe its checks.
#[test]
fn shipped_rules() {
    let check = nianbao(&["rules", "check", "rules/gov-2021.rules"]);
    assert_eq!(check.exit, 0, "{}", check.snapshot());
    insta::assert_snapshot!("rules_check__gov_2021", check.snapshot());
    let list = nianbao(&["rules", "list"]);
    assert_eq!(list.exit, 0);
    insta::assert_snapshot!("rules_list", list.snapshot());
    let explain = nianbao(&["explain", "T3-01"]);
    assert_eq!(explain.exit, 0);
    insta::assert_snapshot!("explain__t3_01", explain.snapshot());
    let code = nianbao(&["explain", "bind::missing-row"]);
    assert_eq!(code.exit, 0);
    insta::assert_snapshot!("explain__bind_missing_row", code.snapshot());
    let unknown = nianbao(&["explain", "T3-1"]);
    assert_eq!(unknown.exit, 2);
    insta::assert_snapshot!("explain__unknown", unknown.snapshot());
}
