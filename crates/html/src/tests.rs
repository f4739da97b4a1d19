#![expect(clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use nianbao_check::model::Severity;
use nianbao_check::{CheckError, Checked, Checker};

use super::{Esc, Section, duplicate_section, section, severity_badge};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// The section of one example, the first of its batch.
fn render(name: &str, accepted: usize, note: Option<&str>, max_findings: Option<usize>) -> String {
    let checker = Checker::builtin().unwrap();
    let result: Result<Checked, CheckError> = checker.check_file(example(name));
    section(&Section {
        id: "r1",
        index: 0,
        path: name,
        result: &result,
        rules: checker.rules(),
        accepted,
        note,
        max_findings,
    })
}

/// Every character with a meaning in HTML is escaped, in text and in attributes.
#[test]
fn escapes_markup_characters() {
    assert_eq!(
        Esc("a<b>&\"c\"'d'").to_string(),
        "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
    );
    assert_eq!(Esc("南关区").to_string(), "南关区");
    assert_eq!(Esc("").to_string(), "");
}

/// The badge's class and word follow the severity.
#[test]
fn badge_names_the_severity() {
    assert_eq!(
        severity_badge(Severity::Error),
        "<span class=\"badge sev-error\">错误</span>"
    );
    assert_eq!(
        severity_badge(Severity::Warning),
        "<span class=\"badge sev-warning\">警告</span>"
    );
}

/// A report with a wrong cell: its findings, the culprit cell with both values in the grid of
/// its table, and links from the findings to that grid.
#[test]
fn marks_the_culprit_in_its_grid() {
    let html = render("errors/balance.txt", 0, None, None);
    assert!(html.starts_with("<section class=\"report status-error\" id=\"r1\">\n"));
    assert!(html.ends_with("</section>\n"));
    assert!(
        html.contains(
            "<span class=\"index\">1</span> <span class=\"path\">errors/balance.txt</span>"
        )
    );
    assert!(html.contains("id=\"r1-f1\""));
    assert!(html.contains("<div class=\"grid\" id=\"r1-T3\">"));
    assert!(html.contains("href=\"#r1-T3\""));
    // 一、本年新收 × 自然人 is 2 and would be 3.
    assert!(html.contains("<td data-cell=\"R1|NP\" class=\"hit sev-error culprit uncertain\""));
    assert!(html.contains(
        "<span class=\"was\">2</span><span class=\"arrow\"> → </span><span class=\"fix\">3</span>？"
    ));
    assert!(!html.contains("class=\"note\""));
}

/// A clean report says so and draws no grid.
#[test]
fn clean_report_has_no_grid() {
    let html = render("2024-nanguan-jiaoyuju.txt", 0, None, None);
    assert!(html.starts_with("<section class=\"report status-clean\" id=\"r1\">\n"));
    assert!(html.contains("<p class=\"clean\">未发现问题。</p>"));
    assert!(!html.contains("class=\"grid\""));
}

/// A file that could not be read shows its error's code and no findings.
#[test]
fn unreadable_shows_the_error() {
    let html = render("no-such.txt", 0, Some("与别的报告对照"), None);
    assert!(html.starts_with("<section class=\"report status-unreadable\" id=\"r1\">\n"));
    assert!(html.contains("<code class=\"rule\">read::io</code>"));
    assert!(!html.contains("class=\"item"));
    // The note is about a checked report's findings.
    assert!(!html.contains("与别的报告对照"));
}

/// `max_findings` caps the list and says how many are left out.
#[test]
fn max_findings_caps_the_list() {
    let html = render("errors/balance.txt", 0, None, Some(1));
    assert_eq!(html.matches("<li class=\"item").count(), 1);
    assert!(html.contains("另有 2 项未列出（--max-findings 1）"));
}

/// The note and the count of accepted findings stand under the heading, the note escaped.
#[test]
fn note_and_accepted_are_said() {
    let html = render("errors/balance.txt", 3, Some("与<上一年度>对照"), None);
    assert!(html.contains("<p class=\"note\">与&lt;上一年度&gt;对照</p>"));
    assert!(html.contains("另有 3 项已由说明文件接受，未列出。"));
}

/// A skipped duplicate's section says which input it repeats, every name escaped.
#[test]
fn duplicate_names_the_earlier_input() {
    let html = duplicate_section(
        "r2",
        1,
        "copy/<balance>.txt",
        "errors/balance.txt",
        "内容完全相同",
    );
    assert_eq!(
        html,
        "<section class=\"report status-duplicate\" id=\"r2\">\n\
         <h3><span class=\"index\">2</span> <span class=\"path\">copy/&lt;balance&gt;.txt</span></h3>\n\
         <p class=\"note\">与 <span class=\"path\">errors/balance.txt</span> 内容完全相同，未重复检查。</p>\n\
         </section>\n"
    );
}

/// What a narrative check read in the prose is quoted in its line with the words marked.
#[test]
fn narrative_findings_quote_the_prose() {
    let html = render(
        "../tests/fixtures/narrative/direction-wrong.txt",
        0,
        None,
        None,
    );
    assert!(html.contains("N-01e"), "{html}");
    assert!(
        html.contains("<li class=\"quote\"><span class=\"where\">第 9 行</span>"),
        "{html}"
    );
    assert!(
        html.contains("<mark>收到依申请公开信息申请2件</mark>"),
        "{html}"
    );
}
