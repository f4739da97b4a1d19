//! Line scanning for the flattened text format: splits lines and locates their trimmed content.

/// Word conversion artifact marking a bookmark, e.g. `[bookmark: _GoBack]`.
const BOOKMARK_OPEN: &str = "[bookmark: ";

/// What a line of flattened text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// No content (only whitespace or bookmarks) and no leading tab.
    Blank,
    /// Content without a leading tab: a paragraph, or more text of a table cell.
    Text,
    /// A line starting with a tab: one table cell, possibly empty.
    Cell,
}

/// One line of flattened text, located in the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// What the line is.
    pub kind: LineKind,
    /// Byte offset where the trimmed content starts (for an empty cell: right after the tab).
    pub start: usize,
    /// Byte offset where the trimmed content ends (never includes `\r`).
    pub end: usize,
}

impl Line {
    /// Whether the line has no content.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// Splits `text` from byte offset `from` into lines (`\n` or `\r\n` endings); `starts` are
/// the text's line starts (its [`LineIndex`](nianbao_model::LineIndex)'s: the line breaks are
/// not looked for again).
pub(crate) fn lines(text: &str, from: usize, starts: &[usize]) -> Vec<Line> {
    let later = starts.get(starts.partition_point(|&start| start <= from)..);
    let ends = later
        .unwrap_or_default()
        .iter()
        .map(|&start| start.saturating_sub(1))
        .chain([text.len()]);
    let mut lines = Vec::with_capacity(later.map_or(0, <[usize]>::len) + 1);
    let mut start = from;
    for end in ends {
        let raw = text.get(start..end).unwrap_or_default();
        lines.push(classify(raw.strip_suffix('\r').unwrap_or(raw), start));
        start = end + 1;
    }
    lines
}

/// Classifies one line (without its line ending) that starts at byte offset `at`.
fn classify(line: &str, at: usize) -> Line {
    let (kind, base, body) = match line.strip_prefix('\t') {
        Some(rest) => (LineKind::Cell, at + 1, rest),
        None => (LineKind::Text, at, line),
    };
    match content(body) {
        Some((start, end)) => Line {
            kind,
            start: base + start,
            end: base + end,
        },
        None => Line {
            kind: if kind == LineKind::Cell {
                LineKind::Cell
            } else {
                LineKind::Blank
            },
            start: base,
            end: base,
        },
    }
}

/// The byte range of the content of `line`: trimmed (Unicode whitespace, including U+3000 and
/// NBSP) and without leading `[bookmark: NAME]` markers. `None` if nothing is left.
fn content(line: &str) -> Option<(usize, usize)> {
    // Most lines (a cell's figure or label) have neither whitespace at their ends nor a
    // bookmark: `trim`'s look at the two ends says so without decoding them.
    if !line.starts_with('[') && nianbao_model::trim(line).len() == line.len() {
        return (!line.is_empty()).then_some((0, line.len()));
    }
    trimmed_content(line)
}

/// [`content`] the long way, for any line.
fn trimmed_content(line: &str) -> Option<(usize, usize)> {
    let mut start = leading_whitespace(line);
    while let Some(rest) = line.get(start..)
        && let Some(name_and_rest) = rest.strip_prefix(BOOKMARK_OPEN)
        && let Some(close) = name_and_rest.find(']')
    {
        start += BOOKMARK_OPEN.len() + close + 1;
        start += leading_whitespace(line.get(start..).unwrap_or_default());
    }
    let end = line.trim_end().len();
    (start < end).then_some((start, end))
}

/// Length in bytes of the leading whitespace of `text`.
fn leading_whitespace(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, from: usize) -> Vec<Line> {
        lines(
            text,
            from,
            nianbao_model::LineIndex::new(text).line_starts(),
        )
    }

    fn slice(text: &str, line: Line) -> &str {
        text.get(line.start..line.end).unwrap_or("<bad range>")
    }

    /// Tab lines are cells, other lines text or blank; content is trimmed.
    #[test]
    fn classifies_lines() {
        let text = "标题 \n\t自然人\n\n\t\n\u{3000}\u{A0}\n  正文\u{3000}";
        let found = split(text, 0);
        let kinds: Vec<LineKind> = found.iter().map(|l| l.kind).collect();
        use LineKind::{Blank, Cell, Text};
        assert_eq!(kinds, [Text, Cell, Blank, Cell, Blank, Text]);
        let contents: Vec<&str> = found.iter().map(|&l| slice(text, l)).collect();
        assert_eq!(contents, ["标题", "自然人", "", "", "", "正文"]);
    }

    /// The shortcut for lines without whitespace or a bookmark at their ends gives what the
    /// long way gives, for every line of up to four pieces: spaces, bookmarks, brackets, text.
    #[test]
    fn content_shortcut_agrees_with_the_long_way() {
        let pieces = [
            " ",
            "\u{3000}",
            "\u{a0}",
            "\t",
            "\r",
            "[bookmark: _GoBack]",
            "[",
            "]",
            "[x]",
            "12",
            "总计",
            "\u{85}",
            "—",
            "a",
        ];
        for line in nianbao_model::testkit::texts_of(&pieces, 4) {
            assert_eq!(content(&line), trimmed_content(&line), "{line:?}");
        }
    }

    /// An empty cell has an empty range right after its tab.
    #[test]
    fn empty_cell_sits_after_tab() {
        let text = "a\n\t  \n";
        let cell = split(text, 0).get(1).copied();
        assert_eq!(
            cell.map(|c| (c.kind, c.start, c.end)),
            Some((LineKind::Cell, 3, 3))
        );
    }

    /// CRLF endings are split off; ranges never include `\r`.
    #[test]
    fn strips_crlf() {
        let text = "标题\r\n\t0\r\n\r\n";
        let found = split(text, 0);
        let contents: Vec<&str> = found.iter().map(|&l| slice(text, l)).collect();
        assert_eq!(contents, ["标题", "0", "", ""]);
        assert_eq!(
            found.get(1).map(|l| l.start),
            Some(text.find('0').unwrap_or_default())
        );
    }

    /// Leading bookmark markers are skipped; a bookmark-only line is blank.
    #[test]
    fn skips_bookmarks() {
        let text = "[bookmark: _GoBack]六、其他\n\t[bookmark: a] [bookmark: b]0\n[bookmark: x]\n";
        let found = split(text, 0);
        let contents: Vec<&str> = found.iter().map(|&l| slice(text, l)).collect();
        assert_eq!(contents, ["六、其他", "0", "", ""]);
        assert_eq!(found.get(2).map(|l| l.kind), Some(LineKind::Blank));
    }

    /// A bracket that is not a complete bookmark marker stays content.
    #[test]
    fn keeps_other_brackets() {
        let text = "[bookmark: unclosed\n[注] 说明";
        let contents: Vec<&str> = split(text, 0).iter().map(|&l| slice(text, l)).collect();
        assert_eq!(contents, ["[bookmark: unclosed", "[注] 说明"]);
    }

    /// The lines found from the index's starts are the text after `from` split at its line
    /// breaks, for every text of up to five pieces and every place to start.
    #[test]
    fn lines_from_the_index_are_the_text_split_at_its_breaks() {
        let pieces = ["\n", "\r\n", "\t1", "ab", "一", " "];
        for text in nianbao_model::testkit::texts_of(&pieces, 5) {
            for from in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let mut at = from;
                let expected: Vec<Line> = text
                    .get(from..)
                    .unwrap_or_default()
                    .split('\n')
                    .map(|raw| {
                        let line = classify(raw.strip_suffix('\r').unwrap_or(raw), at);
                        at += raw.len() + 1;
                        line
                    })
                    .collect();
                assert_eq!(split(&text, from), expected, "{text:?} from {from}");
            }
        }
    }

    /// Offsets are offsets into the whole text when scanning starts after a BOM.
    #[test]
    fn offsets_after_bom() {
        let text = "\u{FEFF}标题";
        let found = split(text, 3);
        assert_eq!(
            found.first().map(|l| (l.kind, l.start, l.end)),
            Some((LineKind::Text, 3, 9))
        );
    }
}
