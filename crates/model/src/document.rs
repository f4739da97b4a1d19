//! A document as read from a file, before any template is applied.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Flattened text: one tab-indented line per table cell, a blank line between rows.
    Text,
}

impl SourceFormat {
    /// The name used in JSON output, e.g. `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
        }
    }
}

/// A format-neutral document: paragraphs and tables in reading order.
///
/// `text` is the text every [`Span`] points into. For text formats it is the file itself; for
/// binary formats it is a rendered text view in the flattened layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The format the document was read from.
    pub format: SourceFormat,
    /// The text all spans index into.
    pub text: String,
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The paragraphs, in reading order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Paragraph(paragraph) => Some(paragraph),
            Block::Table(_) => None,
        })
    }

    /// The tables, in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Table(table) => Some(table),
            Block::Paragraph(_) => None,
        })
    }
}

/// One piece of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A line of running text or a heading.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph (or heading) of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The text, trimmed.
    pub text: String,
    /// Where the trimmed text is.
    pub span: Span,
}

/// A table: rows of cells, merged cells already resolved by the reader as far as it can.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Position among the document's tables, from 0.
    pub index: usize,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// From the first cell to the last.
    pub span: Span,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The cell text, trimmed; several paragraphs inside one cell are joined by `\n`.
    pub text: String,
    /// Where the trimmed text is. An empty cell has an empty span where its line starts.
    pub span: Span,
    /// Structural position of the cell, for formats without a useful text span.
    pub location: CellLocation,
}

/// The structural position of a cell: table, row and cell index, each from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellLocation {
    /// Index of the table in the document.
    pub table: usize,
    /// Index of the row in the table.
    pub row: usize,
    /// Index of the cell in the row.
    pub cell: usize,
}
