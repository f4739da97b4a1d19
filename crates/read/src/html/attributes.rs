//! What the reader takes from an element's attributes: whether it is hidden, and its
//! `rowspan`/`colspan`.

use html5ever::ns;
use scraper::node::Element;

/// An element's attributes as the reader asks for them: by lower-case name, without prefix
/// or namespace. Both parsers' elements answer it (html5ever's through scraper's tree, the
/// quick parser's from its own tokens).
pub(super) trait Attributes {
    /// The value of the attribute `name`, if the element has it.
    fn attribute(&self, name: &str) -> Option<&str>;
}

impl Attributes for Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(q, _)| q.prefix.is_none() && q.ns == ns!() && &*q.local == name)
            .map(|(_, value)| &**value)
    }
}

/// Whether an element is hidden by its attributes (`hidden`, `display:none`).
pub(super) fn is_hidden(element: &impl Attributes) -> bool {
    if element.attribute("hidden").is_some() {
        return true;
    }
    // Most elements have no style: nothing to look through.
    element
        .attribute("style")
        .is_some_and(|style| holds(style, "display:none") || holds(style, "visibility:hidden"))
}

/// Whether `style` with its whitespace taken out and in ASCII lower case contains `wanted`
/// (lower case, no whitespace), without building that string: most elements of a page
/// exported from Word carry a style.
fn holds(style: &str, wanted: &str) -> bool {
    // A match starts where the style has `wanted`'s first character (ASCII, so a byte that
    // is a character of its own): only there is the rest compared.
    let Some(first) = wanted.bytes().next() else {
        return !style.is_empty();
    };
    style
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.to_ascii_lowercase() == first)
        .any(|(at, _)| {
            let mut rest = style
                .get(at..)
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase());
            wanted.chars().all(|w| rest.next() == Some(w))
        })
}

/// The value of a `rowspan`/`colspan` attribute: leading digits after optional whitespace and
/// `+`, as browsers read it; `None` when there are none.
pub(super) fn span_attribute(value: Option<&str>) -> Option<usize> {
    let value = value?.trim_start();
    let value = value.strip_prefix('+').unwrap_or(value);
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse().unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A style hides an element however its declaration is spaced and cased.
    #[test]
    fn reads_hiding_styles() {
        for style in [
            "display:none",
            "color:red; DISPLAY : None",
            "visibility:\u{3000}hidden",
        ] {
            assert!(holds(style, "display:none") || holds(style, "visibility:hidden"));
        }
        for style in ["display:block", "", "display:no", "none:display"] {
            assert!(!holds(style, "display:none"), "{style}");
        }
    }

    /// Span attributes are read like a browser reads them; garbage is absent.
    #[test]
    fn reads_span_attributes() {
        assert_eq!(span_attribute(Some(" +3x")), Some(3));
        assert_eq!(span_attribute(Some("abc")), None);
        assert_eq!(span_attribute(Some("")), None);
        assert_eq!(span_attribute(None), None);
        assert_eq!(
            span_attribute(Some("99999999999999999999999")),
            Some(usize::MAX)
        );
    }
}
