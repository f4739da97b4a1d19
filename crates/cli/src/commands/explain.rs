//! `nianbao explain ID`: the full description of a check or a diagnostic code, or the list of
//! the codes under a prefix such as `bind` or `limit::`.

use std::collections::BTreeSet;
use std::io::Write as _;

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
    // Codes are lower case; accept them in any case, as check ids are.
    let id = args.id.to_ascii_lowercase();
    if let Some(code) = Code::from_name(&id) {
        explain_code(code, context);
        return Exit::Clean;
    }
    let under: Vec<Code> = Code::under(&id).collect();
    if !under.is_empty() {
        list_codes(&under, context);
        return Exit::Clean;
    }
    let namespaces: BTreeSet<&str> = Code::ALL.iter().map(|c| c.namespace()).collect();
    let candidates = rules
        .checks()
        .map(|(_, c)| c.id.as_str())
        .chain(Code::ALL.iter().map(|c| c.as_str()))
        .chain(namespaces);
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

/// One code in full: the same head line as a check, then what it means and how to fix it.
fn explain_code(code: Code, context: &mut Context<'_>) {
    let _ = writeln!(
        context.out,
        "{}  {}（{}）\n\n{}",
        code.as_str(),
        code.summary(),
        code.severity().label(),
        code.explain()
    );
}

/// One line per code, the codes aligned, then how to see one in full.
fn list_codes(codes: &[Code], context: &mut Context<'_>) {
    let width = codes.iter().map(|c| c.as_str().len()).max().unwrap_or(0);
    for code in codes {
        let _ = writeln!(
            context.out,
            "{:<width$}  {}  {}",
            code.as_str(),
            code.severity().label(),
            code.summary()
        );
    }
    let _ = writeln!(
        context.out,
        "\n用 `nianbao explain 代码` 查看某个代码的详细说明。"
    );
}
