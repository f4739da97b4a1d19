//! The page around the reports: the head (title, rule files, navigation) written before the
//! first report, and the summary written after the last one (shown first, see the module
//! above) with the page's closing.

use std::fmt::Write as _;

use nianbao_html::{Esc, STYLE, severity_badge};
use nianbao_model::Code;

use super::anchor;
use crate::batch::{CheckTally, ReportRow, SinkContext, Summary};

/// Everything before the first report: the document head, the page head, the opening of the
/// container the sections and the summary share.
pub(super) fn opening(context: &SinkContext<'_>) -> String {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"nianbao\">\n\
         <title>nianbao 检查结果</title>\n<style>\n",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>nianbao 检查结果</h1>\n");
    let _ = write!(
        out,
        "<p class=\"generated\">由 nianbao {} 生成。规则文件：",
        env!("CARGO_PKG_VERSION")
    );
    if context.rules.sources.is_empty() {
        out.push('无');
    }
    for (at, source) in context.rules.sources.iter().enumerate() {
        if at > 0 {
            out.push('、');
        }
        let _ = write!(
            out,
            "<code>{}</code>（{}）",
            Esc(&source.name),
            source.origin.describe()
        );
    }
    out.push_str("</p>\n");
    out.push_str(
        "<nav class=\"controls\"><a href=\"#summary\">跳到汇总</a>\
         <label><input type=\"checkbox\" id=\"only-problems\"> 只看有问题的报告</label></nav>\n\
         </header>\n<main class=\"page\">\n",
    );
    if !context.summary_only {
        out.push_str("<h2 class=\"reports-title\" id=\"reports\">各报告的检查结果</h2>\n");
    }
    out
}

/// The summary (totals, per check, per report) and the page's closing.
pub(super) fn closing(summary: &Summary, context: &SinkContext<'_>) -> String {
    let mut out = String::new();
    out.push_str("<section class=\"summary\" id=\"summary\">\n<h2>汇总</h2>\n");
    totals(&mut out, summary);
    checks(&mut out, summary, context);
    reports(&mut out, summary, context);
    pairing(&mut out, summary);
    out.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

/// Which reports were compared with last year's, and which could not be and why.
fn pairing(out: &mut String, summary: &Summary) {
    if summary.pairs.is_empty() && summary.unpaired.is_empty() {
        return;
    }
    out.push_str("<h3>与上一年度对照</h3>\n");
    if !summary.pairs.is_empty() {
        out.push_str(
            "<table class=\"pairs\">\n<thead><tr><th>本年度报告</th><th>上一年度报告</th></tr></thead>\n<tbody>\n",
        );
        for (last, this) in &summary.pairs {
            let _ = writeln!(
                out,
                "<tr><td class=\"path\">{}</td><td class=\"path\">{}</td></tr>",
                Esc(&this.display().to_string()),
                Esc(&last.display().to_string())
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !summary.unpaired.is_empty() {
        out.push_str(
            "<table class=\"unpaired\">\n<thead><tr><th>未能配对的报告</th><th>原因</th></tr></thead>\n<tbody>\n",
        );
        for (path, reason) in &summary.unpaired {
            let _ = writeln!(
                out,
                "<tr><td class=\"path\">{}</td><td>{}</td></tr>",
                Esc(&path.display().to_string()),
                Esc(reason)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
}

/// The one-row table of totals.
fn totals(out: &mut String, summary: &Summary) {
    out.push_str(
        "<table class=\"totals\">\n<thead><tr><th>报告数</th><th>无问题</th><th>有错误</th>\
         <th>仅有警告</th><th>无法读取</th><th>重复跳过</th></tr></thead>\n",
    );
    let _ = writeln!(
        out,
        "<tbody><tr><td class=\"n\">{}</td><td class=\"n status-clean\">{}</td>\
         <td class=\"n status-error\">{}</td><td class=\"n status-warning\">{}</td>\
         <td class=\"n status-unreadable\">{}</td><td class=\"n status-duplicate\">{}</td></tr></tbody>",
        summary.inputs,
        summary.clean,
        summary.with_errors,
        summary.with_warnings,
        summary.unreadable,
        summary.duplicates
    );
    out.push_str("</table>\n");
}

/// How many reports fail each check, the most widespread first.
fn checks(out: &mut String, summary: &Summary, context: &SinkContext<'_>) {
    out.push_str("<h3>各检查项</h3>\n");
    if summary.checks.is_empty() {
        out.push_str("<p class=\"none\">没有任何检查结果。</p>\n");
        return;
    }
    let mut tallies: Vec<(&String, &CheckTally)> = summary.checks.iter().collect();
    tallies.sort_by(|(a_id, a), (b_id, b)| {
        b.reports
            .cmp(&a.reports)
            .then(b.findings.cmp(&a.findings))
            .then(b.severity.cmp(&a.severity))
            .then(a_id.cmp(b_id))
    });
    out.push_str(
        "<table class=\"checks\">\n<thead><tr><th>检查项</th><th>严重程度</th>\
         <th>涉及报告数</th><th>结果数</th></tr></thead>\n<tbody>\n",
    );
    for (id, tally) in tallies {
        let _ = write!(out, "<tr><td><code>{}</code>", Esc(id));
        if let Some(title) = check_title(id, context) {
            let _ = write!(out, " {}", Esc(title));
        }
        let _ = writeln!(
            out,
            "</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            severity_badge(tally.severity),
            tally.reports,
            tally.findings
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A check's short title from the rule files, or a diagnostic code's summary.
fn check_title<'a>(id: &str, context: &'a SinkContext<'_>) -> Option<&'a str> {
    if let Some(code) = Code::from_name(id) {
        return Some(code.summary());
    }
    context
        .rules
        .checks()
        .find(|(_, check)| check.id == id)
        .map(|(_, check)| check.title.as_str())
}

/// One row per input, in input order, each linking to its section.
fn reports(out: &mut String, summary: &Summary, context: &SinkContext<'_>) {
    out.push_str("<h3>各报告</h3>\n");
    if summary.rows.is_empty() {
        out.push_str("<p class=\"none\">没有检查任何报告。</p>\n");
        return;
    }
    out.push_str(
        "<table class=\"reports\">\n<thead><tr><th>#</th><th>文件</th><th>机关</th><th>年度</th>\
         <th>模板</th><th>错误</th><th>警告</th><th>首个问题</th></tr></thead>\n<tbody>\n",
    );
    for (index, row) in summary.rows.iter().enumerate() {
        let status = row_status(row);
        let path = row.path.display().to_string();
        let _ = write!(
            out,
            "<tr class=\"status-{status}\"><td class=\"n\">{}</td><td class=\"path\">",
            index + 1
        );
        if context.summary_only {
            let _ = write!(out, "{}", Esc(&path));
        } else {
            let _ = write!(out, "<a href=\"#{}\">{}</a>", anchor(index), Esc(&path));
        }
        let year = row.year.map(|y| y.to_string()).unwrap_or_default();
        let _ = write!(
            out,
            "</td><td class=\"agency\">{}</td><td class=\"n\">{}</td><td class=\"template\">{}</td>",
            Esc(row.agency.as_deref().unwrap_or("")),
            Esc(&year),
            Esc(&row.template)
        );
        if row.not_checked.is_some() {
            let word = if status == "duplicate" {
                "重复"
            } else {
                "无法读取"
            };
            let _ = write!(out, "<td colspan=\"2\" class=\"not-checked\">{word}</td>");
        } else {
            let _ = write!(
                out,
                "<td class=\"n{}\">{}</td><td class=\"n{}\">{}</td>",
                if row.errors > 0 { " sev-error" } else { "" },
                row.errors,
                if row.warnings > 0 { " sev-warning" } else { "" },
                row.warnings
            );
        }
        let _ = writeln!(
            out,
            "<td class=\"first\">{}</td></tr>",
            Esc(row.first.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The status word of a report row, the suffix of its `status-…` class.
fn row_status(row: &ReportRow) -> &'static str {
    match row.not_checked.as_deref() {
        Some("duplicate") => "duplicate",
        Some(_) => "unreadable",
        None if row.errors > 0 => "error",
        None if row.warnings > 0 => "warning",
        None => "clean",
    }
}
