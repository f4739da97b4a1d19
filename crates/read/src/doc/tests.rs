//! Tests of the .doc reader: merged-cell grids built from office_oxide's model, and the
//! committed fixtures (converted by LibreOffice from the .docx fixtures).

#![expect(clippy::unwrap_used, reason = "tests")]

use nianbao_model::{Document, SourceFormat, Table as ModelTable};
use office_oxide::ir::{
    DocumentIR, Element, InlineContent, Paragraph, Section, Table as IrTable, TableCell, TableRow,
    TextSpan,
};

use super::tree::build;
use super::*;
use crate::docx::tree::Node;

const CLEAN: &[u8] = include_bytes!("../../../../tests/fixtures/doc/clean.doc");
const CLEAN_DOCX: &[u8] = include_bytes!("../../../../tests/fixtures/docx/clean.docx");
const TRUNCATED: &[u8] = include_bytes!("../../../../tests/fixtures/doc/truncated.doc");

fn text_cell(text: &str, col_span: u32, row_span: u32) -> TableCell {
    TableCell {
        content: vec![Element::Paragraph(Paragraph {
            content: vec![InlineContent::Text(TextSpan::plain(text))],
            ..Paragraph::default()
        })],
        col_span,
        row_span,
        ..TableCell::default()
    }
}

/// The rows of the one table `rows` make, as cell texts ("" for a continuation).
fn grid(rows: Vec<Vec<TableCell>>) -> Vec<Vec<String>> {
    let table = IrTable {
        rows: rows
            .into_iter()
            .map(|cells| TableRow {
                cells,
                ..TableRow::default()
            })
            .collect(),
        ..IrTable::default()
    };
    let ir = DocumentIR {
        sections: vec![Section {
            elements: vec![Element::Table(table)],
            ..Section::default()
        }],
        ..DocumentIR::default()
    };
    let Some(Node::Table(table)) = build(&ir).unwrap().into_iter().next() else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|cell| cell.paragraphs().collect::<Vec<_>>().join("/"))
                .collect()
        })
        .collect()
}

fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

/// Vertical-merge continuations come back as empty cells at their column, a cell spanning
/// columns appears once, also for a block merged both ways and a merge in the last column.
#[test]
fn merges_become_the_flattened_grid() {
    let table = grid(vec![
        vec![
            text_cell("head", 2, 2),
            text_cell("a", 1, 1),
            text_cell("z", 1, 3),
        ],
        vec![text_cell("b", 1, 1)],
        vec![
            text_cell("c", 1, 1),
            text_cell("d", 1, 1),
            text_cell("e", 1, 1),
        ],
    ]);
    assert_eq!(
        table,
        rows(&[&["head", "a", "z"], &["", "b", ""], &["c", "d", "e", ""]])
    );
    // The template's 收到和处理 header: a 3-row label, then a 2-column block over 2 rows.
    let table = grid(vec![
        vec![text_cell("label", 1, 3), text_cell("申请人", 2, 1)],
        vec![text_cell("自然人", 1, 2), text_cell("法人", 1, 1)],
        vec![text_cell("企业", 1, 1)],
    ]);
    assert_eq!(
        table,
        rows(&[
            &["label", "申请人"],
            &["", "自然人", "法人"],
            &["", "", "企业"]
        ])
    );
}

/// A row span running past the table and a zero span are harmless.
#[test]
fn odd_spans_are_harmless() {
    let table = grid(vec![
        vec![text_cell("a", 0, 9), text_cell("b", 1, 1)],
        vec![],
        vec![text_cell("c", 1, 1)],
    ]);
    assert_eq!(table, rows(&[&["a", "b"], &[""], &["", "c"]]));
}

fn shape(document: &Document) -> Vec<Vec<Vec<String>>> {
    document
        .tables()
        .map(|t: &ModelTable| {
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect()
        })
        .collect()
}

/// The converted fixture reads to the same tables, cell by cell, as the .docx it came from;
/// locations and spans index the text view.
#[test]
fn fixture_matches_the_docx() {
    let document = read(CLEAN).unwrap();
    assert_eq!(document.format, SourceFormat::Doc);
    let docx = crate::docx::read(CLEAN_DOCX, &crate::Limits::default()).unwrap();
    assert_eq!(shape(&document), shape(&docx));
    for table in document.tables() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let location = cell.location;
                assert_eq!(
                    (location.table, location.row, location.cell),
                    (table.index, r, c)
                );
                let slice = document.text.get(cell.span.start..cell.span.end);
                assert_eq!(slice, Some(cell.text.as_str()));
            }
        }
    }
    for paragraph in document.paragraphs() {
        let slice = document.text.get(paragraph.span.start..paragraph.span.end);
        assert_eq!(slice, Some(paragraph.text.as_str()));
    }
}

/// Truncated containers are damaged files; nothing broken panics or becomes content.
#[test]
fn broken_containers_are_damaged() {
    let damaged = |bytes: &[u8]| {
        matches!(
            read(bytes).map_err(|e| e.kind().clone()),
            Err(ReadErrorKind::Damaged { .. })
        )
    };
    assert!(damaged(TRUNCATED));
    assert!(damaged(CLEAN.get(..CLEAN.len() / 2).unwrap()));
    assert!(damaged(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
    let mut garbled = CLEAN.to_vec();
    for byte in garbled.iter_mut().skip(4096).step_by(7) {
        *byte ^= 0x5A;
    }
    // Garbled streams may still read (or lose the Word stream's name): no panic, no placeholder.
    if let Ok(document) = read(&garbled) {
        assert!(document.paragraphs().all(|p| !p.text.contains("[skipped")));
    }
}
