//! `nianbao check FILE…`: bind each document, run the checks, print one diagnostic per failed
//! check instance and a closing summary line per file.

use std::sync::Arc;

use nianbao_check::eval::count;
use nianbao_model::Finding;
use nianbao_rules::ruleset::Template;

use crate::args::{CheckArgs, CheckFormat};
use crate::load::Unreadable;
use crate::render::finding::FindingDiagnostic;
use crate::render::json::{CheckJson, ErrorJson, FindingJson, ReportJson, SummaryJson};
use crate::render::{graphical, narrated};
use crate::{Context, Exit};

use super::process::{Processed, Setup};

/// The outcome for one file, kept until all files are done (JSON is printed at the end).
struct Checked<'r> {
    path: String,
    template: &'r Template,
    report: nianbao_model::Report,
    findings: Vec<Finding>,
    summary: nianbao_check::Summary,
    /// Text offsets → file offsets, for re-encoded documents.
    original: Option<nianbao_model::OffsetMap>,
}

pub fn run(args: &CheckArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let mut exit = Exit::Clean;
    let mut json = CheckJson {
        reports: Vec::new(),
    };
    // In input order: a checked file, or the name of one that could not be read and why.
    let mut outcomes: Vec<Result<Checked<'_>, (String, Unreadable)>> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let processed = match setup.process(path, context) {
            Ok(processed) => processed,
            Err(why) => {
                exit = exit.max(Exit::Unreadable);
                outcomes.push(Err((name, why)));
                continue;
            }
        };
        let Processed {
            document,
            source,
            template,
            bound,
            evaluation,
        } = processed;
        let mut findings = bound.findings;
        findings.extend(evaluation.findings);
        findings.sort_by_key(|f| f.notes.first().map(|n| n.span.start));
        if findings
            .iter()
            .any(|f| f.severity == nianbao_model::Severity::Error)
        {
            exit = exit.max(Exit::Findings);
        }
        if args.format != CheckFormat::Json {
            print_findings(&findings, &source, args.format, context);
            let _ = writeln!(
                context.out,
                "{}",
                summary_line(
                    &name,
                    template,
                    &bound.report,
                    &findings,
                    &evaluation.summary
                )
            );
        }
        outcomes.push(Ok(Checked {
            path: name,
            template,
            report: bound.report,
            findings,
            summary: evaluation.summary,
            original: document.original.clone(),
        }));
    }
    if args.format == CheckFormat::Json {
        for outcome in &outcomes {
            json.reports.push(match outcome {
                Ok(c) => {
                    let (errors, warnings, infos) = count(&c.findings);
                    ReportJson {
                        path: c.path.clone(),
                        template: Some(&c.template.id),
                        findings: Some(
                            c.findings
                                .iter()
                                .map(|f| FindingJson::new(f, c.original.as_ref()))
                                .collect(),
                        ),
                        summary: Some(SummaryJson {
                            template: &c.template.id,
                            year: c.report.year,
                            agency: c.report.agency.as_deref(),
                            counts: &c.summary,
                            errors,
                            warnings,
                            infos,
                        }),
                        error: None,
                    }
                }
                Err((path, why)) => ReportJson {
                    path: path.clone(),
                    template: None,
                    findings: None,
                    summary: None,
                    error: Some(ErrorJson {
                        code: why.code.clone(),
                        message: why.message.clone(),
                    }),
                },
            });
        }
        match serde_json::to_string_pretty(&json) {
            Ok(text) => {
                let _ = writeln!(context.out, "{text}");
            }
            Err(error) => {
                let _ = writeln!(context.err, "错误：无法生成 JSON：{error}");
            }
        }
    }
    exit
}

fn print_findings(
    findings: &[Finding],
    source: &Arc<crate::render::source::DocumentSource>,
    format: CheckFormat,
    context: &mut Context<'_>,
) {
    for finding in findings {
        let diagnostic = FindingDiagnostic {
            finding,
            source: source.clone(),
        };
        let text = match format {
            CheckFormat::Plain => narrated(&diagnostic),
            _ => graphical(&diagnostic, context.style),
        };
        let _ = writeln!(context.out, "{}", text.trim_end());
        let _ = writeln!(context.out);
    }
}

/// The closing line for one file.
fn summary_line(
    path: &str,
    template: &Template,
    report: &nianbao_model::Report,
    findings: &[Finding],
    summary: &nianbao_check::Summary,
) -> String {
    let (errors, warnings, infos) = count(findings);
    let who = match (&report.agency, report.year) {
        (Some(agency), Some(year)) => format!("（{agency} {year} 年度）"),
        (Some(agency), None) => format!("（{agency}）"),
        (None, Some(year)) => format!("（{year} 年度）"),
        (None, None) => String::new(),
    };
    let mut line = format!(
        "{path}{who}：模板 {}，运行检查 {} 项，错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
        template.id, summary.checks_run
    );
    if summary.checks_skipped > 0 {
        line.push_str(&format!(
            "；{} 项检查因缺少表格未运行",
            summary.checks_skipped
        ));
    }
    if summary.undecided > 0 {
        line.push_str(&format!(
            "；{} 处因单元格空白或缺失无法判断",
            summary.undecided
        ));
    }
    line
}
