//! What the fuzz targets (`fuzz/`) and the regression tests of their findings run: bytes in,
//! and every property that must hold for any input checked (by panicking, which is how
//! libFuzzer and tests learn of a failure). Each function is one target.

use std::io::Write;

use nianbao_model::{Document, SourceFormat};
use nianbao_read::{ReadError, ReadOptions};

/// Third-party parsers whose panics the readers catch and report as damage.
const CONTAINED: &[&str] = &["/pdf_oxide-", "/office_oxide-"];

/// Lets a panic inside a [`CONTAINED`] parser unwind to the reader that catches it, and hands
/// every other panic to the hook installed before (libFuzzer's, which counts it as a crash).
/// The fuzzer's hook would otherwise abort on a panic that nianbao handles.
fn allow_contained_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file()).unwrap_or_default();
            if !CONTAINED.iter().any(|c| file.contains(c)) {
                previous(info);
            }
        }));
    });
}

/// Reads `bytes` as `format` and checks the result: a document whose spans all lie on
/// character boundaries of its text, or an error whose position lies inside the file.
pub fn read_as(format: SourceFormat, bytes: &[u8]) {
    allow_contained_panics();
    let result = nianbao_read::read_as(bytes, format, &ReadOptions::default());
    check_read(bytes, result.as_ref());
}

/// Reads `bytes` detecting the format, and checks the result as [`read_as`] does.
pub fn read_any(bytes: &[u8]) {
    allow_contained_panics();
    let result = nianbao_read::read(bytes, &ReadOptions::default());
    check_read(bytes, result.as_ref());
}

/// The properties every reader result has.
pub fn check_read(bytes: &[u8], result: Result<&Document, &ReadError>) {
    match result {
        Ok(document) => check_spans(document),
        Err(error) => {
            assert!(error.offset() <= bytes.len(), "error offset past the end");
            assert!(
                error.line() >= 1 && error.column() >= 1,
                "position not 1-based"
            );
            assert!(!error.to_string().is_empty());
        }
    }
}

/// Every cell and paragraph span slices the document text on character boundaries.
pub fn check_spans(document: &Document) {
    let text = &document.text;
    let slices = |start: usize, end: usize| start <= end && text.get(start..end).is_some();
    for table in document.tables() {
        for row in &table.rows {
            for cell in &row.cells {
                let span = cell.span;
                assert!(
                    slices(span.start, span.end),
                    "cell span {span:?} off the text"
                );
            }
        }
    }
    for paragraph in document.paragraphs() {
        let span = paragraph.span;
        assert!(
            slices(span.start, span.end),
            "paragraph span {span:?} off the text"
        );
    }
}

/// Decodes `bytes` as `nianbao` decodes a rule file (UTF-8, UTF-16, GBK…), compiles it,
/// renders any error, and formats it: no panic, an error that renders, and a formatter that
/// is idempotent.
pub fn rules(bytes: &[u8]) {
    let Ok((text, _)) = nianbao_read::decode_text(bytes) else {
        return;
    };
    let text = text.as_str();
    if let Err(error) = nianbao_rules::compile("fuzz.rules", text) {
        let handler = miette::GraphicalReportHandler::new();
        let mut rendered = String::new();
        assert!(handler.render_report(&mut rendered, &error).is_ok());
    }
    let once = nianbao_rules::format::format(text);
    assert_eq!(
        nianbao_rules::format::format(&once),
        once,
        "fmt is not idempotent"
    );
}

/// The library's one call on `bytes`: a result whose findings point into the document's
/// text, or an error with a catalogued code that is not `internal`.
pub fn library(bytes: &[u8]) {
    allow_contained_panics();
    let checker = nianbao_check::Checker::builtin().map(|c| c.with_timeout(None));
    let Ok(checker) = checker else {
        panic!("the built-in rules do not compile");
    };
    match checker.check_bytes(bytes.to_vec(), "report") {
        Ok(checked) => {
            let text = &checked.document.text;
            for finding in &checked.findings {
                for note in &finding.notes {
                    let span = note.span;
                    assert!(
                        span.start <= span.end && text.get(span.start..span.end).is_some(),
                        "note span {span:?} off the text"
                    );
                }
            }
            let counted = checked.counts.errors + checked.counts.warnings + checked.counts.infos;
            assert_eq!(counted, checked.findings.len());
        }
        Err(error) => {
            assert_ne!(error.code(), nianbao_model::Code::Internal, "{error}");
        }
    }
}

/// The whole `nianbao check` on `bytes` saved as a file, in human and JSON form: it ends
/// with a documented exit code, and the JSON output parses. The library's call is checked
/// too ([`library`]).
pub fn pipeline(bytes: &[u8]) {
    library(bytes);
    allow_contained_panics();
    let dir = std::env::temp_dir().join(format!("nianbao-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("report");
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes));
    if written.is_err() {
        return;
    }
    let path = path.display().to_string();
    for format in ["human", "json"] {
        let output = crate::nianbao_here(&["check", "--format", format, &path]);
        assert!(
            matches!(output.exit, 0 | 1 | 4),
            "exit {}: {}",
            output.exit,
            output.stderr
        );
        if format == "json" {
            let parsed: Result<serde_json::Value, _> = serde_json::from_str(&output.stdout);
            let Ok(parsed) = parsed else {
                panic!("JSON output does not parse");
            };
            let code = &parsed["reports"][0]["error"]["code"];
            assert_ne!(code.as_str(), Some("internal"), "{}", output.stderr);
        }
    }
}

/// The numeric cells of the document's tables that are neither placed nor reported (each as
/// "table/row/cell: text"): empty when nothing was lost.
///
/// Every table counts, whether the binder used it or not. A numeric cell is accounted for when
/// a bound cell comes from it (crawler text may give one cell several values), or an unplaced
/// entry covers its text (unplaced in a template table: unknown row, repeated table, ambiguous
/// run; or outside every template table, `bind::unused-table`) and says where it is.
pub fn lost_numbers(document: &Document, report: &nianbao_model::Report) -> Vec<String> {
    use std::collections::BTreeSet;
    let mut placed: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
    let mut unplaced: Vec<(usize, usize)> = Vec::new();
    for table in &report.tables {
        for cell in &table.cells {
            let at = cell.location;
            placed.insert((at.table, at.row, at.cell));
        }
        unplaced.extend(table.unplaced.iter().map(|u| (u.span.start, u.span.end)));
    }
    unplaced.extend(report.outside.iter().map(|u| (u.span.start, u.span.end)));
    let mut lost = Vec::new();
    for table in document.tables() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                if nianbao_model::Value::parse(&cell.text).number().is_none() {
                    continue;
                }
                let covered = unplaced
                    .iter()
                    .any(|&(start, end)| start <= cell.span.start && cell.span.end <= end);
                if !placed.contains(&(table.index, r, c)) && !covered {
                    lost.push(format!("{}/{r}/{c}: {}", table.index, cell.text));
                }
            }
        }
    }
    lost
}
