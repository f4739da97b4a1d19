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

    /// Every non-overlapping match in `key`, left to right. `numbers` are the figures of
    /// `key` ([`Numbers`]), shared by the phrases of one text.
    /// The reference for the one-pass search of the checker ([`super::Facts`]).
    #[cfg(test)]
    pub fn find_all(&self, key: &str, numbers: &Numbers) -> Vec<Found> {
        // Where a match may start, found in one pass over the text: searching again from
        // every failed start would scan the text once per occurrence of the first word.
        let starts: Vec<usize> = match self.pieces.first() {
            Some(Part::Words(words)) => {
                let mut starts: Vec<usize> = words
                    .iter()
                    .flat_map(|w| key.match_indices(w.as_str()).map(|(at, _)| at))
                    .collect();
                starts.sort_unstable();
                starts.dedup();
                starts
            }
            Some(Part::Number) => numbers.starts().to_vec(),
            Some(Part::Gap { .. }) | None => Vec::new(),
        };
        self.find_from(key, &starts, numbers)
    }

    /// The words a match may start with; empty when it starts with a number (or a gap).
    pub fn first_words(&self) -> &[String] {
        match self.pieces.first() {
            Some(Part::Words(words)) => words,
            _ => &[],
        }
    }

    /// The alternatives of each of the phrase's word pieces after the first: a match holds
    /// one of each, so a text without them has no match.
    pub fn later_words(&self) -> impl Iterator<Item = &[String]> {
        self.pieces.iter().skip(1).filter_map(|piece| match piece {
            Part::Words(words) => Some(words.as_slice()),
            Part::Gap { .. } | Part::Number => None,
        })
    }

    /// Whether a match starts with the figure.
    pub fn starts_with_number(&self) -> bool {
        matches!(self.pieces.first(), Some(Part::Number))
    }

    /// Every non-overlapping match in `key` that starts at one of `starts` (ascending, no
    /// repeats): [`Compiled::find_all`] with the places its first words are found given, for
    /// a caller that finds the first words of many phrases in one pass.
    pub fn find_from(&self, key: &str, starts: &[usize], numbers: &Numbers) -> Vec<Found> {
        let mut found = Vec::new();
        let mut from = 0;
        for &at in starts {
            if at < from {
                continue;
            }
            if let Some(hit) = self.found_at(key, at, numbers) {
                from = hit.end.max(next_char(key, at));
                found.push(hit);
            }
        }
        found
    }

    /// The match starting at byte `at`, if the phrase matches there.
    fn found_at(&self, key: &str, at: usize, numbers: &Numbers) -> Option<Found> {
        let mut state = State {
            numbers,
            number: None,
            hedged: false,
        };
        let end = self.match_at(key, at, 0, &mut state)?;
        let (value, exact, step) = match (state.number, self.means) {
            (Some(w), _) => (w.value, w.exact && !state.hedged, w.step),
            (None, Some(means)) => (Some(means), true, rust_decimal::Decimal::ONE),
            (None, None) => (None, false, rust_decimal::Decimal::ONE),
        };
        Some(Found {
            start: at,
            end,
            value,
            exact,
            step,
        })
    }

    /// Matches pieces `index..` at byte `at`; the end of the match.
    fn match_at(&self, key: &str, at: usize, index: usize, state: &mut State<'_>) -> Option<usize> {
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
                let word = words.iter().find(|w| begins_with(rest, w))?;
                self.match_at(key, at + word.len(), index + 1, state)
            }
            Part::Number => {
                let written = state.numbers.at(at)?.clone();
                let saved = state.number.replace(written.clone());
                let end = self.match_at(key, at + written.len, index + 1, state);
                if end.is_none() {
                    state.number = saved;
                }
                end
            }
            Part::Gap { sentence } => {
                // The nearest place the rest matches, within the clause (or sentence). The rest
                // is tried only where its first piece can begin: a gap spans dozens of
                // characters, and most are neither a figure nor the next word.
                let next = self.pieces.get(index + 1);
                let starts = state.numbers.starts();
                let mut number = starts.partition_point(|&start| start < at);
                for (count, (offset, c)) in key.get(at..)?.char_indices().enumerate() {
                    if count > MAX_GAP_CHARS || ends_gap(c, *sentence) {
                        return None;
                    }
                    let here = at + offset;
                    let may_begin = match next {
                        Some(Part::Words(words)) => key
                            .get(here..)
                            .is_some_and(|rest| words.iter().any(|w| begins_with(rest, w))),
                        Some(Part::Number) => {
                            while starts.get(number).is_some_and(|&start| start < here) {
                                number += 1;
                            }
                            starts.get(number) == Some(&here)
                        }
                        Some(Part::Gap { .. }) | None => true,
                    };
                    if may_begin && let Some(end) = self.match_at(key, here, index + 1, state) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
}

/// What a match has read so far, and the text's figures.
struct State<'n> {
    numbers: &'n Numbers,
    number: Option<Written>,
    hedged: bool,
}

/// The key form of a word of a phrase, as prose is keyed.
pub(crate) fn prose_key(word: &str) -> String {
    normalize::Mapped::prose(word).key
}

/// `text.starts_with(word)`, most mismatches told by the first two bytes without a call to
/// `memcmp`: a gap tries the next piece's words at every character it spans.
fn begins_with(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    match word {
        [first, second, ..] => {
            text.first() == Some(first) && text.get(1) == Some(second) && text.starts_with(word)
        }
        _ => text.starts_with(word),
    }
}

/// Whether a character ends a clause gap (or, for a sentence gap, a sentence).
fn ends_gap(c: char, sentence: bool) -> bool {
    ends_sentence(c) || (!sentence && matches!(c, ',' | ':'))
}

/// Whether a character (in key form) ends a sentence.
pub(crate) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '\n')
}

/// The characters other than digits a number (or a hedge word before it) can start with.
const NUMBER_STARTS: [char; 30] = [
    '零', '〇', '○', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
    '万', '亿', '约', '近', '逾', '超', '不', '大', '将', '接', '数', '几', '若', '上',
];

/// The first and last character of the block of common ideographs, where prose is.
const IDEOGRAPHS: (u32, u32) = (0x4E00, 0x9FFF);

/// [`NUMBER_STARTS`] among the common ideographs, one bit each: prose is tested a character
/// at a time, and a chain of comparisons on every character was 2 % of a check.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated when building: an index out of range fails the build, not a run"
)]
static IDEOGRAPH_STARTS: [u64; 328] = {
    let mut bits = [0_u64; 328];
    let mut at = 0;
    while at < NUMBER_STARTS.len() {
        let code = NUMBER_STARTS[at] as u32;
        if code >= IDEOGRAPHS.0 && code <= IDEOGRAPHS.1 {
            let offset = (code - IDEOGRAPHS.0) as usize;
            bits[offset / 64] |= 1 << (offset % 64);
        }
        at += 1;
    }
    bits
};

/// Whether a number (or a hedge word before it) can start with `c`: a quick test before
/// reading, since a phrase that starts with `{数}` is tried wherever a number may start.
fn may_start_number(c: char) -> bool {
    let code = u32::from(c);
    if code >= IDEOGRAPHS.0 && code <= IDEOGRAPHS.1 {
        let offset = (code - IDEOGRAPHS.0) as usize;
        return IDEOGRAPH_STARTS
            .get(offset / 64)
            .is_some_and(|bits| bits & (1 << (offset % 64)) != 0);
    }
    c.is_ascii_digit() || NUMBER_STARTS.contains(&c)
}

/// Every place in a key where a figure starts, and the figure written there: read once per
/// text for all the phrases matched in it (a phrase tries a number at many places).
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    /// Byte offsets, ascending.
    starts: Vec<usize>,
    /// The figure at each start.
    written: Vec<Written>,
}

impl Numbers {
    /// The figures of `key`.
    pub fn of(key: &str) -> Self {
        let mut numbers = Numbers::default();
        let mut before = None;
        for (at, c) in key.char_indices() {
            if let Some(written) = number_at(key, at, c, before) {
                numbers.starts.push(at);
                numbers.written.push(written);
            }
            before = Some(c);
        }
        numbers
    }

    /// Where figures start.
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// The figure starting at byte `at`, if one does.
    fn at(&self, at: usize) -> Option<&Written> {
        let found = self.starts.binary_search(&at).ok()?;
        self.written.get(found)
    }
}

/// The figure starting at `at`, where the character `first` is, after the character
/// `before`: a number reads there and no digit precedes it (a figure is read whole, not from
/// the middle of another number).
fn number_at(key: &str, at: usize, first: char, before: Option<char>) -> Option<Written> {
    if !may_start_number(first) {
        return None;
    }
    if before.is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    key.get(at..).and_then(number::read)
}

/// The byte after the character at `at`.
fn next_char(key: &str, at: usize) -> usize {
    key.get(at..)
        .and_then(|r| r.chars().next())
        .map_or(key.len(), |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests;
