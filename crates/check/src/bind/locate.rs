//! Finding where each declared table (or each titled part of it) is in the document.
//!
//! A table is not always one document table. A page break, a 续表 or a PDF → Markdown
//! conversion splits it into blocks: consecutive document tables with nothing between them but
//! page furniture (a page number, a ruled line, the 续表 mark), each later block either
//! without a header of its own (its first row is a row of the table) or repeating the first
//! block's header. Such a chain of blocks is read as one table. A declared table printed a
//! second time elsewhere (a second chain holding as many of its labels) is returned too, so
//! that it is reported rather than silently ignored.

use std::borrow::Cow;
use std::collections::HashSet;

use nianbao_rules::ids::TemplateIds;
use std::ops::Range;

use nianbao_model::{Block as DocBlock, Document, Row, SectionMatch, Table as DocTable, Value};
use nianbao_rules::ruleset::{Part, PartKeys, Table, Template};

use super::assemble;
use super::keys::CellKeys;
use super::labels::AxisKeys;

/// Fewer distinct official labels than this and a document table is not taken for a template
/// table: "总计" alone must not make table 四 look like table 三.
const MIN_LABELS: usize = 3;

/// The labels of a part found in document tables, by their numbers ([`PartKeys::labels`]).
type Labels = crate::bits::Bits;

/// Rows of one document table.
#[derive(Debug, Clone)]
pub(crate) struct Block<'d> {
    /// The document table.
    pub table: &'d DocTable,
    /// The rows.
    pub rows: Range<usize>,
    /// Where the data of the whole table starts, when locating found it (the rows as
    /// [`cleaned`] leaves them): assembling reads it again only for rows it changed.
    pub data: Option<usize>,
}

/// Where one part of a declared table is: its blocks in document order.
#[derive(Debug, Clone)]
pub(crate) struct Region<'d> {
    /// One block, or several when the table is split (page break, 续表, conversion).
    pub blocks: Vec<Block<'d>>,
}

impl Region<'_> {
    /// The indices of the document tables the region is in.
    pub fn tables(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks.iter().map(|b| b.table.index)
    }
}

/// Where a declared table is.
#[derive(Debug, Clone, Default)]
pub(crate) struct Located<'d> {
    /// Each part, in part order; `None` for a part not found.
    pub parts: Vec<Option<Region<'d>>>,
    /// A part printed again elsewhere: (part index, the other place).
    pub again: Vec<(usize, Region<'d>)>,
}

/// Where each part of `table` is, and where a part is printed again. `keys` are the
/// document's cell keys.
pub(crate) fn locate<'d>(document: &'d Document, keys: &CellKeys, table: &Table) -> Located<'d> {
    let titles: Vec<(usize, &str)> = table
        .parts
        .iter()
        .enumerate()
        .filter_map(|(at, p)| Some((at, p.title.as_ref()?.keys().first()?.as_str())))
        .collect();
    let adjacent = adjacency(document);
    let mut located = Located::default();
    for (at, part) in table.parts.iter().enumerate() {
        let places = match &part.title {
            Some(_) => titled(document, keys, at, &titles, table.label_keys(), &adjacent),
            None => untitled(document, keys, part, &adjacent),
        };
        let mut places = places.into_iter();
        located.parts.push(places.next());
        located.again.extend(places.map(|region| (at, region)));
    }
    located
}

/// `adjacent[i]`: document tables `i` and `i + 1` have nothing but page furniture between them.
fn adjacency(document: &Document) -> Vec<bool> {
    let mut adjacent = Vec::new();
    let mut between_ok = None;
    for block in &document.blocks {
        match block {
            DocBlock::Table(_) => {
                if let Some(ok) = between_ok {
                    adjacent.push(ok);
                }
                between_ok = Some(true);
            }
            // Only the paragraphs after a table, up to the first that is not furniture, can
            // change anything: the prose that follows is not looked at (nor keyed).
            DocBlock::Paragraph(p) if between_ok == Some(true) => {
                let furniture = nianbao_model::trim(&p.text).is_empty()
                    || assemble::is_furniture(&p.text)
                    || assemble::is_continuation_mark(&p.text);
                if !furniture {
                    between_ok = Some(false);
                }
            }
            DocBlock::Paragraph(_) => {}
        }
    }
    adjacent
}

fn is_adjacent(adjacent: &[bool], table: usize) -> bool {
    adjacent.get(table).copied().unwrap_or(false)
}

/// The rows of a document table with numbered placeholder headers read as empty.
fn cleaned(table: &DocTable) -> Cow<'_, [Row]> {
    let placeholder = |cell: &nianbao_model::Cell| assemble::is_placeholder(&cell.text);
    if !table
        .rows
        .first()
        .is_some_and(|first| first.cells.iter().any(placeholder))
    {
        return Cow::Borrowed(&table.rows);
    }
    let mut rows = table.rows.clone();
    if let Some(first) = rows.first_mut() {
        for cell in &mut first.cells {
            if placeholder(cell) {
                cell.text.clear();
            }
        }
    }
    Cow::Owned(rows)
}

/// The keys of a cleaned row of `table` (see [`cleaned`]): a placeholder's is empty. Borrowed
/// from `keys` where it knows the row.
fn cleaned_keys<'k>(keys: &'k CellKeys, table: &DocTable, row: usize) -> Vec<Cow<'k, str>> {
    let texts = table
        .rows
        .get(row)
        .map(|r| r.cells.as_slice())
        .unwrap_or_default();
    let row_keys: Vec<Cow<'k, str>> = match keys.row(table, row) {
        Cow::Borrowed(known) => known.iter().map(|k| Cow::Borrowed(k.as_ref())).collect(),
        Cow::Owned(computed) => computed,
    };
    row_keys
        .into_iter()
        .zip(texts)
        .map(|(key, cell)| {
            if row == 0 && assemble::is_placeholder(&cell.text) {
                Cow::Borrowed("")
            } else {
                key
            }
        })
        .collect()
}

/// The texts of a header (the first `rows` rows of `table`, cleaned) as a comparison key.
fn header_key<'k>(keys: &'k CellKeys, table: &DocTable, rows: usize) -> Vec<Cow<'k, str>> {
    (0..rows)
        .flat_map(|row| cleaned_keys(keys, table, row))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Titled parts: every place the part's title row is found, each from the row after the
/// title to the next title of the same table, across the blocks of a split table.
fn titled<'d>(
    document: &'d Document,
    keys: &CellKeys,
    part: usize,
    titles: &[(usize, &str)],
    labels: &HashSet<String, TemplateIds>,
    adjacent: &[bool],
) -> Vec<Region<'d>> {
    let Some(own) = titles.iter().find(|(at, _)| *at == part).map(|(_, k)| k) else {
        return Vec::new();
    };
    // A title row holds the title once, or repeated into every cell a merged cell spans.
    let title_of = |table: &DocTable, row: usize| keys.sole(table, row);
    let is_title = |table: &DocTable, row: usize, key: &str| {
        title_of(table, row).is_some_and(|sole| sole == key)
    };
    // A later block continues the table when its first row holds one of the table's labels.
    let belongs = |doc_table: &DocTable| {
        cleaned_keys(keys, doc_table, 0)
            .iter()
            .any(|key| labels.contains(key.as_ref()))
    };
    let tables: Vec<&DocTable> = document.tables().collect();
    let mut regions = Vec::new();
    for (first, doc_table) in tables.iter().enumerate() {
        let Some(title) = (0..doc_table.rows.len()).find(|&row| is_title(doc_table, row, own))
        else {
            continue;
        };
        let mut blocks = Vec::new();
        let mut start = title + 1;
        let mut at = first;
        let mut current = *doc_table;
        loop {
            let end = (start..current.rows.len()).find(|&row| {
                title_of(current, row)
                    .is_some_and(|sole| titles.iter().any(|(_, key)| *key == sole))
            });
            blocks.push(Block {
                table: current,
                rows: start..end.unwrap_or(current.rows.len()),
                data: None,
            });
            if end.is_some() {
                break;
            }
            match tables.get(at + 1) {
                Some(next) if is_adjacent(adjacent, at) && belongs(next) => {
                    at += 1;
                    current = next;
                    start = 0;
                }
                _ => break,
            }
        }
        // A block the part ends in before it has rows of its own is kept only if it is the
        // first (the part may be empty, and is then reported by what binding finds).
        regions.push(Region { blocks });
    }
    regions
}

/// An untitled part: the chain of document tables holding the most of its labels, then every
/// other chain holding about as many (the table printed again).
fn untitled<'t, 'd>(
    document: &'d Document,
    keys: &CellKeys,
    part: &'t Part,
    adjacent: &[bool],
) -> Vec<Region<'d>> {
    let PartKeys {
        labels,
        rows: rows_labels,
        lengths,
    } = part.keys();
    let rows = AxisKeys::new(&part.rows);
    let found = |doc_table: &DocTable| -> Labels {
        let mut found = Labels::default();
        for row in 0..doc_table.rows.len() {
            let row_keys = keys.row(doc_table, row);
            row_keys
                .iter()
                // Most cells are figures, shorter than any label: not hashed.
                .filter(|key| lengths.contains(key.len()))
                .filter_map(|key| labels.get(key.as_ref()))
                .for_each(|&label| found.insert(label));
        }
        found
    };
    let has_row_label = |doc_table: &DocTable| {
        (0..doc_table.rows.len()).any(|row| {
            cleaned_keys(keys, doc_table, row).iter().any(|k| {
                rows.find_key(k, true, None).is_some() || rows.find_key(k, false, None).is_some()
            })
        })
    };
    // Chains of consecutive tables, each later one continuing the first.
    let mut chains: Vec<(Labels, Vec<&'d DocTable>)> = Vec::new();
    let mut open: Option<(Vec<Cow<'_, str>>, usize)> = None;
    // Where each table's data starts, by table index, for the tables searched for it.
    let mut starts: Vec<Option<usize>> = Vec::new();
    for doc_table in document.tables() {
        let labels_here = found(doc_table);
        // A table without the part's labels neither continues a chain nor starts one: where
        // its data starts (a search of every row for a label, when it has none) is not needed.
        if labels_here.is_empty() {
            open = None;
            continue;
        }
        let rows_here = cleaned(doc_table);
        let data = super::rows::first_data_row(&rows_here, part).min(rows_here.len());
        if starts.len() <= doc_table.index {
            starts.resize(doc_table.index + 1, None);
        }
        if let Some(start) = starts.get_mut(doc_table.index) {
            *start = Some(data);
        }
        let header = header_key(keys, doc_table, data);
        let continues = open.as_ref().is_some_and(|(first_header, last)| {
            is_adjacent(adjacent, *last)
                && *last + 1 == doc_table.index
                && ((data == 0 && has_row_label(doc_table)) || header == *first_header)
        });
        if continues && let Some((set, tables)) = chains.last_mut() {
            set.extend(&labels_here);
            tables.push(doc_table);
            if let Some(open) = open.as_mut() {
                open.1 = doc_table.index;
            }
            continue;
        }
        open = Some((header, doc_table.index));
        chains.push((labels_here, vec![doc_table]));
    }
    let best = chains
        .iter()
        .enumerate()
        .filter(|(_, (set, _))| set.len() >= MIN_LABELS)
        .max_by_key(|(at, (set, _))| (set.len(), std::cmp::Reverse(*at)))
        .map(|(at, (set, _))| (at, set.len()));
    let Some((best, score)) = best else {
        return Vec::new();
    };
    let region = |tables: &[&'d DocTable]| Region {
        blocks: tables
            .iter()
            .map(|t| Block {
                table: t,
                rows: 0..t.rows.len(),
                data: starts.get(t.index).copied().flatten(),
            })
            .collect(),
    };
    let Some((best_set, best_tables)) = chains.get(best) else {
        return Vec::new();
    };
    let mut joined: Vec<&'d DocTable> = best_tables.clone();
    let mut again = Vec::new();
    for (at, (set, tables)) in chains.iter().enumerate() {
        // How many row labels the chain has, and how many of them the chosen place has:
        // counted, not collected into a set for each chain.
        let (rows_here, shared) = set
            .iter()
            .filter(|&label| rows_labels.get(label).copied().unwrap_or(false))
            .fold((0, 0), |(rows, shared), label| {
                (rows + 1, shared + usize::from(best_set.contains(label)))
            });
        // A few rows the chosen place lacks count even below MIN_LABELS: the rest of a table.
        let rest = rows_here > 0 && shared == 0;
        if at == best || (set.len() < MIN_LABELS && !rest) {
            continue;
        }
        if rows_here == 0 {
            // Labelled by its header only (a table of one unlabeled row): printed again when
            // it holds about as many of the labels.
            if set.len() >= score.div_ceil(2) {
                again.push(region(tables));
            }
        } else if shared * 2 >= rows_here {
            // Mostly the same rows: the table printed again.
            again.push(region(tables));
        } else if shared == 0 {
            // Only rows the chosen place lacks: the rest of the same table, cut off from it by
            // something other than page furniture (a running page header, say).
            joined.extend(tables.iter().copied());
        }
    }
    joined.sort_by_key(|t| t.index);
    let mut regions = vec![region(&joined)];
    regions.extend(again);
    regions
}

/// A table of unlabeled rows (table 四) whose header was lost has no label to be found by. It is
/// the document table printed under the heading of the section the rule file puts it under,
/// before the next section's heading, when that table has a row of exactly as many values as
/// the table has columns. Its columns can then only be read by position, which binding uses
/// only when the template's checks confirm it.
pub(crate) fn under_heading<'d>(
    document: &'d Document,
    template: &Template,
    sections: &[SectionMatch],
    table: &Table,
) -> Option<Region<'d>> {
    let [part] = table.parts.as_slice() else {
        return None;
    };
    if part.title.is_some() || !part.rows.leaves().all(|n| n.unlabeled) {
        return None;
    }
    let width = part.columns.leaves().count();
    let heading = template
        .sections
        .iter()
        .zip(sections)
        .find(|(declared, _)| declared.table.as_deref() == Some(table.id.as_str()))
        .and_then(|(_, found)| found.span)?;
    let headings: Vec<usize> = sections
        .iter()
        .filter_map(|s| s.span.map(|span| span.start))
        .filter(|&start| start > heading.start)
        .collect();
    let next_heading = headings.into_iter().min().unwrap_or(usize::MAX);
    let doc_table = document.tables().find(|t| {
        t.span.start > heading.start && t.span.start < next_heading && !t.rows.is_empty()
    })?;
    let values_row = doc_table.rows.iter().any(|row| {
        row.cells.len() == width
            && row
                .cells
                .iter()
                .any(|c| Value::parse(&c.text).number().is_some())
            && row.cells.iter().all(|c| {
                matches!(Value::parse(&c.text), Value::Blank | Value::Mark(_))
                    || Value::parse(&c.text).number().is_some()
            })
    });
    values_row.then(|| Region {
        blocks: vec![Block {
            table: doc_table,
            rows: 0..doc_table.rows.len(),
            data: None,
        }],
    })
}
