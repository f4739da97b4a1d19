//! The PDF reader end to end: the three real PDFs of `tests/fixtures/corpus/` and the synthetic
//! ones of `tests/fixtures/pdf/` (made by `generate.py` there) go through `check` and `extract`.
//! The output a user sees is pinned by snapshots with the exit code, and specific cells, read
//! off the PDFs by eye, are checked in the JSON of `extract`.

use nianbao_tests::nianbao;
use serde_json::Value;

/// PDFs and the exit code `check` must end with: 009 is clean (its （六） rows are numbered
/// "1、" rather than "1."), 010 has two wrong totals in table 四, 010 and 011 write
/// （六）其他处理 as one row (T3-09); the synthetic file only warns of its blank cell, and its
/// seeded variant has （七）总计 in the 总计 column off by one; the borderless variant (no
/// ruling lines, numbers right-aligned) reads like the synthetic file.
const DOCUMENTS: &[(&str, &str, u8)] = &[
    ("009", "tests/fixtures/corpus/009-huaian-shi-2024.pdf", 0),
    ("010", "tests/fixtures/corpus/010-hongze-qu-2023.pdf", 1),
    ("011", "tests/fixtures/corpus/011-hongze-qu-2024.pdf", 1),
    ("synthetic", "tests/fixtures/pdf/tables-2021.pdf", 0),
    (
        "synthetic-error",
        "tests/fixtures/pdf/tables-2021-error.pdf",
        1,
    ),
    (
        "synthetic-borderless",
        "tests/fixtures/pdf/tables-2021-borderless.pdf",
        0,
    ),
];

/// The borderless report whose table 三 has its numbers typed one after another.
const AMBIGUOUS: &str = "tests/fixtures/pdf/tables-borderless-ambiguous.pdf";

/// Table 四 of each PDF, in column order (复议 ×5, 直接起诉 ×5, 复议后起诉 ×5).
const TABLE_FOUR: &[(&str, [i64; 15])] = &[
    (
        "009",
        [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20],
    ),
    ("010", [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]),
    ("011", [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]),
    ("synthetic", [3, 1, 1, 0, 5, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]),
    (
        "synthetic-borderless",
        [3, 1, 1, 0, 5, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0],
    ),
];

const FOUR_COLUMNS: [&str; 15] = [
    "RV.KEEP",
    "RV.FIX",
    "RV.OTHER",
    "RV.PEND",
    "RV.TOT",
    "DIR.KEEP",
    "DIR.FIX",
    "DIR.OTHER",
    "DIR.PEND",
    "DIR.TOT",
    "AFT.KEEP",
    "AFT.FIX",
    "AFT.OTHER",
    "AFT.PEND",
    "AFT.TOT",
];

const THREE_COLUMNS: [&str; 7] = ["NP", "BIZ", "RES", "NPO", "LAW", "OTH", "TOT"];

/// Rows of table 三 and their seven values (自然人 … 总计), read off the PDFs.
const TABLE_THREE: &[(&str, &str, [i64; 7])] = &[
    ("009", "R1", [3001, 53, 0, 0, 61, 4, 3119]),
    ("009", "R2", [34, 0, 0, 0, 0, 0, 34]),
    ("009", "R3.1", [1288, 21, 0, 0, 50, 3, 1362]),
    ("009", "R3.2", [447, 7, 0, 0, 0, 0, 454]),
    ("009", "R3.3.8", [105, 0, 0, 0, 0, 0, 105]),
    ("009", "R3.4.1", [746, 12, 0, 0, 10, 1, 769]),
    ("009", "R3.4.2", [11, 0, 0, 0, 0, 0, 11]),
    ("009", "R3.5.1", [56, 6, 0, 0, 0, 0, 62]),
    ("009", "R3.6.1", [67, 3, 0, 0, 1, 0, 71]),
    ("009", "R3.6.3", [108, 2, 0, 0, 0, 0, 110]),
    ("009", "R3.7", [2932, 53, 0, 0, 61, 4, 3050]),
    ("009", "R4", [103, 0, 0, 0, 0, 0, 103]),
    ("010", "R1", [21, 0, 0, 0, 0, 0, 21]),
    ("010", "R3.2", [4, 0, 0, 0, 0, 0, 4]),
    ("010", "R3.3.1", [1, 0, 0, 0, 0, 0, 1]),
    ("010", "R3.4.1", [10, 0, 0, 0, 0, 0, 10]),
    ("010", "R3.4.2", [3, 0, 0, 0, 0, 0, 3]),
    ("010", "R3.7", [21, 0, 0, 0, 0, 0, 21]),
    ("011", "R1", [95, 0, 0, 0, 0, 0, 95]),
    ("011", "R3.1", [50, 0, 0, 0, 0, 0, 50]),
    ("011", "R3.4.1", [31, 0, 0, 0, 0, 0, 31]),
    ("011", "R3.7", [95, 0, 0, 0, 0, 0, 95]),
    ("synthetic", "R1", [10, 1, 0, 0, 1, 1, 13]),
    ("synthetic", "R3.4.1", [2, 0, 0, 0, 0, 0, 2]),
    ("synthetic", "R3.4.3", [0, 0, 0, 0, 1, 0, 1]),
];

/// Every row of table 三 of the borderless report (as `generate.py` draws it): 自然人 … 总计,
/// `None` for its one blank cell.
const BORDERLESS_THREE: &[(&str, [Option<i64>; 7])] = &[
    (
        "R1",
        [
            Some(10),
            Some(1),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(13),
        ],
    ),
    (
        "R2",
        [
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
        ],
    ),
    (
        "R3.1",
        [
            Some(5),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(6),
        ],
    ),
    (
        "R3.2",
        [
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
        ],
    ),
    ("R3.3.1", [Some(0); 7]),
    (
        "R3.3.2",
        [Some(1), Some(0), None, Some(0), Some(0), Some(0), Some(1)],
    ),
    ("R3.3.3", [Some(0); 7]),
    ("R3.3.4", [Some(0); 7]),
    ("R3.3.5", [Some(0); 7]),
    ("R3.3.6", [Some(0); 7]),
    ("R3.3.7", [Some(0); 7]),
    ("R3.3.8", [Some(0); 7]),
    (
        "R3.4.1",
        [
            Some(2),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(2),
        ],
    ),
    ("R3.4.2", [Some(0); 7]),
    (
        "R3.4.3",
        [
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(0),
            Some(1),
        ],
    ),
    ("R3.5.1", [Some(0); 7]),
    (
        "R3.5.2",
        [
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
        ],
    ),
    ("R3.5.3", [Some(0); 7]),
    ("R3.5.4", [Some(0); 7]),
    ("R3.5.5", [Some(0); 7]),
    ("R3.6.1", [Some(0); 7]),
    ("R3.6.2", [Some(0); 7]),
    (
        "R3.6.3",
        [
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
        ],
    ),
    (
        "R3.7",
        [
            Some(10),
            Some(1),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(13),
        ],
    ),
    (
        "R4",
        [
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
        ],
    ),
];

fn path(name: &str) -> &'static str {
    DOCUMENTS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |(_, path, _)| path)
}

/// `extract --format json` of a PDF, parsed.
fn extract_json(name: &str) -> Value {
    let output = nianbao(&["extract", "--format", "json", path(name)]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    serde_json::from_str(&output.stdout).unwrap_or_default()
}

fn table<'v>(json: &'v Value, id: &str) -> &'v Value {
    json["tables"]
        .as_array()
        .and_then(|tables| tables.iter().find(|t| t["id"] == id))
        .unwrap_or(&Value::Null)
}

fn cells<'v>(json: &'v Value, id: &str) -> Vec<&'v Value> {
    table(json, id)["cells"]
        .as_array()
        .map(|cells| cells.iter().collect())
        .unwrap_or_default()
}

/// The bound value of (row id, column id) in table `id`.
fn value(json: &Value, id: &str, row: &str, column: &str) -> Value {
    cells(json, id)
        .into_iter()
        .find(|c| c["row"] == row && c["column"] == column)
        .map_or(Value::Null, |c| c["value"].clone())
}

/// `check` in the human format, with its exit code.
#[test]
fn check_pdfs() {
    for (name, path, exit) in DOCUMENTS {
        let output = nianbao(&["check", "--color", "never", path]);
        assert_eq!(output.exit, *exit, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("check__{name}"), output.snapshot());
    }
}

/// `extract` as a grid.
#[test]
fn extract_pdfs() {
    for (name, path, _) in DOCUMENTS {
        let output = nianbao(&["extract", path]);
        assert_eq!(output.exit, 0, "{name}\n{}", output.snapshot());
        insta::assert_snapshot!(format!("extract__{name}"), output.snapshot());
    }
}

/// Table 四 binds completely everywhere, every value as printed, each cell with its page and
/// box.
#[test]
fn table_four_binds() {
    for (name, expected) in TABLE_FOUR {
        let json = extract_json(name);
        for (column, number) in FOUR_COLUMNS.iter().zip(expected) {
            assert_eq!(
                value(&json, "T4", "N", column),
                Value::from(*number),
                "{name} {column}"
            );
        }
        let four = table(&json, "T4");
        assert_eq!(four["missing"].as_array().map(Vec::len), Some(0), "{name}");
        assert_eq!(four["unplaced"].as_array().map(Vec::len), Some(0), "{name}");
        for cell in cells(&json, "T4").into_iter().chain(cells(&json, "T3")) {
            let location = &cell["location"];
            assert!(location["page"].as_u64().is_some_and(|p| p >= 1), "{name}");
            let bbox = &location["bbox"];
            let (x0, x1) = (bbox["x0"].as_f64(), bbox["x1"].as_f64());
            assert!(x0.zip(x1).is_some_and(|(a, b)| a < b), "{name}: {cell}");
        }
    }
}

/// Table 三: the values read off the PDFs; every declared row is bound with seven values,
/// except （六）其他处理 where 010/011 print one row (template drift) and 009 numbers its
/// sub-rows "1、" (the binder takes the row's group cell "（六）其他处理" for its label).
#[test]
fn table_three_binds() {
    for (name, row, expected) in TABLE_THREE {
        let json = extract_json(name);
        for (column, number) in THREE_COLUMNS.iter().zip(expected) {
            assert_eq!(
                value(&json, "T3", row, column),
                Value::from(*number),
                "{name} {row} {column}"
            );
        }
    }
    for (name, _, _) in DOCUMENTS {
        let json = extract_json(name);
        let missing: Vec<&str> = table(&json, "T3")["missing"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["row"].as_str())
            .collect();
        assert!(
            missing.iter().all(|row| row.starts_with("R3.6.")),
            "{name}: {missing:?}"
        );
        let bound = cells(&json, "T3").len();
        let expected = match *name {
            "009" => 25 * 7,
            "010" | "011" => 23 * 7,
            _ => 25 * 7,
        };
        assert_eq!(bound, expected, "{name}");
        assert_eq!(
            value(&json, "T3", "R3.3.2", "TOT"),
            Value::from(if name.starts_with("synthetic") {
                1
            } else if *name == "009" {
                31
            } else {
                0
            }),
            "{name}"
        );
    }
}

/// Table 二 binds completely, with the large numbers and the decimal fee of 009.
#[test]
fn table_two_binds() {
    let json = extract_json("009");
    let expected = [
        ("REG", "MADE", "1"),
        ("NORM", "VALID", "66"),
        ("LIC", "DEC", "447228"),
        ("PEN", "DEC", "3985758"),
        ("ENF", "DEC", "88283"),
        ("FEE", "AMT", "96171.6"),
    ];
    for (row, column, raw) in expected {
        let found = cells(&json, "T2")
            .into_iter()
            .find(|c| c["row"] == row && c["column"] == column)
            .map(|c| c["raw"].clone());
        assert_eq!(found, Some(Value::from(raw)), "{row} {column}");
    }
    for (name, _, _) in DOCUMENTS {
        let json = extract_json(name);
        let two = table(&json, "T2");
        assert_eq!(two["missing"].as_array().map(Vec::len), Some(0), "{name}");
        assert_eq!(cells(&json, "T2").len(), 10, "{name}");
    }
}

/// `check --format json`: 010's two wrong totals of table 四 are reported at their cells; no
/// arithmetic check fails for 009, 011 and the synthetic file.
#[test]
fn arithmetic_findings() {
    for (name, path, _) in DOCUMENTS {
        let output = nianbao(&["check", "--format", "json", path]);
        let json: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
        let findings = json["reports"][0]["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let arithmetic: Vec<(String, String)> = findings
            .iter()
            .filter(|f| {
                f["rule"]
                    .as_str()
                    .is_some_and(|r| ["T3-01", "T3-02", "T3-03", "T4-01"].contains(&r))
            })
            .map(|f| {
                let first = &f["cells"][0];
                (
                    f["rule"].as_str().unwrap_or_default().to_owned(),
                    format!("{}/{}={}", first["row"], first["column"], first["raw"]),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = match *name {
            "010" => vec![
                ("T4-01".to_owned(), r#""N"/"RV.TOT"="0""#.to_owned()),
                ("T4-01".to_owned(), r#""N"/"AFT.TOT"="0""#.to_owned()),
            ],
            // The seeded （七）总计 × 总计 (`seeded_error_at_its_cell` checks the cells).
            "synthetic-error" => {
                let mut rules: Vec<&str> = arithmetic.iter().map(|(r, _)| r.as_str()).collect();
                rules.sort_unstable();
                assert_eq!(rules, ["T3-01", "T3-02", "T3-03"]);
                arithmetic.clone()
            }
            _ => Vec::new(),
        };
        assert_eq!(arithmetic, expected, "{name}");
    }
}

/// A PDF without a text layer (only drawn rectangles) is refused with read::no-text-layer.
#[test]
fn scan_is_refused() {
    let output = nianbao(&[
        "check",
        "--color",
        "never",
        "tests/fixtures/pdf/no-text-layer.pdf",
    ]);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    assert!(
        output.stderr.contains("read::no-text-layer"),
        "{}",
        output.snapshot()
    );
}

/// Text extracted from a PDF (here `pdftotext -layout`, beside the PDF in the corpus) has lost
/// the table's lines: it is not checked, and the message says to check the PDF itself, which
/// reads correctly (`check_pdfs`). The same file without its form feeds gets the general advice.
#[test]
fn text_extracted_from_a_pdf_points_at_the_pdf() {
    let layout = "tests/fixtures/corpus/011-hongze-qu-2024.pdftotext.txt";
    let output = nianbao(&["check", "--color", "never", layout]);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    insta::assert_snapshot!("check__011-pdftotext", output.snapshot());
    let joined: String = output.stderr.split_whitespace().collect();
    assert!(
        joined.contains("请直接检查PDF文件本身"),
        "{}",
        output.snapshot()
    );

    let text = std::fs::read_to_string(nianbao_tests::root().join(layout)).unwrap_or_default();
    assert!(text.contains('\u{c}'));
    let flat = std::env::temp_dir().join(format!("nianbao-no-breaks-{}.txt", std::process::id()));
    assert!(std::fs::write(&flat, text.replace('\u{c}', "\n")).is_ok());
    let output = nianbao(&["check", "--color", "never", &flat.to_string_lossy()]);
    let _ = std::fs::remove_file(&flat);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    let joined: String = output.stderr.split_whitespace().collect();
    assert!(
        joined.contains("表格可能以图片形式发布"),
        "{}",
        output.snapshot()
    );
    assert!(!joined.contains("PDF文件本身"), "{}", output.snapshot());
}

/// The seeded error of the synthetic PDF is reported at the changed cell: T3-01, T3-02 and
/// T3-03 all point at （七）总计 × 总计 (14 instead of 13), with its page and box.
#[test]
fn seeded_error_at_its_cell() {
    let output = nianbao(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/pdf/tables-2021-error.pdf",
    ]);
    assert_eq!(output.exit, 1);
    let json: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let findings = json["reports"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for rule in ["T3-01", "T3-02", "T3-03"] {
        let finding = findings.iter().find(|f| f["rule"] == rule);
        let cell = finding
            .and_then(|f| f["cells"].as_array())
            .and_then(|cells| {
                cells
                    .iter()
                    .find(|c| c["row"] == "R3.7" && c["column"] == "TOT")
            });
        let cell = cell.cloned().unwrap_or_default();
        assert_eq!(cell["value"], 14, "{rule}");
        assert!(cell["location"]["page"].as_u64().is_some(), "{rule}: page");
        assert!(cell["location"]["bbox"].is_object(), "{rule}: bbox");
    }
}

/// The report without ruling lines: every value of tables 二, 三 and 四 is read into its cell
/// (the blank cell of （三）2. as blank), every cell with its page and box, and `check` finds no
/// error.
#[test]
fn borderless_reads_every_cell() {
    let json = extract_json("synthetic-borderless");
    let two = [
        ("REG", "MADE", "1"),
        ("REG", "REPEALED", "0"),
        ("REG", "VALID", "5"),
        ("NORM", "MADE", "3"),
        ("NORM", "REPEALED", "1"),
        ("NORM", "VALID", "20"),
        ("LIC", "DEC", "1024"),
        ("PEN", "DEC", "356"),
        ("ENF", "DEC", "12"),
        ("FEE", "AMT", "3.5"),
    ];
    for (row, column, raw) in two {
        let found = cells(&json, "T2")
            .into_iter()
            .find(|c| c["row"] == row && c["column"] == column)
            .map(|c| c["raw"].clone());
        assert_eq!(found, Some(Value::from(raw)), "T2 {row} {column}");
    }
    assert_eq!(cells(&json, "T2").len(), two.len());
    for (row, expected) in BORDERLESS_THREE {
        for (column, number) in THREE_COLUMNS.iter().zip(expected) {
            let cell = cells(&json, "T3")
                .into_iter()
                .find(|c| c["row"] == *row && c["column"] == *column)
                .cloned()
                .unwrap_or_default();
            match number {
                Some(n) => assert_eq!(cell["value"], Value::from(*n), "T3 {row} {column}"),
                None => assert_eq!(cell["raw"], "", "T3 {row} {column}: {cell}"),
            }
        }
    }
    assert_eq!(cells(&json, "T3").len(), BORDERLESS_THREE.len() * 7);
    for id in ["T2", "T3", "T4"] {
        let table = table(&json, id);
        assert_eq!(table["missing"].as_array().map(Vec::len), Some(0), "{id}");
        assert_eq!(table["unplaced"].as_array().map(Vec::len), Some(0), "{id}");
        for cell in cells(&json, id) {
            let location = &cell["location"];
            assert!(location["page"].as_u64().is_some_and(|p| p >= 1), "{cell}");
            let bbox = &location["bbox"];
            let (x0, x1) = (bbox["x0"].as_f64(), bbox["x1"].as_f64());
            assert!(x0.zip(x1).is_some_and(|(a, b)| a <= b), "{cell}");
        }
    }
    let output = nianbao(&["check", "--format", "json", path("synthetic-borderless")]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    let checked: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let findings = checked["reports"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "{findings:?}"
    );
}

/// Table 三 with its numbers typed one after another (no column can be told, and a blank cell
/// would shift the numbers after it): `check` warns with read::table-without-lines at its
/// first line, naming its pages, reads none of its numbers (the table is reported missing),
/// and still reads tables 二 and 四.
#[test]
fn ambiguous_columns_are_refused() {
    let output = nianbao(&["check", "--color", "never", AMBIGUOUS]);
    assert_eq!(output.exit, 1, "{}", output.snapshot());
    insta::assert_snapshot!("check__synthetic-ambiguous", output.snapshot());
    let output = nianbao(&["check", "--format", "json", AMBIGUOUS]);
    let checked: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let findings = checked["reports"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let warning = findings
        .iter()
        .find(|f| f["rule"] == "read::table-without-lines")
        .cloned()
        .unwrap_or_default();
    assert_eq!(warning["severity"], "warning", "{findings:?}");
    assert_eq!(
        warning["message"],
        "第 2 至 3 页的表格没有表格线，无法可靠地确定每个数字所在的列"
    );
    assert_eq!(warning["notes"][0]["span"]["line"], 61, "{warning}");
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    // The synthetic report's 总体情况 is one sentence: three of its five topics are not
    // there (F-06c–e, information only).
    assert_eq!(
        rules,
        [
            "bind::missing-table",
            "F-06c",
            "F-06d",
            "F-06e",
            "read::table-without-lines"
        ],
        "{findings:?}"
    );
    let output = nianbao(&["extract", "--format", "json", AMBIGUOUS]);
    let json: Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    assert!(cells(&json, "T3").is_empty());
    assert_eq!(cells(&json, "T2").len(), 10);
    let four: Vec<Value> = FOUR_COLUMNS
        .iter()
        .map(|column| value(&json, "T4", "N", column))
        .collect();
    let expected: Vec<Value> = [3, 1, 1, 0, 5, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]
        .into_iter()
        .map(Value::from)
        .collect();
    assert_eq!(four, expected);
}
