//! Checking many reports in one command: directories, patterns, lists, duplicates, the closing
//! summary, exit codes, streaming formats, `--output`, and `extract` over many files.

use nianbao_tests::{nianbao, root};

const CLEAN: &str = "examples/2024-nanguan-jiaoyuju.txt";
const BALANCE: &str = "examples/errors/balance.txt";
const PINGTAN: &str = "tests/fixtures/corpus/002-pingtan-2019.txt";

/// A directory stands for its report files (recursively, sorted); the closing summary counts
/// every input and names each check with the reports it fails.
#[test]
fn a_directory_and_its_summary() {
    let output = nianbao(&[
        "check",
        "--color",
        "never",
        "--summary-only",
        "examples/errors",
    ]);
    assert_eq!(output.exit, 1, "{}", output.stderr);
    insta::assert_snapshot!("directory_summary", output.snapshot());
    let files = std::fs::read_dir(root().join("examples/errors"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .count();
    assert!(
        output
            .stdout
            .contains(&format!("共 {files} 份报告：检查 {files} 份")),
        "{}",
        output.stdout
    );
}

/// Patterns are expanded by nianbao (Windows shells do not), `--exclude` leaves paths out,
/// and the order is deterministic.
#[test]
fn patterns_and_excludes() {
    let output = nianbao(&[
        "check",
        "--summary-only",
        "--glob",
        "examples/errors/*-total.txt",
        "--exclude",
        "**/blank-*",
    ]);
    let rows: Vec<&str> = output
        .stdout
        .lines()
        .filter(|l| l.starts_with("  examples/"))
        .collect();
    assert_eq!(rows.len(), 3, "{}", output.stdout);
    assert!(rows.iter().all(|r| !r.contains("blank-total")), "{rows:?}");
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{rows:?}");
}

/// The same document given twice is checked once and said to be a repeat; with
/// `--keep-duplicates` both are checked.
#[test]
fn duplicates_are_checked_once() {
    let twice = nianbao(&["check", CLEAN, &format!("./{CLEAN}")]);
    assert_eq!(twice.exit, 0);
    assert!(
        twice.stdout.contains("内容完全相同，未重复检查"),
        "{}",
        twice.stdout
    );
    assert!(twice.stdout.contains("重复跳过 1 份"), "{}", twice.stdout);
    let both = nianbao(&["check", "--keep-duplicates", CLEAN, &format!("./{CLEAN}")]);
    assert_eq!(
        both.stdout.matches("运行检查 54 项").count(),
        2,
        "{}",
        both.stdout
    );
    // A corrected version (same agency and year, other figures) is checked too.
    let versions = nianbao(&["check", "--summary-only", CLEAN, BALANCE]);
    assert!(versions.stdout.contains("检查 2 份"), "{}", versions.stdout);
}

/// The same report in another file (other text, same agency, year and figures: a copy
/// reposted with a note) is checked once and said to be the same report.
#[test]
fn the_same_report_in_another_file_is_checked_once() {
    let dir = std::env::temp_dir().join(format!("nianbao-same-report-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let text = std::fs::read_to_string(root().join(CLEAN)).unwrap_or_default();
    let copy = dir.join("转载.txt");
    let written = std::fs::write(&copy, format!("{text}\n（本文转载自区政府网站。）\n"));
    assert!(written.is_ok(), "{written:?}");
    let copy = copy.display().to_string();
    let output = nianbao(&["check", "--summary-only", CLEAN, &copy]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output
            .stdout
            .contains("同一机关同一年度、数字全部相同的报告"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("重复跳过 1 份"), "{}", output.stdout);
}

/// `--fail-level` decides which findings make exit 1; an unreadable input makes 4 whatever
/// the level.
#[test]
fn fail_levels() {
    let warnings_only = "tests/fixtures/corpus/013-shuyang-fgj-2023.html";
    assert_eq!(nianbao(&["check", warnings_only]).exit, 0);
    assert_eq!(
        nianbao(&["check", "--fail-level", "warning", warnings_only]).exit,
        1
    );
    assert_eq!(
        nianbao(&["check", "--fail-level", "never", BALANCE]).exit,
        0
    );
    assert_eq!(
        nianbao(&["check", "--fail-level", "never", BALANCE, "no-such.txt"]).exit,
        4
    );
}

/// `--max-findings` caps what is printed per report, not what is counted.
#[test]
fn max_findings() {
    let all = nianbao(&["check", "--color", "never", PINGTAN]);
    let capped = nianbao(&["check", "--color", "never", "--max-findings", "1", PINGTAN]);
    assert!(capped.stdout.len() < all.stdout.len());
    assert!(
        capped.stdout.contains("--max-findings 1"),
        "{}",
        capped.stdout
    );
    let last = |s: &str| s.lines().last().unwrap_or_default().to_owned();
    assert_eq!(last(&capped.stdout), last(&all.stdout));
}

/// JSON Lines: one valid JSON object per input, in order, an unreadable file included.
#[test]
fn json_lines() {
    let output = nianbao(&["check", "--format", "jsonl", CLEAN, "no-such.txt", BALANCE]);
    let lines: Vec<serde_json::Value> = output
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    assert_eq!(lines.len(), 3, "{}", output.stdout);
    assert_eq!(lines[0]["path"], CLEAN);
    assert_eq!(lines[1]["error"]["code"], "read::io");
    assert_eq!(lines[2]["summary"]["errors"], 2);
}

/// `--output` writes the output to a file; a failure to write is exit 4, not silence.
#[test]
fn output_file_and_write_failure() {
    let dir = std::env::temp_dir().join(format!("nianbao-batch-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("结果.json");
    let path = file.display().to_string();
    let output = nianbao(&["check", "--format", "json", "--output", &path, CLEAN]);
    assert_eq!(output.exit, 0);
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(written.contains("\"reports\""), "{written}");
    if std::path::Path::new("/dev/full").exists() {
        let full = nianbao(&["check", "--output", "/dev/full", CLEAN]);
        assert_eq!(full.exit, 4, "{}", full.stderr);
        assert!(full.stderr.contains("写入"), "{}", full.stderr);
    }
}

/// Parallel runs print in input order, the same as one at a time.
#[test]
fn order_does_not_depend_on_jobs() {
    let args = |jobs: &'static str| {
        vec![
            "check",
            "--color",
            "never",
            "-j",
            jobs,
            BALANCE,
            PINGTAN,
            CLEAN,
            "examples/errors",
        ]
    };
    let one = nianbao(&args("1"));
    let two = nianbao(&args("2"));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.exit, two.exit);
}

/// `extract` over many files: the region's figures in one sheet with a BOM, one row per report
/// and one column per declared cell of every template, each row as wide as the header; the long
/// sheet has one row per cell.
#[test]
fn extract_sheets() {
    let wide = nianbao(&["extract", "--format", "csv", CLEAN, PINGTAN, "no-such.txt"]);
    assert_eq!(wide.exit, 4, "the unreadable file is reported");
    assert!(wide.stdout.starts_with('\u{feff}'));
    let rows: Vec<Vec<String>> = wide
        .stdout
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3, "header and two reports");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert_eq!(&rows[0][..4], ["文件", "机关", "年度", "模板"]);
    let column = |name: &str| rows[0].iter().position(|c| c == name);
    let new_cases =
        column("收到和处理政府信息公开申请情况｜一、本年新收政府信息公开申请数量｜总计");
    assert!(new_cases.is_some(), "{:?}", &rows[0][..8]);
    assert_eq!(rows[1][2], "2024");
    assert_eq!(rows[2][3], "gov-2019");
    let long = nianbao(&["extract", "--format", "csv-long", CLEAN]);
    let cells = long.stdout.lines().count() - 1;
    let bound: usize = {
        let json = nianbao(&["extract", "--format", "json", CLEAN]);
        let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_default();
        value["tables"].as_array().map_or(0, |t| {
            t.iter()
                .map(|t| t["cells"].as_array().map_or(0, Vec::len))
                .sum()
        })
    };
    assert_eq!(cells, bound, "one row per bound cell");
    let many_json = nianbao(&["extract", "--format", "json", CLEAN, PINGTAN]);
    assert_eq!(many_json.exit, 2);
}

/// `--format plain` is for screen readers and logs: Chinese sentences, no English scaffolding,
/// for text and for the formats located in words (.docx, PDF).
#[test]
fn plain_has_no_english_scaffolding() {
    for file in [BALANCE, "tests/fixtures/docx/seeded-error.docx", PINGTAN] {
        let output = nianbao(&["check", "--format", "plain", file]);
        for english in ["Diagnostic", "snippet", "label at", "help:", "severity"] {
            assert!(
                !output.stdout.contains(english),
                "{file}: {english}\n{}",
                output.stdout
            );
        }
        assert!(output.stdout.contains("严重程度："), "{file}");
    }
}
