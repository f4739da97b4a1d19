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
    out
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
