//! XML helpers shared by the part readers: local names, attributes, entities and error text.

use quick_xml::errors::IllFormedError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::damaged;
use crate::error::ReadError;
use crate::limits;

/// The local part of a qualified name (`w:tbl` → `tbl`); prefixes vary between producers.
pub(super) fn local(name: &str) -> &str {
    // Names are a few bytes: a plain backward scan beats a call to `memrchr`.
    match name.bytes().rposition(|b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or(name),
        None => name,
    }
}

/// The local name of an element.
pub(super) fn name<'e>(element: &'e BytesStart<'_>) -> &'e str {
    local(element.name().into_inner())
}

/// The value of the attribute with local name `key` (e.g. `val` for `w:val`), unescaped.
pub(super) fn attr(element: &BytesStart<'_>, key: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.into_inner()) == key)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
        })
}

/// Whether an on/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>`) is on.
pub(super) fn on(element: &BytesStart<'_>) -> bool {
    !matches!(attr(element, "val").as_deref(), Some("0" | "false" | "off"))
}

/// The character of an entity or character reference (`&amp;`, `&#x4E00;`).
pub(super) fn reference(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Detail text for XML that cannot be parsed: truncated if the reader ran into the end of the
/// input in the middle of markup, malformed otherwise.
pub(super) fn failed(part: &str, reader: &Reader<&[u8]>, error: &quick_xml::Error) -> ReadError {
    let at = reader.error_position();
    let len = u64::try_from(reader.get_ref().len()).unwrap_or(u64::MAX);
    let unfinished = matches!(
        error,
        quick_xml::Error::Syntax(_) | quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_))
    );
    if unfinished && reader.buffer_position() >= len {
        truncated(part, at)
    } else {
        damaged(format!(
            "{part} 的 XML 结构有误（第 {at} 字节附近：{error}）"
        ))
    }
}

/// Detail text for XML that ends before its elements are closed.
pub(super) fn truncated(part: &str, at: u64) -> ReadError {
    damaged(format!(
        "{part} 在第 {at} 字节处意外结束，内容不完整（文件可能被截断）"
    ))
}

/// Refuses an element nested deeper than `max` (the caller counts the open elements).
pub(super) fn check_depth(open: usize, max: usize) -> Result<(), ReadError> {
    if open >= max {
        return Err(limits::depth(max).whole());
    }
    Ok(())
}

/// Calls `visit` with the ancestors' local names and each element (start or empty) of `xml`,
/// skipping `mc:Fallback` alternatives. Used for the small auxiliary parts.
///
/// # Errors
///
/// Damage when the XML is malformed or truncated; a limit error when nested too deep.
pub(super) fn walk(
    xml: &str,
    part: &str,
    max_depth: usize,
    mut visit: impl FnMut(&[String], &BytesStart<'_>),
) -> Result<(), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| failed(part, &reader, &e))?;
        match event {
            Event::Start(element) => {
                if name(&element) == "Fallback" {
                    reader
                        .read_to_end(element.name())
                        .map_err(|e| failed(part, &reader, &e))?;
                    continue;
                }
                check_depth(path.len(), max_depth)?;
                visit(&path, &element);
                path.push(name(&element).to_owned());
            }
            Event::Empty(element) => visit(&path, &element),
            Event::End(_) => {
                path.pop();
            }
            Event::Eof if path.is_empty() => return Ok(()),
            Event::Eof => return Err(truncated(part, reader.buffer_position())),
            _ => {}
        }
    }
}

/// Whether the innermost ancestors are `names` (outermost first).
pub(super) fn under(path: &[String], names: &[&str]) -> bool {
    path.len() >= names.len()
        && path
            .iter()
            .rev()
            .zip(names.iter().rev())
            .all(|(have, want)| have == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prefixes are dropped, attributes found by local name, entities resolved.
    #[test]
    fn names_attributes_references() {
        assert_eq!(local("w:tbl"), "tbl");
        assert_eq!(local("tbl"), "tbl");
        let mut seen = Vec::new();
        let xml =
            r#"<w:a xmlns:w="x"><w:b w:val="1&amp;2"/><mc:Fallback><w:c/></mc:Fallback></w:a>"#;
        let result = walk(xml, "p", 256, |path, e| {
            seen.push((path.join("/"), name(e).to_owned(), attr(e, "val")));
        });
        assert_eq!(result, Ok(()));
        assert_eq!(
            seen,
            [
                (String::new(), "a".to_owned(), None),
                ("a".to_owned(), "b".to_owned(), Some("1&2".to_owned())),
            ]
        );
        assert_eq!(reference(&BytesRef::new("#x4E00")), Some('一'));
        assert_eq!(reference(&BytesRef::new("lt")), Some('<'));
        assert_eq!(reference(&BytesRef::new("nbsp")), None);
    }

    /// Truncated or malformed XML is an error with a Chinese detail, never a hang.
    #[test]
    fn reports_broken_xml() {
        let truncated = walk("<a><b>", "word/numbering.xml", 256, |_, _| {});
        assert!(truncated.is_err_and(|d| d.to_string().contains("意外结束")));
        for cut in ["<a><b x=", "<a><mc:Fallback><b>", "<a><!-- x"] {
            let result = walk(cut, "word/numbering.xml", 256, |_, _| {});
            assert!(
                result.is_err_and(|d| d.to_string().contains("意外结束")),
                "{cut}"
            );
        }
        let broken = walk("<a></b>", "word/numbering.xml", 256, |_, _| {});
        assert!(broken.is_err_and(|d| d.to_string().contains("XML 结构有误")));
        assert!(under(&["a".to_owned(), "b".to_owned()], &["b"]));
        assert!(!under(&["b".to_owned()], &["a", "b"]));
    }
}
