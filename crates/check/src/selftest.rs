//! Rule self-tests: every check can carry small example tables (`example pass { … }` /
//! `example fail { … }`) in its rule file; this runs each check on its own examples.

use nianbao_model::{BoundCell, BoundTable, CellLocation, Report, SectionMatch, Span, Value};
use nianbao_rules::ruleset::{Check, Example, Template};

use crate::aggregate::Family;
use crate::eval::{Last, Others, evaluate_with};
use crate::units::Units;
use crate::years::Carry;

/// How one example went.
#[derive(Debug, Clone)]
pub struct Outcome<'r> {
    /// The check.
    pub check: &'r Check,
    /// The example.
    pub example: &'r Example,
    /// How many findings the check reported on it.
    pub findings: usize,
    /// Whether any instance could be decided (a pass with nothing decided proves nothing).
    pub decided: bool,
}

impl Outcome<'_> {
    /// Whether the check behaved as the example says. A passing example with prose may decide
    /// nothing: its point can be that the words state no figure (近似数, 行政复议申请).
    pub fn ok(&self) -> bool {
        if self.example.pass {
            self.findings == 0 && (self.decided || !self.example.texts.is_empty())
        } else {
            self.findings > 0
        }
    }
}

/// The self-test of a whole rule set, as `nianbao rules test` and the browser page report it
/// (the page receives it as JSON).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SelfTest {
    /// Examples run.
    pub examples: usize,
    /// The examples a check misjudged, in template and check order.
    pub failures: Vec<Failure>,
    /// Checks without any example, as `template/check`.
    pub without: Vec<String>,
}

/// One example a check misjudged.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    /// The rule file the example is written in (an inherited example is in the parent's).
    pub file: String,
    /// Its line there (1-based; 0 when unknown).
    pub line: usize,
    /// The check's id.
    pub check: String,
    /// What went wrong, in Chinese: "的例子应当通过，却报告了 2 处".
    pub message: String,
}

impl SelfTest {
    /// Whether every example behaved as written.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every example of every template of `rules`.
pub fn run_all(rules: &nianbao_rules::RuleSet) -> SelfTest {
    let mut result = SelfTest::default();
    for template in &rules.templates {
        for check in &template.checks {
            let own: Vec<_> = run_check_examples(template, check).collect();
            if own.is_empty() {
                result.without.push(format!("{}/{}", template.id, check.id));
            }
            result.examples += own.len();
            for outcome in own.iter().filter(|o| !o.ok()) {
                let (expected, got) = if outcome.example.pass {
                    let got = if outcome.decided {
                        format!("却报告了 {} 处", outcome.findings)
                    } else {
                        "却无法判断（例子缺少需要的单元格）".to_owned()
                    };
                    ("应当通过", got)
                } else {
                    ("应当报错", "却没有报告".to_owned())
                };
                // An inherited example is in the parent's file: its span says which.
                let (file, line) = rules
                    .locate(outcome.example.span)
                    .map_or((template.file.as_str(), 0), |(source, line, _)| {
                        (source.name.as_str(), line)
                    });
                result.failures.push(Failure {
                    file: file.to_owned(),
                    line,
                    check: check.id.clone(),
                    message: format!("的例子{expected}，{got}"),
                });
            }
        }
    }
    result
}

/// Runs every example of every check of the template.
pub fn run_examples(template: &Template) -> Vec<Outcome<'_>> {
    template
        .checks
        .iter()
        .flat_map(|check| run_check_examples(template, check))
        .collect()
}

/// Runs the examples of one check of the template.
pub fn run_check_examples<'r>(
    template: &'r Template,
    check: &'r Check,
) -> impl Iterator<Item = Outcome<'r>> {
    check
        .examples
        .iter()
        .map(move |example| run_example(template, check, example))
}

/// Runs one example of a check.
fn run_example<'r>(template: &'r Template, check: &'r Check, example: &'r Example) -> Outcome<'r> {
    let report = example_report(template, example);
    let previous = example.previous.as_deref().map(|previous| {
        let mut report = example_report(template, previous);
        report.year = example.year.map(|year| year - 1);
        report
    });
    let last = previous.as_ref().map(|report| Last {
        report,
        template,
        name: "上一年度的例子",
    });
    // Other reports of the batch, when the check compares with them: the example's
    // first, then each `other`, all of one year; each `child` an organ's.
    let carries: Vec<Option<Carry>> = if check.needs_units {
        std::iter::once(example)
            .chain(&example.others)
            .enumerate()
            .map(|(at, e)| {
                let mut report = example_report(template, e);
                report.year = Some(example.year.unwrap_or_default());
                Some(Carry::new(format!("例子{at}"), &template.id, report))
            })
            .collect()
    } else {
        Vec::new()
    };
    let units = check.needs_units.then(|| Units::new(carries.as_slice()));
    let organs: Vec<Carry> = example
        .children
        .iter()
        .enumerate()
        .map(|(at, e)| {
            Carry::new(
                format!("所属单位{at}"),
                &template.id,
                example_report(template, e),
            )
        })
        .collect();
    let family = Family {
        children: organs
            .iter()
            .map(|c| (std::borrow::Cow::Borrowed(c), template))
            .collect(),
        missing: example.missing.clone(),
    };
    let others = Others {
        last,
        peers: units.as_ref().and_then(|u| u.peers(0, carries.as_slice())),
        family: check.needs_children.then_some(&family),
    };
    let evaluation = evaluate_with(&report, template, [check], others);
    Outcome {
        check,
        example,
        findings: evaluation.findings.len(),
        decided: evaluation.summary.instances > evaluation.summary.undecided,
    }
}

/// A report where every declared cell is 0 and every section present, then the example's
/// facts applied.
pub fn example_report(template: &Template, example: &Example) -> Report {
    let cell = |part: &nianbao_rules::ruleset::Part, row: &str, column: &str, raw: &str| {
        let (Some(r), Some(c)) = (part.rows.find(row), part.columns.find(column)) else {
            return None;
        };
        Some(BoundCell {
            row: row.into(),
            column: column.into(),
            row_path: part.rows.path(r),
            column_path: part.columns.path(c),
            value: Value::parse(raw),
            raw: raw.to_owned(),
            span: Span::default(),
            location: CellLocation::default(),
        })
    };
    let tables = template
        .tables
        .iter()
        .map(|table| {
            let mut cells: Vec<BoundCell> = table
                .leaf_rows()
                .flat_map(|(part, row)| {
                    part.columns
                        .leaves()
                        .filter_map(|column| cell(part, &row.id, &column.id, "0"))
                        .collect::<Vec<_>>()
                })
                .collect();
            for set in example.cells.iter().filter(|c| c.table == table.id) {
                let Some((_, part)) = table.part_of_row(&set.row) else {
                    continue;
                };
                if part.rows.find(&set.row).is_some_and(|n| n.is_group) {
                    // The group on a single row: its leaves go, its own row comes in.
                    let leaves: Vec<nianbao_model::Id> = part
                        .rows
                        .leaves_under(&set.row)
                        .iter()
                        .map(|n| n.id.clone())
                        .collect();
                    cells.retain(|c| !leaves.contains(&c.row));
                    if !cells.iter().any(|c| *c.row == *set.row) {
                        cells.extend(
                            part.columns
                                .leaves()
                                .filter_map(|c| cell(part, &set.row, &c.id, "0")),
                        );
                    }
                }
                cells.retain(|c| !(*c.row == *set.row && *c.column == *set.column));
                cells.extend(cell(part, &set.row, &set.column, &set.raw));
            }
            BoundTable {
                id: table.id.clone(),
                title: table.title.clone(),
                source_table: Some(0),
                cells,
                missing: Vec::new(),
                unplaced: Vec::new(),
            }
        })
        .collect();
    let units: Vec<crate::narrative::Unit> = example
        .texts
        .iter()
        .map(|text| crate::narrative::Unit::detached(text))
        .collect();
    // An example's prose stands in every section.
    let no_text = nianbao_model::LineIndex::new("");
    let sentences = crate::narrative::sentences::sentences(&units, "", &no_text, &[], &|_| None)
        .into_iter()
        .flat_map(|sentence| {
            (0..template.sections.len()).map(move |at| nianbao_model::Sentence {
                section: Some(at),
                ..sentence
            })
        })
        .collect();
    Report {
        template: template.id.clone(),
        statements: crate::narrative::statements(
            &crate::narrative::Facts::new(template),
            &units,
            &[],
            example.year,
            "",
            &no_text,
            &[],
        ),
        year: example.year,
        agency: example.agency.clone(),
        sections: template
            .sections
            .iter()
            .map(|s| SectionMatch {
                id: s.id.clone(),
                label: s.label.text.clone(),
                span: (!example.absent.contains(&s.id)).then(Span::default),
                // An example's prose stands in every section.
                prose: example
                    .texts
                    .iter()
                    .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
                    .sum(),
                ..SectionMatch::default()
            })
            .collect(),
        tables,
        // The example's last lines may be a signature block ("某局" / "2025年1月20日").
        published: crate::narrative::signed(
            &example
                .texts
                .iter()
                .map(|t| (t.as_str(), 0))
                .collect::<Vec<_>>(),
            "",
            &no_text,
        )
        .published,
        sentences,
        // An example's prose is also its opening, where a report names itself.
        opening: example
            .texts
            .iter()
            .map(|t| (t.clone(), Span::default()))
            .collect(),
        figures: Vec::new(),
        outside: Vec::new(),
    }
}
