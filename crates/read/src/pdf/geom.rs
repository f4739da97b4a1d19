//! Page geometry shared by the PDF reader: rectangles, glyphs, ruling lines and clustering.

/// A rectangle in PDF points, y pointing up (`y0` bottom, `y1` top).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    /// A rectangle from two corners in any order.
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Self {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// Whether the point lies inside, borders included.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }
}

/// One character drawn on a page, with its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub ch: char,
    pub rect: Rect,
}

/// An axis-aligned ruling line: a stroked segment, a rectangle edge or a thin filled bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    /// Horizontal (runs along x) or vertical (runs along y).
    pub horizontal: bool,
    /// The y of a horizontal rule, the x of a vertical one.
    pub at: f32,
    /// Start along the rule's direction (`from <= to`).
    pub from: f32,
    /// End along the rule's direction.
    pub to: f32,
}

impl Rule {
    /// A horizontal rule at `y` from `x0` to `x1`.
    pub fn horizontal(y: f32, x0: f32, x1: f32) -> Self {
        Self {
            horizontal: true,
            at: y,
            from: x0.min(x1),
            to: x0.max(x1),
        }
    }

    /// A vertical rule at `x` from `y0` to `y1`.
    pub fn vertical(x: f32, y0: f32, y1: f32) -> Self {
        Self {
            horizontal: false,
            at: x,
            from: y0.min(y1),
            to: y0.max(y1),
        }
    }

    /// Whether the rule passes through the point across its direction `along`, within `slack`.
    pub fn covers(&self, at: f32, along: f32, slack: f32) -> bool {
        (self.at - at).abs() <= slack && along >= self.from - slack && along <= self.to + slack
    }

    /// Whether two rules touch or cross, within `slack`.
    pub fn touches(&self, other: &Rule, slack: f32) -> bool {
        if self.horizontal == other.horizontal {
            (self.at - other.at).abs() <= slack
                && self.from <= other.to + slack
                && other.from <= self.to + slack
        } else {
            self.covers(self.at, other.at, slack) && other.covers(other.at, self.at, slack)
        }
    }
}

/// Everything the reader uses from one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Bottom edge of the page (media box) and its height, in points: where the header and
    /// footer margins are.
    pub bottom: f32,
    pub height: f32,
    /// The characters drawn, whitespace excluded.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
}

/// Sorts the values and merges runs closer than `tolerance` into their mean, ascending.
pub(crate) fn cluster(values: impl Iterator<Item = f32>, tolerance: f32) -> Vec<f32> {
    let mut sorted: Vec<f32> = values.filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    let mut clusters: Vec<(f32, f32, usize)> = Vec::new();
    for value in sorted {
        match clusters.last_mut() {
            Some((last, sum, count)) if value - *last <= tolerance => {
                *last = value;
                *sum += value;
                *count += 1;
            }
            _ => clusters.push((value, value, 1)),
        }
    }
    clusters
        .into_iter()
        .map(|(_, sum, count)| sum / count as f32)
        .collect()
}

/// Index of the value in `sorted` nearest to `value`.
pub(crate) fn nearest(sorted: &[f32], value: f32) -> usize {
    sorted
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| (*a - value).abs().total_cmp(&(*b - value).abs()))
        .map_or(0, |(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values closer than the tolerance collapse into their mean; others stay apart.
    #[test]
    fn clusters_values() {
        let found = cluster([10.0, 10.5, 11.0, 40.0, 5.0].into_iter(), 1.0);
        assert_eq!(found, [5.0, 10.5, 40.0]);
        assert_eq!(nearest(&found, 12.0), 1);
    }

    /// Crossing rules touch; parallel rules touch only when collinear and overlapping.
    #[test]
    fn rules_touch() {
        let h = Rule::horizontal(100.0, 0.0, 50.0);
        let v = Rule::vertical(49.0, 100.5, 200.0);
        assert!(h.touches(&v, 2.0) && v.touches(&h, 2.0));
        assert!(!h.touches(&Rule::vertical(60.0, 0.0, 200.0), 2.0));
        assert!(h.touches(&Rule::horizontal(101.0, 50.5, 90.0), 2.0));
        assert!(!h.touches(&Rule::horizontal(110.0, 0.0, 90.0), 2.0));
    }
}
