//! PDF reader: characters and ruling lines of every page (pdf_oxide), tables rebuilt from
//! the rulings with merged cells laid out like a flattened .docx, and running text joined
//! into paragraphs. The document's text is a rendered view in the flattened layout.
//!
//! * [`nesting`]: before pdf_oxide parses anything, that its recursion cannot overflow the
//!   stack (`limit::depth`).
//! * [`extract`]: pdf_oxide → glyphs and axis-aligned rules per page.
//! * [`ruling`]: touching rules → frames → grid → regions (merged cells).
//! * [`borderless`]: tables without ruling lines, from the positions of their text; or why a
//!   table cannot be read that way (a warning on the document, `read::table-without-lines`).
//! * [`text`]: glyphs → lines; CJK-aware joining; page numbers.
//! * [`grid`]: regions of a table over one or more pages → rows of cells.
//! * [`layout`]: per page, glyphs into cells or running text; tables continued across pages;
//!   paragraphs from wrapped lines.
//! * [`render`]: blocks → the text view, spans and cell locations.

mod borderless;
mod extract;
mod geom;
mod grid;
mod layout;
mod nesting;
mod render;
mod ruling;
mod text;

#[cfg(test)]
mod tests;

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use nianbao_model::Document;

use crate::error::{ReadError, ReadErrorKind};
use crate::limits::{Exceeded, Limit, Limits};

/// pdf_oxide's cap on one decoded stream (its `DEFAULT_MAX_DECOMPRESSED_BYTES`).
const STREAM_CAP: u64 = 256 * 1024 * 1024;

/// The format name in [`ReadErrorKind::Damaged`].
const FORMAT: &str = "PDF";

/// Reads a PDF with a text layer into a document whose text is a rendered text view.
///
/// A PDF without any text (a scan) is [`ReadErrorKind::NoTextLayer`]; a file pdf_oxide cannot
/// parse, or that makes it panic, is [`ReadErrorKind::Damaged`]; syntax that pdf_oxide would
/// parse nested more than the depth limit is `limit::depth` (see [`nesting`]); content whose
/// extraction would take more than the memory limit is `limit::memory`; a page whose
/// content pdf_oxide stopped decoding at its cap, in a file with no text, is
/// `limit::stream-size`.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let pages = match contained(|| extract::pages(bytes, limits))? {
        extract::Pages::Read(pages) => pages,
        extract::Pages::Refused(refusal) => return Err(refusal.error(bytes, limits.depth)),
        extract::Pages::TooBig(estimate) => {
            return Err(Exceeded::new(Limit::Memory, Some(estimate), limits.memory).whole());
        }
        extract::Pages::ContentTooLarge(page) => {
            let mut exceeded = Exceeded::new(Limit::StreamSize, None, STREAM_CAP);
            exceeded.page = Some(page);
            return Err(exceeded.whole());
        }
    };
    if pages.is_empty() {
        return Err(damaged("文件中没有页面".to_owned()));
    }
    if pages.iter().all(|page| page.glyphs.is_empty()) {
        return Err(ReadError::whole(ReadErrorKind::NoTextLayer));
    }
    let blocks = contained(|| Ok(layout::blocks(pages)))?;
    Ok(render::document(&blocks))
}

/// Runs `work`, turning its error or a panic inside it into a `Damaged` error, so that one
/// bad file cannot bring the program down.
fn contained<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, ReadError> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(detail)) => Err(damaged(detail)),
        Err(payload) => Err(damaged(format!(
            "PDF 解析库内部出错：{}",
            panic_message(payload.as_ref())
        ))),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_owned())
}

fn damaged(detail: String) -> ReadError {
    ReadError::whole(ReadErrorKind::Damaged {
        format: FORMAT,
        detail,
    })
}
