//! The real `nianbao` binary: exit codes, which stream gets what, colour and NO_COLOR.

#![expect(
    clippy::unreachable,
    reason = "a test that cannot start the binary fails"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn nianbao(args: &[&str], no_color: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    command
        .current_dir(root())
        .args(args)
        .env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    command
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run nianbao: {e}"))
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// A clean report exits 0 and prints only the summary line to stdout.
#[test]
fn clean_report_exits_zero() {
    let output = nianbao(&["check", "examples/2024-nanguan-jiaoyuju.txt"], false);
    assert_eq!(code(&output), Some(0));
    assert!(output.stderr.is_empty());
    assert!(String::from_utf8_lossy(&output.stdout).contains("错误 0 个"));
}

/// Error findings exit 1 and go to stdout; an unreadable file in the same batch exits 4 and
/// its problem goes to stderr, while the other file is still checked.
#[test]
fn batch_keeps_going_and_separates_streams() {
    let output = nianbao(
        &["check", "examples/errors/balance.txt", "no-such-file.txt"],
        true,
    );
    assert_eq!(code(&output), Some(4));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("T3-01"), "{stdout}");
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    // Its diagnostic is on stderr; stdout's closing summary only lists it as not checked.
    assert!(!stdout.contains("建议：请检查路径"), "{stdout}");
    assert!(stdout.contains("无法读取或无法检查 1 份"), "{stdout}");
    let only_errors = nianbao(&["check", "examples/errors/balance.txt"], true);
    assert_eq!(code(&only_errors), Some(1));
}

/// Usage errors exit 2; an invalid rule file exits 3.
#[test]
fn usage_and_rule_errors() {
    assert_eq!(code(&nianbao(&["check"], true)), Some(2));
    assert_eq!(code(&nianbao(&["frobnicate"], true)), Some(2));
    let bad_rules = nianbao(
        &[
            "check",
            "--rules",
            "examples/errors/syntax.rules",
            "examples/2024-nanguan-jiaoyuju.txt",
        ],
        true,
    );
    assert_eq!(code(&bad_rules), Some(3));
    assert!(bad_rules.stdout.is_empty());
}

/// `--color always` colours the output; NO_COLOR and pipes (the default `auto`) do not.
#[test]
fn colour_follows_flags_and_no_color() {
    let file = "examples/errors/balance.txt";
    let always = nianbao(&["check", "--color", "always", file], false);
    assert!(
        always.stdout.contains(&0x1b),
        "--color always emits ANSI escapes"
    );
    let piped = nianbao(&["check", file], false);
    assert!(!piped.stdout.contains(&0x1b), "auto does not colour a pipe");
    let no_color = nianbao(&["check", file], true);
    assert!(!no_color.stdout.contains(&0x1b));
}

/// `--help` teaches: it lists the subcommands and the exit codes.
#[test]
fn help_lists_commands_and_exit_codes() {
    let output = nianbao(&["--help"], true);
    assert_eq!(code(&output), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in ["check", "extract", "rules", "explain", "退出码"] {
        assert!(help.contains(needle), "{needle} missing from --help");
    }
}

/// JSON output is valid JSON with one report per file, in input order.
#[test]
fn json_reports_every_file() {
    let output = nianbao(
        &[
            "check",
            "--format",
            "json",
            "examples/2024-nanguan-jiaoyuju.txt",
            "no-such-file.txt",
            "examples/errors/balance.txt",
        ],
        true,
    );
    assert_eq!(code(&output), Some(4));
    let text = String::from_utf8_lossy(&output.stdout);
    let paths: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"path\": \""))
        .map(|l| l.trim_end_matches("\","))
        .collect();
    assert_eq!(
        paths,
        [
            "examples/2024-nanguan-jiaoyuju.txt",
            "no-such-file.txt",
            "examples/errors/balance.txt"
        ]
    );
}

/// A panic inside the PDF parsing library (a fuzzer found this file) is contained: the file is
/// reported as damaged, no Rust panic message reaches the user, and the next file is checked.
#[test]
fn third_party_panic_is_quiet_and_contained() {
    let output = nianbao(
        &[
            "check",
            "tests/fixtures/fuzz/read_pdf/pdf-oxide-panics-on-object-header.bin",
            "examples/2024-nanguan-jiaoyuju.txt",
        ],
        true,
    );
    assert_eq!(code(&output), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("read::damaged"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("错误 0 个"));
}

/// A FIFO (or a device) given as a report is refused at once, not waited on forever, and the
/// batch goes on with the next file.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = std::env::temp_dir().join(format!("nianbao-fifo-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let fifo = dir.join("pipe.txt");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(root())
        .args(["check", "--quiet"])
        .arg(&fifo)
        .arg("examples/2024-nanguan-jiaoyuju.txt")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| unreachable!("cannot run nianbao: {e}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().ok().flatten().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            unreachable!("nianbao waited on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(code(&output), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("不是普通文件"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("南关区教育局"));
}
