//! The HTML reader end to end: whole saved portal pages (the synthetic pages of
//! `fixtures/html/` and the HTML reports of the corpus) are checked and extracted through the
//! CLI and pinned by snapshots with the exit code; the values read from the real page are
//! asserted cell by cell against the numbers in its HTML.

use std::collections::BTreeMap;

use nianbao_tests::nianbao;
use serde_json::Value;

/// HTML pages and the exit code `check` must end with.
const PAGES: &[(&str, u8)] = &[
    ("tests/fixtures/html/portal-2023.html", 0),
    ("tests/fixtures/html/portal-2023-error.html", 1),
    ("tests/fixtures/html/portal-2023-gbk.html", 0),
    ("tests/fixtures/corpus/013-shuyang-fgj-2023.html", 0),
    (
        "tests/fixtures/corpus/S01-ceshishi-hangzhou-style-fixture-2025.html",
        0,
    ),
];

const SHUYANG: &str = "tests/fixtures/corpus/013-shuyang-fgj-2023.html";

fn name(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".html")
        .to_owned()
}

/// `check` in the human format on every page: diagnostics, summary line, exit code.
#[test]
fn check_pages() {
    for (path, exit) in PAGES {
        let output = nianbao(&["check", "--color", "never", path]);
        assert_eq!(output.exit, *exit, "{path}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("check__{}", name(path)), output.snapshot());
    }
}

/// `extract` as a grid on every page, and as JSON: every cell of tables 二, 三 and 四 found,
/// nothing missing or unplaced.
#[test]
fn extract_pages() {
    for (path, _) in PAGES {
        let output = nianbao(&["extract", path]);
        assert_eq!(output.exit, 0, "{path}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("extract__{}", name(path)), output.snapshot());
        let json = extract_json(path);
        for (table, cells) in [("T2", 10), ("T3", 25 * 7), ("T4", 15)] {
            assert_eq!(bound(&json, table).len(), cells, "{path} {table}");
        }
    }
}

/// The bound cells of one table from `extract --format json`: (row, column) → raw text.
fn bound(json: &Value, table: &str) -> BTreeMap<(String, String), String> {
    let tables = json.get("tables").and_then(Value::as_array);
    let table = tables
        .into_iter()
        .flatten()
        .find(|t| t.get("id").and_then(Value::as_str) == Some(table));
    let text = |cell: &Value, key: &str| {
        cell.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    for list in ["missing", "unplaced"] {
        let found = table.and_then(|t| t.get(list)).and_then(Value::as_array);
        assert_eq!(found.map(Vec::len), Some(0), "{table:?} {list}");
    }
    table
        .and_then(|t| t.get("cells"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| ((text(c, "row"), text(c, "column")), text(c, "raw")))
        .collect()
}

fn extract_json(path: &str) -> Value {
    let output = nianbao(&["extract", "--format", "json", path]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    serde_json::from_str(&output.stdout).unwrap_or_default()
}

/// 沭阳县发改局 2023: every cell of tables 二, 三 and 四 has the value written in the HTML
/// (read off the page by hand: 自然人 and 总计 filled, the five 法人或其他组织 columns blank).
#[test]
fn shuyang_values() {
    let json = extract_json(SHUYANG);
    let cell = |table: &BTreeMap<(String, String), String>, row: &str, column: &str| {
        table
            .get(&(row.to_owned(), column.to_owned()))
            .cloned()
            .unwrap_or_else(|| format!("no cell {row}/{column}"))
    };

    let two = bound(&json, "T2");
    let expected_two = [
        ("REG", "MADE", "0"),
        ("REG", "REPEALED", "0"),
        ("REG", "VALID", "0"),
        ("NORM", "MADE", "8"),
        ("NORM", "REPEALED", "0"),
        ("NORM", "VALID", "18"),
        ("LIC", "DEC", "0"),
        ("PEN", "DEC", "0"),
        ("ENF", "DEC", "0"),
        ("FEE", "AMT", "0"),
    ];
    assert_eq!(two.len(), expected_two.len());
    for (row, column, value) in expected_two {
        assert_eq!(cell(&two, row, column), value, "T2 {row}/{column}");
    }

    let three = bound(&json, "T3");
    assert_eq!(three.len(), 25 * 7);
    let filled = ["R1", "R3.1", "R3.7"];
    for ((row, column), raw) in &three {
        let expected = match column.as_str() {
            "NP" | "TOT" if filled.contains(&row.as_str()) => "26",
            "NP" | "TOT" => "0",
            _ => "",
        };
        assert_eq!(raw, expected, "T3 {row}/{column}");
    }
    assert_eq!(cell(&three, "R1", "TOT"), "26");
    assert_eq!(cell(&three, "R3.3.7", "NP"), "0");
    assert_eq!(cell(&three, "R3.6.2", "TOT"), "0");
    assert_eq!(cell(&three, "R4", "LAW"), "");

    let four = bound(&json, "T4");
    let groups = ["RV", "DIR", "AFT"];
    let kinds = ["KEEP", "FIX", "OTHER", "PEND", "TOT"];
    let written = [
        "0", "0", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
    ];
    assert_eq!(four.len(), written.len());
    let columns = groups
        .iter()
        .flat_map(|g| kinds.iter().map(move |k| format!("{g}.{k}")));
    for (column, value) in columns.zip(written) {
        assert_eq!(cell(&four, "N", &column), value, "T4 {column}");
    }
}

/// The GBK page reads exactly like its UTF-8 original.
#[test]
fn gbk_page_reads_like_utf8() {
    let tables = |path: &str| extract_json(path).get("tables").cloned();
    let utf8 = tables("tests/fixtures/html/portal-2023.html");
    let gbk = tables("tests/fixtures/html/portal-2023-gbk.html");
    let values = |tables: Option<Value>| -> Vec<(String, String, String)> {
        tables
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|t| {
                t.get("cells")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .map(|c| {
                let text = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or_default();
                (
                    text("row").to_owned(),
                    text("column").to_owned(),
                    text("raw").to_owned(),
                )
            })
            .collect()
    };
    let utf8 = values(utf8);
    assert_eq!(utf8.len(), 10 + 175 + 15);
    assert_eq!(values(gbk), utf8);
}
