//! `--format junit`: JUnit XML for CI pipelines. One `<testsuite>` per report (named after
//! its path), written as the report arrives, inside a `<testsuites>` opened in `begin` and
//! closed in `finish`. Because the root is written first, it carries no totals (each suite
//! has its own `tests`, `failures`, `errors` and `skipped`; CI tools add them up).
//!
//! - A suite has one `<testcase>` per check of its template that ran (its tables were found)
//!   and one per other check id or code with findings (`bind::…`, `fix::…`), in that order;
//!   the test case is named `T3-01 标题` (a code by itself) and its class is the path.
//! - A test case fails (`<failure message=… type=代码>`) when it has a finding at error level,
//!   as the exit code does; the failure's text lists its findings with their places, and the
//!   culprit explaining them (`fix::…`) is its own test case. Warnings and notes of a passing
//!   test case are listed in its `<system-out>`, so they are seen without failing the build.
//! - A file that could not be checked is a suite with one test case in `<error>` (its code
//!   and message); a skipped duplicate a suite with one `<skipped>` test case.
//! - `--max-findings` caps the findings listed per report; `--summary-only` leaves the lists
//!   out (the test cases and their messages stay: they are the summary).
//!
//! Everything is XML-escaped, and characters XML 1.0 does not allow are replaced by U+FFFD.

use std::io::{self, Write};

use nianbao_check::Checked;
use nianbao_model::{Finding, Severity};

use nianbao_check::compare::Against;

use super::super::{Compared, Outcome, Sink, SinkContext, Summary};
use super::concise::{Locator, ordered};

/// `--format junit`.
#[derive(Debug, Default)]
pub struct Junit;

/// One test case: a check or a code, and the findings it has.
struct Case<'a> {
    id: &'a str,
    title: Option<&'a str>,
    findings: Vec<&'a Finding>,
}

impl Sink for Junit {
    fn begin(&mut self, out: &mut dyn Write, _context: &SinkContext<'_>) -> io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"nianbao\">\n"
        )
    }

    // The suite lists every report as a test case, failures or not.
    fn reports_in_summary(&self) -> bool {
        true
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let mut path = escape(&outcome.path.display().to_string());
        if let Some(compared) = outcome.compared {
            path = escape(&format!(
                "{}（与{}对照）",
                outcome.path.display(),
                compared.with()
            ));
        }
        if let Some(duplicate) = outcome.duplicate_of {
            let how = duplicate.how();
            let message = escape(&format!("与 {} {how}，未重复检查", duplicate.of.display()));
            return write!(
                out,
                "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\">\n    <testcase name=\"重复\" classname=\"{path}\">\n      <skipped message=\"{message}\"/>\n    </testcase>\n  </testsuite>\n"
            );
        }
        let checked = match outcome.result {
            Ok(checked) => checked,
            Err(error) => {
                let code = escape(error.code().as_str());
                let message = escape(&error.message());
                return write!(
                    out,
                    "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase name=\"{code}\" classname=\"{path}\">\n      <error message=\"{message}\" type=\"{code}\"/>\n    </testcase>\n  </testsuite>\n"
                );
            }
        };
        let cases = cases(checked, context, outcome.compared);
        let failures = cases.iter().filter(|c| fails(c)).count();
        writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            cases.len()
        )?;
        let mut properties = vec![("template", checked.template.clone())];
        if let Some(agency) = &checked.report.agency {
            properties.push(("agency", agency.clone()));
        }
        if let Some(year) = checked.report.year {
            properties.push(("year", year.to_string()));
        }
        writeln!(out, "    <properties>")?;
        for (name, value) in properties {
            writeln!(
                out,
                "      <property name=\"{name}\" value=\"{}\"/>",
                escape(&value)
            )?;
        }
        writeln!(out, "    </properties>")?;
        let locator = Locator::new(checked);
        let mut budget = if context.summary_only {
            0
        } else {
            context.max_findings.unwrap_or(usize::MAX)
        };
        for case in &cases {
            let name = match case.title {
                Some(title) => format!("{} {title}", case.id),
                None => case.id.to_owned(),
            };
            write!(
                out,
                "    <testcase name=\"{}\" classname=\"{path}\"",
                escape(&name)
            )?;
            if case.findings.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            let listed: Vec<String> = case
                .findings
                .iter()
                .take(budget)
                .map(|f| finding_text(f, &locator))
                .collect();
            budget -= listed.len();
            let left = case.findings.len() - listed.len();
            let mut body = listed.join("\n");
            if left > 0 && !context.summary_only {
                body.push_str(&format!("\n（另有 {left} 个结果未列出：--max-findings）"));
            }
            if fails(case) {
                let errors = case
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let first = case
                    .findings
                    .iter()
                    .find(|f| f.severity == Severity::Error)
                    .map(|f| f.message.as_str())
                    .unwrap_or_default();
                let message = if errors > 1 {
                    format!("{first}（共 {errors} 处）")
                } else {
                    first.to_owned()
                };
                write!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\"",
                    escape(&message),
                    escape(case.id)
                )?;
                if body.is_empty() {
                    writeln!(out, "/>")?;
                } else {
                    writeln!(out, ">{}</failure>", escape(&body))?;
                }
            } else if !body.is_empty() {
                writeln!(out, "      <system-out>{}</system-out>", escape(&body))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        _summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}

/// The test cases of a report: the checks of its template that ran, then every other id
/// with findings, in the order of their first finding. For a report's comparison with other
/// reports (`compared`), only the checks of that comparison.
fn cases<'a>(
    checked: &'a Checked,
    context: &SinkContext<'a>,
    compared: Option<Compared<'_>>,
) -> Vec<Case<'a>> {
    let mut cases: Vec<Case<'a>> = Vec::new();
    if let Some(template) = context.rules.template(&checked.template) {
        for check in &template.checks {
            // A comparison's entry holds its checks; a report's own entry the others, and a
            // comparing check only if it ran (the other reports were there).
            let kind = Against::of(check);
            let applies = match compared {
                Some(compared) => kind == Some(compared.against()),
                None => kind.is_none_or(|kind| kind.not_run(&checked.summary) == 0),
            };
            let ran = applies
                && check.tables.iter().all(|table| {
                    checked
                        .report
                        .table(table)
                        .is_some_and(|t| !t.cells.is_empty())
                });
            if ran {
                cases.push(Case {
                    id: &check.id,
                    title: Some(&check.title),
                    findings: Vec::new(),
                });
            }
        }
    }
    for finding in ordered(checked) {
        match cases.iter_mut().find(|c| c.id == finding.rule) {
            Some(case) => case.findings.push(finding),
            None => cases.push(Case {
                id: &finding.rule,
                title: None,
                findings: vec![finding],
            }),
        }
    }
    cases
}

/// Whether a test case fails: it has a finding at error level.
fn fails(case: &Case<'_>) -> bool {
    case.findings.iter().any(|f| f.severity == Severity::Error)
}

/// One finding in a failure's or system-out's text: `[错误] 位置：说明`, its help indented
/// under it.
fn finding_text(finding: &Finding, locator: &Locator<'_>) -> String {
    let place = locator
        .locate(finding)
        .map(|l| format!("{}：", l.words()))
        .unwrap_or_default();
    let mut text = format!("[{}] {place}{}", finding.severity.label(), finding.message);
    if let Some(help) = &finding.help {
        text.push_str("\n  建议：");
        text.push_str(&help.replace('\n', "\n  "));
    }
    text
}

/// Text for XML content or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Whether XML 1.0 allows the character (tab, line feed and carriage return aside).
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::super::concise::testkit;
    use super::*;

    /// Markup and characters XML does not allow are escaped or replaced.
    #[test]
    fn escapes() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{fffd}"
        );
    }

    /// A suite per report, failures for the failed error checks, an error for the missing
    /// file; the root is closed.
    #[test]
    fn suites() {
        let xml = testkit::run(&mut Junit, None, false);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
        assert!(xml.ends_with("</testsuites>\n"));
        assert_eq!(xml.matches("<testsuite ").count(), 2);
        assert!(xml.contains("<failure message=\"“自然人”列"), "{xml}");
        assert!(xml.contains("type=\"T3-01\""), "{xml}");
        assert!(xml.contains("<error message=\"无法读取报告文件 "), "{xml}");
        let suite = xml.split("<testsuite ").nth(1).unwrap();
        let failures: usize = suite
            .split("failures=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(failures, suite.matches("<failure ").count());
    }
}
