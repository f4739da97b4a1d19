//! `--format sarif`: one SARIF 2.1.0 log, for code-scanning and review platforms.
//!
//! The log is streamed: `begin` writes everything up to the results (the tool, with every
//! check of the rule set and every diagnostic code as a rule), each report's results are
//! written as it arrives, and `finish` closes the list and adds the run's invocation and the
//! batch's totals. Nothing but the rule ids' positions is kept between reports.
//!
//! - `ruleId` is the check id (`T3-01`) or the code (`bind::missing-row`, `fix::wrong-cell`,
//!   `read::io`), with its `ruleIndex`. A check id declared by several templates is one rule
//!   (described as the first template declares it, the templates listed in its properties);
//!   each result says its report's template in its properties.
//! - `level`: error, warning or note. The message is the finding's, its help on a second line.
//! - The location is the finding's first note (else its first cell): `artifactLocation.uri`
//!   is the path as given (percent-encoded; absolute paths as `file://` URIs), and `region`
//!   its start and end line and column in the document's text, counted in Unicode code points
//!   (`columnKind`). For text, Markdown, JSON and HTML that text is the file itself. For .docx,
//!   .doc and PDF it is nianbao's text view of the file (`region.properties.textView` is then
//!   true), so the place a person can find is given as well, as a `logicalLocations` entry
//!   (`kind` `element`, page, table and row in words, as the human format says it), and the
//!   PDF page as `region.properties.page`. The other notes are `relatedLocations`.
//! - A file that could not be checked is one result with its code, at the file.
//! - Skipped duplicates are notifications of the invocation; the totals of the batch are the
//!   run's `properties.summary`.
//! - `--max-findings` caps each report's results; `--summary-only` writes no result.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use nianbao_check::Checked;
use nianbao_model::{Code, Finding, Severity};
use serde::Serialize;

use super::super::{Outcome, Sink, SinkContext, Summary};
use super::concise::{Location, Locator, ordered};

/// The schema a SARIF 2.1.0 log names.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Indentation of a result inside `runs[0].results`.
const RESULT_INDENT: &str = "        ";

/// `--format sarif`.
#[derive(Debug, Default)]
pub struct Sarif {
    /// Position of each rule id in `tool.driver.rules`.
    rules: HashMap<String, usize>,
    /// Results written so far (for the commas between them).
    written: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    version: &'a str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'a str,
    /// Always empty here: the results are written in between.
    results: [(); 0],
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    language: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    /// `check` or `code`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    templates: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    template: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "RegionProperties::is_empty")]
    properties: RegionProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionProperties {
    /// The lines are those of nianbao's text view of the file, not of the file.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    text_view: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
}

impl RegionProperties {
    fn is_empty(&self) -> bool {
        !self.text_view && self.page.is_none()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Closing {
    invocations: [Invocation; 1],
    properties: RunProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
struct RunProperties {
    summary: Totals,
}

/// The batch's totals, as `Summary` counts them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Totals {
    inputs: usize,
    checked: usize,
    clean: usize,
    with_errors: usize,
    with_warnings: usize,
    unreadable: usize,
    duplicates: usize,
}

fn to_io(error: serde_json::Error) -> io::Error {
    io::Error::other(error)
}

/// SARIF's word for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Every check of the rule set (once per id) and every diagnostic code, as SARIF rules.
fn rules(context: &SinkContext<'_>) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for (template, check) in context.rules.checks() {
        if let Some(rule) = rules.iter_mut().find(|r| r.id == check.id) {
            rule.properties.templates.push(template.id.clone());
            continue;
        }
        let mut help: Vec<String> = check.explain.iter().cloned().collect();
        if let Some(basis) = &check.basis {
            help.push(format!("依据：{basis}"));
        }
        rules.push(Rule {
            id: check.id.clone(),
            short_description: Text::new(check.title.clone()),
            full_description: Text::new(check.explain.clone().unwrap_or(check.title.clone())),
            help: (!help.is_empty()).then(|| Text::new(help.join("\n"))),
            default_configuration: Configuration {
                level: level(check.severity),
            },
            properties: RuleProperties {
                kind: "check",
                templates: vec![template.id.clone()],
            },
        });
    }
    for &code in Code::ALL {
        if rules.iter().any(|r| r.id == code.as_str()) {
            continue;
        }
        rules.push(Rule {
            id: code.as_str().to_owned(),
            short_description: Text::new(code.summary()),
            full_description: Text::new(code.explain()),
            help: Some(Text::new(format!(
                "{}\n运行 nianbao explain {} 可查看这段说明",
                code.explain(),
                code.as_str()
            ))),
            default_configuration: Configuration {
                level: level(code.severity()),
            },
            properties: RuleProperties {
                kind: "code",
                templates: Vec::new(),
            },
        });
    }
    rules
}

/// A path as a URI reference: `/` between segments, every byte but the unreserved ones
/// percent-encoded; an absolute path as a `file://` URI.
pub(super) fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    let drive = text.as_bytes().get(1) == Some(&b':')
        && text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if drive {
        out.push_str("file:///");
    } else if text.starts_with('/') {
        out.push_str("file://");
    }
    for (at, byte) in text.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && at == 1);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A SARIF location of a finding's place.
/// A place in another document (last year's report): its file, line and column.
fn other_document(related: &nianbao_model::Related) -> SarifLocation {
    SarifLocation {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(Path::new(&related.file)),
            },
            // A place without a line (an organ without a report) names only the file.
            region: (related.span.line > 0).then(|| Region {
                start_line: related.span.line,
                start_column: related.span.column,
                end_line: related.span.line,
                end_column: related.span.column + 1,
                properties: RegionProperties {
                    text_view: false,
                    page: None,
                },
            }),
        },
        logical_locations: Vec::new(),
        message: Some(Text::new(related.label.clone())),
    }
}

fn location(uri: &str, at: Option<&Location>, message: Option<String>) -> SarifLocation {
    let region = at.map(|at| Region {
        start_line: at.span.line,
        start_column: at.span.column,
        end_line: at.end.0,
        end_column: at.end.1,
        properties: RegionProperties {
            text_view: !at.in_file,
            page: at.page,
        },
    });
    let logical_locations = at
        .and_then(|at| at.place.clone())
        .map(|place| LogicalLocation {
            fully_qualified_name: place,
            kind: "element",
        })
        .into_iter()
        .collect();
    SarifLocation {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_owned(),
            },
            region,
        },
        logical_locations,
        message: message.map(Text::new),
    }
}

impl Sarif {
    /// Writes one result, after a comma if it is not the first.
    fn write(&mut self, out: &mut dyn Write, result: &SarifResult<'_>) -> io::Result<()> {
        // Indented where it goes, two spaces a level.
        let text = super::nested::to_string(result, RESULT_INDENT.len() / 2).map_err(to_io)?;
        let separator = if self.written == 0 { "" } else { "," };
        self.written += 1;
        write!(out, "{separator}\n{RESULT_INDENT}{text}")
    }

    /// The result of one finding.
    fn result<'f>(
        &self,
        checked: &'f Checked,
        finding: &'f Finding,
        locator: &Locator<'_>,
        uri: &str,
    ) -> SarifResult<'f> {
        let mut text = finding.message.clone();
        if let Some(help) = &finding.help {
            text.push('\n');
            text.push_str(help);
        }
        let at = locator.locate(finding);
        let first_label = finding.notes.first().map(|n| n.label.clone());
        let related = finding
            .notes
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(index, note)| {
                let mut related = Finding {
                    notes: vec![note.clone()],
                    cells: finding
                        .cells
                        .get(index)
                        .filter(|c| c.span == note.span)
                        .cloned()
                        .into_iter()
                        .collect(),
                    ..finding.clone()
                };
                related.help = None;
                let place = locator.locate(&related)?;
                let mut location = location(uri, Some(&place), Some(note.label.clone()));
                location.id = Some(index);
                Some(location)
            })
            .chain(finding.related.iter().map(other_document))
            .collect();
        SarifResult {
            rule_id: &finding.rule,
            rule_index: self.rules.get(&finding.rule).copied(),
            level: level(finding.severity),
            message: Text::new(text),
            locations: vec![location(uri, at.as_ref(), first_label)],
            related_locations: related,
            properties: Some(ResultProperties {
                template: &checked.template,
            }),
        }
    }
}

impl Sink for Sarif {
    fn begin(&mut self, out: &mut dyn Write, context: &SinkContext<'_>) -> io::Result<()> {
        let rules = rules(context);
        self.rules = rules
            .iter()
            .enumerate()
            .map(|(at, rule)| (rule.id.clone(), at))
            .collect();
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "nianbao",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        language: "zh-CN",
                        rules,
                    },
                },
                column_kind: "unicodeCodePoints",
                results: [],
            }],
        };
        let head = serde_json::to_string_pretty(&log).map_err(to_io)?;
        // The log up to the (empty) list of results, which is then written item by item.
        let open = head
            .strip_suffix("[]\n    }\n  ]\n}")
            .ok_or_else(|| io::Error::other("SARIF 输出的结构与预期不同"))?;
        write!(out, "{open}[")
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if outcome.duplicate_of.is_some() {
            return Ok(());
        }
        let uri = uri(outcome.path);
        let checked = match outcome.result {
            Ok(checked) => checked,
            Err(error) => {
                let code = error.code();
                let result = SarifResult {
                    rule_id: code.as_str(),
                    rule_index: self.rules.get(code.as_str()).copied(),
                    level: "error",
                    message: Text::new(error.message()),
                    locations: vec![location(&uri, None, None)],
                    related_locations: Vec::new(),
                    properties: None,
                };
                return self.write(out, &result);
            }
        };
        let locator = Locator::new(checked);
        let limit = context.max_findings.unwrap_or(usize::MAX);
        for finding in ordered(checked).into_iter().take(limit) {
            let result = self.result(checked, finding, &locator, &uri);
            self.write(out, &result)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        _context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let notifications = summary
            .rows
            .iter()
            .filter(|row| row.not_checked.as_deref() == Some("duplicate"))
            .map(|row| Notification {
                level: "note",
                message: Text::new(row.first.clone().unwrap_or_default()),
                locations: vec![location(&uri(&row.path), None, None)],
            })
            .collect();
        let closing = Closing {
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            properties: RunProperties {
                summary: Totals {
                    inputs: summary.inputs,
                    checked: summary.checked,
                    clean: summary.clean,
                    with_errors: summary.with_errors,
                    with_warnings: summary.with_warnings,
                    unreadable: summary.unreadable,
                    duplicates: summary.duplicates,
                },
            },
        };
        let text = serde_json::to_string_pretty(&closing).map_err(to_io)?;
        // `{ "invocations": …, "properties": … }` as the run's last members.
        let members = text
            .strip_prefix("{\n")
            .and_then(|t| t.strip_suffix("\n}"))
            .ok_or_else(|| io::Error::other("SARIF 输出的结构与预期不同"))?
            .replace('\n', "\n    ");
        let close = if self.written == 0 { "]" } else { "\n      ]" };
        writeln!(out, "{close},\n    {members}\n    }}\n  ]\n}}")
    }
}

#[cfg(test)]
#[expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests"
)]
mod tests {
    use super::super::concise::testkit;
    use super::*;

    /// The streamed log is one JSON document with a result per finding and one for the
    /// missing file, every `ruleIndex` pointing at its rule.
    #[test]
    fn one_document() {
        let text = testkit::run(&mut Sarif::default(), None, false);
        let log: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        let (_, outcomes) = testkit::results();
        let checked = outcomes[0].1.as_ref().unwrap();
        assert_eq!(
            results.len(),
            checked.findings.len() + checked.culprits.len() + 1
        );
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let first = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(
            first["artifactLocation"]["uri"],
            "examples/errors/balance.txt"
        );
        assert!(first["region"]["startLine"].as_u64().unwrap() > 0);
        assert_eq!(
            results.last().unwrap()["ruleId"],
            nianbao_model::Code::ReadIo.as_str()
        );
        assert_eq!(run["properties"]["summary"]["unreadable"], 1);
        // Every check id once.
        let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all);
    }

    /// Without results the list is still closed properly.
    #[test]
    fn summary_only() {
        let text = testkit::run(&mut Sarif::default(), None, true);
        let log: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
    }

    /// Paths become URI references.
    #[test]
    fn uris() {
        assert_eq!(
            uri(Path::new("报告/a b.txt")),
            "%E6%8A%A5%E5%91%8A/a%20b.txt"
        );
        assert_eq!(uri(Path::new("/srv/r.pdf")), "file:///srv/r.pdf");
        assert_eq!(uri(Path::new("C:\\r\\x.pdf")), "file:///C:/r/x.pdf");
    }
}
