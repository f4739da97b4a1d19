//! Reports of different agencies in one batch: prose copied from another unit's report of the
//! same year and another unit's name where a report names itself, found after
//! the batch's own reports; real reports of several agencies raise neither.

use nianbao_tests::{comparisons, nianbao};
use serde_json::Value;

const UNITS: &str = "tests/fixtures/units";

/// (path, rule) of every finding of the comparisons of one kind (`units`, `organs`).
fn compared(json: &Value, with: &str) -> Vec<(String, String)> {
    comparisons(json)
        .into_iter()
        .filter(|(_, kind, _)| kind == with)
        .map(|(path, _, rule)| (path, rule))
        .collect()
}

/// The copy and its original are both reported, with the passages and the other report;
/// the copy also for the neighbour's name in its preamble; the third agency not at all.
#[test]
fn a_template_copied_from_a_neighbouring_office() {
    let output = nianbao(&["check", "--format", "json", UNITS]);
    assert_eq!(output.exit, 0, "warnings only: {}", output.stderr);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let found = compared(&json, "units");
    let edu = format!("{UNITS}/南关区教育局-2024.txt");
    let copy = format!("{UNITS}/南关区文化旅游局-2024.txt");
    assert_eq!(
        found,
        [
            (edu.clone(), "X-04".to_owned()),
            (copy.clone(), "X-04".to_owned()),
            (copy.clone(), "X-05".to_owned()),
        ]
    );
    let copied = json["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["compared"]["with"] == "units" && r["path"] == copy.as_str())
        .expect("the copy's comparison");
    let x04 = &copied["findings"][0];
    assert_eq!(x04["related"][0]["file"], edu.as_str());
    assert!(
        x04["notes"].as_array().is_some_and(|n| n.len() == 5),
        "{x04}"
    );
    let x05 = &copied["findings"][1];
    assert_eq!(x05["notes"][0]["label"], "另一单位的名称：南关区教育局");
    let human = nianbao(&["check", "--color", "never", "-q", UNITS]);
    let comparisons: String = human
        .stdout
        .split("—— 与同一批中其他单位的报告对照")
        .skip(1)
        .collect::<Vec<_>>()
        .join("—— 与同一批中其他单位的报告对照");
    insta::assert_snapshot!("units_human", comparisons);
}

/// Real reports of three departments over five years: a department citing its supervising
/// office's notice (《…管委会办公室关于……的通知》) in its preamble is not naming another
/// unit, and no two departments' texts are copies.
#[test]
fn real_departments_are_not_copies_of_each_other() {
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        "--exclude",
        "**/*.md",
        "tests/fixtures/chains",
        "tests/fixtures/corpus",
    ]);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(compared(&json, "units"), Vec::<(String, String)>::new());
}

/// One report on its own cannot be compared with other units: the checks are counted as not
/// run, not passed.
#[test]
fn alone_the_checks_are_not_run() {
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/units/南关区文化旅游局-2024.txt",
    ]);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(json["reports"][0]["summary"]["checks_need_units"], 2);
    assert_eq!(json["reports"][0]["summary"]["checks_need_previous"], 4);
    assert_eq!(json["reports"][0]["findings"], serde_json::json!([]));
}

/// Writes a manifest for a test and returns its path.
fn manifest(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("nianbao-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, text).expect("write manifest");
    path
}

/// An aggregate report whose 表三 and 表四 equal its organ's report raises nothing; one whose
/// organ has no report in the batch is said to lack it (and is not compared); one whose organs
/// add up to other figures is shown row by row, with the organs' cells.
#[test]
fn aggregates_against_their_organs() {
    let equal_and_missing = manifest(
        "equal",
        "单位,上级\n南关区文化旅游局-2024.txt,南关区教育局\n南关区财政局,南关区卫生健康局\n",
    );
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        "--manifest",
        equal_and_missing.to_str().expect("path"),
        UNITS,
    ]);
    let _ = std::fs::remove_file(&equal_and_missing);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let organs = compared(&json, "organs");
    assert_eq!(
        organs,
        [(
            format!("{UNITS}/南关区卫生健康局-2024.txt"),
            "X-03a".to_owned()
        )]
    );
    let adding_up = manifest(
        "sum",
        "南关区文化旅游局,南关区教育局\n南关区卫生健康局,南关区教育局\n",
    );
    let output = nianbao(&[
        "check",
        "--format",
        "plain",
        "-q",
        "--manifest",
        adding_up.to_str().expect("path"),
        UNITS,
    ]);
    let _ = std::fs::remove_file(&adding_up);
    let comparison: String = output
        .stdout
        .split("—— 与所属单位的报告对照")
        .nth(1)
        .unwrap_or_default()
        .split("\n\n== 汇总 ==")
        .next()
        .unwrap_or_default()
        .to_owned();
    insta::assert_snapshot!("aggregate_plain", comparison);
}

/// A manifest line that is not `单位,上级` stops the run before any report is read.
#[test]
fn a_broken_manifest_is_refused_with_its_line() {
    let broken = manifest("broken", "南关区教育局,南关区人民政府\n南关区卫生健康局\n");
    let output = nianbao(&["check", "--manifest", broken.to_str().expect("path"), UNITS]);
    let _ = std::fs::remove_file(&broken);
    assert_eq!(output.exit, 2, "{}", output.stdout);
    assert!(
        output.stderr.contains("第 2 行应为“单位,上级”两列"),
        "{}",
        output.stderr
    );
}
