//! Tables from ruling lines: connected rules form a frame, their positions a grid, and grid
//! cells not separated by a rule merge into one region (a merged cell).

use super::geom::{Rect, Rule, cluster};

/// Rules closer than this (points) are the same grid line; also the slack when testing
/// whether a rule touches or covers something.
const SNAP: f32 = 3.0;
/// A page with more rules than this is a drawing, not a report table (and pairing every rule
/// with every other would take too long).
const MAX_RULES: usize = 5_000;
/// A frame with more grid cells than this is a drawing too.
const MAX_CELLS: usize = 20_000;

/// A ruled table on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// Outer box.
    pub rect: Rect,
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f32>,
    /// The cells, merged cells as one region each.
    pub regions: Vec<Region>,
    /// Region index of every grid cell, row by row.
    cells: Vec<Vec<usize>>,
}

/// A cell of a frame: grid rows `rows.0..rows.1` and columns `cols.0..cols.1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Region {
    pub rows: (usize, usize),
    pub cols: (usize, usize),
    pub rect: Rect,
}

impl Frame {
    /// The region holding the point, if it is inside the frame.
    pub fn region_at(&self, x: f32, y: f32) -> Option<usize> {
        if !self.rect.contains(x, y) {
            return None;
        }
        let col = self.xs.iter().filter(|&&b| b <= x).count().checked_sub(1)?;
        let row = self.ys.iter().filter(|&&b| b >= y).count().checked_sub(1)?;
        let col = col.min(self.xs.len().saturating_sub(2));
        let row = row.min(self.ys.len().saturating_sub(2));
        self.cells.get(row)?.get(col).copied()
    }
}

/// The tables drawn by `rules`: groups of touching rules spanning at least two regions.
pub(crate) fn frames(rules: &[Rule]) -> Vec<Frame> {
    if rules.len() > MAX_RULES {
        return Vec::new();
    }
    let mut groups = UnionFind::new(rules.len());
    for (i, a) in rules.iter().enumerate() {
        for (j, b) in rules.iter().enumerate().skip(i + 1) {
            if a.touches(b, SNAP) {
                groups.union(i, j);
            }
        }
    }
    let mut members: Vec<Vec<Rule>> = vec![Vec::new(); rules.len()];
    for (i, rule) in rules.iter().enumerate() {
        if let Some(group) = members.get_mut(groups.find(i)) {
            group.push(*rule);
        }
    }
    let mut found: Vec<Frame> = members
        .iter()
        .filter(|group| group.iter().any(|r| r.horizontal) && group.iter().any(|r| !r.horizontal))
        .filter_map(|group| frame(group))
        .filter(|frame| frame.regions.len() >= 2)
        .collect();
    found.sort_by(|a, b| b.rect.y1.total_cmp(&a.rect.y1));
    found
}

/// The grid and regions of one group of touching rules.
fn frame(rules: &[Rule]) -> Option<Frame> {
    let mut outer: Option<Rect> = None;
    for rule in rules {
        let rect = if rule.horizontal {
            Rect::new(rule.from, rule.at, rule.to, rule.at)
        } else {
            Rect::new(rule.at, rule.from, rule.at, rule.to)
        };
        outer = Some(outer.map_or(rect, |o| o.union(&rect)));
    }
    let rect = outer?;
    // The outer edges count even where a border is not drawn.
    let verticals = rules.iter().filter(|r| !r.horizontal).map(|r| r.at);
    let xs = cluster(verticals.chain([rect.x0, rect.x1]), SNAP);
    let horizontals = rules.iter().filter(|r| r.horizontal).map(|r| r.at);
    let mut ys = cluster(horizontals.chain([rect.y0, rect.y1]), SNAP);
    ys.reverse();
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows * cols > MAX_CELLS {
        return None;
    }
    let mid = |values: &[f32], i: usize| match (values.get(i), values.get(i + 1)) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        _ => 0.0,
    };
    let ruled = |horizontal: bool, at: f32, along: f32| {
        rules
            .iter()
            .any(|r| r.horizontal == horizontal && r.covers(at, along, SNAP))
    };
    let mut cells = UnionFind::new(rows * cols);
    for row in 0..rows {
        for col in 0..cols {
            let here = row * cols + col;
            if col + 1 < cols && !ruled(false, xs.get(col + 1).copied()?, mid(&ys, row)) {
                cells.union(here, here + 1);
            }
            if row + 1 < rows && !ruled(true, ys.get(row + 1).copied()?, mid(&xs, col)) {
                cells.union(here, here + cols);
            }
        }
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut root_region: Vec<Option<usize>> = vec![None; rows * cols];
    let mut grid = vec![vec![0; cols]; rows];
    for (row, grid_row) in grid.iter_mut().enumerate() {
        for (col, slot) in grid_row.iter_mut().enumerate() {
            let root = cells.find(row * cols + col);
            let index = match root_region.get(root).copied().flatten() {
                Some(index) => index,
                None => {
                    regions.push(Region {
                        rows: (row, row + 1),
                        cols: (col, col + 1),
                        rect: Rect::default(),
                    });
                    let index = regions.len() - 1;
                    if let Some(entry) = root_region.get_mut(root) {
                        *entry = Some(index);
                    }
                    index
                }
            };
            if let Some(region) = regions.get_mut(index) {
                region.rows = (region.rows.0.min(row), region.rows.1.max(row + 1));
                region.cols = (region.cols.0.min(col), region.cols.1.max(col + 1));
            }
            *slot = index;
        }
    }
    for region in &mut regions {
        let at = |values: &[f32], i: usize| values.get(i).copied().unwrap_or_default();
        region.rect = Rect::new(
            at(&xs, region.cols.0),
            at(&ys, region.rows.1),
            at(&xs, region.cols.1),
            at(&ys, region.rows.0),
        );
    }
    Some(Frame {
        rect,
        xs,
        ys,
        regions,
        cells: grid,
    })
}

/// Disjoint sets over `0..n`.
#[derive(Debug)]
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn find(&mut self, mut at: usize) -> usize {
        while let Some(&parent) = self.0.get(at) {
            if parent == at {
                break;
            }
            let grandparent = self.0.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.0.get_mut(at) {
                *slot = grandparent;
            }
            at = parent;
        }
        at
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if let Some(slot) = self.0.get_mut(a.max(b)) {
            *slot = a.min(b);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The rules of a grid with the given boundaries (ys top to bottom), one per cell side,
    /// leaving out the sides that `gaps` cover (to make merged cells).
    pub(crate) fn grid(xs: &[f32], ys: &[f32], gaps: &[Rule]) -> Vec<Rule> {
        let mut rules = Vec::new();
        for pair in xs.windows(2) {
            let [x0, x1] = pair else { continue };
            for &y in ys {
                let piece = Rule::horizontal(y, *x0, *x1);
                if !gaps
                    .iter()
                    .any(|g| g.horizontal && g.covers(y, (x0 + x1) / 2.0, 0.1))
                {
                    rules.push(piece);
                }
            }
        }
        for pair in ys.windows(2) {
            let [y0, y1] = pair else { continue };
            for &x in xs {
                let piece = Rule::vertical(x, *y1, *y0);
                if !gaps
                    .iter()
                    .any(|g| !g.horizontal && g.covers(x, (y0 + y1) / 2.0, 0.1))
                {
                    rules.push(piece);
                }
            }
        }
        rules
    }

    /// A 3×3 grid with a cell merged over two columns and one over two rows.
    #[test]
    fn merges_cells_without_rules_between() {
        let xs = [0.0, 50.0, 100.0, 150.0];
        let ys = [300.0, 280.0, 260.0, 240.0];
        let gaps = [
            Rule::vertical(50.0, 280.0, 300.0),
            Rule::horizontal(260.0, 100.0, 150.0),
        ];
        let found = frames(&grid(&xs, &ys, &gaps));
        assert_eq!(found.len(), 1);
        let frame = found.first().cloned();
        let regions: Vec<_> = frame
            .iter()
            .flat_map(|f| f.regions.iter().map(|r| (r.rows, r.cols)))
            .collect();
        assert_eq!(
            regions,
            [
                ((0, 1), (0, 2)),
                ((0, 1), (2, 3)),
                ((1, 2), (0, 1)),
                ((1, 2), (1, 2)),
                ((1, 3), (2, 3)),
                ((2, 3), (0, 1)),
                ((2, 3), (1, 2)),
            ]
        );
        let at = |x, y| frame.as_ref().and_then(|f| f.region_at(x, y));
        assert_eq!(
            (at(75.0, 250.0), at(125.0, 250.0), at(10.0, 10.0)),
            (Some(6), Some(4), None)
        );
    }

    /// Separate tables stay separate; lone lines (underlines) are no table; a missing outer
    /// border is implied by the other rules.
    #[test]
    fn finds_separate_frames() {
        let mut rules = grid(&[0.0, 50.0, 100.0], &[500.0, 480.0, 460.0], &[]);
        rules.extend(grid(&[0.0, 50.0, 100.0], &[300.0, 280.0], &[]));
        rules.push(Rule::horizontal(200.0, 0.0, 100.0));
        rules.retain(|r| !(r.horizontal && (r.at - 500.0).abs() < 0.1 && r.from < 10.0));
        let found = frames(&rules);
        assert_eq!(found.len(), 2);
        let first = found
            .first()
            .map(|f| (f.ys.len() - 1, f.regions.len(), f.rect.y1));
        assert_eq!(first, Some((2, 4, 500.0)));
    }
}
