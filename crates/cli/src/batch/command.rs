//! What `check` and `extract` share before a batch runs: the input files from the command
//! line, and the file the output goes to. Problems are said on stderr and give the exit code.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::inputs::{self, InputSpec};
use crate::Exit;
use crate::args::InputArgs;

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
