//! Trimming a cell's text as `str::trim` does, without its scan when neither end can be
//! whitespace: cell texts are mostly trimmed already (a figure, a label), and binding asks for
//! every cell's trimmed text several times.

/// `text.trim()`.
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let last = bytes.iter().rev().find(|&&b| !is_continuation(b));
    match (bytes.first(), last) {
        (Some(&first), Some(&last)) if !may_be_whitespace(first) && !may_be_whitespace(last) => {
            text
        }
        _ => text.trim(),
    }
}

/// Whether `lead`, the first byte of a character's UTF-8 form, may begin a whitespace
/// character: ASCII tab to carriage return and space, U+0085 and U+00A0 (C2), U+1680 (E1),
/// U+2000–U+205F (E2) and U+3000 (E3).
fn may_be_whitespace(lead: u8) -> bool {
    matches!(lead, 0x09..=0x0D | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::{may_be_whitespace, trim};

    /// Every whitespace character begins with a byte the shortcut leaves to `str::trim`, and
    /// texts trim as `str::trim` trims them.
    #[test]
    fn trims_as_str_trims() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut bytes = [0; 4];
                let lead = c.encode_utf8(&mut bytes).as_bytes().first().copied();
                assert!(lead.is_some_and(may_be_whitespace), "{c:?}");
            }
        }
        for text in [
            "",
            " ",
            "12",
            " 12",
            "12 ",
            "总计",
            "　总计",
            "总计　",
            "自然人\u{a0}",
            "\u{2003}x",
            "—",
            "a\u{85}",
            "一、本年新收",
            "。",
            "x\n",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
