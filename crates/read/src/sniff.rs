//! Format detection by content: magic bytes and structure first, the file name only as a hint
//! for text that could be read either way.

use std::io::Cursor;

use nianbao_model::SourceFormat;

use crate::error::{ReadError, ReadErrorKind};

/// How much of a text file is looked at to recognise HTML.
const HTML_SAMPLE: usize = 8192;

/// A binary container recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binary {
    /// `%PDF`.
    Pdf,
    /// A zip archive holding `word/document.xml`.
    Docx,
    /// An OLE2 compound file (Word 97–2003 .doc, WPS).
    Ole,
}

/// Recognises binary containers; `Ok(None)` means the file should be decoded as text.
pub(crate) fn binary(bytes: &[u8]) -> Result<Option<Binary>, ReadError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = bytes.get(start..).unwrap_or_default();
    if head.starts_with(b"%PDF") {
        return Ok(Some(Binary::Pdf));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Ok(Some(Binary::Ole));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(None);
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        let kind = ReadErrorKind::Damaged {
            format: "zip（.docx）",
            detail: e.to_string(),
        };
        ReadError::whole(kind)
    })?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        return Ok(Some(Binary::Docx));
    }
    let (format, help) = if has("xl/workbook.xml") {
        (
            "Excel 表格（.xlsx）",
            "nianbao 读取的是年度报告正文。请提供报告的 .docx、.html、.pdf 或文本文件",
        )
    } else if has("content.xml") {
        (
            "OpenDocument 文档（.odt 等）",
            "请转换为 .docx 后重试：soffice --headless --convert-to docx 文件名",
        )
    } else {
        ("zip 压缩包", "请先解压，再检查其中的报告文件")
    };
    let kind = ReadErrorKind::UnsupportedFormat {
        format: format.to_owned(),
        help: help.to_owned(),
    };
    Err(ReadError::whole(kind))
}

/// The format of decoded text: HTML, Markdown, the JSON document model, or plain text.
pub(crate) fn text_format(text: &str, name: Option<&str>) -> SourceFormat {
    let extension = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let body = text.trim_start_matches('\u{FEFF}').trim_start();
    if body.starts_with('{') && body.contains("\"blocks\"") {
        return SourceFormat::Json;
    }
    let html_tags = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<table",
        "<meta ",
    ];
    // Every tag starts with "<": only the places of that byte are compared, ignoring ASCII
    // case, instead of lower-casing a copy of the text and searching it once per tag. A tag
    // counts within the first characters only. The first tag found decides (a later one
    // starts after it, no tag holding a second "<", so it also ends later), and where the
    // first characters end is found only then (walking thousands of them was 1 % of a check).
    let bytes = body.as_bytes();
    let tag_end = |at: usize| {
        html_tags.iter().find_map(|tag| {
            let end = at + tag.len();
            bytes
                .get(at..end)
                .filter(|found| found.eq_ignore_ascii_case(tag.as_bytes()))
                .map(|_| end)
        })
    };
    if let Some(end) = memchr::memchr_iter(b'<', bytes).find_map(tag_end) {
        let sample_end = body
            .char_indices()
            .nth(HTML_SAMPLE)
            .map_or(body.len(), |(at, _)| at);
        if end <= sample_end {
            return SourceFormat::Html;
        }
    }
    if matches!(extension.as_deref(), Some("md" | "markdown")) || has_pipe_table(body) {
        return SourceFormat::Markdown;
    }
    SourceFormat::Text
}

/// Whether some line is a Markdown table separator (`|---|---|`) under a pipe row.
fn has_pipe_table(text: &str) -> bool {
    // Most texts have no pipe at all: one vector scan for it instead of one per line.
    if memchr::memchr(b'|', text.as_bytes()).is_none() {
        return false;
    }
    let mut previous_is_row = false;
    for line in text.lines() {
        let line = line.trim();
        let is_separator = line.contains("---")
            && line.contains('|')
            && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if is_separator && previous_is_row {
            return true;
        }
        previous_is_row = line.starts_with('|') || line.matches('|').count() >= 2;
    }
    false
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use super::*;

    /// Magic bytes decide, whatever the name says.
    #[test]
    fn recognises_binary_containers() {
        assert_eq!(binary(b"%PDF-1.7\n").unwrap(), Some(Binary::Pdf));
        assert_eq!(
            binary(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap(),
            Some(Binary::Ole)
        );
        assert_eq!(binary("标题\n\t自然人".as_bytes()).unwrap(), None);
        let error = binary(b"PK\x03\x04truncated").unwrap_err();
        assert!(matches!(error.kind(), ReadErrorKind::Damaged { .. }));
    }

    /// Text formats are told apart by structure; the extension only helps Markdown.
    #[test]
    fn recognises_text_formats() {
        assert_eq!(
            text_format("<!DOCTYPE html><html>", None),
            SourceFormat::Html
        );
        assert_eq!(
            text_format("\n  <TABLE><tr><td>1</td></tr></TABLE>", None),
            SourceFormat::Html
        );
        assert_eq!(
            text_format("| a | b |\n|---|---|\n| 1 | 2 |", None),
            SourceFormat::Markdown
        );
        assert_eq!(
            text_format("标题", Some("report.md")),
            SourceFormat::Markdown
        );
        assert_eq!(
            text_format("{\"format\":\"text\",\"blocks\":[]}", None),
            SourceFormat::Json
        );
        assert_eq!(
            text_format("标题\n\t自然人\n\t2\n", Some("x.html")),
            SourceFormat::Text
        );
    }

    /// A tag is looked for in the first characters only, in any ASCII case, and whole: "<"
    /// in prose, a tag past the sample or cut off by its end is no HTML.
    #[test]
    fn html_tags_within_the_sample() {
        let prose = "依据<条例>第二十条，<《规定》>、<meta>数据".repeat(3);
        assert_eq!(text_format(&prose, None), SourceFormat::Text);
        let late = format!("{}<html>", "字".repeat(HTML_SAMPLE));
        assert_eq!(text_format(&late, None), SourceFormat::Text);
        let cut = format!("{}<table>", "字".repeat(HTML_SAMPLE - 4));
        assert_eq!(text_format(&cut, None), SourceFormat::Text);
        let just_in = format!("{}<meta x", "字".repeat(HTML_SAMPLE - 7));
        assert_eq!(text_format(&just_in, None), SourceFormat::Html);
        assert_eq!(text_format("x<BoDy>", None), SourceFormat::Html);
        assert_eq!(
            text_format("<Meta charset=utf-8>", None),
            SourceFormat::Html
        );
    }
}
