//! What `fix` prints about the corrections: one line per cell with where it is, the
//! culprits it does not apply and why, the changed rows of a .docx, and for the formats it
//! cannot rewrite the list of corrections to make by hand.

use nianbao_check::Checked;
use nianbao_check::names::table_name;
use nianbao_model::{Applicability, CellCorrection, Culprit, SourceFormat};
use nianbao_rules::ruleset::Template;

use super::diff;
use super::rewrite::{self, Planned};
use crate::render::place::Places;
use crate::{Context, Exit};

/// Most alternatives named for a culprit that is not applied.
const SHOWN: usize = 4;

/// PDF, .doc and the JSON model are not rewritten: the corrections with where they are.
pub fn list_only(
    checked: &Checked,
    template: &Template,
    certain: &[&CellCorrection],
    context: &mut Context<'_>,
) -> Exit {
    let name = &checked.name;
    let format = checked.document.format;
    if !certain.is_empty() {
        let _ = writeln!(context.out, "{name}：应改正 {} 格", certain.len());
        for correction in certain {
            let line = cell_line(correction, template, format);
            let _ = writeln!(
                context.out,
                "  {line}：{} → {}{}",
                correction.cell.raw,
                rewrite::styled(&correction.cell.raw, correction.suggested),
                hint(correction)
            );
        }
    }
    not_applied(checked, template, &[], context);
    let kind = match format {
        SourceFormat::Pdf => "PDF 文件",
        SourceFormat::Doc => "旧版 Word（.doc）文件",
        _ => "JSON 文档模型",
    };
    let _ = writeln!(
        context.out,
        "{kind}不能自动改写，没有写出任何文件；请按上面的位置在原文件（或其 Word 版本）中改正"
    );
    Exit::Findings
}

/// The culprits that are not applied, and why; certain ones that could not be placed first.
pub fn not_applied(
    checked: &Checked,
    template: &Template,
    skipped: &[(&CellCorrection, String)],
    context: &mut Context<'_>,
) {
    let others: Vec<&Culprit> = checked
        .culprits
        .iter()
        .filter(|c| c.applicability != Applicability::Certain)
        .collect();
    if skipped.is_empty() && others.is_empty() {
        return;
    }
    let _ = writeln!(context.out, "未改正 {} 处：", skipped.len() + others.len());
    let format = checked.document.format;
    for (correction, why) in skipped {
        let line = cell_line(correction, template, format);
        let _ = writeln!(
            context.out,
            "  {line}：应为 {}，但{why}",
            correction.suggested
        );
    }
    for culprit in others {
        let _ = writeln!(context.out, "  {}", culprit_line(culprit, template));
    }
}

/// A culprit that is not certain, in one line: the change it suggests and why it is not made.
fn culprit_line(culprit: &Culprit, template: &Template) -> String {
    let named = |c: &CellCorrection| format!("{} {}", table_name(template, &c.table), c.name);
    let count = culprit.corrections.len();
    let first = culprit
        .corrections
        .first()
        .map_or(&[][..], |c| c.cells.as_slice());
    if culprit.applicability == Applicability::Ambiguous {
        let all: Vec<String> = culprit
            .corrections
            .iter()
            .take(SHOWN)
            .map(|c| {
                let cells: Vec<String> = c
                    .cells
                    .iter()
                    .map(|x| format!("{} 改为 {}", named(x), x.suggested))
                    .collect();
                cells.join(" 且 ")
            })
            .collect();
        let more = if count > SHOWN {
            format!(" 等 {count} 种")
        } else {
            String::new()
        };
        return format!(
            "有 {count} 种改法都能使检查成立，不能确定是哪一格：{}{more}",
            all.join("；")
        );
    }
    let cells: Vec<String> = first
        .iter()
        .map(|c| {
            format!(
                "{}：可能应为 {}（现为 {}）",
                named(c),
                c.suggested,
                c.cell.raw
            )
        })
        .collect();
    let why = if first.len() > 1 {
        "需要同时改两格，不自动改".to_owned()
    } else if count > 1 {
        format!("另有 {} 种改法也能使检查成立，不自动改", count - 1)
    } else {
        "这张表的数字是按勾稽关系推断的，不自动改".to_owned()
    };
    format!("{}——{why}", cells.join("，"))
}

/// "表三 一、本年新收… · 总计（第 120 行第 2 列）": the cell and where it is in the file
/// (line and column of a text file; table, row, cell, and page and box of a PDF).
pub fn cell_line(correction: &CellCorrection, template: &Template, format: SourceFormat) -> String {
    let cell = &correction.cell;
    let at = cell.location;
    let place = match format {
        SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Html => {
            format!("第 {} 行第 {} 列", cell.span.line, cell.span.column)
        }
        _ => {
            let page = at.page.map_or_else(String::new, |p| format!("第 {p} 页，"));
            let cell = format!(
                "{page}全文第 {} 个表格第 {} 行第 {} 格",
                at.table + 1,
                at.row + 1,
                at.cell + 1
            );
            match at.bbox {
                Some(b) => format!(
                    "{cell}，页面坐标 x {:.1}–{:.1}、y {:.1}–{:.1}（单位：点，自页面左下角）",
                    b.x0, b.x1, b.y0, b.y1
                ),
                None => cell,
            }
        }
    };
    let table = table_name(template, &correction.table);
    format!("{table} {}（{place}）", correction.name)
}

/// The typing slip a correction looks like, as a clause.
pub fn hint(correction: &CellCorrection) -> String {
    correction
        .hint
        .as_ref()
        .map_or_else(String::new, |h| format!("，可能是{h}"))
}

/// The changed rows of a .docx before and after.
pub fn docx_rows(
    checked: &Checked,
    again: Option<&Checked>,
    applied: &[Planned<'_>],
    places: &Places<'_>,
) -> String {
    let row_text = |document: &nianbao_model::Document, table: usize, row: usize| {
        let cells = document
            .tables()
            .find(|t| t.index == table)
            .and_then(|t| t.rows.get(row))
            .map(|r| r.cells.iter().map(|c| short(&c.text)).collect::<Vec<_>>())
            .unwrap_or_default();
        cells.join(" │ ")
    };
    let mut rows: Vec<(usize, usize)> = applied
        .iter()
        .map(|p| {
            (
                p.correction.cell.location.table,
                p.correction.cell.location.row,
            )
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let changes: Vec<(String, String, String)> = rows
        .into_iter()
        .map(|(table, row)| {
            let place = places.rows_name(table, row, row, None);
            let place = place
                .strip_prefix(places.name)
                .unwrap_or(&place)
                .trim_start()
                .to_owned();
            let old = row_text(&checked.document, table, row);
            let new = again.map_or_else(String::new, |a| row_text(&a.document, table, row));
            (place, old, new)
        })
        .collect();
    diff::rows(&checked.name, &changes)
}

/// A cell's text on one line, long ones cut.
fn short(text: &str) -> String {
    let line = crate::render::place::one_line(text);
    if line.chars().count() > 24 {
        let cut: String = line.chars().take(23).collect();
        format!("{cut}…")
    } else {
        line
    }
}
