//! Read errors: why a file could not be read as text, and where the first offending byte is.

use std::fmt;

/// A file that could not be read, with the position of the first offending byte.
///
/// The position is given as a byte offset into the file and as a 1-based line and character
/// column (counted over the bytes before the offset, so it matches an editor for UTF-8 text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{kind}{}", self.position())]
#[diagnostic(forward(kind))]
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

/// What kind of problem stopped a file from being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file is meant to be UTF-8 but contains a byte sequence that is not.
    #[error("文件不是有效的 UTF-8 文本")]
    #[diagnostic(
        code("read::invalid-utf8"),
        help(
            "文件中有不符合 UTF-8 编码的字节（文件可能已损坏，或混用了多种编码）。\
             请将文件另存为 UTF-8 编码的文本后重试"
        )
    )]
    InvalidUtf8,

    /// The file is text in an encoding this reader does not support (yet).
    #[error("暂不支持的文本编码：文件看起来是 {encoding}")]
    #[diagnostic(
        code("read::unsupported-encoding"),
        help(
            "文件看起来是 {encoding} 编码，目前支持 UTF-8、UTF-16 和 GBK/GB18030。请将文件另存为 UTF-8 编码的文本后重试"
        )
    )]
    UnsupportedEncoding {
        /// The encoding the file appears to use.
        encoding: Encoding,
    },

    /// A file of a known format whose structure is broken (truncated download, bad zip, bad
    /// XML).
    #[error("{format} 文件已损坏，无法读取：{detail}")]
    #[diagnostic(
        code("read::damaged"),
        help("文件可能没有下载完整或已损坏。请重新下载，或用原来的程序重新导出后再试")
    )]
    Damaged {
        /// The format, e.g. `.docx`.
        format: &'static str,
        /// What is broken.
        detail: String,
    },

    /// A PDF whose pages hold no text, only images (a scan).
    #[error("PDF 没有文字层（可能是扫描件），无法读取其中的表格")]
    #[diagnostic(
        code("read::no-text-layer"),
        help(
            "表格需要先做文字识别（OCR）才能检查。请提供带文字的 PDF，或报告的 .docx、.html 文件"
        )
    )]
    NoTextLayer,

    /// A file of a format nianbao recognises but cannot read.
    #[error("无法读取 {format}")]
    #[diagnostic(code("read::unsupported-format"), help("{help}"))]
    UnsupportedFormat {
        /// What the file is, e.g. `Excel 表格（.xlsx）`.
        format: String,
        /// How to convert it, in Chinese.
        help: String,
    },

    /// The file is not text at all.
    #[error("不是文本文件：看起来是{format}")]
    #[diagnostic(code("read::not-text"), help("{}", format.help()))]
    NotText {
        /// The kind of binary file detected.
        format: BinaryFormat,
    },

    /// The file exceeded one of the reader's [`Limits`](crate::Limits); its code names which
    /// (`limit::file-size`, `limit::depth`, …).
    #[error(transparent)]
    #[diagnostic(transparent)]
    LimitExceeded(crate::limits::Exceeded),
}

/// A text encoding recognised but not supported by the text reader.
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
    /// GBK or GB18030, the legacy Chinese encodings.
    Gbk,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Utf32Le => "UTF-32LE",
            Self::Utf32Be => "UTF-32BE",
            Self::Gbk => "GBK/GB18030",
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

    /// Each kind has its stable kebab-case code, and the error forwards code and help.
    #[test]
    fn codes_are_stable_and_forwarded() {
        let cases = [
            (ReadErrorKind::InvalidUtf8, "read::invalid-utf8"),
            (
                ReadErrorKind::UnsupportedEncoding {
                    encoding: Encoding::Gbk,
                },
                "read::unsupported-encoding",
            ),
            (
                ReadErrorKind::NotText {
                    format: BinaryFormat::Pdf,
                },
                "read::not-text",
            ),
        ];
        for (kind, expected) in cases {
            let error = ReadError::at(kind.clone(), b"", 0);
            assert_eq!(code(&kind), expected);
            assert_eq!(code(&error), expected);
            assert_eq!(help(&error), help(&kind));
            assert!(help(&error).contains("UTF-8"), "{}", help(&error));
        }
    }

    /// The help names the detected encoding or format in Chinese.
    #[test]
    fn help_names_what_was_found() {
        let gbk = ReadErrorKind::UnsupportedEncoding {
            encoding: Encoding::Gbk,
        };
        assert!(help(&gbk).contains("GBK/GB18030 编码"));
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
