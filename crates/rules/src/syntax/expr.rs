//! Lowering expressions: Pratt parsing of operators, with limits on nesting so that hostile
//! rule files get an error instead of exhausting the stack.

use std::str::FromStr;
use std::sync::LazyLock;

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;

use super::{Rule, internal, meaningful, span, spanned, word};
use crate::ast::*;
use crate::error::{RuleError, RuleErrorKind};

/// Most brackets and function calls inside one another.
pub(crate) const MAX_NESTING: usize = 32;
/// Most prefix operators (`not`, `-`) in a row.
const MAX_PREFIX: usize = 8;
/// Deepest syntax tree of one expression (a chain of `+` is as deep as it is long).
const MAX_DEPTH: usize = 256;

/// An expression and the depth of its tree.
type Lowered = Result<(Spanned<Expr>, usize), RuleError>;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

/// Lowers an `expr` pair.
pub(super) fn expr(pair: Pair<'_, Rule>) -> Result<Spanned<Expr>, RuleError> {
    nested(pair, 0).map(|(expr, _)| expr)
}

fn too_deep(pair: &Pair<'_, Rule>, limit: usize) -> RuleError {
    RuleError::new(RuleErrorKind::TooDeep { limit }, span(pair))
}

fn nested(pair: Pair<'_, Rule>, nesting: usize) -> Lowered {
    if nesting > MAX_NESTING {
        return Err(too_deep(&pair, MAX_NESTING));
    }
    let mut run = 0;
    for p in pair.clone().into_inner() {
        run = if matches!(p.as_rule(), Rule::op_not | Rule::op_neg) {
            run + 1
        } else {
            0
        };
        if run > MAX_PREFIX {
            return Err(too_deep(&p, MAX_PREFIX));
        }
    }
    let whole = pair.clone();
    let (lowered, depth) = PRATT
        .map_primary(|p| primary(p, nesting))
        .map_prefix(|op, operand| {
            let (operand, depth) = operand?;
            let op_span = span(&op);
            let unary = if op.as_rule() == Rule::op_not {
                UnaryOp::Not
            } else {
                UnaryOp::Neg
            };
            let span = op_span.with_range(op_span.start, operand.span.end);
            Ok((
                Spanned {
                    span,
                    node: Expr::Unary {
                        op: unary,
                        operand: Box::new(operand),
                    },
                },
                depth + 1,
            ))
        })
        .map_infix(|left, op, right| {
            let ((left, l), (right, r)) = (left?, right?);
            let binary = match op.as_rule() {
                Rule::op_or => BinaryOp::Or,
                Rule::op_and => BinaryOp::And,
                Rule::op_eq => BinaryOp::Eq,
                Rule::op_ne => BinaryOp::Ne,
                Rule::op_lt => BinaryOp::Lt,
                Rule::op_le => BinaryOp::Le,
                Rule::op_gt => BinaryOp::Gt,
                Rule::op_ge => BinaryOp::Ge,
                Rule::op_add => BinaryOp::Add,
                Rule::op_sub => BinaryOp::Sub,
                _ => BinaryOp::Mul,
            };
            let span = left.span.with_range(left.span.start, right.span.end);
            let depth = l.max(r) + 1;
            if depth > MAX_DEPTH {
                return Err(too_deep(&op, MAX_DEPTH));
            }
            let node = Expr::Binary {
                op: binary,
                left: Box::new(left),
                right: Box::new(right),
            };
            Ok((Spanned { span, node }, depth))
        })
        .parse(pair.into_inner())?;
    if depth > MAX_DEPTH {
        return Err(too_deep(&whole, MAX_DEPTH));
    }
    Ok((lowered, depth))
}

fn primary(pair: Pair<'_, Rule>, nesting: usize) -> Lowered {
    match pair.as_rule() {
        Rule::number => {
            let value = Decimal::from_str(pair.as_str()).map_err(|_| {
                RuleError::new(
                    RuleErrorKind::BadNumber {
                        text: pair.as_str().to_owned(),
                    },
                    span(&pair),
                )
            })?;
            Ok((spanned(&pair, Expr::Number(value)), 1))
        }
        Rule::var => Ok((
            spanned(&pair, Expr::Var(pair.as_str().trim().to_owned())),
            1,
        )),
        Rule::expr => nested(pair, nesting + 1),
        Rule::paren => match pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::expr)
        {
            Some(inner) => {
                let (inner, depth) = nested(inner, nesting + 1)?;
                Ok((
                    Spanned {
                        node: inner.node,
                        span: span(&pair),
                    },
                    depth,
                ))
            }
            None => Err(internal(&pair, "parentheses")),
        },
        Rule::call => {
            let mut items = meaningful(pair.clone());
            let Some(name) = items.next() else {
                return Err(internal(&pair, "call"));
            };
            let mut args = Vec::new();
            let mut depth = 0;
            for item in items {
                let (arg, d) = nested(item, nesting + 1)?;
                depth = depth.max(d);
                args.push(arg);
            }
            Ok((
                spanned(
                    &pair,
                    Expr::Call {
                        name: word(&name),
                        args,
                    },
                ),
                depth + 1,
            ))
        }
        Rule::cell_ref => {
            let mut items = meaningful(pair.clone());
            let (Some(table), Some(row), Some(column)) = (items.next(), items.next(), items.next())
            else {
                return Err(internal(&pair, "cell reference"));
            };
            let node = Expr::Cell {
                table: word(&table),
                row: selector(&row),
                column: selector(&column),
            };
            Ok((spanned(&pair, node), 1))
        }
        _ => Err(internal(&pair, "operand")),
    }
}

/// Lowers a `cell_ref` pair on its own (in an example).
pub(super) fn cell(pair: Pair<'_, Rule>) -> Result<Spanned<Expr>, RuleError> {
    primary(pair, 0).map(|(expr, _)| expr)
}

fn selector(pair: &Pair<'_, Rule>) -> Spanned<Selector> {
    let node = match pair.clone().into_inner().next() {
        Some(inner) if inner.as_rule() == Rule::star => Selector::All,
        Some(inner) if inner.as_rule() == Rule::string => {
            Selector::Label(super::string(&inner).node)
        }
        _ => Selector::Name(pair.as_str().trim().to_owned()),
    };
    spanned(pair, node)
}
