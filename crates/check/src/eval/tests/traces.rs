//! An instance is evaluated first with a trace that records nothing, and again with one that
//! records when it fails: both give the same truth, for every assert of every instance of the
//! shipped templates' checks over real reports.

#![expect(clippy::unwrap_used, reason = "tests")]

use crate::Checker;
use crate::eval::env::Index;
use crate::eval::expr::{Evaluator, Trace, Truth};
use crate::eval::instances;
use crate::eval::places::Places;

#[test]
fn a_quiet_trace_gives_the_truth_a_recording_one_gives() {
    let checker = Checker::builtin().unwrap();
    let (mut compared, mut failed) = (0, 0);
    for (name, bytes) in super::places::documents() {
        let checked = checker.check_bytes(bytes.to_vec(), name).unwrap();
        let template = checker.template(&checked.template).unwrap();
        let places = Places::new(template);
        let index = Index::at_places(&checked.report, template, places.as_ref());
        for check in &template.checks {
            instances(&index, check, &mut |env| {
                let eval = Evaluator {
                    index: &index,
                    env,
                    policy: check.policy,
                };
                for assert in check.when.iter().chain(&check.asserts) {
                    let (mut quiet, mut recording) = (Trace::quiet(), Trace::default());
                    let truth = eval.truth(assert, &mut quiet);
                    assert_eq!(
                        truth,
                        eval.truth(assert, &mut recording),
                        "{name} {}",
                        check.id
                    );
                    assert!(quiet.cells.is_empty(), "{name} {}", check.id);
                    failed += usize::from(truth == Truth::False);
                    compared += 1;
                }
            });
        }
    }
    // Not vacuous: thousands of asserts, some of them failing.
    assert!(compared > 1_000 && failed > 0, "{compared} {failed}");
}
