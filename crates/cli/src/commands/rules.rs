//! `nianbao rules check FILE` and `nianbao rules list`.

use std::path::Path;

use crate::args::RulesCommand;
use crate::render::graphical;
use crate::{Context, Exit, load};

pub fn run(command: RulesCommand, context: &mut Context<'_>) -> Exit {
    match command {
        RulesCommand::Check { file } => check(&file, context),
        RulesCommand::List { rules } => list(rules.as_deref(), context),
    }
}

/// Compiles a rule file; its mistakes are this command's output, so they go to stdout.
fn check(path: &Path, context: &mut Context<'_>) -> Exit {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            let reason = load::io_reason(&error);
            let _ = writeln!(context.err, "错误：无法读取规则文件 {name}：{reason}");
            return Exit::InvalidRules;
        }
    };
    match nianbao_rules::compile(&name, &text) {
        Ok(rules) => {
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
            let _ = writeln!(context.out, "{name}：规则文件有效");
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

fn list(path: Option<&Path>, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(path, context) {
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
