//! Command-line mistakes in Chinese: clap finds them, this module says them. Clap's own
//! English rendering is the fallback only for kinds it has no words for here.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The message for a clap error that goes to stderr (exit 2).
pub fn message(error: &clap::Error) -> String {
    let context = |kind: ContextKind| error.get(kind).map(value);
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let given = context(ContextKind::InvalidValue).unwrap_or_default();
    let mut lines = Vec::new();
    let headline = match error.kind() {
        ErrorKind::UnknownArgument => format!("不认识的选项 {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "没有这个子命令：{}",
            context(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::InvalidValue if given.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("{given} 不是 {arg} 的有效取值"),
        ErrorKind::ValueValidation => match std::error::Error::source(error) {
            Some(reason) => format!("{arg} 的取值 {given} 无效：{reason}"),
            None => format!("{arg} 的取值 {given} 无效"),
        },
        ErrorKind::ArgumentConflict => {
            let prior = context(ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} 不能与 {prior} 同时使用")
        }
        ErrorKind::TooManyValues => format!("{arg} 的值太多：{given}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 的写法不对"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_owned(),
        _ => return english(error),
    };
    lines.push(format!("错误：{headline}"));
    if let Some(valid) = context(ContextKind::ValidValue) {
        lines.push(format!("  可选的值：{valid}"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(suggested) = context(kind) {
            lines.push(format!("  是不是 {suggested}？"));
        }
    }
    if error.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        lines.push(format!("  如果 {arg} 是文件名，请写在 -- 之后：-- {arg}"));
    }
    if let Some(usage) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        lines.push(String::new());
        lines.push(format!("用法：{}", translate_scaffolding(usage)));
        lines.push(String::new());
        lines.push("查看说明：加上 --help".to_owned());
    }
    lines.join("\n") + "\n"
}

fn value(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The help or version text clap rendered, with clap's own English scaffolding in Chinese:
/// the headings, the lists of values and defaults, the help and version flags' lines (the
/// descriptions are written in Chinese in `args`).
pub fn help(error: &clap::Error) -> String {
    translate_scaffolding(&error.render().to_string())
}

/// Clap's headings, each a line of its own.
const HEADINGS: &[(&str, &str)] = &[
    ("Arguments:", "参数："),
    ("Options:", "选项："),
    ("Commands:", "命令："),
];

/// Clap's words within lines and their Chinese, longer phrases before the shorter ones they
/// contain.
const WORDS: &[(&str, &str)] = &[
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("<COMMAND>", "<命令>"),
    ("Possible values:", "可选的值："),
    ("[default: ", "[默认："),
    ("[possible values: ", "[可选："),
    ("[aliases: ", "[别名："),
    ("[env: ", "[环境变量："),
    (
        "Print help (see a summary with '-h')",
        "显示说明（-h 只显示摘要）",
    ),
    (
        "Print help (see more with '--help')",
        "显示说明（--help 显示详细说明）",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本说明，或某个子命令的说明",
    ),
    ("Print help", "显示说明"),
    ("Print version", "显示版本号"),
];

fn translate_scaffolding(text: &str) -> String {
    let mut text = text.to_owned();
    for (english, chinese) in WORDS {
        text = text.replace(english, chinese);
    }
    text.split('\n')
        .map(|line| {
            if let Some((_, chinese)) = HEADINGS.iter().find(|(english, _)| line == *english) {
                return (*chinese).to_owned();
            }
            // A heading of our own gets clap's ASCII colon: the Chinese one, as above.
            match line.strip_suffix(':') {
                Some(heading) if !heading.is_empty() && !heading.starts_with(' ') => {
                    format!("{heading}：")
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Clap's own rendering, with its `error:` prefix in Chinese.
fn english(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    match rendered.strip_prefix("error: ") {
        Some(rest) => format!("错误：{rest}"),
        None => rendered,
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use clap::Parser as _;

    use super::*;
    use crate::args::Cli;

    fn error(args: &[&str]) -> String {
        message(&Cli::try_parse_from(args).unwrap_err())
    }

    /// Every command's help, long and short, says clap's scaffolding in Chinese.
    #[test]
    fn help_has_no_english_scaffolding() {
        fn paths(command: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
            out.push(prefix.to_vec());
            for sub in command.get_subcommands() {
                let mut path = prefix.to_vec();
                path.push(sub.get_name().to_owned());
                paths(sub, &path, out);
            }
        }
        let mut all = Vec::new();
        paths(&<Cli as clap::CommandFactory>::command(), &[], &mut all);
        assert!(all.len() > 10, "{all:?}");
        for path in all {
            for flag in ["--help", "-h"] {
                let args = std::iter::once("nianbao".to_owned())
                    .chain(path.iter().cloned())
                    .chain(std::iter::once(flag.to_owned()));
                let text = help(&Cli::try_parse_from(args).unwrap_err());
                assert!(text.contains("用法："), "{path:?} {flag}: {text}");
                for english in [
                    "Usage",
                    "Options",
                    "Arguments",
                    "Commands",
                    "Possible values",
                    "default:",
                    "possible values",
                    "Print ",
                ] {
                    assert!(
                        !text.contains(english),
                        "{path:?} {flag}: {english} in\n{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn mistakes_are_told_in_chinese() {
        let unknown = error(&["nianbao", "check", "--bogus", "a.txt"]);
        assert!(
            unknown.starts_with("错误：不认识的选项 --bogus"),
            "{unknown}"
        );
        let subcommand = error(&["nianbao", "chek"]);
        assert!(subcommand.contains("是不是 check？"), "{subcommand}");
        let missing = error(&["nianbao", "check"]);
        assert!(missing.contains("缺少必需的参数"), "{missing}");
        let value = error(&["nianbao", "check", "--format", "xml", "a.txt"]);
        assert!(value.contains("可选的值"), "{value}");
        for text in [unknown, subcommand, missing, value] {
            assert!(
                !text.contains("error:") && !text.contains("Usage:"),
                "{text}"
            );
        }
    }
}
