//! What a `<table>` is: a data table (the report's tables), a layout table (used to lay out
//! the page: it holds other tables, has a single cell, or holds prose), or a small key-value
//! table without numbers (a portal's 索引号/发布机构 box), which is page metadata.

use super::dom::{Dom, Kind};
use super::grid::{self, Placed, Written};
use super::inline::{Finished, Line, is_number};
use super::source::is_cell;

/// A cell with more visible characters than this holds prose: its table is for layout.
const PROSE_CELL: usize = 500;

/// A table without numbers of at most this many rows …
const METADATA_ROWS: usize = 8;

/// … and this many cells per row is page metadata.
const METADATA_COLUMNS: usize = 6;

/// What a table is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// A table of the report, with its rows resolved.
    Data(Vec<Vec<Placed>>),
    /// A layout table: its cells are read as blocks.
    Layout,
    /// Page metadata or an empty table: dropped.
    Metadata,
}

/// Every table cell's text on one line, by node index, made once: finding the content weighs
/// every cell by it, and classifying its table reads it again.
#[derive(Debug)]
pub(super) struct CellLines(Vec<Option<Finished>>);

impl CellLines {
    pub fn new(dom: &Dom) -> Self {
        let is_cell_at = |index: usize| dom.element(index).is_some_and(|e| is_cell(&e.name));
        Self(
            (0..dom.nodes.len())
                .map(|index| {
                    if is_cell_at(index) {
                        cell_line(dom, index)
                    } else {
                        None
                    }
                })
                .collect(),
        )
    }

    /// The line of the cell at `cell` (`None` for a cell without text).
    pub fn get(&self, cell: usize) -> Option<&Finished> {
        self.0.get(cell).and_then(Option::as_ref)
    }

    /// The line of the cell at `cell`, taken: a table is classified once.
    fn take(&mut self, cell: usize) -> Option<Finished> {
        self.0.get_mut(cell).and_then(Option::take)
    }
}

/// Classifies the `<table>` element at `table`, taking its cells' lines from `lines`.
pub(super) fn classify(dom: &Dom, table: usize, lines: &mut CellLines) -> Role {
    if dom.nodes.get(table).is_some_and(|n| n.has_table) {
        return Role::Layout;
    }
    let rows = written_rows(dom, table, lines);
    let cells: Vec<&Written> = rows.iter().flatten().collect();
    if cells.len() <= 1 || cells.iter().any(|c| c.text.chars().count() > PROSE_CELL) {
        return Role::Layout;
    }
    let no_numbers = !cells.iter().any(|c| is_number(&c.text));
    let small = rows.len() <= METADATA_ROWS && rows.iter().all(|r| r.len() <= METADATA_COLUMNS);
    if cells.iter().all(|c| c.text.is_empty()) || (no_numbers && small) {
        return Role::Metadata;
    }
    Role::Data(grid::resolve(rows))
}

/// The `<caption>` elements of a table.
pub(super) fn captions(dom: &Dom, table: usize) -> Vec<usize> {
    dom.children(table)
        .iter()
        .copied()
        .filter(|&child| dom.name(child) == "caption")
        .collect()
}

/// The rows of a table as written: `<tr>` children of the table and of its row groups, in
/// document order, with their `<td>`/`<th>` cells.
fn written_rows(dom: &Dom, table: usize, lines: &mut CellLines) -> Vec<Vec<Written>> {
    let mut rows = Vec::new();
    for &child in dom.children(table) {
        match dom.name(child) {
            "tr" => rows.push(written_row(dom, child, lines)),
            "thead" | "tbody" | "tfoot" => rows.extend(
                dom.children(child)
                    .iter()
                    .filter(|&&tr| dom.name(tr) == "tr")
                    .map(|&tr| written_row(dom, tr, lines)),
            ),
            _ => {}
        }
    }
    rows
}

fn written_row(dom: &Dom, tr: usize, lines: &mut CellLines) -> Vec<Written> {
    dom.children(tr)
        .iter()
        .filter_map(|&cell| {
            let element = dom.element(cell)?;
            if !is_cell(&element.name) {
                return None;
            }
            let empty_at = element
                .tag_end
                .or_else(|| dom.nodes.get(cell).map(|n| n.at))
                .unwrap_or(0);
            let line = lines.take(cell).unwrap_or(Finished {
                text: String::new(),
                start: empty_at,
                end: empty_at,
            });
            Some(Written {
                text: line.text,
                start: line.start,
                end: line.end,
                rowspan: element.rowspan,
                colspan: element.colspan,
            })
        })
        .collect()
}

/// The text of a table cell on one line (block boundaries and `<br>` collapse like
/// whitespace), without the text of tables nested in it.
fn cell_line(dom: &Dom, cell: usize) -> Option<Finished> {
    let mut line = Line::default();
    let mut stack: Vec<usize> = dom.children(cell).iter().rev().copied().collect();
    while let Some(index) = stack.pop() {
        match dom.nodes.get(index).map(|n| &n.kind) {
            Some(Kind::Text(text)) => line.push(&text.text, text.start, text.end),
            Some(Kind::Element(element)) if element.name != "table" => {
                line.space();
                stack.extend(dom.children(index).iter().rev());
            }
            _ => {}
        }
    }
    line.take()
}

#[cfg(test)]
mod tests {
    use super::super::dom::parsed;
    use super::*;

    fn role(html: &str) -> Role {
        let dom = parsed(html);
        let table = (0..dom.nodes.len()).find(|&i| dom.name(i) == "table");
        table.map_or(Role::Metadata, |t| {
            classify(&dom, t, &mut CellLines::new(&dom))
        })
    }

    fn data(html: &str) -> Vec<Vec<String>> {
        match role(html) {
            Role::Data(rows) => rows
                .into_iter()
                .map(|r| r.into_iter().map(|c| c.text).collect())
                .collect(),
            other => vec![vec![format!("{other:?}")]],
        }
    }

    /// Word-exported cells: `<p>`, `<span>`, `<o:p>`, `&nbsp;` and `<br>` make one label.
    #[test]
    fn word_exported_cells() {
        let html = "<table><tr><td width=43 valign=top style='mso-border-alt:solid'>\
            <p class=MsoNormal><span lang=EN-US>本年新<br>\n制作</span><span>数量<o:p></o:p></span></p>\
            </td><td><p><span>26<o:p></o:p></span></p></td><td><p><span><o:p>&nbsp;</o:p></span></p>\
            </td></tr><tr><td>商业<br>企业</td><td>Times&nbsp; New<p>Roman</p></td><td>&lt;1&amp;2&gt;</td>\
            </tr></table>";
        assert_eq!(
            data(html),
            [
                vec!["本年新制作数量", "26", ""],
                vec!["商业企业", "Times New Roman", "<1&2>"]
            ]
        );
    }

    /// Layout tables (holding tables, one cell, prose) and metadata tables are told apart from
    /// data tables.
    #[test]
    fn classifies_tables() {
        assert_eq!(
            role("<table><tr><td><table><tr><td>1</td><td>2</td></tr></table></td></tr></table>"),
            Role::Layout
        );
        assert_eq!(
            role("<table><tr><td>只有一格</td></tr></table>"),
            Role::Layout
        );
        let prose = "很长的正文。".repeat(100);
        assert_eq!(
            role(&format!(
                "<table><tr><td>{prose}</td><td>1</td></tr></table>"
            )),
            Role::Layout
        );
        let metadata = "<table><tr><td>索引号</td><td>014314799/2024-00002</td></tr>\
            <tr><td>发布机构</td><td>某局</td></tr><tr><td>发布日期</td><td>2024-01-17</td></tr></table>";
        assert_eq!(role(metadata), Role::Metadata);
        assert_eq!(
            role("<table><tr><td></td><td> </td></tr></table>"),
            Role::Metadata
        );
        assert!(matches!(
            role("<table><tr><td>规章</td><td>0</td></tr></table>"),
            Role::Data(_)
        ));
    }
}
