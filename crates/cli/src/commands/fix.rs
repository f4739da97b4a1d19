//! `nianbao fix FILE`: corrects the cells whose correction is certain (the only change that
//! satisfies every check), in a copy (`--output`), in the file itself (`--in-place`), or only
//! shows the change as a diff. Text, HTML and Markdown are changed at the cell's bytes in the
//! file's encoding; .docx in the cell's text in `word/document.xml`
//! ([`nianbao_read::docx_replace_cell`]); PDF and .doc are not rewritten: their corrections
//! are listed with page and position.
//!
//! Everything it reports goes to stdout (one line per cell); problems with the files to
//! stderr. The fixed file is checked again: exit 0 when no error is left, 1 when errors remain
//! (corrections that are not certain, errors no cell explains, a format it cannot rewrite),
//! 4 when the file cannot be read or rewritten.

use std::path::Path;

use nianbao_check::Checked;
use nianbao_model::{Applicability, CellCorrection, SourceFormat};

use crate::args::FixArgs;
use crate::render::place::Places;
use crate::{Context, Exit};

use super::explanations::Sources;
use super::process::Setup;

mod diff;
mod report;
mod rewrite;

use report::{cell_line, docx_rows, hint, list_only, not_applied};
use rewrite::Planned;

pub fn run(args: &FixArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    if let Some(output) = &args.output
        && same_file(output, &args.file)
    {
        let _ = writeln!(
            context.err,
            "错误：--output 指向原文件 {}；fix 不改动原文件，要直接改正它请用 --in-place",
            args.file.display()
        );
        return Exit::Usage;
    }
    let mut explanations = match Sources::load(&args.explanations, &[&args.file], context) {
        Ok(sources) => sources,
        Err(exit) => return exit,
    };
    let Ok(mut checked) = setup.process(&args.file, context) else {
        return Exit::Unreadable;
    };
    explanations.apply(&mut checked, &args.file);
    explanations.finish(context);
    let Some(template) = setup.checker().template(&checked.template) else {
        return Exit::Unreadable;
    };
    let name = checked.name.clone();
    if !checked.has_errors() {
        let _ = writeln!(context.out, "{name}：没有错误，不需要改正");
        return finish_unchanged(args, context);
    }
    let certain: Vec<&CellCorrection> = checked
        .culprits
        .iter()
        .filter(|c| c.applicability == Applicability::Certain)
        .filter_map(|c| c.corrections.first())
        .flat_map(|c| &c.cells)
        .collect();
    let format = checked.document.format;
    let Some(rewritable) = Rewritable::of(format) else {
        return list_only(&checked, template, &certain, context);
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(context.err, "错误：无法读取报告文件 {name}：{problem}");
            return Exit::Unreadable;
        }
    };
    let mut skipped: Vec<(&CellCorrection, String)> = Vec::new();
    let result = match rewritable {
        Rewritable::Text => text(&bytes, &checked, &certain, &mut skipped),
        Rewritable::Docx => docx(
            &bytes,
            &checked,
            &certain,
            &args.limits.reader(),
            &mut skipped,
        ),
    };
    let (fixed, applied, new_text) = match result {
        Ok(done) => done,
        Err(problem) => {
            let _ = writeln!(
                context.err,
                "错误：无法改正 {name}：{problem}；没有写出任何文件"
            );
            return Exit::Unreadable;
        }
    };
    let places = Places::new(&name, &checked.document, &checked.report);
    let written = args.output.is_some() || (args.in_place && !applied.is_empty());
    let verb = if written { "已改正" } else { "可以改正" };
    if !applied.is_empty() {
        let _ = writeln!(context.out, "{name}：{verb} {} 格", applied.len());
        for change in &applied {
            let line = cell_line(change.correction, template, format);
            let _ = writeln!(
                context.out,
                "  {line}：{} → {}{}",
                change.old,
                change.new,
                hint(change.correction)
            );
        }
    } else {
        let _ = writeln!(context.out, "{name}：没有可以确定的改正");
    }
    not_applied(&checked, template, &skipped, context);
    // The fixed file, checked again.
    let again = setup.checker().check_bytes(fixed.clone(), &name);
    let remaining = match &again {
        Ok(again) => {
            let mut again = again.clone();
            explanations.apply(&mut again, &args.file);
            again.counts.errors
        }
        Err(_) => checked.counts.errors,
    };
    if !written && !applied.is_empty() {
        let shown = match rewritable {
            Rewritable::Text => diff::unified(&name, &checked.document.text, &new_text),
            Rewritable::Docx => docx_rows(&checked, again.as_ref().ok(), &applied, &places),
        };
        let _ = write!(context.out, "\n{shown}\n");
    }
    let target = if args.in_place {
        Some(args.file.as_path())
    } else {
        args.output.as_deref()
    };
    let exit = if remaining > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    };
    let left = if remaining > 0 {
        format!("改正后仍有错误 {remaining} 个")
    } else {
        "改正后没有错误".to_owned()
    };
    match target {
        Some(path) if !applied.is_empty() || args.output.is_some() => {
            if let Err(problem) = write(path, &fixed, args.in_place) {
                let _ = writeln!(context.err, "错误：无法写出 {}：{problem}", path.display());
                return Exit::Unreadable;
            }
            let what = if args.in_place {
                "已改正原文件"
            } else {
                "已写出改正后的文件"
            };
            let _ = writeln!(context.out, "{what} {}；{left}", path.display());
        }
        Some(_) => {
            let _ = writeln!(context.out, "原文件没有改动；{left}");
        }
        None => {
            let _ = writeln!(
                context.out,
                "没有写出文件（加 --output 文件名 写出改正后的副本，或加 --in-place 改正原文件）；{left}"
            );
        }
    }
    exit
}

/// The formats `fix` can rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rewritable {
    /// The file is the text the spans point into (text, Markdown, HTML).
    Text,
    /// A .docx package.
    Docx,
}

impl Rewritable {
    fn of(format: SourceFormat) -> Option<Self> {
        match format {
            SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Html => Some(Self::Text),
            SourceFormat::Docx => Some(Self::Docx),
            SourceFormat::Doc | SourceFormat::Pdf | SourceFormat::Json => None,
        }
    }
}

/// A rewritten file, the changes made, and for text formats the changed text (for the diff).
type Rewritten<'c> = (Vec<u8>, Vec<Planned<'c>>, String);

/// The changes of a text file: each cell's number at its bytes. Cells whose number cannot be
/// found are `skipped`; a file whose bytes are not what was read is refused.
fn text<'c>(
    bytes: &[u8],
    checked: &Checked,
    certain: &[&'c CellCorrection],
    skipped: &mut Vec<(&'c CellCorrection, String)>,
) -> Result<Rewritten<'c>, String> {
    let document = &checked.document;
    let mut planned = Vec::new();
    for &correction in certain {
        let span = correction.cell.span;
        let slice = document.text.get(span.start..span.end).unwrap_or_default();
        match rewrite::plan(correction, slice, span.start, document.format) {
            Ok(plan) => planned.push(plan),
            Err(why) => skipped.push((correction, why)),
        }
    }
    let (fixed, text) = rewrite::apply(bytes, document, &planned)?;
    Ok((fixed, planned, text))
}

/// The changes of a .docx: each cell's text in `word/document.xml`.
fn docx<'c>(
    bytes: &[u8],
    checked: &Checked,
    certain: &[&'c CellCorrection],
    limits: &nianbao_read::Limits,
    skipped: &mut Vec<(&'c CellCorrection, String)>,
) -> Result<Rewritten<'c>, String> {
    let mut fixed = bytes.to_vec();
    let mut applied = Vec::new();
    for &correction in certain {
        let at = correction.cell.location;
        let cell = checked
            .document
            .tables()
            .find(|t| t.index == at.table)
            .and_then(|t| t.rows.get(at.row)?.cells.get(at.cell));
        let Some(cell) = cell else {
            skipped.push((correction, "找不到这一格".to_owned()));
            continue;
        };
        let plan = match rewrite::plan(correction, &cell.text, 0, SourceFormat::Docx) {
            Ok(plan) => plan,
            Err(why) => {
                skipped.push((correction, why));
                continue;
            }
        };
        let mut new = cell.text.clone();
        new.replace_range(plan.range.clone(), &plan.new);
        match nianbao_read::docx_replace_cell(&fixed, &at, &cell.text, &new, limits) {
            Ok(bytes) => {
                fixed = bytes;
                applied.push(plan);
            }
            Err(nianbao_read::DocxEditError::Unsupported(why)) => skipped.push((correction, why)),
            Err(error) => return Err(error.to_string()),
        }
    }
    Ok((fixed, applied, String::new()))
}

/// Nothing to change: `--output` still gets a copy, so a script finds the file it asked for.
fn finish_unchanged(args: &FixArgs, context: &mut Context<'_>) -> Exit {
    let Some(output) = &args.output else {
        return Exit::Clean;
    };
    match std::fs::copy(&args.file, output) {
        Ok(_) => {
            let _ = writeln!(context.out, "已把原文件照原样复制到 {}", output.display());
            Exit::Clean
        }
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(
                context.err,
                "错误：无法写出 {}：{problem}",
                output.display()
            );
            Exit::Unreadable
        }
    }
}

/// Whether two paths name the same file (the output may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes the fixed file; in place through a temporary file renamed over the original, so an
/// interrupted write never leaves half a report.
fn write(path: &Path, bytes: &[u8], in_place: bool) -> Result<(), String> {
    let reason = |e: std::io::Error| nianbao_read::io_reason(&e);
    if !in_place {
        return std::fs::write(path, bytes).map_err(reason);
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".nianbao-fix");
    let temporary = std::path::PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(reason)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        reason(e)
    })
}
