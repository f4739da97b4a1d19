//! Editing one table cell of a .docx: the text of the cell the reader numbers
//! `table`/`row`/`cell` is changed in `word/document.xml`, and nothing else of the package.
//!
//! The cell is found with the reader's own numbering, not a copy of it: every `w:t` element of
//! the part gets an invisible marker at the start of its text, the marked part is read exactly
//! as [`super::read`] reads it (merged cells, nested tables and layout frames, deleted rows,
//! hidden text, list labels), and the markers in the text of the cell at the location name the
//! `w:t` elements its text comes from. The edit is refused unless those elements' text is the
//! expected old text. Only the changed characters are rewritten, in the element that holds
//! them; the result is read again to confirm the cell now says the new text.
//!
//! In the package, every other entry is copied raw (its compressed bytes unchanged) and
//! `word/document.xml` is written with its original compression method and time.

use std::io::{Cursor, Read, Write};

use nianbao_model::{Block, CellLocation, Document};
use quick_xml::Reader;
use quick_xml::escape::{partial_escape, unescape};
use quick_xml::events::Event;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use super::numbering::Numbering;
use super::styles::Styles;
use super::tree::one_line;
use super::xml::local;
use super::{auxiliary, body, render};
use crate::error::ReadError;
use crate::limits::{Exceeded, Limit, Limits};

/// The document part.
const PART: &str = "word/document.xml";
/// Opens a marker; the index of the `w:t` element follows, then [`CLOSE`]. Private-use
/// characters that no report contains (a part that does is refused).
const OPEN: char = '\u{10FFFD}';
const CLOSE: char = '\u{10FFFC}';

/// Why a cell of a .docx could not be edited. Nothing is written in any case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The package or its document part cannot be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The document has no cell at the location.
    #[error("文件中找不到第 {} 个表格第 {} 行第 {} 格", .0.table + 1, .0.row + 1, .0.cell + 1)]
    NoCell(CellLocation),
    /// The cell there does not say what was expected: the file is not the one that was read.
    #[error("第 {} 个表格第 {} 行第 {} 格写的是“{found}”，不是“{expected}”；文件可能已被改动，没有改写", .location.table + 1, .location.row + 1, .location.cell + 1)]
    Mismatch {
        /// Where.
        location: CellLocation,
        /// The text expected there.
        expected: String,
        /// The text found there.
        found: String,
    },
    /// The cell's text is not stored in a way that can be changed safely (split over
    /// paragraphs, numbered, or with tabs), or the part is not UTF-8.
    #[error("无法安全地改写这一格：{0}")]
    Unsupported(String),
    /// Writing the package failed (a bug, or a compression method that cannot be written).
    #[error("无法写出改正后的 .docx：{0}")]
    Write(String),
}

/// Replaces the text `old` of the cell at `location` (as [`crate::read`] numbers it) with
/// `new`, and returns the whole package with only that cell's text changed.
///
/// # Errors
///
/// An [`EditError`]: the package cannot be read or exceeds `limits`, there is no such cell,
/// the cell does not say `old`, its text cannot be edited safely, or the package cannot be
/// written.
pub fn replace_cell(
    bytes: &[u8],
    location: &CellLocation,
    old: &str,
    new: &str,
    limits: &Limits,
) -> Result<Vec<u8>, EditError> {
    let mut package = super::archive::Package::open(bytes, limits)?;
    let numbering = package.text("word/numbering.xml")?;
    let styles = package.text("word/styles.xml")?;
    let read = |xml: &str| -> Result<Document, ReadError> {
        let mut numbering = match &numbering {
            Some(xml) => auxiliary(Numbering::parse(xml, limits.depth))?,
            None => Numbering::default(),
        };
        let styles = match &styles {
            Some(xml) => auxiliary(Styles::parse(xml, limits.depth))?,
            None => Styles::default(),
        };
        let body = body::parse(xml, &mut numbering, &styles, limits.depth)?;
        Ok(render::document(&body, nianbao_model::SourceFormat::Docx))
    };
    let raw = part_bytes(bytes, limits)?;
    let (bom, xml) = match raw.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, raw.as_slice()),
    };
    let xml = std::str::from_utf8(xml)
        .map_err(|_| EditError::Unsupported(format!("{PART} 不是 UTF-8 编码")))?;
    if xml.contains([OPEN, CLOSE]) {
        return Err(EditError::Unsupported(format!("{PART} 含有无法处理的字符")));
    }
    let texts = texts(xml)?;
    let marked = read(&mark(xml, &texts))?;
    let cell = cell_text(&marked, location).ok_or(EditError::NoCell(*location))?;
    let found = normalise(&strip(&cell));
    if found != old {
        return Err(EditError::Mismatch {
            location: *location,
            expected: old.to_owned(),
            found,
        });
    }
    let nodes: Vec<&Text> = markers(&cell)
        .iter()
        .filter_map(|&i| texts.get(i))
        .collect();
    let edited = edit(xml, &nodes, old, new)?;
    let again = read(&edited)?;
    if cell_text(&again, location).as_deref() != Some(new) {
        return Err(EditError::Unsupported(
            "改写后读到的文字与新值不一致".to_owned(),
        ));
    }
    let mut part = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    part.extend_from_slice(edited.as_bytes());
    repack(bytes, &part).map_err(|e| EditError::Write(e.to_string()))
}

/// The raw bytes of the document part, within the decompression limit.
fn part_bytes(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, EditError> {
    let damaged = |detail: String| EditError::Read(super::damaged(detail));
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("zip 压缩包结构损坏（{e}）")))?;
    let file = archive
        .by_name(PART)
        .map_err(|e| damaged(format!("无法打开 {PART}（{e}）")))?;
    let too_big = || Exceeded::new(Limit::UnzippedSize, None, limits.unzipped_size).whole();
    if file.size() > limits.unzipped_size {
        return Err(too_big().into());
    }
    let mut raw = Vec::new();
    file.take(limits.unzipped_size.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(|e| damaged(format!("{PART} 解压失败（{e}）")))?;
    if crate::limits::count(raw.len()) > limits.unzipped_size {
        return Err(too_big().into());
    }
    Ok(raw)
}

/// The text of a `w:t` element: where its content is in the part, and the content unescaped.
#[derive(Debug)]
struct Text {
    start: usize,
    end: usize,
    content: String,
}

/// Every `w:t` (any `t`, as the reader takes them) with visible content, in document order.
fn texts(xml: &str) -> Result<Vec<Text>, EditError> {
    let mut reader = Reader::from_str(xml);
    let mut texts = Vec::new();
    let mut open: Option<usize> = None;
    let position = |reader: &Reader<&[u8]>| usize::try_from(reader.buffer_position()).ok();
    loop {
        let before = position(&reader);
        let event = reader
            .read_event()
            .map_err(|e| EditError::Read(super::xml::failed(PART, &reader, &e)))?;
        match event {
            Event::Start(element) if local(element.name().into_inner()) == "t" => {
                open = position(&reader);
            }
            Event::End(element) if local(element.name().into_inner()) == "t" => {
                if let (Some(start), Some(end)) = (open.take(), before)
                    && let Some(raw) = xml.get(start..end)
                    && let Ok(content) = unescape(raw)
                    && !content.trim().is_empty()
                {
                    texts.push(Text {
                        start,
                        end,
                        content: content.into_owned(),
                    });
                }
            }
            Event::Eof => return Ok(texts),
            _ => {}
        }
    }
}

/// The part with a marker at the start of every text's content.
fn mark(xml: &str, texts: &[Text]) -> String {
    let mut out = String::with_capacity(xml.len() + texts.len() * 12);
    let mut at = 0;
    for (i, text) in texts.iter().enumerate() {
        out.push_str(xml.get(at..text.start).unwrap_or_default());
        out.push(OPEN);
        out.push_str(&i.to_string());
        out.push(CLOSE);
        at = text.start;
    }
    out.push_str(xml.get(at..).unwrap_or_default());
    out
}

/// The text of the document's cell at `location`.
fn cell_text(document: &Document, location: &CellLocation) -> Option<String> {
    let table = document.blocks.iter().find_map(|block| match block {
        Block::Table(table) if table.index == location.table => Some(table),
        _ => None,
    })?;
    let cell = table.rows.get(location.row)?.cells.get(location.cell)?;
    Some(cell.text.clone())
}

/// The indexes of the markers in a text, in order.
fn markers(text: &str) -> Vec<usize> {
    text.split(OPEN)
        .skip(1)
        .filter_map(|rest| rest.split_once(CLOSE)?.0.parse().ok())
        .collect()
}

/// A text without its markers.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            OPEN => inside = true,
            CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Cell text as the reader gives it: each paragraph trimmed, empty ones left out.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// The part with the texts of `nodes` (the cell's, in order) changed from `old` to `new`:
/// the characters that differ are replaced where they are, in the text holding the first.
fn edit(xml: &str, nodes: &[&Text], old: &str, new: &str) -> Result<String, EditError> {
    let joined: String = nodes.iter().map(|n| n.content.as_str()).collect();
    if joined.trim() != old || one_line(&joined) != old {
        return Err(EditError::Unsupported(
            "单元格的文字分在几段，或带有编号、制表符".to_owned(),
        ));
    }
    let offset = joined.len() - joined.trim_start().len();
    let prefix = common(old.chars(), new.chars());
    let suffix = common(old.chars().rev(), new.chars().rev())
        .min(old.len() - prefix)
        .min(new.len() - prefix);
    let (from, to) = (offset + prefix, offset + old.len() - suffix);
    let insert = new.get(prefix..new.len() - suffix).unwrap_or_default();
    // Each node the change touches, with its new content: the new characters go into the
    // node where the change starts, the old ones are cut from every node they are in.
    let mut contents: Vec<(&Text, String)> = Vec::new();
    let mut at = 0;
    for node in nodes {
        let (start, end) = (at, at + node.content.len());
        at = end;
        let touches = if from < to {
            start < to && from < end
        } else {
            contents.is_empty() && start <= from && from <= end
        };
        if !touches {
            continue;
        }
        let range = from.clamp(start, end) - start..to.clamp(start, end) - start;
        let mut content = node.content.clone();
        if !content.is_char_boundary(range.start) || !content.is_char_boundary(range.end) {
            return Err(EditError::Unsupported("字符边界不一致".to_owned()));
        }
        let replacement = if contents.is_empty() { insert } else { "" };
        content.replace_range(range, replacement);
        contents.push((node, content));
    }
    if contents.is_empty() {
        return Err(EditError::Unsupported("找不到要改的文字".to_owned()));
    }
    contents.sort_by_key(|(node, _)| std::cmp::Reverse(node.start));
    let mut out = xml.to_owned();
    for (node, content) in contents {
        out.replace_range(node.start..node.end, &partial_escape(content.as_str()));
    }
    Ok(out)
}

/// Length in bytes of the common start of two character sequences.
fn common(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf8())
        .sum()
}

/// The package with `word/document.xml` replaced by `part`, every other entry copied raw.
fn repack(bytes: &[u8], part: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index)?;
        if file.name_raw() != PART.as_bytes() {
            writer.raw_copy_file(file)?;
            continue;
        }
        let mut options = SimpleFileOptions::default()
            .compression_method(file.compression())
            .large_file(crate::limits::count(part.len()) >= u64::from(u32::MAX));
        if let Some(time) = file.last_modified() {
            options = options.last_modified_time(time);
        }
        if let Some(mode) = file.unix_mode() {
            options = options.unix_permissions(mode);
        }
        drop(file);
        writer.start_file(PART, options)?;
        writer.write_all(part)?;
    }
    writer.set_raw_comment(archive.comment().into())?;
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests;
