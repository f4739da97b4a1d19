//! Step three, after a rule file compiled: rule-author lints. A rule file that compiles means
//! exactly what it says, but some of what it says is almost certainly not what its author
//! meant, and shows up only later, as findings that blame correct reports. Each lint is its
//! own module:
//!
//! * [`typo`]: a declared label one or two characters away from a built-in label of the same
//!   table (a misspelt official label makes every correct report "wrong");
//! * [`prefix`]: a label that begins with another label of the same table (the binder then
//!   has to tell the two apart by the longest match);
//! * [`subtotal`]: a row or column named a subtotal (by the template's `subtotal` words)
//!   inside a group that a check adds with `sum(…)`, so it is counted twice.
//!
//! Lints are warnings, never errors: they are guesses from wording and similarity, the rules
//! still mean what they say, and an author who meant it must be able to go on. Every lint
//! points at a label or reference written in the linted file; what is only inherited from a
//! built-in file is not the author's to fix and is not reported.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use nianbao_model::Code;

use crate::ast::{self, AxisItem, PatchOp, Span, Spanned};
use crate::ruleset::RuleSet;

pub mod prefix;
pub mod subtotal;
pub mod typo;

/// One lint: what looks wrong, and where in the rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    kind: LintKind,
    span: Span,
}

impl Lint {
    /// A lint of the given kind at a span of the linted file.
    pub fn new(kind: LintKind, span: Span) -> Self {
        Self { kind, span }
    }

    /// What looks wrong.
    pub fn kind(&self) -> &LintKind {
        &self.kind
    }

    /// Where, as a byte range of the linted file.
    pub fn span(&self) -> Span {
        self.span
    }
}

/// Every kind of lint. Messages are Chinese, for the policy staff who edit rule files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LintKind {
    /// A declared label close to, but not the same as, a built-in label of the table.
    #[error("“{label}”与内置模板的“{builtin}”只差一两个字，是否写错？")]
    LabelTypo {
        /// The label as declared.
        label: String,
        /// The built-in label it resembles.
        builtin: String,
        /// The built-in template.
        template: String,
    },
    /// A label that begins with another label of the same table.
    #[error("{axis}名“{longer}”以同一表格中的“{shorter}”开头")]
    LabelPrefix {
        /// 行 or 列.
        axis: &'static str,
        /// The longer label.
        longer: String,
        /// The label it begins with.
        shorter: String,
        /// Whether the span is on the shorter label (the longer one is inherited).
        at_shorter: bool,
    },
    /// A subtotal inside a group that a check adds up.
    #[error("“{label}”是{word}，却在组“{group}”内；检查 {check} 对这一组求和时会把它重复计算")]
    SubtotalInGroup {
        /// The subtotal's label.
        label: String,
        /// The subtotal word it contains.
        word: String,
        /// The group's label.
        group: String,
        /// The group's id.
        group_id: String,
        /// The check with the `sum(…)`.
        check: String,
        /// 行 or 列.
        axis: &'static str,
    },
}

impl LintKind {
    /// The stable diagnostic code.
    pub fn code(&self) -> Code {
        match self {
            LintKind::LabelTypo { .. } => Code::LintLabelTypo,
            LintKind::LabelPrefix { .. } => Code::LintLabelPrefix,
            LintKind::SubtotalInGroup { .. } => Code::LintSubtotalInGroup,
        }
    }

    /// The text under the underlined span.
    fn label(&self) -> String {
        match self {
            LintKind::LabelTypo { builtin, .. } => format!("内置写法是“{builtin}”"),
            LintKind::LabelPrefix {
                shorter,
                longer,
                at_shorter,
                ..
            } => {
                if *at_shorter {
                    format!("“{longer}”以它开头")
                } else {
                    format!("以“{shorter}”开头")
                }
            }
            LintKind::SubtotalInGroup { group, check, .. } => {
                format!("在组“{group}”内，{check} 会把它与组内各项一起相加")
            }
        }
    }

    /// How to fix it.
    fn help(&self) -> String {
        match self {
            LintKind::LabelTypo {
                builtin, template, ..
            } => format!(
                "报告照官方格式写“{builtin}”时，会被当作与模板不符（报告本身并没有错）。如是笔误，请改为“{builtin}”；如本地格式确实这样写，请加上 or \"{builtin}\"，两种写法都认（内置模板：{template}）"
            ),
            LintKind::LabelPrefix {
                axis,
                longer,
                shorter,
                ..
            } => format!(
                "报告中正好写成其中一个的{axis}按最长的相符名称认出；但写法稍有出入、以“{shorter}”开头的{axis}名（如多了或少了字）可能被认作“{shorter}”，而不是“{longer}”。如有可能，换一种不以“{shorter}”开头的写法"
            ),
            LintKind::SubtotalInGroup {
                axis,
                group,
                group_id,
                ..
            } => format!(
                "sum 把组“{group}”（{group_id}）内的每一{axis}相加，小计也在其中，组内各项就被算了两次，正确的报告也会报错。请把这一{axis}移到组外（如 add {} … in 上一级组 after {group_id}），或在检查中逐项相加",
                if *axis == "行" { "row" } else { "column" }
            ),
        }
    }
}

/// The lints of one rule file, with its text so they can be rendered.
#[derive(Debug, Clone)]
pub struct Lints {
    source: NamedSource<Arc<str>>,
    lints: Vec<Lint>,
}

impl Lints {
    /// The individual lints, in file order.
    pub fn lints(&self) -> &[Lint] {
        &self.lints
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lints.is_empty()
    }

    /// Each lint as a diagnostic that renders with the rule file's text.
    pub fn diagnostics(&self) -> impl Iterator<Item = LintDiagnostic<'_>> {
        self.lints.iter().map(|lint| LintDiagnostic {
            lint,
            source: &self.source,
        })
    }
}

/// One lint with the text of its rule file.
#[derive(Debug)]
pub struct LintDiagnostic<'a> {
    lint: &'a Lint,
    source: &'a NamedSource<Arc<str>>,
}

impl fmt::Display for LintDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.lint.kind.fmt(f)
    }
}

impl std::error::Error for LintDiagnostic<'_> {}

impl Diagnostic for LintDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.lint.kind.code().as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Warning)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.lint.kind.help()))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.lint.kind.label()), self.lint.span),
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
}

/// Lints the rule file `name` with content `text`, which compiled to `rules`; `builtin` is
/// the shipped rule set that declared labels are compared with.
pub fn lint(name: &str, text: &str, rules: &RuleSet, builtin: &RuleSet) -> Lints {
    let mut lints = Vec::new();
    if let Ok(file) = crate::syntax::parse(text) {
        for written in &file.templates {
            let declared = Declared::of(written);
            if let Some(base) = builtin_base(written, &file, builtin) {
                typo::run(&declared, base, &mut lints);
            }
            if let Some(resolved) = rules.template(&written.id.node) {
                prefix::run(&declared, resolved, &mut lints);
                subtotal::run(written, &declared, resolved, &mut lints);
            }
        }
    }
    lints.sort_by_key(|l| (l.span.start, l.span.end));
    lints.dedup();
    Lints {
        source: NamedSource::new(name, Arc::from(text)),
        lints,
    }
}

/// The built-in template the template `id` of a rule file starts from: itself if it
/// redefines a built-in one, else the first built-in one up its `extends` chain.
pub fn builtin_base_of<'b>(
    text: &str,
    id: &str,
    builtin: &'b RuleSet,
) -> Option<&'b crate::ruleset::Template> {
    let file = crate::syntax::parse(text).ok()?;
    let written = file.templates.iter().find(|t| t.id.node == id)?;
    builtin_base(written, &file, builtin)
}

/// The built-in template a written template starts from: its own id if it redefines one,
/// else the first built-in one up its `extends` chain in the same file.
fn builtin_base<'b>(
    written: &ast::Template,
    file: &ast::File,
    builtin: &'b RuleSet,
) -> Option<&'b crate::ruleset::Template> {
    let mut current = written;
    for _ in 0..=file.templates.len() {
        if let Some(base) = builtin.template(&current.id.node) {
            return Some(base);
        }
        let parent = current.extends.as_ref()?;
        match file.templates.iter().find(|t| t.id.node == parent.node) {
            Some(next) => current = next,
            None => return builtin.template(&parent.node),
        }
    }
    None
}

/// One label (official wording or a variant) written in the linted file.
#[derive(Debug, Clone)]
pub struct DeclaredLabel<'a> {
    /// The table.
    pub table: &'a str,
    /// Whether it is a row (or row group) label.
    pub rows: bool,
    /// The row or column id.
    pub id: &'a str,
    /// Every wording of the item: the official one first, then the variants.
    pub wordings: Vec<&'a Spanned<String>>,
}

/// The labels a written template declares itself: its tables, and what its patches add or
/// relabel.
#[derive(Debug, Default)]
pub struct Declared<'a> {
    /// In file order.
    pub labels: Vec<DeclaredLabel<'a>>,
}

impl<'a> Declared<'a> {
    /// The labels of a written template.
    pub fn of(template: &'a ast::Template) -> Self {
        let mut labels = Vec::new();
        for table in &template.tables {
            for part in &table.parts {
                items(&table.id.node, true, &part.rows, &mut labels);
                items(&table.id.node, false, &part.columns, &mut labels);
            }
        }
        for patch in &template.patches {
            for op in &patch.ops {
                match op {
                    PatchOp::Add { rows, item, .. } => {
                        items(
                            &patch.table.node,
                            *rows,
                            std::slice::from_ref(item),
                            &mut labels,
                        );
                    }
                    PatchOp::Relabel { rows, id, label } => labels.push(DeclaredLabel {
                        table: &patch.table.node,
                        rows: *rows,
                        id: &id.node,
                        wordings: wordings(label),
                    }),
                    PatchOp::Remove { .. } => {}
                }
            }
        }
        Self { labels }
    }

    /// The declaration of a row or column of a table, if the template writes one (the last
    /// one, as a later relabel wins).
    pub fn find(&self, table: &str, rows: bool, id: &str) -> Option<&DeclaredLabel<'a>> {
        self.labels
            .iter()
            .rev()
            .find(|l| l.table == table && l.rows == rows && l.id == id)
    }
}

fn wordings(label: &ast::Label) -> Vec<&Spanned<String>> {
    std::iter::once(&label.text)
        .chain(label.variants.iter())
        .collect()
}

fn items<'a>(table: &'a str, rows: bool, list: &'a [AxisItem], out: &mut Vec<DeclaredLabel<'a>>) {
    for item in list {
        if !item.unlabeled {
            out.push(DeclaredLabel {
                table,
                rows,
                id: &item.id.node,
                wordings: wordings(&item.label),
            });
        }
        if let Some(children) = &item.children {
            items(table, rows, children, out);
        }
    }
}

/// A label as the binder compares it, near enough: without spaces.
pub(crate) fn compact(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// Labels of one axis of a resolved part: (node index, wording) for every wording.
pub(crate) fn wordings_of(axis: &crate::ruleset::Axis) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, node) in axis.nodes.iter().enumerate() {
        if node.unlabeled {
            continue;
        }
        for wording in node.label.all() {
            out.push((at, compact(wording)));
        }
    }
    out
}

#[cfg(test)]
#[expect(clippy::panic, reason = "tests")]
pub(crate) mod tests {
    use super::*;

    /// Compiles and lints a rule file given as text.
    pub(crate) fn lint_text(text: &str) -> Vec<Lint> {
        let builtin = match crate::builtin::rule_set() {
            Ok(set) => set,
            Err(error) => panic!("built-in rules: {error}"),
        };
        let rules = match crate::compile("test.rules", text) {
            Ok(rules) => rules,
            Err(error) => panic!("test rules: {error:?}"),
        };
        lint("test.rules", text, &rules, &builtin).lints().to_vec()
    }

    /// The shipped rule files have nothing to lint.
    #[test]
    fn shipped_rules_are_clean() {
        for rules in crate::builtin::BUILTIN {
            let found = lint_text(rules.text);
            assert!(found.is_empty(), "{}: {found:?}", rules.name);
        }
    }
}
