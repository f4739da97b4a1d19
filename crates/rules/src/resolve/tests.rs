//! Name-resolution tests: one per resolve error kind (kind, span text, suggestion), what the
//! domains of `each` range over, policies, and the shipped rule file.

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic,
    reason = "tests"
)]

use nianbao_model::CompareOp;

use super::resolve;
use crate::ast::{Span, Treatment};
use crate::error::{RuleError, RuleErrorKind};
use crate::ruleset::{Check, Expr, Item, Policy, RuleSet, Selector, Var};
use crate::syntax::parse;

/// A template with a one-part table `T3` (nested groups) and a two-part table `T2`; the check
/// `X` holds `{BODY}`.
const TEMPLATE: &str = r#"
template t "测试模板" {
  treat blank as zero
  section S1 "一、总体情况"
  section S2 "二、主动公开政府信息情况"
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
        R3.2 "（二）部分公开"
        R3.7 "（七）总计"
      }
      R4 "四、结转下年度继续办理"
    }
  }
  table T2 "主动公开政府信息情况" {
    part P1 "第二十条第（一）项" {
      columns { MADE "本年制发件数" VALID "现行有效件数" }
      rows { REG "规章" NORM "行政规范性文件" }
    }
    part P8 "第二十条第（八）项" {
      values amount unit "万元"
      columns { AMT "本年收费金额" }
      rows { FEE "行政事业性收费" }
    }
  }
  check X error "测试检查" {
    {BODY}
  }
}
"#;

/// A table shaped like the official table 四: three column groups of five, one unlabeled row.
const TABLE_FOUR: &str = r#"
template t "测试模板" {
  table T4 "政府信息公开行政复议、行政诉讼情况" {
    columns {
      group RV "行政复议" {
        RV.KEEP "结果维持" RV.FIX "结果纠正" RV.OTHER "其他结果" RV.PEND "尚未审结" RV.TOT "总计"
      }
      group LIT "行政诉讼" {
        group DIR "未经复议直接起诉" {
          DIR.KEEP "结果维持" DIR.FIX "结果纠正" DIR.OTHER "其他结果" DIR.PEND "尚未审结"
          DIR.TOT "总计"
        }
        group AFT "复议后起诉" {
          AFT.KEEP "结果维持" AFT.FIX "结果纠正" AFT.OTHER "其他结果" AFT.PEND "尚未审结"
          AFT.TOT "总计"
        }
      }
    }
    rows { N unlabeled "件数" }
  }
  check X error "测试检查" {
    {BODY}
  }
}
"#;

/// The shipped rule file.
const SHIPPED: &str = include_str!("../../../../rules/gov-2021.rules");

/// `TEMPLATE` with `body` as the body of check `X`.
fn with_check(body: &str) -> String {
    TEMPLATE.replace("{BODY}", body)
}

/// The shipped rule file with one more check in its (only) template.
fn shipped_with(check: &str) -> String {
    let end = SHIPPED.rfind('}').unwrap();
    format!("{}{check}\n{}", &SHIPPED[..end], &SHIPPED[end..])
}

/// Parses (failing the test on a syntax error) and resolves.
fn resolve_src(src: &str) -> Result<RuleSet, Vec<RuleError>> {
    match parse(src) {
        Ok(file) => resolve(&file),
        Err(e) => panic!("syntax error at {:?}: {:?}", e.span(), e.kind()),
    }
}

/// The rule set, failing the test on any error.
fn resolved(src: &str) -> RuleSet {
    match resolve_src(src) {
        Ok(set) => set,
        Err(errors) => panic!("unexpected errors: {}", describe(src, &errors)),
    }
}

/// Every error, failing the test if the file resolves.
fn errors(src: &str) -> Vec<RuleError> {
    match resolve_src(src) {
        Ok(_) => panic!("expected resolve errors"),
        Err(errors) => errors,
    }
}

/// The only error, failing the test if there is not exactly one.
fn one_error(src: &str) -> RuleError {
    let mut errors = errors(src);
    assert_eq!(errors.len(), 1, "{}", describe(src, &errors));
    errors.remove(0)
}

/// Errors with the text under their spans, for failure messages.
fn describe(src: &str, errors: &[RuleError]) -> String {
    errors
        .iter()
        .map(|e| format!("{:?} at `{}`", e.kind(), text(src, e.span())))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source text under a span.
fn text(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

/// The check with the given id.
fn check<'a>(set: &'a RuleSet, id: &str) -> &'a Check {
    match set.checks().find(|(_, c)| c.id == id) {
        Some((_, check)) => check,
        None => panic!("no check {id}"),
    }
}

/// Row ids of `Item::Row` items.
fn item_rows(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .map(|item| match item {
            Item::Row { row, .. } => row.as_str(),
            other => panic!("not a row: {other:?}"),
        })
        .collect()
}

// ---------------------------------------------------------------- DuplicateId

/// A row id declared twice in a table is reported at the second declaration.
#[test]
fn rejects_duplicate_row_id() {
    let src = r#"template t "t" { table T "表" { columns { A "甲" } rows { R1 "一" R2 "二" R1 "三" } } }"#;
    let e = one_error(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::DuplicateId { what: "行", id } if id == "R1"),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.rfind("R1").unwrap());
    assert_eq!(text(src, e.span()), "R1");
    assert_eq!(e.kind().code().as_str(), "resolve::duplicate-id");
}

/// Row ids are unique across the parts of a table, and across group nesting.
#[test]
fn rejects_duplicate_row_id_across_parts_and_groups() {
    let src = r#"template t "t" { table T "表" {
      part P1 "一" { columns { A "甲" } rows { group G "组" { R1 "一" } } }
      part P2 "二" { columns { A "甲" } rows { R1 "一" } }
    } }"#;
    let e = one_error(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::DuplicateId { what: "行", id } if id == "R1"),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.rfind("R1").unwrap());
}

/// A column id declared twice in one part (here inside a group) is reported.
#[test]
fn rejects_duplicate_column_id() {
    let src = r#"template t "t" { table T "表" {
      columns { A "甲" group G "组" { B "乙" A "甲二" } }
      rows { R1 "一" }
    } }"#;
    let e = one_error(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::DuplicateId { what: "列", id } if id == "A"),
        "{:?}",
        e.kind()
    );
    assert_eq!(e.span().start, src.find("A \"甲二\"").unwrap());
}

/// The same column id in two parts of a table is allowed (表二 has `DEC` in two parts).
#[test]
fn allows_same_column_id_in_different_parts() {
    let src = r#"template t "t" { table T "表" {
      part P1 "一" { columns { A "甲" } rows { R1 "一" } }
      part P2 "二" { columns { A "甲" } rows { R2 "二" } }
    } }"#;
    resolved(src);
}

/// A check id used twice in a template is reported at the second check.
#[test]
fn rejects_duplicate_check_id() {
    let src = TEMPLATE.replace(
        "  check X error",
        "  check X warning \"第一个\" { assert 1 == 1 }\n  check X error",
    );
    let src = src.replace("{BODY}", "assert 1 == 1");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::DuplicateId { what: "检查", id } if id == "X"),
        "{:?}",
        e.kind()
    );
    assert_eq!(
        e.span().start,
        src.rfind("check X").unwrap() + "check ".len()
    );
}

/// Duplicate table, section, part, template and variable ids are reported too.
#[test]
fn rejects_other_duplicate_ids() {
    let src = r#"
template t "t" {
  section S1 "一" section S1 "二"
  table T "表" {
    part P "一" { columns { A "甲" } rows { R1 "一" } }
    part P "二" { columns { A "甲" } rows { R2 "二" } }
  }
  table T "表" { columns { A "甲" } rows { R1 "一" } }
  check C error "c" { each v in rows(T), v in columns(T) assert 1 == 1 }
}
template t "t2" {}
"#;
    let whats: Vec<&str> = errors(src)
        .iter()
        .map(|e| match e.kind() {
            RuleErrorKind::DuplicateId { what, .. } => *what,
            other => panic!("not a duplicate: {other:?}"),
        })
        .collect();
    assert_eq!(whats, ["章节", "部分", "表格", "变量", "模板"]);
}

// ---------------------------------------------------------------- tables

/// A misspelt table id is reported at the id with the closest table as suggestion.
#[test]
fn rejects_unknown_table_with_suggestion() {
    let src = with_check("each c in columns(T3)\n    assert T33[R1, c] == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownTable {
            id: "T33".into(),
            suggestion: Some("T3".into())
        }
    );
    assert_eq!(text(&src, e.span()), "T33");
    assert_eq!(e.kind().code().as_str(), "resolve::unknown-table");
}

/// An unknown table in a domain is reported at the table argument.
#[test]
fn rejects_unknown_table_in_domain() {
    let src = with_check("each x in cells(T9)\n    assert valid(x)");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnknownTable { id, .. } if id == "T9"),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "T9");
}

/// A check may not use a table of another template, neither in a cell nor in a domain.
#[test]
fn rejects_foreign_table() {
    let src = r#"
template a "甲" { table TA "表甲" { columns { C "列" } rows { R "行" } } }
template b "乙" {
  table TB "表乙" { columns { C "列" } rows { R "行" } }
  check B-01 error "检查" {
    each x in cells(TA)
    assert TA[R, C] == 0
  }
}
"#;
    let errors = errors(src);
    assert_eq!(errors.len(), 2, "{}", describe(src, &errors));
    let expected = RuleErrorKind::ForeignTable {
        id: "TA".into(),
        owner: "a".into(),
        template: "b".into(),
    };
    for e in &errors {
        assert_eq!(e.kind(), &expected);
        assert_eq!(text(src, e.span()), "TA");
    }
    assert_eq!(errors[0].span().start, src.find("TA)").unwrap());
    assert_eq!(errors[1].span().start, src.find("TA[").unwrap());
}

// ---------------------------------------------------------------- rows and columns

/// `R3.7x` is reported at the selector and suggests `R3.7`.
#[test]
fn rejects_unknown_row_with_suggestion() {
    let src = with_check("each c in columns(T3)\n    assert T3[R3.7x, c] == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownRow {
            table: "T3".into(),
            id: "R3.7x".into(),
            suggestion: Some("R3.7".into())
        }
    );
    assert_eq!(text(&src, e.span()), "R3.7x");
}

/// A quoted label no row has suggests the closest official label.
#[test]
fn rejects_unknown_row_label_with_suggestion() {
    let src = with_check("each c in columns(T3)\n    assert T3[\"（七）总结\", c] == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownRow {
            table: "T3".into(),
            id: "（七）总结".into(),
            suggestion: Some("（七）总计".into())
        }
    );
    assert_eq!(text(&src, e.span()), "\"（七）总结\"");
}

/// An unknown row group in a domain is reported with a suggestion.
#[test]
fn rejects_unknown_row_in_domain() {
    let src = with_check("each r in rows(T3, R33)\n    assert T3[r, TOT] == 0");
    let e = one_error(&src);
    assert!(
        matches!(
            e.kind(),
            RuleErrorKind::UnknownRow { id, suggestion: Some(s), .. } if id == "R33" && s == "R3"
        ),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "R33");
}

/// A misspelt column id is reported at the selector and suggests the column.
#[test]
fn rejects_unknown_column_with_suggestion() {
    let src = with_check("each r in rows(T3)\n    assert T3[r, NPX] == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownColumn {
            table: "T3".into(),
            id: "NPX".into(),
            suggestion: Some("NP".into())
        }
    );
    assert_eq!(text(&src, e.span()), "NPX");
    assert_eq!(e.kind().code().as_str(), "resolve::unknown-column");
}

/// A column of another part than the one the row lies in is unknown for that row.
#[test]
fn rejects_column_of_another_part() {
    let src = with_check("each r in rows(T2, P1)\n    assert T2[r, AMT] == 0");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnknownColumn { id, .. } if id == "AMT"),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "AMT");
}

/// An unquoted official label works as a selector: `T3[r, 总计]` is column `TOT`.
#[test]
fn unquoted_label_selects_column() {
    let set = resolved(&with_check(
        "each r in rows(T3)\n    assert T3[r, 总计] >= 0",
    ));
    let Expr::Compare(CompareOp::Ge, left, _) = &check(&set, "X").asserts[0] else {
        panic!("not a comparison: {:?}", check(&set, "X").asserts[0]);
    };
    let Expr::Cell(cell) = left.as_ref() else {
        panic!("not a cell: {left:?}");
    };
    assert_eq!(cell.row, Selector::Var(Var(0)));
    assert_eq!(cell.column, Selector::Id("TOT".into()));
}

/// A quoted label (spaces ignored) selects the row with that label.
#[test]
fn quoted_label_selects_row() {
    let set = resolved(&with_check(
        "each c in columns(T3)\n    assert T3[\"（七） 总计\", c] >= 0",
    ));
    let Expr::Compare(_, left, _) = &check(&set, "X").asserts[0] else {
        panic!("not a comparison");
    };
    let Expr::Cell(cell) = left.as_ref() else {
        panic!("not a cell: {left:?}");
    };
    assert_eq!(cell.row, Selector::Id("R3.7".into()));
}

/// A row id of a table with several parts is found in whichever part declares it.
#[test]
fn row_id_of_multi_part_table_resolves() {
    let set = resolved(&with_check("assert T2[REG, MADE] >= 0"));
    let Expr::Compare(_, left, _) = &check(&set, "X").asserts[0] else {
        panic!("not a comparison");
    };
    let Expr::Cell(cell) = left.as_ref() else {
        panic!("not a cell: {left:?}");
    };
    assert_eq!(cell.row, Selector::Id("REG".into()));
    assert_eq!(cell.column, Selector::Id("MADE".into()));
}

// ---------------------------------------------------------------- variables and functions

/// A name that is neither a variable nor a section suggests the closest variable.
#[test]
fn rejects_unknown_variable_with_suggestion() {
    let src = with_check("each x in cells(T3)\n    assert xy == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownVariable {
            name: "xy".into(),
            suggestion: Some("x".into())
        }
    );
    assert_eq!(text(&src, e.span()), "xy");
}

/// A misspelt function is reported at its name and suggests the function.
#[test]
fn rejects_unknown_function_with_suggestion() {
    let src = with_check("each c in columns(T3)\n    assert summ(T3[R3, c]) == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownFunction {
            name: "summ".into(),
            suggestion: Some("sum".into())
        }
    );
    assert_eq!(text(&src, e.span()), "summ");
}

/// Every function offered as a suggestion is one the resolver knows (the list is not stale).
#[test]
fn suggested_functions_are_known() {
    for name in super::expr::FUNCTIONS {
        let src = with_check(&format!(
            "assert {name}(T3[R1, NP], T3[R1, NP], T3[R1, NP])"
        ));
        let errors = errors(&src);
        assert!(
            !errors
                .iter()
                .any(|e| matches!(e.kind(), RuleErrorKind::UnknownFunction { .. })),
            "{name}: {}",
            describe(&src, &errors)
        );
    }
}

/// A cell test with two arguments is reported at the whole call.
#[test]
fn rejects_wrong_arity() {
    let src = with_check("each c in columns(T3)\n    assert blank(T3[R1, c], T3[R4, c])");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::WrongArity {
            name: "blank".into(),
            expected: "1",
            found: 2
        }
    );
    assert_eq!(text(&src, e.span()), "blank(T3[R1, c], T3[R4, c])");
}

/// `sum()` needs at least one argument.
#[test]
fn rejects_empty_sum() {
    let src = with_check("assert sum() == 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::WrongArity {
            name: "sum".into(),
            expected: "至少 1",
            found: 0
        }
    );
    assert_eq!(text(&src, e.span()), "sum()");
}

/// `previous(…)` reads last year's report: its tables are required there, not in this
/// year's; a check without it does not need last year's report.
#[test]
fn previous_reads_last_years_tables() {
    let src = with_check("each c in columns(T3)\n    assert T3[R1, c] == previous(T3[R4, c])");
    let set = resolved(&src);
    let check = set.templates[0].checks.last().unwrap();
    assert!(check.needs_previous);
    assert_eq!(check.previous_tables, ["T3"]);
    assert_eq!(check.tables, ["T3"]);
    let only_last = with_check("assert previous(T2[NORM, VALID]) >= 0");
    let set = resolved(&only_last);
    let check = set.templates[0].checks.last().unwrap();
    assert!(check.tables.is_empty(), "{:?}", check.tables);
    assert_eq!(check.previous_tables, ["T2"]);
    let this_year = resolved(&with_check("assert T3[R1, TOT] >= 0"));
    assert!(!this_year.templates[0].checks[0].needs_previous);
}

/// Last year's report has no last year: `previous` inside `previous` is refused where it is
/// written.
#[test]
fn rejects_previous_inside_previous() {
    let src = with_check("assert previous(previous(T3[R4, TOT])) == 0");
    let e = one_error(&src);
    assert!(
        matches!(
            e.kind(),
            RuleErrorKind::TypeMismatch {
                found: "上一年度的值",
                ..
            }
        ),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "previous(T3[R4, TOT])");
}

/// `repeated` and `text_length` take a section id or a variable over sections; `changed`
/// names tables by id.
#[test]
fn repeated_changed_and_nonzero_resolve() {
    let src = with_check(
        "each s in sections()\n    when text_length(s) >= 100 and nonzero(T2) > 0\n    assert repeated(s) <= 80 and changed(T2, T3) >= 1 and repeated(S2) <= 80",
    );
    let set = resolved(&src);
    let check = set.templates[0].checks.last().unwrap();
    assert!(check.needs_previous);
    assert_eq!(check.previous_tables, ["T2", "T3"]);
    let bad = with_check("assert changed(T9) >= 1");
    assert!(matches!(
        one_error(&bad).kind(),
        RuleErrorKind::UnknownTable { .. }
    ));
}

/// A number where a condition is needed is a type mismatch over the whole expression.
#[test]
fn rejects_number_as_condition() {
    let src = with_check("each c in columns(T3)\n    assert T3[R1, c] + 1");
    let e = one_error(&src);
    let RuleErrorKind::TypeMismatch { expected, found } = e.kind() else {
        panic!("not a type mismatch: {:?}", e.kind());
    };
    assert!(expected.starts_with("条件"), "{expected}");
    assert_eq!(*found, "数值");
    assert_eq!(text(&src, e.span()), "T3[R1, c] + 1");
}

/// A condition used in arithmetic is a type mismatch at that operand.
#[test]
fn rejects_condition_as_number() {
    let src = with_check("each c in columns(T3)\n    assert filled(T3[R1, c]) + 1 == 1");
    let e = one_error(&src);
    assert!(
        matches!(
            e.kind(),
            RuleErrorKind::TypeMismatch {
                expected: "数值",
                found: "条件"
            }
        ),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "filled(T3[R1, c])");
}

/// A row variable is not a value on its own.
#[test]
fn rejects_row_variable_as_value() {
    let src = with_check("each r in rows(T3)\n    assert r == 0");
    let e = one_error(&src);
    assert!(
        matches!(
            e.kind(),
            RuleErrorKind::TypeMismatch {
                found: "行变量",
                ..
            }
        ),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "r");
}

/// A row group used as one cell is reported at the cell reference.
#[test]
fn rejects_group_as_cell() {
    let src = with_check("each c in columns(T3)\n    assert T3[R3, c] == 0");
    let e = one_error(&src);
    let RuleErrorKind::SetAsCell { id } = e.kind() else {
        panic!("not set-as-cell: {:?}", e.kind());
    };
    assert_eq!(id, "T3[R3, 变量]");
    assert_eq!(text(&src, e.span()), "T3[R3, c]");
    assert_eq!(e.kind().code().as_str(), "resolve::set-as-cell");
}

/// `*` is a set of cells too, but `sum(…)` of it is a number.
#[test]
fn star_is_a_set_but_sum_of_it_is_a_number() {
    let src = with_check("assert T3[R1, *] == 0");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::SetAsCell { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "T3[R1, *]");
    resolved(&with_check("assert sum(T3[R1, *]) == 0"));
}

// ---------------------------------------------------------------- messages

/// An unknown `{placeholder}` is reported at its braces and suggests the variable.
#[test]
fn rejects_unknown_placeholder_with_suggestion() {
    let src = with_check(
        "message \"“{cc}”列：实际 {actual}，应为 {expected}，差 {diff}\"\n    each c in columns(T3)\n    assert T3[R1, c] == 0",
    );
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownPlaceholder {
            name: "cc".into(),
            suggestion: Some("c".into())
        }
    );
    assert_eq!(text(&src, e.span()), "{cc}");
}

/// Variables and `{actual}`, `{expected}`, `{diff}` are accepted in a message.
#[test]
fn accepts_known_placeholders() {
    resolved(&with_check(
        "message \"“{c}”列：{actual} ≠ {expected}（差 {diff}）\"\n    each c in columns(T3)\n    assert T3[R1, c] == 0",
    ));
}

/// A placeholder after an escaped quote is still located at its braces.
#[test]
fn placeholder_span_after_escape() {
    let src = with_check(
        "message \"\\\"{cc}\\\" 列\"\n    each c in columns(T3)\n    assert T3[R1, c] == 0",
    );
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnknownPlaceholder { name, .. } if name == "cc"),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "{cc}");
}

// ---------------------------------------------------------------- domains

/// `rows()` without a table is a bad domain, reported at the domain.
#[test]
fn rejects_domain_without_table() {
    let src = with_check("each r in rows()\n    assert 1 == 1");
    let e = one_error(&src);
    let RuleErrorKind::BadDomain { message } = e.kind() else {
        panic!("not a bad domain: {:?}", e.kind());
    };
    assert!(message.contains("rows(T3)"), "{message}");
    assert_eq!(text(&src, e.span()), "rows()");
    assert_eq!(e.kind().code().as_str(), "resolve::bad-domain");
}

/// `sections(…)` takes no arguments.
#[test]
fn rejects_sections_with_argument() {
    let src = with_check("each s in sections(T3)\n    assert present(s)");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::BadDomain { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "sections(T3)");
}

/// A domain that contains nothing (no row groups in 表二) is a bad domain.
#[test]
fn rejects_empty_domain() {
    let src = with_check("each g in row_groups(T2)\n    assert 1 == 1");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::BadDomain { .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(&src, e.span()), "row_groups(T2)");
}

/// `each g in column_groups(T4)` over a table like the official table 四 ranges over the three
/// innermost groups, and `g.TOT` is the `TOT` child of each.
#[test]
fn column_groups_of_table_four() {
    let src = TABLE_FOUR.replace(
        "{BODY}",
        "each g in column_groups(T4)\n    assert T4[N, g.TOT] == T4[N, g.KEEP] + T4[N, g.FIX]",
    );
    let set = resolved(&src);
    let x = check(&set, "X");
    let groups: Vec<&str> = x.bindings[0]
        .items
        .iter()
        .map(|item| match item {
            Item::ColumnGroup { table, group } if table == "T4" => group.as_str(),
            other => panic!("not a column group of T4: {other:?}"),
        })
        .collect();
    assert_eq!(groups, ["RV", "DIR", "AFT"]);
    let Expr::Compare(CompareOp::Eq, left, _) = &x.asserts[0] else {
        panic!("not an equation: {:?}", x.asserts[0]);
    };
    let Expr::Cell(cell) = left.as_ref() else {
        panic!("not a cell: {left:?}");
    };
    assert_eq!(cell.row, Selector::Id("N".into()));
    assert_eq!(cell.column, Selector::Child(Var(0), "TOT".into()));
    assert_eq!(x.tables, ["T4"]);
}

/// `g.TOTAL` names no child of the groups: reported with the group id and a suggestion.
#[test]
fn rejects_unknown_group_child() {
    let src = TABLE_FOUR.replace(
        "{BODY}",
        "each g in column_groups(T4)\n    assert T4[N, g.TOTAL] == 0",
    );
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownColumn {
            table: "T4".into(),
            id: "RV.TOTAL".into(),
            suggestion: Some("RV.TOT".into())
        }
    );
    assert_eq!(text(&src, e.span()), "g.TOTAL");
}

/// `rows(T3, R3.3)` in the shipped rule set ranges over the eight leaf rows of （三）.
#[test]
fn rows_within_group() {
    let src = shipped_with(
        "check Z-01 error \"测试\" { each r in rows(T3, R3.3) assert T3[r, TOT] >= 0 }",
    );
    let set = resolved(&src);
    let rows = item_rows(&check(&set, "Z-01").bindings[0].items);
    let expected: Vec<String> = (1..=8).map(|i| format!("R3.3.{i}")).collect();
    assert_eq!(rows, expected);
}

/// `rows(T3)` ranges over leaf rows only, groups excluded.
#[test]
fn rows_are_leaves() {
    let set = resolved(&with_check(
        "each r in rows(T3)\n    assert T3[r, TOT] >= 0",
    ));
    let rows = item_rows(&check(&set, "X").bindings[0].items);
    assert_eq!(rows, ["R1", "R3.1", "R3.2", "R3.7", "R4"]);
}

/// `cells(T2, P1)` yields only the cells of part P1, row by row.
#[test]
fn cells_of_one_part() {
    let set = resolved(&with_check("each x in cells(T2, P1)\n    assert valid(x)"));
    let cells: Vec<(&str, &str)> = check(&set, "X").bindings[0]
        .items
        .iter()
        .map(|item| match item {
            Item::Cell { table, row, column } if table == "T2" => (row.as_str(), column.as_str()),
            other => panic!("not a cell of T2: {other:?}"),
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("REG", "MADE"),
            ("REG", "VALID"),
            ("NORM", "MADE"),
            ("NORM", "VALID")
        ]
    );
}

/// `sections()` ranges over the template's sections; `present(s)` resolves.
#[test]
fn sections_domain() {
    let set = resolved(&with_check("each s in sections()\n    assert present(s)"));
    assert_eq!(
        check(&set, "X").bindings[0].items,
        [
            Item::Section {
                section: "S1".into()
            },
            Item::Section {
                section: "S2".into()
            }
        ]
    );
}

// ---------------------------------------------------------------- tables and checks

/// A table without rows is an empty axis, reported at the table id.
#[test]
fn rejects_table_without_rows() {
    let src = r#"template t "t" { table E "空表" { columns { A "甲" } } }"#;
    let e = one_error(src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::EmptyAxis {
            what: "表格 `E`".into(),
            axis: "行"
        }
    );
    assert_eq!(text(src, e.span()), "E");
    assert_eq!(e.kind().code().as_str(), "resolve::empty-axis");
}

/// A part without columns is an empty axis, reported at the part's title.
#[test]
fn rejects_part_without_columns() {
    let src = r#"template t "t" { table T "表" { part P "第一部分" { rows { R "行" } } } }"#;
    let e = one_error(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::EmptyAxis { axis: "列", .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(src, e.span()), "\"第一部分\"");
}

/// A check without `assert` is reported at its id.
#[test]
fn rejects_check_without_assert() {
    let src = with_check("each c in columns(T3)");
    let e = one_error(&src);
    assert_eq!(e.kind(), &RuleErrorKind::NoAssert { id: "X".into() });
    assert_eq!(
        e.span().start,
        src.find("check X").unwrap() + "check ".len()
    );
    assert_eq!(text(&src, e.span()), "X");
}

/// The template's `treat` lines set its policy; a check's own `treat` overrides one class.
#[test]
fn treat_lines_set_policy() {
    let src = TEMPLATE.replace(
        "  check X error",
        "  check Y error \"覆盖\" { treat blank as unknown treat marks as zero assert 1 == 1 }\n  check X error",
    );
    let set = resolved(&src.replace("{BODY}", "assert 1 == 1"));
    let template = &set.templates[0];
    assert_eq!(
        template.policy,
        Policy {
            blank: Treatment::Zero,
            marks: Treatment::Unknown
        }
    );
    assert_eq!(check(&set, "X").policy, template.policy);
    assert_eq!(
        check(&set, "Y").policy,
        Policy {
            blank: Treatment::Unknown,
            marks: Treatment::Zero
        }
    );
}

/// Without `treat` lines blanks and marks are unknown; the last of two `treat` lines wins.
#[test]
fn default_policy_and_last_treat_wins() {
    let set = resolved(r#"template t "t" { }"#);
    assert_eq!(set.templates[0].policy, Policy::default());
    assert_eq!(Policy::default().blank, Treatment::Unknown);
    let set = resolved(r#"template t "t" { treat marks as zero treat marks as unknown }"#);
    assert_eq!(set.templates[0].policy.marks, Treatment::Unknown);
}

/// Every mistake in a file is reported, sorted by position, not by the order they were found.
#[test]
fn reports_all_errors_sorted_by_position() {
    let src = with_check(
        "message \"{cc}\"\n    each c in columns(T3)\n    assert T3[R9, c] == 0\n    assert summ(1) == 0",
    )
    .replace("R4 \"四、", "R1 \"四、");
    let errors = errors(&src);
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            let code = e.kind().code().as_str();
            (code, text(&src, e.span()))
        })
        .collect();
    assert_eq!(
        found,
        [
            ("resolve::duplicate-id", "R1"),
            ("resolve::unknown-placeholder", "{cc}"),
            ("resolve::unknown-row", "R9"),
            ("resolve::unknown-function", "summ"),
        ]
    );
    let starts: Vec<usize> = errors.iter().map(|e| e.span().start).collect();
    assert!(starts.is_sorted(), "{starts:?}");
}

/// A failed check does not hide errors of the next check.
#[test]
fn errors_of_every_check_are_reported() {
    let src = TEMPLATE.replace(
        "  check X error",
        "  check Y error \"前一个\" { assert T9[R1, NP] == 0 }\n  check X error",
    );
    let src = src.replace("{BODY}", "assert T8[R1, NP] == 0");
    let errors = errors(&src);
    let tables: Vec<&str> = errors.iter().map(|e| text(&src, e.span())).collect();
    assert_eq!(tables, ["T9", "T8"]);
}

// ---------------------------------------------------------------- the shipped rule file

/// The shipped `rules/gov-2021.rules` resolves, with its checks and table shapes.
#[test]
fn shipped_rules_resolve() {
    let set = resolved(SHIPPED);
    assert_eq!(set.templates.len(), 1);
    let template = &set.templates[0];
    assert_eq!(template.id, "gov-2021");
    let ids: Vec<&str> = template.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "T3-01", "T3-02", "T3-03", "T3-04", "T3-05", "T3-05a", "T3-06", "T3-09", "T3-12",
            "T3-07", "T3-08", "X-02", "T4-01", "T4-02", "T4-02a", "T2-01", "T2-02", "N-01",
            "N-01a", "N-01b", "N-01c", "N-01d", "N-01e", "N-01f", "N-01g", "N-02", "N-02a",
            "N-02b", "N-02c", "N-02d", "N-02e", "N-03", "N-04", "N-04a", "N-04b", "N-04c", "N-04d",
            "N-04e", "N-04f", "N-05", "N-05a", "N-06", "N-07", "N-07a", "T2-03", "F-03", "F-06a",
            "F-06b", "F-06c", "F-06d", "F-06e", "F-07", "F-07a", "F-01", "Y-01", "Y-02", "Y-04",
            "Y-04a", "X-04", "X-05", "X-03", "X-03b", "X-03a"
        ]
    );
    // The checks that compare with last year's report, and what they read there.
    let across: Vec<(&str, Vec<&str>)> = template
        .checks
        .iter()
        .filter(|c| c.needs_previous)
        .map(|c| {
            (
                c.id.as_str(),
                c.previous_tables.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        across,
        [
            ("Y-01", vec!["T3"]),
            ("Y-02", vec!["T2"]),
            ("Y-04", vec!["T2", "T3", "T4"]),
            ("Y-04a", vec![])
        ]
    );
    // Those that compare with other agencies' reports and with constituent organs'.
    let units: Vec<&str> = template
        .checks
        .iter()
        .filter(|c| c.needs_units)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(units, ["X-04", "X-05"]);
    let organs: Vec<(&str, Vec<&str>)> = template
        .checks
        .iter()
        .filter(|c| c.needs_children)
        .map(|c| {
            (
                c.id.as_str(),
                c.children_tables.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        organs,
        [
            ("X-03", vec!["T3"]),
            ("X-03b", vec!["T4"]),
            ("X-03a", vec![])
        ]
    );
    let t3 = template.table("T3").unwrap();
    assert_eq!(t3.parts.len(), 1);
    assert_eq!(t3.leaf_rows().count(), 25);
    assert_eq!(t3.parts[0].columns.leaves().count(), 7);
    let t4 = template.table("T4").unwrap();
    assert_eq!(t4.leaf_rows().count(), 1);
    assert_eq!(t4.parts[0].columns.leaves().count(), 15);
    let t2 = template.table("T2").unwrap();
    assert_eq!(t2.parts.len(), 4);
    assert_eq!(t2.leaf_rows().count(), 6);
    assert_eq!(template.sections.len(), 6);
}

mod culprits;

/// A chain of thousands of `extends` is refused at its limit, once, instead of taking seconds
/// and gigabytes (20 000 never finished before).
#[test]
fn a_long_extends_chain_is_refused() {
    let mut text = String::from(
        "template t0 \"0\" {\n  table T \"表\" {\n    rows { R \"行\" }\n    columns { C \"列\" }\n  }\n}\n",
    );
    for i in 1..20_000 {
        text.push_str(&format!(
            "template t{i} \"{i}\" extends t{} {{\n}}\n",
            i - 1
        ));
    }
    let errors = crate::compile("chain.rules", &text).unwrap_err();
    let deep: Vec<_> = errors
        .errors()
        .iter()
        .filter(|e| matches!(e.kind(), crate::RuleErrorKind::ExtendsTooDeep { .. }))
        .collect();
    assert_eq!(deep.len(), 1, "{:?}", errors.errors().first());
}

/// The ids of the rows of the first table's first part whose labels have the key `key`.
fn rows_with_key<'s>(set: &'s crate::RuleSet, key: &str) -> Vec<&'s str> {
    let rows = &set.templates[0].tables[0].parts[0].rows;
    rows.with_key(key)
        .iter()
        .map(|&at| rows.nodes[at].id.as_str())
        .collect()
}

/// An axis answers which nodes a label key names: in order, each node once even when two of
/// its wordings share a key, never a row without a label cell.
#[test]
fn axis_nodes_by_label_key() {
    let src = r#"
template t "测试模板" {
  table T "表" {
    columns { A "数量" }
    rows {
      R1 "其他" or "其 他"
      group G "（一）予以公开" { R2 "其他" R3 unlabeled "其他" }
    }
  }
}
"#;
    let set = resolved(src);
    let ids = |key: &str| rows_with_key(&set, key);
    assert_eq!(ids("其他"), ["R1", "R2"]);
    assert_eq!(ids(&crate::normalize::key("(一)予以公开")), ["G"]);
    assert!(ids("总计").is_empty());
}

/// Keys are told apart by their length before they are looked up: a key of a length no
/// label has names no node, and labels of 256 bytes or more (whose lengths share one mark)
/// are still found each by its own key.
#[test]
fn axis_nodes_by_label_key_of_any_length() {
    let long = "长".repeat(90);
    let longer = "长".repeat(100);
    let src = format!(
        r#"
template t "测试模板" {{
  table T "表" {{
    columns {{ A "数量" }}
    rows {{ R1 "{long}" R2 "{longer}" R3 "12" }}
  }}
}}
"#
    );
    let set = resolved(&src);
    let ids = |key: &str| rows_with_key(&set, key);
    assert_eq!(ids(&long), ["R1"]);
    assert_eq!(ids(&longer), ["R2"]);
    assert!(ids(&"长".repeat(95)).is_empty());
    assert_eq!(ids("12"), ["R3"]);
    assert!(ids("13").is_empty());
    assert!(ids("1").is_empty());
    assert!(ids(&"长".repeat(101)).is_empty());
}

/// An axis finds every node by its id, at its place in declaration order.
#[test]
fn axis_nodes_by_id() {
    let src = r#"
template t "测试模板" {
  table T "表" {
    columns { A "数量" }
    rows {
      R1 "其他"
      group G "（一）予以公开" { R2 "其他" R3 unlabeled "其他" }
    }
  }
}
"#;
    let set = resolved(src);
    let rows = &set.templates[0].tables[0].parts[0].rows;
    for (at, node) in rows.nodes.iter().enumerate() {
        assert_eq!(rows.position(&node.id), Some(at));
        assert_eq!(
            rows.find(&node.id).map(|n| n.id.as_str()),
            Some(node.id.as_str())
        );
    }
    assert_eq!(rows.position("R4"), None);
    assert!(rows.find("").is_none());
}

/// A part's label keys hold its labelled rows, its columns and its corner, not its unlabeled
/// rows; a table's hold its parts' titles too.
#[test]
fn part_and_table_label_keys() {
    let src = r#"
template t "测试模板" {
  table T "表" {
    part P1 "第一部分" {
      corner "项目"
      columns { A "数量" }
      rows { R1 "（一）予以公开"  R2 unlabeled "件数" }
    }
    part P2 "第二部分" {
      columns { B "金额" }
      rows { R3 "其他" }
    }
  }
}
"#;
    let set = resolved(src);
    let table = &set.templates[0].tables[0];
    let keys = table.parts[0].keys();
    fn sorted(set: &std::collections::HashSet<String, crate::ids::TemplateIds>) -> Vec<&str> {
        let mut all: Vec<&str> = set.iter().map(String::as_str).collect();
        all.sort_unstable();
        all
    }
    let numbered = |rows: bool| {
        let mut all: Vec<&str> = keys
            .labels
            .iter()
            .filter(|&(_, &at)| !rows || keys.rows.get(at).copied().unwrap_or(false))
            .map(|(key, _)| key.as_str())
            .collect();
        all.sort_unstable();
        all
    };
    assert_eq!(numbered(true), ["(一)予以公开"]);
    assert_eq!(numbered(false), ["(一)予以公开", "数量", "项目"]);
    // The labels are numbered 0, 1, 2.
    let mut numbers: Vec<usize> = keys.labels.values().copied().collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [0, 1, 2]);
    assert_eq!(keys.rows.len(), 3);
    // "数量" and "项目" are six bytes, "(一)予以公开" seventeen.
    let lengths: Vec<usize> = (0..300).filter(|&n| keys.lengths.contains(n)).collect();
    assert_eq!(lengths, [6, 17]);
    assert_eq!(
        sorted(table.label_keys()),
        [
            "(一)予以公开",
            "其他",
            "数量",
            "第一部分",
            "第二部分",
            "金额",
            "项目"
        ]
    );
}

/// An axis's nodes by the first byte of their keys are, for every byte, the labelled nodes
/// in order with a key that begins with it or is empty: on every axis of the built-in
/// templates.
#[test]
fn nodes_by_the_first_byte_of_their_keys() {
    let rules = crate::builtin::rule_set().unwrap_or_default();
    let mut axes = 0;
    for table in rules.templates.iter().flat_map(|t| &t.tables) {
        for axis in table.parts.iter().flat_map(|p| [&p.rows, &p.columns]) {
            for byte in 0..=u8::MAX {
                let expected: Vec<usize> = axis
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| {
                        !n.unlabeled
                            && n.label
                                .keys()
                                .iter()
                                .any(|k| k.as_bytes().first().is_none_or(|&b| b == byte))
                    })
                    .map(|(at, _)| at)
                    .collect();
                assert_eq!(axis.with_first_byte(byte), expected, "{}", table.id);
            }
            axes += 1;
        }
    }
    assert!(axes > 10, "{axes}");
}
