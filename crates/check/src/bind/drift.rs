//! Template drift: a row label that matches no official label exactly may still be a known
//! row — written with a typo, or a group given on a single row as the 2019 format does. Such
//! rows are bound (so the rest can still be checked) and reported as differences.

use nianbao_model::Cell;

use super::labels::AxisKeys;
use crate::normalize;

/// A label at least this similar to one official label (and clearly more similar than to any
/// other) is that row, misspelt.
pub(crate) const ACCEPT: f64 = 0.75;

/// A label this similar is taken for the row the table's order expects next, when it is the
/// closest one.
pub(crate) const EXPECTED: f64 = 0.5;

/// How much closer the best official label must be than the second best; otherwise the two
/// compete and neither is chosen.
pub(crate) const MARGIN: f64 = 0.1;

/// What an unmatched row label turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Identified {
    /// A group whose values are given on its own single row (its leaves all absent).
    Collapsed(usize),
    /// A leaf written differently from the official label.
    Renamed(usize),
    /// As close to several leaves as to one: the candidates, closest first.
    Competing(Vec<usize>),
    /// Nothing the template declares.
    Unknown,
}

/// Identifies the row whose last label cell is `label`; `context` is the group the row lies
/// in, `bound` the rows already found, `expected` the row the table's order puts next.
pub(crate) fn identify(
    keys: &AxisKeys<'_>,
    label: &Cell,
    context: Option<usize>,
    bound: &[usize],
    expected: Option<usize>,
) -> Identified {
    let axis = keys.axis();
    if let Some(group) = keys.find(&label.text, false, None) {
        let leaves_unbound = axis
            .nodes
            .iter()
            .enumerate()
            .filter(|(at, n)| !n.is_group && axis.is_within(*at, group))
            .all(|(at, _)| !bound.contains(&at));
        return if leaves_unbound && !bound.contains(&group) {
            Identified::Collapsed(group)
        } else {
            Identified::Unknown
        };
    }
    let unbound = |at: &usize| {
        axis.nodes
            .get(*at)
            .is_some_and(|n| !n.is_group && !n.unlabeled && !bound.contains(at))
    };
    let everywhere: Vec<usize> = (0..axis.nodes.len()).filter(unbound).collect();
    let in_context: Vec<usize> = everywhere
        .iter()
        .copied()
        .filter(|&at| context.is_none_or(|g| axis.is_within(at, g)))
        .collect();
    // Within the label's group first; a label whose group was itself misspelt may belong to
    // another, but then only a close match counts.
    match choose(keys, &label.text, &in_context, expected) {
        Identified::Unknown if in_context.len() < everywhere.len() => {
            match choose(keys, &label.text, &everywhere, None) {
                Identified::Renamed(at) if score(keys, &label.text, at) >= ACCEPT => {
                    Identified::Renamed(at)
                }
                other @ Identified::Competing(_) => other,
                _ => Identified::Unknown,
            }
        }
        other => other,
    }
}

/// The candidate the label names, if one stands out.
fn choose(
    keys: &AxisKeys<'_>,
    text: &str,
    candidates: &[usize],
    expected: Option<usize>,
) -> Identified {
    let mut scored: Vec<(f64, usize)> = candidates
        .iter()
        .map(|&at| (score(keys, text, at), at))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some(&(best, at)) = scored.first() else {
        return Identified::Unknown;
    };
    let second = scored.get(1).map_or(0.0, |s| s.0);
    let clear = best - second >= MARGIN;
    if best >= ACCEPT && clear {
        return Identified::Renamed(at);
    }
    if best >= EXPECTED && clear && expected == Some(at) {
        return Identified::Renamed(at);
    }
    if best >= ACCEPT {
        let close: Vec<usize> = scored
            .iter()
            .take_while(|s| best - s.0 < MARGIN)
            .map(|s| s.1)
            .collect();
        return Identified::Competing(close);
    }
    Identified::Unknown
}

/// Of the candidate nodes, the one whose label (or a variant) `text` most resembles, if the
/// resemblance is close enough to be a misspelling and no other is as close.
pub(crate) fn closest_leaf(
    keys: &AxisKeys<'_>,
    text: &str,
    candidates: impl Iterator<Item = usize>,
) -> Option<usize> {
    let candidates: Vec<usize> = candidates.collect();
    match choose(keys, text, &candidates, None) {
        Identified::Renamed(at) => Some(at),
        _ => None,
    }
}

/// How much `text` resembles node `at`'s label or a variant of it, from 0 to 1: the closer of
/// edit distance and longest common subsequence (which forgives an inserted word) over the
/// labels without their item numbers, lowered when both carry item numbers that differ.
pub(crate) fn score(keys: &AxisKeys<'_>, text: &str, at: usize) -> f64 {
    let Some(node) = keys.node(at) else {
        return 0.0;
    };
    let written = normalize::key(text);
    let (written_number, written_core) = split_number(&written);
    node.label
        .keys()
        .iter()
        .map(|official| {
            let (number, core) = split_number(official);
            let similarity = strsim::normalized_levenshtein(written_core, core)
                .max(common_ratio(written_core, core));
            match (written_number, number) {
                (Some(a), Some(b)) if a != b => similarity - 0.2,
                _ => similarity,
            }
        })
        .fold(0.0, f64::max)
}

/// A key's leading item number ("3." of "3.其他") and the rest.
fn split_number(key: &str) -> (Option<&str>, &str) {
    let digits = key.chars().take_while(char::is_ascii_digit).count();
    match key.get(digits..digits + 1) {
        Some(".") if digits > 0 => (key.get(..digits), key.get(digits + 1..).unwrap_or_default()),
        _ => (None, key),
    }
}

/// 2 × (longest common subsequence) ÷ (total length), over characters.
fn common_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut row = vec![0usize; b.len() + 1];
    for x in &a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = if x == y {
                diagonal + 1
            } else {
                above.max(left)
            };
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    let common = row.last().copied().unwrap_or(0);
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An inserted word costs little under the common-subsequence ratio.
    #[test]
    fn an_inserted_word_is_forgiven() {
        assert!(
            common_ratio(
                "要求行政机关确认或者重新出具已获取信息",
                "要求行政机关确认或重新出具已获取信息"
            ) > 0.95
        );
        assert_eq!(common_ratio("", ""), 1.0);
        assert_eq!(split_number("3.其他"), (Some("3"), "其他"));
        assert_eq!(split_number("其他"), (None, "其他"));
    }
}
