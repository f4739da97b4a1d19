//! A guard against stack overflow in pdf_oxide. It parses PDF objects by recursive descent
//! with no depth limit (arrays and dictionaries in the file, in object streams and in content
//! streams; dropping a deep object recurses too), so 20 000 nested `[` in a 40 KB file
//! overflow the stack and abort the whole process, losing every result of a batch. Catching a
//! panic does not help: an overflow is not a panic.
//!
//! So nothing reaches pdf_oxide's parser before its nesting has been measured against
//! [`Limits::depth`](crate::Limits::depth), in three steps:
//!
//! 1. [`before_opening`], on the raw bytes, without pdf_oxide: [`walks`] follows, in one
//!    linear pass, every parse pdf_oxide could begin at the places [`raw`] lists.
//! 2. [`before_opening`] again: object streams, found and decoded with pdf_oxide's own lexer,
//!    dictionary parser and decoders (safe after step 1), scanned from every byte.
//! 3. [`before_reading`], once the document is open and before any page is read: object
//!    streams decrypted, page contents and form XObjects, each decoded by pdf_oxide as it will
//!    decode it for reading, scanned from every byte; and the depth of the page tree, which
//!    pdf_oxide also walks by recursion ([`tree`]).
//!
//! Why not simply lex the file from its start, skipping comments, strings and stream data:
//! pdf_oxide begins parsing at offsets the file gives (xref entries, object stream headers),
//! or at the byte after one it failed on (content streams), and those may point into a
//! comment, a string or stream data. The scans follow every such start at once.
//!
//! The guarantee: every byte sequence pdf_oxide 0.3.78 (as this crate builds it: without
//! `legacy-crypto`, so only AES-256 encryption, whose key is the same for every object) hands
//! to its object parser on the way to `extract_chars` and `extract_paths` is covered, from
//! every position it may begin at, so it recurses at most `--max-depth` levels (256 by
//! default, about 1.3 MB of stack in a debug build), never more than [`STACK_SAFE_DEPTH`].
//! The scans over-approximate its parser, so a real file could only be refused if, from some
//! byte where a parse may begin, it had syntax nested deeper than the limit (real reports nest
//! under 10) or a `stream` keyword after a dictionary inside an array or dictionary (the
//! format forbids it). Decoding uses pdf_oxide's own decoders and caps (its FlateDecode stops
//! at 256 MiB a stream), one stream at a time; the scans keep a few words per state, not the
//! data. [`Limits::unzipped_size`](crate::Limits::unzipped_size) is not applied: stopping a
//! scan early would leave the rest of the stream unchecked.
//!
//! Residual cases, by construction hostile or outside the format:
//! * Refused although pdf_oxide might have read them: a stream inside an array or dictionary;
//!   a page tree whose nodes are shared or cyclic with more nodes than the limit; an object
//!   scan over four times the file's size (objects hidden in strings of objects…); inline
//!   image data in a content stream holding, uncompressed, more than the limit of `[` (or
//!   `<< /x`) with nothing between them that ends a parse (content streams are scanned from
//!   every byte, since pdf_oxide resumes after any byte it cannot read).
//! * Not covered: an AES-256 encrypted file whose /Encrypt dictionary refers to an object
//!   that pdf_oxide failed to load while opening the document, kept in an object stream that
//!   only decrypted reads: loading it again to set up decryption parses that object stream
//!   decrypted before it is scanned. And recursion in pdf_oxide over other things than
//!   object syntax and the page tree (its form XObjects are limited to 100 levels).
//!
//! Updating pdf_oxide means re-reading where it begins parsing ([`raw`]) and which streams it
//! parses ([`streams`]); enabling its `legacy-crypto` means per-object keys ([`streams`] uses
//! the object stream's header number, which a hostile xref may contradict).

mod raw;
mod streams;
mod tree;
mod walks;

#[cfg(test)]
mod tests;

use pdf_oxide::PdfDocument;

pub(crate) use streams::ObjectStream;
use walks::Alarm;

use crate::error::{ReadError, ReadErrorKind};
use crate::limits;

/// The deepest nesting let through to pdf_oxide whatever `--max-depth` says. On an 8 MiB
/// thread its object parser overflowed at 1 700 levels in a debug build (about 4.9 KB a level;
/// 10 500 in release) and its page-tree walk at 2 000 to 4 000; a page 512 levels deep in the
/// tree, its content 512 levels deep, takes about 4 MB.
const STACK_SAFE_DEPTH: usize = 512;

/// The depth the scans enforce under the limit `max`.
fn enforced(max: usize) -> usize {
    max.min(STACK_SAFE_DEPTH)
}

/// Why the check refused a file: the alarm, and where in the file if known (an alarm in a
/// decoded stream is at an offset of the decoded data, not of the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    alarm: Alarm,
    at: Option<usize>,
}

impl Refusal {
    /// An alarm in the raw file, at its own offset.
    fn raw(alarm: Alarm) -> Self {
        let at = match alarm {
            Alarm::TooDeep(at) | Alarm::NestedStream(at) | Alarm::TooComplex(at) => at,
        };
        Self {
            alarm,
            at: Some(at),
        }
    }

    /// The read error for the file `bytes` under the depth limit `max`.
    pub(crate) fn error(&self, bytes: &[u8], max: usize) -> ReadError {
        let kind = match self.alarm {
            Alarm::TooDeep(_) if max > STACK_SAFE_DEPTH => ReadErrorKind::Damaged {
                format: super::FORMAT,
                detail: format!(
                    "嵌套超过 {STACK_SAFE_DEPTH} 层：PDF 解析库读这样的文件会栈溢出，放宽 --max-depth 也不能读取"
                ),
            },
            Alarm::TooDeep(_) => {
                let exceeded = limits::depth(max);
                return match self.at {
                    Some(at) => exceeded.at(bytes, at),
                    None => exceeded.whole(),
                };
            }
            Alarm::NestedStream(_) => ReadErrorKind::Damaged {
                format: super::FORMAT,
                detail: "数组或字典里出现了流对象（PDF 规定流只能是间接对象），无法安全读取"
                    .to_owned(),
            },
            Alarm::TooComplex(_) => ReadErrorKind::Damaged {
                format: super::FORMAT,
                detail: "对象结构异常复杂（大量互相重叠的对象），无法在合理时间内检查".to_owned(),
            },
        };
        match self.at {
            Some(at) => ReadError::at(kind, bytes, at),
            None => ReadError::whole(kind),
        }
    }
}

/// Checks the raw file and its object streams before pdf_oxide opens it; returns the object
/// streams for [`before_reading`].
pub(crate) fn before_opening(bytes: &[u8], max: usize) -> Result<Vec<ObjectStream>, Refusal> {
    let max = enforced(max);
    let (starts, junctions) = raw::model(bytes);
    walks::scan(bytes, max, &starts, &junctions).map_err(Refusal::raw)?;
    streams::object_streams(bytes, max, &junctions)
}

/// Checks the decoded streams of the open document before any page is read; the bytes of
/// the pages' decoded content.
pub(crate) fn before_reading(
    document: &PdfDocument,
    object_streams: &[ObjectStream],
    max: usize,
) -> Result<usize, Refusal> {
    streams::document(document, object_streams, enforced(max))
}
