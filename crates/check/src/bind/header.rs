//! Reading a part's column header: which value position of a data row is which column.
//!
//! Merged header cells are the difficulty. In the flattened .docx text a vertically merged
//! cell (自然人, 总计 in table 三) appears once with its label and then as an empty cell in the
//! rows below, while horizontally merged cells (法人或其他组织) appear once. So the bottom
//! header row has one cell per value column, and its empty cells take their labels from the
//! leaf labels of the rows above, in order. The resulting label sequence is then aligned with
//! the declared leaf columns by label (longest common subsequence), never by position alone.
//!
//! Tables whose rows are all equally wide (Markdown, and tables converted from PDF) are read as
//! a grid instead: the value columns are those right of every data row's label, and each is
//! named by all the header texts above it. A converter may write a merged header cell into every
//! column it spans, or into the wrong one (总计 headed 其他 below 总计), so every column and
//! leaf is scored: the leaf's own label counts most, a group it lies in counts, another column's
//! label counts against; the order-keeping pairing of greatest score wins. A first column whose
//! label is misspelt or unknown is a column, not the corner.
//!
//! A header that names no declared column at all (none, or only numbered placeholders) gives
//! the declared order, flagged [`Header::by_position`]: binding uses it only when the template's
//! checks confirm it ([`super::positional`]).

use std::borrow::Cow;

use nianbao_model::{Cell, Row, Value};
use nianbao_rules::ruleset::Part;

use super::labels::AxisKeys;
use crate::normalize;

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

/// How a part's header was read.
#[derive(Debug, Clone)]
pub(crate) struct Header<'d> {
    /// The value positions, left to right.
    pub positions: Vec<Position<'d>>,
    /// No header cell names a declared column (the header is missing, or only numbered
    /// placeholders such as `列1`/`Col2`): the values are taken in declared order, a reading
    /// the template's checks must confirm before it is used.
    pub by_position: bool,
    /// How many value columns the rows have, when the table is a grid.
    pub value_columns: Option<usize>,
}

/// Reads the header of a part whose data rows are `data`.
///
/// When header and data rows form one grid (every row as wide, as Markdown and converted
/// tables are), each value column is named by all the header texts above it, top to bottom,
/// and the columns are aligned with the declared leaves by those texts and their groups; the
/// value columns are those right of every data row's label. Otherwise (the flattened .docx,
/// where merged cells appear once) the bottom header row names the columns as described in
/// the module documentation.
pub(crate) fn read<'d>(
    header: &'d [Cow<'_, Row>],
    data: &[Cow<'_, Row>],
    part: &Part,
) -> Header<'d> {
    let keys = AxisKeys::new(&part.columns);
    let leaves: Vec<usize> = part
        .columns
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_group)
        .map(|(at, _)| at)
        .collect();
    let width = header.first().map_or(0, |r| r.cells.len());
    let grid = width > 0
        && !data.is_empty()
        && header
            .iter()
            .chain(data)
            .all(|row| row.cells.len() == width);
    if grid {
        return read_grid(header, data, &keys, &leaves);
    }
    let labels = header_labels(header, &keys, part);
    if labels.is_empty() {
        return in_declared_order(&keys, &leaves, None);
    }
    let mut pairs = align(&labels, &leaves, &keys);
    let exact = pairs.len();
    pair_misspelt(&labels, &leaves, &keys, &mut pairs);
    Header {
        positions: to_positions(&labels, &pairs, exact, &keys),
        by_position: false,
        value_columns: None,
    }
}

/// The values taken in declared column order.
fn in_declared_order<'d>(
    keys: &AxisKeys<'_>,
    leaves: &[usize],
    value_columns: Option<usize>,
) -> Header<'d> {
    Header {
        positions: leaves
            .iter()
            .filter_map(|&at| keys.node(at))
            .map(|n| Position {
                column: Some(n.id.to_string()),
                header: None,
                renamed: false,
            })
            .collect(),
        by_position: true,
        value_columns,
    }
}

fn to_positions<'d>(
    labels: &[Option<&'d Cell>],
    pairs: &[(usize, usize)],
    exact: usize,
    keys: &AxisKeys<'_>,
) -> Vec<Position<'d>> {
    labels
        .iter()
        .enumerate()
        .map(|(at, cell)| {
            let pair = pairs.iter().position(|(label, _)| *label == at);
            Position {
                column: pair
                    .and_then(|p| pairs.get(p))
                    .and_then(|(_, leaf)| keys.node(*leaf))
                    .map(|n| n.id.to_string()),
                header: *cell,
                renamed: pair.is_some_and(|p| p >= exact),
            }
        })
        .collect()
}

/// Where a data row's values may start: right of its last word before its first number or
/// mark, and at the latest at that number or mark.
fn value_start(row: &Row) -> (usize, usize) {
    let first_value = row
        .cells
        .iter()
        .position(|c| {
            let value = Value::parse(&c.text);
            matches!(value, Value::Mark(_)) || value.number().is_some()
        })
        .unwrap_or(row.cells.len());
    let after_label = row
        .cells
        .iter()
        .take(first_value)
        .rposition(|c| !nianbao_model::trim(&c.text).is_empty())
        .map_or(0, |at| at + 1);
    (after_label, first_value)
}

/// The first value column of a grid: the one most data rows allow (a word among the values or
/// a number among the labels of one row does not move it), the leftmost of equals.
fn first_value_column(data: &[Cow<'_, Row>], width: usize) -> usize {
    let ranges: Vec<(usize, usize)> = data.iter().map(|row| value_start(row)).collect();
    (0..=width)
        .map(|at| {
            let fits = ranges
                .iter()
                .filter(|(lo, hi)| *lo <= at && at <= *hi)
                .count();
            (fits, std::cmp::Reverse(at))
        })
        .max()
        .map_or(0, |(_, std::cmp::Reverse(at))| at)
}

/// A grid header: each value column is named by the header texts above it.
fn read_grid<'d>(
    header: &'d [Cow<'_, Row>],
    data: &[Cow<'_, Row>],
    keys: &AxisKeys<'_>,
    leaves: &[usize],
) -> Header<'d> {
    let width = header.first().map_or(0, |r| r.cells.len());
    let start = first_value_column(data, width);
    // The texts above each value column, top to bottom, a text repeated down a merged cell
    // once; each with its key, computed once: the pairing below weighs every column against
    // every leaf.
    let stacks: Vec<Vec<(&'d Cell, Cow<'d, str>)>> = (start..width)
        .map(|c| {
            let mut stack: Vec<(&'d Cell, Cow<'d, str>)> = Vec::new();
            for cell in header.iter().filter_map(|r| r.cells.get(c)) {
                let key = normalize::key_cow(&cell.text);
                if key.is_empty() || stack.last().is_some_and(|(_, last)| *last == key) {
                    continue;
                }
                stack.push((cell, key));
            }
            stack
        })
        .collect();
    if !stacks
        .iter()
        .flatten()
        .any(|(_, key)| keys.is_label_key(key))
    {
        return in_declared_order(keys, leaves, Some(width - start));
    }
    let axis = keys.axis();
    // How well a column's texts name a leaf: its own label counts most, a group it lies in
    // counts, a label of another column counts against; `None` without the leaf's own label.
    let score = |stack: &[(&Cell, Cow<'_, str>)], leaf: usize| -> Option<i64> {
        let mut own = false;
        let mut total = 0i64;
        for (_, key) in stack {
            if keys.matches_key(key, leaf) {
                own = true;
                total += 2;
            } else if axis.nodes.iter().enumerate().any(|(at, n)| {
                n.is_group && at != leaf && axis.is_within(leaf, at) && keys.matches_key(key, at)
            }) {
                total += 1;
            } else if keys.is_label_key(key) {
                total -= 1;
            }
        }
        own.then_some(total)
    };
    let weight = |c: usize, j: usize| -> Option<i64> {
        let stack = stacks.get(c)?;
        let leaf = *leaves.get(j)?;
        // Pairs first, then how well they fit.
        score(stack, leaf).map(|s| 1000 + s)
    };
    let pairs = best_pairs(stacks.len(), leaves, weight);
    let labels: Vec<Option<&'d Cell>> = stacks
        .iter()
        .enumerate()
        .map(|(c, stack)| {
            let paired = pairs.iter().find(|(at, _)| *at == c).map(|(_, leaf)| *leaf);
            paired
                .and_then(|leaf| {
                    stack
                        .iter()
                        .rev()
                        .find(|(_, key)| keys.matches_key(key, leaf))
                })
                .or_else(|| stack.last())
                .map(|(cell, _)| *cell)
        })
        .collect();
    let mut pairs = pairs;
    let exact = pairs.len();
    pair_misspelt(&labels, leaves, keys, &mut pairs);
    Header {
        positions: to_positions(&labels, &pairs, exact, keys),
        by_position: false,
        value_columns: Some(width - start),
    }
}

/// The order-keeping pairs (column, leaf node) of greatest total weight; `weight(c, j)` is
/// `None` where column `c` cannot be leaf `leaves[j]`.
fn best_pairs(
    columns: usize,
    leaves: &[usize],
    weight: impl Fn(usize, usize) -> Option<i64>,
) -> Vec<(usize, usize)> {
    let m = leaves.len();
    // best[i][j]: best total for columns[i..] and leaves[j..].
    let mut best = vec![vec![0i64; m + 1]; columns + 1];
    let get =
        |t: &[Vec<i64>], i: usize, j: usize| t.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    for i in (0..columns).rev() {
        for j in (0..m).rev() {
            let skip = get(&best, i + 1, j).max(get(&best, i, j + 1));
            let take = weight(i, j).map_or(i64::MIN, |w| w + get(&best, i + 1, j + 1));
            if let Some(slot) = best.get_mut(i).and_then(|r| r.get_mut(j)) {
                *slot = skip.max(take);
            }
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < columns && j < m {
        let here = get(&best, i, j);
        if let Some(w) = weight(i, j)
            && w + get(&best, i + 1, j + 1) == here
        {
            if let Some(&leaf) = leaves.get(j) {
                pairs.push((i, leaf));
            }
            i += 1;
            j += 1;
        } else if get(&best, i + 1, j) == here {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
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
fn header_labels<'d>(
    header: &'d [Cow<'_, Row>],
    keys: &AxisKeys<'_>,
    part: &Part,
) -> Vec<Option<&'d Cell>> {
    let first_label = |row: &Row| row.cells.iter().position(|c| keys.is_label(&c.text));
    let Some(first) = header.iter().map(Cow::as_ref).find_map(first_label) else {
        return Vec::new();
    };
    // The columns start after the corner cell when the header has one: a first column whose
    // label is misspelt or unknown is a column, not the corner.
    let corner_keys: &[String] = part.corner.as_ref().map_or(&[], |c| c.keys());
    let corner = header
        .iter()
        .filter_map(|row| {
            row.cells
                .iter()
                .position(|c| corner_keys.contains(&normalize::key(&c.text)))
        })
        .map(|at| at + 1)
        .filter(|&after| after <= first)
        .min()
        .unwrap_or(first);
    let Some(bottom) = header.iter().rposition(|row| first_label(row).is_some()) else {
        return Vec::new();
    };
    let mut labels: Vec<Option<&Cell>> = header
        .get(bottom)
        .map(|row| {
            row.cells
                .iter()
                .skip(corner)
                .map(|c| (!nianbao_model::trim(&c.text).is_empty()).then_some(c))
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
    // Each label's key once: every label is compared with every leaf.
    let label_keys: Vec<Option<Cow<'_, str>>> = labels
        .iter()
        .map(|cell| cell.map(|c| normalize::key_cow(&c.text)))
        .collect();
    let matches = |i: usize, j: usize| {
        label_keys
            .get(i)
            .and_then(Option::as_ref)
            .zip(leaves.get(j))
            .is_some_and(|(key, &leaf)| keys.matches_key(key, leaf))
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
