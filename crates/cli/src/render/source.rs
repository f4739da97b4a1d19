//! The document as miette sees it: the original text, except that a line too long to show (a
//! crawler's whole report on one line) is cut to a window around the labelled cells.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines longer than this many bytes are cut to a window.
const MAX_LINE: usize = 400;
/// Bytes kept on each side of a span when cutting.
const MARGIN: usize = 90;

/// A document's text with a name, for diagnostics.
#[derive(Debug, Clone)]
pub struct DocumentSource {
    name: String,
    text: Arc<str>,
}

impl DocumentSource {
    /// The text `text` of the file `name`.
    pub fn new(name: String, text: Arc<str>) -> Self {
        Self { name, text }
    }

    /// Whether there is no text to point into (a document written as data, without text).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl SourceCode for DocumentSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let full = text.read_span(span, before, after)?;
        let longest = full
            .data()
            .split(|&b| b == b'\n')
            .map(<[u8]>::len)
            .max()
            .unwrap_or(0);
        if longest <= MAX_LINE {
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                full.data(),
                *full.span(),
                full.line(),
                full.column(),
                full.line_count(),
            )));
        }
        // The window starts on the span's own line: a window cut at a line break must still
        // hold the span.
        let line_start = text
            .get(..span.offset())
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |at| at + 1);
        let start = floor(text, span.offset().saturating_sub(MARGIN).max(line_start));
        let end = ceil(text, (span.offset() + span.len() + MARGIN).min(text.len()));
        let window = text.get(start..end).unwrap_or_default();
        // A window never crosses a line break, so line and column are those of its start.
        let window = window.split('\n').next().unwrap_or(window);
        let prefix = text.get(..start).unwrap_or_default();
        let line = prefix.matches('\n').count();
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            window.as_bytes(),
            SourceSpan::from((start, window.len())),
            line,
            column,
            1,
        )))
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
