//! Statements found in prose: scopes, exceptions, other years, spans.
#![expect(
    clippy::indexing_slicing,
    clippy::panic,
    clippy::string_slice,
    reason = "tests"
)]

use super::*;
use nianbao_model::{SectionMatch, Span};

fn template(facts: &str) -> Option<Template> {
    let source = format!(
        "template t \"t\" {{ report \"年度报告\" section S1 \"一、总体情况\" section S2 \"二、其他\" {facts} }}"
    );
    nianbao_rules::compile("t.rules", &source)
        .ok()?
        .templates
        .into_iter()
        .next()
}

fn unit(text: &str, start: usize) -> Unit {
    Unit {
        text: text.to_owned(),
        start,
        exact: true,
        covers: text.len(),
    }
}

/// A fact scoped to a section is found only there; the span points into the document.
#[test]
fn scoped_to_sections() {
    let Some(t) = template("fact 收到 \"收到的申请\" { in S1 say \"收到…申请{数}件\" }")
    else {
        panic!("rules compile");
    };
    let first = "收到申请5件。";
    let second = "收到申请6件。";
    let text = format!("{first}{second}");
    let units = [unit(first, 0), unit(second, first.len())];
    let sections = [
        SectionMatch {
            id: "S1".into(),
            span: Some(Span {
                start: 0,
                end: 1,
                line: 1,
                column: 1,
            }),
            ..SectionMatch::default()
        },
        SectionMatch {
            id: "S2".into(),
            span: Some(Span {
                start: first.len(),
                end: first.len() + 1,
                line: 1,
                column: 1,
            }),
            ..SectionMatch::default()
        },
    ];
    let lines = LineIndex::new(&text);
    let found = statements(&Facts::new(&t), &units, &sections, None, &text, &lines, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].text, "收到申请5件");
    assert_eq!(
        text.get(found[0].span.start..found[0].span.end),
        Some("收到申请5件")
    );
}

/// `except` words and sentences about another year state nothing of this year's.
#[test]
fn exceptions_and_other_years() {
    let Some(t) = template("fact 收到 \"收到的申请\" { say \"收到…申请{数}件\" except \"结转\" }")
    else {
        panic!("rules compile");
    };
    let text = "收到上年结转申请2件。2023年收到申请15件。收到申请20件。";
    let found = statements(
        &Facts::new(&t),
        &[unit(text, 0)],
        &[],
        Some(2024),
        text,
        &LineIndex::new(text),
        &[],
    );
    let values: Vec<_> = found.iter().map(|s| s.value).collect();
    assert_eq!(values, vec![Some(20.into())]);
}

/// The one pass over a text for the phrases' words (first words, and the words each phrase
/// needs later, which rule a phrase out where one is missing) finds, for every phrase of the
/// shipped templates, exactly what searching the phrase alone finds, and a phrase not among
/// the text's candidates finds nothing: on the prose of the example, of the narrative
/// fixtures, and on text made of the words themselves (repeated and overlapping).
#[test]
fn one_pass_finds_what_each_phrase_finds() {
    let rules = nianbao_rules::builtin::rule_set().unwrap_or_default();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts: Vec<String> = ["examples/2024-nanguan-jiaoyuju.txt"]
        .iter()
        .map(|p| root.join(p))
        .chain(
            std::fs::read_dir(root.join("tests/fixtures/narrative"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path()),
        )
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(texts.len() > 5, "{}", texts.len());
    let mut compared = 0;
    for template in &rules.templates {
        let facts = Facts::new(template);
        let all_words: String = facts.phrase_words.words().concat();
        texts.push(format!("{all_words}{all_words}收到申请申请申请3件"));
        for text in &texts {
            for line in text.lines() {
                let key = crate::normalize::Mapped::prose(line).key;
                let numbers = matcher::Numbers::of(&key);
                let occurrences = facts.phrase_words.occurrences(&key);
                let mut candidates = Vec::new();
                facts.candidates_into(&occurrences, &mut candidates);
                assert!(candidates.is_sorted(), "{candidates:?}");
                for (at, (_, _, phrase)) in
                    (0..facts.phrases.len()).filter_map(|at| Some((at, facts.phrase(at)?)))
                {
                    let alone = phrase.compiled.find_all(&key, &numbers);
                    assert_eq!(
                        phrase.find_all(&key, &std::cell::OnceCell::new(), &occurrences),
                        alone,
                        "{line}"
                    );
                    // A phrase not tried in the text finds nothing there.
                    assert!(
                        candidates.binary_search(&at).is_ok() || alone.is_empty(),
                        "{line}"
                    );
                    compared += 1;
                }
            }
        }
        texts.pop();
    }
    assert!(compared > 10_000, "{compared}");
}

/// The year a sentence names before a figure is the last four ASCII digits before a 年, as a
/// search over the sentence's characters finds it: compared on every text of up to five pieces
/// of digits, 年, full-width digits, other characters and sentence ends.
#[test]
fn another_year_is_the_last_four_digits_before_nian() {
    /// The search over characters `another_year` replaced.
    fn by_characters(key: &str, at: usize, year: i32) -> bool {
        let start = key[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| matcher::ends_sentence(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let chars: Vec<char> = key[start..at].chars().collect();
        let mut last = None;
        for window in chars.windows(5) {
            if window[4] == '年' && window[..4].iter().all(char::is_ascii_digit) {
                last = window[..4].iter().collect::<String>().parse::<i32>().ok();
            }
        }
        last.is_some_and(|named| named != year && (1990..=2100).contains(&named))
    }
    let pieces = ["2023", "2024", "1", "年", "２０２３", "。", "收到", "12023"];
    let mut compared = 0;
    for text in nianbao_model::testkit::texts_of(&pieces, 5) {
        let key = format!("{text}5件");
        let at = text.len();
        for year in [2023, 2024] {
            assert_eq!(
                another_year(&key, at, Some(year)),
                by_characters(&key, at, year),
                "{key} {year}"
            );
            compared += 1;
        }
    }
    assert!(compared > 60_000, "{compared}");
    assert!(another_year(
        "2023年收到5件",
        "2023年收到".len(),
        Some(2024)
    ));
    assert!(!another_year(
        "2023年。收到5件",
        "2023年。收到".len(),
        Some(2024)
    ));
}
