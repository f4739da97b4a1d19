//! The prose of a document in the units phrases are matched in: a paragraph, or for a PDF
//! the lines of one sentence joined (a PDF's text layer breaks sentences at the end of every
//! printed line: "答" / "复 3050 件").

use nianbao_model::Document;

use super::matcher::ends_sentence;

/// A run of prose and where it is in the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The text.
    pub text: String,
    /// Offset of the text's first byte in the document's text.
    pub start: usize,
    /// Whether `text` is exactly the document's text from `start` (otherwise offsets inside
    /// it are mapped by position, as headings are).
    pub exact: bool,
    /// Length of the document's text the unit covers.
    pub covers: usize,
}

impl Unit {
    /// A unit over text that stands nowhere in a document (an example of a rule file).
    pub fn detached(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            start: 0,
            exact: false,
            covers: text.len(),
        }
    }

    /// The document range of the unit's byte range `start..end`.
    pub fn document_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.exact {
            (self.start + start, self.start + end)
        } else {
            let limit = self.start + self.covers;
            (
                (self.start + start).min(limit),
                (self.start + end).min(limit),
            )
        }
    }

    /// The phrase at a document range, as written; whitespace runs (line breaks of a PDF)
    /// shown as one space.
    pub fn text_of(&self, start: usize, end: usize, document: &str) -> String {
        let written = if self.exact {
            document.get(start..end)
        } else {
            let from = start.saturating_sub(self.start);
            let to = end.saturating_sub(self.start);
            self.text.get(from..to)
        };
        written
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The prose units of a document; `join_lines` joins the lines of a sentence (PDF).
pub(crate) fn prose_units(document: &Document, join_lines: bool) -> Vec<Unit> {
    // Units are grown as ranges and their text taken once at the end: copying the text at
    // every joined line would be quadratic in a long run of lines without a full stop.
    let mut units: Vec<Unit> = Vec::new();
    let mut last_char: Option<char> = None;
    for paragraph in document.paragraphs() {
        let start = paragraph.span.start;
        let exact = document
            .text
            .get(start..paragraph.span.end)
            .is_some_and(|t| t == paragraph.text);
        let continues = join_lines
            && exact
            && !last_char.is_some_and(|c| ends_sentence(c) || matches!(c, '；' | '！' | '？'))
            && units.last().is_some_and(|last| {
                last.exact
                    && document
                        .text
                        .get(last.start + last.covers..start)
                        .is_some_and(|between| between.chars().all(char::is_whitespace))
            });
        last_char = paragraph.text.trim_end().chars().next_back();
        let covers = paragraph.span.end.saturating_sub(start);
        match units.last_mut() {
            Some(last) if continues => last.covers = paragraph.span.end.saturating_sub(last.start),
            _ => units.push(Unit {
                // An exact unit's text is taken from the document below.
                text: if exact {
                    String::new()
                } else {
                    paragraph.text.clone()
                },
                start,
                exact,
                covers,
            }),
        }
    }
    for unit in units.iter_mut().filter(|u| u.exact) {
        unit.text = document
            .text
            .get(unit.start..unit.start + unit.covers)
            .unwrap_or_default()
            .to_owned();
    }
    units
}
