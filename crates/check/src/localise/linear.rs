//! The checks of a report as linear constraints over its cells: every instance of an assert
//! that compares two sums of cells (`T3[R1, c] + T3[R2, c] == T3[R3.7, c] + T3[R4, c]`) is one
//! constraint `Σ aᵢ·xᵢ + k  op  0`, with the cells' current values and whether it holds.
//! Asserts that are not comparisons of sums (cell tests, logic) are not constraints; instances
//! that cannot be decided (a missing or textual operand) are left out.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

use nianbao_model::{BoundCell, CompareOp, Report};
use nianbao_rules::ruleset::{ArithOp, Expr, SumTerm, Template};
use rust_decimal::Decimal;
use smallvec::SmallVec;

use crate::eval::env::Index;
use crate::eval::expr::{Evaluator, Trace, Truth};
use crate::eval::{fixed_condition, instances};
use crate::ids::{compare_ids, same_id};

/// A cell as a variable: (table, row, column), lent by the template and the report. Ordered
/// as the three strings are; keys are compared at every step of the maps they are kept in,
/// so two ids are compared in place (a few bytes) rather than through `memcmp`, and the same
/// string (the rule set's ids are shared) is equal without reading it.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct Key<'a>(pub &'a str, pub &'a str, pub &'a str);

impl Ord for Key<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_ids(self.0, other.0)
            .then_with(|| compare_ids(self.1, other.1))
            .then_with(|| compare_ids(self.2, other.2))
    }
}

impl PartialOrd for Key<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        same_id(self.0, other.0) && same_id(self.1, other.1) && same_id(self.2, other.2)
    }
}

impl Eq for Key<'_> {}

/// A variable's cell and the value it counts as.
#[derive(Debug, Clone)]
pub(crate) struct Variable<'a> {
    pub table: &'a str,
    pub cell: &'a BoundCell,
    pub value: Decimal,
}

/// `Σ coefficient·cell + constant  op  0`.
#[derive(Debug, Clone)]
pub(crate) struct Constraint<'a> {
    /// The check it comes from.
    pub check: &'a str,
    pub op: CompareOp,
    pub terms: BTreeMap<Key<'a>, Decimal>,
    pub constant: Decimal,
    /// Whether it holds with the values as written.
    pub holds: bool,
    /// The cells it reads, as a finding of it lists them (to match it with its finding).
    pub cells: Vec<(&'a str, &'a str)>,
}

impl<'a> Constraint<'a> {
    /// Its left side minus its right side with the cells' values from `values`.
    pub fn residual(&self, values: &BTreeMap<Key<'a>, Decimal>) -> Option<Decimal> {
        self.residual_by(&|key| values.get(key).copied())
    }

    /// Its left side minus its right side with each cell's value given by `value`.
    pub fn residual_by(&self, value: &dyn Fn(&Key<'a>) -> Option<Decimal>) -> Option<Decimal> {
        self.terms.iter().try_fold(self.constant, |sum, (key, a)| {
            let x = value(key)?;
            sum.checked_add(a.checked_mul(x)?)
        })
    }

    /// Whether it holds with each cell's value given by `value`.
    pub fn satisfied_by(&self, value: &dyn Fn(&Key<'a>) -> Option<Decimal>) -> bool {
        self.residual_by(value)
            .is_some_and(|r| self.op.holds(r, Decimal::ZERO))
    }
}

/// A linear form while it is being built: each cell once, as it was first met. A form has a
/// few terms, told apart by the cell itself (a cell is one key), not kept sorted by key. A
/// check's two sides are added into one form where they are read, scaled as they go: forms
/// built apart and then combined were moved about whole (copying them was a sixth of
/// localising).
#[derive(Debug, Default)]
struct Form<'a> {
    terms: SmallVec<[Term<'a>; 8]>,
    constant: Decimal,
}

/// `coefficient · cell`: the cell, the table it was named by, and the value it counts as.
#[derive(Debug)]
struct Term<'a> {
    table: &'a str,
    cell: &'a BoundCell,
    coefficient: Decimal,
    value: Decimal,
}

impl<'a> Term<'a> {
    fn key(&self) -> Key<'a> {
        Key(
            self.table,
            self.cell.row.as_ref(),
            self.cell.column.as_ref(),
        )
    }
}

impl<'a> Form<'a> {
    /// Adds `by · cell`; `None` if a coefficient overflows.
    fn add_cell(
        &mut self,
        table: &'a str,
        cell: &'a BoundCell,
        value: Decimal,
        by: Decimal,
    ) -> Option<()> {
        match self
            .terms
            .iter_mut()
            .find(|term| std::ptr::eq(term.cell, cell))
        {
            Some(own) => own.coefficient = own.coefficient.checked_add(by)?,
            None => self.terms.push(Term {
                table,
                cell,
                coefficient: by,
                value,
            }),
        }
        Some(())
    }

    /// Adds `by · other`.
    fn add_form(&mut self, other: Form<'a>, by: Decimal) -> Option<()> {
        for term in other.terms {
            let coefficient = term.coefficient.checked_mul(by)?;
            self.add_cell(term.table, term.cell, term.value, coefficient)?;
        }
        self.add_constant(other.constant.checked_mul(by)?)
    }

    fn add_constant(&mut self, n: Decimal) -> Option<()> {
        self.constant = self.constant.checked_add(n)?;
        Some(())
    }
}

/// Every linear constraint of the report's checks, and the cells they read.
pub(crate) fn constraints<'a>(
    report: &'a Report,
    template: &'a Template,
    places: Option<&'a crate::eval::places::Places>,
) -> (Vec<Constraint<'a>>, BTreeMap<Key<'a>, Variable<'a>>) {
    let index = Index::at_places(report, template, places);
    let mut constraints = Vec::new();
    let mut variables: BTreeMap<Key<'a>, Variable<'a>> = BTreeMap::new();
    let mut known: HashSet<*const BoundCell, foldhash::fast::FixedState> = HashSet::default();
    // One trace for every evaluation here, emptied before each: what it allocates is kept.
    let mut trace = Trace::default();
    for check in &template.checks {
        if !check.tables.iter().all(|t| index.has_table(t)) {
            continue;
        }
        let fixed = fixed_condition(&index, check);
        if fixed.is_some_and(|when| when != Truth::True) {
            continue;
        }
        instances(&index, check, &mut |env| {
            let eval = Evaluator {
                index: &index,
                env,
                policy: check.policy,
            };
            if fixed.is_none()
                && let Some(when) = &check.when
            {
                trace.clear();
                if eval.truth(when, &mut trace) != Truth::True {
                    return;
                }
            }
            for assert in &check.asserts {
                let Expr::Compare(op, left, right) = assert else {
                    continue;
                };
                let mut difference = Form::default();
                if add(&eval, left, Decimal::ONE, &mut difference).is_none()
                    || add(&eval, right, Decimal::NEGATIVE_ONE, &mut difference).is_none()
                {
                    continue;
                }
                trace.clear();
                let holds = eval.truth(assert, &mut trace) == Truth::True;
                let mut terms = BTreeMap::new();
                for term in difference.terms {
                    let key = term.key();
                    // A cell met before is a variable already (the map is searched by
                    // comparing ids; the set by the cell's address).
                    if known.insert(std::ptr::from_ref(term.cell)) {
                        variables.entry(key).or_insert_with(|| Variable {
                            table: key.0,
                            cell: term.cell,
                            value: term.value,
                        });
                    }
                    if !term.coefficient.is_zero() {
                        terms.insert(key, term.coefficient);
                    }
                }
                constraints.push(Constraint {
                    check: &check.id,
                    op: *op,
                    terms,
                    constant: difference.constant,
                    holds,
                    cells: trace
                        .cells
                        .iter()
                        .map(|c| (c.row.as_ref(), c.column.as_ref()))
                        .collect(),
                });
            }
        });
    }
    (constraints, variables)
}

/// Adds `by` times the linear form of a numeric expression to `into`; `None` if it is not
/// linear in the cells or an operand is unknown (what was added is then of no use).
fn add<'a>(
    eval: &Evaluator<'a, '_>,
    expr: &'a Expr,
    by: Decimal,
    into: &mut Form<'a>,
) -> Option<()> {
    match expr {
        Expr::Number(n) => into.add_constant(n.checked_mul(by)?),
        Expr::Cell(reference) => add_cells(eval, reference, by, into),
        Expr::Sum(terms) => terms.iter().try_for_each(|term| match term {
            SumTerm::Cells(reference) => add_cells(eval, reference, by, into),
            SumTerm::Expr(expr) => add(eval, expr, by, into),
        }),
        Expr::Neg(inner) => add(eval, inner, -by, into),
        Expr::Arith(op, left, right) => match op {
            ArithOp::Add => {
                add(eval, left, by, into)?;
                add(eval, right, by, into)
            }
            ArithOp::Sub => {
                add(eval, left, by, into)?;
                add(eval, right, -by, into)
            }
            // Only a product with a constant is linear.
            ArithOp::Mul => {
                let (mut l, mut r) = (Form::default(), Form::default());
                add(eval, left, Decimal::ONE, &mut l)?;
                add(eval, right, Decimal::ONE, &mut r)?;
                if l.terms.is_empty() {
                    into.add_form(r, l.constant.checked_mul(by)?)
                } else if r.terms.is_empty() {
                    into.add_form(l, r.constant.checked_mul(by)?)
                } else {
                    None
                }
            }
        },
        Expr::Year => into.add_constant(Decimal::from(eval.index.report.year?).checked_mul(by)?),
        _ => None,
    }
}

/// Adds `by` times the sum of the cells a reference stands for, each a variable.
fn add_cells<'a>(
    eval: &Evaluator<'a, '_>,
    reference: &'a nianbao_rules::ruleset::CellRef,
    by: Decimal,
    into: &mut Form<'a>,
) -> Option<()> {
    for cell in eval.cells(reference) {
        let cell = cell?;
        let value = eval.cell_number(cell)?;
        into.add_cell(reference.table.as_ref(), cell, value, by)?;
    }
    Some(())
}
