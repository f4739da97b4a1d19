#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use nianbao_model::Code;

use super::*;
use crate::Checker;

const TODAY: Date = Date {
    year: 2025,
    month: 6,
    day: 1,
};

/// The real report with one number of 表三 changed: two T3-01 findings (自然人, 总计).
fn balance() -> Checked {
    let text = include_bytes!("../../../../examples/errors/balance.txt").to_vec();
    let checker = Checker::builtin().unwrap().with_timeout(None);
    checker
        .check_bytes(text, "examples/errors/balance.txt")
        .unwrap()
}

fn parse(text: &str) -> Result<Explanations, ExplanationsError> {
    Explanations::parse("nianbao-说明.toml", text)
}

/// An entry accepts the finding of its check that involves its cell, in its report only;
/// the counts and culprits follow.
#[test]
fn accepts_exactly_what_it_names() {
    let file = parse(
        "# 说明\n[[accept]]\ncheck = \"T3-01\"\nfile = \"balance.txt\"\nrow = \"一、本年新收政府信息公开申请数量\"\ncolumn = \"自然人\"\nreason = \"原表如此\"\n\n[[accept]]\ncheck = \"T3-01\"\nfile = \"other.txt\"\nreason = \"别的报告\"\n",
    )
    .unwrap();
    assert_eq!(file.entries.len(), 2);
    assert_eq!(file.line(&file.entries[0]), 2);
    let mut checked = balance();
    assert_eq!(checked.counts.errors, 2);
    let mut usage = Usage::default();
    let accepted = file.apply(&mut checked, TODAY, &mut usage);
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].entry, 0);
    assert!(accepted[0].finding.message.starts_with("“自然人”列"));
    assert_eq!(checked.counts.errors, 1);
    assert!(checked.findings[0].message.starts_with("“总计”列"));
    for culprit in &checked.culprits {
        assert!(culprit.explains.iter().all(|&i| i < checked.findings.len()));
    }
    // The entry about another file was not in scope: no warning for it.
    assert!(file.warnings(&usage, TODAY).is_empty());
}

/// Entries that match nothing and entries past their date are named; an expired entry
/// accepts nothing.
#[test]
fn warns_about_unused_and_expired_entries() {
    let file = parse(
        "[[accept]]\ncheck = \"T3-02\"\nreason = \"不存在的结果\"\n\n[[accept]]\ncheck = \"T3-01\"\nagency = \"南关区教育局\"\nyear = 2024\nreason = \"过期\"\nuntil = 2025-01-31\n",
    )
    .unwrap();
    let mut checked = balance();
    let mut usage = Usage::default();
    assert!(file.apply(&mut checked, TODAY, &mut usage).is_empty());
    assert_eq!(checked.counts.errors, 2);
    let warnings = file.warnings(&usage, TODAY);
    let codes: Vec<(Code, usize)> = warnings.iter().map(|w| (w.code, w.entry)).collect();
    assert_eq!(
        codes,
        [
            (Code::ExplainUnusedEntry, 0),
            (Code::ExplainExpiredEntry, 1)
        ]
    );
    assert_eq!(
        warnings[1].message,
        "说明文件 nianbao-说明.toml 第 5 行的说明已于 2025-01-31 到期：T3-01 南关区教育局 2024 年度"
    );
    // Before its date it accepts both findings.
    let mut checked = balance();
    let early = Date { month: 1, ..TODAY };
    assert_eq!(
        file.apply(&mut checked, early, &mut Usage::default()).len(),
        2
    );
    assert_eq!(checked.counts.errors, 0);
    assert!(checked.culprits.is_empty());
}

/// Problems are reported at their line and column, in Chinese.
#[test]
fn malformed_files_are_located() {
    let cases = [
        (
            "[[accept]]\ncheck = \"T3-01\"\nreason = \"\"\n",
            3,
            10,
            "没有写理由",
        ),
        ("[[accept]]\ncheck = \"T3-01\"\n", 1, 1, "没有写理由"),
        (
            "[[accept]]\ncheck = \"T3-01\"\nresaon = \"x\"\n",
            3,
            1,
            "不认识的键 `resaon`",
        ),
        ("[[accept]]\nreason = \"x\"\n", 1, 1, "没有写检查项"),
        (
            "[[accept]]\ncheck = \"T3-01\"\nreason = \"x\"\nuntil = \"明年\"\n",
            4,
            9,
            "until",
        ),
        (
            "[[accept]]\ncheck = \"T3-01\"\nreason = \"x\"\nyear = \"2024\"\n",
            4,
            8,
            "year",
        ),
        ("[[accept]]\ncheck = T3-01\n", 2, 9, "不是有效的 TOML"),
        ("[accept]\ncheck = \"T3-01\"\n", 1, 1, "[[accept]]"),
        ("title = \"x\"\n", 1, 1, "不认识的键 `title`"),
    ];
    for (text, line, column, words) in cases {
        let error = parse(text).unwrap_err();
        assert_eq!(
            (error.line, error.column),
            (line, column),
            "{text}: {error}"
        );
        assert!(error.problem.contains(words), "{text}: {error}");
    }
    assert!(parse("").unwrap().entries.is_empty());
}

/// A written file lists every finding; with its reasons filled in it accepts all of them and
/// leaves no entry unused.
#[test]
fn a_written_file_accepts_every_finding() {
    let checked = balance();
    let written = template(&[&checked]);
    assert_eq!(written.matches("[[accept]]\n").count(), 2);
    let refused = parse(&written).unwrap_err();
    assert!(refused.problem.contains("没有写理由"), "{refused}");
    let filled = written.replace("reason = \"\"", "reason = \"已核实\"");
    let file = parse(&filled).unwrap();
    let mut checked = balance();
    let mut usage = Usage::default();
    assert_eq!(file.apply(&mut checked, TODAY, &mut usage).len(), 2);
    assert!(checked.findings.is_empty());
    assert!(file.warnings(&usage, TODAY).is_empty());
}

/// Days count from 1970-01-01; dates order by day.
#[test]
fn dates() {
    assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
    assert_eq!(Date::from_days(19_723).to_string(), "2024-01-01");
    assert_eq!(Date::from_days(20_147).to_string(), "2025-02-28");
    assert_eq!(
        Date::parse("2025-12-31").map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
    assert!(Date::parse("2025-13-01").is_none());
    assert!(Date::parse("2025-02-28") < Date::parse("2025-03-01"));
    assert!(Date::today().year >= 2025);
}
