//! Step two: [`ast::File`] → [`RuleSet`]. Ids are checked for uniqueness, tables are built into
//! label trees, and every name a check uses is resolved ("did you mean" when it is not).
//!
//! All mistakes of the phase are collected, not just the first.

use std::collections::HashMap;

use crate::ast::{self, CellClass, Spanned, Treat};
use crate::error::{RuleError, RuleErrorKind};
use crate::ruleset::{
    Axis, AxisNode, Label, Part, Policy, RuleSet, Section, Table, Template, ValueSpec,
};

mod checks;
mod expr;
mod extend;
mod facts;
mod suggest;

pub(crate) use extend::expand;

pub use suggest::closest;

/// Resolves a parsed rule file into a rule set, or every mistake found.
pub fn resolve(file: &ast::File) -> Result<RuleSet, Vec<RuleError>> {
    let mut errors = Vec::new();
    unique(file.templates.iter().map(|t| &t.id), "模板", &mut errors);
    let mut templates: Vec<Template> = file
        .templates
        .iter()
        .map(|t| template(t, &mut errors))
        .collect();
    let owners: HashMap<String, String> = templates
        .iter()
        .flat_map(|t| {
            t.tables
                .iter()
                .map(move |table| (table.id.clone(), t.id.clone()))
        })
        .collect();
    for (resolved, written) in templates.iter_mut().zip(&file.templates) {
        resolved.facts = facts::resolve_facts(resolved, written, &mut errors);
        let resolved_checks = checks::resolve_checks(resolved, written, &owners, &mut errors);
        resolved.checks = resolved_checks;
    }
    if errors.is_empty() {
        Ok(RuleSet {
            templates,
            ..RuleSet::default()
        })
    } else {
        errors.sort_by_key(|e| (e.span().file, e.span().start, e.span().end));
        Err(errors)
    }
}

/// Reports every id that appears a second time.
pub(crate) fn unique<'a>(
    ids: impl IntoIterator<Item = &'a Spanned<String>>,
    what: &'static str,
    errors: &mut Vec<RuleError>,
) {
    let mut seen = HashMap::new();
    for id in ids {
        if seen.insert(id.node.as_str(), id.span).is_some() {
            errors.push(RuleError::new(
                RuleErrorKind::DuplicateId {
                    what,
                    id: id.node.clone(),
                },
                id.span,
            ));
        }
    }
}

pub(crate) fn policy(base: Policy, treatments: &[Treat]) -> Policy {
    treatments.iter().fold(base, |mut policy, treat| {
        match treat.class {
            CellClass::Blank => policy.blank = treat.treatment,
            CellClass::Marks => policy.marks = treat.treatment,
        }
        policy
    })
}

fn template(written: &ast::Template, errors: &mut Vec<RuleError>) -> Template {
    unique(written.sections.iter().map(|s| &s.id), "章节", errors);
    unique(written.tables.iter().map(|t| &t.id), "表格", errors);
    unique(written.checks.iter().map(|c| &c.id), "检查", errors);
    for table in written.sections.iter().filter_map(|s| s.table.as_ref()) {
        if !written.tables.iter().any(|t| t.id.node == table.node) {
            let ids = written.tables.iter().map(|t| t.id.node.as_str());
            errors.push(RuleError::new(
                RuleErrorKind::UnknownTable {
                    id: table.node.clone(),
                    suggestion: closest(&table.node, ids),
                },
                table.span,
            ));
        }
    }
    Template {
        id: written.id.node.clone(),
        title: written.title.node.clone(),
        issued: written.issued.as_ref().map(|s| s.node.clone()),
        signatures: written.signatures.iter().map(|s| s.node.clone()).collect(),
        subtotal_words: written
            .subtotal_words
            .iter()
            .map(|s| s.node.clone())
            .collect(),
        report_phrases: written
            .report_phrases
            .iter()
            .map(|s| s.node.clone())
            .collect(),
        sections: written
            .sections
            .iter()
            .map(|s| Section {
                id: s.id.node.clone(),
                label: label(&s.label),
                table: s.table.as_ref().map(|t| t.node.clone()),
            })
            .collect(),
        policy: policy(Policy::default(), &written.treatments),
        tables: written.tables.iter().map(|t| table(t, errors)).collect(),
        facts: Vec::new(),
        checks: Vec::new(),
        file: String::new(),
        extends: written.extends.as_ref().map(|e| e.node.clone()),
        span: written
            .id
            .span
            .with_range(written.id.span.start, written.title.span.end),
    }
}

fn label(written: &ast::Label) -> Label {
    Label::new(
        written.text.node.clone(),
        written.variants.iter().map(|v| v.node.clone()).collect(),
    )
}

fn table(written: &ast::Table, errors: &mut Vec<RuleError>) -> Table {
    unique(
        written.parts.iter().filter_map(|p| p.id.as_ref()),
        "部分",
        errors,
    );
    let all_rows: Vec<&Spanned<String>> = written
        .parts
        .iter()
        .flat_map(|p| axis_ids(&p.rows))
        .collect();
    unique(all_rows, "行", errors);
    let parts = written
        .parts
        .iter()
        .map(|part| {
            unique(axis_ids(&part.columns), "列", errors);
            let what = match &part.title {
                Some(title) => format!("表格 `{}` 的部分“{}”", written.id.node, title.node),
                None => format!("表格 `{}`", written.id.node),
            };
            for (axis, name) in [(&part.columns, "列"), (&part.rows, "行")] {
                if axis.is_empty() {
                    errors.push(RuleError::new(
                        RuleErrorKind::EmptyAxis {
                            what: what.clone(),
                            axis: name,
                        },
                        part.title.as_ref().map_or(written.id.span, |t| t.span),
                    ));
                }
            }
            Part {
                id: part.id.as_ref().map(|id| id.node.clone()),
                title: part
                    .title
                    .as_ref()
                    .map(|t| Label::new(t.node.clone(), Vec::new())),
                corner: part.corner.as_ref().map(label),
                values: part.values.as_ref().map_or(
                    ValueSpec {
                        kind: ast::ValueKind::Count,
                        unit: None,
                    },
                    values,
                ),
                columns: axis(&part.columns),
                rows: axis(&part.rows),
                keys: std::sync::OnceLock::new(),
            }
        })
        .collect();
    Table {
        id: written.id.node.clone(),
        title: written.title.node.clone(),
        parts,
        label_keys: std::sync::OnceLock::new(),
    }
}

fn values(written: &ast::Values) -> ValueSpec {
    ValueSpec {
        kind: written.kind,
        unit: written.unit.as_ref().map(|u| u.node.clone()),
    }
}

/// Every id declared on an axis, groups included, depth first.
fn axis_ids(items: &[ast::AxisItem]) -> Vec<&Spanned<String>> {
    let mut ids = Vec::new();
    for item in items {
        ids.push(&item.id);
        if let Some(children) = &item.children {
            ids.extend(axis_ids(children));
        }
    }
    ids
}

fn axis(items: &[ast::AxisItem]) -> Axis {
    let mut axis = Axis::default();
    for item in items {
        add_node(&mut axis, item, None);
    }
    axis
}

fn add_node(axis: &mut Axis, item: &ast::AxisItem, parent: Option<usize>) {
    let index = axis.nodes.len();
    let label = label(&item.label);
    let path = parent
        .and_then(|p| axis.nodes.get(p))
        .map_or(&[][..], |p| &p.path)
        .iter()
        .chain(std::iter::once(&label.text))
        .cloned()
        .collect();
    axis.nodes.push(AxisNode {
        id: item.id.node.as_str().into(),
        label,
        path,
        parent,
        children: Vec::new(),
        is_group: item.children.is_some(),
        unlabeled: item.unlabeled,
        values: item.values.as_ref().map(values),
        optional: item.optional,
    });
    if let Some(parent) = parent.and_then(|p| axis.nodes.get_mut(p)) {
        parent.children.push(index);
    }
    for child in item.children.iter().flatten() {
        add_node(axis, child, Some(index));
    }
}

#[cfg(test)]
mod tests;
