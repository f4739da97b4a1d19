//! A report's comparison with others written from what the report keeps ([`Carry`]), without
//! reading it again: for output that gives findings by their places (JSON) or only counts them
//! (`--summary-only`). A batch whose year chains break would otherwise read and bind every
//! such report a second time (a tenth of a batch's time when all of them break).

use nianbao_model::{Document, Report, SourceFormat};
use nianbao_rules::ruleset::{Check, Expr, Item, Template};

use crate::compare::Against;
use crate::eval::Counts;
use crate::{Carry, Checked, Checker};

impl Checker {
    /// The report `current` keeps, as [`Checker::bind_file`] gives it read again for a
    /// comparison `against` other reports: its summary and choice of template, its kept tables
    /// with their labels, no findings yet, and an empty document (a text of no words). What the
    /// comparison (`compare`, `compare_units`, `compare_children`) then adds is what it adds to
    /// the report read again. `None` when the carry does not hold all of it: the report was
    /// decoded from another encoding, a check of that kind reads what the prose says (a carry
    /// keeps no statements), or a kept cell's row or column is not in the template.
    pub fn kept_report(&self, current: &Carry, against: Against) -> Option<Checked> {
        if current.shown.reencoded || self.reads_statements(against) {
            return None;
        }
        let template = self.rules().template(&current.template)?;
        let mut report = with_labels(current.report().clone(), template)?;
        report.published = current.shown.published.clone();
        Some(Checked {
            name: current.name.clone(),
            culprits: Vec::new(),
            counts: Counts::default(),
            template: current.template.clone(),
            choice: current.shown.choice.clone(),
            report,
            findings: Vec::new(),
            summary: current.summary.clone(),
            // Not read: its text is not the carry's to give.
            document: Document::new(SourceFormat::Text, String::new()),
        })
    }

    /// Whether a check comparing `against` other reports reads the prose's statements (a few
    /// checks of a kind: looked at when a comparison found something, not kept).
    fn reads_statements(&self, against: Against) -> bool {
        self.rules()
            .checks()
            .any(|(_, check)| Against::of(check) == Some(against) && reads_statements(check))
    }
}

/// Whether `check` reads what the prose states: it ranges over statements or an expression
/// of it reads one.
fn reads_statements(check: &Check) -> bool {
    let ranges = check
        .bindings
        .iter()
        .flat_map(|binding| &binding.items)
        .any(|item| matches!(item, Item::Said { .. } | Item::Statement { .. }));
    let mut reads = false;
    for expr in check.when.iter().chain(&check.asserts) {
        expr.walk(&mut |expr| {
            reads |= matches!(expr, Expr::Stated(_) | Expr::Mentions(_) | Expr::First(_));
        });
    }
    ranges || reads
}

/// `report` with what a carry leaves out of its tables put back from the template: each
/// table's title and each cell's label paths. A row's id is its table's alone (the rule files
/// refuse a repeated one), so the part holding the row is the cell's. `None` if a cell's row
/// or column is not in its table.
fn with_labels(mut report: Report, template: &Template) -> Option<Report> {
    for table in &mut report.tables {
        let declared = template.table(&table.id)?;
        table.title.clone_from(&declared.title);
        for cell in &mut table.cells {
            let (_, part) = declared.part_of_row(&cell.row)?;
            let row = part.rows.find(&cell.row)?;
            let column = part.columns.find(&cell.column)?;
            cell.row_path = part.rows.path(row);
            cell.column_path = part.columns.path(column);
        }
    }
    Some(report)
}

#[cfg(test)]
#[expect(clippy::expect_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::years::Shown;
    use crate::{Kept, Shelf};

    /// One agency's chain example, year by year.
    fn chain(agency: &str) -> Vec<PathBuf> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/chains");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(PathBuf::from(root).join(agency))
            .expect("chain")
            .map(|file| file.expect("file").path())
            .collect();
        paths.sort();
        paths
    }

    fn json(checked: &Checked) -> String {
        serde_json::to_string(&crate::json::ReportJson::checked(checked)).expect("serialises")
    }

    /// A file removed when dropped.
    struct Temporary(PathBuf);

    impl Drop for Temporary {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// The chain examples, and a pair of them whose second report is signed with a date
    /// (written to a temporary file).
    fn chains() -> (Vec<Vec<PathBuf>>, Temporary) {
        let mut signed = chain("南关区教育局");
        signed.truncate(2);
        let text = std::fs::read_to_string(&signed[1]).expect("reads");
        let dated = std::env::temp_dir().join(format!("nianbao-kept-{}.txt", std::process::id()));
        std::fs::write(&dated, format!("{text}\n南关区教育局\n2024年1月20日\n")).expect("writes");
        signed[1] = dated.clone();
        let chains = vec![chain("南关区教育局"), chain("南关区卫生健康局"), signed];
        (chains, Temporary(dated))
    }

    /// For every pair of consecutive years of the chain examples, the comparison written from
    /// the carries (read back from a shelf's file, as a batch keeps them) is the one reading
    /// the report again gives, byte for byte as JSON; its tables hold the same cells (label
    /// paths included) under the same titles.
    #[test]
    fn a_comparison_written_from_the_carries_is_the_one_read_again() {
        let checker = Checker::builtin().expect("rules");
        let mut findings = 0;
        let mut published = 0;
        let (chains, _dated) = chains();
        for paths in chains {
            let mut shelf = Shelf::on_disk();
            for path in &paths {
                shelf.push(Some(
                    checker.check_file(path).expect("checks").carry(&checker),
                ));
            }
            for (at, path) in paths.iter().enumerate().skip(1) {
                let previous = shelf.carry(at - 1).expect("kept");
                let current = shelf.carry(at).expect("kept");
                let mut bound = checker.bind_file(path).expect("binds");
                bound.summary = current.summary.clone();
                let read_again = checker.compare(bound, &previous);
                let kept = checker
                    .kept_report(&current, Against::LastYear)
                    .map(|kept| checker.compare(kept, &previous))
                    .expect("stands in");
                assert_eq!(json(&kept), json(&read_again), "{}", path.display());
                for table in &kept.report.tables {
                    let read = read_again.report.table(&table.id).expect("table");
                    assert_eq!(table.title, read.title);
                    assert!(table.cells.iter().all(|cell| read.cells.contains(cell)));
                }
                findings += kept.findings.len();
                published += usize::from(kept.report.published.is_some());
            }
        }
        assert!(findings > 0, "the chains break somewhere");
        assert!(published > 0, "a signed report is among them");
    }

    /// A report decoded from another encoding, a kept cell the template does not have, and a
    /// rule set whose check comparing with last year's report reads the prose's statements
    /// are read again.
    #[test]
    fn a_carry_does_not_stand_in_for_what_it_does_not_keep() {
        let checker = Checker::builtin().expect("rules");
        let template = checker.rules().template("gov-2021").expect("template");
        let check = |id: &str| template.checks.iter().find(|c| c.id == id).expect("check");
        assert!(reads_statements(check("N-01")));
        assert!(!reads_statements(check("Y-01")));
        assert!(!checker.reads_statements(Against::LastYear));

        let paths = chain("南关区教育局");
        let carries: Vec<Carry> = paths[..2]
            .iter()
            .map(|path| checker.check_file(path).expect("checks").carry(&checker))
            .collect();
        assert!(
            checker
                .kept_report(&carries[1], Against::LastYear)
                .is_some()
        );
        let reencoded = carries[1].clone().with_shown(Shown {
            reencoded: true,
            ..carries[1].shown.clone()
        });
        assert!(checker.kept_report(&reencoded, Against::LastYear).is_none());
        // A kept cell whose row the template does not have.
        let mut report = carries[1].report().clone();
        let cell = report
            .tables
            .iter_mut()
            .find_map(|table| table.cells.first_mut())
            .expect("a kept cell");
        cell.row = "R-none".into();
        let stray = Carry::new(carries[1].name.clone(), &carries[1].template, report)
            .with_shown(carries[1].shown.clone());
        assert!(checker.kept_report(&stray, Against::LastYear).is_none());

        let text = r#"template local-2021-years "本地格式" extends gov-2021 {
  check Y-90 warning "正文所述收到的申请数少于上年结转" {
    message "不一致"
    each f in said(收到申请)
    assert f >= previous(T3[R4, TOT])
  }
}"#;
        let rules = crate::rules::compile("years.rules", text).expect("compiles");
        let local = Checker::new(rules).expect("checker");
        assert!(local.reads_statements(Against::LastYear));
        assert!(!local.reads_statements(Against::Units));
        assert!(local.kept_report(&carries[1], Against::LastYear).is_none());
    }
}
