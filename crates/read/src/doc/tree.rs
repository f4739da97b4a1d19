//! office_oxide's document model as a tree of paragraphs and tables whose rows are already in
//! the shape of the flattened text view.
//!
//! office_oxide gives each table cell a `col_span` and a `row_span` and leaves out the cells a
//! vertical merge absorbed (as HTML does). The view wants what the `.docx` reader shows: a cell
//! spanning columns once, and an empty cell in every row a vertical merge continues into, at the
//! merge's column. [`table`] puts those continuations back.

use std::borrow::Cow;

use office_oxide::ir::{
    DocumentIR, Element, InlineContent, List, Table as IrTable, inline_to_text,
};

/// Tables nested deeper than this (and lists deeper than this) are left out.
const MAX_DEPTH: usize = 8;

/// What office_oxide writes in place of a part it could not read.
const PLACEHOLDER: &str = "[skipped unreadable";

// The tree is the `.docx` reader's, so both formats render through one renderer.
use crate::docx::tree::{Cell, Content, Merge, Node, Row, Table, into_one_line};

/// The body of every section, in document order. `Err` with the placeholder text if office_oxide
/// put one in place of unreadable content.
pub(super) fn build(ir: &DocumentIR) -> Result<Vec<Node<'static>>, String> {
    let mut nodes = Vec::new();
    for section in &ir.sections {
        elements(&section.elements, 0, &mut nodes)?;
    }
    Ok(nodes)
}

fn elements(
    elements: &[Element],
    depth: usize,
    out: &mut Vec<Node<'static>>,
) -> Result<(), String> {
    for element in elements {
        match element {
            Element::Heading(heading) => out.push(paragraph(&heading.content)?),
            Element::Paragraph(paragraph_) => out.push(paragraph(&paragraph_.content)?),
            Element::List(items) if depth < MAX_DEPTH => list(items, depth + 1, out)?,
            Element::Table(inner) if depth < MAX_DEPTH => {
                out.push(Node::Table(table(inner, depth + 1)?));
            }
            // Notes, comments, text boxes, images, breaks and shapes are not report content.
            _ => {}
        }
    }
    Ok(())
}

/// A list's items (and their nested lists) as plain paragraphs.
fn list(list: &List, depth: usize, out: &mut Vec<Node<'static>>) -> Result<(), String> {
    for item in &list.items {
        elements(&item.content, depth, out)?;
        if let Some(nested) = &item.nested
            && depth < MAX_DEPTH
        {
            self::list(nested, depth + 1, out)?;
        }
    }
    Ok(())
}

/// A paragraph as one trimmed line: tabs and line breaks become spaces, other control
/// characters are dropped (as in the `.docx` reader).
fn paragraph(content: &[InlineContent]) -> Result<Node<'static>, String> {
    let text = into_one_line(Cow::Owned(inline_to_text(content)));
    if text.starts_with(PLACEHOLDER) {
        return Err(text.into_owned());
    }
    Ok(Node::Paragraph(text))
}

/// A vertical merge still running: the grid column it starts at, its width in columns, and
/// how many more rows it covers.
#[derive(Debug, Clone, Copy)]
struct Open {
    start: usize,
    span: usize,
    left: u32,
}

/// The table with each vertical-merge continuation put back as an empty cell at its column.
/// Rows left without cells are dropped.
fn table(ir: &IrTable, depth: usize) -> Result<Table<'static>, String> {
    let mut open: Vec<Open> = Vec::new();
    let mut rows = Vec::new();
    for row in &ir.rows {
        let mut carried = std::mem::take(&mut open).into_iter().peekable();
        let mut cells = Vec::new();
        let mut column = 0_usize;
        let mut continuation = |merge: Open, column: &mut usize, cells: &mut Vec<Cell>| {
            *column = (*column).max(merge.start.saturating_add(merge.span));
            cells.push(Cell {
                merge: Merge::Continue,
                content: Content::new(),
            });
            if merge.left > 1 {
                open.push(Open {
                    left: merge.left - 1,
                    ..merge
                });
            }
        };
        let mut started = Vec::new();
        for cell in &row.cells {
            while let Some(merge) = carried.next_if(|m| m.start <= column) {
                continuation(merge, &mut column, &mut cells);
            }
            let span = usize::try_from(cell.col_span.max(1)).unwrap_or(1);
            if cell.row_span > 1 {
                started.push(Open {
                    start: column,
                    span,
                    left: cell.row_span - 1,
                });
            }
            let mut content = Vec::new();
            elements(&cell.content, depth, &mut content)?;
            cells.push(Cell {
                merge: Merge::None,
                content: Content::from_vec(content),
            });
            column = column.saturating_add(span);
        }
        for merge in carried {
            continuation(merge, &mut column, &mut cells);
        }
        open.extend(started);
        open.sort_by_key(|merge| merge.start);
        if !cells.is_empty() {
            rows.push(Row {
                cells,
                deleted: false,
            });
        }
    }
    Ok(Table { rows })
}
