//! Paragraph styles (`word/styles.xml`), read only for the list numbering a style carries:
//! headings are often numbered through their style rather than through the paragraph.

use std::collections::HashMap;

use super::xml::{attr, name, under, walk};
use crate::error::ReadError;

/// How many `w:basedOn` links are followed before giving up (guards against cycles).
const MAX_CHAIN: usize = 16;

/// The numbering-related properties of one style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Numbering of paragraph styles, by style id.
#[derive(Debug, Clone, Default)]
pub(super) struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    /// Parses `word/styles.xml`.
    ///
    /// # Errors
    ///
    /// As [`walk`].
    pub fn parse(xml: &str, max_depth: usize) -> Result<Self, ReadError> {
        let mut styles: Vec<(String, Style)> = Vec::new();
        walk(xml, "word/styles.xml", max_depth, |path, e| {
            if name(e) == "style" {
                styles.push((attr(e, "styleId").unwrap_or_default(), Style::default()));
                return;
            }
            let Some((_, style)) = styles.last_mut() else {
                return;
            };
            match name(e) {
                "basedOn" if under(path, &["style"]) => style.based_on = attr(e, "val"),
                "numId" if under(path, &["style", "pPr", "numPr"]) => {
                    style.num_id = attr(e, "val");
                }
                "ilvl" if under(path, &["style", "pPr", "numPr"]) => {
                    style.ilvl = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
                _ => {}
            }
        })?;
        Ok(Self {
            styles: styles.into_iter().collect(),
        })
    }

    /// The list (`numId`) and level a paragraph of style `id` gets from its style chain.
    pub fn numbering(&self, id: &str) -> (Option<String>, Option<usize>) {
        let mut num_id = None;
        let mut ilvl = None;
        let mut next = Some(id);
        for _ in 0..MAX_CHAIN {
            let Some(style) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            num_id = num_id.or_else(|| style.num_id.clone());
            ilvl = ilvl.or(style.ilvl);
            next = style.based_on.as_deref();
        }
        (num_id, ilvl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbering is inherited along `basedOn`; the nearest style wins; cycles end.
    #[test]
    fn inherits_numbering() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:ilvl w:val="0"/>
            <w:numId w:val="4"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/>
            <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
          <w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>
        </w:styles>"#;
        let styles = Styles::parse(xml, 256).unwrap_or_default();
        assert_eq!(styles.numbering("H1"), (Some("4".to_owned()), Some(0)));
        assert_eq!(styles.numbering("H1b"), (Some("4".to_owned()), Some(1)));
        assert_eq!(styles.numbering("A"), (None, None));
        assert_eq!(styles.numbering("missing"), (None, None));
    }
}
