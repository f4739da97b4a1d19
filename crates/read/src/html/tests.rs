//! Tests of the whole HTML reader: real pages, spans, merged cells and malformed input.

use nianbao_model::{Block, Cell, Table};

/// Reads with the default depth limit; a refused page reads as nothing.
fn read(html: &str) -> Vec<Block> {
    read_within(html, &crate::Limits::default()).unwrap_or_default()
}

/// Reads within `limits`, the page's lines indexed here.
fn read_within(html: &str, limits: &crate::Limits) -> Result<Vec<Block>, super::Refused> {
    super::read(html, limits, &nianbao_model::LineIndex::new(html))
}

const SHUYANG: &str = include_str!("../../../../tests/fixtures/corpus/013-shuyang-fgj-2023.html");
const S01: &str =
    include_str!("../../../../tests/fixtures/corpus/S01-ceshishi-hangzhou-style-fixture-2025.html");

fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn paragraphs(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

fn rows(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

fn cells(table: &Table) -> impl Iterator<Item = &Cell> {
    table.rows.iter().flat_map(|r| r.cells.iter())
}

fn table_rows(html: &str) -> Vec<Vec<String>> {
    let blocks = read(html);
    tables(&blocks)
        .first()
        .map(|t| {
            rows(t)
                .into_iter()
                .map(|r| r.into_iter().map(str::to_owned).collect())
                .collect()
        })
        .unwrap_or_default()
}

/// The saved portal page: only the report, its three tables with merged cells resolved,
/// number spans exactly on the numbers, empty cells right after their start tag.
#[test]
fn reads_saved_portal_page() {
    let blocks = read(SHUYANG);
    let found = tables(&blocks);
    assert_eq!(found.len(), 3);
    let texts = paragraphs(&blocks);
    assert_eq!(
        texts.first(),
        Some(&"沭阳县发展和改革局2023年政府信息公开年度报告")
    );
    assert!(texts.contains(&"一、总体情况"));
    assert!(texts.contains(&"五、存在的主要问题及整改措施"));
    for leak in ["索引号", "首页", "websiteId", "星期", "采集时间", "繁體版"] {
        assert!(!texts.iter().any(|p| p.contains(leak)), "{leak}");
    }
    let requests = found.get(1).map(|t| rows(t)).unwrap_or_default();
    assert_eq!(
        requests.get(2),
        Some(&vec![
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ])
    );
    assert_eq!(
        requests.get(8),
        Some(&vec![
            "",
            "",
            "2.其他法律行政法规禁止公开",
            "0",
            "",
            "",
            "",
            "",
            "",
            "0"
        ])
    );
    for table in &found {
        for cell in cells(table) {
            let source = SHUYANG.get(cell.span.start..cell.span.end);
            if cell.text.chars().all(|c| c.is_ascii_digit()) && !cell.text.is_empty() {
                assert_eq!(source, Some(cell.text.as_str()));
            }
            if cell.text.is_empty() {
                assert!(cell.span.is_empty());
                let before = SHUYANG.get(..cell.span.start).unwrap_or_default();
                assert!(before.ends_with('>'), "{:?}", cell.span);
            }
        }
    }
}

/// The synthetic clean page: table 三 rows have the flattened-.docx cell counts.
#[test]
fn reads_clean_report() {
    let blocks = read(S01);
    let found = tables(&blocks);
    let counts: Vec<usize> = found
        .get(1)
        .map(|t| t.rows.iter().map(|r| r.cells.len()).collect())
        .unwrap_or_default();
    let mut expected = vec![2, 4, 8, 8, 8, 9, 9];
    expected.extend([10; 22 - 3]);
    expected.extend([9, 8]);
    assert_eq!(counts, expected);
    assert_eq!(
        paragraphs(&blocks).first(),
        Some(&"测试市2025年政府信息公开工作年度报告")
    );
}

/// The table-三 header written as HTML resolves to the rows the binder expects.
#[test]
fn resolves_table_three_header() {
    let html = "<table>\
        <tr><td rowspan=\"3\" colspan=\"3\">（说明）</td><td colspan=\"7\">申请人情况</td></tr>\
        <tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>\
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
        <tr><td rowspan=\"2\">三、结果</td><td rowspan=\"2\">（三）不予公开</td><td>1.甲</td><td>1</td></tr>\
        <tr><td>2.乙</td><td>2</td></tr></table>";
    assert_eq!(
        table_rows(html),
        [
            vec!["（说明）", "申请人情况"],
            vec!["", "自然人", "法人或其他组织", "总计"],
            vec![
                "",
                "",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                ""
            ],
            vec!["三、结果", "（三）不予公开", "1.甲", "1"],
            vec!["", "", "2.乙", "2"],
        ]
    );
    let blocks = read(html);
    let stand_in = tables(&blocks)
        .first()
        .and_then(|t| t.rows.get(4)?.cells.get(1));
    let spanning = html.find("（三）不予公开").unwrap_or_default();
    assert_eq!(
        stand_in.map(|c| (c.span.start, c.span.end)),
        Some((spanning, spanning))
    );
}

/// Entities, `&nbsp;` padding and labels split by `<br>`/`<span>` read as the label; spans of
/// numbers are the digits only.
#[test]
fn reads_cell_markup() {
    let html = "<table><tr><td>本年新<br>制作<span>数量</span></td><td>&nbsp;26&nbsp;</td></tr>\
        <tr><td>3.危及&ldquo;三安全一稳定&rdquo;</td><td>\u{3000}1,234 </td></tr></table>";
    let blocks = read(html);
    let table = tables(&blocks).first().copied();
    assert_eq!(
        table.map(rows),
        Some(vec![
            vec!["本年新制作数量", "26"],
            vec!["3.危及“三安全一稳定”", "1,234"]
        ])
    );
    for cell in table.into_iter().flat_map(cells) {
        if cell.text.chars().all(|c| c.is_ascii_digit() || c == ',') {
            assert_eq!(
                html.get(cell.span.start..cell.span.end),
                Some(cell.text.as_str())
            );
        }
    }
}

/// Script, style, comment and template text never becomes a paragraph or a cell.
#[test]
fn hides_non_content_text() {
    let html = "<html><head><style>.a{}</style><script>var s='<p>脚本</p>';</script></head>\
        <body><!-- <p>注释</p> --><p>正文</p><script>document.write('<td>1</td>')</script>\
        <table><tr><td>项目<style>x</style></td><td>1<!-- 9 --></td></tr></table>\
        <template><p>模板</p></template><noscript>无脚本</noscript></body></html>";
    let blocks = read(html);
    assert_eq!(paragraphs(&blocks), ["正文"]);
    let table = tables(&blocks).first().map(|t| rows(t));
    assert_eq!(table, Some(vec![vec!["项目", "1"]]));
}

/// A layout table around the report gives its paragraphs and inner tables, not itself.
#[test]
fn unwraps_layout_tables() {
    let html = "<table width=\"100%\"><tr><td><h1>某局2024年报告</h1></td></tr><tr><td>\
        <p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></table>\
        <p>二、其他</p><table><tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>0</td><td>3</td></tr></table>\
        </td></tr></table>";
    let blocks = read(html);
    let kinds: String = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(_) => 'P',
            Block::Table(_) => 'T',
        })
        .collect();
    assert_eq!(kinds, "PPTPT");
    let found = tables(&blocks);
    assert_eq!(found.iter().map(|t| t.index).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(
        found.first().map(|t| rows(t)),
        Some(vec![vec!["规章", "1"], vec!["规范性文件", "2"]])
    );
    let location = found
        .get(1)
        .and_then(|t| t.rows.get(1)?.cells.get(1))
        .map(|c| c.location);
    assert_eq!(location.map(|l| (l.table, l.row, l.cell)), Some((1, 1, 1)));
}

/// Text the parser moves out of a table does not shift the cells' spans.
#[test]
fn locates_cells_around_misplaced_text() {
    let html = "<table><tr><td>甲</td><td>7</td></tr>说明<tr><td>乙</td><td>8</td></tr></table>";
    let blocks = read(html);
    assert_eq!(paragraphs(&blocks), ["说明"]);
    let table = tables(&blocks).first().copied();
    for cell in table.into_iter().flat_map(cells) {
        assert_eq!(
            html.get(cell.span.start..cell.span.end),
            Some(cell.text.as_str())
        );
    }
}

/// Malformed markup, bad spans and hostile nesting never panic.
#[test]
fn survives_malformed_html() {
    let unclosed = "<table><tr><td>a<td rowspan=\"abc\">1<tr><td colspan=\"99999\">b<td rowspan=99999>2</table>";
    assert_eq!(table_rows(unclosed), [vec!["a", "1"], vec!["b", "2"]]);
    let deep = "<div>".repeat(2_000) + "深" + &"<table><tr><td>".repeat(200) + "x";
    let unlimited = crate::Limits {
        depth: usize::MAX,
        ..crate::Limits::default()
    };
    let _ = read_within(&deep, &unlimited);
    assert!(read_within(&deep, &crate::Limits::default()).is_err());
    for html in [
        "",
        "<",
        "&",
        "<table>",
        "<td>孤立</td>",
        "<table><tr><td rowspan=0>a</td></tr><tr></tr><tr><td>b</td></tr></table>",
        "<p>\u{0}\u{FEFF}&#0;&#xD800;</p>",
        "<svg><text>矢量</text></svg><math><mi>x</mi></math>",
        "<frameset><frame></frameset>文字",
        "</p></td></tr></table></body></html>尾",
        "<plaintext><p>x",
    ] {
        let _ = read(html);
    }
}

/// A page refused while it is parsed is told where, as one refused before: by the scan where
/// it agrees, else by the line the parse stopped on (`<style>` inside `<svg>` is markup to the
/// tree builder, text to the scan). A page whose bound passes the memory budget is refused
/// before it is parsed.
#[test]
fn refuses_while_parsing_and_says_where() {
    let limits = crate::Limits::default();
    let deep = format!("<p>前言</p>\n{}x", "<div>\n".repeat(300));
    let scanned = super::depth::prescan(&deep, limits.depth).too_deep;
    assert!(scanned.is_some());
    assert_eq!(
        read_within(&deep, &limits).err(),
        scanned.map(|at| super::Refused::TooDeep { at })
    );
    let hidden = format!("<p>前言</p>\n<svg><style>\n{}x", "<g>\n".repeat(300));
    assert_eq!(super::depth::prescan(&hidden, limits.depth).too_deep, None);
    // <svg> is one level: the limit's <g> passes it, on line 2 + limit.
    let line = 2 + limits.depth;
    let at = hidden
        .match_indices('\n')
        .nth(line - 2)
        .map(|(at, _)| at + 1);
    assert_eq!(
        read_within(&hidden, &limits).err(),
        at.map(|at| super::Refused::TooDeep { at })
    );
    let small = crate::Limits {
        memory: 100_000,
        ..crate::Limits::default()
    };
    let many = "<span>x</span>".repeat(1000);
    assert!(matches!(
        read_within(&many, &small),
        Err(super::Refused::TooBig(_))
    ));
}

/// The page's `<title>` stands in for a missing title heading, unless the report repeats it.
#[test]
fn uses_page_title_once() {
    let page = |body: &str| {
        format!(
            "<html><head><title>某局2024年报告_某市政府</title></head><body>{body}</body></html>"
        )
    };
    let blocks = read(&page("<p>一、总体情况</p>"));
    assert_eq!(
        paragraphs(&blocks),
        ["某局2024年报告_某市政府", "一、总体情况"]
    );
    let blocks = read(&page("<p>某局2024年报告</p><p>一、总体情况</p>"));
    assert_eq!(paragraphs(&blocks), ["某局2024年报告", "一、总体情况"]);
}
