//! Every reader limit with a crafted file (`tests/fixtures/limits/`, made by its
//! `generate.py`): the file is refused with its `limit::…` code and exit 4, the other files of
//! the batch are still checked, and the documented flag raises the limit.

use nianbao_tests::{Output, nianbao};

const EXAMPLE: &str = "examples/2024-nanguan-jiaoyuju.txt";
const EXAMPLE_SUMMARY: &str = "模板 gov-2021，运行检查 54 项，错误 0 个";

fn fixture(name: &str) -> String {
    format!("tests/fixtures/limits/{name}")
}

/// The run refused the file with `code`, and checked the example given after it.
fn refused_then_continued(output: &Output, code: &str) {
    assert_eq!(output.exit, 4, "{}", output.stderr);
    assert!(output.stderr.contains(code), "{}", output.stderr);
    assert!(output.stdout.contains(EXAMPLE_SUMMARY), "{}", output.stdout);
}

/// Each crafted file exceeds its default limit; the batch goes on with the next file.
#[test]
fn crafted_files_exceed_the_defaults() {
    let cases = [
        ("deep.html", "limit::depth"),
        ("deep.docx", "limit::depth"),
        ("bomb.docx", "limit::unzipped-size"),
        ("long.txt", "limit::table-size"),
        ("wide.txt", "limit::table-size"),
        ("bigstream.pdf", "limit::stream-size"),
    ];
    for (file, code) in cases {
        let output = nianbao(&["check", &fixture(file), EXAMPLE]);
        refused_then_continued(&output, code);
    }
    let entries = nianbao(&[
        "check",
        "--max-zip-entries",
        "100",
        &fixture("entries.docx"),
        EXAMPLE,
    ]);
    refused_then_continued(&entries, "limit::zip-entries");
}

/// Raising the limit with its flag lets the file through (it then gets the usual findings).
#[test]
fn flags_raise_the_limits() {
    let cases: [(&str, &[&str]); 5] = [
        ("deep.html", &["--max-depth", "1000"]),
        ("deep.docx", &["--max-depth", "1000"]),
        ("long.txt", &["--max-table-rows", "20000"]),
        ("wide.txt", &["--max-table-columns", "2000"]),
        ("entries.docx", &["--max-zip-entries", "10000"]),
    ];
    for (file, flags) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        let path = fixture(file);
        args.push(&path);
        let output = nianbao(&args);
        // Read through: checked, or (a crafted page with no tables) told apart from a report.
        let read = output.exit != 4
            || [
                "template::unknown-format",
                "bind::no-tables",
                "read::not-a-report",
            ]
            .iter()
            .any(|code| output.stderr.contains(code));
        assert!(read, "{file} {flags:?}: {}", output.stderr);
        assert!(!output.stderr.contains("limit::"), "{}", output.stderr);
    }
}

/// Each flag reaches its own limit: set low, it refuses an ordinary report with its code and
/// message (so no flag is wired to another limit, or to none).
#[test]
fn every_flag_sets_its_limit() {
    let docx = "tests/fixtures/docx/clean.docx";
    let cases: [(&str, &str, &str, &str); 10] = [
        ("--max-file-size", "1KiB", EXAMPLE, "超过上限 1 KiB"),
        (
            "--max-unzipped-size",
            "1KiB",
            docx,
            "解压后的内容超过上限 1 KiB",
        ),
        ("--max-zip-entries", "2", docx, "超过上限 2 个"),
        ("--max-depth", "3", docx, "嵌套超过 3 层"),
        ("--max-table-rows", "3", EXAMPLE, "超过上限 3 行"),
        (
            "--max-table-columns",
            "2",
            EXAMPLE,
            "个单元格，超过上限 2 个",
        ),
        (
            "--max-memory",
            "64KiB",
            EXAMPLE,
            "内存（133664 字节）超过上限 64 KiB",
        ),
        (
            "--max-memory",
            "64KiB",
            docx,
            "内存（591520 字节）超过上限 64 KiB",
        ),
        (
            "--max-memory",
            "64KiB",
            "tests/fixtures/html/portal-2023.html",
            "内存（1.1 MiB）超过上限 64 KiB",
        ),
        (
            "--max-memory",
            "64KiB",
            "tests/fixtures/pdf/tables-2021.pdf",
            "超过上限 64 KiB",
        ),
    ];
    for (flag, value, file, message) in cases {
        let output = nianbao(&["check", flag, value, file]);
        assert_eq!(output.exit, 4, "{flag}: {}", output.stderr);
        assert!(output.stderr.contains(message), "{flag}: {}", output.stderr);
    }
}

/// A file larger than the limit is refused from its size alone, before it is read: a 65 MiB
/// sparse file (nothing on disk) against the 64 MiB default.
#[test]
fn file_size_is_checked_before_reading() {
    let dir = std::env::temp_dir().join(format!("nianbao-limits-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("huge.txt");
    let made = std::fs::File::create(&path).and_then(|f| f.set_len(65 * 1024 * 1024));
    assert!(made.is_ok(), "{made:?}");
    let path = path.display().to_string();
    let output = nianbao(&["check", &path, EXAMPLE]);
    refused_then_continued(&output, "limit::file-size");
    assert!(
        output.stderr.contains("文件大小 65 MiB 超过上限 64 MiB"),
        "{}",
        output.stderr
    );
    let json = nianbao(&["check", "--format", "json", &path]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_default();
    assert_eq!(
        value["reports"][0]["error"]["code"].as_str(),
        Some("limit::file-size")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The time budget: a document not done in time is reported and skipped, the next file is
/// still checked, and the JSON output names the code.
#[test]
fn time_budget() {
    let pdf = "tests/fixtures/corpus/009-huaian-shi-2024.pdf";
    let output = nianbao(&["check", "--timeout", "1ms", pdf]);
    assert_eq!(output.exit, 4);
    assert!(
        output.stderr.contains("在 1ms 内没有处理完"),
        "{}",
        output.stderr
    );
    let json = nianbao(&["check", "--format", "json", "--timeout", "1ms", pdf]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_default();
    assert_eq!(
        value["reports"][0]["error"]["code"].as_str(),
        Some("limit::time")
    );
    let generous = nianbao(&["check", "--timeout", "5m", pdf, EXAMPLE]);
    assert!(generous.exit <= 1, "{}", generous.stderr);
    assert!(generous.stdout.contains(EXAMPLE_SUMMARY));
}

/// Bad limit values are usage errors that say what is expected.
#[test]
fn limit_values_are_validated() {
    let size = nianbao(&["check", "--max-file-size", "lots", EXAMPLE]);
    assert_eq!(size.exit, 2);
    assert!(size.stderr.contains("64MiB、200M"), "{}", size.stderr);
    let time = nianbao(&["check", "--timeout", "soon", EXAMPLE]);
    assert_eq!(time.exit, 2);
    let ok = nianbao(&[
        "check",
        "--max-file-size",
        "200M",
        "--timeout",
        "2m",
        EXAMPLE,
    ]);
    assert_eq!(ok.exit, 0, "{}", ok.stderr);
}

/// `check --help` teaches the limits with their defaults.
#[test]
fn help_lists_the_limits() {
    let help = nianbao(&["check", "--help"]);
    assert_eq!(help.exit, 0);
    insta::assert_snapshot!("check_help", help.stdout);
}

/// A page nested too deep on one line (as minified pages are) is refused at the tag that
/// passes the limit, not at the start of the file.
#[test]
fn depth_error_on_one_line_points_at_the_tag() {
    let page = format!("<html><body>{}x", "<div>".repeat(5_000));
    let path = nianbao_tests::scratch("one-line.html", page);
    let output = nianbao(&["check", &path, EXAMPLE]);
    refused_then_continued(&output, "limit::depth");
    assert!(
        output.stderr.contains("第 1 行第 1293 列，字节 1292"),
        "{}",
        output.stderr
    );
}
