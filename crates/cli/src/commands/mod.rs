//! One module per subcommand; each returns its exit code.

use std::path::Path;
use std::sync::Arc;

use nianbao_check::{Bound, Evaluation};
use nianbao_model::Document;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::args::{Command, LimitArgs, RulesArgs};
use crate::budget::Budget;
use crate::load::{self, Unreadable};
use crate::render::source::DocumentSource;
use crate::{Context, Exit};

mod check;
mod explain;
mod extract;
mod rules;

pub fn run(command: Command, context: &mut Context<'_>) -> Exit {
    match command {
        Command::Check(args) => check::run(&args, context),
        Command::Extract(args) => extract::run(&args, context),
        Command::Rules(args) => rules::run(args, context),
        Command::Explain(args) => explain::run(&args, context),
    }
}

/// One document read, its template chosen, bound and evaluated.
struct Processed<'r> {
    document: Document,
    source: Arc<DocumentSource>,
    template: &'r Template,
    bound: Bound,
    evaluation: Evaluation,
}

/// Why a document gave no result.
enum Skipped {
    /// This file could not be read or checked (already reported); the batch goes on.
    File(Unreadable),
    /// The command cannot go on (e.g. an unknown `--template`).
    Stop(Exit),
}

/// Reads, binds and evaluates one document within its limits and time budget.
fn process<'r>(
    path: &Path,
    rules: &'r Arc<RuleSet>,
    args: &RulesArgs,
    limits: &LimitArgs,
    context: &mut Context<'_>,
) -> Result<Processed<'r>, Skipped> {
    let budget = Budget::start(limits.timeout);
    let (document, source) =
        load::document(path, &limits.reader(), &budget, context).map_err(Skipped::File)?;
    let template = template(rules, args, &document, context).map_err(Skipped::Stop)?;
    // The worker shares the rule set rather than a copy of the template.
    let shared = Arc::clone(rules);
    let id = template.id.clone();
    let checked = budget.run(move || {
        let template = shared.template(&id)?;
        let bound = nianbao_check::bind(&document, template);
        let evaluation = nianbao_check::evaluate(&bound.report, template);
        Some((document, bound, evaluation))
    });
    match checked {
        Ok(None) => Err(Skipped::Stop(Exit::InvalidRules)),
        Ok(Some((document, bound, evaluation))) => Ok(Processed {
            document,
            source,
            template,
            bound,
            evaluation,
        }),
        Err(overrun) => Err(Skipped::File(load::overrun(path, &overrun, context))),
    }
}

/// The template to use for a document: `--template ID`, else the detected one (explained on
/// stderr with `--verbose`).
fn template<'r>(
    rules: &'r RuleSet,
    args: &RulesArgs,
    document: &Document,
    context: &mut Context<'_>,
) -> Result<&'r Template, Exit> {
    if let Some(id) = args.template.as_deref() {
        return rules.template(id).ok_or_else(|| {
            let known: Vec<&str> = rules.templates.iter().map(|t| t.id.as_str()).collect();
            let _ = writeln!(
                context.err,
                "错误：没有 id 为 `{id}` 的模板；可用的模板：{}",
                known.join("、")
            );
            Exit::Usage
        });
    }
    let Some(detection) = nianbao_check::detect(document, rules) else {
        let _ = writeln!(context.err, "错误：规则文件中没有任何模板");
        return Err(Exit::InvalidRules);
    };
    if args.verbose {
        let _ = writeln!(context.err, "说明：{}", detection.explain());
    }
    Ok(detection.template)
}
