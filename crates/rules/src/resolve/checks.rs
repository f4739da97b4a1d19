//! Resolving checks: their variables (what each `each` ranges over), message placeholders,
//! and the expressions (delegated to [`super::expr`]).

use std::collections::HashMap;

use nianbao_model::Severity;
use rust_decimal::prelude::ToPrimitive;

use super::expr::{Scope, VarInfo};
use super::{closest, policy, unique};
use crate::ast::{self, DomainKind, Span, Spanned};
use crate::error::{RuleError, RuleErrorKind};
use crate::ruleset::{
    Axis, AxisNode, Binding, Check, Example, ExampleCell, Item, Part, Table, Template,
};

/// Names a message may use besides the check's variables.
pub(crate) const COMPUTED_PLACEHOLDERS: [&str; 3] = ["actual", "expected", "diff"];

pub(super) fn resolve_checks(
    template: &Template,
    written: &ast::Template,
    owners: &HashMap<String, String>,
    errors: &mut Vec<RuleError>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for check in &written.checks {
        let before = errors.len();
        let resolved = resolve_check(template, check, owners, errors);
        // An inherited check's own spans point into the parent's file: report it once, at
        // the `extends` of this template.
        if let (Some(parent), Some(extends)) = (&check.inherited_from, &written.extends)
            && errors.len() > before
        {
            let detail = errors
                .get(before)
                .map(ToString::to_string)
                .unwrap_or_default();
            errors.truncate(before);
            let kind = RuleErrorKind::InheritedCheck {
                check: check.id.node.clone(),
                parent: parent.clone(),
                detail,
            };
            errors.push(RuleError::new(kind, extends.span));
        }
        checks.extend(resolved);
    }
    checks
}

fn resolve_check(
    template: &Template,
    written: &ast::Check,
    owners: &HashMap<String, String>,
    errors: &mut Vec<RuleError>,
) -> Option<Check> {
    let before = errors.len();
    unique(written.bindings.iter().map(|b| &b.var), "变量", errors);
    let mut scope = Scope::new(template, owners);
    let mut bindings = Vec::new();
    for binding in &written.bindings {
        let resolved = domain(template, binding, &mut scope, errors);
        scope.vars.push(VarInfo {
            name: binding.var.node.clone(),
            kind: binding.domain.node,
            table: binding.args.first().map(|a| a.node.clone()),
            items: resolved.clone().unwrap_or_default(),
        });
        if let Some(items) = resolved {
            bindings.push(Binding {
                var: binding.var.node.clone(),
                items,
            });
        }
    }
    too_many_instances(written, &bindings, errors);
    let when = written
        .when
        .as_ref()
        .and_then(|w| scope.condition(w, errors));
    let asserts: Vec<_> = written
        .asserts
        .iter()
        .filter_map(|a| scope.condition(a, errors))
        .collect();
    if written.asserts.is_empty() {
        errors.push(RuleError::new(
            RuleErrorKind::NoAssert {
                id: written.id.node.clone(),
            },
            written.id.span,
        ));
    }
    let examples = written
        .examples
        .iter()
        .filter_map(|e| example(template, e, &mut scope, errors))
        .collect();
    let message = written.message.as_ref().unwrap_or(&written.title);
    let escapes: &[usize] = if written.message.is_some() {
        &written.message_escapes
    } else {
        &[]
    };
    placeholders(message, escapes, &scope, errors);
    if errors.len() > before {
        return None;
    }
    Some(Check {
        id: written.id.node.clone(),
        severity: match written.severity.node {
            ast::Severity::Error => Severity::Error,
            ast::Severity::Warning => Severity::Warning,
            ast::Severity::Info => Severity::Info,
        },
        title: written.title.node.clone(),
        message: message.node.clone(),
        basis: written.basis.as_ref().map(|b| b.node.clone()),
        explain: written.explain.as_ref().map(|e| e.node.clone()),
        policy: policy(template.policy, &written.treatments),
        bindings,
        when,
        asserts,
        tables: scope.tables_used.into_iter().collect(),
        needs_previous: scope.needs_previous,
        needs_units: scope.needs_units,
        needs_children: scope.needs_children,
        children_tables: scope.children_tables.into_iter().collect(),
        previous_tables: scope.previous_tables.into_iter().collect(),
        examples,
        span: written.span,
    })
}

/// Resolves an example table: single cells (a row group sets the group's single row).
fn example(
    template: &Template,
    written: &ast::Example,
    scope: &mut Scope<'_>,
    errors: &mut Vec<RuleError>,
) -> Option<Example> {
    let before = errors.len();
    let mut cells = Vec::new();
    for cell in &written.cells {
        let Some((table, row, column)) = scope.example_cell(&cell.cell, errors) else {
            continue;
        };
        let raw = match &cell.value.node {
            ast::ExampleValue::Number(n) => n.to_string(),
            ast::ExampleValue::Blank => String::new(),
            ast::ExampleValue::Text(text) => text.clone(),
        };
        cells.push(ExampleCell {
            table,
            row,
            column,
            raw,
        });
    }
    for section in &written.absent {
        if !template.sections.iter().any(|s| s.id == section.node) {
            let ids = template.sections.iter().map(|s| s.id.as_str());
            errors.push(RuleError::new(
                RuleErrorKind::UnknownSection {
                    id: section.node.clone(),
                    suggestion: closest(&section.node, ids),
                },
                section.span,
            ));
        }
    }
    let year = written.year.as_ref().and_then(|y| y.node.to_i32());
    let previous = match &written.previous {
        Some(previous) => Some(Box::new(example(template, previous, scope, errors)?)),
        None => None,
    };
    let mut others = Vec::new();
    for other in &written.others {
        others.push(example(template, other, scope, errors)?);
    }
    let mut children = Vec::new();
    for child in &written.children {
        children.push(example(template, child, scope, errors)?);
    }
    (errors.len() == before).then(|| Example {
        previous,
        others,
        children,
        missing: written.missing.iter().map(|m| m.node.clone()).collect(),
        agency: written.agency.as_ref().map(|a| a.node.clone()),
        pass: written.pass,
        cells,
        year,
        absent: written.absent.iter().map(|s| s.node.clone()).collect(),
        texts: written.texts.iter().map(|t| t.node.clone()).collect(),
        span: written.span,
    })
}

/// The most combinations one check's `each` may give: far above any real check (the largest,
/// one per cell of 表三, has 175), far below what would take minutes to evaluate.
pub const MAX_INSTANCES: usize = 100_000;

/// Refuses a check whose variables give more than [`MAX_INSTANCES`] combinations.
fn too_many_instances(written: &ast::Check, bindings: &[Binding], errors: &mut Vec<RuleError>) {
    let sizes: Vec<usize> = bindings.iter().map(|b| b.items.len()).collect();
    let count = sizes.iter().fold(1usize, |n, &s| n.saturating_mul(s));
    if count <= MAX_INSTANCES {
        return;
    }
    let (Some(first), Some(last)) = (written.bindings.first(), written.bindings.last()) else {
        return;
    };
    let sizes_text: Vec<String> = sizes.iter().map(usize::to_string).collect();
    let kind = RuleErrorKind::TooManyInstances {
        id: written.id.node.clone(),
        sizes: sizes_text.join(" × "),
        count: if count == usize::MAX {
            "无数".to_owned()
        } else {
            count.to_string()
        },
        limit: MAX_INSTANCES,
    };
    let end = last
        .args
        .last()
        .map_or(last.domain.span.end, |a| a.span.end);
    let span = first
        .var
        .span
        .with_range(first.var.span.start, end.max(first.var.span.start));
    errors.push(RuleError::new(kind, span));
}

/// The items a binding ranges over, or `None` after reporting why it cannot be resolved.
fn domain(
    template: &Template,
    binding: &ast::Binding,
    scope: &mut Scope<'_>,
    errors: &mut Vec<RuleError>,
) -> Option<Vec<Item>> {
    let kind = binding.domain.node;
    if kind == DomainKind::Said {
        let [fact] = binding.args.as_slice() else {
            errors.push(bad_domain(
                "said(…) 的括号中写一个说法（fact）的 id，例如 said(收到申请)",
                binding.domain.span,
            ));
            return None;
        };
        if template.fact(&fact.node).is_none() {
            errors.push(unknown_fact(template, fact));
            return None;
        }
        return Some(vec![Item::Said {
            fact: fact.node.clone(),
        }]);
    }
    if kind == DomainKind::Sections {
        if !binding.args.is_empty() {
            errors.push(bad_domain("sections() 不带参数", binding.domain.span));
            return None;
        }
        return Some(
            template
                .sections
                .iter()
                .map(|s| Item::Section {
                    section: s.id.clone(),
                })
                .collect(),
        );
    }
    let Some((table_arg, within)) = binding.args.split_first() else {
        errors.push(bad_domain(
            "请在括号中写出表格 id，例如 rows(T3)",
            binding.domain.span,
        ));
        return None;
    };
    let table = scope.table(table_arg, errors)?;
    if !within.iter().all(|w| scope_exists(table, kind, w, errors)) {
        return None;
    }
    let filter = Filter::new(table, within);
    let mut items = Vec::new();
    let mut push = |item: Item| {
        if !items.contains(&item) {
            items.push(item);
        }
    };
    for part in table.parts.iter().filter(|p| filter.keeps_part(p)) {
        let rows: Vec<_> = part
            .rows
            .leaves()
            .filter(|r| filter.keeps(&part.rows, r, &filter.rows))
            .collect();
        let columns: Vec<_> = part
            .columns
            .leaves()
            .filter(|c| filter.keeps(&part.columns, c, &filter.columns))
            .collect();
        let table_id = || table.id.clone();
        match kind {
            DomainKind::Rows => rows.iter().for_each(|r| {
                push(Item::Row {
                    table: table_id(),
                    row: r.id.to_string(),
                })
            }),
            DomainKind::Columns => columns.iter().for_each(|c| {
                push(Item::Column {
                    table: table_id(),
                    column: c.id.to_string(),
                })
            }),
            DomainKind::Cells => {
                for r in &rows {
                    for c in &columns {
                        push(Item::Cell {
                            table: table_id(),
                            row: r.id.to_string(),
                            column: c.id.to_string(),
                        });
                    }
                }
            }
            DomainKind::RowGroups => part
                .rows
                .innermost_groups()
                .filter(|g| filter.keeps(&part.rows, g, &filter.rows))
                .for_each(|g| {
                    push(Item::RowGroup {
                        table: table_id(),
                        group: g.id.to_string(),
                    })
                }),
            DomainKind::ColumnGroups => part
                .columns
                .innermost_groups()
                .filter(|g| filter.keeps(&part.columns, g, &filter.columns))
                .for_each(|g| {
                    push(Item::ColumnGroup {
                        table: table_id(),
                        group: g.id.to_string(),
                    })
                }),
            DomainKind::Sections | DomainKind::Said => {}
        }
    }
    if items.is_empty() {
        errors.push(bad_domain("这个范围不含任何项", binding.domain.span));
        return None;
    }
    Some(items)
}

/// The restrictions written after the table id of a domain, sorted by what they name.
struct Filter<'a> {
    parts: Vec<&'a str>,
    rows: Vec<&'a str>,
    columns: Vec<&'a str>,
}

impl<'a> Filter<'a> {
    fn new(table: &Table, within: &'a [Spanned<String>]) -> Self {
        let names = || within.iter().map(|w| w.node.as_str());
        Self {
            parts: names()
                .filter(|n| table.parts.iter().any(|p| p.id.as_deref() == Some(*n)))
                .collect(),
            rows: names()
                .filter(|n| table.parts.iter().any(|p| p.rows.find(n).is_some()))
                .collect(),
            columns: names()
                .filter(|n| table.parts.iter().any(|p| p.columns.find(n).is_some()))
                .collect(),
        }
    }

    fn keeps_part(&self, part: &Part) -> bool {
        self.parts.is_empty()
            || part
                .id
                .as_deref()
                .is_some_and(|id| self.parts.contains(&id))
    }

    /// Whether a node lies under one of the named nodes (or no node was named).
    fn keeps(&self, axis: &Axis, node: &AxisNode, named: &[&str]) -> bool {
        if named.is_empty() {
            return true;
        }
        let Some(at) = axis.position(&node.id) else {
            return false;
        };
        named
            .iter()
            .filter_map(|n| axis.position(n))
            .any(|outer| axis.is_within(at, outer))
    }
}

/// Whether a name after the table id in a domain is a part, row group or column group of it.
fn scope_exists(
    table: &Table,
    kind: DomainKind,
    name: &Spanned<String>,
    errors: &mut Vec<RuleError>,
) -> bool {
    let found = table.parts.iter().any(|p| {
        p.id.as_deref() == Some(name.node.as_str())
            || p.rows.find(&name.node).is_some()
            || p.columns.find(&name.node).is_some()
    });
    if !found {
        let candidates = table.parts.iter().flat_map(|p| {
            p.id.iter()
                .map(String::as_str)
                .chain(p.rows.nodes.iter().map(|n| n.id.as_str()))
                .chain(p.columns.nodes.iter().map(|n| n.id.as_str()))
        });
        let suggestion = closest(&name.node, candidates);
        let kind = match kind {
            DomainKind::Columns | DomainKind::ColumnGroups => RuleErrorKind::UnknownColumn {
                table: table.id.clone(),
                id: name.node.clone(),
                suggestion,
            },
            _ => RuleErrorKind::UnknownRow {
                table: table.id.clone(),
                id: name.node.clone(),
                suggestion,
            },
        };
        errors.push(RuleError::new(kind, name.span));
    }
    found
}

/// The error for a fact id the template does not declare.
pub(super) fn unknown_fact(template: &Template, id: &Spanned<String>) -> RuleError {
    RuleError::new(
        RuleErrorKind::UnknownFact {
            id: id.node.clone(),
            suggestion: closest(&id.node, template.facts.iter().map(|f| f.id.as_str())),
        },
        id.span,
    )
}

fn bad_domain(message: &str, span: Span) -> RuleError {
    RuleError::new(
        RuleErrorKind::BadDomain {
            message: message.to_owned(),
        },
        span,
    )
}

/// Checks that every `{name}` in a message is a variable or a computed value.
fn placeholders(
    message: &Spanned<String>,
    escapes: &[usize],
    scope: &Scope<'_>,
    errors: &mut Vec<RuleError>,
) {
    let text = &message.node;
    let mut rest = text.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('}')) else {
            break;
        };
        let name = rest.get(open + 1..open + close).unwrap_or_default();
        let known =
            scope.vars.iter().any(|v| v.name == name) || COMPUTED_PLACEHOLDERS.contains(&name);
        if !known {
            let candidates = scope
                .vars
                .iter()
                .map(|v| v.name.as_str())
                .chain(COMPUTED_PLACEHOLDERS);
            // +1 for the opening quote; +1 for each escape (two source bytes, one text byte).
            let at = offset + open;
            let start = message.span.start + 1 + at + escapes.iter().filter(|&&e| e < at).count();
            errors.push(RuleError::new(
                RuleErrorKind::UnknownPlaceholder {
                    name: name.to_owned(),
                    suggestion: closest(name, candidates),
                },
                message.span.with_range(start, start + close + 1),
            ));
        }
        offset += open + close + 1;
        rest = rest.get(open + close + 1..).unwrap_or_default();
    }
}
