//! `nianbao check FILE…`: bind each document, run the checks, print one diagnostic per failed
//! check instance and a closing summary line per file.

use std::path::{Path, PathBuf};

use nianbao_check::json::{CheckOutput, ReportJson};
use nianbao_check::{CheckError, Checked};
use nianbao_model::Finding;

use crate::args::{CheckArgs, CheckFormat};
use crate::render::finding::Findings;
use crate::{Context, Exit};

use super::explanations::Sources;
use super::process::Setup;

pub fn run(args: &CheckArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    if let Some(path) = args.write_explanations.as_deref().filter(|p| p.exists()) {
        let _ = writeln!(
            context.err,
            "错误：{} 已存在；为免覆盖已填写的理由，请换一个文件名或先删除它",
            path.display()
        );
        return Exit::Usage;
    }
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let mut explanations = match Sources::load(&args.explanations, &files, context) {
        Ok(sources) => sources,
        Err(exit) => return exit,
    };
    let mut exit = Exit::Clean;
    // In input order, kept for the JSON document printed at the end.
    let mut outcomes: Vec<(Result<Checked, CheckError>, usize)> = Vec::new();
    let mut written: Vec<Checked> = Vec::new();
    for path in &args.files {
        let mut outcome = setup.process(path, context);
        let mut accepted = 0;
        match &mut outcome {
            Ok(checked) => {
                accepted = explanations.apply(checked, path);
                if checked.has_errors() {
                    exit = exit.max(Exit::Findings);
                }
                if args.format != CheckFormat::Json {
                    print_findings(checked, args.format, context);
                    let _ = writeln!(context.out, "{}", summary_line(checked, accepted));
                }
                if args.write_explanations.is_some() {
                    written.push(checked.clone());
                }
            }
            Err(_) => exit = exit.max(Exit::Unreadable),
        }
        if args.format == CheckFormat::Json {
            outcomes.push((outcome.map(without_text), accepted));
        }
    }
    if args.format == CheckFormat::Json {
        let reports = outcomes
            .iter()
            .map(|(outcome, accepted)| match outcome {
                Ok(checked) => ReportJson::checked(checked).with_accepted(*accepted),
                Err(error) => ReportJson::failed(error),
            })
            .collect();
        match serde_json::to_string_pretty(&CheckOutput::new(setup.checker().rules(), reports)) {
            Ok(text) => {
                let _ = writeln!(context.out, "{text}");
            }
            Err(error) => {
                let _ = writeln!(context.err, "错误：无法生成 JSON：{error}");
            }
        }
    }
    explanations.finish(context);
    if let Some(path) = &args.write_explanations {
        exit = exit.max(write_explanations(path, &written, context));
    }
    exit
}

/// Writes an explanations file with one entry per finding of the reports.
fn write_explanations(path: &Path, reports: &[Checked], context: &mut Context<'_>) -> Exit {
    let reports: Vec<&Checked> = reports.iter().collect();
    let entries: usize = reports.iter().map(|c| c.findings.len()).sum();
    let text = nianbao_check::accepted::template(&reports);
    match std::fs::write(path, text) {
        Ok(()) => {
            let _ = writeln!(
                context.err,
                "已写出说明文件 {}：{entries} 项。请逐项填写理由（reason），不接受的项删去；理由没有填写的项会被拒绝读取",
                path.display()
            );
            Exit::Clean
        }
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(
                context.err,
                "错误：无法写出说明文件 {}：{problem}",
                path.display()
            );
            Exit::Unreadable
        }
    }
}

/// The report as kept until the JSON is printed: the document's text and blocks are not part
/// of that JSON (only its offset map is), so a batch does not hold every file's text.
fn without_text(mut checked: Checked) -> Checked {
    checked.document.text = String::new();
    checked.document.blocks = Vec::new();
    checked
}

/// Each culprit first, with the failed checks it explains under it; then the other findings.
fn print_findings(checked: &Checked, format: CheckFormat, context: &mut Context<'_>) {
    let findings = Findings::new(checked);
    let mut shown = vec![false; checked.findings.len()];
    let print = |finding: &Finding, context: &mut Context<'_>| {
        let diagnostic = findings.diagnostic(finding);
        let text = match format {
            CheckFormat::Plain => diagnostic.narrated(),
            _ => diagnostic.graphical(context.style),
        };
        let _ = writeln!(context.out, "{}", text.trim_end());
        let _ = writeln!(context.out);
    };
    for culprit in &checked.culprits {
        print(&culprit.finding, context);
        if culprit.explains.is_empty() {
            continue;
        }
        let _ = writeln!(
            context.out,
            "（以下 {} 项检查不成立，都由上面这一处引起）\n",
            culprit.explains.len()
        );
        for &at in &culprit.explains {
            if let (Some(finding), Some(flag)) = (checked.findings.get(at), shown.get_mut(at)) {
                *flag = true;
                print(finding, context);
            }
        }
    }
    for (finding, _) in checked.findings.iter().zip(&shown).filter(|(_, s)| !**s) {
        print(finding, context);
    }
}

/// The closing line for one file; `accepted` findings were taken out by an explanations file.
fn summary_line(checked: &Checked, accepted: usize) -> String {
    let report = &checked.report;
    let summary = &checked.summary;
    let counts = checked.counts;
    let who = match (&report.agency, report.year) {
        (Some(agency), Some(year)) => format!("（{agency} {year} 年度）"),
        (Some(agency), None) => format!("（{agency}）"),
        (None, Some(year)) => format!("（{year} 年度）"),
        (None, None) => String::new(),
    };
    let weak = match &checked.choice {
        nianbao_check::Choice::Detected(detection) => detection
            .weakness()
            .map(|w| format!("（{w}）"))
            .unwrap_or_default(),
        nianbao_check::Choice::Given => String::new(),
    };
    let mut line = format!(
        "{}{who}：模板 {}{weak}，运行检查 {} 项，错误 {} 个，警告 {} 个，提示 {} 个",
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
    if accepted > 0 {
        line.push_str(&format!("；另有 {accepted} 项已由说明文件接受，未列出"));
    }
    line
}
