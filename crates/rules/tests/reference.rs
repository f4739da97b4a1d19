//! The language reference `docs/规则语言.md` stays true: every rule snippet in it compiles
//! with [`nianbao_rules::compile`] (a snippet that `extends gov-2021` compiles against the
//! built-in rules), every keyword of the grammar and every function of the resolver is
//! documented, and no block escapes the tests through a misspelt fence.
//!
//! Convention for the reference's code blocks (see `snippets/mod.rs`): ```` ```rules ```` is a
//! whole rule file, compiled as it is; ```` ```rules-fragment ```` is part of a template body,
//! compiled wrapped in `template fragment "文档片段" extends gov-2021 { … }`; ```` ```text ````
//! and ```` ```sh ```` are not compiled.

mod snippets;

use snippets::{LANGUAGES, Snippet, blocks, reference, root, snippets};

/// A description of every mistake the compiler finds in a snippet, located in the reference.
fn compile_errors(snippet: &Snippet) -> Option<String> {
    let error = nianbao_rules::compile(&snippet.name(), &snippet.text).err()?;
    // A fragment is one line lower in its wrapped text than in the reference.
    let shift = usize::from(snippet.fragment);
    let problems: Vec<String> = error
        .errors()
        .iter()
        .map(|e| {
            let span = e.span();
            let before = snippet.text.get(..span.start).unwrap_or_default();
            let line = snippet.line + before.matches('\n').count() + 1 - shift;
            let written = snippet.text.get(span.start..span.end).unwrap_or_default();
            format!("  {}:{line}: {e} (at `{written}`)", snippets::REFERENCE)
        })
        .collect();
    Some(format!(
        "snippet at {}:\n{}\n{}",
        snippet.name(),
        problems.join("\n"),
        snippet.text
    ))
}

/// Every `rules` and `rules-fragment` block of the reference compiles.
#[test]
fn every_snippet_compiles() {
    let text = reference();
    let found = snippets(&text);
    assert!(
        found.len() >= 30 && found.iter().any(|s| s.fragment) && found.iter().any(|s| !s.fragment),
        "expected at least 30 snippets of both kinds in {}, found {}",
        snippets::REFERENCE,
        found.len()
    );
    let broken: Vec<String> = found.iter().filter_map(compile_errors).collect();
    assert!(broken.is_empty(), "{}", broken.join("\n\n"));
}

/// A broken snippet is reported, so the test above cannot pass by accident.
#[test]
fn a_broken_snippet_is_caught() {
    let text = "```rules-fragment\ncheck X-01 error \"t\" {\n  assert T3[R9, NP] == 0\n}\n```\n";
    let found = snippets(text);
    assert_eq!(found.len(), 1);
    let report = found.first().and_then(compile_errors).unwrap_or_default();
    assert!(report.contains("docs/规则语言.md:3"), "{report}");
}

/// Every block's fence names a known language: a block fenced ```` ```rule ```` by mistake
/// would be neither compiled nor noticed.
#[test]
fn every_fence_language_is_known() {
    let text = reference();
    let unknown: Vec<String> = blocks(&text)
        .into_iter()
        .filter(|(_, language, _)| !LANGUAGES.contains(&language.as_str()))
        .map(|(line, language, _)| format!("line {line}: ```{language}"))
        .collect();
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
}

/// Every keyword of the grammar (`kw_*` rules) and every function the resolver knows is
/// written in the reference as code (`` `word` `` or inside a rule snippet).
#[test]
fn every_keyword_and_function_is_documented() {
    let text = reference();
    let read = |path: &str| std::fs::read_to_string(root().join(path)).unwrap_or_default();
    let grammar = read("crates/rules/src/grammar.pest");
    let keywords: Vec<String> = grammar
        .lines()
        .filter(|l| l.starts_with("kw_"))
        .filter_map(|l| l.split('"').nth(1).map(str::to_owned))
        .collect();
    assert!(keywords.len() > 40, "keywords not found in the grammar");
    let resolver = read("crates/rules/src/resolve/expr.rs");
    let functions: Vec<String> = resolver
        .split("FUNCTIONS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .map(|list| {
            list.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    assert!(functions.len() >= 9, "functions not found in the resolver");
    let code: String = snippets(&text)
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let documented = |word: &str| {
        let quoted = format!("`{word}`");
        let in_code = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|token| token == word);
        in_code && (text.contains(&quoted) || text.contains(&format!("`{word}(")))
    };
    let missing: Vec<&String> = keywords
        .iter()
        .chain(&functions)
        .filter(|w| !documented(w))
        .collect();
    assert!(
        missing.is_empty(),
        "not explained with an example in {}: {missing:?}",
        snippets::REFERENCE
    );
}
