//! .docx reader: paragraphs and tables of `word/document.xml`, rendered as a flattened text view.
//!
//! * Body paragraphs and tables in document order, also inside content controls (`w:sdt`).
//! * Merged cells as the flattened text shows them: a `gridSpan` cell appears once; a `vMerge`
//!   continuation appears as an empty cell, the `restart` cell carries the text.
//! * Tracked changes as Word shows the final text: insertions and moves in, deletions and
//!   moved-away text out, deleted rows dropped. Hidden text (`w:vanish`) is left out.
//! * List labels from `word/numbering.xml` (also through paragraph styles in
//!   `word/styles.xml`) are rendered before the paragraph text, e.g. "一、总体情况".
//! * Field instructions, comments, footnote references, drawings and text boxes are ignored.
//! * A table nested in a cell becomes a table of its own after the one holding it; a
//!   one-cell table that frames other content is read as body content.
//!
//! The text view and the spans are described in [`render`].

mod archive;
mod body;
mod counting;
mod numbering;
mod paragraph;
pub(crate) mod render;
mod styles;
pub(crate) mod tree;
mod xml;

use nianbao_model::Document;

use crate::error::{ReadError, ReadErrorKind};

use archive::Package;
use numbering::Numbering;
use styles::Styles;

/// The format named in errors.
const FORMAT: &str = "Word 文档（.docx）";

/// Caps on decompressed part sizes, in bytes.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// `word/document.xml`.
    document: u64,
    /// `word/numbering.xml` and `word/styles.xml`.
    auxiliary: u64,
}

/// The caps used for real files: 100 MB of document XML, 20 MB per auxiliary part.
const LIMITS: Limits = Limits {
    document: 100_000_000,
    auxiliary: 20_000_000,
};

/// Reads a .docx file into a document whose text is the flattened text view.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with(bytes, LIMITS)
}

fn read_with(bytes: &[u8], limits: Limits) -> Result<Document, ReadError> {
    let mut package = Package::open(bytes).map_err(damaged)?;
    let Some(xml) = package
        .text("word/document.xml", limits.document)
        .map_err(damaged)?
    else {
        return Err(damaged("缺少正文部分 word/document.xml".to_owned()));
    };
    // Numbering and styles only add list labels: a broken one is read as absent.
    let mut numbering = package
        .text("word/numbering.xml", limits.auxiliary)
        .ok()
        .flatten()
        .and_then(|xml| Numbering::parse(&xml).ok())
        .unwrap_or_default();
    let styles = package
        .text("word/styles.xml", limits.auxiliary)
        .ok()
        .flatten()
        .and_then(|xml| Styles::parse(&xml).ok())
        .unwrap_or_default();
    let body = body::parse(&xml, &mut numbering, &styles).map_err(damaged)?;
    Ok(render::document(&body, nianbao_model::SourceFormat::Docx))
}

fn damaged(detail: String) -> ReadError {
    ReadError::whole(ReadErrorKind::Damaged {
        format: FORMAT,
        detail,
    })
}

#[cfg(test)]
mod tests;
