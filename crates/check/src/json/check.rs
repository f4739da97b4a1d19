//! The document `nianbao check --format json` prints: one entry per input file.

use nianbao_model::{Applicability, Culprit, Finding, OffsetMap, Span};
use schemars::JsonSchema;
use serde::Serialize;

use super::SCHEMA_VERSION;
use super::cell::{CellJson, decimal, file_span};
use crate::{CheckError, Checked, Choice, Counts, Summary};
use nianbao_rules::RuleSet;

/// The result of checking one or more files.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckOutput<'a> {
    /// The version of this format. It changes only if a field changes meaning or goes away;
    /// new fields may appear within a version.
    pub schema: u32,
    /// The rule files the reports were checked against, in the order they were loaded.
    pub rules: Vec<RuleFileJson<'a>>,
    /// One entry per file, in the order the files were given; after them, one entry per
    /// report compared with last year's report of the same agency in the batch that the
    /// comparison found something in (`compared_with`), holding only those findings.
    pub reports: Vec<ReportJson<'a>>,
    /// Reports paired with last year's report of the same agency (by the agency and year of
    /// their titles, or `check --previous`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub pairs: Vec<PairJson>,
    /// Reports that could not be paired with last year's, and why (the same agency and year
    /// twice, a year missing in between, no agency or year in the title).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub unpaired: Vec<UnpairedJson>,
}

/// A report and last year's report of the same agency it was compared with.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PairJson {
    /// Last year's report.
    pub previous: String,
    /// This year's report.
    pub current: String,
}

/// A report that could not be compared with last year's.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UnpairedJson {
    /// The report.
    pub path: String,
    /// Why, in Chinese.
    pub reason: String,
}

impl<'a> CheckOutput<'a> {
    /// The output for these reports, checked against `rules` (e.g. [`crate::Checker::rules`]).
    pub fn new(rules: &'a RuleSet, reports: Vec<ReportJson<'a>>) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            rules: RuleFileJson::all(rules),
            reports,
            pairs: Vec::new(),
            unpaired: Vec::new(),
        }
    }
}

/// One rule file of the rule set.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleFileJson<'a> {
    /// Its name or path.
    pub file: &'a str,
    /// `builtin` (embedded in the program), `project` (from a `nianbao-rules` folder) or
    /// `given` (`--rules`).
    pub origin: &'static str,
    /// The templates it gave to the rule set (a template a later file replaced is not listed).
    pub templates: Vec<&'a str>,
    /// Built-in or earlier templates that this file's templates replaced (same id).
    pub replaces: Vec<ReplacedJson<'a>>,
}

/// A template replaced by one with the same id in a later rule file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReplacedJson<'a> {
    /// The template id.
    pub template: &'a str,
    /// The file whose template was replaced.
    pub file: &'a str,
    /// Whether both are written identically (e.g. an exported copy nobody edited).
    pub identical: bool,
}

impl<'a> RuleFileJson<'a> {
    fn all(rules: &'a RuleSet) -> Vec<Self> {
        rules
            .sources
            .iter()
            .map(|source| RuleFileJson {
                file: &source.name,
                origin: source.origin.as_str(),
                templates: rules
                    .templates
                    .iter()
                    .filter(|t| t.file == source.name)
                    .map(|t| t.id.as_str())
                    .collect(),
                replaces: rules
                    .replaced
                    .iter()
                    .filter(|r| r.file == source.name)
                    .map(|r| ReplacedJson {
                        template: &r.template,
                        file: &r.replaced,
                        identical: r.identical,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// One file: its findings and summary, or the error that kept it from being checked.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportJson<'a> {
    /// The file as it was named on the command line (or the name given to the library).
    pub path: &'a str,
    /// Id of the template the report was checked against, e.g. `gov-2021`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<&'a str>,
    /// How that template was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_choice: Option<ChoiceJson<'a>>,
    /// Every finding — binding problems and failed checks — in document order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<FindingJson<'a>>>,
    /// The cells that explain failed checks, with the values that would satisfy them (left
    /// out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub culprits: Vec<CulpritJson<'a>>,
    /// What was checked and what was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<SummaryJson<'a>>,
    /// Why the file could not be checked (instead of `findings` and `summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
    /// For a file not checked because it repeats an earlier one: which, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<DuplicateJson<'a>>,
    /// For an entry after the batch's own reports: what the report was compared with;
    /// `findings` are then only those of the comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<ComparedJson<'a>>,
}

/// What a report was compared with after a batch's own reports.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ComparedJson<'a> {
    /// `previous`: last year's report of the same agency; `units`: other agencies' reports of
    /// the same year; `organs`: the constituent organs' reports of an aggregate report.
    #[schemars(extend("enum" = ["previous", "units", "organs"]))]
    pub with: &'static str,
    /// For `previous`: last year's report's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
}

/// The earlier input a skipped file repeats.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicateJson<'a> {
    /// The earlier file's path.
    pub path: &'a str,
    /// `true`: the same document (the same text); `false`: the same report in another file
    /// (same agency, year, template and every figure, e.g. its PDF and Word copies).
    pub identical: bool,
}

impl<'a> ReportJson<'a> {
    /// A checked file.
    pub fn checked(checked: &'a Checked) -> Self {
        let original = checked.document.original.as_ref();
        Self {
            path: &checked.name,
            template: Some(&checked.template),
            template_choice: Some(ChoiceJson::new(&checked.choice)),
            findings: Some(
                checked
                    .findings
                    .iter()
                    .map(|f| FindingJson::new(f, original))
                    .collect(),
            ),
            culprits: checked
                .culprits
                .iter()
                .map(|c| CulpritJson::new(c, original))
                .collect(),
            summary: Some(SummaryJson {
                template: &checked.template,
                year: checked.report.year,
                agency: checked.report.agency.as_deref(),
                published: checked.report.published.as_ref().map(|p| {
                    super::prose::PublishedJson::new(p, checked.document.original.as_ref())
                }),
                checks: &checked.summary,
                counts: checked.counts,
                accepted: 0,
            }),
            error: None,
            duplicate_of: None,
            compared: None,
        }
    }

    /// A file not checked because it repeats `of` (see [`DuplicateJson`]).
    pub fn duplicate(path: &'a str, of: &'a str, identical: bool) -> Self {
        Self {
            path,
            template: None,
            template_choice: None,
            findings: None,
            culprits: Vec::new(),
            summary: None,
            error: None,
            duplicate_of: Some(DuplicateJson {
                path: of,
                identical,
            }),
            compared: None,
        }
    }

    /// The report's entry for a comparison with other reports (see [`ComparedJson`]).
    pub fn compared(mut self, compared: ComparedJson<'a>) -> Self {
        self.compared = Some(compared);
        self
    }

    /// The report with `accepted` findings taken out by an explanations file.
    pub fn with_accepted(mut self, accepted: usize) -> Self {
        if let Some(summary) = self.summary.as_mut() {
            summary.accepted = accepted;
        }
        self
    }

    /// A file that could not be checked.
    pub fn failed(error: &'a CheckError) -> Self {
        Self {
            path: error.name(),
            template: None,
            template_choice: None,
            findings: None,
            culprits: Vec::new(),
            summary: None,
            error: Some(ErrorJson {
                code: error.code().as_str(),
                message: error.message(),
            }),
            duplicate_of: None,
            compared: None,
        }
    }
}

/// How the template was chosen.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChoiceJson<'a> {
    /// `given` when the template was named (`--template`), `detected` when it was chosen by
    /// the signature phrases each template declares.
    #[schemars(extend("enum" = ["given", "detected"]))]
    pub how: &'static str,
    /// For a detected template: every template of the rule set with the signature phrases of
    /// it found in the report (the chosen one has the most); empty for a given template.
    pub evidence: Vec<EvidenceJson<'a>>,
}

/// The signature phrases of one template found in the report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EvidenceJson<'a> {
    /// The template's id.
    pub template: &'a str,
    /// Its signature phrases that the report contains.
    pub found: &'a [String],
    /// How many signature phrases it declares.
    pub declared: usize,
}

impl<'a> ChoiceJson<'a> {
    fn new(choice: &'a Choice) -> Self {
        match choice {
            Choice::Given => Self {
                how: "given",
                evidence: Vec::new(),
            },
            Choice::Detected(detection) => Self {
                how: "detected",
                evidence: detection
                    .evidence
                    .iter()
                    .map(|e| EvidenceJson {
                        template: &e.template,
                        found: &e.found,
                        declared: e.declared,
                    })
                    .collect(),
            },
        }
    }
}

/// Why a file could not be checked.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorJson {
    /// The diagnostic code, e.g. `read::damaged` or `limit::time` (`nianbao explain CODE`):
    /// one of the catalogue's.
    #[schemars(schema_with = "catalogue_code")]
    pub code: &'static str,
    /// What went wrong, in Chinese.
    pub message: String,
}

/// One finding: a failed check instance or a binding problem.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingJson<'a> {
    /// The check id from the rule file (`T3-01`) or the diagnostic code (`bind::missing-row`).
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    #[schemars(extend("enum" = ["error", "warning", "info"]))]
    pub severity: &'static str,
    /// What is wrong, in Chinese, with the names and values filled in.
    pub message: &'a str,
    /// The cells the failed check read, with their values and places.
    pub cells: Vec<CellJson<'a>>,
    /// For a failed comparison: the right side, what the reported figure should equal.
    #[schemars(required, extend("type" = ["number", "string", "null"]))]
    pub expected: Option<super::cell::JsonNumber>,
    /// For a failed comparison: the left side, the figure as reported.
    #[schemars(required, extend("type" = ["number", "string", "null"]))]
    pub actual: Option<super::cell::JsonNumber>,
    /// How to fix it, in Chinese (for a comparison: both sides and the difference).
    #[schemars(required, extend("type" = ["string", "null"]))]
    pub help: Option<&'a str>,
    /// Places in the document to point at, each with what to say there.
    pub notes: Vec<NoteJson<'a>>,
    /// Places in another document: last year's report, for a check comparing the two.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub related: Vec<RelatedJson<'a>>,
}

/// A labelled place in another document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RelatedJson<'a> {
    /// The other document, as it was named (its path).
    pub file: &'a str,
    /// Where, in that file.
    pub span: Span,
    /// What to say there, in Chinese.
    pub label: &'a str,
}

/// A labelled place in the document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NoteJson<'a> {
    /// Where, in the original file.
    pub span: Span,
    /// What to say there, in Chinese.
    pub label: &'a str,
}

impl<'a> FindingJson<'a> {
    /// The finding, with spans mapped back to the file's bytes for re-encoded documents.
    pub fn new(finding: &'a Finding, original: Option<&OffsetMap>) -> Self {
        let side = |s: &nianbao_model::Side| decimal(s.value);
        Self {
            rule: &finding.rule,
            severity: finding.severity.as_str(),
            message: &finding.message,
            cells: finding
                .cells
                .iter()
                .map(|c| CellJson::new(c, original))
                .collect(),
            expected: finding.comparison.as_ref().and_then(|c| side(&c.right)),
            actual: finding.comparison.as_ref().and_then(|c| side(&c.left)),
            help: finding.help.as_deref(),
            notes: finding
                .notes
                .iter()
                .map(|n| NoteJson {
                    span: file_span(n.span, original),
                    label: &n.label,
                })
                .collect(),
            related: finding
                .related
                .iter()
                .map(|r| RelatedJson {
                    file: &r.file,
                    span: r.span,
                    label: &r.label,
                })
                .collect(),
        }
    }
}

/// What was checked in one file and what was found.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SummaryJson<'a> {
    /// Id of the template.
    pub template: &'a str,
    /// The report's year, as stated in its title.
    #[schemars(required, extend("type" = ["integer", "null"]))]
    pub year: Option<i32>,
    /// The issuing agency, as stated in the title.
    #[schemars(required, extend("type" = ["string", "null"]))]
    pub agency: Option<&'a str>,
    /// When the report was signed or published, if its signature block or page header says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<super::prose::PublishedJson<'a>>,
    /// Checks run and skipped, instances evaluated and left undecided.
    #[serde(flatten)]
    pub checks: &'a Summary,
    /// Findings by severity.
    #[serde(flatten)]
    pub counts: Counts,
    /// Findings accepted by an explanations file (说明文件): left out of `findings` and the
    /// counts, never an error (left out when there are none).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub accepted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A code of the catalogue, as a string enumerating them all.
fn catalogue_code(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let codes: Vec<&str> = nianbao_model::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    schemars::json_schema!({ "type": "string", "enum": codes })
}

/// The cells that explain a group of failed checks.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CulpritJson<'a> {
    /// `certain` (the only change that satisfies every check: `nianbao fix` applies it),
    /// `likely` (the first correction is the most plausible, not the only one) or `ambiguous`
    /// (several fit equally; none is chosen).
    pub applicability: Applicability,
    /// The culprit as people read it: the code (`fix::wrong-cell`, `fix::ambiguous-cell`), the
    /// message and help, and labels on the cells.
    pub finding: FindingJson<'a>,
    /// The correction first; for `likely` the alternatives after it; for `ambiguous` every
    /// candidate.
    pub corrections: Vec<CorrectionJson<'a>>,
    /// Indexes into `findings` of the failed checks it explains.
    pub explains: &'a [usize],
}

/// One way to satisfy the failed checks: one cell, or two.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CorrectionJson<'a> {
    /// The cells and their values.
    pub cells: Vec<CellCorrectionJson<'a>>,
}

/// A cell and the value it should have.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CellCorrectionJson<'a> {
    /// Id of the table.
    pub table: &'a str,
    /// The cell's name for people.
    pub name: &'a str,
    /// The cell as read.
    pub cell: CellJson<'a>,
    /// The value that satisfies the checks.
    #[schemars(required, extend("type" = ["number", "string", "null"]))]
    pub suggested: Option<super::cell::JsonNumber>,
    /// The typing slip it looks like, in Chinese, if any.
    #[schemars(required, extend("type" = ["string", "null"]))]
    pub hint: Option<&'a str>,
}

impl<'a> CulpritJson<'a> {
    fn new(culprit: &'a Culprit, original: Option<&OffsetMap>) -> Self {
        Self {
            applicability: culprit.applicability,
            finding: FindingJson::new(&culprit.finding, original),
            corrections: culprit
                .corrections
                .iter()
                .map(|correction| CorrectionJson {
                    cells: correction
                        .cells
                        .iter()
                        .map(|c| CellCorrectionJson {
                            table: &c.table,
                            name: &c.name,
                            cell: CellJson::new(&c.cell, original),
                            suggested: decimal(c.suggested),
                            hint: c.hint.as_deref(),
                        })
                        .collect(),
                })
                .collect(),
            explains: &culprit.explains,
        }
    }
}
