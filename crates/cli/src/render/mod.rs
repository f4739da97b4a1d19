//! Rendering: findings and errors as miette diagnostics (graphical or narrated) and the
//! `extract` grid. The JSON documents are the library's (`nianbao_check::json`).

use std::io::Write;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NarratableReportHandler};

use crate::Style;

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

/// A diagnostic as plain sentences, for screen readers and logs.
pub fn narrated(diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    if NarratableReportHandler::new()
        .with_context_lines(0)
        .render_report(&mut out, diagnostic)
        .is_err()
    {
        out = diagnostic.to_string();
    }
    out
}

/// Writes a diagnostic about the tool's own inputs (always graphical) to a stream.
pub fn to_stream(stream: &mut dyn Write, diagnostic: &dyn Diagnostic, style: Style) {
    let _ = writeln!(stream, "{}", graphical(diagnostic, style).trim_end());
}
