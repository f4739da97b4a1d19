//! Rule files typed with a Chinese input method (issue 10): full-width punctuation and Chinese
//! quotes are accepted (and `rules fmt` writes them in ASCII); every other mistake an input
//! method makes gets a short Chinese message at the right place. One fixture per mistake under
//! `tests/fixtures/rules-ime/`, with the rendered `rules check` output pinned.

use nianbao_tests::{nianbao, root};

/// `rules check` on the fixture `name`.
fn check(name: &str) -> nianbao_tests::Output {
    nianbao(&[
        "rules",
        "check",
        &format!("tests/fixtures/rules-ime/{name}.rules"),
    ])
}

/// The fixtures that are refused, with the code each one gets.
const REFUSED: &[(&str, &str)] = &[
    ("full-width-semicolon", "syntax::full-width"),
    ("full-width-colon", "syntax::full-width"),
    ("full-width-digit", "syntax::full-width"),
    ("full-stop-in-id", "syntax::full-width"),
    ("unclosed-quote", "syntax::unclosed-string"),
    ("mixed-quotes", "syntax::unclosed-string"),
    ("misspelt-assert", "syntax::unknown-keyword"),
    ("misspelt-example", "syntax::unknown-keyword"),
    ("misspelt-check", "syntax::unknown-keyword"),
    ("misspelt-severity", "syntax::unknown-keyword"),
    ("missing-bracket", "syntax::unexpected-token"),
    ("after-dotted-id", "resolve::unknown-row"),
    ("misspelt-variable", "resolve::unknown-variable"),
];

/// Each mistake is refused (exit 3) with its code, and its rendering is pinned.
#[test]
fn mistakes_are_pointed_out() {
    for (name, code) in REFUSED {
        let output = check(name);
        assert_eq!(output.exit, 3, "{name}: {}", output.snapshot());
        assert!(output.stdout.contains(code), "{name}: {}", output.stdout);
        insta::assert_snapshot!(format!("ime__{name}"), output.snapshot());
    }
}

/// Full-width punctuation, Chinese quotes and a Chinese severity are a valid rule file.
#[test]
fn full_width_file_is_valid() {
    let output = check("full-width-accepted");
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    insta::assert_snapshot!("ime__full-width-accepted", output.snapshot());
    let test = nianbao(&[
        "rules",
        "test",
        "tests/fixtures/rules-ime/full-width-accepted.rules",
    ]);
    assert_eq!(test.exit, 0, "{}", test.snapshot());
}

/// `rules fmt` writes the full-width file with ASCII punctuation and straight quotes; the
/// content of strings and comments is unchanged, and the result is still valid.
#[test]
fn fmt_writes_ascii_punctuation() {
    let dir = std::env::temp_dir().join(format!("nianbao-ime-{}", std::process::id()));
    assert!(std::fs::create_dir_all(&dir).is_ok());
    let path = dir.join("full-width.rules");
    let source = root().join("tests/fixtures/rules-ime/full-width-accepted.rules");
    assert!(std::fs::copy(source, &path).is_ok());
    let path = path.display().to_string();
    let output = nianbao(&["rules", "fmt", &path]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    let formatted = std::fs::read_to_string(&path).unwrap_or_default();
    insta::assert_snapshot!("ime__fmt", formatted);
    assert_eq!(nianbao(&["rules", "check", &path]).exit, 0);
    let again = nianbao(&["rules", "fmt", "--check", &path]);
    assert_eq!(again.exit, 0, "{}", again.snapshot());
}
