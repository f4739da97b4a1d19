//! Limits that keep a broken or hostile file from exhausting memory or time. Each is checked
//! where the cost would arise (before reading, while decompressing, while parsing, after the
//! tables are built), and exceeding one is a `limit::…` error that says how to raise it.

use std::fmt;

use nianbao_model::{Code, Document, SourceFormat};

use crate::error::{ReadError, ReadErrorKind};

/// Caps on what reading one document may cost. The defaults are far above any real report
/// (a large one is a few MB, under 20 tables of under 100 rows, nested under 40 elements deep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the file itself.
    pub file_size: u64,
    /// Bytes decompressed from a .docx package, all parts read together (zip bombs).
    pub unzipped_size: u64,
    /// Entries in a .docx package.
    pub zip_entries: usize,
    /// Element nesting in HTML and in the XML of a .docx, and the nesting of PDF syntax
    /// (arrays, dictionaries, the page tree), which for PDF is never let past 512 whatever this
    /// says (the stack pdf_oxide's recursion has; see `pdf::nesting`).
    pub depth: usize,
    /// Rows of one table.
    pub table_rows: usize,
    /// Cells in one row of a table.
    pub table_columns: usize,
    /// Bytes of memory reading one document may take, estimated before the reader spends them
    /// from what it is about to build (lines of text, HTML nodes, .docx elements).
    pub memory: u64,
}

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_size: 64 * MIB,
            unzipped_size: 64 * MIB,
            zip_entries: 10_000,
            depth: 256,
            table_rows: 10_000,
            table_columns: 1_000,
            memory: GIB,
        }
    }
}

/// Which limit a file exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::file_size`].
    FileSize,
    /// [`Limits::unzipped_size`].
    UnzippedSize,
    /// [`Limits::zip_entries`].
    ZipEntries,
    /// [`Limits::depth`].
    Depth,
    /// [`Limits::table_rows`].
    TableRows,
    /// [`Limits::table_columns`].
    TableColumns,
    /// [`Limits::memory`].
    Memory,
    /// One decoded PDF stream: pdf_oxide's own cap (256 MiB), which no flag raises.
    StreamSize,
}

impl Limit {
    /// The diagnostic code, e.g. `limit::file-size`.
    pub fn code(self) -> Code {
        match self {
            Self::FileSize => Code::LimitFileSize,
            Self::UnzippedSize => Code::LimitUnzippedSize,
            Self::ZipEntries => Code::LimitZipEntries,
            Self::Depth => Code::LimitDepth,
            Self::TableRows | Self::TableColumns => Code::LimitTableSize,
            Self::Memory => Code::LimitMemory,
            Self::StreamSize => Code::LimitStreamSize,
        }
    }

    /// The `nianbao` command-line option that raises this limit.
    pub fn flag(self) -> &'static str {
        match self {
            Self::FileSize => "--max-file-size",
            Self::UnzippedSize => "--max-unzipped-size",
            Self::ZipEntries => "--max-zip-entries",
            Self::Depth => "--max-depth",
            Self::TableRows => "--max-table-rows",
            Self::TableColumns => "--max-table-columns",
            Self::Memory => "--max-memory",
            Self::StreamSize => "",
        }
    }

    /// Whether the limit counts bytes (shown in MiB).
    fn is_size(self) -> bool {
        matches!(
            self,
            Self::FileSize | Self::UnzippedSize | Self::Memory | Self::StreamSize
        )
    }

    /// A value as shown in a message.
    fn show(self, value: u64) -> String {
        if self.is_size() {
            size(value)
        } else {
            format!("{value} {}", if self == Self::Depth { "层" } else { "个" })
        }
    }

    /// A value as written after the flag.
    fn flag_value(self, value: u64) -> String {
        if self.is_size() {
            size_flag(value)
        } else {
            value.to_string()
        }
    }
}

const KIB: u64 = 1024;

/// A byte count as people read it: "1 GiB", "64 MiB", "4 KiB", "100.5 MiB", "512 字节".
pub fn size(bytes: u64) -> String {
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} 字节")
    }
}

/// A byte count as written on the command line: "1GiB", "64MiB", "4KiB", or the number of
/// bytes.
pub fn size_flag(bytes: u64) -> String {
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{}GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{}MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{}KiB", bytes / KIB)
    } else {
        bytes.to_string()
    }
}

/// A file that exceeded one of the [`Limits`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// Which limit.
    pub limit: Limit,
    /// The value found, when it is known (a decompression stopped at the cap is not).
    pub actual: Option<u64>,
    /// The limit in force.
    pub max: u64,
    /// The 1-based number of the table, for table limits.
    pub table: Option<usize>,
    /// The 1-based page, for a PDF stream.
    pub page: Option<u32>,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let max = self.limit.show(self.max);
        let actual = self.actual.map(|a| {
            if self.limit.is_size() {
                size(a)
            } else {
                a.to_string()
            }
        });
        let table = self.table.unwrap_or(0);
        match (self.limit, actual) {
            (Limit::FileSize, Some(a)) => write!(f, "文件大小 {a} 超过上限 {max}"),
            (Limit::FileSize, None) => write!(f, "文件大小超过上限 {max}"),
            (Limit::UnzippedSize, _) => {
                write!(f, "Word 文档解压后的内容超过上限 {max}（可能是“压缩炸弹”）")
            }
            (Limit::ZipEntries, a) => write!(
                f,
                "Word 文档（zip 压缩包）里有 {} 个文件，超过上限 {max}",
                a.unwrap_or_default()
            ),
            (Limit::Depth, _) => write!(f, "元素嵌套超过 {max}"),
            (Limit::StreamSize, _) => write!(
                f,
                "PDF 第 {} 页的内容解压后超过 {max}，读取库在此停止（可能是“压缩炸弹”）",
                self.page.unwrap_or_default()
            ),
            (Limit::Memory, a) => write!(
                f,
                "读取这个文件估计要用的内存（{}）超过上限 {max}",
                a.unwrap_or_default()
            ),
            (Limit::TableRows, a) => write!(
                f,
                "第 {table} 个表格有 {} 行，超过上限 {} 行",
                a.unwrap_or_default(),
                self.max
            ),
            (Limit::TableColumns, a) => write!(
                f,
                "第 {table} 个表格的一行有 {} 个单元格，超过上限 {max}",
                a.unwrap_or_default()
            ),
        }
    }
}

impl std::error::Error for Exceeded {}

impl miette::Diagnostic for Exceeded {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(Exceeded::code(self).as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.help_text()))
    }
}

impl Exceeded {
    /// The catalogue code of the exceeded limit, e.g. `limit::file-size`.
    pub fn code(&self) -> Code {
        self.limit.code()
    }

    /// Why the file was refused and the flag, with a value, that lets it through.
    pub(crate) fn help_text(&self) -> String {
        if self.limit == Limit::StreamSize {
            return "真实的年度报告远在这个上限之内，文件可能已损坏或是恶意构造的。这个上限由 PDF 读取库规定，不能放宽；请提供报告的 .docx、.html 文件，或重新导出 PDF".to_owned();
        }
        format!(
            "真实的年度报告远在这个上限之内，文件可能已损坏或不是年度报告。\
             如确需读取，可以放宽上限：{} {}",
            self.limit.flag(),
            self.limit.flag_value(self.suggested())
        )
    }

    /// The limit `limit` of `limits` exceeded by `actual`.
    pub(crate) fn new(limit: Limit, actual: Option<u64>, max: u64) -> Self {
        Self {
            limit,
            actual,
            max,
            table: None,
            page: None,
        }
    }

    /// A limit to suggest: four times the current one, and at least twice what was found,
    /// so that the suggestion lets this file through; sizes rounded up to whole KiB or MiB
    /// so that they read well.
    fn suggested(&self) -> u64 {
        let wanted = self
            .max
            .saturating_mul(4)
            .max(self.actual.unwrap_or(0).saturating_mul(2));
        if !self.limit.is_size() {
            return wanted;
        }
        let unit = if wanted >= MIB { MIB } else { KIB };
        wanted.div_ceil(unit).saturating_mul(unit)
    }

    /// As an error at byte `offset` of the file `bytes`.
    pub(crate) fn at(self, bytes: &[u8], offset: usize) -> ReadError {
        ReadError::at(ReadErrorKind::LimitExceeded(self), bytes, offset)
    }

    /// As an error about the whole file.
    pub(crate) fn whole(self) -> ReadError {
        ReadError::whole(ReadErrorKind::LimitExceeded(self))
    }
}

/// A count as a limit value.
pub(crate) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The depth limit `max`, exceeded.
pub(crate) fn depth(max: usize) -> Exceeded {
    Exceeded::new(Limit::Depth, None, count(max))
}

/// The error for a file of `actual` bytes over [`Limits::file_size`], for callers that know
/// the size before reading the bytes (and so need not read them).
pub fn oversized(actual: u64, limits: &Limits) -> ReadError {
    Exceeded::new(Limit::FileSize, Some(actual), limits.file_size).whole()
}

/// What reading costs in memory, per thing counted before it is built. Measured on crafted
/// files (`/usr/bin/time`, see docs/performance.md): a line of text about 240 bytes, an HTML
/// node (element or text) about 370 (1M cells with their text: 767 MB), a .docx element about 105; each byte of the document
/// is kept a few times over (text, decoded copy, rendered view).
pub(crate) mod cost {
    /// A line of a text document (a paragraph or a table row or cell).
    pub const LINE: u64 = 256;
    /// An HTML element or text node.
    pub const HTML_NODE: u64 = 384;
    /// An element of a .docx part.
    pub const XML_ELEMENT: u64 = 128;
    /// A byte of a PDF page's decoded content: pdf_oxide keeps about 240 bytes per character
    /// it extracts (8.3 MB of `(0123456789) Tj` content, 2 million characters: 479 MB).
    #[cfg(feature = "pdf")]
    pub const PDF_CONTENT_BYTE: u64 = 64;
    /// A byte of the document's text.
    pub const BYTE: u64 = 4;
}

/// Refuses a document whose reading would take more than [`Limits::memory`], by the
/// `estimate` its reader made before spending it.
pub(crate) fn memory(estimate: u64, limits: &Limits) -> Result<(), Exceeded> {
    if estimate > limits.memory {
        return Err(over_memory(estimate, limits));
    }
    Ok(())
}

/// The memory limit, passed by `estimate`.
pub(crate) fn over_memory(estimate: u64, limits: &Limits) -> Exceeded {
    Exceeded::new(Limit::Memory, Some(estimate), limits.memory)
}

/// The estimate for `things` of `each` bytes plus the text's bytes.
pub(crate) fn estimate(things: usize, each: u64, text: usize) -> u64 {
    count(things)
        .saturating_mul(each)
        .saturating_add(count(text).saturating_mul(cost::BYTE))
}

/// How many times `byte` occurs in `text`: what the estimates count (markup, lines).
///
/// Counted in runs of 255 with a one-byte tally, which the compiler turns into wide compares;
/// a plain `filter().count()` adds into 64-bit lanes and was 7 % of reading a .docx.
pub(crate) fn occurrences(text: &str, byte: u8) -> usize {
    text.as_bytes()
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == byte))))
        .sum()
}

/// How many things of `each` bytes fit in [`Limits::memory`] beside the text's bytes: the
/// largest count [`estimate`] passes.
pub(crate) fn most_within(each: u64, text: usize, limits: &Limits) -> usize {
    let left = limits
        .memory
        .saturating_sub(count(text).saturating_mul(cost::BYTE));
    usize::try_from(left / each.max(1)).unwrap_or(usize::MAX)
}

/// Rejects a file larger than [`Limits::file_size`].
pub(crate) fn file_size(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let len = count(bytes.len());
    if len > limits.file_size {
        return Err(oversized(len, limits));
    }
    Ok(())
}

/// Rejects a document with a table longer or wider than the limits, pointing at the table
/// in the file where the document's text is the file's.
pub(crate) fn tables(document: &Document, bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    for (number, table) in document.tables().enumerate() {
        let widest = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let exceeded = if table.rows.len() > limits.table_rows {
            Some((Limit::TableRows, table.rows.len(), limits.table_rows))
        } else if widest > limits.table_columns {
            Some((Limit::TableColumns, widest, limits.table_columns))
        } else {
            None
        };
        let Some((limit, actual, max)) = exceeded else {
            continue;
        };
        let mut exceeded = Exceeded::new(limit, Some(count(actual)), count(max));
        exceeded.table = Some(number + 1);
        let kind = ReadErrorKind::LimitExceeded(exceeded);
        let first = table.rows.first().and_then(|r| r.cells.first());
        let in_file = matches!(
            document.format,
            SourceFormat::Text | SourceFormat::Html | SourceFormat::Markdown
        );
        return Err(match first {
            Some(cell) if in_file => {
                ReadError::at(kind, bytes, document.original_offset(cell.span.start))
            }
            _ => ReadError::whole(kind),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic;

    use super::*;

    /// The tally per run of 255 never overflows and agrees with a plain count, at the run
    /// boundaries and with the byte everywhere.
    #[test]
    fn occurrences_agree_with_a_plain_count() {
        for len in [0, 1, 254, 255, 256, 510, 511, 1000] {
            let all = "<".repeat(len);
            assert_eq!(occurrences(&all, b'<'), len);
            let mixed: String = (0..len)
                .map(|i| if i % 3 == 0 { '<' } else { '年' })
                .collect();
            let plain = mixed.bytes().filter(|&b| b == b'<').count();
            assert_eq!(occurrences(&mixed, b'<'), plain);
        }
    }

    /// Messages give both numbers in readable units, codes are stable, help names the flag.
    #[test]
    fn messages_and_help() {
        let error = Exceeded::new(Limit::FileSize, Some(100 * MIB + MIB / 2), 64 * MIB);
        assert_eq!(error.to_string(), "文件大小 100.5 MiB 超过上限 64 MiB");
        assert_eq!(error.code(), Code::LimitFileSize);
        assert_eq!(
            Diagnostic::code(&error).map(|c| c.to_string()).as_deref(),
            Some(Code::LimitFileSize.as_str())
        );
        let help = error.help().map(|h| h.to_string()).unwrap_or_default();
        assert!(help.ends_with("--max-file-size 256MiB"), "{help}");
        // A file far over the limit gets a suggestion that lets it through.
        let far = Exceeded::new(Limit::FileSize, Some(6984), KIB);
        let help = far.help().map(|h| h.to_string()).unwrap_or_default();
        assert!(help.ends_with("--max-file-size 14KiB"), "{help}");
        let rows = Exceeded::new(Limit::TableRows, Some(50_000), 10_000);
        let help = rows.help().map(|h| h.to_string()).unwrap_or_default();
        assert!(help.ends_with("--max-table-rows 100000"), "{help}");
        let depth = Exceeded::new(Limit::Depth, None, 256);
        assert_eq!(depth.to_string(), "元素嵌套超过 256 层");
        assert_eq!(size(512), "512 字节");
        assert_eq!(
            (size(4096), size_flag(4096)),
            ("4 KiB".to_owned(), "4KiB".to_owned())
        );
        assert_eq!(size_flag(64 * MIB), "64MiB");
        assert_eq!(size_flag(1000), "1000");
    }
}
