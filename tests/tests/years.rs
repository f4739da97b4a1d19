//! One agency's reports across years: a batch pairs its reports by agency and consecutive
//! years and compares each with last year's (上年结转 = 去年结转下年度, 内容雷同), one pair can
//! be given with `--previous`, and real chains raise no false alarm.

use nianbao_tests::{comparisons, nianbao, root};
use serde_json::Value;

const CHAINS: &str = "examples/chains";
const EDU: &str = "examples/chains/南关区教育局";
const HEALTH: &str = "examples/chains/南关区卫生健康局";

/// A directory of two agencies' chains pairs every consecutive year and reports exactly the
/// broken carry-over link (both cells) and the year copied from the year before (passages).
#[test]
fn a_directory_of_chains_reports_exactly_the_broken_link_and_the_copy() {
    let output = nianbao(&["check", "--format", "json", CHAINS]);
    assert_eq!(output.exit, 1, "{}", output.stderr);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let found = comparisons(&json);
    assert_eq!(found, chain_findings());
    // Every consecutive year is paired, the 2019→2021 … boundary included.
    let pairs: Vec<(String, String)> = json["pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["previous"].as_str().unwrap_or_default().to_owned(),
                p["current"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut expected_pairs = Vec::new();
    for year in 2022..=2024 {
        expected_pairs.push((
            format!("{HEALTH}/{}.txt", year - 1),
            format!("{HEALTH}/{year}.txt"),
        ));
    }
    for year in 2021..=2024 {
        expected_pairs.push((
            format!("{EDU}/{}.txt", year - 1),
            format!("{EDU}/{year}.txt"),
        ));
    }
    assert_eq!(pairs, expected_pairs);
    assert!(json.get("unpaired").is_none(), "{}", output.stdout);
    // The broken link shows this year's cell and last year's, in last year's report.
    let broken = &json["reports"][10]["findings"][0];
    assert_eq!(broken["cells"][0]["raw"], "2");
    assert_eq!(broken["related"][0]["file"], format!("{EDU}/2022.txt"));
    assert_eq!(broken["related"][0]["span"]["line"], 351);
}

/// What a supervisor sees: each report's own findings, then the comparisons, then which
/// reports were paired.
#[test]
fn the_comparisons_as_people_read_them() {
    let output = nianbao(&["check", "--color", "never", "-q", CHAINS]);
    assert_eq!(output.exit, 1, "{}", output.stderr);
    insta::assert_snapshot!("chains_human", output.snapshot());
    let plain = nianbao(&["check", "--format", "plain", "-q", CHAINS]);
    let comparisons = plain
        .stdout
        .split("—— 与上一年度报告对照")
        .skip(1)
        .collect::<Vec<_>>()
        .join("—— 与上一年度报告对照");
    insta::assert_snapshot!("chains_plain", comparisons);
}

/// One pair given on the command line: the comparison's findings are the report's own.
#[test]
fn one_pair_with_previous() {
    let last = format!("{EDU}/2022.txt");
    let this = format!("{EDU}/2023.txt");
    let output = nianbao(&["check", "--color", "never", "--previous", &last, &this]);
    assert_eq!(output.exit, 1, "{}", output.stderr);
    insta::assert_snapshot!("previous_pair", output.snapshot());
    // Without it, the report is clean: the link is not seen.
    let alone = nianbao(&["check", &this]);
    assert_eq!(alone.exit, 0, "{}", alone.stdout);
    // Given in the wrong order, the years do not follow: said, and still compared.
    let reversed = nianbao(&["check", "--previous", &this, &last]);
    assert!(
        reversed.stderr.contains("不是同一机关的上一年度"),
        "{}",
        reversed.stderr
    );
    // It compares one report only.
    let two = nianbao(&["check", "--previous", &last, &this, &last]);
    assert_eq!(two.exit, 2, "{}", two.stderr);
}

/// Reports that cannot be paired are named with the reason: the same agency and year twice,
/// a year missing in between.
#[test]
fn what_could_not_be_paired_is_said() {
    let dir = std::env::temp_dir().join(format!("nianbao-years-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for year in [2020, 2022] {
        std::fs::copy(
            root().join(format!("{EDU}/{year}.txt")),
            dir.as_path().join(format!("edu-{year}.txt")),
        )
        .expect("copy");
    }
    let health = std::fs::read_to_string(root().join(format!("{HEALTH}/2024.txt"))).expect("read");
    std::fs::write(dir.as_path().join("health-2024-a.txt"), &health).expect("write");
    // A corrected version: one figure differs, so it is not a duplicate.
    let corrected = health.replacen("共收到", "共收到 ", 1);
    std::fs::write(dir.as_path().join("health-2024-b.txt"), corrected).expect("write");
    std::fs::copy(
        root().join(format!("{HEALTH}/2023.txt")),
        dir.as_path().join("health-2023.txt"),
    )
    .expect("copy");
    let output = nianbao(&[
        "check",
        "--summary-only",
        "--keep-duplicates",
        dir.as_path().to_str().expect("path"),
    ]);
    let tail = output
        .stdout
        .split("未能配对")
        .nth(1)
        .unwrap_or_default()
        .replace(dir.as_path().to_str().expect("path"), "DIR");
    let _ = std::fs::remove_dir_all(&dir);
    insta::assert_snapshot!("unpaired", tail);
}

/// Real published chains (3–5 years of three departments, across the 2019/2021 format
/// boundary, every carry-over 0): every consecutive year pairs, across formats too, and no
/// comparison finds anything.
#[test]
fn real_chains_pair_across_formats_without_false_alarms() {
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        "--exclude",
        "**/*.md",
        "tests/fixtures/chains",
    ]);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(comparisons(&json), Vec::new());
    let pairs = json["pairs"].as_array().map_or(0, Vec::len);
    assert_eq!(pairs, 9, "{}", json["pairs"]);
    // 管委会办公室 2020 (2019 format) → 2021 (2021 format).
    assert!(
        json["pairs"]
            .as_array()
            .into_iter()
            .flatten()
            .any(
                |p| p["current"] == "tests/fixtures/chains/pingtan-gwh-2021.txt"
                    && p["previous"] == "tests/fixtures/chains/pingtan-gwh-2020.txt"
            ),
        "{}",
        json["pairs"]
    );
}

/// Under `--summary-only` a report whose comparison found something is not read again (its
/// findings are written from what it kept): the summary is the one the full run ends with,
/// which reads it again to show the findings on its text.
#[test]
fn the_summary_alone_counts_the_comparisons_as_the_full_run_does() {
    let full = nianbao(&["check", CHAINS]);
    let alone = nianbao(&["check", "--summary-only", CHAINS]);
    assert_eq!(full.exit, alone.exit);
    let summary = |stdout: &str| stdout.split_once("== 汇总 ==").map(|(_, s)| s.to_owned());
    assert!(alone.stdout.contains("Y-01"), "{}", alone.stdout);
    assert_eq!(summary(&alone.stdout), summary(&full.stdout));
    assert!(summary(&full.stdout).is_some(), "{}", full.stdout);
}

/// `--no-compare` checks each report on its own: the chain's link and copy are not looked at.
#[test]
fn no_compare_checks_each_report_alone() {
    let output = nianbao(&["check", "--no-compare", "-q", CHAINS]);
    assert_eq!(output.exit, 0, "{}", output.stdout);
    assert!(!output.stdout.contains("对照"), "{}", output.stdout);
}

/// The whole picture in one run: two agencies' chains, another unit's copy of a report, and a
/// real government's two PDFs whose titles differ by the city in front (淮安市洪泽区人民政府 /
/// 洪泽区人民政府). Every consecutive year pairs, PDFs included, and exactly the broken link,
/// the copied year and the copied unit are reported.
#[test]
fn one_run_over_chains_units_and_real_pdfs() {
    let hongze_2023 = "tests/fixtures/corpus/010-hongze-qu-2023.pdf";
    let hongze_2024 = "tests/fixtures/corpus/011-hongze-qu-2024.pdf";
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        CHAINS,
        "tests/fixtures/units",
        hongze_2023,
        hongze_2024,
    ]);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let compared = comparisons(&json);
    let copy = "tests/fixtures/units/南关区文化旅游局-2024.txt";
    let mut expected = chain_findings();
    for (report, rule) in [
        (format!("{EDU}/2024.txt"), "X-04"),
        (copy.to_owned(), "X-04"),
        (copy.to_owned(), "X-05"),
    ] {
        expected.push((report, "units".to_owned(), rule.to_owned()));
    }
    assert_eq!(compared, expected);
    let pairs = json["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 8);
    assert!(
        pairs
            .iter()
            .any(|p| p["previous"] == hongze_2023 && p["current"] == hongze_2024),
        "{pairs:?}"
    );
}

/// The comparison findings of the chains directory, in output order: the health bureau's 2023
/// report repeats 2022's (Y-04, two sections Y-04a), the education bureau's 2023 breaks the
/// applicant chain in two columns (Y-01).
fn chain_findings() -> Vec<(String, String, String)> {
    let pair = |agency: &str, rule: &str| {
        (
            format!("{agency}/2023.txt"),
            format!("{agency}/2022.txt"),
            rule.to_owned(),
        )
    };
    vec![
        pair(HEALTH, "Y-04"),
        pair(HEALTH, "Y-04a"),
        pair(HEALTH, "Y-04a"),
        pair(EDU, "Y-01"),
        pair(EDU, "Y-01"),
    ]
}
