//! `nianbao explain ID`: the full description of a check or a diagnostic code, or the list of
//! the codes under a prefix such as `bind` or `limit::`. A check is shown with its formula
//! and its examples as written in its rule file (the source text, comments included, so it
//! reads exactly like the file a policy officer would edit).

use std::collections::BTreeSet;
use std::io::Write as _;

use nianbao_model::Code;
use nianbao_rules::RuleSet;
use nianbao_rules::resolve::closest;
use nianbao_rules::ruleset::Check;

use crate::args::ExplainArgs;
use crate::{Context, Exit, load};

pub fn run(args: &ExplainArgs, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(&args.rules, context) {
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
        if let Some(written) = written(&rules, check) {
            let _ = writeln!(
                out,
                "\n规则（{} 第 {} 行）：\n{}",
                written.file, written.line, written.formula
            );
            if !written.examples.is_empty() {
                let _ = writeln!(out, "\n例子：\n{}", written.examples);
            }
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

/// A check's lines as written in its rule file.
struct Written {
    /// The rule file the check is written in (a built-in file for an inherited check).
    file: String,
    /// 1-based line of the `check` keyword.
    line: usize,
    /// The `treat`, `each`, `when` and `assert` lines, indented for display.
    formula: String,
    /// The `example` lines with the comments above them, indented; empty when there are none.
    examples: String,
}

/// Which part of the output a line of a check body belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Formula,
    Examples,
    Other,
}

/// The part an item line starts, by its first word; `None` for a continuation line.
fn part_of(line: &str) -> Option<Part> {
    let word = line.split(|c: char| c.is_whitespace()).next()?;
    match word {
        "treat" | "each" | "when" | "assert" => Some(Part::Formula),
        "example" => Some(Part::Examples),
        "message" | "basis" | "explain" => Some(Part::Other),
        _ => None,
    }
}

/// The check's formula and examples sliced from its rule file by the check's span; `None`
/// when the span does not lead back to the check (the text is then not shown at all rather
/// than shown wrong).
fn written(rules: &RuleSet, check: &Check) -> Option<Written> {
    let (source, line, _) = rules.locate(check.span)?;
    let text = source.text.get(check.span.start..check.span.end)?;
    let mut lines = text.lines();
    let header = lines.next()?;
    if header.split_whitespace().nth(1) != Some(check.id.as_str()) {
        return None;
    }
    let mut formula = Vec::new();
    let mut examples = Vec::new();
    if !header.trim_end().ends_with('{') {
        // Items written on the `check` line itself: show the check as written.
        formula.push(text.trim());
    } else {
        let mut current = Part::Other;
        let mut comments: Vec<&str> = Vec::new();
        for line in lines {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed == "}" {
                continue;
            }
            if trimmed.starts_with("//") {
                comments.push(line);
                continue;
            }
            if let Some(part) = part_of(trimmed) {
                current = part;
            }
            let target = match current {
                Part::Formula => &mut formula,
                Part::Examples => &mut examples,
                Part::Other => {
                    comments.clear();
                    continue;
                }
            };
            target.append(&mut comments);
            target.push(line);
        }
    }
    if formula.is_empty() {
        return None;
    }
    Some(Written {
        file: source.name.clone(),
        line,
        formula: indented(&formula),
        examples: indented(&examples),
    })
}

/// Lines with their common indentation replaced by two spaces; continuation lines keep their
/// extra indentation.
fn indented(lines: &[&str]) -> String {
    let margin = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| format!("  {}", l.get(margin..).unwrap_or(l.trim_start()).trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}
