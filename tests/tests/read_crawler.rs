//! Crawler text: the 平潭 2019 report saved with its table cells run together. Tables 三 and 四
//! are read by inferring the boundaries from the 2019 template's checks; rows that stay
//! ambiguous are reported with their candidates, never guessed.

use nianbao_tests::nianbao;

const PINGTAN: &str = "tests/fixtures/corpus/002-pingtan-2019.txt";
const GWH: &str = "tests/fixtures/crawler/pingtan-gwh-2021.txt";

fn value(json: &serde_json::Value, table: &str, row: &str, column: &str) -> Option<i64> {
    json["tables"]
        .as_array()?
        .iter()
        .find(|t| t["id"] == table)?["cells"]
        .as_array()?
        .iter()
        .find(|c| c["row"] == row && c["column"] == column)?["value"]
        .as_i64()
}

/// The 2019 template is detected and the values of tables 三 and 四 are the ones printed in
/// the original page (read off it by hand: 23 new applications, 7 disclosed, 1 partly, …).
#[test]
fn pingtan_tables_are_inferred() {
    let output = nianbao(&["extract", "--format", "json", PINGTAN]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    assert_eq!(json["template"], "gov-2019");
    assert_eq!(json["year"], 2019);
    let t3 = |row: &str, column: &str| value(&json, "T3", row, column);
    let expected = [
        ("R1", "NP", 23),
        ("R1", "TOT", 23),
        ("R2", "TOT", 0),
        ("R3.1", "NP", 7),
        ("R3.1", "TOT", 7),
        ("R3.2", "NP", 1),
        ("R3.4.1", "NP", 7),
        ("R3.4.3", "NP", 5),
        ("R3.5.2", "NP", 3),
        ("R3.6", "TOT", 0),
        ("R3.7", "NP", 23),
        ("R3.7", "TOT", 23),
        ("R4", "TOT", 0),
    ];
    for (row, column, number) in expected {
        assert_eq!(t3(row, column), Some(number), "T3 {row} {column}");
    }
    let cells = |id: &str| {
        json["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["id"] == id)
            .map_or(0, |t| t["cells"].as_array().map_or(0, Vec::len))
    };
    assert_eq!((cells("T3"), cells("T4")), (23 * 7, 15));
    let t4 = json["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["id"] == "T4");
    let t4_values: Vec<i64> = t4
        .and_then(|t| t["cells"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c["value"].as_i64())
        .collect();
    assert_eq!(t4_values, [0; 15], "table 四 is fifteen zeros");
}

/// The check output names the inferred rows and the ambiguous ones, and exits clean (the
/// report's arithmetic holds; ambiguity is a warning).
#[test]
fn pingtan_check_reports_inference_and_ambiguity() {
    let output = nianbao(&["check", "--color", "never", PINGTAN]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    assert!(output.stdout.contains("bind::inferred-boundaries"));
    assert!(output.stdout.contains("依据 T3-03 推断"));
    assert!(output.stdout.contains("bind::ambiguous-row"));
    insta::assert_snapshot!("pingtan_check", output.snapshot());
    let table = nianbao(&["extract", PINGTAN]);
    insta::assert_snapshot!("pingtan_extract", table.snapshot());
}

/// A long digit run that cannot be read as the row (150 digits, then more numbers than the row
/// has columns) is one ambiguous row, found at once: the split search once tried every way
/// to cut it, and the file ran into the time limit (exit 4) instead of being checked.
#[test]
fn long_digit_run_is_ambiguous_not_slow() {
    let text = std::fs::read_to_string(nianbao_tests::root().join(GWH)).unwrap_or_default();
    let digits: String = (0..150)
        .map(|i| char::from(b'1' + u8::try_from((i * 7 + 3) % 9).unwrap_or(0)))
        .collect();
    let row = "本年新收政府信息公开申请数量";
    let changed = text.replacen(
        &format!("{row}230000023"),
        &format!("{row}{digits} 1 1 1 1 1 1 1"),
        1,
    );
    assert_ne!(changed, text);
    let path = nianbao_tests::scratch("long-run.txt", changed);
    let output = nianbao(&["check", "--format", "concise", &path]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    assert!(
        output
            .stdout
            .contains("bind::ambiguous-row [警告] 表格“收到和处理政府信息公开申请情况”"),
        "{}",
        output.stdout
    );
}
