//! Encoding detection: accepts UTF-8 (with or without BOM) and names what anything else looks like.

use crate::error::{BinaryFormat, Encoding, ReadError, ReadErrorKind};

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Byte order marks of the Unicode encodings that are recognised but not supported. UTF-32LE
/// comes before UTF-16LE because its mark starts with the UTF-16LE one.
const UNICODE_BOMS: [(&[u8], Encoding); 4] = [
    (b"\xFF\xFE\x00\x00", Encoding::Utf32Le),
    (b"\x00\x00\xFE\xFF", Encoding::Utf32Be),
    (b"\xFF\xFE", Encoding::Utf16Le),
    (b"\xFE\xFF", Encoding::Utf16Be),
];

/// Magic numbers of binary formats a report is commonly (mistakenly) given as.
const MAGIC: [(&[u8], BinaryFormat); 3] = [
    (b"%PDF", BinaryFormat::Pdf),
    (b"PK\x03\x04", BinaryFormat::Zip),
    (b"\xD0\xCF\x11\xE0", BinaryFormat::Ole),
];

/// How many leading bytes are sampled to recognise UTF-16 without a byte order mark.
const UTF16_SAMPLE: usize = 1024;

/// A file decoded as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decoded<'a> {
    /// The whole file, byte order mark included, so offsets into it are file offsets.
    pub text: &'a str,
    /// Where the content starts: after the byte order mark, if any.
    pub content_start: usize,
}

/// Decodes `bytes` as UTF-8 text, or says what the file looks like instead.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, ReadError> {
    let content_start = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        if let Some(&(_, encoding)) = UNICODE_BOMS.iter().find(|(bom, _)| bytes.starts_with(bom)) {
            return Err(ReadError::at(
                ReadErrorKind::UnsupportedEncoding { encoding },
                bytes,
                0,
            ));
        }
        if let Some(&(_, format)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
            return Err(ReadError::at(ReadErrorKind::NotText { format }, bytes, 0));
        }
        0
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let kind = match utf16_without_bom(bytes) {
            Some(encoding) => ReadErrorKind::UnsupportedEncoding { encoding },
            None => ReadErrorKind::NotText {
                format: BinaryFormat::Binary,
            },
        };
        return Err(ReadError::at(kind, bytes, nul));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            content_start,
        }),
        Err(error) => {
            let kind = if looks_like_gbk(bytes) {
                ReadErrorKind::UnsupportedEncoding {
                    encoding: Encoding::Gbk,
                }
            } else {
                ReadErrorKind::InvalidUtf8
            };
            Err(ReadError::at(kind, bytes, error.valid_up_to()))
        }
    }
}

/// Recognises mostly-ASCII UTF-16 without a byte order mark: a NUL byte in nearly every code
/// unit, always on the same side.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = bytes.get(..UTF16_SAMPLE).unwrap_or(bytes);
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for unit in sample.chunks_exact(2) {
        even += usize::from(unit.first() == Some(&0));
        odd += usize::from(unit.get(1) == Some(&0));
    }
    let mostly = |count: usize| count * 2 >= units;
    let rarely = |count: usize| count * 10 < units;
    if mostly(odd) && rarely(even) {
        Some(Encoding::Utf16Le)
    } else if mostly(even) && rarely(odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Whether bytes that are not valid UTF-8 look like GBK/GB18030 text: they are well-formed
/// GB18030, contain multi-byte characters, and have at least as many UTF-8 errors as valid
/// non-ASCII UTF-8 characters (so a UTF-8 file with one damaged byte is not taken for GBK).
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let Some(multibyte) = gb18030_multibyte_count(bytes) else {
        return false;
    };
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && invalid >= valid
}

/// Counts the multi-byte characters of `bytes` read as GB18030, or `None` if it is not
/// well-formed GB18030. A truncated last character is tolerated.
fn gb18030_multibyte_count(bytes: &[u8]) -> Option<usize> {
    let mut rest = bytes;
    let mut count = 0;
    loop {
        rest = match rest {
            [] | [0x81..=0xFE] => return Some(count),
            [0x00..=0x7F, tail @ ..] => tail,
            [
                0x81..=0xFE,
                0x30..=0x39,
                0x81..=0xFE,
                0x30..=0x39,
                tail @ ..,
            ]
            | [0x81..=0xFE, 0x40..=0x7E | 0x80..=0xFE, tail @ ..] => {
                count += 1;
                tail
            }
            _ => return None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The GBK encoding of 政府信息公开.
    const GBK: &[u8] = b"\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA";

    fn kind(bytes: &[u8]) -> Option<ReadErrorKind> {
        decode(bytes).err().map(|error| error.kind().clone())
    }

    /// Plain UTF-8 decodes to the same bytes, content starting at 0.
    #[test]
    fn accepts_utf8() {
        let decoded = decode("年度报告\n".as_bytes());
        assert_eq!(
            decoded.ok(),
            Some(Decoded {
                text: "年度报告\n",
                content_start: 0
            })
        );
    }

    /// A UTF-8 BOM is kept in the text and skipped by `content_start`.
    #[test]
    fn keeps_utf8_bom() {
        let decoded = decode(b"\xEF\xBB\xBFab");
        assert_eq!(
            decoded.ok(),
            Some(Decoded {
                text: "\u{FEFF}ab",
                content_start: 3
            })
        );
    }

    /// Empty input is valid (empty) text.
    #[test]
    fn accepts_empty() {
        assert_eq!(decode(b"").ok().map(|d| d.text), Some(""));
    }

    /// UTF-16 and UTF-32 byte order marks are named in an unsupported-encoding error.
    #[test]
    fn rejects_unicode_boms() {
        let cases: [(&[u8], Encoding); 4] = [
            (b"\xFF\xFE\x2F\x5E", Encoding::Utf16Le),
            (b"\xFE\xFF\x5E\x2F", Encoding::Utf16Be),
            (b"\xFF\xFE\x00\x00\x2F\x5E\x00\x00", Encoding::Utf32Le),
            (b"\x00\x00\xFE\xFF", Encoding::Utf32Be),
        ];
        for (bytes, encoding) in cases {
            assert_eq!(
                kind(bytes),
                Some(ReadErrorKind::UnsupportedEncoding { encoding })
            );
        }
    }

    /// ASCII text in UTF-16 without a BOM is recognised by its NUL pattern.
    #[test]
    fn rejects_utf16_without_bom() {
        let le: Vec<u8> = "report 2024".bytes().flat_map(|b| [b, 0]).collect();
        let be: Vec<u8> = "report 2024".bytes().flat_map(|b| [0, b]).collect();
        let utf16 = |encoding| Some(ReadErrorKind::UnsupportedEncoding { encoding });
        assert_eq!(kind(&le), utf16(Encoding::Utf16Le));
        assert_eq!(kind(&be), utf16(Encoding::Utf16Be));
    }

    /// PDF, ZIP (docx) and OLE (doc) magic numbers give a not-text error at offset 0.
    #[test]
    fn rejects_binary_formats() {
        let cases: [(&[u8], BinaryFormat); 3] = [
            (b"%PDF-1.7\n", BinaryFormat::Pdf),
            (b"PK\x03\x04\x14\x00", BinaryFormat::Zip),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", BinaryFormat::Ole),
        ];
        for (bytes, format) in cases {
            let error = decode(bytes).err();
            assert_eq!(
                error.as_ref().map(ReadError::kind),
                Some(&ReadErrorKind::NotText { format })
            );
            assert_eq!(error.map(|e| e.offset()), Some(0));
        }
    }

    /// A stray NUL byte makes the file binary; the error points at the NUL.
    #[test]
    fn rejects_nul_bytes() {
        let error = decode(b"line one\nab\0cd").err();
        assert_eq!(
            error.as_ref().map(ReadError::kind),
            Some(&ReadErrorKind::NotText {
                format: BinaryFormat::Binary
            })
        );
        assert_eq!(
            error.map(|e| (e.offset(), e.line(), e.column())),
            Some((11, 2, 3))
        );
    }

    /// GBK bytes are named as GBK/GB18030, at the first non-UTF-8 byte.
    #[test]
    fn rejects_gbk() {
        let mut bytes = b"2024\n".to_vec();
        bytes.extend_from_slice(GBK);
        let error = decode(&bytes).err();
        assert_eq!(
            error.as_ref().map(ReadError::kind),
            Some(&ReadErrorKind::UnsupportedEncoding {
                encoding: Encoding::Gbk
            })
        );
        assert_eq!(
            error.map(|e| (e.offset(), e.line(), e.column())),
            Some((5, 2, 1))
        );
    }

    /// A UTF-8 file with one damaged byte is invalid UTF-8, not GBK, located at that byte.
    #[test]
    fn rejects_invalid_utf8() {
        let mut bytes = "政府信息公开\n年度".as_bytes().to_vec();
        let offset = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice("报告".as_bytes());
        let error = decode(&bytes).err();
        assert_eq!(
            error.as_ref().map(ReadError::kind),
            Some(&ReadErrorKind::InvalidUtf8)
        );
        assert_eq!(
            error.map(|e| (e.offset(), e.line(), e.column())),
            Some((offset, 2, 3))
        );
    }

    /// Invalid UTF-8 after a BOM is located by its offset in the original file.
    #[test]
    fn locates_error_after_bom() {
        let error = decode(b"\xEF\xBB\xBFab\xC3").err();
        assert_eq!(error.map(|e| e.offset()), Some(5));
    }

    /// The GB18030 structure check accepts two- and four-byte characters and rejects junk.
    #[test]
    fn checks_gb18030_structure() {
        assert_eq!(gb18030_multibyte_count(GBK), Some(6));
        assert_eq!(gb18030_multibyte_count(b"a\x81\x30\x81\x30b"), Some(1));
        assert_eq!(gb18030_multibyte_count(b"\x80abc"), None);
        assert_eq!(gb18030_multibyte_count(b"\xD5\x20"), None);
    }
}
