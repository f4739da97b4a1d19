//! Tests of the .docx reader on small packages built in memory and on the committed fixtures.

#![expect(clippy::unwrap_used, reason = "tests")]

use std::io::{Cursor, Write};

use nianbao_model::{Block, Document, SourceFormat};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::*;
use crate::limits::Limits;

const CLEAN: &[u8] = include_bytes!("../../../../../tests/fixtures/docx/clean.docx");

/// A package with the given parts.
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        writer
            .start_file(*name, SimpleFileOptions::default())
            .unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
    )
}

/// A .docx with `body` as the body of its document part.
fn docx(body: &str) -> Vec<u8> {
    package(&[("word/document.xml", &document_xml(body))])
}

fn read_ok(bytes: &[u8]) -> Document {
    read(bytes, &Limits::default()).unwrap()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A cell with cell properties `props` and one paragraph `text`.
fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

fn tbl(rows: &[String]) -> String {
    format!("<w:tbl><w:tblPr/><w:tblGrid/>{}</w:tbl>", rows.concat())
}

fn tables(document: &Document) -> Vec<Vec<Vec<&str>>> {
    document
        .tables()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
                .collect()
        })
        .collect()
}

fn paragraphs(document: &Document) -> Vec<&str> {
    document.paragraphs().map(|p| p.text.as_str()).collect()
}

/// Every cell and paragraph span slices its text out of the view; locations are structural.
fn assert_spans_index(document: &Document) {
    for table in document.tables() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let span = cell.span;
                assert_eq!(document.text.get(span.start..span.end), Some(&*cell.text));
                let location = (cell.location.table, cell.location.row, cell.location.cell);
                assert_eq!(location, (table.index, r, c));
            }
        }
    }
    for paragraph in document.paragraphs() {
        let span = paragraph.span;
        assert_eq!(
            document.text.get(span.start..span.end),
            Some(&*paragraph.text)
        );
    }
}

/// gridSpan cells appear once; vMerge continuations are empty cells; restart carries text.
#[test]
fn merged_cells() {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let body = tbl(&[
        tr(&[
            tc(&format!(r#"<w:gridSpan w:val="2"/>{restart}"#), "角"),
            tc(r#"<w:gridSpan w:val="2"/>"#, "头"),
        ]),
        tr(&[
            tc(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, "残留"),
            tc(restart, "甲"),
            tc("", "乙"),
        ]),
        tr(&[
            tc(r#"<w:gridSpan w:val="2"/><w:vMerge w:val="continue"/>"#, ""),
            tc("<w:vMerge/>", ""),
            tc("", "1"),
        ]),
    ]);
    let document = read_ok(&docx(&body));
    assert_eq!(document.format, SourceFormat::Docx);
    assert_eq!(
        tables(&document),
        [vec![
            vec!["角", "头"],
            vec!["", "甲", "乙"],
            vec!["", "", "1"]
        ]]
    );
    assert_eq!(
        document.text,
        "\t角\n\t头\n\n\t\n\t甲\n\t乙\n\n\t\n\t\n\t1\n\n\n"
    );
    assert_spans_index(&document);
}

/// Final text of tracked changes: insertions and moves in, deletions out, deleted rows gone.
#[test]
fn tracked_changes() {
    let body = format!(
        "{}{}{}",
        r#"<w:p><w:r><w:t>总计</w:t></w:r><w:del w:id="1"><w:r><w:delText>17</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>16</w:t></w:r></w:ins></w:p>"#,
        r#"<w:p><w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>"#,
        tbl(&[
            tr(&[tc("", "a")]),
            r#"<w:tr><w:trPr><w:del w:id="5" w:author="x"/></w:trPr><w:tc><w:p><w:del w:id="6"><w:r><w:delText>删掉的行</w:delText></w:r></w:del></w:p></w:tc></w:tr>"#.to_owned(),
            tr(&[tc("", "b")]),
        ])
    );
    let document = read_ok(&docx(&body));
    assert_eq!(paragraphs(&document), ["总计16", "新位置"]);
    assert_eq!(tables(&document), [vec![vec!["a"], vec!["b"]]]);
    assert!(!document.text.contains("17") && !document.text.contains("删掉"));
}

/// Run content: tabs and breaks are spaces, hidden text and field codes are dropped,
/// entities and symbols resolved, so no paragraph line starts with a tab.
#[test]
fn run_content() {
    let body = concat!(
        r#"<w:p><w:r><w:tab/><w:t xml:space="preserve">甲 &amp; 乙</w:t><w:br/><w:t>丙</w:t></w:r>"#,
        r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:noBreakHyphen/><w:sym w:font="Symbol" w:char="F02A"/>"#,
        r#"<w:t>&#x4E01;</w:t></w:r><w:commentReference w:id="1"/></w:p>"#,
        r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p></w:sdtContent></w:sdt>"#,
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>选</w:t></mc:Choice><mc:Fallback><w:t>备</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    );
    let document = read_ok(&docx(body));
    assert_eq!(paragraphs(&document), ["甲 & 乙 丙3-*丁", "控件内", "选"]);
    assert!(document.text.lines().all(|line| !line.starts_with('\t')));
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
  <w:abstractNum w:abstractNumId="3">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="（%2）"/><w:pStyle w:val="Sub"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="Sub">
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;

fn numbered(text: &str, ilvl: usize) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

/// Auto-numbered headings render their labels, Chinese counting past ten, levels restart,
/// style numbering finds its level, numId 0 switches numbering off.
#[test]
fn numbering_labels() {
    let mut body = String::new();
    body.push_str(&numbered("总体情况", 0));
    body.push_str(
        r#"<w:p><w:pPr><w:pStyle w:val="Sub"/></w:pPr><w:r><w:t>主动公开</w:t></w:r></w:p>"#,
    );
    body.push_str(
        r#"<w:p><w:pPr><w:pStyle w:val="Sub"/></w:pPr><w:r><w:t>依申请公开</w:t></w:r></w:p>"#,
    );
    body.push_str(&numbered("", 0));
    for i in 3..=11 {
        body.push_str(&numbered(&format!("第{i}项"), 0));
    }
    body.push_str(&numbered("子项", 1));
    body.push_str(
        r#"<w:p><w:pPr><w:pStyle w:val="Sub"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>"#,
    );
    let bytes = package(&[
        ("word/document.xml", &document_xml(&body)),
        ("word/numbering.xml", NUMBERING),
        ("word/styles.xml", STYLES),
    ]);
    let document = read_ok(&bytes);
    let found = paragraphs(&document);
    assert_eq!(
        found.get(..4),
        Some(
            &[
                "一、总体情况",
                "（一）主动公开",
                "（二）依申请公开",
                "三、第3项"
            ][..]
        )
    );
    assert_eq!(found.get(10), Some(&"十、第10项"));
    assert_eq!(found.get(11), Some(&"十一、第11项"));
    assert_eq!(found.get(12..), Some(&["（一）子项", "不编号"][..]));
}

/// A nested table is its own table after the enclosing one; a one-cell frame is unwrapped.
#[test]
fn nested_tables() {
    let inner = tbl(&[tr(&[tc("", "内1"), tc("", "内2")])]);
    let holder = format!("<w:tc>{}{inner}</w:tc>", p("外2"));
    let outer = tbl(&[tr(&[tc("", "外1"), holder])]);
    let frame = format!(
        "<w:tbl><w:tr><w:tc>{}{}{}</w:tc></w:tr></w:tbl>",
        p("框内标题"),
        tbl(&[tr(&[tc("", "框内表")])]),
        p("框内结尾")
    );
    let document = read_ok(&docx(&format!("{outer}{}{frame}", p("之间"))));
    assert_eq!(
        tables(&document),
        [
            vec![vec!["外1", "外2"]],
            vec![vec!["内1", "内2"]],
            vec![vec!["框内表"]]
        ]
    );
    let order: String = document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(_) => 'P',
            Block::Table(_) => 'T',
        })
        .collect();
    assert_eq!(order, "TTPPTP");
    assert_eq!(paragraphs(&document), ["之间", "框内标题", "框内结尾"]);
    assert_spans_index(&document);
}

/// Tables nested beyond the table depth limit give their text to the deepest kept cell;
/// nesting beyond the element depth limit stops the file.
#[test]
fn deep_nesting_is_bounded() {
    let nested = |levels: usize| {
        let mut xml = p("最深");
        for _ in 0..levels {
            xml = tbl(&[tr(&[format!("<w:tc>{xml}{}</w:tc>", p("层"))])]);
        }
        docx(&xml)
    };
    let document = read_ok(&nested(60));
    assert!(document.tables().count() <= body::MAX_TABLE_DEPTH);
    assert!(document.text.contains("最深"));
    let error = read(&nested(200), &Limits::default()).map(|d| d.text);
    assert!(error.is_err_and(|e| e.to_string().contains("嵌套超过 256 层")));
}

/// Multi-paragraph cells join with "\n" without tab; empty paragraphs are dropped; spans of
/// the fixture index the view, and the view parses back to the same tables as flattened text.
#[test]
fn view_matches_flattened_text() {
    let cell = format!(
        "<w:tc>{}{}{}{}</w:tc>",
        p(""),
        p("第一段"),
        p(""),
        p("第二段")
    );
    let document = read_ok(&docx(&tbl(&[tr(&[cell, tc("", "x")])])));
    assert_eq!(tables(&document), [vec![vec!["第一段\n第二段", "x"]]]);
    assert_eq!(document.text, "\t第一段\n第二段\n\tx\n\n\n");
    assert_spans_index(&document);

    let clean = read_ok(CLEAN);
    assert_spans_index(&clean);
    let lines = nianbao_model::LineIndex::new(&clean.text);
    let reparsed = crate::text::parse(&clean.text, 0, &lines);
    let mut text_document = Document::new(SourceFormat::Text, clean.text.clone());
    text_document.blocks = reparsed;
    assert_eq!(tables(&text_document), tables(&clean));
    assert_eq!(paragraphs(&text_document), paragraphs(&clean));
}

mod quick;
mod robustness;
