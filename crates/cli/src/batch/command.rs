//! What `check` and `extract` share around a batch: the input files from the command line, the
//! file the output goes to, and running the batch into it. Problems are said on stderr and give
//! the exit code.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use nianbao_check::Checker;

use super::inputs::{self, InputSpec};
use super::run::{self, Finished, Options};
use super::{Sink, SinkContext};
use crate::args::InputArgs;
use crate::commands::explanations::Sources;
use crate::render::escape::Escaping;
use crate::{Context, Exit};

/// The input files of `paths` and the pattern and list options, or exit 2 when there are none
/// or a pattern or list is wrong.
pub fn input_files(
    paths: &[PathBuf],
    options: &InputArgs,
    err: &mut dyn Write,
) -> Result<Vec<PathBuf>, Exit> {
    let spec = InputSpec {
        paths: paths.to_vec(),
        globs: options.glob.clone(),
        excludes: options.exclude.clone(),
        files_from: options.files_from.clone(),
    };
    match inputs::expand(&spec, &mut std::io::stdin().lock(), err) {
        Ok(found) if !found.is_empty() => Ok(found),
        Ok(_) => {
            let _ = writeln!(err, "错误：没有找到报告文件");
            Err(Exit::Usage)
        }
        Err(error) => {
            let _ = writeln!(err, "错误：{error}");
            Err(Exit::Usage)
        }
    }
}

/// The `--output` file, created, or `None` for stdout; exit 4 when it cannot be created.
pub fn output_file(
    path: Option<&PathBuf>,
    err: &mut dyn Write,
) -> Result<Option<BufWriter<File>>, Exit> {
    let Some(path) = path else {
        return Ok(None);
    };
    match File::create(path) {
        Ok(file) => Ok(Some(BufWriter::new(file))),
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(err, "错误：无法写入 {}：{problem}", path.display());
            Err(Exit::Unreadable)
        }
    }
}

/// What a batch runs over and writes with.
pub struct Batch<'a> {
    pub checker: &'a Checker,
    pub paths: &'a [PathBuf],
    pub options: Options<'a>,
    pub sources: &'a mut Sources,
    pub sink: &'a mut dyn Sink,
    pub sink_context: &'a SinkContext<'a>,
}

/// Runs the batch into the `--output` file (`output`, named `path`) or, through a buffer
/// flushed per report, into stdout. A failed write is said on stderr and gives exit 4 (in the
/// second value); a reader that stopped early (`| head`) is not a failure.
pub fn run_into(
    batch: Batch<'_>,
    output: (Option<&PathBuf>, Option<&mut BufWriter<File>>),
    context: &mut Context<'_>,
) -> (Finished, Option<Exit>) {
    let style = context.style;
    let (path, file) = output;
    let finished = {
        let Context { out, err, .. } = &mut *context;
        let mut stdout = BufWriter::new(&mut **out);
        let out: &mut dyn Write = match file {
            Some(file) => file,
            None => &mut stdout,
        };
        let mut escaping;
        let out: &mut dyn Write = if batch.sink.is_terminal_text() {
            escaping = Escaping::new(out, style.color);
            &mut escaping
        } else {
            out
        };
        run::run(
            batch.checker,
            batch.paths,
            batch.options,
            batch.sources,
            batch.sink,
            batch.sink_context,
            out,
            &mut **err,
            style,
        )
    };
    let failed = finished
        .write_error
        .as_ref()
        .filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe)
        .map(|error| {
            let target = path.map_or_else(|| "标准输出".to_owned(), |p| p.display().to_string());
            let _ = writeln!(
                context.err,
                "错误：写入 {target} 失败：{}",
                nianbao_read::io_reason(error)
            );
            Exit::Unreadable
        });
    (finished, failed)
}
