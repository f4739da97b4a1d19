//! Rendering: findings and errors as miette diagnostics (graphical or narrated) and the
//! `extract` grid. The JSON documents are the library's (`nianbao_check::json`).

use std::io::Write;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::Style;

pub mod escape;
pub mod finding;
pub mod place;
pub mod source;
pub mod table;
pub mod view;

/// A diagnostic drawn with boxes and underlines, coloured if the style says so.
pub fn graphical(diagnostic: &dyn Diagnostic, style: Style) -> String {
    graphical_with(diagnostic, style, true)
}

/// [`graphical`], with each snippet's box headed by its source name alone when `line_column`
/// is false (the name then says where the snippet is).
pub fn graphical_with(diagnostic: &dyn Diagnostic, style: Style, line_column: bool) -> String {
    if !snippets_fit(diagnostic, diagnostic.source_code()) {
        return narrated(diagnostic);
    }
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1);
    let handler = if line_column {
        handler
    } else {
        handler.without_primary_span_start()
    };
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = diagnostic.to_string();
    }
    chinese_frame(&out)
}

/// Bytes into its line beyond which a label's snippet is not drawn. miette pads an underline
/// to the label's column with a format width, which panics beyond 65 535 (a CJK character is
/// two columns, three bytes: this many bytes stay under it); the diagnostic is narrated
/// instead, the place in words. Findings in long crawler lines are windowed before this.
const WIDEST_SNIPPET: usize = 30_000;

/// Whether every label of the diagnostic, its cause and its related diagnostics starts within
/// [`WIDEST_SNIPPET`] bytes of its line.
fn snippets_fit<'a>(
    diagnostic: &'a dyn Diagnostic,
    parent_source: Option<&'a dyn miette::SourceCode>,
) -> bool {
    let source = diagnostic.source_code().or(parent_source);
    let labels_fit = diagnostic.labels().into_iter().flatten().all(|label| {
        source
            .and_then(|source| source.read_span(label.inner(), 0, 0).ok())
            .is_none_or(|contents| contents.column() <= WIDEST_SNIPPET)
    });
    labels_fit
        && diagnostic
            .diagnostic_source()
            .is_none_or(|cause| snippets_fit(cause, source))
        && diagnostic
            .related()
            .into_iter()
            .flatten()
            .all(|related| snippets_fit(related, source))
}

/// miette's one English word in the frame, `help:`, in Chinese. `建议：` takes the same six
/// columns, so the wrapped lines beneath it stay aligned.
fn chinese_frame(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        match line.find("help:") {
            Some(at) if is_frame(line.get(..at).unwrap_or_default()) => {
                out.push_str(line.get(..at).unwrap_or_default());
                out.push_str("建议：");
                out.push_str(line.get(at + "help: ".len()..).unwrap_or_default());
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Whether what precedes `help:` on its line is only indentation and colour codes.
fn is_frame(before: &str) -> bool {
    let mut in_escape = false;
    before.chars().all(|c| {
        if in_escape {
            in_escape = c != 'm';
            true
        } else if c == '\u{1b}' {
            in_escape = true;
            true
        } else {
            c == ' '
        }
    })
}

/// A diagnostic as plain sentences, for screen readers and logs: no boxes, no source lines,
/// and no English scaffolding (miette's narrated handler has some).
pub fn narrated(diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    narrate(diagnostic, diagnostic.source_code(), &mut out);
    out
}

fn narrate<'a>(
    diagnostic: &'a dyn Diagnostic,
    parent_source: Option<&'a dyn miette::SourceCode>,
    out: &mut String,
) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "{diagnostic}");
    let severity = match diagnostic.severity() {
        Some(miette::Severity::Advice) => "提示",
        Some(miette::Severity::Warning) => "警告",
        _ => "错误",
    };
    let _ = writeln!(out, "{SEVERITY_LINE}{severity}");
    let source = diagnostic.source_code().or(parent_source);
    for label in diagnostic.labels().into_iter().flatten() {
        let text = label.label().unwrap_or_default();
        let place = source
            .and_then(|source| Some((source, source.read_span(label.inner(), 0, 0).ok()?)))
            .map(|(source, contents)| {
                let name = contents.name().map(|n| format!("{n} ")).unwrap_or_default();
                format!(
                    "{name}第 {} 行第 {} 列",
                    contents.line() + 1,
                    char_column(source, label.inner(), contents.column()) + 1
                )
            });
        match (place, text.is_empty()) {
            (Some(place), false) => {
                let _ = writeln!(out, "    位置：{place}：{text}");
            }
            (Some(place), true) => {
                let _ = writeln!(out, "    位置：{place}");
            }
            (None, false) => {
                let _ = writeln!(out, "    {text}");
            }
            (None, true) => {}
        }
    }
    if let Some(help) = diagnostic.help() {
        // Further lines of the help stay under it.
        let help = help.to_string().replace('\n', "\n          ");
        let _ = writeln!(out, "    建议：{help}");
    }
    if let Some(code) = diagnostic.code() {
        let _ = writeln!(out, "    代码：{code}");
    }
    if let Some(cause) = diagnostic.diagnostic_source() {
        narrate(cause, source, out);
    }
    for related in diagnostic.related().into_iter().flatten() {
        out.push('\n');
        narrate(related, source, out);
    }
}

/// The 0-based column of a span in characters, as an editor counts (miette counts bytes, so a
/// line with Chinese before the place would read three times too far).
fn char_column(source: &dyn miette::SourceCode, span: &miette::SourceSpan, bytes: usize) -> usize {
    let before = miette::SourceSpan::from((0, span.offset()));
    source
        .read_span(&before, 0, 0)
        .ok()
        .and_then(|contents| {
            let data = contents.data().get(..span.offset())?;
            let line = data.rsplit(|&b| b == b'\n').next()?;
            Some(String::from_utf8_lossy(line).chars().count())
        })
        .unwrap_or(bytes)
}

/// The line after a narrated diagnostic's message; a finding's places in words follow it.
pub const SEVERITY_LINE: &str = "    严重程度：";

/// Writes a diagnostic about the tool's own inputs (always graphical) to a stream.
pub fn to_stream(stream: &mut dyn Write, diagnostic: &dyn Diagnostic, style: Style) {
    let _ = writeln!(stream, "{}", graphical(diagnostic, style).trim_end());
}
