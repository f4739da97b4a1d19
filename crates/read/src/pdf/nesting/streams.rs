//! Decoded streams that pdf_oxide parses as PDF syntax: object streams, page contents and
//! form XObjects. Each is decoded exactly as pdf_oxide decodes it (its own decoders, filters,
//! predictors, decryption) and scanned with parses beginning anywhere, since pdf_oxide parses
//! an object stream at offsets the stream itself declares and resumes a content stream at the
//! byte after any operator it cannot read.

use std::collections::{HashMap, HashSet};

use pdf_oxide::PdfDocument;
use pdf_oxide::encryption::EncryptionHandler;
use pdf_oxide::lexer::{Token, token};
use pdf_oxide::object::{Object, ObjectRef};
use pdf_oxide::parser::parse_object;

use super::raw::{find_all, find_from, line_start, next_line, skip_space};
use super::walks::{Alarm, Junction, scan_all};
use super::{Refusal, tree};

/// A stream pdf_oxide may read as an object stream, with each data it may take.
#[derive(Debug)]
pub(crate) struct ObjectStream {
    /// Byte offset of its dictionary in the file.
    at: usize,
    /// Its object number, for a decryption key (unused by AES-256, the only encryption this
    /// build of pdf_oxide reads).
    number: u32,
    /// The stream with each data pdf_oxide may cut for it.
    variants: Vec<Object>,
}

/// Work allowed for finding object streams, in bytes read: a few times the file, since each
/// object is read about once. Overlapping candidates (objects hidden in strings of objects
/// hidden in strings…) would otherwise make it quadratic.
struct Budget {
    left: usize,
}

impl Budget {
    fn new(len: usize) -> Self {
        Self {
            left: len.saturating_mul(4).saturating_add(1 << 20),
        }
    }

    fn spend(&mut self, work: usize, at: usize) -> Result<(), Refusal> {
        self.left = self.left.checked_sub(work).ok_or(Refusal {
            alarm: Alarm::TooComplex(at),
            at: Some(at),
        })?;
        Ok(())
    }
}

/// Every stream in `bytes` that pdf_oxide may load as an object stream, its undecrypted data
/// scanned. pdf_oxide loads one from an object header (after `obj`, or at the line after a
/// header over several lines, whose first line may be joined to it) and takes it as an object
/// stream if it has integer /N and /First and no other /Type name: whatever the file says.
/// `junctions` are those of the raw model.
///
/// Must run after the raw scan: it parses objects with pdf_oxide.
pub(crate) fn object_streams(
    bytes: &[u8],
    max: usize,
    junctions: &[Junction],
) -> Result<Vec<ObjectStream>, Refusal> {
    let mut search = Search {
        bytes,
        max,
        budget: Budget::new(bytes.len()),
        seen: HashSet::new(),
        found: Vec::new(),
    };
    for obj in find_all(bytes, b"obj") {
        let number = header_number(bytes, obj);
        search.examine_at(obj + 3, number)?;
        if let Some(line) = next_line(bytes, obj) {
            search.examine_at(line, number)?;
        }
    }
    for junction in junctions {
        search.examine_joined(*junction)?;
    }
    Ok(search.found)
}

struct Search<'a> {
    bytes: &'a [u8],
    max: usize,
    budget: Budget,
    /// Positions of dictionaries already examined.
    seen: HashSet<usize>,
    found: Vec<ObjectStream>,
}

impl Search<'_> {
    /// Examines the object that begins at `from` (after white space and comments).
    fn examine_at(&mut self, from: usize, number: u32) -> Result<(), Refusal> {
        let at = skip_space(self.bytes, from);
        if !self.bytes.get(at..).is_some_and(|r| r.starts_with(b"<<")) || !self.seen.insert(at) {
            return Ok(());
        }
        let input = self.bytes.get(at..).unwrap_or_default();
        self.examine(input, at, number)
    }

    /// Examines the rest of the header line after each `obj` on the line before the
    /// junction, joined to the lines after it, as pdf_oxide reads a header over several lines.
    fn examine_joined(&mut self, junction: Junction) -> Result<(), Refusal> {
        let line_start = line_start(self.bytes, junction.from.saturating_sub(1));
        let first_line = self
            .bytes
            .get(line_start..junction.from)
            .unwrap_or_default();
        for obj in find_all(first_line, b"obj") {
            let rest = first_line.get(obj + 3..).unwrap_or_default();
            let start = skip_space(rest, 0);
            if !rest.get(start..).is_some_and(|r| r.starts_with(b"<<")) {
                continue;
            }
            let end = find_from(self.bytes, b"endobj", junction.to).unwrap_or(self.bytes.len());
            let mut joined = rest.get(start..).unwrap_or_default().to_vec();
            joined.extend_from_slice(self.bytes.get(junction.to..end).unwrap_or_default());
            let at = line_start + obj;
            self.budget.spend(joined.len(), at)?;
            let number = header_number(self.bytes, at);
            self.examine(&joined, at, number)?;
        }
        Ok(())
    }

    /// If the object at the start of `input` is a stream that pdf_oxide would take as an
    /// object stream, scans each decoding of its data. Only its dictionary is parsed (safe:
    /// the raw scan covered it); the data is cut as pdf_oxide may cut it.
    fn examine(&mut self, input: &[u8], at: usize, number: u32) -> Result<(), Refusal> {
        let (layout, read) = stream_layout(input);
        self.budget.spend(read, at)?;
        let Some((dict_end, data_start)) = layout else {
            return Ok(());
        };
        let dict_bytes = input.get(..dict_end).unwrap_or_default();
        let Ok((_, Object::Dictionary(dict))) = parse_object(dict_bytes) else {
            return Ok(());
        };
        if !is_object_stream(&dict) {
            return Ok(());
        }
        let datas = data_variants(input, data_start, &dict);
        self.budget.spend(datas.iter().map(|d| d.len()).sum(), at)?;
        let variants: Vec<Object> = datas
            .into_iter()
            .map(|data| Object::Stream {
                dict: dict.clone(),
                data: data.to_vec().into(),
            })
            .collect();
        for variant in &variants {
            if let Ok(decoded) = variant.decode_stream_data() {
                scan_decoded(&decoded, self.max, Some(at))?;
            }
        }
        self.found.push(ObjectStream {
            at,
            number,
            variants,
        });
        Ok(())
    }
}

/// Whether pdf_oxide's `parse_object_stream` accepts this dictionary.
fn is_object_stream(dict: &HashMap<String, Object>) -> bool {
    let type_ok = dict
        .get("Type")
        .and_then(Object::as_name)
        .is_none_or(|name| name == "ObjStm");
    let in_range = |key: &str, max: i64| {
        dict.get(key)
            .and_then(Object::as_integer)
            .is_some_and(|n| (0..=max).contains(&n))
    };
    type_ok && in_range("N", 1_000_000) && in_range("First", 10_000_000)
}

/// Each data pdf_oxide may take for a stream whose data begins at `start` of `input`: /Length
/// bytes, and up to `endstream` (what it takes when /Length is wrong or missing, or when it
/// reads the object only up to an `endobj` inside the data).
fn data_variants<'a>(
    input: &'a [u8],
    start: usize,
    dict: &HashMap<String, Object>,
) -> Vec<&'a [u8]> {
    let by_length = dict
        .get("Length")
        .and_then(Object::as_integer)
        .and_then(|length| usize::try_from(length).ok())
        .and_then(|length| input.get(start..start.checked_add(length)?));
    let by_keyword = find_from(input, b"endstream", start).map(|end| {
        let mut end = end;
        for eol in [b'\n', b'\r'] {
            if end > start && input.get(end - 1) == Some(&eol) {
                end -= 1;
            }
        }
        input.get(start..end).unwrap_or_default()
    });
    let mut variants: Vec<&[u8]> = Vec::new();
    for data in [by_length, by_keyword].into_iter().flatten() {
        if !variants.contains(&data) {
            variants.push(data);
        }
    }
    variants
}

/// If `input` starts with a dictionary followed by `stream`: where the dictionary ends and
/// where the data begins, found with pdf_oxide's own lexer (without recursion). Also how many
/// bytes were read.
fn stream_layout(input: &[u8]) -> (Option<(usize, usize)>, usize) {
    let read = |rest: &[u8]| input.len() - rest.len();
    let Some((mut rest, Some(Token::DictStart))) = next_token(input) else {
        return (None, 0);
    };
    let mut depth = 1usize;
    while depth > 0 {
        let Some((after, token)) = next_token(rest) else {
            return (None, read(rest));
        };
        rest = after;
        match token {
            Some(Token::ArrayStart | Token::DictStart) => depth += 1,
            Some(Token::ArrayEnd | Token::DictEnd) => depth -= 1,
            _ => {}
        }
    }
    let dict_end = read(rest);
    let Some((after, Some(Token::StreamStart))) = next_token(rest) else {
        return (None, dict_end);
    };
    let skip = match after {
        [b'\r', b'\n', ..] => 2,
        [b'\r' | b'\n', ..] => 1,
        _ => 0,
    };
    let data_start = read(after) + skip;
    (Some((dict_end, data_start)), data_start)
}

/// Bytes given to pdf_oxide's lexer at a time: its `token` compares the whole rest of its
/// input once per call (free in release, where the comparison is optimized away, but
/// quadratic in a debug build).
const LEXER_WINDOW: usize = 4096;

/// The next token of `input`: `None` inside for a bare word (which pdf_oxide reads as a name
/// in a dictionary value), `None` at the end or at a byte no token starts with. Lexed in a
/// window when the token ends inside it (the lexer then read nothing past it).
fn next_token(input: &[u8]) -> Option<(&[u8], Option<Token<'_>>)> {
    if let Some(window) = input.get(..LEXER_WINDOW).filter(|w| w.len() < input.len())
        && let Some((rest, token)) = token_in(window).filter(|(rest, _)| !rest.is_empty())
    {
        let read = window.len() - rest.len();
        return Some((input.get(read..)?, token));
    }
    token_in(input)
}

fn token_in(input: &[u8]) -> Option<(&[u8], Option<Token<'_>>)> {
    if let Ok((rest, token)) = token(input) {
        return Some((rest, Some(token)));
    }
    let start = skip_space(input, 0);
    let word = input
        .get(start..)?
        .iter()
        .take_while(|&&b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'_' | b'-' | b'+' | b'*' | b'@' | b'.' | b'!' | b'^' | b'~'
                )
        })
        .count();
    if word == 0 {
        return None;
    }
    Some((input.get(start + word..)?, None))
}

/// The object number in the header `N G obj` ending with the `obj` at `obj`, or 0.
fn header_number(bytes: &[u8], obj: usize) -> u32 {
    let before = bytes.get(..obj).unwrap_or_default();
    let mut words = before
        .rsplit(|&b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let (_, number) = (words.next(), words.next());
    number
        .and_then(|w| std::str::from_utf8(w).ok())
        .and_then(|w| w.parse().ok())
        .unwrap_or(0)
}

/// Scans decoded stream data; alarms are reported at `at` in the file if known.
fn scan_decoded(decoded: &[u8], max: usize, at: Option<usize>) -> Result<(), Refusal> {
    scan_all(decoded, max).map_err(|alarm| Refusal { alarm, at })
}

/// The decoded streams pdf_oxide parses once the document is open: object streams decrypted
/// (pdf_oxide decrypts one when reading it undecrypted fails), page contents, and form
/// XObjects; and, before the first page is looked up, the depth of the page tree. Must run
/// before anything that reads pages. Returns the bytes of the pages' decoded content, which
/// the memory estimate needs (so it is not decoded again for that).
pub(crate) fn document(
    document: &PdfDocument,
    object_streams: &[ObjectStream],
    max: usize,
) -> Result<usize, Refusal> {
    let handler = encryption(document);
    if let Some(handler) = &handler {
        for stream in object_streams {
            let decrypt = |data: &[u8]| handler.decrypt_stream(data, stream.number, 0);
            for variant in &stream.variants {
                if let Ok(decoded) =
                    variant.decode_stream_data_with_decryption(Some(&decrypt), stream.number, 0)
                {
                    scan_decoded(&decoded, max, Some(stream.at))?;
                }
            }
        }
    }
    tree::check(document, max)?;
    let mut content_bytes = 0usize;
    for index in 0..document.page_count().unwrap_or(0) {
        if let Ok(content) = document.get_page_content_data(index) {
            scan_decoded(&content, max, None)?;
            content_bytes = content_bytes.saturating_add(content.len());
        }
    }
    // Object 0 heads the free list: pdf_oxide looks for it through the whole file.
    for id in document.all_object_ids().into_iter().filter(|&id| id != 0) {
        let Ok(object) = document.load_object(ObjectRef::new(id, 0)) else {
            continue;
        };
        if let Some(decoded) = form_content(&object, handler.as_ref(), id) {
            scan_decoded(&decoded, max, None)?;
        }
    }
    Ok(content_bytes)
}

/// The decoded content of a form XObject (pdf_oxide runs an XObject as a form when its
/// /Subtype is /Form), decrypted as pdf_oxide's `decode_stream_with_encryption` does.
fn form_content(object: &Object, handler: Option<&EncryptionHandler>, id: u32) -> Option<Vec<u8>> {
    let dict = object.as_dict()?;
    if dict.get("Subtype").and_then(Object::as_name) != Some("Form") {
        return None;
    }
    let plain = matches!(
        dict.get("Type").and_then(Object::as_name),
        Some("ObjStm" | "XRef")
    );
    match handler {
        Some(handler) if !plain => {
            let decrypt = |data: &[u8]| handler.decrypt_stream(data, id, 0);
            object
                .decode_stream_data_with_decryption(Some(&decrypt), id, 0)
                .ok()
        }
        _ => object.decode_stream_data().ok(),
    }
}

/// The decryption pdf_oxide set up when opening the document (the /Encrypt dictionary with
/// its references resolved, the first /ID, the empty password), or `None` if it set up none.
/// pdf_oxide loaded these objects then, so loading them again finds them cached; one that it
/// failed to load is loaded again now, after decryption is set up (see the residual cases in
/// [`super`]).
fn encryption(document: &PdfDocument) -> Option<EncryptionHandler> {
    let trailer = document.trailer().as_dict()?;
    let entry = trailer.get("Encrypt")?;
    let encrypt = match entry {
        Object::Dictionary(_) => entry.clone(),
        Object::Reference(reference) => document.load_object(*reference).ok()?,
        _ => return None,
    };
    let encrypt = match encrypt.as_dict() {
        Some(dict) => {
            let mut dict = dict.clone();
            for value in dict.values_mut() {
                if let Object::Reference(reference) = value
                    && let Ok(resolved) = document.load_object(*reference)
                {
                    *value = resolved;
                }
            }
            Object::Dictionary(dict)
        }
        None => encrypt,
    };
    let file_id = match trailer.get("ID") {
        Some(Object::Array(ids)) => ids
            .first()
            .and_then(Object::as_string)
            .map(<[u8]>::to_vec)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut handler = EncryptionHandler::new(&encrypt, file_id).ok()?;
    handler.authenticate(b"").ok()?;
    Some(handler)
}
