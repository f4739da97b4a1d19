//! `nianbao explain ID`: the full description of a check or a diagnostic code.

use nianbao_model::Code;
use nianbao_rules::resolve::closest;

use crate::args::ExplainArgs;
use crate::{Context, Exit, load};

pub fn run(args: &ExplainArgs, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(args.rules.as_deref(), context) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    let mut found = false;
    for (template, check) in rules
        .checks()
        .filter(|(_, c)| c.id.eq_ignore_ascii_case(&args.id))
    {
        found = true;
        let out = &mut context.out;
        let _ = writeln!(
            out,
            "{}  {}（{}）",
            check.id,
            check.title,
            check.severity.as_str()
        );
        let _ = writeln!(
            out,
            "模板：{}（{}）",
            template.id,
            template.issued.as_deref().unwrap_or(&template.title)
        );
        let _ = writeln!(out, "涉及表格：{}", check.tables.join("、"));
        if let Some(explain) = &check.explain {
            let _ = writeln!(out, "\n{explain}");
        }
        let _ = writeln!(out, "\n报告时的消息：{}", check.message);
        if let Some(basis) = &check.basis {
            let _ = writeln!(out, "依据：{basis}");
        }
        let _ = writeln!(out);
    }
    if found {
        return Exit::Clean;
    }
    if let Some(code) = Code::from_name(&args.id) {
        let _ = writeln!(context.out, "{}\n\n{}", code.as_str(), code.description());
        return Exit::Clean;
    }
    let candidates = rules
        .checks()
        .map(|(_, c)| c.id.as_str())
        .chain(Code::ALL.iter().map(|c| c.as_str()));
    let hint = closest(&args.id, candidates)
        .map(|s| format!("；是否想查 `{s}`？"))
        .unwrap_or_default();
    let _ = writeln!(
        context.err,
        "错误：没有名为 `{}` 的检查项或诊断代码{hint}",
        args.id
    );
    Exit::Usage
}

use std::io::Write as _;
