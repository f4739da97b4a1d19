//! The quick parser's tokenizer: text, start and end tags, comments and the doctype, read
//! the way the HTML tokenizer reads them (names lower-cased, attributes after the first of a
//! name dropped, character references decoded). What it does not follow exactly — an end tag
//! with attributes, a bogus comment after `</`, text or markup cut off by the end of the page,
//! a script holding `<!--` — is declined.

use std::borrow::Cow;

use smallvec::SmallVec;

use super::Declined;
use super::refs;
use crate::html::attributes::Attributes;
use crate::html::source;

/// A token of the page.
#[derive(Debug)]
pub(super) enum Token<'t> {
    /// Character data, references decoded (never empty).
    Text(Text<'t>),
    Start(Tag<'t>),
    /// An end tag's lower-case name.
    End(Cow<'t, str>),
    /// A comment (its text is not needed: it only separates text nodes).
    Comment,
    /// `<![CDATA[…`: a comment in HTML content, text in foreign content (`<svg>`), read here
    /// as a comment; the parser declines it in foreign content.
    Cdata,
    /// A doctype, with whether it puts the page in quirks mode (`None`: not one this parser
    /// classifies).
    Doctype(Option<bool>),
}

/// A tag's attributes, one kept inline: a token is moved several times on its way to the
/// tree, and room for two made every token 144 bytes instead of 96 (1.5 % more of a page's
/// instructions, in those copies); none inline costs an allocation for every tag with one.
pub(super) type TagAttributes<'t> = SmallVec<[(Cow<'t, str>, Cow<'t, str>); 1]>;

/// A start tag.
#[derive(Debug)]
pub(super) struct Tag<'t> {
    /// Lower-case.
    pub name: Cow<'t, str>,
    /// Lower-case names, decoded values, the first of each name only.
    pub attributes: TagAttributes<'t>,
    /// Written `<…/>` (ignored on HTML elements, but html5ever's depth guard counts it).
    pub self_closing: bool,
}

impl Tag<'_> {
    /// A tag the parser reads in place of another (`</br>` is `<br>`), without attributes.
    pub fn implied(name: &'static str) -> Self {
        Tag {
            name: Cow::Borrowed(name),
            attributes: SmallVec::new(),
            self_closing: false,
        }
    }
}

impl Attributes for Tag<'_> {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &**v)
    }
}

/// Character data and where its visible characters are in the source the tokenizer reads.
#[derive(Debug)]
pub(super) struct Text<'t> {
    /// References decoded.
    pub text: Cow<'t, str>,
    /// From the first visible character's first byte to the last one's end, as the source
    /// scan would locate them ([`source::visible`]); `None` when there is none.
    pub visible: Option<(usize, usize)>,
}

impl<'t> Text<'t> {
    /// Text with no visible character (whitespace, or raw text that is never located).
    pub fn unplaced(text: Cow<'t, str>) -> Self {
        Self {
            text,
            visible: None,
        }
    }

    /// Whether the text is all whitespace.
    pub fn is_space(&self) -> bool {
        self.text.bytes().all(is_space)
    }
}

/// More attributes on one tag than any page has (a tag's attributes are compared pairwise).
const MOST_ATTRIBUTES: usize = 256;

/// The tokens of a page, one at a time.
pub(super) struct Tokens<'t> {
    text: &'t str,
    at: usize,
    /// Where each `<td>`/`<th>` start tag ends, in source order (what the source scan
    /// records as [`source::Source::cell_tags`]).
    pub cell_tags: Vec<usize>,
    /// The raw content of the first `<title>` element, as the source scan finds it.
    pub title: Option<(usize, usize)>,
}

/// Whitespace as the tokenizer knows it (CR is normalised away before).
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

impl<'t> Tokens<'t> {
    /// Tokens of `text`, which holds no CR and no NUL.
    pub fn new(text: &'t str) -> Self {
        // A byte order mark is dropped, as html5ever drops it.
        let at = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        Self {
            text,
            at,
            cell_tags: Vec::new(),
            title: None,
        }
    }

    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    /// The next token, `None` at the end of the page.
    pub fn next(&mut self) -> Result<Option<Token<'t>>, Declined> {
        let at = self.at;
        if at >= self.text.len() {
            return Ok(None);
        }
        if self.byte(at) == Some(b'<') {
            match self.byte(at + 1) {
                Some(b) if b.is_ascii_alphabetic() => return self.start_tag().map(Some),
                Some(b'/') => return self.end_tag().map(Some),
                Some(b'!') => return self.bang().map(Some),
                Some(b'?') => return self.bogus_comment(at + 1).map(Some),
                // A `<` before anything else is text.
                _ => {}
            }
        }
        self.text_run().map(Some)
    }

    /// Text up to the next `<` that starts markup.
    fn text_run(&mut self) -> Result<Token<'t>, Declined> {
        let start = self.at;
        let mut end = start + 1;
        while let Some(found) = self
            .bytes()
            .get(end..)
            .and_then(|rest| memchr::memchr(b'<', rest))
        {
            end += found;
            match self.byte(end + 1) {
                Some(b) if b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?') => break,
                _ => end += 1,
            }
        }
        let end = end.min(self.text.len());
        self.at = end;
        Ok(Token::Text(Text {
            text: refs::decode_all(self.text, start..end, false)?,
            visible: source::visible(self.text, start, end),
        }))
    }

    /// A name (tag or attribute) from `at` up to one of the bytes `stop` says end it,
    /// lower-cased.
    fn name(&self, at: usize, stop: impl Fn(u8) -> bool) -> (Cow<'t, str>, usize) {
        let len = self
            .bytes()
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| !stop(b))
            .count();
        let raw = self.text.get(at..at + len).unwrap_or_default();
        let name = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        (name, at + len)
    }

    fn skip_space(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(is_space) {
            at += 1;
        }
        at
    }

    /// `<name attributes… [/]>`.
    fn start_tag(&mut self) -> Result<Token<'t>, Declined> {
        let (name, mut at) = self.name(self.at + 1, |b| is_space(b) || b == b'/' || b == b'>');
        let mut attributes = TagAttributes::new();
        let mut self_closing = false;
        loop {
            at = self.skip_space(at);
            match self.byte(at).ok_or(Declined)? {
                b'>' => break,
                b'/' => {
                    // The self-closing flag when `>` follows at once; a stray `/` otherwise.
                    at += 1;
                    self_closing = self.byte(at) == Some(b'>');
                    continue;
                }
                // An attribute named `=…`: rare enough to leave to html5ever.
                b'=' => return Err(Declined),
                _ => {}
            }
            let (attribute, end) =
                self.name(at, |b| is_space(b) || matches!(b, b'/' | b'>' | b'='));
            at = self.skip_space(end);
            let value = if self.byte(at) == Some(b'=') {
                at = self.skip_space(at + 1);
                let (value, end) = self.value(at)?;
                at = end;
                value
            } else {
                Cow::Borrowed("")
            };
            if !attributes.iter().any(|(n, _)| *n == attribute) {
                if attributes.len() == MOST_ATTRIBUTES {
                    // Each is compared with those before it: left to html5ever, as before.
                    return Err(Declined);
                }
                attributes.push((attribute, value));
            }
        }
        self.at = at + 1;
        if source::is_cell(&name) {
            self.cell_tags.push(self.at);
        } else if name == "title" && self.title.is_none() {
            self.title = Some((self.at, source::raw_text_end(self.text, self.at, "title")));
        }
        Ok(Token::Start(Tag {
            name,
            attributes,
            self_closing,
        }))
    }

    /// An attribute value at `at` (after `=` and spaces) and where it ends.
    fn value(&self, at: usize) -> Result<(Cow<'t, str>, usize), Declined> {
        match self.byte(at).ok_or(Declined)? {
            quote @ (b'"' | b'\'') => {
                let rest = self.bytes().get(at + 1..).ok_or(Declined)?;
                let len = memchr::memchr(quote, rest).ok_or(Declined)?;
                let value = refs::decode_all(self.text, at + 1..at + 1 + len, true)?;
                Ok((value, at + 2 + len))
            }
            // `<a href=>`: an empty value, the tag ends here.
            b'>' => Ok((Cow::Borrowed(""), at)),
            _ => {
                let len = self
                    .bytes()
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&b| !is_space(b) && b != b'>')
                    .count();
                let value = refs::decode_all(self.text, at..at + len, true)?;
                Ok((value, at + len))
            }
        }
    }

    /// `</name>`, spaces allowed before `>`.
    fn end_tag(&mut self) -> Result<Token<'t>, Declined> {
        if !self
            .byte(self.at + 2)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            return Err(Declined);
        }
        let (name, at) = self.name(self.at + 2, |b| is_space(b) || b == b'/' || b == b'>');
        let at = self.skip_space(at);
        if self.byte(at) != Some(b'>') {
            return Err(Declined);
        }
        self.at = at + 1;
        Ok(Token::End(name))
    }

    /// `<!--…-->`, `<!DOCTYPE …>` or a bogus comment `<!…>`.
    fn bang(&mut self) -> Result<Token<'t>, Declined> {
        let after = self.at + 2;
        let rest = self.bytes().get(after..).unwrap_or_default();
        if rest.starts_with(b"--") {
            let data = after + 2;
            let body = self.bytes().get(data..).unwrap_or_default();
            // `<!-->` and `<!--->` end at once.
            let end = if body.starts_with(b">") {
                data + 1
            } else if body.starts_with(b"->") {
                data + 2
            } else {
                data + source::closing_dashes(body).ok_or(Declined)?
            };
            self.at = end;
            return Ok(Token::Comment);
        }
        if rest.len() >= 7
            && rest
                .get(..7)
                .is_some_and(|r| r.eq_ignore_ascii_case(b"doctype"))
        {
            // Every state of a doctype ends at the first `>`.
            let len = memchr::memchr(b'>', rest).ok_or(Declined)?;
            self.at = after + len + 1;
            let inside = self.text.get(after + 7..after + len).unwrap_or_default();
            return Ok(Token::Doctype(quirks(inside)));
        }
        let token = self.bogus_comment(after)?;
        Ok(if rest.starts_with(b"[CDATA[") {
            Token::Cdata
        } else {
            token
        })
    }

    /// A bogus comment from `at` to the first `>`.
    fn bogus_comment(&mut self, at: usize) -> Result<Token<'t>, Declined> {
        let rest = self.bytes().get(at..).unwrap_or_default();
        let len = memchr::memchr(b'>', rest).ok_or(Declined)?;
        self.at = at + len + 1;
        Ok(Token::Comment)
    }

    /// The content of a raw-text element (`<style>`, `<script>`, …) named `name` (lower
    /// case) up to its end tag, which is consumed; `rcdata`: references decoded (`<title>`).
    pub fn raw_text(&mut self, name: &str, rcdata: bool) -> Result<Cow<'t, str>, Declined> {
        let start = self.at;
        let bytes = self.bytes();
        let mut from = start;
        loop {
            let found = bytes
                .get(from..)
                .and_then(|rest| memchr::memmem::find(rest, b"</"))
                .ok_or(Declined)?;
            let lt = from + found;
            let name_end = lt + 2 + name.len();
            let named = bytes
                .get(lt + 2..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
            let ends = self
                .byte(name_end)
                .is_some_and(|b| is_space(b) || b == b'/' || b == b'>');
            if named && ends {
                let close = self.skip_space(name_end);
                if self.byte(close) != Some(b'>') {
                    return Err(Declined);
                }
                self.at = close + 1;
                let content = self.text.get(start..lt).ok_or(Declined)?;
                if name == "script" && double_escaped(content) {
                    return Err(Declined);
                }
                return if rcdata {
                    refs::decode_all(self.text, start..lt, false)
                } else {
                    Ok(Cow::Borrowed(content))
                };
            }
            from = lt + 2;
        }
    }

    /// Skips a line feed right at the cursor (the one after `<pre>`), if there is one.
    pub fn skip_line_feed(&mut self) -> Result<(), Declined> {
        match self.byte(self.at) {
            Some(b'\n') => self.at += 1,
            // `&#10;` would be skipped too.
            Some(b'&') => return Err(Declined),
            _ => {}
        }
        Ok(())
    }
}

/// Whether a script's `</script>` might not end it: after `<!--`, a `<script` puts the
/// tokenizer in a state where the next `</script>` is still script (html5ever's business).
fn double_escaped(content: &str) -> bool {
    let Some(comment) = memchr::memmem::find(content.as_bytes(), b"<!--") else {
        return false;
    };
    content
        .as_bytes()
        .get(comment..)
        .unwrap_or_default()
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"<script"))
}

/// Whether a doctype (what follows `<!DOCTYPE` up to `>`) puts the page in quirks mode, for
/// the doctypes published pages use: `<!DOCTYPE html>`, and the XHTML 1.0/1.1 and HTML 4.01
/// ones, as the HTML standard decides it. `None` for any other, or written unusually.
fn quirks(inside: &str) -> Option<bool> {
    /// The system identifier of a doctype that means quirks whatever the public one says.
    const IBM: &str = "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd";
    let space = |c: char| c.is_ascii() && is_space(c as u8);
    let mut words = inside.trim_start_matches(space);
    let name_end = words.find(space).unwrap_or(words.len());
    let (name, rest) = words.split_at(name_end);
    if !name.eq_ignore_ascii_case("html") {
        return None;
    }
    words = rest.trim_start_matches(space);
    if words.is_empty() {
        return Some(false);
    }
    let keyword = words.get(..6)?.to_ascii_lowercase();
    let mut quoted = words.get(6..)?;
    let mut ids = Vec::new();
    loop {
        let trimmed = quoted.trim_start_matches(space);
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == quoted.len() {
            // No space before a quoted identifier: the tokenizer's error paths.
            return None;
        }
        let quote = trimmed.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let body = trimmed.get(1..)?;
        let end = body.find(quote)?;
        ids.push(body.get(..end)?.to_ascii_lowercase());
        quoted = body.get(end + 1..)?;
    }
    let (public, system) = match (keyword.as_str(), ids.as_slice()) {
        ("public", [public]) => (Some(public.as_str()), None),
        ("public", [public, system]) => (Some(public.as_str()), Some(system.as_str())),
        ("system", [system]) => (None, Some(system.as_str())),
        _ => return None,
    };
    if system == Some(IBM) {
        return Some(true);
    }
    let Some(public) = public else {
        return Some(false);
    };
    if [
        "-//w3c//dtd xhtml 1.0 ",
        "-//w3c//dtd xhtml 1.1//",
        "-//w3c//dtd html 4.01//",
    ]
    .iter()
    .any(|p| public.starts_with(p))
    {
        return Some(false);
    }
    if [
        "-//w3c//dtd html 4.01 transitional//",
        "-//w3c//dtd html 4.01 frameset//",
    ]
    .iter()
    .any(|p| public.starts_with(p))
    {
        // Limited quirks with a system identifier, quirks without.
        return Some(system.is_none());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::quirks;

    /// The doctypes published pages use, classified as the HTML standard does; others are
    /// left unclassified (`None`: a table after an open paragraph is then declined).
    #[test]
    fn doctypes_set_quirks_mode_as_the_standard() {
        let xhtml = r#" html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd""#;
        let ibm = r#" html SYSTEM "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd""#;
        for (inside, expected) in [
            (" html", Some(false)),
            (" HTML ", Some(false)),
            (xhtml, Some(false)),
            (r#" html PUBLIC "-//W3C//DTD HTML 4.01//EN""#, Some(false)),
            (
                r#" html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN""#,
                Some(true),
            ),
            (
                r#" html PUBLIC '-//W3C//DTD HTML 4.01 Frameset//EN' 'http://www.w3.org/TR/html4/frameset.dtd'"#,
                Some(false),
            ),
            (ibm, Some(true)),
            (
                r#" html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd""#,
                Some(true),
            ),
            (r#" html SYSTEM "about:legacy-compat""#, Some(false)),
            (r#" html PUBLIC "-//IETF//DTD HTML//EN""#, None),
            (r#" html PUBLIC"-//W3C//DTD HTML 4.01//EN""#, None),
            (" svg", None),
            (r#" html PUBLIC "unclosed"#, None),
        ] {
            assert_eq!(quirks(inside), expected, "{inside}");
        }
    }
}
