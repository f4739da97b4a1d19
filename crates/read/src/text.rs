//! The flattened text parser: paragraphs and tab-indented table cells into model blocks.
//!
//! This is the layout a `.docx` takes when converted to text: every paragraph on its own line,
//! every table cell on a line starting with a tab, and a blank line after each table row. A
//! cell with several paragraphs continues on the following lines without a tab. Word's empty
//! paragraphs inside a cell become blank lines, which makes one case ambiguous; see
//! [`parse`] for how it is resolved.

use nianbao_model::{Block, LineIndex, Paragraph};

use crate::line::{Line, LineKind, lines};
use crate::table::TableBuilder;

/// Parses the flattened text `text`, whose content starts at byte offset `from` (after a byte
/// order mark). All spans are byte offsets into `text`.
///
/// * A line without a leading tab outside a table is a paragraph; blank lines are skipped.
/// * A line starting with a tab is a table cell; consecutive cell lines form a row, and a
///   cell line after one or more blank lines starts a new row of the same table.
/// * A text line right after a cell line (no blank line between) is a further paragraph of
///   that cell.
/// * A text line after blank lines ends the table and is a paragraph, unless the current row
///   has only empty cells and the next line is a cell line: then it is the text of the row's
///   last cell (a vertically merged cell whose text follows empty paragraphs) and the row goes
///   on.
pub(crate) fn parse(text: &str, from: usize, index: &LineIndex) -> Vec<Block> {
    let mut parser = Parser {
        text,
        index,
        blocks: Vec::new(),
        table: None,
        tables: 0,
    };
    let all = lines(text, from, parser.index.line_starts());
    let mut iter = all.iter().peekable();
    while let Some(&line) = iter.next() {
        let next_is_cell = iter.peek().is_some_and(|next| next.kind == LineKind::Cell);
        parser.line(line, next_is_cell);
    }
    parser.end_table();
    parser.blocks
}

/// Parser state: the blocks so far and the table being collected, if any.
#[derive(Debug)]
struct Parser<'t> {
    text: &'t str,
    index: &'t LineIndex,
    blocks: Vec<Block>,
    table: Option<TableBuilder>,
    /// Tables emitted so far, i.e. the index of the next one.
    tables: usize,
}

impl Parser<'_> {
    /// Handles one line; `next_is_cell` tells whether the following line is a cell line.
    fn line(&mut self, line: Line, next_is_cell: bool) {
        match (line.kind, self.table.as_mut()) {
            (LineKind::Blank, Some(table)) => table.blank(),
            (LineKind::Blank, None) => {}
            (LineKind::Cell, Some(table)) => table.push_cell(line.start, line.end),
            (LineKind::Cell, None) => {
                let mut table = TableBuilder::default();
                table.push_cell(line.start, line.end);
                self.table = Some(table);
            }
            (LineKind::Text, Some(table))
                if table.continues_cell() || (table.current_row_is_empty() && next_is_cell) =>
            {
                table.append_to_last_cell(line.start, line.end);
            }
            (LineKind::Text, _) => {
                self.end_table();
                self.paragraph(line);
            }
        }
    }

    /// Emits the table being collected, if it has any row left.
    fn end_table(&mut self) {
        if let Some(builder) = self.table.take()
            && let Some(table) = builder.finish(self.tables, self.text, self.index)
        {
            self.tables += 1;
            self.blocks.push(Block::Table(table));
        }
    }

    /// Emits a paragraph for a text line.
    fn paragraph(&mut self, line: Line) {
        if line.is_empty() {
            return;
        }
        let text = self.text.get(line.start..line.end).unwrap_or_default();
        self.blocks.push(Block::Paragraph(Paragraph {
            text: text.to_owned(),
            span: self.index.span(self.text, line.start, line.end),
        }));
    }
}

#[cfg(test)]
mod tests {
    use nianbao_model::Table;

    use super::*;

    /// The blocks of `text`, its lines indexed here.
    fn parse(text: &str, from: usize) -> Vec<Block> {
        super::parse(text, from, &LineIndex::new(text))
    }

    fn paragraphs(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect()
    }

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect()
    }

    fn rows(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    fn kinds(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(_) => 'P',
                Block::Table(_) => 'T',
            })
            .collect()
    }

    /// Text without tab lines is only paragraphs; blank lines are skipped.
    #[test]
    fn no_tables() {
        let blocks = parse("标题\n\n  正文一\n正文二\n", 0);
        assert_eq!(kinds(&blocks), "PPP");
        assert_eq!(paragraphs(&blocks), ["标题", "正文一", "正文二"]);
    }

    /// Cell lines form rows split by blank lines; a text line after a blank line ends the table.
    #[test]
    fn rows_and_table_end() {
        let blocks = parse("表一\n\ta\n\tb\n\n\tc\n\td\n\n\n结尾\n\te\n", 0);
        assert_eq!(kinds(&blocks), "PTPT");
        let found = tables(&blocks);
        assert_eq!(
            found.first().map(|t| rows(t)),
            Some(vec![vec!["a", "b"], vec!["c", "d"]])
        );
        assert_eq!(
            found.get(1).map(|t| (t.index, rows(t))),
            Some((1, vec![vec!["e"]]))
        );
    }

    /// An all-empty row absorbs a text line that follows blank lines and precedes a cell line.
    #[test]
    fn merged_cell_quirk() {
        let blocks = parse("\ta\n\n\t\n\n\n\n三、结果\n\t（一）\n\t0\n\n后文\n", 0);
        assert_eq!(kinds(&blocks), "TP");
        let table = tables(&blocks).first().map(|t| rows(t));
        assert_eq!(
            table,
            Some(vec![vec!["a"], vec!["三、结果", "（一）", "0"]])
        );
        assert_eq!(paragraphs(&blocks), ["后文"]);
    }

    /// A text line after a non-empty row ends the table even when a cell line follows.
    #[test]
    fn heading_between_tables() {
        let blocks = parse("\t1\n\n\n4、 复议\n\t行政复议\n", 0);
        assert_eq!(kinds(&blocks), "TPT");
        assert_eq!(paragraphs(&blocks), ["4、 复议"]);
    }

    /// A trailing single empty cell row followed by a paragraph is dropped.
    #[test]
    fn drops_trailing_empty_cell_row() {
        let blocks = parse("\ta\n\n\t\n\n结尾\n", 0);
        assert_eq!(
            tables(&blocks).first().map(|t| rows(t)),
            Some(vec![vec!["a"]])
        );
        assert_eq!(paragraphs(&blocks), ["结尾"]);
    }

    /// A text line directly after a cell line is another paragraph of that cell.
    #[test]
    fn multi_paragraph_cell() {
        let text = "\t第一段\n  第二段 \n\tx\n";
        let blocks = parse(text, 0);
        let table = tables(&blocks).first().copied();
        assert_eq!(table.map(rows), Some(vec![vec!["第一段\n第二段", "x"]]));
        let span = table.and_then(|t| Some(t.rows.first()?.cells.first()?.span));
        let covered = span.and_then(|s| text.get(s.start..s.end));
        assert_eq!(covered, Some("第一段\n  第二段"));
    }

    /// Cell spans index the text; empty cells sit right after their tab.
    #[test]
    fn cell_spans() {
        let text = "表\n\t 自然人\u{3000}\n\t\n";
        let blocks = parse(text, 0);
        let cells: Vec<_> = tables(&blocks)
            .iter()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
            .map(|c| {
                (
                    c.text.as_str(),
                    c.span.start,
                    c.span.end,
                    c.span.line,
                    c.span.column,
                )
            })
            .collect();
        let at = text.find("自然人").unwrap_or_default();
        let empty = text.rfind('\t').unwrap_or_default() + 1;
        assert_eq!(
            cells,
            [("自然人", at, at + 9, 2, 3), ("", empty, empty, 3, 2)]
        );
    }
}
