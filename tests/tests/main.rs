//! Every fixture and snapshot test of the workspace, one module per subject (`tests/README.md`
//! says what each pins). They are one test binary, not one per file: each binary links the
//! whole program again, and on a 2-core machine 35 links cost minutes of every CI run.

mod batch;
mod batch_formats;
mod batch_html;
mod codes;
mod examples;
mod explanations;
mod fix;
mod fuzz_regressions;
mod limits;
mod localise;
mod locations;
mod mutation;
mod narrative;
mod output_integrity;
mod properties;
mod read_converted;
mod read_crawler;
mod read_doc;
mod read_docx;
mod read_html;
mod read_json;
mod read_markdown;
mod read_pdf;
mod readme;
mod reference;
mod rules_hostility;
mod rules_input_method;
mod rules_lint;
mod rules_selftest;
mod schema;
mod tables_joined;
mod templates;
mod units;
mod variance;
mod years;

/// With `autotests = false` a file under `tests/` is compiled only when declared above: one
/// added without its `mod` line would never run, and nothing else would say so.
#[test]
fn every_test_file_is_declared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap_or_default();
    let files: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let module = name.strip_suffix(".rs")?.to_owned();
            (module != "main").then_some(module)
        })
        .collect();
    assert!(files.len() > 30, "{files:?}");
    let undeclared: Vec<&String> = files
        .iter()
        .filter(|module| !main.lines().any(|line| line == format!("mod {module};")))
        .collect();
    assert!(
        undeclared.is_empty(),
        "add `mod …;` to tests/tests/main.rs for {undeclared:?}"
    );
}
