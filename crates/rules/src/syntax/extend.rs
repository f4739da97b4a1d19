//! Lowering the changes a template makes to the one it extends: `patch table`, `remove`,
//! `severity`.

use pest::iterators::Pair;

use super::{Rule, axis_item, internal, label, meaningful, severity_of, spanned, word};
use crate::ast::*;
use crate::error::RuleError;

/// `patch table T3 { … }`
pub(super) fn patch(pair: Pair<'_, Rule>) -> Result<Patch, RuleError> {
    let mut items = meaningful(pair.clone()).filter(|p| p.as_rule() != Rule::kw_table);
    let Some(table) = items.next() else {
        return Err(internal(&pair, "patch"));
    };
    let ops = items.map(op).collect::<Result<Vec<_>, _>>()?;
    Ok(Patch {
        table: word(&table),
        ops,
    })
}

fn is_rows(pair: &Pair<'_, Rule>) -> bool {
    pair.clone()
        .into_inner()
        .next()
        .is_some_and(|k| k.as_rule() == Rule::kw_row)
}

fn op(pair: Pair<'_, Rule>) -> Result<PatchOp, RuleError> {
    let rule = pair.as_rule();
    let parts: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
    let rows = parts
        .iter()
        .find(|p| p.as_rule() == Rule::axis_kind)
        .is_some_and(is_rows);
    let idents: Vec<&Pair<'_, Rule>> = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::ident)
        .collect();
    match rule {
        Rule::add_op => {
            let Some(item) = parts
                .iter()
                .find(|p| matches!(p.as_rule(), Rule::group | Rule::leaf))
            else {
                return Err(internal(&pair, "add"));
            };
            let parent = parts
                .iter()
                .position(|p| p.as_rule() == Rule::kw_in)
                .and_then(|at| parts.get(at + 1))
                .map(word);
            let after = parts
                .iter()
                .position(|p| p.as_rule() == Rule::position)
                .and_then(|at| {
                    let after =
                        parts.get(at)?.clone().into_inner().next()?.as_rule() == Rule::kw_after;
                    Some((after, word(parts.get(at + 1)?)))
                });
            Ok(PatchOp::Add {
                rows,
                item: axis_item(item.clone())?,
                parent,
                after,
            })
        }
        Rule::remove_op => match idents.first() {
            Some(id) => Ok(PatchOp::Remove { rows, id: word(id) }),
            None => Err(internal(&pair, "remove")),
        },
        Rule::relabel_op => {
            let id = idents.first().map(|p| word(p));
            let text = parts.iter().find(|p| p.as_rule() == Rule::string);
            let variants = parts
                .iter()
                .find(|p| p.as_rule() == Rule::variants)
                .cloned();
            match (id, text) {
                (Some(id), Some(text)) => Ok(PatchOp::Relabel {
                    rows,
                    id,
                    label: label(text, variants),
                }),
                _ => Err(internal(&pair, "relabel")),
            }
        }
        _ => Err(internal(&pair, "patch operation")),
    }
}

/// `remove check ID` / `remove table ID`
pub(super) fn removal(pair: Pair<'_, Rule>) -> Result<Removal, RuleError> {
    let check = pair
        .clone()
        .into_inner()
        .any(|p| p.as_rule() == Rule::kw_check);
    match pair
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::name)
    {
        Some(id) => Ok(Removal {
            check,
            id: word(&id),
        }),
        None => Err(internal(&pair, "remove")),
    }
}

/// `severity ID level`
pub(super) fn severity_change(
    pair: Pair<'_, Rule>,
) -> Result<(Spanned<String>, Spanned<Severity>), RuleError> {
    let mut id = None;
    let mut level = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::name => id = Some(word(&p)),
            Rule::severity => level = Some(spanned(&p, severity_of(&p))),
            _ => {}
        }
    }
    match (id, level) {
        (Some(id), Some(level)) => Ok((id, level)),
        _ => Err(internal(&pair, "severity")),
    }
}
