//! Unit tests of the evaluator on reports built cell by cell in code, so that each test states
//! exactly which cells the report has. One file per topic; the shared tables live here.

mod arithmetic;
mod blanks;
mod domains;
mod findings;
mod functions;
mod places;
mod traces;

use nianbao_model::Report;

use crate::eval::Evaluation;
use crate::testkit::{eval_one, evaluate_both, first, report, rules, template};

/// Two sections and three tables: `T` with a row group, `T4` with column groups and an
/// unlabeled row, `M` with amounts in 万元 and a signed row. No `treat` line: blanks and
/// marks are unknown unless a test says otherwise.
const TABLES: &str = r#"
  section S1 "一、总体情况"
  section S2 "二、主动公开政府信息情况"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  TOT "合计" }
    rows {
      R1 "一、第一行"
      group G "二、分组" { G.1 "1.子一"  G.2 "2.子二" }
      R3 "三、第三行"
    }
  }
  table T4 "复议诉讼表" {
    columns {
      group RV "行政复议" { RV.KEEP "结果维持"  RV.TOT "总计" }
      group LIT "行政诉讼" { LIT.KEEP "结果维持"  LIT.TOT "总计" }
    }
    rows { N unlabeled "件数" }
  }
  table M "收费表" {
    values amount unit "万元"
    columns { AMT "本年收费金额（单位：万元）" }
    rows { FEE "行政事业性收费"  D "增减" values signed }
  }
"#;

/// A rule file of [`TABLES`] and the given template-level lines and checks.
fn rules_with(checks: &str) -> String {
    template(&format!("{TABLES}\n{checks}"))
}

/// Evaluates the checks over a report holding exactly the given cells of table `T`.
fn run_t(checks: &str, cells: &[(&str, &str, &str)]) -> Evaluation {
    let cells: Vec<(&str, &str, &str, &str)> =
        cells.iter().map(|&(r, c, raw)| ("T", r, c, raw)).collect();
    eval_one(&rules_with(checks), &cells)
}

/// Evaluates the checks over a report holding exactly the given cells, after `edit`.
fn run_edited(
    checks: &str,
    cells: &[(&str, &str, &str, &str)],
    edit: impl FnOnce(&mut Report),
) -> Evaluation {
    let rules = rules(&rules_with(checks));
    let template = first(&rules);
    let mut report = report(template, cells);
    edit(&mut report);
    evaluate_both(&report, template)
}

/// `(findings, instances, undecided)` of an evaluation.
fn counts(evaluation: &Evaluation) -> (usize, usize, usize) {
    (
        evaluation.findings.len(),
        evaluation.summary.instances,
        evaluation.summary.undecided,
    )
}
