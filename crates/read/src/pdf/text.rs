//! Text lines from glyphs: grouping by vertical overlap, spacing from gaps, joining wrapped
//! lines without spaces between CJK characters, and recognising page numbers.

use super::geom::{Glyph, Rect};

/// Two glyphs are on one line when their boxes overlap vertically by this share of the
/// smaller height.
const SAME_LINE: f32 = 0.5;
/// A gap wider than this share of the font size between two non-CJK glyphs is a space.
const SPACE_GAP: f32 = 0.25;
/// Page numbers sit in the top or bottom margin: this share of the page height.
const MARGIN: f32 = 0.12;

/// A line of text: glyphs left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub glyphs: Vec<Glyph>,
    pub rect: Rect,
}

impl Line {
    /// The text, with a space where non-CJK glyphs are visibly apart.
    pub fn text(&self) -> String {
        let size = self.size();
        let mut text = String::new();
        let mut previous: Option<&Glyph> = None;
        for glyph in &self.glyphs {
            if let Some(before) = previous
                && glyph.rect.x0 - before.rect.x1 > SPACE_GAP * size
                && !is_wide(before.ch)
                && !is_wide(glyph.ch)
            {
                text.push(' ');
            }
            text.push(glyph.ch);
            previous = Some(glyph);
        }
        text
    }

    /// The font size: the median glyph height.
    pub fn size(&self) -> f32 {
        let mut heights: Vec<f32> = self.glyphs.iter().map(|g| g.rect.height()).collect();
        heights.sort_by(f32::total_cmp);
        heights.get(heights.len() / 2).copied().unwrap_or(0.0)
    }
}

/// Groups glyphs into lines, top to bottom; glyphs of a line are sorted left to right and a
/// glyph drawn twice at the same place (fake bold) is kept once.
pub(crate) fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| {
        b.rect
            .center_y()
            .total_cmp(&a.rect.center_y())
            .then(a.rect.x0.total_cmp(&b.rect.x0))
    });
    let mut lines: Vec<Line> = Vec::new();
    for glyph in glyphs {
        let found = lines.iter_mut().rev().take(4).find(|line| {
            let overlap = line.rect.y1.min(glyph.rect.y1) - line.rect.y0.max(glyph.rect.y0);
            overlap >= SAME_LINE * line.rect.height().min(glyph.rect.height())
        });
        match found {
            Some(line) => {
                line.rect = line.rect.union(&glyph.rect);
                line.glyphs.push(glyph);
            }
            None => lines.push(Line {
                glyphs: vec![glyph],
                rect: glyph.rect,
            }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
        line.glyphs.dedup_by(|b, a| {
            a.ch == b.ch
                && (b.rect.x0 - a.rect.x0).abs() < 0.3 * a.rect.width().max(1.0)
                && (b.rect.y0 - a.rect.y0).abs() < 0.3 * a.rect.height().max(1.0)
        });
    }
    lines.sort_by(|a, b| b.rect.center_y().total_cmp(&a.rect.center_y()));
    lines
}

/// Joins the lines of one wrapped text: nothing between two lines when either side is CJK
/// (or the first ends with a hyphen), a space otherwise.
pub(crate) fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        let glue = match (text.chars().last(), part.chars().next()) {
            (Some(last), Some(first)) => !(is_wide(last) || is_wide(first) || last == '-'),
            _ => false,
        };
        if glue {
            text.push(' ');
        }
        text.push_str(part);
    }
    text
}

/// CJK characters, full-width forms and typographic punctuation: never spaced apart.
pub(crate) fn is_wide(c: char) -> bool {
    c as u32 >= 0x2E80 || ('\u{2010}'..='\u{206F}').contains(&c)
}

/// Whether a line at vertical centre `y` on a page of `height` is a page number such as
/// "-3-", "- 4 -", "第 3 页" or "3/6".
pub(crate) fn is_page_number(text: &str, y: f32, height: f32) -> bool {
    let in_margin = y < MARGIN * height || y > (1.0 - MARGIN) * height;
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—－–‑·•第页()（）".contains(*c))
        .collect();
    in_margin
        && !core.is_empty()
        && core.split(['/', '共']).all(|piece| {
            (1..=4).contains(&piece.chars().count())
                && piece
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn glyph(ch: char, x: f32, y: f32, size: f32) -> Glyph {
        Glyph {
            ch,
            rect: Rect::new(x, y, x + size, y + size),
        }
    }

    /// Square glyphs of `size` spelling `text` from `x` on baseline `y`.
    pub(crate) fn glyphs(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let step = |at: usize| x + at as f32 * size;
        text.chars()
            .enumerate()
            .map(|(at, ch)| glyph(ch, step(at), y, size))
            .collect()
    }

    /// The line spelling `text` (see [`glyphs`]).
    pub(crate) fn line(text: &str, x: f32, y: f32, size: f32) -> Line {
        let glyphs = glyphs(text, x, y, size);
        let width = size * glyphs.len() as f32;
        let rect = Rect::new(x, y, x + width, y + size);
        Line { glyphs, rect }
    }

    /// Glyphs of one baseline form a line whatever their order; stacked glyphs do not.
    #[test]
    fn groups_lines() {
        let glyphs = vec![
            glyph('b', 20.0, 100.0, 10.0),
            glyph('下', 10.0, 80.0, 10.0),
            glyph('a', 10.0, 101.0, 10.0),
            glyph('上', 10.0, 90.5, 10.0),
        ];
        let found: Vec<String> = lines(glyphs).iter().map(Line::text).collect();
        assert_eq!(found, ["ab", "上", "下"]);
    }

    /// Gaps between Latin glyphs are spaces, gaps next to CJK glyphs are not; doubled glyphs
    /// (fake bold) count once.
    #[test]
    fn spaces_from_gaps() {
        let glyphs = vec![
            glyph('商', 0.0, 0.0, 10.0),
            glyph('业', 14.0, 0.0, 10.0),
            glyph('7', 30.0, 0.0, 5.0),
            glyph('2', 40.0, 0.0, 5.0),
            glyph('2', 40.2, 0.0, 5.0),
        ];
        let found = lines(glyphs);
        assert_eq!(found.first().map(Line::text).as_deref(), Some("商业7 2"));
    }

    /// Wrapped CJK lines join without spaces, Latin words with one.
    #[test]
    fn joins_wrapped_lines() {
        assert_eq!(join(["商业企", "业"]), "商业企业");
        assert_eq!(join(["三、", "本", "年"]), "三、本年");
        assert_eq!(join(["annual", "report", ""]), "annual report");
        assert_eq!(join(["0517-", "83605210"]), "0517-83605210");
        assert_eq!(join(["3.危及“三安全", "一稳定”"]), "3.危及“三安全一稳定”");
    }

    /// Page numbers in the margins are recognised; numbers in the body and other text are not.
    #[test]
    fn page_numbers() {
        for text in ["-3-", "- 4 -", "第 3 页", "3/6", "12", "—5—"] {
            assert!(is_page_number(text, 40.0, 842.0), "{text}");
        }
        assert!(!is_page_number("-3-", 400.0, 842.0));
        for text in ["2024 年", "96171.6", "一、总体情况", "-", "12345"] {
            assert!(!is_page_number(text, 40.0, 842.0), "{text}");
        }
    }
}
