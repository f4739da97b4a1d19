//! Loading the rule files (embedded or given). Problems with them are rendered to stderr here
//! and turned into exit codes; documents are read by the library's checker.

use std::path::Path;

use miette::Diagnostic;
use nianbao_rules::RuleSet;

use crate::render;
use crate::{Context, Exit};

/// The rule set from `--rules FILE`, or the embedded default.
pub fn rules(path: Option<&Path>, context: &mut Context<'_>) -> Result<RuleSet, Exit> {
    let Some(path) = path else {
        return nianbao_rules::builtin::rule_set().map_err(|error| {
            render::to_stream(context.err, &error, context.style);
            Exit::InvalidRules
        });
    };
    let (name, text) = rule_text(path, context)?;
    nianbao_rules::compile(&name, &text).map_err(|error| {
        render::to_stream(context.err, &error, context.style);
        Exit::InvalidRules
    })
}

/// The name and text of a rule file; a file that cannot be read is reported on stderr. Rule
/// files saved by Notepad as GBK ("ANSI") or UTF-16 are decoded like documents.
pub fn rule_text(path: &Path, context: &mut Context<'_>) -> Result<(String, String), Exit> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(context.err, "错误：无法读取规则文件 {name}：{problem}");
            return Err(Exit::InvalidRules);
        }
    };
    match nianbao_read::decode_text(&bytes) {
        Ok((text, _)) => Ok((name, text)),
        Err(cause) => {
            let error = UnreadableRules { path: name, cause };
            render::to_stream(context.err, &error, context.style);
            Err(Exit::InvalidRules)
        }
    }
}

/// A rule file that is not text in a supported encoding.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("无法读取规则文件 {path}")]
pub struct UnreadableRules {
    pub path: String,
    #[source]
    #[diagnostic_source]
    pub cause: nianbao_read::ReadError,
}
