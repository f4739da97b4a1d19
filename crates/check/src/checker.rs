//! The library's one entry point: a [`Checker`], built once from a rule set, checks a report
//! in one call — read, choose the template, bind, infer, evaluate — within limits and a time
//! budget, with panics contained. The CLI, the tests, the benchmarks and the fuzz targets all
//! check documents through it.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use nianbao_model::{Document, Finding, Note, Report};
use nianbao_read::Limits;
use nianbao_rules::ruleset::Template;
use nianbao_rules::{RuleFileError, RuleSet};

use crate::contain::Budget;
use crate::detect::Detection;
use crate::eval::{Counts, Summary};
use crate::failure::{CheckError, Failure};
use crate::input::Input;

/// How long one document may take by default (reading, choosing the template, binding,
/// checking). Real reports take milliseconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Checks reports against a rule set. Build it once (compiling the rules is the expensive
/// part) and check as many documents as you like, from any number of threads: it is cheap to
/// clone and shares its rules.
#[derive(Debug, Clone)]
pub struct Checker {
    rules: Arc<RuleSet>,
    /// What is worked out once per template for every report: the facts compiled for
    /// reading prose, and the places the checks read.
    compiled: Arc<Compiled>,
    /// The template every document is bound to; `None` to choose per document.
    template: Option<String>,
    limits: Limits,
    timeout: Option<Duration>,
}

/// What a checker works out once per template of its rule set, the first time a report of
/// the template comes.
#[derive(Debug)]
struct Compiled {
    prose: crate::narrative::Prose,
    /// `None` for a template too large for a grid.
    places: crate::per_template::PerTemplate<Option<crate::eval::places::Places>>,
}

/// A rule set a checker cannot be built from, or a template id it does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The rule set declares no template.
    #[error("规则文件中没有任何模板")]
    NoTemplates,
    /// `with_template` named a template the rule set does not have.
    #[error("没有 id 为 `{id}` 的模板；可用的模板：{}", known.join("、"))]
    UnknownTemplate {
        /// The id asked for.
        id: String,
        /// The ids there are.
        known: Vec<String>,
    },
}

impl Checker {
    /// A checker with the rules shipped with nianbao (the 2021 and 2019 formats).
    ///
    /// # Errors
    ///
    /// Only if a shipped rule file is broken, which nianbao's own tests prevent.
    pub fn builtin() -> Result<Self, RuleFileError> {
        let rules = nianbao_rules::builtin::rule_set()?;
        Ok(Self::with_rules(rules))
    }

    /// A checker with the given rules.
    ///
    /// # Errors
    ///
    /// [`SetupError::NoTemplates`] if the rule set declares no template.
    pub fn new(rules: RuleSet) -> Result<Self, SetupError> {
        if rules.templates.is_empty() {
            return Err(SetupError::NoTemplates);
        }
        Ok(Self::with_rules(rules))
    }

    fn with_rules(rules: RuleSet) -> Self {
        Self {
            compiled: Arc::new(Compiled {
                prose: crate::narrative::Prose::new(&rules),
                places: crate::per_template::PerTemplate::new(&rules),
            }),
            rules: Arc::new(rules),
            template: None,
            limits: Limits::default(),
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }

    /// Binds every document to the template `id` instead of choosing one per document.
    ///
    /// # Errors
    ///
    /// [`SetupError::UnknownTemplate`] if the rule set has no such template.
    pub fn with_template(mut self, id: &str) -> Result<Self, SetupError> {
        if self.rules.template(id).is_none() {
            return Err(SetupError::UnknownTemplate {
                id: id.to_owned(),
                known: self.rules.templates.iter().map(|t| t.id.clone()).collect(),
            });
        }
        self.template = Some(id.to_owned());
        Ok(self)
    }

    /// Caps on what reading one document may cost (size, decompression, nesting, tables).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The time budget of one document ([`DEFAULT_TIMEOUT`] unless set). With a budget each
    /// document is checked on a worker thread (one per calling thread, kept for its next
    /// documents) that is abandoned when the budget is spent; `None` checks on the calling
    /// thread with no time limit (for targets without threads). A report checked on a worker
    /// is freed fastest there: pass it to [`crate::contain::release`] when done with it.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time budget of each document (`None`: none).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The rules this checker uses.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The template with this id.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.rules.template(id)
    }

    /// Reads and checks the file at `path`.
    ///
    /// # Errors
    ///
    /// A [`CheckError`] when the file cannot be opened or read, exceeds a limit or the time
    /// budget, or nianbao fails on it. Problems *in* the report are findings, not errors.
    pub fn check_file(&self, path: impl AsRef<Path>) -> Result<Checked, CheckError> {
        self.check(Input::File(path.as_ref().to_path_buf()))
    }

    /// Reads and checks a file's bytes, named `name` in messages.
    ///
    /// # Errors
    ///
    /// As [`Checker::check_file`].
    pub fn check_bytes(&self, bytes: Vec<u8>, name: &str) -> Result<Checked, CheckError> {
        self.check(Input::Bytes {
            bytes,
            name: name.to_owned(),
        })
    }

    /// Checks a document already read or built in code, named `name` in messages.
    ///
    /// # Errors
    ///
    /// As [`Checker::check_file`] (only the time budget and internal failures apply).
    pub fn check_document(&self, document: Document, name: &str) -> Result<Checked, CheckError> {
        self.check(Input::Document {
            document,
            name: name.to_owned(),
        })
    }

    /// Checks one input: the whole pipeline as one contained step under the time budget.
    ///
    /// # Errors
    ///
    /// As [`Checker::check_file`].
    pub fn check(&self, input: Input) -> Result<Checked, CheckError> {
        self.run(input, Stages::All)
    }

    /// Reads and binds the file at `path` as [`Checker::check_file`] does, without running
    /// the checks: a [`Checked`] without findings and with an empty summary. For showing the
    /// findings of comparing it with other reports ([`Checker::compare`]) on a report whose
    /// own findings were written already: its [`Carry::summary`](crate::Carry) says what its
    /// check ran.
    ///
    /// # Errors
    ///
    /// As [`Checker::check_file`].
    pub fn bind_file(&self, path: impl AsRef<Path>) -> Result<Checked, CheckError> {
        self.run(Input::File(path.as_ref().to_path_buf()), Stages::Binding)
    }

    /// Runs the pipeline's `stages` on one input as one contained step under the time budget.
    fn run(&self, input: Input, stages: Stages) -> Result<Checked, CheckError> {
        let name = input.name();
        let budget = Budget::start(self.timeout);
        let rules = Arc::clone(&self.rules);
        let compiled = Arc::clone(&self.compiled);
        let template = self.template.clone();
        let limits = self.limits;
        let named = name.clone();
        let step = move || {
            let read = input.into_indexed(&limits)?;
            pipeline(
                read,
                (&rules, &compiled),
                template.as_deref(),
                named,
                stages,
            )
        };
        match budget.run(step) {
            Ok(Ok(checked)) => Ok(checked),
            Ok(Err(failure)) => Err(CheckError::new(name, failure)),
            Err(overrun) => Err(CheckError::overrun(name, overrun)),
        }
    }
}

/// One checked report: everything a caller needs about it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Checked {
    /// The name the input was given under (its path for a file).
    pub name: String,
    /// What was read.
    pub document: Document,
    /// Id of the template the report was bound to.
    pub template: String,
    /// How that template was chosen.
    pub choice: Choice,
    /// The document bound to the template: every declared cell found, missing or unplaced.
    pub report: Report,
    /// Every finding — binding problems and failed checks — in document order.
    pub findings: Vec<Finding>,
    /// The cells that explain the failed checks, with the values that would satisfy them.
    pub culprits: Vec<nianbao_model::Culprit>,
    /// The findings counted by severity.
    pub counts: Counts,
    /// What was checked: checks run and skipped, instances, instances left undecided.
    pub summary: Summary,
}

impl Checked {
    /// Whether any finding is an error (the CLI's exit code 1).
    pub fn has_errors(&self) -> bool {
        self.counts.errors > 0
    }
}

/// How the template of a report was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The checker was told which template to use.
    Given,
    /// Chosen by the signature phrases the document contains.
    Detected(Detection),
}

impl Choice {
    /// Why the template was chosen, in Chinese; `None` when it was given.
    pub fn explain(&self) -> Option<String> {
        match self {
            Choice::Given => None,
            Choice::Detected(detection) => Some(detection.explain()),
        }
    }
}

/// Whether a plain text has form feeds, as text extracted from a PDF has between its pages.
fn has_page_breaks(document: &Document) -> bool {
    document.format == nianbao_model::SourceFormat::Text && document.text.contains('\u{c}')
}

/// How far the pipeline goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stages {
    /// Every stage: the report checked.
    All,
    /// Up to binding the tables and reading the prose: the report as its checks would see it.
    Binding,
}

/// The worker's part, after reading: choose the template, bind, infer, evaluate (with
/// [`Stages::Binding`], stop after binding and the prose).
fn pipeline(
    read: nianbao_read::Indexed,
    (rules, compiled): (&RuleSet, &Compiled),
    given: Option<&str>,
    name: String,
    stages: Stages,
) -> Result<Checked, Failure> {
    // The reader's index of the text's lines, for every span binding and the prose make.
    let nianbao_read::Indexed {
        document, lines, ..
    } = read;
    let (template, choice) = choose(&document, rules, given)?;
    let mut bound = crate::bind::bind_with(&document, template, &lines);
    // The prose is read once every table is bound: a table's text is not prose.
    compiled
        .prose
        .read(template, &document, &lines, &mut bound.report);
    let found = |t: &nianbao_model::BoundTable| t.source_table.is_some() || !t.cells.is_empty();
    if !template.tables.is_empty() && !bound.report.tables.iter().any(found) {
        return Err(Failure::NoTables {
            template: template.id.clone(),
            page_breaks: has_page_breaks(&document),
        });
    }
    if stages == Stages::Binding {
        return Ok(Checked {
            name,
            culprits: Vec::new(),
            counts: Counts::default(),
            template: template.id.clone(),
            choice,
            report: bound.report,
            findings: Vec::new(),
            summary: Summary::default(),
            document,
        });
    }
    let places = compiled
        .places
        .get_or_init(template, || crate::eval::places::Places::new(template))
        .and_then(Option::as_ref);
    let evaluation = crate::eval::evaluate_placed(&bound.report, template, places);
    let mut findings = bound.findings;
    findings.extend(evaluation.findings);
    // What the reader could not do (a PDF table it did not read), at the place it concerns.
    findings.extend(document.warnings.iter().map(|warning| {
        Finding {
            rule: warning.code.as_str().to_owned(),
            severity: warning.code.severity(),
            message: warning.message.clone(),
            cells: Vec::new(),
            notes: (!warning.span.is_empty())
                .then(|| Note {
                    span: warning.span,
                    label: warning.label.clone(),
                })
                .into_iter()
                .collect(),
            comparison: None,
            help: warning.help.clone(),
            related: Vec::new(),
        }
    }));
    // Document order; findings without a place (a missing table) first. The sort is stable,
    // so binding problems stay before failed checks at the same place.
    findings.sort_by_key(|f| f.notes.first().map(|n| n.span.start));
    // Only a failed comparison of the tables can have a culprit: a clean report costs nothing
    // more, nor does one whose only failed comparisons are between its prose and its tables.
    let culprits = if findings
        .iter()
        .any(|f| f.comparison.is_some() && crate::localise::may_explain(template, &f.rule))
    {
        crate::localise::localise_placed(&bound.report, template, places, &findings)
    } else {
        Vec::new()
    };
    Ok(Checked {
        name,
        culprits,
        counts: Counts::of(&findings),
        template: template.id.clone(),
        choice,
        report: bound.report,
        findings,
        summary: evaluation.summary,
        document,
    })
}

/// The given template, or the one the document's signature phrases point to.
fn choose<'r>(
    document: &Document,
    rules: &'r RuleSet,
    given: Option<&str>,
) -> Result<(&'r Template, Choice), Failure> {
    let missing = |id: &str| Failure::Internal(format!("找不到模板 `{id}`"));
    match given {
        Some(id) => {
            let template = rules.template(id).ok_or_else(|| missing(id))?;
            if !crate::detect::looks_like_report(document, rules) {
                return Err(Failure::NotReport);
            }
            Ok((template, Choice::Given))
        }
        None => {
            let detection = crate::detect::detect(document, rules)
                .ok_or_else(|| Failure::Internal("规则文件中没有任何模板".to_owned()))?;
            if detection.strength() == crate::detect::Strength::None {
                let report = crate::detect::looks_like_report(document, rules);
                return Err(match report {
                    // A report without a single table: the tables were most likely printed
                    // as pictures, which is what the reviewer needs to hear (F-04).
                    true if document.tables().next().is_none() => Failure::NoTables {
                        template: detection.template,
                        page_breaks: has_page_breaks(document),
                    },
                    true => Failure::UnknownFormat(detection),
                    false => Failure::NotReport,
                });
            }
            let template = rules
                .template(&detection.template)
                .ok_or_else(|| missing(&detection.template))?;
            Ok((template, Choice::Detected(detection)))
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use nianbao_model::Code;

    use super::*;

    fn example() -> Vec<u8> {
        include_bytes!("../../../examples/2024-nanguan-jiaoyuju.txt").to_vec()
    }

    /// A rule set without templates and an unknown template id are refused when the checker is
    /// built, before any document.
    #[test]
    fn setup_mistakes_are_refused_up_front() {
        assert_eq!(
            Checker::new(RuleSet::default()).unwrap_err(),
            SetupError::NoTemplates
        );
        let error = Checker::builtin()
            .unwrap()
            .with_template("gov-2022")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "没有 id 为 `gov-2022` 的模板；可用的模板：gov-2021、gov-2019"
        );
    }

    /// Inline and on a worker thread the same report gives the same result; a given template
    /// is used as given.
    #[test]
    fn inline_and_budgeted_runs_agree() {
        let checker = Checker::builtin().unwrap();
        let threaded = checker.check_bytes(example(), "a.txt").unwrap();
        let inline = checker
            .clone()
            .with_timeout(None)
            .check_bytes(example(), "a.txt")
            .unwrap();
        assert_eq!(threaded.findings, inline.findings);
        assert_eq!(threaded.report, inline.report);
        assert_eq!(inline.name, "a.txt");
        assert!(matches!(inline.choice, Choice::Detected(_)));
        let given = checker.with_template("gov-2019").unwrap();
        let old = given.check_bytes(example(), "a.txt").unwrap();
        assert_eq!(
            (old.template.as_str(), &old.choice),
            ("gov-2019", &Choice::Given)
        );
        assert!(old.choice.explain().is_none());
    }

    /// Files that cannot be checked are errors with their catalogue code and the name given.
    #[test]
    fn unreadable_inputs_are_errors_with_codes() {
        let checker = Checker::builtin().unwrap();
        let missing = checker.check_file("no/such/report.txt").unwrap_err();
        assert_eq!(
            (missing.code(), missing.name()),
            (Code::ReadIo, "no/such/report.txt")
        );
        assert_eq!(
            missing.to_string(),
            "无法读取报告文件 no/such/report.txt：文件不存在"
        );
        let directory = checker.check_file(env!("CARGO_MANIFEST_DIR")).unwrap_err();
        assert!(directory.message().ends_with("这是一个目录，不是文件"));
        let small = Limits {
            file_size: 10,
            ..Limits::default()
        };
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/2024-nanguan-jiaoyuju.txt"
        );
        let oversized = checker
            .clone()
            .with_limits(small)
            .check_file(path)
            .unwrap_err();
        assert_eq!(oversized.code(), Code::LimitFileSize);
        let binary = checker
            .check_bytes(vec![0, 1, 2, 0, 0xff], "x.bin")
            .unwrap_err();
        assert!(matches!(binary.failure(), Failure::Read(_)), "{binary:?}");
    }

    /// A spent budget is `limit::time` for that document, and the checker goes on.
    #[test]
    fn a_spent_budget_is_a_time_error() {
        let checker = Checker::builtin().unwrap();
        let hurried = checker.clone().with_timeout(Some(Duration::ZERO));
        let error = hurried.check_bytes(example(), "slow.txt").unwrap_err();
        assert_eq!(error.code(), Code::LimitTime);
        assert_eq!(
            error.to_string(),
            "报告文件 slow.txt 在 0s 内没有处理完，已跳过"
        );
        assert!(checker.check_bytes(example(), "next.txt").is_ok());
    }

    /// Findings come in document order and the counts add up.
    #[test]
    fn findings_are_in_document_order_and_counted() {
        let text = include_bytes!("../../../examples/errors/balance.txt").to_vec();
        let checked = Checker::builtin()
            .unwrap()
            .check_bytes(text, "b.txt")
            .unwrap();
        let starts: Vec<Option<usize>> = checked
            .findings
            .iter()
            .map(|f| f.notes.first().map(|n| n.span.start))
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
        assert_eq!(checked.counts, Counts::of(&checked.findings));
        assert!(checked.has_errors());
    }
}
