//! The quick parser: a page whose markup is regular is read here, about ten times faster
//! than by html5ever, into the same kept tree; any other page is declined and html5ever
//! reads it.
//!
//! "Regular" is what the HTML standard's tree construction handles without repairs: every
//! element closed by its own end tag, except those whose end tags the standard lets a page
//! leave out and that html5ever closes without side effects (`<p>` before a block, `</td>`,
//! `</tr>`, the implied `<tbody>`, `<html>`, `<head>` and `<body>`). Wherever html5ever would
//! move content (text directly in a `<table>`), reopen formatting elements, merge attributes
//! or switch to foreign content (`<svg>`), this parser declines, before anything it built
//! is used. The tests compare the two parsers' kept trees on real pages and on thousands of
//! damaged copies of them: a page either is declined or gives the very tree html5ever gives.
//!
//! The steps follow the standard's insertion modes, one method per group of them.

mod refs;
mod tokens;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use super::dom::{Builder, Dom};
use super::source::Source;
use tokens::{Tag, Token, Tokens, is_space};

/// The page is not one this parser reads exactly; html5ever reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declined;

/// The kept tree of `text` (whose scan is `source`), unless the page is declined or nests
/// deeper than `depth` (html5ever then reads it and applies the limit).
pub(super) fn page(text: &str, source: &Source, depth: usize) -> Result<Dom, Declined> {
    // Input preprocessing: a NUL the tokenizer replaces or drops depending on where it is.
    if memchr::memchr(b'\0', text.as_bytes()).is_some() {
        return Err(Declined);
    }
    // CR LF and a lone CR are LF for the tokenizer.
    let normalised: Cow<'_, str> = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let nodes = memchr::memchr_iter(b'<', text.as_bytes()).count();
    let mut parser = Parser {
        tokens: Tokens::new(&normalised),
        builder: Builder::new(source, nodes + nodes / 4 + 16),
        open: Vec::new(),
        mode: Mode::Initial,
        pending: None,
        form: false,
        quirks: None,
        depth,
    };
    parser.run()?;
    Ok(parser.builder.finish(text, source))
}

/// The standard's insertion modes this parser follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Initial,
    BeforeHtml,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
    InTable,
    InTableBody,
    InRow,
    InCell,
    InColumnGroup,
    AfterBody,
    AfterAfterBody,
}

/// Elements with no content and no end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags that close an open `<p>` first (besides headings, `<pre>`, lists, `<form>`).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
    )
}

/// Start tags in a body this parser leaves to html5ever: foreign content, forms' lists,
/// plain text, table parts out of a table, elements html5ever merges or renames, and raw
/// text whose rules depend on more than its end tag.
fn declined_in_body(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "head"
            | "frameset"
            | "frame"
            | "template"
            | "plaintext"
            | "image"
            | "isindex"
            | "textarea"
            | "optgroup"
            | "math"
            | "svg"
            | "rb"
            | "rp"
            | "rt"
            | "rtc"
            | "caption"
            | "col"
            | "colgroup"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
    )
}

/// The standard's "special" elements: a list item's start tag looks for an open item only
/// down to one of them.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "isindex"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Elements that end the default scope (an element is "in scope" above the nearest).
fn ends_scope(name: &str) -> bool {
    matches!(
        name,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "select"
            | "template"
    )
}

/// Formatting elements: html5ever reopens one closed by another element's end tag.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// End tags that close the `<p>`, `<li>`, … left open inside their element.
fn is_block_end(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "article"
            | "aside"
            | "blockquote"
            | "button"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "nav"
            | "object"
            | "ol"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_table_section(name: &str) -> bool {
    matches!(name, "tbody" | "thead" | "tfoot")
}

/// What the parser does with a token: done with it, or give it to the (new) mode again.
enum Step<'t> {
    Done,
    Again(Token<'t>),
}

/// A tag's name with no attributes (an element the parser adds itself).
struct Implied;

impl super::attributes::Attributes for Implied {
    fn attribute(&self, _: &str) -> Option<&str> {
        None
    }
}

struct Parser<'t, 's> {
    tokens: Tokens<'t>,
    builder: Builder<'s>,
    /// The open elements' names, the current node last.
    open: Vec<Cow<'t, str>>,
    mode: Mode,
    /// Text for the current node not given to the builder yet: adjacent text joins into one
    /// node, as the tree builder joins it.
    pending: Option<Cow<'t, str>>,
    /// Whether the form element pointer is set.
    form: bool,
    /// Whether the page is in quirks mode (`None`: its doctype is not one this parser knows).
    quirks: Option<bool>,
    depth: usize,
}

impl<'t> Parser<'t, '_> {
    fn run(&mut self) -> Result<(), Declined> {
        while let Some(token) = self.tokens.next()? {
            let mut step = Step::Again(token);
            while let Step::Again(token) = step {
                step = self.step(token)?;
            }
        }
        self.end()
    }

    fn step(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match self.mode {
            Mode::Initial | Mode::BeforeHtml | Mode::BeforeHead => self.before_head(token),
            Mode::InHead => self.in_head(token),
            Mode::AfterHead => self.after_head(token),
            Mode::InBody => self.in_body(token),
            Mode::InTable => self.in_table(token),
            Mode::InTableBody => self.in_table_body(token),
            Mode::InRow => self.in_row(token),
            Mode::InCell => self.in_cell(token),
            Mode::InColumnGroup => self.in_column_group(token),
            Mode::AfterBody | Mode::AfterAfterBody => self.after_body(token),
        }
    }

    /// The end of the page: the implied elements the modes before the body add, then every
    /// open element closed.
    fn end(&mut self) -> Result<(), Declined> {
        loop {
            match self.mode {
                Mode::Initial | Mode::BeforeHtml => self.implied_open("html", Mode::BeforeHead)?,
                Mode::BeforeHead => self.implied_open("head", Mode::InHead)?,
                Mode::InHead => {
                    self.pop_named("head")?;
                    self.mode = Mode::AfterHead;
                }
                Mode::AfterHead => self.implied_open("body", Mode::InBody)?,
                _ => break,
            }
        }
        self.flush();
        for _ in self.open.drain(..) {
            self.builder.close();
        }
        Ok(())
    }

    // --- the tree ---------------------------------------------------------------------

    fn current(&self) -> &str {
        self.open.last().map_or("", |n| n)
    }

    fn current_is(&self, names: impl Fn(&str) -> bool) -> bool {
        names(self.current())
    }

    /// Gives the pending text to the builder: what comes next is not joined to it.
    fn flush(&mut self) {
        if let Some(text) = self.pending.take() {
            self.builder.text(&text);
        }
    }

    fn insert_text(&mut self, text: Cow<'t, str>) {
        if text.is_empty() {
            return;
        }
        self.pending = Some(match self.pending.take() {
            None => text,
            Some(before) => Cow::Owned(before.into_owned() + &text),
        });
    }

    /// A comment in the current node: it separates the text before it from the text after.
    fn insert_comment(&mut self) {
        self.flush();
    }

    fn open_element(
        &mut self,
        name: Cow<'t, str>,
        attributes: &impl super::attributes::Attributes,
    ) -> Result<(), Declined> {
        self.flush();
        self.builder.open(&name, attributes);
        self.open.push(name);
        if self.open.len() > self.depth {
            return Err(Declined);
        }
        Ok(())
    }

    fn insert(&mut self, tag: Tag<'t>) -> Result<(), Declined> {
        let name = tag.name.clone();
        self.open_element(name, &tag)
    }

    fn implied_open(&mut self, name: &'static str, mode: Mode) -> Result<(), Declined> {
        self.open_element(Cow::Borrowed(name), &Implied)?;
        self.mode = mode;
        Ok(())
    }

    fn insert_void(&mut self, tag: &Tag<'t>) {
        self.flush();
        self.builder.open(&tag.name, tag);
        self.builder.close();
    }

    /// A raw-text element (`<style>`, `<script>`, `<title>`, `<iframe>`) with its content.
    fn insert_raw(&mut self, tag: Tag<'t>, rcdata: bool) -> Result<(), Declined> {
        let name = tag.name.clone();
        self.insert(tag)?;
        let content = self.tokens.raw_text(&name, rcdata)?;
        self.insert_text(content);
        self.pop();
        Ok(())
    }

    fn pop(&mut self) {
        self.flush();
        if self.open.pop().is_some() {
            self.builder.close();
        }
    }

    /// Pops the current node, which must be `name`.
    fn pop_named(&mut self, name: &str) -> Result<(), Declined> {
        if self.current() != name {
            return Err(Declined);
        }
        self.pop();
        Ok(())
    }

    /// Whether `name` is open above the nearest element of `boundaries`.
    fn in_scope(&self, name: &str, boundary: impl Fn(&str) -> bool) -> bool {
        for open in self.open.iter().rev() {
            if open == name {
                return true;
            }
            if boundary(open) {
                return false;
            }
        }
        false
    }

    fn in_table_scope(&self, name: &str) -> bool {
        self.in_scope(name, |n| matches!(n, "html" | "table" | "template"))
    }

    /// Closes the current nodes whose end tag may be left out (`<p>`, `<li>`, `<dd>`,
    /// `<dt>`; the others are never open here), except `except`: what html5ever does before
    /// a block's end tag.
    fn close_implied(&mut self, except: &str) {
        while self.current_is(|n| matches!(n, "p" | "li" | "dd" | "dt")) && self.current() != except
        {
            self.pop();
        }
    }

    /// Closes a `<p>` open in button scope, which must be the current node.
    fn close_p(&mut self) -> Result<(), Declined> {
        if self.in_scope("p", |n| ends_scope(n) || n == "button") {
            self.pop_named("p")?;
        }
        Ok(())
    }

    /// Closes the open table cell: everything opened in it, then the cell.
    ///
    /// Only elements whose end tag may be left out are closed with it: html5ever's depth
    /// guard ([`super::depth`]) does not see the others closed, and could refuse a page this
    /// parser would read.
    fn close_cell(&mut self) -> Result<(), Declined> {
        while let Some(name) = self.open.last() {
            match &**name {
                "td" | "th" => {
                    self.pop();
                    self.mode = Mode::InRow;
                    return Ok(());
                }
                "p" | "li" | "dd" | "dt" => self.pop(),
                _ => return Err(Declined),
            }
        }
        Err(Declined)
    }

    /// The mode for the open elements, after a table is closed.
    fn reset_mode(&mut self) -> Result<(), Declined> {
        for (at, name) in self.open.iter().enumerate().rev() {
            let last = at == 0;
            self.mode = match &**name {
                "td" | "th" if !last => Mode::InCell,
                "tr" => Mode::InRow,
                "tbody" | "thead" | "tfoot" => Mode::InTableBody,
                "colgroup" => Mode::InColumnGroup,
                "table" => Mode::InTable,
                "body" => Mode::InBody,
                "caption" | "select" | "template" | "frameset" | "head" | "html" => {
                    return Err(Declined);
                }
                _ if last => Mode::InBody,
                _ => continue,
            };
            return Ok(());
        }
        Err(Declined)
    }

    // --- before the body ------------------------------------------------------------

    fn before_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        let (implied, next) = match self.mode {
            Mode::Initial => {
                match token {
                    Token::Doctype(quirks) => {
                        self.quirks = quirks;
                        self.mode = Mode::BeforeHtml;
                    }
                    Token::Comment => {}
                    Token::Text(text) if text.bytes().all(is_space) => {}
                    other => {
                        // No doctype: quirks mode.
                        self.quirks = Some(true);
                        self.mode = Mode::BeforeHtml;
                        return Ok(Step::Again(other));
                    }
                }
                return Ok(Step::Done);
            }
            Mode::BeforeHtml => ("html", Mode::BeforeHead),
            _ => ("head", Mode::InHead),
        };
        match token {
            Token::Doctype(_) => Err(Declined),
            // Before `<html>` a comment goes to the document, before `<head>` to `<html>`:
            // either way no text of the current node is separated.
            Token::Comment => Ok(Step::Done),
            Token::Text(text) => {
                let rest = skip_spaces(text);
                if rest.is_empty() {
                    return Ok(Step::Done);
                }
                self.implied_open(implied, next)?;
                Ok(Step::Again(Token::Text(rest)))
            }
            Token::Start(tag) if *tag.name == *implied => {
                self.insert(tag)?;
                self.mode = next;
                Ok(Step::Done)
            }
            Token::Start(tag) if tag.name == "html" => Err(Declined),
            Token::End(name) if !matches!(&*name, "head" | "body" | "html" | "br") => Err(Declined),
            other => {
                self.implied_open(implied, next)?;
                Ok(Step::Again(other))
            }
        }
    }

    /// Elements of the head, wherever they are (in a body, a table): inserted in the current
    /// node. `None`: the tag is not one of them.
    fn head_element(&mut self, tag: Tag<'t>) -> Result<Option<Tag<'t>>, Declined> {
        match &*tag.name {
            "base" | "basefont" | "bgsound" | "link" | "meta" => self.insert_void(&tag),
            "title" => self.insert_raw(tag, true)?,
            // `<noscript>` is raw text with scripting enabled, html5ever's default.
            "style" | "script" | "noscript" | "noframes" => self.insert_raw(tag, false)?,
            "template" | "head" => return Err(Declined),
            _ => return Ok(Some(tag)),
        }
        Ok(None)
    }

    fn in_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => {
                let (spaces, rest) = split_spaces(text);
                self.insert_text(spaces);
                if rest.is_empty() {
                    return Ok(Step::Done);
                }
                self.leave_head()?;
                Ok(Step::Again(Token::Text(rest)))
            }
            Token::Comment => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if tag.name == "html" => Err(Declined),
            Token::Start(tag) => match self.head_element(tag)? {
                None => Ok(Step::Done),
                Some(other) => {
                    self.leave_head()?;
                    Ok(Step::Again(Token::Start(other)))
                }
            },
            Token::End(name) if name == "head" => {
                self.leave_head()?;
                Ok(Step::Done)
            }
            Token::End(name) if matches!(&*name, "body" | "html" | "br") => {
                self.leave_head()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(_) => Err(Declined),
        }
    }

    fn leave_head(&mut self) -> Result<(), Declined> {
        self.pop_named("head")?;
        self.mode = Mode::AfterHead;
        Ok(())
    }

    fn after_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => {
                let (spaces, rest) = split_spaces(text);
                self.insert_text(spaces);
                if rest.is_empty() {
                    return Ok(Step::Done);
                }
                self.implied_open("body", Mode::InBody)?;
                Ok(Step::Again(Token::Text(rest)))
            }
            Token::Comment => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if tag.name == "body" => {
                self.insert(tag)?;
                self.mode = Mode::InBody;
                Ok(Step::Done)
            }
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "html"
                        | "frameset"
                        | "head"
                        | "base"
                        | "basefont"
                        | "bgsound"
                        | "link"
                        | "meta"
                        | "noframes"
                        | "script"
                        | "style"
                        | "template"
                        | "title"
                ) =>
            {
                // Put back into the head by html5ever.
                Err(Declined)
            }
            Token::End(name) if !matches!(&*name, "body" | "html" | "br") => Err(Declined),
            other => {
                self.implied_open("body", Mode::InBody)?;
                Ok(Step::Again(other))
            }
        }
    }

    // --- the body ---------------------------------------------------------------------

    fn in_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.insert_text(text),
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => return Err(Declined),
            Token::Start(tag) => self.start_in_body(tag)?,
            Token::End(name) => self.end_in_body(&name)?,
        }
        Ok(Step::Done)
    }

    fn start_in_body(&mut self, tag: Tag<'t>) -> Result<(), Declined> {
        let Some(tag) = self.head_element(tag)? else {
            return Ok(());
        };
        let name = &*tag.name;
        if declined_in_body(name) {
            return Err(Declined);
        }
        if is_block(name) {
            self.close_p()?;
            return self.insert(tag);
        }
        if is_heading(name) {
            self.close_p()?;
            if self.current_is(is_heading) {
                return Err(Declined);
            }
            return self.insert(tag);
        }
        match name {
            "pre" | "listing" => {
                self.close_p()?;
                self.insert(tag)?;
                self.tokens.skip_line_feed()
            }
            "form" => {
                if self.form {
                    return Err(Declined);
                }
                self.close_p()?;
                self.insert(tag)?;
                self.form = true;
                Ok(())
            }
            "li" | "dd" | "dt" => {
                let closes = |open: &str| {
                    if name == "li" {
                        open == "li"
                    } else {
                        matches!(open, "dd" | "dt")
                    }
                };
                let mut item = None;
                for (at, open) in self.open.iter().enumerate().rev() {
                    if closes(open) {
                        item = Some(at);
                        break;
                    }
                    if is_special(open) && !matches!(&**open, "address" | "div" | "p") {
                        break;
                    }
                }
                if let Some(at) = item {
                    // The open item is closed first, with what is open inside it: only what
                    // html5ever's depth guard does not count either.
                    let inside = self.open.get(at + 1..).unwrap_or_default();
                    if inside
                        .iter()
                        .any(|n| !matches!(&**n, "p" | "li" | "dd" | "dt"))
                    {
                        return Err(Declined);
                    }
                    while self.open.len() > at {
                        self.pop();
                    }
                }
                self.close_p()?;
                self.insert(tag)
            }
            "select" | "hr" | "input" if self.in_scope("select", ends_scope) => Err(Declined),
            "option" => {
                // What is open in the option before, and the option itself, is closed first.
                if self.in_scope("select", ends_scope) {
                    while self.current_is(|n| matches!(n, "option" | "p" | "li" | "dd" | "dt")) {
                        self.pop();
                    }
                } else if self.current() == "option" {
                    self.pop();
                }
                self.insert(tag)
            }
            "button" | "nobr" if self.in_scope(name, ends_scope) => Err(Declined),
            "a" if self.open.iter().any(|n| n == "a") => Err(Declined),
            "table" => {
                // A paragraph is closed before a table, except in quirks mode.
                if self.in_scope("p", |n| ends_scope(n) || n == "button") {
                    match self.quirks {
                        Some(false) => self.close_p()?,
                        Some(true) => {}
                        None => return Err(Declined),
                    }
                }
                self.insert(tag)?;
                self.mode = Mode::InTable;
                Ok(())
            }
            "hr" => {
                self.close_p()?;
                self.insert_void(&tag);
                Ok(())
            }
            "iframe" | "noembed" => self.insert_raw(tag, false),
            "xmp" => {
                self.close_p()?;
                self.insert_raw(tag, false)
            }
            _ if is_void(name) => {
                self.insert_void(&tag);
                Ok(())
            }
            _ => self.insert(tag),
        }
    }

    fn end_in_body(&mut self, name: &str) -> Result<(), Declined> {
        match name {
            "body" | "html" => {
                if !self.in_scope("body", ends_scope) {
                    return Err(Declined);
                }
                self.mode = if name == "body" {
                    Mode::AfterBody
                } else {
                    Mode::AfterAfterBody
                };
                Ok(())
            }
            // Read as `<br>`.
            "br" => {
                self.insert_void(&Tag::implied("br"));
                Ok(())
            }
            "p" => {
                if !self.in_scope("p", |n| ends_scope(n) || n == "button") {
                    // html5ever inserts an empty paragraph and closes it.
                    self.open_element(Cow::Borrowed("p"), &Implied)?;
                    self.pop();
                    return Ok(());
                }
                self.close_implied("p");
                self.pop_named("p")
            }
            "form" => {
                self.close_implied("form");
                self.pop_named("form")?;
                self.form = false;
                Ok(())
            }
            // A heading's end tag closes whichever heading is open.
            _ if is_heading(name) => {
                if self.open.iter().any(|open| is_heading(open)) {
                    self.pop_named(name)
                } else {
                    Ok(())
                }
            }
            // A stray end tag (no such element open) is ignored.
            _ if !self.open.iter().any(|open| open == name) => Ok(()),
            // The adoption agency, when the element is not the current node: left to html5ever.
            _ if is_formatting(name) => self.pop_named(name),
            _ if is_block_end(name) || matches!(name, "li" | "dd" | "dt") => {
                let boundary =
                    |n: &str| ends_scope(n) || (name == "li" && matches!(n, "ol" | "ul"));
                if !self.in_scope(name, boundary) {
                    return Ok(());
                }
                self.close_implied(name);
                if matches!(name, "li" | "dd" | "dt") {
                    // html5ever's depth guard does not count these, nor see what they close.
                    return self.pop_named(name);
                }
                self.pop_through(name)
            }
            _ => {
                // Any other end tag: the nearest element of its name, unless a special
                // element comes first (then it is ignored).
                for open in self.open.iter().rev() {
                    if open == name {
                        return self.pop_through(name);
                    }
                    if is_special(open) {
                        return Ok(());
                    }
                }
                Ok(())
            }
        }
    }

    /// Closes the open elements down to the nearest `name`, which is open. A formatting
    /// element closed on the way would be reopened by html5ever: declined.
    fn pop_through(&mut self, name: &str) -> Result<(), Declined> {
        while let Some(current) = self.open.last() {
            if current == name {
                self.pop();
                return Ok(());
            }
            if is_formatting(current) {
                return Err(Declined);
            }
            self.pop();
        }
        Err(Declined)
    }

    // --- tables -------------------------------------------------------------------------

    /// Text in a table, its sections or rows: only whitespace stays there.
    fn table_text(&mut self, text: Cow<'t, str>) -> Result<Step<'t>, Declined> {
        if !text.bytes().all(is_space) {
            // Moved before the table by html5ever.
            return Err(Declined);
        }
        self.insert_text(text);
        Ok(Step::Done)
    }

    fn in_table(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.table_text(text),
            Token::Comment => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) => match &*tag.name {
                "colgroup" => {
                    self.require_current(|n| n == "table")?;
                    self.insert(tag)?;
                    self.mode = Mode::InColumnGroup;
                    Ok(Step::Done)
                }
                "col" => {
                    self.require_current(|n| n == "table")?;
                    self.implied_open("colgroup", Mode::InColumnGroup)?;
                    Ok(Step::Again(Token::Start(tag)))
                }
                "tbody" | "thead" | "tfoot" => {
                    self.require_current(|n| n == "table")?;
                    self.insert(tag)?;
                    self.mode = Mode::InTableBody;
                    Ok(Step::Done)
                }
                "tr" => {
                    self.require_current(|n| n == "table")?;
                    self.implied_open("tbody", Mode::InTableBody)?;
                    Ok(Step::Again(Token::Start(tag)))
                }
                "style" | "script" => {
                    self.head_element(tag)?;
                    Ok(Step::Done)
                }
                // Captions, cells without a row, nested tables, form controls, anything
                // moved out of the table.
                _ => Err(Declined),
            },
            Token::End(name) if name == "table" => {
                self.pop_named("table")?;
                self.reset_mode()?;
                Ok(Step::Done)
            }
            // Read with the body's rules while the table is the current node, where they
            // would insert an element (`</p>`, `</br>`) or clear the form pointer.
            Token::End(name) if matches!(&*name, "p" | "br" | "form") => Err(Declined),
            // Any other: a table part's is ignored here, and the others close nothing, since
            // the table ends every scope.
            Token::End(_) => Ok(Step::Done),
        }
    }

    fn require_current(&self, names: impl Fn(&str) -> bool) -> Result<(), Declined> {
        if self.current_is(names) {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    fn in_table_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag) if tag.name == "tr" => {
                self.require_current(is_table_section)?;
                self.insert(tag)?;
                self.mode = Mode::InRow;
                Ok(Step::Done)
            }
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead"
                ) =>
            {
                self.leave_section()?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if is_table_section(&name) => {
                self.pop_named(&name)?;
                self.mode = Mode::InTable;
                Ok(Step::Done)
            }
            Token::End(name) if name == "table" => {
                self.leave_section()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::Start(tag) if matches!(&*tag.name, "td" | "th") => Err(Declined),
            Token::End(name)
                if matches!(
                    &*name,
                    "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th" | "tr"
                ) =>
            {
                Err(Declined)
            }
            other => self.in_table(other),
        }
    }

    fn leave_section(&mut self) -> Result<(), Declined> {
        self.require_current(is_table_section)?;
        self.pop();
        self.mode = Mode::InTable;
        Ok(())
    }

    fn in_row(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag) if matches!(&*tag.name, "td" | "th") => {
                self.require_current(|n| n == "tr")?;
                self.insert(tag)?;
                self.mode = Mode::InCell;
                Ok(Step::Done)
            }
            Token::End(name) if name == "tr" => {
                self.pop_named("tr")?;
                self.mode = Mode::InTableBody;
                Ok(Step::Done)
            }
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr"
                ) =>
            {
                self.pop_named("tr")?;
                self.mode = Mode::InTableBody;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if name == "table" => {
                self.pop_named("tr")?;
                self.mode = Mode::InTableBody;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name) if is_table_section(&name) => {
                if !self.in_table_scope(&name) {
                    return Err(Declined);
                }
                self.pop_named("tr")?;
                self.mode = Mode::InTableBody;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name)
                if matches!(
                    &*name,
                    "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th"
                ) =>
            {
                Err(Declined)
            }
            other => self.in_table(other),
        }
    }

    fn in_cell(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "caption"
                        | "col"
                        | "colgroup"
                        | "tbody"
                        | "td"
                        | "tfoot"
                        | "th"
                        | "thead"
                        | "tr"
                ) =>
            {
                self.close_cell()?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if matches!(&*name, "td" | "th") => {
                let cell = self.open.iter().rev().find(|n| *n == "td" || *n == "th");
                if cell.is_none_or(|cell| *cell != name) {
                    return Err(Declined);
                }
                self.close_cell()?;
                Ok(Step::Done)
            }
            Token::End(name) if matches!(&*name, "table" | "tbody" | "tfoot" | "thead" | "tr") => {
                if !self.in_table_scope(&name) {
                    return Err(Declined);
                }
                self.close_cell()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name)
                if matches!(&*name, "body" | "caption" | "col" | "colgroup" | "html") =>
            {
                Err(Declined)
            }
            other => self.in_body(other),
        }
    }

    fn in_column_group(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => {
                let (spaces, rest) = split_spaces(text);
                self.insert_text(spaces);
                if rest.is_empty() {
                    return Ok(Step::Done);
                }
                self.pop_named("colgroup")?;
                self.mode = Mode::InTable;
                Ok(Step::Again(Token::Text(rest)))
            }
            Token::Comment => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Start(tag) if tag.name == "col" => {
                self.insert_void(&tag);
                Ok(Step::Done)
            }
            Token::End(name) if name == "colgroup" => {
                self.pop_named("colgroup")?;
                self.mode = Mode::InTable;
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if matches!(&*tag.name, "html" | "template") => Err(Declined),
            Token::End(name) if matches!(&*name, "col" | "template") => Err(Declined),
            other => {
                self.pop_named("colgroup")?;
                self.mode = Mode::InTable;
                Ok(Step::Again(other))
            }
        }
    }

    // --- after the body -------------------------------------------------------------

    fn after_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            // Whitespace goes to the current node, as in the body; other text goes back to
            // the body (whose element was never closed).
            Token::Text(text) => {
                if !text.bytes().all(is_space) {
                    self.mode = Mode::InBody;
                }
                self.insert_text(text);
                Ok(Step::Done)
            }
            // To `<html>` or the document: not the current node, so no text is separated.
            Token::Comment => Ok(Step::Done),
            Token::End(name) if name == "html" && self.mode == Mode::AfterBody => {
                self.mode = Mode::AfterAfterBody;
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if tag.name == "html" => Err(Declined),
            other => {
                self.mode = Mode::InBody;
                Ok(Step::Again(other))
            }
        }
    }
}

/// The text after its leading whitespace.
fn skip_spaces(text: Cow<'_, str>) -> Cow<'_, str> {
    split_spaces(text).1
}

/// The leading whitespace of `text`, and the rest.
fn split_spaces(text: Cow<'_, str>) -> (Cow<'_, str>, Cow<'_, str>) {
    let cut = text.bytes().take_while(|&b| is_space(b)).count();
    if cut == 0 {
        return (Cow::Borrowed(""), text);
    }
    match text {
        Cow::Borrowed(text) => {
            let (spaces, rest) = text.split_at(cut);
            (Cow::Borrowed(spaces), Cow::Borrowed(rest))
        }
        Cow::Owned(text) => {
            let (spaces, rest) = text.split_at(cut);
            (Cow::Owned(spaces.to_owned()), Cow::Owned(rest.to_owned()))
        }
    }
}
