//! Every way to read a run of digits as a given number of values.
//!
//! A crawler that saved a report page as text concatenated the cells of each table row
//! (`230 000023`). Spaces and signs are certain boundaries; inside a digit group any boundary is
//! possible, except that a number does not start with 0 unless it is 0 (or 0.x).

/// Most candidate readings kept for one run; more means the run is hopelessly ambiguous.
pub(crate) const MAX_CANDIDATES: usize = 256;

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
    let mut out = Vec::new();
    let mut current = Vec::new();
    walk(run, &pieces, 0, count, &mut current, &mut out);
    out
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

fn walk(
    run: &str,
    pieces: &[(usize, usize)],
    piece: usize,
    left: usize,
    current: &mut Vec<(usize, usize)>,
    out: &mut Vec<Vec<(usize, usize)>>,
) {
    if out.len() >= MAX_CANDIDATES {
        return;
    }
    let Some(&(start, end)) = pieces.get(piece) else {
        if left == 0 {
            out.push(current.clone());
        }
        return;
    };
    if left == 0 {
        return;
    }
    // Values that can start at `start` inside this piece, then continue.
    split_piece(run, pieces, piece, start, end, left, current, out);
}

#[expect(
    clippy::too_many_arguments,
    reason = "a recursive walk over one shared state"
)]
fn split_piece(
    run: &str,
    pieces: &[(usize, usize)],
    piece: usize,
    at: usize,
    end: usize,
    left: usize,
    current: &mut Vec<(usize, usize)>,
    out: &mut Vec<Vec<(usize, usize)>>,
) {
    if at == end {
        walk(run, pieces, piece + 1, left, current, out);
        return;
    }
    if left == 0 || out.len() >= MAX_CANDIDATES {
        return;
    }
    let text = run.get(at..end).unwrap_or_default();
    for len in number_lengths(text) {
        current.push((at, at + len));
        split_piece(run, pieces, piece, at + len, end, left - 1, current, out);
        current.pop();
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
        (1..=digits).collect()
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
}
