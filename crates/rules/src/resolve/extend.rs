//! `extends`: a template built from another one (in the same file or shipped with nianbao) by
//! the changes it lists. This step works on syntax trees, before names are resolved, so the
//! result resolves exactly like a template written out in full.

use crate::ast::{self, AxisItem, Patch, PatchOp, Spanned, Template};
use crate::error::{RuleError, RuleErrorKind};

use super::closest;

/// How many templates one `extends` chain may go through: a real family (national format, a
/// local variant, a new version) needs a few; thousands cost seconds and gigabytes to expand.
const MAX_EXTENDS: usize = 32;

/// The templates of `file` with every `extends` expanded; `bases` are other files whose
/// templates may be extended (the shipped rule sets).
pub(crate) fn expand(file: &ast::File, bases: &[ast::File]) -> Result<ast::File, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut templates = Vec::new();
    let known = Known::new(file, bases);
    for template in &file.templates {
        let mut chain = Vec::new();
        match expanded(template, &known, &mut chain, &mut errors) {
            Some(expanded) => templates.push(expanded),
            // Said once, at the first template whose chain is too long: every template further
            // down would say it again.
            None if chain.len() > MAX_EXTENDS && !too_deep_said(&errors) => {
                let kind = RuleErrorKind::ExtendsTooDeep { limit: MAX_EXTENDS };
                let span = template
                    .extends
                    .as_ref()
                    .map_or(template.id.span, |e| e.span);
                errors.push(RuleError::new(kind, span));
            }
            None => {}
        }
    }
    if errors.is_empty() {
        Ok(ast::File { templates })
    } else {
        Err(errors)
    }
}

fn too_deep_said(errors: &[RuleError]) -> bool {
    errors
        .iter()
        .any(|e| matches!(e.kind(), RuleErrorKind::ExtendsTooDeep { .. }))
}

/// Every template that may be extended, found by id in constant time (a file may hold
/// thousands; a linear search per step made long chains quadratic).
struct Known<'f> {
    file: &'f ast::File,
    bases: &'f [ast::File],
    by_id: std::collections::HashMap<&'f str, &'f Template>,
}

impl<'f> Known<'f> {
    fn new(file: &'f ast::File, bases: &'f [ast::File]) -> Self {
        let mut by_id = std::collections::HashMap::new();
        // The first template with an id wins, as a search in file order would find it.
        for template in file
            .templates
            .iter()
            .chain(bases.iter().flat_map(|b| &b.templates))
        {
            by_id.entry(template.id.node.as_str()).or_insert(template);
        }
        Self { file, bases, by_id }
    }

    fn find(&self, id: &str) -> Option<&'f Template> {
        self.by_id.get(id).copied()
    }

    /// Every id in file order, for suggestions.
    fn ids(&self) -> impl Iterator<Item = &'f str> {
        self.file
            .templates
            .iter()
            .chain(self.bases.iter().flat_map(|b| &b.templates))
            .map(|t| t.id.node.as_str())
    }
}

fn expanded(
    template: &Template,
    known: &Known<'_>,
    chain: &mut Vec<String>,
    errors: &mut Vec<RuleError>,
) -> Option<Template> {
    let Some(parent_id) = &template.extends else {
        return Some(template.clone());
    };
    chain.push(template.id.node.clone());
    if chain.len() > MAX_EXTENDS {
        // Reported by `expand` at the template the chain starts from.
        return None;
    }
    if chain.contains(&parent_id.node) {
        chain.push(parent_id.node.clone());
        let kind = RuleErrorKind::ExtendsCycle {
            chain: chain.join(" → "),
        };
        errors.push(RuleError::new(kind, parent_id.span));
        return None;
    }
    let Some(parent) = known.find(&parent_id.node) else {
        let kind = RuleErrorKind::UnknownTemplate {
            id: parent_id.node.clone(),
            suggestion: closest(&parent_id.node, known.ids()),
        };
        errors.push(RuleError::new(kind, parent_id.span));
        return None;
    };
    let parent = expanded(parent, known, chain, errors)?;
    Some(merge(parent, template, errors))
}

/// The parent with the child's changes applied.
fn merge(parent: Template, child: &Template, errors: &mut Vec<RuleError>) -> Template {
    let mut merged = parent;
    merged.id = child.id.clone();
    merged.title = child.title.clone();
    merged.span = child.span;
    merged.extends = child.extends.clone();
    merged.issued = child.issued.clone().or(merged.issued);
    if !child.report_phrases.is_empty() {
        merged.report_phrases = child.report_phrases.clone();
    }
    if !child.signatures.is_empty() {
        merged.signatures = child.signatures.clone();
    }
    if !child.subtotal_words.is_empty() {
        merged.subtotal_words = child.subtotal_words.clone();
    }
    merged.treatments.extend(child.treatments.iter().copied());
    for section in &child.sections {
        replace_or_push(&mut merged.sections, section.clone(), |s| {
            s.id.node == section.id.node
        });
    }
    let inherited = child
        .extends
        .as_ref()
        .map_or_else(String::new, |p| p.node.clone());
    for check in &mut merged.checks {
        check
            .inherited_from
            .get_or_insert_with(|| inherited.clone());
    }
    for removal in &child.removals {
        let before = (merged.checks.len(), merged.tables.len());
        if removal.check {
            merged.checks.retain(|c| c.id.node != removal.id.node);
        } else {
            merged.tables.retain(|t| t.id.node != removal.id.node);
            // A section no longer has a removed table under it.
            for section in &mut merged.sections {
                if section
                    .table
                    .as_ref()
                    .is_some_and(|t| t.node == removal.id.node)
                {
                    section.table = None;
                }
            }
            // Inherited checks of a removed table go with it.
            merged
                .checks
                .retain(|c| c.inherited_from.is_none() || !reads(c, &removal.id.node));
        }
        if before == (merged.checks.len(), merged.tables.len()) {
            errors.push(unknown_id(removal.check, &removal.id, &merged));
        }
    }
    for table in &child.tables {
        replace_or_push(&mut merged.tables, table.clone(), |t| {
            t.id.node == table.id.node
        });
    }
    for patch in &child.patches {
        match merged
            .tables
            .iter_mut()
            .find(|t| t.id.node == patch.table.node)
        {
            Some(table) => apply(table, patch, errors),
            None => errors.push(unknown_id(false, &patch.table, &merged)),
        }
    }
    // A fact of the same id replaces the inherited one: a local format words it differently.
    for fact in &child.facts {
        replace_or_push(&mut merged.facts, fact.clone(), |f| {
            f.id.node == fact.id.node
        });
    }
    for check in &child.checks {
        replace_or_push(&mut merged.checks, check.clone(), |c| {
            c.id.node == check.id.node
        });
    }
    for (id, severity) in &child.severities {
        match merged.checks.iter_mut().find(|c| c.id.node == id.node) {
            Some(check) => check.severity = severity.clone(),
            None => errors.push(unknown_id(true, id, &merged)),
        }
    }
    merged
}

fn replace_or_push<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    match items.iter_mut().find(|i| same(i)) {
        Some(slot) => *slot = item,
        None => items.push(item),
    }
}

/// Whether a check reads a table (in a cell reference or in what it ranges over).
fn reads(check: &ast::Check, table: &str) -> bool {
    fn in_expr(expr: &ast::Expr, table: &str) -> bool {
        match expr {
            ast::Expr::Cell { table: t, .. } => t.node == table,
            // A table named by its id, as in `changed(T2, T3)`.
            ast::Expr::Call { args, .. } => args.iter().any(|a| {
                matches!(&a.node, ast::Expr::Var(v) if v == table) || in_expr(&a.node, table)
            }),
            ast::Expr::Unary { operand, .. } => in_expr(&operand.node, table),
            ast::Expr::Binary { left, right, .. } => {
                in_expr(&left.node, table) || in_expr(&right.node, table)
            }
            ast::Expr::Number(_) | ast::Expr::Var(_) => false,
        }
    }
    check
        .bindings
        .iter()
        .any(|b| b.args.first().is_some_and(|a| a.node == table))
        || check
            .when
            .iter()
            .chain(&check.asserts)
            .any(|e| in_expr(&e.node, table))
}

fn unknown_id(check: bool, id: &Spanned<String>, merged: &Template) -> RuleError {
    let kind = if check {
        let ids = merged.checks.iter().map(|c| c.id.node.as_str());
        RuleErrorKind::UnknownCheck {
            id: id.node.clone(),
            suggestion: closest(&id.node, ids),
        }
    } else {
        let ids = merged.tables.iter().map(|t| t.id.node.as_str());
        RuleErrorKind::UnknownTable {
            id: id.node.clone(),
            suggestion: closest(&id.node, ids),
        }
    };
    RuleError::new(kind, id.span)
}

/// Applies one `patch table` block.
fn apply(table: &mut ast::Table, patch: &Patch, errors: &mut Vec<RuleError>) {
    for op in &patch.ops {
        // The id that names nothing, and (for a missing sibling) the ids it could have meant.
        let mut near = None;
        let (rows, id) = match op {
            PatchOp::Add {
                rows,
                parent,
                after,
                item,
            } => match add(table, *rows, item.clone(), parent.as_ref(), after.as_ref()) {
                Ok(()) => continue,
                Err(Missing::Sibling(siblings)) => {
                    near = Some(siblings);
                    let sibling = after.as_ref().map(|(_, s)| s);
                    (*rows, sibling.cloned().unwrap_or_else(|| item.id.clone()))
                }
                Err(Missing::Parent) => {
                    let anchor = parent.as_ref().or(after.as_ref().map(|(_, a)| a));
                    (*rows, anchor.cloned().unwrap_or_else(|| item.id.clone()))
                }
            },
            PatchOp::Remove { rows, id } => {
                if table
                    .parts
                    .iter_mut()
                    .any(|p| remove(axis(p, *rows), &id.node))
                {
                    continue;
                }
                (*rows, id.clone())
            }
            PatchOp::Relabel { rows, id, label } => {
                let found = table
                    .parts
                    .iter_mut()
                    .find_map(|p| find_mut(axis(p, *rows), &id.node));
                if let Some(item) = found {
                    item.label = label.clone();
                    continue;
                }
                (*rows, id.clone())
            }
        };
        let ids: Vec<String> = near.unwrap_or_else(|| {
            table
                .parts
                .iter()
                .flat_map(|p| ids(if rows { &p.rows } else { &p.columns }))
                .collect()
        });
        let suggestion = closest(&id.node, ids.iter().map(String::as_str));
        let kind = if rows {
            RuleErrorKind::UnknownRow {
                table: table.id.node.clone(),
                id: id.node.clone(),
                suggestion,
            }
        } else {
            RuleErrorKind::UnknownColumn {
                table: table.id.node.clone(),
                id: id.node.clone(),
                suggestion,
            }
        };
        errors.push(RuleError::new(kind, id.span));
    }
}

fn axis(part: &mut ast::Part, rows: bool) -> &mut Vec<AxisItem> {
    if rows {
        &mut part.rows
    } else {
        &mut part.columns
    }
}

fn ids(items: &[AxisItem]) -> Vec<String> {
    items
        .iter()
        .flat_map(|i| {
            std::iter::once(i.id.node.clone()).chain(ids(i.children.as_deref().unwrap_or_default()))
        })
        .collect()
}

fn find_mut<'a>(items: &'a mut [AxisItem], id: &str) -> Option<&'a mut AxisItem> {
    for item in items {
        if item.id.node == id {
            return Some(item);
        }
        if let Some(found) = item.children.as_deref_mut().and_then(|c| find_mut(c, id)) {
            return Some(found);
        }
    }
    None
}

fn remove(items: &mut Vec<AxisItem>, id: &str) -> bool {
    if let Some(at) = items.iter().position(|i| i.id.node == id) {
        items.remove(at);
        return true;
    }
    items
        .iter_mut()
        .filter_map(|i| i.children.as_mut())
        .any(|children| remove(children, id))
}

/// Why an `add` could not be applied.
enum Missing {
    /// The group (or part) to add to is not there.
    Parent,
    /// The sibling of `after`/`before` is not in the group; these are the ids that are.
    Sibling(Vec<String>),
}

/// Inserts `item` into the group (or part) `parent`, after/before a sibling or at the end.
fn add(
    table: &mut ast::Table,
    rows: bool,
    item: AxisItem,
    parent: Option<&Spanned<String>>,
    position: Option<&(bool, Spanned<String>)>,
) -> Result<(), Missing> {
    let single = table.parts.len() == 1;
    for part in &mut table.parts {
        let is_part = parent.is_some_and(|p| part.id.as_ref().is_some_and(|id| id.node == p.node));
        let list = axis(part, rows);
        let siblings = match parent {
            None if single => Some(list),
            None => None,
            Some(_) if is_part => Some(list),
            Some(p) => find_mut(list, &p.node).and_then(|g| g.children.as_mut()),
        };
        let Some(siblings) = siblings else { continue };
        let at = match position {
            Some((after, sibling)) => match siblings.iter().position(|s| s.id.node == sibling.node)
            {
                Some(at) => at + usize::from(*after),
                None => {
                    let ids = siblings.iter().map(|s| s.id.node.clone()).collect();
                    return Err(Missing::Sibling(ids));
                }
            },
            None => siblings.len(),
        };
        siblings.insert(at.min(siblings.len()), item);
        return Ok(());
    }
    Err(Missing::Parent)
}
