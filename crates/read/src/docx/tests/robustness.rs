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
    match read(bytes).map_err(|e| e.kind().clone()) {
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
            read(&bytes).is_err(),
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

/// A document part larger than the cap is refused without reading it all.
#[test]
fn decompression_cap() {
    let big = document_xml(&p(&" ".repeat(2_000_000)));
    let bytes = package(&[("word/document.xml", &big)]);
    assert!(bytes.len() < 100_000, "deflate should shrink spaces");
    let limits = Limits {
        document: 1_000_000,
        auxiliary: 1_000_000,
    };
    let error = read_with(&bytes, limits).map(|d| d.text.len());
    assert!(matches!(
        error.as_ref().map_err(ReadError::kind),
        Err(ReadErrorKind::Damaged { detail, .. }) if detail.contains("上限")
    ));
    assert!(read(&bytes).is_ok());
}
