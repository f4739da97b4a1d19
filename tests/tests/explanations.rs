//! Explanations files (说明文件, `fixtures/explanations/`): accepted findings are not reported
//! and never make the exit code 1; they are counted in the summary line and the JSON summary;
//! entries that match nothing or have expired are warned about; a malformed file stops the
//! command with its line and column; `--write-explanations` writes a file to fill in.

use std::path::PathBuf;

use nianbao_tests::{nianbao, root};

const REPORT: &str = "tests/fixtures/explanations/balance.txt";

fn file(name: &str) -> String {
    format!("tests/fixtures/explanations/{name}")
}

/// The summary line of a check's output.
fn summary(stdout: &str) -> &str {
    stdout.lines().last().unwrap_or_default()
}

/// The file next to the report is read by default and silences exactly the finding it lists.
#[test]
fn the_default_file_silences_what_it_lists() {
    let all = nianbao(&["check", "--no-explanations", REPORT]);
    assert_eq!(all.exit, 1);
    assert!(summary(&all.stdout).contains("错误 2 个"), "{}", all.stdout);
    let output = nianbao(&["check", REPORT]);
    assert_eq!(output.exit, 1);
    let line = summary(&output.stdout);
    assert!(
        line.contains("错误 1 个") && line.ends_with("另有 1 项已由说明文件接受，未列出"),
        "{line}"
    );
    assert!(!output.stdout.contains("“自然人”列"), "{}", output.stdout);
    assert!(output.stdout.contains("“总计”列"));
    assert!(output.stderr.is_empty(), "{}", output.stderr);
    insta::assert_snapshot!("default_file", output.snapshot());
}

/// Every finding accepted: exit 0, and the JSON summary counts them.
#[test]
fn accepted_findings_never_make_exit_1() {
    let output = nianbao(&["check", "--explanations", &file("all.toml"), REPORT]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    insta::assert_snapshot!("all_accepted", output.snapshot());
    let json = nianbao(&[
        "check",
        "--format",
        "json",
        "--explanations",
        &file("all.toml"),
        REPORT,
    ]);
    assert_eq!(json.exit, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_default();
    let report = &value["reports"][0];
    assert_eq!(report["summary"]["accepted"], 2);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
    let fixed = nianbao(&["fix", "--explanations", &file("all.toml"), REPORT]);
    assert_eq!(fixed.exit, 0);
    assert!(
        fixed.stdout.ends_with("没有错误，不需要改正\n"),
        "{}",
        fixed.stdout
    );
}

/// Unused and expired entries are warned about on stderr; an expired entry accepts nothing.
#[test]
fn stale_entries_are_warned_about() {
    let unused = nianbao(&["check", "--explanations", &file("unused.toml"), REPORT]);
    assert_eq!(unused.exit, 1);
    assert!(summary(&unused.stdout).contains("错误 1 个"));
    assert!(
        unused.stderr.contains("explain::unused-entry"),
        "{}",
        unused.stderr
    );
    assert!(unused.stderr.contains("第 7 行"), "{}", unused.stderr);
    let expired = nianbao(&["check", "--explanations", &file("expired.toml"), REPORT]);
    assert_eq!(expired.exit, 1);
    assert!(summary(&expired.stdout).contains("错误 2 个"));
    assert!(
        expired.stderr.contains("explain::expired-entry"),
        "{}",
        expired.stderr
    );
    assert!(expired.stderr.contains("2020-12-31"));
    // An entry about a report that was not checked says nothing.
    let other = nianbao(&[
        "check",
        "--explanations",
        &file("unused.toml"),
        "examples/2024-nanguan-jiaoyuju.txt",
    ]);
    assert_eq!((other.exit, other.stderr.as_str()), (0, ""));
}

/// A malformed file stops the command before any report is checked (exit 3), at its line and
/// column.
#[test]
fn malformed_files_stop_the_command() {
    for (name, place) in [
        ("no-reason.toml", "第 5 行第 10 列"),
        ("broken.toml", "第 2 行第 9 列"),
    ] {
        let output = nianbao(&["check", "--explanations", &file(name), REPORT]);
        assert_eq!(output.exit, 3, "{}", output.snapshot());
        assert!(output.stdout.is_empty());
        assert!(output.stderr.contains(place), "{}", output.stderr);
    }
    let missing = nianbao(&["check", "--explanations", &file("none.toml"), REPORT]);
    assert_eq!(missing.exit, 3);
    assert!(missing.stderr.contains("文件不存在"), "{}", missing.stderr);
    let both = nianbao(&[
        "check",
        "--explanations",
        &file("all.toml"),
        "--no-explanations",
        REPORT,
    ]);
    assert_eq!(both.exit, 2);
}

/// A written file lists each finding; it is refused until the reasons are filled in, then it
/// accepts every finding. An existing file is not overwritten.
#[test]
fn written_files_are_filled_in_then_accept_everything() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explanations");
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("{error}");
    }
    let path = dir.join("nianbao-说明.toml");
    let shown = path.display().to_string();
    let write = nianbao(&[
        "check",
        "--no-explanations",
        "--write-explanations",
        &shown,
        REPORT,
    ]);
    assert_eq!(write.exit, 1, "{}", write.snapshot());
    assert!(write.stderr.contains("已写出说明文件"), "{}", write.stderr);
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    insta::assert_snapshot!("written", written);
    let refused = nianbao(&["check", "--explanations", &shown, REPORT]);
    assert_eq!(refused.exit, 3);
    assert!(refused.stderr.contains("没有写理由"), "{}", refused.stderr);
    let filled = written.replace(
        "reason = \"\"",
        "reason = \"已核实：差额来自一件退回的申请\"",
    );
    if let Err(error) = std::fs::write(&path, filled) {
        panic!("{error}");
    }
    let accepted = nianbao(&["check", "--explanations", &shown, REPORT]);
    assert_eq!(accepted.exit, 0, "{}", accepted.snapshot());
    assert!(summary(&accepted.stdout).ends_with("另有 2 项已由说明文件接受，未列出"));
    assert!(accepted.stderr.is_empty(), "{}", accepted.stderr);
    let again = nianbao(&["check", "--write-explanations", &shown, REPORT]);
    assert_eq!(again.exit, 2);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert!(root().join(REPORT).exists());
}

/// The example file of the README reads, with its entry as written.
#[test]
fn the_readme_example_reads() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let start = readme
        .find("```toml\n")
        .map_or(readme.len(), |at| at + "```toml\n".len());
    let rest = readme.get(start..).unwrap_or_default();
    let example = rest
        .get(..rest.find("```").unwrap_or(0))
        .unwrap_or_default();
    let parsed = nianbao_check::accepted::Explanations::parse("README.md", example);
    let Ok(file) = parsed else {
        panic!("{example}\n{parsed:?}");
    };
    let entry = file
        .entries
        .first()
        .map(|e| (e.check.as_str(), e.until.map(|d| d.to_string())));
    assert_eq!(entry, Some(("T3-01", Some("2025-12-31".to_owned()))));
}
