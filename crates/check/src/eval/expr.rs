//! Evaluating one check instance: numbers and three-valued truth, recording the cells read.

use nianbao_model::{BoundCell, CompareOp, Statement, Unit, Value};
use nianbao_rules::ruleset::{
    ArithOp, CellRef, CellTest, Expr, Item, LogicOp, Policy, Selector, SumTerm, Treatment,
    ValueKind,
};
use rust_decimal::Decimal;
use smallvec::SmallVec;

use super::env::Index;
use super::places::PlacedCells;
use super::select;

/// A condition's value: a check instance whose operands are unknown is not assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn from_bool(value: bool) -> Self {
        if value { Truth::True } else { Truth::False }
    }
}

/// The cells an evaluation read, in order, without repeats.
#[derive(Debug, Default)]
pub(crate) struct Trace<'a> {
    pub cells: Vec<&'a BoundCell>,
    /// For cell tests over a set: the cells that failed the test (all cells otherwise).
    pub failing: Vec<&'a BoundCell>,
    /// The prose statements read, in order, without repeats.
    pub statements: Vec<&'a Statement>,
    /// The cells read in last year's report (`previous(…)`), in order, without repeats.
    pub previous: Vec<&'a BoundCell>,
    /// Places of the prose to point at, with what to say there: passages found in last year's
    /// report (`repeated(S)`) or in another agency's (`copied()`), names of other agencies
    /// (`others_named()`).
    pub passages: Vec<(nianbao_model::Span, String)>,
    /// Places in another agency's report (`copied()`), organs without a report
    /// (`children_missing()`).
    pub others: Vec<nianbao_model::Related>,
    /// Cells read in constituent organs' reports (`children(…)`): the report's name, its
    /// template, the cell.
    pub children: Vec<(&'a str, &'a nianbao_rules::ruleset::Template, &'a BoundCell)>,
    /// A bit for each of 256 cell places, set for every cell in `cells`: a cell whose bit is
    /// clear was not read before, and is added without comparing it with every cell read (a
    /// sum reads dozens). A row's cells lie next to each other, so they rarely share a bit.
    read_places: [u64; 4],
    /// Whether the cells read are left unrecorded: an instance is evaluated so first, and
    /// again with a recording trace only when it fails (most pass, and recording every cell
    /// they read was work no finding used).
    quiet: bool,
}

impl<'a> Trace<'a> {
    /// A trace that does not record the cells read: for an instance's first evaluation.
    pub fn quiet() -> Self {
        Trace {
            quiet: true,
            ..Trace::default()
        }
    }

    /// Empties the trace for the next evaluation, keeping what it has allocated.
    pub fn clear(&mut self) {
        // Named one by one so that a new field cannot be forgotten here.
        let Trace {
            cells,
            failing,
            statements,
            previous,
            passages,
            others,
            children,
            read_places,
            quiet: _,
        } = self;
        cells.clear();
        failing.clear();
        statements.clear();
        previous.clear();
        passages.clear();
        others.clear();
        children.clear();
        *read_places = [0; 4];
    }

    fn read(&mut self, cell: &'a BoundCell) {
        if self.quiet {
            return;
        }
        let place = (std::ptr::from_ref(cell) as usize / size_of::<BoundCell>().max(1)) % 256;
        let bit = 1_u64 << (place % 64);
        match self.read_places.get_mut(place / 64) {
            Some(word) if *word & bit == 0 => {
                *word |= bit;
                self.cells.push(cell);
            }
            _ => add_cell(&mut self.cells, cell),
        }
    }

    /// Takes what an evaluation of last year's report read: its cells are last year's.
    fn read_previous(&mut self, inner: Trace<'a>) {
        for cell in inner.cells {
            add_cell(&mut self.previous, cell);
        }
    }
}

/// Adds a cell not read before. Cells come from the index, which gives one cell for a row
/// and a column (the last where the document repeats it), so the same cell is the same one.
fn add_cell<'a>(cells: &mut Vec<&'a BoundCell>, cell: &'a BoundCell) {
    if !cells.iter().any(|c| std::ptr::eq(*c, cell)) {
        cells.push(cell);
    }
}

/// The cells a reference stands for, in order; `None` where the document lacks the cell.
pub(crate) enum Cells<'p, 'a> {
    /// Read at the places worked out for the template.
    Placed(PlacedCells<'p, 'a>),
    /// Found by their ids.
    Found(smallvec::IntoIter<[Option<&'a BoundCell>; 8]>),
}

impl<'a> Iterator for Cells<'_, 'a> {
    type Item = Option<&'a BoundCell>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Cells::Placed(cells) => cells.next(),
            Cells::Found(cells) => cells.next(),
        }
    }
}

/// Evaluates expressions for one combination of variable values.
pub(crate) struct Evaluator<'a, 'e> {
    pub index: &'e Index<'a>,
    pub env: &'e [&'e Item],
    pub policy: Policy,
}

impl<'a> Evaluator<'a, '_> {
    /// The cells a reference stands for; `None` where the document lacks the cell. Read at
    /// their places where the template's were worked out (most references); found by their
    /// ids otherwise, kept inline up to a row's worth.
    pub fn cells(&self, reference: &'a CellRef) -> Cells<'_, 'a> {
        if let Some(cells) = self.index.placed(reference, self.env) {
            return Cells::Placed(cells);
        }
        // A reference that names its rows and columns outright means the same cells in every
        // instance: resolved once per report.
        let outright =
            !reference.row.depends_on_variable() && !reference.column.depends_on_variable();
        if outright && let Some(cells) = self.index.resolved(reference) {
            return Cells::Found(cells.into_iter());
        }
        let (index, table) = (self.index, reference.table.as_str());
        let mut cells = SmallVec::new();
        select::rows(
            index.template,
            index,
            table,
            &reference.row,
            self.env,
            &mut |row| {
                let row_cells = index.row(table, row);
                select::columns(
                    index.template,
                    table,
                    row,
                    &reference.column,
                    self.env,
                    &mut |column| {
                        cells.push(row_cells.cell(column));
                    },
                );
            },
        );
        if outright {
            self.index.remember(reference, &cells);
        }
        Cells::Found(cells.into_iter())
    }

    /// The number a cell counts as under the check's policy.
    pub fn cell_number(&self, cell: &BoundCell) -> Option<Decimal> {
        let zero_if =
            |treatment: Treatment| (treatment == Treatment::Zero).then_some(Decimal::ZERO);
        match cell.value {
            Value::Blank => zero_if(self.policy.blank),
            Value::Mark(_) => zero_if(self.policy.marks),
            Value::Integer(_)
            | Value::Decimal(_)
            | Value::Quantity { .. }
            | Value::Text
            | Value::Overflow => cell.value.number(),
        }
    }

    /// The sum of the cells a reference stands for; `None` when one is missing or counts as
    /// no number. Every cell present is read, also after the sum is known to be `None`.
    /// Whole numbers (most cells) are added as integers, the rest as decimals: the sum is the
    /// same, without a `Decimal` addition per cell.
    fn sum_of(&self, reference: &'a CellRef, trace: &mut Trace<'a>) -> Option<Decimal> {
        let mut whole: i64 = 0;
        let mut sum = Some(Decimal::ZERO);
        for cell in self.cells(reference) {
            let Some(cell) = cell else {
                sum = None;
                continue;
            };
            trace.read(cell);
            if sum.is_none() {
                continue;
            }
            if let Value::Integer(n) = cell.value
                && let Some(total) = whole.checked_add(n)
            {
                whole = total;
                continue;
            }
            sum = sum
                .zip(self.cell_number(cell))
                .and_then(|(a, b)| a.checked_add(b));
        }
        sum?.checked_add(Decimal::from(whole))
    }

    pub fn number(&self, expr: &'a Expr, trace: &mut Trace<'a>) -> Option<Decimal> {
        match expr {
            Expr::Number(n) => Some(*n),
            Expr::Cell(reference) => {
                let cells = self.cells(reference);
                let mut value = None;
                for cell in cells {
                    let cell = cell?;
                    trace.read(cell);
                    value = self.cell_number(cell);
                }
                value
            }
            Expr::Sum(terms) => {
                let mut total = Some(Decimal::ZERO);
                for term in terms {
                    let part = match term {
                        SumTerm::Cells(reference) => self.sum_of(reference, trace),
                        SumTerm::Expr(expr) => self.number(expr, trace),
                    };
                    total = total.zip(part).and_then(|(a, b)| a.checked_add(b));
                }
                total
            }
            Expr::Neg(inner) => self.number(inner, trace).map(|n| -n),
            Expr::Arith(op, left, right) => {
                let (l, r) = (self.number(left, trace), self.number(right, trace));
                let (l, r) = (l?, r?);
                match op {
                    ArithOp::Add => l.checked_add(r),
                    ArithOp::Sub => l.checked_sub(r),
                    ArithOp::Mul => l.checked_mul(r),
                }
            }
            Expr::Test(..)
            | Expr::Present(_)
            | Expr::Not(_)
            | Expr::Compare(..)
            | Expr::Logic(..) => None,
            Expr::Year => self.index.report.year.map(Decimal::from),
            Expr::Stated(var) => {
                let statement = self.env.get(var.0).and_then(|i| self.index.statement(i))?;
                if !trace.statements.iter().any(|s| std::ptr::eq(*s, statement)) {
                    trace.statements.push(statement);
                }
                // An approximate figure (十余件, 约20件) is never held against a table.
                statement.value.filter(|_| statement.exact)
            }
            Expr::Mentions(fact) => Some(Decimal::from(self.index.mentions(fact))),
            Expr::TextLength(section) => {
                let id = self.section_id(section)?;
                self.index
                    .report
                    .sections
                    .iter()
                    .find(|s| s.id == id)
                    .filter(|s| s.present())
                    .map(|s| Decimal::from(s.prose))
            }
            // No date is 0 rather than unknown: `when published() > 0` then skips the check
            // without counting the report as undecided.
            Expr::Published => match &self.index.report.published {
                Some(published) => {
                    let digits: String = published
                        .date
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    digits.parse::<i64>().ok().map(Decimal::from)
                }
                None => Some(Decimal::ZERO),
            },
            Expr::First(fact) => {
                let statement = self.index.first_exact(fact)?;
                if !trace.statements.iter().any(|s| std::ptr::eq(*s, statement)) {
                    trace.statements.push(statement);
                }
                statement.value
            }
            Expr::Percent(part, whole) => {
                let (part, whole) = (self.number(part, trace), self.number(whole, trace));
                let (part, whole) = (part?, whole?);
                if whole.is_zero() {
                    return None;
                }
                part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
            }
            Expr::Previous(inner) => {
                let previous = self.index.previous.as_deref()?;
                let mut read = Trace::default();
                let value = self.on(&previous.index).number(inner, &mut read);
                trace.read_previous(read);
                value
            }
            Expr::Repeated(section) => {
                let previous = self.index.previous.as_deref()?;
                let id = self.section_id(section)?;
                let repetition =
                    super::repeat::in_section(self.index.report, id, &previous.sentences)?;
                trace.passages.extend(
                    repetition
                        .passages
                        .iter()
                        .map(|span| (*span, "与上一年度报告相同".to_owned())),
                );
                Some(repetition.percent())
            }
            Expr::Changed(tables) => {
                let previous = self.index.previous.as_deref()?;
                super::repeat::changed_cells(self.index.report, previous.index.report, tables)
                    .map(Decimal::from)
            }
            Expr::Copied => {
                let peers = self.index.peers.as_ref()?;
                // No other agency's report shares a sentence: nothing is copied.
                let Some((name, theirs, at)) = peers.closest() else {
                    return Some(Decimal::ZERO);
                };
                let repetition =
                    super::repeat::repetition(self.index.report.sentences.iter(), |hash| {
                        theirs.contains(&hash) && !peers.is_common(hash)
                    });
                trace.passages.extend(
                    repetition
                        .passages
                        .iter()
                        .map(|span| (*span, "与另一单位的报告相同".to_owned())),
                );
                trace.others.push(nianbao_model::Related {
                    file: name.to_owned(),
                    span: at,
                    label: "另一单位的报告中相同的文字从这里开始".to_owned(),
                });
                Some(repetition.percent())
            }
            Expr::OthersNamed => {
                let peers = self.index.peers.as_ref()?;
                let mut count = 0usize;
                for (text, span) in &self.index.report.opening {
                    for name in peers.others_named(text) {
                        count += 1;
                        trace
                            .passages
                            .push((*span, format!("另一单位的名称：{name}")));
                    }
                }
                Some(Decimal::from(count))
            }
            Expr::Children(inner) => {
                let children = self.index.children.as_deref()?;
                // A sum without some organs' reports is not the aggregate's.
                if !children.missing.is_empty() {
                    return None;
                }
                let mut total = Decimal::ZERO;
                for (index, name) in &children.reports {
                    let mut read = Trace::default();
                    let value = self.on(index).number(inner, &mut read);
                    trace
                        .children
                        .extend(read.cells.into_iter().map(|c| (*name, index.template, c)));
                    total = total.checked_add(value?)?;
                }
                Some(total)
            }
            Expr::ChildrenMissing => {
                let children = self.index.children.as_deref()?;
                trace
                    .others
                    .extend(children.missing.iter().map(|organ| nianbao_model::Related {
                        file: organ.clone(),
                        span: nianbao_model::Span::default(),
                        label: "这一所属单位在这批报告中没有同一年度的报告".to_owned(),
                    }));
                Some(Decimal::from(children.missing.len()))
            }
            Expr::Nonzero(tables) => {
                let tables = super::repeat::table_keys(tables);
                let figures = super::repeat::figures(self.index.report);
                Some(Decimal::from(
                    figures
                        .iter()
                        .filter(|f| f.nonzero && tables.contains(&f.table))
                        .count(),
                ))
            }
        }
    }

    /// Half the written precision of a stated figure compared with `expr` (0 for anything
    /// else): "45.5%" agrees with 45.46, "1.2万" with 12 345.
    fn tolerance(&self, expr: &Expr) -> Decimal {
        match expr {
            Expr::Stated(var) => self
                .env
                .get(var.0)
                .and_then(|i| self.index.statement(i))
                .map_or(Decimal::ZERO, |s| s.step / Decimal::TWO),
            _ => Decimal::ZERO,
        }
    }

    /// Whether `left op right` holds, a stated figure compared at its written precision.
    pub fn holds(&self, op: CompareOp, left: (&Expr, Decimal), right: (&Expr, Decimal)) -> bool {
        let tolerance = self.tolerance(left.0).max(self.tolerance(right.0));
        let close = (left.1 - right.1).abs() <= tolerance;
        match op {
            CompareOp::Eq if tolerance > Decimal::ZERO => close,
            CompareOp::Ne if tolerance > Decimal::ZERO => !close,
            _ => op.holds(left.1, right.1),
        }
    }

    pub fn truth(&self, expr: &'a Expr, trace: &mut Trace<'a>) -> Truth {
        match expr {
            Expr::Compare(op, left, right) => {
                let (l, r) = (self.number(left, trace), self.number(right, trace));
                match (l, r) {
                    (Some(l), Some(r)) => Truth::from_bool(self.holds(*op, (left, l), (right, r))),
                    _ => Truth::Unknown,
                }
            }
            Expr::Logic(op, left, right) => {
                let l = self.truth(left, trace);
                let r = self.truth(right, trace);
                match (op, l, r) {
                    (LogicOp::And, Truth::False, _) | (LogicOp::And, _, Truth::False) => {
                        Truth::False
                    }
                    (LogicOp::And, Truth::True, Truth::True) => Truth::True,
                    (LogicOp::Or, Truth::True, _) | (LogicOp::Or, _, Truth::True) => Truth::True,
                    (LogicOp::Or, Truth::False, Truth::False) => Truth::False,
                    _ => Truth::Unknown,
                }
            }
            Expr::Not(inner) => match self.truth(inner, trace) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Unknown => Truth::Unknown,
            },
            Expr::Test(test, reference) => self.test(*test, reference, trace),
            Expr::Previous(inner) => {
                let Some(previous) = self.index.previous.as_deref() else {
                    return Truth::Unknown;
                };
                let mut read = Trace::default();
                let truth = self.on(&previous.index).truth(inner, &mut read);
                trace.read_previous(read);
                truth
            }
            Expr::Present(selector) => {
                let id = self.section_id(selector);
                let found =
                    id.and_then(|id| self.index.report.sections.iter().find(|s| s.id == id));
                match found {
                    Some(section) => Truth::from_bool(section.present()),
                    None => Truth::Unknown,
                }
            }
            Expr::Number(_)
            | Expr::Cell(_)
            | Expr::Sum(_)
            | Expr::Neg(_)
            | Expr::Arith(..)
            | Expr::Year
            | Expr::Stated(_)
            | Expr::Mentions(_)
            | Expr::First(_)
            | Expr::Published
            | Expr::TextLength(_)
            | Expr::Percent(..)
            | Expr::Repeated(_)
            | Expr::Changed(_)
            | Expr::Nonzero(_)
            | Expr::Copied
            | Expr::OthersNamed
            | Expr::Children(_)
            | Expr::ChildrenMissing => Truth::Unknown,
        }
    }

    /// The same variables and policy over another report (last year's, an organ's).
    fn on<'f>(&'f self, index: &'f Index<'a>) -> Evaluator<'a, 'f> {
        Evaluator {
            index,
            env: self.env,
            policy: self.policy,
        }
    }

    /// The id of the section a selector names: a section id, or a variable over sections.
    pub fn section_id<'s>(&'s self, selector: &'s Selector) -> Option<&'s str> {
        match selector {
            Selector::Id(id) => Some(id.as_str()),
            Selector::Var(var) => match self.env.get(var.0) {
                Some(Item::Section { section }) => Some(section.as_str()),
                _ => None,
            },
            _ => None,
        }
    }

    fn test(&self, test: CellTest, reference: &'a CellRef, trace: &mut Trace<'a>) -> Truth {
        let mut result = Truth::True;
        for cell in self.cells(reference) {
            let Some(cell) = cell else {
                return Truth::Unknown;
            };
            trace.read(cell);
            let holds = match test {
                CellTest::Blank => cell.value == Value::Blank,
                CellTest::Filled => !matches!(cell.value, Value::Blank | Value::Mark(_)),
                CellTest::Mark => matches!(cell.value, Value::Mark(_)),
                CellTest::Valid => self.valid(&reference.table, cell),
                CellTest::Collapsed => self.is_group_row(&reference.table, &cell.row),
                CellTest::HasUnit => cell.value.unit().is_some(),
            };
            if !holds {
                trace.failing.push(cell);
                result = Truth::False;
            }
        }
        result
    }

    /// Whether a row id names a group (its cells were given on the group's single row).
    fn is_group_row(&self, table: &str, row: &str) -> bool {
        self.index
            .template
            .table(table)
            .and_then(|t| t.part_of_row(row))
            .and_then(|(_, part)| part.rows.find(row))
            .is_some_and(|node| node.is_group)
    }

    /// Whether a cell holds what its declared value kind and unit allow (blank and marks pass:
    /// other checks are about them).
    fn valid(&self, table: &str, cell: &BoundCell) -> bool {
        // What every kind allows, decided without looking the cell's declaration up: most
        // cells of a report hold a count.
        if let Value::Integer(0..) | Value::Blank | Value::Mark(_) | Value::Overflow = cell.value {
            return true;
        }
        let spec = self
            .index
            .template
            .table(table)
            .and_then(|t| t.part_of_row(&cell.row))
            .map(|(_, part)| part.value_spec(&cell.row, &cell.column));
        let kind = spec.map_or(ValueKind::Count, |s| s.kind);
        let declared_unit = spec
            .and_then(|s| s.unit.as_deref())
            .and_then(Unit::from_written);
        let unit_ok = match (cell.value.unit(), declared_unit) {
            (None, _) => true,
            (Some(written), Some(declared)) => written == declared,
            (Some(written), None) => (written == Unit::Count) == (kind != ValueKind::Amount),
        };
        let number_ok = match (cell.value, kind) {
            // A number too large is said by its own finding (bind::number-too-large), not as
            // a value of the wrong kind.
            (Value::Blank | Value::Mark(_) | Value::Overflow, _) => true,
            (Value::Text, _) => false,
            (value, ValueKind::Count) => {
                value.is_whole() && value.number().is_some_and(|n| n >= Decimal::ZERO)
            }
            (value, ValueKind::Amount) => value.number().is_some_and(|n| n >= Decimal::ZERO),
            (value, ValueKind::Signed) => value.is_whole(),
        };
        unit_ok && number_ok
    }
}

#[cfg(test)]
mod trace_tests {
    use super::*;

    fn cells(count: usize) -> Vec<BoundCell> {
        (0..count)
            .map(|at| BoundCell {
                row: format!("R{at}").into(),
                column: "A".into(),
                row_path: std::sync::Arc::from([]),
                column_path: std::sync::Arc::from([]),
                value: Value::Integer(1),
                raw: "1".to_owned(),
                span: nianbao_model::Span::default(),
                location: nianbao_model::CellLocation::default(),
            })
            .collect()
    }

    /// The cells read are kept once each, in the order first read, however many there are
    /// and however their places fall on the trace's bits; clearing starts afresh.
    #[test]
    fn cells_read_are_kept_once_in_order() {
        let (many, other) = (cells(600), cells(40));
        let mut trace = Trace::default();
        // Every cell, then every third again, then some of another table's.
        let order: Vec<&BoundCell> = many
            .iter()
            .chain(many.iter().step_by(3))
            .chain(other.iter())
            .chain(other.iter().rev())
            .collect();
        for &cell in &order {
            trace.read(cell);
        }
        let expected: Vec<&BoundCell> = many.iter().chain(other.iter()).collect();
        assert_eq!(trace.cells.len(), expected.len());
        assert!(
            trace
                .cells
                .iter()
                .zip(&expected)
                .all(|(a, b)| std::ptr::eq(*a, *b))
        );
        trace.clear();
        let fifth = many.get(5).into_iter();
        fifth.clone().chain(fifth).for_each(|cell| trace.read(cell));
        assert_eq!(trace.cells.len(), 1);
    }
}
