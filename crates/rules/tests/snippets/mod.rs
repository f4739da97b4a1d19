//! The rule snippets of the language reference `docs/规则语言.md`, shared by the reference
//! tests of `nianbao-rules` (every snippet compiles) and `nianbao-tests` (every snippet passes
//! its own examples).
//!
//! The convention, also written at the top of the reference:
//!
//! - a block fenced as ```` ```rules ```` is a whole rule file and is compiled as it is;
//! - a block fenced as ```` ```rules-fragment ```` is part of a template body (template items
//!   such as `check`, `patch`, `signature`); it is compiled wrapped in
//!   `template fragment "文档片段" extends gov-2021 { … }`;
//! - any other block (```` ```text ````, ```` ```sh ````) is not compiled.

use std::path::PathBuf;

/// The reference's path from the workspace root.
pub const REFERENCE: &str = "docs/规则语言.md";

/// Fence languages a block of the reference may have; anything else is a typo that would
/// silently exempt a snippet from the tests.
pub const LANGUAGES: &[&str] = &["", "text", "sh", "rules", "rules-fragment"];

/// One compilable snippet of the reference.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// 1-based line of the opening fence in the reference.
    pub line: usize,
    /// Whether the block was a fragment (and `text` is its wrapped form).
    pub fragment: bool,
    /// The rule file text to compile.
    pub text: String,
}

impl Snippet {
    /// The name to compile the snippet under: where it is written.
    pub fn name(&self) -> String {
        format!("{REFERENCE}:{}", self.line)
    }
}

/// The workspace root: the nearest directory above the crate that holds `rules/`, so the
/// module works from any crate of the workspace.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("rules").join("gov-2021.rules").is_file())
        .map_or(manifest.clone(), PathBuf::from)
}

/// The reference's text; empty when it cannot be read (the tests then fail on the count).
pub fn reference() -> String {
    std::fs::read_to_string(root().join(REFERENCE)).unwrap_or_default()
}

/// Every fenced block: (line of the opening fence, language, body).
pub fn blocks(text: &str) -> Vec<(usize, String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (at, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        match open.take() {
            None => {
                if let Some(language) = trimmed.strip_prefix("```") {
                    open = Some((at + 1, language.trim().to_owned(), String::new()));
                }
            }
            Some((start, language, mut body)) => {
                if trimmed == "```" {
                    blocks.push((start, language, body));
                } else {
                    body.push_str(line);
                    body.push('\n');
                    open = Some((start, language, body));
                }
            }
        }
    }
    if let Some(unclosed) = open {
        // An unclosed fence: keep it, so a test sees its language and body.
        blocks.push(unclosed);
    }
    blocks
}

/// Every snippet marked `rules` or `rules-fragment`, fragments wrapped into a template.
pub fn snippets(text: &str) -> Vec<Snippet> {
    blocks(text)
        .into_iter()
        .filter_map(|(line, language, body)| match language.as_str() {
            "rules" => Some(Snippet {
                line,
                fragment: false,
                text: body,
            }),
            "rules-fragment" => Some(Snippet {
                line,
                fragment: true,
                text: format!("template fragment \"文档片段\" extends gov-2021 {{\n{body}}}\n"),
            }),
            _ => None,
        })
        .collect()
}
