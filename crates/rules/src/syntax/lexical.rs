//! What is checked on the raw text around the grammar: strings left open at the end of their
//! line and brackets nested too deep (both before pest runs), and the ASCII form of the
//! full-width punctuation an input method types (for `rules fmt`).

use pest::Parser as _;

use super::{Rule, RulesParser};
use crate::ast::Span;
use crate::error::{RuleError, RuleErrorKind};

/// The kind of string the scanner is in.
#[derive(Clone, Copy)]
enum Quote {
    /// `"…"`.
    Straight,
    /// `“…”`, with the number of inner `“` not yet closed.
    Curly(usize),
    /// `‘…’`.
    Single,
}

/// Refuses brackets (and “ quotes inside “…”) nested deeper than any real rule needs before
/// pest recurses into them, so a hostile file cannot exhaust the stack; and reports a string
/// whose closing quote is missing at the end of its line, where the mistake shows.
pub(super) fn prescan(source: &str) -> Result<(), RuleError> {
    let limit = 2 * super::expr::MAX_NESTING;
    let too_deep = |at: usize, c: char| {
        let span = Span::new(at, at + c.len_utf8());
        RuleError::new(RuleErrorKind::TooDeep { limit }, span)
    };
    let (mut depth, mut in_comment, mut escaped) = (0usize, false, false);
    let mut string: Option<(Quote, usize, char)> = None;
    let mut previous = ' ';
    for (at, c) in source.char_indices() {
        if in_comment {
            in_comment = c != '\n';
        } else if let Some((quote, opened, open)) = string.as_mut() {
            if c == '\n' {
                return Err(unclosed(source, *opened, *open));
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else {
                match (quote, c) {
                    (Quote::Straight, '"') | (Quote::Single, '’') | (Quote::Curly(0), '”') => {
                        string = None;
                    }
                    (Quote::Curly(inner), '”') => *inner -= 1,
                    (Quote::Curly(inner), '“') => {
                        *inner += 1;
                        if *inner > limit {
                            return Err(too_deep(at, c));
                        }
                    }
                    _ => {}
                }
            }
        } else {
            match c {
                '"' => string = Some((Quote::Straight, at, c)),
                '“' => string = Some((Quote::Curly(0), at, c)),
                '‘' => string = Some((Quote::Single, at, c)),
                '/' if previous == '/' => in_comment = true,
                // Blocks nest too (`{ group … { group … } }`): pest recurses on each.
                '(' | '[' | '{' | '（' | '【' | '［' | '｛' => {
                    depth += 1;
                    if depth > limit {
                        return Err(too_deep(at, c));
                    }
                }
                ')' | ']' | '}' | '）' | '】' | '］' | '｝' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    match string {
        Some((_, opened, open)) => Err(unclosed(source, opened, open)),
        None => Ok(()),
    }
}

/// The error for a string opened at byte `opened` with `open` and not closed on its line: a
/// zero-width span at the end of the line (before a `\r`).
fn unclosed(source: &str, opened: usize, open: char) -> RuleError {
    let rest = source.get(opened..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    let end = opened + line.len();
    let after_open = line.get(open.len_utf8()..).unwrap_or_default();
    let other = match open {
        '"' => ['”', '’'].into_iter().find(|q| after_open.contains(*q)),
        _ => after_open.contains('"').then_some('"'),
    };
    RuleError::new(
        RuleErrorKind::UnclosedString { open, other },
        Span::new(end, end),
    )
}

/// The text with every full-width punctuation token the grammar accepts written in ASCII and
/// strings in Chinese quotes written in `"…"`; `None` when the text does not parse. Comments
/// and the content of strings are kept as they are.
pub(crate) fn ascii_punctuation(source: &str) -> Option<String> {
    let pairs = RulesParser::parse(Rule::file, source).ok()?;
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for pair in pairs.flatten() {
        let text = pair.as_str();
        let replacement = match pair.as_rule() {
            Rule::string if !text.starts_with('"') => {
                let inner = pair.clone().into_inner().next().map_or("", |p| p.as_str());
                format!("\"{}\"", escape_straight_quotes(inner))
            }
            Rule::comma if text != "," => {
                let next = source
                    .get(pair.as_span().end()..)
                    .and_then(|r| r.chars().next());
                if next.is_some_and(|c| !c.is_whitespace()) {
                    ", ".to_owned()
                } else {
                    ",".to_owned()
                }
            }
            Rule::name | Rule::signed_number if !text.is_ascii() => text.replace('－', "-"),
            Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::star
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_le
            | Rule::op_ge
            | Rule::op_lt
            | Rule::op_gt
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_neg
                if !text.is_ascii() =>
            {
                text.chars().map(ascii_operator).collect()
            }
            _ => continue,
        };
        let span = pair.as_span();
        out.push_str(source.get(copied..span.start())?);
        out.push_str(&replacement);
        copied = span.end();
    }
    out.push_str(source.get(copied..)?);
    Some(out)
}

/// `"` in the text of a “…” or ‘…’ string, escaped for a `"…"` string (escapes kept).
fn escape_straight_quotes(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if c == '"' && !escaped {
            out.push('\\');
        }
        escaped = !escaped && c == '\\';
        out.push(c);
    }
    out
}

/// The ASCII form of a character of an accepted full-width operator or bracket.
fn ascii_operator(c: char) -> String {
    match c {
        '｛' => "{",
        '｝' => "}",
        '（' => "(",
        '）' => ")",
        '【' | '［' => "[",
        '】' | '］' => "]",
        '＊' => "*",
        '＝' => "=",
        '！' => "!",
        '＜' => "<",
        '＞' => ">",
        '＋' => "+",
        '－' => "-",
        '≠' => "!=",
        '≤' => "<=",
        '≥' => ">=",
        other => return other.to_string(),
    }
    .to_owned()
}
