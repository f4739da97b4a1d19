//! Renders the body tree as the flattened text view and builds the model blocks whose spans
//! point into it.
//!
//! The view has the layout of a `.docx` saved as text: one line per paragraph; one line per
//! table cell, starting with a tab (further paragraphs of the cell on the following lines,
//! without tab); a blank line after each row and one more after each table. A table nested in
//! a cell is emitted as a table of its own right after the table holding it; a one-cell table
//! that only frames other content is read as if its content stood in the body.

use nianbao_model::{
    Block, Cell as ModelCell, CellLocation, Document, LineIndex, Paragraph, Row as ModelRow,
    SourceFormat, Table as ModelTable,
};

use super::body::MAX_TABLE_DEPTH;
use super::tree::{Cell, Node, Table};

/// A cell laid out in the view: the byte range from its first paragraph's start to its last
/// paragraph's end; an empty cell's range is empty, where its line's content starts.
type LaidCell = (usize, usize);

/// A block laid out in the view, with byte ranges instead of spans.
#[derive(Debug)]
enum Laid {
    Paragraph(usize, usize),
    /// Rows of cells.
    Table(Vec<Vec<LaidCell>>),
}

/// Builds the view.
#[derive(Debug, Default)]
struct Renderer {
    text: String,
    laid: Vec<Laid>,
}

/// Renders `body` into a document of format `.docx`.
pub(crate) fn document(body: &[Node<'_>], format: SourceFormat) -> Document {
    let mut renderer = Renderer::default();
    renderer.nodes(body, 0);
    let index = LineIndex::new(&renderer.text);
    let text = renderer.text;
    let span = |start: usize, end: usize| index.span(&text, start, end);
    let mut tables = 0;
    let blocks = renderer
        .laid
        .iter()
        .filter_map(|laid| match laid {
            Laid::Paragraph(start, end) => Some(Block::Paragraph(Paragraph {
                text: text.get(*start..*end).unwrap_or_default().to_owned(),
                span: span(*start, *end),
            })),
            Laid::Table(rows) => {
                let table = model_table(tables, rows, &text, &span)?;
                tables += 1;
                Some(Block::Table(table))
            }
        })
        .collect();
    let mut document = Document::new(format, text);
    document.blocks = blocks;
    document
}

/// The model table numbered `index`; `None` for a table without cells.
fn model_table(
    index: usize,
    rows: &[Vec<LaidCell>],
    text: &str,
    span: &impl Fn(usize, usize) -> nianbao_model::Span,
) -> Option<ModelTable> {
    let rows: Vec<ModelRow> = rows
        .iter()
        .enumerate()
        .map(|(row, cells)| ModelRow {
            cells: cells
                .iter()
                .enumerate()
                .map(|(cell, &(start, end))| ModelCell {
                    text: text.get(start..end).unwrap_or_default().to_owned(),
                    span: span(start, end),
                    location: CellLocation {
                        table: index,
                        row,
                        cell,
                        ..CellLocation::default()
                    },
                })
                .collect(),
        })
        .collect();
    let first = rows.first()?.cells.first()?.span;
    let last = rows.last()?.cells.last()?.span;
    Some(ModelTable {
        index,
        span: span(first.start, last.end),
        rows,
    })
}

impl Renderer {
    fn nodes(&mut self, nodes: &[Node<'_>], depth: usize) {
        for node in nodes {
            match node {
                Node::Paragraph(text) => self.paragraph(text),
                Node::Table(table) => self.table(table, depth),
            }
        }
    }

    fn paragraph(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.laid.push(Laid::Paragraph(start, self.text.len()));
        self.text.push('\n');
    }

    /// Emits a table, then the tables nested in its cells.
    fn table(&mut self, table: &Table<'_>, depth: usize) {
        if depth > MAX_TABLE_DEPTH {
            return;
        }
        if let Some(frame) = table.frame() {
            self.nodes(&frame.content, depth + 1);
            return;
        }
        let mut rows = Vec::new();
        let mut nested: Vec<&Table<'_>> = Vec::new();
        for cells in table.shown_rows() {
            let row = cells.iter().map(|cell| self.cell(cell)).collect();
            rows.push(row);
            self.text.push('\n');
            nested.extend(cells.iter().flat_map(|cell| cell.tables()));
        }
        if rows.is_empty() {
            return;
        }
        self.text.push('\n');
        self.laid.push(Laid::Table(rows));
        for inner in nested {
            self.table(inner, depth + 1);
        }
    }

    /// Writes one cell line (and its continuation lines); returns where its text is.
    fn cell(&mut self, cell: &Cell<'_>) -> LaidCell {
        self.text.push('\t');
        let start = self.text.len();
        for (i, paragraph) in cell.paragraphs().enumerate() {
            if i > 0 {
                self.text.push('\n');
            }
            self.text.push_str(paragraph);
        }
        let end = self.text.len();
        self.text.push('\n');
        (start, end)
    }
}
