//! Localisation on small tables: one wrong cell, a total left at 0, equal candidates, a row
//! wrong in two columns.

#![expect(clippy::indexing_slicing, reason = "tests")]

use nianbao_model::{Applicability, Culprit};

use crate::eval::evaluate;
use crate::testkit::{first, report, rules, template};

/// Two rows and their column sums, each row with its total.
const TOTALS: &str = r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  TOT "合计" }
    rows { R1 "一、第一行"  R2 "二、第二行"  SUM "三、合计行" }
  }
  check ROW error "行合计" { each r in rows(T) assert T[r, TOT] == T[r, A] + T[r, B] }
  check COL error "列合计" { each c in columns(T) assert T[SUM, c] == T[R1, c] + T[R2, c] }
"#;

/// The culprits of a table given row by row as (A, B, TOT).
fn culprits(rows: [[&str; 3]; 3]) -> Vec<Culprit> {
    culprits_under(TOTALS, rows)
}

/// The culprits of a table given row by row as (A, B, TOT), under the given rules.
fn culprits_under(rules_src: &str, rows: [[&str; 3]; 3]) -> Vec<Culprit> {
    let rules = rules(&template(rules_src));
    let template = first(&rules);
    let mut cells = Vec::new();
    for (row, values) in ["R1", "R2", "SUM"].iter().zip(&rows) {
        for (column, value) in ["A", "B", "TOT"].iter().zip(values) {
            cells.push(("T", *row, *column, *value));
        }
    }
    let report = report(template, &cells);
    let findings = evaluate(&report, template).findings;
    super::localise(&report, template, &findings)
}

/// The first correction as "row column value" strings.
fn first_change(culprit: &Culprit) -> Vec<String> {
    culprit.corrections[0]
        .cells
        .iter()
        .map(|c| format!("{} {} {}", c.cell.row, c.cell.column, c.suggested))
        .collect()
}

/// A wrong cell breaks its row and its column; it alone explains both, with its value.
#[test]
fn one_wrong_cell_is_certain() {
    let found = culprits([["1", "2", "3"], ["4", "6", "9"], ["5", "7", "12"]]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].applicability, Applicability::Certain);
    assert_eq!(first_change(&found[0]), ["R2 B 5"]);
    assert_eq!(found[0].explains.len(), 2);
    assert_eq!(found[0].finding.rule, "fix::wrong-cell");
    assert_eq!(
        found[0].finding.message,
        "表格“甲表” 二、第二行 × 乙列 应为 5（现为 6）"
    );
}

/// A check whose condition has no variables gives its constraints only when the condition
/// holds: the column sums under `when 1 == 1` pin the wrong cell as without a condition; under
/// `when 1 == 0` only the row's constraint is left, which any of its three cells explains.
#[test]
fn a_condition_without_variables_gates_the_constraints() {
    let rows = [["1", "2", "3"], ["4", "6", "9"], ["5", "7", "12"]];
    let gated = |condition: &str| {
        let checks = TOTALS.replace(
            "each c in columns(T)",
            &format!("each c in columns(T) when {condition}"),
        );
        culprits_under(&checks, rows)
    };
    let holds = gated("1 == 1");
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0].applicability, Applicability::Certain);
    assert_eq!(first_change(&holds[0]), ["R2 B 5"]);
    let fails = gated("1 == 0");
    assert_eq!(fails.len(), 1);
    assert_eq!(fails[0].explains.len(), 1);
    assert_ne!(fails[0].applicability, Applicability::Certain);
}

/// A total that disagrees with zeros could be the total or any zero: ambiguous, every
/// candidate listed.
#[test]
fn equal_candidates_are_ambiguous() {
    let found = culprits([["0", "0", "1"], ["0", "0", "0"], ["0", "0", "1"]]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].applicability, Applicability::Ambiguous);
    assert!(found[0].corrections.len() >= 2);
    assert_eq!(found[0].finding.rule, "fix::ambiguous-cell");
}

/// A row wrong in two cells (A and TOT of one row) breaks two columns: no single cell
/// explains it, a pair does.
#[test]
fn a_pair_explains_what_no_cell_does() {
    let found = culprits([["1", "2", "3"], ["5", "5", "10"], ["5", "7", "12"]]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let all: Vec<Vec<String>> = found[0]
        .corrections
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|x| format!("{} {} {}", x.cell.row, x.cell.column, x.suggested))
                .collect()
        })
        .collect();
    assert!(
        all.contains(&vec!["R2 A 4".to_owned(), "R2 TOT 9".to_owned()]),
        "{all:?}"
    );
    assert_ne!(found[0].applicability, Applicability::Certain);
}

/// A correct table has no culprit.
#[test]
fn a_correct_table_has_none() {
    assert!(culprits([["1", "2", "3"], ["4", "5", "9"], ["5", "7", "12"]]).is_empty());
}

/// A failed check of the tables may have a culprit; one that compares the prose with the
/// tables (`each f in said(…)`) does not start the search; an id that is no check (a binding
/// code) is left to the search, which finds no constraint for it.
#[test]
fn only_checks_of_the_tables_start_the_search() {
    let rules = nianbao_rules::builtin::rule_set().unwrap_or_default();
    let template = rules.template("gov-2021");
    assert!(template.is_some(), "gov-2021 is built in");
    let template = template.unwrap_or_else(|| first(&rules));
    assert!(super::may_explain(template, "T3-01"));
    assert!(super::may_explain(template, "T4-01"));
    assert!(!super::may_explain(template, "N-01"));
    assert!(!super::may_explain(template, "N-04"));
    assert!(super::may_explain(template, "bind::missing-row"));
}

/// A key orders as its three strings do: by the same strings or by equal copies of them, with
/// ids that share a beginning, differ in length or are Chinese.
#[test]
fn keys_order_as_their_strings() {
    use super::linear::Key;

    let ids = ["", "R1", "R1.2", "R10", "T3", "自然人", "自然"];
    let triples = |ids: Vec<&'static str>| {
        let mut all = Vec::new();
        for &a in &ids {
            for &b in &ids {
                for &c in &ids {
                    all.push((a, b, c));
                }
            }
        }
        all
    };
    let lent = triples(ids.to_vec());
    let copied: Vec<(String, String, String)> = lent
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    for (x, y) in lent.iter().zip(&copied) {
        for (u, v) in lent.iter().zip(&copied) {
            let expected = x.cmp(u);
            let same = Key(x.0, x.1, x.2).cmp(&Key(u.0, u.1, u.2));
            let other = Key(x.0, x.1, x.2).cmp(&Key(&v.0, &v.1, &v.2));
            let both = Key(&y.0, &y.1, &y.2).cmp(&Key(&v.0, &v.1, &v.2));
            assert_eq!(
                (same, other, both),
                (expected, expected, expected),
                "{x:?} {u:?}"
            );
            assert_eq!(Key(x.0, x.1, x.2) == Key(&v.0, &v.1, &v.2), x == u);
        }
    }
}
