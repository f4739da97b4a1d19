//! `--format csv`: one row per finding, for a spreadsheet. UTF-8 with a byte-order mark, so
//! that Excel opens the Chinese text correctly; the header row is in Chinese; fields are
//! quoted as RFC 4180 says (a field holding a comma, a quote or a line break is put in quotes,
//! its quotes doubled; rows end with CRLF).
//!
//! Columns: 文件, 机关, 年度, 模板, 代码, 严重程度, 说明, 表格, 行, 列, 位置, 建议. 表格, 行 and
//! 列 name the cell (official labels, groups joined with `·`) when the finding is about exactly
//! one cell; 位置 is the line and column for text files, the page, table and row in words for
//! .docx, .doc, PDF and HTML (see `concise`). Besides the findings:
//! - a clean report gives one row with an empty 代码 and 说明 “未发现问题”, so that every
//!   report of a batch is in the sheet;
//! - a file that could not be checked gives one row with its code and message;
//! - a skipped duplicate gives one row saying which file it repeats;
//! - when `--max-findings` cut a report's rows, one row says how many were left out.
//!
//! With `--summary-only` the sheet is the per-report table instead: 文件, 机关, 年度, 模板,
//! 错误, 警告, 提示, 首个问题, 未检查原因, one row per input, written at the end.
//!
//! A field that starts with `=`, `+`, `@` or `-` (not followed by a digit) is written with a
//! leading `'`, so that a spreadsheet does not take text from a downloaded report for a
//! formula.

use std::io::{self, Write};

use nianbao_check::Checked;
use nianbao_model::{Finding, Severity};

use super::super::{Outcome, Sink, SinkContext, Summary};
use super::concise::{Locator, ordered};

/// The byte-order mark that tells Excel the file is UTF-8.
pub(crate) const BOM: &str = "\u{feff}";

/// The header of the findings sheet.
const HEADER: [&str; 12] = [
    "文件",
    "机关",
    "年度",
    "模板",
    "代码",
    "严重程度",
    "说明",
    "表格",
    "行",
    "列",
    "位置",
    "建议",
];

/// The header of the per-report sheet (`--summary-only`).
const SUMMARY_HEADER: [&str; 9] = [
    "文件",
    "机关",
    "年度",
    "模板",
    "错误",
    "警告",
    "提示",
    "首个问题",
    "未检查原因",
];

/// `--format csv`.
#[derive(Debug, Default)]
pub struct Csv;

impl Sink for Csv {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        out.write_all(BOM.as_bytes())?;
        if context.summary_only {
            write_record(out, &SUMMARY_HEADER, SUMMARY_HEADER.len())
        } else {
            write_row(out, &HEADER)
        }
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let path = outcome.path.display().to_string();
        if let Some(duplicate) = outcome.duplicate_of {
            let how = duplicate.how();
            let message = format!("与 {} {how}，未重复检查", duplicate.of.display());
            return write_row(
                out,
                &[&path, "", "", "", "", Severity::Info.label(), &message],
            );
        }
        let checked = match outcome.result {
            Ok(checked) => checked,
            Err(error) => {
                return write_row(
                    out,
                    &[
                        &path,
                        "",
                        "",
                        "",
                        error.code().as_str(),
                        Severity::Error.label(),
                        &error.message(),
                    ],
                );
            }
        };
        let agency = checked.report.agency.clone().unwrap_or_default();
        let year = checked
            .report
            .year
            .map(|y| y.to_string())
            .unwrap_or_default();
        let who = [path.as_str(), &agency, &year, &checked.template];
        let findings = ordered(checked);
        if findings.is_empty() {
            return write_row(out, &[&who[..], &["", "", "未发现问题"]].concat());
        }
        let locator = Locator::new(checked);
        let limit = context.max_findings.unwrap_or(usize::MAX);
        for finding in findings.iter().take(limit) {
            let (table, row, column) = cell_names(checked, finding);
            let place = locator
                .locate(finding)
                .map(|l| l.words())
                .unwrap_or_default();
            let fields = [
                finding.rule.as_str(),
                finding.severity.label(),
                &finding.message,
                &table,
                &row,
                &column,
                &place,
                &advice(finding),
            ];
            write_row(out, &[&who[..], &fields[..]].concat())?;
        }
        if findings.len() > limit {
            let message = format!(
                "另有 {} 个结果未列出（--max-findings {limit}）",
                findings.len() - limit
            );
            write_row(out, &[&who[..], &["", "", &message]].concat())?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if !context.summary_only {
            return Ok(());
        }
        for row in &summary.rows {
            let path = row.path.display().to_string();
            let year = row.year.map(|y| y.to_string()).unwrap_or_default();
            let (errors, warnings, infos) = match row.not_checked {
                Some(_) => (String::new(), String::new(), String::new()),
                None => (
                    row.errors.to_string(),
                    row.warnings.to_string(),
                    row.infos.to_string(),
                ),
            };
            write_record(
                out,
                &[
                    &path,
                    row.agency.as_deref().unwrap_or_default(),
                    &year,
                    &row.template,
                    &errors,
                    &warnings,
                    &infos,
                    row.first.as_deref().unwrap_or_default(),
                    row.not_checked.as_deref().unwrap_or_default(),
                ],
                SUMMARY_HEADER.len(),
            )?;
        }
        Ok(())
    }
}

/// 表格, 行, 列 of a finding about exactly one cell; empty otherwise.
fn cell_names(checked: &Checked, finding: &Finding) -> (String, String, String) {
    let [cell] = finding.cells.as_slice() else {
        return Default::default();
    };
    let table = checked
        .report
        .tables
        .iter()
        .find(|t| t.cell(&cell.row, &cell.column).is_some())
        .map(|t| t.title.clone())
        .unwrap_or_default();
    (table, cell.row_path.join("·"), cell.column_path.join("·"))
}

/// One record of the findings sheet (padded to its width).
fn write_row(out: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    write_record(out, fields, HEADER.len())
}

/// One record, fields separated by commas, ended by CRLF; fewer fields than `width` are
/// padded with empty ones.
pub(crate) fn write_record(out: &mut dyn Write, fields: &[&str], width: usize) -> io::Result<()> {
    let mut line = String::new();
    for at in 0..width.max(fields.len()) {
        if at > 0 {
            line.push(',');
        }
        if let Some(field) = fields.get(at) {
            push_field(&mut line, field);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// One field, quoted when RFC 4180 requires it, defused when a spreadsheet would take it for
/// a formula.
fn push_field(line: &mut String, field: &str) {
    let mut chars = field.chars();
    let formula = match chars.next() {
        Some('=' | '+' | '@') => true,
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    let quoted = field.contains([',', '"', '\r', '\n']);
    if quoted {
        line.push('"');
    }
    if formula {
        line.push('\'');
    }
    line.push_str(&field.replace('"', "\"\""));
    if quoted {
        line.push('"');
    }
}

/// The 建议 column: the help, then each place in last year's report the finding compares with.
fn advice(finding: &nianbao_model::Finding) -> String {
    let related = finding.related.iter().map(nianbao_html::related_line);
    finding
        .help
        .iter()
        .cloned()
        .chain(related)
        .collect::<Vec<_>>()
        .join("；")
}

#[cfg(test)]
#[expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::super::concise::testkit;
    use super::*;

    fn field(text: &str) -> String {
        let mut line = String::new();
        push_field(&mut line, text);
        line
    }

    /// Commas, quotes and line breaks are quoted; formulas are defused; numbers are not.
    #[test]
    fn quotes_as_rfc_4180() {
        assert_eq!(field("自然人"), "自然人");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("说“对”\"x\""), "\"说“对”\"\"x\"\"\"");
        assert_eq!(field("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("-5"), "-5");
        assert_eq!(field("-x"), "'-x");
    }

    /// The sheet starts with the BOM and the Chinese header; a row per finding (culprits
    /// included) and one for the missing file, each with twelve fields.
    #[test]
    fn rows() {
        let text = testkit::run(&mut Csv, None, false);
        assert!(text.starts_with(
            "\u{feff}文件,机关,年度,模板,代码,严重程度,说明,表格,行,列,位置,建议\r\n"
        ));
        let (_, results) = testkit::results();
        let checked = results[0].1.as_ref().unwrap();
        let rows: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            rows.len(),
            1 + checked.findings.len() + checked.culprits.len() + 1,
            "{text}"
        );
        assert!(
            rows[1].starts_with("examples/errors/balance.txt,"),
            "{}",
            rows[1]
        );
        let last = rows.last().unwrap();
        assert!(last.starts_with("no-such.txt,,,,read::io,错误,"), "{last}");
        // A finding about one cell names its table, row and column.
        let single = checked.findings.iter().find(|f| f.cells.len() == 1);
        if let Some(finding) = single {
            let (table, row, column) = cell_names(checked, finding);
            assert!(!table.is_empty() && !row.is_empty() && !column.is_empty());
        }
    }

    /// `--summary-only` writes the per-report table.
    #[test]
    fn summary_only() {
        let text = testkit::run(&mut Csv, None, true);
        let rows: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert!(rows[0].ends_with("首个问题,未检查原因"));
        assert!(rows[2].ends_with(",read::io"), "{}", rows[2]);
    }
}
