//! Walking the report element into paragraphs and tables, in document order.
//!
//! Block elements (`<p>`, `<div>`, `<h1>`–`<h6>`, `<li>`, …) and `<br>` end a paragraph;
//! inline elements (`<span>`, `<font>`, Word's `<o:p>`, …) only add their text. Data tables
//! become [`Table`]s; the cells of layout tables are read like any other block.

use nianbao_model::{Block, Cell, CellLocation, LineIndex, Paragraph, Row, Table};

use super::content::Content;
use super::dom::{Dom, Kind};
use super::grid::Placed;
use super::inline::Line;
use super::tables::{self, CellLines, Role};

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The paragraphs and tables of the report in `dom`, with spans into `text`.
pub(super) fn emit(
    dom: &Dom,
    content: Content,
    text: &str,
    index: &LineIndex,
    lines: &mut CellLines,
) -> Vec<Block> {
    let mut emitter = Emitter {
        dom,
        lines,
        text,
        index,
        blocks: Vec::new(),
        tables: 0,
        line: Line::default(),
    };
    if let Some(title) = content.title {
        emitter.walk(title);
    }
    emitter.walk(content.root);
    let mut blocks = emitter.blocks;
    if content.title.is_none()
        && let Some(title) = &dom.title
        && !repeats(&blocks, &title.text)
    {
        // The page's `<title>` stands in for a missing title heading.
        blocks.insert(
            0,
            Block::Paragraph(Paragraph {
                text: title.text.clone(),
                span: index.span(text, title.start, title.end),
            }),
        );
    }
    blocks
}

/// Whether the first paragraph of `blocks` already says `title` (or the title starts with it,
/// as in "报告标题_网站名称").
fn repeats(blocks: &[Block], title: &str) -> bool {
    let compact = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let first = blocks.iter().find_map(|block| match block {
        Block::Paragraph(paragraph) => Some(compact(&paragraph.text)),
        Block::Table(_) => None,
    });
    let title = compact(title);
    first.is_some_and(|first| title.starts_with(&first) || first.starts_with(&title))
}

#[derive(Debug)]
struct Emitter<'a> {
    dom: &'a Dom,
    /// The table cells' lines, each taken when its table is classified.
    lines: &'a mut CellLines,
    text: &'a str,
    index: &'a LineIndex,
    blocks: Vec<Block>,
    /// Tables emitted so far.
    tables: usize,
    /// The paragraph being collected.
    line: Line,
}

/// A step of the walk.
#[derive(Debug, Clone, Copy)]
enum Step {
    Enter(usize),
    /// The end of a block element.
    Exit,
}

impl Emitter<'_> {
    /// Walks the subtree at `start` (without recursion: pages can nest very deeply).
    fn walk(&mut self, start: usize) {
        let mut stack = vec![Step::Enter(start)];
        while let Some(step) = stack.pop() {
            let Step::Enter(index) = step else {
                self.paragraph();
                continue;
            };
            let Some(node) = self.dom.nodes.get(index) else {
                continue;
            };
            let element = match &node.kind {
                Kind::Text(text) => {
                    self.line.push(&text.text, text.start, text.end);
                    continue;
                }
                Kind::Element(element) => element,
            };
            let name: &str = &element.name;
            if name == "br" {
                self.paragraph();
                continue;
            }
            if name == "table" {
                self.paragraph();
                match tables::classify(self.dom, index, self.lines) {
                    Role::Data(rows) => {
                        for caption in tables::captions(self.dom, index) {
                            self.walk(caption);
                        }
                        self.table(rows);
                        continue;
                    }
                    Role::Metadata => continue,
                    Role::Layout => {}
                }
            }
            if BLOCKS.contains(&name) {
                self.paragraph();
                stack.push(Step::Exit);
            }
            let children = self.dom.children(index).iter().rev();
            stack.extend(children.map(|&child| Step::Enter(child)));
        }
        self.paragraph();
    }

    /// Emits the paragraph collected so far, if it has text.
    fn paragraph(&mut self) {
        if let Some(line) = self.line.take() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text: line.text,
                span: self.index.span(self.text, line.start, line.end),
            }));
        }
    }

    /// Emits a data table.
    fn table(&mut self, placed: Vec<Vec<Placed>>) {
        let index = self.tables;
        let rows: Vec<Row> = placed
            .into_iter()
            .enumerate()
            .map(|(row, cells)| Row {
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(cell, placed)| Cell {
                        span: self.index.span(self.text, placed.start, placed.end),
                        text: placed.text,
                        location: CellLocation {
                            table: index,
                            row,
                            cell,
                            ..CellLocation::default()
                        },
                    })
                    .collect(),
            })
            .collect();
        let spans = || rows.iter().flat_map(|r| &r.cells).map(|c| c.span);
        let (Some(start), Some(end)) =
            (spans().map(|s| s.start).min(), spans().map(|s| s.end).max())
        else {
            return;
        };
        self.blocks.push(Block::Table(Table {
            index,
            span: self.index.span(self.text, start, end),
            rows,
        }));
        self.tables += 1;
    }
}
