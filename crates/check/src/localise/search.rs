//! The smallest sets of cells whose change satisfies a group of failed constraints while every
//! constraint that held still holds.
//!
//! One cell first: a cell in every failed constraint, whose value each failed equality fixes
//! to the same number. Then, only if no single cell explains the group, two cells: a pair
//! covering every failed constraint whose two values the equalities involving them fix. A
//! suggested value must be one the cell may hold (a count is a whole number ≥ 0). The search
//! is bounded: pairs are tried among at most [`MAX_PAIR_CELLS`] cells (a table 三 column
//! holds 25), so a report costs at most a few thousand small solves.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::linear::{Constraint, Key};

/// Most cells among which pairs are tried.
pub(crate) const MAX_PAIR_CELLS: usize = 80;

/// Most explanations kept for an ambiguous group.
const MAX_CANDIDATES: usize = 12;

/// A way to satisfy the group: cells and their new values.
pub(crate) type Change<'a> = Vec<(Key<'a>, Decimal)>;

/// What the search found for one group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Explained<'a> {
    /// Exactly one change of the smallest size; `single` says whether it is one cell.
    Unique { change: Change<'a>, single: bool },
    /// Several, of which exactly one erases no written figure (fills in a figure left at 0
    /// instead): that one first, then the others.
    Preferred {
        changes: Vec<Change<'a>>,
        single: bool,
    },
    /// Several changes of the smallest size fit equally.
    Several(Vec<Change<'a>>),
    /// Nothing of one or two cells fits.
    Nothing,
}

/// Explains the failed constraints `group` (indexes into `constraints`).
pub(crate) fn explain<'a>(
    group: &[usize],
    constraints: &[Constraint<'a>],
    values: &BTreeMap<Key<'a>, Decimal>,
    allowed: &dyn Fn(&Key<'a>, Decimal) -> bool,
) -> Explained<'a> {
    let failed: Vec<&Constraint<'a>> = group.iter().filter_map(|&i| constraints.get(i)).collect();
    let singles = singles(&failed, constraints, values, allowed);
    if !singles.is_empty() {
        return choose(singles, values, true);
    }
    let pairs = pairs(&failed, constraints, values, allowed);
    if pairs.is_empty() {
        Explained::Nothing
    } else {
        choose(pairs, values, false)
    }
}

/// One candidate, or the candidates. A change that writes 0 over a figure the report gives
/// (erasing an entry) is less plausible than one that fills in a figure left at 0, so when
/// exactly one candidate erases nothing it is put first — preferred, not certain.
fn choose<'a>(
    mut found: Vec<Change<'a>>,
    values: &BTreeMap<Key<'a>, Decimal>,
    single: bool,
) -> Explained<'a> {
    let erases = |change: &Change<'a>| {
        change
            .iter()
            .any(|(key, new)| new.is_zero() && values.get(key).is_some_and(|old| !old.is_zero()))
    };
    if found.len() == 1 {
        return Explained::Unique {
            change: found.remove(0),
            single,
        };
    }
    let keeping: Vec<usize> = (0..found.len())
        .filter(|&i| found.get(i).is_some_and(|c| !erases(c)))
        .collect();
    found.truncate(MAX_CANDIDATES.max(keeping.first().map_or(0, |i| i + 1)));
    if let [only] = keeping.as_slice() {
        let preferred = found.remove(*only);
        found.insert(0, preferred);
        return Explained::Preferred {
            changes: found,
            single,
        };
    }
    Explained::Several(found)
}

/// Every single cell that explains the failed constraints.
fn singles<'a>(
    failed: &[&Constraint<'a>],
    all: &[Constraint<'a>],
    values: &BTreeMap<Key<'a>, Decimal>,
    allowed: &dyn Fn(&Key<'a>, Decimal) -> bool,
) -> Vec<Change<'a>> {
    let Some(first) = failed.first() else {
        return Vec::new();
    };
    let in_all = first
        .terms
        .keys()
        .filter(|key| failed.iter().all(|c| c.terms.contains_key(*key)));
    let mut found = Vec::new();
    for key in in_all {
        let Some(&old) = values.get(key) else {
            continue;
        };
        let mut fixed: Option<Decimal> = None;
        let mut agree = true;
        for constraint in failed.iter().filter(|c| is_equality(c)) {
            let (Some(residual), Some(&a)) =
                (constraint.residual(values), constraint.terms.get(key))
            else {
                agree = false;
                break;
            };
            let Some(new) = residual.checked_div(a).and_then(|d| old.checked_sub(d)) else {
                agree = false;
                break;
            };
            match fixed {
                Some(v) if v != new => {
                    agree = false;
                    break;
                }
                _ => fixed = Some(new),
            }
        }
        let Some(new) = fixed.filter(|_| agree) else {
            continue;
        };
        let change = vec![(*key, new)];
        if new != old && allowed(key, new) && consistent(&change, all, values) {
            found.push(change);
        }
    }
    found
}

/// Every pair of cells that explains the failed constraints.
fn pairs<'a>(
    failed: &[&Constraint<'a>],
    all: &[Constraint<'a>],
    values: &BTreeMap<Key<'a>, Decimal>,
    allowed: &dyn Fn(&Key<'a>, Decimal) -> bool,
) -> Vec<Change<'a>> {
    let cells: Vec<&Key<'a>> = failed
        .iter()
        .flat_map(|c| c.terms.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if cells.len() > MAX_PAIR_CELLS {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (at, first) in cells.iter().enumerate() {
        for second in cells.iter().skip(at + 1) {
            let covers = failed
                .iter()
                .all(|c| c.terms.contains_key(*first) || c.terms.contains_key(*second));
            if !covers {
                continue;
            }
            let Some((d1, d2)) = solve(first, second, all, values) else {
                continue;
            };
            let (Some(&x1), Some(&x2)) = (values.get(*first), values.get(*second)) else {
                continue;
            };
            let (Some(n1), Some(n2)) = (x1.checked_add(d1), x2.checked_add(d2)) else {
                continue;
            };
            if d1.is_zero() || d2.is_zero() || !allowed(first, n1) || !allowed(second, n2) {
                continue;
            }
            let change = vec![(**first, n1), (**second, n2)];
            if consistent(&change, all, values) {
                found.push(change);
            }
        }
    }
    found
}

/// The changes (d1, d2) of two cells that the equalities involving them fix, if they fix
/// them uniquely.
fn solve<'a>(
    first: &Key<'a>,
    second: &Key<'a>,
    all: &[Constraint<'a>],
    values: &BTreeMap<Key<'a>, Decimal>,
) -> Option<(Decimal, Decimal)> {
    // a·d1 + b·d2 = −residual, for every equality that involves either cell.
    let rows: Vec<(Decimal, Decimal, Decimal)> = all
        .iter()
        .filter(|c| is_equality(c))
        .filter(|c| c.terms.contains_key(first) || c.terms.contains_key(second))
        .filter_map(|c| {
            let a = c.terms.get(first).copied().unwrap_or_default();
            let b = c.terms.get(second).copied().unwrap_or_default();
            Some((a, b, -c.residual(values)?))
        })
        .collect();
    for (i, (a1, b1, c1)) in rows.iter().enumerate() {
        for (a2, b2, c2) in rows.iter().skip(i + 1) {
            let det = a1.checked_mul(*b2)?.checked_sub(a2.checked_mul(*b1)?)?;
            if det.is_zero() {
                continue;
            }
            let d1 = c1
                .checked_mul(*b2)?
                .checked_sub(c2.checked_mul(*b1)?)?
                .checked_div(det)?;
            let d2 = a1
                .checked_mul(*c2)?
                .checked_sub(a2.checked_mul(*c1)?)?
                .checked_div(det)?;
            return Some((d1, d2));
        }
    }
    None
}

/// Whether every constraint that reads a changed cell holds after the change.
fn consistent<'a>(
    change: &Change<'a>,
    all: &[Constraint<'a>],
    values: &BTreeMap<Key<'a>, Decimal>,
) -> bool {
    // The changed values looked up first (the last of a key wins), instead of a changed copy
    // of every value for each candidate.
    let value = |key: &Key<'a>| {
        change
            .iter()
            .rev()
            .find(|(changed, _)| changed == key)
            .map(|(_, value)| *value)
            .or_else(|| values.get(key).copied())
    };
    all.iter()
        .filter(|c| change.iter().any(|(key, _)| c.terms.contains_key(key)))
        .all(|c| c.satisfied_by(&value))
}

fn is_equality(constraint: &Constraint<'_>) -> bool {
    constraint.op == nianbao_model::CompareOp::Eq
}

/// Whether a change only fills in figures left at 0 (each changed cell was 0 and is not).
pub(crate) fn fills_zeros<'a>(change: &Change<'a>, values: &BTreeMap<Key<'a>, Decimal>) -> bool {
    change
        .iter()
        .all(|(key, new)| !new.is_zero() && values.get(key).is_some_and(|old| old.is_zero()))
}
