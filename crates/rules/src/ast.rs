//! The syntax tree of a rule file: what was written, with spans, before any name is resolved.

use rust_decimal::Decimal;

/// A byte range in one of the rule files of a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
    /// Which rule file: the index of its [`crate::RuleSource`] in the set being compiled
    /// (0 when a single file is parsed on its own). An inherited check keeps its parent's
    /// file, so its mistakes point at the parent file's line.
    pub file: u32,
}

impl Span {
    /// The range `start..end` in the rule file being parsed on this thread.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end,
            file: PARSING.with(std::cell::Cell::get),
        }
    }

    /// The range `start..end` in the same file as `self`.
    pub fn with_range(self, start: usize, end: usize) -> Self {
        Self { start, end, ..self }
    }
}

thread_local! {
    /// The file index that spans made while parsing get; set by [`crate::syntax::parse_file`].
    pub(crate) static PARSING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.end.saturating_sub(span.start)).into()
    }
}

/// A node with the span of the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    /// The templates, in file order.
    pub templates: Vec<Template>,
}

/// `template ID "title" { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub issued: Option<Spanned<String>>,
    pub signatures: Vec<Spanned<String>>,
    /// `subtotal "小计", …`: words that mark a row or column as the total of others.
    pub subtotal_words: Vec<Spanned<String>>,
    /// The title phrase and its variants.
    pub report_phrases: Vec<Spanned<String>>,
    pub sections: Vec<Section>,
    pub treatments: Vec<Treat>,
    pub tables: Vec<Table>,
    /// Figures the prose states, and the phrases that state them.
    pub facts: Vec<Fact>,
    pub checks: Vec<Check>,
    /// `extends ID`: the template this one starts from.
    pub extends: Option<Spanned<String>>,
    /// Changes to inherited tables.
    pub patches: Vec<Patch>,
    /// Inherited checks and tables switched off.
    pub removals: Vec<Removal>,
    /// Inherited checks made more or less serious.
    pub severities: Vec<(Spanned<String>, Spanned<Severity>)>,
    /// Where the whole template is written.
    pub span: Span,
}

/// `patch table T3 { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct Patch {
    pub table: Spanned<String>,
    pub ops: Vec<PatchOp>,
}

/// One change to an inherited table.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchOp {
    /// `add column SUB "小计" in LP after OTH`
    Add {
        rows: bool,
        item: AxisItem,
        parent: Option<Spanned<String>>,
        after: Option<(bool, Spanned<String>)>,
    },
    /// `remove row R3.3.8`
    Remove { rows: bool, id: Spanned<String> },
    /// `relabel row R1 "…"`
    Relabel {
        rows: bool,
        id: Spanned<String>,
        label: Label,
    },
}

/// `remove check ID` / `remove table ID`
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub check: bool,
    pub id: Spanned<String>,
}

/// `section ID "label" or "variant"`
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: Spanned<String>,
    pub label: Label,
    /// `table T2`: the table printed under the heading.
    pub table: Option<Spanned<String>>,
}

/// A label in the official wording, with accepted variants.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: Spanned<String>,
    pub variants: Vec<Spanned<String>>,
}

/// `treat blank as zero`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Treat {
    pub class: CellClass,
    pub treatment: Treatment,
    pub span: Span,
}

/// Cells whose arithmetic meaning a `treat` line sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellClass {
    /// Nothing written.
    Blank,
    /// "—", "/", "无" and similar.
    Marks,
}

/// What such cells count as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// As 0.
    Zero,
    /// As unknown: a check instance that needs the cell is not evaluated.
    Unknown,
}

/// `table ID "title" { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    /// The blocks; a table written without `part` has one part without id or title.
    pub parts: Vec<Part>,
}

/// One block of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub corner: Option<Label>,
    pub values: Option<Values>,
    pub columns: Vec<AxisItem>,
    pub rows: Vec<AxisItem>,
    pub span: Span,
}

/// `values count unit "件"`
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    pub kind: ValueKind,
    pub unit: Option<Spanned<String>>,
}

/// What a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number ≥ 0.
    Count,
    /// A number ≥ 0, fractions allowed.
    Amount,
    /// A whole number, may be negative.
    Signed,
}

/// A row or column, or a group of them.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisItem {
    pub id: Spanned<String>,
    pub label: Label,
    /// Set for a row without a label cell; the label then only names it in messages.
    pub unlabeled: bool,
    pub values: Option<Values>,
    /// `optional`: a report may leave the row out.
    pub optional: bool,
    /// `Some` for a group (even an empty one).
    pub children: Option<Vec<AxisItem>>,
}

/// `fact ID "title" { … }`: a figure the report's prose states.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    /// `in S1, S3`: the sections whose text may state it (all the prose when empty).
    pub scope: Vec<Spanned<String>>,
    /// `say "…", "…" means 0`
    pub says: Vec<Say>,
    /// `except "…"`: words that keep a clause from stating it.
    pub except: Vec<Spanned<String>>,
    pub span: Span,
}

/// `say "收到…申请{数}件"`, or `say "未收到…申请" means 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Say {
    /// The phrases, as written (`{数}`, `…` and `{a|b}` are parsed when the set is compiled).
    pub phrases: Vec<Spanned<String>>,
    /// The value the phrases state when they hold no number.
    pub means: Option<Spanned<Decimal>>,
}

/// `check ID severity "title" { … }`
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub id: Spanned<String>,
    pub severity: Spanned<Severity>,
    pub title: Spanned<String>,
    pub message: Option<Spanned<String>>,
    /// Offsets in `message` where an escape sequence (`\"`) stood, so spans inside the
    /// message can be mapped back to the source.
    pub message_escapes: Vec<usize>,
    pub basis: Option<Spanned<String>>,
    pub explain: Option<Spanned<String>>,
    pub treatments: Vec<Treat>,
    pub bindings: Vec<Binding>,
    pub when: Option<Spanned<Expr>>,
    pub asserts: Vec<Spanned<Expr>>,
    pub examples: Vec<Example>,
    pub span: Span,
    /// Set on a check copied from the template this one extends: the parent's id. Its spans
    /// point into the parent's rule file.
    pub inherited_from: Option<String>,
}

/// `example pass { … }`: a small table the check must pass (or fail).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub pass: bool,
    pub cells: Vec<ExampleCell>,
    pub year: Option<Spanned<Decimal>>,
    pub absent: Vec<Spanned<String>>,
    /// `text "…"`: paragraphs of the example's prose.
    pub texts: Vec<Spanned<String>>,
    /// `previous { … }`: last year's report (its `pass` and `year` are unused).
    pub previous: Option<Box<Example>>,
    /// `other { … }`: other agencies' reports of the same year.
    pub others: Vec<Example>,
    /// `child { … }`: constituent organs' reports.
    pub children: Vec<Example>,
    /// `child missing "…"`: organs without a report.
    pub missing: Vec<Spanned<String>>,
    /// `agency "…"`: the agency the report's title names.
    pub agency: Option<Spanned<String>>,
    pub span: Span,
}

/// `T3[R1, NP] = 2` in an example.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCell {
    pub cell: Spanned<Expr>,
    pub value: Spanned<ExampleValue>,
}

/// What an example cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleValue {
    Number(Decimal),
    Blank,
    Text(String),
}

/// How serious a failed check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// `c in columns(T3)`
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub var: Spanned<String>,
    pub domain: Spanned<DomainKind>,
    pub args: Vec<Spanned<String>>,
}

/// What a variable ranges over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainKind {
    Rows,
    Columns,
    Cells,
    RowGroups,
    ColumnGroups,
    Sections,
    /// `said(F)`: every place the prose states fact `F`.
    Said,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(Decimal),
    Var(String),
    Cell {
        table: Spanned<String>,
        row: Spanned<Selector>,
        column: Spanned<Selector>,
    },
    Call {
        name: Spanned<String>,
        args: Vec<Spanned<Expr>>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Spanned<Expr>>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Spanned<Expr>>,
        right: Box<Spanned<Expr>>,
    },
}

/// A row or column selector inside `T[…, …]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `*`: every row or column.
    All,
    /// An id, a variable or `var.relative.id`.
    Name(String),
    /// An official label written in quotes.
    Label(String),
}

/// Operators before an operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

/// Operators between operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
}
