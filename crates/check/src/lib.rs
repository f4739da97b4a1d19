//! Checking 政府信息公开工作年度报告 (annual reports on open-government-information work)
//! against their statutory format and its cross-checks (勾稽关系): nianbao's one library entry
//! point.
//!
//! A [`Checker`] is built once from a rule set (the built-in 2021 and 2019 formats, or your own
//! rule files) and checks any number of reports, each in one call that returns a [`Checked`]:
//! the template chosen and why, the document bound to it, every finding in document order,
//! counts by severity and what was left undecided. A report that cannot be checked (unreadable,
//! beyond a limit, out of time, or a bug) is a [`CheckError`] with a catalogued code; problems
//! *in* a report are findings. Each call runs within the checker's [`Limits`] and time budget,
//! and a panic inside it (a bug here or in a third-party parser) is contained and reported for
//! that report only ([`contain`]).
//!
//! The pipeline, one module per step:
//!
//! ```text
//! bytes ─read─▶ Document ─detect─▶ template ─bind::layout─▶ Layout ─infer─▶ Report ─eval─▶ findings
//! (nianbao_read)            (signature phrases)   (labels → ids)   (run-together text)  (the checks)
//! ```
//!
//! [`json`] holds the public JSON documents (`nianbao check --format json` and `nianbao extract
//! --format json`), versioned and described by a JSON Schema. The crates underneath are
//! re-exported ([`model`], [`read`], [`rules`]), so this crate is the only dependency an embedder
//! needs.
//!
//! # Check a file with the built-in rules
//!
//! ```
//! use nianbao_check::Checker;
//!
//! let checker = Checker::builtin()?;
//! // A real 2024 report with one number of table 三 changed (examples/errors/).
//! let checked = checker.check_file("../../examples/errors/balance.txt")?;
//! assert_eq!(checked.template, "gov-2021");
//! for finding in &checked.findings {
//!     println!("{} {} {}", finding.severity.as_str(), finding.rule, finding.message);
//!     for cell in &finding.cells {
//!         println!("  {} × {} = {}（第 {} 行）", cell.row, cell.column, cell.raw, cell.span.line);
//!     }
//! }
//! assert!(checked.has_errors());
//! assert_eq!(checked.counts.errors, checked.findings.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Check a document built in code
//!
//! A [`Document`](model::Document) is paragraphs and tables; build it in code, or deserialize
//! the JSON document model (what `nianbao extract --format json` prints as `document`).
//!
//! ```
//! use nianbao_check::Checker;
//! use nianbao_check::model::{Block, Cell, Document, Paragraph, Row, SourceFormat, Table};
//!
//! let paragraph = |text: &str| Block::Paragraph(Paragraph { text: text.into(), span: Default::default() });
//! let row = |cells: &[&str]| Row {
//!     cells: cells.iter().map(|t| Cell { text: (*t).into(), span: Default::default(), location: Default::default() }).collect(),
//! };
//! let counts = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
//! let mut document = Document::new(SourceFormat::Json, String::new());
//! document.blocks = vec![
//!     paragraph("某局2024年政府信息公开工作年度报告"),
//!     paragraph("四、政府信息公开行政复议、行政诉讼情况"),
//!     Block::Table(Table {
//!         index: 0,
//!         span: Default::default(),
//!         rows: vec![
//!             row(&["行政复议", "行政诉讼"]),
//!             row(&[&counts[..], &["未经复议直接起诉", "复议后起诉"]].concat()),
//!             row(&[&["", "", "", "", ""], &counts[..], &counts[..]].concat()),
//!             // 行政复议: one case upheld, but the total says 2.
//!             row(&["1", "0", "0", "0", "2", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]),
//!         ],
//!     }),
//! ];
//! document.number_tables();
//!
//! let checker = Checker::builtin()?.with_template("gov-2021")?;
//! let checked = checker.check_document(document, "built in code")?;
//! let total = checked.findings.iter().find(|f| f.rule == "T4-01").expect("T4-01 fails");
//! assert_eq!(total.help.as_deref(), Some("填的是 2，但 1 + 0 + 0 + 0 = 1，相差 1"));
//! // Tables 二 and 三 are not in this document: reported, and their checks skipped.
//! assert!(checked.findings.iter().any(|f| f.rule == "bind::missing-table"));
//! assert!(checked.summary.checks_skipped > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Use your own rule file
//!
//! A local variant writes only what differs from a built-in format (`extends`), here a
//! subtotal column added to table 三 with a check of its own.
//!
//! ```
//! use nianbao_check::Checker;
//!
//! let text = std::fs::read_to_string("../../examples/local/subtotal.rules")?;
//! let rules = nianbao_check::rules::compile("subtotal.rules", &text)?;
//! let checker = Checker::new(rules)?.with_template("local-2021-subtotal")?;
//! let checked = checker.check_file("../../examples/local/subtotal-report.txt")?;
//! assert_eq!(checked.template, "local-2021-subtotal");
//! // The local column is read like the official ones, and every check holds, T3-13 included.
//! let table = checked.report.table("T3").expect("table 三 is bound");
//! assert!(table.cells.iter().any(|c| c.column == "SUB"));
//! assert!(checked.findings.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Print the public JSON
//!
//! ```
//! use nianbao_check::Checker;
//! use nianbao_check::json::{CheckOutput, ReportJson};
//!
//! let checker = Checker::builtin()?;
//! let checked = checker.check_file("../../examples/2024-nanguan-jiaoyuju.txt")?;
//! let missing = checker.check_file("no-such-report.txt").unwrap_err();
//! assert_eq!(missing.code().as_str(), "read::io");
//! let output = CheckOutput::new(checker.rules(), vec![ReportJson::checked(&checked), ReportJson::failed(&missing)]);
//! let json = serde_json::to_value(&output)?;
//! assert_eq!(json["schema"], nianbao_check::json::SCHEMA_VERSION);
//! assert_eq!(json["reports"][0]["summary"]["errors"], 0);
//! assert_eq!(json["reports"][1]["error"]["code"], "read::io");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod accepted;
pub mod aggregate;
pub mod bind;
mod bits;
mod checker;
pub mod compare;
pub mod contain;
pub mod detect;
pub mod eval;
mod failure;
mod fingerprint;
mod ids;
pub mod infer;
mod input;
pub mod json;
pub mod kept;
pub mod localise;
pub mod names;
pub(crate) mod narrative;
mod per_template;
/// Label keys live with the rule set, which keys its labels once when it is compiled.
pub use nianbao_rules::normalize;
pub mod selftest;
pub mod shelf;
#[cfg(test)]
mod testkit;
pub mod units;
pub mod years;

pub use bind::{Bound, bind};
pub use checker::{Checked, Checker, Choice, DEFAULT_TIMEOUT, SetupError};
pub use detect::{Detection, Evidence, detect};
pub use eval::{Counts, Evaluation, Last, Summary, evaluate, evaluate_against};
pub use failure::{CheckError, Failure};
pub use input::Input;
pub use kept::{Brief, Kept};
pub use nianbao_read::Limits;
pub use shelf::Shelf;
pub use years::{Carry, Chains, Unpaired, agency_key, chains};

/// The data types: documents, bound reports, values, findings, the code catalogue.
pub use nianbao_model as model;
/// The readers: bytes of any supported format → [`model::Document`].
pub use nianbao_read as read;
/// The rules language: compile rule files into a [`rules::RuleSet`].
pub use nianbao_rules as rules;
