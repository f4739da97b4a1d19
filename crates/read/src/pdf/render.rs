//! The text view of a PDF in the flattened .docx layout, with every block's span pointing
//! into it and every table cell's page and box.

use nianbao_model::{
    BBox, Block as ModelBlock, Cell, CellLocation, Code, Document, LineIndex, Paragraph,
    ReadWarning, Row, SourceFormat, Span, Table,
};

use super::borderless::Refusal;
use super::geom::Rect;
use super::grid::GridCell;
use super::layout::Block;

/// A cell rendered into the text: its byte range and where it came from.
#[derive(Debug)]
struct Placed<'b> {
    cell: &'b GridCell,
    start: usize,
    end: usize,
}

/// A block rendered into the text: a paragraph's byte range, or a table's cells.
#[derive(Debug)]
enum Rendered<'b> {
    Paragraph(usize, usize),
    Table(Vec<Vec<Placed<'b>>>),
}

/// Renders the blocks: one line per paragraph; each table cell on a line starting with a tab,
/// a blank line after each row and another after each table. A refused table is one paragraph
/// per line, and a warning pointing at its first line.
pub(crate) fn document(blocks: &[Block]) -> Document {
    let mut text = String::new();
    let mut placed: Vec<Rendered<'_>> = Vec::new();
    let mut refused: Vec<(&Refusal, usize, usize)> = Vec::new();
    for block in blocks {
        match block {
            Block::Refused(refusal, lines) => {
                let first = placed.len();
                for line in lines {
                    let start = text.len();
                    text.push_str(&one_line(line));
                    placed.push(Rendered::Paragraph(start, text.len()));
                    text.push('\n');
                }
                if let Some(Rendered::Paragraph(start, end)) = placed.get(first) {
                    refused.push((refusal, *start, *end));
                }
            }
            Block::Paragraph(paragraph) => {
                let start = text.len();
                text.push_str(&one_line(paragraph));
                placed.push(Rendered::Paragraph(start, text.len()));
                text.push('\n');
            }
            Block::Table(rows) => {
                let mut table = Vec::new();
                for row in rows {
                    let mut cells = Vec::new();
                    for cell in row {
                        text.push('\t');
                        let start = text.len();
                        text.push_str(&one_line(&cell.text));
                        cells.push(Placed {
                            cell,
                            start,
                            end: text.len(),
                        });
                        text.push('\n');
                    }
                    text.push('\n');
                    table.push(cells);
                }
                text.push('\n');
                placed.push(Rendered::Table(table));
            }
        }
    }
    let index = LineIndex::new(&text);
    let mut tables = 0;
    let model_blocks = placed
        .into_iter()
        .map(|rendered| match rendered {
            Rendered::Paragraph(start, end) => ModelBlock::Paragraph(Paragraph {
                text: text.get(start..end).unwrap_or_default().to_owned(),
                span: index.span(&text, start, end),
            }),
            Rendered::Table(rows) => {
                tables += 1;
                ModelBlock::Table(table(tables - 1, &rows, &text, &index))
            }
        })
        .collect();
    let warnings = refused
        .into_iter()
        .map(|(refusal, start, end)| warning(refusal, index.span(&text, start, end)))
        .collect();
    let mut document = Document::new(SourceFormat::Pdf, text);
    document.blocks = model_blocks;
    document.warnings = warnings;
    document
}

/// The warning about a table that was not read, at its first line.
fn warning(refusal: &Refusal, span: Span) -> ReadWarning {
    let pages = match (refusal.pages.first(), refusal.pages.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} 至 {last}"),
        (Some(first), _) => first.to_string(),
        _ => "?".to_owned(),
    };
    ReadWarning {
        code: Code::ReadTableWithoutLines,
        message: format!("第 {pages} 页的表格没有表格线，无法可靠地确定每个数字所在的列"),
        help: Some(format!(
            "{}。这张表格没有读取，其中的数字没有参与检查；请核对原表，或提供带表格线的 PDF、报告的 .docx 或 .html 文件",
            refusal.reason
        )),
        span,
        label: "没有读取的表格从这里开始".to_owned(),
        page: refusal.pages.first().copied(),
    }
}

fn table(at: usize, rows: &[Vec<Placed<'_>>], text: &str, index: &LineIndex) -> Table {
    let model_rows = rows
        .iter()
        .enumerate()
        .map(|(row_at, row)| Row {
            cells: row
                .iter()
                .enumerate()
                .map(|(cell_at, placed)| Cell {
                    text: text
                        .get(placed.start..placed.end)
                        .unwrap_or_default()
                        .to_owned(),
                    span: index.span(text, placed.start, placed.end),
                    location: CellLocation {
                        table: at,
                        row: row_at,
                        cell: cell_at,
                        page: Some(placed.cell.page),
                        bbox: Some(bbox(&placed.cell.rect)),
                    },
                })
                .collect(),
        })
        .collect();
    let first = rows.first().and_then(|r| r.first()).map_or(0, |p| p.start);
    let last = rows.last().and_then(|r| r.last()).map_or(first, |p| p.end);
    Table {
        index: at,
        rows: model_rows,
        span: index.span(text, first, last),
    }
}

/// The box in PDF points, rounded to hundredths (the extraction is not more precise).
fn bbox(rect: &Rect) -> BBox {
    let round = |v: f32| (v * 100.0).round() / 100.0;
    BBox {
        x0: round(rect.x0),
        y0: round(rect.y0),
        x1: round(rect.x1),
        y1: round(rect.y1),
    }
}

/// The text on one line: line breaks and tabs become spaces, ends trimmed.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> GridCell {
        GridCell {
            text: text.to_owned(),
            page: 2,
            rect: Rect::new(1.0, 2.0, 3.0, 4.0),
        }
    }

    /// The view has the flattened layout; spans slice the text; cells carry page and box.
    #[test]
    fn renders_flattened_layout() {
        let blocks = [
            Block::Paragraph("标题".to_owned()),
            Block::Table(vec![
                vec![cell("三、结果"), cell("7")],
                vec![cell(""), cell("8")],
            ]),
            Block::Paragraph("后文".to_owned()),
        ];
        let document = document(&blocks);
        assert_eq!(
            document.text,
            "标题\n\t三、结果\n\t7\n\n\t\n\t8\n\n\n后文\n"
        );
        let tables: Vec<&Table> = document.tables().collect();
        let cells: Vec<&Cell> = tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .collect();
        for cell in &cells {
            assert_eq!(
                document.text.get(cell.span.start..cell.span.end),
                Some(cell.text.as_str())
            );
        }
        let empty = cells
            .get(2)
            .map(|c| (c.span.line, c.span.column, c.span.is_empty()));
        assert_eq!(empty, Some((5, 2, true)));
        let location = cells.get(3).map(|c| c.location);
        assert_eq!(
            location.map(|l| (l.table, l.row, l.cell, l.page)),
            Some((0, 1, 1, Some(2)))
        );
        assert_eq!(location.and_then(|l| l.bbox).map(|b| b.y1), Some(4.0));
        let paragraphs: Vec<_> = document
            .paragraphs()
            .map(|p| (p.text.as_str(), p.span.line))
            .collect();
        assert_eq!(paragraphs, [("标题", 1), ("后文", 9)]);
        assert_eq!(
            tables.first().map(|t| (t.span.start, t.span.line)),
            Some((8, 2))
        );
    }
}
