//! One checked 政府信息公开工作年度报告 as HTML: the `<section>` that shows its findings in
//! Chinese (culprits first: which cell is wrong and what it should be), and the grid of every
//! table a shown finding involves, drawn as the template declares it with the offending cells
//! marked.
//!
//! Two pages show reports this way and share this crate so that they show them identically:
//! `nianbao check --format html` (the CLI writes the page around the sections: head, summary,
//! navigation) and the WebAssembly page that checks a report in the browser. The crate only
//! builds strings; it reads no file and needs nothing of the platform, so it compiles for
//! `wasm32-unknown-unknown`.
//!
//! * [`section`] renders one report from a [`Section`]; [`duplicate_section`] the section of
//!   an input skipped as a duplicate of an earlier one.
//! * [`STYLE`] is the stylesheet the markup expects (the classes `report`, `status-…`,
//!   `sev-…`, `grid`, `hit`, `culprit`, …), to be inlined into the page's `<style>`.
//! * [`Esc`], [`severity_badge`] and [`related_line`] are the pieces a page around the
//!   sections writes in the same way.
//!
//! ```
//! use nianbao_check::Checker;
//! use nianbao_html::{Section, section};
//!
//! let checker = Checker::builtin()?;
//! let result = checker.check_file("../../examples/errors/balance.txt");
//! let html = section(&Section {
//!     id: "r1",
//!     index: 0,
//!     path: "balance.txt",
//!     result: &result,
//!     rules: checker.rules(),
//!     accepted: 0,
//!     note: None,
//!     max_findings: None,
//! });
//! assert!(html.starts_with("<section class=\"report status-error\" id=\"r1\">"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod grid;
mod quote;
mod section;

use std::fmt;

use nianbao_check::model::{Related, Severity};

pub use section::{Section, duplicate_section, section};

/// A checked report's status, the word of its `status-…` class: `error` with an error,
/// `warning` with warnings only, else `clean`.
pub fn status(counts: &nianbao_check::Counts) -> &'static str {
    if counts.errors > 0 {
        "error"
    } else if counts.warnings > 0 {
        "warning"
    } else {
        "clean"
    }
}

/// The stylesheet the sections' markup expects, to be inlined into the page's `<style>`.
pub const STYLE: &str = include_str!("style.css");

/// Text escaped for HTML content and double- or single-quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become entities, everything else is written as it is.
#[derive(Debug, Clone, Copy)]
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            let (plain, tail) = rest.split_at(at);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            let entity = match chars.next() {
                Some('&') => "&amp;",
                Some('<') => "&lt;",
                Some('>') => "&gt;",
                Some('"') => "&quot;",
                _ => "&#39;",
            };
            f.write_str(entity)?;
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

/// The severity word (错误, 警告, 提示) in a badge coloured by severity:
/// `<span class="badge sev-error">错误</span>`.
pub fn severity_badge(severity: Severity) -> String {
    format!(
        "<span class=\"badge sev-{}\">{}</span>",
        severity.as_str(),
        severity.label()
    )
}

/// A place in another document, in words: what is there, the file and, when known, the line.
/// Plain text, not escaped.
pub fn related_line(related: &Related) -> String {
    if related.span.line == 0 {
        format!("{}：{}", related.file, related.label)
    } else {
        format!(
            "{}（{} 第 {} 行）",
            related.label, related.file, related.span.line
        )
    }
}

#[cfg(test)]
mod tests;
