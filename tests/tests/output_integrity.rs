//! What a document holds reaches the reader intact and harmless: control characters are made
//! visible in the text formats, encodings are recognised, damaged bytes are said where they
//! are, and numbers too large for a count are named as such and kept exact.

use nianbao_tests::{nianbao, root, scratch};

const CLEAN: &str = "examples/2024-nanguan-jiaoyuju.txt";

/// A temporary copy of the example report changed by `edit`, as bytes.
fn edited(name: &str, edit: impl FnOnce(String) -> Vec<u8>) -> String {
    let text = std::fs::read_to_string(root().join(CLEAN)).unwrap_or_default();
    scratch(name, edit(text))
}

/// Escape sequences in a report's title (clear the screen, retitle the window, ring the bell)
/// are written as `\x1b`, `\x07` in every text format, never as the bytes themselves.
#[test]
fn escape_sequences_are_made_visible() {
    let path = edited("escapes.txt", |text| {
        text.replacen("南关区", "南关区\u{1b}]0;pwned\u{7}\u{1b}[2J", 1)
            .into_bytes()
    });
    for args in [
        vec!["check", "--format", "human", &path],
        vec!["check", "--format", "plain", &path],
        vec!["check", "--format", "concise", &path],
        vec!["extract", &path],
    ] {
        let output = nianbao(&args);
        assert!(
            !output.stdout.contains(['\u{1b}', '\u{7}']),
            "{args:?}: {}",
            output.stdout
        );
        if args.contains(&"human") || args.contains(&"extract") {
            assert!(
                output.stdout.contains("\\x1b]0;pwned\\x07\\x1b[2J"),
                "{args:?}: {}",
                output.stdout
            );
        }
    }
    // JSON escapes them its own way and keeps the text exact.
    let json = nianbao(&["check", "--format", "json", &path]);
    assert!(
        json.stdout.contains("\\u001b]0;pwned\\u0007"),
        "{}",
        json.stdout
    );
}

/// UTF-16 without a byte order mark, in either byte order, reads as the report it is: the
/// same findings as the UTF-8 original (none).
#[test]
fn utf16_without_bom() {
    for (name, little) in [("le.txt", true), ("be.txt", false)] {
        let path = edited(name, |text| {
            text.encode_utf16()
                .flat_map(|unit| {
                    if little {
                        unit.to_le_bytes()
                    } else {
                        unit.to_be_bytes()
                    }
                })
                .collect()
        });
        let output = nianbao(&["check", "--format", "plain", &path]);
        assert_eq!(output.exit, 0, "{name}: {}", output.stdout);
        assert!(
            output.stdout.contains("南关区教育局 2024 年度"),
            "{name}: {}",
            output.stdout
        );
    }
}

/// One byte that is not UTF-8 is replaced and said where it is; the rest of the report is
/// read and checked.
#[test]
fn invalid_byte_is_replaced_with_a_warning() {
    let path = edited("damaged.txt", |text| {
        let mut bytes = text.into_bytes();
        let at = bytes
            .windows("（二）".len())
            .position(|w| w == "（二）".as_bytes())
            .unwrap_or(0);
        bytes.insert(at, 0xFF);
        bytes
    });
    let output = nianbao(&["check", "--format", "plain", &path]);
    assert_eq!(output.exit, 0, "{}", output.stdout);
    assert!(
        output.stdout.contains("read::replaced-bytes"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("第 8 行第 1 列"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("运行检查 54 项"),
        "{}",
        output.stdout
    );
}

/// A 30-digit count is "数字过大", not "应填非负整数", and its digits stay exact in JSON; a
/// 20-digit one is computed with and written exactly too.
#[test]
fn numbers_beyond_range() {
    let thirty = "123456789".repeat(3) + "012";
    let path = edited("thirty.txt", |text| {
        text.replacen("\t2\n\t0\n\t0", &format!("\t{thirty}\n\t0\n\t0"), 1)
            .into_bytes()
    });
    let output = nianbao(&["check", "--format", "plain", &path]);
    assert!(
        output.stdout.contains("数字过大（30 位）"),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains("应填非负整数"), "{}", output.stdout);
    let json = nianbao(&["check", "--format", "json", &path]);
    assert!(
        json.stdout.contains(&format!("\"value\": \"{thirty}\"")),
        "{}",
        json.stdout
    );
    let twenty = "12345678901234567890";
    let path = edited("twenty.txt", |text| {
        text.replacen("\t2\n\t0\n\t0", &format!("\t{twenty}\n\t0\n\t0"), 1)
            .into_bytes()
    });
    let json = nianbao(&["check", "--format", "json", &path]);
    assert!(
        json.stdout.contains(&format!("\"value\": \"{twenty}\"")),
        "{}",
        json.stdout
    );
}
