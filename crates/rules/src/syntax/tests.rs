//! Grammar and lowering tests: rule-file text → [`ast::File`], spans, precedence and syntax
//! errors.

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic,
    reason = "tests"
)]

use rust_decimal::Decimal;

use super::parse;
use crate::ast::*;
use crate::error::{RuleError, RuleErrorKind};

/// A small template that uses every construct of the language once.
const MINIMAL: &str = r#"
template demo "演示模板" {
  issued "国办公开办函〔2021〕30号"
  signature "本年制发件数", "本年废止件数"
  report "政府信息公开工作年度报告"
  treat blank as zero
  treat marks as unknown
  section S1 "一、总体情况"
  section S4 "四、行政复议、行政诉讼情况" or "四、复议诉讼", "四、其他说法"
  table T2 "主动公开政府信息情况" {
    part P1 "第二十条第（一）项" {
      corner "信息内容"
      columns { MADE "本年制发件数" VALID "现行有效件数" }
      rows { REG "规章" NORM "行政规范性文件" or "规范性文件" }
    }
    part P8 "第二十条第（八）项" {
      values amount unit "万元"
      columns { AMT "本年收费金额" }
      rows { FEE "行政事业性收费" }
    }
  }
  table T3 "收到和处理政府信息公开申请情况" {
    columns {
      group APP "申请人情况" {
        NP "自然人"
        group LP "法人或其他组织" { BIZ "商业企业" OTH "其他" }
        TOT "总计"
      }
    }
    rows {
      R1 "一、本年新收政府信息公开申请数量"
      group R3 "三、本年度办理结果" {
        R3.1 "（一）予以公开"
        R3.7 "（七）总计"
      }
    }
  }
  table T4 "行政复议、行政诉讼情况" {
    columns { KEEP "结果维持" values signed }
    rows { N unlabeled "件数" }
  }
  check T3-01 warning "表三各列" {
    message "“{c}”列"
    basis "依据"
    explain "说明"
    treat blank as unknown
    each c in columns(T3), r in rows(T3, R3)
    when filled(T3[r, c])
    assert T3[r, c] >= 0
    assert T3[R1, c] == 1
  }
}
"#;

/// Parses `src`, failing the test with the error if it does not parse.
fn parse_ok(src: &str) -> File {
    match parse(src) {
        Ok(file) => file,
        Err(e) => panic!("parse failed at {:?}: {e} ({:?})", e.span(), e.kind()),
    }
}

/// Parses `src`, failing the test if it parses.
fn parse_err(src: &str) -> RuleError {
    match parse(src) {
        Ok(file) => panic!("expected a syntax error, got {file:?}"),
        Err(e) => e,
    }
}

/// The source text a span claims to cover.
fn text(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

/// A file whose only check asserts `expr`.
fn expr_file(expr: &str) -> String {
    format!("template t \"t\" {{ check C error \"c\" {{ assert {expr} }} }}")
}

/// The (first) assert expression of `expr_file(expr)`.
fn parse_expr(expr: &str) -> Spanned<Expr> {
    let mut file = parse_ok(&expr_file(expr));
    file.templates.remove(0).checks.remove(0).asserts.remove(0)
}

/// Renders an expression fully parenthesised and without spans.
fn normalized(expr: &Expr) -> String {
    let selector = |s: &Selector| match s {
        Selector::All => "*".to_owned(),
        Selector::Name(name) => name.clone(),
        Selector::Label(label) => format!("{label:?}"),
    };
    match expr {
        Expr::Number(n) => n.to_string(),
        Expr::Var(name) => name.clone(),
        Expr::Cell { table, row, column } => format!(
            "{}[{}, {}]",
            table.node,
            selector(&row.node),
            selector(&column.node)
        ),
        Expr::Call { name, args } => {
            let args: Vec<String> = args.iter().map(|a| normalized(&a.node)).collect();
            format!("{}({})", name.node, args.join(", "))
        }
        Expr::Unary { op, operand } => match op {
            UnaryOp::Not => format!("(not {})", normalized(&operand.node)),
            UnaryOp::Neg => format!("(-{})", normalized(&operand.node)),
        },
        Expr::Binary { op, left, right } => {
            let op = match op {
                BinaryOp::Or => "or",
                BinaryOp::And => "and",
                BinaryOp::Eq => "==",
                BinaryOp::Ne => "!=",
                BinaryOp::Lt => "<",
                BinaryOp::Le => "<=",
                BinaryOp::Gt => ">",
                BinaryOp::Ge => ">=",
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
            };
            format!(
                "({} {op} {})",
                normalized(&left.node),
                normalized(&right.node)
            )
        }
    }
}

/// Parses an expression and renders it fully parenthesised.
fn parse_normalized(expr: &str) -> String {
    normalized(&parse_expr(expr).node)
}

/// The ids of axis items, one level deep.
fn ids(items: &[AxisItem]) -> Vec<&str> {
    items.iter().map(|i| i.id.node.as_str()).collect()
}

/// The children of a group, failing the test for a leaf.
fn children(item: &AxisItem) -> &[AxisItem] {
    match &item.children {
        Some(children) => children,
        None => panic!("{} is not a group", item.id.node),
    }
}

/// The row and column selectors of a cell reference `T[row, column]`.
fn cell_selectors(expr: &Expr) -> (&Selector, &Selector) {
    match expr {
        Expr::Cell { row, column, .. } => (&row.node, &column.node),
        other => panic!("not a cell reference: {other:?}"),
    }
}

// ---------------------------------------------------------------- shape of the tree

/// The template header, its documents and its sections (with `or` variants) are lowered.
#[test]
fn lowers_template_header_and_sections() {
    let file = parse_ok(MINIMAL);
    assert_eq!(file.templates.len(), 1);
    let t = &file.templates[0];
    assert_eq!(t.id.node, "demo");
    assert_eq!(t.title.node, "演示模板");
    assert_eq!(t.issued.as_ref().unwrap().node, "国办公开办函〔2021〕30号");
    let signatures: Vec<&str> = t.signatures.iter().map(|s| s.node.as_str()).collect();
    assert_eq!(signatures, ["本年制发件数", "本年废止件数"]);
    assert_eq!(t.report_phrases[0].node, "政府信息公开工作年度报告");
    let sections: Vec<&str> = t.sections.iter().map(|s| s.id.node.as_str()).collect();
    assert_eq!(sections, ["S1", "S4"]);
    assert_eq!(t.sections[0].label.text.node, "一、总体情况");
    assert!(t.sections[0].label.variants.is_empty());
    let variants: Vec<&str> = t.sections[1]
        .label
        .variants
        .iter()
        .map(|v| v.node.as_str())
        .collect();
    assert_eq!(variants, ["四、复议诉讼", "四、其他说法"]);
}

/// `treat` lines of a template become treatments in order.
#[test]
fn lowers_treat_lines() {
    let file = parse_ok(MINIMAL);
    let treats: Vec<(CellClass, Treatment)> = file.templates[0]
        .treatments
        .iter()
        .map(|t| (t.class, t.treatment))
        .collect();
    assert_eq!(
        treats,
        [
            (CellClass::Blank, Treatment::Zero),
            (CellClass::Marks, Treatment::Unknown)
        ]
    );
    assert_eq!(
        text(MINIMAL, file.templates[0].treatments[0].span),
        "treat blank as zero"
    );
}

/// A table with `part`s keeps them in order, with ids, titles, corner, values and unit.
#[test]
fn lowers_table_parts() {
    let file = parse_ok(MINIMAL);
    let t2 = &file.templates[0].tables[0];
    assert_eq!(t2.id.node, "T2");
    assert_eq!(t2.title.node, "主动公开政府信息情况");
    let parts: Vec<&str> = t2
        .parts
        .iter()
        .map(|p| p.id.as_ref().unwrap().node.as_str())
        .collect();
    assert_eq!(parts, ["P1", "P8"]);
    let p1 = &t2.parts[0];
    assert_eq!(p1.title.as_ref().unwrap().node, "第二十条第（一）项");
    assert_eq!(p1.corner.as_ref().unwrap().text.node, "信息内容");
    assert_eq!(p1.values, None);
    assert_eq!(ids(&p1.columns), ["MADE", "VALID"]);
    assert_eq!(ids(&p1.rows), ["REG", "NORM"]);
    assert_eq!(p1.rows[1].label.variants[0].node, "规范性文件");
    let p8 = &t2.parts[1];
    let values = p8.values.as_ref().unwrap();
    assert_eq!(values.kind, ValueKind::Amount);
    assert_eq!(values.unit.as_ref().unwrap().node, "万元");
    assert!(text(MINIMAL, p8.span).starts_with("part P8"));
    assert!(text(MINIMAL, p8.span).ends_with('}'));
}

/// A table written without `part` has exactly one part without id or title.
#[test]
fn table_without_parts_has_one_untitled_part() {
    let file = parse_ok(MINIMAL);
    let t3 = &file.templates[0].tables[1];
    assert_eq!(t3.parts.len(), 1);
    let part = &t3.parts[0];
    assert_eq!(part.id, None);
    assert_eq!(part.title, None);
    assert_eq!(ids(&part.columns), ["APP"]);
    assert_eq!(ids(&part.rows), ["R1", "R3"]);
    assert!(text(MINIMAL, part.span).starts_with("table T3"));
}

/// An empty table body still yields one (empty) part.
#[test]
fn empty_table_has_one_empty_part() {
    let file = parse_ok(r#"template t "t" { table E "空" { } }"#);
    let parts = &file.templates[0].tables[0].parts;
    assert_eq!(parts.len(), 1);
    assert!(parts[0].rows.is_empty() && parts[0].columns.is_empty());
}

/// Groups nest in columns and rows; leaves have no children, groups have `Some`.
#[test]
fn lowers_nested_groups() {
    let file = parse_ok(MINIMAL);
    let part = &file.templates[0].tables[1].parts[0];
    let app = &part.columns[0];
    assert_eq!(app.label.text.node, "申请人情况");
    assert_eq!(ids(children(app)), ["NP", "LP", "TOT"]);
    let lp = &children(app)[1];
    assert_eq!(ids(children(lp)), ["BIZ", "OTH"]);
    assert_eq!(children(app)[0].children, None);
    let r3 = &part.rows[1];
    assert_eq!(ids(children(r3)), ["R3.1", "R3.7"]);
    assert_eq!(children(r3)[1].label.text.node, "（七）总计");
    assert_eq!(part.rows[0].children, None);
}

/// An empty group is still a group (`Some(vec![])`), not a leaf.
#[test]
fn empty_group_is_a_group() {
    let file = parse_ok(r#"template t "t" { table E "空" { rows { group G "组" { } } } }"#);
    let rows = &file.templates[0].tables[0].parts[0].rows;
    assert_eq!(rows[0].children, Some(Vec::new()));
}

/// `unlabeled "件数"` marks the row and keeps the text as its label; a leaf's `values` is kept.
#[test]
fn lowers_unlabeled_row_and_leaf_values() {
    let file = parse_ok(MINIMAL);
    let part = &file.templates[0].tables[2].parts[0];
    let n = &part.rows[0];
    assert_eq!(n.id.node, "N");
    assert!(n.unlabeled);
    assert_eq!(n.label.text.node, "件数");
    assert_eq!(text(MINIMAL, n.label.text.span), "\"件数\"");
    let keep = &part.columns[0];
    assert!(!keep.unlabeled);
    assert_eq!(
        keep.values,
        Some(Values {
            kind: ValueKind::Signed,
            unit: None
        })
    );
}

/// Every part of a check is lowered: severity, texts, treat, bindings, when and asserts.
#[test]
fn lowers_check() {
    let file = parse_ok(MINIMAL);
    let check = &file.templates[0].checks[0];
    assert_eq!(check.id.node, "T3-01");
    assert_eq!(check.severity.node, Severity::Warning);
    assert_eq!(text(MINIMAL, check.severity.span), "warning");
    assert_eq!(check.title.node, "表三各列");
    assert_eq!(check.message.as_ref().unwrap().node, "“{c}”列");
    assert_eq!(check.basis.as_ref().unwrap().node, "依据");
    assert_eq!(check.explain.as_ref().unwrap().node, "说明");
    assert_eq!(check.treatments.len(), 1);
    assert_eq!(check.treatments[0].treatment, Treatment::Unknown);
    let bindings: Vec<(&str, DomainKind, Vec<&str>)> = check
        .bindings
        .iter()
        .map(|b| {
            (
                b.var.node.as_str(),
                b.domain.node,
                b.args.iter().map(|a| a.node.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        bindings,
        [
            ("c", DomainKind::Columns, vec!["T3"]),
            ("r", DomainKind::Rows, vec!["T3", "R3"])
        ]
    );
    assert_eq!(text(MINIMAL, check.bindings[1].domain.span), "rows(T3, R3)");
    assert_eq!(
        normalized(&check.when.as_ref().unwrap().node),
        "filled(T3[r, c])"
    );
    let asserts: Vec<String> = check.asserts.iter().map(|a| normalized(&a.node)).collect();
    assert_eq!(asserts, ["(T3[r, c] >= 0)", "(T3[R1, c] == 1)"]);
    assert!(text(MINIMAL, check.span).starts_with("check T3-01"));
    assert!(text(MINIMAL, check.span).ends_with('}'));
}

/// All six domain kinds are recognised, `sections()` without arguments.
#[test]
fn lowers_every_domain_kind() {
    let src = r#"template t "t" { check C error "c" {
      each a in rows(T), b in columns(T), x in cells(T, P1), g in row_groups(T),
           h in column_groups(T), s in sections()
      assert present(s) } }"#;
    let file = parse_ok(src);
    let kinds: Vec<DomainKind> = file.templates[0].checks[0]
        .bindings
        .iter()
        .map(|b| b.domain.node)
        .collect();
    assert_eq!(
        kinds,
        [
            DomainKind::Rows,
            DomainKind::Columns,
            DomainKind::Cells,
            DomainKind::RowGroups,
            DomainKind::ColumnGroups,
            DomainKind::Sections
        ]
    );
    assert!(file.templates[0].checks[0].bindings[5].args.is_empty());
}

/// Several templates in one file are kept in file order.
#[test]
fn keeps_templates_in_file_order() {
    let file = parse_ok(r#"template a "甲" {} template b "乙" {}"#);
    let ids: Vec<&str> = file.templates.iter().map(|t| t.id.node.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
}

/// Names of templates and checks may contain `-`, `_` and `.`; check ids like `T3-05a` work.
#[test]
fn names_allow_dashes_and_dots() {
    let file = parse_ok(r#"template gov-2021.v_2 "t" { check T3-05a info "c" { assert 1 == 1 } }"#);
    assert_eq!(file.templates[0].id.node, "gov-2021.v_2");
    assert_eq!(file.templates[0].checks[0].id.node, "T3-05a");
    assert_eq!(file.templates[0].checks[0].severity.node, Severity::Info);
}

// ---------------------------------------------------------------- spans

/// The span of a check id covers exactly its text, after CJK text earlier in the file.
#[test]
fn check_id_span_is_exact() {
    let file = parse_ok(MINIMAL);
    let id = &file.templates[0].checks[0].id;
    assert_eq!(text(MINIMAL, id.span), "T3-01");
    assert_eq!(id.span.start, MINIMAL.find("T3-01").unwrap());
}

/// A string's span covers its quotes; its node holds the text without them.
#[test]
fn string_span_covers_quotes() {
    let file = parse_ok(MINIMAL);
    let t = &file.templates[0];
    assert_eq!(text(MINIMAL, t.title.span), "\"演示模板\"");
    let label = &t.sections[0].label.text;
    assert_eq!(text(MINIMAL, label.span), "\"一、总体情况\"");
    assert_eq!(label.node, "一、总体情况");
    let variant = &t.sections[1].label.variants[1];
    assert_eq!(text(MINIMAL, variant.span), "\"四、其他说法\"");
}

/// Ids of tables, rows, columns and variables have exact spans.
#[test]
fn id_spans_are_exact() {
    let file = parse_ok(MINIMAL);
    let t = &file.templates[0];
    assert_eq!(text(MINIMAL, t.id.span), "demo");
    assert_eq!(text(MINIMAL, t.tables[1].id.span), "T3");
    let r3 = &t.tables[1].parts[0].rows[1];
    assert_eq!(text(MINIMAL, r3.id.span), "R3");
    assert_eq!(text(MINIMAL, children(r3)[1].id.span), "R3.7");
    let binding = &t.checks[0].bindings[1];
    assert_eq!(text(MINIMAL, binding.var.span), "r");
    assert_eq!(text(MINIMAL, binding.args[1].span), "R3");
}

/// A cell reference, its table and both selectors have exact spans.
#[test]
fn cell_reference_spans_are_exact() {
    let src = expr_file(r#"T3[R1, c] + T3["（七）总计", *]"#);
    let file = parse_ok(&src);
    let expr = &file.templates[0].checks[0].asserts[0];
    assert_eq!(text(&src, expr.span), r#"T3[R1, c] + T3["（七）总计", *]"#);
    let Expr::Binary { left, right, .. } = &expr.node else {
        panic!("not a binary expression: {:?}", expr.node);
    };
    assert_eq!(text(&src, left.span), "T3[R1, c]");
    assert_eq!(text(&src, right.span), r#"T3["（七）总计", *]"#);
    let Expr::Cell { table, row, column } = &right.node else {
        panic!("not a cell: {:?}", right.node);
    };
    assert_eq!(text(&src, table.span), "T3");
    assert_eq!(text(&src, row.span), "\"（七）总计\"");
    assert_eq!(text(&src, column.span), "*");
}

/// Binary and unary expressions span from their first to their last token.
#[test]
fn operator_spans_cover_operands() {
    let src = expr_file("not  -a * b == d");
    let file = parse_ok(&src);
    let expr = &file.templates[0].checks[0].asserts[0];
    assert_eq!(text(&src, expr.span), "not  -a * b == d");
    let Expr::Unary { operand, .. } = &expr.node else {
        panic!("not unary: {:?}", expr.node);
    };
    assert_eq!(text(&src, operand.span), "-a * b == d");
    let Expr::Binary { left, .. } = &operand.node else {
        panic!("not binary: {:?}", operand.node);
    };
    assert_eq!(text(&src, left.span), "-a * b");
}

/// A call's span covers name and parentheses; the name has its own span.
#[test]
fn call_spans_are_exact() {
    let src = expr_file("sum(T3[R3, c], 2) == 0");
    let file = parse_ok(&src);
    let Expr::Binary { left, .. } = &file.templates[0].checks[0].asserts[0].node else {
        panic!("not binary");
    };
    assert_eq!(text(&src, left.span), "sum(T3[R3, c], 2)");
    let Expr::Call { name, args } = &left.node else {
        panic!("not a call: {:?}", left.node);
    };
    assert_eq!(text(&src, name.span), "sum");
    assert_eq!(args.len(), 2);
}

// ---------------------------------------------------------------- precedence

/// `*` binds tighter than `+`, which binds tighter than `==`.
#[test]
fn arithmetic_binds_tighter_than_comparison() {
    assert_eq!(parse_normalized("a + b * c == d"), "((a + (b * c)) == d)");
    assert_eq!(parse_normalized("a * b + c * d"), "((a * b) + (c * d))");
}

/// `not` applies to a whole comparison, `and` binds tighter than `or`.
#[test]
fn logic_precedence() {
    assert_eq!(
        parse_normalized("not a == b and c < d or e"),
        "(((not (a == b)) and (c < d)) or e)"
    );
    assert_eq!(parse_normalized("a or b and c"), "(a or (b and c))");
    assert_eq!(parse_normalized("not not a"), "(not (not a))");
}

/// Unary minus binds tighter than `*`, and `a - -b` negates `b`.
#[test]
fn unary_minus() {
    assert_eq!(parse_normalized("-a * b"), "((-a) * b)");
    assert_eq!(parse_normalized("a - -b"), "(a - (-b))");
    assert_eq!(parse_normalized("- -a"), "(-(-a))");
}

/// `-`, `+` and `*` are left-associative.
#[test]
fn arithmetic_is_left_associative() {
    assert_eq!(parse_normalized("a - b - c"), "((a - b) - c)");
    assert_eq!(parse_normalized("a - b + c"), "((a - b) + c)");
    assert_eq!(parse_normalized("a * b * c"), "((a * b) * c)");
}

/// A parenthesised operand parses (instead of panicking inside the Pratt parser).
#[test]
fn parenthesised_operand_parses() {
    let result = std::panic::catch_unwind(|| parse(&expr_file("(a) == 1")));
    let Ok(Ok(file)) = result else {
        panic!("parse panicked or failed: {result:?}");
    };
    assert_eq!(
        normalized(&file.templates[0].checks[0].asserts[0].node),
        "(a == 1)"
    );
}

/// Parentheses override precedence.
#[test]

fn parentheses_group() {
    assert_eq!(parse_normalized("(a + b) * c"), "((a + b) * c)");
    assert_eq!(parse_normalized("a == (b or c)"), "(a == (b or c))");
    assert_eq!(parse_normalized("-(a + b)"), "(-(a + b))");
    assert_eq!(parse_normalized("a - (b - c)"), "(a - (b - c))");
}

/// `=` is accepted as `==`; every comparison operator is recognised.
#[test]
fn comparison_operators() {
    assert_eq!(parse_normalized("a = b"), "(a == b)");
    assert_eq!(parse_normalized("a == b"), "(a == b)");
    assert_eq!(parse_normalized("a != b"), "(a != b)");
    assert_eq!(parse_normalized("a <= b"), "(a <= b)");
    assert_eq!(parse_normalized("a >= b"), "(a >= b)");
    assert_eq!(parse_normalized("a < b"), "(a < b)");
    assert_eq!(parse_normalized("a > b"), "(a > b)");
}

/// Variables may start with `not`, `or` and `and` without being read as operators.
#[test]
fn operator_prefixes_are_variables() {
    assert_eq!(parse_normalized("notes and order"), "(notes and order)");
    assert_eq!(
        parse_normalized("android or nothing"),
        "(android or nothing)"
    );
}

/// Number literals are decimals; fractions are kept exactly.
#[test]
fn number_literals() {
    assert_eq!(parse_expr("1.50").node, Expr::Number(Decimal::new(150, 2)));
    assert_eq!(parse_normalized("0 + 12"), "(0 + 12)");
}

/// A number too large for a decimal is a `BadNumber` error at the literal, not a panic.
#[test]
fn rejects_number_too_large() {
    let big = "9".repeat(40);
    let src = expr_file(&format!("{big} == 0"));
    let e = parse_err(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::BadNumber { text } if *text == big),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), big);
    assert_eq!(e.kind().code().as_str(), "syntax::bad-number");
}

/// Function names may be keywords (`blank`), and calls take any number of arguments.
#[test]
fn calls() {
    assert_eq!(parse_normalized("blank(T3[r, c])"), "blank(T3[r, c])");
    assert_eq!(parse_normalized("f()"), "f()");
    assert_eq!(
        parse_normalized("sum(a, 1 + 2, T[x, y])"),
        "sum(a, (1 + 2), T[x, y])"
    );
}

// ---------------------------------------------------------------- selectors

/// `*` selects every row or column.
#[test]
fn star_selector() {
    let expr = parse_expr("T3[*, *] == 0");
    let Expr::Binary { left, .. } = &expr.node else {
        panic!("not binary");
    };
    assert_eq!(cell_selectors(&left.node), (&Selector::All, &Selector::All));
}

/// A quoted official label is a `Label` selector, unescaped and without quotes.
#[test]
fn quoted_label_selector() {
    let expr = parse_expr(r#"T3["（七）总计", NP]"#);
    assert_eq!(
        cell_selectors(&expr.node),
        (
            &Selector::Label("（七）总计".into()),
            &Selector::Name("NP".into())
        )
    );
}

/// CJK ids, dotted ids and `var.child` are all `Name` selectors.
#[test]
fn name_selectors() {
    let expr = parse_expr("T2[规章, 总计]");
    assert_eq!(
        cell_selectors(&expr.node),
        (
            &Selector::Name("规章".into()),
            &Selector::Name("总计".into())
        )
    );
    let expr = parse_expr("T3[R3.3.1, g.TOT]");
    assert_eq!(
        cell_selectors(&expr.node),
        (
            &Selector::Name("R3.3.1".into()),
            &Selector::Name("g.TOT".into())
        )
    );
}

/// A CJK id is also accepted for declarations.
#[test]
fn cjk_ids_in_declarations() {
    let file = parse_ok(r#"template t "t" { table 表二 "表二" { rows { 规章 "规章" } } }"#);
    let table = &file.templates[0].tables[0];
    assert_eq!(table.id.node, "表二");
    assert_eq!(table.parts[0].rows[0].id.node, "规章");
}

// ---------------------------------------------------------------- strings

/// `\"`, `\\` and `\n` are unescaped; the span still covers the written text.
#[test]
fn string_escapes() {
    let src = r#"template t "a\"b\\c\nd" {}"#;
    let file = parse_ok(src);
    let title = &file.templates[0].title;
    assert_eq!(title.node, "a\"b\\c\nd");
    assert_eq!(text(src, title.span), r#""a\"b\\c\nd""#);
}

/// An unknown escape such as `\t` is a syntax error.
#[test]
fn rejects_unknown_escape() {
    let e = parse_err(r#"template t "a\tb" {}"#);
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
}

/// A string cannot run over a line break: it is unclosed at the end of its first line.
#[test]
fn rejects_line_break_in_string() {
    let src = "template t \"第一行\n第二行\" {}";
    let e = parse_err(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnclosedString { .. }),
        "{:?}",
        e.kind()
    );
    let end = src.find('\n').unwrap();
    assert_eq!((e.span().start, e.span().end), (end, end));
}

/// An unterminated string is `syntax::unclosed-string` at the end of its line, not a panic.
#[test]
fn rejects_unterminated_string() {
    let src = r#"template t "没有结尾 {}"#;
    let e = parse_err(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnclosedString { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.len());
    assert_eq!(e.kind().code().as_str(), "syntax::unclosed-string");
    let src = "template t \"t\" { section S1 \"一、总体\r\n}";
    let e = parse_err(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnclosedString { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.find('\r').unwrap());
}

// ---------------------------------------------------------------- keywords

/// A keyword cannot be used as a row id.
#[test]
fn rejects_keyword_as_row_id() {
    let src = r#"template t "t" { table T "表" { rows { check "行" } } }"#;
    let e = parse_err(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.find("check").unwrap());
}

/// A keyword cannot be used as a variable.
#[test]
fn rejects_keyword_as_variable() {
    let e =
        parse_err(r#"template t "t" { check C error "c" { each rows in rows(T) assert 1 == 1 } }"#);
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
}

/// Ids may start with a keyword: `checks`, `information`, `asserted`, `rowsum`.
#[test]
fn ids_may_start_with_keywords() {
    let src = r#"template t "t" { table T "表" {
      columns { asserted "甲" }
      rows { checks "行一" information "行二" rowsum "行三" }
    } }"#;
    let file = parse_ok(src);
    let part = &file.templates[0].tables[0].parts[0];
    assert_eq!(ids(&part.rows), ["checks", "information", "rowsum"]);
    assert_eq!(ids(&part.columns), ["asserted"]);
}

// ---------------------------------------------------------------- whitespace and comments

/// `//` comments may appear between any two tokens, including at the end without a newline.
#[test]
fn comments_anywhere() {
    let src = "// 文件头\ntemplate // a\n t // b\n \"t\" // c\n { // d\n check C // e\n error \"c\" { assert a // f\n == // g\n b } // h\n } // 结尾";
    let file = parse_ok(src);
    let check = &file.templates[0].checks[0];
    assert_eq!(normalized(&check.asserts[0].node), "(a == b)");
}

/// A comment containing `"` or `{` does not confuse the parser.
#[test]
fn comment_may_hold_quotes_and_braces() {
    let file = parse_ok("template t \"t\" { // \"{ 未闭合\n }");
    assert_eq!(file.templates.len(), 1);
}

/// `//` inside a string is text, not a comment.
#[test]
fn slashes_in_string_are_text() {
    let file = parse_ok(r#"template t "http://example.org" {}"#);
    assert_eq!(file.templates[0].title.node, "http://example.org");
}

/// The ideographic space U+3000 separates tokens like an ASCII space.
#[test]
fn ideographic_space_is_whitespace() {
    let src = "template\u{3000}t\u{3000}\"标题\"\u{3000}{\u{3000}section\u{3000}S1\u{3000}\"一、总体情况\"\u{3000}}";
    let file = parse_ok(src);
    assert_eq!(file.templates[0].sections[0].id.node, "S1");
    assert_eq!(text(src, file.templates[0].sections[0].id.span), "S1");
}

/// A UTF-8 byte-order mark at the start is skipped; spans still count its bytes.
#[test]
fn byte_order_mark_is_skipped() {
    let src = "\u{FEFF}template t \"t\" {}";
    let file = parse_ok(src);
    assert_eq!(file.templates[0].id.span.start, "\u{FEFF}template ".len());
}

/// Tabs and CRLF line endings are whitespace.
#[test]
fn tabs_and_crlf_are_whitespace() {
    let file = parse_ok("template\tt\r\n\"t\"\r\n{\r\n}\r\n");
    assert_eq!(file.templates.len(), 1);
}

// ---------------------------------------------------------------- syntax errors

/// An empty file, or one with only comments and whitespace, is an empty `File`.
#[test]
fn empty_file_is_empty() {
    assert_eq!(parse_ok(""), File::default());
    assert_eq!(parse_ok("  // 只有注释\n\u{3000}\n"), File::default());
}

/// A missing comma after a Chinese string is reported at the next string, in bytes.
#[test]
fn rejects_missing_comma_with_byte_offset() {
    let src = r#"template t "标题" { signature "本年制发件数" "本年废止件数" }"#;
    let e = parse_err(src);
    let RuleErrorKind::Syntax { expected, .. } = e.kind() else {
        panic!("not a syntax error: {:?}", e.kind());
    };
    let at = src.find("\"本年废止件数\"").unwrap();
    assert_eq!(e.span().start, at);
    // The char offset differs: this would catch a char/byte mix-up.
    assert_ne!(src[..at].chars().count(), at);
    assert!(expected.contains("`,`"), "{expected}");
    assert!(expected.contains("`}`"), "{expected}");
    assert_eq!(e.kind().code().as_str(), "syntax::unexpected-token");
}

/// A missing comma inside a cell reference says a `,` was expected, at the right byte.
#[test]
fn rejects_missing_comma_in_cell_reference() {
    let src = "template t \"收到和处理\" { check C error \"表三\" { assert T3[R1 c] == 0 } }";
    let e = parse_err(src);
    let RuleErrorKind::Syntax { expected, .. } = e.kind() else {
        panic!("not a syntax error: {:?}", e.kind());
    };
    assert_eq!(e.span().start, src.find(" c]").unwrap() + 1);
    assert!(expected.contains("`,`"), "{expected}");
}

/// A missing closing brace at the end of the file is reported at the end, expecting `}`.
#[test]
fn rejects_missing_closing_brace() {
    let src = "template t \"标题\" { section S1 \"一、总体情况\"\n";
    let e = parse_err(src);
    let RuleErrorKind::Syntax { expected, .. } = e.kind() else {
        panic!("not a syntax error: {:?}", e.kind());
    };
    assert_eq!(e.span().start, src.len());
    assert!(expected.contains("`}`"), "{expected}");
}

/// A misspelt keyword is reported over the whole word, with the keyword it resembles.
#[test]
fn rejects_misspelt_keyword() {
    let src = "template t \"标题\" {\n  secton S1 \"一、总体情况\"\n}";
    let e = parse_err(src);
    let RuleErrorKind::UnknownKeyword { word, suggestion } = e.kind() else {
        panic!("not a misspelt keyword: {:?}", e.kind());
    };
    assert_eq!((word.as_str(), suggestion.as_str()), ("secton", "section"));
    assert_eq!(text(src, e.span()), "secton");
}

/// A dangling operator is an error that expects an operand.
#[test]
fn rejects_dangling_operator() {
    let src = expr_file("a + == b");
    let e = parse_err(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.find("==").unwrap());
}

/// Two operands without an operator: the error is at the second, listing the operators.
#[test]
fn rejects_missing_operator() {
    let src = expr_file("甲 乙");
    let e = parse_err(&src);
    let RuleErrorKind::Syntax { expected, .. } = e.kind() else {
        panic!("not a syntax error: {:?}", e.kind());
    };
    assert_eq!(e.span().start, src.find("乙").unwrap());
    assert!(
        expected.contains("`==`") && expected.contains("`+`"),
        "{expected}"
    );
}

/// Text outside any template is a syntax error.
#[test]
fn rejects_text_outside_template() {
    let e = parse_err("section S1 \"一、总体情况\"");
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, 0);
}

/// Deeply nested calls and parentheses are refused with `syntax::too-deep`, never a stack
/// overflow, however deep they go; moderate nesting is fine.
#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for depth in [33, 100, 10_000] {
        for (open, close) in [("f(", ")"), ("(", ")")] {
            let expr = format!("{}a{} == 1", open.repeat(depth), close.repeat(depth));
            let error = parse(&expr_file(&expr)).unwrap_err();
            assert!(
                matches!(error.kind(), RuleErrorKind::TooDeep { .. }),
                "{depth}: {:?}",
                error.kind()
            );
        }
    }
    let expr = format!("{}a{} == 1", "(".repeat(20), ")".repeat(20));
    assert!(parse(&expr_file(&expr)).is_ok());
}

/// Thousands of nested `{ group … }` blocks are refused with `syntax::too-deep`: the guard
/// counts braces too, so pest never recurses that deep (it overflowed the stack before).
#[test]
fn deep_groups_are_refused_not_overflowed() {
    let depth = 10_000;
    let groups: String = (0..depth)
        .map(|i| format!("group G{i} \"组{i}\" {{ "))
        .collect();
    let text = format!(
        "template t \"t\" {{ table T \"表\" {{ rows {{ {groups}R1 \"行\" {} }} columns {{ C \"列\" }} }} }}",
        "} ".repeat(depth)
    );
    let error = parse(&text).unwrap_err();
    assert!(
        matches!(error.kind(), RuleErrorKind::TooDeep { .. }),
        "{:?}",
        error.kind()
    );
}

/// Long chains of operators and prefix operators are refused, not overflowed.
#[test]
fn long_chains_are_refused_not_overflowed() {
    let chain = format!("a{} == 1", " + a".repeat(10_000));
    let error = parse(&expr_file(&chain)).unwrap_err();
    assert!(
        matches!(error.kind(), RuleErrorKind::TooDeep { .. }),
        "{:?}",
        error.kind()
    );
    let prefix = format!("{}a == 1", "- ".repeat(5_000));
    let error = parse(&expr_file(&prefix)).unwrap_err();
    assert!(
        matches!(error.kind(), RuleErrorKind::TooDeep { .. }),
        "{:?}",
        error.kind()
    );
    assert!(parse(&expr_file("- - a == 1")).is_ok());
}

mod input_method;

/// `ident` tries the keywords only after a word starting as one does (`keyword_start`): every
/// string a keyword rule matches must start with such a character, or a word spelt like that
/// keyword would be taken for an id. Read from the grammar itself, so a new keyword is covered.
#[test]
fn every_keyword_starts_as_the_quick_test_expects() {
    use pest::Parser as _;

    let grammar = include_str!("../grammar.pest");
    let block = grammar.split("keyword = _{").nth(1).unwrap();
    let block = &block[..block.find('}').unwrap()];
    let names: Vec<&str> = block
        .split(|c: char| c == '|' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .collect();
    assert!(names.len() > 60, "{names:?}");
    for name in names {
        let definition = grammar
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .unwrap_or_else(|| panic!("{name} has no definition"));
        let literals: Vec<&str> = definition.split('"').skip(1).step_by(2).collect();
        assert!(!literals.is_empty(), "{definition}");
        for literal in literals {
            assert!(
                super::RulesParser::parse(super::Rule::keyword_start, literal).is_ok(),
                "{name}: \"{literal}\" does not start as keyword_start allows"
            );
        }
    }
    // The quick test changes nothing: keywords are still no ids, words merely like them are.
    for word in [
        "template",
        "错误",
        "and",
        "c",
        "T3",
        "规章",
        "templates",
        "errors",
    ] {
        let is_ident = super::RulesParser::parse(super::Rule::ident, word)
            .is_ok_and(|mut p| p.next().is_some_and(|p| p.as_str() == word));
        let keyword = ["template", "错误", "and"].contains(&word);
        assert_eq!(is_ident, !keyword, "{word}");
    }
}
