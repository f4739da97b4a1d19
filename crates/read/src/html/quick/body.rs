//! The "in body" insertion mode: text, start tags and end tags of the page's content.

use std::borrow::Cow;

use super::names::{
    declined_in_body, ends_scope, is_block, is_block_end, is_formatting, is_heading, is_special,
    is_void,
};
use super::tokens::{Tag, Token};
use super::{Declined, Implied, Mode, Parser, Step};

impl<'t> Parser<'t, '_> {
    pub(super) fn in_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.insert_text(text),
            Token::Comment | Token::Cdata => self.insert_comment(),
            Token::Doctype(_) => return Err(Declined),
            Token::Start(tag) => self.start_in_body(tag)?,
            Token::End(name) => self.end_in_body(&name)?,
        }
        Ok(Step::Done)
    }

    pub(super) fn start_in_body(&mut self, tag: Tag<'t>) -> Result<(), Declined> {
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
                    // The open item is closed first, with what is open inside it; a
                    // formatting element among that would be reopened by html5ever.
                    let inside = self.open.get(at + 1..).unwrap_or_default();
                    if inside.iter().any(|n| is_formatting(n)) {
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
                if self.p_in_button_scope() {
                    match self.quirks {
                        Some(false) => self.close_p()?,
                        Some(true) => {}
                        None => return Err(Declined),
                    }
                }
                self.insert_in(tag, Mode::InTable)?;
                Ok(())
            }
            "hr" => {
                self.close_p()?;
                self.insert_void(&tag);
                Ok(())
            }
            "iframe" | "noembed" => self.insert_raw(tag, false),
            "svg" => self.insert_svg(tag),
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

    pub(super) fn end_in_body(&mut self, name: &str) -> Result<(), Declined> {
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
                if !self.p_in_button_scope() {
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
            // The element it closes is the current node: by far the most common.
            _ if self.current() == name => {
                self.pop();
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
    pub(super) fn pop_through(&mut self, name: &str) -> Result<(), Declined> {
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
}
