//! Character references (`&amp;`, `&#12288;`, `&nbsp`) decoded as html5ever's tokenizer
//! decodes them, from the same table of names. A reference whose value the tokenizer would
//! replace or report (a NUL, a surrogate, a C1 control, a number out of range) is declined:
//! such a page is left to html5ever.

use std::ops::Range;

use html5ever::data::NAMED_ENTITIES;

use super::Declined;

/// The longest name of a character reference (`CounterClockwiseContourIntegral`).
const LONGEST_NAME: usize = 31;

/// A decoded reference: its one or two characters, and the bytes it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decoded {
    pub chars: (char, Option<char>),
    pub source: Range<usize>,
}

/// The reference starting with the `&` at `at` in `text`, decoded; `None` when the `&` is
/// plain text (as is what follows it).
pub(super) fn decode(
    text: &str,
    at: usize,
    in_attribute: bool,
) -> Result<Option<Decoded>, Declined> {
    let bytes = text.as_bytes();
    let after = at + 1;
    if bytes.get(after) == Some(&b'#') {
        return numeric(text, at);
    }
    // No name in the table is longer: a longer run of letters is not looked up further.
    let name_end = after
        + bytes
            .get(after..)
            .unwrap_or_default()
            .iter()
            .take(LONGEST_NAME + 1)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
    if name_end == after {
        return Ok(None);
    }
    // The longest name in the table the text starts with: the whole run with its `;`, or a
    // legacy name (one without `;`) that the run starts with.
    if bytes.get(name_end) == Some(&b';')
        && let Some(found) = text.get(after..=name_end).and_then(lookup)
    {
        return Ok(Some(Decoded {
            chars: found,
            source: at..name_end + 1,
        }));
    }
    for end in (after + 1..=name_end).rev() {
        let Some(found) = text.get(after..end).and_then(lookup) else {
            continue;
        };
        let next = bytes.get(end).copied();
        if in_attribute && next.is_some_and(|b| b == b'=' || b.is_ascii_alphanumeric()) {
            // Left as written in an attribute, for historical reasons (`?a=1&copy=2`).
            return Ok(None);
        }
        return Ok(Some(Decoded {
            chars: found,
            source: at..end,
        }));
    }
    Ok(None)
}

/// A name's characters, if the table has it.
fn lookup(name: &str) -> Option<(char, Option<char>)> {
    let &(first, second) = NAMED_ENTITIES.get(name)?;
    // The table also holds every prefix of a name, with no characters.
    let first = char::from_u32(first).filter(|&c| c != '\0')?;
    Some((first, char::from_u32(second).filter(|&c| c != '\0')))
}

/// `&#…;` or `&#x…;` at `at`.
fn numeric(text: &str, at: usize) -> Result<Option<Decoded>, Declined> {
    let bytes = text.as_bytes();
    let mut digits_start = at + 2;
    let hex = matches!(bytes.get(digits_start), Some(b'x' | b'X'));
    if hex {
        digits_start += 1;
    }
    let digits = bytes
        .get(digits_start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        // `&#` without digits is text.
        return Ok(None);
    }
    let end = digits_start + digits;
    let value = text
        .get(digits_start..end)
        .and_then(|d| u32::from_str_radix(d, if hex { 16 } else { 10 }).ok())
        .ok_or(Declined)?;
    // Only characters the tokenizer keeps as they are; the others it replaces or maps.
    let plain = matches!(value, 0x09 | 0x0A | 0x20..=0x7E) || value >= 0xA0;
    let c = char::from_u32(value).filter(|_| plain).ok_or(Declined)?;
    let end = if bytes.get(end) == Some(&b';') {
        end + 1
    } else {
        end
    };
    Ok(Some(Decoded {
        chars: (c, None),
        source: at..end,
    }))
}

/// `text[range]` with its references decoded (`in_attribute`: an attribute value's rules).
pub(super) fn decode_all<'t>(
    text: &'t str,
    range: Range<usize>,
    in_attribute: bool,
) -> Result<std::borrow::Cow<'t, str>, Declined> {
    let slice = text.get(range.clone()).ok_or(Declined)?;
    let Some(first) = memchr::memchr(b'&', slice.as_bytes()) else {
        return Ok(std::borrow::Cow::Borrowed(slice));
    };
    let mut out = String::with_capacity(slice.len());
    let mut copied = range.start;
    let mut at = range.start + first;
    while at < range.end {
        if let Some(decoded) = decode(text, at, in_attribute)?
            && decoded.source.end <= range.end
        {
            out.push_str(text.get(copied..at).ok_or(Declined)?);
            out.push(decoded.chars.0);
            if let Some(second) = decoded.chars.1 {
                out.push(second);
            }
            copied = decoded.source.end;
            at = copied;
        } else {
            at += 1;
        }
        match text
            .get(at..range.end)
            .and_then(|rest| memchr::memchr(b'&', rest.as_bytes()))
        {
            Some(next) => at += next,
            None => break,
        }
    }
    out.push_str(text.get(copied..range.end).ok_or(Declined)?);
    Ok(std::borrow::Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used)]

    use super::*;

    /// No name in html5ever's table is longer than the run of letters looked up.
    #[test]
    fn longest_name_is_the_tables() {
        let longest = NAMED_ENTITIES
            .keys()
            .map(|name| name.trim_end_matches(';').len())
            .max()
            .unwrap();
        assert_eq!(longest, LONGEST_NAME);
    }

    /// Names with and without `;`, in text and in attributes, and what is left as written.
    #[test]
    fn decodes_as_the_tokenizer() {
        fn text(s: &str, attribute: bool) -> String {
            decode_all(s, 0..s.len(), attribute).unwrap().into_owned()
        }
        assert_eq!(
            text("a&amp;b&lt&copy2&#12288;&#x41;&#65", false),
            "a&b<©2\u{3000}AA"
        );
        assert_eq!(text("?a=1&copy=2&amp=3&notin;", true), "?a=1&copy=2&amp=3∉");
        assert_eq!(text("&unknown; & &# &am;", false), "&unknown; & &# &am;");
        let long = format!("&{}x;", "a".repeat(5000));
        assert_eq!(text(&long, false), long);
        assert_eq!(decode_all("&#0;", 0..4, false), Err(Declined));
    }
}
