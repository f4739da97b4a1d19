//! What the page holds between calls: the rule files as the user has edited them, and a
//! checker built from the last version of them that compiled. Plain Rust, so the native tests
//! exercise exactly what the page runs; `lib.rs` only passes it to JavaScript.

use nianbao_check::json::{CheckOutput, ReportJson};
use nianbao_check::model::Finding;
use nianbao_check::rules::builtin::BUILTIN;
use nianbao_check::rules::{Origin, RuleSet, RuleSource, compile_sources, lint};
use nianbao_check::selftest::SelfTest;
use nianbao_check::{CheckError, Checked, Checker};
use serde::Serialize;

use crate::diagnostics::RuleDiagnostic;

/// The rule files of the page and the checker of their last compiling version.
#[derive(Debug)]
pub struct Workbench {
    /// Every rule file as it is now in the editor (it may not compile).
    sources: Vec<RuleSource>,
    /// Built from the last version of `sources` that compiled; reports are checked with it.
    checker: Checker,
    /// The shipped rule set, which lints compare declared labels with (compiled once).
    shipped: RuleSet,
}

/// A rule file as the editor lists it.
#[derive(Debug, Serialize)]
pub struct RuleFile<'a> {
    /// Its name (`rules/gov-2021.rules`, or the name the user gave a new file).
    pub name: &'a str,
    /// Its text now.
    pub text: &'a str,
    /// Whether it is shipped with nianbao (it can be reset, not removed).
    pub builtin: bool,
    /// Whether its text differs from the shipped one (always true for a new file).
    pub edited: bool,
}

/// What an edit did.
#[derive(Debug, Serialize)]
pub struct Edited {
    /// Whether the rule files compiled, so reports are now checked with them. When not, the
    /// last version that compiled stays in effect.
    pub applied: bool,
    /// The mistakes (errors, in any file the edit broke) or lints (warnings, in the edited
    /// file) to show.
    pub diagnostics: Vec<RuleDiagnostic>,
    /// The templates in effect.
    pub templates: Vec<TemplateInfo>,
}

/// A template, for the page's template menu and the editor's status line.
#[derive(Debug, Serialize)]
pub struct TemplateInfo {
    /// Its id (`gov-2021`).
    pub id: String,
    /// The document that set it, or its title.
    pub title: String,
    /// The rule file it is written in.
    pub file: String,
    /// How many checks it has.
    pub checks: usize,
}

/// One report checked, as the page shows it.
#[derive(Debug, Serialize)]
pub struct PageReport {
    /// The public JSON document of `nianbao check --format json` for this one report.
    pub json: serde_json::Value,
    /// The report's section, as `nianbao check --format html` writes it.
    pub section: String,
    /// Its line in the page's summary table.
    pub row: SummaryRow,
}

/// A report's line in the page's summary table.
#[derive(Debug, Serialize)]
pub struct SummaryRow {
    /// The file name.
    pub path: String,
    /// The agency, when the title names one.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The template it was checked against.
    pub template: Option<String>,
    /// Findings by severity.
    pub errors: usize,
    /// See `errors`.
    pub warnings: usize,
    /// See `errors`.
    pub infos: usize,
    /// The first of the most severe findings, `rule：message` (or why the file could not be
    /// checked).
    pub first: Option<String>,
    /// `clean`, `warning`, `error` or `unreadable`.
    pub status: &'static str,
}

impl Workbench {
    /// The built-in rule files.
    ///
    /// # Errors
    ///
    /// Only if a shipped rule file is broken, which nianbao's own tests prevent.
    pub fn new() -> Result<Self, String> {
        let sources = RuleSource::builtin();
        let shipped = compile_sources(sources.clone()).map_err(|error| error.to_string())?;
        Ok(Self {
            checker: checker(shipped.clone())?,
            sources,
            shipped,
        })
    }

    /// Every rule file, built-in ones first.
    pub fn files(&self) -> Vec<RuleFile<'_>> {
        self.sources
            .iter()
            .map(|source| {
                let shipped = Self::shipped(&source.name);
                RuleFile {
                    name: &source.name,
                    text: &source.text,
                    builtin: shipped.is_some(),
                    edited: shipped != Some(&*source.text),
                }
            })
            .collect()
    }

    /// The shipped text of a built-in rule file (to undo every edit).
    pub fn shipped(name: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|b| b.name == name).map(|b| b.text)
    }

    /// The templates in effect.
    pub fn templates(&self) -> Vec<TemplateInfo> {
        templates(self.checker.rules())
    }

    /// Sets the text of the rule file `name` (a new name adds a file) and compiles all of
    /// them; when they compile, reports are checked with them from now on.
    pub fn edit(&mut self, name: &str, text: &str) -> Edited {
        let origin = if Self::shipped(name) == Some(text) {
            Origin::Builtin
        } else {
            Origin::Given
        };
        match self.sources.iter_mut().find(|s| s.name == name) {
            Some(source) => *source = RuleSource::new(name, text, origin),
            None => self.sources.push(RuleSource::new(name, text, origin)),
        }
        self.compile(Some(name))
    }

    /// Removes a file the user added (a built-in one can only be reset).
    pub fn remove(&mut self, name: &str) -> Edited {
        if Self::shipped(name).is_none() {
            self.sources.retain(|s| s.name != name);
        }
        self.compile(None)
    }

    /// Compiles the rule files; lints `edited` when they compile.
    fn compile(&mut self, edited: Option<&str>) -> Edited {
        match compile_sources(self.sources.clone()) {
            Ok(rules) => {
                let diagnostics = edited
                    .map(|name| self.lints(name, &rules))
                    .unwrap_or_default();
                match checker(rules) {
                    Ok(checker) => {
                        self.checker = checker;
                        Edited {
                            applied: true,
                            diagnostics,
                            templates: self.templates(),
                        }
                    }
                    Err(message) => Edited {
                        applied: false,
                        diagnostics: vec![whole_file(edited.unwrap_or_default(), message)],
                        templates: self.templates(),
                    },
                }
            }
            Err(error) => {
                let diagnostics = error
                    .errors()
                    .iter()
                    .zip(error.files())
                    .map(|(mistake, file)| {
                        let text = self
                            .sources
                            .iter()
                            .find(|s| s.name == file)
                            .map_or("", |s| &*s.text);
                        RuleDiagnostic::new(file, text, "error", mistake)
                    })
                    .collect();
                Edited {
                    applied: false,
                    diagnostics,
                    templates: self.templates(),
                }
            }
        }
    }

    /// The lints of one rule file, as `nianbao rules check` shows them. They look its
    /// templates up in `rules`, the set just compiled: the file is not compiled again.
    fn lints(&self, name: &str, rules: &RuleSet) -> Vec<RuleDiagnostic> {
        let Some(source) = self.sources.iter().find(|s| s.name == name) else {
            return Vec::new();
        };
        lint::lint(name, &source.text, rules, &self.shipped)
            .diagnostics()
            .map(|d| RuleDiagnostic::new(name, &source.text, "warning", &d))
            .collect()
    }

    /// Runs every `example` of every check in effect.
    pub fn self_test(&self) -> SelfTest {
        nianbao_check::selftest::run_all(self.checker.rules())
    }

    /// Checks one report file (`index` is its place on the page, for the section's anchor).
    /// `template` forces a template; empty chooses one by the report's content.
    ///
    /// # Errors
    ///
    /// Only when `template` names no template in effect; a report that cannot be read is a
    /// result like any other (its section says why).
    pub fn check(
        &self,
        index: usize,
        name: &str,
        bytes: Vec<u8>,
        template: &str,
    ) -> Result<PageReport, String> {
        let result = if template.is_empty() {
            self.checker.check_bytes(bytes, name)
        } else {
            let checker = self
                .checker
                .clone()
                .with_template(template)
                .map_err(|error| error.to_string())?;
            checker.check_bytes(bytes, name)
        };
        let json = match &result {
            Ok(checked) => ReportJson::checked(checked),
            Err(error) => ReportJson::failed(error),
        };
        let json = serde_json::to_value(CheckOutput::new(self.checker.rules(), vec![json]))
            .unwrap_or_default();
        let id = format!("r{}", index + 1);
        let section = nianbao_html::section(&nianbao_html::Section {
            id: &id,
            index,
            path: name,
            result: &result,
            rules: self.checker.rules(),
            accepted: 0,
            note: None,
            max_findings: None,
        });
        Ok(PageReport {
            json,
            section,
            row: row(name, &result),
        })
    }
}

/// A checker of `rules` that checks on the calling thread: a browser page has no threads to
/// time a report out on.
fn checker(rules: RuleSet) -> Result<Checker, String> {
    Checker::new(rules)
        .map(|checker| checker.with_timeout(None))
        .map_err(|error| error.to_string())
}

fn templates(rules: &RuleSet) -> Vec<TemplateInfo> {
    rules
        .templates
        .iter()
        .map(|t| TemplateInfo {
            id: t.id.clone(),
            title: t.issued.clone().unwrap_or_else(|| t.title.clone()),
            file: t.file.clone(),
            checks: t.checks.len(),
        })
        .collect()
}

/// A mistake of the rule set as a whole (no template left), shown at the top of the file.
fn whole_file(file: &str, message: String) -> RuleDiagnostic {
    RuleDiagnostic {
        file: file.to_owned(),
        severity: "error",
        code: String::new(),
        message,
        label: String::new(),
        help: None,
        line: 1,
        column: 1,
        start: 0,
        end: 0,
    }
}

fn row(name: &str, result: &Result<Checked, CheckError>) -> SummaryRow {
    match result {
        Ok(checked) => {
            let counts = checked.counts;
            SummaryRow {
                path: name.to_owned(),
                agency: checked.report.agency.clone(),
                year: checked.report.year,
                template: Some(checked.template.clone()),
                errors: counts.errors,
                warnings: counts.warnings,
                infos: counts.infos,
                // As the CLI's summary.
                first: Finding::most_severe(&checked.findings)
                    .map(|f| format!("{}：{}", f.rule, f.message)),
                status: nianbao_html::status(&counts),
            }
        }
        Err(error) => SummaryRow {
            path: name.to_owned(),
            agency: None,
            year: None,
            template: None,
            errors: 0,
            warnings: 0,
            infos: 0,
            first: Some(error.message()),
            status: "unreadable",
        },
    }
}

#[cfg(test)]
#[expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "tests"
)]
mod tests {
    use super::*;

    const GOV_2021: &str = "rules/gov-2021.rules";

    fn example(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        std::fs::read(path).unwrap()
    }

    fn shipped_text() -> String {
        Workbench::shipped(GOV_2021).unwrap().to_owned()
    }

    /// The example is clean and the seeded error is an error, exactly as `nianbao check`
    /// says; the page's JSON is the public document.
    #[test]
    fn checks_like_the_cli() {
        let bench = Workbench::new().unwrap();
        let clean = bench
            .check(0, "example.txt", example("2024-nanguan-jiaoyuju.txt"), "")
            .unwrap();
        assert_eq!(clean.row.status, "clean");
        assert_eq!(clean.row.agency.as_deref(), Some("南关区教育局"));
        assert_eq!(clean.json["reports"][0]["path"], "example.txt");
        assert!(clean.section.contains("id=\"r1\""), "{}", clean.section);
        let seeded = bench
            .check(1, "balance.txt", example("errors/balance.txt"), "")
            .unwrap();
        assert_eq!((seeded.row.status, seeded.row.errors), ("error", 2));
        // The most severe first: T3-01's error, not the ambiguous-cell warning before it.
        assert!(
            seeded.row.first.as_deref().unwrap().starts_with("T3-01："),
            "{:?}",
            seeded.row.first
        );
        assert!(
            seeded.section.contains("class=\"hit sev-error"),
            "{}",
            seeded.section
        );
        let forced = bench
            .check(2, "x.txt", example("2024-nanguan-jiaoyuju.txt"), "gov-2019")
            .unwrap();
        assert_eq!(forced.row.template.as_deref(), Some("gov-2019"));
        assert!(
            bench
                .check(3, "x.txt", Vec::new(), "no-such-template")
                .is_err()
        );
        let unreadable = bench
            .check(4, "empty.docx", b"PK\x03\x04".to_vec(), "")
            .unwrap();
        assert_eq!(unreadable.row.status, "unreadable");
        assert!(unreadable.row.first.is_some());
    }

    /// A mistake is reported where it was made and keeps the last good rules in effect; the
    /// fix applies again; a changed severity changes what the reports show.
    #[test]
    fn edits_take_effect_only_when_they_compile() {
        let mut bench = Workbench::new().unwrap();
        let text = shipped_text();
        let broken = text.replacen("assert T3[R1, c]", "assert T3[R1X, c]", 1);
        let edited = bench.edit(GOV_2021, &broken);
        assert!(!edited.applied);
        let mistake = &edited.diagnostics[0];
        let line = broken
            .find("T3[R1X")
            .map(|at| broken[..at].lines().count())
            .unwrap();
        assert_eq!(
            (mistake.file.as_str(), mistake.line, mistake.severity),
            (GOV_2021, line, "error")
        );
        assert!(mistake.message.contains("R1X"), "{mistake:?}");
        // Still checked with the shipped rules.
        let seeded = bench
            .check(0, "b.txt", example("errors/balance.txt"), "")
            .unwrap();
        assert_eq!(seeded.row.errors, 2);

        let fixed = bench.edit(GOV_2021, &text);
        assert!(
            fixed.applied && fixed.diagnostics.is_empty(),
            "{:?}",
            fixed.diagnostics
        );
        assert!(!bench.files()[0].edited);

        let milder = text.replacen("check T3-01 error", "check T3-01 warning", 1);
        assert!(bench.edit(GOV_2021, &milder).applied);
        assert!(bench.files()[0].edited);
        let seeded = bench
            .check(0, "b.txt", example("errors/balance.txt"), "")
            .unwrap();
        assert_eq!((seeded.row.status, seeded.row.errors), ("warning", 0));
    }

    /// What the editor shows for a mistake in a new file: the JSON the page receives.
    #[test]
    fn mistake_as_the_page_receives_it() {
        let mut bench = Workbench::new().unwrap();
        let local = "template local \"地方\" extends gov-2021 {\n  check L-01 error \"小计\" {\n    message \"表三：小计\"\n    assert T3[R1, 小计列] == 0\n  }\n  remove check T9-99\n}\n";
        let edited = bench.edit("local.rules", local);
        assert!(!edited.applied);
        insta::assert_json_snapshot!("mistake", edited.diagnostics);
    }

    /// A new file is added and can be removed; one that breaks another file's `extends` is
    /// reported in that file; a built-in file cannot be removed.
    #[test]
    fn files_are_added_and_removed() {
        let mut bench = Workbench::new().unwrap();
        let comments = bench.edit("地方规则1.rules", "// 只有注释\n");
        assert!(comments.applied, "{:?}", comments.diagnostics);
        let local = "template local \"地方\" extends gov-2021 {\n  remove check T2-02\n}\n";
        let added = bench.edit("local.rules", local);
        assert!(added.applied, "{:?}", added.diagnostics);
        assert!(
            added
                .templates
                .iter()
                .any(|t| t.id == "local" && t.file == "local.rules")
        );
        assert_eq!(bench.files().len(), 4);
        let removed = bench.remove("local.rules");
        assert!(removed.applied && !removed.templates.iter().any(|t| t.id == "local"));
        bench.remove(GOV_2021);
        assert!(bench.files().iter().any(|f| f.name == GOV_2021));
    }

    /// The self-test runs every example of the rules in effect, and says which one a changed
    /// check now misjudges, with its line.
    #[test]
    fn self_test_finds_a_check_that_contradicts_its_example() {
        let mut bench = Workbench::new().unwrap();
        let passed = bench.self_test();
        assert!(
            passed.examples > 50 && passed.failures.is_empty(),
            "{passed:?}"
        );
        let text = shipped_text();
        let wrong = text.replacen(
            "assert T3[R1, c] + T3[R2, c] == T3[R3.7, c] + T3[R4, c]",
            "assert T3[R1, c] + T3[R2, c] == T3[R3.7, c]",
            1,
        );
        assert!(bench.edit(GOV_2021, &wrong).applied);
        let failed = bench.self_test();
        let failure = failed.failures.iter().find(|f| f.check == "T3-01").unwrap();
        let line = wrong
            .find("example pass { T3[R1, NP] = 2, T3[R3.7, NP] = 1, T3[R4, NP] = 1 }")
            .map(|at| wrong[..at].lines().count());
        assert_eq!(
            (failure.file.as_str(), Some(failure.line)),
            (GOV_2021, line)
        );
        assert!(failure.message.contains("应当通过"), "{failure:?}");
    }
}
