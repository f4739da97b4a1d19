//! Foreign content: an `<svg>` (an icon, mostly) and what is in it. Its elements keep out of
//! the report (the kept tree excludes `<svg>`), but its text still moves the source cursor, so
//! its structure is read as html5ever reads it: start tags open SVG elements (`<path/>` closes
//! itself there), an end tag closes the nearest open SVG element of its name. What makes
//! html5ever leave the SVG — an HTML element such as `<div>` or `<p>` inside it, markup inside
//! its `<title>`, `<desc>` or `<foreignObject>` — is declined, as are `<math>` and CDATA.

use super::tokens::{Tag, Token};
use super::{Declined, Parser, Step};

impl<'t> Parser<'t, '_> {
    /// Whether the current node is an SVG element.
    pub(super) fn in_foreign(&self) -> bool {
        self.svg.is_some()
    }

    /// An `<svg>` start tag in the body.
    pub(super) fn insert_svg(&mut self, tag: Tag<'t>) -> Result<(), Declined> {
        let at = self.open.len();
        let self_closing = tag.self_closing;
        self.insert(tag)?;
        self.svg = Some(at);
        if self_closing {
            self.pop();
        }
        Ok(())
    }

    /// A token while the current node is an SVG element.
    pub(super) fn foreign(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.insert_text(text),
            Token::Comment => self.insert_comment(),
            Token::Cdata | Token::Doctype(_) => return Err(Declined),
            Token::Start(tag) => {
                if is_integration_point(self.current()) || leaves_svg(&tag) {
                    return Err(Declined);
                }
                let self_closing = tag.self_closing;
                self.insert(tag)?;
                if self_closing {
                    self.pop();
                }
            }
            Token::End(name) => {
                let svg = self.svg.unwrap_or_default();
                let nearest = self
                    .open
                    .iter()
                    .enumerate()
                    .skip(svg)
                    .rev()
                    .find(|(_, open)| **open == name)
                    .map(|(at, _)| at);
                // Not an SVG element's: html5ever reads it by the insertion mode, out of the
                // SVG.
                let at = nearest.ok_or(Declined)?;
                while self.open.len() > at {
                    self.pop();
                }
            }
        }
        Ok(Step::Done)
    }
}

/// SVG elements whose content html5ever reads as HTML.
fn is_integration_point(name: &str) -> bool {
    matches!(name, "title" | "desc" | "foreignobject")
}

/// Start tags that close the SVG in html5ever (the HTML elements a page might put there by
/// mistake), and `<font>` with a font attribute; `<script>`, `<style>` and `<math>` are
/// declined too.
fn leaves_svg(tag: &Tag<'_>) -> bool {
    use crate::html::attributes::Attributes;
    let name: &str = &tag.name;
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "script"
            | "style"
            | "math"
            | "svg"
    ) || (name == "font"
        && ["color", "face", "size"]
            .iter()
            .any(|attribute| tag.attribute(attribute).is_some()))
}
