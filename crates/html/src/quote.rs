//! A place in the report's text, quoted with the words a finding is about marked: what the
//! narrative checks (`N-…`) read in the prose is shown where it stands, not only named.

use nianbao_check::model::Span;

use crate::Esc;

/// Characters kept on each side of the marked words before the quote is cut ("……").
const CONTEXT: usize = 40;

/// The line(s) of `text` holding `span`, escaped, with the span in `<mark>`; `None` for an
/// empty span or one that does not fall on character boundaries of `text` (a note without a
/// place, or a text the spans were not made for).
pub(crate) fn quote(text: &str, span: Span) -> Option<String> {
    if span.end <= span.start {
        return None;
    }
    let marked = text.get(span.start..span.end)?;
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let line_end = text
        .get(span.end..)?
        .find('\n')
        .map_or(text.len(), |at| span.end + at);
    let before = text.get(line_start..span.start)?;
    let after = text.get(span.end..line_end)?;
    let (cut_before, before) = tail(before, CONTEXT);
    let (cut_after, after) = head(after, CONTEXT);
    Some(format!(
        "<span class=\"where\">第 {} 行</span> {}{}<mark>{}</mark>{}{}",
        span.line,
        if cut_before { "……" } else { "" },
        Esc(before.trim_start()),
        Esc(marked),
        Esc(after.trim_end()),
        if cut_after { "……" } else { "" },
    ))
}

/// The last `count` characters of `text`, and whether any were cut.
fn tail(text: &str, count: usize) -> (bool, &str) {
    match text.char_indices().rev().nth(count.saturating_sub(1)) {
        Some((at, _)) if at > 0 => (true, text.get(at..).unwrap_or(text)),
        _ => (false, text),
    }
}

/// The first `count` characters of `text`, and whether any were cut.
fn head(text: &str, count: usize) -> (bool, &str) {
    match text.char_indices().nth(count) {
        Some((at, _)) => (true, text.get(..at).unwrap_or(text)),
        None => (false, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, words: &str, line: usize) -> Span {
        let start = text.find(words).unwrap_or_default();
        Span {
            start,
            end: start + words.len(),
            line,
            column: 1,
        }
    }

    /// The words are marked within their line, escaped, and long lines are cut around them.
    #[test]
    fn marks_the_words_in_their_line() {
        let text = "标题\n本年收到申请<2>件，较上年有所增加。\n下一行";
        let quoted = quote(text, span(text, "收到申请<2>件", 2));
        assert_eq!(
            quoted.as_deref(),
            Some(
                "<span class=\"where\">第 2 行</span> 本年<mark>收到申请&lt;2&gt;件</mark>，较上年有所增加。"
            )
        );
        let long = format!("{}收到申请2件{}", "前".repeat(100), "后".repeat(100));
        let quoted = quote(&long, span(&long, "收到申请2件", 1)).unwrap_or_default();
        assert!(
            quoted.contains(&format!("……{}<mark>", "前".repeat(CONTEXT))),
            "{quoted}"
        );
        assert!(
            quoted.ends_with(&format!("</mark>{}……", "后".repeat(CONTEXT))),
            "{quoted}"
        );
    }

    /// No place, or a place that is not in this text, is no quote (and no panic).
    #[test]
    fn odd_spans_are_no_quote() {
        let text = "收到申请2件";
        assert_eq!(quote(text, Span::default()), None);
        let inside = Span {
            start: 1,
            end: 4,
            line: 1,
            column: 1,
        };
        assert_eq!(quote(text, inside), None);
        let beyond = Span {
            start: 3,
            end: 99,
            line: 1,
            column: 1,
        };
        assert_eq!(quote(text, beyond), None);
    }
}
