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
