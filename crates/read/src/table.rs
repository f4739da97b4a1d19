//! Table assembly: collects cell lines into rows and turns them into a model [`Table`].

use nianbao_model::{Cell, CellLocation, LineIndex, Row, Table};
use smallvec::SmallVec;

/// The most cells a new row makes room for before they come: a hint only (a wider row still
/// grows), wide enough for the tables of annual reports.
const MAX_RESERVED_CELLS: usize = 32;

/// A cell being collected: where its line's content starts and its non-empty text parts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CellParts {
    /// Where an empty cell's span goes (right after the tab).
    at: usize,
    /// Byte ranges of the non-empty paragraphs of the cell: nearly always one, kept inline.
    parts: SmallVec<[(usize, usize); 1]>,
}

impl CellParts {
    fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// A table being collected line by line. The last row is the current one; it stays open until
/// a cell line arrives after a blank line, or the table ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TableBuilder {
    rows: Vec<Vec<CellParts>>,
    /// Blank lines seen since the last content line.
    blank_run: usize,
}

impl TableBuilder {
    /// Notes a blank line.
    pub fn blank(&mut self) {
        self.blank_run += 1;
    }

    /// Adds a cell with content `start..end` (empty if `start >= end`): to the current row, or
    /// to a new row if a blank line came before it.
    pub fn push_cell(&mut self, start: usize, end: usize) {
        if self.blank_run > 0 || self.rows.is_empty() {
            // Rows of a table mostly have as many cells as the one before: room for them at
            // once, up to a report table's width (a freak row must not size every other).
            let width = self.rows.last().map_or(0, Vec::len).min(MAX_RESERVED_CELLS);
            self.rows.push(Vec::with_capacity(width));
        }
        self.blank_run = 0;
        let mut parts = SmallVec::new();
        if start < end {
            parts.push((start, end));
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(CellParts { at: start, parts });
        }
    }

    /// Whether a text line here continues the last cell: it comes right after a cell line or a
    /// continuation, with no blank line in between.
    pub fn continues_cell(&self) -> bool {
        self.blank_run == 0 && self.rows.last().is_some_and(|row| !row.is_empty())
    }

    /// Whether the current row has cells and all of them are empty (a vertically merged cell
    /// whose text comes after empty paragraphs).
    pub fn current_row_is_empty(&self) -> bool {
        self.rows
            .last()
            .is_some_and(|row| !row.is_empty() && row.iter().all(CellParts::is_empty))
    }

    /// Appends the text `start..end` as a further paragraph of the last cell; the row goes on.
    pub fn append_to_last_cell(&mut self, start: usize, end: usize) {
        self.blank_run = 0;
        if let Some(cell) = self.rows.last_mut().and_then(|row| row.last_mut()) {
            cell.parts.push((start, end));
        }
    }

    /// Builds the table with position `index`, or `None` if it has no row left. A trailing row
    /// made of one empty cell is dropped, as are rows without cells.
    pub fn finish(mut self, index: usize, text: &str, lines: &LineIndex) -> Option<Table> {
        if let [cell] = self.rows.last().map(Vec::as_slice).unwrap_or_default()
            && cell.is_empty()
        {
            self.rows.pop();
        }
        self.rows.retain(|row| !row.is_empty());
        // The cells come in text order: each one's line is counted on from the one before.
        let mut line = 1;
        let rows: Vec<Row> = self
            .rows
            .iter()
            .enumerate()
            .map(|(row_index, row)| Row {
                cells: row
                    .iter()
                    .enumerate()
                    .map(|(cell_index, parts)| {
                        let location = CellLocation {
                            table: index,
                            row: row_index,
                            cell: cell_index,
                            ..CellLocation::default()
                        };
                        build_cell(parts, location, text, lines, &mut line)
                    })
                    .collect(),
            })
            .collect();
        let first = rows.first()?.cells.first()?.span;
        let last = rows.last()?.cells.last()?.span;
        Some(Table {
            index,
            span: lines.span(text, first.start, last.end),
            rows,
        })
    }
}

/// Joins the parts of a cell with `\n`; the span runs from the first part to the last.
fn build_cell(
    parts: &CellParts,
    location: CellLocation,
    text: &str,
    lines: &LineIndex,
    line: &mut usize,
) -> Cell {
    let piece = |&(start, end): &(usize, usize)| text.get(start..end).unwrap_or_default();
    let joined = match parts.parts.as_slice() {
        [one] => piece(one).to_owned(),
        many => many.iter().map(piece).collect::<Vec<_>>().join("\n"),
    };
    let (start, end) = match (parts.parts.first(), parts.parts.last()) {
        (Some(&(start, _)), Some(&(_, end))) => (start, end),
        _ => (parts.at, parts.at),
    };
    Cell {
        text: joined,
        span: lines.span_after(text, start, end, line),
        location,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    fn finish(builder: TableBuilder, text: &str) -> Option<Table> {
        builder.finish(4, text, &LineIndex::new(text))
    }

    /// A blank line starts a new row; cells get their (table, row, cell) location.
    #[test]
    fn blank_line_starts_row() {
        let text = "\ta\n\tb\n\n\tc";
        let mut builder = TableBuilder::default();
        builder.push_cell(1, 2);
        builder.push_cell(4, 5);
        builder.blank();
        builder.push_cell(8, 9);
        let table = finish(builder, text);
        assert_eq!(
            table.as_ref().map(texts),
            Some(vec![vec!["a", "b"], vec!["c"]])
        );
        let last = table
            .as_ref()
            .and_then(|t| t.rows.last()?.cells.last().cloned());
        assert_eq!(
            last.map(|c| c.location),
            Some(CellLocation {
                table: 4,
                row: 1,
                cell: 0,
                ..CellLocation::default()
            })
        );
        assert_eq!(table.map(|t| (t.span.start, t.span.end)), Some((1, 9)));
    }

    /// A multi-paragraph cell joins its parts with `\n`, spanning first to last part.
    #[test]
    fn joins_cell_paragraphs() {
        let text = "\ta\nb";
        let mut builder = TableBuilder::default();
        builder.push_cell(1, 2);
        assert!(builder.continues_cell());
        builder.append_to_last_cell(3, 4);
        let cell = finish(builder, text).and_then(|t| t.rows.first()?.cells.first().cloned());
        assert_eq!(cell.as_ref().map(|c| c.text.as_str()), Some("a\nb"));
        assert_eq!(cell.map(|c| (c.span.start, c.span.end)), Some((1, 4)));
    }

    /// A trailing row of one empty cell is dropped; a table left without rows is no table.
    #[test]
    fn drops_trailing_empty_row() {
        let text = "\ta\n\n\t";
        let mut builder = TableBuilder::default();
        builder.push_cell(1, 2);
        builder.blank();
        builder.push_cell(5, 5);
        assert!(builder.current_row_is_empty());
        let table = finish(builder, text);
        assert_eq!(table.as_ref().map(texts), Some(vec![vec!["a"]]));

        let mut lonely = TableBuilder::default();
        lonely.push_cell(1, 1);
        assert_eq!(finish(lonely, "\t"), None);
    }

    /// An empty cell that absorbed text is kept, with the text's span.
    #[test]
    fn keeps_row_that_absorbed_text() {
        let text = "\t\n\n标题";
        let mut builder = TableBuilder::default();
        builder.push_cell(1, 1);
        builder.blank();
        assert!(!builder.continues_cell());
        assert!(builder.current_row_is_empty());
        builder.append_to_last_cell(3, text.len());
        let table = finish(builder, text);
        assert_eq!(table.as_ref().map(texts), Some(vec![vec!["标题"]]));
        let span = table.and_then(|t| Some(t.rows.first()?.cells.first()?.span));
        assert_eq!(span.map(|s| (s.start, s.line, s.column)), Some((3, 3, 1)));
    }
}
