//! The explanations files (说明文件) of a command: `--explanations FILE` for every report, or
//! by default `nianbao-说明.toml` in the directory of each report. All are read before the
//! first report is checked (a malformed one stops the command, exit 3); each report's
//! accepted findings are taken out of it; at the end the entries that did nothing are named
//! on stderr.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity, SourceCode};
use nianbao_check::Checked;
use nianbao_check::accepted::{Date, EntryWarning, Explanations, FILE_NAME, Usage};

use crate::args::ExplanationArgs;
use crate::{Context, Exit, render};

/// The explanations files of one run, and what their entries did.
#[derive(Debug, Default)]
pub struct Sources {
    /// Per file: the directory it is the default of (`None` for `--explanations`), the file,
    /// and its entries' usage.
    files: Vec<(Option<PathBuf>, Explanations, Usage)>,
    today: Option<Date>,
}

impl Sources {
    /// Reads the explanations file given, or the default file of each report's directory
    /// (none with `--no-explanations`). Problems are reported on stderr; exit code 3.
    pub fn load(
        args: &ExplanationArgs,
        reports: &[&Path],
        context: &mut Context<'_>,
    ) -> Result<Self, Exit> {
        let mut sources = Sources {
            files: Vec::new(),
            today: Some(Date::today()),
        };
        if args.no_explanations {
            return Ok(sources);
        }
        if let Some(path) = &args.explanations {
            let file = read(path, context)?;
            sources.files.push((None, file, Usage::default()));
            return Ok(sources);
        }
        // Each directory looked in once: a region's reports mostly share a few directories,
        // and on a network drive every look costs a round trip.
        let mut looked = HashSet::new();
        for report in reports {
            let dir = directory(report);
            if !looked.insert(dir.clone()) {
                continue;
            }
            let path = dir.join(FILE_NAME);
            if path.is_file() {
                let file = read(&path, context)?;
                sources.files.push((Some(dir), file, Usage::default()));
            }
        }
        Ok(sources)
    }

    /// Takes the findings accepted for the report at `path` out of it; returns how many.
    pub fn apply(&mut self, checked: &mut Checked, path: &Path) -> usize {
        let dir = directory(path);
        let today = self.today.unwrap_or_else(Date::today);
        self.files
            .iter_mut()
            .find(|(d, _, _)| d.is_none() || d.as_ref() == Some(&dir))
            .map_or(0, |(_, file, usage)| {
                file.apply(checked, today, usage).len()
            })
    }

    /// Names on stderr the entries that matched nothing or have expired.
    pub fn finish(&self, context: &mut Context<'_>) {
        let today = self.today.unwrap_or_else(Date::today);
        for (_, file, usage) in &self.files {
            for warning in file.warnings(usage, today) {
                let diagnostic = EntryProblem::new(file, &warning);
                render::to_stream(context.err, &diagnostic, context.style);
            }
        }
    }
}

/// The directory of a report, `.` for a bare file name.
fn directory(report: &Path) -> PathBuf {
    match report.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads and parses one explanations file; problems on stderr, exit 3.
fn read(path: &Path, context: &mut Context<'_>) -> Result<Explanations, Exit> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| {
        let problem = nianbao_read::io_reason(&error);
        let _ = writeln!(context.err, "错误：无法读取说明文件 {name}：{problem}");
        Exit::InvalidRules
    })?;
    let text = match nianbao_read::decode_text(&bytes) {
        Ok((text, _)) => text,
        Err(error) => {
            let _ = writeln!(context.err, "错误：无法读取说明文件 {name}：{error}");
            return Err(Exit::InvalidRules);
        }
    };
    Explanations::parse(&name, &text).map_err(|error| {
        render::to_stream(context.err, &error, context.style);
        Exit::InvalidRules
    })
}

/// An entry that did nothing, pointed at in the file.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct EntryProblem {
    message: String,
    help: String,
    code: &'static str,
    file: NamedSource<String>,
    span: std::ops::Range<usize>,
}

impl EntryProblem {
    fn new(file: &Explanations, warning: &EntryWarning) -> Self {
        // The entry's first line (`[[accept]]`).
        let span = file.entries.get(warning.entry).map_or(0..0, |entry| {
            let start = entry.span.start;
            let rest = file.text.get(start..entry.span.end).unwrap_or_default();
            start..start + rest.find('\n').unwrap_or(rest.len())
        });
        Self {
            message: warning.message.clone(),
            help: warning.help.clone(),
            code: warning.code.as_str(),
            file: NamedSource::new(file.name.clone(), file.text.clone()),
            span,
        }
    }
}

impl Diagnostic for EntryProblem {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(Severity::Warning)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some("这一项".to_owned()), self.span.clone());
        Some(Box::new(std::iter::once(label)))
    }
}
