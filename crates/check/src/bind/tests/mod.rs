//! Unit tests of the binder, through the public [`crate::bind()`], on small rule snippets and
//! flattened text snippets. One file per topic; the shared rule snippets live here.

mod columns;
mod crawler;
mod drift;
mod joined;
mod labels;
mod positional;
mod problems;
mod sections;
mod structure;

/// A plain table: three columns, three rows, no groups.
const PLAIN: &str = r#"
  table T "甲表" {
    columns { A "甲列"  B "乙列"  C "丙列" }
    rows {
      R1 "一、第一行"
      R2 "二、第二行"
      R3 "三、第三行"
    }
  }
"#;

/// The header row of [`PLAIN`].
const PLAIN_HEADER: &[&str] = &["项目", "甲列", "乙列", "丙列"];

/// A table 三 in small: grouped columns (with vertically merged 自然人 and 总计) and nested
/// row groups with the official labels that normalisation has to cope with.
const T3: &str = r#"
  table T3 "收到和处理政府信息公开申请情况" {
    columns {
      group APP "申请人情况" {
        NP "自然人"
        group LP "法人或其他组织" { BIZ "商业企业"  OTH "其他" }
        TOT "总计"
      }
    }
    rows {
      R1 "一、本年新收政府信息公开申请数量"
      group R3 "三、本年度办理结果" {
        R3.1 "（一）予以公开"
        R3.2 "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        group R3.3 "（三）不予公开" {
          R3.3.1 "1.属于国家秘密"
          R3.3.2 "2.其他法律行政法规禁止公开"
          R3.3.3 "3.危及“三安全一稳定”"
        }
        group R3.6 "（六）其他处理" {
          R3.6.1 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
          R3.6.2 "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
          R3.6.3 "3.其他"
        }
        R3.7 "（七）总计"
      }
    }
  }
"#;

/// The three header rows of [`T3`] as the flattened .docx shows them: 自然人 and 总计 merged
/// vertically (empty below), 法人或其他组织 merged horizontally (once).
const T3_HEADER: &[&[&str]] = &[
    &[
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
    ],
    &["", "自然人", "法人或其他组织", "总计"],
    &["", "", "商业企业", "其他", ""],
];

/// [`T3`] filled in the official layout; row `i` (from 0) holds `10 i + 1 ..= 10 i + 4`.
fn t3_rows() -> Vec<Vec<String>> {
    let labelled: &[(&str, &str)] = &[
        ("", "一、本年新收政府信息公开申请数量"),
        ("三、本年度办理结果", "（一）予以公开"),
        (
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("（三）不予公开", "1.属于国家秘密"),
        ("", "2.其他法律行政法规禁止公开"),
        ("", "3.危及“三安全一稳定”"),
        (
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        (
            "",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        ("", "3.其他"),
        ("", "（七）总计"),
    ];
    labelled
        .iter()
        .enumerate()
        .map(|(i, (group, label))| {
            let mut row = vec![(*group).to_owned(), (*label).to_owned()];
            row.extend((1..=4).map(|v| (10 * i + v).to_string()));
            row
        })
        .collect()
}

/// Flattened text of [`T3`]: a heading, the header, then `rows`.
fn t3_text(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let all: Vec<&[&str]> = T3_HEADER
        .iter()
        .copied()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    format!(
        "三、收到和处理政府信息公开申请情况\n{}",
        crate::testkit::table_text(&all)
    )
}
