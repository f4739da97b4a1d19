//! A declared table printed twice. The first place (the one holding most of its labels, the
//! earlier of equals) is read and checked; the second is read the same way only to compare:
//! with other numbers the report contradicts itself (`bind::duplicate-table`, an error), with
//! the same numbers it is only printed twice (`bind::repeated-table`, a warning). Either way
//! both places are shown, and every number of the second place is kept as an unplaced cell,
//! so none of them vanishes.

use nianbao_model::{BoundCell, Code, Finding, Note, Span, UnplacedCell, Value};

use super::locate::Region;

/// At most this many differing cells are pointed at one by one.
const MAX_NOTES: usize = 12;

/// Compares the cells read at the second place with those of the first, reports the table
/// printed twice, and returns every number of the second place as unplaced.
pub(crate) fn report(
    title: &str,
    first: &[BoundCell],
    first_span: Option<Span>,
    again: &Region<'_>,
    again_cells: &[BoundCell],
    findings: &mut Vec<Finding>,
) -> Vec<UnplacedCell> {
    let numbers: Vec<&nianbao_model::Cell> = again
        .blocks
        .iter()
        .flat_map(|b| b.table.rows.get(b.rows.clone()).unwrap_or_default())
        .flat_map(|r| &r.cells)
        .filter(|c| Value::parse(&c.text).number().is_some())
        .collect();
    let mut differing: Vec<(&BoundCell, Option<&BoundCell>)> = Vec::new();
    for cell in again_cells {
        let before = first
            .iter()
            .find(|c| c.row == cell.row && c.column == cell.column);
        match before {
            Some(before) if before.value == cell.value => {}
            other => differing.push((cell, other)),
        }
    }
    let differ = !differing.is_empty();
    let code = if differ {
        Code::BindDuplicateTable
    } else {
        Code::BindRepeatedTable
    };
    let again_span = again
        .blocks
        .iter()
        .flat_map(|b| b.table.rows.get(b.rows.clone()).unwrap_or_default())
        .flat_map(|r| &r.cells)
        .find(|c| !nianbao_model::trim(&c.text).is_empty())
        .map(|c| c.span);
    let mut notes = Vec::new();
    if let Some(span) = first_span {
        notes.push(Note {
            span,
            label: "参与检查的是这一张表".into(),
        });
    }
    if let Some(span) = again_span {
        notes.push(Note {
            span,
            label: "同一张表再次出现（没有参与检查）".into(),
        });
    }
    for (cell, before) in differing.iter().take(MAX_NOTES) {
        let label = match before {
            Some(before) => format!(
                "{}：这里是 {}，参与检查的表中是 {}",
                cell_name(cell),
                cell.raw,
                before.raw
            ),
            None => format!(
                "{}：这里是 {}，参与检查的表中没有",
                cell_name(cell),
                cell.raw
            ),
        };
        notes.push(Note {
            span: cell.span,
            label,
        });
    }
    let message = if differ {
        format!(
            "表格“{title}”出现了两次，数字不同（{} 个单元格不一致）",
            differing.len()
        )
    } else {
        format!("表格“{title}”出现了两次，数字相同")
    };
    let help = if differ {
        "报告自相矛盾：同一张表的两处数字不一致。检查的是第一张表（含模板标签最多、靠前的一张），第二张表的数字列在未放入表格的数字中；请核对哪一张是正确的，删去另一张"
    } else {
        "两处数字完全相同，只检查了第一张；请删去重复的表格"
    };
    findings.push(Finding {
        rule: code.as_str().to_owned(),
        severity: code.severity(),
        message,
        cells: Vec::new(),
        notes,
        comparison: None,
        help: Some(help.to_owned()),
        related: Vec::new(),
    });
    let reason = if differ {
        "同一张表再次出现、数字与参与检查的表不同，没有参与检查"
    } else {
        "同一张表再次出现，没有参与检查"
    };
    numbers
        .into_iter()
        .map(|c| UnplacedCell {
            raw: c.text.clone(),
            span: c.span,
            reason: reason.to_owned(),
            location: Some(c.location),
        })
        .collect()
}

/// "row · column" for a note.
fn cell_name(cell: &BoundCell) -> String {
    let row = cell.row_path.last().cloned().unwrap_or_default();
    let column = cell.column_path.last().cloned().unwrap_or_default();
    format!("{row} · {column}")
}
