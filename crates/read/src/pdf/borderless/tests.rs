//! Tables without ruling lines, from glyphs placed by hand (square glyphs of size 8; numbers
//! right-aligned at x = 200 and x = 260).

use super::super::geom::Glyph;
use super::super::text::lines;
use super::super::text::tests::glyphs;
use super::*;

const SIZE: f32 = 8.0;

/// Glyphs of `text` ending at `x1` (right-aligned).
fn right(text: &str, x1: f32, y: f32) -> Vec<Glyph> {
    let width = SIZE * text.chars().count() as f32;
    glyphs(text, x1 - width, y, SIZE)
}

/// The header line over the two value columns, and three rows: a label wrapped over two lines
/// around its numbers, and a blank cell.
fn table_glyphs() -> Vec<Glyph> {
    let mut all = glyphs("甲类", 164.0, 300.0, SIZE);
    all.extend(glyphs("乙类", 224.0, 300.0, SIZE));
    all.extend(glyphs("一、收入", 50.0, 280.0, SIZE));
    all.extend(right("12", 200.0, 280.0));
    all.extend(right("3", 260.0, 280.0));
    all.extend(glyphs("二、支出很长", 50.0, 262.0, SIZE));
    all.extend(right("5", 200.0, 257.0));
    all.extend(glyphs("的名称", 50.0, 252.0, SIZE));
    all.extend(glyphs("三、合计", 50.0, 236.0, SIZE));
    all.extend(right("17", 200.0, 236.0));
    all.extend(right("3", 260.0, 236.0));
    all
}

/// The regions and the running-text lines `find` makes of the glyphs.
fn found(glyphs: Vec<Glyph>) -> (Vec<Region>, Vec<String>) {
    let mut regions = Vec::new();
    let mut texts = Vec::new();
    for item in find(lines(glyphs), 1, &[]) {
        match item {
            Found::Region(region) => regions.push(region),
            Found::Line(line) => texts.push(line.text()),
        }
    }
    (regions, texts)
}

fn texts(rows: &[Vec<GridCell>]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// Numbers, marks and words.
#[test]
fn kinds() {
    for number in ["12", "1,024", "3.5", "96171.6", "12%", "-3", "１２"] {
        assert_eq!(kind(number), Kind::Number, "{number}");
    }
    for mark in ["—", "-", "/", "／", "——"] {
        assert_eq!(kind(mark), Kind::Mark, "{mark}");
    }
    for text in [
        "2.",
        "1.属于国家秘密",
        "2024年",
        "0517-83605210",
        "1.2.3",
        "商业",
    ] {
        assert_eq!(kind(text), Kind::Text, "{text}");
    }
}

/// Cells of a line are cut at gaps of about a character, and two CJK characters already at
/// a third of one; a number is its own chunk.
#[test]
fn cuts_lines_into_chunks() {
    let mut all = glyphs("行政许可", 50.0, 100.0, SIZE);
    all.extend(glyphs("550", 150.0, 100.0, SIZE));
    all.extend(glyphs("结果", 200.0, 100.0, SIZE));
    all.extend(glyphs("维持", 219.0, 100.0, SIZE));
    let line = lines(all).into_iter().next().map(Loose::new);
    let chunks: Vec<(String, Kind)> = line
        .iter()
        .flat_map(|l| &l.chunks)
        .map(|c| (c.text(), c.kind))
        .collect();
    assert_eq!(
        chunks,
        [
            ("行政许可".to_owned(), Kind::Text),
            ("550".to_owned(), Kind::Number),
            ("结果".to_owned(), Kind::Text),
            ("维持".to_owned(), Kind::Text)
        ]
    );
}

/// A small table: the header over its columns, the wrapped label joined and given to the row
/// whose numbers it is next to, the blank cell kept in its column.
#[test]
fn reads_a_table_from_text_positions() {
    let (regions, texts_left) = found(table_glyphs());
    assert!(texts_left.is_empty(), "{texts_left:?}");
    assert_eq!(regions.len(), 1);
    let rows = table(&regions);
    let rows = rows.as_deref().map(texts);
    assert_eq!(
        rows,
        Ok(vec![
            vec!["", "甲类", "乙类"],
            vec!["一、收入", "12", "3"],
            vec!["二、支出很长的名称", "5", ""],
            vec!["三、合计", "17", "3"],
        ])
    );
}

/// A number wider than its column reaches into the next: the two columns cannot be told
/// apart, and nothing is read.
#[test]
fn refuses_a_number_across_two_columns() {
    let mut all = table_glyphs();
    all.extend(glyphs("二十", 50.0, 216.0, SIZE));
    all.extend(glyphs("12345678", 190.0, 216.0, SIZE));
    let (regions, _) = found(all);
    let refused = table(&regions).err().map(|r| (r.pages, r.reason));
    assert_eq!(
        refused,
        Some((
            vec![1],
            "同一行的“12”和“3”与其他行的数字上下交错，分不清各在哪一列".to_owned()
        ))
    );
}

/// A number under no column among many rows, a header naming one column of two, and a table
/// without header are refused.
#[test]
fn refuses_what_it_cannot_check() {
    let mut stray = table_glyphs();
    stray.extend(glyphs("二十", 50.0, 216.0, SIZE));
    stray.extend(right("9", 230.0, 216.0));
    let mut one_name: Vec<Glyph> = table_glyphs();
    one_name.retain(|g| g.rect.y0 < 300.0 || g.rect.x0 < 220.0);
    let mut headless = table_glyphs();
    headless.retain(|g| g.rect.y0 < 300.0);
    let reasons: Vec<Option<String>> = [stray, one_name, headless]
        .into_iter()
        .map(|glyphs| table(&found(glyphs).0).err().map(|r| r.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            Some("数字“9”没有与其他行的任何数字上下对齐".to_owned()),
            Some("第 2 列数字上方没有列名，表头与数字的列对不上".to_owned()),
            Some("表格没有表头，无法核对数字所在的列".to_owned()),
        ]
    );
}

/// Running text with a number in it is no table, and a heading above a table is not its title.
#[test]
fn running_text_stays_text() {
    let mut all = glyphs("本年度共收到申请", 50.0, 400.0, SIZE);
    all.extend(glyphs("21", 200.0, 400.0, SIZE));
    all.extend(glyphs("件，均已答复。", 50.0, 388.0, SIZE));
    let (regions, text) = found(all);
    assert!(regions.is_empty());
    assert_eq!(text.len(), 2);
    let mut headed = glyphs("三、收到和处理政府信息公开申请情况", 40.0, 330.0, 12.0);
    headed.extend(table_glyphs());
    let (regions, text) = found(headed);
    assert_eq!(text, ["三、收到和处理政府信息公开申请情况"]);
    assert_eq!(regions.first().map(|r| r.lines.len()), Some(6));
}

/// A table at the top of a page continues the one at the bottom of the page before if it has
/// no header of its own, or if that one ends with the title of its rows.
#[test]
fn continues_across_pages() {
    let region = |page: u32, headed: bool, dangling: bool| Region {
        page,
        lines: Vec::new(),
        rect: Rect::new(50.0, 100.0, 260.0, 300.0),
        headed,
        dangling,
    };
    assert!(continues(&region(1, true, false), &region(2, false, false)));
    assert!(!continues(&region(1, true, false), &region(2, true, false)));
    assert!(continues(&region(1, true, true), &region(2, true, false)));
    assert!(!continues(
        &region(1, true, false),
        &region(3, false, false)
    ));
}
