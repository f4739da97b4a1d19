//! The document `nianbao extract --format json` prints: every cell read from one report.

use nianbao_model::{Document, MissingCell, SourceFormat, UnplacedCell};
use schemars::JsonSchema;
use serde::Serialize;

use super::SCHEMA_VERSION;
use super::cell::CellJson;
use super::prose::{PublishedJson, StatementJson};
use crate::Checked;

/// What was read from one report, in the template's terms, and the document itself.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExtractOutput<'a> {
    /// The version of this format (as in the output of `check`).
    pub schema: u32,
    /// The file as it was named on the command line (or the name given to the library).
    pub path: &'a str,
    /// The format the file was read as: `text`, `markdown`, `html`, `docx`, `doc`, `pdf` or
    /// `json`.
    pub format: SourceFormat,
    /// Id of the template the report was bound to.
    pub template: &'a str,
    /// The report's year, as stated in its title.
    #[schemars(required, extend("type" = ["integer", "null"]))]
    pub year: Option<i32>,
    /// The issuing agency, as stated in the title.
    #[schemars(required, extend("type" = ["string", "null"]))]
    pub agency: Option<&'a str>,
    /// When the report was signed or published, if its signature block or page header says
    /// (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<PublishedJson<'a>>,
    /// Every figure the prose states that a rule file declares (`fact`), in text order: the
    /// statistics period, applications received, cases… (absent when none was found).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub statements: Vec<StatementJson<'a>>,
    /// One entry per table the template declares, in declaration order.
    pub tables: Vec<TableJson<'a>>,
    /// Numbers in the report's tables that are not tables of the template, with their places
    /// (`bind::unused-table`): they take part in no check (absent when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty", default)]
    pub outside: &'a [UnplacedCell],
    /// Everything that was read, as the document model. `nianbao check` reads this output
    /// back (and the library's JSON reader reads this field) and gives the same findings as
    /// for the original file.
    pub document: &'a Document,
}

/// One declared table after binding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TableJson<'a> {
    /// Table id from the rule file, e.g. `T3`.
    pub id: &'a str,
    /// Official title.
    pub title: &'a str,
    /// Declared cells found in the report.
    pub cells: Vec<CellJson<'a>>,
    /// Declared cells the report does not have.
    pub missing: &'a [MissingCell],
    /// Cells of the report's table that matched no declared row and column, with why.
    pub unplaced: &'a [UnplacedCell],
}

impl<'a> ExtractOutput<'a> {
    /// What `checked` read.
    pub fn new(checked: &'a Checked) -> Self {
        let document = &checked.document;
        let report = &checked.report;
        let original = document.original.as_ref();
        Self {
            schema: SCHEMA_VERSION,
            path: &checked.name,
            format: document.format,
            template: &report.template,
            year: report.year,
            agency: report.agency.as_deref(),
            published: report
                .published
                .as_ref()
                .map(|p| PublishedJson::new(p, original)),
            statements: report
                .statements
                .iter()
                .map(|s| StatementJson::new(s, original))
                .collect(),
            tables: report
                .tables
                .iter()
                .map(|t| TableJson {
                    id: &t.id,
                    title: &t.title,
                    cells: t.cells.iter().map(|c| CellJson::new(c, original)).collect(),
                    missing: &t.missing,
                    unplaced: &t.unplaced,
                })
                .collect(),
            outside: &report.outside,
            document,
        }
    }
}
