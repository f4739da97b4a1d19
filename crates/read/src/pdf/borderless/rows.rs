//! The grid of a table without ruling lines, in the shape every reader produces.
//!
//! The table's lines are rows of numbers, header lines (text over the value columns, no
//! numbers) and label lines (text left of the numbers only). A header line after rows of
//! numbers starts a new *segment* with columns of its own (table 二 is four small tables
//! stacked). In a segment:
//!
//! * the columns come from the numbers ([`columns::bands`]); every other value (a mark, a word)
//!   must fall clearly into one of them;
//! * each row of numbers is a row; the words left of the numbers are its labels, and the label
//!   lines are wrapped rests of labels (merged into the label they continue), labels centred
//!   over several rows (given to the first row they are next to, or, beside other labels, to
//!   the row below their top), or labels of rows without numbers (a row of their own);
//! * header lines above the first row are header rows: each text in the column it is over,
//!   wrapped header texts merged; every column must have exactly one lowest header text;
//! * label lines above the header are title rows.
//!
//! Every row of a segment has the same cells: its labels right-aligned in the label cells (as a
//! merged cell leaves empty cells before a label), then one cell per column, empty when the
//! row has no value there.

use super::super::geom::Rect;
use super::super::grid::GridCell;
use super::super::text::join;
use super::columns::{self, Areas, Band, Token, median};
use super::{Chunk, Kind, Loose, Region, wrap_gap};

/// A text is next to a row of numbers when their boxes overlap vertically by this many font
/// sizes.
const ROW_OVERLAP: f32 = 0.25;
/// ... and is on the row's line when they overlap by this many font sizes.
const ON_LINE: f32 = 0.6;
/// Wrapped lines of one cell start (or are centred) within this many font sizes of each other.
const ALIGN: f32 = 0.5;
/// Chunks of at most this many characters stacked one per line are text written vertically.
const NARROW: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A row of numbers.
    Data,
    /// Text over the value columns, no numbers.
    Header,
    /// Text left of the value columns only.
    Label,
}

/// A line of the table, with the part (page) it is on.
#[derive(Debug)]
struct TableLine<'r> {
    part: usize,
    page: u32,
    loose: &'r Loose,
    role: Role,
}

/// The lines (indices) of one segment.
#[derive(Debug, Default)]
struct Segment {
    titles: Vec<usize>,
    header: Vec<usize>,
    body: Vec<usize>,
}

/// The rows of the table made of `parts`, or why its columns cannot be read reliably.
pub(super) fn table(parts: &[Region]) -> Result<Vec<Vec<GridCell>>, String> {
    let areas = Areas::of(parts.iter().flat_map(|p| &p.lines));
    let narrow = narrow_texts(parts, &areas);
    let cells: Vec<Vec<Loose>> = parts
        .iter()
        .enumerate()
        .map(|(part, region)| {
            region
                .lines
                .iter()
                .enumerate()
                .map(|(at, loose)| cells_of(loose, (part, at), &areas, &narrow))
                .collect()
        })
        .collect();
    let mut lines: Vec<TableLine<'_>> = parts
        .iter()
        .zip(&cells)
        .enumerate()
        .flat_map(|(part, (region, cells))| {
            cells.iter().map(move |loose| TableLine {
                part,
                page: region.page,
                loose,
                role: Role::Label,
            })
        })
        .collect();
    for line in &mut lines {
        line.role = if line.loose.is_data() {
            Role::Data
        } else if areas.has_value_text(line.loose) {
            Role::Header
        } else {
            Role::Label
        };
    }
    let scale = Scale::of(&lines);
    let mut rows = Vec::new();
    for segment in segments(&lines) {
        rows.extend(segment_rows(&lines, &segment, scale)?);
    }
    Ok(rows)
}

/// Narrow label texts (at most [`NARROW`] characters) by their left edge, with the line each
/// is on, sorted by left edge: the characters of text written vertically.
fn narrow_texts(parts: &[Region], areas: &Areas) -> Vec<(f32, (usize, usize))> {
    let mut narrow: Vec<(f32, (usize, usize))> = parts
        .iter()
        .enumerate()
        .flat_map(|(part, region)| {
            region
                .lines
                .iter()
                .enumerate()
                .flat_map(move |(at, loose)| {
                    loose
                        .chunks
                        .iter()
                        .filter(|c| {
                            c.kind == Kind::Text
                                && c.line.glyphs.len() <= NARROW
                                && !areas.is_value(&c.rect())
                        })
                        .map(move |c| (c.rect().x0, (part, at)))
                })
        })
        .collect();
    narrow.sort_by(|a, b| a.0.total_cmp(&b.0));
    narrow
}

/// The line with its chunks joined into cells: neighbouring texts less than
/// [`super::CHUNK_GAP`] font sizes apart are one cell (a justified label spaces its
/// characters), unless they are over different columns, or the left one is a character of
/// text written vertically (narrow texts at its left edge on other lines) next to a label.
fn cells_of(
    loose: &Loose,
    line: (usize, usize),
    areas: &Areas,
    narrow: &[(f32, (usize, usize))],
) -> Loose {
    let size = loose.size();
    let slot = |rect: &Rect| {
        areas
            .is_value(rect)
            .then(|| columns::place(rect, &areas.bands, size))
    };
    let stacked = |chunk: &Chunk| {
        let x = chunk.rect().x0;
        let from = narrow.partition_point(|(at, _)| *at < x - ALIGN * size);
        chunk.line.glyphs.len() <= NARROW
            && narrow
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|(at, _)| *at <= x + ALIGN * size)
                .any(|(_, other)| *other != line)
    };
    let mut chunks: Vec<Chunk> = Vec::new();
    for chunk in loose.chunks.iter().flat_map(|c| by_column(c, areas, size)) {
        let rect = chunk.rect();
        let joins = chunks.last().is_some_and(|last: &Chunk| {
            last.kind == Kind::Text
                && chunk.kind == Kind::Text
                && rect.x0 - last.rect().x1 <= super::CHUNK_GAP * size
                && slot(&last.rect()) == slot(&rect)
                && (areas.is_value(&rect) || !stacked(last))
        });
        match chunks.last_mut() {
            Some(last) if joins => {
                last.line.glyphs.extend(chunk.line.glyphs.iter().copied());
                last.line.rect = last.line.rect.union(&rect);
                last.kind = super::kind(&last.line.text());
            }
            _ => chunks.push(chunk),
        }
    }
    Loose {
        line: loose.line.clone(),
        chunks,
    }
}

/// A text over the value columns cut where its characters pass from one column to the next
/// with a gap between them (two header cells too close to be told apart by the gap alone).
fn by_column(chunk: &Chunk, areas: &Areas, size: f32) -> Vec<Chunk> {
    if chunk.kind != Kind::Text || !areas.is_value(&chunk.rect()) {
        return vec![chunk.clone()];
    }
    let mut pieces: Vec<Vec<super::super::geom::Glyph>> = Vec::new();
    let mut column = None;
    for glyph in &chunk.line.glyphs {
        let here = columns::nearest_band(&areas.bands, glyph.rect.center_x());
        match pieces.last_mut() {
            Some(piece)
                if here == column
                    || piece
                        .last()
                        .is_none_or(|last| glyph.rect.x0 - last.rect.x1 <= 0.1 * size) =>
            {
                piece.push(*glyph);
            }
            _ => pieces.push(vec![*glyph]),
        }
        column = here;
    }
    pieces.into_iter().map(super::chunk).collect()
}

/// The sizes a table's text is measured by.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// The size of its labels and headers (of its CJK text).
    text: f32,
    /// How far apart wrapped lines of one cell may be.
    wrap: f32,
}

impl Scale {
    fn of(lines: &[TableLine<'_>]) -> Self {
        let text = median(lines.iter().filter_map(|l| l.loose.cjk_size()));
        let text = if text > 0.0 {
            text
        } else {
            median(lines.iter().map(|l| l.loose.size()))
        };
        let parts = lines.iter().map(|l| l.part).max().map_or(0, |m| m + 1);
        let data: Vec<Vec<&Loose>> = (0..parts)
            .map(|part| {
                lines
                    .iter()
                    .filter(|l| l.part == part && l.role == Role::Data)
                    .map(|l| l.loose)
                    .collect()
            })
            .collect();
        let wrap = wrap_gap(data.iter().map(Vec::as_slice), text);
        Self { text, wrap }
    }
}

/// Splits the lines into segments: title lines (before the first header), header lines
/// (with the label lines between them), then the body up to the next header line.
fn segments(lines: &[TableLine<'_>]) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut current = Segment::default();
    let mut has_data = false;
    for (at, line) in lines.iter().enumerate() {
        match line.role {
            Role::Header => {
                if has_data {
                    segments.push(std::mem::take(&mut current));
                    has_data = false;
                }
                // Label lines between header lines are header text (the corner, say).
                let between: Vec<usize> = current.body.drain(..).collect();
                current.header.extend(between);
                current.header.push(at);
            }
            Role::Data => {
                current.body.push(at);
                has_data = true;
            }
            Role::Label => {
                if segments.is_empty() && current.header.is_empty() && !has_data {
                    current.titles.push(at);
                } else {
                    current.body.push(at);
                }
            }
        }
    }
    // Without a header, label lines before the first row of numbers are labels, not titles.
    if current.header.is_empty() && segments.is_empty() {
        let mut body = std::mem::take(&mut current.titles);
        body.append(&mut current.body);
        current.body = body;
    }
    // A title or header with no rows after it (the table ends with the page, and the next
    // page does not continue it): rows of their own after the last rows.
    match segments.last_mut() {
        Some(previous) if !has_data => {
            previous.body.append(&mut current.header);
            previous.body.append(&mut current.body);
        }
        _ => segments.push(current),
    }
    segments
}

/// A row of numbers: its values by column and where it is.
#[derive(Debug)]
struct DataRow<'r> {
    part: usize,
    page: u32,
    values: Vec<Option<&'r Chunk>>,
    /// The vertical extent of its values.
    y0: f32,
    y1: f32,
}

/// A label chunk, the row of numbers it is next to, and the one whose line it is on.
#[derive(Debug, Clone, Copy)]
struct Label<'r> {
    part: usize,
    page: u32,
    chunk: &'r Chunk,
    beside: Option<usize>,
    on: Option<usize>,
}

/// A label text: chunks of consecutive lines, one cell's text.
#[derive(Debug)]
struct Block<'r> {
    part: usize,
    page: u32,
    chunks: Vec<&'r Chunk>,
    /// Per chunk, the row of numbers it is next to, and the one whose line it is on.
    rows: Vec<Option<usize>>,
    on: Vec<Option<usize>>,
    rect: Rect,
}

impl<'r> Block<'r> {
    fn new(label: &Label<'r>) -> Self {
        Self {
            part: label.part,
            page: label.page,
            chunks: vec![label.chunk],
            rows: vec![label.beside],
            on: vec![label.on],
            rect: label.chunk.rect(),
        }
    }

    fn push(&mut self, label: &Label<'r>) {
        self.rect = self.rect.union(&label.chunk.rect());
        self.chunks.push(label.chunk);
        self.rows.push(label.beside);
        self.on.push(label.on);
    }

    fn text(&self) -> String {
        let texts: Vec<String> = self.chunks.iter().map(|c| c.text()).collect();
        join(texts.iter().map(String::as_str))
    }

    fn is_narrow(&self) -> bool {
        self.chunks.iter().all(|c| c.line.glyphs.len() <= NARROW)
    }

    /// Whether `chunk` continues this text on the next line: aligned with its last line and
    /// close below it.
    fn continued_by(&self, chunk: &Chunk, scale: Scale) -> bool {
        let size = scale.text;
        let Some(last) = self.chunks.last() else {
            return false;
        };
        let (a, b) = (last.rect(), chunk.rect());
        // Left-aligned, centred, or an indented rest within the line above.
        let aligned = (a.x0 - b.x0).abs() <= ALIGN * size
            || (a.center_x() - b.center_x()).abs() <= ALIGN * size
            || (b.x0 >= a.x0 && b.x1 <= a.x1 + ALIGN * size);
        let gap = a.y0 - b.y1;
        aligned && gap >= -0.5 * size && gap <= scale.wrap
    }
}

/// Where a body row comes from: a row of numbers, or a label with no numbers beside it.
#[derive(Debug)]
enum Body {
    Data(usize),
    Own(usize),
}

fn segment_rows(
    lines: &[TableLine<'_>],
    segment: &Segment,
    scale: Scale,
) -> Result<Vec<Vec<GridCell>>, String> {
    let line = |at: &usize| lines.get(*at);
    let data_lines: Vec<&TableLine<'_>> = segment
        .body
        .iter()
        .filter_map(line)
        .filter(|l| l.role == Role::Data)
        .collect();
    if data_lines.is_empty() {
        return Err("表格的结构无法识别".to_owned());
    }
    // Without a header nothing shows that the numbers stand in their columns (numbers typed
    // one after another leave a blank cell's column to the next number).
    if segment.header.is_empty() {
        return Err("表格没有表头，无法核对数字所在的列".to_owned());
    }
    let tokens: Vec<Token> = data_lines
        .iter()
        .enumerate()
        .flat_map(|(row, l)| {
            l.loose
                .chunks
                .iter()
                .filter(|c| c.kind == Kind::Number)
                .map(move |c| Token {
                    rect: c.rect(),
                    text: c.text(),
                    row,
                })
        })
        .collect();
    if tokens.is_empty() {
        return Err("表格中没有数字".to_owned());
    }
    let size = median(tokens.iter().map(|t| t.rect.height()));
    let bands = columns::bands(&tokens, data_lines.len(), size)?;
    let loose: Vec<&Loose> = data_lines.iter().map(|l| l.loose).collect();
    let areas = Areas::with_bands(&loose, bands.clone());

    // Rows of numbers, and the labels on their lines.
    let mut data: Vec<DataRow<'_>> = Vec::new();
    let mut labels: Vec<(usize, u32, &Chunk, Option<usize>)> = Vec::new();
    for l in segment.body.iter().filter_map(line) {
        if l.role != Role::Data {
            for chunk in &l.loose.chunks {
                labels.push((l.part, l.page, chunk, None));
            }
            continue;
        }
        let row = data.len();
        let mut values: Vec<Option<&Chunk>> = vec![None; bands.len()];
        let mut extent: Option<Rect> = None;
        for chunk in &l.loose.chunks {
            let rect = chunk.rect();
            if chunk.kind != Kind::Number && !areas.is_cell(&rect) {
                labels.push((l.part, l.page, chunk, Some(row)));
                continue;
            }
            let text = chunk.text();
            let at = columns::place(&rect, &bands, size)
                .ok_or_else(|| format!("“{text}”落在两列之间，分不清属于哪一列"))?;
            let slot = values
                .get_mut(at)
                .ok_or_else(|| format!("“{text}”落在两列之间，分不清属于哪一列"))?;
            if let Some(before) = slot {
                return Err(format!("同一行的“{}”和“{text}”落在同一列", before.text()));
            }
            *slot = Some(chunk);
            extent = Some(extent.map_or(rect, |e| e.union(&rect)));
        }
        let extent = extent.unwrap_or(l.loose.line.rect);
        data.push(DataRow {
            part: l.part,
            page: l.page,
            values,
            y0: extent.y0,
            y1: extent.y1,
        });
    }
    let labels: Vec<Label<'_>> = labels
        .into_iter()
        .map(|(part, page, chunk, row)| {
            let rect = chunk.rect();
            Label {
                part,
                page,
                chunk,
                beside: row.or_else(|| next_to(&data, part, &rect, ROW_OVERLAP * scale.text)),
                on: next_to(&data, part, &rect, ON_LINE * scale.text),
            }
        })
        .collect();
    let blocks = label_blocks(&labels, scale);

    // Each label to a row of numbers, or a row of its own.
    let mut attached: Vec<Vec<usize>> = vec![Vec::new(); data.len()];
    let mut own: Vec<usize> = Vec::new();
    for (at, block) in blocks.iter().enumerate() {
        let row = block.rows.iter().flatten().min().copied().or_else(|| {
            beside_labels(&blocks, at, scale)
                .then(|| below_top(&data, block))
                .flatten()
        });
        match row.and_then(|r| attached.get_mut(r)) {
            Some(list) => list.push(at),
            None => own.push(at),
        }
    }
    for list in &mut attached {
        list.sort_by(|&a, &b| {
            let x = |at: usize| blocks.get(at).map_or(0.0, |b| b.rect.x0);
            x(a).total_cmp(&x(b))
        });
    }

    let header = header_cells(lines, &segment.header, &areas, &bands, size, scale)?;
    let titles = title_blocks(lines, &segment.titles, scale);
    let width = attached
        .iter()
        .map(Vec::len)
        .chain(own.iter().map(|_| 1))
        .chain(header.iter().map(|h| h.labels.len()))
        .max()
        .unwrap_or(0)
        .max(usize::from(!titles.is_empty()));
    let left = blocks
        .iter()
        .map(|b| b.rect.x0)
        .chain(
            header
                .iter()
                .flat_map(|h| h.labels.iter().map(|(_, r)| r.x0)),
        )
        .fold(f32::INFINITY, f32::min);
    let right = bands.first().map_or(left, |b| b.x0);
    let left = if left.is_finite() { left } else { right };
    let label_box = |y0: f32, y1: f32| Rect::new(left.min(right), y0, right, y1);

    let mut rows: Vec<Vec<GridCell>> = Vec::new();
    for title in &titles {
        let mut row = vec![GridCell {
            text: title.text(),
            page: title.page,
            rect: title.rect,
        }];
        row.extend((1..width).map(|_| empty(title.page, label_box(title.rect.y0, title.rect.y1))));
        row.extend(
            bands
                .iter()
                .map(|band| empty(title.page, band_box(band, &title.rect))),
        );
        rows.push(row);
    }
    for head in &header {
        let mut row: Vec<GridCell> = head
            .labels
            .iter()
            .map(|(text, rect)| GridCell {
                text: text.clone(),
                page: head.page,
                rect: *rect,
            })
            .collect();
        while row.len() < width {
            row.push(empty(head.page, label_box(head.rect.y0, head.rect.y1)));
        }
        for (band, cell) in bands.iter().zip(&head.columns) {
            row.push(match cell {
                Some((text, rect)) => GridCell {
                    text: text.clone(),
                    page: head.page,
                    rect: *rect,
                },
                None => empty(head.page, band_box(band, &head.rect)),
            });
        }
        rows.push(row);
    }
    let mut body: Vec<(usize, f32, Body)> = data
        .iter()
        .enumerate()
        .map(|(at, r)| (r.part, r.y1, Body::Data(at)))
        .chain(
            own.iter()
                .filter_map(|&at| blocks.get(at).map(|b| (b.part, b.rect.y1, Body::Own(at)))),
        )
        .collect();
    body.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    for (_, _, source) in body {
        let row = match source {
            Body::Data(at) => {
                let Some(r) = data.get(at) else { continue };
                let labels: Vec<&Block<'_>> = attached
                    .get(at)
                    .into_iter()
                    .flatten()
                    .filter_map(|&b| blocks.get(b))
                    .collect();
                let mut row: Vec<GridCell> = (labels.len()..width)
                    .map(|_| empty(r.page, label_box(r.y0, r.y1)))
                    .collect();
                row.extend(labels.iter().map(|b| GridCell {
                    text: b.text(),
                    page: b.page,
                    rect: b.rect,
                }));
                for (band, value) in bands.iter().zip(&r.values) {
                    row.push(match value {
                        Some(chunk) => GridCell {
                            text: chunk.text(),
                            page: r.page,
                            rect: chunk.rect(),
                        },
                        None => empty(r.page, Rect::new(band.x0, r.y0, band.x1, r.y1)),
                    });
                }
                row
            }
            Body::Own(at) => {
                let Some(b) = blocks.get(at) else { continue };
                let mut row: Vec<GridCell> = (1..width)
                    .map(|_| empty(b.page, label_box(b.rect.y0, b.rect.y1)))
                    .collect();
                row.push(GridCell {
                    text: b.text(),
                    page: b.page,
                    rect: b.rect,
                });
                row.extend(
                    bands
                        .iter()
                        .map(|band| empty(b.page, band_box(band, &b.rect))),
                );
                row
            }
        };
        rows.push(row);
    }
    Ok(rows)
}

fn empty(page: u32, rect: Rect) -> GridCell {
    GridCell {
        text: String::new(),
        page,
        rect,
    }
}

fn band_box(band: &Band, row: &Rect) -> Rect {
    Rect::new(band.x0, row.y0, band.x1, row.y1)
}

/// The row of numbers (of the same part) a text overlaps most, by at least `least` points.
fn next_to(data: &[DataRow<'_>], part: usize, rect: &Rect, least: f32) -> Option<usize> {
    data.iter()
        .enumerate()
        .filter(|(_, r)| r.part == part)
        .map(|(at, r)| (at, rect.y1.min(r.y1) - rect.y0.max(r.y0)))
        .filter(|(_, overlap)| *overlap >= least)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(at, _)| at)
}

/// Joins label chunks into cell texts: a chunk continues the text above it when aligned and
/// close below it, unless it is on the line of a row of numbers and the text above is beside
/// another (two rows' labels) — except in a stack of one or two characters per line, text
/// written vertically, which is kept whole unless each of its characters is on a row's line
/// of its own.
fn label_blocks<'r>(labels: &[Label<'r>], scale: Scale) -> Vec<Block<'r>> {
    let mut order: Vec<&Label<'r>> = labels.iter().collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (a.chunk.rect(), b.chunk.rect());
        a.part
            .cmp(&b.part)
            .then(rb.center_y().total_cmp(&ra.center_y()))
            .then(ra.x0.total_cmp(&rb.x0))
    });
    let mut blocks: Vec<Block<'r>> = Vec::new();
    for label in order {
        let narrow = label.chunk.line.glyphs.len() <= NARROW;
        let target = blocks
            .iter_mut()
            .rev()
            .filter(|b| b.part == label.part)
            .find(|b| b.continued_by(label.chunk, scale));
        let joins = target.map(|block| {
            // A label on the line of a row is not the rest of a label beside another row.
            let conflict = label.on.is_some_and(|r| {
                block
                    .rows
                    .iter()
                    .chain(&block.on)
                    .flatten()
                    .any(|&other| other != r)
            });
            if !conflict || (narrow && block.is_narrow()) {
                block.push(label);
                true
            } else {
                false
            }
        });
        if joins != Some(true) {
            blocks.push(Block::new(label));
        }
    }
    // A narrow stack each of whose characters is on a row's line of its own is one label per
    // row.
    let mut result = Vec::new();
    for block in blocks {
        let mut rows: Vec<usize> = block.on.iter().flatten().copied().collect();
        let all_on = rows.len() == block.on.len();
        rows.sort_unstable();
        rows.dedup();
        if block.chunks.len() > 1 && block.is_narrow() && all_on && rows.len() == block.on.len() {
            for at in 0..block.chunks.len() {
                if let (Some(chunk), Some(beside), Some(on)) =
                    (block.chunks.get(at), block.rows.get(at), block.on.get(at))
                {
                    result.push(Block::new(&Label {
                        part: block.part,
                        page: block.page,
                        chunk,
                        beside: *beside,
                        on: *on,
                    }));
                }
            }
        } else {
            result.push(block);
        }
    }
    result
}

/// Whether another label lies right of this one at about the same height (within half a
/// character: this one spans rows, a group label centred over them).
fn beside_labels(blocks: &[Block<'_>], at: usize, scale: Scale) -> bool {
    let Some(block) = blocks.get(at) else {
        return false;
    };
    blocks.iter().enumerate().any(|(other, b)| {
        other != at
            && b.part == block.part
            && b.rect.x0 >= block.rect.x1
            && b.rect.y1.min(block.rect.y1) - b.rect.y0.max(block.rect.y0) > -0.5 * scale.text
    })
}

/// The first row of numbers (same part) below the top of a label, or the last above it.
fn below_top(data: &[DataRow<'_>], block: &Block<'_>) -> Option<usize> {
    let same = || {
        data.iter()
            .enumerate()
            .filter(|(_, r)| r.part == block.part)
    };
    same()
        .find(|(_, r)| (r.y0 + r.y1) / 2.0 < block.rect.y1)
        .or_else(|| same().next_back())
        .map(|(at, _)| at)
}

/// A header row: its label-side texts and one optional text per column.
#[derive(Debug)]
struct HeaderRow {
    page: u32,
    rect: Rect,
    labels: Vec<(String, Rect)>,
    columns: Vec<Option<(String, Rect)>>,
}

/// A header text: the chunks of one column (or of the label side) on consecutive lines.
#[derive(Debug)]
struct HeaderText<'r> {
    part: usize,
    /// Index of the header line its first chunk is on.
    line: usize,
    column: Option<usize>,
    clear: bool,
    chunks: Vec<&'r Chunk>,
    rect: Rect,
}

impl HeaderText<'_> {
    fn text(&self) -> String {
        let texts: Vec<String> = self.chunks.iter().map(|c| c.text()).collect();
        join(texts.iter().map(String::as_str))
    }
}

/// The header rows of a segment, each text in the column it is over (wrapped texts merged),
/// after checking that every column has exactly one lowest header text.
fn header_cells(
    lines: &[TableLine<'_>],
    header: &[usize],
    areas: &Areas,
    bands: &[Band],
    size: f32,
    scale: Scale,
) -> Result<Vec<HeaderRow>, String> {
    let mut texts: Vec<HeaderText<'_>> = Vec::new();
    for (line_at, l) in header.iter().filter_map(|at| lines.get(*at)).enumerate() {
        for chunk in &l.loose.chunks {
            let rect = chunk.rect();
            let (column, clear) = if areas.is_cell(&rect) {
                match columns::header(&rect, bands, size) {
                    Some((at, clear)) => (Some(at), clear),
                    None => (None, true),
                }
            } else {
                (None, true)
            };
            let continued = texts.iter_mut().rev().find(|t| {
                t.part == l.part
                    && t.column == column
                    && t.chunks.last().is_some_and(|last| {
                        let gap = last.rect().y0 - rect.y1;
                        let aligned = column.is_some()
                            || (last.rect().x0 - rect.x0).abs() <= ALIGN * scale.text
                            || (last.rect().center_x() - rect.center_x()).abs()
                                <= ALIGN * scale.text;
                        aligned && gap >= -0.5 * scale.text && gap <= scale.wrap
                    })
            });
            match continued {
                Some(text) => {
                    text.rect = text.rect.union(&rect);
                    text.chunks.push(chunk);
                    text.clear &= clear;
                }
                None => texts.push(HeaderText {
                    part: l.part,
                    line: line_at,
                    column,
                    clear,
                    chunks: vec![chunk],
                    rect,
                }),
            }
        }
    }
    let valued: Vec<&HeaderText<'_>> = texts.iter().filter(|t| t.column.is_some()).collect();
    if valued.is_empty() {
        return Err("表格没有表头，无法核对数字所在的列".to_owned());
    }
    let mut lowest = vec![0usize; bands.len()];
    for (at, text) in valued.iter().enumerate() {
        let covered = valued.iter().enumerate().any(|(other_at, other)| {
            other_at != at
                && other.rect.y1 <= text.rect.y0 + 0.5 * size
                && other.rect.x1.min(text.rect.x1) > other.rect.x0.max(text.rect.x0)
        });
        if covered {
            continue;
        }
        let name = text.text();
        if !text.clear {
            return Err(format!("表头“{name}”在两列之间，分不清是哪一列的列名"));
        }
        if let Some(count) = text.column.and_then(|c| lowest.get_mut(c)) {
            *count += 1;
        }
    }
    if let Some(at) = lowest.iter().position(|&n| n != 1) {
        let numbers = match lowest.get(at) {
            Some(0) => "上方没有列名",
            _ => "上方有不止一个列名",
        };
        return Err(format!(
            "第 {} 列数字{numbers}，表头与数字的列对不上",
            at + 1
        ));
    }
    let mut rows: Vec<HeaderRow> = Vec::new();
    for (line_at, l) in header.iter().filter_map(|at| lines.get(*at)).enumerate() {
        let starting: Vec<&HeaderText<'_>> = texts.iter().filter(|t| t.line == line_at).collect();
        if starting.is_empty() {
            continue;
        }
        let mut row = HeaderRow {
            page: l.page,
            rect: l.loose.line.rect,
            labels: Vec::new(),
            columns: vec![None; bands.len()],
        };
        for text in starting {
            match text.column.and_then(|c| row.columns.get_mut(c)) {
                Some(slot) => {
                    let joined = match slot.take() {
                        Some((before, rect)) => (
                            join([before.as_str(), text.text().as_str()]),
                            rect.union(&text.rect),
                        ),
                        None => (text.text(), text.rect),
                    };
                    *slot = Some(joined);
                }
                None => row.labels.push((text.text(), text.rect)),
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Title rows: label lines above the header, wrapped lines joined.
fn title_blocks<'r>(lines: &[TableLine<'r>], titles: &[usize], scale: Scale) -> Vec<Block<'r>> {
    let labels: Vec<Label<'r>> = titles
        .iter()
        .filter_map(|at| lines.get(*at))
        .flat_map(|l| {
            l.loose.chunks.iter().map(move |chunk| Label {
                part: l.part,
                page: l.page,
                chunk,
                beside: None,
                on: None,
            })
        })
        .collect();
    let mut blocks = label_blocks(&labels, scale);
    // Several texts on one title line are one title.
    let mut merged: Vec<Block<'r>> = Vec::new();
    for block in blocks.drain(..) {
        match merged.last_mut() {
            Some(last) if last.rect.y1.min(block.rect.y1) > last.rect.y0.max(block.rect.y0) => {
                for chunk in &block.chunks {
                    last.push(&Label {
                        part: block.part,
                        page: block.page,
                        chunk,
                        beside: None,
                        on: None,
                    });
                }
            }
            _ => merged.push(block),
        }
    }
    merged
}
