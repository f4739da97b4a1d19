//! One module per subcommand; each returns its exit code.

use nianbao_model::Document;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::args::Command;
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

/// The template to use for a document: `--template ID`, else the detected one (explained on
/// stderr with `--verbose`).
fn template<'r>(
    rules: &'r RuleSet,
    args: &crate::args::RulesArgs,
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
