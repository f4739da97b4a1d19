//! Finding the parser's text nodes in the source: a cursor moves forward through the visible
//! characters of the source ([`Source::keys`]) as text nodes arrive in document order.
//!
//! Normally each text node is found right at the cursor. When the parser moved text (text
//! misplaced inside a `<table>` is put before the table), the node is found further on, and
//! the skipped stretch is remembered so the nodes that really come first are still found in
//! it (for as long as the following nodes match it, in order). Text that cannot be found at all (an unknown character reference) falls back to its
//! longest run of letters and digits, and otherwise gets an empty span at the cursor.

use super::inline::is_key;
use super::source::Source;

/// How far ahead (in bytes of visible text) a text node is looked for.
const WINDOW: usize = 1 << 16;

/// The cursor over a scanned source.
#[derive(Debug)]
pub(super) struct Locator<'s> {
    source: &'s Source,
    /// Byte offset in `source.keys` of the next unmatched character.
    cursor: usize,
    /// A skipped stretch of `source.keys` not matched yet.
    hole: Option<(usize, usize)>,
    /// [`Locator::position`], kept as the cursor moves: every element asks for it.
    position: usize,
    /// The visible characters of the node being located (kept for the next node's: a page has
    /// a thousand text nodes).
    needle: String,
}

/// Where a text node is: the source bytes from its first to its last visible character, or
/// `None` if it has none or could not be found; `at` is a source offset near it either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub span: Option<(usize, usize)>,
    pub at: usize,
}

impl<'s> Locator<'s> {
    /// A cursor at the start of `source`.
    pub fn new(source: &'s Source) -> Self {
        Self {
            source,
            cursor: 0,
            hole: None,
            position: 0,
            needle: String::new(),
        }
    }

    /// The source offset just after the last matched character.
    pub fn position(&self) -> usize {
        self.position
    }

    /// Finds the next text node, whose decoded text is `text`.
    pub fn locate(&mut self, text: &str) -> Found {
        let mut needle = std::mem::take(&mut self.needle);
        needle.clear();
        needle.extend(text.chars().filter(|&c| is_key(c)));
        let found = self.locate_visible(&needle);
        self.needle = needle;
        found
    }

    /// Finds the next text node, whose visible characters are `needle`.
    fn locate_visible(&mut self, needle: &str) -> Found {
        if needle.is_empty() {
            return self.not_found();
        }
        if let Some((start, end)) = self.hole.take()
            && self.keys(start, end).starts_with(needle)
        {
            let after = start + needle.len();
            self.hole = (after < end).then_some((after, end));
            return self.found(start, after);
        }
        if let Some(found) = self.find(needle) {
            return found;
        }
        let piece = needle
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|piece| piece.len())
            .unwrap_or_default();
        if !piece.is_empty()
            && piece.len() < needle.len()
            && let Some(found) = self.find(piece)
        {
            return found;
        }
        self.not_found()
    }

    /// Looks for `needle` from the cursor on and moves the cursor past it.
    fn find(&mut self, needle: &str) -> Option<Found> {
        let limit = self.cursor + WINDOW.max(needle.len() * 2);
        let window = self.keys(self.cursor, limit);
        // Most nodes are right at the cursor: a search (which first prepares the needle) only
        // for those that are not.
        let at = if window.starts_with(needle) {
            self.cursor
        } else {
            self.cursor + window.find(needle)?
        };
        if at > self.cursor {
            self.hole = Some((self.cursor, at));
        }
        let end = at + needle.len();
        self.cursor = end;
        self.position = self.source.end_before(end).unwrap_or(0);
        Some(self.found(at, end))
    }

    /// The span of the keys `start..end`.
    fn found(&self, start: usize, end: usize) -> Found {
        match (self.source.start_of(start), self.source.end_before(end)) {
            (Some(first), Some(last)) => Found {
                span: Some((first, last.max(first))),
                at: first,
            },
            _ => self.not_found(),
        }
    }

    fn not_found(&self) -> Found {
        Found {
            span: None,
            at: self.position(),
        }
    }

    /// `source.keys[start..end]`, the end clamped to the text and a character boundary.
    fn keys(&self, start: usize, end: usize) -> &'s str {
        let keys = self.source.keys.as_str();
        let mut end = end.min(keys.len());
        while end > start && !keys.is_char_boundary(end) {
            end -= 1;
        }
        keys.get(start..end).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::source::scan;
    use super::*;

    fn slice(html: &str, found: Found) -> Option<&str> {
        found.span.and_then(|(start, end)| html.get(start..end))
    }

    /// Nodes are found in order, numbers exactly, text with references around them.
    #[test]
    fn finds_nodes_in_order() {
        let html = "<td>0</td><td width=\"40\">&nbsp;10&nbsp;</td><p>A&amp;B</p>";
        let source = scan(html);
        let mut locator = Locator::new(&source);
        assert_eq!(slice(html, locator.locate("0")), Some("0"));
        assert_eq!(slice(html, locator.locate("\u{A0}10\u{A0}")), Some("10"));
        assert_eq!(slice(html, locator.locate("A&B")), Some("A&amp;B"));
        let end = locator.locate("  ");
        assert_eq!((end.span, end.at), (None, html.len() - 4));
    }

    /// A node the parser moved ahead leaves a hole in which the earlier nodes are found.
    #[test]
    fn finds_moved_text() {
        let html = "<table><tr><td>1</td>moved<td>2</td></tr></table>";
        let source = scan(html);
        let mut locator = Locator::new(&source);
        assert_eq!(slice(html, locator.locate("moved")), Some("moved"));
        assert_eq!(slice(html, locator.locate("1")), Some("1"));
        assert_eq!(slice(html, locator.locate("2")), Some("2"));
    }

    /// Text behind an unknown reference is found by its longest plain run.
    #[test]
    fn falls_back_to_plain_runs() {
        let html = "<p>x&zzz;总体情况</p>";
        let source = scan(html);
        let mut locator = Locator::new(&source);
        assert_eq!(
            slice(html, locator.locate("x\u{2603}总体情况")),
            Some("总体情况")
        );
        assert_eq!(locator.locate("缺").span, None);
    }
}
