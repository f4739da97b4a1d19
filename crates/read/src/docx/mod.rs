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
pub(crate) mod edit;
mod numbering;
mod paragraph;
mod quick;
pub(crate) mod render;
mod source;
mod styles;
pub(crate) mod tree;
mod xml;

use nianbao_model::Document;

use crate::error::{ReadError, ReadErrorKind};
use crate::limits::Limits;

use archive::Package;
use numbering::Numbering;
use styles::Styles;

/// The format named in errors.
const FORMAT: &str = "Word 文档（.docx）";

/// Reads a .docx file into a document whose text is the flattened text view.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let mut package = Package::open(bytes, limits)?;
    let Some(xml) = package.text("word/document.xml")? else {
        return Err(damaged("缺少正文部分 word/document.xml".to_owned()));
    };
    // Numbering and styles only add list labels: a broken one is read as absent, but one
    // beyond a limit stops the file like any other.
    let mut numbering = match package.text("word/numbering.xml")? {
        Some(xml) => auxiliary(Numbering::parse(&xml, limits.depth))?,
        None => Numbering::default(),
    };
    let styles = match package.text("word/styles.xml")? {
        Some(xml) => auxiliary(Styles::parse(&xml, limits.depth))?,
        None => Styles::default(),
    };
    // Every element of the body becomes a node of the tree, then a paragraph, row or cell.
    let elements = crate::limits::occurrences(&xml, b'<');
    let estimate = crate::limits::estimate(elements, crate::limits::cost::XML_ELEMENT, xml.len());
    crate::limits::memory(estimate, limits).map_err(crate::limits::Exceeded::whole)?;
    let body = body::parse(&xml, &mut numbering, &styles, limits.depth)?;
    Ok(render::document(&body, nianbao_model::SourceFormat::Docx))
}

/// An auxiliary part: its limit errors stop the file, its damage only drops what it adds.
fn auxiliary<T: Default>(parsed: Result<T, ReadError>) -> Result<T, ReadError> {
    match parsed {
        Err(error) if matches!(error.kind(), ReadErrorKind::LimitExceeded(_)) => Err(error),
        parsed => Ok(parsed.unwrap_or_default()),
    }
}

pub(super) fn damaged(detail: String) -> ReadError {
    ReadError::whole(ReadErrorKind::Damaged {
        format: FORMAT,
        detail,
    })
}

#[cfg(test)]
mod tests;
