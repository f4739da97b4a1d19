//! Wording of findings: names of rows and columns, the two sides of a failed comparison, the
//! help line and the message with its placeholders filled in. All user-facing text is Chinese.

use nianbao_model::{BoundCell, CompareOp, Comparison, Side, Value};
use nianbao_rules::ruleset::{Expr, Item, SumTerm, Template};

use crate::names::node_name;
use rust_decimal::Decimal;

use super::expr::{Evaluator, Trace};

/// How a cell's value is shown: the number, or what was written instead.
pub(crate) fn value_text(cell: &BoundCell) -> String {
    match cell.value {
        Value::Blank => "（空白）".into(),
        _ => cell.raw.clone(),
    }
}

/// The name a variable's current item has in messages.
pub(crate) fn item_name(template: &Template, item: &Item) -> String {
    let table = |id: &str| template.table(id);
    let find = |table_id: &str, id: &str, rows: bool| {
        table(table_id).and_then(|t| {
            t.parts.iter().find_map(|p| {
                let axis = if rows { &p.rows } else { &p.columns };
                axis.find(id).map(|n| node_name(axis, n))
            })
        })
    };
    match item {
        Item::Row { table, row } => find(table, row, true).unwrap_or_else(|| row.clone()),
        Item::RowGroup { table, group } => {
            find(table, group, true).unwrap_or_else(|| group.clone())
        }
        Item::Column { table, column } => {
            find(table, column, false).unwrap_or_else(|| column.clone())
        }
        Item::ColumnGroup { table, group } => {
            find(table, group, false).unwrap_or_else(|| group.clone())
        }
        Item::Cell { table, row, column } => {
            let row_node = template
                .table(table)
                .and_then(|t| t.part_of_row(row))
                .and_then(|(_, p)| p.rows.find(row));
            let column = find(table, column, false).unwrap_or_else(|| column.clone());
            match row_node {
                Some(n) if n.unlabeled => column,
                _ => format!(
                    "{} · {column}",
                    find(table, row, true).unwrap_or_else(|| row.clone())
                ),
            }
        }
        Item::Section { section } => template
            .sections
            .iter()
            .find(|s| s.id == *section)
            .map_or_else(|| section.clone(), |s| s.label.text.clone()),
        Item::Statement { text, .. } => format!("“{text}”"),
        Item::Said { fact } => template
            .fact(fact)
            .map_or_else(|| fact.clone(), |f| f.title.clone()),
    }
}

/// The first comparison that failed, with both sides written out.
pub(crate) fn failed_comparison<'a>(
    eval: &Evaluator<'a, '_>,
    expr: &'a Expr,
) -> Option<Comparison> {
    match expr {
        Expr::Compare(op, left, right) => {
            let mut trace = Trace::default();
            let l = eval.number(left, &mut trace)?;
            let r = eval.number(right, &mut trace)?;
            (!op.holds(l, r)).then(|| Comparison {
                op: *op,
                left: Side {
                    text: side_text(eval, left),
                    value: l,
                },
                right: Side {
                    text: side_text(eval, right),
                    value: r,
                },
            })
        }
        Expr::Logic(_, left, right) => {
            failed_comparison(eval, left).or_else(|| failed_comparison(eval, right))
        }
        _ => None,
    }
}

/// An expression with every operand replaced by its value: `T3[R1,c] + T3[R2,c]` → `2 + 0`.
fn side_text<'a>(eval: &Evaluator<'a, '_>, expr: &'a Expr) -> String {
    let mut trace = Trace::default();
    match expr {
        Expr::Arith(op, left, right) => {
            let symbol = match op {
                nianbao_rules::ruleset::ArithOp::Add => "+",
                nianbao_rules::ruleset::ArithOp::Sub => "-",
                nianbao_rules::ruleset::ArithOp::Mul => "×",
            };
            format!(
                "{} {symbol} {}",
                side_text(eval, left),
                side_text(eval, right)
            )
        }
        Expr::Neg(inner) => format!("-{}", side_text(eval, inner)),
        Expr::Sum(terms) if terms.iter().all(|t| matches!(t, SumTerm::Cells(_))) => eval
            .number(expr, &mut trace)
            .map_or_else(|| "?".into(), number),
        _ => eval
            .number(expr, &mut trace)
            .map_or_else(|| "?".into(), number),
    }
}

/// A decimal without trailing zeros.
pub(crate) fn number(value: Decimal) -> String {
    value.normalize().to_string()
}

fn is_single(text: &str) -> bool {
    !text.contains(' ')
}

/// The help line of a failed comparison, e.g. `2 + 0 = 2，但 1 + 2 = 3，相差 1`.
pub(crate) fn comparison_help(comparison: &Comparison) -> String {
    let side = |s: &Side| {
        if is_single(&s.text) {
            number(s.value)
        } else {
            format!("{} = {}", s.text, number(s.value))
        }
    };
    let (l, r) = (side(&comparison.left), side(&comparison.right));
    let diff = number((comparison.left.value - comparison.right.value).abs());
    match comparison.op {
        CompareOp::Eq if is_single(&comparison.right.text) => {
            format!("实际为 {l}，应为 {r}，相差 {diff}")
        }
        CompareOp::Eq if is_single(&comparison.left.text) => {
            format!("填的是 {l}，但 {r}，相差 {diff}")
        }
        CompareOp::Eq => format!("{l}，但 {r}，相差 {diff}"),
        CompareOp::Ne => format!("{l}，与 {r} 相等"),
        CompareOp::Le => format!("{l}，超过了 {r}，多出 {diff}"),
        CompareOp::Lt => format!("{l}，不小于 {r}"),
        CompareOp::Ge => format!("{l}，少于 {r}，差 {diff}"),
        CompareOp::Gt => format!("{l}，不大于 {r}"),
    }
}

/// The help line of a failed comparison between a figure of the prose and the tables: the
/// text is not presumed wrong, either side may be.
pub(crate) fn stated_help(comparison: &Comparison) -> String {
    let (l, r) = (comparison.left.value, comparison.right.value);
    let diff = number((l - r).abs());
    let (l, r) = (number(l), number(r));
    match comparison.op {
        CompareOp::Eq => format!("正文写的是 {l}，对照的数字是 {r}，相差 {diff}；请核对哪一处有误"),
        _ => comparison_help(comparison),
    }
}

/// The message with `{var}`, `{actual}`, `{expected}` and `{diff}` filled in.
pub(crate) fn message(
    template: &Template,
    text: &str,
    vars: &[(&str, &Item)],
    comparison: Option<&Comparison>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('}')) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let name = rest.get(open + 1..open + close).unwrap_or_default();
        let value = vars
            .iter()
            .find(|(var, _)| *var == name)
            .map(|(_, item)| item_name(template, item))
            .or_else(|| {
                comparison.map(|c| match name {
                    "actual" => number(c.left.value),
                    "expected" => number(c.right.value),
                    _ => number((c.left.value - c.right.value).abs()),
                })
            })
            .unwrap_or_else(|| format!("{{{name}}}"));
        out.push_str(&value);
        rest = rest.get(open + close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}
