//! The compiled rule set: templates with their tables and checks, every name resolved.
//!
//! This is what the binder and the evaluator work from. Ids are kept as strings (they are the
//! stable keys of a bound report); every id a check uses was verified to exist.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use nianbao_model::Severity;
use rust_decimal::Decimal;

use crate::ast::Span;
use crate::ids::TemplateIds;
use crate::normalize;
use crate::sources::{Replacement, RuleSource};

pub use crate::ast::{Treatment, ValueKind};

/// Every template of one or more rule files.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The templates, in file order.
    pub templates: Vec<Template>,
    /// The rule files the set was compiled from; a [`Span`]'s `file` indexes this list.
    pub sources: Vec<RuleSource>,
    /// Templates of an earlier file that a later file replaced.
    pub replaced: Vec<Replacement>,
}

impl RuleSet {
    /// The rule file a span is in, and the 1-based line and column of its start.
    pub fn locate(&self, span: Span) -> Option<(&RuleSource, usize, usize)> {
        let source = self.sources.get(usize::try_from(span.file).ok()?)?;
        let before = source.text.get(..span.start)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((source, line, column))
    }

    /// The template with the given id.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Every check of every template, with its template.
    pub fn checks(&self) -> impl Iterator<Item = (&Template, &Check)> {
        self.templates
            .iter()
            .flat_map(|t| t.checks.iter().map(move |c| (t, c)))
    }
}

/// A statutory report format.
#[derive(Debug, Clone)]
pub struct Template {
    /// Stable id, e.g. `gov-2021`.
    pub id: String,
    /// Official title of the format.
    pub title: String,
    /// The document that issued it, e.g. 国办公开办函〔2021〕30号.
    pub issued: Option<String>,
    /// Phrases that identify documents of this format.
    pub signatures: Vec<String>,
    /// Words that mark a row or column as the total of others (`subtotal "小计", …`).
    pub subtotal_words: Vec<String>,
    /// The phrases that end a report's title (official wording first); year and agency are
    /// read from the title.
    pub report_phrases: Vec<String>,
    /// Required sections, in order.
    pub sections: Vec<Section>,
    /// How blank cells and marks count, unless a check says otherwise.
    pub policy: Policy,
    /// Declared tables.
    pub tables: Vec<Table>,
    /// Figures the prose states, found by the phrases the rule file declares.
    pub facts: Vec<Fact>,
    /// Checks over the tables.
    pub checks: Vec<Check>,
    /// Where the template is declared in its rule file.
    pub span: Span,
    /// The name of the rule file it comes from, as given to [`crate::compile`].
    pub file: String,
    /// The template it `extends`, if any: when both match a report equally well, the one
    /// that extends the other is chosen (it is the more specific format).
    pub extends: Option<String>,
}

impl Template {
    /// The table with the given id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The fact with the given id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }
}

/// A figure the report's prose states (`fact` in a rule file): the phrases that state it and
/// the sections where they count.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Id, e.g. `收到申请`.
    pub id: String,
    /// What the figure is, in Chinese, for messages.
    pub title: String,
    /// Section ids whose text may state it; empty for all the prose.
    pub sections: Vec<String>,
    /// The phrases that state it.
    pub phrases: Vec<Phrase>,
    /// Words that keep a clause from stating it.
    pub except: Vec<String>,
    /// Where the fact is declared.
    pub span: Span,
}

pub use crate::phrase::{Phrase, Piece};

/// A required section heading.
#[derive(Debug, Clone)]
pub struct Section {
    /// Id, e.g. `S1`.
    pub id: String,
    /// Official heading and variants.
    pub label: Label,
    /// The table printed under the heading: where it is bound, the section is present.
    pub table: Option<String>,
}

/// An official label and the accepted wording variants.
///
/// Built with [`Label::new`], which computes the comparison keys once: a binder compares
/// every report's cells against them. Changing `text` or `variants` afterwards leaves the keys
/// as they were; build a new label instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The official wording.
    pub text: String,
    /// Other wordings that mean the same.
    pub variants: Vec<String>,
    /// The [`normalize::key`] of the official wording and of each variant, in that order.
    keys: Vec<String>,
}

impl Label {
    /// A label with its wording and variants, keyed.
    pub fn new(text: String, variants: Vec<String>) -> Self {
        let keys = std::iter::once(&text)
            .chain(&variants)
            .map(|t| normalize::key(t))
            .collect();
        Self {
            text,
            variants,
            keys,
        }
    }

    /// The comparison keys of [`Label::all`], in the same order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The official wording followed by the variants.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.variants.iter().map(String::as_str))
    }
}

/// How blank cells and marks count in arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Cells with nothing written.
    pub blank: Treatment,
    /// Cells holding "—", "/", "无" and similar.
    pub marks: Treatment,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            blank: Treatment::Unknown,
            marks: Treatment::Unknown,
        }
    }
}

/// What cells hold, and in which unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSpec {
    /// Count, amount or signed.
    pub kind: ValueKind,
    /// Unit of the values, e.g. 万元.
    pub unit: Option<String>,
}

/// A statutory table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Id, e.g. `T3`.
    pub id: String,
    /// Official title.
    pub title: String,
    /// Its blocks; most tables have one part without a title.
    pub parts: Vec<Part>,
    /// [`Table::label_keys`], built on first use.
    pub(crate) label_keys: OnceLock<HashSet<String, TemplateIds>>,
}

impl Table {
    /// The keys of every official label of the table (part titles, corners, labelled rows and
    /// columns): the words that place a document table as this one. Built once per run, not
    /// once per report.
    pub fn label_keys(&self) -> &HashSet<String, TemplateIds> {
        self.label_keys.get_or_init(|| {
            let mut keys = HashSet::default();
            for part in &self.parts {
                let own = part.title.iter().chain(&part.corner).flat_map(Label::keys);
                keys.extend(own.cloned());
                keys.extend(part.keys().labels.keys().cloned());
            }
            keys
        })
    }

    /// The part that holds the row with the given id.
    pub fn part_of_row(&self, row: &str) -> Option<(usize, &Part)> {
        self.parts
            .iter()
            .enumerate()
            .find(|(_, part)| part.rows.find(row).is_some())
    }

    /// Every leaf row with its part, top to bottom.
    pub fn leaf_rows(&self) -> impl Iterator<Item = (&Part, &AxisNode)> {
        self.parts
            .iter()
            .flat_map(|part| part.rows.leaves().map(move |row| (part, row)))
    }
}

/// A block of a table: an optional title row, a header and rows.
#[derive(Debug, Clone)]
pub struct Part {
    /// Id, if the table has several parts.
    pub id: Option<String>,
    /// The title row, e.g. 第二十条第（一）项.
    pub title: Option<Label>,
    /// The top-left header cell.
    pub corner: Option<Label>,
    /// What the cells hold unless a row or column says otherwise.
    pub values: ValueSpec,
    /// Column headers.
    pub columns: Axis,
    /// Row labels.
    pub rows: Axis,
    /// [`Part::keys`], built on first use.
    pub(crate) keys: OnceLock<PartKeys>,
}

/// The keys of a part's official labels, for finding the part in a document.
#[derive(Debug, Clone)]
pub struct PartKeys {
    /// Of its labelled rows and columns, and of its corner, each with a number (0, 1, …):
    /// the labels a document table holds are kept as a set of numbers, not of strings.
    pub labels: HashMap<String, usize, TemplateIds>,
    /// By label number: whether it is the key of a labelled row.
    pub rows: Vec<bool>,
    /// The byte lengths of [`PartKeys::labels`]: a key of another length is no label, known
    /// without hashing it.
    pub lengths: KeyLengths,
}

/// The byte lengths a set of keys has. Most texts looked up among labels are figures,
/// shorter than any label, and are told apart by their length before they are hashed. A
/// length of 256 bytes or more shares one mark with the others as long.
#[derive(Debug, Clone, Default)]
pub struct KeyLengths([u64; 4]);

impl KeyLengths {
    /// The lengths of `keys`.
    pub fn of<'k>(keys: impl IntoIterator<Item = &'k String>) -> Self {
        let mut lengths = KeyLengths::default();
        for key in keys {
            let (word, bit) = Self::mark(key.len());
            if let Some(w) = lengths.0.get_mut(word) {
                *w |= bit;
            }
        }
        lengths
    }

    /// Whether some key may be `length` bytes long.
    pub fn contains(&self, length: usize) -> bool {
        let (word, bit) = Self::mark(length);
        self.0.get(word).is_some_and(|w| w & bit != 0)
    }

    /// The word and bit that mark a length.
    fn mark(length: usize) -> (usize, u64) {
        let length = length.min(255);
        (length / 64, 1 << (length % 64))
    }
}

impl Part {
    /// The keys of the part's labels. Built once per run, not once per report.
    pub fn keys(&self) -> &PartKeys {
        self.keys.get_or_init(|| {
            let labelled = |axis: &Axis| -> Vec<String> {
                axis.nodes
                    .iter()
                    .filter(|n| !n.unlabeled)
                    .flat_map(|n| n.label.keys())
                    .cloned()
                    .collect()
            };
            let rows = labelled(&self.rows);
            let mut labels: HashMap<String, usize, TemplateIds> = HashMap::default();
            let others = labelled(&self.columns)
                .into_iter()
                .chain(self.corner.iter().flat_map(Label::keys).cloned());
            for key in rows.iter().cloned().chain(others) {
                let next = labels.len();
                labels.entry(key).or_insert(next);
            }
            let mut is_row = vec![false; labels.len()];
            for key in &rows {
                if let Some(flag) = labels.get(key).and_then(|&at| is_row.get_mut(at)) {
                    *flag = true;
                }
            }
            PartKeys {
                lengths: KeyLengths::of(labels.keys()),
                labels,
                rows: is_row,
            }
        })
    }

    /// What the cell at a row and column holds: the column's spec, else the row's, else the part's.
    pub fn value_spec(&self, row: &str, column: &str) -> &ValueSpec {
        self.columns
            .find(column)
            .and_then(|node| self.columns.inherited_values(node))
            .or_else(|| {
                self.rows
                    .find(row)
                    .and_then(|node| self.rows.inherited_values(node))
            })
            .unwrap_or(&self.values)
    }
}

/// A tree of row or column labels, stored flat in declaration order.
#[derive(Debug, Clone, Default)]
pub struct Axis {
    /// Every node, parents before children.
    pub nodes: Vec<AxisNode>,
    /// Labelled nodes by the keys of their labels, built on first use: a binder looks up
    /// every cell of every report.
    by_key: OnceLock<KeyIndex>,
    /// Nodes by id (the first of an id), built on first use: checks and binding ask for a
    /// node by id thousands of times per report.
    by_id: OnceLock<HashMap<String, usize, TemplateIds>>,
}

/// An axis's labelled nodes by the keys of their labels, and the lengths those keys have.
#[derive(Debug, Clone)]
struct KeyIndex {
    nodes: HashMap<String, Vec<usize>, TemplateIds>,
    lengths: KeyLengths,
    /// By byte value: the labelled nodes, in order, with a key that begins with the byte or
    /// is empty.
    by_first_byte: Vec<Vec<usize>>,
}

/// A row, a column or a group of them.
#[derive(Debug, Clone)]
pub struct AxisNode {
    /// Id, unique on its axis (shared with every cell bound to the node).
    pub id: nianbao_model::Id,
    /// Official label and variants.
    pub label: Label,
    /// Index of the enclosing group.
    pub parent: Option<usize>,
    /// Indexes of the children; empty for a leaf.
    pub children: Vec<usize>,
    /// Whether this is a group.
    pub is_group: bool,
    /// A row without a label cell.
    pub unlabeled: bool,
    /// What its cells hold, if it says.
    pub values: Option<ValueSpec>,
    /// A row the format lets a report leave out: its absence is information, not an error.
    pub optional: bool,
    /// Official labels from the outermost group down to the node, shared by every cell bound
    /// to it (set where the rule file is resolved).
    pub(crate) path: Arc<[String]>,
}

impl Axis {
    /// Indexes, in order, of the labelled nodes one of whose labels has the key `key`
    /// ([`normalize::key`]).
    pub fn with_key(&self, key: &str) -> &[usize] {
        let index = self.key_index();
        if !index.lengths.contains(key.len()) {
            return &[];
        }
        index.nodes.get(key).map_or(&[], Vec::as_slice)
    }

    /// Indexes, in order, of the labelled nodes one of whose keys begins with `byte` or is
    /// empty: the only nodes whose label a text beginning with `byte` can be, begin or be the
    /// beginning of.
    pub fn with_first_byte(&self, byte: u8) -> &[usize] {
        self.key_index()
            .by_first_byte
            .get(usize::from(byte))
            .map_or(&[], Vec::as_slice)
    }

    /// The labelled nodes by their keys, built on first use.
    fn key_index(&self) -> &KeyIndex {
        self.by_key.get_or_init(|| {
            let mut nodes: HashMap<String, Vec<usize>, TemplateIds> = HashMap::default();
            let mut by_first_byte = vec![Vec::new(); 256];
            for (at, node) in self.nodes.iter().enumerate() {
                if node.unlabeled {
                    continue;
                }
                for key in node.label.keys() {
                    let named = nodes.entry(key.clone()).or_default();
                    if named.last() != Some(&at) {
                        named.push(at);
                    }
                    let bytes = match key.as_bytes().first() {
                        Some(&first) => usize::from(first)..usize::from(first) + 1,
                        None => 0..256,
                    };
                    for starting in by_first_byte.get_mut(bytes).into_iter().flatten() {
                        if starting.last() != Some(&at) {
                            starting.push(at);
                        }
                    }
                }
            }
            KeyIndex {
                lengths: KeyLengths::of(nodes.keys()),
                nodes,
                by_first_byte,
            }
        })
    }

    /// The node with the given id.
    pub fn find(&self, id: &str) -> Option<&AxisNode> {
        self.position(id).and_then(|at| self.nodes.get(at))
    }

    /// Index of the node with the given id.
    pub fn position(&self, id: &str) -> Option<usize> {
        let by_id = self.by_id.get_or_init(|| {
            let mut by_id: HashMap<String, usize, TemplateIds> = HashMap::default();
            for (at, node) in self.nodes.iter().enumerate() {
                by_id.entry(node.id.to_string()).or_insert(at);
            }
            by_id
        });
        by_id.get(id).copied()
    }

    /// The leaves (actual rows or columns), in order.
    pub fn leaves(&self) -> impl Iterator<Item = &AxisNode> {
        self.nodes.iter().filter(|n| !n.is_group)
    }

    /// The leaves under a node (the node itself if it is a leaf), in order.
    pub fn leaves_under(&self, id: &str) -> Vec<&AxisNode> {
        let Some(root) = self.position(id) else {
            return Vec::new();
        };
        self.nodes
            .iter()
            .enumerate()
            .filter(|(at, n)| !n.is_group && self.is_within(*at, root))
            .map(|(_, n)| n)
            .collect()
    }

    /// Whether node `at` is `ancestor` or lies inside it.
    pub fn is_within(&self, at: usize, ancestor: usize) -> bool {
        let mut current = Some(at);
        while let Some(index) = current {
            if index == ancestor {
                return true;
            }
            current = self.nodes.get(index).and_then(|n| n.parent);
        }
        false
    }

    /// Groups whose children are all leaves, in order.
    pub fn innermost_groups(&self) -> impl Iterator<Item = &AxisNode> {
        self.nodes.iter().filter(|n| {
            n.is_group
                && !n.children.is_empty()
                && n.children
                    .iter()
                    .all(|&c| self.nodes.get(c).is_some_and(|c| !c.is_group))
        })
    }

    /// Official labels from the outermost group down to the node.
    pub fn path(&self, node: &AxisNode) -> Arc<[String]> {
        Arc::clone(&node.path)
    }

    fn inherited_values<'a>(&'a self, node: &'a AxisNode) -> Option<&'a ValueSpec> {
        let mut current = Some(node);
        while let Some(n) = current {
            if let Some(values) = &n.values {
                return Some(values);
            }
            current = n.parent.and_then(|p| self.nodes.get(p));
        }
        None
    }
}

/// A named assertion over cells.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable id, e.g. `T3-01`.
    pub id: String,
    /// How serious a failure is.
    pub severity: Severity,
    /// Short title.
    pub title: String,
    /// Message of a failure, with `{placeholders}`.
    pub message: String,
    /// Where the rule comes from.
    pub basis: Option<String>,
    /// Longer description.
    pub explain: Option<String>,
    /// How blank cells and marks count in this check.
    pub policy: Policy,
    /// The variables and what they range over; one instance per combination.
    pub bindings: Vec<Binding>,
    /// Precondition: instances where it does not hold are not checked.
    pub when: Option<Expr>,
    /// What must hold.
    pub asserts: Vec<Expr>,
    /// Ids of the tables the check reads.
    pub tables: Vec<String>,
    /// Whether the check compares with last year's report (`previous`, `repeated`,
    /// `changed`): it runs only when that report is given.
    pub needs_previous: bool,
    /// Ids of the tables it reads in last year's report.
    pub previous_tables: Vec<String>,
    /// Whether the check compares with other agencies' reports of the batch (`copied`,
    /// `others_named`): it runs only in a batch, after the reports.
    pub needs_units: bool,
    /// Whether the check compares an aggregate report with its constituent organs' reports
    /// (`children`, `children_missing`): it runs only in a batch with a manifest.
    pub needs_children: bool,
    /// Ids of the tables it reads in the constituent organs' reports.
    pub children_tables: Vec<String>,
    /// Small tables the check must pass or fail (`nianbao rules test`).
    pub examples: Vec<Example>,
    /// Where the check is declared.
    pub span: Span,
}

/// An example table of a check: every declared cell is 0 except those listed.
#[derive(Debug, Clone)]
pub struct Example {
    /// Whether the check must pass (no finding) or fail (at least one finding).
    pub pass: bool,
    /// The cells that are not 0.
    pub cells: Vec<ExampleCell>,
    /// The report's year, if the example sets one.
    pub year: Option<i32>,
    /// Section ids whose headings are missing.
    pub absent: Vec<String>,
    /// Paragraphs of the example's prose.
    pub texts: Vec<String>,
    /// Last year's report, for the checks that compare with it (its `pass` is unused).
    pub previous: Option<Box<Example>>,
    /// Other agencies' reports of the same year (`copied()`, `others_named()`).
    pub others: Vec<Example>,
    /// Constituent organs' reports (`children(…)`).
    pub children: Vec<Example>,
    /// Organs without a report (`children_missing()`).
    pub missing: Vec<String>,
    /// The agency the report's title names.
    pub agency: Option<String>,
    /// Where the example is written.
    pub span: Span,
}

/// One cell of an example.
#[derive(Debug, Clone)]
pub struct ExampleCell {
    /// Table id.
    pub table: String,
    /// Row id; a group id means the group is given on a single row.
    pub row: String,
    /// Column id.
    pub column: String,
    /// The value, as a report would write it.
    pub raw: String,
}

/// A variable of a check and the items it takes in turn.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Variable name.
    pub var: String,
    /// The items.
    pub items: Vec<Item>,
}

/// Something a variable can stand for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    /// A leaf row of a table.
    Row { table: String, row: String },
    /// A leaf column of a table.
    Column { table: String, column: String },
    /// One cell of a table.
    Cell {
        table: String,
        row: String,
        column: String,
    },
    /// A row group of a table.
    RowGroup { table: String, group: String },
    /// A column group of a table.
    ColumnGroup { table: String, group: String },
    /// A required section.
    Section { section: String },
    /// Every statement of a fact in the prose (`said(F)`): a report's statements take its
    /// place when the check runs.
    Said { fact: String },
    /// The statement with index `at` in the report's list of statements, and its phrase as
    /// written (what a message shows for the variable).
    Statement {
        fact: String,
        at: usize,
        text: String,
    },
}

/// A checked, resolved expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A number literal.
    Number(Decimal),
    /// One cell.
    Cell(CellRef),
    /// The sum of cells and numbers.
    Sum(Vec<SumTerm>),
    /// A test on cell values; on a set of cells it must hold for every cell.
    Test(CellTest, CellRef),
    /// Whether a section heading is present: a section id or a variable over sections.
    Present(Selector),
    /// The report's year, from its title.
    Year,
    /// The figure a statement variable (`each f in said(F)`) stands for; compared at the
    /// precision the text writes it.
    Stated(Var),
    /// How many times the prose states a fact (`mentions(F)`).
    Mentions(String),
    /// The figure of the first exact statement of a fact (`first(F)`).
    First(String),
    /// The date the report was signed or published as a number YYYYMMDD (`published()`).
    Published,
    /// How many characters of prose a section has (`text_length(S5)`, or a variable over
    /// `sections()`); unknown when the section is not there.
    TextLength(Selector),
    /// `percent(part, whole)`: part as a percentage of whole.
    Percent(Box<Expr>, Box<Expr>),
    /// `previous(…)`: the expression evaluated on last year's report of the same agency
    /// (the variables keep their items; ids are looked up in that report).
    Previous(Box<Expr>),
    /// `repeated(S1)`: the percentage of the section's prose, in characters, whose sentences
    /// (years and numbers taken out) are also in last year's report (内容雷同).
    Repeated(Selector),
    /// `changed(T2, T3)`: how many cells of the tables hold another value than the same cell
    /// of last year's report.
    Changed(Vec<String>),
    /// `nonzero(T2, T3)`: how many cells of the tables hold a number other than 0.
    Nonzero(Vec<String>),
    /// `copied()`: the percentage of the prose, in characters, whose sentences (years and
    /// numbers taken out, wording common to many reports left aside) are also in the most
    /// similar report of another agency of the same year in the batch.
    Copied,
    /// `others_named()`: how many times the sentences before the first heading name another
    /// agency of the batch.
    OthersNamed,
    /// `children(…)`: the sum of the expression over the reports of the agencies a manifest
    /// lists under this one (an aggregate report's constituent organs), same year.
    Children(Box<Expr>),
    /// `children_missing()`: how many of those agencies have no report in the batch.
    ChildrenMissing,
    /// Logical not.
    Not(Box<Expr>),
    /// Arithmetic negation.
    Neg(Box<Expr>),
    /// `+ - *`
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// A comparison.
    Compare(nianbao_model::CompareOp, Box<Expr>, Box<Expr>),
    /// `and` / `or`
    Logic(LogicOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Calls `visit` with this expression and every expression inside it, outer first
    /// (the terms of `sum`, the operands, what `previous` and `children` evaluate).
    pub fn walk<'e>(&'e self, visit: &mut dyn FnMut(&'e Expr)) {
        self.visit(true, visit);
    }

    /// As [`Expr::walk`], without what `previous` and `children` evaluate on other reports.
    pub fn walk_here<'e>(&'e self, visit: &mut dyn FnMut(&'e Expr)) {
        self.visit(false, visit);
    }

    fn visit<'e>(&'e self, others: bool, visit: &mut dyn FnMut(&'e Expr)) {
        visit(self);
        match self {
            Expr::Sum(terms) => {
                for term in terms {
                    if let SumTerm::Expr(inner) = term {
                        inner.visit(others, visit);
                    }
                }
            }
            Expr::Not(inner) | Expr::Neg(inner) => inner.visit(others, visit),
            Expr::Previous(inner) | Expr::Children(inner) => {
                if others {
                    inner.visit(others, visit);
                }
            }
            Expr::Arith(_, a, b)
            | Expr::Compare(_, a, b)
            | Expr::Logic(_, a, b)
            | Expr::Percent(a, b) => {
                a.visit(others, visit);
                b.visit(others, visit);
            }
            Expr::Number(_)
            | Expr::Cell(_)
            | Expr::Test(..)
            | Expr::Present(_)
            | Expr::Year
            | Expr::Stated(_)
            | Expr::Mentions(_)
            | Expr::First(_)
            | Expr::Published
            | Expr::TextLength(_)
            | Expr::Repeated(_)
            | Expr::Changed(_)
            | Expr::Nonzero(_)
            | Expr::Copied
            | Expr::OthersNamed
            | Expr::ChildrenMissing => {}
        }
    }

    /// Whether what the expression means depends on what a variable stands for: a cell
    /// reference or section by variable, a stated figure. One that does not has the same value
    /// in every instance of its check.
    pub fn depends_on_variable(&self) -> bool {
        let by_variable =
            |cells: &CellRef| cells.row.depends_on_variable() || cells.column.depends_on_variable();
        let mut depends = false;
        self.walk(&mut |expr| {
            depends |= match expr {
                Expr::Cell(cells) | Expr::Test(_, cells) => by_variable(cells),
                Expr::Sum(terms) => terms
                    .iter()
                    .any(|term| matches!(term, SumTerm::Cells(cells) if by_variable(cells))),
                Expr::Present(section) | Expr::TextLength(section) | Expr::Repeated(section) => {
                    section.depends_on_variable()
                }
                Expr::Stated(_) => true,
                // Their operands are walked on their own.
                Expr::Number(_)
                | Expr::Year
                | Expr::Mentions(_)
                | Expr::First(_)
                | Expr::Published
                | Expr::Percent(..)
                | Expr::Previous(_)
                | Expr::Changed(_)
                | Expr::Nonzero(_)
                | Expr::Copied
                | Expr::OthersNamed
                | Expr::Children(_)
                | Expr::ChildrenMissing
                | Expr::Not(_)
                | Expr::Neg(_)
                | Expr::Arith(..)
                | Expr::Compare(..)
                | Expr::Logic(..) => false,
            };
        });
        depends
    }

    /// Every cell reference in the expression, sets of `sum` included.
    pub fn cell_refs(&self) -> Vec<&CellRef> {
        self.refs(true)
    }

    /// As [`Expr::cell_refs`], without those `previous` and `children` evaluate on other
    /// reports: the references read in the report the expression is evaluated on.
    pub fn cell_refs_here(&self) -> Vec<&CellRef> {
        self.refs(false)
    }

    fn refs(&self, others: bool) -> Vec<&CellRef> {
        let mut refs = Vec::new();
        self.visit(others, &mut |expr| match expr {
            Expr::Cell(cells) | Expr::Test(_, cells) => refs.push(cells),
            Expr::Sum(terms) => refs.extend(terms.iter().filter_map(|t| match t {
                SumTerm::Cells(cells) => Some(cells),
                SumTerm::Expr(_) => None,
            })),
            _ => {}
        });
        refs
    }
}

/// A term of `sum(…)`.
#[derive(Debug, Clone)]
pub enum SumTerm {
    /// Every cell of a set.
    Cells(CellRef),
    /// A numeric expression.
    Expr(Expr),
}

/// A reference to one cell or a set of cells of a table.
#[derive(Debug, Clone)]
pub struct CellRef {
    /// Table id.
    pub table: String,
    /// Which rows.
    pub row: Selector,
    /// Which columns.
    pub column: Selector,
    /// Where it is written in the rule file.
    pub span: Span,
}

/// Which rows or columns a reference means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// One row or column by id.
    Id(String),
    /// Several, in order (`*` for rows).
    Ids(Vec<String>),
    /// A group: its leaves, or the group's own row where a report gives the group on a single
    /// row (as the 2019 format does for （六）其他处理).
    Group {
        /// The group's id.
        id: String,
        /// Its leaves, in order.
        leaves: Vec<String>,
    },
    /// `*` for columns: every leaf column of the part the row belongs to.
    AllColumns,
    /// The item a variable stands for.
    Var(Var),
    /// `g.TOT`: the child `{group id}.TOT` of the group a variable stands for.
    Child(Var, String),
}

impl Selector {
    /// Whether the rows or columns meant depend on what a variable stands for.
    pub fn depends_on_variable(&self) -> bool {
        matches!(self, Selector::Var(_) | Selector::Child(..))
    }
}

/// A variable, by its position in the check's bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Var(pub usize);

/// Tests on a cell's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellTest {
    /// Nothing written.
    Blank,
    /// Something written.
    Filled,
    /// A mark such as — or /.
    Mark,
    /// A value that fits the declared kind of the cell (or blank, or a mark).
    Valid,
    /// The cell belongs to a group written on a single row instead of its rows.
    Collapsed,
    /// A unit (元, 万元, 件…) is written after the number.
    HasUnit,
}

/// `+ - *`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
}

/// `and` / `or`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicOp {
    And,
    Or,
}
