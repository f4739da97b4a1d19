//! Provenance: where a piece of a document came from.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A byte range into the text a document was read from, with the line and column of its start.
///
/// `start`/`end` are byte offsets into [`crate::Document::text`] (for text formats this is the
/// original file). `line` and `column` are 1-based; `column` counts characters, not bytes, as
/// rustc does, so it matches what an editor shows for CJK text.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
}

impl Span {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Maps byte offsets of one text to line and column, computed once per text.
///
/// Columns count characters. Besides the line starts the index keeps the character count at
/// regular byte checkpoints, so a span on a very long line (a minified page, a crawler's whole
/// report on one line) costs a lookup and a short count, not a count from the line start.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` about every [`CHECKPOINT`] bytes; counted the
    /// first time a span starts far into a line (most documents have none: their lines are
    /// short, and counting the whole text was a visible share of indexing it).
    checkpoints: OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between character-count checkpoints.
const CHECKPOINT: usize = 512;

impl LineIndex {
    /// Indexes the line starts of `text` (the character checkpoints wait until needed).
    pub fn new(text: &str) -> Self {
        // Counted first (a vector pass) so that the starts are pushed without growing.
        let mut line_starts =
            Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        line_starts.push(0);
        line_starts.extend(crate::newlines::newlines(text).map(|at| at + 1));
        Self {
            line_starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// Where each line of the text starts, in bytes: 0, then the byte after every `\n`.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// `(byte offset, characters before it)` about every [`CHECKPOINT`] bytes of `text`.
    fn checkpoints(text: &str) -> Vec<(usize, usize)> {
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while let Some(next) = (at + CHECKPOINT..text.len()).find(|&b| text.is_char_boundary(b)) {
            chars += text.get(at..next).map_or(0, |s| s.chars().count());
            checkpoints.push((next, chars));
            at = next;
        }
        checkpoints
    }

    /// Characters of `text` before byte `at` (a character boundary).
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| Self::checkpoints(text));
        let found = checkpoints.partition_point(|&(o, _)| o <= at);
        let (offset, chars) = checkpoints
            .get(found.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0));
        chars + text.get(offset..at).map_or(0, |s| s.chars().count())
    }

    /// Builds the span `start..end` of `text` (the text this index was built from).
    ///
    /// Offsets past the end or inside a character are clamped, never a panic.
    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let start = floor_char_boundary(text, start.min(text.len()));
        let line = self.line_starts.partition_point(|&s| s <= start);
        self.span_on(text, start, end, line)
    }

    /// [`LineIndex::span`] for spans met in text order (a table's cells): `line` is the line
    /// the span before was found on, and is moved to this one's, counting forward from it
    /// rather than searching all lines (a span before it is found as `span` finds it).
    pub fn span_after(&self, text: &str, start: usize, end: usize, line: &mut usize) -> Span {
        let start = floor_char_boundary(text, start.min(text.len()));
        let starts_before = |line: usize| {
            line.checked_sub(1)
                .and_then(|at| self.line_starts.get(at))
                .is_some_and(|&s| s <= start)
        };
        if starts_before(*line) {
            while self.line_starts.get(*line).is_some_and(|&s| s <= start) {
                *line += 1;
            }
        } else {
            *line = self.line_starts.partition_point(|&s| s <= start);
        }
        self.span_on(text, start, end, *line)
    }

    /// The span `start..end` of `text`, `start` a character boundary on 1-based line `line`.
    fn span_on(&self, text: &str, start: usize, end: usize, line: usize) -> Span {
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        // Short distances are counted directly; checkpoints only pay off on long lines.
        let column = if start.saturating_sub(line_start) <= CHECKPOINT {
            text.get(line_start..start).map_or(0, |s| s.chars().count())
        } else {
            self.chars_before(text, start) - self.chars_before(text, line_start)
        } + 1;
        Span {
            start,
            end,
            line,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans found in order from the line before give what a search of all lines gives,
    /// also when one goes back.
    #[test]
    fn spans_after_each_other_are_the_same_spans() {
        let text = "标题\n\t自然人\n\t12\n\n\t3\n尾";
        let index = LineIndex::new(text);
        let mut line = 1;
        for (start, end) in [
            (0, 6),
            (8, 17),
            (19, 21),
            (24, 25),
            (8, 9),
            (26, 29),
            (29, 40),
        ] {
            assert_eq!(
                index.span_after(text, start, end, &mut line),
                index.span(text, start, end),
                "{start}..{end}"
            );
        }
    }

    /// Lines and character columns are 1-based and count CJK characters as one column.
    #[test]
    fn locates_cjk_text() {
        let text = "标题\n\t自然人\n";
        let index = LineIndex::new(text);
        let at = text.find("自然人").unwrap_or_default();
        let span = index.span(text, at, at + "自然人".len());
        assert_eq!((span.line, span.column), (2, 2));
        assert_eq!(text.get(span.start..span.end), Some("自然人"));
    }

    /// Columns past many checkpoints on one long line are still character counts.
    #[test]
    fn long_lines() {
        let text = format!("{}\n{}自然人", "甲".repeat(3000), "a".repeat(2000));
        let index = LineIndex::new(&text);
        let at = text.find("自然人").unwrap_or_default();
        let span = index.span(&text, at, at + 3);
        assert_eq!((span.line, span.column), (2, 2001));
        let mid = "甲".len() * 1500;
        assert_eq!(index.span(&text, mid, mid).column, 1501);
    }

    /// Offsets out of range or inside a character are clamped instead of panicking.
    #[test]
    fn clamps_bad_offsets() {
        let text = "自然人";
        let index = LineIndex::new(text);
        let span = index.span(text, 1, 100);
        assert_eq!((span.start, span.end), (0, text.len()));
    }
}
