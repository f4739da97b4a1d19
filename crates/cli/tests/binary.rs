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

/// Files crafted to take gigabytes once read (21 MB of one-cell lines, 33 MB of HTML table
/// cells, a .docx of 1.2 million cells) are refused before their trees are built, under an
/// address-space cap of 1 GB that reading any of them would break (they take 1.7–2.5 GB);
/// the next file is still checked and printed.
#[cfg(target_os = "linux")]
#[test]
fn memory_is_bounded_per_file() {
    let dir = std::env::temp_dir().join(format!("nianbao-memory-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let lines = dir.join("lines.txt");
    let page = dir.join("cells.html");
    let docx = dir.join("cells.docx");
    let written = std::fs::write(&lines, format!("标题\n{}", "\t1\n".repeat(7_000_000)))
        .and_then(|()| {
            let row = format!("<tr>{}</tr>\n", "<td>1</td>".repeat(500));
            let page_text = format!(
                "<html><body><table>{}</table></body></html>",
                row.repeat(6_000)
            );
            std::fs::write(&page, page_text)
        })
        .and_then(|()| std::fs::write(&docx, cells_docx(1_200_000)));
    assert!(written.is_ok(), "{written:?}");
    let binary = env!("CARGO_BIN_EXE_nianbao");
    let script = format!(
        "ulimit -v 1000000 && exec '{binary}' check --format concise '{}' '{}' '{}' examples/2024-nanguan-jiaoyuju.txt",
        lines.display(),
        page.display(),
        docx.display()
    );
    let output = Command::new("sh")
        .current_dir(root())
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run sh: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(code(&output), Some(4), "{stdout}");
    assert_eq!(stdout.matches("limit::memory").count(), 3, "{stdout}");
    assert!(stdout.contains("共 4 份报告：检查 1 份"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A .docx whose body is one table of `cells` one-digit cells (stored, not deflated: the test
/// needs no zip library, and the size is what the XML is).
fn cells_docx(cells: usize) -> Vec<u8> {
    let cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>";
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(100));
    let body = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>{}</w:tbl></w:body></w:document>",
        row.repeat(cells / 100)
    );
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", body.as_bytes()),
    ])
}

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/// A zip archive of uncompressed entries.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let crc = crc32(data);
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        let header = |signature: u32, central: bool| {
            let mut h = signature.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend([0u8; 4]); // flags, method (stored)
            h.extend([0u8; 4]); // time, date
            h.extend(crc.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend(name_len.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment, disk, internal attributes
                h.extend([0u8; 4]); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    let central_len = u32::try_from(central.len()).unwrap_or(u32::MAX);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_len.to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE), bit by bit: enough for a test archive.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
