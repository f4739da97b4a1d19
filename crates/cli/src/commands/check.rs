//! `nianbao check FILE…`: bind each document, run the checks, print one diagnostic per failed
//! check instance and a closing summary line per file.

use nianbao_check::json::{CheckOutput, ReportJson};
use nianbao_check::{CheckError, Checked};

use crate::args::{CheckArgs, CheckFormat};
use crate::render::finding::Findings;
use crate::{Context, Exit};

use super::process::Setup;

pub fn run(args: &CheckArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let mut exit = Exit::Clean;
    // In input order, kept for the JSON document printed at the end.
    let mut outcomes: Vec<Result<Checked, CheckError>> = Vec::new();
    for path in &args.files {
        let outcome = setup.process(path, context);
        match &outcome {
            Ok(checked) => {
                if checked.has_errors() {
                    exit = exit.max(Exit::Findings);
                }
                if args.format != CheckFormat::Json {
                    print_findings(checked, args.format, context);
                    let _ = writeln!(context.out, "{}", summary_line(checked));
                }
            }
            Err(_) => exit = exit.max(Exit::Unreadable),
        }
        if args.format == CheckFormat::Json {
            outcomes.push(outcome.map(without_text));
        }
    }
    if args.format == CheckFormat::Json {
        let reports = outcomes
            .iter()
            .map(|outcome| match outcome {
                Ok(checked) => ReportJson::checked(checked),
                Err(error) => ReportJson::failed(error),
            })
            .collect();
        match serde_json::to_string_pretty(&CheckOutput::new(reports)) {
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

/// The report as kept until the JSON is printed: the document's text and blocks are not part
/// of that JSON (only its offset map is), so a batch does not hold every file's text.
fn without_text(mut checked: Checked) -> Checked {
    checked.document.text = String::new();
    checked.document.blocks = Vec::new();
    checked
}

fn print_findings(checked: &Checked, format: CheckFormat, context: &mut Context<'_>) {
    let findings = Findings::new(checked);
    for finding in &checked.findings {
        let diagnostic = findings.diagnostic(finding);
        let text = match format {
            CheckFormat::Plain => diagnostic.narrated(),
            _ => diagnostic.graphical(context.style),
        };
        let _ = writeln!(context.out, "{}", text.trim_end());
        let _ = writeln!(context.out);
    }
}

/// The closing line for one file.
fn summary_line(checked: &Checked) -> String {
    let report = &checked.report;
    let summary = &checked.summary;
    let counts = checked.counts;
    let who = match (&report.agency, report.year) {
        (Some(agency), Some(year)) => format!("（{agency} {year} 年度）"),
        (Some(agency), None) => format!("（{agency}）"),
        (None, Some(year)) => format!("（{year} 年度）"),
        (None, None) => String::new(),
    };
    let mut line = format!(
        "{}{who}：模板 {}，运行检查 {} 项，错误 {} 个，警告 {} 个，提示 {} 个",
        checked.name,
        checked.template,
        summary.checks_run,
        counts.errors,
        counts.warnings,
        counts.infos
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
