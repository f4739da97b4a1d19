//! The document model as JSON: a report written or corrected as data (no spans needed).

use nianbao_tests::nianbao;

/// The real report as hand-written JSON checks clean; a changed number is caught and the cells
/// are named in words (there is no text to underline); broken JSON is a located read error.
#[test]
fn json_documents() {
    let clean = nianbao(&["check", "tests/fixtures/json/nanguan-2024.json"]);
    assert_eq!(clean.exit, 0, "{}", clean.snapshot());
    let wrong = nianbao(&[
        "check",
        "--color",
        "never",
        "tests/fixtures/json/seeded-error.json",
    ]);
    assert_eq!(wrong.exit, 1);
    assert!(
        wrong
            .stdout
            .contains("涉及：一、本年新收政府信息公开申请数量 · 自然人 = 2")
    );
    insta::assert_snapshot!("json_seeded_error", wrong.snapshot());
    let broken = nianbao(&["check", "tests/fixtures/json/broken.json"]);
    assert_eq!(broken.exit, 4);
    insta::assert_snapshot!("json_broken", broken.snapshot());
}
