//! One input's `<section>`: its heading and counts, the findings in Chinese (culprits first —
//! which cell is wrong and what it should be —, each with the failed checks it explains, then
//! the rest), and the grid of every table a shown finding involves.

use std::fmt::Write as _;

use nianbao_check::model::{Applicability, BoundCell, Culprit, Finding, Report, Value};
use nianbao_check::names::cell_name;
use nianbao_check::rules::RuleSet;
use nianbao_check::rules::ruleset::Template;
use nianbao_check::{CheckError, Checked};

use crate::grid::{self, Marks};
use crate::quote::quote;
use crate::{Esc, related_line, severity_badge};

/// What a report's section shows: one report (or one comparison of a report with others) and
/// how it is to be presented.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    /// The section's anchor (`r3`, `r3-y`): the `id` of the `<section>` and the prefix of the
    /// anchors of its findings (`r3-f1`) and its tables' grids (`r3-T3`). Unique in the page.
    pub id: &'a str,
    /// The report's 0-based position in its batch, shown 1-based in the heading.
    pub index: usize,
    /// The file's name as shown in the heading.
    pub path: &'a str,
    /// The report checked, or why it could not be.
    pub result: &'a Result<Checked, CheckError>,
    /// The rules it was checked with: the template's tables and the names of their cells.
    pub rules: &'a RuleSet,
    /// How many findings an explanations file accepted (not in `result`); said when not 0.
    pub accepted: usize,
    /// A line of plain text (escaped here) under the heading of a checked report, such as what a
    /// comparison compared it with; `None` for a report checked on its own.
    pub note: Option<&'a str>,
    /// At most this many findings are listed (a culprit counts as one); the section says how
    /// many are left out.
    pub max_findings: Option<usize>,
}

/// The whole `<section>…</section>` of a report: heading, template, counts, the findings and
/// the grids of the tables they involve; for a report that could not be checked, the error.
pub fn section(section: &Section<'_>) -> String {
    let mut out = String::new();
    match section.result {
        Ok(checked) => report(&mut out, section, checked),
        Err(error) => unreadable(&mut out, section, error),
    }
    out.push_str("</section>\n");
    out
}

/// The `<section>…</section>` of an input that was not checked because it repeats an earlier
/// one: the section's anchor, position and file name as in [`Section`], the earlier input's
/// file name (`of`) and how the two are the same (`how`, e.g. 内容完全相同).
pub fn duplicate_section(id: &str, index: usize, path: &str, of: &str, how: &str) -> String {
    let mut out = String::new();
    open(&mut out, id, index, path, "duplicate");
    let _ = writeln!(
        out,
        "<p class=\"note\">与 <span class=\"path\">{}</span> {}，未重复检查。</p>",
        Esc(of),
        Esc(how)
    );
    out.push_str("</section>\n");
    out
}

/// The section's opening and its heading.
fn open(out: &mut String, id: &str, index: usize, path: &str, status: &str) {
    let _ = writeln!(
        out,
        "<section class=\"report status-{status}\" id=\"{}\">\n\
         <h3><span class=\"index\">{}</span> <span class=\"path\">{}</span></h3>",
        Esc(id),
        index + 1,
        Esc(path)
    );
}

/// A file that could not be read or checked: the error's code and message.
fn unreadable(out: &mut String, section: &Section<'_>, error: &CheckError) {
    open(out, section.id, section.index, section.path, "unreadable");
    let code = error.code();
    let _ = writeln!(
        out,
        "<p class=\"error\"><span class=\"badge sev-error\">无法读取</span> \
         <code class=\"rule\">{}</code> {}</p>\n<p class=\"help\">{}</p>",
        Esc(code.as_str()),
        Esc(&error.message()),
        Esc(code.summary())
    );
}

/// A checked report.
fn report(out: &mut String, section: &Section<'_>, checked: &Checked) {
    let id = section.id;
    let counts = checked.counts;
    open(out, id, section.index, section.path, crate::status(&counts));
    if let Some(note) = section.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", Esc(note));
    }
    let template = section.rules.template(&checked.template);
    meta(out, checked, template);
    let _ = writeln!(
        out,
        "<p class=\"counts\"><span class=\"badge sev-error\">错误 {}</span> \
         <span class=\"badge sev-warning\">警告 {}</span> <span class=\"badge sev-info\">提示 {}</span> \
         运行检查 {} 项</p>",
        counts.errors, counts.warnings, counts.infos, checked.summary.checks_run
    );
    if section.accepted > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">另有 {} 项已由说明文件接受，未列出。</p>",
            section.accepted
        );
    }
    if checked.findings.is_empty() && checked.culprits.is_empty() {
        out.push_str("<p class=\"clean\">未发现问题。</p>\n");
        return;
    }
    let mut list = List {
        id,
        report: &checked.report,
        template,
        marks: Marks::default(),
        shown: 0,
        limit: section.max_findings.unwrap_or(usize::MAX),
        cellless: Vec::new(),
        text: &checked.document.text,
    };
    out.push_str("<ol class=\"findings\">\n");
    let mut explained = vec![false; checked.findings.len()];
    for culprit in &checked.culprits {
        if list.full() {
            break;
        }
        list.culprit(out, culprit, &checked.findings, &mut explained);
    }
    for (finding, _) in checked
        .findings
        .iter()
        .zip(&explained)
        .filter(|(_, done)| !**done)
    {
        if list.full() {
            break;
        }
        list.finding(out, finding);
    }
    out.push_str("</ol>\n");
    let total = checked.culprits.len() + checked.findings.len();
    if list.shown < total {
        let _ = writeln!(
            out,
            "<p class=\"note\">另有 {} 项未列出（--max-findings {}）。</p>",
            total - list.shown,
            list.limit
        );
    }
    if let Some(template) = template {
        grids(out, id, template, &checked.report, &list);
    }
}

/// Agency, year, template.
fn meta(out: &mut String, checked: &Checked, template: Option<&Template>) {
    let report = &checked.report;
    let agency = report.agency.as_deref().unwrap_or("机关未识别");
    let year = report
        .year
        .map_or_else(|| "年度未识别".to_owned(), |y| format!("{y} 年度"));
    let issued = template
        .and_then(|t| t.issued.as_deref())
        .map(|issued| format!("（{issued}）"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · {} · 模板 <code>{}</code>{}</p>",
        Esc(agency),
        Esc(&year),
        Esc(&checked.template),
        Esc(&issued)
    );
}

/// The tables a shown finding involves, in the template's order, as grids.
fn grids(out: &mut String, id: &str, template: &Template, report: &Report, list: &List<'_>) {
    let involved: Vec<_> = template
        .tables
        .iter()
        .filter_map(|declared| report.table(&declared.id).map(|bound| (declared, bound)))
        .filter(|(declared, bound)| {
            list.marks.touches(&declared.id)
                || list
                    .cellless
                    .iter()
                    .any(|message| message.contains(&format!("“{}”", bound.title)))
        })
        .collect();
    if involved.is_empty() {
        return;
    }
    out.push_str(
        "<h4 class=\"grids-title\">涉及的表格</h4>\n<p class=\"legend\">\
         <span class=\"hit sev-error\">错误</span> <span class=\"hit sev-warning\">警告</span> \
         <span class=\"hit sev-info\">提示</span> 涉及的单元格；\
         <span class=\"culprit\"><span class=\"was\">5</span> → <span class=\"fix\">3</span></span> \
         现填 5，应为 3（带“？”的是几种可能之一）；<span class=\"missing\">缺</span> 报告中没有这一格；\
         空白即未填写。</p>\n",
    );
    for (declared, bound) in involved {
        grid::render(
            out,
            &table_anchor(id, &declared.id),
            declared,
            bound,
            &list.marks,
        );
    }
}

/// The anchor of a table's grid in a report's section.
fn table_anchor(report: &str, table: &str) -> String {
    format!("{report}-{table}")
}

/// The findings list being written: what is shown, and the cells it marks.
struct List<'a> {
    /// The section's anchor.
    id: &'a str,
    report: &'a Report,
    template: Option<&'a Template>,
    marks: Marks,
    /// Findings written so far (a culprit counts as one).
    shown: usize,
    /// At most this many.
    limit: usize,
    /// Messages of shown findings that name no cell (binding problems): they name their table.
    cellless: Vec<&'a str>,
    /// The report's text, which the notes' places index into.
    text: &'a str,
}

impl<'a> List<'a> {
    fn full(&self) -> bool {
        self.shown >= self.limit
    }

    /// A culprit: the cells and their values, then the failed checks it explains.
    fn culprit(
        &mut self,
        out: &mut String,
        culprit: &'a Culprit,
        findings: &'a [Finding],
        explained: &mut [bool],
    ) {
        self.shown += 1;
        let number = self.shown;
        let finding = &culprit.finding;
        let (word, uncertain) = match culprit.applicability {
            Applicability::Certain => ("确定", false),
            Applicability::Likely => ("可能", false),
            Applicability::Ambiguous => ("多种可能", true),
        };
        let _ = writeln!(
            out,
            "<li class=\"item culprit-item sev-{}\" id=\"{}-f{number}\">\n<p class=\"head\">{} \
             <span class=\"applicability\">{word}</span> <code class=\"rule\">{}</code> \
             <span class=\"message\">{}</span></p>",
            finding.severity.as_str(),
            Esc(self.id),
            severity_badge(finding.severity),
            Esc(&finding.rule),
            Esc(&finding.message)
        );
        out.push_str("<ul class=\"corrections\">\n");
        for (at, correction) in culprit.corrections.iter().enumerate() {
            let lead = match culprit.applicability {
                Applicability::Ambiguous => format!("改法 {}", at + 1),
                _ if at == 0 => "应改为".to_owned(),
                _ => "也可能是".to_owned(),
            };
            let _ = write!(out, "<li><span class=\"lead\">{lead}</span> ");
            for (n, cell) in correction.cells.iter().enumerate() {
                if n > 0 {
                    out.push_str("，并且 ");
                }
                let suggested = cell.suggested.normalize().to_string();
                let _ = write!(
                    out,
                    "<a href=\"#{}\">{}</a> {}：<span class=\"was\">{}</span> → <span class=\"fix\">{}</span>",
                    Esc(&table_anchor(self.id, &cell.table)),
                    Esc(&cell.table),
                    Esc(&cell.name),
                    Esc(&shown_value(&cell.cell)),
                    Esc(&suggested)
                );
                if let Some(hint) = &cell.hint {
                    let _ = write!(out, "（{}）", Esc(hint));
                }
                // The explanation is marked for certain and likely culprits; every candidate
                // of an ambiguous one.
                if at == 0 || uncertain {
                    let mark = self
                        .marks
                        .at(&cell.table, &cell.cell.row, &cell.cell.column);
                    if !mark.suggested.contains(&suggested) {
                        mark.suggested.push(suggested);
                    }
                    mark.uncertain |= uncertain;
                    mark.severity = mark.severity.max(Some(finding.severity));
                    if !mark.findings.contains(&number) {
                        mark.findings.push(number);
                    }
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
        help(out, finding);
        let because: Vec<&Finding> = culprit
            .explains
            .iter()
            .filter_map(|&at| {
                let flag = explained.get_mut(at)?;
                *flag = true;
                findings.get(at)
            })
            .collect();
        if !because.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"because\">以下 {} 项检查不成立，都由这一处引起：</p>\n<ol class=\"explained\">",
                because.len()
            );
            for finding in because {
                if self.full() {
                    break;
                }
                self.finding(out, finding);
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }

    /// A finding: severity, code, message, help, notes, the cells it involves.
    fn finding(&mut self, out: &mut String, finding: &'a Finding) {
        self.shown += 1;
        let number = self.shown;
        let _ = writeln!(
            out,
            "<li class=\"item sev-{}\" id=\"{}-f{number}\">\n<p class=\"head\">{} \
             <code class=\"rule\">{}</code> <span class=\"message\">{}</span></p>",
            finding.severity.as_str(),
            Esc(self.id),
            severity_badge(finding.severity),
            Esc(&finding.rule),
            Esc(&finding.message)
        );
        help(out, finding);
        // Notes on the operand cells repeat what the cells line below says. A note on the
        // prose (what a narrative check read) is quoted where it stands, the words marked.
        let notes: Vec<String> = finding
            .notes
            .iter()
            .filter(|note| !finding.cells.iter().any(|cell| cell.span == note.span))
            .map(|note| match quote(self.text, note.span) {
                Some(quoted) => format!("<li class=\"quote\">{quoted}</li>"),
                None => format!("<li>{}</li>", Esc(&note.label)),
            })
            .chain(
                finding
                    .related
                    .iter()
                    .map(|related| format!("<li>{}</li>", Esc(&related_line(related)))),
            )
            .collect();
        if !notes.is_empty() {
            out.push_str("<ul class=\"notes\">\n");
            for note in notes {
                let _ = writeln!(out, "{note}");
            }
            out.push_str("</ul>\n");
        }
        if finding.cells.is_empty() {
            self.cellless.push(&finding.message);
        } else {
            out.push_str("<p class=\"cells\">涉及：");
            for (at, cell) in finding.cells.iter().enumerate() {
                if at > 0 {
                    out.push('；');
                }
                let table = table_of(self.report, cell);
                let name = match (self.template, table) {
                    (Some(template), Some(table)) => cell_name(template, table, cell),
                    _ => format!(
                        "{} · {}",
                        cell.row_path.join(" "),
                        cell.column_path.join(" ")
                    ),
                };
                if let Some(table) = table {
                    let _ = write!(
                        out,
                        "<a href=\"#{}\">{}</a> ",
                        Esc(&table_anchor(self.id, table)),
                        Esc(table)
                    );
                    let mark = self.marks.at(table, &cell.row, &cell.column);
                    mark.severity = mark.severity.max(Some(finding.severity));
                    if !mark.findings.contains(&number) {
                        mark.findings.push(number);
                    }
                }
                let _ = write!(
                    out,
                    "{} = <span class=\"value\">{}</span>",
                    Esc(&name),
                    Esc(&shown_value(cell))
                );
            }
            out.push_str("</p>\n");
        }
        out.push_str("</li>\n");
    }
}

/// The finding's help, if it has one.
fn help(out: &mut String, finding: &Finding) {
    if let Some(help) = &finding.help {
        let _ = writeln!(out, "<p class=\"help\">建议：{}</p>", Esc(help));
    }
}

/// A cell's value as written, or 空白.
fn shown_value(cell: &BoundCell) -> String {
    if cell.value == Value::Blank {
        "空白".to_owned()
    } else {
        cell.raw.clone()
    }
}

/// The id of the bound table a finding's cell belongs to: the one holding that very cell (row,
/// column and place), else the only one with that row and column.
fn table_of<'r>(report: &'r Report, cell: &BoundCell) -> Option<&'r str> {
    let exact = report.tables.iter().find(|table| {
        table
            .cells
            .iter()
            .any(|c| c.row == cell.row && c.column == cell.column && c.span == cell.span)
    });
    if let Some(table) = exact {
        return Some(&table.id);
    }
    let mut candidates = report
        .tables
        .iter()
        .filter(|table| table.cell(&cell.row, &cell.column).is_some());
    match (candidates.next(), candidates.next()) {
        (Some(table), None) => Some(&table.id),
        _ => None,
    }
}
