//! Read errors: why a file could not be read as text, and where the first offending byte is.
//! Each kind has its code in the catalogue ([`Code`]); the diagnostics print that code, so no
//! code is written here as text.

use std::borrow::Cow;
use std::fmt;

use miette::Diagnostic;
use nianbao_model::Code;

/// A file that could not be read, with the position of the first offending byte.
///
/// The position is given as a byte offset into the file and as a 1-based line and character
/// column (counted over the bytes before the offset, so it matches an editor for UTF-8 text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}{}", self.position())]
pub struct ReadError {
    kind: ReadErrorKind,
    offset: usize,
    line: usize,
    column: usize,
    /// Whether the position means anything (it does not for a broken binary container).
    located: bool,
}

impl ReadError {
    /// Builds the error for `kind` at byte `offset` of the file `bytes`.
    pub(crate) fn at(kind: ReadErrorKind, bytes: &[u8], offset: usize) -> Self {
        let offset = offset.min(bytes.len());
        let prefix = bytes.get(..offset).unwrap_or(bytes);
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = prefix
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        // Count character starts (every byte that is not a UTF-8 continuation byte).
        let column = prefix
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| !(0x80..0xC0).contains(&b))
            .count()
            + 1;
        Self {
            kind,
            offset,
            line,
            column,
            located: true,
        }
    }

    /// Builds the error for `kind` about the file as a whole, without a position.
    pub(crate) fn whole(kind: ReadErrorKind) -> Self {
        Self {
            kind,
            offset: 0,
            line: 1,
            column: 1,
            located: false,
        }
    }

    fn position(&self) -> String {
        if self.located {
            format!(
                "（第 {} 行第 {} 列，字节 {}）",
                self.line, self.column, self.offset
            )
        } else {
            String::new()
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ReadErrorKind {
        &self.kind
    }

    /// Byte offset of the first offending byte in the file.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// 1-based line of the first offending byte.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the first offending byte, in characters.
    pub fn column(&self) -> usize {
        self.column
    }
}

/// The diagnostic shows the kind's code and help; the position is part of the message.
impl Diagnostic for ReadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Diagnostic::code(&self.kind)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Diagnostic::help(&self.kind)
    }
}

/// What kind of problem stopped a file from being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file is text in no encoding the reader decodes: not UTF-8, and neither UTF-16 nor
    /// a legacy Chinese encoding fits it.
    #[error("文件不是有效的 UTF-8 文本")]
    InvalidUtf8,

    /// The file is text in an encoding the reader recognises but does not decode (UTF-32).
    #[error("暂不支持的文本编码：文件看起来是 {encoding}")]
    UnsupportedEncoding {
        /// The encoding the file appears to use.
        encoding: Encoding,
    },

    /// A file of a known format whose structure is broken (truncated download, bad zip, bad
    /// XML).
    #[error("{format} 文件已损坏，无法读取：{detail}")]
    Damaged {
        /// The format, e.g. `.docx`.
        format: &'static str,
        /// What is broken.
        detail: String,
    },

    /// A PDF whose pages hold no text, only images (a scan).
    #[error("PDF 没有文字层（可能是扫描件），无法读取其中的表格")]
    NoTextLayer,

    /// A file of a format nianbao recognises but cannot read.
    #[error("无法读取 {format}")]
    UnsupportedFormat {
        /// What the file is, e.g. `Excel 表格（.xlsx）`.
        format: String,
        /// How to convert it, in Chinese.
        help: String,
    },

    /// The file is not text at all.
    #[error("不是文本文件：看起来是{format}")]
    NotText {
        /// The kind of binary file detected.
        format: BinaryFormat,
    },

    /// The file exceeded one of the reader's [`Limits`](crate::Limits); its code names which
    /// (`limit::file-size`, `limit::depth`, …).
    #[error(transparent)]
    LimitExceeded(crate::limits::Exceeded),
}

impl ReadErrorKind {
    /// The catalogue code: `read::…`, or the exceeded limit's `limit::…`.
    pub fn code(&self) -> Code {
        match self {
            Self::InvalidUtf8 => Code::ReadInvalidUtf8,
            Self::UnsupportedEncoding { .. } => Code::ReadUnsupportedEncoding,
            Self::Damaged { .. } => Code::ReadDamaged,
            Self::NoTextLayer => Code::ReadNoTextLayer,
            Self::UnsupportedFormat { .. } => Code::ReadUnsupportedFormat,
            Self::NotText { .. } => Code::ReadNotText,
            Self::LimitExceeded(exceeded) => exceeded.code(),
        }
    }

    /// How to get the file read, in Chinese.
    fn help(&self) -> Cow<'_, str> {
        match self {
            Self::InvalidUtf8 => Cow::Borrowed(
                "文件中有不符合 UTF-8 编码的字节（文件可能已损坏，或混用了多种编码）。\
                 请将文件另存为 UTF-8 编码的文本后重试",
            ),
            Self::UnsupportedEncoding { encoding } => Cow::Owned(format!(
                "文件看起来是 {encoding} 编码，目前支持 UTF-8、UTF-16、GBK/GB18030 和 Big5。\
                 请将文件另存为 UTF-8 编码的文本后重试"
            )),
            Self::Damaged { .. } => Cow::Borrowed(
                "文件可能没有下载完整或已损坏。请重新下载，或用原来的程序重新导出后再试",
            ),
            Self::NoTextLayer => Cow::Borrowed(
                "表格需要先做文字识别（OCR）才能检查。请提供带文字的 PDF，或报告的 .docx、.html 文件",
            ),
            Self::UnsupportedFormat { help, .. } => Cow::Borrowed(help),
            Self::NotText { format } => Cow::Borrowed(format.help()),
            Self::LimitExceeded(exceeded) => Cow::Owned(exceeded.help_text()),
        }
    }
}

impl Diagnostic for ReadErrorKind {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(ReadErrorKind::code(self).as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(ReadErrorKind::help(self)))
    }
}

/// A Unicode encoding recognised by its bytes: UTF-16 is decoded, UTF-32 is refused. (Legacy
/// Chinese encodings are detected and decoded by name, without this type.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-16, little endian.
    Utf16Le,
    /// UTF-16, big endian.
    Utf16Be,
    /// UTF-32, little endian.
    Utf32Le,
    /// UTF-32, big endian.
    Utf32Be,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Utf32Le => "UTF-32LE",
            Self::Utf32Be => "UTF-32BE",
        })
    }
}

/// A kind of binary (non-text) file recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryFormat {
    /// A PDF document (`%PDF`).
    Pdf,
    /// A ZIP archive (`PK\x03\x04`), such as `.docx` or `.xlsx`.
    Zip,
    /// An OLE2 compound file (`D0 CF 11 E0`), such as `.doc` or `.xls`.
    Ole,
    /// Other binary data (contains a NUL byte).
    Binary,
}

impl BinaryFormat {
    /// How to turn such a file into something readable, in Chinese.
    pub fn help(self) -> &'static str {
        match self {
            Self::Pdf => {
                "这是 PDF 文件，不是文本。请先将报告转换为文本\
                 （例如用 Word 打开后另存为 UTF-8 编码的纯文本 .txt）后重试"
            }
            Self::Zip => {
                "这是 ZIP 压缩包（例如 .docx、.xlsx 文件），不是文本。\
                 请用 Word 打开后另存为 UTF-8 编码的纯文本（.txt）后重试"
            }
            Self::Ole => {
                "这是旧版 Office 文件（例如 .doc、.xls 文件），不是文本。\
                 请用 Word 打开后另存为 UTF-8 编码的纯文本（.txt）后重试"
            }
            Self::Binary => {
                "文件中含有 NUL 字节，不是文本文件。请确认选对了文件，\
                 或将其另存为 UTF-8 编码的纯文本（.txt）后重试"
            }
        }
    }
}

impl fmt::Display for BinaryFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pdf => " PDF 文档",
            Self::Zip => " ZIP 压缩包（如 .docx、.xlsx）",
            Self::Ole => "旧版 Office 文件（如 .doc、.xls）",
            Self::Binary => "二进制数据（含有 NUL 字节）",
        })
    }
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic;

    use super::*;

    fn code(diagnostic: &dyn Diagnostic) -> String {
        diagnostic.code().map(|c| c.to_string()).unwrap_or_default()
    }

    fn help(diagnostic: &dyn Diagnostic) -> String {
        diagnostic.help().map(|h| h.to_string()).unwrap_or_default()
    }

    /// Each kind prints its catalogue code, and the error forwards code and help.
    #[test]
    fn codes_come_from_the_catalogue_and_are_forwarded() {
        let cases = [
            (ReadErrorKind::InvalidUtf8, Code::ReadInvalidUtf8),
            (
                ReadErrorKind::UnsupportedEncoding {
                    encoding: Encoding::Utf32Le,
                },
                Code::ReadUnsupportedEncoding,
            ),
            (
                ReadErrorKind::NotText {
                    format: BinaryFormat::Pdf,
                },
                Code::ReadNotText,
            ),
        ];
        for (kind, expected) in cases {
            let error = ReadError::at(kind.clone(), b"", 0);
            assert_eq!(kind.code(), expected);
            assert_eq!(code(&kind), expected.as_str());
            assert_eq!(code(&error), expected.as_str());
            assert_eq!(help(&error), help(&kind));
            assert!(help(&error).contains("UTF-8"), "{}", help(&error));
        }
    }

    /// The help names the detected encoding or format in Chinese.
    #[test]
    fn help_names_what_was_found() {
        let utf32 = ReadErrorKind::UnsupportedEncoding {
            encoding: Encoding::Utf32Be,
        };
        assert!(help(&utf32).contains("UTF-32BE 编码"));
        let docx = ReadErrorKind::NotText {
            format: BinaryFormat::Zip,
        };
        assert!(help(&docx).contains(".docx"));
    }

    /// Line and character column are computed from the bytes before the offset.
    #[test]
    fn locates_offset() {
        let bytes = "标题\nab自然\u{FF}".as_bytes();
        let offset = bytes.len() - 2;
        let error = ReadError::at(ReadErrorKind::InvalidUtf8, bytes, offset);
        assert_eq!(
            (error.offset(), error.line(), error.column()),
            (offset, 2, 5)
        );
        assert_eq!(
            error.to_string(),
            format!("文件不是有效的 UTF-8 文本（第 2 行第 5 列，字节 {offset}）")
        );
    }

    /// An offset past the end is clamped to the file length.
    #[test]
    fn clamps_offset() {
        let error = ReadError::at(ReadErrorKind::InvalidUtf8, b"ab", 10);
        assert_eq!((error.offset(), error.line(), error.column()), (2, 1, 3));
    }
}
