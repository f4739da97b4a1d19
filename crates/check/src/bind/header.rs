//! Reading a part's column header: which value position of a data row is which column.
//!
//! Merged header cells are the difficulty. In the flattened .docx text a vertically merged
//! cell (自然人, 总计 in table 三) appears once with its label and then as an empty cell in the
//! rows below, while horizontally merged cells (法人或其他组织) appear once. So the bottom
//! header row has one cell per value column, and its empty cells take their labels from the
//! leaf labels of the rows above, in order. The resulting label sequence is then aligned with
//! the declared leaf columns by label (longest common subsequence), never by position alone.

use nianbao_model::{Cell, Row};
use nianbao_rules::ruleset::Part;

use super::labels::AxisKeys;

/// One value position of the data rows.
#[derive(Debug, Clone)]
pub(crate) struct Position<'d> {
    /// The declared column id, if the header matched one.
    pub column: Option<String>,
    /// The header cell the label came from.
    pub header: Option<&'d Cell>,
    /// The header names the column differently from the official label (a typo): it was
    /// matched by similarity and must be reported.
    pub renamed: bool,
}

/// The value positions, left to right.
pub(crate) fn positions<'d>(header: &'d [Row], part: &Part) -> Vec<Position<'d>> {
    let keys = AxisKeys::new(&part.columns);
    let leaves: Vec<usize> = part
        .columns
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_group)
        .map(|(at, _)| at)
        .collect();
    let labels = header_labels(header, &keys);
    if labels.is_empty() {
        // No usable header: the values are taken to be in declared order.
        return leaves
            .iter()
            .filter_map(|&at| keys.node(at))
            .map(|n| Position {
                column: Some(n.id.clone()),
                header: None,
                renamed: false,
            })
            .collect();
    }
    let mut pairs = align(&labels, &leaves, &keys);
    let exact = pairs.len();
    pair_misspelt(&labels, &leaves, &keys, &mut pairs);
    labels
        .iter()
        .enumerate()
        .map(|(at, cell)| {
            let pair = pairs.iter().position(|(label, _)| *label == at);
            Position {
                column: pair
                    .and_then(|p| pairs.get(p))
                    .and_then(|(_, leaf)| keys.node(*leaf))
                    .map(|n| n.id.clone()),
                header: *cell,
                renamed: pair.is_some_and(|p| p >= exact),
            }
        })
        .collect()
}

/// Pairs header labels left unmatched with unmatched leaves they closely resemble, keeping
/// the left-to-right order of the pairs already made.
fn pair_misspelt(
    labels: &[Option<&Cell>],
    leaves: &[usize],
    keys: &AxisKeys<'_>,
    pairs: &mut Vec<(usize, usize)>,
) {
    for (at, cell) in labels.iter().enumerate() {
        let Some(cell) = cell else { continue };
        if pairs.iter().any(|(label, _)| *label == at) {
            continue;
        }
        // The leaves between the nearest matched neighbours keep the order.
        let before = pairs
            .iter()
            .filter(|(l, _)| *l < at)
            .map(|(_, leaf)| *leaf)
            .max();
        let after = pairs
            .iter()
            .filter(|(l, _)| *l > at)
            .map(|(_, leaf)| *leaf)
            .min();
        let free = leaves.iter().copied().filter(|&leaf| {
            !pairs.iter().any(|(_, l)| *l == leaf)
                && before.is_none_or(|b| leaf > b)
                && after.is_none_or(|a| leaf < a)
        });
        if let Some(leaf) = super::drift::closest_leaf(keys, &cell.text, free) {
            pairs.push((at, leaf));
        }
    }
}

/// The header cell that names each value position (`None` where nothing does).
fn header_labels<'d>(header: &'d [Row], keys: &AxisKeys<'_>) -> Vec<Option<&'d Cell>> {
    let first_label = |row: &Row| row.cells.iter().position(|c| keys.is_label(&c.text));
    let Some(corner) = header.iter().find_map(first_label) else {
        return Vec::new();
    };
    let Some(bottom) = header.iter().rposition(|row| first_label(row).is_some()) else {
        return Vec::new();
    };
    let mut labels: Vec<Option<&Cell>> = header
        .get(bottom)
        .map(|row| {
            row.cells
                .iter()
                .skip(corner)
                .map(|c| (!c.text.trim().is_empty()).then_some(c))
                .collect()
        })
        .unwrap_or_default();
    let from_above = header
        .iter()
        .take(bottom)
        .flat_map(|row| row.cells.iter().skip(corner))
        .filter(|c| keys.is_leaf_label(&c.text));
    let mut empty = labels.iter_mut().filter(|slot| slot.is_none());
    for cell in from_above {
        match empty.next() {
            Some(slot) => *slot = Some(cell),
            None => break,
        }
    }
    labels
}

/// Pairs (label position, leaf node) of the longest common subsequence by label.
fn align(labels: &[Option<&Cell>], leaves: &[usize], keys: &AxisKeys<'_>) -> Vec<(usize, usize)> {
    let matches = |i: usize, j: usize| {
        labels
            .get(i)
            .copied()
            .flatten()
            .zip(leaves.get(j))
            .is_some_and(|(cell, &leaf)| keys.matches(&cell.text, leaf))
    };
    let (n, m) = (labels.len(), leaves.len());
    // table[i][j]: LCS length of labels[i..] and leaves[j..].
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if matches(i, j) {
                cell(&table, i + 1, j + 1) + 1
            } else {
                cell(&table, i + 1, j).max(cell(&table, i, j + 1))
            };
            if let Some(slot) = table.get_mut(i).and_then(|row| row.get_mut(j)) {
                *slot = value;
            }
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if matches(i, j) {
            if let Some(&leaf) = leaves.get(j) {
                pairs.push((i, leaf));
            }
            i += 1;
            j += 1;
        } else if cell(&table, i + 1, j) >= cell(&table, i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

fn cell(table: &[Vec<usize>], i: usize, j: usize) -> usize {
    table
        .get(i)
        .and_then(|row| row.get(j))
        .copied()
        .unwrap_or(0)
}
