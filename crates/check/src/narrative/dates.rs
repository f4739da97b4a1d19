//! Report metadata written by document convention rather than by the statutory format: the
//! date and agency of the signature block, and the date a portal prints in a header line.

/// A calendar date written in a report (year 1900–2100, a valid month and day), and the byte
/// span `start..end` of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenDate {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character (日, or the day's last digit).
    pub end: usize,
}

impl WrittenDate {
    /// The date as a number yyyymmdd (20240131), the form rule files compare.
    #[cfg(test)]
    pub(crate) fn number(&self) -> i64 {
        i64::from(self.year) * 10_000 + i64::from(self.month) * 100 + i64::from(self.day)
    }

    /// The same date with its span moved by `by` bytes; None if that overflows.
    fn shifted(self, by: usize) -> Option<Self> {
        let (start, end) = (self.start.checked_add(by)?, self.end.checked_add(by)?);
        Some(Self { start, end, ..self })
    }
}

/// The signature block of a report: its date and, when there is one, the signing agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    /// The date of the date-only paragraph.
    pub date: WrittenDate,
    /// The agency as written (trimmed, inner spaces kept), with its start and end offsets.
    pub agency: Option<(String, usize, usize)>,
}

/// How many meaningful paragraphs at the end may hold the signature date.
const SIGNATURE_WINDOW: usize = 8;
/// How many non-blank paragraphs at the top may hold a portal's header date.
const HEADER_WINDOW: usize = 12;
/// Spaces allowed in one gap inside a date; the bound keeps every match attempt O(1).
const MAX_GAP: usize = 4;
/// Labels of a portal's header date line; 公开日期 is how some portals (沭阳) print it.
const HEADER_LABELS: &str = "发布时间 发布日期 成文日期 公开日期 时间 日期";

/// Every date in `text` (offsets relative to `text`): "2024年1月31日", "2024年01月31日",
/// "二〇二四年一月三十一日", "二○二四年元月三十一日" (○, 〇, 零 and a letter O are zero; 元月 is
/// January), "2024-01-31", "2024/1/31", "2024.1.31", full-width digits "２０２４年１月３１日",
/// and spaces inside ("2024 年 1 月 31 日", as PDF text has). Impossible dates are not dates.
#[cfg(test)]
pub(crate) fn dates(text: &str) -> Vec<WrittenDate> {
    let mut found = Vec::new();
    let (mut resume, mut prev) = (0, None);
    for (i, c) in text.char_indices() {
        // A year starts a number: a digit after a digit of its own kind is inside a longer one.
        let starts = match (arabic(c), cn_digit(c)) {
            (Some(_), _) => prev.and_then(arabic).is_none(),
            (None, Some(d)) => d > 0 && prev.is_none_or(|p| cn_digit(p).is_none() && p != '十'),
            _ => false,
        };
        prev = Some(c);
        if let Some(date) = (starts && i >= resume).then(|| date_at(text, i)).flatten() {
            resume = date.end;
            found.push(date);
        }
    }
    found
}

/// The signature block: among the last 8 paragraphs that are neither blank nor page numbers
/// ("-1-", "- 3 -", "第 3 页"), the last one that is only a date; the agency is the meaningful
/// paragraph right before it when that is short (≤ 40 characters), has no sentence punctuation
/// and is not a heading such as "六、其他需要报告的事项". None without a date-only paragraph.
pub(crate) fn signature(paragraphs: &[(&str, usize)]) -> Option<Signature> {
    let meaningful = paragraphs
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, p)| !is_filler(p.0));
    for (index, &(text, offset)) in meaningful.take(SIGNATURE_WINDOW) {
        let Some(date) = date_only(text) else {
            continue;
        };
        let mut before = paragraphs.get(..index).unwrap_or_default().iter().rev();
        let agency = before
            .find(|p| !is_filler(p.0))
            .and_then(|&(t, o)| agency(t, o));
        return date.shifted(offset).map(|date| Signature { date, agency });
    }
    None
}

/// A date a crawler or portal printed in a header line among the first 12 non-blank paragraphs:
/// "发布时间：2024-01-31", "发布日期: 2024-01-31 10:20", "时间：2024年1月31日", "日期:2024-01-31".
/// Only a line that starts with such a label, with the date right after it, counts.
pub(crate) fn header_date(paragraphs: &[(&str, usize)]) -> Option<WrittenDate> {
    let lines = paragraphs.iter().filter(|p| !trimmed(p.0).1.is_empty());
    for &(text, offset) in lines.take(HEADER_WINDOW) {
        let body = text.trim_start_matches(is_space);
        let Some(rest) = HEADER_LABELS.split(' ').find_map(|l| body.strip_prefix(l)) else {
            continue;
        };
        let rest = rest.trim_start_matches(is_space);
        let rest = rest.strip_prefix([':', '：']).unwrap_or(rest);
        let rest = rest.trim_start_matches(is_space);
        if let Some(date) = date_at(text, text.len() - rest.len()) {
            return date.shifted(offset);
        }
    }
    None
}

/// The date of a paragraph that holds one date and nothing else but spaces (offsets relative
/// to the paragraph).
fn date_only(text: &str) -> Option<WrittenDate> {
    let (lead, body) = trimmed(text);
    // A written date is a few dozen bytes: a longer line is prose and is not looked into.
    let date = date_at(text, lead).filter(|_| body.len() <= 96)?;
    (date.end == lead.checked_add(body.len())?).then_some(date)
}

/// The signing agency, if this paragraph looks like one (short, no sentence punctuation, no
/// digits, not a heading): its trimmed text and document span.
fn agency(text: &str, offset: usize) -> Option<(String, usize, usize)> {
    let (lead, body) = trimmed(text);
    let chars = body.chars().count();
    let odd = |c: char| "。；，;,：:？?！!".contains(c) || arabic(c).is_some();
    let cjk = body.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    if !(2..=40).contains(&chars) || !cjk || body.chars().any(odd) || heading(body) {
        return None;
    }
    let start = offset.checked_add(lead)?;
    Some((body.to_owned(), start, start.checked_add(body.len())?))
}

/// Whether a line opens with a section number: "六、", "十一.", "（一）", "(二)".
fn heading(text: &str) -> bool {
    let rest = text.trim_start_matches(|c| cn_digit(c).is_some() || c == '十');
    text.starts_with(['（', '('])
        || (rest.len() < text.len() && gap(rest).starts_with(['、', '.', '．']))
}

/// Whether a paragraph is blank or a page number: "-1-", "- 3 -", "— 3 —", "3", "第 3 页",
/// "第3页 共5页".
fn is_filler(text: &str) -> bool {
    let body = trimmed(text).1;
    if body.len() > 40 {
        return false;
    }
    let mut rest = body.trim_matches(|c| is_space(c) || "-－—–−".contains(c));
    let mut numbered = false;
    for word in ["第", "页", "共", "页"] {
        let start = rest.trim_start_matches(is_space);
        let after = start.trim_start_matches(|c| arabic(c).is_some());
        numbered |= after.len() < start.len();
        let after = after.trim_start_matches(is_space);
        rest = after.strip_prefix(word).unwrap_or(after);
    }
    body.is_empty() || (numbered && rest.trim_matches(is_space).is_empty())
}

/// The date that starts exactly at byte `start` of `text`, if one does.
fn date_at(text: &str, start: usize) -> Option<WrittenDate> {
    let s = text.get(start..)?;
    let latin = s.starts_with(|c| arabic(c).is_some());
    let (year, s) = digits(s, if latin { arabic } else { cn_digit }, 4, 4)?;
    let s = gap(s);
    let (month, day, s) = if let Some(s) = s.strip_prefix('年') {
        let (month, s) = small(gap(s), true)?;
        let (day, s) = small(gap(gap(s).strip_prefix('月')?), false)?;
        (month, day, gap(s).strip_prefix('日')?)
    } else {
        let sep = s
            .chars()
            .next()
            .filter(|&c| latin && "-/.－／．".contains(c))?;
        let (month, s) = digits(s.get(sep.len_utf8()..)?, arabic, 1, 2)?;
        let (day, s) = digits(s.strip_prefix(sep)?, arabic, 1, 2)?;
        (month, day, s)
    };
    let year = i32::try_from(year).ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let end = text.len() - s.len();
    let valid =
        (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=days).contains(&day);
    valid.then_some(WrittenDate {
        year,
        month,
        day,
        start,
        end,
    })
}

/// Reads `min` to `max` digits of one kind, with no further digit of that kind after them.
fn digits(mut s: &str, f: fn(char) -> Option<u32>, min: usize, max: usize) -> Option<(u32, &str)> {
    let (mut value, mut count) = (0, 0);
    while let Some((d, rest)) = take(s, f) {
        (value, count, s) = (value * 10 + d, count + 1, rest);
        if count > max {
            return None;
        }
    }
    (count >= min).then_some((value, s))
}

/// A month or day: one or two Arabic digits, Chinese numerals up to 三十一, or 元 (January)
/// when `month`.
fn small(s: &str, month: bool) -> Option<(u32, &str)> {
    if s.starts_with(|c| arabic(c).is_some()) {
        return digits(s, arabic, 1, 2);
    }
    if let Some(rest) = s.strip_prefix('元').filter(|_| month) {
        return Some((1, rest));
    }
    let nonzero = |c| cn_digit(c).filter(|&d| d > 0);
    let (tens, s) = take(s, nonzero).map_or((None, s), |(d, rest)| (Some(d), rest));
    let Some(s) = s.strip_prefix('十') else {
        return tens.map(|t| (t, s));
    };
    let (ones, s) = take(s, nonzero).unwrap_or((0, s));
    Some((tens.unwrap_or(1) * 10 + ones, s))
}

/// The value of the first character of `s` under `value`, and the rest of `s`.
fn take(s: &str, value: impl Fn(char) -> Option<u32>) -> Option<(u32, &str)> {
    let c = s.chars().next()?;
    Some((value(c)?, s.get(c.len_utf8()..)?))
}

/// The value of an Arabic digit, ASCII or full-width.
fn arabic(c: char) -> Option<u32> {
    match c {
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => c.to_digit(10),
    }
}

/// The value of a Chinese numeral digit; zero is 〇, ○, 零, or a letter O standing in for it.
fn cn_digit(c: char) -> Option<u32> {
    if matches!(c, '〇' | '○' | '零' | 'O' | 'Ｏ') {
        return Some(0);
    }
    // Each digit here is three bytes long in UTF-8.
    let at = "一二三四五六七八九".find(c)?;
    u32::try_from(at / 3 + 1).ok()
}

/// Whitespace as documents have it, including the no-break, ideographic and zero-width ones.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// The text without surrounding whitespace, and the byte length of the leading whitespace.
fn trimmed(text: &str) -> (usize, &str) {
    let rest = text.trim_start_matches(is_space);
    (text.len() - rest.len(), rest.trim_end_matches(is_space))
}

/// `s` after at most `MAX_GAP` leading spaces.
fn gap(s: &str) -> &str {
    (0..MAX_GAP).fold(s, |rest, _| rest.strip_prefix(is_space).unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs with their document offsets, as if joined by one newline each.
    fn doc<'a>(lines: &[&'a str]) -> Vec<(&'a str, usize)> {
        let mut at = 0;
        lines
            .iter()
            .map(|l| (*l, (at, at += l.len() + 1).0))
            .collect()
    }

    /// The yyyymmdd numbers of every date in `text`.
    fn numbers(text: &str) -> Vec<i64> {
        dates(text).iter().map(WrittenDate::number).collect()
    }

    /// "number, date as written, agency (or -)" of the signature, read back through the spans.
    fn sign(lines: &[&str]) -> Option<String> {
        let (whole, found) = (lines.join("\n"), signature(&doc(lines))?);
        let agency = found.agency.map_or(Some("-"), |(text, start, end)| {
            whole.get(start..end).filter(|written| *written == text)
        });
        let date = whole.get(found.date.start..found.date.end)?;
        Some(format!("{} {date} {}", found.date.number(), agency?))
    }

    #[test]
    fn written_forms() {
        let forms = "2024年1月31日|2024年01月31日|二〇二四年一月三十一日|二○二四年一月三十一日|二零二四年一月三十一日|二O二四年一月三十一日|2024-01-31|2024/1/31|2024.1.31|２０２４年１月３１日|２０２４－０１－３１|2024 年 1 月 31 日";
        for text in forms.split('|') {
            let spans: Vec<_> = dates(text)
                .iter()
                .map(|d| (d.number(), d.start, d.end))
                .collect();
            assert_eq!(spans, [(20240131, 0, text.len())], "{text}");
        }
        let text = "二〇二三年元月十日，二〇二三年十二月二十日，2024-02-29";
        assert_eq!(numbers(text), [20230110, 20231220, 20240229]);
        let wrong = "2024年13月1日|2024年1月32日|2024年2月30日|2023-02-29|2024年度|2024年1-12月|12024-01-31|2024-01-311|2024-1/31|2024年123月1日|0431-88912802|三二〇二四年一月一日";
        for text in wrong.split('|') {
            assert_eq!(numbers(text), Vec::<i64>::new(), "{text}");
        }
        // 009-huaian-shi-2024.pdftotext.txt, line 7.
        let text = "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。";
        assert_eq!(numbers(text), [20240101, 20241231]);
        let first = dates(text).first().and_then(|d| text.get(d.start..d.end));
        assert_eq!(first, Some("2024 年 1 月 1 日"));
        // examples/2024-nanguan-jiaoyuju.txt, line 3.
        let text = "现公布2024年1月1日—2024年12月31日南关区教育局（地址：南关区健民街与南四环路辅路交叉口西南180米，邮编：130119，联系电话：0431-88912802）";
        assert_eq!(numbers(text), [20240101, 20241231]);
        // 013-shuyang-fgj-2023.html, the crawler's note.
        assert_eq!(numbers("采集时间：2025-12-30T21:37:37+08:00"), [20251230]);
    }

    #[test]
    fn signature_blocks() {
        // 013-shuyang-fgj-2023.html, the last paragraphs of the report (spaces as in the page).
        let shuyang = [
            "六、其他需要报告的事项",
            "2023年度，县发展和改革局政府信息公开未发生收费情况。",
            "                    沭阳县发展和改革局",
            "                      2024年1月17日\n",
            " ",
        ];
        let want = "20240117 2024年1月17日 沭阳县发展和改革局";
        assert_eq!(sign(&shuyang).as_deref(), Some(want));
        // The layout pdftotext prints (indented signature), with page-number lines after it.
        let pdf = [
            "办法》，全年收取政府信息公开信息处理费 3940 元。",
            "                    淮安市人民政府办公室",
            "",
            "                     2025 年 1 月 20 日",
            "- 3 -",
            "第 3 页",
            "-6-",
            "",
        ];
        let want = "20250120 2025 年 1 月 20 日 淮安市人民政府办公室";
        assert_eq!(sign(&pdf).as_deref(), Some(want));
        let found = sign(&["某市统计局", "二〇二四年元月十五日"]);
        assert_eq!(
            found.as_deref(),
            Some("20240115 二〇二四年元月十五日 某市统计局")
        );
        // No agency: a heading, a sentence, nothing, or a name behind a sentence.
        let cases: [&[&str]; 4] = [
            &["六、其他需要报告的事项", "2024年1月31日"],
            &["本年度未收取信息处理费。", "２０２４年１月３１日"],
            &["2024-01-31"],
            &["某局", "本年度未收取信息处理费。", "2024年1月31日"],
        ];
        for lines in cases {
            assert!(sign(lines).is_some_and(|s| s.ends_with(" -")), "{lines:?}");
        }
    }

    #[test]
    fn no_signature() {
        // 009-huaian-shi-2024.pdftotext.txt, the end of the text layer.
        let huaian = [
            "      六、其他需要报告的事项",
            "      2024 年，市政府严格落实《政府信息公开信息处理费管理",
            "办法》，全年收取政府信息公开信息处理费 3940 元。",
            "",
            "-6-",
        ];
        // examples/2024-nanguan-jiaoyuju.txt, the last lines.
        let nanguan = [
            "[bookmark: _GoBack]六、其他需要报告的事项",
            "没有收取信息处理费的情况。",
            "",
            "2",
        ];
        // chains/pingtan-hzs-2019.txt: the signature runs on inside the last line of prose.
        let pingtan = [
            "推动政务公开工作水平再上新台阶。 六、其他需要报告的事项 无平潭综合实验区行政审批局 2020年1月2日 附件下载",
        ];
        let sentence = ["本报告于2024年1月31日发布。", ""];
        let mut far = vec!["某局", "2024年1月31日"];
        far.extend(["正文。"; SIGNATURE_WINDOW]);
        for lines in [&huaian[..], &nanguan, &pingtan, &sentence, &far, &[]] {
            assert_eq!(signature(&doc(lines)), None, "{lines:?}");
        }
        far.pop();
        assert!(signature(&doc(&far)).is_some());
        for text in "-1-|- 3 -|— 3 —|第 3 页|第3页 共5页|  2  |".split('|') {
            assert!(is_filler(text), "{text}");
        }
        for text in "2024年1月31日|第三页|某局|-".split('|') {
            assert!(!is_filler(text), "{text}");
        }
    }

    #[test]
    fn header_dates() {
        // chains/pingtan-gwh-2023.txt, the crawler's header lines.
        let lines = [
            "标题: 平潭综合实验区管委会办公室2023年度政府信息公开工作年度报告",
            "发布时间: 2024-01-31 10:52",
        ];
        let found = header_date(&doc(&lines));
        let whole = lines.join("\n");
        let written = found.and_then(|d| whole.get(d.start..d.end));
        assert_eq!(written, Some("2024-01-31"));
        let labelled = "发布日期: 2024-01-31 10:20|时间：2024年1月31日|日期:2024-01-31| 成文日期：二〇二四年一月三十一日";
        let number = |line: &str| header_date(&doc(&[line])).map(|d| d.number());
        for line in labelled.split('|') {
            assert_eq!(number(line), Some(20240131), "{line}");
        }
        // 013-shuyang-fgj-2023.html: the crawl time and the page's clock are not the report's.
        let other = "采集时间：2025-12-30T21:37:37+08:00|2025年12月30日\t星期二|时间过得很快，2024年1月31日";
        for line in other.split('|') {
            assert_eq!(number(line), None, "{line}");
        }
        let mut late = vec!["正文"; HEADER_WINDOW];
        late.push("发布时间: 2024-01-31");
        assert_eq!(header_date(&doc(&late)), None);
    }

    #[test]
    fn long_inputs_are_linear() {
        let long = "二〇二四年一二三四2024-2024年".repeat(50_000);
        assert!(dates(&long).is_empty());
        let spaces = " ".repeat(1_000_000);
        assert_eq!(signature(&[(spaces.as_str(), 0), (long.as_str(), 1)]), None);
        assert_eq!(header_date(&[(long.as_str(), 0)]), None);
    }
}
