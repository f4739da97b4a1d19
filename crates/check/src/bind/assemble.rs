//! Tables as converters leave them: the artefacts a PDF → Markdown (or → HTML, → Word)
//! conversion puts into a table, recognised so that the rows under them can be read as a
//! person reads them, and the blocks of one table split by a page break put together again.
//!
//! What is recognised here is about conversions and page layout, never about the template:
//!
//! - numbered placeholder headers a converter writes where a table has no header of its own
//!   (`列1`, `Col2`, `Column 3`, `Unnamed: 4`), read as empty cells;
//! - page furniture inside a table or between its blocks: page numbers (`- 3 -`, `— 5 —`,
//!   `第 3 页`, `第3页 共5页`), ruled lines, and the 续表 mark of a continued table;
//! - a merged cell repeated into every column it spans (a header cell and the value under it
//!   written three times): one cell, read once;
//! - columns empty in every row of a part (what is left of a merged cell under a narrower part).
//!
//! Every number this takes out of the reading is returned as set aside (an unplaced cell with
//! the reason), so that no number vanishes: the guard against losing numbers
//! ([`super::leftovers`]) and anyone reading the report's unplaced cells see it.

use std::borrow::Cow;

use nianbao_model::{Cell, Row, UnplacedCell, Value};
use nianbao_rules::ruleset::Part;

use super::locate::Block;

/// Rows of one header and the data rows under it, cleaned. A row the cleaning leaves as it
/// is (nearly all) is the document's, lent: copying every cell's text was a visible share of
/// binding.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segment<'d> {
    /// Header rows (possibly none: a block that continues the one before).
    pub header: Vec<Cow<'d, Row>>,
    /// Data rows.
    pub data: Vec<Cow<'d, Row>>,
}

/// A part's rows from all its blocks, cleaned and grouped by header.
#[derive(Debug, Clone, Default)]
pub(crate) struct Assembled<'d> {
    /// The first block's header and rows, then each block that repeats a header; a block with
    /// no header of its own is appended to the segment before it.
    pub segments: Vec<Segment<'d>>,
    /// Numbers read as converter artefacts or page furniture, not as values, with the reason.
    pub set_aside: Vec<UnplacedCell>,
}

/// Cleans the rows of a part's blocks and groups them under their headers.
pub(crate) fn assemble<'d>(blocks: &[Block<'d>], part: &Part) -> Assembled<'d> {
    let mut assembled = Assembled::default();
    let mut cleaned: Vec<Vec<Cow<'d, Row>>> = Vec::with_capacity(blocks.len());
    // Where each block's data starts, when known for the rows cleaned here: from locating for
    // a whole table with no row left out (placeholders are cleared the same way), and the
    // first block's once found below.
    let mut located: Vec<Option<usize>> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let mut rows = Vec::with_capacity(block.rows.len());
        let whole = block.rows == (0..block.table.rows.len());
        let mut left_out = false;
        for at in block.rows.clone() {
            let Some(row) = block.table.rows.get(at) else {
                continue;
            };
            if is_furniture_row(row) {
                left_out = true;
                assembled
                    .set_aside
                    .extend(row.cells.iter().filter(|c| is_number(c)).map(page_mark));
                continue;
            }
            if at == 0 && row.cells.iter().any(|c| is_placeholder(&c.text)) {
                let mut row = row.clone();
                for cell in &mut row.cells {
                    if is_placeholder(&cell.text) {
                        cell.text.clear();
                    }
                }
                rows.push(Cow::Owned(row));
            } else {
                rows.push(Cow::Borrowed(row));
            }
        }
        cleaned.push(rows);
        located.push(block.data.filter(|_| whole && !left_out));
    }
    // Column clean-up over all blocks together, when they share one grid.
    let all: Vec<&Row> = cleaned.iter().flatten().map(Cow::as_ref).collect();
    let width = all.first().map_or(0, |r| r.cells.len());
    let grid = width > 0 && all.iter().all(|r| r.cells.len() == width);
    // Where the first block's data starts: found once (by locating, or here), and kept while
    // its rows stay as they were (searching a header for labels is most of assembling).
    if grid && let (Some(rows), Some(first)) = (cleaned.first(), located.first_mut()) {
        let data = first.unwrap_or_else(|| super::rows::first_data_row(rows, part));
        *first = Some(data);
        if data > 0 {
            let keep = kept_columns(&all, width, &mut assembled.set_aside);
            // `keep` is ascending: all `width` of them leave every row as it is.
            if keep.len() < width {
                located.clear();
                for rows in &mut cleaned {
                    for row in rows.iter_mut() {
                        let cells = keep
                            .iter()
                            .filter_map(|&c| row.cells.get(c).cloned())
                            .collect();
                        *row = Cow::Owned(Row { cells });
                    }
                }
            }
        }
    }
    for (at, mut header) in cleaned.into_iter().enumerate() {
        let data = located
            .get(at)
            .copied()
            .flatten()
            .unwrap_or_else(|| super::rows::first_data_row(&header, part))
            .min(header.len());
        let body = header.split_off(data);
        match assembled.segments.last_mut() {
            Some(segment) if header.is_empty() => segment.data.extend(body),
            _ => assembled.segments.push(Segment { header, data: body }),
        }
    }
    assembled
}

/// The columns to read: a column repeating the one before it in every row (a merged cell the
/// converter wrote into each column it spans, header included) and a column empty in every
/// row are left out; the repeated numbers are set aside.
fn kept_columns(rows: &[&Row], width: usize, set_aside: &mut Vec<UnplacedCell>) -> Vec<usize> {
    fn text(row: &Row, c: usize) -> &str {
        row.cells
            .get(c)
            .map_or("", |cell| nianbao_model::trim(&cell.text))
    }
    let empty = |c: usize| rows.iter().all(|r| text(r, c).is_empty());
    let mut keep = Vec::new();
    for c in 0..width {
        if empty(c) {
            continue;
        }
        // Compared with the column just before, kept or itself a repeat.
        let repeats = c > 0
            && !empty(c - 1)
            && rows.iter().all(|r| text(r, c) == text(r, c - 1))
            && rows.iter().any(|r| Value::parse(text(r, c)) == Value::Text);
        if repeats {
            set_aside.extend(
                rows.iter()
                    .filter_map(|r| r.cells.get(c))
                    .filter(|c| is_number(c))
                    .map(|cell| UnplacedCell {
                        raw: cell.text.clone(),
                        span: cell.span,
                        reason: "合并单元格被重复写入它跨过的每一列（转换造成），与左边的数字相同，只读一次"
                            .to_owned(),
                        location: Some(cell.location),
                    }),
            );
            continue;
        }
        keep.push(c);
    }
    keep
}

fn is_number(cell: &Cell) -> bool {
    Value::parse(&cell.text).number().is_some()
}

/// A page number inside a table, kept as an unplaced cell.
pub(crate) fn page_mark(cell: &Cell) -> UnplacedCell {
    UnplacedCell {
        raw: cell.text.clone(),
        span: cell.span,
        reason: "页码（印在表格中的页面编号，不是表格的数据）".to_owned(),
        location: Some(cell.location),
    }
}

/// What a converter writes before the number of a header cell it found no text for, in
/// lower case: `列1`, `第2列`, `Col3`, `Column 4`, `Unnamed: 5`, `Field6`.
const PLACEHOLDER_PREFIXES: [&str; 7] =
    ["列", "第", "col", "column", "unnamed:", "unnamed", "field"];

/// Whether a header cell is a converter's numbered placeholder (`列1`, `Col2`, `Column 3`,
/// `Unnamed: 4`, `Field5`): the converter found no header text there.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let text = nianbao_model::trim(text);
    // A placeholder ends in a digit or 列 and starts with a prefix's first character: most
    // cells' labels and figures are turned away before the whole text is lower-cased.
    let ends = text
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || c == '列');
    ends && text.chars().next().is_some_and(may_start_placeholder) && is_placeholder_text(text)
}

/// The rule itself, on trimmed text: a prefix in any case, separators, and a number (with 列
/// after it in `第2列`).
fn is_placeholder_text(text: &str) -> bool {
    let lower = text.to_lowercase();
    PLACEHOLDER_PREFIXES
        .iter()
        .filter_map(|prefix| lower.strip_prefix(prefix))
        .any(|rest| {
            let rest = rest.trim_start_matches([' ', '_', '-', ':']);
            let number = rest.strip_suffix('列').unwrap_or(rest);
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
        })
}

/// Whether a placeholder may start with `c`: the first characters of
/// [`PLACEHOLDER_PREFIXES`] in either case (a test checks the list against them).
fn may_start_placeholder(c: char) -> bool {
    matches!(c, '列' | '第' | 'c' | 'C' | 'u' | 'U' | 'f' | 'F')
}

/// Whether a row holds nothing but page furniture: a page number split over its cells, a
/// ruled line, or a 续表 mark.
pub(crate) fn is_furniture_row(row: &Row) -> bool {
    // Every page mark is made of a few characters, and every continuation mark holds 续: a
    // row with another character and no 续 (a label: nearly every row) is neither, whatever
    // its cells make joined. Told on the cells as they are, before anything is allocated
    // (trimming takes away whitespace only, which a page mark may hold).
    let mut page_mark_characters = true;
    let mut xu = false;
    for cell in &row.cells {
        page_mark_characters = page_mark_characters && cell.text.chars().all(may_be_in_page_mark);
        xu = xu || holds_xu(&cell.text);
    }
    if !page_mark_characters && !xu {
        return false;
    }
    let joined: String = row
        .cells
        .iter()
        .map(|c| nianbao_model::trim(&c.text))
        .collect();
    !joined.is_empty() && (is_page_mark(&joined, false) || is_continuation_mark(&joined))
}

/// Whether `text` holds 续: a search of its UTF-8 bytes, cheaper on a cell's few bytes than a
/// string search is to set up.
fn holds_xu(text: &str) -> bool {
    let xu = "续".as_bytes();
    text.as_bytes().windows(xu.len()).any(|w| w == xu)
}

/// Whether a paragraph between tables is page furniture: a page number in one of the usual
/// forms (a bare number too), or a ruled line.
pub(crate) fn is_furniture(text: &str) -> bool {
    is_page_mark(text, true)
}

/// A page number or a ruled line; a bare number ("3") only when `bare` (between tables, never
/// inside one, where it may be a value).
fn is_page_mark(text: &str, bare: bool) -> bool {
    // Every form below is made of these characters only: most cells are not, and are turned
    // away before anything is allocated.
    if !text.chars().all(may_be_in_page_mark) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | '―' | '_' | '=' | '*');
    if compact.chars().count() >= 3 && compact.chars().all(dash) {
        return true;
    }
    // "- 3 -", "— 5 —", "3", "·3·", "3/5", "Page 3".
    let trimmed = compact.trim_matches(|c: char| dash(c) || matches!(c, '·' | '•' | '.'));
    let lower = trimmed.to_lowercase();
    let stripped = lower.strip_prefix("page");
    // Decorated on both sides ("- 3 -"), so that a negative number is never taken for one.
    let ends = |c: Option<char>| c.is_some_and(|c| dash(c) || matches!(c, '·' | '•'));
    let decorated =
        (ends(compact.chars().next()) && ends(compact.chars().last())) || stripped.is_some();
    let bare_number = stripped.unwrap_or(&lower);
    if (bare || decorated) && !bare_number.is_empty() && bare_number.len() <= 7 {
        let mut halves = bare_number.splitn(2, '/');
        let first = halves.next().unwrap_or_default();
        let second = halves.next();
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
        if digits(first) && second.is_none_or(digits) {
            return true;
        }
    }
    // "第 3 页", "第3页 共5页", "第3页/共5页".
    let number = |n: &str| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit());
    let pieces: Vec<&str> = compact
        .split(['/', ',', '，'])
        .flat_map(|p| p.split_inclusive('页'))
        .filter(|p| !p.is_empty())
        .collect();
    (1..=2).contains(&pieces.len())
        && pieces.iter().any(|p| p.starts_with('第'))
        && pieces.iter().all(|p| {
            p.strip_prefix('第')
                .or_else(|| p.strip_prefix('共'))
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(number)
        })
}

/// Whether `c` may be part of a page mark: every form [`is_page_mark`] takes is made of these.
fn may_be_in_page_mark(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '—'
                | '–'
                | '－'
                | '─'
                | '―'
                | '_'
                | '='
                | '*'
                | '·'
                | '•'
                | '.'
                | '/'
                | ','
                | '，'
                | '第'
                | '页'
                | '共'
        )
}

/// Whether a paragraph marks the table after it as the continuation of the one before:
/// "续表", "续上表", "（续）", "续表三", "表三（续）".
pub(crate) fn is_continuation_mark(text: &str) -> bool {
    // No other character's key holds 续 (a test checks every character), so a text whose key
    // holds it holds it as written: found by a byte search, not a character-by-character test.
    if !text.contains('续') {
        return false;
    }
    let key = crate::normalize::key(text);
    let key = key.trim_matches(|c: char| matches!(c, ':' | '：' | '。'));
    if key.chars().count() > 12 || !key.contains('续') {
        return false;
    }
    key.starts_with("续表")
        || key.starts_with("续上表")
        || key.ends_with("(续)")
        || key.ends_with("(续表)")
        || key == "续"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test of a continuation mark relies on 续 being the only character whose key
    /// holds it.
    #[test]
    fn only_xu_keys_to_xu() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            if crate::normalize::key(&c.to_string()).contains('续') {
                assert_eq!(c, '续');
            }
        }
    }

    #[test]
    fn placeholders() {
        for text in [
            "列1",
            "Col2",
            "col10",
            "Column 3",
            "Unnamed: 4",
            "第5列",
            "Field_6",
            "COLUMN 7",
            "  unnamed:8 ",
            "FIELD9",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["", "列", "总计", "Col", "1", "自然人", "第二十条第（一）项"] {
            assert!(!is_placeholder(text), "{text}");
        }
    }

    /// The characters a placeholder may start with are exactly those that lower-case to a
    /// prefix's first character, over every Unicode scalar value.
    #[test]
    fn placeholder_starts_are_the_prefixes_first_characters() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let lower = c.to_lowercase().next();
            let expected =
                lower.is_some_and(|l| PLACEHOLDER_PREFIXES.iter().any(|p| p.starts_with(l)));
            assert_eq!(may_start_placeholder(c), expected, "{c:?}");
        }
    }

    /// The quick test of the first and last characters turns away nothing the full rule
    /// (lower-case the whole text, then match a prefix and a number) accepts.
    #[test]
    fn the_quick_test_agrees_with_the_full_rule() {
        let full = |text: &str| is_placeholder_text(text.trim());
        let starts = [
            "", "列", "第", "Col", "cOLUMN", "UNNAMED:", "Field", "İ", "Ｃol", "表",
        ];
        let middles = ["", " ", "_", "-:", "İ", "１"];
        let ends = ["", "1", "23", "列", "4列", "x", "İ", " "];
        let mut compared = 0;
        for start in starts {
            for middle in middles {
                for end in ends {
                    for pad in ["", " "] {
                        let text = format!("{pad}{start}{middle}{end}{pad}");
                        assert_eq!(is_placeholder(&text), full(&text), "{text:?}");
                        compared += 1;
                    }
                }
            }
        }
        assert_eq!(compared, 960);
    }

    /// The header rows and data rows of a table's blocks, assembled with `data` as the start
    /// locating found for each block.
    fn shape(
        rows: &[&[&str]],
        blocks: &[(std::ops::Range<usize>, Option<usize>)],
    ) -> Vec<(usize, usize)> {
        let rules = crate::testkit::rules(&crate::testkit::template(
            r#"table T "甲表" {
                 columns { A "甲列"  B "乙列" }
                 rows { R1 "一、本年新收政府信息公开申请数量"  R2 "二、上年结转政府信息公开申请数量" }
               }"#,
        ));
        let document = crate::testkit::document(&crate::testkit::table_text(rows));
        let (Some(table), Some(part)) = (
            document.tables().next(),
            crate::testkit::first(&rules)
                .table("T")
                .and_then(|t| t.parts.first()),
        ) else {
            return Vec::new();
        };
        let blocks: Vec<Block> = blocks
            .iter()
            .map(|(rows, data)| Block {
                table,
                rows: rows.clone(),
                data: *data,
            })
            .collect();
        assemble(&blocks, part)
            .segments
            .iter()
            .map(|s| (s.header.len(), s.data.len()))
            .collect()
    }

    /// Where locating found a block's data to start is taken as it is for rows assembling
    /// leaves as they were, and found again for rows it changed: a row left out as page
    /// furniture, a block of part of the table.
    #[test]
    fn the_located_data_start_is_kept_only_for_the_rows_it_was_found_in() {
        let header: &[&str] = &["", "甲列", "乙列"];
        let first: &[&str] = &["一、本年新收政府信息公开申请数量", "1", "2"];
        let second: &[&str] = &["二、上年结转政府信息公开申请数量", "3", "4"];
        let plain = [header, first, second];
        let found = shape(&plain, &[(0..3, None)]);
        assert_eq!(found, [(1, 2)]);
        assert_eq!(shape(&plain, &[(0..3, Some(1))]), found);
        // Taken as it is (a start of 0 is wrong here: it shows that it is used).
        assert_eq!(shape(&plain, &[(0..3, Some(0))]), [(0, 3)]);
        let furniture: &[&str] = &["- 3 -", "", ""];
        let with_furniture = [header, furniture, first, second];
        assert_eq!(shape(&with_furniture, &[(0..4, Some(0))]), found);
        assert_eq!(shape(&plain, &[(1..3, Some(1))]), [(0, 2)]);
    }

    /// A row is furniture exactly when its cells joined are a page or continuation mark: the
    /// quick refusal never turns away a row the joined text would take.
    #[test]
    fn a_furniture_row_is_its_cells_joined() {
        let joined_rule = |cells: &[&str]| {
            let joined: String = cells.iter().map(|c| nianbao_model::trim(c)).collect();
            !joined.is_empty() && (is_page_mark(&joined, false) || is_continuation_mark(&joined))
        };
        let pieces = [
            "",
            " ",
            "-",
            "— ",
            "3",
            " 12 ",
            "第",
            "页",
            "共5页",
            "/",
            "续",
            "表",
            "（续）",
            "续表三",
            "予以公开",
            "1.5",
            "\u{3000}",
        ];
        let (mut compared, mut furniture) = (0, 0);
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let cells = [a, b, c];
                    let row = Row {
                        cells: cells
                            .iter()
                            .map(|text| Cell {
                                text: (*text).to_owned(),
                                span: nianbao_model::Span::default(),
                                location: nianbao_model::CellLocation::default(),
                            })
                            .collect(),
                    };
                    let expected = joined_rule(&cells);
                    assert_eq!(is_furniture_row(&row), expected, "{cells:?}");
                    compared += 1;
                    furniture += usize::from(expected);
                }
            }
        }
        assert_eq!(compared, 17 * 17 * 17);
        assert!(
            furniture > 100,
            "page and continuation marks are among the rows: {furniture}"
        );
    }

    #[test]
    fn page_furniture() {
        for text in [
            "- 3 -",
            "— 5 —",
            "-3-",
            "第 3 页",
            "第3页 共5页",
            "第3页/共5页",
            "-----",
            "3/5",
            "Page 2",
        ] {
            assert!(is_furniture(text), "{text}");
        }
        for text in [
            "",
            "12345678",
            "三、本年度办理结果",
            "-1.5",
            "第二十条第（一）项",
        ] {
            assert!(!is_furniture(text), "{text}");
        }
        assert!(is_furniture("3"));
        assert!(!is_page_mark("3", false) && is_page_mark("- 3 -", false));
        for text in ["续表", "续上表", "表三（续）", "（续表）", "续表三"] {
            assert!(is_continuation_mark(text), "{text}");
        }
        assert!(!is_continuation_mark("继续办理"));
        assert!(!is_continuation_mark("四、结转下年度继续办理"));
    }
}
