//! Changing the written numbers of cells in a file: finding the number in the cell's text,
//! writing the new one in the same style (full-width digits, thousands separators, decimal
//! places), and for the text formats putting it at the cell's bytes in the file's encoding.

use std::ops::Range;
use std::str::FromStr;

use nianbao_model::{CellCorrection, Document, SourceFormat, Value};
use rust_decimal::Decimal;

/// A change of one cell's text: `old` at `start..end` of `Document::text` (for .docx, of the
/// cell's text) becomes `new`.
#[derive(Debug, Clone)]
pub struct Planned<'c> {
    pub correction: &'c CellCorrection,
    pub range: Range<usize>,
    pub old: String,
    pub new: String,
}

/// The change of a cell whose text `text` is at `offset` of the document's text; `markup`
/// says whether tags and entities in it are not text (HTML, Markdown). `Err` says why the
/// cell cannot be changed automatically.
pub fn plan<'c>(
    correction: &'c CellCorrection,
    text: &str,
    offset: usize,
    format: SourceFormat,
) -> Result<Planned<'c>, String> {
    let markup = matches!(format, SourceFormat::Html | SourceFormat::Markdown);
    let suggested = correction.suggested;
    if suggested.is_sign_negative() {
        return Err("应填的数是负数，请手工核对".to_owned());
    }
    let cell = &correction.cell;
    let (range, old) = match (cell.value.number(), &cell.value) {
        (Some(written), _) => {
            let tokens: Vec<(Range<usize>, Decimal)> = numbers(text, markup)
                .into_iter()
                .filter(|(_, value)| *value == written)
                .collect();
            match tokens.as_slice() {
                [(range, _)] => (range.clone(), text.get(range.clone()).unwrap_or_default()),
                [] => {
                    return Err(format!(
                        "在单元格的文字中找不到数字 {written}（可能被格式标记隔开）"
                    ));
                }
                _ => return Err(format!("单元格中有几处数字 {written}，不能确定改哪一处")),
            }
        }
        (None, Value::Blank) if format == SourceFormat::Text && text.trim().is_empty() => {
            (0..0, "")
        }
        (None, Value::Mark(_)) if !markup && !cell.raw.is_empty() => {
            let at = text.find(cell.raw.as_str()).ok_or("找不到单元格中的符号")?;
            (at..at + cell.raw.len(), cell.raw.as_str())
        }
        _ => return Err("单元格是空白的，无法在原文中定位，请手工填写".to_owned()),
    };
    Ok(Planned {
        correction,
        range: offset + range.start..offset + range.end,
        old: old.to_owned(),
        new: styled(old, suggested),
    })
}

/// The numbers written in `text` (outside tags and entities when `markup`): their byte range
/// and value. Digits may be full-width; `,` groups thousands; `.` marks decimals.
fn numbers(text: &str, markup: bool) -> Vec<(Range<usize>, Decimal)> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let joiner = |c: char| matches!(c, '.' | ',' | '，' | '．');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut skip: Option<char> = None;
    let mut at = 0;
    while let Some(&(start, c)) = chars.get(at) {
        at += 1;
        if let Some(end) = skip {
            if c == end {
                skip = None;
            }
            continue;
        }
        if markup && (c == '<' || c == '&') {
            skip = Some(if c == '<' { '>' } else { ';' });
            continue;
        }
        if !digit(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.get(at) {
            let joined = joiner(next) && chars.get(at + 1).is_some_and(|&(_, d)| digit(d));
            if !digit(next) && !joined {
                break;
            }
            end = i + next.len_utf8();
            at += 1;
        }
        let token = text.get(start..end).unwrap_or_default();
        let plain: String = token
            .chars()
            .filter_map(|c| match c {
                '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
                ',' | '，' => None,
                '．' => Some('.'),
                c => Some(c),
            })
            .collect();
        if let Ok(value) = Decimal::from_str(&plain) {
            found.push((start..end, value));
        }
    }
    found
}

/// `value` written like `token`: as many decimal places (at least), the same digits
/// (full-width or not) and thousands separator.
pub fn styled(token: &str, value: Decimal) -> String {
    let point = token.chars().find(|&c| c == '.' || c == '．');
    let places = point
        .and_then(|p| token.split(p).nth(1))
        .map_or(0, |d| d.chars().count());
    let mut value = value.normalize();
    if value.scale() < u32::try_from(places).unwrap_or(0) {
        value.rescale(u32::try_from(places).unwrap_or(0));
    }
    let plain = value.to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let separator = token.chars().find(|&c| c == ',' || c == '，');
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if let Some(sep) = separator
            && i > 0
            && (whole.len() - i) % 3 == 0
        {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    if !fraction.is_empty() {
        grouped.push(point.unwrap_or('.'));
        grouped.push_str(fraction);
    }
    let full = token.chars().any(|c| ('０'..='９').contains(&c));
    if !full {
        return grouped;
    }
    grouped
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from('０') + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The file with the changes made at their bytes, in the file's encoding, and the document's
/// text with the same changes. `Err` if the bytes there are not the text that was read (the
/// file changed since).
pub fn apply(
    bytes: &[u8],
    document: &Document,
    planned: &[Planned<'_>],
) -> Result<(Vec<u8>, String), String> {
    let encoding = document.encoding.as_deref();
    let mut order: Vec<&Planned<'_>> = planned.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(p.range.start));
    let mut out = bytes.to_vec();
    let mut text = document.text.clone();
    for change in order {
        let (start, end) = (
            document.original_offset(change.range.start),
            document.original_offset(change.range.end),
        );
        let here = out.get(start..end).and_then(|b| decode(encoding, b));
        if here.as_deref() != Some(change.old.as_str()) {
            return Err(format!(
                "文件第 {start} 字节处不是读到的“{}”，文件可能已被改动",
                change.old
            ));
        }
        let new = encode(encoding, &change.new)
            .ok_or_else(|| format!("无法用文件的编码写出“{}”", change.new))?;
        out.splice(start..end, new);
        if text.is_char_boundary(change.range.start) && text.is_char_boundary(change.range.end) {
            text.replace_range(change.range.clone(), &change.new);
        }
    }
    Ok((out, text))
}

/// Bytes of the file decoded in its encoding (`None`: UTF-8).
fn decode(encoding: Option<&str>, bytes: &[u8]) -> Option<String> {
    match encoding {
        None => String::from_utf8(bytes.to_vec()).ok(),
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes())?
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| text.into_owned()),
    }
}

/// Text encoded in the file's encoding (`None`: UTF-8); UTF-16 by hand, as encoding_rs only
/// decodes it.
fn encode(encoding: Option<&str>, text: &str) -> Option<Vec<u8>> {
    match encoding {
        None => Some(text.as_bytes().to_vec()),
        Some(label) if label.eq_ignore_ascii_case("UTF-16LE") => {
            Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect())
        }
        Some(label) if label.eq_ignore_ascii_case("UTF-16BE") => {
            Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect())
        }
        Some(label) => {
            let (bytes, _, errors) =
                encoding_rs::Encoding::for_label(label.as_bytes())?.encode(text);
            (!errors).then(|| bytes.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// Numbers are found outside markup, in any digit style; new ones are written alike.
    #[test]
    fn finds_and_styles_numbers() {
        let found = |text, markup| {
            numbers(text, markup)
                .into_iter()
                .map(|(r, v)| (r, v.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("<td style=\"width:12pt\">17</td>", true),
            [(23..25, "17".to_owned())]
        );
        assert_eq!(found("1,234.50元", false), [(0..8, "1234.50".to_owned())]);
        assert_eq!(found("１７&nbsp;", true), [(0..6, "17".to_owned())]);
        assert_eq!(found("12 和 3.", false).len(), 2);
        assert_eq!(styled("17", d("16")), "16");
        assert_eq!(styled("1.20", d("1.3")), "1.30");
        assert_eq!(styled("0", d("2.5")), "2.5");
        assert_eq!(styled("1,234", d("12345")), "12,345");
        assert_eq!(styled("１７", d("160")), "１６０");
    }

    /// GBK and UTF-16 take the digits in their own encoding.
    #[test]
    fn encodes_in_the_file_encoding() {
        assert_eq!(encode(Some("UTF-16LE"), "16").unwrap(), b"1\x006\x00");
        assert_eq!(encode(Some("UTF-16BE"), "16").unwrap(), b"\x001\x006");
        assert_eq!(encode(Some("gb18030"), "１").unwrap(), b"\xA3\xB1");
        assert_eq!(
            decode(Some("UTF-16LE"), b"1\x007\x00").as_deref(),
            Some("17")
        );
        assert_eq!(decode(None, b"17").as_deref(), Some("17"));
    }
}
