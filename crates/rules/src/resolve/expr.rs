//! Resolving and type-checking check expressions: cell references, variables and functions.

use std::collections::{BTreeSet, HashMap};

use nianbao_model::CompareOp;

use super::closest;
use super::suggest::closest_scored;
use crate::ast::{self, BinaryOp, DomainKind, Span, Spanned, UnaryOp};
use crate::error::{RuleError, RuleErrorKind};
use crate::ruleset::{
    ArithOp, CellRef, CellTest, Expr, Item, LogicOp, Selector, SumTerm, Table, Template, Var,
};

/// The functions of the rules language, for suggesting one when a name is misspelt.
pub(super) const FUNCTIONS: &[&str] = &[
    "sum",
    "present",
    "year",
    "collapsed",
    "has_unit",
    "blank",
    "filled",
    "mark",
    "valid",
    "mentions",
    "first",
    "percent",
    "published",
    "text_length",
    "previous",
    "repeated",
    "changed",
    "nonzero",
    "copied",
    "others_named",
    "children",
    "children_missing",
];

/// A variable of the check being resolved.
pub(super) struct VarInfo {
    pub name: String,
    pub kind: DomainKind,
    pub table: Option<String>,
    pub items: Vec<Item>,
}

/// What is in scope while resolving one check.
pub(super) struct Scope<'a> {
    template: &'a Template,
    owners: &'a HashMap<String, String>,
    pub vars: Vec<VarInfo>,
    pub tables_used: BTreeSet<String>,
    /// Tables read inside `previous(…)`: in last year's report.
    pub previous_tables: BTreeSet<String>,
    /// Whether the check compares with last year's report.
    pub needs_previous: bool,
    /// Whether the check compares with other agencies' reports.
    pub needs_units: bool,
    /// Tables read inside `children(…)`: in the constituent organs' reports.
    pub children_tables: BTreeSet<String>,
    /// Whether the check compares with constituent organs' reports.
    pub needs_children: bool,
    /// Inside `previous(…)` or `children(…)`: another report's tables are read.
    in_previous: bool,
    in_children: bool,
}

/// What an expression is, for type checking.
enum Typed {
    Number(Expr),
    Bool(Expr),
    /// One cell (usable as a number) or, when `set`, several cells (only inside `sum`).
    Cells {
        cells: CellRef,
        set: bool,
    },
    /// A section, from a `sections()` variable or a section id.
    Section(Selector),
}

impl Typed {
    fn name(&self) -> &'static str {
        match self {
            Typed::Number(_) => "数值",
            Typed::Bool(_) => "条件",
            Typed::Cells { set: false, .. } => "单元格",
            Typed::Cells { set: true, .. } => "一组单元格",
            Typed::Section(_) => "章节",
        }
    }
}

impl<'a> Scope<'a> {
    pub fn new(template: &'a Template, owners: &'a HashMap<String, String>) -> Self {
        Self {
            template,
            owners,
            vars: Vec::new(),
            tables_used: BTreeSet::new(),
            previous_tables: BTreeSet::new(),
            needs_previous: false,
            needs_units: false,
            children_tables: BTreeSet::new(),
            needs_children: false,
            in_previous: false,
            in_children: false,
        }
    }

    /// Resolves a table id used by this check's template.
    pub fn table(
        &mut self,
        id: &Spanned<String>,
        errors: &mut Vec<RuleError>,
    ) -> Option<&'a Table> {
        if let Some(table) = self.template.table(&id.node) {
            if self.in_previous {
                self.previous_tables.insert(table.id.clone());
            } else if self.in_children {
                self.children_tables.insert(table.id.clone());
            } else {
                self.tables_used.insert(table.id.clone());
            }
            return Some(table);
        }
        let kind = match self.owners.get(&id.node) {
            Some(owner) => RuleErrorKind::ForeignTable {
                id: id.node.clone(),
                owner: owner.clone(),
                template: self.template.id.clone(),
            },
            None => RuleErrorKind::UnknownTable {
                id: id.node.clone(),
                suggestion: closest(&id.node, self.template.tables.iter().map(|t| t.id.as_str())),
            },
        };
        errors.push(RuleError::new(kind, id.span));
        None
    }

    /// Resolves an expression that must be a condition (`assert`, `when`).
    pub fn condition(
        &mut self,
        expr: &Spanned<ast::Expr>,
        errors: &mut Vec<RuleError>,
    ) -> Option<Expr> {
        let typed = self.expr(expr, errors)?;
        self.expect_bool(typed, expr.span, errors)
    }

    /// Resolves the cell of an example to (table, row, column) ids; the row may be a group.
    pub fn example_cell(
        &mut self,
        expr: &Spanned<ast::Expr>,
        errors: &mut Vec<RuleError>,
    ) -> Option<(String, String, String)> {
        let Typed::Cells { cells, .. } = self.expr(expr, errors)? else {
            return mismatch("单元格", "表达式", expr.span, errors);
        };
        let row = match cells.row {
            Selector::Id(id) | Selector::Group { id, .. } => id,
            _ => {
                return mismatch(
                    "一个单元格（行用 id 或官方名称）",
                    "一组单元格",
                    expr.span,
                    errors,
                );
            }
        };
        match cells.column {
            Selector::Id(column) => Some((cells.table, row, column)),
            _ => mismatch(
                "一个单元格（列用 id 或官方名称）",
                "一组单元格",
                expr.span,
                errors,
            ),
        }
    }

    /// When `name` (unknown as a row or column id) is most likely a misspelt variable of this
    /// check, the error that says so: a variable of the axis is at least as close as any id or
    /// label in `names`, and the name is written like a variable (no capital letter) or is
    /// closer to the variable. `T3[rr, NP]` after `each r in rows(T3)` suggests `r`; `R9`
    /// stays an unknown row.
    pub(super) fn misspelt_var<'n>(
        &self,
        name: &str,
        rows: bool,
        names: impl IntoIterator<Item = &'n str>,
        span: Span,
    ) -> Option<RuleError> {
        let fits = |kind: DomainKind| match kind {
            DomainKind::Cells => true,
            DomainKind::Rows | DomainKind::RowGroups => rows,
            DomainKind::Columns | DomainKind::ColumnGroups => !rows,
            DomainKind::Sections | DomainKind::Said => false,
        };
        let vars = self
            .vars
            .iter()
            .filter(|v| fits(v.kind))
            .map(|v| v.name.as_str());
        let (var_score, var) = closest_scored(name, vars)?;
        let id_score = closest_scored(name, names).map_or(0.0, |(score, _)| score);
        let like_var = !name.chars().any(|c| c.is_uppercase());
        let likelier = var_score > id_score || (like_var && var_score >= id_score);
        likelier.then(|| {
            let kind = RuleErrorKind::UnknownVariable {
                name: name.to_owned(),
                suggestion: Some(var),
            };
            RuleError::new(kind, span)
        })
    }

    fn var(&self, name: &str) -> Option<(Var, &VarInfo)> {
        self.vars
            .iter()
            .enumerate()
            .find(|(_, v)| v.name == name)
            .map(|(at, v)| (Var(at), v))
    }

    fn expr(&mut self, expr: &Spanned<ast::Expr>, errors: &mut Vec<RuleError>) -> Option<Typed> {
        match &expr.node {
            ast::Expr::Number(n) => Some(Typed::Number(Expr::Number(*n))),
            ast::Expr::Var(name) => self.var_expr(name, expr.span, errors),
            ast::Expr::Cell { table, row, column } => {
                self.cell_ref(table, row, column, expr.span, errors)
            }
            ast::Expr::Call { name, args } => self.call(name, args, expr.span, errors),
            ast::Expr::Unary { op, operand } => {
                let inner = self.expr(operand, errors)?;
                match op {
                    UnaryOp::Not => Some(Typed::Bool(Expr::Not(Box::new(self.expect_bool(
                        inner,
                        operand.span,
                        errors,
                    )?)))),
                    UnaryOp::Neg => Some(Typed::Number(Expr::Neg(Box::new(self.expect_number(
                        inner,
                        operand.span,
                        errors,
                    )?)))),
                }
            }
            ast::Expr::Binary { op, left, right } => {
                let l = self.expr(left, errors);
                let r = self.expr(right, errors);
                let (l, r) = (l?, r?);
                match op {
                    BinaryOp::Or | BinaryOp::And => {
                        let l = self.expect_bool(l, left.span, errors);
                        let r = self.expect_bool(r, right.span, errors);
                        let logic = if *op == BinaryOp::Or {
                            LogicOp::Or
                        } else {
                            LogicOp::And
                        };
                        Some(Typed::Bool(Expr::Logic(logic, Box::new(l?), Box::new(r?))))
                    }
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul => {
                        let l = self.expect_number(l, left.span, errors);
                        let r = self.expect_number(r, right.span, errors);
                        let arith = match op {
                            BinaryOp::Add => ArithOp::Add,
                            BinaryOp::Sub => ArithOp::Sub,
                            _ => ArithOp::Mul,
                        };
                        Some(Typed::Number(Expr::Arith(
                            arith,
                            Box::new(l?),
                            Box::new(r?),
                        )))
                    }
                    BinaryOp::Eq
                    | BinaryOp::Ne
                    | BinaryOp::Lt
                    | BinaryOp::Le
                    | BinaryOp::Gt
                    | BinaryOp::Ge => {
                        let l = self.expect_number(l, left.span, errors);
                        let r = self.expect_number(r, right.span, errors);
                        let compare = match op {
                            BinaryOp::Eq => CompareOp::Eq,
                            BinaryOp::Ne => CompareOp::Ne,
                            BinaryOp::Lt => CompareOp::Lt,
                            BinaryOp::Le => CompareOp::Le,
                            BinaryOp::Gt => CompareOp::Gt,
                            _ => CompareOp::Ge,
                        };
                        Some(Typed::Bool(Expr::Compare(
                            compare,
                            Box::new(l?),
                            Box::new(r?),
                        )))
                    }
                }
            }
        }
    }

    fn var_expr(&mut self, name: &str, span: Span, errors: &mut Vec<RuleError>) -> Option<Typed> {
        match self.var(name) {
            // A variable whose domain was already reported as wrong: say nothing more.
            Some((_, info)) if info.items.is_empty() => None,
            Some((var, info)) => match info.kind {
                DomainKind::Cells => Some(Typed::Cells {
                    cells: CellRef {
                        table: info.table.clone().unwrap_or_default(),
                        row: Selector::Var(var),
                        column: Selector::Var(var),
                        span,
                    },
                    set: false,
                }),
                DomainKind::Sections => Some(Typed::Section(Selector::Var(var))),
                DomainKind::Said => Some(Typed::Number(Expr::Stated(var))),
                DomainKind::Rows | DomainKind::RowGroups => {
                    mismatch("数值或条件", "行变量", span, errors)
                }
                DomainKind::Columns | DomainKind::ColumnGroups => {
                    mismatch("数值或条件", "列变量", span, errors)
                }
            },
            None if self.template.sections.iter().any(|s| s.id == name) => {
                Some(Typed::Section(Selector::Id(name.to_owned())))
            }
            None => {
                let candidates = self
                    .vars
                    .iter()
                    .map(|v| v.name.as_str())
                    .chain(self.template.sections.iter().map(|s| s.id.as_str()));
                errors.push(RuleError::new(
                    RuleErrorKind::UnknownVariable {
                        name: name.to_owned(),
                        suggestion: closest(name, candidates),
                    },
                    span,
                ));
                None
            }
        }
    }

    fn call(
        &mut self,
        name: &Spanned<String>,
        args: &[Spanned<ast::Expr>],
        span: Span,
        errors: &mut Vec<RuleError>,
    ) -> Option<Typed> {
        let arity = |expected: &'static str, ok: bool, errors: &mut Vec<RuleError>| {
            if !ok {
                errors.push(RuleError::new(
                    RuleErrorKind::WrongArity {
                        name: name.node.clone(),
                        expected,
                        found: args.len(),
                    },
                    span,
                ));
            }
            ok
        };
        let test = match name.node.as_str() {
            "sum" => {
                if !arity("至少 1", !args.is_empty(), errors) {
                    return None;
                }
                let mut terms = Vec::new();
                for arg in args {
                    match self.expr(arg, errors)? {
                        Typed::Cells { cells, .. } => terms.push(SumTerm::Cells(cells)),
                        other => {
                            terms.push(SumTerm::Expr(self.expect_number(other, arg.span, errors)?))
                        }
                    }
                }
                return Some(Typed::Number(Expr::Sum(terms)));
            }
            "present" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                if let ast::Expr::Var(name) = &arg.node
                    && self.var(name).is_none()
                    && !self.template.sections.iter().any(|s| s.id == *name)
                {
                    let ids = self.template.sections.iter().map(|s| s.id.as_str());
                    errors.push(RuleError::new(
                        RuleErrorKind::UnknownSection {
                            id: name.clone(),
                            suggestion: closest(name, ids),
                        },
                        arg.span,
                    ));
                    return None;
                }
                return match self.expr(arg, errors)? {
                    Typed::Section(selector) => Some(Typed::Bool(Expr::Present(selector))),
                    other => mismatch("章节", other.name(), arg.span, errors),
                };
            }
            "year" => {
                if !args.is_empty() {
                    arity("0", false, errors);
                    return None;
                }
                return Some(Typed::Number(Expr::Year));
            }
            "text_length" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                let section = self.section_arg(arg, errors)?;
                return Some(Typed::Number(Expr::TextLength(section)));
            }
            "published" => {
                if !args.is_empty() {
                    arity("0", false, errors);
                    return None;
                }
                return Some(Typed::Number(Expr::Published));
            }
            "mentions" | "first" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                let ast::Expr::Var(fact) = &arg.node else {
                    return mismatch("说法（fact）的 id", "表达式", arg.span, errors);
                };
                if self.template.fact(fact).is_none() {
                    let id = Spanned {
                        node: fact.clone(),
                        span: arg.span,
                    };
                    errors.push(super::checks::unknown_fact(self.template, &id));
                    return None;
                }
                return Some(Typed::Number(if name.node == "first" {
                    Expr::First(fact.clone())
                } else {
                    Expr::Mentions(fact.clone())
                }));
            }
            "percent" => {
                let [part, whole] = args else {
                    arity("2", false, errors);
                    return None;
                };
                let p = self.expr(part, errors);
                let w = self.expr(whole, errors);
                let p = self.expect_number(p?, part.span, errors);
                let w = self.expect_number(w?, whole.span, errors);
                return Some(Typed::Number(Expr::Percent(Box::new(p?), Box::new(w?))));
            }
            "previous" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                if self.in_previous || self.in_children {
                    return mismatch(
                        "本年度的值（previous 不能套 previous）",
                        "上一年度的值",
                        span,
                        errors,
                    );
                }
                self.needs_previous = true;
                self.in_previous = true;
                let inner = self.expr(arg, errors);
                self.in_previous = false;
                return match inner? {
                    Typed::Bool(expr) => Some(Typed::Bool(Expr::Previous(Box::new(expr)))),
                    other => {
                        let expr = self.expect_number(other, arg.span, errors)?;
                        Some(Typed::Number(Expr::Previous(Box::new(expr))))
                    }
                };
            }
            "repeated" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                let section = self.section_arg(arg, errors)?;
                self.needs_previous = true;
                return Some(Typed::Number(Expr::Repeated(section)));
            }
            "changed" | "nonzero" => {
                if !arity("至少 1", !args.is_empty(), errors) {
                    return None;
                }
                let mut tables = Vec::new();
                for arg in args {
                    let ast::Expr::Var(id) = &arg.node else {
                        return mismatch("表格 id", "表达式", arg.span, errors);
                    };
                    let id = Spanned {
                        node: id.clone(),
                        span: arg.span,
                    };
                    tables.push(self.table(&id, errors)?.id.clone());
                }
                if name.node == "nonzero" {
                    return Some(Typed::Number(Expr::Nonzero(tables)));
                }
                self.needs_previous = true;
                self.previous_tables.extend(tables.iter().cloned());
                return Some(Typed::Number(Expr::Changed(tables)));
            }
            "children" => {
                let [arg] = args else {
                    arity("1", false, errors);
                    return None;
                };
                if self.in_previous || self.in_children {
                    return mismatch(
                        "本报告的值（children 不能套在 previous 或 children 中）",
                        "其他报告的值",
                        span,
                        errors,
                    );
                }
                self.needs_children = true;
                self.in_children = true;
                let inner = self.expr(arg, errors);
                self.in_children = false;
                let expr = self.expect_number(inner?, arg.span, errors)?;
                return Some(Typed::Number(Expr::Children(Box::new(expr))));
            }
            "children_missing" => {
                if !args.is_empty() {
                    arity("0", false, errors);
                    return None;
                }
                self.needs_children = true;
                return Some(Typed::Number(Expr::ChildrenMissing));
            }
            "copied" | "others_named" => {
                if !args.is_empty() {
                    arity("0", false, errors);
                    return None;
                }
                self.needs_units = true;
                return Some(Typed::Number(if name.node == "copied" {
                    Expr::Copied
                } else {
                    Expr::OthersNamed
                }));
            }
            "collapsed" => CellTest::Collapsed,
            "has_unit" => CellTest::HasUnit,
            "blank" => CellTest::Blank,
            "filled" => CellTest::Filled,
            "mark" => CellTest::Mark,
            "valid" => CellTest::Valid,
            unknown => {
                errors.push(RuleError::new(
                    RuleErrorKind::UnknownFunction {
                        name: unknown.to_owned(),
                        suggestion: closest(unknown, FUNCTIONS.iter().copied()),
                    },
                    name.span,
                ));
                return None;
            }
        };
        let [arg] = args else {
            arity("1", false, errors);
            return None;
        };
        match self.expr(arg, errors)? {
            Typed::Cells { cells, .. } => Some(Typed::Bool(Expr::Test(test, cells))),
            other => mismatch("单元格", other.name(), arg.span, errors),
        }
    }

    /// A section given to a function (`text_length(S5)`, `repeated(s)`): its id, or a
    /// variable over `sections()`.
    fn section_arg(
        &self,
        arg: &Spanned<ast::Expr>,
        errors: &mut Vec<RuleError>,
    ) -> Option<Selector> {
        let ast::Expr::Var(section) = &arg.node else {
            return mismatch("章节", "表达式", arg.span, errors);
        };
        if let Some((var, info)) = self.var(section) {
            return match info.kind {
                DomainKind::Sections => Some(Selector::Var(var)),
                _ => mismatch("章节", "其他变量", arg.span, errors),
            };
        }
        if !self.template.sections.iter().any(|s| s.id == *section) {
            let ids = self.template.sections.iter().map(|s| s.id.as_str());
            errors.push(RuleError::new(
                RuleErrorKind::UnknownSection {
                    id: section.clone(),
                    suggestion: closest(section, ids),
                },
                arg.span,
            ));
            return None;
        }
        Some(Selector::Id(section.clone()))
    }

    fn expect_bool(&self, typed: Typed, span: Span, errors: &mut Vec<RuleError>) -> Option<Expr> {
        match typed {
            Typed::Bool(expr) => Some(expr),
            other => {
                mismatch::<()>("条件（如 a == b）", other.name(), span, errors);
                None
            }
        }
    }

    fn expect_number(&self, typed: Typed, span: Span, errors: &mut Vec<RuleError>) -> Option<Expr> {
        match typed {
            Typed::Number(expr) => Some(expr),
            Typed::Cells { cells, set: false } => Some(Expr::Cell(cells)),
            Typed::Cells { set: true, cells } => {
                errors.push(RuleError::new(
                    RuleErrorKind::SetAsCell {
                        id: describe_set(&cells),
                    },
                    span,
                ));
                None
            }
            other => {
                mismatch::<()>("数值", other.name(), span, errors);
                None
            }
        }
    }
}

mod cells;

fn mismatch<T>(
    expected: &'static str,
    found: &'static str,
    span: Span,
    errors: &mut Vec<RuleError>,
) -> Option<T> {
    errors.push(RuleError::new(
        RuleErrorKind::TypeMismatch { expected, found },
        span,
    ));
    None
}

fn describe_set(cells: &CellRef) -> String {
    let part = |s: &Selector| match s {
        Selector::Id(id) => id.clone(),
        Selector::Ids(ids) if ids.len() > 3 => format!(
            "{} 等 {} 项",
            ids.first().cloned().unwrap_or_default(),
            ids.len()
        ),
        Selector::Ids(ids) => ids.join("、"),
        Selector::Group { id, .. } => id.clone(),
        Selector::AllColumns => "*".into(),
        Selector::Var(_) | Selector::Child(..) => "变量".into(),
    };
    format!(
        "{}[{}, {}]",
        cells.table,
        part(&cells.row),
        part(&cells.column)
    )
}
