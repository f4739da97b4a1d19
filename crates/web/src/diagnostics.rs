//! Rule-file mistakes and lints as the page's editor shows them: which file, line and column,
//! the message, what to do, and the range to select in the editor.

use miette::Diagnostic;
use serde::Serialize;

/// One mistake or lint in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDiagnostic {
    /// The rule file it is in.
    pub file: String,
    /// `error` (the file does not compile) or `warning` (a lint: it compiles, but looks wrong).
    pub severity: &'static str,
    /// The catalogued code (`rules::unknown-row`, …).
    pub code: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What the marked text is.
    pub label: String,
    /// What to do, when there is advice.
    pub help: Option<String>,
    /// Line of the marked text, from 1.
    pub line: usize,
    /// Column of the marked text in characters, from 1.
    pub column: usize,
    /// Start and end of the marked text as JavaScript string indices (UTF-16 units), to
    /// select it in the editor.
    pub start: usize,
    /// See `start`.
    pub end: usize,
}

impl RuleDiagnostic {
    /// The diagnostic of `file` (whose text is `text`) that miette would render.
    pub fn new(
        file: &str,
        text: &str,
        severity: &'static str,
        diagnostic: &dyn Diagnostic,
    ) -> Self {
        let label = diagnostic.labels().and_then(|mut labels| labels.next());
        let (offset, length) = label.as_ref().map_or((0, 0), |l| (l.offset(), l.len()));
        let start = floor_boundary(text, offset);
        let end = floor_boundary(text, offset.saturating_add(length)).max(start);
        let before = text.get(..start).unwrap_or_default();
        let from = utf16_len(before);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self {
            file: file.to_owned(),
            severity,
            code: diagnostic
                .code()
                .map(|code| code.to_string())
                .unwrap_or_default(),
            message: diagnostic.to_string(),
            label: label
                .and_then(|l| l.label().map(str::to_owned))
                .unwrap_or_default(),
            help: diagnostic.help().map(|help| help.to_string()),
            line,
            column,
            start: from,
            end: from + utf16_len(text.get(start..end).unwrap_or_default()),
        }
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    /// A rule file in which a check names a column that does not exist, after Chinese text.
    const LOCAL: &str = "template local \"地方格式\" extends gov-2021 {\n  check L-01 error \"小计\" {\n    message \"表三：小计\"\n    assert T3[R1, 小计列] == 0\n  }\n}\n";

    /// The mistake is placed by line and character, and its range selects the name in a
    /// JavaScript string.
    #[test]
    fn locates_by_characters() {
        let error = nianbao_check::rules::compile("local.rules", LOCAL).unwrap_err();
        let found = RuleDiagnostic::new("local.rules", LOCAL, "error", &error.errors()[0]);
        assert_eq!((found.line, found.column), (4, 19), "{found:?}");
        let units: Vec<u16> = LOCAL.encode_utf16().collect();
        let marked = String::from_utf16(&units[found.start..found.end]).unwrap();
        assert_eq!(marked, "小计列", "{found:?}");
        assert_eq!(found.severity, "error");
        assert_eq!(found.code, "resolve::unknown-column");
        assert!(found.message.contains("小计列"), "{found:?}");
    }

    /// An offset inside a character or past the end does not panic.
    #[test]
    fn odd_offsets_are_clamped() {
        assert_eq!(floor_boundary("表", 1), 0);
        assert_eq!(floor_boundary("表", 99), 3);
    }
}
