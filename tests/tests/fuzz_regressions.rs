//! Every input the fuzzers ever found a problem with (`tests/fixtures/fuzz/TARGET/`), and every
//! seed they start from, run through the fuzz targets' own harness: no panic, spans on the
//! text, errors located in the file, a documented exit code, JSON that parses.

use std::path::Path;

use nianbao_model::SourceFormat;
use nianbao_tests::{harness, root};

/// The harness of a fuzz target, by the target's name.
fn target(name: &str) -> Option<fn(&[u8])> {
    let run: fn(&[u8]) = match name {
        "read_text" => |b| harness::read_as(SourceFormat::Text, b),
        "read_html" => |b| harness::read_as(SourceFormat::Html, b),
        "read_docx" => |b| harness::read_as(SourceFormat::Docx, b),
        "read_pdf" => |b| harness::read_as(SourceFormat::Pdf, b),
        "read_markdown" => |b| harness::read_as(SourceFormat::Markdown, b),
        "read_json" => |b| harness::read_as(SourceFormat::Json, b),
        "rules" => harness::rules,
        "pipeline" => harness::pipeline,
        _ => return None,
    };
    Some(run)
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Each kept finding still passes its target.
#[test]
fn findings_stay_fixed() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(run) = target(&name) else {
            panic!("{name}: not a fuzz target");
        };
        for file in files(&path) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            eprintln!("{}", file.display());
            run(&bytes);
            ran += 1;
        }
    }
    // The findings kept so far (read_json, 3 read_pdf, rules, 2 pipeline); none may go missing
    // unnoticed.
    assert!(ran >= 7, "only {ran} kept findings under {}", dir.display());
}

/// The fuzzers' seeds pass every target's properties as well: every committed input goes
/// through the reader of its format and through the whole pipeline.
#[test]
fn seeds_pass() {
    let seeds: &[(&str, &str)] = &[
        ("read_text", "examples"),
        ("read_text", "tests/fixtures/codes"),
        ("read_html", "tests/fixtures/html"),
        ("read_docx", "tests/fixtures/docx"),
        ("read_pdf", "tests/fixtures/pdf"),
        ("read_markdown", "tests/fixtures/markdown"),
        ("read_json", "tests/fixtures/json"),
        ("rules", "rules"),
        ("pipeline", "tests/fixtures/limits"),
        ("pipeline", "tests/fixtures/corpus"),
    ];
    for (name, dir) in seeds {
        let Some(run) = target(name) else {
            panic!("{name}: not a fuzz target");
        };
        let files = files(&root().join(dir));
        assert!(!files.is_empty(), "no seeds in {dir}");
        for file in files {
            run(&std::fs::read(&file).unwrap_or_default());
        }
    }
}

/// The harness leaves the working directory alone: libFuzzer writes its corpus and findings
/// at paths relative to it, so a harness that moved it lost them mid-run.
#[test]
fn pipeline_keeps_the_working_directory() {
    let before = std::env::current_dir().ok();
    harness::pipeline(b"not a report");
    assert_eq!(std::env::current_dir().ok(), before);
}
