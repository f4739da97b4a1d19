//! `nianbao extract PATH…`: what the tool read, as a grid per table, as JSON, or as the
//! region's figures in one sheet (CSV). Many files are read in parallel and written in order,
//! like `check`.

use std::io::{self, Write};
use std::path::PathBuf;

use nianbao_check::json::ExtractOutput;

use crate::args::{ExtractArgs, ExtractFormat};
use crate::batch::inputs::{self, InputSpec};
use crate::batch::run::{self, Options};
use crate::batch::{Outcome, Sink, SinkContext, Summary};
use crate::commands::explanations::Sources;
use crate::render::table;
use crate::{Context, Exit};

use super::process::Setup;

mod sheet;

pub fn run(args: &ExtractArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let spec = InputSpec {
        paths: args.files.clone(),
        globs: args.inputs.glob.clone(),
        excludes: args.inputs.exclude.clone(),
        files_from: args.inputs.files_from.clone(),
    };
    let paths: Vec<PathBuf> = match inputs::expand(&spec, &mut std::io::stdin().lock(), context.err)
    {
        Ok(paths) if !paths.is_empty() => paths,
        Ok(_) => {
            let _ = writeln!(context.err, "错误：没有找到要读取的报告文件");
            return Exit::Usage;
        }
        Err(error) => {
            let _ = writeln!(context.err, "错误：{error}");
            return Exit::Usage;
        }
    };
    if args.format == ExtractFormat::Json && paths.len() > 1 {
        let _ = writeln!(
            context.err,
            "错误：--format json 只用于一个文件；多个文件请用 --format jsonl、csv 或 csv-long"
        );
        return Exit::Usage;
    }
    let mut sink: Box<dyn Sink> = match args.format {
        ExtractFormat::Table => Box::new(Grids),
        ExtractFormat::Json => Box::new(Json { lines: false }),
        ExtractFormat::Jsonl => Box::new(Json { lines: true }),
        ExtractFormat::Csv => Box::new(sheet::Wide::default()),
        ExtractFormat::CsvLong => Box::new(sheet::Long),
    };
    let sink_context = SinkContext {
        style: context.style,
        max_findings: None,
        summary_only: false,
        rules: setup.checker().rules(),
    };
    let options = Options {
        verbose: setup.verbose(),
        keep_duplicates: true,
        progress: context.progress,
        keep_reports: false,
        jobs: args.jobs.filter(|&n| n > 0),
    };
    let mut file = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some(std::io::BufWriter::new(file)),
            Err(error) => {
                let problem = nianbao_read::io_reason(&error);
                let _ = writeln!(context.err, "错误：无法写入 {}：{problem}", path.display());
                return Exit::Unreadable;
            }
        },
        None => None,
    };
    let style = context.style;
    let finished = {
        let Context { out, err, .. } = &mut *context;
        let mut stdout = std::io::BufWriter::new(&mut **out);
        let out: &mut dyn Write = match file.as_mut() {
            Some(file) => file,
            None => &mut stdout,
        };
        run::run(
            setup.checker(),
            &paths,
            options,
            &mut Sources::default(),
            sink.as_mut(),
            &sink_context,
            out,
            &mut **err,
            style,
        )
    };
    // A reader that stopped early (`| head`) is not an error.
    if let Some(error) = finished
        .write_error
        .as_ref()
        .filter(|e| e.kind() != io::ErrorKind::BrokenPipe)
    {
        let _ = writeln!(
            context.err,
            "错误：写入输出失败：{}",
            nianbao_read::io_reason(error)
        );
        return Exit::Unreadable;
    }
    if finished.summary.unreadable > 0 {
        Exit::Unreadable
    } else {
        Exit::Clean
    }
}

/// `--format table`: each report's tables as grids under the template's names.
#[derive(Debug)]
struct Grids;

/// `--format json` (one report, pretty) or `jsonl` (one report per line).
#[derive(Debug)]
struct Json {
    lines: bool,
}

impl Sink for Grids {
    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            return Ok(());
        };
        let Some(template) = context.rules.template(&checked.template) else {
            return Ok(());
        };
        if outcome.index > 0 {
            writeln!(out)?;
        }
        out.write_all(table::render(&checked.name, &checked.report, template).as_bytes())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary, _: &SinkContext<'_>) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for Json {
    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        _: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            return Ok(());
        };
        let document = ExtractOutput::new(checked);
        let text = if self.lines {
            serde_json::to_string(&document)
        } else {
            serde_json::to_string_pretty(&document)
        };
        writeln!(out, "{}", text.map_err(io::Error::other)?)
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary, _: &SinkContext<'_>) -> io::Result<()> {
        Ok(())
    }
}
