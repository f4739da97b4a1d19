//! A quick tokenizer for `word/document.xml`: the events quick-xml gives, for markup as Word
//! and the common editors write it.
//!
//! It reads elements (start, end and empty-element tags, attributes left as written), text,
//! entity and character references, and an XML declaration at the very start. Anything else
//! — a comment, CDATA, a processing instruction or a byte-order mark, an end tag that does not
//! close the innermost element, a lone `&`, markup cut off by the end of the part — is
//! declined, and quick-xml reads the part from its start: the events here are quick-xml's
//! wherever the part is read here, and its errors stay the reader's. (quick-xml's events were
//! two fifths of a .docx report's checking: 1.87 M instructions a part, of which its searches
//! for delimiters took 0.5 M, the copies of open elements' names it checks end tags against
//! 0.44 M, and each piece of text was checked as UTF-8 again, though the part is a `str`.)

use quick_xml::events::{BytesEnd, BytesRef, BytesStart, BytesText, Event};

/// The part is not one this tokenizer reads exactly; quick-xml reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declined;

/// The events of a part, one at a time.
#[derive(Debug)]
pub(super) struct Events<'x> {
    xml: &'x str,
    /// The byte the next event starts at.
    at: usize,
    /// The names of the open elements, innermost last.
    open: Vec<&'x str>,
    /// Whether an element has started: a part that ends before one is declined.
    started: bool,
}

/// The bytes XML counts as whitespace inside markup (quick-xml's `is_whitespace`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The XML declaration a part may start with, up to its name's end.
const DECLARATION: &str = "<?xml ";

impl<'x> Events<'x> {
    /// The events of `xml`, a declaration at its start skipped (quick-xml's `Decl` event,
    /// which the walker does not read).
    pub fn new(xml: &'x str) -> Result<Self, Declined> {
        // quick-xml drops a byte-order mark before its first event.
        if xml.starts_with('\u{FEFF}') {
            return Err(Declined);
        }
        let mut at = 0;
        if xml.starts_with(DECLARATION) {
            let end = xml.find("?>").ok_or(Declined)?;
            at = end + "?>".len();
        }
        Ok(Events {
            xml,
            at,
            open: Vec::new(),
            started: false,
        })
    }

    /// The next event; `Eof` at the end of a part whose elements are all closed.
    pub fn next(&mut self) -> Result<Event<'x>, Declined> {
        let bytes = self.xml.as_bytes();
        let Some(&first) = bytes.get(self.at) else {
            return match self.started && self.open.is_empty() {
                true => Ok(Event::Eof),
                false => Err(Declined),
            };
        };
        match first {
            b'<' => self.markup(),
            b'&' => self.reference(),
            _ => {
                // Up to the next tag or reference (`memchr2`: 12 K instructions fewer a .docx
                // than a plain scan, though most runs are short).
                let start = self.at;
                let end = memchr::memchr2(b'<', b'&', bytes.get(start..).unwrap_or_default())
                    .map_or(bytes.len(), |n| start + n);
                self.at = end;
                let text = self.xml.get(start..end).ok_or(Declined)?;
                Ok(Event::Text(BytesText::from_escaped(text)))
            }
        }
    }

    /// Skips the subtree of the element whose start tag was the last event, to its end tag.
    pub fn skip(&mut self) -> Result<(), Declined> {
        // With no element open there is nothing to skip (and no end to stop at); with one,
        // the end of the part is declined by `next`, not given as `Eof`.
        let depth = self.open.len();
        if depth == 0 {
            return Err(Declined);
        }
        while self.open.len() >= depth {
            self.next()?;
        }
        Ok(())
    }

    /// A tag, at a `<`.
    fn markup(&mut self) -> Result<Event<'x>, Declined> {
        let bytes = self.xml.as_bytes();
        let inner = self.at + 1;
        match bytes.get(inner) {
            Some(b'/') => {
                let name_start = inner + 1;
                let close = find(bytes, name_start, |b| b == b'>').ok_or(Declined)?;
                let name = self.xml.get(name_start..close).ok_or(Declined)?;
                // quick-xml trims whitespace after an end tag's name: such a tag is declined.
                if name.is_empty() || name.bytes().any(is_space) || self.open.pop() != Some(name) {
                    return Err(Declined);
                }
                self.at = close + 1;
                Ok(Event::End(BytesEnd::new(name)))
            }
            Some(b'!' | b'?') | None => Err(Declined),
            Some(_) => {
                let close = tag_end(bytes, inner).ok_or(Declined)?;
                let tag = self.xml.get(inner..close).ok_or(Declined)?;
                let (content, empty) = match tag.strip_suffix('/') {
                    Some(content) => (content, true),
                    None => (tag, false),
                };
                let name_len = content.bytes().position(is_space).unwrap_or(content.len());
                let name = content.get(..name_len).ok_or(Declined)?;
                if name.is_empty() {
                    return Err(Declined);
                }
                self.started = true;
                self.at = close + 1;
                let element = BytesStart::from_content(content, name_len);
                if empty {
                    return Ok(Event::Empty(element));
                }
                self.open.push(name);
                Ok(Event::Start(element))
            }
        }
    }

    /// An entity or character reference, at a `&`: up to its `;`.
    fn reference(&mut self) -> Result<Event<'x>, Declined> {
        let bytes = self.xml.as_bytes();
        let from = self.at + 1;
        let end = find(bytes, from, |b| matches!(b, b';' | b'&' | b'<')).ok_or(Declined)?;
        if bytes.get(end) != Some(&b';') {
            return Err(Declined);
        }
        let name = self.xml.get(from..end).ok_or(Declined)?;
        self.at = end + 1;
        Ok(Event::GeneralRef(BytesRef::new(name)))
    }
}

/// The `>` that ends a tag whose name starts at `from`: the first outside a quoted attribute
/// value. (A quote or `>` is looked for, then the closing quote: one scan carrying whether it
/// was inside quotes cost 3 % more of a .docx report's instructions.)
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let stop = find(bytes, at, |b| matches!(b, b'>' | b'"' | b'\''))?;
        match *bytes.get(stop)? {
            b'>' => return Some(stop),
            quote => at = find(bytes, stop + 1, |b| b == quote)? + 1,
        }
    }
}

/// The first byte from `from` on that `stop` stops at.
fn find(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| stop(b))
        .map(|length| from + length)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use quick_xml::Reader;

    use super::*;

    /// Every event of `xml`, quick-xml's way: `None` when it meets an error.
    fn quick_xmls(xml: &str) -> Option<Vec<String>> {
        let mut reader = Reader::from_str(xml);
        let mut events = Vec::new();
        loop {
            match reader.read_event().ok()? {
                Event::Eof => return Some(events),
                Event::Decl(_) => {}
                event => events.push(format!("{event:?}")),
            }
        }
    }

    /// Every event of `xml` this tokenizer's way: `None` when it declines.
    fn quicks(xml: &str) -> Option<Vec<String>> {
        let mut tokens = Events::new(xml).ok()?;
        let mut events = Vec::new();
        loop {
            match tokens.next().ok()? {
                Event::Eof => return Some(events),
                event => events.push(format!("{event:?}")),
            }
        }
    }

    /// What is read here is what quick-xml reads, event for event; what is declined is
    /// irregular markup (quick-xml may read it, or fail).
    #[test]
    fn events_are_quick_xmls_or_declined() {
        let read = [
            r#"<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve"> 本年 12&amp;3 件 </w:t></w:r></w:p></w:body></w:document>"#,
            r#"<a b='x>y' c="p'q>r"><b/><c d="1" /><e>&#x4E00;&lt;&#20013;</e>  </a>"#,
            "<a>\n\t<b></b>text&gt;more</a>\n",
            "<a>></a>",
            // Not a name, but quick-xml reads it as a reference too (the walker drops it).
            "<a>& b;</a>",
        ];
        for xml in read {
            let quick = quicks(xml);
            assert!(quick.is_some(), "declined: {xml}");
            assert_eq!(quick, quick_xmls(xml), "{xml}");
        }
        let declined = [
            "",
            "text only",
            "\u{FEFF}<a/>",
            "<a><!-- note --></a>",
            "<a><![CDATA[x]]></a>",
            "<a><?pi x?></a>",
            "<?xml?><a/>",
            "<a></b>",
            "<a></a >",
            "<a></a></a>",
            "<a>&amp</a>",
            "<a><b></a>",
            "<a><b",
            "<a b=\"x></a>",
            "< a></a>",
            "<a>",
        ];
        for xml in declined {
            assert_eq!(quicks(xml), None, "{xml}");
        }
    }

    /// Skipping a subtree leaves the tokenizer after its end tag, at any depth.
    #[test]
    fn skips_to_the_end_of_the_element() {
        let mut tokens = Events::new("<a><del><b><del/></b>x</del><c/></a>").unwrap();
        let mut names = Vec::new();
        while let Ok(event) = tokens.next() {
            match event {
                Event::Start(e) if e.name().as_ref() == "del" => {
                    assert_eq!(tokens.skip(), Ok(()));
                }
                Event::Start(e) | Event::Empty(e) => {
                    names.push(e.name().as_ref().to_owned());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(names, ["a", "c"]);
        assert_eq!(Events::new("<a/>").unwrap().skip(), Err(Declined));
        let mut cut = Events::new("<a><del><b></b>").unwrap();
        assert!(matches!(cut.next(), Ok(Event::Start(_))));
        assert!(matches!(cut.next(), Ok(Event::Start(_))));
        assert_eq!(cut.skip(), Err(Declined));
    }
}
