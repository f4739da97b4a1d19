//! Finding where each declared table (or each titled part of it) is in the document.

use std::collections::HashSet;
use std::ops::Range;

use nianbao_model::{Document, Table as DocTable};
use nianbao_rules::ruleset::{Part, Table};

use crate::normalize;

/// Fewer distinct official labels than this and a document table is not taken for a template
/// table: "总计" alone must not make table 四 look like table 三.
const MIN_LABELS: usize = 3;

/// The rows of a document table that hold one part of a declared table.
#[derive(Debug, Clone)]
pub(crate) struct Region<'d> {
    /// The document table.
    pub table: &'d DocTable,
    /// Rows of the part, after its title row if it has one.
    pub rows: Range<usize>,
}

/// Where each part of `table` is, in part order; `None` for a part not found.
pub(crate) fn locate<'d>(document: &'d Document, table: &Table) -> Vec<Option<Region<'d>>> {
    let titles: Vec<(usize, String)> = table
        .parts
        .iter()
        .enumerate()
        .filter_map(|(at, p)| p.title.as_ref().map(|t| (at, normalize::key(&t.text))))
        .collect();
    table
        .parts
        .iter()
        .enumerate()
        .map(|(at, part)| match &part.title {
            Some(_) => titled(document, at, &titles),
            None => best_table(document, part),
        })
        .collect()
}

/// A titled part: from the row after its title to the next title of the same table.
fn titled<'d>(
    document: &'d Document,
    part: usize,
    titles: &[(usize, String)],
) -> Option<Region<'d>> {
    let own = &titles.iter().find(|(at, _)| *at == part)?.1;
    let is_title = |row: &nianbao_model::Row, key: &str| {
        let mut texts = row.cells.iter().filter(|c| !c.text.trim().is_empty());
        texts.next().is_some_and(|c| normalize::key(&c.text) == key) && texts.next().is_none()
    };
    document.tables().find_map(|doc_table| {
        let start = doc_table.rows.iter().position(|row| is_title(row, own))? + 1;
        let end = doc_table
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .find(|(_, row)| titles.iter().any(|(_, key)| is_title(row, key)))
            .map_or(doc_table.rows.len(), |(at, _)| at);
        Some(Region {
            table: doc_table,
            rows: start..end,
        })
    })
}

/// An untitled part: the document table that holds the most of its labels.
fn best_table<'d>(document: &'d Document, part: &Part) -> Option<Region<'d>> {
    let labels: HashSet<String> = part
        .rows
        .nodes
        .iter()
        .chain(&part.columns.nodes)
        .filter(|n| !n.unlabeled)
        .flat_map(|n| n.label.all().map(normalize::key).collect::<Vec<_>>())
        .chain(
            part.corner
                .iter()
                .flat_map(|c| c.all().map(normalize::key).collect::<Vec<_>>()),
        )
        .collect();
    document
        .tables()
        .map(|doc_table| {
            let found: HashSet<String> = doc_table
                .rows
                .iter()
                .flat_map(|row| &row.cells)
                .map(|cell| normalize::key(&cell.text))
                .filter(|key| labels.contains(key))
                .collect();
            (found.len(), doc_table)
        })
        .filter(|(score, _)| *score >= MIN_LABELS)
        .max_by_key(|(score, doc_table)| (*score, std::cmp::Reverse(doc_table.index)))
        .map(|(_, doc_table)| Region {
            table: doc_table,
            rows: 0..doc_table.rows.len(),
        })
}
