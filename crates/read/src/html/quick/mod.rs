//! The quick parser: a page whose markup is regular is read here, in about a fifth of
//! html5ever's time, into the same kept tree; any other page is declined and html5ever reads
//! it.
//!
//! "Regular" is what the HTML standard's tree construction reads without repairs: elements
//! closed by their own end tags, or left open where the standard closes them without side
//! effects (a `<p>` before a block, `</td>`, `</tr>`, a list item before the next, the implied
//! `<tbody>`, `<html>`, `<head>` and `<body>`), and stray end tags, which are ignored.
//! Wherever html5ever would move content (text directly in a `<table>`), reopen formatting
//! elements, merge attributes or switch to foreign content (`<svg>`), this parser declines,
//! and nothing it built is used. The tests compare the two parsers' kept trees on real pages
//! and on thousands of damaged copies of them: a page either is declined or gives the very
//! tree html5ever gives.
//!
//! [`tokens`] (with [`refs`] for character references) reads the tokens; the insertion modes
//! follow the standard, one method per mode: [`head`] before and after the body, [`body`],
//! [`table`]; [`names`] holds the element kinds they decide by. This file keeps the open
//! elements and gives the tree to [`Builder`].

mod body;
mod foreign;
mod head;
mod names;
mod refs;
mod table;
mod tokens;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use super::dom::{Builder, Dom};
use names::ends_scope;
use tokens::{Tag, Text, Token, Tokens, is_space};

/// The page is not one this parser reads exactly; html5ever reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declined;

/// The kept tree of `text`, unless the page is declined or nests deeper than `depth`
/// (html5ever then reads it and applies the limit). Its text nodes are placed where the
/// tokenizer read them, exactly where the source scan would locate them.
pub(super) fn page(text: &str, depth: usize) -> Result<Dom, Declined> {
    // Input preprocessing: a NUL the tokenizer replaces or drops depending on where it is.
    if memchr::memchr(b'\0', text.as_bytes()).is_some() {
        return Err(Declined);
    }
    let (normalised, dropped) = without_cr(text);
    let mut parser = Parser {
        tokens: Tokens::new(&normalised),
        builder: Builder::known(super::node_room(text)),
        dropped: &dropped,
        open: Vec::new(),
        mode: Mode::Initial,
        pending: None,
        form: false,
        quirks: None,
        depth,
        counted: Vec::new(),
        svg: None,
    };
    parser.run()?;
    let cell_tags: Vec<usize> = parser
        .tokens
        .cell_tags
        .iter()
        .map(|&at| original(&dropped, at))
        .collect();
    let title = parser
        .tokens
        .title
        .map(|(start, end)| (original(&dropped, start), original(&dropped, end)));
    Ok(parser.builder.finish(text, &cell_tags, title))
}

/// `text` as the tokenizer reads it, CR LF and a lone CR made LF; and where the CRs that were
/// dropped were: the offset in the result of the LF each stood before, in order.
fn without_cr(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut normalised = String::with_capacity(text.len());
    let mut dropped = Vec::new();
    let mut rest = text;
    while let Some(cr) = memchr::memchr(b'\r', rest.as_bytes()) {
        let (before, after) = rest.split_at(cr);
        normalised.push_str(before);
        let after = after.get(1..).unwrap_or_default();
        if after.starts_with('\n') {
            dropped.push(normalised.len());
        } else {
            normalised.push('\n');
        }
        rest = after;
    }
    normalised.push_str(rest);
    (Cow::Owned(normalised), dropped)
}

/// The offset in the page of offset `at` in its text without CRs (`dropped` as [`without_cr`]
/// gives it): `at` plus the CRs dropped before it. An offset mapped here that falls on an LF
/// whose CR was dropped is an end (of visible text, of a tag), so that CR comes after it.
fn original(dropped: &[usize], at: usize) -> usize {
    at + dropped.partition_point(|&lf| lf < at)
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
    InCaption,
    InColumnGroup,
    AfterBody,
    AfterAfterBody,
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
    /// Where the tokenizer's text lost CRs ([`without_cr`]): its positions are mapped back.
    dropped: &'t [usize],
    /// The open elements' names, the current node last.
    open: Vec<Cow<'t, str>>,
    mode: Mode,
    /// Text for the current node not given to the builder yet: adjacent text joins into one
    /// node, as the tree builder joins it.
    pending: Option<Text<'t>>,
    /// Whether the form element pointer is set.
    form: bool,
    /// Whether the page is in quirks mode (`None`: its doctype is not one this parser knows).
    quirks: Option<bool>,
    /// The depth limit, for the open elements and for `counted`.
    depth: usize,
    /// Where the open `<svg>` is in `open`: it and every element after it are SVG elements.
    svg: Option<usize>,
    /// The open elements as html5ever's depth guard counts them from the tokens
    /// ([`super::depth::counts`]): past the limit the page is declined, and html5ever refuses
    /// it as before; under it, html5ever would not.
    counted: Vec<Cow<'t, str>>,
}

impl<'t> Parser<'t, '_> {
    fn run(&mut self) -> Result<(), Declined> {
        while let Some(token) = self.tokens.next()? {
            self.count(&token)?;
            let mut step = Step::Again(token);
            while let Step::Again(token) = step {
                step = if self.in_foreign() {
                    self.foreign(token)?
                } else {
                    self.step(token)?
                };
            }
        }
        self.end()
    }

    /// Counts `token` as html5ever's depth guard does.
    fn count(&mut self, token: &Token<'t>) -> Result<(), Declined> {
        match token {
            Token::Start(tag) if super::depth::counts(&tag.name, tag.self_closing) => {
                self.counted.push(tag.name.clone());
                if self.counted.len() > self.depth {
                    return Err(Declined);
                }
            }
            Token::End(name) => self.uncount(name),
            _ => {}
        }
        Ok(())
    }

    /// An end tag as the depth guard counts it: the nearest counted element of its name and
    /// those after it are closed.
    fn uncount(&mut self, name: &str) {
        if let Some(at) = self.counted.iter().rposition(|open| open == name) {
            self.counted.truncate(at);
        }
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
            Mode::InCaption => self.in_caption(token),
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
                Mode::InHead => self.leave_head()?,
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
            let visible = text
                .visible
                .map(|(start, end)| (original(self.dropped, start), original(self.dropped, end)));
            self.builder.text(&text.text, visible);
        }
    }

    fn insert_text(&mut self, text: Text<'t>) {
        if text.text.is_empty() {
            return;
        }
        self.pending = Some(match self.pending.take() {
            None => text,
            // Joined text is visible from the first visible character of either to the last.
            Some(before) => Text {
                visible: match (before.visible, text.visible) {
                    (Some((start, _)), Some((_, end))) => Some((start, end)),
                    (one, other) => one.or(other),
                },
                text: Cow::Owned(before.text.into_owned() + &text.text),
            },
        });
    }

    /// Text in a mode that takes only whitespace: the leading whitespace is inserted in the
    /// current node; if more follows, `leave` moves on to the mode the rest is given to.
    fn spaces_then(
        &mut self,
        text: Text<'t>,
        leave: impl FnOnce(&mut Self) -> Result<(), Declined>,
    ) -> Result<Step<'t>, Declined> {
        let (spaces, rest) = split_spaces(text);
        self.insert_text(spaces);
        if rest.text.is_empty() {
            return Ok(Step::Done);
        }
        leave(self)?;
        Ok(Step::Again(Token::Text(rest)))
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

    /// Inserts the element `tag` opens and goes on in `mode`.
    fn insert_in(&mut self, tag: Tag<'t>, mode: Mode) -> Result<(), Declined> {
        self.insert(tag)?;
        self.mode = mode;
        Ok(())
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
        // Its end tag was read with the text.
        self.uncount(&name);
        // Never located: raw text is not the page's visible text.
        self.insert_text(Text::unplaced(content));
        self.pop();
        Ok(())
    }

    fn pop(&mut self) {
        self.flush();
        if self.open.pop().is_some() {
            self.builder.close();
        }
        if self.svg.is_some_and(|at| self.open.len() <= at) {
            self.svg = None;
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

    /// Pops the current node, which must be `name`, and goes on in `mode`.
    fn pop_into(&mut self, name: &str, mode: Mode) -> Result<(), Declined> {
        self.pop_named(name)?;
        self.mode = mode;
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

    /// Whether a `<p>` is open in button scope.
    fn p_in_button_scope(&self) -> bool {
        self.in_scope("p", |n| ends_scope(n) || n == "button")
    }

    /// Closes a `<p>` open in button scope, which must be the current node.
    fn close_p(&mut self) -> Result<(), Declined> {
        if self.p_in_button_scope() {
            self.pop_named("p")?;
        }
        Ok(())
    }

    /// Closes the open table cell: everything opened in it, then the cell (formatting
    /// elements opened in it are not reopened after it: the cell's marker ends them).
    fn close_cell(&mut self) -> Result<(), Declined> {
        self.close_through(|name| name == "td" || name == "th", Mode::InRow)
    }

    /// Pops the open elements down to and including the nearest one `target` names, then
    /// goes on in `mode`; declined when none is open.
    fn close_through(&mut self, target: impl Fn(&str) -> bool, mode: Mode) -> Result<(), Declined> {
        while let Some(name) = self.open.last() {
            let reached = target(name);
            self.pop();
            if reached {
                self.mode = mode;
                return Ok(());
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
                "caption" => Mode::InCaption,
                "select" | "template" | "frameset" | "head" | "html" => {
                    return Err(Declined);
                }
                _ if last => Mode::InBody,
                _ => continue,
            };
            return Ok(());
        }
        Err(Declined)
    }
}

/// The leading whitespace of `text`, and the rest (which holds all its visible characters).
fn split_spaces(text: Text<'_>) -> (Text<'_>, Text<'_>) {
    let cut = text.text.bytes().take_while(|&b| is_space(b)).count();
    if cut == 0 {
        return (Text::unplaced(Cow::Borrowed("")), text);
    }
    let (spaces, rest) = match text.text {
        Cow::Borrowed(text) => {
            let (spaces, rest) = text.split_at(cut);
            (Cow::Borrowed(spaces), Cow::Borrowed(rest))
        }
        Cow::Owned(text) => {
            let (spaces, rest) = text.split_at(cut);
            (Cow::Owned(spaces.to_owned()), Cow::Owned(rest.to_owned()))
        }
    };
    (
        Text::unplaced(spaces),
        Text {
            text: rest,
            visible: text.visible,
        },
    )
}
