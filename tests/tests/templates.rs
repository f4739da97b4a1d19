//! Template versions: automatic detection between the 2021 format and the 2019 trial format,
//! the mixed-format finding, a local variant built with `extends`, and rule formatting.

use nianbao_tests::nianbao;

/// The real report follows the 2021 format and is detected as such, with the reason on stderr.
#[test]
fn detects_the_2021_format_and_says_why() {
    let output = nianbao(&["check", "--verbose", "examples/2024-nanguan-jiaoyuju.txt"]);
    assert_eq!(output.exit, 0);
    assert!(
        output.stderr.contains("选用模板 gov-2021"),
        "{}",
        output.stderr
    );
    insta::assert_snapshot!("detect_verbose__real_report", output.snapshot());
}

/// A 2021 report whose （六）其他处理 is a single row gets T3-09, and its arithmetic is still
/// checked (T3-02 uses the single row; no undecided （七）总计).
#[test]
fn mixed_format_is_reported_and_still_checked() {
    let output = nianbao(&[
        "check",
        "--color",
        "never",
        "examples/errors/mixed-format.txt",
    ]);
    assert_eq!(output.exit, 1);
    assert!(output.stdout.contains("T3-09"));
    assert!(
        !output.stdout.contains("T3-02"),
        "the single row still balances"
    );
    insta::assert_snapshot!("mixed_format", output.snapshot());
    let forced = nianbao(&[
        "check",
        "--template",
        "gov-2019",
        "examples/errors/mixed-format.txt",
    ]);
    assert!(forced.stdout.contains("模板 gov-2019"), "{}", forced.stdout);
}

/// `--template` with an unknown id is a usage error naming the known templates.
#[test]
fn unknown_template_is_a_usage_error() {
    let output = nianbao(&[
        "check",
        "--template",
        "gov-2020",
        "examples/2024-nanguan-jiaoyuju.txt",
    ]);
    assert_eq!(output.exit, 2);
    insta::assert_snapshot!("unknown_template", output.snapshot());
}

/// An unknown `--template` stops the command before any file is opened: a batch with a typo
/// fails at once, not after reading (or failing to read) its first file.
#[test]
fn unknown_template_is_refused_before_reading() {
    let output = nianbao(&[
        "check",
        "--template",
        "gov-2020",
        "no-such-report.txt",
        "examples/2024-nanguan-jiaoyuju.txt",
    ]);
    assert_eq!(output.exit, 2, "{}", output.snapshot());
    assert!(
        !output.stderr.contains("no-such-report"),
        "{}",
        output.snapshot()
    );
    assert!(output.stdout.is_empty(), "{}", output.snapshot());
}

/// The local variant (extends gov-2021, adds a 小计 column and T3-13, drops T2-02, makes
/// T3-05a an error) binds its own report completely and catches a wrong subtotal.
#[test]
fn local_variant_through_extends() {
    let rules = "examples/local/subtotal.rules";
    let clean = nianbao(&[
        "check",
        "--rules",
        rules,
        "examples/local/subtotal-report.txt",
    ]);
    assert_eq!(clean.exit, 0, "{}", clean.snapshot());
    insta::assert_snapshot!("local_variant__clean", clean.snapshot());
    let list = nianbao(&["rules", "list", "--only-rules", "--rules", rules]);
    assert!(
        list.stdout.contains("T3-13") && !list.stdout.contains("T2-02"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("T3-05a   error"), "{}", list.stdout);
    let test = nianbao(&["rules", "test", rules]);
    assert_eq!(test.exit, 0, "{}", test.snapshot());
    let official = nianbao(&[
        "check",
        "--color",
        "never",
        "examples/local/subtotal-report.txt",
    ]);
    assert!(
        official.stdout.contains("bind::extra-column"),
        "without the variant, 小计 is extra"
    );
}

/// `rules fmt --check` accepts the shipped files as they are.
#[test]
fn shipped_rules_are_formatted() {
    let output = nianbao(&[
        "rules",
        "fmt",
        "--check",
        "rules/gov-2021.rules",
        "rules/gov-2019.rules",
    ]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    insta::assert_snapshot!("rules_fmt_check", output.snapshot());
}

/// Every real report of the corpus and the example is checked with the template of its
/// format: the 平潭 2019 page with the 2019 trial format, all others with the 2021 format
/// (010/011 print （六）其他处理 as a single row, which T3-09 reports).
#[test]
fn corpus_reports_are_checked_with_their_templates() {
    let expected = [
        ("examples/2024-nanguan-jiaoyuju.txt", "gov-2021"),
        ("tests/fixtures/corpus/002-pingtan-2019.txt", "gov-2019"),
        ("tests/fixtures/corpus/009-huaian-shi-2024.pdf", "gov-2021"),
        ("tests/fixtures/corpus/010-hongze-qu-2023.pdf", "gov-2021"),
        ("tests/fixtures/corpus/011-hongze-qu-2024.pdf", "gov-2021"),
        (
            "tests/fixtures/corpus/013-shuyang-fgj-2023.html",
            "gov-2021",
        ),
        (
            "tests/fixtures/corpus/S01-ceshishi-hangzhou-style-fixture-2025.html",
            "gov-2021",
        ),
    ];
    for (file, template) in expected {
        let output = nianbao(&["check", "--verbose", "--format", "json", file]);
        let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
        assert_eq!(
            json["reports"][0]["template"], template,
            "{file}: {}",
            output.stderr
        );
        assert!(
            output.stderr.contains(&format!("选用模板 {template}")),
            "{file}"
        );
    }
    for file in [
        "tests/fixtures/corpus/010-hongze-qu-2023.pdf",
        "tests/fixtures/corpus/011-hongze-qu-2024.pdf",
    ] {
        let output = nianbao(&["check", "--format", "json", file]);
        assert!(output.stdout.contains("\"rule\": \"T3-09\""), "{file}");
    }
}
