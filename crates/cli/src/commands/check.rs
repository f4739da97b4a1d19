//! `nianbao check FILE…`: bind each document, run the checks, print one diagnostic per failed
//! check instance and a closing summary line per file.

use std::path::{Path, PathBuf};

use nianbao_check::aggregate::Manifest;
use nianbao_check::{Carry, Checked, Checker};

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
    let previous = match &args.previous {
        Some(path) => match previous_report(path, &paths, setup.checker(), context) {
            Ok(carry) => Some(carry),
            Err(exit) => return exit,
        },
        None => None,
    };
    let manifest = match &args.manifest {
        Some(path) => match read_manifest(path, context) {
            Ok(manifest) => Some(manifest),
            Err(exit) => return exit,
        },
        None => None,
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
        previous: previous.as_ref(),
        pair_years: !args.no_compare,
        manifest: manifest.as_ref(),
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

/// The manifest given with `--manifest`; exit 4 when it cannot be read, 2 when a line is not
/// `单位,上级`.
fn read_manifest(path: &Path, context: &mut Context<'_>) -> Result<Manifest, Exit> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(context.err, "错误：无法读取 {}：{problem}", path.display());
            return Err(Exit::Unreadable);
        }
    };
    Manifest::parse(&text).map_err(|error| {
        let _ = writeln!(context.err, "错误：{}：{error}", path.display());
        Exit::Usage
    })
}

/// Last year's report given with `--previous`, checked and kept for comparing; exit 2 unless
/// exactly one report is to be compared with it, exit 4 when it cannot be read.
fn previous_report(
    path: &Path,
    inputs: &[PathBuf],
    checker: &Checker,
    context: &mut Context<'_>,
) -> Result<Carry, Exit> {
    if inputs.len() != 1 {
        let _ = writeln!(
            context.err,
            "错误：--previous 给出的上一年度报告只能与一份报告对照，这里有 {} 份；批量检查时不必给出 --previous，同一机关相邻年度的报告会自动配对",
            inputs.len()
        );
        return Err(Exit::Usage);
    }
    match checker.check_file(path) {
        Ok(checked) => {
            let carry = checked.carry(checker);
            if let Some(this) = inputs.first().and_then(|p| checker.check_file(p).ok()) {
                let (last, now) = (&checked.report, &this.report);
                // A title may leave out the city in front ("洪泽区人民政府").
                let other_agency = match (&last.agency, &now.agency) {
                    (Some(a), Some(b)) => {
                        let (a, b) = (nianbao_check::agency_key(a), nianbao_check::agency_key(b));
                        !(a.ends_with(&b) || b.ends_with(&a))
                    }
                    _ => false,
                };
                let not_last_year =
                    matches!((last.year, now.year), (Some(a), Some(b)) if a + 1 != b);
                if other_agency || not_last_year {
                    let who = |r: &nianbao_model::Report| {
                        format!(
                            "{} {} 年度",
                            r.agency.as_deref().unwrap_or("（机关不明）"),
                            r.year.map_or_else(|| "?".to_owned(), |y| y.to_string())
                        )
                    };
                    let _ = writeln!(
                        context.err,
                        "注意：--previous 的报告是{}，要检查的报告是{}，不是同一机关的上一年度；仍按给出的报告对照",
                        who(last),
                        who(now)
                    );
                }
            }
            Ok(carry)
        }
        Err(error) => {
            crate::render::to_stream(context.err, &error, context.style);
            Err(Exit::Unreadable)
        }
    }
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
