//! `extract --format csv` and `csv-long`: the region's figures for a spreadsheet or a
//! database (汇总). The wide sheet has one row per report and one column per declared cell of
//! every template, named by its official labels (known before the first report, so it streams);
//! the long sheet has one row per report × cell.

use std::collections::HashMap;
use std::io::{self, Write};

use nianbao_model::Value;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::batch::formats::csv::{BOM, write_record};
use crate::batch::{Outcome, Sink, SinkContext};
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
    /// Per template: its declared cells, each with its column in `columns`.
    cells: HashMap<String, Vec<(Declared, usize)>>,
}

/// One row per report and cell.
#[derive(Debug, Default)]
pub struct Long {
    /// Per template: its declared cells.
    cells: HashMap<String, Vec<Declared>>,
}

/// A declared cell of a template, named once for the whole run (not for every report).
#[derive(Debug, Clone)]
struct Declared {
    table: String,
    row: String,
    column: String,
    title: String,
    row_name: String,
    column_name: String,
}

impl Declared {
    /// Its column name in the wide sheet: `表格｜行｜列` in official labels, the same for a
    /// cell every template shares.
    fn sheet_column(&self) -> String {
        format!("{}｜{}｜{}", self.title, self.row_name, self.column_name)
    }

    /// The bound cell of a report.
    fn in_report<'r>(
        &self,
        checked: &'r nianbao_check::Checked,
    ) -> Option<&'r nianbao_model::BoundCell> {
        checked
            .report
            .table(&self.table)
            .and_then(|bound| bound.cell(&self.row, &self.column))
    }
}

/// The declared cells of each template of the rule set.
fn declared(rules: &RuleSet) -> HashMap<String, Vec<Declared>> {
    rules
        .templates
        .iter()
        .map(|template| (template.id.clone(), cells_of(template)))
        .collect()
}

/// The declared cells of a template, table by table, part by part, row by row.
fn cells_of(template: &Template) -> Vec<Declared> {
    let mut cells = Vec::new();
    for table in &template.tables {
        for part in &table.parts {
            for row in part.rows.leaves() {
                for column in part.columns.leaves() {
                    cells.push(Declared {
                        table: table.id.clone(),
                        row: row.id.to_string(),
                        column: column.id.to_string(),
                        title: table.title.clone(),
                        row_name: node_name(&part.rows, row),
                        column_name: node_name(&part.columns, column),
                    });
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
        // Every declared cell of every template, each name once, in rule-set order.
        let mut positions: HashMap<String, usize> = HashMap::new();
        for template in &context.rules.templates {
            let mut cells = Vec::new();
            for cell in cells_of(template) {
                let name = cell.sheet_column();
                let at = *positions.entry(name.clone()).or_insert_with(|| {
                    self.columns.push(name);
                    self.columns.len() - 1
                });
                cells.push((cell, at));
            }
            self.cells.insert(template.id.clone(), cells);
        }
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
        _: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            // An unreadable file is named on stderr; its row would hold no figure.
            return Ok(());
        };
        let mut values = vec![String::new(); self.columns.len()];
        for (declared, at) in self.cells.get(&checked.template).into_iter().flatten() {
            if let (Some(cell), Some(slot)) = (declared.in_report(checked), values.get_mut(*at)) {
                *slot = written(&cell.value, &cell.raw);
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
}

impl Sink for Long {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        self.cells = declared(context.rules);
        out.write_all(BOM.as_bytes())?;
        write_record(out, &LONG_HEADER, LONG_HEADER.len())
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        _: &SinkContext<'_>,
    ) -> io::Result<()> {
        let Ok(checked) = outcome.result else {
            return Ok(());
        };
        let who = who(outcome);
        for declared in self.cells.get(&checked.template).into_iter().flatten() {
            let Some(cell) = declared.in_report(checked) else {
                continue;
            };
            let value = written(&cell.value, &cell.raw);
            let fields: Vec<&str> = who
                .iter()
                .map(String::as_str)
                .chain([
                    declared.title.as_str(),
                    declared.row_name.as_str(),
                    declared.column_name.as_str(),
                    value.as_str(),
                    cell.raw.as_str(),
                ])
                .collect();
            write_record(out, &fields, LONG_HEADER.len())?;
        }
        Ok(())
    }
}
