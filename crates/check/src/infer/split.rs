//! Every way to read a run of digits as a given number of values.
//!
//! A crawler that saved a report page as text concatenated the cells of each table row
//! (`230 000023`). Spaces and signs are certain boundaries; inside a digit group any boundary is
//! possible, except that a number does not start with 0 unless it is 0 (or 0.x).

use std::collections::HashMap;

/// Most candidate readings kept for one run; more means the run is hopelessly ambiguous.
pub(crate) const MAX_CANDIDATES: usize = 256;

/// Most digits of one value: a longer number could not be computed with, so no reading needs
/// one. It also keeps the search linear in the run's length.
const MAX_DIGITS: usize = nianbao_model::Value::MAX_DIGITS;

/// Byte ranges (within the run) of the values of each possible reading, at most
/// [`MAX_CANDIDATES`] of them.
pub(crate) fn candidates(run: &str, count: usize) -> Vec<Vec<(usize, usize)>> {
    // A unit after the last number (251000元) belongs to it, not to the split.
    let digits_end = run
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let run = run.get(..digits_end).unwrap_or_default();
    let pieces = pieces(run);
    let mut search = Search {
        run,
        pieces: &pieces,
        completes: HashMap::new(),
        out: Vec::new(),
    };
    let mut current = Vec::new();
    if let Some(&(start, _)) = pieces.first() {
        search.walk(0, start, count, &mut current);
    } else if count == 0 {
        search.out.push(Vec::new());
    }
    search.out
}

/// Maximal stretches that hold no certain boundary: split at spaces and before signs.
fn pieces(run: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = None;
    for (at, c) in run.char_indices() {
        let boundary_before = matches!(c, '+' | '-');
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                pieces.push((s, at));
            }
            continue;
        }
        if boundary_before && let Some(s) = start.take() {
            pieces.push((s, at));
        }
        if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        pieces.push((s, run.len()));
    }
    pieces
}

/// The readings of one run. A state is a place in the run (piece, byte) with the number of
/// values still to read; whether a state can be completed is worked out once and remembered,
/// and the walk enters only states that can, so every step leads to a reading. Without it a
/// run that cannot be read (more pieces than values) was searched exhaustively: 80 digits
/// took minutes.
struct Search<'a> {
    run: &'a str,
    pieces: &'a [(usize, usize)],
    completes: HashMap<(usize, usize, usize), bool>,
    out: Vec<Vec<(usize, usize)>>,
}

impl Search<'_> {
    /// Collects the readings from `at` in `piece` with `left` values to go.
    fn walk(&mut self, piece: usize, at: usize, left: usize, current: &mut Vec<(usize, usize)>) {
        if self.out.len() >= MAX_CANDIDATES || !self.can_complete(piece, at, left) {
            return;
        }
        let Some(&(_, end)) = self.pieces.get(piece) else {
            self.out.push(current.clone());
            return;
        };
        if at == end {
            let next = self.pieces.get(piece + 1).map_or(end, |&(start, _)| start);
            self.walk(piece + 1, next, left, current);
            return;
        }
        let text = self.run.get(at..end).unwrap_or_default();
        for len in number_lengths(text) {
            current.push((at, at + len));
            self.walk(piece, at + len, left - 1, current);
            current.pop();
        }
    }

    /// Whether the rest of the run from `at` in `piece` reads as exactly `left` values.
    fn can_complete(&mut self, piece: usize, at: usize, left: usize) -> bool {
        let Some(&(_, end)) = self.pieces.get(piece) else {
            return left == 0;
        };
        // Every piece still to read needs a value of its own.
        let pieces_after = self.pieces.len() - piece - 1;
        if pieces_after + usize::from(at < end) > left {
            return false;
        }
        if let Some(&known) = self.completes.get(&(piece, at, left)) {
            return known;
        }
        let answer = if at == end {
            let next = self.pieces.get(piece + 1).map_or(end, |&(start, _)| start);
            self.can_complete(piece + 1, next, left)
        } else {
            let text = self.run.get(at..end).unwrap_or_default();
            number_lengths(text)
                .into_iter()
                .any(|len| self.can_complete(piece, at + len, left - 1))
        };
        self.completes.insert((piece, at, left), answer);
        answer
    }
}

/// Byte lengths of the numbers `text` can start with: `0`, `0.5`, `12`, `+3`, `-18`, `3.25`.
fn number_lengths(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let sign = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = bytes
        .get(sign..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return Vec::new();
    }
    let integer_lengths: Vec<usize> = if bytes.get(sign) == Some(&b'0') {
        vec![1]
    } else {
        (1..=digits.min(MAX_DIGITS)).collect()
    };
    let mut lengths = Vec::new();
    for int in integer_lengths {
        let after = sign + int;
        if bytes.get(after) == Some(&b'.') {
            // A decimal point binds the fraction to this number: take every fraction length.
            let fraction = bytes
                .get(after + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let fraction = fraction.min(MAX_DIGITS.saturating_sub(int));
            lengths.extend((1..=fraction).map(|f| after + 1 + f));
        } else {
            lengths.push(after);
        }
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(run: &str, count: usize) -> Vec<Vec<&str>> {
        candidates(run, count)
            .iter()
            .map(|c| {
                c.iter()
                    .map(|&(a, b)| run.get(a..b).unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    /// Zeros are single digits, so a run of zeros has one reading.
    #[test]
    fn zeros_are_unambiguous() {
        assert_eq!(read("0000000", 7), [["0"; 7]]);
    }

    /// Spaces are certain boundaries; the rest is enumerated.
    #[test]
    fn spaces_cut_and_digits_branch() {
        let readings = read("230 000023", 7);
        assert!(readings.contains(&vec!["23", "0", "0", "0", "0", "0", "23"]));
        assert!(readings.contains(&vec!["230", "0", "0", "0", "0", "2", "3"]));
        assert!(readings.iter().all(|r| r.len() == 7));
        assert_eq!(read("0 0 00 00 0", 7), [["0"; 7]]);
    }

    /// Signs start numbers and decimals stay whole.
    #[test]
    fn signs_and_decimals() {
        assert_eq!(read("+1036-18", 2), [["+1036", "-18"]]);
        assert!(read("1394432.52", 2).contains(&vec!["1", "394432.52"]));
        assert!(read("12", 3).is_empty());
        assert!(read("13575394432.52元", 2).contains(&vec!["1", "3575394432.52"]));
    }

    /// A run that cannot be read costs a few states per digit, not a search of every split:
    /// 3 000 digits followed by more pieces than values, and a long run that can.
    #[test]
    fn unreadable_long_runs_are_cheap() {
        let run = format!("{} 1 1 1 1 1 1 1", "1".repeat(3_000));
        assert!(read(&run, 7).is_empty());
        let readable = "1".repeat(7 * MAX_DIGITS + 1);
        assert!(read(&readable, 7).is_empty(), "no value has over 28 digits");
        let hundred = "1".repeat(100);
        let readings = read(&hundred, 7);
        assert_eq!(readings.len(), MAX_CANDIDATES);
        assert!(
            readings
                .iter()
                .all(|r| r.iter().all(|v| v.len() <= MAX_DIGITS))
        );
    }
}
