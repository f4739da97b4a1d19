//! A bound table drawn as the template declares it: one HTML table per part, the column
//! groups as spanning header cells, the row groups as heading rows, the values as read. Cells
//! a finding involves are marked with its severity; a culprit cell shows its value and the
//! value it should have (`5 → 3`).
//!
//! Rows and columns are taken in the order and with the labels `nianbao extract --format
//! table` uses: the leaf columns in declaration order, the leaf rows and the groups the
//! document gave a row of their own. Unlike the terminal grid, groups are shown (as spanning
//! headers) rather than folded into the labels, and a single-row part is not turned on its
//! side: the page has the width the terminal lacks, and the official layout is what the
//! report's author recognises.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use nianbao_check::model::{BoundTable, Severity, Value};
use nianbao_check::names::node_name;
use nianbao_check::rules::ruleset::{Axis, AxisNode, Part, Table};

use crate::Esc;

/// Shown for a declared cell the document does not have.
const MISSING: &str = "缺";

/// What the findings shown say about one cell.
#[derive(Debug, Default, Clone)]
pub(crate) struct Mark {
    /// The most serious finding that involves it.
    pub severity: Option<Severity>,
    /// Values a culprit suggests for it (one, or a candidate of an ambiguous culprit each).
    pub suggested: Vec<String>,
    /// The suggestion is one candidate among several, not a conclusion.
    pub uncertain: bool,
    /// Numbers of the findings (in the report's list) that involve it.
    pub findings: Vec<usize>,
}

/// The marks of one report's cells, by table id, row id and column id.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    cells: BTreeMap<(String, String, String), Mark>,
}

impl Marks {
    /// The mark of a cell, created blank on first use.
    pub fn at(&mut self, table: &str, row: &str, column: &str) -> &mut Mark {
        self.cells
            .entry((table.to_owned(), row.to_owned(), column.to_owned()))
            .or_default()
    }

    /// Whether any cell of the table is marked.
    pub fn touches(&self, table: &str) -> bool {
        self.cells.keys().any(|(t, _, _)| t == table)
    }

    fn get(&self, table: &str, row: &str, column: &str) -> Option<&Mark> {
        self.cells
            .get(&(table.to_owned(), row.to_owned(), column.to_owned()))
    }
}

/// One declared table with its bound cells, under the anchor `anchor`.
pub(crate) fn render(
    out: &mut String,
    anchor: &str,
    declared: &Table,
    bound: &BoundTable,
    marks: &Marks,
) {
    let _ = writeln!(
        out,
        "<div class=\"grid\" id=\"{}\">\n<h4>{} {}</h4>",
        Esc(anchor),
        Esc(&declared.id),
        Esc(&declared.title)
    );
    if bound.source_table.is_none() && bound.cells.is_empty() {
        out.push_str("<p class=\"none\">报告中没有找到这个表格。</p>\n</div>\n");
        return;
    }
    for part in &declared.parts {
        part_table(out, part, &declared.id, bound, marks);
    }
    if !bound.unplaced.is_empty() {
        out.push_str("<ul class=\"unplaced\">\n");
        for cell in &bound.unplaced {
            let _ = writeln!(
                out,
                "<li>未放置：“{}”——{}</li>",
                Esc(&cell.raw),
                Esc(&cell.reason)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

/// One part as an HTML table.
fn part_table(out: &mut String, part: &Part, table: &str, bound: &BoundTable, marks: &Marks) {
    let columns: Vec<&AxisNode> = part.columns.leaves().collect();
    out.push_str("<div class=\"scroll\"><table>\n");
    if let Some(title) = &part.title {
        let _ = writeln!(out, "<caption>{}</caption>", Esc(&title.text));
    }
    header(out, part);
    out.push_str("<tbody>\n");
    for node in &part.rows.nodes {
        let depth = depth(&part.rows, node);
        let has_cells = columns
            .iter()
            .any(|column| bound.cell(&node.id, &column.id).is_some());
        if node.is_group && !has_cells {
            let _ = writeln!(
                out,
                "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"{}\" class=\"d{depth}\">{}</th></tr>",
                columns.len() + 1,
                Esc(&node.label.text)
            );
            continue;
        }
        let _ = write!(
            out,
            "<tr><th scope=\"row\" class=\"d{depth}\">{}</th>",
            Esc(&node.label.text)
        );
        for column in &columns {
            cell(out, part, table, bound, marks, node, column);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// The column headers: one header row per level of column groups, the corner cell spanning
/// them all.
fn header(out: &mut String, part: &Part) {
    let axis = &part.columns;
    let levels = axis
        .leaves()
        .map(|leaf| depth(axis, leaf) + 1)
        .max()
        .unwrap_or(1);
    out.push_str("<thead>\n");
    for level in 0..levels {
        out.push_str("<tr>");
        if level == 0 {
            let corner = part.corner.as_ref().map_or("", |c| c.text.as_str());
            let _ = write!(
                out,
                "<th class=\"corner\" rowspan=\"{levels}\">{}</th>",
                Esc(corner)
            );
        }
        for node in axis.nodes.iter().filter(|n| depth(axis, n) == level) {
            if node.is_group {
                let span = axis.leaves_under(&node.id).len();
                if span > 0 {
                    let _ = write!(
                        out,
                        "<th scope=\"colgroup\" colspan=\"{span}\">{}</th>",
                        Esc(&node.label.text)
                    );
                }
            } else {
                let _ = write!(
                    out,
                    "<th scope=\"col\" rowspan=\"{}\">{}</th>",
                    levels - level,
                    Esc(&node.label.text)
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n");
}

/// One value cell: as read, marked when a finding involves it.
fn cell(
    out: &mut String,
    part: &Part,
    table: &str,
    bound: &BoundTable,
    marks: &Marks,
    row: &AxisNode,
    column: &AxisNode,
) {
    let found = bound.cell(&row.id, &column.id);
    let mut classes: Vec<String> = Vec::new();
    let shown = match found {
        None => {
            classes.push("missing".to_owned());
            MISSING.to_owned()
        }
        Some(found) if found.value == Value::Blank => {
            classes.push("blank".to_owned());
            String::new()
        }
        Some(found) => Esc(&found.raw).to_string(),
    };
    let name = || {
        format!(
            "{} · {}",
            node_name(&part.rows, row),
            node_name(&part.columns, column)
        )
    };
    let mut title = None;
    let mut body = shown.clone();
    if let Some(mark) = marks.get(table, &row.id, &column.id) {
        let title = title.insert(name());
        if let Some(severity) = mark.severity {
            classes.push(format!("hit sev-{}", severity.as_str()));
        }
        if !mark.suggested.is_empty() {
            classes.push("culprit".to_owned());
            if mark.uncertain {
                classes.push("uncertain".to_owned());
            }
            let suggested = mark
                .suggested
                .iter()
                .map(|s| format!("<span class=\"fix\">{}</span>", Esc(s)))
                .collect::<Vec<_>>()
                .join("<span class=\"or\">或</span>");
            let question = if mark.uncertain { "？" } else { "" };
            body = format!(
                "<span class=\"was\">{shown}</span><span class=\"arrow\"> → </span>{suggested}{question}"
            );
            let _ = write!(
                title,
                "：{}应为 {}",
                if mark.uncertain {
                    "若是这一格，"
                } else {
                    ""
                },
                mark.suggested.join(" 或 ")
            );
        }
        if !mark.findings.is_empty() {
            let numbers: Vec<String> = mark.findings.iter().map(usize::to_string).collect();
            let _ = write!(title, "（问题 {}）", numbers.join("、"));
        }
    }
    let _ = write!(
        out,
        "<td data-cell=\"{}|{}\"",
        Esc(&row.id),
        Esc(&column.id)
    );
    if !classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", classes.join(" "));
    }
    if let Some(title) = title {
        let _ = write!(out, " title=\"{}\"", Esc(&title));
    }
    let _ = write!(out, ">{body}</td>");
}

/// How many groups enclose a node.
fn depth(axis: &Axis, node: &AxisNode) -> usize {
    let mut depth = 0;
    let mut parent = node.parent;
    // A well-formed axis has no cycles; the bound keeps a malformed one from looping.
    while let Some(at) = parent {
        if depth > axis.nodes.len() {
            break;
        }
        depth += 1;
        parent = axis.nodes.get(at).and_then(|n| n.parent);
    }
    depth
}
