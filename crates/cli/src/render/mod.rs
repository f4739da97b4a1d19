//! Rendering: findings and errors as miette diagnostics (graphical or narrated) and the
//! `extract` grid. The JSON documents are the library's (`nianbao_check::json`).

use std::io::Write;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NarratableReportHandler};

use crate::Style;

pub mod finding;
pub mod source;
pub mod table;

/// A diagnostic drawn with boxes and underlines, coloured if the style says so.
pub fn graphical(diagnostic: &dyn Diagnostic, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1);
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
