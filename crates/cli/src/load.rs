//! Loading the tool's inputs: rule files (embedded or given) and documents. Problems with
//! them are rendered to stderr here and turned into exit codes.

use std::path::Path;
use std::sync::Arc;

use miette::Diagnostic;
use nianbao_model::Document;
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

/// The name and text of a rule file; a file that cannot be read (or is not UTF-8) is reported
/// on stderr.
pub fn rule_text(path: &Path, context: &mut Context<'_>) -> Result<(String, String), Exit> {
    let name = path.display().to_string();
    let problem = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => return Ok((name, text)),
            Err(_) => "不是 UTF-8 编码，请另存为 UTF-8 后重试".to_owned(),
        },
        Err(error) => io_reason(&error),
    };
    let _ = writeln!(context.err, "错误：无法读取规则文件 {name}：{problem}");
    Err(Exit::InvalidRules)
}

/// A document that could not be read, as a diagnostic naming the file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("无法读取报告文件 {path}：{reason}")]
#[diagnostic(
    code("read::io"),
    help("请检查路径是否正确、文件是否存在以及是否有读取权限")
)]
pub struct IoError {
    pub path: String,
    pub reason: String,
}

/// A document whose bytes the reader refused, with the offending place shown.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("无法读取报告文件 {path}")]
pub struct UnreadableDocument {
    pub path: String,
    #[source]
    #[diagnostic_source]
    pub cause: nianbao_read::ReadError,
}

/// Reads a document; on failure renders why to stderr and returns `None`.
pub fn document(
    path: &Path,
    context: &mut Context<'_>,
) -> Option<(Document, Arc<crate::render::source::DocumentSource>)> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let error = IoError {
                path: name,
                reason: io_reason(&error),
            };
            render::to_stream(context.err, &error, context.style);
            return None;
        }
    };
    let options = nianbao_read::ReadOptions {
        name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
    };
    match nianbao_read::read(&bytes, &options) {
        Ok(document) => {
            let source = Arc::new(crate::render::source::DocumentSource::new(
                name,
                Arc::<str>::from(document.text.as_str()),
            ));
            Some((document, source))
        }
        Err(cause) => {
            let error = UnreadableDocument { path: name, cause };
            render::to_stream(context.err, &error, context.style);
            None
        }
    }
}

/// Why a file could not be read, in Chinese for the common cases.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个目录，不是文件".into(),
        _ => error.to_string(),
    }
}
