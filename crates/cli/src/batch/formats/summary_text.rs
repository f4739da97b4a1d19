//! The Chinese lines and tables of the human formats: one line per report, and the closing
//! block of a batch (totals, how many reports fail each check, one row per report).

use std::path::Path;

use nianbao_check::{Checked, Choice};

use super::super::Summary;
use super::super::outcome::{Compared, Duplicate};

/// The closing line for one file; `accepted` findings were taken out by an explanations file.
pub fn report_line(checked: &Checked, accepted: usize) -> String {
    let report = &checked.report;
    let summary = &checked.summary;
    let counts = checked.counts;
    let who = match (&report.agency, report.year) {
        (Some(agency), Some(year)) => format!("（{agency} {year} 年度）"),
        (Some(agency), None) => format!("（{agency}）"),
        (None, Some(year)) => format!("（{year} 年度）"),
        (None, None) => String::new(),
    };
    let weak = match &checked.choice {
        Choice::Detected(detection) => detection
            .weakness()
            .map(|w| format!("（{w}）"))
            .unwrap_or_default(),
        Choice::Given => String::new(),
    };
    let mut line = format!(
        "{}{who}：模板 {}{weak}，运行检查 {} 项，错误 {} 个，警告 {} 个，提示 {} 个",
        checked.name,
        checked.template,
        summary.checks_run,
        counts.errors,
        counts.warnings,
        counts.infos
    );
    if summary.checks_skipped > 0 {
        line.push_str(&format!(
            "；{} 项检查因缺少表格未运行",
            summary.checks_skipped
        ));
    }
    if summary.undecided > 0 {
        line.push_str(&format!(
            "；{} 处因单元格空白、缺失或数字无法计算而无法判断",
            summary.undecided
        ));
    }
    if accepted > 0 {
        line.push_str(&format!("；另有 {accepted} 项已由说明文件接受，未列出"));
    }
    line
}

/// The line above the findings of comparing a report with other reports.
pub fn comparison_heading(path: &Path, compared: Compared<'_>) -> String {
    match compared {
        Compared::LastYear(previous) => format!(
            "—— 与上一年度报告对照：{} ← {} ——",
            path.display(),
            previous.display()
        ),
        Compared::OtherUnits => format!("—— 与同一批中其他单位的报告对照：{} ——", path.display()),
        Compared::Organs => format!("—— 与所属单位的报告对照：{} ——", path.display()),
    }
}

/// The line below them.
pub fn comparison_line(
    path: &Path,
    compared: Compared<'_>,
    checked: &Checked,
    accepted: usize,
) -> String {
    let counts = checked.counts;
    let mut line = format!(
        "{}：与{}对照，错误 {} 个，警告 {} 个，提示 {} 个",
        path.display(),
        compared.with(),
        counts.errors,
        counts.warnings,
        counts.infos
    );
    if accepted > 0 {
        line.push_str(&format!("；另有 {accepted} 项已由说明文件接受，未列出"));
    }
    line
}

/// The lines saying which reports were compared with last year's and which could not be.
pub fn pairing_lines(summary: &Summary) -> String {
    let mut out = String::new();
    if summary.pairs.is_empty() && summary.unpaired.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "与上一年度对照：{} 份报告找到了同一机关上一年度的报告\n",
        summary.pairs.len()
    ));
    for (last, this) in &summary.pairs {
        out.push_str(&format!("  {} ← {}\n", this.display(), last.display()));
    }
    if !summary.unpaired.is_empty() {
        out.push_str(&format!("未能配对：{} 份\n", summary.unpaired.len()));
        for (path, reason) in &summary.unpaired {
            out.push_str(&format!("  {}：{reason}\n", path.display()));
        }
    }
    out
}

/// The line for an input skipped as a duplicate.
pub fn duplicate_line(path: &Path, duplicate: Duplicate<'_>) -> String {
    let how = duplicate.how();
    format!(
        "{}：与 {} {how}，未重复检查（要都检查请加 --keep-duplicates）",
        path.display(),
        duplicate.of.display()
    )
}

/// The totals in one line: reports by outcome, findings by severity.
pub fn totals_line(summary: &Summary) -> String {
    let (errors, warnings, infos) = summary.rows.iter().fold((0, 0, 0), |(e, w, i), row| {
        (e + row.errors, w + row.warnings, i + row.infos)
    });
    let mut line = format!(
        "共 {} 份报告：检查 {} 份（无问题 {} 份，有错误 {} 份，仅有警告 {} 份）；错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
        summary.inputs, summary.checked, summary.clean, summary.with_errors, summary.with_warnings
    );
    if summary.unreadable > 0 {
        line.push_str(&format!("；无法读取或无法检查 {} 份", summary.unreadable));
    }
    if summary.duplicates > 0 {
        line.push_str(&format!("；重复跳过 {} 份", summary.duplicates));
    }
    line
}

/// Totals, the per-check table and the per-report table.
pub fn closing_block(summary: &Summary) -> String {
    let mut text = String::from("\n== 汇总 ==\n");
    text.push_str(&totals_line(summary));
    text.push('\n');
    if !summary.checks.is_empty() {
        text.push_str("\n各检查项（涉及报告数从多到少）：\n");
        let mut checks: Vec<_> = summary.checks.iter().collect();
        checks.sort_by_key(|(id, tally)| (std::cmp::Reverse(tally.reports), id.as_str()));
        let width = checks.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
        for (id, tally) in checks {
            text.push_str(&format!(
                "  {id:<width$}  {}  {} 份报告，{} 处\n",
                severity_word(tally.severity),
                tally.reports,
                tally.findings
            ));
        }
    }
    text.push_str("\n各报告：\n");
    for row in &summary.rows {
        let who = match (&row.agency, row.year) {
            (Some(agency), Some(year)) => format!("{agency} {year} 年度"),
            (Some(agency), None) => agency.clone(),
            (None, Some(year)) => format!("{year} 年度"),
            (None, None) => "—".to_owned(),
        };
        let status = match &row.not_checked {
            Some(_) => "未检查".to_owned(),
            None => format!(
                "{}，错误 {}，警告 {}",
                row.template, row.errors, row.warnings
            ),
        };
        let first = row
            .first
            .as_deref()
            .map(|f| format!("；{}", first_line(f)))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {}（{who}）：{status}{first}\n",
            row.path.display()
        ));
    }
    let pairing = pairing_lines(summary);
    if !pairing.is_empty() {
        text.push('\n');
        text.push_str(&pairing);
    }
    text
}

fn severity_word(severity: nianbao_model::Severity) -> &'static str {
    match severity {
        nianbao_model::Severity::Error => "错误",
        nianbao_model::Severity::Warning => "警告",
        nianbao_model::Severity::Info => "提示",
    }
}

/// A finding's first line, cut to a readable length.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut cut: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        cut.push('…');
    }
    cut
}
