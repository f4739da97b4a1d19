//! Real-world variance without false alarms (fixtures in `tests/fixtures/variance/`, made from
//! real reports by its `generate.py`): label variants in tables and in crawler text, a left-out
//! optional row, headings worded differently, （六）其他处理 printed as one row in crawler text
//! and HTML. Each correct report reads every number the original reads and gets no error.

use std::collections::BTreeMap;

use nianbao_tests::nianbao;

/// Every bound cell of `file` as "table row column" → raw text, from `extract --format json`.
fn cells(file: &str) -> BTreeMap<String, String> {
    let output = nianbao(&["extract", "--format", "json", file]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let mut cells = BTreeMap::new();
    for table in json["tables"].as_array().into_iter().flatten() {
        for cell in table["cells"].as_array().into_iter().flatten() {
            let key = format!("{} {} {}", table["id"], cell["row"], cell["column"]);
            cells.insert(key, cell["raw"].as_str().unwrap_or_default().to_owned());
        }
    }
    cells
}

/// The findings of `file` as "severity rule: message", and the exit code.
fn findings(file: &str) -> (u8, Vec<String>) {
    let output = nianbao(&["check", "--format", "json", file]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let lines = json["reports"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let severity = f["severity"].as_str().unwrap_or_default();
            let rule = f["rule"].as_str().unwrap_or_default();
            let message = f["message"].as_str().unwrap_or_default();
            format!("{severity} {rule}: {message}")
        })
        .collect();
    (output.exit, lines)
}

/// Rules of the findings of one severity.
fn rules_of(findings: &[String], severity: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.starts_with(&format!("{severity} ")))
        .filter_map(|f| {
            f.split(' ')
                .nth(1)
                .map(|r| r.trim_end_matches(':').to_owned())
        })
        .collect()
}

/// Row labels of table 三 worded as other offices word them (an inserted 或者, 未 for 不, an
/// inserted 的 or 然, a 、 inside) bind to their rows with a warning each; every number is
/// read as in the original report and nothing is an error.
#[test]
fn label_variants_bind_with_warnings() {
    let original = cells("examples/2024-nanguan-jiaoyuju.txt");
    assert_eq!(
        cells("tests/fixtures/variance/label-variants.txt"),
        original
    );
    let (exit, found) = findings("tests/fixtures/variance/label-variants.txt");
    assert_eq!(exit, 0, "{found:#?}");
    assert_eq!(rules_of(&found, "warning"), vec!["bind::renamed-row"; 6]);
    insta::assert_snapshot!(
        "label_variants",
        nianbao(&["check", "tests/fixtures/variance/label-variants.txt"]).snapshot()
    );
}

/// The same label variants in crawler text: the worded-differently labels are recognised
/// between the rows that were found, their item numbers are not read as digits of the row
/// before, and every cell is read as in the original page.
#[test]
fn label_variants_in_crawler_text_bind_with_warnings() {
    let original = cells("tests/fixtures/crawler/pingtan-gwh-2021.txt");
    let variant = cells("tests/fixtures/variance/label-variants-crawler.txt");
    assert_eq!(variant, original);
    let (exit, found) = findings("tests/fixtures/variance/label-variants-crawler.txt");
    assert_eq!(exit, 0, "{found:#?}");
    let renamed = rules_of(&found, "warning")
        .into_iter()
        .filter(|r| r == "bind::renamed-row")
        .count();
    assert_eq!(renamed, 5, "{found:#?}");
    insta::assert_snapshot!("label_variants_crawler", found.join("\n"));
}

/// 规章 left out of table 二 (offices without rule-making power): information, not an error,
/// and every other number is read.
#[test]
fn a_left_out_optional_row_is_information() {
    let (exit, found) = findings("tests/fixtures/variance/no-rules-row.txt");
    assert_eq!(exit, 0);
    assert_eq!(
        found,
        [
            "info bind::optional-row-absent: 表格“主动公开政府信息情况”中没有“规章”这一行（格式允许不列）"
        ]
    );
    let mut original = cells("examples/2024-nanguan-jiaoyuju.txt");
    original.retain(|key, _| !key.contains("\"REG\""));
    assert_eq!(cells("tests/fixtures/variance/no-rules-row.txt"), original);
    insta::assert_snapshot!(
        "no_rules_row",
        nianbao(&["check", "tests/fixtures/variance/no-rules-row.txt"]).snapshot()
    );
}

/// Headings with another word for an official word or another character are recognised by
/// their number, place and words: no F-01, one info each naming the wording found.
#[test]
fn near_miss_headings_are_recognised() {
    let (exit, found) = findings("tests/fixtures/variance/near-headings.txt");
    assert_eq!(exit, 0);
    assert!(rules_of(&found, "warning").is_empty(), "{found:#?}");
    assert_eq!(rules_of(&found, "info"), vec!["bind::renamed-section"; 3]);
    insta::assert_snapshot!(
        "near_headings",
        nianbao(&["check", "tests/fixtures/variance/near-headings.txt"]).snapshot()
    );
}

/// A real report whose headings differ from the format: 五 and 六 are recognised; 一、概述 is a
/// listed variant; no F-01 remains.
#[test]
fn real_headings_of_another_wording_are_recognised() {
    let (_, found) = findings("tests/fixtures/crawler/pingtan-nyn-2020.txt");
    assert!(!found.iter().any(|f| f.contains("F-01")), "{found:#?}");
    assert_eq!(rules_of(&found, "info"), vec!["bind::renamed-section"; 2]);
}

/// （六）其他处理 printed as one row in a 2021-format report, in crawler text and in HTML: T3-09
/// fires, the single row stands for the three, no row is missing and every other identity is
/// decided.
#[test]
fn a_collapsed_group_binds_in_crawler_text_and_html() {
    for (file, undecided) in [
        // The crawler page leaves one row of table 二 ambiguous (4 instances), as the original,
        // and so the text's "发布规范性文件20份" cannot be compared with it (N-05).
        ("tests/fixtures/variance/collapsed-six-crawler.txt", 5),
        ("tests/fixtures/html/portal-2023-collapsed-six.html", 0),
    ] {
        let (exit, found) = findings(file);
        assert_eq!(exit, 1, "{file}");
        assert_eq!(rules_of(&found, "error"), ["T3-09"], "{file}: {found:#?}");
        assert!(!found.iter().any(|f| f.contains("missing")), "{file}");
        let output = nianbao(&["check", "--format", "json", file]);
        let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
        assert_eq!(
            json["reports"][0]["summary"]["undecided"], undecided,
            "{file}"
        );
        let cells = cells(file);
        assert!(cells.contains_key("\"T3\" \"R3.6\" \"TOT\""), "{file}");
        assert!(!cells.keys().any(|k| k.contains("R3.6.")), "{file}");
    }
}
