//! Tests of the whole PDF reader on the synthetic fixtures and on broken input.

use nianbao_model::{Document, SourceFormat, Table};

use super::*;

fn kind(result: Result<Document, ReadError>) -> Option<ReadErrorKind> {
    result.err().map(|e| e.kind().clone())
}

/// A panic inside the guarded work becomes a `Damaged` error carrying its message.
#[test]
#[allow(clippy::panic)]
fn contains_panics() {
    let result: Result<(), ReadError> = contained(|| panic!("boom in pdf_oxide"));
    let detail = match result.map_err(|e| e.kind().clone()) {
        Err(ReadErrorKind::Damaged { format, detail }) => (format, detail),
        other => ("", format!("{other:?}")),
    };
    assert_eq!(detail.0, "PDF");
    assert!(detail.1.contains("boom in pdf_oxide"), "{}", detail.1);
    let error: Result<(), ReadError> = contained(|| Err("bad xref".to_owned()));
    assert!(matches!(
        error.map_err(|e| e.kind().clone()),
        Err(ReadErrorKind::Damaged { .. })
    ));
}

/// Garbage after the PDF signature and a truncated real file are damaged, not panics.
#[test]
fn broken_files_are_damaged() {
    for bytes in [
        &b"%PDF-1.4\n%garbage"[..],
        SYNTHETIC.get(..400).unwrap_or_default(),
    ] {
        assert!(
            matches!(kind(read(bytes)), Some(ReadErrorKind::Damaged { .. })),
            "{:?}",
            kind(read(bytes))
        );
    }
}

const SYNTHETIC: &[u8] = include_bytes!("../../../../tests/fixtures/pdf/tables-2021.pdf");
const NO_TEXT: &[u8] = include_bytes!("../../../../tests/fixtures/pdf/no-text-layer.pdf");

fn rows(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// A page with only drawings and an image is a scan: no text layer.
#[test]
fn scan_has_no_text_layer() {
    assert_eq!(kind(read(NO_TEXT)), Some(ReadErrorKind::NoTextLayer));
}

/// The synthetic report: headings as paragraphs; table 二 with block titles and spanning
/// value cells once per row; table 三 with its stacked header, merged
/// labels as empty cells below their first row, the blank cell kept, continued on the next
/// page with the label cut by the page break joined; table 四 with its stacked header.
#[test]
fn reads_synthetic_tables() {
    let document =
        read(SYNTHETIC).unwrap_or_else(|e| Document::new(SourceFormat::Pdf, e.to_string()));
    let tables: Vec<Vec<Vec<&str>>> = document.tables().map(rows).collect();
    assert_eq!(tables.len(), 3, "{}", document.text);
    let two = tables.first().cloned().unwrap_or_default();
    assert_eq!(
        two.iter().map(Vec::len).collect::<Vec<_>>(),
        [1, 4, 4, 4, 1, 2, 2, 1, 2, 2, 2, 1, 2, 2]
    );
    let three = tables.get(1).cloned().unwrap_or_default();
    assert_eq!(three.first().map(Vec::len), Some(2));
    assert_eq!(
        three.get(1),
        Some(&vec!["", "自然人", "法人或其他组织", "总计"])
    );
    assert_eq!(
        three.get(2),
        Some(&vec![
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ])
    );
    let row = |label: &str| three.iter().find(|r| r.contains(&label)).cloned();
    assert_eq!(
        row("（一）予以公开"),
        Some(vec![
            "三、本年度办理结果",
            "（一）予以公开",
            "5",
            "1",
            "0",
            "0",
            "0",
            "0",
            "6"
        ])
    );
    assert_eq!(
        row("2.其他法律行政法规禁止公开"),
        Some(vec![
            "",
            "",
            "2.其他法律行政法规禁止公开",
            "1",
            "0",
            "",
            "0",
            "0",
            "0",
            "1"
        ])
    );
    assert_eq!(
        row("1.本机关不掌握相关政府信息"),
        Some(vec![
            "",
            "（四）无法提供",
            "1.本机关不掌握相关政府信息",
            "2",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2"
        ])
    );
    assert_eq!(row("法提供"), None);
    assert_eq!(three.len(), 28);
    let four = tables.get(2).cloned().unwrap_or_default();
    assert_eq!(
        four.iter().map(Vec::len).collect::<Vec<_>>(),
        [2, 7, 15, 15]
    );
    for table in document.tables() {
        for cell in table.rows.iter().flat_map(|r| &r.cells) {
            assert!(cell.location.page.is_some() && cell.location.bbox.is_some());
            assert_eq!(
                document.text.get(cell.span.start..cell.span.end),
                Some(cell.text.as_str())
            );
        }
    }
    let paragraphs: Vec<&str> = document.paragraphs().map(|p| p.text.as_str()).collect();
    assert!(
        paragraphs.contains(&"四、政府信息公开行政复议、行政诉讼情况"),
        "{paragraphs:?}"
    );
    assert!(paragraphs.iter().all(|p| !p.contains("-1-")));
}
