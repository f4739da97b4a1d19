//! What the reader takes from an element's attributes: whether it is hidden, and its
//! `rowspan`/`colspan`.

/// Whether an element is hidden by its attributes (`hidden`, `display:none`).
pub(super) fn is_hidden(element: &scraper::node::Element) -> bool {
    let style: String = element
        .attr("style")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    element.attr("hidden").is_some()
        || style.contains("display:none")
        || style.contains("visibility:hidden")
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
