//! Where pdf_oxide 0.3.78 may begin parsing the bytes of a file, for the nesting scan.
//!
//! Parses may begin anywhere outside stream data: there the file is PDF syntax, and a scan
//! that lets them costs nothing in false alarms. Inside stream data (images, fonts: binary
//! that may look like runs of `[`), they begin only where pdf_oxide can be made to begin
//! one, read from its source:
//!
//! * after every `obj` (object headers at xref offsets, in xref streams, found by
//!   reconstruction or by searching backwards from a wrong offset): `obj_after`;
//! * at the line after a line holding `obj` (a header over several lines);
//! * after every `trailer`, and at the first non-blank byte of the line after it (the trailer
//!   dictionary of a classic xref table, read as lines);
//! * where `parse_trailer` lands: it finds `trailer` in a lossily decoded copy of the file
//!   from the `startxref` offset and uses the index in the copy as an index in the bytes, so
//!   invalid UTF-8 before it shifts the start forward.
//!
//! A header over several lines also joins the rest of its first line to the lines after the
//! header ([`Junction`]): see [`junctions`].

use std::ops::Range;

use super::walks::{Junction, Starts};

/// The starts and junctions of a whole file.
pub(crate) fn model(bytes: &[u8]) -> (Starts, Vec<Junction>) {
    let closed = stream_data(bytes);
    let mut open: Vec<usize> = Vec::new();
    for at in find_all(bytes, b"obj") {
        open.push(at + 3);
        if let Some(line) = next_line(bytes, at) {
            open.push(line);
        }
    }
    for at in find_all(bytes, b"trailer") {
        open.push(at + 7);
        open.push(after_trailer_line(bytes, at + 7));
    }
    open.extend(shifted_trailer(bytes));
    // A parse begun at one of these reads its first token after white space and comments.
    let first_tokens: Vec<usize> = open.iter().map(|&at| skip_space(bytes, at)).collect();
    open.extend(first_tokens);
    open.sort_unstable();
    open.dedup();
    open.retain(|&at| inside(&closed, at));
    let starts = Starts { closed, open };
    (starts, junctions(bytes))
}

/// Positions of every occurrence of `needle`.
pub(crate) fn find_all<'a>(bytes: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let (&first, rest) = needle.split_first()?;
        loop {
            let at = from + find_byte(bytes.get(from..)?, first)?;
            from = at + 1;
            if bytes.get(from..).is_some_and(|r| r.starts_with(rest)) {
                return Some(at);
            }
        }
    })
}

/// The first `byte` in `haystack`, eight bytes at a time (the scans search whole files for a
/// few keywords; a byte-by-byte loop was most of their time).
fn find_byte(haystack: &[u8], byte: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(byte);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default()) ^ pattern;
        // Some byte of `word` is zero, i.e. some byte of the chunk is `byte`.
        if word.wrapping_sub(ONES) & !word & HIGHS != 0 {
            return chunk.iter().position(|&b| b == byte).map(|p| offset + p);
        }
        offset += 8;
    }
    let rest = chunks.remainder().iter().position(|&b| b == byte)?;
    Some(offset + rest)
}

/// The first occurrence of `needle` at or after `from`.
pub(crate) fn find_from(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    find_all(bytes.get(from..)?, needle)
        .next()
        .map(|offset| from + offset)
}

/// The start of the line after the one holding `at` (lines end at LF, as pdf_oxide reads
/// object headers).
pub(crate) fn next_line(bytes: &[u8], at: usize) -> Option<usize> {
    let offset = bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
    Some(at + offset + 1)
}

/// Whether `at` lies in one of the sorted `ranges`.
fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let index = ranges.partition_point(|r| r.end <= at);
    ranges.get(index).is_some_and(|r| r.contains(&at))
}

/// The data of every stream: from the end of line after a `stream` keyword that follows `>>`
/// to the next `endstream`. Data containing `endstream` ends early, which only lets more
/// parses begin.
fn stream_data(bytes: &[u8]) -> Vec<Range<usize>> {
    let ends: Vec<usize> = find_all(bytes, b"endstream").collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for at in find_all(bytes, b"stream") {
        let after_end = at >= 3 && bytes.get(at - 3..at) == Some(&b"end"[..]);
        let overlaps = ranges.last().is_some_and(|r| at < r.end);
        if after_end || overlaps || !follows_dictionary(bytes, at) {
            continue;
        }
        let start = data_start(bytes, at + 6);
        let index = ends.partition_point(|&e| e < start);
        let end = ends.get(index).copied().unwrap_or(bytes.len());
        if start < end {
            ranges.push(start..end);
        }
    }
    ranges
}

/// Whether `>>` and only whitespace come before `at`.
fn follows_dictionary(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    let trimmed = before.trim_ascii_end();
    trimmed.ends_with(b">>") && before.len() - trimmed.len() <= 64
}

/// Where stream data begins after the `stream` keyword ending before `at`: after CRLF, LF or
/// a lone CR, as pdf_oxide accepts.
fn data_start(bytes: &[u8], at: usize) -> usize {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        (Some(b'\r' | b'\n'), _) => at + 1,
        _ => at,
    }
}

/// The first byte after the line that holds `at` and after the blank (or non-ASCII, which
/// may decode to Unicode white space) bytes that follow it.
fn after_trailer_line(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    let line_end = rest
        .iter()
        .position(|&b| matches!(b, b'\r' | b'\n'))
        .unwrap_or(rest.len());
    let blank = rest
        .get(line_end..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b.is_ascii_whitespace() || b == 0 || b >= 0x80)
        .count();
    at + line_end + blank
}

/// Where `parse_trailer` begins: `trailer` found in the lossy UTF-8 decoding of the file from
/// the `startxref` offset, the index in the decoded text taken as a byte index.
fn shifted_trailer(bytes: &[u8]) -> Option<usize> {
    let offset = startxref(bytes)?;
    let tail = bytes.get(offset..)?;
    let found = find_from(tail, b"trailer", 0)?;
    let expansion: usize = tail
        .get(..found)?
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .map(|chunk| 3usize.saturating_sub(chunk.invalid().len()))
        .sum();
    Some(offset + found + 7 + expansion)
}

/// The xref offset as pdf_oxide reads it: the first line of digits after the last
/// `startxref`.
fn startxref(bytes: &[u8]) -> Option<usize> {
    let at = find_all(bytes, b"startxref").last()?;
    let text = String::from_utf8_lossy(bytes.get(at + 9..)?);
    let line = text
        .split(['\r', '\n'])
        .map(|line| line.trim_matches(|c: char| c.is_whitespace() || c == '\0'))
        .find(|line| !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()))?;
    usize::try_from(line.parse::<u64>().ok()?).ok()
}

/// Junctions from the end of each line whose `obj` pdf_oxide would not take as a header
/// keyword (it reads up to four more header lines then) to the end of each of the next four
/// lines that holds `obj` (where the header ends).
fn junctions(bytes: &[u8]) -> Vec<Junction> {
    let mut junctions = Vec::new();
    let mut last = None;
    for at in find_all(bytes, b"obj") {
        let Some(from) = next_line(bytes, at) else {
            break;
        };
        if last == Some(from) {
            continue;
        }
        last = Some(from);
        let start = line_start(bytes, at);
        if !has_loose_obj(bytes.get(start..from).unwrap_or_default()) {
            continue;
        }
        let mut line = from;
        for _ in 0..4 {
            let Some(next) = next_line(bytes, line) else {
                break;
            };
            if find_all(bytes.get(line..next).unwrap_or_default(), b"obj")
                .next()
                .is_some()
            {
                junctions.push(Junction { from, to: next });
            }
            line = next;
        }
    }
    junctions
}

/// The first byte from `from` that is not white space or in a comment.
pub(crate) fn skip_space(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    loop {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0C) => at += 1,
            Some(b'%') => {
                at = bytes
                    .get(at..)
                    .and_then(|r| r.iter().position(|&b| matches!(b, b'\r' | b'\n')))
                    .map_or(bytes.len(), |offset| at + offset);
            }
            _ => return at,
        }
    }
}

/// The start of the line holding `at`.
pub(crate) fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(..at)
        .and_then(|before| before.iter().rposition(|&b| b == b'\n'))
        .map_or(0, |lf| lf + 1)
}

/// Whether `line` holds an `obj` that pdf_oxide's header check does not take as the keyword
/// (in `endobj`, or after a byte other than white space or a digit): from such a line on, it
/// reads more header lines.
fn has_loose_obj(line: &[u8]) -> bool {
    find_all(line, b"obj").any(|at| {
        let in_endobj = at >= 3 && line.get(at - 3..at) == Some(&b"end"[..]);
        let glued = at > 0
            && line
                .get(at - 1)
                .is_some_and(|&b| !b.is_ascii_whitespace() && !b.is_ascii_digit());
        in_endobj || glued
    })
}
