//! `extract --format table`: each bound table printed back as a grid under the template's own
//! row and column names, so a person can see at a glance whether the reading is right.

use std::fmt::Write as _;

use nianbao_check::names::node_name;
use nianbao_model::{BoundTable, Report, Value};
use nianbao_rules::ruleset::{Part, Template};
use unicode_width::UnicodeWidthStr;

/// The figures the prose states, one line each (what, the figure, where, as written); facts
/// that only record that the text mentions something (`means 1`) on one line, with counts.
fn prose(out: &mut String, report: &Report, template: &Template) {
    let mention_only = |id: &str| {
        template.fact(id).is_some_and(|fact| {
            fact.phrases
                .iter()
                .all(|p| p.means.is_some_and(|m| !m.is_zero()))
        })
    };
    let (mentions, figures): (Vec<_>, Vec<_>) = report
        .statements
        .iter()
        .partition(|s| mention_only(&s.fact));
    if !figures.is_empty() {
        let _ = writeln!(out, "正文中的数字（{} 处）：", figures.len());
    }
    for statement in figures {
        let what = template
            .fact(&statement.fact)
            .map_or(statement.fact.as_str(), |f| f.title.as_str());
        let figure = match statement.value {
            Some(value) if statement.exact => value.normalize().to_string(),
            Some(value) => format!("约 {}（近似，不比较）", value.normalize()),
            None => "（近似，不比较）".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {what}：{figure}（第 {} 行“{}”）",
            statement.span.line, statement.text
        );
    }
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for statement in mentions {
        match counted.iter_mut().find(|(id, _)| *id == statement.fact) {
            Some((_, count)) => *count += 1,
            None => counted.push((&statement.fact, 1)),
        }
    }
    if !counted.is_empty() {
        let listed: Vec<String> = counted
            .iter()
            .map(|(id, count)| {
                let what = template.fact(id).map_or(*id, |f| f.title.as_str());
                format!("{what}（{count} 处）")
            })
            .collect();
        let _ = writeln!(out, "正文提到：{}", listed.join("、"));
    }
}

/// Shown for a declared cell the document does not have.
const MISSING: &str = "缺";
/// Shown for a cell with nothing written.
const BLANK: &str = "空";
/// Row labels wider than this are shortened, so table 三 fits a terminal.
const MAX_LABEL_WIDTH: usize = 46;

/// The whole `extract` table output for one report.
pub fn render(path: &str, report: &Report, template: &Template) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{path}");
    let _ = writeln!(
        out,
        "模板 {}（{}）  年度 {}  机关 {}",
        template.id,
        template.issued.as_deref().unwrap_or(&template.title),
        report
            .year
            .map_or_else(|| "未识别".to_owned(), |y| y.to_string()),
        report.agency.as_deref().unwrap_or("未识别"),
    );
    if let Some(published) = &report.published {
        let source = if published.source == "signature" {
            "落款"
        } else {
            "网页发布时间"
        };
        let _ = writeln!(
            out,
            "日期 {}（{source}，第 {} 行）",
            published.date, published.span.line
        );
    }
    prose(&mut out, report, template);
    let _ = writeln!(
        out,
        "（{BLANK} = 空白单元格，{MISSING} = 报告中没有这一格）"
    );
    for (declared, bound) in template.tables.iter().zip(&report.tables) {
        let _ = writeln!(out);
        let source = match bound.source_table {
            Some(at) => format!("文档第 {} 个表格", at + 1),
            // Found in running text, the cells run together (crawler text).
            None if !bound.cells.is_empty() => "正文中，数字连在一起".to_owned(),
            None => "未找到".to_owned(),
        };
        let _ = writeln!(out, "{} {}（{source}）", declared.id, declared.title);
        for part in &declared.parts {
            if let Some(title) = &part.title {
                let _ = writeln!(out, "  {}", title.text);
            }
            out.push_str(&grid(part, bound));
        }
        for (row, columns) in missing_by_row(bound) {
            let _ = writeln!(out, "  缺少：{row} · {columns}");
        }
        for cell in &bound.unplaced {
            let _ = writeln!(
                out,
                "  未放置：“{}”（第 {} 行第 {} 列）{}",
                cell.raw, cell.span.line, cell.span.column, cell.reason
            );
        }
    }
    out
}

fn value(bound: &BoundTable, row: &str, column: &str) -> String {
    match bound.cell(row, column) {
        None => MISSING.to_owned(),
        Some(cell) if cell.value == Value::Blank => BLANK.to_owned(),
        Some(cell) => cell.raw.clone(),
    }
}

/// One part as rows × columns, or transposed when it is a single row of many columns.
fn grid(part: &Part, bound: &BoundTable) -> String {
    // Leaf rows, and groups the document gave on a single row of their own.
    let rows: Vec<_> = part
        .rows
        .nodes
        .iter()
        .filter(|n| {
            !n.is_group
                || part
                    .columns
                    .leaves()
                    .any(|c| bound.cell(&n.id, &c.id).is_some())
        })
        .collect();
    let columns: Vec<_> = part.columns.leaves().collect();
    let mut lines: Vec<Vec<String>> = Vec::new();
    if rows.len() == 1 && columns.len() > 3 {
        for column in &columns {
            let row = rows.first().map_or("", |r| &*r.id);
            lines.push(vec![
                node_name(&part.columns, column),
                value(bound, row, &column.id),
            ]);
        }
    } else {
        let mut header = vec![String::new()];
        header.extend(columns.iter().map(|c| node_name(&part.columns, c)));
        lines.push(header);
        for row in &rows {
            let mut line = vec![shorten(&node_name(&part.rows, row))];
            line.extend(columns.iter().map(|c| value(bound, &row.id, &c.id)));
            lines.push(line);
        }
    }
    let widths: Vec<usize> = (0..lines.iter().map(Vec::len).max().unwrap_or(0))
        .map(|at| {
            lines
                .iter()
                .filter_map(|l| l.get(at))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &lines {
        let mut text_line = String::from("  ");
        for (at, text) in line.iter().enumerate() {
            let width = widths.get(at).copied().unwrap_or(0);
            let pad = " ".repeat(width.saturating_sub(text.width()));
            if at == 0 {
                text_line.push_str(text);
                text_line.push_str(&pad);
            } else {
                text_line.push_str("  ");
                text_line.push_str(&pad);
                text_line.push_str(text);
            }
        }
        out.push_str(text_line.trim_end());
        out.push('\n');
    }
    out
}

/// A label cut to [`MAX_LABEL_WIDTH`] display columns, with "…" where it was cut.
fn shorten(label: &str) -> String {
    if label.width() <= MAX_LABEL_WIDTH {
        return label.to_owned();
    }
    let mut out = String::new();
    for c in label.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
            > MAX_LABEL_WIDTH - 1
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Missing cells grouped by row: the row's path, and which columns (or 整行 for all).
fn missing_by_row(bound: &BoundTable) -> Vec<(String, String)> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for missing in &bound.missing {
        let row = missing.row_path.join(" ");
        let column = missing.column_path.last().cloned().unwrap_or_default();
        match rows.iter_mut().find(|(r, _)| *r == row) {
            Some((_, columns)) => columns.push(column),
            None => rows.push((row, vec![column])),
        }
    }
    rows.into_iter()
        .map(|(row, columns)| {
            let whole = bound.cells.iter().all(|c| c.row_path.join(" ") != row);
            let columns = if whole {
                "整行".to_owned()
            } else {
                columns.join("、")
            };
            (row, columns)
        })
        .collect()
}
