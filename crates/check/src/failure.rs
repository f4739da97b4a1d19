//! Why a document gave no result: it could not be opened or read, it ran out of time, or
//! nianbao failed on it. Each is a diagnostic with its code from the catalogue.

use std::fmt;
use std::time::Duration;

use miette::Diagnostic;
use nianbao_model::Code;
use nianbao_read::ReadError;

/// A document that could not be checked, named as the caller named it (usually its path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    name: String,
    kind: Failure,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The file could not be opened or read (with the reason, in Chinese).
    Io(String),
    /// The reader refused the bytes: damaged, unsupported, or beyond a limit.
    Read(ReadError),
    /// Reading and checking took longer than the time budget.
    Time(Duration),
    /// A bug in nianbao or in a parser it uses (with the panic's message and place).
    Internal(String),
    /// The file holds no title phrase, section heading or signature of any template: it is not
    /// an annual report (an empty file, a README, a notice).
    NotReport,
    /// A report whose format no template's signature matches; it is not checked against the
    /// nearest one, which would only give false errors.
    UnknownFormat(crate::Detection),
    /// Not one table of the chosen template was found (tables published as images, or a text
    /// that only mentions the format, like a manual): nothing can be checked.
    NoTables {
        /// The template whose tables were looked for.
        template: String,
        /// The text has form feeds between pages: most likely text extracted from a PDF (as
        /// `pdftotext` writes it), whose table cells the extraction ran together or spread
        /// over the page's columns. The PDF itself is what to check.
        page_breaks: bool,
    },
}

impl CheckError {
    pub(crate) fn new(name: impl Into<String>, kind: Failure) -> Self {
        Self {
            name: name.into(),
            kind,
        }
    }

    /// The error of a document whose contained step gave no result: the time budget was
    /// spent, or the step failed (as [`Checker::check`](crate::Checker::check) says it, for a
    /// caller that runs steps under a budget of its own).
    pub fn overrun(name: impl Into<String>, overrun: crate::contain::Overrun) -> Self {
        let kind = match overrun {
            crate::contain::Overrun::Time(total) => Failure::Time(total),
            crate::contain::Overrun::Failed(detail) => Failure::Internal(detail),
        };
        Self::new(name, kind)
    }

    /// The document's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What went wrong.
    pub fn failure(&self) -> &Failure {
        &self.kind
    }

    /// The catalogue code: the reader's own code for a refused file (`read::damaged`,
    /// `limit::depth`, …), else `read::io`, `limit::time` or `internal`.
    pub fn code(&self) -> Code {
        match &self.kind {
            Failure::Io(_) => Code::ReadIo,
            Failure::Read(cause) => read_code(cause),
            Failure::Time(_) => Code::LimitTime,
            Failure::Internal(_) => Code::Internal,
            Failure::NotReport => Code::ReadNotAReport,
            Failure::UnknownFormat(_) => Code::TemplateUnknownFormat,
            Failure::NoTables { .. } => Code::BindNoTables,
        }
    }

    /// The most specific message: the reader's own for a refused file, else this error's.
    pub fn message(&self) -> String {
        match &self.kind {
            Failure::Read(cause) => cause.to_string(),
            _ => self.to_string(),
        }
    }
}

/// The catalogue code of a reader's error.
fn read_code(error: &ReadError) -> Code {
    error.kind().code()
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.kind {
            Failure::Io(reason) => write!(f, "无法读取报告文件 {name}：{reason}"),
            Failure::Read(_) => write!(f, "无法读取报告文件 {name}"),
            Failure::Time(budget) => write!(
                f,
                "报告文件 {name} 在 {} 内没有处理完，已跳过",
                humantime::format_duration(*budget)
            ),
            Failure::Internal(detail) => {
                write!(
                    f,
                    "处理报告文件 {name} 时 nianbao 内部出错，已跳过：{detail}"
                )
            }
            Failure::NotReport => write!(
                f,
                "{name} 不像是政务公开年度报告：没有找到任何模板的标题字样、章节标题或特征词，未检查"
            ),
            Failure::UnknownFormat(detection) => {
                let found: Vec<String> = detection
                    .evidence
                    .iter()
                    .map(|e| format!("{} 的 {} 个都没有找到", e.template, e.declared))
                    .collect();
                write!(
                    f,
                    "{name} 的格式无法确定：模板特征词{}，未检查",
                    found.join("，")
                )
            }
            Failure::NoTables { template, .. } => {
                write!(f, "{name} 中没有找到模板 {template} 的任何一张表格，未检查")
            }
        }
    }
}

impl std::error::Error for CheckError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Failure::Read(cause) => Some(cause),
            _ => None,
        }
    }
}

impl Diagnostic for CheckError {
    /// A refused file shows the reader's diagnostic beneath this one, with its own code.
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match &self.kind {
            Failure::Read(_) => None,
            _ => Some(Box::new(CheckError::code(self).as_str())),
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = match &self.kind {
            Failure::Io(_) => "请检查路径是否正确、文件是否存在以及是否有读取权限",
            Failure::Read(_) => return None,
            Failure::Time(_) => {
                "正常的报告在几十毫秒内处理完，文件可能异常复杂或已损坏。\
                 如确需检查，可以放宽时间上限，例如 --timeout 2m"
            }
            Failure::Internal(_) => {
                "这是 nianbao 的缺陷，不是报告的问题。请把这个文件和所用的命令报告给开发者"
            }
            Failure::NotReport => "请确认选对了文件；空文件、说明文档、通知等不是年度报告",
            Failure::NoTables {
                page_breaks: true, ..
            } => {
                "文字中有分页符，像是从 PDF 提取出的文字（如 pdftotext 的输出）：提取时表格线已经丢掉，\
                 各个数字属于哪一行哪一列无法可靠地读出。请直接检查 PDF 文件本身（nianbao 能读有文字层的 PDF），\
                 或报告的 .docx、.html 版本"
            }
            Failure::NoTables { .. } => {
                "表格可能以图片形式发布（请找有文字的版本，或把表格录入后再检查），\
                 也可能这不是年度报告本身（如说明文档）。用 nianbao extract 可以查看读到了什么"
            }
            Failure::UnknownFormat(_) => {
                "不按最接近的模板硬套检查，以免误报。如果这是新格式的报告，请加用对应的规则文件\
                 （--rules）；如果确知格式，可用 --template 指定，例如 --template gov-2021"
            }
        };
        Some(Box::new(help))
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        match &self.kind {
            Failure::Read(cause) => Some(cause),
            _ => None,
        }
    }
}
