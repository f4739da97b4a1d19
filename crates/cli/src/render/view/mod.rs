//! A finding's places shown as the reader of the file sees them: the table rows it is about,
//! one line per row with the cells' visible text, under a name that says where the rows are
//! (page, table, row, heading). For .docx, .doc, PDF and HTML, whose `Document::text` is a
//! rendered view or markup.
//!
//! [`View`] is a miette [`SourceCode`] over that text: each run of adjacent rows is one block,
//! read whole, numbered with the table's own row numbers and named with its location, so
//! miette's graphical report draws the labels under the cells. [`View::narration`] says the
//! same in sentences for `--format plain`.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use nianbao_model::Finding;

use super::place::{Place, Places, one_line, rows_words};

mod layout;

use layout::{Shown, layout, shown_row, window};

/// Between two cells of a row, narrated.
const SPOKEN_SEPARATOR: &str = "；";

/// The rows and paragraphs a finding points at, as readable text.
#[derive(Debug, Clone)]
pub struct View {
    text: String,
    blocks: Vec<ViewBlock>,
    /// Labels on the text, in the finding's note order.
    labels: Vec<(SourceSpan, String)>,
    /// Labels of notes whose place was not found.
    pub unplaced: Vec<String>,
    narration: String,
}

/// A run of adjacent rows of one table on one page, or one paragraph.
#[derive(Debug, Clone)]
struct ViewBlock {
    start: usize,
    end: usize,
    /// The number of the first line, from 0 (the table's row, or the paragraph).
    line: usize,
    lines: usize,
    name: String,
}

/// One row (or paragraph) the finding is about, and the notes on it.
#[derive(Debug)]
struct Unit {
    pub(super) place: Place,
    /// `(note, cell)`: which note points at which cell of the row (0 for a paragraph).
    pub(super) notes: Vec<(usize, usize)>,
}

impl View {
    /// The view of `finding` in the document indexed by `places`.
    pub fn new(finding: &Finding, places: &Places<'_>) -> Self {
        let mut units: Vec<Unit> = Vec::new();
        let mut unplaced = Vec::new();
        for (at, note) in finding.notes.iter().enumerate() {
            let bound = finding.cells.get(at).filter(|c| c.span == note.span);
            let Some(place) = places.locate(note.span, bound) else {
                unplaced.push(note.label.clone());
                continue;
            };
            let (unit_place, cell) = match place {
                Place::Cell { table, row, cell } => (
                    Place::Cell {
                        table,
                        row,
                        cell: 0,
                    },
                    cell,
                ),
                Place::Paragraph(_) => (place, 0),
            };
            match units.iter_mut().find(|u| u.place == unit_place) {
                Some(unit) => unit.notes.push((at, cell)),
                None => units.push(Unit {
                    place: unit_place,
                    notes: vec![(at, cell)],
                }),
            }
        }
        units.sort_by_key(|u| places.order(u.place));

        let mut view = View {
            text: String::new(),
            blocks: Vec::new(),
            labels: Vec::new(),
            unplaced,
            narration: String::new(),
        };
        let mut labels: Vec<(usize, SourceSpan, String)> = Vec::new();
        let mut at = 0;
        while at < units.len() {
            // A run of adjacent rows of one table on one page.
            let mut end = at + 1;
            if let Some(Unit {
                place: Place::Cell { table, row, .. },
                ..
            }) = units.get(at)
            {
                let page = places.page(*table, *row);
                while let Some(Unit {
                    place:
                        Place::Cell {
                            table: t, row: r, ..
                        },
                    ..
                }) = units.get(end)
                {
                    if t != table || *r != row + (end - at) || places.page(*t, *r) != page {
                        break;
                    }
                    end += 1;
                }
            }
            let run = units.get(at..end).unwrap_or_default();
            view.push_block(run, finding, places, &mut labels);
            at = end;
        }
        labels.sort_by_key(|(note, _, _)| *note);
        view.labels = labels
            .into_iter()
            .map(|(_, span, label)| (span, label))
            .collect();
        view
    }

    /// Whether nothing of the finding could be placed.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The labels on the view's text, the first being the primary one.
    pub fn labels(&self) -> impl Iterator<Item = &(SourceSpan, String)> {
        self.labels.iter()
    }

    /// The places in sentences: per block its location, each row's text and the labels on it.
    pub fn narration(&self) -> &str {
        &self.narration
    }

    fn push_block(
        &mut self,
        run: &[Unit],
        finding: &Finding,
        places: &Places<'_>,
        labels: &mut Vec<(usize, SourceSpan, String)>,
    ) {
        let Some(first) = run.first() else {
            return;
        };
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        let label_of = |note: usize| {
            finding
                .notes
                .get(note)
                .map(|n| n.label.clone())
                .unwrap_or_default()
        };
        let (line, name) = match first.place {
            Place::Cell { table, row, .. } => {
                let last = row + run.len() - 1;
                let name = places.rows_name(table, row, last, places.page(table, row));
                self.narration.push_str(&format!("位置：{name}\n"));
                let rows: Vec<Vec<Shown>> =
                    run.iter().map(|unit| shown_row(unit, places)).collect();
                let lines = layout(&rows);
                for (number, ((unit, cells), (line, ranges))) in
                    run.iter().zip(&rows).zip(lines).enumerate()
                {
                    if number > 0 {
                        self.text.push('\n');
                    }
                    let offset = self.text.len();
                    self.text.push_str(&line);
                    for &(note, cell) in &unit.notes {
                        if let Some(&(from, to)) = ranges.get(cell) {
                            labels.push((
                                note,
                                SourceSpan::from((offset + from, to.saturating_sub(from))),
                                label_of(note),
                            ));
                        }
                    }
                    let spoken: Vec<&str> = cells
                        .iter()
                        .skip_while(|c| c.leading_blank && !c.labelled)
                        .map(|c| c.spoken.as_str())
                        .collect();
                    self.narration.push_str(&format!(
                        "{}：{}\n",
                        rows_words(row + number, row + number),
                        spoken.join(SPOKEN_SEPARATOR)
                    ));
                    for &(note, _) in &unit.notes {
                        self.narration
                            .push_str(&format!("    标出：{}\n", label_of(note)));
                    }
                }
                (row, name)
            }
            Place::Paragraph(p) => {
                let name = places.paragraph_name(p);
                self.narration.push_str(&format!("位置：{name}\n"));
                let text = places.paragraph(p).map(|p| one_line(&p.text));
                let text = text.unwrap_or_default();
                let spans: Vec<(usize, Option<(usize, usize)>)> = first
                    .notes
                    .iter()
                    .map(|&(note, _)| {
                        let within = places.paragraph(p).and_then(|para| {
                            let span = finding.notes.get(note)?.span;
                            let from = span.start.checked_sub(para.span.start)?;
                            let to = span.end.checked_sub(para.span.start)?;
                            // Only when the paragraph's text is where its span is.
                            (para.text.len() == para.span.len()
                                && from <= to
                                && to <= para.text.len()
                                && para.text.is_char_boundary(from)
                                && para.text.is_char_boundary(to)
                                && !para.text.contains(['\n', '\r', '\t']))
                            .then_some((from, to))
                        });
                        (note, within)
                    })
                    .collect();
                let (shown, shift) = window(&text, spans.iter().find_map(|(_, s)| *s));
                let offset = self.text.len();
                self.text.push_str(&shown);
                for (note, within) in spans {
                    let (from, to) = within
                        .and_then(|(from, to)| {
                            let from = from.checked_sub(shift)?;
                            let to = to.checked_sub(shift)?;
                            (to <= shown.len()).then_some((from, to))
                        })
                        .unwrap_or((0, shown.len()));
                    labels.push((
                        note,
                        SourceSpan::from((offset + from, to.saturating_sub(from))),
                        label_of(note),
                    ));
                }
                self.narration
                    .push_str(&format!("第 {} 段：{text}\n", p + 1));
                for &(note, _) in &first.notes {
                    self.narration
                        .push_str(&format!("    标出：{}\n", label_of(note)));
                }
                (p, name)
            }
        };
        self.blocks.push(ViewBlock {
            start,
            end: self.text.len(),
            line,
            lines: run.len(),
            name,
        });
    }
}

impl SourceCode for View {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // A block is always read whole, and a span across two blocks cannot be read: miette
        // then draws each block in a box of its own, under its own name.
        let end = span.offset() + span.len();
        let block = self
            .blocks
            .iter()
            .find(|b| b.start <= span.offset() && end <= b.end)
            .ok_or(MietteError::OutOfBounds)?;
        let data = self
            .text
            .get(block.start..block.end)
            .ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            block.name.clone(),
            data.as_bytes(),
            SourceSpan::from((block.start, data.len())),
            block.line,
            0,
            block.lines,
        )))
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::layout::{MAX_CELL_WIDTH, shorten};
    use super::*;

    fn cell(text: &str, leading_blank: bool) -> Shown {
        Shown {
            text: text.to_owned(),
            spoken: text.to_owned(),
            numeric: text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty(),
            leading_blank,
            labelled: false,
        }
    }

    /// Rows under a merged label keep its column empty, values line up from the right, and a
    /// column that only holds merged-label blanks is left out.
    #[test]
    fn lays_rows_out_in_columns() {
        let rows = vec![
            vec![
                cell("", true),
                cell("（三）不予公开", false),
                cell("1.属于国家秘密", false),
                cell("10", false),
                cell("0", false),
            ],
            vec![
                cell("", true),
                cell("", true),
                cell("2.其他", false),
                cell("1", false),
                cell("", false),
            ],
            vec![
                cell("", true),
                cell("（七）总计", false),
                cell("11", false),
                cell("0", false),
            ],
        ];
        let lines: Vec<String> = layout(&rows).into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            lines,
            [
                "（三）不予公开 │ 1.属于国家秘密 │ 10 │ 0",
                "               │ 2.其他         │  1 │",
                "               │ （七）总计     │ 11 │ 0",
            ]
        );
        // Each cell's range is its text, so a label underlines exactly the value.
        let (line, ranges) = layout(&rows).into_iter().next().unwrap_or_default();
        let value = ranges.get(3).and_then(|&(from, to)| line.get(from..to));
        assert_eq!(value, Some("10"));
    }

    /// A note on a paragraph shows the paragraph under its number and heading; a note on a
    /// table cell shows the row; a note on neither is left for the help.
    #[test]
    fn places_cells_paragraphs_and_the_rest() {
        use nianbao_model::{
            Block, Cell, CellLocation, Document, Note, Paragraph, Report, Row, Severity,
            SourceFormat, Span, Table,
        };
        let text = "二、主动公开\n全年公开 3 条。\n\t规章\n\t2\n";
        let span = |start: usize, end: usize| Span {
            start,
            end,
            line: 1,
            column: 1,
        };
        let at = |needle: &str| text.find(needle).unwrap_or_default();
        let cell = |needle: &str, c: usize| Cell {
            text: needle.to_owned(),
            span: span(at(needle), at(needle) + needle.len()),
            location: CellLocation {
                cell: c,
                ..CellLocation::default()
            },
        };
        let mut document = Document::new(SourceFormat::Docx, text.to_owned());
        document.blocks = vec![
            Block::Paragraph(Paragraph {
                text: "二、主动公开".into(),
                span: span(0, at("\n")),
            }),
            Block::Paragraph(Paragraph {
                text: "全年公开 3 条。".into(),
                span: span(at("全年"), at("。") + "。".len()),
            }),
            Block::Table(Table {
                index: 0,
                rows: vec![Row {
                    cells: vec![cell("规章", 0), cell("2", 1)],
                }],
                span: span(at("规章"), at("2") + 1),
            }),
        ];
        let report = Report {
            template: "t".into(),
            year: None,
            agency: None,
            sections: Vec::new(),
            tables: Vec::new(),
            statements: Vec::new(),
            published: None,
            sentences: Vec::new(),
            opening: Vec::new(),
            figures: Vec::new(),
            outside: Vec::new(),
        };
        let note = |start: usize, end: usize, label: &str| Note {
            span: span(start, end),
            label: label.into(),
        };
        let finding = Finding {
            rule: "X".into(),
            severity: Severity::Warning,
            message: "m".into(),
            cells: Vec::new(),
            notes: vec![
                note(at("2\n"), at("2\n") + 1, "这一格"),
                note(at("3 条"), at("3 条") + 1, "这个数"),
                note(text.len() + 5, text.len() + 6, "别处"),
            ],
            comparison: None,
            help: None,
            related: Vec::new(),
        };
        let places = Places::new("a.docx", &document, &report);
        let view = View::new(&finding, &places);
        assert_eq!(view.unplaced, ["别处"]);
        let narration = view.narration();
        assert!(
            narration.contains("位置：a.docx，第 2 段，在“二、主动公开”之下\n第 2 段：全年公开 3 条。\n    标出：这个数\n"),
            "{narration}"
        );
        assert!(
            narration.contains("位置：a.docx 全文第 1 个表格第 1 行，在“二、主动公开”之下\n第 1 行：规章；2\n    标出：这一格\n"),
            "{narration}"
        );
        // Labels keep the notes' order and sit on the value and the number in the paragraph.
        let shown: Vec<&str> = view
            .labels()
            .filter_map(|(span, _)| view.text.get(span.offset()..span.offset() + span.len()))
            .collect();
        assert_eq!(shown, ["2", "3"]);
    }

    /// Long labels are cut with “…”; short ones are kept.
    #[test]
    fn shortens_long_cells() {
        assert_eq!(shorten("（七）总计"), "（七）总计");
        let long = shorten("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
        assert!(
            long.ends_with('…') && long.width() <= MAX_CELL_WIDTH,
            "{long}"
        );
    }
}
