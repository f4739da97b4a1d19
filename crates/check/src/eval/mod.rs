//! Evaluation: runs every check of a template over a bound report, one instance per
//! combination of its variables, and turns each failed assert into a [`Finding`].

use std::collections::HashSet;

use nianbao_model::{Finding, Note, Report, Severity};
use nianbao_rules::ruleset::{Check, Expr, Item, Template};
use serde::{Deserialize, Serialize};

pub(crate) mod by_ids;
pub(crate) mod env;
pub(crate) mod expr;
pub(crate) mod places;
pub(crate) mod render;
pub(crate) mod repeat;
pub(crate) mod select;

use env::Index;
use expr::{Evaluator, Trace, Truth};

/// The findings of all checks and what was run.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One finding per failed check instance.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

/// What was checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Checks that ran (their tables were found).
    pub checks_run: usize,
    /// Checks not run because a table they need is missing.
    pub checks_skipped: usize,
    /// Check instances evaluated.
    pub instances: usize,
    /// Instances that could not be decided because an operand is missing or not a number.
    pub undecided: usize,
    /// Checks that compare with last year's report of the same agency, not run because none
    /// was given (`check --previous`, or a batch holding both years).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub checks_need_previous: usize,
    /// Checks that compare with other agencies' reports of a batch (text copied between
    /// units), not run because the report was checked on its own.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub checks_need_units: usize,
    /// Checks that compare an aggregate report with its constituent organs' reports, not run
    /// because no manifest said which reports those are (`check --manifest`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub checks_need_manifest: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Last year's report of the same agency, to compare this year's with.
#[derive(Debug, Clone, Copy)]
pub struct Last<'a> {
    /// The report.
    pub report: &'a Report,
    /// The template it was bound to (may differ from this year's: 2019 → 2021 format).
    pub template: &'a Template,
    /// The name it was checked under (its path), for pointing at it.
    pub name: &'a str,
}

/// Passages (repeated from last year's report, from another agency's, or naming another
/// agency) a finding points at; a copied report would otherwise be underlined paragraph by
/// paragraph.
const MAX_PASSAGES: usize = 5;

/// Runs the template's checks over the report.
pub fn evaluate(report: &Report, template: &Template) -> Evaluation {
    evaluate_checks(report, template, &template.checks)
}

/// Runs some of the template's checks over the report (the inference step and the rule
/// self-tests choose a few, without copying the template).
pub fn evaluate_checks<'t>(
    report: &Report,
    template: &'t Template,
    checks: impl IntoIterator<Item = &'t Check>,
) -> Evaluation {
    evaluate_with(report, template, checks, Others::default())
}

/// Runs the checks that compare with last year's report, with that report.
pub fn evaluate_against(report: &Report, template: &Template, last: Last<'_>) -> Evaluation {
    let others = Others {
        last: Some(last),
        ..Others::default()
    };
    crate::compare::evaluate(report, template, crate::compare::Against::LastYear, others)
}

/// The other reports a check may compare a report with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Others<'a> {
    /// Last year's report of the same agency.
    pub last: Option<Last<'a>>,
    /// Other agencies' reports of the same year in the batch.
    pub peers: Option<crate::units::Peers<'a>>,
    /// For an aggregate report, its constituent organs' reports.
    pub family: Option<&'a crate::aggregate::Family<'a>>,
}

/// Runs checks with the other reports there are; a check that needs one not given is not
/// run, and counted.
pub(crate) fn evaluate_with<'t>(
    report: &Report,
    template: &'t Template,
    checks: impl IntoIterator<Item = &'t Check>,
    others: Others<'_>,
) -> Evaluation {
    let index = Index::new(report, template);
    run_checks(index, checks, others)
}

/// Runs the template's checks over the report, reading the cells at the places worked out
/// once for the template (the checker's own templates).
pub(crate) fn evaluate_placed(
    report: &Report,
    template: &Template,
    places: Option<&places::Places>,
) -> Evaluation {
    let index = Index::at_places(report, template, places);
    run_checks(index, &template.checks, Others::default())
}

/// Runs checks over an index, with the other reports there are.
fn run_checks<'a, 'c: 'a, 'o: 'a>(
    mut index: Index<'a>,
    checks: impl IntoIterator<Item = &'c Check>,
    others: Others<'o>,
) -> Evaluation {
    if let Some(last) = others.last {
        index = index.with_previous(last.report, last.template, last.name);
    }
    index.peers = others.peers;
    if let Some(family) = others.family {
        index = index.with_children(family);
    }
    let mut evaluation = Evaluation {
        findings: Vec::new(),
        summary: Summary::default(),
    };
    for check in checks {
        if check.needs_units && index.peers.is_none() {
            evaluation.summary.checks_need_units += 1;
            continue;
        }
        if check.needs_children && index.children.is_none() {
            evaluation.summary.checks_need_manifest += 1;
            continue;
        }
        let previous_ok = match &index.previous {
            None if check.needs_previous => {
                evaluation.summary.checks_need_previous += 1;
                continue;
            }
            None => true,
            Some(previous) => check
                .previous_tables
                .iter()
                .all(|t| previous.index.has_table(t)),
        };
        if previous_ok && check.tables.iter().all(|t| index.has_table(t)) {
            evaluation.summary.checks_run += 1;
            run_check(&index, check, &mut evaluation);
        } else {
            evaluation.summary.checks_skipped += 1;
        }
    }
    evaluation
}

fn run_check<'a>(index: &Index<'a>, check: &'a Check, evaluation: &mut Evaluation) {
    // One trace serves every evaluation of the check; a finding takes the recording one away.
    let mut traces = Traces {
        quiet: Trace::quiet(),
        recording: Trace::default(),
    };
    let fixed = fixed_condition(index, check);
    instances(index, check, &mut |env| {
        run_instance(index, check, env, fixed, evaluation, &mut traces);
    });
}

/// The traces an instance is evaluated with: first one that records no cell, then, for an
/// assert that fails, one that records what the finding points at.
struct Traces<'a> {
    quiet: Trace<'a>,
    recording: Trace<'a>,
}

/// The check's condition, when it has one without variables: it holds or not for all
/// instances alike (`when sum(T3[R1, *]) + sum(T3[R2, *]) == 0` over every cell of a table),
/// so it is decided once.
pub(crate) fn fixed_condition<'a>(index: &Index<'a>, check: &'a Check) -> Option<Truth> {
    let when = check.when.as_ref()?;
    if when.depends_on_variable() {
        return None;
    }
    let eval = Evaluator {
        index,
        env: &[],
        policy: check.policy,
    };
    Some(eval.truth(when, &mut Trace::default()))
}

/// Calls `each` with every combination of the check's variables, in order; instances whose
/// rows a single group row stands for are that row's instance, given once. (One buffer serves
/// every combination: a check over a table's rows has dozens.)
pub(crate) fn instances<'c>(
    index: &'c Index<'_>,
    check: &'c Check,
    each: &mut impl FnMut(&[&'c Item]),
) {
    let lists: Vec<&[Item]> = check
        .bindings
        .iter()
        .map(|b| index.items(&b.items))
        .collect();
    let sizes: Vec<usize> = lists.iter().map(|items| items.len()).collect();
    if sizes.contains(&0) {
        return;
    }
    let mut counters = vec![0usize; sizes.len()];
    let mut seen: HashSet<Vec<Item>> = HashSet::new();
    let mut env: Vec<&Item> = Vec::with_capacity(lists.len());
    loop {
        env.clear();
        env.extend(
            lists
                .iter()
                .zip(&counters)
                .filter_map(|(items, &at)| items.get(at)),
        );
        if !index.has_collapsed() || seen.insert(index.effective_env(&env)) {
            each(&env);
        }
        // Advance the odometer; stop after the last combination.
        let mut position = counters.len();
        loop {
            if position == 0 {
                return;
            }
            position -= 1;
            let (Some(counter), Some(size)) = (counters.get_mut(position), sizes.get(position))
            else {
                return;
            };
            *counter += 1;
            if *counter < *size {
                break;
            }
            *counter = 0;
        }
    }
}

/// Runs one instance; `fixed` is the check's condition when it was decided for every instance.
fn run_instance<'a>(
    index: &Index<'a>,
    check: &'a Check,
    env: &[&Item],
    fixed: Option<Truth>,
    evaluation: &mut Evaluation,
    traces: &mut Traces<'a>,
) {
    let eval = Evaluator {
        index,
        env,
        policy: check.policy,
    };
    evaluation.summary.instances += 1;
    let when = fixed.or_else(|| {
        check.when.as_ref().map(|when| {
            traces.quiet.clear();
            eval.truth(when, &mut traces.quiet)
        })
    });
    match when {
        None | Some(Truth::True) => {}
        Some(Truth::False) => return,
        Some(Truth::Unknown) => {
            evaluation.summary.undecided += 1;
            return;
        }
    }
    // An instance is undecided once, however many of its asserts could not be decided.
    let mut undecided = false;
    for assert in &check.asserts {
        traces.quiet.clear();
        match eval.truth(assert, &mut traces.quiet) {
            Truth::True => {}
            Truth::Unknown => undecided = true,
            Truth::False => {
                // Again, recording what the finding points at: the same reads, the same truth.
                let trace = &mut traces.recording;
                trace.clear();
                eval.truth(assert, trace);
                evaluation.findings.push(finding(
                    index.template,
                    check,
                    env,
                    &eval,
                    assert,
                    std::mem::take(trace),
                ));
            }
        }
    }
    evaluation.summary.undecided += usize::from(undecided);
}

fn finding<'a>(
    template: &Template,
    check: &Check,
    env: &[&Item],
    eval: &Evaluator<'a, '_>,
    assert: &'a Expr,
    trace: Trace<'a>,
) -> Finding {
    let comparison = render::failed_comparison(eval, assert);
    // A leaf row that a group's single row stands for is named as that group.
    let effective = eval.index.effective_env(env);
    let vars: Vec<(&str, &Item)> = check
        .bindings
        .iter()
        .map(|b| b.var.as_str())
        .zip(effective.iter())
        .collect();
    // A failed test on a set of cells points at the cells that failed it.
    let cells = if comparison.is_none() && !trace.failing.is_empty() {
        trace.failing
    } else {
        trace.cells
    };
    let table_of = |cell: &nianbao_model::BoundCell| {
        check
            .tables
            .iter()
            .find(|t| eval.index.cell(t, &cell.row, &cell.column).is_some())
            .cloned()
            .unwrap_or_default()
    };
    let mut notes: Vec<Note> = cells
        .iter()
        .map(|cell| Note {
            span: cell.span,
            label: format!(
                "{} = {}",
                crate::names::cell_name(template, &table_of(cell), cell),
                render::value_text(cell)
            ),
        })
        .collect();
    let stated = !trace.statements.is_empty();
    // Passages repeated from last year's report.
    let shown = trace.passages.len().min(MAX_PASSAGES);
    let more = trace.passages.len() - shown;
    notes.extend(
        trace
            .passages
            .iter()
            .take(shown)
            .enumerate()
            .map(|(at, (span, label))| Note {
                span: *span,
                label: if at + 1 == shown && more > 0 {
                    format!("{label}（后面另有 {more} 处，未标出）")
                } else {
                    label.clone()
                },
            }),
    );
    let mut related = related(check, eval, &trace.previous);
    related.extend(trace.others);
    related.extend(trace.children.iter().map(|(name, template, cell)| {
        let table = check
            .children_tables
            .iter()
            .find(|t| {
                template
                    .table(t)
                    .and_then(|t| t.part_of_row(&cell.row))
                    .is_some()
            })
            .cloned()
            .unwrap_or_default();
        nianbao_model::Related {
            file: (*name).to_owned(),
            span: cell.span,
            label: format!(
                "所属单位报告的 {} = {}",
                crate::names::cell_name(template, &table, cell),
                render::value_text(cell)
            ),
        }
    }));
    // A figure stated in the prose is pointed at with the cells it contradicts.
    notes.extend(trace.statements.iter().map(|statement| Note {
        span: statement.span,
        label: format!("正文：{}", statement.text),
    }));
    // A missing section points at what stands where it should be.
    notes.extend(missing_sections(eval, assert).into_iter().cloned());
    // A phrase not found in its sections points at the section it was looked for in.
    let searched = (cells.is_empty() && notes.is_empty())
        .then(|| searched_sections(eval, assert))
        .flatten();
    let not_found = searched.as_ref().map(|(note, fact)| {
        notes.push(note.clone());
        format!(
            "没有找到表示“{fact}”的说法；报告如果写了、只是用词不同，可以在规则文件这个 fact 的 say 中补充说法"
        )
    });
    Finding {
        rule: check.id.clone(),
        severity: check.severity,
        message: render::message(template, &check.message, &vars, comparison.as_ref()),
        cells: cells.into_iter().cloned().collect(),
        notes,
        // Text and table disagree: which one is wrong is for the reader to find out.
        help: not_found.or_else(|| {
            comparison.as_ref().map(|c| {
                if stated {
                    render::stated_help(c)
                } else {
                    render::comparison_help(c)
                }
            })
        }),
        comparison,
        related,
    }
}

/// Last year's cells a finding read, as places in that report.
fn related(
    check: &Check,
    eval: &Evaluator<'_, '_>,
    cells: &[&nianbao_model::BoundCell],
) -> Vec<nianbao_model::Related> {
    let Some(previous) = eval.index.previous.as_deref() else {
        return Vec::new();
    };
    let template = previous.index.template;
    cells
        .iter()
        .map(|cell| {
            let table = check
                .previous_tables
                .iter()
                .find(|t| previous.index.cell(t, &cell.row, &cell.column).is_some())
                .cloned()
                .unwrap_or_default();
            nianbao_model::Related {
                file: previous.name.to_owned(),
                span: cell.span,
                label: format!(
                    "上一年度报告的 {} = {}",
                    crate::names::cell_name(template, &table, cell),
                    render::value_text(cell)
                ),
            }
        })
        .collect()
}

/// For the `present(…)` tests of an expression that fail: what the binder found standing
/// where each missing section should be.
fn missing_sections<'e>(eval: &Evaluator<'e, '_>, expr: &Expr) -> Vec<&'e Note> {
    let mut notes = Vec::new();
    expr.walk_here(&mut |expr| {
        let Expr::Present(selector) = expr else {
            return;
        };
        let section = eval
            .section_id(selector)
            .and_then(|id| eval.index.report.sections.iter().find(|s| s.id == id));
        notes.extend(
            section
                .filter(|s| !s.present())
                .and_then(|s| s.near.as_ref()),
        );
    });
    notes
}

/// For the `mentions(F)` of an expression: the heading of the first section of the report the
/// fact is looked for in, labelled with what was not found there.
fn searched_sections(eval: &Evaluator<'_, '_>, expr: &Expr) -> Option<(Note, String)> {
    let mut mentioned = None;
    expr.walk_here(&mut |expr| {
        if let (None, Expr::Mentions(fact)) = (&mentioned, expr) {
            mentioned = Some(fact);
        }
    });
    let fact = eval.index.template.fact(mentioned?)?;
    let (section, span) = fact.sections.iter().find_map(|id| {
        let found = eval.index.report.sections.iter().find(|s| s.id == *id)?;
        Some((found, found.span?))
    })?;
    let note = Note {
        span,
        label: format!("在“{}”中查找：{}", section.label, fact.title),
    };
    Some((note, fact.title.clone()))
}

/// How many findings of each severity.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Counts {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Counts {
    /// Counts `findings` by severity.
    pub fn of(findings: &[Finding]) -> Self {
        findings.iter().fold(Self::default(), |mut counts, f| {
            match f.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
            counts
        })
    }
}

#[cfg(test)]
mod tests;
