//! `extract --format csv` and `csv-long`: the region's figures for a spreadsheet or a
//! database (汇总). The wide sheet has one row per report and one column per declared cell of
//! every template, named by its official labels (known before the first report, so it streams);
//! the long sheet has one row per report × cell.

use std::io::{self, Write};

use nianbao_model::Value;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::batch::formats::csv::{BOM, write_record};
use crate::batch::{Outcome, Sink, SinkContext, Summary};
use nianbao_check::names::node_name;

/// Columns before the cells.
const REPORT_COLUMNS: [&str; 4] = ["文件", "机关", "年度", "模板"];
/// The long sheet's header.
const LONG_HEADER: [&str; 9] = [
    "文件", "机关", "年度", "模板", "表格", "行", "列", "数值", "原文",
];

/// One row per report.
#[derive(Debug, Default)]
pub struct Wide {
    columns: Vec<String>,
    /// Column name → position in `columns`.
    positions: std::collections::HashMap<String, usize>,
}

/// One row per report and cell.
#[derive(Debug, Default)]
pub struct Long;

/// A cell's column name in the wide sheet: `表格｜行｜列` in official labels, the same for a
/// cell every template shares.
fn column_name(table: &str, row: &str, column: &str) -> String {
    format!("{table}｜{row}｜{column}")
}

/// Every declared cell of every template, each name once, in rule-set order.
fn all_columns(rules: &RuleSet) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for template in &rules.templates {
        for (_, _, name) in declared(template) {
            if !columns.contains(&name) {
                columns.push(name);
            }
        }
    }
    columns
}

/// The declared cells of a template: table id, (row id, column id), column name.
fn declared(template: &Template) -> Vec<(&str, (&str, &str), String)> {
    let mut cells = Vec::new();
    for table in &template.tables {
        for part in &table.parts {
            for row in part.rows.leaves() {
                for column in part.columns.leaves() {
                    let name = column_name(
                        &table.title,
                        &node_name(&part.rows, row),
                        &node_name(&part.columns, column),
                    );
                    cells.push((
                        table.id.as_str(),
                        (row.id.as_str(), column.id.as_str()),
                        name,
                    ));
                }
            }
        }
    }
    cells
}

/// A cell's value as a spreadsheet should take it: the number, empty for blank; as written
/// when it is not a plain number (a unit in the cell, a mark, text), so nothing is converted
/// silently.
fn written(value: &Value, raw: &str) -> String {
    match value {
        Value::Blank => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Decimal(d) => d.to_string(),
        _ => raw.trim().to_owned(),
    }
}

fn who(outcome: &Outcome<'_>) -> [String; 4] {
    let path = outcome.path.display().to_string();
    match outcome.result {
        Ok(checked) => [
            path,
            checked.report.agency.clone().unwrap_or_default(),
            checked
                .report
                .year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            checked.template.clone(),
        ],
        Err(_) => [path, String::new(), String::new(), String::new()],
    }
}

impl Sink for Wide {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        self.columns = all_columns(context.rules);
        self.positions = self
            .columns
            .iter()
            .enumerate()
            .map(|(at, name)| (name.clone(), at))
            .collect();
        out.write_all(BOM.as_bytes())?;
        let header: Vec<&str> = REPORT_COLUMNS
            .iter()
            .copied()
            .chain(self.columns.iter().map(String::as_str))
            .collect();
        write_record(out, &header, header.len())
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            // An unreadable file is named on stderr; its row would hold no figure.
            return Ok(());
        };
        let mut values = vec![String::new(); self.columns.len()];
        if let Some(template) = context.rules.template(&checked.template) {
            for (table, (row, column), name) in declared(template) {
                let cell = checked
                    .report
                    .table(table)
                    .and_then(|bound| bound.cell(row, column));
                if let (Some(cell), Some(&at)) = (cell, self.positions.get(&name))
                    && let Some(slot) = values.get_mut(at)
                {
                    *slot = written(&cell.value, &cell.raw);
                }
            }
        }
        let who = who(outcome);
        let fields: Vec<&str> = who
            .iter()
            .map(String::as_str)
            .chain(values.iter().map(String::as_str))
            .collect();
        write_record(out, &fields, fields.len())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary, _: &SinkContext<'_>) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for Long {
    fn begin(&mut self, out: &mut dyn Write, _: &SinkContext<'_>) -> io::Result<()> {
        out.write_all(BOM.as_bytes())?;
        write_record(out, &LONG_HEADER, LONG_HEADER.len())
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            return Ok(());
        };
        let Some(template) = context.rules.template(&checked.template) else {
            return Ok(());
        };
        let who = who(outcome);
        for (table, (row, column), _) in declared(template) {
            let Some(cell) = checked
                .report
                .table(table)
                .and_then(|bound| bound.cell(row, column))
            else {
                continue;
            };
            let (title, row_name, column_name) = names(template, table, row, column);
            let value = written(&cell.value, &cell.raw);
            let fields: Vec<&str> = who
                .iter()
                .map(String::as_str)
                .chain([
                    title.as_str(),
                    row_name.as_str(),
                    column_name.as_str(),
                    value.as_str(),
                    cell.raw.as_str(),
                ])
                .collect();
            write_record(out, &fields, LONG_HEADER.len())?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary, _: &SinkContext<'_>) -> io::Result<()> {
        Ok(())
    }
}

/// The official names of a table, row and column.
fn names(template: &Template, table: &str, row: &str, column: &str) -> (String, String, String) {
    let Some(declared) = template.table(table) else {
        return (table.to_owned(), row.to_owned(), column.to_owned());
    };
    let part = declared.part_of_row(row).map(|(_, part)| part);
    let row_name = part
        .and_then(|p| p.rows.find(row).map(|n| node_name(&p.rows, n)))
        .unwrap_or_else(|| row.to_owned());
    let column_name = part
        .and_then(|p| p.columns.find(column).map(|n| node_name(&p.columns, n)))
        .unwrap_or_else(|| column.to_owned());
    (declared.title.clone(), row_name, column_name)
}
