//! `nianbao extract PATH…`: what the tool read, as a grid per table, as JSON, or as the
//! region's figures in one sheet (CSV). Many files are read in parallel and written in order,
//! like `check`.

use nianbao_check::json::ExtractOutput;
use std::io::{self, Write};

use crate::args::{ExtractArgs, ExtractFormat};
use crate::batch::command;
use crate::batch::run::Options;
use crate::batch::{Outcome, Sink, SinkContext};
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
    let paths = match command::input_files(&args.files, &args.inputs, context.err) {
        Ok(paths) => paths,
        Err(exit) => return exit,
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
        ExtractFormat::CsvLong => Box::new(sheet::Long::default()),
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
        previous: None,
        pair_years: false,
        manifest: None,
    };
    let mut file = match command::output_file(args.output.as_ref(), context.err) {
        Ok(file) => file,
        Err(exit) => return exit,
    };
    let batch = command::Batch {
        checker: setup.checker(),
        paths: &paths,
        options,
        sources: &mut Sources::default(),
        sink: sink.as_mut(),
        sink_context: &sink_context,
    };
    let (finished, failed) =
        command::run_into(batch, (args.output.as_ref(), file.as_mut()), context);
    match failed {
        Some(exit) => exit,
        None if finished.summary.unreadable > 0 => Exit::Unreadable,
        None => Exit::Clean,
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
    fn is_terminal_text(&self) -> bool {
        true
    }

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
}
