//! Reading an explanations file: TOML, one `[[accept]]` table per entry. Every problem is an
//! [`ExplanationsError`] with the line and column it is at, in Chinese.

use std::ops::Range;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use nianbao_model::Code;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Entry, Explanations};

/// The keys an entry may have.
const KEYS: &[&str] = &[
    "check", "file", "agency", "year", "row", "column", "message", "reason", "until",
];

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day, 1 to 31.
    pub day: u32,
}

impl Date {
    /// Today in Beijing time (UTC+8), from the system clock.
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from((seconds + 8 * 3600) / 86_400).unwrap_or(0);
        Self::from_days(days)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub(super) fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// A date written `2025-12-31`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Self { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An explanations file that cannot be used: not TOML, or an entry that is not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("说明文件 {name} 第 {line} 行第 {column} 列：{problem}")]
pub struct ExplanationsError {
    /// The file's name.
    pub name: String,
    /// What is wrong.
    pub problem: String,
    /// 1-based line and column (in characters).
    pub line: usize,
    /// See `line`.
    pub column: usize,
    text: Box<NamedSource<String>>,
    span: Range<usize>,
}

impl Diagnostic for ExplanationsError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(Code::ExplainInvalidFile.as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(
            "说明文件的写法见 README“说明文件”一节；`nianbao check --write-explanations 文件` 可以生成一个样板",
        ))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.text.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some("这里".to_owned()), self.span.clone());
        Some(Box::new(std::iter::once(label)))
    }
}

impl Explanations {
    /// Reads the text of an explanations file named `name`.
    ///
    /// # Errors
    ///
    /// An [`ExplanationsError`] at the first problem: TOML syntax, a key that is not known, a
    /// value of the wrong kind, an entry without `check` or without a `reason`.
    pub fn parse(name: &str, text: &str) -> Result<Self, ExplanationsError> {
        let error = |problem: String, span: Range<usize>| {
            let before = text.get(..span.start.min(text.len())).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            ExplanationsError {
                name: name.to_owned(),
                problem,
                line: before.matches('\n').count() + 1,
                column: before.get(line_start..).unwrap_or_default().chars().count() + 1,
                text: Box::new(NamedSource::new(name, text.to_owned())),
                span,
            }
        };
        let root = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let problem = format!(
                "不是有效的 TOML（{}）；文字要加双引号，如 check = \"T3-01\"，日期写成 2025-12-31",
                e.message().trim()
            );
            error(problem, span)
        })?;
        let mut entries = Vec::new();
        for (key, value) in root.get_ref() {
            if key.get_ref() != "accept" {
                let problem = format!(
                    "不认识的键 `{}`：说明文件中只有 [[accept]] 条目",
                    key.get_ref()
                );
                return Err(error(problem, key.span()));
            }
            let DeValue::Array(tables) = value.get_ref() else {
                return Err(error(
                    "accept 应写成 [[accept]] 条目".to_owned(),
                    value.span(),
                ));
            };
            for table in tables {
                let DeValue::Table(keys) = table.get_ref() else {
                    return Err(error(
                        "accept 应写成 [[accept]] 条目".to_owned(),
                        table.span(),
                    ));
                };
                entries.push(entry(keys, table.span(), text, &error)?);
            }
        }
        Ok(Self {
            name: name.to_owned(),
            text: text.to_owned(),
            entries,
        })
    }
}

/// One `[[accept]]` table as an entry.
fn entry(
    keys: &DeTable<'_>,
    span: Range<usize>,
    source: &str,
    error: &impl Fn(String, Range<usize>) -> ExplanationsError,
) -> Result<Entry, ExplanationsError> {
    let start = keys
        .keys()
        .map(|k| k.span().start)
        .min()
        .unwrap_or(span.start);
    let end = keys
        .values()
        .map(|v| v.span().end)
        .max()
        .unwrap_or(span.end);
    // The entry starts at its `[[accept]]` line.
    let header = source
        .get(..start)
        .and_then(|before| before.rfind("[[accept]]"))
        .unwrap_or(start);
    let mut entry = Entry {
        check: String::new(),
        file: None,
        agency: None,
        year: None,
        row: None,
        column: None,
        message: None,
        reason: String::new(),
        until: None,
        span: header..end,
    };
    for (key, value) in keys {
        let name = key.get_ref().as_ref();
        let text = || string(name, value, error);
        match name {
            "check" => entry.check = text()?.trim().to_owned(),
            "file" => entry.file = Some(text()?),
            "agency" => entry.agency = Some(text()?),
            "row" => entry.row = Some(text()?),
            "column" => entry.column = Some(text()?),
            "message" => entry.message = Some(text()?),
            "reason" => entry.reason = text()?.trim().to_owned(),
            "year" => {
                let year = value
                    .get_ref()
                    .as_integer()
                    .and_then(|i| i.as_str().parse().ok());
                entry.year = Some(year.ok_or_else(|| {
                    error(
                        "year 应是年份数字，如 2024（不加引号）".to_owned(),
                        value.span(),
                    )
                })?);
            }
            "until" => {
                let date = match value.get_ref() {
                    DeValue::Datetime(d) if d.time.is_none() => d.date.map(|d| Date {
                        year: i32::from(d.year),
                        month: u32::from(d.month),
                        day: u32::from(d.day),
                    }),
                    DeValue::String(s) => Date::parse(s),
                    _ => None,
                };
                entry.until = Some(date.ok_or_else(|| {
                    error("until 应是日期，如 2025-12-31".to_owned(), value.span())
                })?);
            }
            other => {
                let problem = format!("不认识的键 `{other}`（可用的键：{}）", KEYS.join("、"));
                return Err(error(problem, key.span()));
            }
        }
    }
    let whole = entry.span.clone();
    if entry.check.is_empty() {
        let problem = "这一项没有写检查项（check），如 check = \"T3-01\"".to_owned();
        return Err(error(problem, whole));
    }
    if entry.reason.is_empty() {
        let problem =
            "这一项没有写理由（reason）：每一项都必须写明为什么接受这一检查结果".to_owned();
        let at = keys
            .iter()
            .find(|(k, _)| k.get_ref() == "reason")
            .map_or(whole, |(_, v)| v.span());
        return Err(error(problem, at));
    }
    Ok(entry)
}

/// A string value.
fn string(
    name: &str,
    value: &Spanned<DeValue<'_>>,
    error: &impl Fn(String, Range<usize>) -> ExplanationsError,
) -> Result<String, ExplanationsError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err(error(format!("{name} 应是带引号的文字"), value.span())),
    }
}
