//! The right culprit: the id that names nothing is the one underlined, and a misspelt loop
//! variable is an unknown variable, not an unknown row or column.

use super::{TEMPLATE, one_error, text, with_check};
use crate::error::{RuleError, RuleErrorKind};
use crate::resolve::expand;
use crate::syntax::parse;

/// `TEMPLATE` followed by a template extending it with `patch table T3 { op }`.
fn patched(op: &str) -> String {
    format!(
        "{}\ntemplate local \"本地\" extends t {{\n  patch table T3 {{\n    {op}\n  }}\n}}\n",
        TEMPLATE.replace("{BODY}", "assert 1 == 1")
    )
}

/// The errors of expanding `extends` in `src`.
fn expand_errors(src: &str) -> Vec<RuleError> {
    let file = parse(src).unwrap();
    expand(&file, &[]).err().unwrap_or_default()
}

/// `after R3.9.1` names a sibling the group does not have: that id is the culprit (not the
/// group), and the suggestion comes from the group's rows.
#[test]
fn unknown_sibling_after_is_blamed() {
    let src = patched("add row R3.8 \"（八）其他\" in R3 after R3.9.1");
    let [e] = expand_errors(&src).try_into().unwrap();
    assert_eq!(text(&src, e.span()), "R3.9.1");
    let RuleErrorKind::UnknownRow { id, suggestion, .. } = e.kind() else {
        panic!("{:?}", e.kind());
    };
    assert_eq!(id, "R3.9.1");
    assert!(
        suggestion.as_deref().is_some_and(|s| s.starts_with("R3.")),
        "{suggestion:?}"
    );
    // A missing group is still blamed on the group.
    let src = patched("add row R3.8 \"（八）其他\" in R9 after R3.1");
    let [e] = expand_errors(&src).try_into().unwrap();
    assert_eq!(text(&src, e.span()), "R9");
    // And a correct one applies.
    assert!(expand_errors(&patched("add row R3.8 \"（八）其他\" in R3 after R3.2")).is_empty());
}

/// `T3[rr, NP]` after `each r in rows(T3)` is the variable `r` misspelt.
#[test]
fn misspelt_row_variable() {
    let src = with_check("each r in rows(T3)\n    assert T3[rr, NP] >= 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownVariable {
            name: "rr".into(),
            suggestion: Some("r".into())
        }
    );
    assert_eq!(text(&src, e.span()), "rr");
}

/// A misspelt column variable is found among the column variables only.
#[test]
fn misspelt_column_variable() {
    let src = with_check("each a in rows(T3), col in columns(T3)\n    assert T3[a, cl] >= 0");
    let e = one_error(&src);
    assert_eq!(
        e.kind(),
        &RuleErrorKind::UnknownVariable {
            name: "cl".into(),
            suggestion: Some("col".into())
        }
    );
    assert_eq!(text(&src, e.span()), "cl");
}

/// An unknown id written like an id stays an unknown row, even with a variable in scope.
#[test]
fn unknown_id_is_not_a_variable() {
    let src = with_check("each r in rows(T3)\n    assert T3[R9, NP] + T3[r, NP] >= 0");
    let e = one_error(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::UnknownRow { id, .. } if id == "R9"),
        "{:?}",
        e.kind()
    );
}
