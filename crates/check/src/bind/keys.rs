//! Every table cell's comparison key ([`normalize::key`]), computed once per document:
//! locating the template's tables looks at each cell many times (each declared table, each
//! titled part, each title), and a key is a new string each time it is computed.

use std::borrow::Cow;

use nianbao_model::{Document, Row, Span, Table as DocTable};

use super::assemble;
use crate::normalize;

/// The keys of a document's table cells, by table index, row and cell; a cell whose text is
/// its own key lends it.
#[derive(Debug, Default)]
pub(crate) struct CellKeys<'d> {
    /// Each table's span (to know it again) and its rows' keys.
    tables: Vec<(Span, Vec<RowKeys<'d>>)>,
}

#[derive(Debug)]
struct RowKeys<'d> {
    cells: Vec<Cow<'d, str>>,
    /// The key every non-blank cell of the row holds, placeholders aside (a title written
    /// once, or repeated into each cell a merged cell spans).
    sole: Option<usize>,
}

impl<'d> CellKeys<'d> {
    pub fn new(document: &'d Document) -> Self {
        CellKeys {
            tables: document
                .tables()
                .map(|t| (t.span, t.rows.iter().map(RowKeys::new).collect()))
                .collect(),
        }
    }

    /// The keys of row `row` of `table`, one per cell; computed here for a table that is not
    /// the document's (rows built while binding).
    pub fn row<'k>(&'k self, table: &DocTable, row: usize) -> Cow<'k, [Cow<'d, str>]> {
        match (self.known(table, row), table.rows.get(row)) {
            (Some(keys), _) => Cow::Borrowed(&keys.cells),
            (None, Some(row)) => Cow::Owned(
                RowKeys::new(row)
                    .cells
                    .into_iter()
                    .map(|k| Cow::Owned(k.into_owned()))
                    .collect(),
            ),
            (None, None) => Cow::Borrowed(&[]),
        }
    }

    /// The key every non-blank, non-placeholder cell of the row holds, if they hold one.
    pub fn sole<'k>(&'k self, table: &DocTable, row: usize) -> Option<Cow<'k, str>> {
        match self.known(table, row) {
            Some(keys) => {
                let at = keys.sole?;
                keys.cells.get(at).map(|k| Cow::Borrowed(k.as_ref()))
            }
            None => {
                let keys = RowKeys::new(table.rows.get(row)?);
                let at = keys.sole?;
                keys.cells
                    .into_iter()
                    .nth(at)
                    .map(|k| Cow::Owned(k.into_owned()))
            }
        }
    }

    /// The row's keys, when `table` is the document's table of its index as it was read.
    fn known(&self, table: &DocTable, row: usize) -> Option<&RowKeys<'d>> {
        let (span, rows) = self.tables.get(table.index)?;
        let keys = rows.get(row)?;
        (*span == table.span
            && rows.len() == table.rows.len()
            && table.rows.get(row)?.cells.len() == keys.cells.len())
        .then_some(keys)
    }
}

impl<'d> RowKeys<'d> {
    fn new(row: &'d Row) -> Self {
        let cells: Vec<Cow<'d, str>> = row
            .cells
            .iter()
            .map(|c| normalize::key_cow(&c.text))
            .collect();
        let mut written = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !nianbao_model::trim(&c.text).is_empty() && !assemble::is_placeholder(&c.text)
            })
            .map(|(at, _)| at);
        let sole = written
            .next()
            .filter(|&first| written.all(|at| cells.get(at) == cells.get(first)));
        RowKeys { cells, sole }
    }
}
