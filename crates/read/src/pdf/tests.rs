//! Tests of the whole PDF reader on the synthetic fixtures and on broken input.

use nianbao_model::{Code, Document, SourceFormat, Table};

use super::*;

/// [`super::read`] under the default depth limit.
fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    super::read(bytes, &crate::Limits::default())
}

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

const BORDERLESS: &[u8] =
    include_bytes!("../../../../tests/fixtures/pdf/tables-2021-borderless.pdf");
const AMBIGUOUS: &[u8] =
    include_bytes!("../../../../tests/fixtures/pdf/tables-borderless-ambiguous.pdf");
const REAL: [(&str, &[u8]); 3] = [
    (
        "009",
        include_bytes!("../../../../tests/fixtures/corpus/009-huaian-shi-2024.pdf"),
    ),
    (
        "010",
        include_bytes!("../../../../tests/fixtures/corpus/010-hongze-qu-2023.pdf"),
    ),
    (
        "011",
        include_bytes!("../../../../tests/fixtures/corpus/011-hongze-qu-2024.pdf"),
    ),
];

fn read_ok(bytes: &[u8]) -> Document {
    read(bytes).unwrap_or_else(|e| Document::new(SourceFormat::Pdf, e.to_string()))
}

/// The document a PDF gives when its ruling lines are ignored.
fn without_lines(bytes: &[u8]) -> Document {
    let mut pages = match extract::pages(bytes, &crate::Limits::default()) {
        Ok(extract::Pages::Read(pages)) => pages,
        _ => Vec::new(),
    };
    for page in &mut pages {
        page.rules.clear();
    }
    render::document(&layout::blocks(pages))
}

/// Every table row with a number, as its last label and its value cells from the first number
/// on (blank cells included): what a row says, whatever the shape of its label cells.
fn numbered_rows(document: &Document) -> Vec<(String, Vec<String>)> {
    document
        .tables()
        .flat_map(|t| &t.rows)
        .filter_map(|row| {
            let first = row
                .cells
                .iter()
                .position(|c| borderless::kind(&c.text) == borderless::Kind::Number)?;
            let label = row
                .cells
                .get(..first)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|c| !c.text.is_empty())
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let values = row
                .cells
                .get(first..)
                .unwrap_or_default()
                .iter()
                .map(|c| c.text.clone())
                .collect();
            Some((label, values))
        })
        .collect()
}

/// The report without ruling lines reads as the ruled one: every row of numbers with its label
/// and every value in its column (the blank cell of （三）2. included), every cell with its
/// page and box, no warning.
#[test]
fn reads_tables_without_lines() {
    let document = read_ok(BORDERLESS);
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
    assert_eq!(document.tables().count(), 3, "{}", document.text);
    let ruled = numbered_rows(&read_ok(SYNTHETIC));
    assert_eq!(numbered_rows(&document), ruled);
    assert_eq!(ruled.len(), 6 + 25 + 1);
    for table in document.tables() {
        for cell in table.rows.iter().flat_map(|r| &r.cells) {
            let bbox = cell.location.bbox.unwrap_or_default();
            assert!(cell.location.page.is_some() && bbox.x0 <= bbox.x1 && bbox.y0 <= bbox.y1);
            assert_eq!(
                document.text.get(cell.span.start..cell.span.end),
                Some(cell.text.as_str())
            );
        }
    }
}

/// Numbers typed one after another instead of in columns: table 三 is not read; its lines stay
/// as text and the warning names its pages and points at its first line.
#[test]
fn refuses_columns_it_cannot_tell() {
    let document = read_ok(AMBIGUOUS);
    assert_eq!(document.tables().count(), 2, "{}", document.text);
    let warning = document.warnings.first().cloned();
    let warning = warning.map(|w| {
        (
            w.code,
            w.message,
            w.page,
            document
                .text
                .get(w.span.start..w.span.end)
                .map(str::to_owned),
        )
    });
    assert_eq!(
        warning,
        Some((
            Code::ReadTableWithoutLines,
            "第 2 至 3 页的表格没有表格线，无法可靠地确定每个数字所在的列".to_owned(),
            Some(2),
            Some("申请人情况".to_owned())
        ))
    );
    assert_eq!(document.warnings.len(), 1);
    let paragraphs: Vec<&str> = document.paragraphs().map(|p| p.text.as_str()).collect();
    assert!(
        paragraphs.contains(&"（七）总计 10 1 0 0 1 1 13"),
        "{paragraphs:?}"
    );
}

/// The real reports with their ruling lines taken away: every row of numbers found says what
/// the ruled reading says. 010 and 011 read whole; 009's table 四, whose header is spread in
/// single characters across its columns, is refused with the warning rather than guessed.
#[test]
fn real_reports_without_their_lines() {
    for (name, bytes) in REAL {
        let ruled = numbered_rows(&read_ok(bytes));
        let document = without_lines(bytes);
        let found = numbered_rows(&document);
        for row in &found {
            assert!(ruled.contains(row), "{name}: {row:?}");
        }
        let pages: Vec<Option<u32>> = document.warnings.iter().map(|w| w.page).collect();
        match name {
            "009" => {
                assert_eq!(found.len() + 1, ruled.len(), "{name}");
                assert_eq!(pages, [Some(5)]);
            }
            _ => {
                assert_eq!(found, ruled, "{name}");
                assert!(pages.is_empty(), "{name}: {pages:?}");
            }
        }
    }
}
