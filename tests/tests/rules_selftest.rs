//! Rule self-tests: the shipped rule sets carry a passing and a failing example for every
//! check, all of them hold, and breaking a check makes `nianbao rules test` fail.

use nianbao_tests::{nianbao, root};

/// Every check of every shipped template has at least one `pass` and one `fail` example.
#[test]
fn every_shipped_check_has_examples_both_ways() {
    let rules = nianbao_rules::builtin::rule_set().unwrap_or_default();
    assert!(rules.templates.len() >= 2);
    for (template, check) in rules.checks() {
        let passes = check.examples.iter().filter(|e| e.pass).count();
        let fails = check.examples.iter().filter(|e| !e.pass).count();
        assert!(
            passes > 0 && fails > 0,
            "{}/{}: {passes} pass, {fails} fail examples",
            template.id,
            check.id
        );
    }
}

/// `nianbao rules test` on the shipped rules and on each shipped file passes.
#[test]
fn shipped_examples_hold() {
    let builtin = nianbao(&["rules", "test"]);
    assert_eq!(builtin.exit, 0, "{}", builtin.snapshot());
    insta::assert_snapshot!("rules_test__builtin", builtin.snapshot());
    for file in ["rules/gov-2021.rules", "rules/gov-2019.rules"] {
        let output = nianbao(&["rules", "test", file]);
        assert_eq!(output.exit, 0, "{file}: {}", output.snapshot());
    }
}

/// A check broken on purpose (table 四's total no longer compared with its parts) fails its own
/// `fail` example, and `rules test` says which check and where, with exit code 1.
#[test]
fn a_broken_check_fails_its_examples() {
    let text = std::fs::read_to_string(root().join("rules/gov-2021.rules")).unwrap_or_default();
    let correct =
        "assert T4[N, g.TOT] == T4[N, g.KEEP] + T4[N, g.FIX] + T4[N, g.OTHER] + T4[N, g.PEND]";
    assert!(text.contains(correct));
    let broken = text.replace(correct, "assert T4[N, g.TOT] >= 0");
    let dir = root().join("target/rules-selftest");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("broken-t4-01.rules");
    assert!(std::fs::write(&path, broken).is_ok());
    let output = nianbao(&["rules", "test", &path.display().to_string()]);
    assert_eq!(output.exit, 1, "{}", output.snapshot());
    assert!(
        output.stdout.contains("T4-01 的例子应当报错，却没有报告"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("1 个失败"), "{}", output.stdout);
}
