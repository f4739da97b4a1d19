//! Locations a person can find: for PDF, .docx and HTML the human and plain output name the
//! page, table, row and heading of a finding's cells and show the row's visible text, never
//! nianbao's internal text view or the page's markup. Text files keep their lines and columns;
//! JSON keeps its spans and `location`.

use nianbao_tests::{Output, nianbao};

const PDF: &str = "tests/fixtures/pdf/tables-2021-error.pdf";
const DOCX: &str = "tests/fixtures/docx/seeded-error.docx";
const HTML: &str = "tests/fixtures/html/portal-2023-error.html";

fn check(format: &str, path: &str) -> Output {
    let output = nianbao(&["check", "--color", "never", "--format", format, path]);
    assert_eq!(output.exit, 1, "{}", output.snapshot());
    output
}

/// Asserts that `text` contains every one of `wanted`.
fn contains_all(text: &str, wanted: &[&str]) {
    for want in wanted {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

/// Asserts that no internal text view or markup shows: no `file:line:col`, no tags, no miette
/// scaffolding around snippets.
fn readable(text: &str, path: &str) {
    for markup in ["<td", "<span", "<p ", "<tr", "</"] {
        assert!(!text.contains(markup), "markup {markup:?} in:\n{text}");
    }
    let line_column = format!("{path}:");
    assert!(
        !text.contains(&line_column),
        "a line and column of the text view in:\n{text}"
    );
    for english in ["Begin snippet", "snippet line", "label at line"] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
}

/// PDF: the page, the table (named after its section, counted over the document) and the row;
/// the row as it reads in the PDF, the wrong cell labelled with its value.
#[test]
fn pdf_names_page_table_and_row() {
    let human = check("human", PDF).stdout;
    readable(&human, PDF);
    contains_all(
        &human,
        &[
            // T3-01 points at rows 4–5 on page 2 and rows 27–28 on page 3.
            "╭─[tests/fixtures/pdf/tables-2021-error.pdf 第 2 页 表三（全文第 2 个表格）第 4 至 5 行]",
            "╭─[tests/fixtures/pdf/tables-2021-error.pdf 第 3 页 表三（全文第 2 个表格）第 27 至 28 行]",
            " 27 │ （七）总计             │ 10 │ 1 │ 0 │ 0 │ 1 │ 1 │ 14",
            "╰── （七）总计 · 总计 = 14",
            // The blank cell T3-05a warns of is shown as 空 in its row.
            " 9 │ 2.其他法律行政法规禁止公开 │ 1 │ 0 │ 空 │ 0 │ 0 │ 0 │ 1",
            "╰── （三）不予公开·2.其他法律行政法规禁止公开 · 科研机构 = （空白）",
        ],
    );
    let plain = check("plain", PDF).stdout;
    readable(&plain, PDF);
    contains_all(
        &plain,
        &[
            "位置：tests/fixtures/pdf/tables-2021-error.pdf 第 3 页 表三（全文第 2 个表格）第 27 行\n",
            "第 27 行：（七）总计；10；1；0；0；1；1；14\n",
            "    标出：（七）总计 · 总计 = 14\n",
            "第 9 行：2.其他法律行政法规禁止公开；1；0；空；0；0；0；1\n",
        ],
    );
}

/// .docx: the table, the row and the heading it is under; the row's cells as in Word.
#[test]
fn docx_names_table_row_and_heading() {
    let human = check("human", DOCX).stdout;
    readable(&human, DOCX);
    contains_all(
        &human,
        &[
            "╭─[tests/fixtures/docx/seeded-error.docx 表三（全文第 2 个表格）第 4 行，在“三、收到和处理政府信息公开申请情况”之下]",
            " 4 │ 一、本年新收政府信息公开申请数量 │ 12 │ 3 │ 0 │ 1 │ 0 │ 0 │ 17",
            "╰── 一、本年新收政府信息公开申请数量 · 总计 = 17",
            "╰── 一、本年新收政府信息公开申请数量 · 自然人 = 12",
        ],
    );
    let plain = check("plain", DOCX).stdout;
    readable(&plain, DOCX);
    contains_all(
        &plain,
        &[
            "位置：tests/fixtures/docx/seeded-error.docx 表三（全文第 2 个表格）第 4 行，在“三、收到和处理政府信息公开申请情况”之下\n",
            "第 4 行：一、本年新收政府信息公开申请数量；12；3；0；1；0；0；17\n",
            "    标出：一、本年新收政府信息公开申请数量 · 总计 = 17\n",
        ],
    );
}

/// HTML: the visible text of the row, not the markup line the cell is on.
#[test]
fn html_shows_visible_text() {
    let human = check("human", HTML).stdout;
    readable(&human, HTML);
    contains_all(
        &human,
        &[
            "╭─[tests/fixtures/html/portal-2023-error.html 表三（全文第 2 个表格）第 13 行，在“三、收到和处理政府信息公开申请情况”之下]",
            " 13 │ 6.属于四类过程性信息 │ 3 │ 0 │ 0 │ 0 │ 0 │ 0 │ 2",
            "╰── （三）不予公开·6.属于四类过程性信息 · 总计 = 2",
        ],
    );
    let plain = check("plain", HTML).stdout;
    readable(&plain, HTML);
    contains_all(
        &plain,
        &["第 13 行：6.属于四类过程性信息；3；0；0；0；0；0；2\n"],
    );
}

/// A binding problem with a note and no cells (a misspelt row label) is placed the same way.
#[test]
fn notes_without_cells_are_placed() {
    let path = "tests/fixtures/corpus/010-hongze-qu-2023.pdf";
    let human = check("human", path).stdout;
    readable(&human, path);
    contains_all(
        &human,
        &[
            "bind::renamed-row",
            "╭─[tests/fixtures/corpus/010-hongze-qu-2023.pdf 第 3 页 表三（全文第 2 个表格）第 9 行]",
            " 9 │ 2.其他法律行政止公开 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0",
            "╰── 官方名称是“2.其他法律行政法规禁止公开”",
        ],
    );
}

/// Text files are still shown at their own lines and columns.
#[test]
fn text_keeps_lines_and_columns() {
    let output = nianbao(&[
        "check",
        "--color",
        "never",
        "examples/errors/table4-total.txt",
    ]);
    contains_all(
        &output.stdout,
        &["╭─[examples/errors/table4-total.txt:392:2]", " 392 │     1"],
    );
}

/// JSON is not touched: spans into the text and structural locations, no words of places.
#[test]
fn json_keeps_spans_and_locations() {
    let output = nianbao(&["check", "--format", "json", PDF]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let findings = json["reports"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let with_cells = findings.iter().find(|f| f["cells"][0].is_object());
    let cell = with_cells.map_or(&serde_json::Value::Null, |f| &f["cells"][0]);
    assert!(cell["span"]["start"].as_u64().is_some(), "{cell}");
    assert!(cell["location"]["page"].as_u64().is_some(), "{cell}");
    assert!(!output.stdout.contains("全文第"), "{}", output.stdout);
}

/// The README's example of a located .docx finding is what `check` prints.
#[test]
fn readme_example_is_current() {
    let readme =
        std::fs::read_to_string(nianbao_tests::root().join("README.md")).unwrap_or_default();
    let intro = format!("`nianbao check {DOCX}`：\n\n```text\n");
    let start = readme.find(&intro).map_or(0, |at| at + intro.len());
    let example = readme
        .get(start..)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap_or_default();
    assert!(example.starts_with("T3-03"), "{example}");
    let output = check("human", DOCX);
    assert!(
        output.stdout.contains(example),
        "README:\n{example}\n\noutput:\n{}",
        output.stdout
    );
}
