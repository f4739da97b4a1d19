//! Resolving `rowspan`/`colspan` the way the flattened .docx text shows merged cells, which is
//! what the binder expects:
//!
//! * a cell spanning several columns appears once in its row;
//! * a cell spanning several rows appears in its first row, and in every later row it covers,
//!   an empty cell stands at its position among that row's cells (its span is empty, at the
//!   spanning cell's text).
//!
//! Positions come from an occupancy walk over the columns: the cells of a row are placed left
//! to right, skipping the columns held by row-spanning cells from rows above (each of which
//! contributes its one empty cell there).

/// The largest span taken from an attribute; larger values are clamped.
pub(super) const MAX_SPAN: usize = 1000;

/// A cell as written in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    pub text: String,
    /// Where the text is (empty: where the cell starts).
    pub start: usize,
    pub end: usize,
    pub rowspan: Option<usize>,
    pub colspan: Option<usize>,
}

/// A cell of a resolved row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A row-spanning cell still covering rows below its own.
#[derive(Debug, Clone, Copy)]
struct Spanning {
    column: usize,
    width: usize,
    /// First row (index) it no longer covers.
    until: usize,
    /// Where its stand-in empty cells point.
    at: usize,
}

/// Resolves written rows into rows of placed cells. Rows left without any cell are dropped.
pub(super) fn resolve(rows: Vec<Vec<Written>>) -> Vec<Vec<Placed>> {
    let written: usize = rows.iter().map(Vec::len).sum();
    // Stand-ins for row-spanning cells are capped, so absurd spans cannot blow up a page.
    let mut budget = written.saturating_mul(4).saturating_add(MAX_SPAN);
    let mut spanning: Vec<Spanning> = Vec::new();
    let mut resolved = Vec::with_capacity(rows.len());
    let count = rows.len();
    for (index, cells) in rows.into_iter().enumerate() {
        spanning.retain(|s| s.until > index);
        let left = count - index;
        let mut row = Vec::with_capacity(cells.len() + spanning.len());
        let mut stand_in = |row: &mut Vec<Placed>, s: &Spanning| {
            if budget > 0 {
                budget -= 1;
                row.push(Placed {
                    text: String::new(),
                    start: s.at,
                    end: s.at,
                });
            }
        };
        let mut next = 0;
        let mut column = 0usize;
        let mut started = Vec::new();
        for cell in cells {
            while let Some(s) = spanning.get(next).filter(|s| s.column <= column) {
                let end = s.column.saturating_add(s.width);
                if end > column {
                    stand_in(&mut row, s);
                    column = end;
                }
                next += 1;
            }
            let width = cell.colspan.unwrap_or(1).clamp(1, MAX_SPAN);
            let height = match cell.rowspan {
                Some(0) => left,
                Some(n) => n.min(MAX_SPAN).min(left),
                None => 1,
            };
            if height > 1 {
                started.push(Spanning {
                    column,
                    width,
                    until: index + height,
                    at: cell.start,
                });
            }
            row.push(Placed {
                text: cell.text,
                start: cell.start,
                end: cell.end,
            });
            column = column.saturating_add(width);
        }
        for s in spanning.get(next..).unwrap_or_default() {
            stand_in(&mut row, s);
        }
        spanning.extend(started);
        spanning.sort_by_key(|s| s.column);
        if !row.is_empty() {
            resolved.push(row);
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of cells `text[:rowspan[:colspan]]`, positioned at their index × 10.
    fn row(spec: &str, first: usize) -> Vec<Written> {
        spec.split('|')
            .enumerate()
            .map(|(at, cell)| {
                let mut parts = cell.split(':');
                let text = parts.next().unwrap_or_default().to_owned();
                let mut number = || parts.next().and_then(|p| p.parse().ok());
                let start = (first + at) * 10;
                Written {
                    end: start + text.len(),
                    text,
                    start,
                    rowspan: number(),
                    colspan: number(),
                }
            })
            .collect()
    }

    fn texts(rows: &[Vec<Placed>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    /// The table-三 header: the corner and 自然人/总计 leave empty cells below them, the
    /// horizontal spans appear once.
    #[test]
    fn table_three_header() {
        let rows = [
            row("corner:3:3|app:1:7", 0),
            row("np:2|lp:1:5|tot:2", 10),
            row("biz|res|npo|law|oth", 20),
            row("r1:1:3|1|2|3|4|5|6|7", 30),
        ];
        let resolved = resolve(rows.to_vec());
        assert_eq!(
            texts(&resolved),
            [
                vec!["corner", "app"],
                vec!["", "np", "lp", "tot"],
                vec!["", "", "biz", "res", "npo", "law", "oth", ""],
                vec!["r1", "1", "2", "3", "4", "5", "6", "7"],
            ]
        );
        let third = resolved.get(2).map(Vec::as_slice).unwrap_or_default();
        let at: Vec<(usize, usize)> = third.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(at.first(), Some(&(0, 0)));
        assert_eq!(at.get(1), Some(&(100, 100)));
        assert_eq!(at.last(), Some(&(120, 120)));
    }

    /// Rows under nested row spans get one empty cell per spanning cell, in column order.
    #[test]
    fn nested_row_spans() {
        let rows = [
            row("三:4|（一）:1:2|1", 0),
            row("（三）:3|1.|2", 10),
            row("2.|3", 20),
            row("3.|4", 30),
            row("四:1:3|5", 40),
        ];
        assert_eq!(
            texts(&resolve(rows.to_vec())),
            [
                vec!["三", "（一）", "1"],
                vec!["", "（三）", "1.", "2"],
                vec!["", "", "2.", "3"],
                vec!["", "", "3.", "4"],
                vec!["四", "5"],
            ]
        );
    }

    /// Spans past the table, zero, absurd or overlapping never panic and are clamped.
    #[test]
    fn clamps_bad_spans() {
        let rows = [row("a:99999:99999|b:0", 0), vec![], row("c|d:2:1", 20)];
        assert_eq!(
            texts(&resolve(rows.to_vec())),
            [vec!["a", "b"], vec!["", ""], vec!["", "", "c", "d"]]
        );
        let wide: Vec<Vec<Written>> = (0..50).map(|r| row("x:1000:1000|y:1000", r)).collect();
        let placed: usize = resolve(wide).iter().map(Vec::len).sum();
        assert!(placed <= 100 * 5 + MAX_SPAN, "{placed}");
    }
}
