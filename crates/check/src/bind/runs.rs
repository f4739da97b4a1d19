//! Finding a table's rows in running text: each row label in declared order, and the run of
//! numbers after it (up to the next label, or the first character that is not part of a number).

use nianbao_model::{Document, Paragraph};
use nianbao_rules::ruleset::{Part, Table};

use crate::normalize::Mapped;

/// How far (in key bytes) a row label may be from the previous one.
const MAX_GAP: usize = 4000;

/// The numbers found after one row label.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// Index of the part in the table.
    pub part: usize,
    /// Row id.
    pub row: String,
    /// Byte range of the label in the document text.
    pub label: (usize, usize),
    /// Byte range of the run in the document text (may be empty).
    pub span: (usize, usize),
    /// Whether the label is worded differently from the official one (recognised by
    /// [`super::gaps`]).
    pub renamed: bool,
}

/// The rows of `table` found in one paragraph of the document, if enough of them are there to
/// be sure this is the table (at least half of the labelled rows).
pub(crate) fn find(document: &Document, table: &Table) -> Vec<Run> {
    let best = document
        .paragraphs()
        .map(|p| runs_in(p, table))
        .max_by_key(Vec::len)
        .unwrap_or_default();
    let rows = table.leaf_rows().count();
    if best.is_empty() || best.len() * 2 < rows {
        Vec::new()
    } else {
        best
    }
}

/// A label found in the key text.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// Key range of the label.
    pub start: usize,
    pub end: usize,
    /// The row it labels; `None` for a part's title.
    pub row: Option<FoundRow>,
}

/// The row a found label stands for.
#[derive(Debug, Clone)]
pub(super) struct FoundRow {
    /// Index of the part in the table.
    pub part: usize,
    /// Row (or group) id.
    pub id: String,
    /// Whether it is a group.
    pub group: bool,
    /// Whether the label is worded differently from the official one.
    pub renamed: bool,
}

impl Found {
    fn row(start: usize, end: usize, part: usize, id: &str, group: bool) -> Self {
        Self {
            start,
            end,
            row: Some(FoundRow {
                part,
                id: id.to_owned(),
                group,
                renamed: false,
            }),
        }
    }
}

fn runs_in(paragraph: &Paragraph, table: &Table) -> Vec<Run> {
    let mapped = Mapped::new(&paragraph.text);
    let base = paragraph.span.start;
    let mut cursor = 0;
    // Every label found, in order.
    let mut found: Vec<Found> = Vec::new();
    for (index, part) in table.parts.iter().enumerate() {
        if let Some(title) = &part.title
            && let Some(wanted) = title.keys().first()
            && let Some((s, e)) = search(&mapped.key, wanted, cursor)
        {
            found.push(Found {
                start: s,
                end: e,
                row: None,
            });
            cursor = e;
        }
        for node in &part.rows.nodes {
            if node.unlabeled {
                if let Some(end) = header_end(&mapped.key, part, cursor) {
                    found.push(Found::row(end, end, index, &node.id, false));
                    cursor = end;
                }
                continue;
            }
            let hit = node
                .label
                .keys()
                .iter()
                .find_map(|wanted| search(&mapped.key, wanted, cursor));
            if let Some((s, e)) = hit {
                found.push(Found::row(s, e, index, &node.id, node.is_group));
                cursor = e;
            }
        }
    }
    super::gaps::recognise(&mapped.key, table, &mut found);
    let mut runs = Vec::new();
    for (at, here) in found.iter().enumerate() {
        let Some(row) = &here.row else {
            continue;
        };
        let next_found = found.get(at + 1);
        // A group label is a row of its own only when none of its leaves follows it: the group
        // printed on a single row, as the 2019 layout prints （六）其他处理.
        if row.group && next_found.is_some_and(|n| inside(table, row.part, n, &row.id)) {
            continue;
        }
        let (start, end) = (here.start, here.end);
        let next = next_found.map_or(mapped.key.len(), |n| n.start);
        let (label_start, label_end) = mapped.original(start, end);
        let (run_start, run_limit) = mapped.original(end, next.max(end));
        let stretch = paragraph.text.get(run_start..run_limit).unwrap_or_default();
        let run_end = run_start + numeric_prefix(stretch);
        if row.group && run_end == run_start {
            // A group heading followed by text: its rows are written some other way.
            continue;
        }
        runs.push(Run {
            part: row.part,
            row: row.id.clone(),
            label: (
                base + label_start,
                base + if start == end { label_start } else { label_end },
            ),
            span: (base + run_start, base + run_end),
            renamed: row.renamed,
        });
    }
    runs
}

/// Whether the label found as `found` is a row inside the group `group` of part `part`.
fn inside(table: &Table, part: usize, found: &Found, group: &str) -> bool {
    let Some(row) = &found.row else {
        return false;
    };
    let Some(rows) = table.parts.get(part).map(|p| &p.rows) else {
        return false;
    };
    match (rows.position(&row.id), rows.position(group)) {
        (Some(at), Some(group)) => row.part == part && at != group && rows.is_within(at, group),
        _ => false,
    }
}

/// Key range of the first occurrence of a label's key at or after `from`, if near enough.
fn search(key: &str, wanted: &str, from: usize) -> Option<(usize, usize)> {
    if wanted.is_empty() {
        return None;
    }
    let at = key.get(from..)?.find(wanted)? + from;
    // The first label of a table may be anywhere; the next ones follow closely.
    (from == 0 || at - from <= MAX_GAP).then_some((at, at + wanted.len()))
}

/// Where the column headers of a part end: from the first column label after `from`, skip every
/// column label that follows directly.
fn header_end(key: &str, part: &Part, from: usize) -> Option<usize> {
    let labels: Vec<&String> = part
        .columns
        .nodes
        .iter()
        .flat_map(|n| n.label.keys())
        .filter(|l| !l.is_empty())
        .collect();
    // The header starts with the first declared column label (a later one such as 总计 may
    // occur earlier in the text, in another table), runs through several column labels in a
    // row, and is followed by numbers.
    let anchor = part.columns.nodes.first()?;
    let anchors = anchor.label.keys();
    let mut search_from = from;
    loop {
        let start = anchors
            .iter()
            .filter_map(|l| {
                key.get(search_from..)?
                    .find(l.as_str())
                    .map(|at| search_from + at)
            })
            .min()?;
        let (mut at, mut skipped) = (start, 0);
        while let Some(len) = labels
            .iter()
            .filter(|l| {
                key.get(at..)
                    .is_some_and(|rest| rest.starts_with(l.as_str()))
            })
            .map(|l| l.len())
            .max()
        {
            at += len;
            skipped += 1;
        }
        let numbers_follow = key
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_digit());
        if skipped >= 3 && numbers_follow {
            return Some(at);
        }
        search_from = start + anchors.first().map_or(1, String::len).max(1);
    }
}

/// Length of the leading part of `text` that can be numbers: digits, signs, decimal points,
/// spaces, and a trailing unit.
pub(super) fn numeric_prefix(text: &str) -> usize {
    let mut end = 0;
    let mut last_digit = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            last_digit = at + c.len_utf8();
        } else if !(c.is_whitespace() || matches!(c, '.' | '+' | '-' | '，' | ',')) {
            end = at;
            break;
        }
        end = at + c.len_utf8();
    }
    let rest = text
        .get(last_digit..end.max(last_digit))
        .unwrap_or_default();
    let after = text.get(last_digit..).unwrap_or_default().trim_start();
    let unit = nianbao_model::Unit::WRITTEN
        .iter()
        .map(|(written, _)| *written)
        .find(|u| after.starts_with(u) && rest.trim().is_empty());
    match unit {
        Some(unit) => text.len() - after.len() + unit.len(),
        None => without_item_number(text, last_digit),
    }
}

/// The end of a run of numbers that stops at `end`, without the item number of the label
/// that follows it: in `00000002.申请人…` the 2 numbers the next row ("2.申请人…"), not
/// this one, whether or not that label was recognised.
fn without_item_number(text: &str, end: usize) -> usize {
    let after = text.get(end..).unwrap_or_default();
    let mut chars = after.chars();
    let marker = chars.next().is_some_and(|c| matches!(c, '.' | '、' | '．'));
    let label_follows = chars
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace());
    let before = text.get(..end).unwrap_or_default();
    let digits = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if !(marker && label_follows) {
        return end;
    }
    let prefix = before.get(..end - digits).unwrap_or_default();
    if digits <= 2 && (prefix.trim().is_empty() || prefix.ends_with(char::is_whitespace)) {
        // The item number stands apart (or alone): the numbers end before it.
        prefix.trim_end().len()
    } else if digits > 1 {
        // Run together: the item number is the last digit (tables have fewer than ten items
        // in a group).
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run stops before text, keeps spaces inside, and takes a unit after the last digit.
    #[test]
    fn numeric_prefix_stops_at_text() {
        assert_eq!(numeric_prefix("230 000023二、上年"), "230 000023".len());
        assert_eq!(numeric_prefix(" 0 0 00 00 0 四、"), " 0 0 00 00 0".len());
        assert_eq!(
            numeric_prefix("13575394432.52元三、"),
            "13575394432.52元".len()
        );
        assert_eq!(numeric_prefix("三、"), 0);
    }

    /// The item number of the next label is not part of the run, even when that label was
    /// not recognised; a decimal point is.
    #[test]
    fn numeric_prefix_leaves_the_next_item_number() {
        assert_eq!(numeric_prefix("00000002.申请人逾期"), "0000000".len());
        assert_eq!(numeric_prefix("17000001、本机关"), "1700000".len());
        assert_eq!(numeric_prefix("16220.85万元"), "16220.85万元".len());
        assert_eq!(numeric_prefix("3.其他"), 0);
        assert_eq!(numeric_prefix("0 2.其他"), "0".len());
    }
}
