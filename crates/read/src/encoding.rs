//! Text decoding: UTF-8 (with or without BOM), UTF-16 (BOM, or recognisable without one) and
//! the legacy Chinese encodings (GBK/GB18030, Big5), detected with chardetng and decoded with
//! encoding_rs. Re-encoded text keeps an [`OffsetMap`] back to the file's bytes.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding as Charset, GB18030, UTF_16BE, UTF_16LE};
use nianbao_model::OffsetMap;

use crate::error::{BinaryFormat, Encoding, ReadError, ReadErrorKind};

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many leading bytes are sampled to recognise UTF-16 without a byte order mark.
const UTF16_SAMPLE: usize = 1024;

/// A file decoded to UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text. For UTF-8 files it is the file itself, byte order mark included, so offsets
    /// into it are file offsets; otherwise `original` maps them back.
    pub text: String,
    /// Where the content starts (after a UTF-8 byte order mark).
    pub content_start: usize,
    /// The encoding decoded from, when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// Text offsets → file offsets, when they differ.
    pub original: Option<OffsetMap>,
}

/// Decodes `bytes`. `declared` is an encoding label the file itself states (an HTML
/// `<meta charset>`); it is trusted when the bytes agree with it.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ReadError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(_) => Ok(utf8(bytes, UTF8_BOM.len())),
            Err(e) => Err(ReadError::at(
                ReadErrorKind::InvalidUtf8,
                bytes,
                UTF8_BOM.len() + e.valid_up_to(),
            )),
        };
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        let encoding = if bytes.starts_with(b"\xFF") {
            Encoding::Utf32Le
        } else {
            Encoding::Utf32Be
        };
        return Err(ReadError::at(
            ReadErrorKind::UnsupportedEncoding { encoding },
            bytes,
            0,
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(reencode(rest, 2, UTF_16LE));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(reencode(rest, 2, UTF_16BE));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return match utf16_without_bom(bytes) {
            Some(Encoding::Utf16Le) => Ok(reencode(bytes, 0, UTF_16LE)),
            Some(_) => Ok(reencode(bytes, 0, UTF_16BE)),
            None => Err(ReadError::at(
                ReadErrorKind::NotText {
                    format: BinaryFormat::Binary,
                },
                bytes,
                nul,
            )),
        };
    }
    let declared = declared.and_then(|label| Charset::for_label(label.trim().as_bytes()));
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return Ok(utf8(bytes, 0)),
        Err(e) => e.valid_up_to(),
    };
    if let Some(charset) = declared.filter(|c| is_chinese(c) && decodes_cleanly(bytes, c)) {
        return Ok(reencode(bytes, 0, charset));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), Utf8Detection::Allow);
    if is_chinese(guess) && decodes_cleanly(bytes, guess) {
        return Ok(reencode(bytes, 0, guess));
    }
    if decodes_cleanly(bytes, GB18030) && mostly_not_utf8(bytes) {
        return Ok(reencode(bytes, 0, GB18030));
    }
    Err(ReadError::at(ReadErrorKind::InvalidUtf8, bytes, utf8_error))
}

fn utf8(bytes: &[u8], content_start: usize) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        content_start,
        encoding: None,
        original: None,
    }
}

/// Encodings a Chinese report may really be in. GBK labels decode as GB18030, its superset.
fn is_chinese(charset: &'static Charset) -> bool {
    ["GBK", "gb18030", "Big5"].contains(&charset.name())
}

fn decodes_cleanly(bytes: &[u8], charset: &'static Charset) -> bool {
    let charset = if charset.name() == "GBK" {
        GB18030
    } else {
        charset
    };
    charset
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
}

/// Whether invalid UTF-8 sequences are at least as common as valid non-ASCII characters, so a
/// UTF-8 file with one damaged byte is not taken for GBK.
fn mostly_not_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    invalid > 0 && invalid >= valid
}

/// Decodes `bytes` (which start at file offset `skip`) character by character, recording a
/// point of the offset map wherever the decoded and encoded lengths stop advancing together.
fn reencode(bytes: &[u8], skip: usize, charset: &'static Charset) -> Decoded {
    let charset = if charset.name() == "GBK" {
        GB18030
    } else {
        charset
    };
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut original = OffsetMap::new();
    let mut shift = 0isize;
    if skip > 0 {
        original.push(0, skip);
        shift = -isize::try_from(skip).unwrap_or(0);
    }
    let mut at = 0;
    while at < bytes.len() {
        let len = char_len(bytes.get(at..).unwrap_or_default(), charset).max(1);
        let chunk = bytes
            .get(at..(at + len).min(bytes.len()))
            .unwrap_or_default();
        let (decoded, _) = charset.decode_without_bom_handling(chunk);
        text.push_str(&decoded);
        at += chunk.len().max(1);
        let file = skip + at;
        let now = isize::try_from(text.len()).unwrap_or(0) - isize::try_from(file).unwrap_or(0);
        if now != shift {
            original.push(text.len(), file);
            shift = now;
        }
    }
    Decoded {
        text,
        content_start: 0,
        encoding: Some(charset.name()),
        original: Some(original),
    }
}

/// Length in bytes of the character at the start of `bytes` in a multi-byte encoding.
fn char_len(bytes: &[u8], charset: &'static Charset) -> usize {
    if charset == UTF_16LE || charset == UTF_16BE {
        let unit = |i: usize| {
            let (a, b) = (
                bytes.get(i).copied().unwrap_or(0),
                bytes.get(i + 1).copied().unwrap_or(0),
            );
            if charset == UTF_16LE {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            }
        };
        return if (0xD800..0xDC00).contains(&unit(0)) {
            4
        } else {
            2
        };
    }
    match bytes {
        [0x81..=0xFE, 0x30..=0x39, ..] if charset == GB18030 => 4,
        [0x81..=0xFE, _, ..] => 2,
        _ => 1,
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

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn text_of(bytes: &[u8]) -> String {
        decode(bytes, None).unwrap().text
    }

    /// UTF-8 is kept as it is, byte order mark included, with no offset map.
    #[test]
    fn keeps_utf8() {
        let decoded = decode("\u{FEFF}年报".as_bytes(), None).unwrap();
        assert_eq!(
            (decoded.content_start, decoded.encoding, decoded.original),
            (3, None, None)
        );
        assert_eq!(decoded.text, "\u{FEFF}年报");
        assert_eq!(text_of(b""), "");
    }

    /// GBK is detected without a declaration and every offset maps back to the file.
    #[test]
    fn decodes_gbk_with_offsets() {
        let (bytes, _, _) = GB18030.encode("2024年政府信息公开工作年度报告\n\t自然人\n\t12\n");
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, Some("gb18030"));
        assert_eq!(
            decoded.text,
            "2024年政府信息公开工作年度报告\n\t自然人\n\t12\n"
        );
        let map = decoded.original.unwrap();
        let at = decoded.text.find("12").unwrap();
        assert_eq!(
            bytes.get(map.original(at)..map.original(at + 2)).unwrap(),
            b"12"
        );
        let person = decoded.text.find("自然人").unwrap();
        let (start, end) = (map.original(person), map.original(person + "自然人".len()));
        assert_eq!(
            bytes.get(start..end).unwrap(),
            &GB18030.encode("自然人").0[..]
        );
    }

    /// Short GBK strings decode correctly too (the `cn` hint keeps chardetng on track).
    #[test]
    fn decodes_short_gbk() {
        for sample in ["合计", "2023年", "第1项"] {
            let (bytes, _, _) = GB18030.encode(sample);
            assert_eq!(text_of(&bytes), sample);
        }
    }

    /// A declared charset is used when the bytes decode under it.
    #[test]
    fn honours_declared_charset() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("政府資訊公開");
        let decoded = decode(&bytes, Some("big5")).unwrap();
        assert_eq!(decoded.text, "政府資訊公開");
    }

    /// UTF-16 with a byte order mark, or mostly-ASCII without one, is decoded.
    #[test]
    fn decodes_utf16() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("表三\n\t12".encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode(&le, None).unwrap();
        assert_eq!(decoded.text, "表三\n\t12");
        let at = decoded.text.find("12").unwrap();
        assert_eq!(decoded.original.unwrap().original(at), 2 + 2 * 4);
        let be: Vec<u8> = "table 12\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(text_of(&be), "table 12\n");
    }

    /// A UTF-8 file with one damaged byte is an invalid-UTF-8 error at that byte, not GBK.
    #[test]
    fn damaged_utf8_is_an_error_at_the_byte() {
        let mut bytes = "政府信息公开工作年度报告，收到申请".as_bytes().to_vec();
        bytes.insert(6, 0xFF);
        let error = decode(&bytes, None).unwrap_err();
        assert_eq!(
            (error.kind(), error.offset()),
            (&ReadErrorKind::InvalidUtf8, 6)
        );
    }

    /// NUL bytes in something that is not UTF-16 mean binary data; UTF-32 is refused.
    #[test]
    fn refuses_binary_and_utf32() {
        let error = decode(b"ab\x00\x01\x02\x03\xff\x00zz\x00\x00\x00", None).unwrap_err();
        assert!(matches!(error.kind(), ReadErrorKind::NotText { .. }));
        let error = decode(b"\xFF\xFE\x00\x00a\x00\x00\x00", None).unwrap_err();
        assert!(matches!(
            error.kind(),
            ReadErrorKind::UnsupportedEncoding { .. }
        ));
    }
}
