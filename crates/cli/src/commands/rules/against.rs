//! `nianbao rules check FILE --against REPORT…`: what an edited rule file changes on sample
//! reports, before anyone relies on it. Each sample is checked twice, through the library's
//! [`Checker`]: with the file's templates, and with the built-in rules (bound to the built-in
//! template the file's template starts from). Listed: the rows and columns the file declares
//! that no sample has, the sample rows that the built-in rules bind and the edited ones no
//! longer do, and the findings that appear or disappear. It is a preview: it never changes
//! the exit code.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use nianbao_check::{Checked, Checker};
use nianbao_model::{Finding, Span};
use nianbao_rules::RuleSet;
use nianbao_rules::lint::{Declared, builtin_base_of};

use crate::Context;

/// Checks each sample with both rule sets and prints the differences.
pub(super) fn preview(
    text: &str,
    rules: &RuleSet,
    builtin: &RuleSet,
    samples: &[PathBuf],
    context: &mut Context<'_>,
) {
    let _ = writeln!(
        context.out,
        "\n对照样本报告（{} 份）：分别用修改后的规则和内置规则检查",
        samples.len()
    );
    let Ok(edited) = Checker::new(rules.clone()) else {
        let _ = writeln!(context.out, "规则文件中没有模板，无法对照");
        return;
    };
    let Ok(reference) = Checker::new(builtin.clone()) else {
        let _ = writeln!(context.out, "无法载入内置规则，无法对照");
        return;
    };
    let mut checked_samples: Vec<Checked> = Vec::new();
    for path in samples {
        let name = path.display().to_string();
        let _ = writeln!(context.out);
        let checked = match edited.check_file(path) {
            Ok(checked) => checked,
            Err(error) => {
                let _ = writeln!(context.out, "{name}：无法检查：{error}");
                continue;
            }
        };
        let base = builtin_base_of(text, &checked.template, builtin).map(|t| t.id.clone());
        let reference = match &base {
            Some(id) => reference.clone().with_template(id).ok(),
            None => Some(reference.clone()),
        };
        let before = reference.and_then(|checker| checker.check_file(path).ok());
        let Some(before) = before else {
            let _ = writeln!(
                context.out,
                "{name}：按模板 {} 检查；内置规则无法检查这份报告，无从对照",
                checked.template
            );
            checked_samples.push(checked);
            continue;
        };
        let _ = writeln!(
            context.out,
            "{name}：修改后按模板 {} 检查，内置规则按模板 {} 检查",
            checked.template, before.template
        );
        unbound_rows(&before, &checked, context);
        changed_findings(&before, &checked, context);
        checked_samples.push(checked);
    }
    absent_everywhere(text, rules, &checked_samples, context);
}

/// Rows bound under the built-in rules none of whose cells the edited rules bind.
fn unbound_rows(before: &Checked, after: &Checked, context: &mut Context<'_>) {
    let bound: HashSet<(usize, usize)> = after
        .report
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .map(|c| (c.span.start, c.span.end))
        .collect();
    let mut lost = Vec::new();
    for table in &before.report.tables {
        let mut rows: Vec<(&str, Vec<&nianbao_model::BoundCell>)> = Vec::new();
        for cell in &table.cells {
            match rows.iter_mut().find(|(row, _)| *row == &*cell.row) {
                Some((_, cells)) => cells.push(cell),
                None => rows.push((&cell.row, vec![cell])),
            }
        }
        for (_, cells) in rows {
            if cells
                .iter()
                .any(|c| bound.contains(&(c.span.start, c.span.end)))
            {
                continue;
            }
            if let Some(first) = cells.first() {
                lost.push(format!(
                    "    表格“{}”的“{}”{}",
                    table.title,
                    first.row_path.join(" "),
                    at_line(first.span)
                ));
            }
        }
    }
    if lost.is_empty() {
        let _ = writeln!(context.out, "  内置规则对得上的行，修改后都对得上");
    } else {
        let _ = writeln!(
            context.out,
            "  修改后不再对得上的行（{} 行，内置规则下对得上）：",
            lost.len()
        );
        for line in lost {
            let _ = writeln!(context.out, "{line}");
        }
    }
}

/// Findings (by check id and place) present under one rule set and not the other.
fn changed_findings(before: &Checked, after: &Checked, context: &mut Context<'_>) {
    let keys = |checked: &Checked| -> BTreeSet<(String, usize, String)> {
        checked.findings.iter().map(key).collect()
    };
    let (old, new) = (keys(before), keys(after));
    for (title, from, other) in [
        ("新出现的结果", after, &old),
        ("不再出现的结果", before, &new),
    ] {
        let lines: Vec<String> = from
            .findings
            .iter()
            .filter(|f| !other.contains(&key(f)))
            .map(|f| {
                format!(
                    "    {} {}：{}{}",
                    f.rule,
                    f.severity.label(),
                    f.message,
                    place(f).map_or_else(String::new, at_line)
                )
            })
            .collect();
        if lines.is_empty() {
            let _ = writeln!(context.out, "  {title}：无");
            continue;
        }
        let _ = writeln!(context.out, "  {title}（{} 项）：", lines.len());
        for line in lines {
            let _ = writeln!(context.out, "{line}");
        }
    }
}

/// Rows and columns the file declares that no sample bound to their template has.
fn absent_everywhere(text: &str, rules: &RuleSet, samples: &[Checked], context: &mut Context<'_>) {
    let Ok(file) = nianbao_rules::syntax::parse(text) else {
        return;
    };
    let mut lines = Vec::new();
    for written in &file.templates {
        let Some(template) = rules.template(&written.id.node) else {
            continue;
        };
        let bound: Vec<&Checked> = samples
            .iter()
            .filter(|c| c.template == template.id)
            .collect();
        if bound.is_empty() {
            lines.push(format!("  模板 {}：没有样本按它检查", template.id));
            continue;
        }
        let declared = Declared::of(written);
        let mut done: Vec<(&str, bool, &str)> = Vec::new();
        for item in &declared.labels {
            if done.contains(&(item.table, item.rows, item.id)) {
                continue;
            }
            done.push((item.table, item.rows, item.id));
            let Some(table) = template.table(item.table) else {
                continue;
            };
            let node = table
                .parts
                .iter()
                .find_map(|p| if item.rows { &p.rows } else { &p.columns }.find(item.id));
            let Some(node) = node.filter(|n| !n.is_group) else {
                continue;
            };
            let contained = bound.iter().any(|c| {
                c.report.table(&table.id).is_some_and(|t| {
                    t.cells.iter().any(|cell| {
                        if item.rows {
                            cell.row == node.id
                        } else {
                            cell.column == node.id
                        }
                    })
                })
            });
            if !contained {
                lines.push(format!(
                    "  模板 {} 表格“{}”的{}“{}”（{}）",
                    template.id,
                    table.title,
                    if item.rows { "行" } else { "列" },
                    node.label.text,
                    node.id
                ));
            }
        }
    }
    let _ = writeln!(context.out);
    if lines.is_empty() {
        let _ = writeln!(context.out, "规则文件声明的行和列，样本报告中都有");
    } else {
        let _ = writeln!(
            context.out,
            "规则文件声明、但没有一份样本报告含有的行和列："
        );
        for line in lines {
            let _ = writeln!(context.out, "{line}");
        }
    }
}

/// What identifies a finding across the two runs: its check id, where it points, and (when
/// it points nowhere) its message.
fn key(finding: &Finding) -> (String, usize, String) {
    match place(finding) {
        Some(span) => (finding.rule.clone(), span.start, String::new()),
        None => (finding.rule.clone(), usize::MAX, finding.message.clone()),
    }
}

/// Where a finding points: its first cell, else its first note.
fn place(finding: &Finding) -> Option<Span> {
    finding
        .cells
        .first()
        .map(|c| c.span)
        .or_else(|| finding.notes.first().map(|n| n.span))
}

fn at_line(span: Span) -> String {
    format!("（第 {} 行）", span.line)
}
