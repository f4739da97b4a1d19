//! Errors in rule files: one kind per mistake, each located by a span in the rule file.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use nianbao_model::Code;

use crate::ast::Span;

/// One mistake in a rule file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    kind: RuleErrorKind,
    span: Span,
}

impl RuleError {
    /// A mistake of the given kind at a span.
    pub fn new(kind: RuleErrorKind, span: Span) -> Self {
        Self { kind, span }
    }

    /// What is wrong.
    pub fn kind(&self) -> &RuleErrorKind {
        &self.kind
    }

    /// Where, as a byte range of the rule file.
    pub fn span(&self) -> Span {
        self.span
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for RuleError {}

impl Diagnostic for RuleError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code().as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind
            .help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.kind.label()), self.span),
        )))
    }
}

/// Every kind of mistake a rule file can hold. Messages are Chinese, for the policy staff who
/// edit rule files; user input is quoted with backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The text does not follow the grammar: what should be here (a few Chinese words), what
    /// is (quoted), and a hint for the situation.
    #[error("此处应为{expected}，写的是{found}")]
    Syntax {
        expected: String,
        found: String,
        help: String,
    },
    /// A string whose closing quote is missing on its line; located at the end of that line.
    #[error("引号没有闭合")]
    UnclosedString {
        /// The opening quote.
        open: char,
        /// A closing quote of the other kind later on the line (`”` after `"`, `"` after `“`).
        other: Option<char>,
    },
    /// A full-width or Chinese punctuation character the language has no use for.
    #[error("这是{name}“{found}”，{advice}")]
    FullWidth {
        found: char,
        name: &'static str,
        advice: String,
    },
    /// A word close to a keyword where a keyword must stand.
    #[error("不认识的关键字 `{word}`")]
    UnknownKeyword { word: String, suggestion: String },
    /// An expression nested or chained beyond what nianbao accepts.
    #[error("表达式嵌套或连写太深（上限 {limit} 层）")]
    TooDeep { limit: usize },
    /// A number literal cannot be represented.
    #[error("无法读取数字 `{text}`")]
    BadNumber { text: String },
    /// An id is declared twice where it must be unique.
    #[error("{what} `{id}` 重复定义")]
    DuplicateId { what: &'static str, id: String },
    /// A table id that no template declares.
    #[error("找不到表格 `{id}`")]
    UnknownTable {
        id: String,
        suggestion: Option<String>,
    },
    /// A table of another template.
    #[error("表格 `{id}` 属于模板 `{owner}`，不能在模板 `{template}` 的检查中使用")]
    ForeignTable {
        id: String,
        owner: String,
        template: String,
    },
    /// A row id or label the table does not have.
    #[error("表格 `{table}` 中没有行 `{id}`")]
    UnknownRow {
        table: String,
        id: String,
        suggestion: Option<String>,
    },
    /// A column id or label the table does not have.
    #[error("表格 `{table}` 中没有列 `{id}`")]
    UnknownColumn {
        table: String,
        id: String,
        suggestion: Option<String>,
    },
    /// A section id the template does not have.
    #[error("模板中没有章节 `{id}`")]
    UnknownSection {
        id: String,
        suggestion: Option<String>,
    },
    /// A name that is neither a variable nor an id.
    #[error("未定义的变量 `{name}`")]
    UnknownVariable {
        name: String,
        suggestion: Option<String>,
    },
    /// A function the language does not have.
    #[error("没有函数 `{name}`")]
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    /// A function called with the wrong number of arguments.
    #[error("函数 `{name}` 需要 {expected} 个参数，这里给了 {found} 个")]
    WrongArity {
        name: String,
        expected: &'static str,
        found: usize,
    },
    /// An expression of the wrong type for where it is used.
    #[error("此处需要{expected}，但写的是{found}")]
    TypeMismatch {
        expected: &'static str,
        found: &'static str,
    },
    /// A group or `*` used where one cell is needed.
    #[error("`{id}` 是一组单元格，不能当作单个单元格使用")]
    SetAsCell { id: String },
    /// A `{placeholder}` in a message that names nothing.
    #[error("消息中的占位符 `{{{name}}}` 没有对应的变量")]
    UnknownPlaceholder {
        name: String,
        suggestion: Option<String>,
    },
    /// A domain such as `rows(…)` with the wrong arguments.
    #[error("{message}")]
    BadDomain { message: String },
    /// A table, part or axis without rows or columns.
    #[error("{what} 没有声明任何{axis}")]
    EmptyAxis { what: String, axis: &'static str },
    /// A check whose `each` gives more combinations than can be evaluated.
    #[error("检查 `{id}` 的 each 共有 {sizes} = {count} 种组合，超过上限 {limit}")]
    TooManyInstances {
        id: String,
        sizes: String,
        count: String,
        limit: usize,
    },
    /// A check without `assert`.
    #[error("检查 `{id}` 没有 assert")]
    NoAssert { id: String },
    /// `extends` names a template that does not exist.
    #[error("找不到要扩展的模板 `{id}`")]
    UnknownTemplate {
        id: String,
        suggestion: Option<String>,
    },
    /// `remove check` or `severity` names a check the extended template does not have.
    #[error("被扩展的模板中没有检查 `{id}`")]
    UnknownCheck {
        id: String,
        suggestion: Option<String>,
    },
    /// Templates that extend each other in a circle.
    #[error("模板的 extends 形成了循环：{chain}")]
    ExtendsCycle { chain: String },
    /// A chain of `extends` longer than any real format family.
    #[error("模板的 extends 链太长（超过 {limit} 层）")]
    ExtendsTooDeep { limit: usize },
    /// A check inherited through `extends` no longer resolves after the changes.
    #[error("从 `{parent}` 继承的检查 `{check}` 在修改后无法使用：{detail}")]
    InheritedCheck {
        check: String,
        parent: String,
        detail: String,
    },
    /// A `say` phrase of a fact that cannot be read.
    #[error("说法写得不对：{message}")]
    BadPhrase { message: String, help: String },
    /// `said(F)` or `mentions(F)` names no fact of the template.
    #[error("没有说法 `{id}`")]
    UnknownFact {
        id: String,
        suggestion: Option<String>,
    },
    /// A bug in nianbao itself: the grammar allowed something the lowering does not know.
    #[error("内部错误：{what}")]
    Internal { what: String },
}

impl RuleErrorKind {
    /// The stable diagnostic code.
    pub fn code(&self) -> Code {
        match self {
            RuleErrorKind::Syntax { .. } => Code::SyntaxError,
            RuleErrorKind::UnclosedString { .. } => Code::SyntaxUnclosedString,
            RuleErrorKind::FullWidth { .. } => Code::SyntaxFullWidth,
            RuleErrorKind::UnknownKeyword { .. } => Code::SyntaxUnknownKeyword,
            RuleErrorKind::BadNumber { .. } => Code::SyntaxBadNumber,
            RuleErrorKind::TooDeep { .. } => Code::SyntaxTooDeep,
            RuleErrorKind::DuplicateId { .. } => Code::ResolveDuplicateId,
            RuleErrorKind::UnknownTable { .. } => Code::ResolveUnknownTable,
            RuleErrorKind::ForeignTable { .. } => Code::ResolveForeignTable,
            RuleErrorKind::UnknownRow { .. } => Code::ResolveUnknownRow,
            RuleErrorKind::UnknownColumn { .. } => Code::ResolveUnknownColumn,
            RuleErrorKind::UnknownSection { .. } => Code::ResolveUnknownSection,
            RuleErrorKind::BadPhrase { .. } => Code::ResolveBadPhrase,
            RuleErrorKind::UnknownFact { .. } => Code::ResolveUnknownFact,
            RuleErrorKind::UnknownVariable { .. } => Code::ResolveUnknownVariable,
            RuleErrorKind::UnknownFunction { .. } => Code::ResolveUnknownFunction,
            RuleErrorKind::WrongArity { .. } => Code::ResolveWrongArity,
            RuleErrorKind::TypeMismatch { .. } => Code::ResolveTypeMismatch,
            RuleErrorKind::SetAsCell { .. } => Code::ResolveSetAsCell,
            RuleErrorKind::UnknownPlaceholder { .. } => Code::ResolveUnknownPlaceholder,
            RuleErrorKind::BadDomain { .. } => Code::ResolveBadDomain,
            RuleErrorKind::EmptyAxis { .. } => Code::ResolveEmptyAxis,
            RuleErrorKind::NoAssert { .. } => Code::ResolveNoAssert,
            RuleErrorKind::TooManyInstances { .. } => Code::ResolveTooManyInstances,
            RuleErrorKind::UnknownTemplate { .. } => Code::ResolveUnknownTemplate,
            RuleErrorKind::ExtendsCycle { .. } => Code::ResolveExtendsCycle,
            RuleErrorKind::ExtendsTooDeep { .. } => Code::ResolveExtendsTooDeep,
            RuleErrorKind::UnknownCheck { .. } => Code::ResolveUnknownCheck,
            RuleErrorKind::InheritedCheck { .. } => Code::ResolveInheritedCheck,
            RuleErrorKind::Internal { .. } => Code::Internal,
        }
    }

    /// The text under the underlined span.
    fn label(&self) -> String {
        match self {
            RuleErrorKind::Syntax { expected, .. } => format!("应为{expected}"),
            RuleErrorKind::UnclosedString { open, .. } => {
                format!("这一行结束了，以 `{open}` 开始的文字还没有右引号")
            }
            RuleErrorKind::FullWidth { name, .. } => (*name).into(),
            RuleErrorKind::UnknownKeyword { .. } => "拼写有误".into(),
            RuleErrorKind::DuplicateId { .. } => "再次定义于此".into(),
            RuleErrorKind::UnknownTable { .. } | RuleErrorKind::ForeignTable { .. } => {
                "这张表格".into()
            }
            RuleErrorKind::UnknownRow { .. } => "没有这一行".into(),
            RuleErrorKind::UnknownColumn { .. } => "没有这一列".into(),
            RuleErrorKind::UnknownSection { .. } => "没有这一章节".into(),
            RuleErrorKind::UnknownFact { .. } => "没有这个说法".into(),
            RuleErrorKind::BadPhrase { .. } => "这里".into(),
            RuleErrorKind::UnknownVariable { .. } => "未定义".into(),
            RuleErrorKind::UnknownFunction { .. } => "没有这个函数".into(),
            RuleErrorKind::UnknownPlaceholder { .. } => "未知的占位符".into(),
            RuleErrorKind::SetAsCell { .. } => "这是一组单元格".into(),
            RuleErrorKind::TypeMismatch { found, .. } => format!("这是{found}"),
            _ => "这里".into(),
        }
    }

    /// How to fix it.
    fn help(&self) -> Option<String> {
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| format!("是否想写 `{s}`？"));
        match self {
            RuleErrorKind::UnknownTable { suggestion, .. }
            | RuleErrorKind::UnknownRow { suggestion, .. }
            | RuleErrorKind::UnknownColumn { suggestion, .. }
            | RuleErrorKind::UnknownSection { suggestion, .. }
            | RuleErrorKind::UnknownVariable { suggestion, .. }
            | RuleErrorKind::UnknownFunction { suggestion, .. }
            | RuleErrorKind::UnknownPlaceholder { suggestion, .. }
            | RuleErrorKind::UnknownTemplate { suggestion, .. }
            | RuleErrorKind::UnknownCheck { suggestion, .. }
            | RuleErrorKind::UnknownFact { suggestion, .. } => did_you_mean(suggestion),
            RuleErrorKind::BadPhrase { help, .. } => Some(help.clone()),
            RuleErrorKind::ExtendsCycle { .. } => Some("让模板只扩展一个不扩展它的模板".into()),
            RuleErrorKind::ExtendsTooDeep { limit } => Some(format!(
                "每个模板只写与它所扩展的模板不同之处；{limit} 层以内足够表示国家格式、地方格式和新版格式"
            )),
            RuleErrorKind::InheritedCheck { .. } => Some(
                "修改（删除或改名）了这个检查要用的行、列或表格；请用 `remove check` 关掉它，或写一个同 id 的检查替换它".into(),
            ),
            RuleErrorKind::Syntax { help, .. } => Some(help.clone()),
            RuleErrorKind::UnclosedString { open, other } => Some(match (open, other) {
                (_, Some(other)) => format!(
                    "文字以 `{open}` 开始，却以 `{other}` 结束；左右引号要用同一种：\"…\" 或 “…”"
                ),
                ('“', None) => "在文字末尾补上右引号 `”`；文字不能跨行".into(),
                ('‘', None) => "在文字末尾补上右引号 `’`；文字不能跨行".into(),
                _ => "在文字末尾补上引号 `\"`；文字不能跨行，需要换行请写 \\n".into(),
            }),
            RuleErrorKind::FullWidth { .. } => {
                Some("把输入法切换到英文标点（半角）状态后重新输入这个符号".into())
            }
            RuleErrorKind::UnknownKeyword { suggestion, .. } => {
                Some(format!("是不是 `{suggestion}`？"))
            }
            RuleErrorKind::DuplicateId { .. } => {
                Some("每个 id 在其范围内只能定义一次，请改名".into())
            }
            RuleErrorKind::ForeignTable { .. } => Some(
                "检查只能使用本模板声明的表格；请在本模板中声明该表格，或把检查移到对应模板".into(),
            ),
            RuleErrorKind::SetAsCell { .. } => {
                Some("对一组单元格求和请写 sum(…)，例如 sum(T3[R3.3, c])".into())
            }
            RuleErrorKind::NoAssert { .. } => Some("添加一行 `assert 条件`".into()),
            RuleErrorKind::TooManyInstances { .. } => Some(
                "每种组合都要计算一次，这么多组合会让检查无法完成。请减少 each 后面的变量，或把范围缩小到表格的一部分（如 rows(T2, P1)）".into(),
            ),
            RuleErrorKind::WrongArity { .. }
            | RuleErrorKind::TypeMismatch { .. }
            | RuleErrorKind::BadNumber { .. }
            | RuleErrorKind::TooDeep { .. }
            | RuleErrorKind::BadDomain { .. }
            | RuleErrorKind::EmptyAxis { .. }
            | RuleErrorKind::Internal { .. } => None,
        }
    }
}

/// All mistakes found in a rule file (or the files of a rule set), with their texts so they
/// can be rendered, each in its own file.
///
/// The first error is the diagnostic itself; the others are its `related` diagnostics, so a
/// caller that only prints `Display` still sees the first one.
#[derive(Debug, Clone)]
pub struct RuleFileError {
    errors: Vec<RuleError>,
    located: Vec<Located>,
}

/// One error with the file it is in, for rendering.
#[derive(Debug, Clone)]
struct Located {
    error: RuleError,
    source: NamedSource<Arc<str>>,
}

impl RuleFileError {
    /// Errors found in the rule file `name` with content `text`. `errors` must not be empty
    /// for the result to carry anything; an empty list renders as a generic message.
    pub fn new(name: &str, text: Arc<str>, errors: Vec<RuleError>) -> Self {
        let source = NamedSource::new(name, text);
        let located = errors
            .iter()
            .map(|error| Located {
                error: error.clone(),
                source: source.clone(),
            })
            .collect();
        Self { errors, located }
    }

    /// Errors found while compiling `sources` together; each error's span says its file.
    pub fn in_sources(sources: &[crate::RuleSource], errors: Vec<RuleError>) -> Self {
        let located = errors
            .iter()
            .map(|error| {
                let source = usize::try_from(error.span().file)
                    .ok()
                    .and_then(|at| sources.get(at));
                let (name, text) =
                    source.map_or(("", Arc::from("")), |s| (s.name.as_str(), s.text.clone()));
                Located {
                    error: error.clone(),
                    source: NamedSource::new(name, text),
                }
            })
            .collect();
        Self { errors, located }
    }

    /// The individual errors, in file order.
    pub fn errors(&self) -> &[RuleError] {
        &self.errors
    }

    /// The name of the rule file each error is in, in the order of [`Self::errors`].
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.located.iter().map(|l| l.source.name())
    }
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.first() {
            Some(first) => first.fmt(f),
            None => f.write_str("规则文件无效"),
        }
    }
}

impl std::error::Error for RuleFileError {}

impl Diagnostic for RuleFileError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.errors.first().and_then(|e| e.code())
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.errors.first().and_then(|e| e.help())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.errors.first().and_then(|e| e.labels())
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.located.first().map(|l| &l.source as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.located.iter().skip(1).map(|e| {
            let related: &dyn Diagnostic = e;
            related
        })))
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Located {}

/// A related error renders with its own file's text (an inherited check's mistake is shown
/// in the parent file).
impl Diagnostic for Located {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error.code()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.error.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
}
