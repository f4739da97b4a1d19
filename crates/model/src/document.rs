//! A document as read from a file, before any template is applied.

use serde::{Deserialize, Serialize};

use crate::{Code, Span};

/// The format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SourceFormat {
    /// Plain text: the flattened layout of a .docx (one tab-indented line per table cell, a
    /// blank line between rows) or text saved by a crawler.
    Text,
    /// Markdown, tables as pipe tables.
    Markdown,
    /// An HTML page, possibly a whole portal page around the report.
    Html,
    /// A Word .docx file (Office Open XML).
    Docx,
    /// A legacy Word .doc or WPS file (OLE compound file).
    Doc,
    /// A PDF with a text layer.
    Pdf,
    /// The nianbao document model as JSON.
    Json,
}

impl SourceFormat {
    /// The name used in JSON output, e.g. `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
            SourceFormat::Doc => "doc",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Json => "json",
        }
    }
}

/// A format-neutral document: paragraphs and tables in reading order.
///
/// `text` is the text every [`Span`] points into. For text formats (text, Markdown, HTML) it is
/// the file itself, decoded; for binary formats (.docx, .doc, PDF) it is a rendered text view in
/// the flattened layout. When the file was not UTF-8 (GBK, UTF-16), `original` maps offsets of
/// `text` back to byte offsets of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// The format the document was read from.
    pub format: SourceFormat,
    /// The text all spans index into (may be empty for a document written by hand).
    #[serde(default)]
    pub text: String,
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// The encoding the file was decoded from, when it was not UTF-8 (e.g. `GBK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Offsets of `text` → byte offsets of the file, when they differ because of re-encoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OffsetMap>,
    /// What the reader could not do and the findings must say (e.g. a table of a PDF it did
    /// not read); each becomes a finding of its code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ReadWarning>,
}

impl Document {
    /// A document of the given format over `text`, with no blocks yet.
    pub fn new(format: SourceFormat, text: String) -> Self {
        Self {
            format,
            text,
            blocks: Vec::new(),
            encoding: None,
            original: None,
            warnings: Vec::new(),
        }
    }

    /// Sets every table's index and every cell's table, row and cell position to where it
    /// is in the document (page and box are kept): a document written by hand as JSON need
    /// not number them, and numbers that disagree with the structure would point elsewhere.
    pub fn number_tables(&mut self) {
        let tables = self.blocks.iter_mut().filter_map(|block| match block {
            Block::Table(table) => Some(table),
            Block::Paragraph(_) => None,
        });
        for (index, table) in tables.enumerate() {
            table.index = index;
            for (r, row) in table.rows.iter_mut().enumerate() {
                for (c, cell) in row.cells.iter_mut().enumerate() {
                    cell.location.table = index;
                    cell.location.row = r;
                    cell.location.cell = c;
                }
            }
        }
    }

    /// The byte offset in the original file of an offset into [`Document::text`].
    pub fn original_offset(&self, offset: usize) -> usize {
        self.original
            .as_ref()
            .map_or(offset, |map| map.original(offset))
    }
}

/// Something the reader could not do with a document that it read otherwise, e.g. a table
/// without ruling lines in a PDF whose columns cannot be told (`read::table-without-lines`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReadWarning {
    /// The diagnostic code, e.g. `read::table-without-lines` (`nianbao explain CODE`).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub code: Code,
    /// What happened, in Chinese.
    pub message: String,
    /// Why, and what to do, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where in `text` (e.g. the first line of the table that was not read).
    #[serde(default)]
    pub span: Span,
    /// What is at `span`, said under it (e.g. "没有读取的表格从这里开始").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The 1-based page, for paged formats (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// Maps byte offsets of decoded text to byte offsets of the file it was decoded from.
///
/// Holds one `(decoded, original)` pair per character whose encoded length differs; offsets
/// between two points advance one-to-one (ASCII is one byte in every supported encoding).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// An empty map (identity).
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that decoded offset `decoded` is file offset `original`. Points must be added
    /// in increasing order.
    pub fn push(&mut self, decoded: usize, original: usize) {
        self.points.push((decoded, original));
    }

    /// The file offset of a decoded offset.
    pub fn original(&self, decoded: usize) -> usize {
        let at = self.points.partition_point(|&(d, _)| d <= decoded);
        match at.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(&(d, o)) => o + (decoded - d),
            None => decoded,
        }
    }
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Block {
    /// A line of running text or a heading.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph (or heading) of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Paragraph {
    /// The text, trimmed.
    pub text: String,
    /// Where the trimmed text is.
    #[serde(default)]
    pub span: Span,
}

/// A table: rows of cells, merged cells already resolved by the reader as far as it can.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Table {
    /// Position among the document's tables, from 0.
    #[serde(default)]
    pub index: usize,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// From the first cell to the last.
    #[serde(default)]
    pub span: Span,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cell {
    /// The cell text, trimmed; several paragraphs inside one cell are joined by `\n`.
    pub text: String,
    /// Where the trimmed text is. An empty cell has an empty span where its line starts.
    #[serde(default)]
    pub span: Span,
    /// Structural position of the cell, for formats without a useful text span.
    #[serde(default)]
    pub location: CellLocation,
}

/// The structural position of a cell: table, row and cell index, each from 0, and for PDF the
/// page and bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CellLocation {
    /// Index of the table in the document.
    pub table: usize,
    /// Index of the row in the table.
    pub row: usize,
    /// Index of the cell in the row.
    pub cell: usize,
    /// 1-based page number, for paged formats (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Bounding box on the page, in PDF points, for paged formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

/// A rectangle on a page, in PDF points from the bottom-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BBox {
    /// Left.
    pub x0: f32,
    /// Bottom.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Top.
    pub y1: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets before, at and after re-encoded characters map to file offsets.
    #[test]
    fn maps_offsets_back_to_the_file() {
        // "a中b" decoded from GBK: 'a' at 0/0, '中' 1..4 decoded / 1..3 file, 'b' at 4/3.
        let mut map = OffsetMap::new();
        map.push(1, 1);
        map.push(4, 3);
        assert_eq!([0, 1, 4, 5].map(|d| map.original(d)), [0, 1, 3, 4]);
    }
}
