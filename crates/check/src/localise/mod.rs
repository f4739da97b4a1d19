//! Localisation: which cell is wrong and what it should be.
//!
//! When one number is wrong, two or three checks fail at once (its row total, its column
//! balance, the （七）总计 sum). This step treats the report's checks as linear constraints
//! over its cells ([`linear`]), groups the failed ones that share cells, and finds for each
//! group the smallest set of cells whose change satisfies every check — the passed ones
//! included, as evidence ([`search`]). A unique single cell is a certain correction; a unique
//! pair, or a cell read by inference, a likely one; several equally good explanations are
//! listed as candidates and none is chosen. Known typing slips are named ([`hints`]).
//!
//! Blank cells take part as the value they count as under the check's policy; cells whose
//! value is unknown to a check (text, or blank under `treat blank as unknown`) are not part of
//! its constraint.

use std::collections::BTreeMap;

use nianbao_model::{Applicability, CellCorrection, Correction, Culprit, Finding, Report};
use nianbao_rules::ruleset::{Item, Template, ValueKind};
use rust_decimal::Decimal;

mod describe;
mod hints;
mod linear;
mod search;

pub use describe::describe;
use linear::{Constraint, Key, Variable};
use search::Explained;

/// Whether a failure of the check `rule` may have a culprit. A check over the statements of
/// the prose (`each f in said(…)`) compares what the text says with cells: the text is as
/// likely wrong as the table, and no constraint of the tables models it, so its failures alone
/// never start the search (which builds every check's constraints: the cost of localising).
pub fn may_explain(template: &Template, rule: &str) -> bool {
    let reads_prose = |check: &nianbao_rules::ruleset::Check| {
        check
            .bindings
            .iter()
            .flat_map(|binding| &binding.items)
            .any(|item| matches!(item, Item::Said { .. } | Item::Statement { .. }))
    };
    template
        .checks
        .iter()
        .find(|check| check.id == rule)
        .is_none_or(|check| !reads_prose(check))
}

/// The culprits of a report's failed checks; `findings` are the report's findings, whose
/// indexes the culprits give.
pub fn localise(report: &Report, template: &Template, findings: &[Finding]) -> Vec<Culprit> {
    localise_placed(report, template, None, findings)
}

/// [`localise`], reading the cells at the places worked out for the template, if given.
pub(crate) fn localise_placed(
    report: &Report,
    template: &Template,
    places: Option<&crate::eval::places::Places>,
    findings: &[Finding],
) -> Vec<Culprit> {
    let (constraints, variables) = linear::constraints(report, template, places);
    let values: BTreeMap<Key, Decimal> = variables.iter().map(|(key, v)| (*key, v.value)).collect();
    let failed: Vec<usize> = (0..constraints.len())
        .filter(|&i| constraints.get(i).is_some_and(|c| !c.holds))
        .collect();
    let allowed = |key: &Key, value: Decimal| allowed(template, key, value);
    let mut matched = vec![false; findings.len()];
    let mut culprits = Vec::new();
    // Groups that one or two cells cannot explain alone may be one error seen from two sides
    // (a row changed in two columns): those linked by a check that held are tried together.
    let explain = |group: Vec<usize>| {
        let found = search::explain(&group, &constraints, &values, &allowed);
        (group, found)
    };
    let (mut explained, unexplained): (Vec<(Vec<usize>, Explained)>, _) =
        groups(&failed, &constraints)
            .into_iter()
            .map(explain)
            .partition(|(_, found)| *found != Explained::Nothing);
    let unexplained = unexplained.into_iter().map(|(group, _)| group).collect();
    explained.extend(linked(unexplained, &constraints).into_iter().map(explain));
    explained.sort_by(|a, b| a.0.cmp(&b.0));
    // A figure left at 0 that the checks certainly fix is evidence that the report's other
    // figures left at 0 were left so too: a preferred fill-in then becomes certain.
    let zeros_confirmed = explained.iter().any(|(_, found)| {
        matches!(found, Explained::Unique { change, single: true }
            if search::fills_zeros(change, &values))
    });
    for (group, found) in explained {
        let explains: Vec<usize> = group
            .iter()
            .filter_map(|&i| constraints.get(i))
            .filter_map(|c| finding_of(c, findings, &mut matched))
            .collect();
        let (applicability, changes) = match found {
            Explained::Unique { change, single } => {
                let inferred = change.iter().any(|(key, _)| inferred(report, key));
                let applicability = if single && !inferred {
                    Applicability::Certain
                } else {
                    Applicability::Likely
                };
                (applicability, vec![change])
            }
            Explained::Preferred { changes, single } => {
                let first = changes.first();
                let inferred =
                    first.is_some_and(|c| c.iter().any(|(key, _)| inferred(report, key)));
                let filled = first.is_some_and(|c| search::fills_zeros(c, &values));
                let applicability = if single && !inferred && filled && zeros_confirmed {
                    Applicability::Certain
                } else {
                    Applicability::Likely
                };
                (applicability, changes)
            }
            Explained::Several(changes) => (Applicability::Ambiguous, changes),
            Explained::Nothing => continue,
        };
        let corrections = changes
            .iter()
            .map(|change| correction(report, template, &variables, change))
            .collect();
        let mut culprit = Culprit {
            applicability,
            corrections,
            explains,
            finding: Finding {
                rule: String::new(),
                severity: nianbao_model::Severity::Info,
                message: String::new(),
                cells: Vec::new(),
                notes: Vec::new(),
                comparison: None,
                help: None,
                related: Vec::new(),
            },
        };
        let rules: Vec<&str> = culprit
            .explains
            .iter()
            .filter_map(|&at| findings.get(at))
            .map(|f| f.rule.as_str())
            .collect();
        culprit.finding = describe(&culprit, template, &rules);
        culprits.push(culprit);
    }
    culprits
}

/// The failed constraints in groups that share cells (connected through shared cells).
fn groups(failed: &[usize], constraints: &[Constraint]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &at in failed {
        let Some(constraint) = constraints.get(at) else {
            continue;
        };
        let touches = |group: &Vec<usize>| {
            group
                .iter()
                .filter_map(|&i| constraints.get(i))
                .any(|other| other.terms.keys().any(|k| constraint.terms.contains_key(k)))
        };
        let (mut joined, rest): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
            groups.into_iter().partition(touches);
        let mut merged: Vec<usize> = joined.drain(..).flatten().collect();
        merged.push(at);
        merged.sort_unstable();
        groups = rest;
        groups.push(merged);
    }
    groups.sort();
    groups
}

/// Groups merged where a constraint that holds reads cells of both (a row total links the
/// columns of its row).
fn linked(mut groups: Vec<Vec<usize>>, constraints: &[Constraint]) -> Vec<Vec<usize>> {
    let cells = |group: &Vec<usize>| -> std::collections::BTreeSet<Key> {
        group
            .iter()
            .filter_map(|&i| constraints.get(i))
            .flat_map(|c| c.terms.keys().cloned())
            .collect()
    };
    let links = |a: &Vec<usize>, b: &Vec<usize>| {
        let (a, b) = (cells(a), cells(b));
        constraints
            .iter()
            .filter(|c| c.holds)
            .any(|c| c.terms.keys().any(|k| a.contains(k)) && c.terms.keys().any(|k| b.contains(k)))
    };
    let mut merged: Vec<Vec<usize>> = Vec::new();
    while let Some(mut group) = groups.pop() {
        let mut at = 0;
        while at < groups.len() {
            if groups.get(at).is_some_and(|other| links(&group, other)) {
                group.extend(groups.remove(at));
                at = 0;
            } else {
                at += 1;
            }
        }
        group.sort_unstable();
        merged.push(group);
    }
    merged
}

/// The index of the report's finding of this failed constraint (same check, same cells).
fn finding_of(
    constraint: &Constraint,
    findings: &[Finding],
    matched: &mut [bool],
) -> Option<usize> {
    let at = findings.iter().enumerate().position(|(i, f)| {
        !matched.get(i).copied().unwrap_or(true)
            && f.rule == constraint.check
            && f.cells.len() == constraint.cells.len()
            && f.cells
                .iter()
                .zip(&constraint.cells)
                .all(|(c, (row, column))| *c.row == **row && *c.column == **column)
    })?;
    if let Some(flag) = matched.get_mut(at) {
        *flag = true;
    }
    Some(at)
}

/// Whether a cell may hold `value`: a count is whole and ≥ 0, an amount ≥ 0, a signed number
/// whole.
fn allowed(template: &Template, key: &Key, value: Decimal) -> bool {
    let kind = template
        .table(key.0)
        .and_then(|t| t.part_of_row(key.1))
        .map_or(ValueKind::Count, |(_, p)| p.value_spec(key.1, key.2).kind);
    match kind {
        ValueKind::Count => value.fract().is_zero() && !value.is_sign_negative(),
        ValueKind::Amount => !value.is_sign_negative(),
        ValueKind::Signed => value.fract().is_zero(),
    }
}

/// Whether the cell's table was read by inference (crawler text): its reading was chosen by
/// the same checks, so a correction of it is less sure.
fn inferred(report: &Report, key: &Key) -> bool {
    report
        .table(key.0)
        .is_some_and(|t| t.source_table.is_none() && !t.cells.is_empty())
}

/// A change as corrections of named cells, with the typing slip each one looks like.
fn correction(
    report: &Report,
    template: &Template,
    variables: &BTreeMap<Key, Variable<'_>>,
    change: &[(Key, Decimal)],
) -> Correction {
    let mut cells: Vec<CellCorrection> = change
        .iter()
        .filter_map(|(key, suggested)| {
            let variable = variables.get(key)?;
            let written = variable.value;
            let hint = hints::slip(written, *suggested)
                .or_else(|| hints::neighbour(written, &neighbours(report, template, key)));
            Some(CellCorrection {
                table: variable.table.to_owned(),
                cell: variable.cell.clone(),
                suggested: *suggested,
                name: crate::names::cell_name(template, variable.table, variable.cell),
                hint,
            })
        })
        .collect();
    if let [first, second] = cells.as_mut_slice()
        && first.cell.row == second.cell.row
        && let (Some(w1), Some(w2)) = (first.cell.value.number(), second.cell.value.number())
        && let Some(hint) = hints::split((w1, w2), (first.suggested, second.suggested))
    {
        first.hint = Some(hint);
    }
    Correction { cells }
}

/// The values of the cells next to a cell (same row, columns either side; same column, rows
/// above and below), with their names.
fn neighbours(report: &Report, template: &Template, key: &Key) -> Vec<(String, Decimal)> {
    let (Some(table), Some(bound)) = (template.table(key.0), report.table(key.0)) else {
        return Vec::new();
    };
    let Some((_, part)) = table.part_of_row(key.1) else {
        return Vec::new();
    };
    let columns: Vec<&str> = part.columns.leaves().map(|n| n.id.as_str()).collect();
    let rows: Vec<&str> = part.rows.leaves().map(|n| n.id.as_str()).collect();
    let near = |ids: &[&str], id: &str| -> Vec<String> {
        let Some(at) = ids.iter().position(|i| *i == id) else {
            return Vec::new();
        };
        [at.checked_sub(1), Some(at + 1)]
            .into_iter()
            .flatten()
            .filter_map(|i| ids.get(i).map(|s| (*s).to_owned()))
            .collect()
    };
    let mut cells = Vec::new();
    for column in near(&columns, key.2) {
        cells.extend(bound.cell(key.1, &column));
    }
    for row in near(&rows, key.1) {
        cells.extend(bound.cell(&row, key.2));
    }
    cells
        .into_iter()
        .filter_map(|c| {
            let value = c.value.number()?;
            Some((crate::names::cell_name(template, key.0, c), value))
        })
        .collect()
}

#[cfg(test)]
mod tests;
