//! `nianbao check FILE…`: bind each document, run the checks, print one diagnostic per failed
//! check instance and a closing summary line per file.

use std::path::{Path, PathBuf};

use nianbao_check::Checked;

use crate::args::{CheckArgs, FailLevel};
use crate::batch::run::Options;
use crate::batch::{SinkContext, Summary, command, formats};
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
    let paths = match command::input_files(&args.files, &args.inputs, context.err) {
        Ok(paths) => paths,
        Err(exit) => return exit,
    };
    let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut explanations = match Sources::load(&args.explanations, &files, context) {
        Ok(sources) => sources,
        Err(exit) => return exit,
    };
    let mut file_out = match command::output_file(args.output.as_ref(), context.err) {
        Ok(file) => file,
        Err(exit) => return exit,
    };
    let options = Options {
        verbose: setup.verbose(),
        keep_duplicates: args.batch.keep_duplicates,
        progress: context.progress && !args.batch.quiet,
        keep_reports: args.write_explanations.is_some(),
        jobs: args.batch.jobs.filter(|&n| n > 0),
    };
    let sink_context = SinkContext {
        style: context.style,
        max_findings: args.batch.max_findings,
        summary_only: args.batch.summary_only,
        rules: setup.checker().rules(),
    };
    let mut sink = formats::sink(args.format);
    let batch = command::Batch {
        checker: setup.checker(),
        paths: &paths,
        options,
        sources: &mut explanations,
        sink: sink.as_mut(),
        sink_context: &sink_context,
    };
    let (finished, failed) =
        command::run_into(batch, (args.output.as_ref(), file_out.as_mut()), context);
    let mut exit = failed.unwrap_or_else(|| exit_code(&finished.summary, args.batch.fail_level));
    explanations.finish(context);
    if let Some(path) = &args.write_explanations {
        exit = exit.max(write_explanations(path, &finished.kept, context));
    }
    exit
}

/// Exit 4 if any input could not be read or checked, else 1 if a report has a finding at the
/// fail level, else 0.
fn exit_code(summary: &Summary, level: FailLevel) -> Exit {
    if summary.unreadable > 0 {
        return Exit::Unreadable;
    }
    let failing = summary.rows.iter().any(|row| match level {
        FailLevel::Error => row.errors > 0,
        FailLevel::Warning => row.errors > 0 || row.warnings > 0,
        FailLevel::Never => false,
    });
    if failing { Exit::Findings } else { Exit::Clean }
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
