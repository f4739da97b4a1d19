//! Tables continued or printed twice (`fixtures/joined/`, made by `generate.py` there from other
//! fixtures). A table 三 cut in two by 续表 (and a page number) is read as one table, in text,
//! HTML and .docx, and reads exactly as the uncut original; a PDF table over a page break is one
//! table already in the PDF reader. A table 三 printed twice is reported with both places
//! (other numbers: `bind::duplicate-table`, an error; the same numbers: `bind::repeated-table`,
//! a warning), and every number of the second print is kept as an unplaced cell.

use nianbao_read::ReadOptions;
use nianbao_tests::{harness, nianbao, root};
use serde_json::Value;

/// (continued or printed-twice fixture, the uncut original it was made from).
const CONTINUED: &[(&str, &str)] = &[
    (
        "tests/fixtures/joined/continued.txt",
        "examples/2024-nanguan-jiaoyuju.txt",
    ),
    (
        "tests/fixtures/joined/continued.html",
        "tests/fixtures/html/portal-2023.html",
    ),
    (
        "tests/fixtures/joined/continued.docx",
        "tests/fixtures/docx/clean.docx",
    ),
];

/// (fixture, original, exit code, code reported).
const TWICE: &[(&str, &str, u8, &str)] = &[
    (
        "tests/fixtures/joined/printed-twice.txt",
        "examples/2024-nanguan-jiaoyuju.txt",
        0,
        "bind::duplicate-table",
    ),
    (
        "tests/fixtures/joined/printed-twice.html",
        "tests/fixtures/html/portal-2023.html",
        0,
        "bind::repeated-table",
    ),
    (
        "tests/fixtures/joined/printed-twice.docx",
        "tests/fixtures/docx/clean.docx",
        0,
        "bind::duplicate-table",
    ),
];

fn extract(path: &str) -> Value {
    let output = nianbao(&["extract", "--format", "json", path]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    serde_json::from_str(&output.stdout).unwrap_or_default()
}

/// (table, row, column, raw) of every bound cell.
fn cells(json: &Value) -> Vec<(String, String, String, String)> {
    json["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| {
            let id = t["id"].as_str().unwrap_or_default().to_owned();
            t["cells"].as_array().into_iter().flatten().map(move |c| {
                let text = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
                (id.clone(), text("row"), text("column"), text("raw"))
            })
        })
        .collect()
}

fn unplaced(json: &Value, id: &str) -> Vec<Value> {
    json["tables"]
        .as_array()
        .and_then(|tables| tables.iter().find(|t| t["id"] == id))
        .and_then(|t| t["unplaced"].as_array())
        .cloned()
        .unwrap_or_default()
}

fn stem(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap_or_default()
        .replace('.', "_")
}

/// Both parts of a continued table are bound, exactly as the uncut table; nothing is
/// reported.
#[test]
fn continued_table_is_read_as_one() {
    for (path, original) in CONTINUED {
        let json = extract(path);
        assert_eq!(cells(&json), cells(&extract(original)), "{path}");
        assert!(unplaced(&json, "T3").is_empty(), "{path}");
        let output = nianbao(&["check", "--color", "never", path]);
        insta::assert_snapshot!(format!("check__{}", stem(path)), output.snapshot());
    }
}

/// A table printed twice: the first is checked (its cells as the original's), both places are
/// shown, every number of the second is unplaced, and the finding has the severity of its code.
#[test]
fn table_printed_twice_is_reported() {
    for (path, original, exit, code) in TWICE {
        let json = extract(path);
        assert_eq!(cells(&json), cells(&extract(original)), "{path}");
        let second = unplaced(&json, "T3");
        assert_eq!(second.len(), 175, "{path}");
        assert!(
            second
                .iter()
                .all(|u| u["reason"].as_str().is_some_and(|r| r.contains("再次出现"))),
            "{path}"
        );
        let output = nianbao(&["check", "--color", "never", path]);
        assert_eq!(output.exit, *exit, "{}", output.snapshot());
        assert!(output.stdout.contains(code), "{}", output.snapshot());
        insta::assert_snapshot!(format!("check__{}", stem(path)), output.snapshot());
    }
}

/// No number of a joined or repeated table is lost.
#[test]
fn no_number_is_lost() {
    let checker = nianbao_check::Checker::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    for path in CONTINUED
        .iter()
        .map(|(p, _)| *p)
        .chain(TWICE.iter().map(|(p, ..)| *p))
    {
        let bytes = std::fs::read(root().join(path)).unwrap_or_default();
        let document = nianbao_read::read(&bytes, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let checked = checker
            .clone()
            .with_timeout(None)
            .check_document(document.clone(), path)
            .unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let lost = harness::lost_numbers(&document, &checked.report);
        assert!(lost.is_empty(), "{path}: {lost:?}");
    }
}

/// The PDF reader joins a ruled table over a page break itself: table 三 of the synthetic PDF
/// runs over pages 2 and 3 and is one document table, all of it bound.
#[test]
fn pdf_table_over_a_page_break_is_one_table() {
    let json = extract("tests/fixtures/pdf/tables-2021.pdf");
    let three = json["tables"]
        .as_array()
        .and_then(|tables| tables.iter().find(|t| t["id"] == "T3"))
        .cloned()
        .unwrap_or_default();
    let cells = three["cells"].as_array().cloned().unwrap_or_default();
    assert_eq!(cells.len(), 175);
    let pages: std::collections::BTreeSet<u64> = cells
        .iter()
        .filter_map(|c| c["location"]["page"].as_u64())
        .collect();
    let tables: std::collections::BTreeSet<u64> = cells
        .iter()
        .filter_map(|c| c["location"]["table"].as_u64())
        .collect();
    assert_eq!(pages.into_iter().collect::<Vec<_>>(), [2, 3]);
    assert_eq!(tables.len(), 1);
}
