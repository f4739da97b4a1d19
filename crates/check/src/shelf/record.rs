//! One carry as bytes on the shelf's file, in a compact form of its own: lengths and numbers
//! as variable-length integers, strings as their bytes. A batch writes every report's carry
//! and reads most back once or twice; as JSON (the model's serde form) reading one back cost
//! about as much as a tenth of checking the report.
//!
//! Only what [`crate::years::Keeper`] keeps is written. A carry holding anything else (a
//! label path, a statement, a missing cell…) is not encoded and so stays in memory: every
//! struct below is taken apart field by field, so a field added to the model does not compile
//! until it is either written here or required to be empty.

use std::sync::Arc;

use nianbao_model::{
    BBox, BoundCell, BoundTable, CellLocation, Figure, Mark, Report, SectionMatch, Sentence, Span,
    Unit, Value,
};
use rust_decimal::Decimal;

use crate::Summary;
use crate::years::Carry;

mod shown;

/// `carry` as bytes; `None` if it holds what a record does not (it then stays in memory).
#[cfg(test)]
pub(super) fn encode(carry: &Carry) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    encode_into(carry, &mut bytes)?;
    Some(bytes)
}

/// [`encode`] appended to `bytes` (the shelf's records waiting to be written: no vector of its
/// own for each, copied there after); `bytes` is left as it was when it gives `None`.
pub(super) fn encode_into(carry: &Carry, bytes: &mut Vec<u8>) -> Option<()> {
    let start = bytes.len();
    let written = write(carry, &mut Out(bytes));
    if written.is_none() {
        bytes.truncate(start);
    }
    written
}

fn write(carry: &Carry, out: &mut Out<'_>) -> Option<()> {
    out.str(&carry.name);
    out.str(&carry.template);
    let Summary {
        checks_run,
        checks_skipped,
        instances,
        undecided,
        checks_need_previous,
        checks_need_units,
        checks_need_manifest,
    } = carry.summary;
    for n in [
        checks_run,
        checks_skipped,
        instances,
        undecided,
        checks_need_previous,
        checks_need_units,
        checks_need_manifest,
    ] {
        out.len(n);
    }
    out.shown(&carry.shown);
    let Report {
        template,
        year,
        agency,
        sections,
        tables,
        outside,
        statements,
        published,
        sentences,
        opening,
        figures,
    } = carry.report();
    if !outside.is_empty() || !statements.is_empty() || published.is_some() {
        return None;
    }
    out.str(template);
    out.option(year.as_ref(), |out, &year| out.signed(i64::from(year)));
    out.option(agency.as_ref(), |out, agency| out.str(agency));
    out.len(sections.len());
    for section in sections {
        out.section(section)?;
    }
    out.len(sentences.len());
    for sentence in sentences {
        out.sentence(sentence);
    }
    out.len(opening.len());
    for (text, span) in opening {
        out.str(text);
        out.span(span);
    }
    // The cells last: a carry read back without them stops here.
    out.len(tables.len());
    for table in tables {
        out.table(table)?;
    }
    out.len(figures.len());
    for figure in figures {
        let Figure {
            table,
            cell,
            value,
            nonzero,
        } = figure;
        // Hashes: uniformly spread, so as they are (a variable-length integer would take
        // five bytes for most).
        for n in [table, cell, value] {
            out.0.extend_from_slice(&n.to_le_bytes());
        }
        out.flag(*nonzero);
    }
    Some(())
}

/// The carry `bytes` hold; `None` if they are not one [`encode`] wrote.
pub(super) fn decode(bytes: &[u8]) -> Option<Carry> {
    decode_with(bytes, true)
}

/// The carry `bytes` hold without its tables and figures (empty): what comparing a report
/// with other agencies' reads, when none of those checks reads a table. The record's cells
/// are last and are not read, so the rest of the record is not checked either.
pub(super) fn decode_without_tables(bytes: &[u8]) -> Option<Carry> {
    decode_with(bytes, false)
}

fn decode_with(bytes: &[u8], with_tables: bool) -> Option<Carry> {
    let mut input = In(bytes);
    let name = input.string()?;
    let carried_template = input.string()?;
    let summary = Summary {
        checks_run: input.len()?,
        checks_skipped: input.len()?,
        instances: input.len()?,
        undecided: input.len()?,
        checks_need_previous: input.len()?,
        checks_need_units: input.len()?,
        checks_need_manifest: input.len()?,
    };
    let shown = input.shown()?;
    let template = input.string()?;
    let year = input.option(|input| i32::try_from(input.signed()?).ok())?;
    let agency = input.option(In::string)?;
    let sections = input.list(In::section)?;
    let sentences = input.list(In::sentence)?;
    let opening = input.list(|input| Some((input.string()?, input.span()?)))?;
    let (tables, figures) = if with_tables {
        let tables = input.list(In::table)?;
        let figures = input.list(|input| {
            let mut n = || input.bytes().map(u32::from_le_bytes);
            let (table, cell, value) = (n()?, n()?, n()?);
            Some(Figure {
                table,
                cell,
                value,
                nonzero: input.flag()?,
            })
        })?;
        if !input.0.is_empty() {
            return None;
        }
        (tables, figures)
    } else {
        (Vec::new(), Vec::new())
    };
    let report = Report {
        template,
        year,
        agency,
        sections,
        tables,
        outside: Vec::new(),
        statements: Vec::new(),
        published: None,
        sentences,
        opening,
        figures,
    };
    Some(
        Carry::new(name, &carried_template, report)
            .with_summary(summary)
            .with_shown(shown),
    )
}

/// Bytes being written, at the end of the vector.
struct Out<'v>(&'v mut Vec<u8>);

impl Out<'_> {
    /// A number in 7-bit groups, low first, the high bit set on all but the last.
    fn number(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n & 0x7f) as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    /// A signed number, zig-zagged so that small negative numbers stay short.
    fn signed(&mut self, n: i64) {
        self.number(((n << 1) ^ (n >> 63)) as u64);
    }

    fn len(&mut self, n: usize) {
        self.number(n as u64);
    }

    fn flag(&mut self, on: bool) {
        self.0.push(u8::from(on));
    }

    fn str(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn option<T>(&mut self, value: Option<&T>, put: impl FnOnce(&mut Self, &T)) {
        self.flag(value.is_some());
        if let Some(value) = value {
            put(self, value);
        }
    }

    fn span(&mut self, span: &Span) {
        let Span {
            start,
            end,
            line,
            column,
        } = *span;
        for n in [start, end, line, column] {
            self.len(n);
        }
    }

    fn decimal(&mut self, n: &Decimal) {
        self.0.extend_from_slice(&n.serialize());
    }

    fn section(&mut self, section: &SectionMatch) -> Option<()> {
        let SectionMatch {
            id,
            label,
            span,
            heading,
            by_table,
            near,
            prose,
        } = section;
        self.str(id);
        self.str(label);
        self.option(span.as_ref(), Out::span);
        self.option(heading.as_ref(), |out, heading| out.str(heading));
        self.flag(*by_table);
        self.option(near.as_ref(), Out::note);
        self.len(*prose);
        Some(())
    }

    fn table(&mut self, table: &BoundTable) -> Option<()> {
        let BoundTable {
            id,
            title,
            source_table,
            cells,
            missing,
            unplaced,
        } = table;
        if !missing.is_empty() || !unplaced.is_empty() {
            return None;
        }
        self.str(id);
        self.str(title);
        self.option(source_table.as_ref(), |out, &at| out.len(at));
        self.len(cells.len());
        for cell in cells {
            self.cell(cell)?;
        }
        Some(())
    }

    fn cell(&mut self, cell: &BoundCell) -> Option<()> {
        let BoundCell {
            row,
            column,
            row_path,
            column_path,
            value,
            raw,
            span,
            location,
        } = cell;
        if !row_path.is_empty() || !column_path.is_empty() {
            return None;
        }
        self.str(row);
        self.str(column);
        self.value(value);
        self.str(raw);
        self.span(span);
        self.location(location);
        Some(())
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Integer(n) => {
                self.0.push(0);
                self.signed(*n);
            }
            Value::Decimal(n) => {
                self.0.push(1);
                self.decimal(n);
            }
            Value::Quantity { value, unit } => {
                self.0.push(2);
                self.decimal(value);
                self.0.push(match unit {
                    Unit::Yuan => 0,
                    Unit::WanYuan => 1,
                    Unit::YiYuan => 2,
                    Unit::Count => 3,
                });
            }
            Value::Blank => self.0.push(3),
            Value::Mark(mark) => {
                self.0.push(4);
                self.0.push(match mark {
                    Mark::Dash => 0,
                    Mark::Slash => 1,
                    Mark::None => 2,
                });
            }
            Value::Text => self.0.push(5),
            Value::Overflow => self.0.push(6),
        }
    }

    fn location(&mut self, location: &CellLocation) {
        let CellLocation {
            table,
            row,
            cell,
            page,
            bbox,
        } = *location;
        for n in [table, row, cell] {
            self.len(n);
        }
        self.option(page.as_ref(), |out, &page| out.number(u64::from(page)));
        self.option(bbox.as_ref(), |out, bbox| {
            let BBox { x0, y0, x1, y1 } = *bbox;
            for n in [x0, y0, x1, y1] {
                out.0.extend_from_slice(&n.to_le_bytes());
            }
        });
    }

    fn sentence(&mut self, sentence: &Sentence) {
        let Sentence {
            hash,
            span,
            weight,
            section,
        } = sentence;
        self.0.extend_from_slice(&hash.to_le_bytes());
        self.span(span);
        self.len(*weight);
        self.option(section.as_ref(), |out, &at| out.len(at));
    }
}

/// Bytes being read; every method is `None` where the bytes end early or make no sense.
struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.bytes::<1>().map(|[b]| b)
    }

    fn number(&mut self) -> Option<u64> {
        // Most numbers (ids' positions, figures, line lengths) fit in one byte.
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        if first < 0x80 {
            return Some(u64::from(first));
        }
        let mut n = u64::from(first & 0x7f);
        let mut shift = 7;
        loop {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
            shift += 7;
            if shift >= 64 {
                return None;
            }
        }
    }

    fn signed(&mut self) -> Option<i64> {
        let n = self.number()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        let (text, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        std::str::from_utf8(text).ok()
    }

    fn option<T>(&mut self, get: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.flag()? {
            get(self).map(Some)
        } else {
            Some(None)
        }
    }

    /// A list; its length is checked against the bytes left (each item takes one at least),
    /// so damaged bytes cannot ask for a huge allocation.
    fn list<T>(&mut self, mut get: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let len = self.len()?;
        if len > self.0.len() {
            return None;
        }
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(get(self)?);
        }
        Some(items)
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span {
            start: self.len()?,
            end: self.len()?,
            line: self.len()?,
            column: self.len()?,
        })
    }

    fn decimal(&mut self) -> Option<Decimal> {
        Some(Decimal::deserialize(self.bytes::<16>()?))
    }

    fn section(&mut self) -> Option<SectionMatch> {
        Some(SectionMatch {
            id: self.string()?,
            label: self.string()?,
            span: self.option(In::span)?,
            heading: self.option(In::string)?,
            by_table: self.flag()?,
            near: self.option(In::note)?,
            prose: self.len()?,
        })
    }

    fn table(&mut self) -> Option<BoundTable> {
        // One empty label path for every cell (an empty `Arc` slice is an allocation).
        let no_path: Arc<[String]> = Arc::from([]);
        Some(BoundTable {
            id: self.string()?,
            title: self.string()?,
            source_table: self.option(In::len)?,
            cells: self.list(|input| input.cell(&no_path))?,
            missing: Vec::new(),
            unplaced: Vec::new(),
        })
    }

    fn cell(&mut self, no_path: &Arc<[String]>) -> Option<BoundCell> {
        Some(BoundCell {
            // Made from the bytes: a `String` first would be copied again.
            row: self.str()?.into(),
            column: self.str()?.into(),
            row_path: Arc::clone(no_path),
            column_path: Arc::clone(no_path),
            value: self.value()?,
            raw: self.string()?,
            span: self.span()?,
            location: self.location()?,
        })
    }

    fn value(&mut self) -> Option<Value> {
        Some(match self.byte()? {
            0 => Value::Integer(self.signed()?),
            1 => Value::Decimal(self.decimal()?),
            2 => Value::Quantity {
                value: self.decimal()?,
                unit: match self.byte()? {
                    0 => Unit::Yuan,
                    1 => Unit::WanYuan,
                    2 => Unit::YiYuan,
                    3 => Unit::Count,
                    _ => return None,
                },
            },
            3 => Value::Blank,
            4 => Value::Mark(match self.byte()? {
                0 => Mark::Dash,
                1 => Mark::Slash,
                2 => Mark::None,
                _ => return None,
            }),
            5 => Value::Text,
            6 => Value::Overflow,
            _ => return None,
        })
    }

    fn location(&mut self) -> Option<CellLocation> {
        Some(CellLocation {
            table: self.len()?,
            row: self.len()?,
            cell: self.len()?,
            page: self.option(|input| u32::try_from(input.number()?).ok())?,
            bbox: self.option(|input| {
                let mut n = || input.bytes::<4>().map(f32::from_le_bytes);
                Some(BBox {
                    x0: n()?,
                    y0: n()?,
                    x1: n()?,
                    y1: n()?,
                })
            })?,
        })
    }

    fn sentence(&mut self) -> Option<Sentence> {
        Some(Sentence {
            hash: u64::from_le_bytes(self.bytes::<8>()?),
            span: self.span()?,
            weight: self.len()?,
            section: self.option(In::len)?,
        })
    }
}
