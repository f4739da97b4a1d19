//! Hostile rule files: each gives a located diagnostic and exit 3 quickly, never a stack
//! overflow, a hang or a crash. (The fuzz target `rules` tries many more.)

use nianbao_tests::{Output, nianbao};

/// Writes `bytes` as a rule file and runs `rules check` on it.
fn check_rules(name: &str, bytes: &[u8]) -> Output {
    let dir = std::env::temp_dir().join(format!("nianbao-hostile-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    assert!(std::fs::write(&path, bytes).is_ok());
    nianbao(&["rules", "check", &path.display().to_string()])
}

/// The rule file is refused with `code` (on stdout) and exit 3.
fn refused(name: &str, text: &str, code: &str) {
    let output = check_rules(name, text.as_bytes());
    assert_eq!(output.exit, 3, "{name}: {}", output.snapshot());
    assert!(output.stdout.contains(code), "{name}: {}", output.stdout);
}

fn template(check_body: &str) -> String {
    format!(
        "template h \"敌意\" extends gov-2021 {{\n  check H-01 error \"h\" {{\n{check_body}\n  }}\n}}\n"
    )
}

/// Deep nesting and very long chains are `syntax::too-deep`.
#[test]
fn deep_expressions() {
    let cases = [
        (
            "parens.rules",
            format!(
                "    assert {}1{} == 1",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
        (
            "prefix.rules",
            format!("    assert {}filled(T3[R1, NP])", "not ".repeat(10_000)),
        ),
        (
            "chain.rules",
            format!("    assert T3[R1, NP] == {}0", "1 + ".repeat(50_000)),
        ),
        (
            "calls.rules",
            format!(
                "    assert {}T3[R1, NP]{} == 0",
                "sum(".repeat(10_000),
                ")".repeat(10_000)
            ),
        ),
    ];
    for (name, body) in cases {
        refused(name, &template(&body), "syntax::too-deep");
    }
}

/// `each` over too many combinations is refused before anything is evaluated.
#[test]
fn huge_quantifiers() {
    let body = "    each a in cells(T3), b in cells(T3), c in cells(T3)\n    assert a + b + c >= 0";
    let output = check_rules("each.rules", template(body).as_bytes());
    assert_eq!(output.exit, 3);
    assert!(
        output.stdout.contains("175 × 175 × 175 = 5359375"),
        "{}",
        output.stdout
    );
    // Two variables over 表三 (30 625 combinations) are fine.
    let pair = "    each a in cells(T3), b in cells(T3)\n    assert a + b >= 0";
    let output = check_rules("pair.rules", template(pair).as_bytes());
    assert_eq!(output.exit, 0, "{}", output.stdout);
}

/// A template extending itself, directly or through a chain, is `resolve::extends-cycle`.
#[test]
fn self_referential_extends() {
    let direct = "template a \"甲\" extends a {\n  remove check T2-02\n}\n";
    let cycle = |length: usize| -> String {
        (0..length)
            .map(|i| {
                format!(
                    "template t{i} \"t\" extends t{} {{\n  remove check T2-02\n}}\n",
                    (i + 1) % length
                )
            })
            .collect()
    };
    refused("direct.rules", direct, "resolve::extends-cycle");
    refused("chain.rules", &cycle(20), "resolve::extends-cycle");
    // A circle longer than any allowed chain is refused as too long before it closes.
    refused("long.rules", &cycle(50), "resolve::extends-too-deep");
}

/// Rule files in GBK or UTF-16 (as Notepad saves them) are read; binary data and UTF-32 are
/// located errors naming what the file looks like.
#[test]
fn encodings() {
    let text = std::fs::read_to_string(nianbao_tests::root().join("examples/local/subtotal.rules"))
        .unwrap_or_default();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let output = check_rules("gbk.rules", &gbk);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(check_rules("utf16.rules", &utf16).exit, 0);
    let binary = check_rules("binary.rules", b"template x \x00\x01\x02");
    assert_eq!(binary.exit, 3);
    assert!(
        binary.stderr.contains("read::not-text"),
        "{}",
        binary.stderr
    );
    assert!(
        binary.stderr.contains("第 1 行第 12 列"),
        "{}",
        binary.stderr
    );
    let utf32 = check_rules("utf32.rules", b"\xFF\xFE\x00\x00t\x00\x00\x00");
    assert!(
        utf32.stderr.contains("read::unsupported-encoding"),
        "{}",
        utf32.stderr
    );
}

/// An error far along one line (miette cannot pad an underline beyond 65 535 columns and
/// panicked) is told in words, with its line and column, and exit 3.
#[test]
fn error_far_along_a_line() {
    let text = format!(
        "template h \"敌意\" extends gov-2021 {{{}@@@\n}}\n",
        " ".repeat(70_000)
    );
    let output = check_rules("wide.rules", text.as_bytes());
    assert_eq!(output.exit, 3, "{}", output.stderr);
    assert!(
        output.stdout.contains("第 1 行第 70035 列"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("syntax::unexpected-token"));
}
