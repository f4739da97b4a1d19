//! `nianbao rules fmt`: canonical layout of a rule file. Indentation follows the braces (two
//! spaces a level, continuation lines four more), trailing spaces go, runs of blank lines
//! shrink to one, and the file ends with a single newline. Comments and the text of every
//! line are kept, so the meaning never changes; formatting twice gives the same text.

/// Indentation of one brace level.
const INDENT: &str = "  ";

/// The deepest level indented. A file that parses nests far less (its brackets are capped at
/// this depth); text nested deeper (20 000 `{` lines from the fuzzer) would otherwise grow with
/// the square of its length (800 MB of spaces for 500 KB).
const DEEPEST_INDENT: usize = 256;

/// Words and operators that continue the previous line rather than start an item.
const CONTINUATIONS: [&str; 11] = [
    "or ", "+ ", "- ", "* ", "== ", "!= ", "<= ", ">= ", "and ", "\"", ",",
];

/// The canonical layout of a rule file's text. Full-width punctuation outside strings (typed
/// with a Chinese input method) is written in ASCII, and strings in “…” or ‘…’ as "…"; this
/// needs the file to parse, otherwise only the layout changes.
pub fn format(text: &str) -> String {
    let ascii = crate::syntax::ascii_punctuation(text);
    let text = ascii.as_deref().unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut blank_run = 0;
    for raw in text.trim_start_matches('\u{FEFF}').lines() {
        let line = raw.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        // A blank line is kept between items, never right after `{` or before `}`.
        if blank_run > 0 && !out.is_empty() && !out.ends_with("{\n") && !line.starts_with('}') {
            out.push('\n');
        }
        blank_run = 0;
        let (opens, closes, leading_closes) = braces(line);
        let level = depth.saturating_sub(leading_closes).min(DEEPEST_INDENT);
        out.push_str(&INDENT.repeat(level));
        if CONTINUATIONS.iter().any(|c| line.starts_with(c)) {
            out.push_str(&INDENT.repeat(2));
        }
        out.push_str(line);
        out.push('\n');
        depth = (depth + opens).saturating_sub(closes);
    }
    out
}

/// Braces of a line outside strings and comments: (opening, closing, closing before any text).
fn braces(line: &str) -> (usize, usize, usize) {
    let (mut opens, mut closes, mut leading) = (0, 0, 0);
    let (mut in_string, mut escaped, mut seen_text) = (false, false, false);
    let mut previous = ' ';
    for c in line.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            continue;
        }
        match c {
            '/' if previous == '/' => break,
            '"' => in_string = true,
            '{' => opens += 1,
            '}' => {
                closes += 1;
                if !seen_text {
                    leading += 1;
                }
            }
            _ => {}
        }
        if c != '}' && !c.is_whitespace() {
            seen_text = true;
        }
        previous = c;
    }
    (opens, closes, leading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::BUILTIN;

    /// Formatting is idempotent, keeps every shipped rule file valid and leaves it as it is.
    #[test]
    fn shipped_files_are_canonical() {
        for rules in BUILTIN {
            let formatted = format(rules.text);
            assert_eq!(
                format(&formatted),
                formatted,
                "{} is not idempotent",
                rules.name
            );
            assert!(crate::compile(rules.name, &formatted).is_ok());
            assert_eq!(formatted, rules.text, "{} is not formatted", rules.name);
        }
    }

    /// Text nested deeper than any rule file that parses is indented no deeper than the cap:
    /// the output stays about as long as the input, and formatting it again changes nothing.
    #[test]
    fn deep_nesting_stays_linear() {
        let deep = "group G \"组\" {\n".repeat(20_000);
        let once = format(&deep);
        assert!(
            once.len() < deep.len() + 20_000 * 2 * DEEPEST_INDENT,
            "{}",
            once.len()
        );
        assert_eq!(format(&once), once);
    }

    /// Messy indentation, trailing spaces and blank runs are normalised; strings keep braces.
    #[test]
    fn normalises_layout() {
        let messy = "template t \"t\" {\n\n\n      table T \"表{\" {   \ncolumns { A \"甲\" }\n rows { R \"乙\" }\n}\n  check C error \"c\" {\n assert T[R, A] == 1\n + 0\n   }\n}";
        let expected = "template t \"t\" {\n  table T \"表{\" {\n    columns { A \"甲\" }\n    rows { R \"乙\" }\n  }\n  check C error \"c\" {\n    assert T[R, A] == 1\n        + 0\n  }\n}\n";
        assert_eq!(format(messy), expected);
        assert!(crate::compile("t", expected).is_ok());
    }
}
