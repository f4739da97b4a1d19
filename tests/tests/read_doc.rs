//! The Word 97–2003 fixtures of `tests/fixtures/doc/` (converted by LibreOffice from the .docx
//! fixtures, see the README there) go through `check` and `extract`: output pinned by
//! snapshots with the exit code, cell counts and values checked in the JSON of `extract`.

use nianbao_tests::nianbao;
use serde_json::Value;

/// Fixtures (file names) and the exit code `check` and `extract` must end with.
const FIXTURES: &[(&str, u8, u8)] = &[
    ("clean.doc", 0, 0),
    ("seeded-error.doc", 1, 0),
    // The clean .doc under a .wps name: the content decides, not the extension.
    ("clean.wps", 0, 0),
    // The first 2 KB of clean.doc.
    ("truncated.doc", 4, 4),
];

/// Fixtures that can be read.
const READABLE: &[&str] = &["clean.doc", "seeded-error.doc", "clean.wps"];

fn path(name: &str) -> String {
    format!("tests/fixtures/doc/{name}")
}

/// `extract --format json` of a fixture, parsed.
fn extract_json(name: &str) -> Value {
    let output = nianbao(&["extract", "--format", "json", &path(name)]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    serde_json::from_str(&output.stdout).unwrap_or_default()
}

fn table<'v>(json: &'v Value, id: &str) -> &'v Value {
    json["tables"]
        .as_array()
        .and_then(|tables| tables.iter().find(|t| t["id"] == id))
        .unwrap_or(&Value::Null)
}

/// The bound cell (row id, column id) of table `id`.
fn cell<'v>(json: &'v Value, id: &str, row: &str, column: &str) -> &'v Value {
    table(json, id)["cells"]
        .as_array()
        .and_then(|cells| {
            cells
                .iter()
                .find(|c| c["row"] == row && c["column"] == column)
        })
        .unwrap_or(&Value::Null)
}

/// `check` in the human format: clean files pass, the seeded error is reported at its cell,
/// the truncated file is a read error.
#[test]
fn check_fixtures() {
    for (name, exit, _) in FIXTURES {
        let output = nianbao(&["check", "--color", "never", &path(name)]);
        assert_eq!(output.exit, *exit, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("check__{name}"), output.snapshot());
    }
}

/// `extract` as a grid.
#[test]
fn extract_fixtures() {
    for (name, _, exit) in FIXTURES {
        let output = nianbao(&["extract", &path(name)]);
        assert_eq!(output.exit, *exit, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("extract__{name}"), output.snapshot());
    }
}

/// Tables 二, 三 and 四 bind completely from document tables 0, 1 and 2.
#[test]
fn tables_bind_completely() {
    for name in READABLE {
        let json = extract_json(name);
        assert_eq!(json["format"], "doc", "{name}");
        assert_eq!(json["year"], 2024, "{name}");
        for (index, (id, cells)) in [("T2", 10), ("T3", 175), ("T4", 15)].iter().enumerate() {
            let bound = table(&json, id);
            let found = bound["cells"].as_array().map_or(0, Vec::len);
            assert_eq!(found, *cells, "{name} {id}");
            assert_eq!(bound["missing"].as_array().map(Vec::len), Some(0));
            assert_eq!(bound["unplaced"].as_array().map(Vec::len), Some(0));
            let all_from_index = bound["cells"].as_array().is_some_and(|cells| {
                cells
                    .iter()
                    .all(|c| c["location"]["table"].as_u64() == u64::try_from(index).ok())
            });
            assert!(all_from_index, "{name} {id}");
        }
    }
}

/// The values read from merged cells are the .docx fixture's, at the same cells.
#[test]
fn values_match_the_docx() {
    let doc = extract_json("clean.doc");
    let docx = {
        let output = nianbao(&[
            "extract",
            "--format",
            "json",
            "tests/fixtures/docx/clean.docx",
        ]);
        serde_json::from_str::<Value>(&output.stdout).unwrap_or_default()
    };
    for id in ["T2", "T3", "T4"] {
        let cells = |json: &Value| -> Vec<(Value, Value, Value, Value)> {
            table(json, id)["cells"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .map(|c| {
                            let at = &c["location"];
                            (c["row"].clone(), c["column"].clone(), c["value"].clone(), {
                                serde_json::json!([at["row"], at["cell"]])
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(cells(&doc), cells(&docx), "{id}");
    }
    assert_eq!(cell(&doc, "T3", "R1", "TOT")["value"], 16);
    assert_eq!(cell(&doc, "T2", "FEE", "AMT")["value"], 1.25);
}

/// The seeded wrong total is reported at its own cell.
#[test]
fn seeded_error_at_its_cell() {
    let json = extract_json("seeded-error.doc");
    let wrong = cell(&json, "T3", "R1", "TOT");
    assert_eq!(wrong["value"], 17);
    let output = nianbao(&["check", "--format", "json", &path("seeded-error.doc")]);
    assert_eq!(output.exit, 1);
    let report: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let findings = report["reports"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    // The text still says 2 applications: the narrative check sees the table's 17 too.
    assert_eq!(rules, ["T3-01", "T3-03", "N-01"]);
    for finding in &findings {
        let cells = finding["cells"].as_array().cloned().unwrap_or_default();
        let at = cells
            .iter()
            .find(|c| c["row"] == "R1" && c["column"] == "TOT");
        assert_eq!(at.map(|c| &c["span"]), Some(&wrong["span"]));
    }
}

/// The truncated file names the format and that it is damaged.
#[test]
fn truncated_is_damaged() {
    let output = nianbao(&["extract", &path("truncated.doc")]);
    assert_eq!(output.exit, 4);
    assert!(output.stderr.contains("read::damaged"), "{}", output.stderr);
    assert!(output.stderr.contains(".doc"), "{}", output.stderr);
}
