//! Inline text: joining a block's text nodes into one trimmed line with collapsed whitespace,
//! and remembering where in the source its first and last characters are.

/// Characters a page may contain that are never visible and never part of a label.
pub(super) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\0' | '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Whether `c` counts when locating text: not whitespace (U+00A0 and U+3000 included) and
/// not invisible.
pub(super) fn is_key(c: char) -> bool {
    !c.is_whitespace() && !is_ignorable(c)
}

/// Whether `c` is a CJK (wide) character: whitespace next to one is layout, not a word gap.
pub(super) fn is_wide(c: char) -> bool {
    matches!(
        c,
        '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

/// Whether a collapsed cell text is a plain number (`12`, `1,234`, `96171.6`, `-3`, `5%`).
pub(super) fn is_number(text: &str) -> bool {
    const MAX_DIGITS: usize = 12;
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let body = body.strip_suffix('%').unwrap_or(body);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let points = body.chars().filter(|&c| c == '.').count();
    (1..=MAX_DIGITS).contains(&digits)
        && points <= 1
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A line of text being collected from text nodes.
///
/// Whitespace runs (including `&nbsp;`, U+3000, line breaks and block boundaries) become one
/// space between two non-CJK characters and nothing next to a CJK character, so "本年新<br>
/// 制作数量" reads "本年新制作数量" while "Times New Roman" keeps its spaces.
#[derive(Debug, Default)]
pub(super) struct Line {
    text: String,
    space: bool,
    start: Option<usize>,
    end: usize,
}

/// A finished line: its text and the source range from its first to its last character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finished {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Line {
    /// Appends a text node's text, located at `start..end` in the source.
    pub fn push(&mut self, text: &str, start: usize, end: usize) {
        // At most the text and a space: room made once, not by doubling character by character.
        self.text.reserve(text.len() + 1);
        let mut any = false;
        for c in text.chars() {
            if is_ignorable(c) {
                continue;
            }
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.space
                && let Some(last) = self.text.chars().next_back()
                && !is_wide(last)
                && !is_wide(c)
            {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
            any = true;
        }
        if any {
            let first = *self.start.get_or_insert(start);
            self.end = end.max(first);
        }
    }

    /// A break between blocks or a `<br>` inside the line: collapses like whitespace.
    pub fn space(&mut self) {
        self.space = true;
    }

    /// The collected line, if it has any text; the line starts over.
    pub fn take(&mut self) -> Option<Finished> {
        let line = std::mem::take(self);
        let start = line.start?;
        Some(Finished {
            text: line.text,
            start,
            end: line.end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(parts: &[&str]) -> String {
        let mut line = Line::default();
        for (at, part) in parts.iter().enumerate() {
            if part.is_empty() {
                line.space();
            } else {
                line.push(part, at, at + 1);
            }
        }
        line.take().map(|f| f.text).unwrap_or_default()
    }

    /// Whitespace next to CJK disappears; between ASCII words it is one space.
    #[test]
    fn collapses_whitespace() {
        assert_eq!(
            collect(&["  本年新", "", "制作数量\u{A0}"]),
            "本年新制作数量"
        );
        assert_eq!(collect(&["商业\n  企业"]), "商业企业");
        assert_eq!(
            collect(&["Times \u{A0} New", "", "Roman"]),
            "Times New Roman"
        );
        assert_eq!(collect(&["2023 ", "年"]), "2023年");
        assert_eq!(collect(&["\u{3000}\u{200B}", "  "]), "");
    }

    /// The span runs from the first node with text to the last one.
    #[test]
    fn spans_first_to_last_text() {
        let mut line = Line::default();
        line.push(" ", 0, 0);
        line.push("一", 10, 13);
        line.push("\n", 20, 20);
        line.push("、本年", 30, 39);
        let finished = line.take();
        assert_eq!(finished.map(|f| (f.start, f.end)), Some((10, 39)));
        assert_eq!(line.take(), None);
    }

    /// Plain numbers are recognised; dates, codes and words are not.
    #[test]
    fn recognises_numbers() {
        for yes in ["0", "26", "1,234", "96171.6", "-3", "5%"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            "",
            "2024-01-17",
            "014314799/2024-00002",
            "一",
            "1.属于",
            ".5",
            "1234567890123",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }
}
