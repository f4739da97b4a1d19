//! The document body as read from `word/document.xml`: paragraphs (with their list labels
//! already rendered) and tables whose merged cells are resolved to the flattened-text shape.

use std::borrow::Cow;

use smallvec::SmallVec;

/// What a cell holds. Almost every cell holds one paragraph, kept inline: one allocation fewer
/// per cell.
pub(crate) type Content<'x> = SmallVec<[Node<'x>; 1]>;

/// A paragraph or a table of the body or of a table cell. `'x` is the XML read: a paragraph
/// made of one run of plain text borrows it (most table cells), others own their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node<'x> {
    /// A paragraph's final text (tracked changes applied, label prefixed), trimmed, one line.
    Paragraph(Cow<'x, str>),
    /// A table.
    Table(Table<'x>),
}

/// A table: the rows that were not deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table<'x> {
    /// Rows, top to bottom.
    pub rows: Vec<Row<'x>>,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row<'x> {
    /// Cells, left to right; a horizontally merged cell (`gridSpan`) is one cell.
    pub cells: Vec<Cell<'x>>,
    /// Deleted as a tracked change (`w:trPr/w:del`).
    pub deleted: bool,
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Not merged, or the first cell of a vertical merge (it carries the text).
    #[default]
    None,
    /// A continuation of the cell above (`w:vMerge` without `restart`): shown empty.
    Continue,
    /// Merged into the cell to its left by the legacy `w:hMerge`, or deleted (`w:cellDel`):
    /// not shown at all.
    Gone,
}

/// A table cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cell<'x> {
    /// Its part in a merge.
    pub merge: Merge,
    /// Paragraphs and nested tables, in order.
    pub content: Content<'x>,
}

impl<'x> Cell<'x> {
    /// The non-empty paragraphs of the cell (none for a merge continuation).
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.content
            .iter()
            .filter(|_| self.merge == Merge::None)
            .filter_map(|node| match node {
                Node::Paragraph(text) if !text.is_empty() => Some(text.as_ref()),
                _ => None,
            })
    }

    /// Tables nested in the cell.
    pub fn tables(&self) -> impl Iterator<Item = &Table<'x>> {
        self.content.iter().filter_map(|node| match node {
            Node::Table(table) => Some(table),
            Node::Paragraph(_) => None,
        })
    }
}

impl<'x> Table<'x> {
    /// The cells that are shown, row by row; deleted rows and rows left without cells are
    /// dropped.
    pub fn shown_rows(&self) -> impl Iterator<Item = Vec<&Cell<'x>>> {
        self.rows
            .iter()
            .filter(|row| !row.deleted)
            .map(|row| {
                row.cells
                    .iter()
                    .filter(|c| c.merge != Merge::Gone)
                    .collect::<Vec<_>>()
            })
            .filter(|cells| !cells.is_empty())
    }

    /// A layout frame: one row of one cell that holds a table. Its content is read as if it
    /// stood in the body.
    pub fn frame(&self) -> Option<&Cell<'x>> {
        let mut rows = self.shown_rows();
        let first = rows.next()?;
        match (first.as_slice(), rows.next()) {
            ([cell], None) if cell.tables().next().is_some() => Some(cell),
            _ => None,
        }
    }
}

/// Whether `one_line` changes `c` (replaces or drops it).
fn replaced(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// [`one_line`] of a borrowed or owned text without a copy when only its ends are trimmed
/// (most paragraphs): a borrowed text is sliced, an owned one keeps its buffer.
pub(crate) fn into_one_line(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.chars().any(replaced) {
        return Cow::Owned(one_line(&text));
    }
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(mut text) => {
            let end = text.trim_end().len();
            text.truncate(end);
            let start = end - text.trim_start().len();
            text.drain(..start);
            Cow::Owned(text)
        }
    }
}

/// Makes paragraph text one trimmed line: tabs and line breaks become spaces, other control
/// characters are dropped.
pub(crate) fn one_line(text: &str) -> String {
    // Most text has nothing to replace or drop: only its ends are trimmed.
    if !text.chars().any(replaced) {
        return text.trim().to_owned();
    }
    let line: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                Some(' ')
            }
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    line.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, merge: Merge) -> Cell<'_> {
        Cell {
            merge,
            content: smallvec::smallvec![Node::Paragraph(text.into())],
        }
    }

    /// Continuations show no text, `Gone` cells and deleted rows are not shown, frames found.
    #[test]
    fn shown_cells_and_frames() {
        let table = Table {
            rows: vec![
                Row {
                    cells: vec![cell("a", Merge::None), cell("x", Merge::Gone)],
                    deleted: false,
                },
                Row {
                    cells: vec![cell("b", Merge::None)],
                    deleted: true,
                },
                Row {
                    cells: vec![cell("c", Merge::Continue)],
                    deleted: false,
                },
            ],
        };
        let shown: Vec<Vec<Vec<&str>>> = table
            .shown_rows()
            .map(|row| row.iter().map(|c| c.paragraphs().collect()).collect())
            .collect();
        assert_eq!(shown, [vec![vec!["a"]], vec![vec![]]]);
        assert!(table.frame().is_none());
        let frame = Table {
            rows: vec![Row {
                cells: vec![Cell {
                    merge: Merge::None,
                    content: smallvec::smallvec![Node::Table(table.clone())],
                }],
                deleted: false,
            }],
        };
        assert!(frame.frame().is_some());
        assert_eq!(one_line("\t一\u{3000}二\n三\u{7} "), "一\u{3000}二 三");
        for text in [
            "\t一\u{3000}二\n三\u{7} ",
            " \u{3000}总体 情况\u{3000} ",
            "",
            "  ",
            "年报",
        ] {
            assert_eq!(into_one_line(text.into()), one_line(text), "{text:?}");
            let owned: Cow<'_, str> = Cow::Owned(text.to_owned());
            assert_eq!(into_one_line(owned), one_line(text), "{text:?}");
        }
    }
}
