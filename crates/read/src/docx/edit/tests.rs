//! The cell edited is the cell read: every cell of the committed .docx fixtures (merged
//! cells, nested tables and frames, tracked changes) edited in turn changes that cell of the
//! document read back and no other; the package keeps every other entry byte for byte.

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::string_slice,
    reason = "tests"
)]

use std::io::{Cursor, Read, Write};

use nianbao_model::{CellLocation, Document};
use zip::ZipArchive;

use super::*;

const FIXTURES: &[(&str, &[u8])] = &[
    (
        "clean",
        include_bytes!("../../../../../tests/fixtures/docx/clean.docx"),
    ),
    (
        "seeded-error",
        include_bytes!("../../../../../tests/fixtures/docx/seeded-error.docx"),
    ),
    (
        "nested",
        include_bytes!("../../../../../tests/fixtures/docx/nested.docx"),
    ),
    (
        "tracked-changes",
        include_bytes!("../../../../../tests/fixtures/docx/tracked-changes.docx"),
    ),
];

fn read(bytes: &[u8]) -> Document {
    super::super::read(bytes, &Limits::default()).unwrap()
}

/// Every cell's text by location.
fn cells(document: &Document) -> Vec<(CellLocation, String)> {
    document
        .tables()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .map(|c| (c.location, c.text.clone()))
        .collect()
}

/// The entries of a package: name, compression method, content.
fn entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (
                file.name().unwrap().into_owned(),
                file.compression(),
                content,
            )
        })
        .collect()
}

/// Each non-empty one-line cell of each fixture, edited, reads back changed there only.
#[test]
fn the_cell_edited_is_the_cell_read() {
    let mut edited = 0;
    // clean.docx has the structure of seeded-error.docx.
    for (name, bytes) in FIXTURES.iter().skip(1) {
        let before = cells(&read(bytes));
        for (location, text) in &before {
            if text.is_empty() || text.contains('\n') {
                continue;
            }
            let new = format!("{text}9");
            let fixed = replace_cell(bytes, location, text, &new, &Limits::default())
                .unwrap_or_else(|e| panic!("{name} {location:?} {text}: {e}"));
            let after = cells(&read(&fixed));
            assert_eq!(after.len(), before.len(), "{name}");
            for ((l, old), (_, now)) in before.iter().zip(&after) {
                let want = if l == location { &new } else { old };
                assert_eq!(now, want, "{name}: editing {location:?} changed {l:?}");
            }
            edited += 1;
        }
    }
    assert!(edited > 300, "{edited}");
}

/// Only the cell's characters change in the part; every other entry is the same, with the
/// same compression.
#[test]
fn only_the_cell_text_changes() {
    let (_, bytes) = FIXTURES[1];
    let document = read(bytes);
    let (location, _) = cells(&document)
        .into_iter()
        .find(|(_, t)| t == "17")
        .unwrap();
    let fixed = replace_cell(bytes, &location, "17", "16", &Limits::default()).unwrap();
    let (old, new) = (entries(bytes), entries(&fixed));
    assert_eq!(old.len(), new.len());
    for (a, b) in old.iter().zip(&new) {
        assert_eq!((&a.0, a.1), (&b.0, b.1));
        if a.0 != PART {
            assert_eq!(a.2, b.2, "{}", a.0);
            continue;
        }
        let (a, b) = (
            String::from_utf8(a.2.clone()).unwrap(),
            String::from_utf8(b.2.clone()).unwrap(),
        );
        let prefix = common(a.chars(), b.chars());
        let suffix = common(a.chars().rev(), b.chars().rev());
        assert_eq!(a.len() - prefix - suffix, 1, "one character differs");
        assert_eq!((&a[prefix..=prefix], &b[prefix..=prefix]), ("7", "6"));
        assert!(a[..prefix].ends_with(">1"), "{}", &a[prefix - 20..prefix]);
    }
    let mut raw = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut copied = ZipArchive::new(Cursor::new(fixed.as_slice())).unwrap();
    for i in 0..raw.len() {
        let mut a = raw.by_index_raw(i).unwrap();
        let mut b = copied.by_index_raw(i).unwrap();
        if a.name_raw() != PART.as_bytes() {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            a.read_to_end(&mut x).unwrap();
            b.read_to_end(&mut y).unwrap();
            assert_eq!(x, y, "compressed bytes copied as they are");
        }
    }
}

/// A wrong old text, a location without a cell and an empty cell are refused.
#[test]
fn refuses_what_it_cannot_do_safely() {
    let (_, bytes) = FIXTURES[1];
    let document = read(bytes);
    let all = cells(&document);
    let (location, text) = all.iter().find(|(_, t)| t == "17").unwrap();
    let wrong = replace_cell(bytes, location, "18", "16", &Limits::default()).unwrap_err();
    assert_eq!(
        wrong.to_string(),
        format!(
            "第 {} 个表格第 {} 行第 {} 格写的是“{text}”，不是“18”；文件可能已被改动，没有改写",
            location.table + 1,
            location.row + 1,
            location.cell + 1
        )
    );
    let nowhere = CellLocation {
        table: 9,
        ..CellLocation::default()
    };
    let none = replace_cell(bytes, &nowhere, "1", "2", &Limits::default());
    assert!(matches!(none, Err(EditError::NoCell(_))), "{none:?}");
    let (empty, _) = all.iter().find(|(_, t)| t.is_empty()).unwrap();
    let blank = replace_cell(bytes, empty, "", "1", &Limits::default());
    assert!(matches!(blank, Err(EditError::Unsupported(_))), "{blank:?}");
    let broken = replace_cell(b"PK\x03\x04", location, "17", "16", &Limits::default());
    assert!(matches!(broken, Err(EditError::Read(_))), "{broken:?}");
}

/// A number split over runs is changed where its characters are; entities stay escaped.
#[test]
fn numbers_split_over_runs() {
    let xml = |runs: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:tc><w:tc><w:p>{runs}</w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        )
    };
    let package = |xml: &str| {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        writer.start_file(PART, options).unwrap();
        writer.write_all(xml.as_bytes()).unwrap();
        writer.finish().unwrap().into_inner()
    };
    let split = package(&xml(
        "<w:r><w:t>1</w:t></w:r><w:r><w:t xml:space=\"preserve\">7 </w:t></w:r>",
    ));
    let at = CellLocation {
        cell: 1,
        ..CellLocation::default()
    };
    let part = |bytes: &[u8]| entries(bytes).into_iter().find(|e| e.0 == PART).unwrap().2;
    for (new, runs) in [
        (
            "16",
            "<w:t>1</w:t></w:r><w:r><w:t xml:space=\"preserve\">6 </w:t>",
        ),
        (
            "20",
            "<w:t>20</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t>",
        ),
        (
            "117",
            "<w:t>11</w:t></w:r><w:r><w:t xml:space=\"preserve\">7 </w:t>",
        ),
        (
            "1",
            "<w:t>1</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t>",
        ),
    ] {
        let fixed = replace_cell(&split, &at, "17", new, &Limits::default()).unwrap();
        let text = String::from_utf8(part(&fixed)).unwrap();
        assert!(text.contains(runs), "{new}: {text}");
        assert!(text.contains("A&amp;B"));
    }
    let first = CellLocation::default();
    let fixed = replace_cell(&split, &first, "A&B", "A&C", &Limits::default()).unwrap();
    assert!(
        String::from_utf8(part(&fixed))
            .unwrap()
            .contains("<w:t>A&amp;C</w:t>")
    );
}
