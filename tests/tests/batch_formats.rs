//! The batch formats for other programs and for CI: `concise`, `csv`, `sarif` and `junit`,
//! each run over a clean report, a report with errors and a file that does not exist, with a
//! snapshot of what the user sees; plus the checks each format promises (the CSV parses back
//! row by row, the SARIF log is valid against the official schema, the JUnit XML parses and
//! its counts add up).

use std::sync::OnceLock;

use nianbao_tests::{Output, nianbao, root};
use quick_xml::Reader;
use quick_xml::events::Event;

/// The three inputs of every run.
const INPUTS: [&str; 3] = [
    "examples/2024-nanguan-jiaoyuju.txt",
    "examples/errors/balance.txt",
    "no-such.txt",
];

/// Reports whose text is not what the user reads: the places are in words.
const PLACES: [&str; 3] = [
    "tests/fixtures/pdf/tables-2021-error.pdf",
    "tests/fixtures/docx/seeded-error.docx",
    "tests/fixtures/html/portal-2023-error.html",
];

fn check(format: &str, inputs: &[&str]) -> Output {
    let mut args = vec!["check", "--color", "never", "--format", format];
    args.extend_from_slice(inputs);
    nianbao(&args)
}

/// Concise: a line per finding, the missing file's code, the totals.
#[test]
fn concise() {
    let output = check("concise", &INPUTS);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    insta::assert_snapshot!(output.snapshot());
}

/// Concise for PDF, .docx and HTML: page, table and row instead of the text view's lines.
#[test]
fn concise_places() {
    let output = check("concise", &PLACES);
    assert_eq!(output.exit, 1, "{}", output.snapshot());
    for path in PLACES {
        assert!(
            output.stdout.contains(&format!("{path}:表三"))
                || output.stdout.contains(&format!("{path}:第 ")),
            "{path} has no place in words:\n{}",
            output.stdout
        );
    }
    insta::assert_snapshot!(output.snapshot());
}

/// A CSV file as RFC 4180 reads it: records of fields, quotes doubled inside quoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => {
                assert!(c != '\n' && c != '\r', "a bare line break outside quotes");
                field.push(c);
            }
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record is not ended by CRLF"
    );
    records
}

/// CSV: a BOM, the Chinese header, every row with the header's twelve fields.
#[test]
fn csv() {
    let output = check("csv", &INPUTS);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    let text = output
        .stdout
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a byte-order mark");
    let records = parse_csv(text);
    assert_eq!(
        records.first().map(|r| r.join(",")).as_deref(),
        Some("文件,机关,年度,模板,代码,严重程度,说明,表格,行,列,位置,建议")
    );
    for record in &records {
        assert_eq!(record.len(), 12, "{record:?}");
    }
    let files: Vec<&str> = records.iter().skip(1).map(|r| r[0].as_str()).collect();
    for input in INPUTS {
        assert!(files.contains(&input), "no row for {input}");
    }
    let missing = records.iter().find(|r| r[0] == "no-such.txt").expect("row");
    assert_eq!(
        (missing[4].as_str(), missing[5].as_str()),
        ("read::io", "错误")
    );
    let clean = records
        .iter()
        .find(|r| r[0] == INPUTS[0])
        .expect("row of the clean report");
    assert_eq!(clean[6], "未发现问题");
    // The snapshot shows the rows one per line, the BOM and CRLF made visible.
    let shown = output
        .snapshot()
        .replace('\u{feff}', "<BOM>")
        .replace("\r\n", "<CRLF>\n");
    insta::assert_snapshot!(shown);
}

/// CSV with `--summary-only`: the per-report table.
#[test]
fn csv_summary_only() {
    let mut inputs = vec!["--summary-only"];
    inputs.extend_from_slice(&INPUTS);
    let output = check("csv", &inputs);
    let text = output.stdout.strip_prefix('\u{feff}').expect("BOM");
    let records = parse_csv(text);
    assert_eq!(records.len(), 1 + INPUTS.len(), "{text}");
    for record in &records {
        assert_eq!(record.len(), 9, "{record:?}");
    }
    insta::assert_snapshot!(
        output
            .snapshot()
            .replace('\u{feff}', "<BOM>")
            .replace("\r\n", "<CRLF>\n")
    );
}

/// The official SARIF 2.1.0 schema, vendored (see `tests/fixtures/schema/README.md`).
fn sarif_schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = root().join("tests/fixtures/schema/sarif-2.1.0.json");
        let text = std::fs::read_to_string(&path).expect("the vendored SARIF schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("a valid schema")
    })
}

/// Asserts that `text` is a SARIF log valid against the official schema, and returns it.
fn valid_sarif(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let broken: Vec<String> = sarif_schema()
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        broken.is_empty(),
        "SARIF breaks the schema:\n{}",
        broken.join("\n")
    );
    // What the schema cannot say: every result names a rule of the driver, at its index.
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
    }
    log
}

/// The log as printed, with each check's rule descriptor reduced to its id and the codes'
/// descriptors left out: they repeat the rule files and the code catalogue, which have
/// snapshots of their own (and `sarif` asserts that every code is a rule).
fn without_rule_texts(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_rules = false;
    for line in text.lines() {
        if line == "          \"rules\": [" {
            in_rules = true;
            out.push(format!("{line} …（只列检查的 id，诊断代码从略）"));
        } else if in_rules && line.starts_with("          ]") {
            in_rules = false;
            out.push(line.to_owned());
        } else if !in_rules
            || line
                .strip_prefix("              \"id\": \"")
                .and_then(|id| id.strip_suffix("\","))
                .is_some_and(|id| nianbao_model::Code::from_name(id).is_none())
        {
            out.push(line.to_owned());
        }
    }
    out.join("\n")
}

/// SARIF: valid against the official schema; a rule per check and per code.
#[test]
fn sarif() {
    let output = check("sarif", &INPUTS);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    let log = valid_sarif(&output.stdout);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for code in nianbao_model::Code::ALL {
        assert!(
            rules.iter().any(|r| r["id"] == code.as_str()),
            "no rule for {}",
            code.as_str()
        );
    }
    // Two descriptors in full: a check and a code.
    let described: Vec<&serde_json::Value> = rules
        .iter()
        .filter(|r| r["id"] == "T3-01" || r["id"] == "read::io")
        .collect();
    insta::assert_json_snapshot!("sarif_rules", described);
    insta::assert_snapshot!(format!(
        "exit: {}\n--- stdout (rules: ids only) ---\n{}\n--- stderr ---\n{}",
        output.exit,
        without_rule_texts(&output.stdout),
        output.stderr
    ));
}

/// SARIF for PDF, .docx and HTML: the place in words as a logical location, the PDF page,
/// the text view marked.
#[test]
fn sarif_places() {
    let output = check("sarif", &PLACES);
    let log = valid_sarif(&output.stdout);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let pdf = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with(".pdf"))
        })
        .expect("a PDF result");
    let location = &pdf["locations"][0];
    assert!(location["physicalLocation"]["region"]["properties"]["page"].is_u64());
    assert_eq!(
        location["physicalLocation"]["region"]["properties"]["textView"],
        true
    );
    assert!(
        location["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .is_some_and(|n| n.contains("表三"))
    );
    insta::assert_snapshot!(without_rule_texts(&output.stdout));
}

/// Counts of a JUnit document, from its elements and from its attributes.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    suites: usize,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

fn junit_counts(xml: &str) -> (Counts, Counts) {
    let mut reader = Reader::from_str(xml);
    let mut elements = Counts::default();
    let mut attributes = Counts::default();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(start) => (Some(start.clone()), false),
            Event::Empty(start) => (Some(start.clone()), true),
            Event::End(_) => {
                depth -= 1;
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(start) = start else { continue };
        if !empty {
            depth += 1;
        }
        let attribute = |name: &str| -> usize {
            start
                .try_get_attribute(name)
                .expect("attribute")
                .map(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("value")
                        .parse::<usize>()
                        .expect("a number")
                })
                .unwrap_or(0)
        };
        match start.name().as_ref() {
            "testsuite" => {
                elements.suites += 1;
                attributes.suites += 1;
                attributes.tests += attribute("tests");
                attributes.failures += attribute("failures");
                attributes.errors += attribute("errors");
                attributes.skipped += attribute("skipped");
            }
            "testcase" => elements.tests += 1,
            "failure" => elements.failures += 1,
            "error" => elements.errors += 1,
            "skipped" => elements.skipped += 1,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    (elements, attributes)
}

/// JUnit: well-formed XML whose counts agree with its elements.
#[test]
fn junit() {
    let output = check("junit", &INPUTS);
    assert_eq!(output.exit, 4, "{}", output.snapshot());
    let (elements, attributes) = junit_counts(&output.stdout);
    assert_eq!(elements, attributes);
    assert_eq!(elements.suites, 3);
    assert_eq!(elements.errors, 1, "the missing file");
    assert_eq!(elements.failures, 1, "T3-01 in balance.txt");
    insta::assert_snapshot!(output.snapshot());
}

/// The vendored schema does reject a broken log (so `valid_sarif` checks something).
#[test]
fn sarif_schema_rejects_broken_logs() {
    let output = check("sarif", &INPUTS[1..2]);
    let mut log: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(sarif_schema().iter_errors(&log).count(), 0);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(sarif_schema().iter_errors(&log).count() >= 2);
}
