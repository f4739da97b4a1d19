//! `nianbao rules check FILE` (with its lints, and `--against` sample reports),
//! `nianbao rules test`, `nianbao rules fmt` and `nianbao rules list`.

mod against;

use std::path::Path;

use crate::args::RulesCommand;
use crate::render::graphical;
use crate::{Context, Exit, load};

pub fn run(command: RulesCommand, context: &mut Context<'_>) -> Exit {
    match command {
        RulesCommand::Check { file, against } => check(&file, &against, context),
        RulesCommand::Export { dir, force } => super::export::run(&dir, force, context),
        RulesCommand::List { rules } => list(&rules, context),
        RulesCommand::Test { file } => test(file.as_deref(), context),
        RulesCommand::Fmt { files, check } => fmt(&files, check, context),
    }
}

/// Compiles a rule file and lints it; its mistakes and lints are this command's output, so
/// they go to stdout. Lints are warnings: the file is valid and the exit code stays 0. With
/// sample reports, previews what the file changes on them (`against`).
fn check(path: &Path, samples: &[std::path::PathBuf], context: &mut Context<'_>) -> Exit {
    let (name, text) = match load::rule_text(path, context) {
        Ok(file) => file,
        Err(exit) => return exit,
    };
    match nianbao_rules::compile(&name, &text) {
        Ok(rules) => {
            let builtin = nianbao_rules::builtin::rule_set().unwrap_or_default();
            let lints = nianbao_rules::lint::lint(&name, &text, &rules, &builtin);
            for diagnostic in lints.diagnostics() {
                let _ = writeln!(
                    context.out,
                    "{}\n",
                    graphical(&diagnostic, context.style).trim_end()
                );
            }
            for template in &rules.templates {
                let _ = writeln!(
                    context.out,
                    "{name}：模板 {}（{}），章节 {} 个，表格 {} 张，检查 {} 项",
                    template.id,
                    template.issued.as_deref().unwrap_or(&template.title),
                    template.sections.len(),
                    template.tables.len(),
                    template.checks.len()
                );
            }
            if lints.is_empty() {
                let _ = writeln!(context.out, "{name}：规则文件有效");
            } else {
                let _ = writeln!(
                    context.out,
                    "{name}：规则文件有效，有 {} 处提醒（见上）",
                    lints.lints().len()
                );
            }
            if !samples.is_empty() {
                against::preview(&text, &rules, &builtin, samples, context);
            }
            Exit::Clean
        }
        Err(error) => {
            let _ = writeln!(
                context.out,
                "{}",
                graphical(&error, context.style).trim_end()
            );
            let _ = writeln!(
                context.out,
                "{name}：规则文件有 {} 处错误",
                error.errors().len()
            );
            Exit::InvalidRules
        }
    }
}

/// Rewrites rule files in the canonical layout (or, with `--check`, only says which are not).
/// A file that does not compile is left alone.
fn fmt(files: &[std::path::PathBuf], check_only: bool, context: &mut Context<'_>) -> Exit {
    let mut exit = Exit::Clean;
    for path in files {
        let (name, text) = match load::rule_text(path, context) {
            Ok(file) => file,
            Err(code) => {
                exit = exit.max(code);
                continue;
            }
        };
        if let Err(error) = nianbao_rules::compile(&name, &text) {
            let _ = writeln!(
                context.err,
                "{}",
                graphical(&error, context.style).trim_end()
            );
            exit = exit.max(Exit::InvalidRules);
            continue;
        }
        let formatted = nianbao_rules::format::format(&text);
        if formatted == text {
            let _ = writeln!(context.out, "{name}：已是标准格式");
        } else if check_only {
            let _ = writeln!(
                context.out,
                "{name}：不是标准格式（运行 nianbao rules fmt {name} 整理）"
            );
            exit = exit.max(Exit::Findings);
        } else if let Err(error) = std::fs::write(path, formatted) {
            let _ = writeln!(context.err, "错误：无法写回 {name}：{error}");
            exit = exit.max(Exit::InvalidRules);
        } else {
            let _ = writeln!(context.out, "{name}：已整理");
        }
    }
    exit
}

/// Runs every check on its own examples; a check that misjudges one is reported.
fn test(path: Option<&Path>, context: &mut Context<'_>) -> Exit {
    let rules = match load::rule_file(path, context) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    let result = nianbao_check::selftest::run_all(&rules);
    for failure in &result.failures {
        let _ = writeln!(
            context.out,
            "失败：{}:{}：{} {}",
            failure.file, failure.line, failure.check, failure.message
        );
    }
    if !result.without.is_empty() {
        let _ = writeln!(context.out, "没有例子的检查：{}", result.without.join("、"));
    }
    let failed = result.failures.len();
    let _ = writeln!(
        context.out,
        "规则自测：{} 个例子，{} 个通过，{failed} 个失败",
        result.examples,
        result.examples - failed
    );
    if failed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

fn list(files: &crate::args::RuleFiles, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(files, context) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    for template in &rules.templates {
        let _ = writeln!(context.out, "{}  {}", template.id, template.title);
        for check in &template.checks {
            let _ = writeln!(
                context.out,
                "  {:<8} {:<7} {}",
                check.id,
                check.severity.as_str(),
                check.title
            );
        }
    }
    Exit::Clean
}
