//! Reading columns by position, and only when the template's checks confirm it.
//!
//! A table whose header names no declared column (numbered placeholders such as `列1`/`Col2`
//! left by a converter, or no header at all) but whose value columns are as many as the
//! template declares is read as a person reads it: the columns in the template's order. That
//! is a guess until the arithmetic backs it: the reading is used only when the template's own
//! error checks that read this table alone hold on it, and at least one of them would not hold
//! if the same numbers were lined up with the columns otherwise (shifted by one column or
//! more) — a check that holds however the numbers are arranged (every number valid) confirms
//! nothing. With as many value columns as declared columns, the template's order is the one
//! order-keeping reading; the checks confirm it or refute it. The checks that confirmed it are
//! named in `bind::positional-columns`; they cannot also count as independent verification of
//! these rows. A reading the checks refute, or that no check is able to confirm, is not used:
//! its numbers are kept as unplaced cells and reported (`bind::unconfirmed-columns`), never
//! checked on a guess.
//!
//! A check that fails the same way however the columns are lined up (a format check such as a
//! group written on one row) neither confirms nor refutes a reading.

use std::collections::{BTreeMap, BTreeSet};

use nianbao_model::{BoundCell, BoundTable, Code, Finding, Note, Report, Severity, Span};
use nianbao_rules::ruleset::{Check, Part, Table, Template};

use crate::eval::evaluate_checks;

/// What the checks say of a positional reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The reading holds, and these checks would not hold on another arrangement.
    Confirmed(BTreeSet<String>),
    /// Every arrangement gives the same numbers (every value in each row is equal).
    Uniform,
    /// The reading breaks these checks (and not because of something no arrangement changes).
    Refuted(BTreeSet<String>),
    /// The reading holds, but no check tells it from another arrangement.
    Unconfirmed,
}

/// Judges the positional reading `tentative` of `table` (whose cells found otherwise are
/// `placed`) by the template's error checks that read only this table.
pub(crate) fn confirm(
    template: &Template,
    table: &Table,
    part: &Part,
    placed: &[BoundCell],
    tentative: &[BoundCell],
) -> Verdict {
    let checks: Vec<&Check> = template
        .checks
        .iter()
        .filter(|c| c.severity == Severity::Error && c.tables.iter().all(|t| *t == table.id))
        .collect();
    let columns: Vec<&str> = part.columns.leaves().map(|n| n.id.as_str()).collect();
    let alternatives: Vec<Vec<BoundCell>> = (1..columns.len())
        .map(|shift| shifted(tentative, &columns, shift))
        .filter(|alternative| differs(alternative, tentative))
        .collect();
    if alternatives.is_empty() {
        return Verdict::Uniform;
    }
    let failures = |cells: &[BoundCell]| -> BTreeMap<String, usize> {
        let all: Vec<BoundCell> = placed.iter().chain(cells).cloned().collect();
        let mut counts = BTreeMap::new();
        for finding in evaluate_checks(
            &report(template, table, all),
            template,
            checks.iter().copied(),
        )
        .findings
        {
            *counts.entry(finding.rule).or_insert(0) += 1;
        }
        counts
    };
    let base = failures(&[]);
    let reading = failures(tentative);
    let others: Vec<BTreeMap<String, usize>> =
        alternatives.iter().map(|cells| failures(cells)).collect();
    let count = |map: &BTreeMap<String, usize>, id: &str| map.get(id).copied().unwrap_or(0);
    let mut refuted = BTreeSet::new();
    let mut confirming = BTreeSet::new();
    for check in &checks {
        let id = check.id.as_str();
        let here = count(&reading, id);
        let independent = others.iter().all(|o| count(o, id) == here);
        if here > count(&base, id) && !independent {
            refuted.insert(id.to_owned());
        }
    }
    for other in &others {
        confirming.extend(
            checks
                .iter()
                .map(|c| c.id.as_str())
                .filter(|id| count(other, id) > count(&reading, id))
                .map(str::to_owned),
        );
    }
    if !refuted.is_empty() {
        Verdict::Refuted(refuted)
    } else if confirming.is_empty() {
        Verdict::Unconfirmed
    } else {
        Verdict::Confirmed(confirming)
    }
}

/// A report of the one table holding `cells`.
fn report(template: &Template, table: &Table, cells: Vec<BoundCell>) -> Report {
    Report {
        template: template.id.clone(),
        year: None,
        agency: None,
        sections: Vec::new(),
        outside: Vec::new(),
        statements: Vec::new(),
        published: None,
        tables: vec![BoundTable {
            id: table.id.clone(),
            title: table.title.clone(),
            source_table: None,
            cells,
            missing: Vec::new(),
            unplaced: Vec::new(),
        }],
        sentences: Vec::new(),
        opening: Vec::new(),
        figures: Vec::new(),
    }
}

/// The cells with every row's values moved `shift` columns to the right, cyclically.
fn shifted(cells: &[BoundCell], columns: &[&str], shift: usize) -> Vec<BoundCell> {
    let slot = |column: &str| columns.iter().position(|c| *c == column);
    cells
        .iter()
        .map(|cell| {
            let mut moved = cell.clone();
            let Some(at) = slot(&cell.column) else {
                return moved;
            };
            let from = columns
                .get((at + columns.len() - shift % columns.len()) % columns.len())
                .copied();
            if let Some(source) =
                from.and_then(|c| cells.iter().find(|o| o.row == cell.row && *o.column == *c))
            {
                moved.value = source.value;
                moved.raw = source.raw.clone();
            }
            moved
        })
        .collect()
}

fn differs(a: &[BoundCell], b: &[BoundCell]) -> bool {
    a.iter().zip(b).any(|(x, y)| x.value != y.value)
}

/// The finding for a reading used: which checks confirmed it.
pub(crate) fn confirmed_finding(table: &str, verdict: &Verdict, first: Option<Span>) -> Finding {
    let code = Code::BindPositionalColumns;
    let (message, label, help) = match verdict {
        Verdict::Confirmed(checks) => {
            let names: Vec<&str> = checks.iter().map(String::as_str).collect();
            let names = names.join("、");
            (
                format!(
                    "表格“{table}”的表头没有列名（或只有“列1”“Col2”这样的占位符），按模板的列顺序读出，依据 {names} 证实"
                ),
                format!("按位置读出；{names} 成立，数字错开一列则不成立"),
                format!(
                    "列数与模板相同，按模板的列顺序读取：这样读时 {names} 成立，把数字错开一列或几列读则不成立，所以这些检查对这张表不构成独立的验证。请核对原表，或提供带表头的文件"
                ),
            )
        }
        _ => (
            format!(
                "表格“{table}”的表头没有列名（或只有“列1”“Col2”这样的占位符），按模板的列顺序读出"
            ),
            "按位置读出；每行各列的数字相同，怎样对应都一样".to_owned(),
            "列数与模板相同，每一行各列的数字都相同，无论怎样对应读出的数字都一样。请核对原表，或提供带表头的文件".to_owned(),
        ),
    };
    Finding {
        rule: code.as_str().to_owned(),
        severity: code.severity(),
        message,
        cells: Vec::new(),
        notes: first.map(|span| Note { span, label }).into_iter().collect(),
        comparison: None,
        help: Some(help),
        related: Vec::new(),
    }
}

/// The finding for a reading not used.
pub(crate) fn unconfirmed_finding(table: &str, verdict: &Verdict, first: Option<Span>) -> Finding {
    let code = Code::BindUnconfirmedColumns;
    let reason = match verdict {
        Verdict::Refuted(checks) => format!(
            "按模板的列顺序读时 {} 不成立",
            checks
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("、")
        ),
        _ => "没有一项勾稽关系能证实按模板的列顺序读是对的".to_owned(),
    };
    Finding {
        rule: code.as_str().to_owned(),
        severity: code.severity(),
        message: format!(
            "表格“{table}”的表头没有列名（或只有“列1”“Col2”这样的占位符），无法确定各列是哪一列"
        ),
        cells: Vec::new(),
        notes: first
            .map(|span| Note {
                span,
                label: format!("{reason}；这张表的数字没有参与检查"),
            })
            .into_iter()
            .collect(),
        comparison: None,
        help: Some(format!(
            "{reason}，程序不猜测：这张表的数字没有参与检查。请核对原表，或提供带表头的文件（.docx、.html）"
        )),
        related: Vec::new(),
    }
}

/// The finding for a table without column names whose number of value columns is not the
/// template's: there is no reading in the template's order.
pub(crate) fn miscounted_finding(
    table: &str,
    found: usize,
    declared: usize,
    first: Option<Span>,
) -> Finding {
    let code = Code::BindUnconfirmedColumns;
    Finding {
        rule: code.as_str().to_owned(),
        severity: code.severity(),
        message: format!(
            "表格“{table}”的表头没有列名（或只有“列1”“Col2”这样的占位符），无法确定各列是哪一列"
        ),
        cells: Vec::new(),
        notes: first
            .map(|span| Note {
                span,
                label: format!(
                    "有 {found} 列数字，模板规定 {declared} 列；这张表的数字没有参与检查"
                ),
            })
            .into_iter()
            .collect(),
        comparison: None,
        help: Some(format!(
            "表头没有列名，数字有 {found} 列，与模板的 {declared} 列不同，无法按列顺序读取，程序不猜测：这张表的数字没有参与检查。请核对原表，或提供带表头的文件（.docx、.html）"
        )),
        related: Vec::new(),
    }
}
