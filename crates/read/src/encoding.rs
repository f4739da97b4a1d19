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
    /// Text offsets of the U+FFFD put in place of bytes that were not UTF-8, in a file that
    /// otherwise is.
    pub replaced: Vec<usize>,
}

/// Decodes `bytes`. `declared` is an encoding label the file itself states (an HTML
/// `<meta charset>`); it is trusted when the bytes agree with it.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ReadError> {
    if bytes.starts_with(UTF8_BOM) {
        // The mark is valid UTF-8 itself: the whole file is valid exactly when the rest is.
        return Ok(match simdutf8::compat::from_utf8(bytes) {
            Ok(text) => utf8(text, UTF8_BOM.len()),
            Err(_) => damaged_utf8(bytes, UTF8_BOM.len()),
        });
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
    // A NUL byte means UTF-16 without a mark, or not text; looked for with SIMD (a byte loop
    // over the file was 0.5 % of checking a web page).
    if let Some(nul) = memchr::memchr(0, bytes) {
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
    // Validated with SIMD: std's check was 1 % of a text report's whole check.
    let utf8_error = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => return Ok(utf8(text, 0)),
        Err(e) => e.valid_up_to(),
    };
    // A few damaged bytes in UTF-8 text: keep the text, say where they were. Trying legacy
    // encodings first could read the whole file as GBK mojibake.
    if !mostly_not_utf8(bytes) {
        return Ok(damaged_utf8(bytes, 0));
    }
    if let Some(charset) = declared.filter(|c| is_chinese(c) && decodes_cleanly(bytes, c)) {
        return Ok(reencode(bytes, 0, charset));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), Utf8Detection::Allow);
    if is_chinese(guess) && decodes_cleanly(bytes, guess) {
        return Ok(reencode(bytes, 0, guess));
    }
    if decodes_cleanly(bytes, GB18030) {
        return Ok(reencode(bytes, 0, GB18030));
    }
    Err(ReadError::at(ReadErrorKind::InvalidUtf8, bytes, utf8_error))
}

fn utf8(text: &str, content_start: usize) -> Decoded {
    Decoded {
        text: text.to_owned(),
        content_start,
        encoding: None,
        original: None,
        replaced: Vec::new(),
    }
}

/// UTF-8 with each invalid sequence replaced by U+FFFD (three bytes in the text), mapped back
/// to the file and listed in [`Decoded::replaced`].
fn damaged_utf8(bytes: &[u8], content_start: usize) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 64);
    let mut original = OffsetMap::new();
    let mut replaced = Vec::new();
    let mut file = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        file += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            replaced.push(text.len());
            text.push(char::REPLACEMENT_CHARACTER);
            file += chunk.invalid().len();
            original.push(text.len(), file);
        }
    }
    Decoded {
        text,
        content_start,
        encoding: None,
        original: Some(original),
        replaced,
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
        replaced: Vec::new(),
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

/// Recognises UTF-16 without a byte order mark: the sample decodes, in one byte order only,
/// to characters a report is written in (ASCII, CJK and their punctuation). The NUL bytes
/// that sent the file here are the high bytes of its ASCII digits and line ends.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = bytes.get(..UTF16_SAMPLE).unwrap_or(bytes);
    if sample.len() < 4 {
        return None;
    }
    let units = |little: bool| {
        sample.chunks_exact(2).map(move |pair| match *pair {
            [a, b] if little => u16::from_le_bytes([a, b]),
            [a, b] => u16::from_be_bytes([a, b]),
            _ => 0,
        })
    };
    let share = |little: bool| {
        let (mut plausible, mut all) = (0usize, 0usize);
        for c in char::decode_utf16(units(little)) {
            all += 1;
            plausible += usize::from(c.is_ok_and(is_report_char));
        }
        (plausible, all)
    };
    let mostly = |(plausible, all): (usize, usize)| plausible * 10 >= all * 9;
    match (mostly(share(true)), mostly(share(false))) {
        (true, false) => Some(Encoding::Utf16Le),
        (false, true) => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// A character a Chinese report is written in: ASCII text, CJK ideographs, CJK and general
/// punctuation, full-width forms.
fn is_report_char(c: char) -> bool {
    matches!(c,
        ' '..='~' | '\t' | '\n' | '\r' | '\u{FEFF}'
        | '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF00}'..='\u{FFEF}')
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

    /// A UTF-8 file with one damaged byte is read with the byte replaced, mapped back to the
    /// file, not taken for GBK.
    #[test]
    fn damaged_utf8_is_replaced_where_it_was() {
        let mut bytes = "政府信息公开工作年度报告，收到申请 12 件"
            .as_bytes()
            .to_vec();
        bytes.insert(6, 0xFF);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(
            decoded.text,
            "政府\u{FFFD}信息公开工作年度报告，收到申请 12 件"
        );
        assert_eq!(decoded.replaced, vec![6]);
        let map = decoded.original.unwrap();
        let at = decoded.text.find("12").unwrap();
        assert_eq!(
            bytes.get(map.original(at)..map.original(at + 2)).unwrap(),
            b"12"
        );
        assert_eq!(map.original(6), 6);
        // Mostly not UTF-8 and no legacy encoding either: an error at the first bad byte.
        let error = decode(b"ab\n\xff\xff\xff\n", None).unwrap_err();
        assert_eq!(
            (error.kind(), error.offset()),
            (&ReadErrorKind::InvalidUtf8, 3)
        );
    }

    /// Chinese UTF-16 without a byte order mark, in either byte order, is recognised.
    #[test]
    fn chinese_utf16_without_bom() {
        let text = "2024年政府信息公开工作年度报告\n\t自然人\t12\n一、总体情况\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text_of(&le), text);
        assert_eq!(text_of(&be), text);
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
