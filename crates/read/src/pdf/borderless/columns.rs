//! Columns of a table without ruling lines, from the x-extents of its numbers.
//!
//! Numbers of one column overlap horizontally whatever their alignment (right, centred or
//! left), so the columns are the groups of numbers whose extents overlap, each a *band* (the
//! union of their extents). The reading is unambiguous only when it explains every number: no
//! two numbers of one row in one band (a number that overlaps two columns joins them), bands
//! clearly apart, and no band made of a single stray number among many rows.

use super::super::geom::Rect;
use super::{Kind, Loose};

/// Extents closer than this many font sizes count as overlapping.
const TOUCH: f32 = 0.15;
/// Two columns' bands must be at least this many font sizes apart.
const MIN_GAP: f32 = 0.5;
/// A text nearly as close to a second column as to its nearest (within this many font
/// sizes) cannot be placed.
const TIE: f32 = 0.3;
/// A table with at least this many rows of numbers has no column with only one number.
const LONE: usize = 3;

/// The x-extent of one column's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Band {
    pub x0: f32,
    pub x1: f32,
}

impl Band {
    fn overlap(&self, rect: &Rect) -> f32 {
        self.x1.min(rect.x1) - self.x0.max(rect.x0)
    }

    /// Horizontal distance to the rect, 0 when they overlap.
    fn distance(&self, rect: &Rect) -> f32 {
        (self.x0 - rect.x1).max(rect.x0 - self.x1).max(0.0)
    }
}

/// A number of a row of numbers: its box, its text and the row.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub rect: Rect,
    pub text: String,
    pub row: usize,
}

/// The columns the tokens form, left to right, or why they cannot be told apart. `rows` is
/// the number of rows of numbers.
pub(crate) fn bands(tokens: &[Token], rows: usize, size: f32) -> Result<Vec<Band>, String> {
    let mut sorted: Vec<&Token> = tokens.iter().collect();
    sorted.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
    let mut groups: Vec<(Band, Vec<&Token>)> = Vec::new();
    for token in sorted {
        match groups.last_mut() {
            Some((band, members)) if token.rect.x0 <= band.x1 + TOUCH * size => {
                band.x1 = band.x1.max(token.rect.x1);
                members.push(token);
            }
            _ => groups.push((
                Band {
                    x0: token.rect.x0,
                    x1: token.rect.x1,
                },
                vec![token],
            )),
        }
    }
    for (_, members) in &groups {
        let mut by_row: Vec<&&Token> = members.iter().collect();
        by_row.sort_by(|a, b| a.row.cmp(&b.row).then(a.rect.x0.total_cmp(&b.rect.x0)));
        if let Some(pair) = by_row
            .windows(2)
            .find(|p| matches!(p, [a, b] if a.row == b.row))
            && let [left, right] = pair
        {
            return Err(format!(
                "同一行的“{}”和“{}”与其他行的数字上下交错，分不清各在哪一列",
                left.text, right.text
            ));
        }
    }
    for pair in groups.windows(2) {
        if let [(a, left), (b, right)] = pair
            && b.x0 - a.x1 < MIN_GAP * size
        {
            let last = left.iter().max_by(|x, y| x.rect.x1.total_cmp(&y.rect.x1));
            let first = right.first();
            let text = |t: Option<&&Token>| t.map(|t| t.text.clone()).unwrap_or_default();
            return Err(format!(
                "“{}”和“{}”所在的两列几乎相接，分不清数字属于哪一列",
                text(last),
                text(first)
            ));
        }
    }
    if rows >= LONE
        && let Some((_, members)) = groups.iter().find(|(_, members)| {
            let mut rows: Vec<usize> = members.iter().map(|t| t.row).collect();
            rows.dedup();
            rows.len() < 2
        })
    {
        let text = members.first().map(|t| t.text.clone()).unwrap_or_default();
        return Err(format!("数字“{text}”没有与其他行的任何数字上下对齐"));
    }
    Ok(groups.into_iter().map(|(band, _)| band).collect())
}

/// The band a value (a number, a mark or a word among numbers) is in: the one band it
/// overlaps, or the nearest if no other is nearly as near; `None` if that is not clear.
pub(crate) fn place(rect: &Rect, bands: &[Band], size: f32) -> Option<usize> {
    let overlapping: Vec<usize> = (0..bands.len())
        .filter(|&at| bands.get(at).is_some_and(|b| b.overlap(rect) > 0.0))
        .collect();
    match overlapping.as_slice() {
        [one] => return Some(*one),
        [] => {}
        _ => return None,
    }
    nearest(rect, bands, size)
        .filter(|(_, clear)| *clear)
        .map(|(at, _)| at)
}

/// The band nearest to a position.
pub(crate) fn nearest_band(bands: &[Band], x: f32) -> Option<usize> {
    bands
        .iter()
        .enumerate()
        .map(|(at, b)| (at, (b.x0 - x).max(x - b.x1).max(0.0)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(at, _)| at)
}

/// The band a header text belongs to: the one it overlaps most by its centre, else the nearest;
/// with whether that is clear (no other band nearly as near).
pub(crate) fn header(rect: &Rect, bands: &[Band], size: f32) -> Option<(usize, bool)> {
    let overlapping: Vec<usize> = (0..bands.len())
        .filter(|&at| bands.get(at).is_some_and(|b| b.overlap(rect) > 0.0))
        .collect();
    if overlapping.is_empty() {
        return nearest(rect, bands, size);
    }
    let centre = rect.center_x();
    let by_centre = overlapping.iter().copied().min_by(|&a, &b| {
        let d = |at: usize| {
            bands
                .get(at)
                .map_or(f32::INFINITY, |b| ((b.x0 + b.x1) / 2.0 - centre).abs())
        };
        d(a).total_cmp(&d(b))
    });
    by_centre.map(|at| (at, true))
}

/// The nearest band and whether the next nearest is clearly further.
fn nearest(rect: &Rect, bands: &[Band], size: f32) -> Option<(usize, bool)> {
    let mut order: Vec<(usize, f32)> = bands
        .iter()
        .enumerate()
        .map(|(at, b)| (at, b.distance(rect)))
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (best, distance) = order.first().copied()?;
    let clear = order
        .get(1)
        .is_none_or(|(_, next)| next - distance >= TIE * size);
    Some((best, clear))
}

/// Where the labels and the values of a group of lines are: the extent of the words left of
/// the numbers, and the numbers' bands (not checked for ambiguity: for telling header and
/// title lines from label lines).
#[derive(Debug, Clone)]
pub(crate) struct Areas {
    label: Option<(f32, f32)>,
    pub bands: Vec<Band>,
}

impl Areas {
    /// The areas of the rows of numbers among `lines`.
    pub fn of<'l>(lines: impl IntoIterator<Item = &'l Loose>) -> Self {
        let data: Vec<&Loose> = lines.into_iter().filter(|l| l.is_data()).collect();
        let mut tokens: Vec<Rect> = data
            .iter()
            .flat_map(|l| l.chunks.iter())
            .filter(|c| c.kind == Kind::Number)
            .map(|c| c.rect())
            .collect();
        tokens.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let size = median(tokens.iter().map(Rect::height));
        let mut bands: Vec<Band> = Vec::new();
        for rect in tokens {
            match bands.last_mut() {
                Some(band) if rect.x0 <= band.x1 + TOUCH * size => band.x1 = band.x1.max(rect.x1),
                _ => bands.push(Band {
                    x0: rect.x0,
                    x1: rect.x1,
                }),
            }
        }
        Self::with_bands(&data, bands)
    }

    /// The areas of `lines` given their bands: the label extent is that of the words on rows
    /// of numbers left of the first band.
    pub fn with_bands(lines: &[&Loose], bands: Vec<Band>) -> Self {
        let first = bands.first().map_or(f32::INFINITY, |b| b.x0);
        let label = lines
            .iter()
            .filter(|l| l.is_data())
            .flat_map(|l| {
                l.chunks
                    .iter()
                    .take_while(|c| c.kind != Kind::Number)
                    .filter(|c| c.kind == Kind::Text)
            })
            .map(|c| c.rect())
            .filter(|r| r.x1 < first)
            .fold(None, |extent: Option<(f32, f32)>, r| {
                Some(extent.map_or((r.x0, r.x1), |(a, b)| (a.min(r.x0), b.max(r.x1))))
            });
        Self { label, bands }
    }

    /// Whether a text is nearer the value columns than the labels.
    pub fn is_value(&self, rect: &Rect) -> bool {
        let to_label = self.label.map_or(f32::INFINITY, |(x0, x1)| {
            (x0 - rect.x1).max(rect.x0 - x1).max(0.0)
        });
        let to_value = self
            .bands
            .iter()
            .map(|b| b.distance(rect))
            .fold(f32::INFINITY, f32::min);
        to_value < to_label
    }

    /// Whether a text is a cell over the value columns: nearer them than the labels, and not
    /// running across labels and values.
    pub fn is_cell(&self, rect: &Rect) -> bool {
        self.is_value(rect) && !self.crosses(rect)
    }

    /// Whether a line that is not a row of numbers has text over the value columns (a header
    /// line).
    pub fn has_value_text(&self, line: &Loose) -> bool {
        line.chunks.iter().any(|c| self.is_cell(&c.rect()))
    }

    /// Whether a text runs from the labels across value columns, as running text does (or a
    /// title across the whole table).
    pub fn crosses(&self, rect: &Rect) -> bool {
        let over = self.bands.iter().filter(|b| b.overlap(rect) > 0.0).count();
        let over_label = self
            .label
            .is_some_and(|(x0, x1)| rect.x0 <= x1 && rect.x1 >= x0);
        (over_label && over >= 1) || (over >= 3 && 2 * over > self.bands.len())
    }
}

/// The median of the values, 0 without any.
pub(crate) fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut sorted: Vec<f32> = values.filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}
