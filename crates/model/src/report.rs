//! A document bound to a template: which declared cell is where.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{CellLocation, Id, Span, Value};

/// A document bound to one template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Id of the template the document was bound to, e.g. `gov-2021`.
    pub template: String,
    /// Report year as stated in the title, if found.
    pub year: Option<i32>,
    /// Issuing agency as stated in the title, if found.
    pub agency: Option<String>,
    /// The template's sections and where each was found.
    pub sections: Vec<SectionMatch>,
    /// One entry per table the template declares, in declaration order.
    pub tables: Vec<BoundTable>,
    /// Numbers in tables of the document that are not tables of the template: they take part
    /// in no check, and are kept here with their places rather than dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside: Vec<UnplacedCell>,
    /// Every place the prose states a figure a rule file declares (`fact`), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Statement>,
    /// The date the report was signed or published, when the signature block or the page
    /// header gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
    /// The prose's sentences, normalised and hashed, for comparing the text with another
    /// report's (内容雷同). Not part of the JSON: derived from the text.
    #[serde(skip)]
    pub sentences: Vec<Sentence>,
    /// The sentences before the first section heading, as written: where a report names
    /// itself ("现公布某局……工作"). Not part of the JSON: derived from the text.
    #[serde(skip)]
    pub opening: Vec<(String, Span)>,
    /// Every cell's figure as hashes, for comparing two reports' tables without their cells
    /// (what a report keeps for another year's comparison). Empty for a report whose cells
    /// are all there: they are hashed when needed.
    #[serde(skip)]
    pub figures: Vec<Figure>,
}

/// One cell's figure, hashed: which table and cell, and what value. 32-bit hashes keep a
/// report's figures small; two different values of one cell hashing alike is negligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Hash of the table id.
    pub table: u32,
    /// Hash of table, row and column ids.
    pub cell: u32,
    /// Hash of the value.
    pub value: u32,
    /// Whether the value is a number other than 0.
    pub nonzero: bool,
}

/// One sentence of the prose, with its years and numbers taken out, as a hash: two reports
/// that share it repeat each other's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Hash of the normalised sentence.
    pub hash: u64,
    /// Where the sentence is in the document's text.
    pub span: Span,
    /// Characters it has once normalised: what it weighs in a share of repeated text.
    pub weight: usize,
    /// Index of its section in [`Report::sections`]; `None` before the first heading.
    pub section: Option<usize>,
}

/// A figure the prose states: which fact, what the text says, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The fact's id in the rule file, e.g. `收到申请`.
    pub fact: String,
    /// The figure in base units (万 and 亿 multiplied out); absent when the words give none
    /// (数十件).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<rust_decimal::Decimal>,
    /// False when the text says the figure is approximate (余, 约, 近, 左右…): such a figure
    /// is never held against a table.
    pub exact: bool,
    /// The precision of the written figure in base units (1 for "95", 0.1 for "45.5", 1000
    /// for "1.2万"); a figure within half a step of it agrees.
    pub step: rust_decimal::Decimal,
    /// The phrase as written, e.g. "收到政府信息公开申请17件".
    pub text: String,
    /// Where the phrase is.
    pub span: Span,
}

/// When a report was signed or published, and where that is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Where it was found: `signature` (the date under the report) or `header` (a portal's
    /// 发布时间 line).
    pub source: String,
    /// Where the date is.
    pub span: Span,
}

impl Report {
    /// The bound table with the given template id.
    pub fn table(&self, id: &str) -> Option<&BoundTable> {
        self.tables.iter().find(|table| table.id == id)
    }
}

/// A required section of the template and the heading that matched it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionMatch {
    /// Section id from the rule file.
    pub id: String,
    /// Official heading.
    pub label: String,
    /// Where the matching heading is, if one was found.
    pub span: Option<Span>,
    /// The heading as the report writes it, when it was recognised by its number, its place
    /// and most of its words rather than by the official wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Whether the table the rule file puts under this section was found: the section is
    /// there, whatever its heading says.
    #[serde(default)]
    pub by_table: bool,
    /// For a section not found: what stands where it should be, to point at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<crate::Note>,
    /// How many characters of prose (whitespace and tables left out) stand between this
    /// section's heading and the next one.
    #[serde(default)]
    pub prose: usize,
}

impl SectionMatch {
    /// Whether the report has the section: its heading was found, or its table was.
    pub fn present(&self) -> bool {
        self.span.is_some() || self.by_table
    }
}

/// One declared table after binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundTable {
    /// Table id from the rule file, e.g. `T3`.
    pub id: String,
    /// Official title.
    pub title: String,
    /// Index of the document table it was found in (the first, if it spans several).
    pub source_table: Option<usize>,
    /// Declared cells that were found.
    pub cells: Vec<BoundCell>,
    /// Declared cells that were not found.
    pub missing: Vec<MissingCell>,
    /// Document cells inside the table that matched no declared cell.
    pub unplaced: Vec<UnplacedCell>,
}

impl BoundTable {
    /// The found cell at a declared row and column id.
    pub fn cell(&self, row: &str, column: &str) -> Option<&BoundCell> {
        self.cells
            .iter()
            .find(|cell| cell.row == row && cell.column == column)
    }
}

/// A declared cell found in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundCell {
    /// Row id from the rule file, e.g. `R3.3.1` (shared with the rule set and every cell of
    /// the row).
    pub row: Id,
    /// Column id from the rule file, e.g. `NP`.
    pub column: Id,
    /// Official row labels from the outermost group to the row.
    pub row_path: Arc<[String]>,
    /// Official column labels from the outermost group to the column.
    pub column_path: Arc<[String]>,
    /// What the cell means.
    pub value: Value,
    /// The cell text as written.
    pub raw: String,
    /// Where the cell text is.
    pub span: Span,
    /// Where the cell is in the document's structure (table/row/cell, page and box for PDF).
    pub location: CellLocation,
}

/// A declared cell that the document does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MissingCell {
    /// Row id from the rule file.
    pub row: String,
    /// Column id from the rule file.
    pub column: String,
    /// Official row labels from the outermost group to the row.
    pub row_path: Arc<[String]>,
    /// Official column labels from the outermost group to the column.
    pub column_path: Arc<[String]>,
}

/// A document cell inside a bound table that matched no declared row and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnplacedCell {
    /// The cell text as written.
    pub raw: String,
    /// Where the cell text is.
    pub span: Span,
    /// Why it could not be placed, in Chinese for the report's author.
    pub reason: String,
    /// Where the cell is in the document's tables, when it is in one (a number run together
    /// in running text is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<CellLocation>,
}
