//! Small helpers for the unit tests of the binder and the evaluator: rule snippets, flattened
//! text snippets, and reports built cell by cell in code.

#![expect(
    clippy::panic,
    reason = "test helpers fail the test with the rule or read error"
)]

use std::sync::Arc;

use nianbao_model::{
    BoundCell, BoundTable, CellLocation, Document, Finding, Report, SectionMatch, Span, Value,
};
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::bind::{Bound, bind};
use crate::eval::places::Places;
use crate::eval::{Evaluation, evaluate, evaluate_placed};

/// Compiles a rule-file snippet, failing the test with the rendered errors if it does not compile.
pub(crate) fn rules(src: &str) -> RuleSet {
    match nianbao_rules::compile("test.rules", src) {
        Ok(rules) => rules,
        Err(error) => panic!("rule snippet does not compile:\n{error}\n---\n{src}"),
    }
}

/// Wraps table, section and check declarations in a template `t` whose report phrase is
/// 政府信息公开工作年度报告.
pub(crate) fn template(body: &str) -> String {
    format!("template t \"测试模板\" {{\n  report \"政府信息公开工作年度报告\"\n{body}\n}}\n")
}

/// The first template of a compiled rule set.
pub(crate) fn first(rules: &RuleSet) -> &Template {
    match rules.templates.first() {
        Some(template) => template,
        None => panic!("the rule snippet declares no template"),
    }
}

/// Reads flattened text (one line per paragraph, tab-indented cells, blank line between rows).
pub(crate) fn document(text: &str) -> Document {
    match nianbao_read::read_text(text.as_bytes()) {
        Ok(document) => document,
        Err(error) => panic!("text snippet cannot be read: {error:?}"),
    }
}

/// Flattened text of one table: each cell on its own tab-indented line, a blank line after each row.
pub(crate) fn table_text(rows: &[&[&str]]) -> String {
    let mut text = String::new();
    for row in rows {
        for cell in *row {
            text.push('\t');
            text.push_str(cell);
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

/// Binds a text snippet against the first template of a rule snippet.
pub(crate) fn bind_snippet(rules_src: &str, text: &str) -> Bound {
    let rules = rules(rules_src);
    bind(&document(text), first(&rules))
}

/// The bound cells of a table as `row/column=raw`, in binding order.
pub(crate) fn cells(bound: &Bound, table: &str) -> Vec<String> {
    bound
        .report
        .table(table)
        .map(|t| {
            t.cells
                .iter()
                .map(|c| format!("{}/{}={}", c.row, c.column, c.raw))
                .collect()
        })
        .unwrap_or_default()
}

/// The cell texts of every table of a document: tables, rows, cells.
pub(crate) fn grids(document: &Document) -> Vec<Vec<Vec<String>>> {
    document
        .tables()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect()
        })
        .collect()
}

/// The rule ids (check ids or diagnostic codes) of findings, in order.
pub(crate) fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

/// The messages of findings, in order.
pub(crate) fn messages(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.message.as_str()).collect()
}

/// A report of `template` holding exactly the given `(table, row, column, raw)` cells, every
/// section present and no year; cell `i` gets the span `10 i .. 10 i + 1` on line `i + 1`.
pub(crate) fn report(template: &Template, given: &[(&str, &str, &str, &str)]) -> Report {
    let tables = template
        .tables
        .iter()
        .map(|table| {
            let cells = given
                .iter()
                .enumerate()
                .filter(|(_, (t, ..))| *t == table.id)
                .map(|(at, &(_, row, column, raw))| {
                    let part = table.part_of_row(row).map(|(_, p)| p);
                    let row_path = part
                        .and_then(|p| p.rows.find(row).map(|n| p.rows.path(n)))
                        .unwrap_or_else(|| Arc::from([row.to_owned()]));
                    let column_path = part
                        .and_then(|p| p.columns.find(column).map(|n| p.columns.path(n)))
                        .unwrap_or_else(|| Arc::from([column.to_owned()]));
                    BoundCell {
                        row: row.into(),
                        column: column.into(),
                        row_path,
                        column_path,
                        value: Value::parse(raw),
                        raw: raw.to_owned(),
                        span: Span {
                            start: at * 10,
                            end: at * 10 + 1,
                            line: at + 1,
                            column: 1,
                        },
                        location: CellLocation::default(),
                    }
                })
                .collect();
            BoundTable {
                id: table.id.clone(),
                title: table.title.clone(),
                source_table: Some(0),
                cells,
                missing: Vec::new(),
                unplaced: Vec::new(),
            }
        })
        .collect();
    Report {
        template: template.id.clone(),
        year: None,
        agency: None,
        sections: template
            .sections
            .iter()
            .map(|s| SectionMatch {
                id: s.id.clone(),
                label: s.label.text.clone(),
                span: Some(Span::default()),
                ..SectionMatch::default()
            })
            .collect(),
        tables,
        statements: Vec::new(),
        published: None,
        sentences: Vec::new(),
        opening: Vec::new(),
        figures: Vec::new(),
        outside: Vec::new(),
    }
}

/// Evaluates the first template of a rule snippet over a report holding exactly `given`.
pub(crate) fn eval_one(rules_src: &str, given: &[(&str, &str, &str, &str)]) -> Evaluation {
    let rules = rules(rules_src);
    let template = first(&rules);
    evaluate_both(&report(template, given), template)
}

/// Evaluates the template's checks over the report, asserting that reading the cells at the
/// places worked out for the template finds what looking their ids up finds.
pub(crate) fn evaluate_both(report: &Report, template: &Template) -> Evaluation {
    let by_ids = evaluate(report, template);
    let places = Places::new(template);
    assert_eq!(by_ids, evaluate_placed(report, template, places.as_ref()));
    by_ids
}
