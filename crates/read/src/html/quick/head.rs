//! The insertion modes before the body ("initial" to "after head") and after it ("after
//! body", "after after body"), and the head's elements wherever they are.

use super::tokens::{Tag, Token};
use super::{Declined, Mode, Parser, Step, split_spaces};

impl<'t> Parser<'t, '_> {
    pub(super) fn before_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        let (implied, next) = match self.mode {
            Mode::Initial => {
                match token {
                    Token::Doctype(quirks) => {
                        self.quirks = quirks;
                        self.mode = Mode::BeforeHtml;
                    }
                    Token::Comment | Token::Cdata => {}
                    Token::Text(text) if text.is_space() => {}
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
            Token::Comment | Token::Cdata => Ok(Step::Done),
            Token::Text(text) => {
                let (_, rest) = split_spaces(text);
                if rest.text.is_empty() {
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
    pub(super) fn head_element(&mut self, tag: Tag<'t>) -> Result<Option<Tag<'t>>, Declined> {
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

    pub(super) fn in_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.spaces_then(text, Self::leave_head),
            Token::Comment | Token::Cdata => {
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

    pub(super) fn leave_head(&mut self) -> Result<(), Declined> {
        self.pop_into("head", Mode::AfterHead)
    }

    pub(super) fn after_head(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => {
                self.spaces_then(text, |parser| parser.implied_open("body", Mode::InBody))
            }
            Token::Comment | Token::Cdata => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if tag.name == "body" => {
                self.insert_in(tag, Mode::InBody)?;
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

    pub(super) fn after_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            // Whitespace goes to the current node, as in the body; other text goes back to
            // the body (whose element was never closed).
            Token::Text(text) => {
                if !text.is_space() {
                    self.mode = Mode::InBody;
                }
                self.insert_text(text);
                Ok(Step::Done)
            }
            // To `<html>` or the document: not the current node, so no text is separated.
            Token::Comment | Token::Cdata => Ok(Step::Done),
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
