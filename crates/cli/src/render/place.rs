//! Where a span of a document is, in terms a person can follow in the file they have: which
//! table cell or paragraph holds it, the table's row and page, and the heading above it.
//!
//! Used for the formats whose `Document::text` is not what the user sees (the rendered text
//! view of .docx, .doc and PDF, the markup of HTML).

use nianbao_model::{Block, BoundCell, Cell, Document, Report, Span, Table};

/// A place in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A table cell: the table (counted over the document, from 0), its row and cell.
    Cell {
        table: usize,
        row: usize,
        cell: usize,
    },
    /// A paragraph, counted over the document's paragraphs from 0.
    Paragraph(usize),
}

/// An index of a document's cells and paragraphs by span, with the names of its tables.
#[derive(Debug)]
pub struct Places<'a> {
    /// The file's name as given on the command line.
    pub name: &'a str,
    tables: Vec<&'a Table>,
    paragraphs: Vec<&'a nianbao_model::Paragraph>,
    /// `(start, end, place)` of every cell and paragraph, sorted.
    spans: Vec<(usize, usize, Place)>,
    /// Position in `Document::blocks` of each table and each paragraph, for document order.
    table_order: Vec<usize>,
    paragraph_order: Vec<usize>,
    /// The nearest section heading above each table and paragraph.
    table_headings: Vec<Option<String>>,
    paragraph_headings: Vec<Option<String>>,
    /// The official title of the template table bound to each document table.
    titles: Vec<Option<&'a str>>,
}

impl<'a> Places<'a> {
    /// Indexes `document`, read from the file `name` and bound as `report`.
    pub fn new(name: &'a str, document: &'a Document, report: &'a Report) -> Self {
        let mut tables = Vec::new();
        let mut paragraphs = Vec::new();
        let mut table_order = Vec::new();
        let mut paragraph_order = Vec::new();
        let mut spans = Vec::new();
        for (at, block) in document.blocks.iter().enumerate() {
            match block {
                Block::Table(table) => {
                    let index = tables.len();
                    for (r, row) in table.rows.iter().enumerate() {
                        for (c, cell) in row.cells.iter().enumerate() {
                            let place = Place::Cell {
                                table: index,
                                row: r,
                                cell: c,
                            };
                            spans.push((cell.span.start, cell.span.end, place));
                        }
                    }
                    tables.push(table);
                    table_order.push(at);
                }
                Block::Paragraph(paragraph) => {
                    let place = Place::Paragraph(paragraphs.len());
                    spans.push((paragraph.span.start, paragraph.span.end, place));
                    paragraphs.push(paragraph);
                    paragraph_order.push(at);
                }
            }
        }
        spans.sort_by_key(|&(start, end, _)| (start, end));

        // Headings in document order, with their own text: the template's sections where
        // they were found, and paragraphs numbered as top-level headings (“三、…”).
        let mut sections: Vec<(usize, String)> = report
            .sections
            .iter()
            .filter_map(|section| {
                let span = section.span?;
                let text = paragraphs
                    .iter()
                    .find(|p| p.span == span)
                    .map_or_else(|| section.label.clone(), |p| one_line(&p.text));
                Some((span.start, text))
            })
            .collect();
        sections.extend(
            paragraphs
                .iter()
                .filter(|p| is_numbered_heading(&p.text))
                .map(|p| (p.span.start, one_line(&p.text))),
        );
        sections.sort_by_key(|(start, _)| *start);
        sections.dedup_by_key(|(start, _)| *start);
        let heading_before = |offset: usize, own: Option<Span>| {
            sections
                .iter()
                .rev()
                .find(|(start, _)| *start <= offset && own.is_none_or(|s| s.start != *start))
                .map(|(_, text)| text.clone())
        };
        let table_headings = tables
            .iter()
            .map(|t| heading_before(table_start(t), None))
            .collect();
        let paragraph_headings = paragraphs
            .iter()
            .map(|p| heading_before(p.span.start, Some(p.span)))
            .collect();

        let mut titles = vec![None; tables.len()];
        for bound in &report.tables {
            let found = bound
                .cells
                .iter()
                .map(|c| c.location.table)
                .chain(bound.source_table);
            for table in found {
                if let Some(slot @ None) = titles.get_mut(table) {
                    *slot = Some(bound.title.as_str());
                }
            }
        }

        Self {
            name,
            tables,
            paragraphs,
            spans,
            table_order,
            paragraph_order,
            table_headings,
            paragraph_headings,
            titles,
        }
    }

    /// The place of a note's span; `cell` is the bound cell the note is about, when it is one,
    /// whose location is used if it agrees with the span.
    pub fn locate(&self, span: Span, cell: Option<&BoundCell>) -> Option<Place> {
        if let Some(cell) = cell {
            let at = cell.location;
            if self
                .cell(at.table, at.row, at.cell)
                .is_some_and(|c| c.span.start == span.start && c.span.end == span.end)
            {
                return Some(Place::Cell {
                    table: at.table,
                    row: at.row,
                    cell: at.cell,
                });
            }
        }
        // The cell or paragraph with exactly this span, else the innermost one containing it.
        let from = self
            .spans
            .partition_point(|&(start, _, _)| start < span.start);
        let exact = self
            .spans
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&(start, _, _)| start == span.start)
            .find(|&&(_, end, _)| end == span.end);
        if let Some(&(_, _, place)) = exact {
            return Some(place);
        }
        let upto = self
            .spans
            .partition_point(|&(start, _, _)| start <= span.start);
        self.spans
            .get(..upto)
            .unwrap_or_default()
            .iter()
            .rev()
            .take(64)
            .find(|&&(start, end, _)| start < end && start <= span.start && span.end <= end)
            .map(|&(_, _, place)| place)
    }

    /// A document table by its position among the tables.
    pub fn table(&self, table: usize) -> Option<&'a Table> {
        self.tables.get(table).copied()
    }

    /// A cell by table, row and cell position.
    pub fn cell(&self, table: usize, row: usize, cell: usize) -> Option<&'a Cell> {
        self.table(table)?.rows.get(row)?.cells.get(cell)
    }

    /// A paragraph by its position among the paragraphs.
    pub fn paragraph(&self, paragraph: usize) -> Option<&'a nianbao_model::Paragraph> {
        self.paragraphs.get(paragraph).copied()
    }

    /// Where a place is in reading order: its block, then its row.
    pub fn order(&self, place: Place) -> (usize, usize) {
        match place {
            Place::Cell { table, row, .. } => (
                self.table_order.get(table).copied().unwrap_or(usize::MAX),
                row,
            ),
            Place::Paragraph(p) => (
                self.paragraph_order.get(p).copied().unwrap_or(usize::MAX),
                0,
            ),
        }
    }

    /// The page of a table row (PDF), from its cells.
    pub fn page(&self, table: usize, row: usize) -> Option<u32> {
        self.table(table)?
            .rows
            .get(row)?
            .cells
            .iter()
            .find_map(|c| c.location.page)
    }

    /// Rows `first..=last` of a table, in words: with the page where there are pages
    /// (“… 第 2 页 表三（全文第 2 个表格）第 4 至 5 行”), else with the heading above the table
    /// (“… 表三（全文第 2 个表格）第 7 行，在“三、收到和处理政府信息公开申请情况”之下”).
    pub fn rows_name(&self, table: usize, first: usize, last: usize, page: Option<u32>) -> String {
        let mut out = self.name.to_owned();
        if let Some(page) = page {
            out.push_str(&format!(" 第 {page} 页"));
        }
        out.push(' ');
        let heading = self.table_headings.get(table).and_then(Option::as_deref);
        let title = self.titles.get(table).copied().flatten();
        // A template table is called after the number of its section, as the format does
        // (表三 is the table of “三、收到和处理政府信息公开申请情况”).
        let numeral = heading
            .and_then(heading_numeral)
            .filter(|_| title.is_some());
        match (numeral, title) {
            (Some(numeral), _) => {
                out.push_str(&format!("表{numeral}（全文第 {} 个表格）", table + 1))
            }
            (None, Some(title)) => {
                out.push_str(&format!("表格“{title}”（全文第 {} 个表格）", table + 1));
            }
            (None, None) => out.push_str(&format!("全文第 {} 个表格", table + 1)),
        }
        out.push_str(&rows_words(first, last));
        // The heading, unless it only repeats the title just given.
        let repeats =
            numeral.is_none() && title.is_some_and(|t| heading.is_some_and(|h| h.contains(t)));
        if let (None, Some(heading), false) = (page, heading, repeats) {
            out.push_str(&format!("，在“{heading}”之下"));
        }
        out
    }

    /// A paragraph in words: “… 第 12 段，在“二、…”之下”.
    pub fn paragraph_name(&self, paragraph: usize) -> String {
        let mut out = format!("{}，第 {} 段", self.name, paragraph + 1);
        if let Some(heading) = self
            .paragraph_headings
            .get(paragraph)
            .and_then(Option::as_deref)
        {
            out.push_str(&format!("，在“{heading}”之下"));
        }
        out
    }
}

/// “第 4 行” or “第 4 至 5 行”, from 0-based rows.
pub fn rows_words(first: usize, last: usize) -> String {
    if first == last {
        format!("第 {} 行", first + 1)
    } else {
        format!("第 {} 至 {} 行", first + 1, last + 1)
    }
}

/// Where a table starts in the text: its span, or its first cell's.
fn table_start(table: &Table) -> usize {
    if table.span.start > 0 || table.span.end > 0 {
        return table.span.start;
    }
    table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.span.start)
        .find(|&s| s > 0)
        .unwrap_or(0)
}

/// Whether a paragraph reads as a top-level heading: short, numbered “一、” to “十、”.
fn is_numbered_heading(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let digits = text.chars().take_while(|&c| numeral(c)).count();
    (1..=2).contains(&digits)
        && text.chars().nth(digits) == Some('、')
        && text.chars().count() <= MAX_HEADING
}

/// The numeral of a heading numbered “三、…”.
fn heading_numeral(heading: &str) -> Option<&str> {
    let (numeral, _) = heading.split_once('、')?;
    is_numbered_heading(heading).then_some(numeral)
}

/// Paragraphs longer than this many characters are not taken for headings.
const MAX_HEADING: usize = 40;

/// Text on one line: line breaks and tabs as spaces.
pub fn one_line(text: &str) -> String {
    text.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings() {
        assert!(is_numbered_heading("三、收到和处理政府信息公开申请情况"));
        assert_eq!(heading_numeral("十二、其他"), Some("十二"));
        assert!(!is_numbered_heading("（三）不予公开"));
        assert!(!is_numbered_heading("收到和处理政府信息公开申请情况"));
        assert!(!is_numbered_heading(&format!(
            "一、{}",
            "很长的段落".repeat(10)
        )));
    }

    #[test]
    fn rows_in_words() {
        assert_eq!(rows_words(3, 3), "第 4 行");
        assert_eq!(rows_words(3, 4), "第 4 至 5 行");
    }
}
