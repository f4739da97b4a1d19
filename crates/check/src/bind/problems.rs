//! Binding problems as findings: what could not be matched to the template, and where.

use nianbao_model::{BoundCell, Cell, Code, Finding, Note, Span};

/// How many numbers of a table outside the template are marked one by one.
const SHOWN_NUMBERS: usize = 5;

/// Collects the findings of one binding.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub findings: Vec<Finding>,
}

impl Problems {
    /// Records a finding at the severity the catalogue gives `code`.
    fn push(&mut self, code: Code, message: String, notes: Vec<Note>, help: Option<String>) {
        self.findings.push(Finding {
            rule: code.as_str().to_owned(),
            severity: code.severity(),
            message,
            cells: Vec::new(),
            notes,
            comparison: None,
            help,
            related: Vec::new(),
        });
    }

    pub fn missing_table(&mut self, title: &str) {
        self.push(
            Code::BindMissingTable,
            format!("没有找到表格“{title}”"),
            Vec::new(),
            Some("表格可能被删除、以图片形式发布，或行列名称与模板相差太大；涉及这张表的检查没有进行".into()),
        );
    }

    pub fn missing_part(&mut self, table: &str, part: &str) {
        self.push(
            Code::BindMissingTable,
            format!("表格“{table}”中没有找到“{part}”部分"),
            Vec::new(),
            Some("请按模板补上这一部分（标题行、表头和各行）；涉及它的检查没有进行".into()),
        );
    }

    pub fn missing_row(&mut self, table: &str, row: &str, near: Option<(Span, &str)>) {
        self.push(
            Code::BindMissingRow,
            format!("表格“{table}”中缺少“{row}”这一行"),
            near.into_iter()
                .map(|(span, label)| Note {
                    span,
                    label: label.into(),
                })
                .collect(),
            Some("请按模板补上这一行；涉及它的检查没有进行".into()),
        );
    }

    pub fn missing_column(&mut self, table: &str, column: &str, near: Option<Span>) {
        self.push(
            Code::BindMissingColumn,
            format!("表格“{table}”中缺少“{column}”这一列"),
            near.into_iter()
                .map(|span| Note {
                    span,
                    label: "表头".into(),
                })
                .collect(),
            Some("请按模板补上这一列；涉及它的检查没有进行".into()),
        );
    }

    pub fn unknown_row(&mut self, table: &str, label: &Cell, suggestion: Option<String>) {
        let help = match suggestion {
            Some(official) => format!(
                "报告中的“{}”与模板中的“{official}”相近，请核对规则文件或报告；这一行的数字没有参与检查",
                label.text
            ),
            None => "这一行的数字没有参与检查".into(),
        };
        self.push(
            Code::BindUnknownRow,
            format!("表格“{table}”中的“{}”与模板中的行都对不上", label.text),
            vec![Note {
                span: label.span,
                label: "这一行不在模板中".into(),
            }],
            Some(help),
        );
    }

    pub fn competing_row(&mut self, table: &str, label: &Cell, officials: &[&str]) {
        let names: Vec<String> = officials.iter().map(|o| format!("“{o}”")).collect();
        self.push(
            Code::BindUnknownRow,
            format!(
                "表格“{table}”中的“{}”与模板中的{}同样相近，无法确定是哪一行",
                label.text,
                names.join("、")
            ),
            vec![Note {
                span: label.span,
                label: "这一行的行名".into(),
            }],
            Some("这一行的数字没有参与检查；请把行名改为官方格式的写法".into()),
        );
    }

    pub fn unknown_row_without_label(&mut self, table: &str, values: &[Cell]) {
        self.push(
            Code::BindUnknownRow,
            format!("表格“{table}”中有一行数字没有行名"),
            values
                .first()
                .map(|c| Note {
                    span: c.span,
                    label: "这一行".into(),
                })
                .into_iter()
                .collect(),
            Some("这一行的数字没有参与检查".into()),
        );
    }

    pub fn duplicate_row(&mut self, table: &str, label: &Cell) {
        self.push(
            Code::BindUnknownRow,
            format!("表格“{table}”中的“{}”重复出现", label.text),
            vec![Note {
                span: label.span,
                label: "再次出现".into(),
            }],
            Some("只有第一次出现的这一行参与检查".into()),
        );
    }

    pub fn extra_column(&mut self, table: &str, header: Option<&Cell>) {
        let name = header.map_or_else(|| "（无表头）".to_owned(), |c| c.text.clone());
        self.push(
            Code::BindExtraColumn,
            format!("表格“{table}”中的列“{name}”不在模板中"),
            header
                .map(|c| Note {
                    span: c.span,
                    label: "这一列不在模板中".into(),
                })
                .into_iter()
                .collect(),
            Some("这一列的数字没有参与检查".into()),
        );
    }

    pub fn missing_values(
        &mut self,
        table: &str,
        row: &str,
        found: usize,
        expected: usize,
        values: &[Cell],
    ) {
        self.push(
            Code::BindMissingValue,
            format!("表格“{table}”中“{row}”这一行只有 {found} 个单元格，应有 {expected} 个"),
            values
                .iter()
                .map(|c| Note {
                    span: c.span,
                    label: "无法确定属于哪一列".into(),
                })
                .collect(),
            Some("请补齐这一行的单元格；这一行没有参与检查".into()),
        );
    }

    pub fn extra_values(&mut self, table: &str, cells: &[&Cell]) {
        self.push(
            Code::BindExtraValue,
            format!("表格“{table}”中有一行的数字多于列数"),
            cells
                .iter()
                .map(|c| Note {
                    span: c.span,
                    label: "多出的数字".into(),
                })
                .collect(),
            Some("无法确定哪个数字是多出来的，这一行的数字可能错位；请核对这一行".into()),
        );
    }

    pub fn numbers_outside(&mut self, table: &str, cells: &[&Cell]) {
        let notes = cells
            .iter()
            .map(|c| Note {
                span: c.span,
                label: "没有读作数据的数字".into(),
            })
            .collect();
        self.push(
            Code::BindExtraValue,
            format!("表格“{table}”中有数字不属于任何能识别的行和列"),
            notes,
            Some(
                "这些数字所在的行或表格部分没有和模板对上（例如部分的标题被改动、多出了行、表头里写了数字），没有参与检查。请按模板核对"
                    .into(),
            ),
        );
    }

    pub fn number_too_large(&mut self, table: &str, cell: &BoundCell) {
        let name = cell
            .row_path
            .iter()
            .chain(cell.column_path.iter())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ");
        let digits = cell.raw.chars().filter(char::is_ascii_digit).count();
        self.push(
            Code::BindNumberTooLarge,
            format!("表格“{table}”中“{name}”的数字过大（{digits} 位），无法计算"),
            vec![Note {
                span: cell.span,
                label: "数字过大".into(),
            }],
            Some(
                "这个数字远超任何件数或金额，可能是几个数字连在了一起（例如丢了分隔的空格或表格线）。它没有参与计算，用到它的检查都没有进行；请核对这个单元格"
                    .into(),
            ),
        );
        // The cell itself, so that the JSON gives its exact digits.
        if let Some(finding) = self.findings.last_mut() {
            finding.cells.push(cell.clone());
        }
    }

    pub fn unused_table(&mut self, number: usize, first: &str, numbers: &[&Cell]) {
        let mut notes: Vec<Note> = numbers
            .iter()
            .take(SHOWN_NUMBERS)
            .map(|c| Note {
                span: c.span,
                label: "不属于模板的表格中的数字".into(),
            })
            .collect();
        if let Some(first_note) = notes.first_mut()
            && numbers.len() > SHOWN_NUMBERS
        {
            first_note.label = format!(
                "不属于模板的表格中的数字（共 {} 个，只标出前 {SHOWN_NUMBERS} 个）",
                numbers.len()
            );
        }
        self.push(
            Code::BindUnusedTable,
            format!(
                "第 {number} 个表格（“{first}”）不是模板中的表格，其中的 {} 个数字没有参与检查",
                numbers.len()
            ),
            notes,
            Some(
                "如果这是报告自己增加的表格，无需处理；如果它是模板中的表格（例如被拆开或改了行列名称），请按模板的写法核对，否则其中的数字不会被检查"
                    .into(),
            ),
        );
    }

    pub fn renamed_row(&mut self, table: &str, label: &Cell, official: &str) {
        self.push(
            Code::BindRenamedRow,
            format!("表格“{table}”中的行名“{}”与官方格式不一致", label.text),
            vec![Note {
                span: label.span,
                label: format!("官方名称是“{official}”"),
            }],
            Some(format!(
                "按“{official}”这一行检查；请把行名改为官方格式的写法"
            )),
        );
    }

    pub fn renamed_column(&mut self, table: &str, header: &Cell, official: &str) {
        self.push(
            Code::BindRenamedColumn,
            format!("表格“{table}”中的列名“{}”与官方格式不一致", header.text),
            vec![Note {
                span: header.span,
                label: format!("官方名称是“{official}”"),
            }],
            Some(format!(
                "按“{official}”这一列检查；请把列名改为官方格式的写法"
            )),
        );
    }

    pub fn renamed_section(&mut self, heading: &str, span: Span, official: &str) {
        self.push(
            Code::BindRenamedSection,
            format!("标题“{heading}”与格式规定的“{official}”写法不同"),
            vec![Note {
                span,
                label: format!("按“{official}”这一部分对待"),
            }],
            Some(format!(
                "按编号、位置和用词认作“{official}”；如要与格式一致，请把标题改为官方写法"
            )),
        );
    }

    /// A section heading found before the heading of a section the format puts earlier.
    pub fn section_out_of_order(&mut self, heading: (&str, Span), earlier: (&str, Span)) {
        self.push(
            Code::BindSectionOrder,
            format!(
                "“{}”排在了“{}”之前，与格式规定的顺序不同",
                heading.0, earlier.0
            ),
            vec![
                Note {
                    span: heading.1,
                    label: format!("“{}”在这里", heading.0),
                },
                Note {
                    span: earlier.1,
                    label: format!("格式规定排在它前面的“{}”在这里", earlier.0),
                },
            ],
            Some("年度报告的六个部分应按格式规定的顺序排列；请调整章节顺序".into()),
        );
    }

    /// A section heading numbered with another section's ordinal.
    pub fn heading_number(
        &mut self,
        written: &str,
        span: Span,
        official: &str,
        expected: u32,
        found: u32,
    ) {
        let heading: String = written.trim().chars().take(30).collect();
        self.push(
            Code::BindHeadingNumber,
            format!("标题“{heading}”编号为第 {found} 部分，按格式“{official}”是第 {expected} 部分"),
            vec![Note {
                span,
                label: format!("应编为第 {expected} 部分"),
            }],
            Some("各部分应按格式依次编号；编号跳过或重复，多半是删掉或漏掉了一部分，或复制时没有改编号".into()),
        );
    }

    /// The agency that signs the report is not the one its title names.
    pub fn agency_differs(&mut self, title: &str, signed: (&str, Span)) {
        self.push(
            Code::BindAgencyDiffers,
            format!("落款机关“{}”与标题中的“{title}”不一致", signed.0),
            vec![Note {
                span: signed.1,
                label: "落款".into(),
            }],
            Some(
                "标题、正文和落款中的机关名称应当一致；不一致时请确认报告是否沿用了其他单位的文本"
                    .into(),
            ),
        );
    }

    pub fn optional_row_absent(&mut self, table: &str, row: &str, near: Option<(Span, &str)>) {
        self.push(
            Code::BindOptionalRowAbsent,
            format!("表格“{table}”中没有“{row}”这一行（格式允许不列）"),
            near.into_iter()
                .map(|(span, label)| Note {
                    span,
                    label: label.into(),
                })
                .collect(),
            Some("规则文件把这一行标为可以不列（optional），例如没有规章制定权的机关不列“规章”；涉及它的检查不作判断".into()),
        );
    }

    pub fn inferred_boundaries(
        &mut self,
        table: &str,
        rows: &[(super::Run, std::collections::BTreeSet<String>)],
        span: impl Fn((usize, usize)) -> Span,
    ) {
        if rows.is_empty() {
            return;
        }
        let checks: std::collections::BTreeSet<&str> = rows
            .iter()
            .flat_map(|(_, used)| used.iter().map(String::as_str))
            .collect();
        let checks: Vec<&str> = checks.into_iter().collect();
        self.push(
            Code::BindInferredBoundaries,
            format!(
                "表格“{table}”的数字之间没有分隔，有 {} 行的单元格边界是依据 {} 推断的",
                rows.len(),
                checks.join("、")
            ),
            rows.iter()
                .map(|(run, used)| Note {
                    span: span(run.span),
                    label: format!(
                        "边界由 {} 推断",
                        used.iter().cloned().collect::<Vec<_>>().join("、")
                    ),
                })
                .collect(),
            Some(format!(
                "这些行按 {} 选出唯一成立的读法，所以这些检查对这些行不构成独立的验证；请核对原表",
                checks.join("、")
            )),
        );
    }

    pub fn ambiguous_row(&mut self, table: &str, label: Span, run: Span, candidates: &[String]) {
        let shown: Vec<&str> = candidates.iter().take(5).map(String::as_str).collect();
        let more = candidates.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!("等 {} 种", candidates.len())
        } else {
            String::new()
        };
        self.push(
            Code::BindAmbiguousRow,
            format!("表格“{table}”中一行的数字之间没有分隔，无法确定每个数字属于哪一列"),
            vec![
                Note {
                    span: label,
                    label: "这一行".into(),
                },
                Note {
                    span: run,
                    label: format!("可能的读法：{}{more}", shown.join("；")),
                },
            ],
            Some(
                "这一行的数字没有参与检查；请核对原表，或提供带表格结构的文件（.docx、.html）"
                    .into(),
            ),
        );
    }
}
