//! No diagnostic code is written as a string literal outside the catalogue
//! (`crates/model/src/code.rs`): every code printed comes from `nianbao_model::Code`, so the
//! catalogue is the whole list and cannot drift from what the program emits.
//!
//! The scan is textual. It flags, outside comments and test code:
//!
//! * `code("` (not as the end of `decode("`) — miette's `#[diagnostic(code("…"))]`, which
//!   would print a code of its own;
//! * a string literal that is exactly a code of the catalogue, such as `"read::io"` or
//!   `"internal"`;
//! * a string literal that starts like a code, such as `"limit::` in a `format!`.
//!
//! Test code may spell codes out (to assert what is printed), so it is skipped: files declared
//! as `#[cfg(test)] mod name;` (and everything under their directory), and the rest of a file
//! from a `#[cfg(test)] mod name {` on (clippy's `items_after_test_module` keeps an inline test
//! module last).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use nianbao_model::Code;
use nianbao_tests::root;

/// The one file that may write codes as text.
const CATALOGUE: &str = "crates/model/src/code.rs";

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module a `#[cfg(test)]` line at `at` introduces, with whether it is inline (`{`) or a
/// file of its own (`;`). Attributes between the two lines are skipped.
fn test_module(lines: &[&str], at: usize) -> Option<(String, bool)> {
    let item = lines
        .iter()
        .skip(at + 1)
        .map(|l| l.trim())
        .find(|l| !l.starts_with("#["))?;
    let rest = item.strip_prefix("pub(crate) ").unwrap_or(item);
    let rest = rest.strip_prefix("mod ")?;
    if let Some(name) = rest.strip_suffix(" {") {
        Some((name.to_owned(), true))
    } else {
        rest.strip_suffix(';').map(|name| (name.to_owned(), false))
    }
}

/// The directory the submodules of the module in `file` live in.
fn module_dir(file: &Path) -> PathBuf {
    let parent = file.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("mod" | "lib" | "main") | None => parent,
        Some(stem) => parent.join(stem),
    }
}

/// The paths (files and directories) of test modules declared as `#[cfg(test)] mod name;`.
fn test_module_paths(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            if line.trim() != "#[cfg(test)]" {
                continue;
            }
            if let Some((name, false)) = test_module(&lines, at) {
                let dir = module_dir(file);
                paths.push(dir.join(format!("{name}.rs")));
                paths.push(dir.join(name));
            }
        }
    }
    paths
}

/// Whether `line` holds `code("` as a call of its own (not the end of `decode("`).
fn calls_code(line: &str) -> bool {
    line.match_indices("code(\"").any(|(at, _)| {
        line.get(..at)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

/// The lines of `text` (1-based, with the line) that write a diagnostic code as a literal.
pub fn bypasses(text: &str) -> Vec<(usize, String)> {
    let namespaces: BTreeSet<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter_map(|c| c.split_once("::").map(|(namespace, _)| namespace))
        .collect();
    let quoted_codes: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    let quoted_prefixes: Vec<String> = namespaces.iter().map(|n| format!("\"{n}::")).collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let code = line.trim();
        if code == "#[cfg(test)]" && test_module(&lines, at).is_some_and(|(_, inline)| inline) {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let flagged = calls_code(code)
            || quoted_codes.iter().any(|q| code.contains(q.as_str()))
            || quoted_prefixes.iter().any(|q| code.contains(q.as_str()));
        if flagged {
            found.push((at + 1, code.to_owned()));
        }
    }
    found
}

/// No code outside the catalogue is written as a string literal.
#[test]
fn no_code_is_written_as_a_literal() {
    let root = root();
    let mut files = Vec::new();
    let crates = std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten();
    for krate in crates {
        files.extend(rust_files(&krate.path().join("src")));
    }
    assert!(files.len() > 50, "found only {} source files", files.len());
    let tests = test_module_paths(&files);
    let mut found = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        if relative == Path::new(CATALOGUE) || tests.iter().any(|t| file.starts_with(t)) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (line, code) in bypasses(&text) {
            found.push(format!("{}:{line}: {code}", relative.display()));
        }
    }
    assert!(
        found.is_empty(),
        "diagnostic codes written as literals; use nianbao_model::Code instead:\n{}",
        found.join("\n")
    );
}

/// The scan finds each kind of literal, and skips comments and test modules.
#[test]
fn scan_finds_literals_and_skips_tests() {
    let text = r#"
#[diagnostic(code("read::io"))]
// A comment may name "read::io".
fn a() -> &'static str { "internal" }
fn b(limit: &str) -> String { format!("limit::{limit}") }
fn c() -> &'static str { Code::ReadIo.as_str() }
#[diagnostic(
    code("x"),
    help("…")
)]
fn d() { decode("&amp;"); encode("年"); }
#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    const CODE: &str = "read::io";
}
"#;
    let lines: Vec<usize> = bypasses(text).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, [2, 4, 5, 8]);
    let without_tests = "#[cfg(test)]\nmod tests;\nconst C: &str = \"bind::x\";\n";
    assert_eq!(bypasses(without_tests).len(), 1);
}

/// A file module declared for tests is skipped with the directory of its submodules.
#[test]
fn test_module_files_are_found() {
    let files = [root().join("crates/read/src/docx/mod.rs")];
    let paths = test_module_paths(&files);
    let robustness = root().join("crates/read/src/docx/tests/robustness.rs");
    assert!(paths.iter().any(|p| robustness.starts_with(p)), "{paths:?}");
    let file = root().join("crates/rules/src/syntax.rs");
    assert_eq!(module_dir(&file), root().join("crates/rules/src/syntax"));
}
