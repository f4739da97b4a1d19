//! Markdown: pipe tables bind like any other table (fixtures from `fixtures/markdown/generate.py`).

use nianbao_tests::nianbao;

/// The real report as Markdown checks clean; the seeded variant is caught at the changed cell.
#[test]
fn markdown_reports() {
    let clean = nianbao(&["check", "tests/fixtures/markdown/nanguan-2024.md"]);
    assert_eq!(clean.exit, 0, "{}", clean.snapshot());
    let wrong = nianbao(&[
        "check",
        "--color",
        "never",
        "tests/fixtures/markdown/seeded-error.md",
    ]);
    assert_eq!(wrong.exit, 1);
    insta::assert_snapshot!("markdown_seeded_error", wrong.snapshot());
    let extract = nianbao(&[
        "extract",
        "--format",
        "json",
        "tests/fixtures/markdown/nanguan-2024.md",
    ]);
    let json: serde_json::Value = serde_json::from_str(&extract.stdout).unwrap_or_default();
    assert_eq!(json["format"], "markdown");
    let count = |id: &str| {
        json["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["id"] == id)
            .map(|t| t["cells"].as_array().map_or(0, Vec::len))
    };
    assert_eq!(
        (count("T2"), count("T3"), count("T4")),
        (Some(10), Some(175), Some(15))
    );
}
