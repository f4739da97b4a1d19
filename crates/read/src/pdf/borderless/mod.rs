//! Tables drawn without ruling lines (borders turned off in WPS or Word, web pages printed to
//! PDF): their columns exist only as the positions of the text.
//!
//! A line of such a table is cut into *chunks* where its glyphs leave a gap of about a
//! character (what separates two cells), and a chunk that is a number is a *token*. Lines with
//! tokens are the table's rows of numbers; close lines of the same size around them are its
//! header, its wrapped labels and its title rows ([`find`], per page). A table found on one page
//! may continue at the top of the next.
//!
//! [`table`] then rebuilds the grid ([`columns`] from the x-extents of the tokens, [`rows`] from
//! the lines and the label texts) only when the reading is unambiguous; otherwise it returns
//! why not, and the reader keeps the lines as text and warns (`read::table-without-lines`)
//! rather than guess which column a number is in.

mod columns;
mod rows;

#[cfg(test)]
mod tests;

use super::geom::{Glyph, Rect};
use super::grid::GridCell;
use super::text::{Line, is_wide};

/// Glyphs of a line further apart than this many font sizes are in different cells; two CJK
/// characters (never spaced within a word) already when this much apart.
const CHUNK_GAP: f32 = 0.8;
const CJK_GAP: f32 = 0.3;
/// Lines of one table are at most this many font sizes apart (the gap between their boxes;
/// cells are often padded generously).
const RUN_GAP: f32 = 3.5;
/// Lines of one table have font sizes within this ratio.
const SIZE_RATIO: f32 = 1.5;
/// Text larger than this many times the table's is a heading, not a header or title row.
const HEADING: f32 = 1.2;
/// At most this many lines of header and title rows above the first row of numbers.
const MAX_HEADER: usize = 12;
/// Runs of more lines, or tables of more chunks, than this are not examined (no page holds a
/// table that large; it bounds the work on a crafted file).
const MAX_LINES: usize = 1_000;
const MAX_CHUNKS: usize = 5_000;
/// Wrapped lines of one cell are at most this many font sizes apart, and closer than this
/// share of the gap between rows of numbers.
const WRAP_GAP: f32 = 1.2;
const WRAP_SHARE: f32 = 0.75;

/// What a chunk of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number: digits with an optional sign, separators, decimal point or percent sign.
    Number,
    /// A dash or slash standing for "none".
    Mark,
    /// Anything else.
    Text,
}

/// Glyphs of a line with no cell-sized gap between them: the text of one cell on that line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chunk {
    pub line: Line,
    pub kind: Kind,
}

impl Chunk {
    pub fn rect(&self) -> Rect {
        self.line.rect
    }

    pub fn text(&self) -> String {
        self.line.text()
    }
}

/// A text line cut into chunks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Loose {
    /// The whole line, as running text would have it.
    pub line: Line,
    pub chunks: Vec<Chunk>,
}

impl Loose {
    /// Cuts a line into chunks at gaps wider than [`CHUNK_GAP`] font sizes ([`CJK_GAP`]
    /// between two CJK characters).
    pub fn new(line: Line) -> Self {
        let size = Loose {
            line: line.clone(),
            chunks: Vec::new(),
        }
        .size();
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut current: Vec<Glyph> = Vec::new();
        for glyph in &line.glyphs {
            if let Some(last) = current.last()
                && glyph.rect.x0 - last.rect.x1
                    > size
                        * if is_wide(last.ch) && is_wide(glyph.ch) {
                            CJK_GAP
                        } else {
                            CHUNK_GAP
                        }
            {
                chunks.push(chunk(std::mem::take(&mut current)));
            }
            current.push(*glyph);
        }
        if !current.is_empty() {
            chunks.push(chunk(current));
        }
        Self { line, chunks }
    }

    pub fn numbers(&self) -> usize {
        self.chunks
            .iter()
            .filter(|c| c.kind == Kind::Number)
            .count()
    }

    /// A row of values: it has a number, or a mark after other text.
    pub fn is_data(&self) -> bool {
        self.numbers() > 0
            || (self.chunks.len() >= 2 && self.chunks.iter().any(|c| c.kind == Kind::Mark))
    }

    pub fn size(&self) -> f32 {
        self.cjk_size().unwrap_or_else(|| self.line.size())
    }

    /// The median height of the line's CJK characters, if it has any (digits and Latin letters
    /// of another font often have taller boxes).
    pub fn cjk_size(&self) -> Option<f32> {
        let wide: Vec<f32> = self
            .line
            .glyphs
            .iter()
            .filter(|g| is_wide(g.ch))
            .map(|g| g.rect.height())
            .collect();
        (!wide.is_empty()).then(|| columns::median(wide.into_iter()))
    }

    /// The extents of the line's pieces of text: its chunks, those less than [`CHUNK_GAP`]
    /// font sizes apart joined (what running text looks like whatever its spacing).
    pub fn spans(&self) -> Vec<Rect> {
        let gap = CHUNK_GAP * self.size();
        let mut spans: Vec<Rect> = Vec::new();
        for chunk in &self.chunks {
            let rect = chunk.rect();
            match spans.last_mut() {
                Some(last) if rect.x0 - last.x1 <= gap => *last = last.union(&rect),
                _ => spans.push(rect),
            }
        }
        spans
    }

    /// The text of the line with its cells a space apart (the paragraph a refused table's line
    /// becomes).
    pub fn text(&self) -> String {
        let texts: Vec<String> = self.chunks.iter().map(Chunk::text).collect();
        texts.join(" ")
    }
}

pub(crate) fn chunk(glyphs: Vec<Glyph>) -> Chunk {
    let rect = glyphs
        .iter()
        .map(|g| g.rect)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default();
    let line = Line { glyphs, rect };
    let kind = kind(&line.text());
    Chunk { line, kind }
}

/// Whether the text is a number, a none-mark or other text.
pub(crate) fn kind(text: &str) -> Kind {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if is_number(&text) {
        Kind::Number
    } else if !text.is_empty() && text.chars().all(|c| "-—－–/／".contains(c)) {
        Kind::Mark
    } else {
        Kind::Text
    }
}

fn is_number(text: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let text = text.strip_prefix(['-', '+', '−', '－']).unwrap_or(text);
    let text = text.strip_suffix(['%', '％']).unwrap_or(text);
    let dots = text.chars().filter(|c| matches!(c, '.' | '．')).count();
    text.chars().next().is_some_and(digit)
        && text.chars().last().is_some_and(digit)
        && dots <= 1
        && text
            .chars()
            .all(|c| digit(c) || matches!(c, '.' | '．' | ',' | '，'))
}

/// A table without ruling lines on one page: its lines, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Region {
    pub page: u32,
    pub lines: Vec<Loose>,
    pub rect: Rect,
    /// Whether it has header lines (text over its value columns) above its first row of
    /// numbers; a region without continues a table of the page before.
    pub headed: bool,
    /// Whether it ends the page with header or title lines after its last row of numbers (a
    /// page break between a title and its rows): the next page's region continues it.
    pub dangling: bool,
}

/// A line of running text, or a table without ruling lines.
#[derive(Debug)]
pub(crate) enum Found {
    Line(Line),
    Region(Region),
}

/// Why a table without ruling lines was not read: its pages and what is ambiguous, in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refusal {
    pub pages: Vec<u32>,
    pub reason: String,
}

/// The tables without ruling lines among the lines of one page (top to bottom, page numbers
/// removed); `barriers` are the boxes of the page's ruled tables, which no table here crosses.
/// Every line comes back, as itself or inside a region.
pub(crate) fn find(lines: Vec<Line>, page: u32, barriers: &[Rect]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut runs: Vec<Vec<Loose>> = vec![Vec::new()];
    for line in lines {
        let loose = Loose::new(line);
        let joins = runs
            .last()
            .and_then(|run| run.last())
            .is_some_and(|before| {
                close(before, &loose) && !barrier_between(before, &loose, barriers)
            });
        if !joins {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(loose);
        }
    }
    let count = runs.len();
    for (at, run) in runs.into_iter().enumerate() {
        examine(run, page, at + 1 == count, &mut found);
    }
    found
}

/// Whether two consecutive lines may be lines of one table: close and, when both have CJK
/// text, of about the same size.
fn close(above: &Loose, below: &Loose) -> bool {
    let (a, b) = (above.size(), below.size());
    let gap = above.line.rect.y0 - below.line.rect.y1;
    let similar = match (above.cjk_size(), below.cjk_size()) {
        (Some(a), Some(b)) => a.max(b) <= SIZE_RATIO * a.min(b),
        _ => true,
    };
    a > 0.0 && b > 0.0 && similar && gap <= RUN_GAP * a.max(b)
}

/// How far apart wrapped lines of one cell may be in a table whose rows of numbers are
/// `data` (in order) and whose text is of `size`: at most [`WRAP_GAP`] font sizes, and less
/// than the usual gap between rows.
pub(crate) fn wrap_gap<'l>(data: impl IntoIterator<Item = &'l [&'l Loose]>, size: f32) -> f32 {
    let gaps = data.into_iter().flat_map(|rows| {
        rows.windows(2).filter_map(|pair| match pair {
            [above, below] => Some(above.line.rect.y0 - below.line.rect.y1),
            _ => None,
        })
    });
    let gaps: Vec<f32> = gaps.filter(|g| *g > 0.0).collect();
    let most = WRAP_GAP * size;
    if gaps.is_empty() {
        most
    } else {
        most.min(WRAP_SHARE * columns::median(gaps.into_iter()))
    }
}

fn barrier_between(above: &Loose, below: &Loose, barriers: &[Rect]) -> bool {
    barriers
        .iter()
        .any(|r| r.y1 <= above.line.rect.y0 + 0.5 && r.y0 >= below.line.rect.y1 - 0.5)
}

/// Finds the tables in a run of close lines: split where running text crosses label and value
/// columns (a heading between two tables), each piece holding a table or not. `last` is
/// whether the run ends the page.
fn examine(run: Vec<Loose>, page: u32, last: bool, found: &mut Vec<Found>) {
    let areas = columns::Areas::of(&run);
    let mut pieces: Vec<Vec<Loose>> = vec![Vec::new()];
    let mut texts: Vec<Option<Line>> = Vec::new();
    for loose in run {
        if !loose.is_data() && loose.spans().iter().any(|r| areas.crosses(r)) {
            pieces.push(Vec::new());
            texts.push(Some(loose.line));
        } else if let Some(piece) = pieces.last_mut() {
            piece.push(loose);
        }
    }
    let count = pieces.len();
    let mut texts = texts.into_iter();
    for (at, piece) in pieces.into_iter().enumerate() {
        examine_piece(piece, page, last && at + 1 == count, found);
        if let Some(Some(line)) = texts.next() {
            found.push(Found::Line(line));
        }
    }
}

/// Finds the table in a piece of a run, if it holds one; every line of the piece is added to
/// `found`, as itself or in the region.
fn examine_piece(run: Vec<Loose>, page: u32, at_page_end: bool, found: &mut Vec<Found>) {
    let span = table_lines(&run, at_page_end);
    let mut lines = run.into_iter().enumerate();
    let Some(span) = span else {
        found.extend(lines.map(|(_, l)| Found::Line(l.line)));
        return;
    };
    let mut region = Vec::new();
    for (at, loose) in lines.by_ref() {
        if at < span.start || at >= span.end {
            found.push(Found::Line(loose.line));
        } else {
            region.push(loose);
        }
    }
    let rect = region
        .iter()
        .map(|l| l.line.rect)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default();
    found.push(Found::Region(Region {
        page,
        lines: region,
        rect,
        headed: span.headed,
        dangling: span.dangling,
    }));
}

/// The lines of a run that form a table.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    headed: bool,
    dangling: bool,
}

/// The lines of a run that form a table, if it holds one.
fn table_lines(run: &[Loose], at_page_end: bool) -> Option<Span> {
    if run.len() > MAX_LINES || run.iter().map(|l| l.chunks.len()).sum::<usize>() > MAX_CHUNKS {
        return None;
    }
    let first = run.iter().position(Loose::is_data)?;
    let last = run.iter().rposition(Loose::is_data)?;
    let data: Vec<&Loose> = run.iter().filter(|l| l.is_data()).collect();
    let numbers: usize = data.iter().map(|l| l.numbers()).sum();
    let rich = data.iter().filter(|l| l.numbers() >= 2).count();
    let widest = data.iter().map(|l| l.numbers()).max().unwrap_or(0);
    // Enough numbers in enough rows that it cannot be a sentence that happens to hold a number.
    let table = numbers >= 3 && (rich >= 2 || data.len() >= 3 || widest >= 4);
    if !table {
        return None;
    }
    let body = run.get(first..=last).unwrap_or_default();
    let areas = columns::Areas::of(body);
    // The size of the table's text: of its labels, else of its header.
    let sizes =
        |lines: &[Loose]| -> Vec<f32> { lines.iter().filter_map(Loose::cjk_size).collect() };
    let mut size = sizes(body);
    if size.is_empty() {
        size = sizes(
            run.get(first.saturating_sub(MAX_HEADER)..first)
                .unwrap_or_default(),
        );
    }
    let size = columns::median(size.into_iter());
    // Larger text (a heading) or text across label and value columns is not the table's.
    let foreign = |line: &Loose| {
        line.cjk_size()
            .is_some_and(|s| size > 0.0 && s > HEADING * size)
            || line.spans().iter().any(|r| areas.crosses(r))
    };
    // Header and title rows: up the close lines above the first row of numbers.
    let mut start = first;
    while start > 0 && first - start < MAX_HEADER {
        match run.get(start - 1) {
            Some(above) if !foreign(above) => start -= 1,
            _ => break,
        }
    }
    let headed = run
        .get(start..first)
        .unwrap_or_default()
        .iter()
        .any(|l| areas.has_value_text(l));
    // Below the last row of numbers: the wrapped rest of its labels.
    let wrap = wrap_gap([data.as_slice()], size.max(0.0));
    let mut end = last + 1;
    while let (Some(above), Some(below)) = (run.get(end - 1), run.get(end)) {
        let wrapped = below.size() > 0.0
            && above.line.rect.y0 - below.line.rect.y1 <= wrap
            && !areas.has_value_text(below)
            && !below.is_data();
        if !wrapped {
            break;
        }
        end += 1;
    }
    // At the foot of the page, a title or header whose rows are on the next page.
    let rest = run.get(end..).unwrap_or_default();
    let dangling = at_page_end
        && !rest.is_empty()
        && rest.len() <= MAX_HEADER
        && rest.iter().all(|l| !l.is_data() && !foreign(l));
    if dangling {
        end = run.len();
    }
    Some(Span {
        start,
        end,
        headed,
        dangling,
    })
}

/// Rebuilds the table made of `parts` (a region and the regions continuing it on the next
/// pages), or says why it cannot be read reliably.
pub(crate) fn table(parts: &[Region]) -> Result<Vec<Vec<GridCell>>, Refusal> {
    let chunks: usize = parts
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.chunks.len())
        .sum();
    if chunks > 2 * MAX_CHUNKS {
        return Err(Refusal {
            pages: pages(parts),
            reason: "表格太大，无法按文字位置读取".to_owned(),
        });
    }
    rows::table(parts).map_err(|reason| Refusal {
        pages: pages(parts),
        reason,
    })
}

/// The pages of the parts, in order, each once.
pub(crate) fn pages(parts: &[Region]) -> Vec<u32> {
    let mut pages: Vec<u32> = parts.iter().map(|p| p.page).collect();
    pages.dedup();
    pages
}

/// Whether `next` (at the top of a page) continues the table whose last part is `before` (at
/// the bottom of the page before): it lies across the same width and has no header of its own,
/// or `before` ends with the title or header of its rows.
pub(crate) fn continues(before: &Region, next: &Region) -> bool {
    let overlap = before.rect.x1.min(next.rect.x1) - before.rect.x0.max(next.rect.x0);
    let narrower = before.rect.width().min(next.rect.width());
    (!next.headed || before.dangling)
        && next.page == before.page + 1
        && narrower > 0.0
        && overlap >= 0.8 * narrower
}
