//! Tests of the nesting guard: generated hostile PDFs are refused with `limit::depth` (without
//! the guard each of them aborts the test process with a stack overflow), normal ones pass.
#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::Write;

use nianbao_model::Code;

use super::walks::{Alarm, Junction, Starts, scan, scan_all};
use super::*;
/// The PDF reader under the depth limit `depth` (other limits their defaults).
fn read(bytes: &[u8], depth: usize) -> Result<nianbao_model::Document, crate::ReadError> {
    let limits = crate::Limits {
        depth,
        ..crate::Limits::default()
    };
    crate::pdf::read(bytes, &limits)
}

const DEPTH: usize = 256;
const DEEP: usize = 20_000;

/// A PDF of `objects` (numbered from 1; object 1 the catalog), with a correct xref table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", index + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// A stream object with `data` as is.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// `data` compressed for FlateDecode (zlib; one fixed-Huffman block, runs of a repeated byte
/// as matches of 258 at distance 1), so that the file does not show the nesting itself.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(0b011, 3); // final block, fixed Huffman codes
    let mut at = 0;
    while at < data.len() {
        let repeats = at > 0
            && data[at..].len() >= 258
            && data[at..at + 258].iter().all(|&b| b == data[at - 1]);
        if repeats {
            bits.code(0b1100_0101, 8); // length 258 (code 285)
            bits.code(0, 5); // distance 1
            at += 258;
        } else {
            let byte = u32::from(data[at]);
            if byte < 144 {
                bits.code(0x30 + byte, 8);
            } else {
                bits.code(0x190 + byte - 144, 9);
            }
            at += 1;
        }
    }
    bits.code(0, 7); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend_from_slice(&bits.bytes);
    if bits.used > 0 {
        out.push(bits.current);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A deflate bit stream: values least significant bit first, Huffman codes most significant
/// bit first.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    current: u8,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.current |= u8::try_from((value >> i) & 1).unwrap() << self.used;
            self.used += 1;
            if self.used == 8 {
                self.bytes.push(self.current);
                self.current = 0;
                self.used = 0;
            }
        }
    }

    fn code(&mut self, code: u32, length: u32) {
        let reversed = (0..length).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
        self.put(reversed, length);
    }
}

/// A one-page document whose page content is `content` (already encoded per `filter`).
fn page_with_content(filter: &str, content: &[u8]) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream(filter, content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut out = b"[".repeat(depth);
    out.extend_from_slice(&b"]".repeat(depth));
    out
}

fn nested_dicts(depth: usize) -> Vec<u8> {
    let mut out = b"<< /A ".repeat(depth);
    out.extend_from_slice(b"1");
    out.extend_from_slice(&b" >>".repeat(depth));
    out
}

fn code(bytes: &[u8]) -> Option<Code> {
    read(bytes, DEPTH).err().map(|e| e.kind().code())
}

/// The brief's reproducer: 20 000 `[` as the only object.
#[test]
fn deep_raw_array_is_refused() {
    let mut bytes = b"%PDF-1.4\n1 0 obj\n".to_vec();
    bytes.extend_from_slice(&nested_arrays(DEEP));
    bytes.extend_from_slice(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let error = read(&bytes, DEPTH).expect_err("refused");
    assert_eq!(error.kind().code(), Code::LimitDepth);
    // At the bracket that passes the limit.
    assert_eq!(error.offset(), 17 + DEPTH);
}

#[test]
fn deep_raw_dictionary_is_refused() {
    let mut catalog = b"<< /Type /Catalog /Pages 2 0 R /Deep ".to_vec();
    catalog.extend_from_slice(&nested_dicts(DEEP));
    catalog.extend_from_slice(b" >>");
    let bytes = pdf(&[catalog, b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec()]);
    assert_eq!(code(&bytes), Some(Code::LimitDepth));
}

#[test]
fn deep_content_stream_is_refused() {
    for nested in [nested_arrays(DEEP), nested_dicts(DEEP)] {
        let mut content = b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET\n".to_vec();
        content.extend_from_slice(&nested);
        content.extend_from_slice(b" pop\n");
        let bytes = page_with_content("/Filter /FlateDecode", &deflate(&content));
        assert_eq!(code(&bytes), Some(Code::LimitDepth));
    }
}

/// An object stream holding the catalog (pdf_oxide parses it while opening the document).
#[test]
fn deep_object_stream_is_refused() {
    for nested in [nested_arrays(DEEP), nested_dicts(DEEP)] {
        let mut objects = b"<< /Type /Pages /Kids [] /Count 0 /Deep ".to_vec();
        objects.extend_from_slice(&nested);
        objects.extend_from_slice(b" >>");
        let header = b"2 0 ".to_vec();
        let mut data = header.clone();
        data.extend_from_slice(&objects);
        let objstm = stream(
            &format!(
                "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
                header.len()
            ),
            &deflate(&data),
        );
        // Object 2 lives in object stream 3: a cross-reference stream says so.
        let bytes = pdf_with_object_stream(objstm);
        let error = read(&bytes, DEPTH).expect_err("refused");
        assert_eq!(error.kind().code(), Code::LimitDepth);
        // Found in the decoded object stream: reported at its dictionary.
        assert!(
            bytes[error.offset()..].starts_with(b"<< /Type /ObjStm"),
            "{error}"
        );
    }
}

/// Catalog 1, pages 2 (compressed in object stream 3), an xref stream 4.
fn pdf_with_object_stream(objstm: Vec<u8>) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let catalog_at = out.len();
    out.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    let objstm_at = out.len();
    out.extend_from_slice(b"3 0 obj\n");
    out.extend_from_slice(&objstm);
    out.extend_from_slice(b"\nendobj\n");
    let xref_at = out.len();
    let mut entries = Vec::new();
    let mut entry = |kind: u8, field2: usize, field3: u8| {
        entries.push(kind);
        entries.extend_from_slice(&u32::try_from(field2).unwrap().to_be_bytes());
        entries.push(field3);
    };
    entry(0, 0, 255);
    entry(1, catalog_at, 0);
    entry(2, 3, 0);
    entry(1, objstm_at, 0);
    entry(1, xref_at, 0);
    out.extend_from_slice(b"4 0 obj\n");
    out.extend_from_slice(&stream(
        "/Type /XRef /Size 5 /W [1 4 1] /Root 1 0 R",
        &entries,
    ));
    write!(out, "\nendobj\nstartxref\n{xref_at}\n%%EOF\n").unwrap();
    out
}

/// A form XObject drawn by the page, its content nested 20 000 deep.
#[test]
fn deep_form_xobject_is_refused() {
    let mut form = b"BT /F1 12 Tf 72 700 Td (Form) Tj ET\n".to_vec();
    form.extend_from_slice(&nested_arrays(DEEP));
    form.extend_from_slice(b" pop\n");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>"
            .to_vec(),
        stream("", b"BT /F1 12 Tf 72 720 Td (Page) Tj ET /X1 Do"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> \
             /Filter /FlateDecode",
            &deflate(&form),
        ),
    ]);
    let error = read(&bytes, DEPTH).expect_err("refused");
    assert_eq!(error.kind().code(), Code::LimitDepth);
    // Found in the decoded stream, so not at a byte of the file.
    assert_eq!(error.offset(), 0);
}

/// A limit above what pdf_oxide's stack can take is not obeyed.
#[test]
fn limit_is_capped_for_the_stack() {
    let mut content = b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET\n".to_vec();
    content.extend_from_slice(&nested_arrays(DEEP));
    content.extend_from_slice(b" pop\n");
    let bytes = page_with_content("/Filter /FlateDecode", &deflate(&content));
    let error = read(&bytes, usize::MAX).expect_err("refused");
    assert_eq!(error.kind().code(), Code::ReadDamaged, "{error}");
    assert!(error.to_string().contains("512"), "{error}");
}

/// `parse_trailer` finds `trailer` in a lossy UTF-8 copy and uses the index in the copy: each
/// invalid byte before it moves its start 2 bytes on, here into stream data.
#[test]
fn shifted_trailer_start_is_followed() {
    let mut bytes = b"%PDF-1.4\nxref\n".to_vec();
    bytes.extend_from_slice(&[0xFF; 11]);
    bytes.extend_from_slice(b"\ntrailer<</Length 30>>stream\n");
    let data_start = bytes.len();
    bytes.extend_from_slice(b"[[[[[[[[[[\nendstream\n");
    let xref = bytes.windows(4).position(|w| w == b"xref").unwrap();
    bytes.extend_from_slice(format!("startxref\n{xref}\n%%EOF\n").as_bytes());
    let trailer = bytes.windows(7).position(|w| w == b"trailer").unwrap();
    let (starts, junctions) = raw::model(&bytes);
    assert!(starts.closed.iter().any(|r| r.start == data_start));
    let shifted = trailer + 7 + 22;
    assert_eq!(shifted, data_start + 1);
    assert!(
        starts.open.contains(&shifted),
        "{shifted} {:?}",
        starts.open
    );
    assert!(matches!(
        scan(&bytes, 5, &starts, &junctions),
        Err(Alarm::TooDeep(_))
    ));
}

/// A page tree 5 000 levels deep (by reference: every object is small and flat; enough to
/// overflow a test thread, and quicker to open than 20 000).
#[test]
fn deep_page_tree_is_refused() {
    let mut objects = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
    for level in 0..5_000 {
        objects.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", level + 3).into_bytes());
    }
    let page = objects.len() + 1;
    objects.push(
        format!(
            "<< /Type /Page /MediaBox [0 0 595 842] /Contents {} 0 R \
             /Resources << /Font << /F1 {} 0 R >> >> >>",
            page + 1,
            page + 2
        )
        .into_bytes(),
    );
    objects.push(stream("", b"BT /F1 12 Tf 72 720 Td (Leaf) Tj ET"));
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    assert_eq!(code(&pdf(&objects)), Some(Code::LimitDepth));
}

/// The normal case: a real page nested 10 deep in its content and its objects reads.
#[test]
fn shallow_nesting_reads() {
    let mut content = b"BT /F1 12 Tf 72 720 Td (Nested ten deep) Tj ET\n".to_vec();
    content.extend_from_slice(&nested_arrays(10));
    content.extend_from_slice(b" pop\n");
    let bytes = page_with_content("/Filter /FlateDecode", &deflate(&content));
    let document = read(&bytes, DEPTH).expect("reads");
    assert!(
        document.text.contains("Nested ten deep"),
        "{}",
        document.text
    );
    assert_eq!(scan_all(&nested_arrays(10), 10), Ok(()));
    assert_eq!(scan_all(&nested_arrays(11), 10), Err(Alarm::TooDeep(10)));
}

/// Parses pdf_oxide may begin in a comment, a string or stream data are followed too.
#[test]
fn hidden_nesting_is_found() {
    for (before, after) in [
        ("% 1 0 obj ", "\n"),
        ("(1 0 obj ", ")"),
        ("<</Length 20>>stream\n1 0 obj ", "\nendstream"),
    ] {
        let mut bytes = before.as_bytes().to_vec();
        bytes.extend_from_slice(&b"[".repeat(10));
        bytes.extend_from_slice(after.as_bytes());
        let (starts, junctions) = raw::model(&bytes);
        assert!(
            matches!(scan(&bytes, 6, &starts, &junctions), Err(Alarm::TooDeep(_))),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
        // A scan from the first byte alone would not see it.
        let from_start = Starts {
            closed: std::iter::once(1..bytes.len()).collect(),
            open: Vec::new(),
        };
        assert_eq!(scan(&bytes, 6, &from_start, &[]), Ok(()));
    }
}

/// Stream data is binary: parses begin there only where pdf_oxide can begin one.
#[test]
fn stream_data_is_not_syntax() {
    let mut bytes = b"1 0 obj\n<< /Length 300 >>\nstream\n".to_vec();
    bytes.extend_from_slice(&b"[\0\0".repeat(100));
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    let (starts, junctions) = raw::model(&bytes);
    assert_eq!(scan(&bytes, 10, &starts, &junctions), Ok(()));
    assert!(scan(&bytes, 10, &Starts::default(), &[]).is_err());
}

/// A header over several lines joins the rest of its first line to the lines after it: two
/// arrays 3 deep, parts of one 6 deep.
#[test]
fn junctions_join_lines() {
    let bytes = b"1 0 xobj [[[\n0\nobj\n[[[ 1 ]]] ]]]\n";
    let (starts, junctions) = raw::model(bytes);
    assert_eq!(junctions, [Junction { from: 13, to: 19 }]);
    assert_eq!(scan(bytes, 5, &starts, &junctions), Err(Alarm::TooDeep(21)));
    assert_eq!(scan(bytes, 5, &starts, &[]), Ok(()));
}

/// A stream inside an array cannot be vouched for.
#[test]
fn nested_stream_is_refused() {
    let bytes = b"[ << /Length 3 >> stream\nabc\nendstream ]";
    assert!(matches!(
        scan_all(bytes, DEPTH),
        Err(Alarm::NestedStream(_))
    ));
    assert_eq!(
        scan_all(b"<< /Length 3 >> stream\nabc\nendstream", DEPTH),
        Ok(())
    );
}

/// Strings, hex strings, comments and names hide brackets from the walk that reads them.
#[test]
fn tokens_hide_brackets() {
    let bytes = b"[ ([[[) <5b5b> % [[[\n /a#5b ]";
    let only_first = Starts {
        closed: std::iter::once(0..bytes.len()).collect(),
        open: vec![0],
    };
    assert_eq!(scan(bytes, 1, &only_first, &[]), Ok(()));
}

/// The smallest depth limit under which the whole check passes, up to `DEPTH` + 1.
fn deepest(check: impl Fn(usize) -> bool) -> usize {
    (0..=DEPTH).find(|&max| check(max)).unwrap_or(DEPTH + 1)
}

/// On real PDFs (`NIANBAO_PDFS`, separated by `:`): the check passes, how deep they nest for
/// it, how deep stream data would look if parses began anywhere in it, and what it costs.
/// `cargo test --release -p nianbao-read --features pdf real_pdfs -- --ignored --nocapture`
#[test]
#[ignore = "needs NIANBAO_PDFS"]
fn real_pdfs() {
    let paths = std::env::var("NIANBAO_PDFS").unwrap_or_default();
    for path in paths.split(':').filter(|p| !p.is_empty()) {
        let bytes = std::fs::read(path).expect("readable");
        let started = std::time::Instant::now();
        let streams = before_opening(&bytes, DEPTH);
        let raw_time = started.elapsed();
        let document = pdf_oxide::PdfDocument::from_bytes(bytes.clone());
        let opened = std::time::Instant::now();
        let checked = match (&streams, &document) {
            (Ok(streams), Ok(document)) => before_reading(document, streams, DEPTH),
            (Err(refusal), _) => Err(*refusal),
            (_, Err(_)) => Ok(0),
        };
        let doc_time = opened.elapsed();
        let raw_depth = deepest(|max| before_opening(&bytes, max).is_ok());
        let doc_depth = match &document {
            Ok(document) => deepest(|max| {
                before_opening(&bytes, max)
                    .and_then(|streams| before_reading(document, &streams, max))
                    .is_ok()
            }),
            Err(_) => 0,
        };
        let anywhere = deepest(|max| scan_all(&bytes, max).is_ok());
        println!(
            "{path}: {checked:?} raw {raw_time:?} + document {doc_time:?}; \
             depth raw {raw_depth} all {doc_depth}; stream data as syntax {anywhere}"
        );
        assert!(checked.is_ok(), "{path}: {checked:?}");
    }
}
