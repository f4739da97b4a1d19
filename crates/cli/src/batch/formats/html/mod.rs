//! `--format html`: one self-contained page (inline CSS, no script, no network) that a
//! supervising office opens in a browser, prints or sends around.
//!
//! The page streams like every format: [`Sink::begin`] writes the head and the page's
//! opening, [`Sink::report`] one `<section>` per input as it arrives, [`Sink::finish`] the
//! summary tables and the closing. Nothing of a report is kept once its section is written.
//!
//! The summary is written last but *seen first*: the sections and the summary are the
//! children of one `display:flex; flex-direction:column` container and the summary has
//! `order:-1`. Without styles (a text browser, a mail client that drops `<style>`) it stands at
//! the end, and the page head's "跳到汇总" link goes to it either way.
//!
//! Modules: [`page`] the head and the summary, [`section`] one report. What a report's section
//! shows — its findings, and its tables as the template declares them with the findings' cells
//! marked — and the stylesheet inlined into the head are `nianbao_html`'s, which the browser
//! page shares; this module writes the page around the sections.

mod page;
mod section;

use std::io::{self, Write};

use crate::batch::{Outcome, Sink, SinkContext, Summary};

/// The HTML page format.
#[derive(Debug, Default)]
pub struct Html;

impl Sink for Html {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        out.write_all(page::opening(context).as_bytes())
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        out.write_all(section::render(outcome, context).as_bytes())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        out.write_all(page::closing(summary, context).as_bytes())
    }
}

/// The anchor of the `index`-th input's section (1-based in the page, as people count).
fn anchor(index: usize) -> String {
    format!("r{}", index + 1)
}

#[cfg(test)]
mod tests;
