//! Matching a fact's phrases in prose (in key form): words, gaps bounded by the clause or
//! sentence, and the figure read by [`super::number`].

use nianbao_rules::ruleset::{Phrase, Piece};

use super::number::{self, Written};
use crate::normalize;

/// How many characters a gap may cover: a clause is rarely longer, and a wider reach would
/// tie words of different statements together.
const MAX_GAP_CHARS: usize = 40;

/// A phrase compiled for matching: its words in key form.
#[derive(Debug)]
pub(crate) struct Compiled {
    pieces: Vec<Part>,
    means: Option<rust_decimal::Decimal>,
}

#[derive(Debug)]
enum Part {
    Words(Vec<String>),
    Gap { sentence: bool },
    Number,
}

/// One match: the byte range of the phrase in the key text and the figure it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub value: Option<rust_decimal::Decimal>,
    pub exact: bool,
    pub step: rust_decimal::Decimal,
}

impl Compiled {
    pub fn new(phrase: &Phrase) -> Self {
        let pieces = phrase
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Words(words) => Part::Words(
                    words
                        .iter()
                        .map(|w| prose_key(w))
                        .filter(|w| !w.is_empty())
                        .collect(),
                ),
                Piece::Gap { sentence } => Part::Gap {
                    sentence: *sentence,
                },
                Piece::Number => Part::Number,
            })
            .collect();
        Self {
            pieces,
            means: phrase.means,
        }
    }

    /// Every non-overlapping match in `key`, left to right.
    pub fn find_all(&self, key: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let mut from = 0;
        while from < key.len() {
            let Some(hit) = self.find_from(key, from) else {
                break;
            };
            from = next_char(key, hit.end.max(hit.start + 1));
            found.push(hit);
        }
        found
    }

    /// The leftmost match starting at or after `from`.
    fn find_from(&self, key: &str, from: usize) -> Option<Found> {
        let mut start = from;
        while start < key.len() {
            let candidate = match self.pieces.first()? {
                Part::Words(words) => earliest(key, start, words)?,
                Part::Number => {
                    let at = key
                        .get(start..)?
                        .char_indices()
                        .map(|(i, _)| start + i)
                        .find(|&at| number_starts(key, at))?;
                    (at, at)
                }
                Part::Gap { .. } => return None,
            };
            let at = candidate.0;
            let mut state = State {
                number: None,
                hedged: false,
            };
            if let Some(end) = self.match_at(key, at, 0, &mut state) {
                let written = state.number;
                let (value, exact, step) = match (written, self.means) {
                    (Some(w), _) => (w.value, w.exact && !state.hedged, w.step),
                    (None, Some(means)) => (Some(means), true, rust_decimal::Decimal::ONE),
                    (None, None) => (None, false, rust_decimal::Decimal::ONE),
                };
                return Some(Found {
                    start: at,
                    end,
                    value,
                    exact,
                    step,
                });
            }
            start = next_char(key, at);
        }
        None
    }

    /// Matches pieces `index..` at byte `at`; the end of the match.
    fn match_at(&self, key: &str, at: usize, index: usize, state: &mut State) -> Option<usize> {
        let Some(piece) = self.pieces.get(index) else {
            // After the last piece: words such as 左右 make the figure approximate.
            if state.number.is_some() && key.get(at..).and_then(number::hedged_after).is_some() {
                state.hedged = true;
            }
            return Some(at);
        };
        match piece {
            Part::Words(words) => {
                let rest = key.get(at..)?;
                let word = words.iter().find(|w| rest.starts_with(w.as_str()))?;
                self.match_at(key, at + word.len(), index + 1, state)
            }
            Part::Number => {
                // A figure is read whole: not from the middle of another number.
                if !number_starts(key, at) {
                    return None;
                }
                let written = number::read(key.get(at..)?)?;
                let saved = state.number.replace(written.clone());
                let end = self.match_at(key, at + written.len, index + 1, state);
                if end.is_none() {
                    state.number = saved;
                }
                end
            }
            Part::Gap { sentence } => {
                // The nearest place the rest matches, within the clause (or sentence).
                for (count, (offset, c)) in key.get(at..)?.char_indices().enumerate() {
                    if count > MAX_GAP_CHARS || ends_gap(c, *sentence) {
                        return None;
                    }
                    if let Some(end) = self.match_at(key, at + offset, index + 1, state) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
}

/// What a match has read so far.
struct State {
    number: Option<Written>,
    hedged: bool,
}

/// The key form of a word of a phrase, as prose is keyed.
pub(crate) fn prose_key(word: &str) -> String {
    normalize::Mapped::prose(word).key
}

/// Whether a character ends a clause gap (or, for a sentence gap, a sentence).
fn ends_gap(c: char, sentence: bool) -> bool {
    ends_sentence(c) || (!sentence && matches!(c, ',' | ':'))
}

/// Whether a character (in key form) ends a sentence.
pub(crate) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '\n')
}

/// Whether a figure could start at `at`: a number reads there and no digit precedes it.
fn number_starts(key: &str, at: usize) -> bool {
    let before = key.get(..at).and_then(|b| b.chars().next_back());
    let digit_before = before.is_some_and(|c| c.is_ascii_digit() || c == '.');
    !digit_before && key.get(at..).and_then(number::read).is_some()
}

/// The earliest occurrence at or after `from` of any of `words`: (start, end).
fn earliest(key: &str, from: usize, words: &[String]) -> Option<(usize, usize)> {
    let rest = key.get(from..)?;
    words
        .iter()
        .filter_map(|w| {
            rest.find(w.as_str())
                .map(|at| (from + at, from + at + w.len()))
        })
        .min()
}

/// The byte after the character at `at`.
fn next_char(key: &str, at: usize) -> usize {
    key.get(at..)
        .and_then(|r| r.chars().next())
        .map_or(key.len(), |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests;
