//! The catalogue of diagnostic codes is pinned by a snapshot of the whole list (code,
//! severity, summary), as cargo-deny pins its lists: adding, removing or re-wording a code
//! shows up in review. Every code in it has a fixture under `tests/fixtures/codes/` that makes
//! nianbao emit it, with the rendered output pinned by a snapshot; and no code is written as
//! a literal outside the catalogue (`codes/literals.rs`).
//!
//! Fixture names are the code with `::` written as `__`: `<code>.rules` is run through
//! `nianbao rules check`, `<code>.txt` through `nianbao check`, and `<code>.args` holds the
//! arguments, one per line. Document fixtures are made by `generate.py` in that directory.

#[path = "codes/literals.rs"]
mod literals;

use nianbao_model::Code;
use nianbao_tests::{nianbao, root};

/// The whole catalogue, one line per code: code, severity, summary.
#[test]
fn catalogue() {
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let lines: Vec<String> = Code::ALL
        .iter()
        .map(|c| {
            let (code, severity) = (c.as_str(), c.severity().label());
            format!("{code:<width$}  {severity}  {}", c.summary())
        })
        .collect();
    insta::assert_snapshot!("catalogue", lines.join("\n"));
}

/// `nianbao explain` with a prefix lists the codes under it; with a code, explains it.
#[test]
fn explain_lists_and_explains_codes() {
    insta::assert_snapshot!("explain__bind", nianbao(&["explain", "bind"]).snapshot());
    let listed = nianbao(&["explain", "limit::"]);
    assert_eq!(listed.exit, 0);
    assert_eq!(
        listed
            .stdout
            .lines()
            .filter(|l| l.starts_with("limit::"))
            .count(),
        8
    );
    let full = nianbao(&["explain", "read::not-text"]);
    assert!(
        full.stdout.contains(Code::ReadNotText.explain()),
        "{}",
        full.stdout
    );
    let unknown = nianbao(&["explain", "bnd"]);
    assert_eq!(unknown.exit, 2);
    assert!(unknown.stderr.contains("`bind`"), "{}", unknown.stderr);
}

/// Codes that no input can trigger, and why.
const WITHOUT_FIXTURE: &[(&str, &str)] =
    &[("internal", "a bug in nianbao, not a reaction to input")];

fn run_fixture(code: Code) -> Option<nianbao_tests::Output> {
    let stem = code.as_str().replace("::", "__");
    let dir = root().join("tests/fixtures/codes");
    let relative = |ext: &str| format!("tests/fixtures/codes/{stem}.{ext}");
    if dir.join(format!("{stem}.rules")).exists() {
        Some(nianbao(&["rules", "check", &relative("rules")]))
    } else if dir.join(format!("{stem}.txt")).exists() {
        Some(nianbao(&["check", "--color", "never", &relative("txt")]))
    } else if let Ok(args) = std::fs::read_to_string(dir.join(format!("{stem}.args"))) {
        let args: Vec<&str> = args.lines().filter(|l| !l.is_empty()).collect();
        Some(nianbao(&args))
    } else {
        None
    }
}

/// Each code has a fixture, the fixture emits that code, and its output is snapshotted.
#[test]
fn every_code_has_a_fixture() {
    let mut without = Vec::new();
    for &code in Code::ALL {
        if WITHOUT_FIXTURE
            .iter()
            .any(|(name, _)| *name == code.as_str())
        {
            continue;
        }
        let Some(output) = run_fixture(code) else {
            without.push(code.as_str());
            continue;
        };
        let text = output.snapshot();
        assert!(
            text.contains(code.as_str()),
            "fixture for {} does not emit it:\n{text}",
            code.as_str()
        );
        insta::assert_snapshot!(format!("code__{}", code.as_str().replace("::", "__")), text);
    }
    assert!(without.is_empty(), "codes without a fixture: {without:?}");
}

/// Every fixture file belongs to a code in the catalogue (no stale fixtures).
#[test]
fn every_fixture_names_a_code() {
    let dir = root().join("tests/fixtures/codes");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if !["rules", "txt", "args"].contains(&ext) {
            continue;
        }
        assert!(
            Code::from_name(&stem.replace("__", "::")).is_some(),
            "{name} names no code"
        );
    }
}
