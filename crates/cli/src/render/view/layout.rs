//! How the rows of a [`super::View`] are laid out: each cell's visible text, columns aligned,
//! long labels shortened, long paragraphs cut to a window around the label.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Unit;
use crate::render::place::{Place, Places, one_line};

/// Shown for a blank cell that a label points at (as in `extract`).
const BLANK: &str = "空";
/// Text cells wider than this many columns are shortened in the graphical view (the labels
/// name the row in full).
pub(super) const MAX_CELL_WIDTH: usize = 32;
/// Paragraphs wider than this are cut to a window around the label.
const MAX_PARAGRAPH_WIDTH: usize = 80;
/// Between two cells of a row.
const SEPARATOR: &str = " │ ";

/// A cell as shown.
#[derive(Debug)]
pub(super) struct Shown {
    /// In the graphical view (shortened, blank labelled cells as “空”).
    pub(super) text: String,
    /// In the narration (in full, blank as “空”).
    pub(super) spoken: String,
    pub(super) numeric: bool,
    pub(super) leading_blank: bool,
    pub(super) labelled: bool,
}

pub(super) fn shown_row(unit: &Unit, places: &Places<'_>) -> Vec<Shown> {
    let Place::Cell { table, row, .. } = unit.place else {
        return Vec::new();
    };
    let cells = places
        .table(table)
        .and_then(|t| t.rows.get(row))
        .map(|r| r.cells.as_slice())
        .unwrap_or_default();
    let mut leading = true;
    cells
        .iter()
        .enumerate()
        .map(|(at, cell)| {
            let text = one_line(&cell.text);
            leading &= text.is_empty();
            let labelled = unit.notes.iter().any(|&(_, c)| c == at);
            let shown = if text.is_empty() && labelled {
                BLANK.to_owned()
            } else {
                shorten(&text)
            };
            Shown {
                numeric: !text.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".,-+%".contains(c)),
                spoken: if text.is_empty() {
                    BLANK.to_owned()
                } else {
                    text
                },
                text: shown,
                leading_blank: leading,
                labelled,
            }
        })
        .collect()
}

/// The rows of a block laid out with their last cells aligned in columns (a row with fewer
/// cells has its first cell spanning the columns it lacks, as a merged label does): each line
/// and the byte range of every cell's text in it.
///
/// Leftmost columns that hold only the blank cells a merged label leaves in the rows below it
/// are left out, so a row under a merged label does not start with empty cells.
pub(super) fn layout(rows: &[Vec<Shown>]) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut skip = vec![0usize; rows.len()];
    loop {
        let columns = rows
            .iter()
            .zip(&skip)
            .map(|(r, s)| r.len() - s)
            .max()
            .unwrap_or(0);
        let leftmost: Vec<usize> = (0..rows.len())
            .filter(|&at| {
                rows.get(at).map_or(0, Vec::len) - skip.get(at).copied().unwrap_or(0) == columns
            })
            .collect();
        let droppable = columns > 1
            && leftmost.iter().all(|&at| {
                let cell = rows
                    .get(at)
                    .and_then(|r| r.get(skip.get(at).copied().unwrap_or(0)));
                cell.is_some_and(|c| c.leading_blank && !c.labelled)
            });
        if !droppable {
            break;
        }
        for at in leftmost {
            if let Some(s) = skip.get_mut(at) {
                *s += 1;
            }
        }
    }
    let kept: Vec<&[Shown]> = rows
        .iter()
        .zip(&skip)
        .map(|(r, &s)| r.get(s..).unwrap_or_default())
        .collect();
    let columns = kept.iter().map(|r| r.len()).max().unwrap_or(0);
    // Widths by position from the right; a row's first cell spans what its row lacks.
    let mut widths = vec![0usize; columns];
    for row in &kept {
        for (at, cell) in row.iter().enumerate() {
            let from_right = row.len() - 1 - at;
            if at == 0 && row.len() < columns {
                continue;
            }
            if let Some(w) = widths.get_mut(from_right) {
                *w = (*w).max(cell.text.width());
            }
        }
    }
    let spanned = |from_right: usize, widths: &[usize]| {
        widths
            .get(from_right..)
            .unwrap_or_default()
            .iter()
            .sum::<usize>()
            + SEPARATOR.width() * (columns - 1 - from_right)
    };
    let mut excess = 0;
    for row in kept.iter().filter(|r| !r.is_empty() && r.len() < columns) {
        if let Some(first) = row.first() {
            excess = excess.max(
                first
                    .text
                    .width()
                    .saturating_sub(spanned(row.len() - 1, &widths)),
            );
        }
    }
    if let Some(w) = widths.last_mut() {
        *w += excess;
    }
    kept.iter()
        .zip(&skip)
        .map(|(row, &skipped)| {
            let mut line = String::new();
            // Left-out cells have nothing to point at.
            let mut ranges = vec![(0, 0); skipped];
            for (at, cell) in row.iter().enumerate() {
                let from_right = row.len() - 1 - at;
                let width = if at == 0 {
                    spanned(from_right, &widths)
                } else {
                    widths.get(from_right).copied().unwrap_or(0)
                };
                if at > 0 {
                    line.push_str(SEPARATOR);
                }
                let pad = " ".repeat(width.saturating_sub(cell.text.width()));
                if cell.numeric {
                    line.push_str(&pad);
                }
                let from = line.len();
                line.push_str(&cell.text);
                ranges.push((from, line.len()));
                if !cell.numeric {
                    line.push_str(&pad);
                }
            }
            let trimmed = line.trim_end().len();
            line.truncate(trimmed);
            // A blank cell at the end of the line keeps an empty range at the end.
            for range in &mut ranges {
                range.0 = range.0.min(trimmed);
                range.1 = range.1.min(trimmed);
            }
            (line, ranges)
        })
        .collect()
}

/// A text cell cut to [`MAX_CELL_WIDTH`] columns, with “…” where it was cut.
pub(super) fn shorten(text: &str) -> String {
    if text.width() <= MAX_CELL_WIDTH {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        width += c.width().unwrap_or(0);
        if width > MAX_CELL_WIDTH - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A paragraph cut to a window of [`MAX_PARAGRAPH_WIDTH`] columns around a byte range of it:
/// the text shown and how many bytes were cut from its start.
pub(super) fn window(text: &str, around: Option<(usize, usize)>) -> (String, usize) {
    if text.width() <= MAX_PARAGRAPH_WIDTH {
        return (text.to_owned(), 0);
    }
    let (from, _) = around.unwrap_or((0, 0));
    // Start a little before the range, on a character boundary.
    let mut start = 0;
    let mut before = 0;
    for (at, c) in text.get(..from).unwrap_or_default().char_indices().rev() {
        before += c.width().unwrap_or(0);
        if before > MAX_PARAGRAPH_WIDTH / 4 {
            break;
        }
        start = at;
    }
    let mut shown = String::new();
    let mut width = 0;
    for c in text.get(start..).unwrap_or_default().chars() {
        width += c.width().unwrap_or(0);
        if width > MAX_PARAGRAPH_WIDTH {
            shown.push('…');
            break;
        }
        shown.push(c);
    }
    (shown, start)
}
