//! The worked guide "国办发布新格式时怎么办" of `docs/规则语言.md` really works: a new template
//! version in its own file (`examples/new-version/gov-2027.rules`, extending the built-in
//! gov-2021) checks a new-format report clean, and an old-format report given the same
//! `--rules` is still checked against gov-2021, also clean. And every rule snippet of the
//! reference passes its own `example`s (that they compile is tested in `nianbao-rules`).

#[path = "../../crates/rules/tests/snippets/mod.rs"]
#[expect(dead_code, reason = "shared with nianbao-rules, which uses all of it")]
mod snippets;

use nianbao_tests::nianbao;

const NEW_RULES: &str = "examples/new-version/gov-2027.rules";
const NEW_REPORT: &str = "examples/new-version/2027-示例.txt";
const OLD_REPORT: &str = "examples/2024-nanguan-jiaoyuju.txt";

/// The template `check --format json` chose for the single document, and its error count.
fn chosen(args: &[&str]) -> (u8, String, u64) {
    let output = nianbao(args);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let report = &json["reports"][0];
    let template = report["template"].as_str().unwrap_or_default().to_owned();
    let errors = report["summary"]["errors"].as_u64().unwrap_or(u64::MAX);
    (output.exit, template, errors)
}

/// The guide's rule file is valid and its checks pass their own examples.
#[test]
fn new_version_rules_are_valid_and_pass_their_examples() {
    let check = nianbao(&["rules", "check", NEW_RULES]);
    assert_eq!(check.exit, 0, "{}", check.snapshot());
    let test = nianbao(&["rules", "test", NEW_RULES]);
    assert_eq!(test.exit, 0, "{}", test.snapshot());
}

/// A new-format report is checked against gov-2027 (chosen by its signature phrases) and is
/// clean: no error, no warning, no info.
#[test]
fn new_format_report_is_clean_under_the_new_template() {
    let (exit, template, errors) = chosen(&[
        "check", "--format", "json", "--rules", NEW_RULES, NEW_REPORT,
    ]);
    assert_eq!((exit, template.as_str(), errors), (0, "gov-2027", 0));
    let human = nianbao(&[
        "check",
        "--color",
        "never",
        "--verbose",
        "--rules",
        NEW_RULES,
        NEW_REPORT,
    ]);
    assert!(
        human.stdout.contains("错误 0 个，警告 0 个，提示 0 个"),
        "{}",
        human.snapshot()
    );
    assert!(
        human.stderr.contains("选用模板 gov-2027"),
        "{}",
        human.snapshot()
    );
}

/// Without the new rule file the same report does not fit gov-2021: the changed rows are
/// reported. This is why the guide adds a template rather than trusting the old one.
#[test]
fn new_format_report_does_not_fit_the_old_template() {
    let (exit, template, errors) = chosen(&["check", "--format", "json", NEW_REPORT]);
    assert_eq!(template, "gov-2021");
    assert!(exit == 1 && errors > 0, "exit {exit}, errors {errors}");
}

/// With the new rule file added, an old-format report is still checked against the built-in
/// gov-2021 and stays clean.
#[test]
fn old_format_report_still_uses_gov_2021() {
    let (exit, template, errors) = chosen(&[
        "check", "--format", "json", "--rules", NEW_RULES, OLD_REPORT,
    ]);
    assert_eq!((exit, template.as_str(), errors), (0, "gov-2021", 0));
}

/// Every check written in a snippet of the reference passes its own examples, as
/// `nianbao rules test` would run them.
#[test]
fn reference_snippets_pass_their_examples() {
    let text = snippets::reference();
    let found = snippets::snippets(&text);
    assert!(found.len() >= 30, "only {} snippets", found.len());
    let mut ran = 0;
    let mut failed = Vec::new();
    for snippet in &found {
        let Ok(rules) = nianbao_rules::compile(&snippet.name(), &snippet.text) else {
            failed.push(format!("{}: does not compile", snippet.name()));
            continue;
        };
        for template in &rules.templates {
            // Inherited checks are the built-ins' own business; only the snippet's checks.
            let own: Vec<&str> = template_checks(&snippet.text);
            let outcomes = template
                .checks
                .iter()
                .filter(|c| own.contains(&c.id.as_str()))
                .flat_map(|check| nianbao_check::selftest::run_check_examples(template, check));
            for outcome in outcomes {
                ran += 1;
                if !outcome.ok() {
                    failed.push(format!(
                        "{}: check {} fails its example at byte {}",
                        snippet.name(),
                        outcome.check.id,
                        outcome.example.span.start
                    ));
                }
            }
        }
    }
    assert!(ran >= 20, "only {ran} examples ran");
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The ids of the checks a snippet writes itself.
fn template_checks(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("check "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect()
}

/// `nianbao explain` shows a check's formula and examples as written in its rule file: the
/// new template's own T3-09 (replacing the inherited one) next to the built-in one.
#[test]
fn explain_shows_the_rule_as_written() {
    let output = nianbao(&["explain", "T3-09", "--rules", NEW_RULES]);
    assert_eq!(output.exit, 0, "{}", output.snapshot());
    assert!(
        output
            .stdout
            .contains("规则（examples/new-version/gov-2027.rules 第 "),
        "{}",
        output.stdout
    );
    insta::assert_snapshot!("explain__new_version_t3_09", output.snapshot());
}
