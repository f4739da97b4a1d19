//! What this year's report repeats of last year's: the share of a section's prose found
//! sentence by sentence in last year's text (内容雷同), and the cells whose values changed.

use foldhash::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use nianbao_model::{Figure, Report, Sentence, Span};
use rust_decimal::Decimal;

/// How much of a section repeats last year's prose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Repetition {
    /// Characters of the repeated sentences.
    pub repeated: usize,
    /// Characters of all the section's sentences.
    pub total: usize,
    /// The repeated sentences, runs of neighbours on one line joined, in text order.
    pub passages: Vec<Span>,
}

impl Repetition {
    /// The repeated share in percent, to one decimal; 0 for a section without sentences.
    pub fn percent(&self) -> Decimal {
        if self.total == 0 {
            return Decimal::ZERO;
        }
        (Decimal::from(self.repeated) * Decimal::ONE_HUNDRED / Decimal::from(self.total))
            .round_dp(1)
    }
}

/// The repetition of section `id`'s prose in the sentences `previous`; `None` when the report
/// has no such section.
pub(crate) fn in_section(report: &Report, id: &str, previous: &HashSet<u64>) -> Option<Repetition> {
    let at = report.sections.iter().position(|s| s.id == id)?;
    if !report.sections.get(at)?.present() {
        return None;
    }
    let sentences = report.sentences.iter().filter(|s| s.section == Some(at));
    Some(repetition(sentences, |hash| previous.contains(&hash)))
}

/// How much of `sentences` is `repeated`, with the passages: neighbours on one line joined.
pub(crate) fn repetition<'s>(
    sentences: impl Iterator<Item = &'s Sentence>,
    repeated: impl Fn(u64) -> bool,
) -> Repetition {
    let mut repetition = Repetition::default();
    // A repeated sentence right after another joins its passage.
    let mut joining = false;
    for sentence in sentences {
        repetition.total += sentence.weight;
        if !repeated(sentence.hash) {
            joining = false;
            continue;
        }
        repetition.repeated += sentence.weight;
        // Passages do not cross a line: a whole copied section is shown paragraph by
        // paragraph.
        match repetition.passages.last_mut() {
            Some(last) if joining && last.line == sentence.span.line => {
                last.end = sentence.span.end;
            }
            _ => repetition.passages.push(sentence.span),
        }
        joining = true;
    }
    repetition
}

/// How many cells of `tables` hold another value than the same cell in `previous` (a cell
/// last year's report does not have counts as changed); `None` when last year's report has
/// none of the tables.
pub(crate) fn changed_cells(
    report: &Report,
    previous: &Report,
    tables: &[String],
) -> Option<usize> {
    let tables = table_keys(tables);
    let last: HashMap<u32, u32> = figures(previous)
        .iter()
        .filter(|f| tables.contains(&f.table))
        .map(|f| (f.cell, f.value))
        .collect();
    if last.is_empty() {
        return None;
    }
    let changed = figures(report)
        .iter()
        .filter(|f| tables.contains(&f.table))
        .filter(|f| last.get(&f.cell) != Some(&f.value))
        .count();
    Some(changed)
}

/// The hashes of table ids, as [`Figure::table`] holds them.
pub(crate) fn table_keys(tables: &[String]) -> Vec<u32> {
    tables.iter().map(|t| hash(&t.as_str())).collect()
}

/// The report's figures: kept ones (a report kept for comparing), or hashed from its cells.
pub(crate) fn figures(report: &Report) -> std::borrow::Cow<'_, [Figure]> {
    if !report.figures.is_empty() {
        return std::borrow::Cow::Borrowed(&report.figures);
    }
    let mut figures = Vec::with_capacity(report.tables.iter().map(|t| t.cells.len()).sum());
    for t in &report.tables {
        let table = hash(&t.id.as_str());
        // A cell's hash is that of (table, row, column): the hasher's state after the table,
        // and after the row for the cells of one row (they come together), is taken up again
        // rather than the ids hashed anew for every cell.
        let mut after_table = crate::fingerprint::hasher();
        t.id.as_str().hash(&mut after_table);
        let mut after_row: Option<(&str, foldhash::quality::FoldHasher<'static>)> = None;
        for c in &t.cells {
            let mut state = match &after_row {
                Some((row, state)) if *row == &*c.row => state.clone(),
                _ => {
                    let mut state = after_table.clone();
                    (*c.row).hash(&mut state);
                    after_row = Some((&*c.row, state.clone()));
                    state
                }
            };
            (*c.column).hash(&mut state);
            figures.push(Figure {
                table,
                cell: high_half(state.finish()),
                value: hash(&c.value),
                nonzero: c.value.number().is_some_and(|n| !n.is_zero()),
            });
        }
    }
    std::borrow::Cow::Owned(figures)
}

fn hash(value: &impl Hash) -> u32 {
    high_half(crate::fingerprint::of(value))
}

/// The high half of a fingerprint: its bits are all mixed.
fn high_half(fingerprint: u64) -> u32 {
    u32::try_from(fingerprint >> 32).unwrap_or_default()
}

#[cfg(test)]
#[expect(clippy::expect_used, reason = "tests")]
mod tests {
    use super::*;
    use nianbao_model::SectionMatch;

    fn sentence(hash: u64, start: usize, weight: usize, section: Option<usize>) -> Sentence {
        Sentence {
            hash,
            span: Span {
                start,
                end: start + 10,
                line: 1,
                column: start + 1,
            },
            weight,
            section,
        }
    }

    fn report(sentences: Vec<Sentence>) -> Report {
        Report {
            template: "t".into(),
            year: None,
            agency: None,
            sections: vec![SectionMatch {
                id: "S1".into(),
                label: "一、总体情况".into(),
                span: Some(Span::default()),
                ..SectionMatch::default()
            }],
            tables: Vec::new(),
            statements: Vec::new(),
            published: None,
            sentences,
            opening: Vec::new(),
            figures: Vec::new(),
            outside: Vec::new(),
        }
    }

    #[test]
    fn joins_neighbouring_repeats_into_one_passage_and_weighs_by_characters() {
        let report = report(vec![
            sentence(1, 0, 10, Some(0)),
            sentence(2, 10, 30, Some(0)),
            sentence(3, 20, 20, Some(0)),
            sentence(4, 30, 40, Some(0)),
            // Before the first heading: not the section's.
            sentence(1, 40, 99, None),
        ]);
        let last: HashSet<u64> = [1, 2, 4].into_iter().collect();
        let found = in_section(&report, "S1", &last).expect("section");
        assert_eq!((found.repeated, found.total), (80, 100));
        assert_eq!(found.percent(), Decimal::from(80));
        let passages: Vec<(usize, usize)> =
            found.passages.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(passages, vec![(0, 20), (30, 40)]);
    }

    #[test]
    fn a_missing_section_is_unknown_and_an_empty_one_is_zero() {
        let empty = report(Vec::new());
        assert_eq!(in_section(&empty, "S9", &HashSet::default()), None);
        let found = in_section(&empty, "S1", &HashSet::default()).expect("section");
        assert_eq!(found.percent(), Decimal::ZERO);
    }

    /// A cell's figure is the hash of its table, row and column ids and of its value, whether a
    /// row's cells come together (the hasher's state after the row is taken up again) or not.
    #[test]
    fn each_figure_is_its_cells_hash() {
        let checker = crate::Checker::builtin().expect("rules");
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/2024-nanguan-jiaoyuju.txt"
        );
        let mut report = checker.check_file(root).expect("checks").report;
        // Once as bound (a row's cells together), once by column (a row's cells apart).
        for by_column in [false, true] {
            if by_column {
                for table in &mut report.tables {
                    table.cells.sort_by(|a, b| a.column.cmp(&b.column));
                }
            }
            let figures = figures(&report);
            let cells: Vec<_> = report
                .tables
                .iter()
                .flat_map(|t| t.cells.iter().map(move |c| (t, c)))
                .collect();
            assert!(cells.len() > 100, "{}", cells.len());
            assert_eq!(figures.len(), cells.len());
            for (figure, (t, c)) in figures.iter().zip(cells) {
                assert_eq!(figure.table, hash(&t.id.as_str()));
                assert_eq!(
                    figure.cell,
                    hash(&(t.id.as_str(), &*c.row, &*c.column)),
                    "{} {}",
                    c.row,
                    c.column
                );
                assert_eq!(figure.value, hash(&c.value));
            }
        }
    }
}
