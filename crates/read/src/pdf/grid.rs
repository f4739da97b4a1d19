//! From the regions of a table (possibly continued over several pages) to rows of cells laid
//! out like a flattened .docx: a merged cell once per row it covers, with its text in its
//! first row and an empty cell in the rows below.

use super::geom::{Rect, cluster, nearest};
use super::text::{Line, join};

/// Column boundaries of the parts of one table closer than this (points) are the same.
const SNAP: f32 = 3.0;
/// Cell padding allowed on the left of a line that fills its cell.
const PADDING: f32 = 6.0;

/// One region (cell, maybe merged) of a table part, with its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    /// Grid rows of the part it covers, `start..end`.
    pub rows: (usize, usize),
    pub rect: Rect,
    /// Text lines, top to bottom.
    pub lines: Vec<Line>,
}

/// The part of a table on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    pub page: u32,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f32>,
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    pub pieces: Vec<Piece>,
}

impl Part {
    fn row_count(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
}

/// A cell of the rebuilt table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridCell {
    pub text: String,
    pub page: u32,
    pub rect: Rect,
}

/// A piece placed in the whole table's grid.
#[derive(Debug)]
struct Placed {
    part: usize,
    piece: Piece,
    /// Rows of the whole table, `start..end`.
    rows: (usize, usize),
    /// Columns of the whole table, `start..end`.
    cols: (usize, usize),
}

/// The rows of a table made of `parts` (one per page, in order). Rows with no text at all
/// are dropped.
pub(crate) fn rows(parts: Vec<Part>) -> Vec<Vec<GridCell>> {
    let xs = cluster(parts.iter().flat_map(|p| p.xs.iter().copied()), SNAP);
    let mut offsets = Vec::with_capacity(parts.len());
    let mut total = 0;
    for part in &parts {
        offsets.push(total);
        total += part.row_count();
    }
    let mut placed: Vec<Placed> = Vec::new();
    for (at, part) in parts.iter().enumerate() {
        let offset = offsets.get(at).copied().unwrap_or(0);
        for piece in &part.pieces {
            let start = nearest(&xs, piece.rect.x0);
            let end = nearest(&xs, piece.rect.x1).max(start + 1);
            placed.push(Placed {
                part: at,
                piece: piece.clone(),
                rows: (offset + piece.rows.0, offset + piece.rows.1),
                cols: (start, end),
            });
        }
    }
    join_across_pages(&mut placed, &parts);
    let mut rows = Vec::new();
    for row in 0..total {
        let mut covering: Vec<&Placed> = placed
            .iter()
            .filter(|p| p.rows.0 <= row && row < p.rows.1)
            .collect();
        covering.sort_by_key(|p| p.cols);
        let cells: Vec<GridCell> = covering
            .iter()
            .map(|p| cell(p, row, &parts, &offsets))
            .collect();
        if cells.iter().any(|c| !c.text.is_empty()) {
            rows.push(cells);
        }
    }
    rows
}

/// The cell a placed piece contributes to `row`: its text in its first row, else empty with
/// the slice of its box in that row.
fn cell(placed: &Placed, row: usize, parts: &[Part], offsets: &[usize]) -> GridCell {
    let page = parts.get(placed.part).map_or(0, |p| p.page);
    if row == placed.rows.0 {
        let texts: Vec<String> = placed.piece.lines.iter().map(Line::text).collect();
        return GridCell {
            text: join(texts.iter().map(String::as_str)),
            page,
            rect: placed.piece.rect,
        };
    }
    let local = row.saturating_sub(offsets.get(placed.part).copied().unwrap_or(0));
    let ys = parts
        .get(placed.part)
        .map(|p| p.ys.as_slice())
        .unwrap_or_default();
    let rect = match (ys.get(local), ys.get(local + 1)) {
        (Some(&top), Some(&bottom)) => {
            Rect::new(placed.piece.rect.x0, bottom, placed.piece.rect.x1, top)
        }
        _ => placed.piece.rect,
    };
    GridCell {
        text: String::new(),
        page,
        rect,
    }
}

/// A merged cell cut by a page break prints part of its text at the bottom of one page and
/// the rest at the top of the next: the two pieces are joined into the first.
fn join_across_pages(placed: &mut [Placed], parts: &[Part]) {
    for part in 1..parts.len() {
        let last_row = parts.get(part - 1).map_or(0, Part::row_count);
        let continued: Vec<usize> = placed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.part == part && p.piece.rows.0 == 0 && hugs_top(&p.piece))
            .map(|(at, _)| at)
            .collect();
        for next in continued {
            let Some(cols) = placed.get(next).map(|p| p.cols) else {
                continue;
            };
            let before = placed.iter().position(|p| {
                p.part == part - 1
                    && p.piece.rows.1 == last_row
                    && p.cols == cols
                    && ends_full(&p.piece)
            });
            if let Some(before) = before {
                let lines = placed
                    .get_mut(next)
                    .map(|p| std::mem::take(&mut p.piece.lines))
                    .unwrap_or_default();
                if let Some(target) = placed.get_mut(before) {
                    target.piece.lines.extend(lines);
                }
            }
        }
    }
}

/// Whether the piece's last line fills its cell (so its text wraps on).
fn ends_full(piece: &Piece) -> bool {
    let Some(line) = piece.lines.last() else {
        return false;
    };
    let em = line.size();
    let left = line.rect.x0 - piece.rect.x0;
    let right = piece.rect.x1 - line.rect.x1;
    left <= em + PADDING && right <= left + em
}

/// Whether the piece's text sits at its top rather than in the middle.
fn hugs_top(piece: &Piece) -> bool {
    let (Some(first), Some(last)) = (piece.lines.first(), piece.lines.last()) else {
        return false;
    };
    let above = piece.rect.y1 - first.rect.y1;
    let below = last.rect.y0 - piece.rect.y0;
    above + first.size() < below
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::line;
    use super::*;

    fn piece(rows: (usize, usize), rect: Rect, lines: Vec<Line>) -> Piece {
        Piece { rows, rect, lines }
    }

    fn texts(rows: &[Vec<GridCell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    /// A label merged over two rows is text in the first and an empty cell in the second;
    /// a blank value cell stays an empty cell at its column.
    #[test]
    fn merged_rows_leave_placeholders() {
        let part = Part {
            page: 3,
            xs: vec![0.0, 40.0, 80.0, 100.0],
            ys: vec![100.0, 80.0, 60.0],
            pieces: vec![
                piece(
                    (0, 2),
                    Rect::new(0.0, 60.0, 40.0, 100.0),
                    vec![line("（三）", 2.0, 76.0, 8.0)],
                ),
                piece(
                    (0, 1),
                    Rect::new(40.0, 80.0, 80.0, 100.0),
                    vec![line("1.甲", 42.0, 86.0, 8.0)],
                ),
                piece(
                    (0, 1),
                    Rect::new(80.0, 80.0, 100.0, 100.0),
                    vec![line("7", 85.0, 86.0, 4.0)],
                ),
                piece(
                    (1, 2),
                    Rect::new(40.0, 60.0, 80.0, 80.0),
                    vec![line("2.乙", 42.0, 66.0, 8.0)],
                ),
                piece((1, 2), Rect::new(80.0, 60.0, 100.0, 80.0), Vec::new()),
            ],
        };
        let found = rows(vec![part]);
        assert_eq!(
            texts(&found),
            [vec!["（三）", "1.甲", "7"], vec!["", "2.乙", ""]]
        );
        let placeholder = found.get(1).and_then(|r| r.first());
        assert_eq!(
            placeholder.map(|c| (c.page, c.rect)),
            Some((3, Rect::new(0.0, 60.0, 40.0, 80.0)))
        );
    }

    /// A label cut by the page break ("（四）无" / "法提供") is joined into its first piece; a
    /// label centred in its own cell on the next page is not.
    #[test]
    fn joins_label_cut_by_page_break() {
        let first = Part {
            page: 4,
            xs: vec![0.0, 42.0, 100.0],
            ys: vec![100.0, 76.0],
            pieces: vec![
                piece(
                    (0, 1),
                    Rect::new(0.0, 76.0, 42.0, 100.0),
                    vec![line("（四）无", 5.0, 84.0, 7.5)],
                ),
                piece(
                    (0, 1),
                    Rect::new(42.0, 76.0, 100.0, 100.0),
                    vec![line("1.本", 47.0, 84.0, 7.5)],
                ),
            ],
        };
        let next = |text: &str, y: f32| Part {
            page: 5,
            xs: vec![0.0, 42.0, 100.0],
            ys: vec![800.0, 776.0, 752.0],
            pieces: vec![
                piece(
                    (0, 2),
                    Rect::new(0.0, 752.0, 42.0, 800.0),
                    vec![line(text, 5.0, y, 7.5)],
                ),
                piece(
                    (0, 1),
                    Rect::new(42.0, 776.0, 100.0, 800.0),
                    vec![line("2.没", 47.0, 785.0, 7.5)],
                ),
                piece(
                    (1, 2),
                    Rect::new(42.0, 752.0, 100.0, 776.0),
                    vec![line("3.补", 47.0, 760.0, 7.5)],
                ),
            ],
        };
        let joined = rows(vec![first.clone(), next("法提供", 788.0)]);
        assert_eq!(
            texts(&joined),
            [
                vec!["（四）无法提供", "1.本"],
                vec!["", "2.没"],
                vec!["", "3.补"]
            ]
        );
        let separate = rows(vec![first, next("（五）", 772.0)]);
        assert_eq!(
            texts(&separate),
            [
                vec!["（四）无", "1.本"],
                vec!["（五）", "2.没"],
                vec!["", "3.补"]
            ]
        );
    }
}
