//! A culprit as a finding people read: which cell, what it should be, why we think so.

use nianbao_model::{Applicability, CellCorrection, Code, Correction, Culprit, Finding, Note};
use nianbao_rules::ruleset::Template;

use crate::eval::render::value_text;
use crate::names::table_name;

/// Most candidates named in the message of an ambiguous culprit.
const SHOWN: usize = 4;

/// The culprit as a finding (`fix::wrong-cell`, or `fix::ambiguous-cell` when the checks
/// cannot tell which cell), its labels on the cells, its help naming the slips and the failed
/// checks it explains (`explained` are their rule ids).
pub fn describe(culprit: &Culprit, template: &Template, explained: &[&str]) -> Finding {
    let checks = explained.join("、");
    match culprit.applicability {
        Applicability::Ambiguous => ambiguous(culprit, template, &checks),
        applicability => {
            let Some(chosen) = culprit.corrections.first() else {
                return ambiguous(culprit, template, &checks);
            };
            let certain = applicability == Applicability::Certain;
            let should = if certain { "应为" } else { "可能应为" };
            let parts: Vec<String> = chosen
                .cells
                .iter()
                .map(|c| {
                    format!(
                        "{} {should} {}（现为 {}）",
                        cell_name(template, c),
                        c.suggested,
                        value_text(&c.cell)
                    )
                })
                .collect();
            let mut help: Vec<String> =
                chosen.cells.iter().filter_map(|c| c.hint.clone()).collect();
            help.push(format!("改正后 {checks} 都成立"));
            if certain {
                help.push("这是唯一与各项检查都一致的改法，`nianbao fix` 可以自动改正".to_owned());
            } else if culprit.corrections.len() > 1 {
                help.push(format!(
                    "这是最可能的改法（没有把已填的数改成 0），另有 {} 种改法也能成立：{}",
                    culprit.corrections.len() - 1,
                    alternatives(culprit.corrections.iter().skip(1), template)
                ));
            } else {
                help.push(
                    "这一改法不是唯一可能（涉及两格，或数字是按勾稽关系推断的），请核对原表"
                        .to_owned(),
                );
            }
            Finding {
                rule: Code::FixWrongCell.as_str().to_owned(),
                severity: Code::FixWrongCell.severity(),
                message: parts.join("；"),
                cells: chosen.cells.iter().map(|c| c.cell.clone()).collect(),
                notes: chosen
                    .cells
                    .iter()
                    .map(|c| Note {
                        span: c.cell.span,
                        label: format!("{should} {}（现为 {}）", c.suggested, value_text(&c.cell)),
                    })
                    .collect(),
                comparison: None,
                help: Some(help.join("；")),
                related: Vec::new(),
            }
        }
    }
}

fn ambiguous(culprit: &Culprit, template: &Template, checks: &str) -> Finding {
    let table = culprit
        .corrections
        .first()
        .and_then(|c| c.cells.first())
        .map_or_else(String::new, |c| table_name(template, &c.table));
    let cells: Vec<&CellCorrection> = culprit.corrections.iter().flat_map(|c| &c.cells).collect();
    Finding {
        rule: Code::FixAmbiguousCell.as_str().to_owned(),
        severity: Code::FixAmbiguousCell.severity(),
        message: format!("{table}中有数字填错了，但勾稽关系不能确定是哪一格"),
        cells: cells.iter().map(|c| c.cell.clone()).collect(),
        notes: cells
            .iter()
            .map(|c| Note {
                span: c.cell.span,
                label: format!("若是这一格，应为 {}", c.suggested),
            })
            .collect(),
        comparison: None,
        help: Some(format!(
            "{checks} 不成立；以下改法都能使它们成立：{}。请核对原表",
            alternatives(culprit.corrections.iter(), template)
        )),
        related: Vec::new(),
    }
}

/// Corrections written out, at most [`SHOWN`] of them.
fn alternatives<'c>(
    corrections: impl Iterator<Item = &'c Correction>,
    template: &Template,
) -> String {
    let all: Vec<String> = corrections
        .map(|correction| {
            correction
                .cells
                .iter()
                .map(|c| format!("{} 改为 {}", cell_name(template, c), c.suggested))
                .collect::<Vec<_>>()
                .join(" 且 ")
        })
        .collect();
    let shown: Vec<&str> = all.iter().take(SHOWN).map(String::as_str).collect();
    let more = all.len().saturating_sub(SHOWN);
    if more > 0 {
        format!("{} 等 {} 种", shown.join("；"), all.len())
    } else {
        shown.join("；")
    }
}

/// "表三 （三）不予公开·4.保护第三方合法权益 × 自然人".
fn cell_name(template: &Template, correction: &CellCorrection) -> String {
    format!(
        "{} {}",
        table_name(template, &correction.table),
        correction.name.replacen(" · ", " × ", 1)
    )
}
