//! Page layout: glyphs into table cells or running text, tables continued on the next page
//! merged, tables without ruling lines found among the lines, and wrapped lines of running
//! text joined into paragraphs.

use super::borderless::{self, Found, Refusal, Region};
use super::geom::{Glyph, Page, Rect};
use super::grid::{self, GridCell, Part, Piece};
use super::ruling::{self, Frame};
use super::text::{self, Line, join};

/// Tables on consecutive pages continue each other when their left and right edges agree
/// within this many points.
const SAME_EDGE: f32 = 6.0;
/// A paragraph line reaches the right margin when it ends within this many characters of it.
const RIGHT_SLACK: f32 = 1.5;
/// A line starting more than this many characters right of the left margin is indented.
const INDENT: f32 = 0.8;
/// Lines further apart than this many line heights are separate paragraphs.
const LINE_GAP: f32 = 1.5;

/// A paragraph or a rebuilt table, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Paragraph(String),
    Table(Vec<Vec<GridCell>>),
    /// A table without ruling lines that could not be read reliably: its lines, kept as
    /// text, and why.
    Refused(Refusal, Vec<String>),
}

/// One thing on a page, in reading order.
#[derive(Debug)]
enum Item {
    Line(Line),
    Table(Part, Rect),
    Borderless(Region),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(line) => line.rect.y1,
            Item::Table(_, rect) => rect.y1,
            Item::Borderless(region) => region.rect.y1,
        }
    }
}

/// The blocks of a document from its pages.
pub(crate) fn blocks(pages: Vec<Page>) -> Vec<Block> {
    let pages: Vec<Vec<Item>> = pages.into_iter().map(items).collect();
    let (left, right) = margins(pages.iter().flatten());
    let mut blocks = Vec::new();
    let mut paragraph: Vec<Line> = Vec::new();
    let mut table: Vec<Part> = Vec::new();
    let mut table_rect: Option<Rect> = None;
    let mut loose: Vec<Region> = Vec::new();
    let mut last_was_page_end = false;
    for page_items in pages {
        let count = page_items.len();
        for (at, item) in page_items.into_iter().enumerate() {
            let first_on_page = at == 0;
            match item {
                Item::Line(line) => {
                    flush_table(&mut table, &mut blocks);
                    flush_loose(&mut loose, &mut blocks);
                    let continues = paragraph.last().is_some_and(|before| {
                        continues(
                            before,
                            &line,
                            left,
                            right,
                            first_on_page && last_was_page_end,
                        )
                    });
                    if !continues {
                        flush_paragraph(&mut paragraph, &mut blocks);
                    }
                    paragraph.push(line);
                }
                Item::Table(part, rect) => {
                    flush_paragraph(&mut paragraph, &mut blocks);
                    flush_loose(&mut loose, &mut blocks);
                    let same_edges = table_rect.is_some_and(|r| {
                        (r.x0 - rect.x0).abs() <= SAME_EDGE && (r.x1 - rect.x1).abs() <= SAME_EDGE
                    });
                    if !(first_on_page && last_was_page_end && same_edges) {
                        flush_table(&mut table, &mut blocks);
                    }
                    table.push(part);
                    table_rect = Some(rect);
                }
                Item::Borderless(region) => {
                    flush_paragraph(&mut paragraph, &mut blocks);
                    flush_table(&mut table, &mut blocks);
                    let continued = first_on_page
                        && last_was_page_end
                        && loose
                            .last()
                            .is_some_and(|before| borderless::continues(before, &region));
                    if !continued {
                        flush_loose(&mut loose, &mut blocks);
                    }
                    loose.push(region);
                }
            }
            last_was_page_end = at + 1 == count;
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_table(&mut table, &mut blocks);
    flush_loose(&mut loose, &mut blocks);
    blocks
}

/// A page's tables and text lines (page numbers dropped), top to bottom.
fn items(page: Page) -> Vec<Item> {
    let frames = ruling::frames(&page.rules);
    let mut cells: Vec<Vec<Vec<Glyph>>> = frames
        .iter()
        .map(|f| vec![Vec::new(); f.regions.len()])
        .collect();
    let mut free = Vec::new();
    for glyph in page.glyphs {
        let (x, y) = (glyph.rect.center_x(), glyph.rect.center_y());
        let slot = frames
            .iter()
            .zip(cells.iter_mut())
            .find_map(|(frame, cells)| cells.get_mut(frame.region_at(x, y)?));
        match slot {
            Some(cell) => cell.push(glyph),
            None => free.push(glyph),
        }
    }
    let lines: Vec<Line> = text::lines(free)
        .into_iter()
        .filter(|line| {
            let y = line.rect.center_y() - page.bottom;
            !text::is_page_number(&line.text(), y, page.height)
        })
        .collect();
    let barriers: Vec<Rect> = frames.iter().map(|f| f.rect).collect();
    let mut items: Vec<Item> = borderless::find(lines, page.number, &barriers)
        .into_iter()
        .map(|found| match found {
            Found::Line(line) => Item::Line(line),
            Found::Region(region) => Item::Borderless(region),
        })
        .collect();
    for (frame, glyphs) in frames.into_iter().zip(cells) {
        if glyphs.iter().all(Vec::is_empty) {
            continue;
        }
        let rect = frame.rect;
        items.push(Item::Table(part(page.number, frame, glyphs), rect));
    }
    items.sort_by(|a, b| b.top().total_cmp(&a.top()));
    items
}

fn part(page: u32, frame: Frame, glyphs: Vec<Vec<Glyph>>) -> Part {
    let pieces = frame
        .regions
        .iter()
        .zip(glyphs)
        .map(|(region, glyphs)| Piece {
            rows: region.rows,
            rect: region.rect,
            lines: text::lines(glyphs),
        })
        .collect();
    Part {
        page,
        ys: frame.ys,
        xs: frame.xs,
        pieces,
    }
}

/// Left and right margin of the running text: the extremes of its longer lines.
fn margins<'a>(items: impl Iterator<Item = &'a Item>) -> (f32, f32) {
    let lines: Vec<&Line> = items
        .filter_map(|item| match item {
            Item::Line(line) => Some(line),
            Item::Table(..) | Item::Borderless(_) => None,
        })
        .collect();
    let long: Vec<&&Line> = lines.iter().filter(|l| l.glyphs.len() >= 8).collect();
    let pick = if long.is_empty() {
        lines.iter().collect()
    } else {
        long
    };
    let left = pick.iter().map(|l| l.rect.x0).fold(f32::INFINITY, f32::min);
    let right = pick
        .iter()
        .map(|l| l.rect.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    (left, right)
}

/// Whether `line` continues the paragraph whose last line is `before`: `before` runs to the
/// right margin, `line` is not indented, same size, and close below (or at the top of the
/// next page).
fn continues(before: &Line, line: &Line, left: f32, right: f32, new_page: bool) -> bool {
    let (size, next_size) = (before.size(), line.size());
    let full = before.rect.x1 >= right - RIGHT_SLACK * size;
    let flush = line.rect.x0 <= left + INDENT * next_size;
    let same_size = (size - next_size).abs() <= 0.15 * size.max(next_size);
    let close = new_page || before.rect.y0 - line.rect.y1 <= LINE_GAP * size;
    full && flush && same_size && close
}

fn flush_paragraph(lines: &mut Vec<Line>, blocks: &mut Vec<Block>) {
    let texts: Vec<String> = lines.drain(..).map(|l| l.text()).collect();
    let text = join(texts.iter().map(String::as_str));
    if !text.is_empty() {
        blocks.push(Block::Paragraph(text));
    }
}

/// A table without ruling lines: its grid, or its lines as text with why it was not read.
fn flush_loose(parts: &mut Vec<Region>, blocks: &mut Vec<Block>) {
    if parts.is_empty() {
        return;
    }
    let parts = std::mem::take(parts);
    match borderless::table(&parts) {
        Ok(rows) if !rows.is_empty() => blocks.push(Block::Table(rows)),
        Ok(_) => {}
        Err(refusal) => {
            let lines = parts
                .iter()
                .flat_map(|p| &p.lines)
                .map(borderless::Loose::text)
                .collect();
            blocks.push(Block::Refused(refusal, lines));
        }
    }
}

fn flush_table(parts: &mut Vec<Part>, blocks: &mut Vec<Block>) {
    if parts.is_empty() {
        return;
    }
    let rows = grid::rows(std::mem::take(parts));
    if !rows.is_empty() {
        blocks.push(Block::Table(rows));
    }
}

#[cfg(test)]
mod tests {
    use super::super::geom::Rule;
    use super::super::text::tests::glyphs;
    use super::*;

    fn page(number: u32, glyphs: Vec<Glyph>, rules: Vec<Rule>) -> Page {
        Page {
            number,
            bottom: 0.0,
            height: 842.0,
            glyphs,
            rules,
        }
    }

    /// Wrapped lines join into one paragraph; an indented line, a short line's successor and
    /// the page number do not.
    #[test]
    fn paragraphs_and_page_numbers() {
        let mut all = glyphs("标题", 200.0, 780.0, 16.0);
        all.extend(glyphs("一二三四五六七八九十", 132.0, 740.0, 16.0));
        all.extend(glyphs("甲乙丙丁戊己庚辛壬癸子丑", 100.0, 716.0, 16.0));
        all.extend(glyphs("寅卯", 100.0, 692.0, 16.0));
        all.extend(glyphs("-1-", 280.0, 40.0, 10.0));
        let found = blocks(vec![page(1, all, Vec::new())]);
        let expected = ["标题", "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯"];
        let expected: Vec<Block> = expected
            .iter()
            .map(|t| Block::Paragraph((*t).to_owned()))
            .collect();
        assert_eq!(found, expected);
    }

    /// A table ending one page and starting the next is one table, its rows in page order.
    #[test]
    fn merges_table_continued_on_next_page() {
        let rules = |top: f32| {
            super::super::ruling::tests::grid(&[50.0, 150.0, 250.0], &[top, top - 20.0], &[])
        };
        let mut first = glyphs("标题", 50.0, 780.0, 16.0);
        first.extend(glyphs("甲", 60.0, 65.0, 8.0));
        first.extend(glyphs("1", 200.0, 65.0, 8.0));
        let mut second = glyphs("乙", 60.0, 785.0, 8.0);
        second.extend(glyphs("2", 200.0, 785.0, 8.0));
        second.extend(glyphs("后文", 50.0, 700.0, 16.0));
        let found = blocks(vec![
            page(1, first, rules(80.0)),
            page(2, second, rules(800.0)),
        ]);
        let shape: Vec<Vec<Vec<String>>> = found
            .iter()
            .filter_map(|b| match b {
                Block::Table(rows) => Some(
                    rows.iter()
                        .map(|r| r.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                Block::Paragraph(_) | Block::Refused(..) => None,
            })
            .collect();
        assert_eq!(shape, [vec![vec!["甲", "1"], vec!["乙", "2"]]]);
        assert_eq!(found.len(), 3);
    }
}
