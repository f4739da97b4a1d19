//! How rows, columns and cells are named for people: in messages, labels and printed tables.

use nianbao_model::BoundCell;
use nianbao_rules::ruleset::{Axis, AxisNode, Template};

/// How a row or column is named in messages: its label, or "group·label" where the label
/// alone is ambiguous or is a bare numbered item such as "1.属于国家秘密".
pub fn node_name(axis: &Axis, node: &AxisNode) -> String {
    let label = &node.label.text;
    let ambiguous = axis
        .leaves()
        .filter(|other| other.label.text == *label)
        .count()
        > 1;
    let numbered = label.chars().next().is_some_and(|c| c.is_ascii_digit());
    match node.parent.and_then(|p| axis.nodes.get(p)) {
        Some(parent) if ambiguous || numbered => format!("{}·{label}", parent.label.text),
        _ => label.clone(),
    }
}

/// The name of a bound cell: "row · column".
pub fn cell_name(template: &Template, table: &str, cell: &BoundCell) -> String {
    let part = template
        .table(table)
        .and_then(|t| t.part_of_row(&cell.row))
        .map(|(_, p)| p);
    let row = part.and_then(|p| p.rows.find(&cell.row).map(|n| (p, n)));
    let column = part.and_then(|p| p.columns.find(&cell.column).map(|n| (p, n)));
    let column_name = column.map_or_else(
        || cell.column.to_string(),
        |(p, n)| node_name(&p.columns, n),
    );
    match row {
        Some((_, n)) if n.unlabeled => column_name,
        Some((p, n)) => format!("{} · {column_name}", node_name(&p.rows, n)),
        None => format!("{} · {column_name}", cell.row),
    }
}

/// How a table is called: "表三" after the number of the section the rule file puts it under,
/// else by its title.
pub fn table_name(template: &Template, table: &str) -> String {
    let number = template
        .sections
        .iter()
        .find(|s| s.table.as_deref() == Some(table))
        .and_then(|s| s.label.text.split_once('、'))
        .map(|(number, _)| number.to_owned())
        .filter(|n| !n.is_empty() && n.chars().count() <= 2);
    match (number, template.table(table)) {
        (Some(number), _) => format!("表{number}"),
        (None, Some(t)) => format!("表格“{}”", t.title),
        (None, None) => table.to_owned(),
    }
}
