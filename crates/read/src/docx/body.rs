//! The `word/document.xml` walker: a streaming pass over the XML events that builds the body
//! tree, applying tracked changes, hidden text, list numbering and merged cells as it goes.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::numbering::Numbering;
use super::paragraph::{self, Paragraph};
use super::source::{Quick, Slow, Source, Stop};
use super::styles::Styles;
use super::tree::{Cell, Merge, Node, Row, Table};
use super::xml::{attr, check_depth, name, on, reference};
use crate::error::ReadError;

/// The part this walker reads, for error messages.
pub(super) const PART: &str = "word/document.xml";

/// Tables nested deeper than this are not tables any more: their paragraphs join the cell
/// that holds them. Keeps rendering recursion bounded.
pub(super) const MAX_TABLE_DEPTH: usize = 8;

/// Whether an element's whole subtree is skipped: deleted or moved-away text, field
/// instructions, old properties of tracked changes, drawings and text boxes, and the fallback
/// of `mc:AlternateContent`. (A `match`: asked of every element.)
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "del"
            | "moveFrom"
            | "delText"
            | "instrText"
            | "delInstrText"
            | "Fallback"
            | "sdtPr"
            | "sdtEndPr"
            | "tblPr"
            | "tblPrEx"
            | "tblGrid"
            | "sectPr"
            | "pPrChange"
            | "rPrChange"
            | "tcPrChange"
            | "trPrChange"
            | "tblPrChange"
            | "tblPrExChange"
            | "tblGridChange"
            | "sectPrChange"
            | "numberingChange"
            | "drawing"
            | "pict"
            | "object"
            | "txbxContent"
    )
}

/// An open element the walker cares about; `bool` says whether it opened a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Table(bool),
    Row(bool),
    Cell(bool),
    Paragraph(bool),
    ParagraphProperties,
    NumberingProperties,
    Run,
    RunProperties,
    Text,
    RowProperties,
    CellProperties,
    Other,
}

/// A table structure element being filled.
#[derive(Debug)]
enum Frame<'x> {
    Table(Table<'x>),
    Row(Row<'x>),
    Cell(Cell<'x>),
}

/// Walker state over the XML `'x`.
#[derive(Debug)]
struct Walker<'n, 'x> {
    numbering: &'n mut Numbering,
    styles: &'n Styles,
    body: Vec<Node<'x>>,
    frames: Vec<Frame<'x>>,
    open: Vec<Open>,
    paragraph: Option<Paragraph<'x>>,
    hidden: bool,
}

/// Reads the body of `word/document.xml` into nodes, in document order.
///
/// # Errors
///
/// Damage when the XML is malformed or ends before the document is closed; a limit error
/// when elements nest deeper than `max_depth`.
pub(super) fn parse<'x>(
    xml: &'x str,
    numbering: &mut Numbering,
    styles: &Styles,
    max_depth: usize,
) -> Result<Vec<Node<'x>>, ReadError> {
    // The quick tokenizer first; quick-xml from the start for a part it declines, with the
    // list counters as they were.
    if let Ok(events) = super::quick::Events::new(xml) {
        let before = numbering.clone();
        match walk(&mut Quick(events), numbering, styles, max_depth) {
            Ok(body) => return Ok(body),
            Err(Stop::Failed(error)) => return Err(error),
            Err(Stop::Declined) => *numbering = before,
        }
    }
    let mut slow = Slow(Reader::from_str(xml));
    walk(&mut slow, numbering, styles, max_depth)
}

/// The walk over a part's events.
pub(super) fn walk<'x, S: Source<'x>>(
    source: &mut S,
    numbering: &mut Numbering,
    styles: &Styles,
    max_depth: usize,
) -> Result<Vec<Node<'x>>, S::Stop> {
    let mut walker = Walker {
        numbering,
        styles,
        body: Vec::new(),
        frames: Vec::new(),
        open: Vec::new(),
        paragraph: None,
        hidden: false,
    };
    let mut started = false;
    loop {
        let event = source.event()?;
        match event {
            Event::Start(element) => {
                started = true;
                if is_skipped(name(&element)) {
                    walker.skipped(&element);
                    source.skip(&element)?;
                } else {
                    check_depth(walker.open.len(), max_depth)?;
                    let open = walker.start(&element);
                    walker.open.push(open);
                }
            }
            Event::Empty(element) => {
                started = true;
                if is_skipped(name(&element)) {
                    walker.skipped(&element);
                } else {
                    let open = walker.start(&element);
                    walker.end(open);
                }
            }
            Event::End(_) => {
                if let Some(open) = walker.open.pop() {
                    walker.end(open);
                }
            }
            Event::Text(text) => walker.text(text.into_inner()),
            Event::CData(text) => walker.text(text.into_inner()),
            Event::GeneralRef(entity) => {
                if let Some(c) = reference(&entity) {
                    walker.text(Cow::Owned(c.into()));
                }
            }
            Event::Eof if started && walker.open.is_empty() => break,
            Event::Eof => return Err(source.truncated()),
            _ => {}
        }
    }
    Ok(walker.body)
}

impl<'x> Walker<'_, 'x> {
    fn parent(&self) -> Option<Open> {
        self.open.last().copied()
    }

    fn table_depth(&self) -> usize {
        self.frames
            .iter()
            .filter(|f| matches!(f, Frame::Table(_)))
            .count()
    }

    /// A skipped element that still means something: a deleted row or cell.
    fn skipped(&mut self, element: &BytesStart<'_>) {
        if name(element) == "del"
            && self.parent() == Some(Open::RowProperties)
            && let Some(Frame::Row(row)) = self.frames.last_mut()
        {
            row.deleted = true;
        }
    }

    /// Handles an element start; returns what to remember until its end.
    fn start(&mut self, element: &BytesStart<'_>) -> Open {
        let parent = self.parent();
        match name(element) {
            "tbl" => {
                let nests = matches!(self.frames.last(), None | Some(Frame::Cell(_)));
                let fits = self.table_depth() < MAX_TABLE_DEPTH;
                let opens = nests && fits && self.paragraph.is_none();
                if opens {
                    self.frames.push(Frame::Table(Table::default()));
                }
                Open::Table(opens)
            }
            "tr" => {
                let opens = matches!(self.frames.last(), Some(Frame::Table(_)));
                if opens {
                    self.frames.push(Frame::Row(Row::default()));
                }
                Open::Row(opens)
            }
            "tc" => {
                let opens = matches!(self.frames.last(), Some(Frame::Row(_)));
                if opens {
                    self.frames.push(Frame::Cell(Cell::default()));
                }
                Open::Cell(opens)
            }
            "p" => {
                let opens = self.paragraph.is_none();
                if opens {
                    self.paragraph = Some(Paragraph::default());
                }
                Open::Paragraph(opens)
            }
            "trPr" if parent == Some(Open::Row(true)) => Open::RowProperties,
            "tcPr" if parent == Some(Open::Cell(true)) => Open::CellProperties,
            "vMerge" | "hMerge" | "cellDel" if parent == Some(Open::CellProperties) => {
                self.merge(element);
                Open::Other
            }
            "pPr" if parent == Some(Open::Paragraph(true)) => Open::ParagraphProperties,
            "numPr" if parent == Some(Open::ParagraphProperties) => Open::NumberingProperties,
            "pStyle" if parent == Some(Open::ParagraphProperties) => {
                if let Some(p) = self.paragraph.as_mut() {
                    p.style = attr(element, "val");
                }
                Open::Other
            }
            "numId" | "ilvl" if parent == Some(Open::NumberingProperties) => {
                if let Some(p) = self.paragraph.as_mut() {
                    let value = attr(element, "val");
                    if name(element) == "numId" {
                        p.num_id = value;
                    } else {
                        p.ilvl = value.and_then(|v| v.trim().parse().ok());
                    }
                }
                Open::Other
            }
            "r" => {
                self.hidden = false;
                Open::Run
            }
            "rPr" if parent == Some(Open::Run) => Open::RunProperties,
            "vanish" | "specVanish" if parent == Some(Open::RunProperties) => {
                self.hidden = on(element);
                Open::Other
            }
            "t" => Open::Text,
            inline if parent == Some(Open::Run) => {
                if let Some(text) = paragraph::inline(inline, element) {
                    self.push_text(Cow::Owned(text));
                }
                Open::Other
            }
            _ => Open::Other,
        }
    }

    /// Records `w:vMerge`, `w:hMerge` or `w:cellDel` of the cell being read.
    fn merge(&mut self, element: &BytesStart<'_>) {
        let Some(Frame::Cell(cell)) = self.frames.last_mut() else {
            return;
        };
        let restart = attr(element, "val").as_deref() == Some("restart");
        cell.merge = match name(element) {
            "vMerge" if !restart => Merge::Continue,
            "hMerge" if !restart => Merge::Gone,
            "cellDel" => Merge::Gone,
            _ => cell.merge,
        };
    }

    /// Character data: kept only inside `w:t` (or `m:t`).
    fn text(&mut self, text: Cow<'x, str>) {
        if self.parent() == Some(Open::Text) {
            self.push_text(text);
        }
    }

    fn push_text(&mut self, text: Cow<'x, str>) {
        if let Some(p) = self.paragraph.as_mut().filter(|_| !self.hidden) {
            p.push(text);
        }
    }

    /// Handles an element end.
    fn end(&mut self, open: Open) {
        match open {
            Open::Paragraph(true) => {
                if let Some(paragraph) = self.paragraph.take() {
                    let text = paragraph.finish(self.numbering, self.styles);
                    if !text.is_empty() {
                        self.push_node(Node::Paragraph(text));
                    }
                }
            }
            Open::Cell(true) => {
                if let Some(Frame::Cell(cell)) = self.frames.pop()
                    && let Some(Frame::Row(row)) = self.frames.last_mut()
                {
                    row.cells.push(cell);
                }
            }
            Open::Row(true) => {
                if let Some(Frame::Row(row)) = self.frames.pop()
                    && let Some(Frame::Table(table)) = self.frames.last_mut()
                {
                    table.rows.push(row);
                }
            }
            Open::Table(true) => {
                if let Some(Frame::Table(table)) = self.frames.pop() {
                    self.push_node(Node::Table(table));
                }
            }
            Open::Run => self.hidden = false,
            _ => {}
        }
    }

    /// Adds a finished node to the innermost open cell, or to the body.
    fn push_node(&mut self, node: Node<'x>) {
        let cell = self.frames.iter_mut().rev().find_map(|frame| match frame {
            Frame::Cell(cell) => Some(cell),
            _ => None,
        });
        match cell {
            Some(cell) => cell.content.push(node),
            None => self.body.push(node),
        }
    }
}
