//! Writing an explanations file from the findings of checked reports: one entry per finding,
//! with a comment saying what it is, and an empty reason for the user to fill in (the file is
//! refused until every reason is written).

use nianbao_model::{BoundCell, Finding};

use crate::Checked;

/// The head of a written file: what it is and what each key means.
const HEAD: &str = "\
# nianbao 说明文件：报告中已知、并有正当理由接受的检查结果。
# 由 `nianbao check --write-explanations` 生成。请逐项填写 reason（理由）；不接受的结果，
# 删去整项（从 [[accept]] 到下一个 [[accept]] 之前）。理由没有填写的项会被拒绝读取。
# 把文件放在报告所在的目录、命名为 nianbao-说明.toml，`nianbao check` 会自动读取；
# 也可以用 `nianbao check --explanations 文件` 指定。
#
# 每一项的键：
#   check    检查项 id 或诊断代码（必填）
#   file     报告的文件名；也可以（或同时）用 agency（机关名称）、year（年度）指明报告
#   row      行：行 id 或官方行名；column：列 id 或官方列名（结果涉及这一格时才接受）
#   message  结果说明中的一段文字（用于不涉及单元格的结果）
#   reason   为什么接受这一结果（必填）
#   until    到期日，如 2026-06-30：过了这一天，结果重新报告（可选）
";

/// An explanations file with one entry per finding of `reports`.
pub fn template(reports: &[&Checked]) -> String {
    let mut out = HEAD.to_owned();
    for checked in reports {
        let file = checked
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&checked.name);
        let who = match (&checked.report.agency, checked.report.year) {
            (Some(agency), Some(year)) => format!("（{agency} {year} 年度）"),
            (Some(agency), None) => format!("（{agency}）"),
            (None, Some(year)) => format!("（{year} 年度）"),
            (None, None) => String::new(),
        };
        out.push_str(&format!("\n# ==== {file}{who}\n"));
        for finding in &checked.findings {
            out.push('\n');
            out.push_str(&entry(
                finding,
                distinguishing(finding, &checked.findings),
                file,
            ));
        }
    }
    out
}

/// The first cell of a finding that no other finding of the same check involves (an entry
/// naming it accepts this finding only); the first cell if there is none.
fn distinguishing<'f>(finding: &'f Finding, all: &[Finding]) -> Option<&'f BoundCell> {
    let shared = |cell: &BoundCell| {
        all.iter()
            .filter(|other| other.rule == finding.rule && !std::ptr::eq(*other, finding))
            .any(|other| {
                other
                    .cells
                    .iter()
                    .any(|c| c.row == cell.row && c.column == cell.column)
            })
    };
    finding
        .cells
        .iter()
        .find(|c| !shared(c))
        .or_else(|| finding.cells.first())
}

/// One entry, commented; `cell` is the cell it names.
fn entry(finding: &Finding, cell: Option<&BoundCell>, file: &str) -> String {
    let mut out = format!(
        "# {} {}：{}\n",
        finding.rule,
        finding.severity.label(),
        one_line(&finding.message)
    );
    let cells: Vec<String> = finding
        .cells
        .iter()
        .map(|c| {
            let path = |p: &[String]| p.last().cloned().unwrap_or_default();
            format!(
                "{} · {} = {}",
                path(&c.row_path),
                path(&c.column_path),
                c.raw
            )
        })
        .collect();
    if !cells.is_empty() {
        out.push_str(&format!("#   单元格：{}\n", one_line(&cells.join("；"))));
    }
    out.push_str("[[accept]]\n");
    out.push_str(&format!("check = {}\n", quoted(&finding.rule)));
    out.push_str(&format!("file = {}\n", quoted(file)));
    match cell {
        Some(cell) => {
            out.push_str(&format!(
                "row = {}    # {}\n",
                quoted(&cell.row),
                one_line(&cell.row_path.join("·"))
            ));
            out.push_str(&format!(
                "column = {}    # {}\n",
                quoted(&cell.column),
                one_line(&cell.column_path.join("·"))
            ));
        }
        None => out.push_str(&format!(
            "message = {}\n",
            quoted(&one_line(&finding.message))
        )),
    }
    out.push_str("reason = \"\"    # 必填：为什么接受这一结果\n");
    out.push_str("# until = 2026-12-31    # 可选：到期日\n");
    out
}

/// Text on one line.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
