//! The rule snippets the README teaches with really work: the added check compiles on top of
//! the shipped 2021 format and passes its own examples.

use nianbao_tests::root;

/// The `check T3-07` snippet of the README's rule-changing guide.
#[test]
fn readme_check_snippet_works() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let start = readme.find("check T3-07").unwrap_or(0);
    let end = readme[start..]
        .find("\n   }")
        .map_or(readme.len(), |e| start + e + 5);
    let snippet = &readme[start..end];
    assert!(
        snippet.starts_with("check T3-07") && snippet.contains("example fail"),
        "{snippet}"
    );
    let file = format!("template readme \"README\" extends gov-2021 {{\n{snippet}\n}}\n");
    let rules = nianbao_rules::compile("README.md", &file);
    assert!(
        rules.is_ok(),
        "{file}\n{:?}",
        rules.err().map(|e| e.to_string())
    );
    let rules = rules.unwrap_or_default();
    let template = rules.template("readme");
    assert!(template.is_some());
    let outcomes = template
        .map(nianbao_check::selftest::run_examples)
        .unwrap_or_default();
    let own: Vec<_> = outcomes.iter().filter(|o| o.check.id == "T3-07").collect();
    assert_eq!(own.len(), 2);
    assert!(own.iter().all(|o| o.ok()));
}
