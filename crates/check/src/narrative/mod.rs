//! The text against the tables: figures the report's prose states (narrative facts), found by
//! the phrases a rule file declares (`fact … { say "收到…申请{数}件" }`), each with its exact
//! place so a finding can point at the phrase and the cell together.
//!
//! The phrases are the rule file's; this module only knows how prose is written: numbers
//! (digits, Chinese numerals, 万, approximations, in [`number`]), clauses and sentences, and
//! which section a sentence is in.

pub(crate) mod dates;
mod matcher;
pub(crate) mod number;
pub(crate) mod sentences;
pub(crate) mod units;
mod words;

use std::cell::OnceCell;
use std::collections::HashMap;

use nianbao_model::{LineIndex, Report, SectionMatch, SourceFormat, Statement};
use nianbao_rules::ruleset::{RuleSet, Template};

use crate::normalize::Mapped;
use matcher::Compiled;
pub(crate) use units::Unit;
use words::{Occurrences, PhraseWords, WordSet};

/// A fact's phrases and exceptions compiled for matching.
#[derive(Debug)]
struct FactMatcher {
    id: String,
    sections: Vec<String>,
    phrases: Vec<PhraseMatcher>,
    except: Vec<String>,
}

/// A phrase, and the ids of its words among the template's ([`PhraseWords`]).
#[derive(Debug)]
struct PhraseMatcher {
    compiled: Compiled,
    /// The ids of its first words (none when it starts with a number).
    first: Vec<usize>,
    /// The same, as a set: a text that holds none of them is not searched for the phrase.
    first_set: WordSet,
    /// For each word piece after the first, the ids of its alternatives: a text where one
    /// piece has none of them is not searched for the phrase.
    later: Vec<WordSet>,
}

/// The facts of one template, compiled once (a checker keeps them for every report).
#[derive(Debug, Default)]
pub(crate) struct Facts {
    matchers: Vec<FactMatcher>,
    phrase_words: PhraseWords,
    /// Every phrase as (fact, phrase of the fact), in the order facts and phrases are
    /// declared: the order they are tried in, which decides which of two phrases of one fact
    /// finding the same words is kept.
    phrases: Vec<(usize, usize)>,
    /// By word id: the phrases (indices into `phrases`) that can start with the word.
    starting_with: Vec<Vec<usize>>,
    /// The phrases that start with a number, tried in every text.
    starting_with_number: Vec<usize>,
}

impl Facts {
    /// The template's facts, compiled.
    pub fn new(template: &Template) -> Self {
        let mut words = Vec::new();
        let mut ids = HashMap::new();
        let matchers: Vec<FactMatcher> = template
            .facts
            .iter()
            .map(|fact| FactMatcher {
                id: fact.id.clone(),
                sections: fact.sections.clone(),
                phrases: fact
                    .phrases
                    .iter()
                    .map(|phrase| {
                        let compiled = Compiled::new(phrase);
                        let mut id = |word: &String| {
                            *ids.entry(word.clone()).or_insert_with(|| {
                                words.push(word.clone());
                                words.len() - 1
                            })
                        };
                        let first: Vec<usize> =
                            compiled.first_words().iter().map(&mut id).collect();
                        let later = compiled
                            .later_words()
                            .map(|alternatives| alternatives.iter().map(&mut id).collect())
                            .collect();
                        PhraseMatcher {
                            compiled,
                            first_set: first.iter().copied().collect(),
                            first,
                            later,
                        }
                    })
                    .collect(),
                except: fact
                    .except
                    .iter()
                    .map(|w| matcher::prose_key(w))
                    .filter(|w| !w.is_empty())
                    .collect(),
            })
            .collect();
        let mut phrases = Vec::new();
        let mut starting_with = vec![Vec::new(); words.len()];
        let mut starting_with_number = Vec::new();
        for (fact, m) in matchers.iter().enumerate() {
            for (index, phrase) in m.phrases.iter().enumerate() {
                let at = phrases.len();
                phrases.push((fact, index));
                if phrase.compiled.starts_with_number() {
                    starting_with_number.push(at);
                }
                for &word in &phrase.first {
                    if let Some(list) = starting_with.get_mut(word) {
                        list.push(at);
                    }
                }
            }
        }
        Self {
            matchers,
            phrase_words: PhraseWords::new(words),
            phrases,
            starting_with,
            starting_with_number,
        }
    }

    /// Phrase `at` of [`Facts::phrases`]: its fact's index, the fact and the phrase.
    fn phrase(&self, at: usize) -> Option<(usize, &FactMatcher, &PhraseMatcher)> {
        let &(fact, phrase) = self.phrases.get(at)?;
        let m = self.matchers.get(fact)?;
        Some((fact, m, m.phrases.get(phrase)?))
    }

    /// The phrases that may match a text where `occurrences` were found, in the order they
    /// are tried: those starting with a number, and those whose first word occurs. (Trying
    /// every phrase in every paragraph was most of the prose's own work.)
    fn candidates_into(&self, occurrences: &Occurrences, candidates: &mut Vec<usize>) {
        candidates.clear();
        candidates.extend_from_slice(&self.starting_with_number);
        for word in occurrences.present() {
            if let Some(list) = self.starting_with.get(word) {
                candidates.extend_from_slice(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
    }
}

impl PhraseMatcher {
    /// Every match in `key`: its starts are the occurrences of its first words, or the
    /// places a number starts.
    /// `numbers` are read from `key` the first time a phrase is searched for in it (a
    /// paragraph where no phrase can match is not read for them).
    fn find_all(
        &self,
        key: &str,
        numbers: &OnceCell<matcher::Numbers>,
        occurrences: &Occurrences,
    ) -> Vec<matcher::Found> {
        // A piece none of whose words the text holds cannot be matched.
        if !self.later.iter().all(|piece| occurrences.any_of(piece)) {
            return Vec::new();
        }
        let numbers = || numbers.get_or_init(|| matcher::Numbers::of(key));
        if self.compiled.starts_with_number() {
            let numbers = numbers();
            return self.compiled.find_from(key, numbers.starts(), numbers);
        }
        // None of its first words occurs (most paragraphs).
        if !occurrences.any_of(&self.first_set) {
            return Vec::new();
        }
        // One first word (most phrases): its occurrences are the starts as they are, in order
        // and without repeats. Several: merged.
        if let [only] = self.first.as_slice() {
            return self
                .compiled
                .find_from(key, occurrences.of(*only), numbers());
        }
        let mut starts: Vec<usize> = self
            .first
            .iter()
            .flat_map(|&id| occurrences.of(id))
            .copied()
            .collect();
        starts.sort_unstable();
        starts.dedup();
        self.compiled.find_from(key, &starts, numbers())
    }
}

/// Every template's compiled facts: compiled once per checker, the first time a report of the
/// template is read (building a template's automaton is most of a one-report run's prose).
#[derive(Debug, Default)]
pub(crate) struct Prose {
    templates: crate::per_template::PerTemplate<Facts>,
}

impl Prose {
    /// Room for every template of the rule set's facts, compiled when first needed.
    pub fn new(rules: &RuleSet) -> Self {
        Self {
            templates: crate::per_template::PerTemplate::new(rules),
        }
    }

    /// Reads what the prose of `document` says into the report bound to `template`: the
    /// statements of the template's facts and each section's length. `lines` indexes the
    /// document's text, for the statements' and the sentences' spans.
    pub fn read(
        &self,
        template: &Template,
        document: &nianbao_model::Document,
        lines: &LineIndex,
        report: &mut Report,
    ) {
        let units = units::prose_units(document, document.format == SourceFormat::Pdf);
        let tables = table_regions(template, report);
        if let Some(facts) = self
            .templates
            .get_or_init(template, || Facts::new(template))
        {
            report.statements = statements(
                facts,
                &units,
                &report.sections,
                report.year,
                &document.text,
                lines,
                &tables,
            );
        }
        measure_sections(&units, &tables, report);
        let headings: Vec<(usize, usize)> = report
            .sections
            .iter()
            .enumerate()
            .filter_map(|(at, s)| s.span.map(|span| (span.start, at)))
            .collect();
        let section_at = |offset: usize| {
            headings
                .iter()
                .filter(|(start, _)| *start <= offset)
                .max_by_key(|(start, _)| *start)
                .map(|(_, at)| *at)
        };
        // Section headings are the format's own words, the same in every report.
        let mut skip = tables;
        skip.extend(
            report
                .sections
                .iter()
                .filter_map(|s| s.span.map(|span| (span.start, span.end))),
        );
        report.sentences = sentences::sentences(&units, &document.text, lines, &skip, &section_at);
        report.opening = opening(report, &document.text);
    }
}

/// Every statement of the facts in the prose units, in text order.
///
/// `sections` are the report's section headings (to tell which section a sentence is in);
/// when none was found, every fact is looked for everywhere. `year` is the report's year: a
/// clause about another year ("2023年受理申请15件" in a 2024 report) states no figure of
/// this year's.
pub(crate) fn statements(
    facts: &Facts,
    units: &[Unit],
    sections: &[SectionMatch],
    year: Option<i32>,
    text: &str,
    index: &LineIndex,
    tables: &[(usize, usize)],
) -> Vec<Statement> {
    if facts.matchers.is_empty() {
        return Vec::new();
    }
    let headings: Vec<(usize, &str)> = sections
        .iter()
        .filter_map(|s| s.span.map(|span| (span.start, s.id.as_str())))
        .collect();
    let mut out = Vec::new();
    let mut seen = foldhash::HashSet::default();
    let mut occurrences = Occurrences::default();
    let mut candidates = Vec::new();
    for unit in units {
        let mapped = Mapped::prose(&unit.text);
        let numbers = OnceCell::new();
        facts
            .phrase_words
            .occurrences_into(&mapped.key, &mut occurrences);
        facts.candidates_into(&occurrences, &mut candidates);
        for (fact, m, phrase) in candidates.iter().filter_map(|&at| facts.phrase(at)) {
            for found in phrase.find_all(&mapped.key, &numbers, &occurrences) {
                let clause = clause_before(&mapped.key, found.start);
                let excepted = m.except.iter().any(|w| {
                    mapped
                        .key
                        .get(clause..found.end)
                        .is_some_and(|c| c.contains(w.as_str()))
                });
                if excepted || another_year(&mapped.key, found.start, year) {
                    continue;
                }
                let (start, end) = mapped.original(found.start, found.end);
                let (start, end) = unit.document_range(start, end);
                // A crawler's page may hold several sections in one paragraph: the
                // section is the one the phrase itself is in.
                let in_scope = m.sections.is_empty()
                    || headings.is_empty()
                    || section_at(&headings, start)
                        .is_some_and(|s| m.sections.iter().any(|f| f == s));
                // Two phrases of one fact may find the same words.
                let repeated = !seen.insert((fact, start, end));
                // Labels of a table read from running text are not prose: "无正当理由逾期
                // 不补正…政府信息公开申请" is a row of 表三, not a statement of zero.
                let in_table = tables.iter().any(|&(from, to)| start < to && end > from);
                if !in_scope || repeated || in_table {
                    continue;
                }
                out.push(Statement {
                    fact: m.id.clone(),
                    value: found.value,
                    exact: found.exact && found.value.is_some(),
                    step: found.step,
                    text: unit.text_of(start, end, text),
                    span: index.span(text, start, end),
                });
            }
        }
    }
    out.sort_by_key(|s| (s.span.start, s.span.end));
    out
}

/// The sentences where a report names itself: after the first one naming its agency (the
/// title) and before the first section heading. Nothing when the title's agency is not
/// found there.
fn opening(report: &Report, text: &str) -> Vec<(String, nianbao_model::Span)> {
    let Some(own) = report.agency.as_deref().map(crate::years::agency_key) else {
        return Vec::new();
    };
    let before: Vec<(String, nianbao_model::Span)> = report
        .sentences
        .iter()
        .take_while(|s| s.section.is_none())
        .filter_map(|s| Some((text.get(s.span.start..s.span.end)?.to_owned(), s.span)))
        .collect();
    let title = before
        .iter()
        .position(|(written, _)| crate::years::agency_key(written).contains(&own));
    match title {
        Some(at) => before.into_iter().skip(at + 1).collect(),
        None => Vec::new(),
    }
}

/// Sets each found section's count of prose characters: the text of the prose units between
/// its heading and the next heading, without whitespace and without the tables' text.
fn measure_sections(units: &[Unit], tables: &[(usize, usize)], report: &mut Report) {
    let starts: Vec<usize> = report
        .sections
        .iter()
        .filter_map(|s| s.span.map(|span| span.start))
        .collect();
    for section in &mut report.sections {
        let Some(heading) = section.span else {
            continue;
        };
        let end = starts
            .iter()
            .copied()
            .filter(|&start| start > heading.start)
            .min()
            .unwrap_or(usize::MAX);
        section.prose = units
            .iter()
            .map(|unit| prose_between(unit, heading.end, end, tables))
            .sum();
    }
}

/// Characters of a unit's text between document offsets `from` and `to`, outside tables.
fn prose_between(unit: &Unit, from: usize, to: usize, tables: &[(usize, usize)]) -> usize {
    let in_table = |at: usize| tables.iter().any(|&(start, end)| at >= start && at < end);
    if !unit.exact {
        // Offsets inside the unit are not the document's: count it where it starts.
        let inside = unit.start >= from && unit.start < to && !in_table(unit.start);
        return if inside {
            unit.text.chars().filter(|c| !c.is_whitespace()).count()
        } else {
            0
        };
    }
    // Only the part of the unit inside the section is looked at.
    let start = from.max(unit.start);
    let end = to.min(unit.start + unit.covers);
    let inside = if start < end {
        unit.text.get(start - unit.start..end - unit.start)
    } else {
        None
    };
    let Some(inside) = inside else {
        return 0;
    };
    let crosses_table = tables.iter().any(|&(a, b)| a < end && b > start);
    inside
        .char_indices()
        .filter(|&(at, c)| !(c.is_whitespace() || (crosses_table && in_table(start + at))))
        .count()
}

/// How far before a table's first cell its section heading may stand and the text between
/// still count as the table's header (crawler text runs the header's labels together).
const TABLE_HEADER_REACH: usize = 3000;

/// The document ranges the report's tables take up: from the first cell to the last, and
/// back to the heading of the table's section when it is near (its header row is there).
fn table_regions(template: &Template, report: &Report) -> Vec<(usize, usize)> {
    report
        .tables
        .iter()
        .filter_map(|table| {
            let start = table.cells.iter().map(|c| c.span.start).min()?;
            let end = table.cells.iter().map(|c| c.span.end).max()?;
            let heading = template
                .sections
                .iter()
                .filter(|s| s.table.as_deref() == Some(table.id.as_str()))
                .filter_map(|s| report.sections.iter().find(|m| m.id == s.id))
                .filter_map(|m| m.span)
                .map(|span| span.start)
                .find(|&at| at <= start && start - at <= TABLE_HEADER_REACH);
            Some((heading.unwrap_or(start), end))
        })
        .collect()
}

/// Who signed the report and when, from its signature block; the date falls back on a
/// portal's 发布时间 line above the report.
#[derive(Debug, Default)]
pub(crate) struct Signed {
    /// When the report was signed or published.
    pub published: Option<nianbao_model::Published>,
    /// The agency under the report, and where.
    pub agency: Option<(String, nianbao_model::Span)>,
}

/// [`Signed`] from paragraphs (text, offset in `text`, whose lines `index` indexes).
pub(crate) fn signed(paragraphs: &[(&str, usize)], text: &str, index: &LineIndex) -> Signed {
    let signature = dates::signature(paragraphs);
    let (date, source) = match &signature {
        Some(signature) => (Some(signature.date), "signature"),
        None => (dates::header_date(paragraphs), "header"),
    };
    Signed {
        published: date.map(|date| nianbao_model::Published {
            date: format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
            source: source.to_owned(),
            span: index.span(text, date.start, date.end),
        }),
        agency: signature
            .and_then(|s| s.agency)
            .map(|(name, start, end)| (name, index.span(text, start, end))),
    }
}

/// The id of the section whose heading is the last one before `offset`.
fn section_at<'s>(headings: &[(usize, &'s str)], offset: usize) -> Option<&'s str> {
    headings
        .iter()
        .filter(|(start, _)| *start <= offset)
        .max_by_key(|(start, _)| *start)
        .map(|(_, id)| *id)
}

/// Where the clause holding byte `at` starts.
fn clause_before(key: &str, at: usize) -> usize {
    key.get(..at)
        .and_then(|before| {
            before
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, ',' | ':') || matcher::ends_sentence(*c))
                .map(|(i, c)| i + c.len_utf8())
        })
        .unwrap_or(0)
}

/// Whether the sentence holding byte `at` names a year other than `year` before it ("2023年").
fn another_year(key: &str, at: usize, year: Option<i32>) -> bool {
    let Some(year) = year else {
        return false;
    };
    let start = key
        .get(..at)
        .and_then(|before| {
            before
                .char_indices()
                .rev()
                .find(|(_, c)| matcher::ends_sentence(*c))
                .map(|(i, c)| i + c.len_utf8())
        })
        .unwrap_or(0);
    let Some(sentence) = key.get(start..at) else {
        return false;
    };
    // The last year named before the figure is the one the figure is about: four ASCII
    // digits before a 年 (bytes, not characters: an ASCII digit is a character of its own, so
    // no character is collected for the search).
    let bytes = sentence.as_bytes();
    let last = sentence
        .rmatch_indices('年')
        .find_map(|(at, _)| {
            let digits = bytes.get(at.checked_sub(4)?..at)?;
            digits.iter().all(u8::is_ascii_digit).then_some(digits)
        })
        .map(|digits| {
            digits
                .iter()
                .fold(0, |year, digit| year * 10 + i32::from(digit - b'0'))
        });
    last.is_some_and(|named| named != year && (1990..=2100).contains(&named))
}

#[cfg(test)]
mod tests;
