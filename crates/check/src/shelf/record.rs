//! One carry as bytes on the shelf's file: its name, template, report and opening as JSON
//! (the model's own serde form), then its figures and sentences packed, since they are
//! many small numbers.

use nianbao_model::{Figure, Report, Sentence, Span};
use serde::{Deserialize, Serialize};

use crate::years::Carry;

#[derive(Serialize)]
struct HeadOut<'a> {
    name: &'a str,
    template: &'a str,
    report: &'a Report,
    opening: &'a [(String, Span)],
}

#[derive(Deserialize)]
struct HeadIn {
    name: String,
    template: String,
    report: Report,
    opening: Vec<(String, Span)>,
}

/// A sentence's `section` when it has none.
const NO_SECTION: u64 = u64::MAX;

/// `carry` as bytes; `None` if it cannot be encoded (it then stays in memory).
pub(super) fn encode(carry: &Carry) -> Option<Vec<u8>> {
    let report = carry.report();
    let head = serde_json::to_vec(&HeadOut {
        name: &carry.name,
        template: &carry.template,
        report,
        opening: &report.opening,
    })
    .ok()?;
    let mut out = Vec::with_capacity(
        head.len() + 8 + report.figures.len() * 13 + report.sentences.len() * 56,
    );
    put_len(&mut out, head.len())?;
    out.extend_from_slice(&head);
    put_len(&mut out, report.figures.len())?;
    for figure in &report.figures {
        out.extend_from_slice(&figure.table.to_le_bytes());
        out.extend_from_slice(&figure.cell.to_le_bytes());
        out.extend_from_slice(&figure.value.to_le_bytes());
        out.push(u8::from(figure.nonzero));
    }
    put_len(&mut out, report.sentences.len())?;
    for sentence in &report.sentences {
        out.extend_from_slice(&sentence.hash.to_le_bytes());
        for n in [
            sentence.span.start,
            sentence.span.end,
            sentence.span.line,
            sentence.span.column,
            sentence.weight,
        ] {
            out.extend_from_slice(&u64::try_from(n).ok()?.to_le_bytes());
        }
        let section = match sentence.section {
            Some(at) => u64::try_from(at).ok()?,
            None => NO_SECTION,
        };
        out.extend_from_slice(&section.to_le_bytes());
    }
    Some(out)
}

/// The carry `bytes` hold; `None` if they are not one [`encode`] wrote.
pub(super) fn decode(bytes: &[u8]) -> Option<Carry> {
    let mut rest = bytes;
    let head_len = take_len(&mut rest)?;
    let head: HeadIn = serde_json::from_slice(take(&mut rest, head_len)?).ok()?;
    let mut report = head.report;
    report.opening = head.opening;
    let figures = take_len(&mut rest)?;
    report.figures = (0..figures)
        .map(|_| {
            Some(Figure {
                table: u32::from_le_bytes(take(&mut rest, 4)?.try_into().ok()?),
                cell: u32::from_le_bytes(take(&mut rest, 4)?.try_into().ok()?),
                value: u32::from_le_bytes(take(&mut rest, 4)?.try_into().ok()?),
                nonzero: *take(&mut rest, 1)?.first()? != 0,
            })
        })
        .collect::<Option<_>>()?;
    let sentences = take_len(&mut rest)?;
    report.sentences = (0..sentences)
        .map(|_| {
            let hash = take_u64(&mut rest)?;
            let mut n = || usize::try_from(take_u64(&mut rest)?).ok();
            let span = Span {
                start: n()?,
                end: n()?,
                line: n()?,
                column: n()?,
            };
            let weight = n()?;
            let section = match take_u64(&mut rest)? {
                NO_SECTION => None,
                at => Some(usize::try_from(at).ok()?),
            };
            Some(Sentence {
                hash,
                span,
                weight,
                section,
            })
        })
        .collect::<Option<_>>()?;
    rest.is_empty()
        .then(|| Carry::new(head.name, &head.template, report))
}

fn put_len(out: &mut Vec<u8>, len: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(len).ok()?.to_le_bytes());
    Some(())
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, tail) = rest.split_at_checked(n)?;
    *rest = tail;
    Some(head)
}

fn take_len(rest: &mut &[u8]) -> Option<usize> {
    let bytes: [u8; 4] = take(rest, 4)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(bytes)).ok()
}

fn take_u64(rest: &mut &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(take(rest, 8)?.try_into().ok()?))
}
