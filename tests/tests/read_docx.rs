//! The .docx fixtures of `tests/fixtures/docx/` (made by `generate.py` there) go through `check`
//! and `extract` like any report: the output a user sees is pinned by snapshots with the exit
//! code, and specific cells are checked in the JSON of `extract`.

use nianbao_tests::nianbao;
use serde_json::Value;

/// Fixtures and the exit code `check` must end with.
const FIXTURES: &[(&str, u8)] = &[
    ("clean", 0),
    ("seeded-error", 1),
    ("tracked-changes", 0),
    ("nested", 0),
    ("truncated-xml", 4),
    ("truncated-zip", 4),
];

/// Fixtures that can be read, with the document table index of tables 二, 三 and 四.
const READABLE: &[(&str, [u64; 3])] = &[
    ("clean", [0, 1, 2]),
    ("seeded-error", [0, 1, 2]),
    ("tracked-changes", [0, 1, 2]),
    ("nested", [0, 1, 3]),
];

fn path(name: &str) -> String {
    format!("tests/fixtures/docx/{name}.docx")
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

/// `check` in the human format: clean files pass, the seeded error is reported, broken files
/// are read errors.
#[test]
fn check_fixtures() {
    for (name, exit) in FIXTURES {
        let output = nianbao(&["check", "--color", "never", &path(name)]);
        assert_eq!(output.exit, *exit, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("check__{name}"), output.snapshot());
    }
}

/// `extract` as a grid: every table of the template found and filled.
#[test]
fn extract_fixtures() {
    for (name, _) in READABLE {
        let output = nianbao(&["extract", &path(name)]);
        assert_eq!(output.exit, 0, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("extract__{name}"), output.snapshot());
    }
}

/// Tables 二, 三 and 四 bind completely: all cells, nothing missing, nothing unplaced, each
/// from the expected document table.
#[test]
fn tables_bind_completely() {
    for (name, indexes) in READABLE {
        let json = extract_json(name);
        assert_eq!(json["format"], "docx", "{name}");
        assert_eq!(json["year"], 2024, "{name}");
        for ((id, cells), index) in [("T2", 10), ("T3", 175), ("T4", 15)].iter().zip(indexes) {
            let bound = table(&json, id);
            let found = bound["cells"].as_array().map_or(0, Vec::len);
            assert_eq!(found, *cells, "{name} {id}");
            assert_eq!(bound["missing"].as_array().map(Vec::len), Some(0));
            assert_eq!(bound["unplaced"].as_array().map(Vec::len), Some(0));
            let sources: Vec<&Value> = bound["cells"]
                .as_array()
                .map(|c| c.iter().map(|c| &c["location"]["table"]).collect())
                .unwrap_or_default();
            assert!(
                sources.iter().all(|t| t.as_u64() == Some(*index)),
                "{name} {id}"
            );
        }
    }
}

/// Values read from merged cells, decimals and auto-numbered sections land at the right
/// template cells, with spans into the text view.
#[test]
fn clean_cell_values() {
    let json = extract_json("clean");
    let value = |id, row, column| cell(&json, id, row, column)["value"].clone();
    assert_eq!(value("T2", "NORM", "VALID"), 12);
    assert_eq!(value("T2", "LIC", "DEC"), 5);
    assert_eq!(value("T2", "FEE", "AMT"), 1.25);
    assert_eq!(value("T3", "R1", "TOT"), 16);
    assert_eq!(value("T3", "R3.1", "NPO"), 1);
    assert_eq!(value("T3", "R3.3.3", "NP"), 1);
    assert_eq!(value("T3", "R3.6.1", "TOT"), 1);
    assert_eq!(value("T3", "R3.7", "NP"), 13);
    assert_eq!(value("T3", "R4", "TOT"), 1);
    assert_eq!(value("T4", "N", "RV.TOT"), 2);
    assert_eq!(value("T4", "N", "DIR.FIX"), 1);
    let total = cell(&json, "T3", "R1", "TOT");
    assert_eq!(total["location"]["row"], 3);
    assert_eq!(total["location"]["cell"], 7);
    assert_eq!(total["span"]["column"], 2);
}

/// The seeded wrong total is read as written and reported at its own cell.
#[test]
fn seeded_error_at_its_cell() {
    let json = extract_json("seeded-error");
    let wrong = cell(&json, "T3", "R1", "TOT");
    assert_eq!(wrong["value"], 17);
    let output = nianbao(&["check", "--format", "json", &path("seeded-error")]);
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

/// Tracked changes: the final numbers are read, deleted text and the deleted row are not.
#[test]
fn tracked_changes_final_text() {
    let json = extract_json("tracked-changes");
    assert_eq!(cell(&json, "T3", "R1", "TOT")["value"], 16);
    assert_eq!(cell(&json, "T4", "N", "RV.TOT")["value"], 2);
    let clean = extract_json("clean");
    for id in ["T2", "T3", "T4"] {
        let values = |json: &Value| -> Vec<Value> {
            table(json, id)["cells"]
                .as_array()
                .map(|c| c.iter().map(|c| c["value"].clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(values(&json), values(&clean), "{id}");
    }
}

/// Broken files name what is broken.
#[test]
fn damaged_files() {
    let xml = nianbao(&["extract", &path("truncated-xml")]);
    assert_eq!(xml.exit, 4);
    assert!(xml.stderr.contains("read::damaged"), "{}", xml.stderr);
    assert!(xml.stderr.contains("word/document.xml"), "{}", xml.stderr);
    let zip = nianbao(&["extract", &path("truncated-zip")]);
    assert_eq!(zip.exit, 4);
    assert!(zip.stderr.contains("read::damaged"), "{}", zip.stderr);
}
