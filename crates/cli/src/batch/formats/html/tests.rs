#![expect(clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use nianbao_check::{CheckError, Checked, Checker};

use super::Html;
use crate::Style;
use crate::batch::{Outcome, Sink, SinkContext, Summary};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// The page for the given examples, as the batch driver would write it.
fn page(names: &[&str], max_findings: Option<usize>, summary_only: bool) -> String {
    let checker = Checker::builtin().unwrap();
    let paths: Vec<PathBuf> = names.iter().map(|n| example(n)).collect();
    let results: Vec<Result<Checked, CheckError>> =
        paths.iter().map(|p| checker.check_file(p)).collect();
    let context = SinkContext {
        style: Style {
            color: false,
            width: 100,
        },
        max_findings,
        summary_only,
        rules: checker.rules(),
    };
    let mut out = Vec::new();
    let mut sink = Html;
    let mut summary = Summary::default();
    sink.begin(&mut out, &context).unwrap();
    for (index, (path, result)) in names.iter().zip(&results).enumerate() {
        let outcome = Outcome {
            index,
            path: Path::new(path),
            result,
            accepted: 0,
            duplicate_of: None,
            compared: None,
        };
        summary.add(&outcome);
        crate::batch::outcome::write_report(&mut sink, &mut out, &outcome, &context).unwrap();
    }
    sink.finish(&mut out, &summary, &context).unwrap();
    String::from_utf8(out).unwrap()
}

/// A batch page has one section per input, the culprit cells with both values, and the
/// summary after the sections.
#[test]
fn writes_sections_grids_and_summary() {
    let html = page(
        &[
            "2024-nanguan-jiaoyuju.txt",
            "errors/balance.txt",
            "no-such.txt",
        ],
        None,
        false,
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.ends_with("</html>\n"));
    assert_eq!(html.matches("<section class=\"report").count(), 3);
    for id in ["r1", "r2", "r3"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(html.contains(&format!("href=\"#{id}\"")), "{id}");
    }
    assert!(html.contains("class=\"report status-clean\" id=\"r1\""));
    assert!(html.contains("class=\"report status-error\" id=\"r2\""));
    assert!(html.contains("class=\"report status-unreadable\" id=\"r3\""));
    assert!(html.contains("<code class=\"rule\">read::io</code>"));
    // balance.txt: 一、本年新收 × 自然人 is 2 and would be 3.
    assert!(html.contains("<td data-cell=\"R1|NP\" class=\"hit sev-error culprit uncertain\""));
    assert!(html.contains(
        "<span class=\"was\">2</span><span class=\"arrow\"> → </span><span class=\"fix\">3</span>？"
    ));
    // The summary comes after the last section.
    let summary = html.find("id=\"summary\"").unwrap();
    let last = html.find("id=\"r3\"").unwrap();
    assert!(summary > last);
    // No grid for the clean report.
    assert!(!html.contains("id=\"r1-T3\""));
    assert!(html.contains("id=\"r2-T3\""));
}

/// `summary_only` writes no section and links to none.
#[test]
fn summary_only_has_no_sections() {
    let html = page(&["errors/balance.txt"], None, true);
    assert!(!html.contains("<section class=\"report"));
    assert!(!html.contains("href=\"#r1\""));
    assert!(html.contains("id=\"summary\""));
}

/// `max_findings` caps the list and says how many are left out.
#[test]
fn max_findings_caps_the_list() {
    let html = page(&["errors/balance.txt"], Some(1), false);
    assert_eq!(html.matches("<li class=\"item").count(), 1);
    assert!(html.contains("另有 2 项未列出（--max-findings 1）"));
}

/// A skipped duplicate gets a section saying which input it repeats, and no findings.
#[test]
fn duplicate_names_the_earlier_input() {
    let checker = Checker::builtin().unwrap();
    let result = checker.check_file(example("errors/balance.txt"));
    let context = SinkContext {
        style: Style {
            color: false,
            width: 100,
        },
        max_findings: None,
        summary_only: false,
        rules: checker.rules(),
    };
    let outcome = Outcome {
        index: 1,
        path: Path::new("copy/<balance>.txt"),
        result: &result,
        accepted: 0,
        duplicate_of: Some(crate::batch::outcome::Duplicate {
            of: Path::new("errors/balance.txt"),
            identical: true,
        }),
        compared: None,
    };
    let mut out = Vec::new();
    Html.report(&mut out, &outcome, &context).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(html.contains("class=\"report status-duplicate\" id=\"r2\""));
    assert!(html.contains("copy/&lt;balance&gt;.txt"));
    assert!(html.contains("errors/balance.txt</span> 内容完全相同，未重复检查"));
    assert!(!html.contains("class=\"item"));
}
