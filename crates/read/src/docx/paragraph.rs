//! A paragraph being read: its run text, run content other than text, and the list label it
//! gets from its own `w:numPr` or from its paragraph style.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use super::numbering::Numbering;
use super::styles::Styles;
use super::tree::{into_one_line, one_line};
use super::xml::attr;

/// A paragraph being read from the XML `'x`.
#[derive(Debug, Default)]
pub(super) struct Paragraph<'x> {
    /// The visible run text so far: borrowed while it is one piece of the XML.
    pub text: Cow<'x, str>,
    /// `w:numPr/w:numId`.
    pub num_id: Option<String>,
    /// `w:numPr/w:ilvl`.
    pub ilvl: Option<usize>,
    /// `w:pStyle`.
    pub style: Option<String>,
}

impl<'x> Paragraph<'x> {
    /// Adds a piece of visible text; the first piece is borrowed, not copied.
    pub fn push(&mut self, piece: Cow<'x, str>) {
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.to_mut().push_str(&piece);
        }
    }

    /// The final text: the list label (if numbered), then the text on one line. Counts the
    /// paragraph in its list even when it is empty, as Word does.
    pub fn finish(self, numbering: &mut Numbering, styles: &Styles) -> Cow<'x, str> {
        let (style_num, style_ilvl) = self
            .style
            .as_deref()
            .map(|s| styles.numbering(s))
            .unwrap_or_default();
        let text = into_one_line(self.text);
        let Some(num_id) = self.num_id.or(style_num).filter(|id| id != "0") else {
            return text;
        };
        let ilvl = self
            .ilvl
            .or(style_ilvl)
            .or_else(|| numbering.level_of_style(&num_id, self.style.as_deref()?))
            .unwrap_or(0);
        match numbering.next(&num_id, ilvl) {
            Some(label) if !text.is_empty() => {
                let space = if label.space { " " } else { "" };
                Cow::Owned(format!("{}{space}{text}", one_line(&label.text)))
            }
            _ => text,
        }
    }
}

/// The text of run content other than `w:t`: tabs and breaks become spaces, special hyphens
/// and symbols their characters; `None` for anything else.
pub(super) fn inline(name: &str, element: &BytesStart<'_>) -> Option<String> {
    match name {
        "tab" | "ptab" | "br" | "cr" => Some(" ".to_owned()),
        "noBreakHyphen" => Some("-".to_owned()),
        "sym" => attr(element, "char")
            .and_then(|code| u32::from_str_radix(code.trim(), 16).ok())
            // Symbol fonts map their characters to U+F0xx.
            .map(|code| if code >= 0xF000 { code - 0xF000 } else { code })
            .and_then(char::from_u32)
            .filter(|c| !c.is_control())
            .map(String::from),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Symbols map out of the symbol-font range; tabs and breaks are spaces.
    #[test]
    fn inline_content() {
        let sym = BytesStart::from_content(r#"w:sym w:font="Wingdings" w:char="F0FC""#, 5);
        assert_eq!(inline("sym", &sym).as_deref(), Some("\u{fc}"));
        let tab = BytesStart::new("w:tab");
        assert_eq!(inline("tab", &tab).as_deref(), Some(" "));
        assert_eq!(inline("lastRenderedPageBreak", &tab), None);
    }

    /// Without numbering the text is just made one line; numId 0 switches numbering off.
    #[test]
    fn finish_without_numbering() {
        let paragraph = Paragraph {
            text: "\t总体\n情况 ".into(),
            num_id: Some("0".to_owned()),
            ..Paragraph::default()
        };
        let text = paragraph.finish(&mut Numbering::default(), &Styles::default());
        assert_eq!(text, "总体 情况");
    }
}
