//! Loading the tool's inputs: rule files (embedded or given) and documents. Problems with
//! them are rendered to stderr here and turned into exit codes.

use std::io::Read;
use std::path::Path;

use miette::Diagnostic;
use nianbao_read::Limits;
use nianbao_rules::RuleSet;

use crate::budget::Overrun;
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
            let problem = io_reason(&error);
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

/// A document that took longer than its time budget.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("报告文件 {path} 在 {budget} 内没有处理完，已跳过")]
#[diagnostic(
    code("limit::time"),
    help(
        "正常的报告在几十毫秒内处理完，文件可能异常复杂或已损坏。\
         如确需检查，可以放宽时间上限，例如 --timeout 2m"
    )
)]
pub struct TimedOut {
    pub path: String,
    pub budget: String,
}

/// A step that failed inside nianbao itself (a bug), reported instead of ending the batch.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("处理报告文件 {path} 时 nianbao 内部出错，已跳过：{detail}")]
#[diagnostic(
    code("internal"),
    help("这是 nianbao 的缺陷，不是报告的问题。请把这个文件和所用的命令报告给开发者")
)]
pub struct Failed {
    pub path: String,
    pub detail: String,
}

/// A file that gave no result, already reported on stderr: what the JSON output says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The diagnostic code, e.g. `read::damaged`.
    pub code: String,
    /// The message, in Chinese.
    pub message: String,
}

/// Renders `error` to stderr and keeps its code and message.
pub fn report(error: &dyn Diagnostic, context: &mut Context<'_>) -> Unreadable {
    render::to_stream(context.err, error, context.style);
    let cause = error.diagnostic_source().unwrap_or(error);
    Unreadable {
        code: cause
            .code()
            .map_or_else(|| "internal".to_owned(), |c| c.to_string()),
        message: cause.to_string(),
    }
}

/// The report for a step that overran its budget or failed.
pub fn overrun(path: &Path, overrun: &Overrun, context: &mut Context<'_>) -> Unreadable {
    let path = path.display().to_string();
    match overrun {
        Overrun::Time(budget) => {
            let budget = humantime::format_duration(*budget).to_string();
            report(&TimedOut { path, budget }, context)
        }
        Overrun::Failed(detail) => {
            let detail = detail.clone();
            report(&Failed { path, detail }, context)
        }
    }
}

/// The bytes of a document, unless it cannot be opened or exceeds the file size limit; then
/// renders why to stderr.
pub fn file_bytes(
    path: &Path,
    limits: &Limits,
    context: &mut Context<'_>,
) -> Result<Vec<u8>, Unreadable> {
    let name = path.display().to_string();
    match bytes_within(path, limits) {
        Ok(bytes) => Ok(bytes),
        Err(FileProblem::Io(error)) => {
            let reason = io_reason(&error);
            Err(report(&IoError { path: name, reason }, context))
        }
        Err(FileProblem::Oversized(size)) => {
            let cause = nianbao_read::oversized(size, limits);
            Err(report(&UnreadableDocument { path: name, cause }, context))
        }
    }
}

/// Why a file's bytes were not read.
enum FileProblem {
    Io(std::io::Error),
    Oversized(u64),
}

/// The file's bytes, unless it is larger than the file size limit: the size is checked
/// before reading, and no more than the limit is read should the file grow meanwhile.
fn bytes_within(path: &Path, limits: &Limits) -> Result<Vec<u8>, FileProblem> {
    let file = std::fs::File::open(path).map_err(FileProblem::Io)?;
    let metadata = file.metadata().map_err(FileProblem::Io)?;
    if metadata.is_dir() {
        let error = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        return Err(FileProblem::Io(error));
    }
    if metadata.len() > limits.file_size {
        return Err(FileProblem::Oversized(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(limits.file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(FileProblem::Io)?;
    Ok(bytes)
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
