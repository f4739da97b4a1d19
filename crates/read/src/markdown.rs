//! Markdown: pipe tables (`| a | b |` rows under a `|---|---|` separator) and the text around
//! them. Headings lose their `#` marks and list items their bullets; spans point at the text.
//! Markdown has no merged cells, so a table converted from Word shows merged labels either
//! repeated or as empty cells — both bind.

use nianbao_model::{Block, Cell, CellLocation, LineIndex, Paragraph, Row, Table};

/// Paragraphs and pipe tables of Markdown `text`, whose content starts at byte `from`.
pub(crate) fn parse(text: &str, from: usize, index: &LineIndex) -> Vec<Block> {
    let lines: Vec<(usize, &str)> = line_offsets(text, from);
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(&(start, line)) = lines.get(at) {
        let is_table = is_row(line)
            && lines
                .get(at + 1)
                .is_some_and(|(_, next)| is_separator(next));
        if is_table {
            let mut rows = vec![row(start, line, index, text, blocks_tables(&blocks), 0)];
            at += 2;
            while let Some(&(start, line)) = lines.get(at).filter(|(_, l)| is_row(l)) {
                let row_index = rows.len();
                rows.push(row(
                    start,
                    line,
                    index,
                    text,
                    blocks_tables(&blocks),
                    row_index,
                ));
                at += 1;
            }
            let span = match (
                rows.first().and_then(|r| r.cells.first()),
                rows.last().and_then(|r| r.cells.last()),
            ) {
                (Some(first), Some(last)) => index.span(text, first.span.start, last.span.end),
                _ => index.span(text, start, start),
            };
            blocks.push(Block::Table(Table {
                index: blocks_tables(&blocks),
                rows,
                span,
            }));
            continue;
        }
        let content = strip_markup(line);
        if !content.trim().is_empty() {
            let offset = start + (line.len() - content.len());
            let trimmed = content.trim();
            let lead = content.len() - content.trim_start().len();
            blocks.push(Block::Paragraph(Paragraph {
                text: trimmed.to_owned(),
                span: index.span(text, offset + lead, offset + lead + trimmed.len()),
            }));
        }
        at += 1;
    }
    blocks
}

fn blocks_tables(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count()
}

/// Each line with its byte offset, from `from` on, without line endings.
fn line_offsets(text: &str, from: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = from;
    for line in text.get(from..).unwrap_or_default().split('\n') {
        out.push((offset, line.strip_suffix('\r').unwrap_or(line)));
        offset += line.len() + 1;
    }
    out
}

fn is_row(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|') || line.matches('|').count() >= 2
}

fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line.contains('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a pipe row; `\|` is a literal bar.
fn row(start: usize, line: &str, index: &LineIndex, text: &str, table: usize, row: usize) -> Row {
    let mut cells = Vec::new();
    let mut bounds = Vec::new();
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        if c == '|' && !escaped {
            bounds.push(at);
        }
        escaped = c == '\\' && !escaped;
    }
    let trimmed_start = line.len() - line.trim_start().len();
    let leading_bar = line.trim_start().starts_with('|');
    let mut edges: Vec<usize> = Vec::new();
    if !leading_bar {
        edges.push(trimmed_start.saturating_sub(1));
    }
    edges.extend(&bounds);
    if !line.trim_end().ends_with('|') || bounds.is_empty() {
        edges.push(line.len());
    }
    for pair in edges.windows(2) {
        let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let raw = line.get(a + 1..b).unwrap_or_default();
        let lead = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        let cell_start = start + a + 1 + lead;
        cells.push(Cell {
            text: cell_text(content),
            span: index.span(text, cell_start, cell_start + content.len()),
            location: CellLocation {
                table,
                row,
                cell: cells.len(),
                ..CellLocation::default()
            },
        });
    }
    Row { cells }
}

/// The text of a cell as written: `\|` is a bar, a line break converters write as `<br>`
/// (`<br/>`, `<br />`) joins the lines (labels are broken inside words), the common entities
/// are decoded, and emphasis around the whole cell (`**总计**`) is dropped.
fn cell_text(content: &str) -> String {
    let mut text = content.replace("\\|", "|");
    for br in ["<br>", "<br/>", "<br />", "<BR>", "<BR/>", "<BR />"] {
        text = text.replace(br, "");
    }
    for (entity, plain) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, plain);
    }
    let trimmed = text.trim();
    let bare = ["**", "__"]
        .iter()
        .find_map(|mark| {
            trimmed
                .strip_prefix(mark)
                .and_then(|t| t.strip_suffix(mark))
                .filter(|t| !t.is_empty())
        })
        .unwrap_or(trimmed);
    bare.trim().to_owned()
}

/// A line without heading marks, bullets, emphasis markers at its ends.
fn strip_markup(line: &str) -> &str {
    let trimmed = line.trim_start();
    let without_heading = trimmed.trim_start_matches('#');
    let without_heading = if without_heading.len() < trimmed.len() {
        without_heading.trim_start()
    } else {
        trimmed
    };
    let without_bullet = without_heading
        .strip_prefix("- ")
        .or_else(|| without_heading.strip_prefix("* "))
        .or_else(|| without_heading.strip_prefix("> "))
        .unwrap_or(without_heading);
    without_bullet.trim_matches('*')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of `text`, its lines indexed here.
    fn parse(text: &str, from: usize) -> Vec<Block> {
        super::parse(text, from, &LineIndex::new(text))
    }

    fn tables(blocks: &[Block]) -> Vec<Vec<Vec<String>>> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(
                    t.rows
                        .iter()
                        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                Block::Paragraph(_) => None,
            })
            .collect()
    }

    /// A pipe table becomes a table; headings and text around it become paragraphs.
    #[test]
    fn reads_pipe_tables_and_paragraphs() {
        let text = "# 四、行政复议\n\n| 行政复议 | 行政诉讼 |\n|---|---|\n| 0 | 1 |\n\n五、问题\n";
        let blocks = parse(text, 0);
        assert_eq!(
            tables(&blocks),
            [[vec!["行政复议", "行政诉讼"], vec!["0", "1"]]]
        );
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(paragraphs, ["四、行政复议", "五、问题"]);
    }

    /// Every cell span slices its own text; empty cells stay cells.
    #[test]
    fn spans_and_empty_cells() {
        let text = "|一、本年新收| 2 ||3|\n|:--|--:|---|---|\n| a\\|b | 12 |  | x |\n";
        let blocks = parse(text, 0);
        for block in &blocks {
            if let Block::Table(table) = block {
                for cell in table.rows.iter().flat_map(|r| &r.cells) {
                    let slice = text.get(cell.span.start..cell.span.end).unwrap_or_default();
                    assert_eq!(slice.replace("\\|", "|"), cell.text);
                }
            }
        }
        assert_eq!(
            tables(&blocks),
            [[
                vec!["一、本年新收", "2", "", "3"],
                vec!["a|b", "12", "", "x"]
            ]]
        );
    }

    /// Converters' line breaks, entities and emphasis inside cells.
    #[test]
    fn converter_cell_markup() {
        let text = "| 商业<br/>企业 | **总计** | 1&nbsp;2 |\n|---|---|---|\n| 社会<br />公益<br>组织 | __3__ | a &amp; b |\n";
        assert_eq!(
            tables(&parse(text, 0)),
            [[
                vec!["商业企业", "总计", "1 2"],
                vec!["社会公益组织", "3", "a & b"]
            ]]
        );
    }
}
