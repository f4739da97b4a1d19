//! Readers that turn a published report file into a nianbao [`Document`].
//!
//! [`read`] recognises the format by content (magic bytes and structure; the file name is only
//! a hint) and dispatches: `.docx`, HTML (a whole portal page is
//! fine), PDF with a text layer (feature `pdf`), Markdown pipe tables, the JSON document model,
//! and plain text — the flattened layout a `.docx` takes when converted to text, or text a
//! crawler saved with the cells run together (the binder infers those). Text may be UTF-8,
//! UTF-16 or GBK/GB18030/Big5 (detected with chardetng, declared `<meta charset>` honoured).
//!
//! Spans are byte offsets into [`Document::text`]: the file itself for text formats (with
//! `Document::original` mapping back to the file's bytes when it was re-encoded), a rendered
//! flattened text view for `.docx` and PDF (whose cells also carry page and bounding box).
//!
//! Whatever cannot be read is a [`ReadError`] saying what the file is, where the problem is,
//! and (in Chinese) how to fix or convert it.

#[cfg(feature = "doc")]
mod doc;
mod docx;
mod encoding;
mod error;
mod html;
mod limits;
mod line;
mod markdown;
#[cfg(feature = "pdf")]
mod pdf;
mod sniff;
mod table;
mod text;

use nianbao_model::{Code, Document, LineIndex, ReadWarning, SourceFormat};

pub use docx::edit::{EditError as DocxEditError, replace_cell as docx_replace_cell};
pub use error::{BinaryFormat, Encoding, ReadError, ReadErrorKind};
pub use limits::{Exceeded, Limit, Limits, oversized, size, size_flag};

/// What the caller knows about a file besides its bytes, and what reading it may cost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The file name, used only as a hint where the content could be read either way.
    pub name: Option<String>,
    /// Caps on size, decompression, nesting and table dimensions.
    pub limits: Limits,
}

/// Reads a report file in any supported format, detected from its content.
///
/// # Errors
///
/// A [`ReadError`] saying what the file is and why it cannot be read: an encoding or damage
/// problem with its position, a format that needs converting first (with how to do it), or
/// a file beyond one of the [`Limits`].
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, ReadError> {
    read_detected(bytes, options).map(|(document, _)| document)
}

/// A document and the index of its text's lines.
#[derive(Debug)]
#[non_exhaustive]
pub struct Indexed {
    /// What was read.
    pub document: Document,
    /// The lines of `document.text`: made while reading a text format, so that a caller
    /// making spans (the checker) need not index the text again.
    pub lines: LineIndex,
}

impl Indexed {
    /// A document read elsewhere (written as data), its lines indexed here.
    pub fn new(document: Document) -> Self {
        let lines = LineIndex::new(&document.text);
        Self { document, lines }
    }
}

/// [`read`], with the index of the document's lines.
///
/// # Errors
///
/// As [`read`].
pub fn read_indexed(bytes: &[u8], options: &ReadOptions) -> Result<Indexed, ReadError> {
    Ok(match read_detected(bytes, options)? {
        (document, Some(lines)) => Indexed { document, lines },
        (document, None) => Indexed::new(document),
    })
}

/// [`read`], with the index of the document's lines when the reader made one.
fn read_detected(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(Document, Option<LineIndex>), ReadError> {
    limits::file_size(bytes, &options.limits)?;
    let format = match sniff::binary(bytes)? {
        Some(sniff::Binary::Docx) => SourceFormat::Docx,
        Some(sniff::Binary::Pdf) => SourceFormat::Pdf,
        Some(sniff::Binary::Ole) => SourceFormat::Doc,
        None => {
            let decoded = encoding::decode(bytes, html::declared_charset(bytes).as_deref())?;
            let format = sniff::text_format(&decoded.text, options.name.as_deref());
            return from_text(bytes, format, decoded, &options.limits);
        }
    };
    read_as(bytes, format, options).map(|document| (document, None))
}

/// Reads a file known to be in `format`, without looking at its content to decide. A file
/// that is not in that format is read as well as it can be, or is an error.
///
/// # Errors
///
/// As [`read`].
pub fn read_as(
    bytes: &[u8],
    format: SourceFormat,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    let limits = &options.limits;
    limits::file_size(bytes, limits)?;
    let document = match format {
        SourceFormat::Docx => docx::read(bytes, limits)?,
        #[cfg(feature = "pdf")]
        SourceFormat::Pdf => pdf::read(bytes, limits)?,
        #[cfg(not(feature = "pdf"))]
        SourceFormat::Pdf => {
            return Err(ReadError::whole(ReadErrorKind::UnsupportedFormat {
                format: "PDF 文档".to_owned(),
                help: "这个 nianbao 在构建时没有启用 PDF 读取（cargo 特性 `pdf`）".to_owned(),
            }));
        }
        #[cfg(feature = "doc")]
        SourceFormat::Doc => doc::read(bytes)?,
        #[cfg(not(feature = "doc"))]
        SourceFormat::Doc => {
            return Err(ReadError::whole(ReadErrorKind::UnsupportedFormat {
                format: "旧版 Word/WPS 文档（.doc、.wps）".to_owned(),
                help: "请先转换为 .docx：soffice --headless --convert-to docx 文件名，或用 Word/WPS 另存为 .docx"
                    .to_owned(),
            }));
        }
        SourceFormat::Text | SourceFormat::Html | SourceFormat::Markdown | SourceFormat::Json => {
            let declared = match format {
                SourceFormat::Html => html::declared_charset(bytes),
                _ => None,
            };
            let decoded = encoding::decode(bytes, declared.as_deref())?;
            return from_text(bytes, format, decoded, limits).map(|(document, _)| document);
        }
    };
    limits::tables(&document, bytes, limits)?;
    Ok(document)
}

/// Reads decoded text in one of the text formats; with the index of the document's lines
/// (the one the readers make their spans with), except for the JSON model, whose text is
/// its own.
fn from_text(
    bytes: &[u8],
    format: SourceFormat,
    decoded: encoding::Decoded,
    limits: &Limits,
) -> Result<(Document, Option<LineIndex>), ReadError> {
    if format != SourceFormat::Html {
        // Every line may become a paragraph, a row or a cell.
        let lines = limits::occurrences(&decoded.text, b'\n') + 1;
        let estimate = limits::estimate(lines, limits::cost::LINE, decoded.text.len());
        limits::memory(estimate, limits).map_err(limits::Exceeded::whole)?;
    }
    // The JSON model's text is its own: the file's lines would index nothing of it.
    let index = (format != SourceFormat::Json).then(|| LineIndex::new(&decoded.text));
    let replaced = replaced_bytes(&decoded, index.as_ref());
    let mut document = match (format, &index) {
        (SourceFormat::Json, _) | (_, None) => json(&decoded, bytes)?,
        (SourceFormat::Html, Some(index)) => match html::read(&decoded.text, limits, index) {
            Ok(blocks) => document(format, decoded, blocks),
            Err(html::Refused::TooDeep { at }) => {
                let at = decoded.original.as_ref().map_or(at, |map| map.original(at));
                return Err(limits::depth(limits.depth).at(bytes, at));
            }
            Err(html::Refused::TooBig(exceeded)) => return Err(exceeded.whole()),
        },
        (SourceFormat::Markdown, Some(index)) => {
            let blocks = markdown::parse(&decoded.text, decoded.content_start, index);
            document(format, decoded, blocks)
        }
        (_, Some(index)) => {
            let blocks = text::parse(&decoded.text, decoded.content_start, index);
            document(format, decoded, blocks)
        }
    };
    limits::tables(&document, bytes, limits)?;
    document.warnings.extend(replaced);
    Ok((document, index))
}

/// How many places of the file say where the replaced bytes are.
const REPLACED_LISTED: usize = 5;

/// The warning about bytes of a UTF-8 file that were not UTF-8, at the first of them.
/// `index` indexes the decoded text's lines, when it was made already.
fn replaced_bytes(decoded: &encoding::Decoded, index: Option<&LineIndex>) -> Option<ReadWarning> {
    let first = *decoded.replaced.first()?;
    let made;
    let index = match index {
        Some(index) => index,
        None => {
            made = LineIndex::new(&decoded.text);
            &made
        }
    };
    let place = |at: usize| {
        let span = index.span(&decoded.text, at, at);
        format!("第 {} 行第 {} 列", span.line, span.column)
    };
    let mut places: Vec<String> = decoded
        .replaced
        .iter()
        .take(REPLACED_LISTED)
        .map(|&at| place(at))
        .collect();
    if decoded.replaced.len() > REPLACED_LISTED {
        places.push(format!(
            "另有 {} 处",
            decoded.replaced.len() - REPLACED_LISTED
        ));
    }
    let end = first + char::REPLACEMENT_CHARACTER.len_utf8();
    Some(ReadWarning {
        code: Code::ReadReplacedBytes,
        message: format!(
            "文件中有 {} 处字节不符合 UTF-8 编码，已替换为“�”：{}",
            decoded.replaced.len(),
            places.join("、")
        ),
        help: Some(
            "文件的其余部分照常读取和检查。如果替换处正好在数字或标签上，相关的检查可能不准确，请核对原文件，或重新下载、另存为 UTF-8 编码的文本"
                .to_owned(),
        ),
        span: index.span(&decoded.text, first, end),
        label: "这里原来的字节不符合 UTF-8 编码".to_owned(),
        page: None,
    })
}

/// Reads a file as flattened text (the layout a .docx takes when converted to text), in any
/// supported text encoding, with the default [`Limits`]; binary files are refused.
///
/// # Errors
///
/// A [`ReadError`] if the bytes are binary or not decodable text.
pub fn read_text(bytes: &[u8]) -> Result<Document, ReadError> {
    if let Some(binary) = sniff::binary(bytes)? {
        let format = match binary {
            sniff::Binary::Pdf => BinaryFormat::Pdf,
            sniff::Binary::Docx => BinaryFormat::Zip,
            sniff::Binary::Ole => BinaryFormat::Ole,
        };
        return Err(ReadError::whole(ReadErrorKind::NotText { format }));
    }
    read_as(bytes, SourceFormat::Text, &ReadOptions::default())
}

/// Why a file could not be opened or read, in Chinese for the common cases (shown to users
/// when a report or rule file cannot be read).
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个目录，不是文件".into(),
        _ => error.to_string(),
    }
}

/// Decodes a text file the way documents are decoded (UTF-8 with or without BOM, UTF-16,
/// GBK/GB18030 or Big5 by detection), for other text such as rule files. Returns the text
/// without a byte order mark, and the encoding when it was not UTF-8.
///
/// # Errors
///
/// A located [`ReadError`] for binary data or text that no supported encoding decodes.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<&'static str>), ReadError> {
    let decoded = encoding::decode(bytes, None)?;
    let text = match decoded.text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => decoded.text,
    };
    Ok((text, decoded.encoding))
}

/// The document model as JSON (see `nianbao_model::Document`): a report written or corrected
/// as data, or the output of `nianbao extract --format json`, whose `document` is the model.
/// Spans may be left out; without them diagnostics cannot point into text.
fn json(decoded: &encoding::Decoded, bytes: &[u8]) -> Result<Document, ReadError> {
    /// The output of `extract --format json`.
    #[derive(serde::Deserialize)]
    struct Extracted {
        document: Document,
    }
    let text = &decoded.text;
    let body = text.trim_start_matches('\u{FEFF}');
    let numbered = |mut document: Document| {
        document.number_tables();
        document
    };
    let error = match serde_json::from_str::<Document>(body) {
        Ok(document) => return Ok(numbered(document)),
        Err(error) => error,
    };
    let error = match serde_json::from_str::<Extracted>(body) {
        Ok(extracted) => return Ok(numbered(extracted.document)),
        // Report the error of the shape the file has.
        Err(inner) if body.contains("\"document\"") => inner,
        Err(_) => error,
    };
    let kind = ReadErrorKind::Damaged {
        format: "JSON",
        detail: format!("第 {} 行第 {} 列：{error}", error.line(), error.column()),
    };
    // serde counts lines and columns in the text; the error points into the file's bytes.
    let at = line_offset(text, error.line(), error.column());
    let at = decoded.original.as_ref().map_or(at, |map| map.original(at));
    Err(ReadError::at(kind, bytes, at))
}

/// Byte offset of a 1-based line and column (in characters).
pub(crate) fn line_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..).unwrap_or_default();
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(at, _)| at)
}

fn document(
    format: SourceFormat,
    decoded: encoding::Decoded,
    blocks: Vec<nianbao_model::Block>,
) -> Document {
    let mut document = Document::new(format, decoded.text);
    document.blocks = blocks;
    document.encoding = decoded.encoding.map(str::to_owned);
    document.original = decoded.original;
    document
}

#[cfg(test)]
mod tests {
    use nianbao_model::{Cell, Table};

    use super::*;

    const EXAMPLE: &[u8] = include_bytes!("../../../examples/2024-nanguan-jiaoyuju.txt");

    fn read(bytes: &[u8]) -> Document {
        read_text(bytes).unwrap_or_else(|error| {
            Document::new(SourceFormat::Text, format!("read failed: {error}"))
        })
    }

    fn cells(table: &Table) -> impl Iterator<Item = &Cell> {
        table.rows.iter().flat_map(|row| row.cells.iter())
    }

    fn row_texts(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    /// The lines a read comes with are those of the document's text, in every format the
    /// fixtures hold (the JSON model's text is its own, not the file's).
    #[test]
    fn the_lines_read_are_the_documents() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut folders = vec![root.join("tests/fixtures"), root.join("examples")];
        let mut compared = std::collections::BTreeSet::new();
        while let Some(folder) = folders.pop() {
            for path in std::fs::read_dir(&folder)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
            {
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let options = ReadOptions {
                    name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    ..ReadOptions::default()
                };
                let Ok(read) = read_indexed(&bytes, &options) else {
                    continue;
                };
                assert_eq!(
                    read.lines.line_starts(),
                    LineIndex::new(&read.document.text).line_starts(),
                    "{}",
                    path.display()
                );
                compared.insert(format!("{:?}", read.document.format));
            }
        }
        // Every format the fixtures hold was compared.
        for format in ["Text", "Html", "Markdown", "Json", "Docx"] {
            assert!(compared.contains(format), "{compared:?}");
        }
    }

    /// Every single-line cell and paragraph span slices exactly its text out of the file.
    fn assert_spans_index(bytes: &[u8], document: &Document) {
        let slice = |start: usize, end: usize| bytes.get(start..end).unwrap_or_default();
        for table in document.tables() {
            for cell in cells(table).filter(|c| !c.text.contains('\n')) {
                assert_eq!(slice(cell.span.start, cell.span.end), cell.text.as_bytes());
            }
        }
        for paragraph in document.paragraphs() {
            let span = paragraph.span;
            assert_eq!(slice(span.start, span.end), paragraph.text.as_bytes());
        }
    }

    /// The real example: three tables, the merged-cell quirk, spans and the bookmark artifact.
    #[test]
    fn reads_example() {
        let document = read(EXAMPLE);
        assert_eq!(document.format, SourceFormat::Text);
        assert_eq!(document.text.as_bytes(), EXAMPLE);
        let tables: Vec<&Table> = document.tables().collect();
        assert_eq!(tables.len(), 3);
        assert_eq!(
            tables.iter().map(|t| t.index).collect::<Vec<_>>(),
            [0, 1, 2]
        );

        let first = tables.first().map(|t| row_texts(t)).unwrap_or_default();
        assert_eq!(first.first(), Some(&vec!["第二十条第（一）项"]));

        let requests = tables.get(1).map(|t| row_texts(t)).unwrap_or_default();
        assert!(
            requests
                .iter()
                .flatten()
                .any(|c| c.starts_with("（本列数据"))
        );
        let merged = [
            "三、本年度办理结果",
            "（一）予以公开",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ];
        assert!(requests.iter().any(|row| row == &merged), "{requests:?}");

        let appeals = tables.get(2).map(|t| row_texts(t)).unwrap_or_default();
        assert_eq!(appeals.first(), Some(&vec!["行政复议", "行政诉讼"]));
        assert_eq!(appeals.last(), Some(&vec!["0"; 15]));

        let paragraphs: Vec<&str> = document.paragraphs().map(|p| p.text.as_str()).collect();
        assert!(paragraphs.contains(&"六、其他需要报告的事项"));
        assert!(paragraphs.contains(&"4、 政府信息公开行政复议、行政诉讼情况"));
        assert!(paragraphs.contains(&"（二）依申请公开"));
        assert!(paragraphs.iter().all(|p| !p.contains("[bookmark")));

        for table in &tables {
            for cell in cells(table) {
                let location = cell.location;
                let row = table.rows.get(location.row);
                let same = row.and_then(|r| r.cells.get(location.cell));
                assert_eq!((location.table, same), (table.index, Some(cell)));
            }
        }
        assert_spans_index(EXAMPLE, &document);
    }

    /// The merged cell's span points at its own line, and spans carry line and column.
    #[test]
    fn example_merged_cell_span() {
        let document = read(EXAMPLE);
        let cell = document
            .tables()
            .flat_map(cells)
            .find(|c| c.text == "三、本年度办理结果");
        assert_eq!(cell.map(|c| (c.span.line, c.span.column)), Some((111, 1)));
        let bookmark = document
            .paragraphs()
            .find(|p| p.text == "六、其他需要报告的事项");
        let column = "[bookmark: _GoBack]".chars().count() + 1;
        assert_eq!(
            bookmark.map(|p| (p.span.line, p.span.column)),
            Some((408, column))
        );
    }

    /// With a UTF-8 BOM, the text keeps the BOM and spans still index the original bytes.
    #[test]
    fn reads_with_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(EXAMPLE);
        let document = read(&bytes);
        assert_eq!(document.text.as_bytes(), bytes.as_slice());
        assert_eq!(document.tables().count(), 3);
        let title = document.paragraphs().next();
        assert_eq!(
            title.map(|p| (p.text.as_str(), p.span.start)),
            Some(("2024年南关区教育局政府信息公开工作年度报告", 3))
        );
        assert_spans_index(&bytes, &document);
    }

    /// CRLF line endings give the same document, spans never include `\r`.
    #[test]
    fn reads_crlf() {
        let text = String::from_utf8_lossy(EXAMPLE).replace('\n', "\r\n");
        let document = read(text.as_bytes());
        let plain = read(EXAMPLE);
        let shape = |d: &Document| -> Vec<Vec<Vec<String>>> {
            d.tables()
                .map(|t| {
                    t.rows
                        .iter()
                        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                        .collect()
                })
                .collect()
        };
        assert_eq!(shape(&document), shape(&plain));
        assert_eq!(document.paragraphs().count(), plain.paragraphs().count());
        assert_spans_index(text.as_bytes(), &document);
        let no_cr = |start: usize, end: usize| !text.get(start..end).unwrap_or("\r").contains('\r');
        assert!(
            document
                .tables()
                .flat_map(cells)
                .all(|c| no_cr(c.span.start, c.span.end))
        );
    }

    /// Empty input is an empty document, not an error.
    #[test]
    fn reads_empty() {
        let document = read_text(b"");
        assert_eq!(
            document.map(|d| (d.text, d.blocks.len())).ok(),
            Some((String::new(), 0))
        );
    }

    /// A file without tab lines is paragraphs only.
    #[test]
    fn reads_without_tables() {
        let document = read("标题\n\n正文。\n".as_bytes());
        assert_eq!(document.tables().count(), 0);
        let paragraphs: Vec<&str> = document.paragraphs().map(|p| p.text.as_str()).collect();
        assert_eq!(paragraphs, ["标题", "正文。"]);
    }

    /// GBK and UTF-16 text is decoded; binary and broken UTF-8 are errors with codes and
    /// positions.
    #[test]
    fn decodes_legacy_encodings_and_reports_the_rest() {
        use miette::Diagnostic;
        let gbk = b"\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA\n\t12\n";
        let document =
            read_text(gbk).unwrap_or_else(|e| Document::new(SourceFormat::Text, e.to_string()));
        assert_eq!(
            document.paragraphs().next().map(|p| p.text.as_str()),
            Some("政府信息公开")
        );
        assert_eq!(document.encoding.as_deref(), Some("gb18030"));
        let cell = document
            .tables()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .next();
        let span = cell.map(|c| c.span).unwrap_or_default();
        let start = document.original_offset(span.start);
        assert_eq!(
            gbk.get(start..document.original_offset(span.end)),
            Some(&b"12"[..])
        );
        let utf16 = b"\xFF\xFE\x74\x5E";
        assert_eq!(read_text(utf16).map(|d| d.text).ok().as_deref(), Some("年"));
        let code = |bytes: &[u8]| {
            read_text(bytes)
                .err()
                .and_then(|e| Some((e.code()?.to_string(), e.offset(), e.line())))
        };
        let mut invalid = "标题\n正文".as_bytes().to_vec();
        invalid.push(0xC3);
        let s = |code: &str, offset, line| Some((code.to_owned(), offset, line));
        assert_eq!(code(b"%PDF-1.4"), s("read::not-text", 0, 1));
        // The sniffed format is named, not taken for arbitrary binary data.
        let pdf = read_text(b"%PDF-1.4").err().map(|e| e.to_string());
        assert_eq!(pdf.as_deref(), Some("不是文本文件：看起来是 PDF 文档"));
        // One damaged byte in UTF-8 text is replaced, with a warning at it.
        let damaged = read_text(&invalid).ok();
        assert_eq!(
            damaged.as_ref().map(|d| d.text.as_str()),
            Some("标题\n正文\u{FFFD}")
        );
        let warning = damaged.as_ref().and_then(|d| d.warnings.first());
        assert_eq!(
            warning.map(|w| (w.code, w.span.line, w.span.column)),
            Some((Code::ReadReplacedBytes, 2, 3))
        );
        // Mostly bytes that are not UTF-8 (nor GBK or Big5) are refused at the first.
        assert_eq!(code(b"ab\n\xff\xff\xff"), s("read::invalid-utf8", 3, 2));
    }
}
