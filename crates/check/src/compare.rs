//! Checks that compare a report with other reports (last year's of the same agency, other
//! agencies' of its year, an aggregate's organs'): which kind of other report a check needs,
//! and adding those checks' findings to a report that was checked on its own.

use nianbao_model::{Finding, Report};
use nianbao_rules::ruleset::Check;

use crate::eval::{Counts, Evaluation, Others, Summary, evaluate_with};
use crate::{Checked, Checker};

mod from_carry;

/// The other reports a check compares a report with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// Last year's report of the same agency (`previous`, `repeated`, `changed`).
    LastYear,
    /// Other agencies' reports of the same year in a batch (`copied`, `others_named`).
    Units,
    /// An aggregate report's constituent organs' reports (`children`, `children_missing`).
    Organs,
}

impl Against {
    /// What `check` compares with; `None` for a check of the report alone.
    pub fn of(check: &Check) -> Option<Self> {
        if check.needs_previous {
            Some(Against::LastYear)
        } else if check.needs_units {
            Some(Against::Units)
        } else if check.needs_children {
            Some(Against::Organs)
        } else {
            None
        }
    }

    /// How many checks of this kind `summary` counts as not run for want of the reports.
    pub fn not_run(self, summary: &Summary) -> usize {
        match self {
            Against::LastYear => summary.checks_need_previous,
            Against::Units => summary.checks_need_units,
            Against::Organs => summary.checks_need_manifest,
        }
    }

    fn not_run_mut(self, summary: &mut Summary) -> &mut usize {
        match self {
            Against::LastYear => &mut summary.checks_need_previous,
            Against::Units => &mut summary.checks_need_units,
            Against::Organs => &mut summary.checks_need_manifest,
        }
    }
}

/// Runs the template's checks of one kind of comparison over `report`.
pub(crate) fn evaluate(
    report: &Report,
    template: &nianbao_rules::ruleset::Template,
    against: Against,
    others: Others<'_>,
) -> Evaluation {
    let checks = template
        .checks
        .iter()
        .filter(|c| Against::of(c) == Some(against));
    evaluate_with(report, template, checks, others)
}

impl Checker {
    /// `checked` with the checks of one kind of comparison run against `others`: their
    /// findings follow the others, counted in, and no longer counted as not run.
    pub(crate) fn add_comparison(
        &self,
        mut checked: Checked,
        against: Against,
        others: Others<'_>,
    ) -> Checked {
        let Some(template) = self.rules().template(&checked.template) else {
            return checked;
        };
        let evaluation = evaluate(&checked.report, template, against, others);
        let summary = &mut checked.summary;
        *against.not_run_mut(summary) = 0;
        summary.checks_run += evaluation.summary.checks_run;
        summary.checks_skipped += evaluation.summary.checks_skipped;
        summary.instances += evaluation.summary.instances;
        summary.undecided += evaluation.summary.undecided;
        checked.findings.extend(evaluation.findings);
        checked.counts = Counts::of(&checked.findings);
        checked
    }

    /// The findings of the checks of one kind of comparison over a report bound to
    /// `template` (as kept, for telling whether a report needs reading again).
    pub(crate) fn comparison_findings(
        &self,
        report: &Report,
        template: &str,
        against: Against,
        others: Others<'_>,
    ) -> Vec<Finding> {
        match self.rules().template(template) {
            Some(template) => evaluate(report, template, against, others).findings,
            None => Vec::new(),
        }
    }
}
