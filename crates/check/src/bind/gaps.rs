//! Rows of run-together text whose labels are worded differently from the official ones.
//!
//! In a crawler's text the rows of a table are found by searching for their official labels.
//! A row labelled another way (an inserted word, a synonym) is not found that way; its label
//! and numbers are left between the rows that were found. This looks at that text: each
//! stretch of words followed by numbers is a row, and it is taken for one of the declared rows
//! missing at that place when it resembles that row's label closely (or is the row the order
//! expects next and resembles it well), as a misspelt label in a table is. It never takes a
//! row that was found elsewhere, and what it cannot tell stays unbound and is reported.

use nianbao_rules::ruleset::Table;

use super::drift::{ACCEPT, EXPECTED, MARGIN, score};
use super::labels::AxisKeys;
use super::runs::{Found, FoundRow, numeric_prefix};

/// Adds to `found` (kept in text order) the rows recognised between consecutive found labels.
pub(super) fn recognise(key: &str, table: &Table, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for pair in found.windows(2) {
        let [before, after] = pair else { continue };
        let (Some(row), Some(next)) = (&before.row, &after.row) else {
            continue;
        };
        if row.part != next.part {
            continue;
        }
        let Some(part) = table.parts.get(row.part) else {
            continue;
        };
        let keys = AxisKeys::new(&part.rows);
        let axis = &part.rows;
        let (Some(from), Some(to)) = (axis.position(&row.id), axis.position(&next.id)) else {
            continue;
        };
        // The declared leaves between the two that were not found anywhere.
        let mut missing: Vec<usize> = (from + 1..to)
            .filter(|at| {
                axis.nodes.get(*at).is_some_and(|n| {
                    !n.is_group
                        && !n.unlabeled
                        && !found
                            .iter()
                            .any(|f| f.row.as_ref().is_some_and(|r| r.id == n.id))
                })
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let gap_start = before.end + key.get(before.end..after.start).map_or(0, numeric_prefix);
        let Some(gap) = key.get(gap_start..after.start) else {
            continue;
        };
        for (start, end) in segments(gap) {
            let Some(text) = gap.get(start..end) else {
                continue;
            };
            let Some(at) = choose(&keys, text, &missing) else {
                continue;
            };
            let Some(node) = axis.nodes.get(at) else {
                continue;
            };
            added.push(Found {
                start: gap_start + start,
                end: gap_start + end,
                row: Some(FoundRow {
                    part: row.part,
                    id: node.id.to_string(),
                    group: false,
                    renamed: true,
                }),
            });
            // Rows keep their order: what comes next can only be a later row.
            missing.retain(|m| *m > at);
        }
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// The labels in a stretch of text between two found rows, as key ranges: each is words
/// (with their leading item number) that numbers follow.
fn segments(gap: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < gap.len() {
        let rest = gap.get(at..).unwrap_or_default();
        // An item number belongs to the label it starts.
        let number = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let marker = rest
            .get(number..)
            .and_then(|r| r.chars().next())
            .filter(|c| number > 0 && matches!(c, '.' | ','))
            .map_or(0, char::len_utf8);
        let words_start = number + marker;
        let words = rest
            .get(words_start..)
            .unwrap_or_default()
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map_or(rest.len() - words_start, |(i, _)| i);
        if words == 0 {
            // Numbers without a label: nothing to recognise here.
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let label_end = words_start + words;
        let numbers = rest.get(label_end..).map_or(0, numeric_prefix);
        if numbers > 0 {
            out.push((at, at + label_end));
        }
        at += label_end + numbers.max(1);
    }
    out
}

/// The missing row a label names: close to one of them and clearly closer than to the others,
/// or the first of them (the one the order expects) and well alike.
fn choose(keys: &AxisKeys<'_>, text: &str, missing: &[usize]) -> Option<usize> {
    let mut scored: Vec<(f64, usize)> = missing
        .iter()
        .map(|&at| (score(keys, text, at), at))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let &(best, at) = scored.first()?;
    let second = scored.get(1).map_or(0.0, |s| s.0);
    let clear = best - second >= MARGIN;
    let expected = missing.first() == Some(&at);
    (clear && (best >= ACCEPT || (expected && best >= EXPECTED))).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each label followed by numbers is one segment; its item number is part of it.
    #[test]
    fn segments_are_labels_followed_by_numbers() {
        let gap = "4.无正当理由大量,反复申请00000005.要求行政机关确认或者重新出具已获取信息0000000";
        let found: Vec<&str> = segments(gap)
            .into_iter()
            .map(|(a, b)| gap.get(a..b).unwrap_or_default())
            .collect();
        assert_eq!(
            found,
            [
                "4.无正当理由大量,反复申请",
                "5.要求行政机关确认或者重新出具已获取信息"
            ]
        );
        assert!(segments("0000000").is_empty());
        assert!(segments("标题没有数字").is_empty());
    }
}
