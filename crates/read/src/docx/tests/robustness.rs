//! Robustness of the .docx reader: damaged packages, truncated XML, the decompression cap, and
//! the template shapes of the committed fixture.

use nianbao_model::Table;

use super::*;

const TRUNCATED: &[u8] = include_bytes!("../../../../../tests/fixtures/docx/truncated-xml.docx");

/// The clean fixture has the Word template's cell counts per row (spec §7).
#[test]
fn fixture_has_template_shapes() {
    let document = read_ok(CLEAN);
    let counts: Vec<Vec<usize>> = document
        .tables()
        .map(|t: &Table| t.rows.iter().map(|r| r.cells.len()).collect())
        .collect();
    let mut requests = vec![2, 4, 8, 8, 8, 9, 9];
    requests.extend([10; 19]);
    requests.extend([9, 8]);
    assert_eq!(
        counts,
        [
            vec![1, 4, 4, 4, 1, 2, 2, 1, 2, 2, 2, 1, 2, 2],
            requests,
            vec![2, 7, 15, 15]
        ]
    );
    let headings = paragraphs(&document);
    assert!(headings.contains(&"一、总体情况"));
    assert!(headings.contains(&"（二）依申请公开"));
    assert!(headings.contains(&"三、收到和处理政府信息公开申请情况"));
}

fn damaged_detail(bytes: &[u8]) -> String {
    match read(bytes, &Limits::default()).map_err(|e| e.kind().clone()) {
        Err(ReadErrorKind::Damaged { detail, .. }) => detail,
        other => format!("not damaged: {other:?}"),
    }
}

/// Broken zips, truncated or malformed XML and a missing body are Damaged errors, not panics.
#[test]
fn damaged_files() {
    assert!(damaged_detail(b"PK\x03\x04garbage").contains("zip"));
    let cut = CLEAN.get(..CLEAN.len() / 2).unwrap_or_default();
    assert!(!damaged_detail(cut).starts_with("not damaged"));
    assert!(damaged_detail(TRUNCATED).contains("意外结束"));
    let xml = document_xml(&p("正文"));
    for end in (0..xml.len())
        .step_by(7)
        .filter(|&e| xml.is_char_boundary(e))
    {
        let bytes = package(&[("word/document.xml", xml.get(..end).unwrap_or_default())]);
        assert!(
            read(&bytes, &Limits::default()).is_err(),
            "prefix of {end} bytes read as complete"
        );
    }
    let in_deletion = document_xml(r#"<w:p><w:del w:id="1"><w:r><w:delText>17"#);
    let cut = in_deletion
        .get(..in_deletion.find("17").unwrap_or(0) + 2)
        .unwrap_or_default();
    assert!(damaged_detail(&package(&[("word/document.xml", cut)])).contains("意外结束"));
    let mismatched = package(&[("word/document.xml", "<w:document><w:body></w:p></w:body>")]);
    assert!(damaged_detail(&mismatched).contains("XML 结构有误"));
    let missing = package(&[("word/styles.xml", STYLES)]);
    assert!(damaged_detail(&missing).contains("word/document.xml"));
    let broken_numbering = package(&[
        ("word/document.xml", &document_xml(&numbered("总体情况", 0))),
        ("word/numbering.xml", "<w:numbering><w:abstractNum>"),
    ]);
    assert_eq!(paragraphs(&read_ok(&broken_numbering)), ["总体情况"]);
}

/// A document part larger than the cap is refused without reading it all, and so is a
/// package with more entries than the cap.
#[test]
fn decompression_cap() {
    let big = document_xml(&p(&" ".repeat(2_000_000)));
    let bytes = package(&[("word/document.xml", &big)]);
    assert!(bytes.len() < 100_000, "deflate should shrink spaces");
    let limits = Limits {
        unzipped_size: 1_000_000,
        ..Limits::default()
    };
    let code = |bytes: &[u8], limits: &Limits| match read(bytes, limits) {
        Err(e) => match e.kind() {
            ReadErrorKind::LimitExceeded(exceeded) => Some(exceeded.limit),
            _ => None,
        },
        Ok(_) => None,
    };
    assert_eq!(code(&bytes, &limits), Some(crate::Limit::UnzippedSize));
    assert!(read(&bytes, &Limits::default()).is_ok());
    // The same part with its declared sizes zeroed, as a bomb would declare them: the zip
    // reader stops at the declared size, never a large allocation. What it really inflates to
    // is then counted (not kept): past the cap it is the bomb it is, within it damage.
    let lying = lie_about_sizes(&bytes);
    assert_eq!(code(&lying, &limits), Some(crate::Limit::UnzippedSize));
    let error = read(&lying, &Limits::default()).map(|d| d.text.len());
    assert!(error.is_err_and(|e| e.to_string().contains("declared uncompressed size")));
    let entries: Vec<(String, String)> =
        (0..20).map(|i| (format!("x/{i}"), String::new())).collect();
    let mut parts: Vec<(&str, &str)> = entries
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    parts.push(("word/document.xml", &big));
    let many = package(&parts);
    let few = Limits {
        zip_entries: 10,
        ..Limits::default()
    };
    assert_eq!(code(&many, &few), Some(crate::Limit::ZipEntries));
}

/// Elements nested deeper than the limit, in the body or in an auxiliary part, stop the file.
#[test]
fn depth_limit() {
    let deep = |n: usize| {
        format!(
            "{}{}",
            "<w:sdt><w:sdtContent>".repeat(n),
            "</w:sdtContent></w:sdt>".repeat(n)
        )
    };
    let limits = Limits {
        depth: 40,
        ..Limits::default()
    };
    let body = package(&[("word/document.xml", &document_xml(&deep(30)))]);
    assert!(read(&body, &limits).is_err_and(|e| e.to_string().contains("嵌套超过 40 层")));
    let shallow = package(&[("word/document.xml", &document_xml(&deep(5)))]);
    assert!(read(&shallow, &limits).is_ok());
    let numbering = format!("<w:numbering>{}</w:numbering>", deep(30));
    let aux = package(&[
        ("word/document.xml", &document_xml(&p("x"))),
        ("word/numbering.xml", &numbering),
    ]);
    assert!(read(&aux, &limits).is_err_and(|e| e.to_string().contains("嵌套超过 40 层")));
}

/// The package with every declared uncompressed size set to zero (local headers and central
/// directory), as a zip bomb would declare them.
fn lie_about_sizes(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let headers = [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)];
    for (signature, field) in headers {
        let starts: Vec<usize> = out
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == signature)
            .map(|(at, _)| at)
            .collect();
        for at in starts {
            for byte in out.iter_mut().skip(at + field).take(4) {
                *byte = 0;
            }
        }
    }
    out
}
