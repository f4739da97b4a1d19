//! The published JSON Schemas: generated from the library's JSON types, committed under
//! `schema/`, and every JSON snapshot valid against them. (Every JSON output of every other
//! test is validated too, by the test kit's `nianbao()`.)

use nianbao_tests::root;
use nianbao_tests::schema::{Kind, assert_valid};

/// The committed schema files are what the library's types generate. To regenerate them
/// after changing the JSON types: `NIANBAO_WRITE_SCHEMA=1 cargo test -p nianbao-tests --test
/// schema`, then read the diff.
#[test]
fn committed_schemas_are_generated_from_the_types() {
    for kind in [Kind::Check, Kind::Extract] {
        let path = root().join(kind.file());
        let generated = serde_json::to_string_pretty(&kind.generated()).unwrap_or_default() + "\n";
        if std::env::var_os("NIANBAO_WRITE_SCHEMA").is_some() {
            assert!(
                std::fs::write(&path, &generated).is_ok(),
                "cannot write {}",
                path.display()
            );
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: regenerate it with NIANBAO_WRITE_SCHEMA=1 cargo test -p nianbao-tests \
             --test suite schema::",
            kind.file()
        );
    }
}

/// Every snapshot of a JSON document (`check` or `extract` with `--format json`) is valid
/// against its schema, and there are snapshots of both.
#[test]
fn every_json_snapshot_validates() {
    let dir = root().join("tests/tests/snapshots");
    let mut validated = [0usize; 2];
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Header between the first two `---` lines; the body is the run's snapshot.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        let Some(stdout) = json_stdout(body) else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(stdout).unwrap_or_default();
        let kind = if value.get("reports").is_some() {
            Kind::Check
        } else if value.get("tables").is_some() {
            Kind::Extract
        } else {
            continue;
        };
        assert_valid(kind, stdout);
        validated[usize::from(kind == Kind::Extract)] += 1;
    }
    assert!(
        validated.iter().all(|&n| n > 0),
        "snapshots validated (check, extract): {validated:?}"
    );
}

/// The stdout of a run's snapshot, if it is a JSON object.
fn json_stdout(body: &str) -> Option<&str> {
    let stdout = body.split("--- stdout ---\n").nth(1)?;
    let stdout = stdout.split("--- stderr ---").next()?.trim();
    stdout.starts_with('{').then_some(stdout)
}

/// A document that breaks the schema is caught (the validation is not vacuous).
#[test]
fn a_broken_document_is_rejected() {
    let broken = r#"{"schema": 1, "reports": [{"path": 3}]}"#;
    let value: serde_json::Value = serde_json::from_str(broken).unwrap_or_default();
    assert!(!nianbao_tests::schema::violations(Kind::Check, &value).is_empty());
    let missing = r#"{"schema": 1}"#;
    let value: serde_json::Value = serde_json::from_str(missing).unwrap_or_default();
    assert!(!nianbao_tests::schema::violations(Kind::Extract, &value).is_empty());
}
