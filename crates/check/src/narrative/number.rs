//! Numbers as a report's prose writes them: "3,119件", "45.5%", "1.2万", "一百二十三", "二〇二三",
//! and the words that make them approximate ("约20", "近百", "十余", "两千多", "数十").
//!
//! The input is a key form (NFKC, no whitespace): digits are ASCII, "，" is "," and "、" stays
//! "、", so "3、119" is a list and only "3" is read.
//!
//! A multiplier 千/万/亿 directly followed by "元" is left unread ("3万元" reads 3, "三万元"
//! reads 3): tables state money "万元", and only the caller knows which unit literal it
//! matches, so it gets the whole "万元". "3万余元" is read whole, as 30000; "近万元" reads 1 and
//! leaves "万元".

use rust_decimal::Decimal;

/// A number as the prose writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    /// The value in base units (万 and 亿 multiplied out). `None` when the words give no value
    /// (数十, 几百, 若干, 十几, the range 三四十) or it does not fit a `Decimal` (more than
    /// 28 digits): the caller cannot compare it.
    pub value: Option<Decimal>,
    /// False when the words say the figure is approximate: 约, 近, 逾, 超过, 不到, 余, 多 …
    pub exact: bool,
    /// The rounding step of the written figure in base units: 1 for "95" and "一百二十三", 0.1
    /// for "45.5", 1000 for "1.2万", 10000 for "3万" and "三十五万", 1000 for "三万五". Chinese
    /// numerals are exact to the unit except when they end on 万 or 亿 (reports write 二十件 to
    /// mean exactly 20, but 三万 the way they write 3万).
    pub step: Decimal,
    /// Bytes of the input consumed (hedge words before the number included, and 余/多 after it).
    pub len: usize,
}

/// Hedge words before a number, longest first where one starts another. 上 only counts before a
/// bare unit (上百), in [`read`].
pub(super) const BEFORE: [&str; 13] = [
    "大约",
    "将近",
    "接近",
    "超过",
    "不超过",
    "不少于",
    "不到",
    "不足",
    "约",
    "近",
    "逾",
    "超",
    "上",
];

/// Hedge words after a number and its unit.
const AFTER: [&str; 5] = ["左右", "以上", "以下", "上下", "有余"];

/// Multipliers after Arabic digits, longest first: "1千万元" reads 1000 and leaves "万元".
const TIMES: [(&str, u64); 5] = [
    ("万亿", 1_000_000_000_000),
    ("千万", 10_000_000),
    ("亿", 100_000_000),
    ("万", 10_000),
    ("千", 1_000),
];

/// Reads the number at the start of `text`, with any hedge word in front of it (约20, 近百,
/// 超过300) and after it (20余, 十余, 两千多). `None` if no number starts there.
///
/// Context is the caller's: "一是" reads 1 and "十分" reads 10, "近三年" reads 3 (approximate).
pub(crate) fn read(text: &str) -> Option<Written> {
    let hedge = BEFORE
        .iter()
        .find(|w| text.starts_with(**w))
        .map_or(0, |w| w.len());
    let rest = text.get(hedge..)?;
    let mut chars = rest.chars();
    let first = chars.next().map(unit);
    let tail = chars.next();
    if hedge > 0 && text.starts_with('上') && !matches!(first, Some(Some(100..))) {
        return None;
    }
    if let Some(vague) = vague(rest) {
        return Some(Written {
            len: hedge + vague.len,
            ..vague
        });
    }
    // A bare 百/千/万 is a number only when hedged: 近百, 上千, 万余 — not 百姓, 千万不要.
    let bare = hedge > 0 || matches!(tail, Some('余' | '多'));
    let mut core = arabic(rest).or_else(|| chinese(rest, bare))?;
    core.exact &= hedge == 0;
    let after = rest.get(core.len..)?;
    if core.unit_end && after.starts_with('几') {
        // 十几, 二十几万: no value.
        core.value = None;
        core.exact = false;
        core.len += '几'.len_utf8() + units(after.get('几'.len_utf8()..)?);
    } else if after.starts_with(['余', '多']) {
        core.exact = false;
        core.len += '余'.len_utf8();
    }
    Some(Written {
        value: core.value.map(|v| v.normalize()),
        exact: core.exact,
        step: core.step.normalize(),
        len: hedge + core.len,
    })
}

/// Whether the words right after a number and its unit make it approximate: 左右, 以上, 以下,
/// 上下, 有余. `after` is the text following the unit (e.g. "左右，其中…"); the bytes consumed.
pub(crate) fn hedged_after(after: &str) -> Option<usize> {
    AFTER
        .iter()
        .find(|w| after.starts_with(**w))
        .map(|w| w.len())
}

/// A number read without the words around it.
struct Core {
    value: Option<Decimal>,
    exact: bool,
    step: Decimal,
    len: usize,
    /// A Chinese numeral ending on a unit, which 几 may follow (十几).
    unit_end: bool,
}

/// Words that name no figure: 若干, 数十, 几百, 数万 (with 余/多 after them).
fn vague(text: &str) -> Option<Written> {
    let len = if text.starts_with("若干") {
        "若干".len()
    } else {
        let rest = text.strip_prefix(['数', '几'])?;
        match units(rest) {
            // "数万元": the caller reads the unit 万元.
            0 if rest.starts_with(['万', '亿']) => '数'.len_utf8(),
            0 => return None,
            n => '数'.len_utf8() + n,
        }
    };
    let more = text.get(len..).is_some_and(|r| r.starts_with(['余', '多']));
    Some(Written {
        value: None,
        exact: false,
        step: Decimal::ONE,
        len: len + if more { '余'.len_utf8() } else { 0 },
    })
}

/// Bytes of the run of unit characters at the start of `text`, short of a 万/亿 before "元".
fn units(text: &str) -> usize {
    let mut len = 0;
    for (at, c) in text.char_indices() {
        let yuan = text
            .get(at + c.len_utf8()..)
            .is_some_and(|r| r.starts_with('元'));
        match unit(c) {
            Some(u) if !(u >= 10_000 && yuan) => len = at + c.len_utf8(),
            _ => break,
        }
    }
    len
}

/// An Arabic number: digits, "," thousands groups when the grouping is valid, a decimal part,
/// a multiplier. Linear in its length; more than 28 digits give no value.
fn arabic(text: &str) -> Option<Core> {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        bytes
            .get(from..)
            .map_or(0, |b| b.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let mut end = run(0);
    if end == 0 {
        return None;
    }
    if end <= 3 {
        while bytes.get(end) == Some(&b',') && run(end + 1) == 3 {
            end += 4;
        }
    }
    let mut scale = 0;
    if bytes.get(end) == Some(&b'.') && run(end + 1) > 0 {
        scale = run(end + 1);
        end += 1 + scale;
    }
    let scale = u32::try_from(scale).unwrap_or(u32::MAX);
    let mantissa = text
        .get(..end)?
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(0i128, |m, b| {
            m.checked_mul(10)?.checked_add(i128::from(b - b'0'))
        });
    let mut value = mantissa.and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok());
    let mut step = Decimal::try_new(1, scale).unwrap_or(Decimal::ZERO);
    let rest = text.get(end..)?;
    for (word, times) in TIMES {
        if let Some(after) = rest.strip_prefix(word)
            && !after.starts_with('元')
        {
            value = value.and_then(|v| v.checked_mul(times.into()));
            step = step.checked_mul(times.into()).unwrap_or(times.into());
            end += word.len();
            break;
        }
    }
    Some(Core {
        value,
        exact: true,
        step,
        len: end,
        unit_end: false,
    })
}

/// The value of a Chinese digit (两 included).
fn digit(c: char) -> Option<u64> {
    let c = match c {
        '〇' => '零',
        '两' => '二',
        c => c,
    };
    let d = "零一二三四五六七八九".chars().position(|d| d == c)?;
    u64::try_from(d).ok()
}

/// The value of a Chinese unit.
fn unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1_000),
        '万' => Some(10_000),
        '亿' => Some(100_000_000),
        _ => None,
    }
}

/// A Chinese numeral written digit by digit, as years are (二〇二三). Two consecutive digits
/// (三四) are a range, read by [`chinese`].
fn by_digit(text: &str) -> Option<Core> {
    let plain = |c: char| digit(c).filter(|_| c != '两');
    let mut run = text.chars().map_while(plain);
    let (a, b) = (run.next()?, run.next()?);
    if run.next().is_none() && b == a + 1 {
        return None;
    }
    let len = text
        .chars()
        .take_while(|c| plain(*c).is_some())
        .map(char::len_utf8)
        .sum();
    let value = text
        .chars()
        .map_while(plain)
        .try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(d));
    Some(Core {
        value: value.map(Decimal::from),
        exact: true,
        step: Decimal::ONE,
        len,
        unit_end: false,
    })
}

/// A Chinese numeral: 一百二十三, 一千零五, 两万三千, 两千五 (2500), 三万五 (35000), the range
/// 三四十 (no value). With `bare`, a leading unit counts one of itself (近百).
fn chinese(text: &str, bare: bool) -> Option<Core> {
    if let Some(core) = by_digit(text) {
        return Some(core);
    }
    // high: the part times 亿; mid: the 万 part of the current 亿 block; low: below 万.
    let (mut high, mut mid, mut low) = (0u64, 0u64, 0u64);
    let mut pending: Option<u64> = None;
    let mut small = 10_000; // the last 十/百/千 of this section: the next one must be lower
    let mut place = 1; // what a trailing digit is worth: 五 in 两千五 is 500
    let (mut wan, mut yi, mut range) = (false, false, false);
    let (mut end, mut step) = (0, 1);
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        let empty = end == 0 && pending.is_none();
        if let Some(d) = digit(c) {
            match pending {
                _ if d == 0 => {
                    if pending.is_some() {
                        break;
                    }
                    place = 1;
                    continue;
                }
                Some(p) if !range && d == p + 1 => range = true,
                Some(_) => break,
                None => {}
            }
            pending = Some(d);
            step = if place >= 1_000 { place } else { 1 };
            end = next;
            continue;
        }
        let Some(u) = unit(c) else { break };
        if u < 10_000 {
            if u >= small {
                break;
            }
            let n = match pending.take() {
                Some(d) => d,
                None if u == 10 || (empty && bare) => 1,
                None => break,
            };
            low = low.checked_add(n.checked_mul(u)?)?;
            (small, place, step) = (u, u / 10, 1);
        } else {
            let yuan = text.get(next..).is_some_and(|r| r.starts_with('元'));
            if yuan && empty && bare {
                // 近万元: one 万元.
                return Some(Core {
                    value: Some(Decimal::ONE),
                    exact: true,
                    step: Decimal::ONE,
                    len: 0,
                    unit_end: false,
                });
            }
            if yuan || (empty && !bare) || if u == 10_000 { wan } else { yi } {
                break;
            }
            let section = low.checked_add(pending.take().map_or(0, |d| d * place))?;
            let section = if empty { 1 } else { section };
            if u == 10_000 && section > 0 {
                mid = section.checked_mul(u)?;
                wan = true;
            } else if u > 10_000 && mid.checked_add(section)? > 0 {
                high = mid.checked_add(section)?.checked_mul(u)?;
                (mid, wan, yi) = (0, false, true);
            } else {
                break; // 一亿万: no count of 万
            }
            (low, small, place, step) = (0, 10_000, u / 10, u);
        }
        end = next;
    }
    if end == 0 {
        return None;
    }
    let total = high
        .checked_add(mid)?
        .checked_add(low)?
        .checked_add(pending.map_or(0, |d| d * place))?;
    Some(Core {
        value: (!range).then(|| Decimal::from(total)),
        exact: !range,
        step: Decimal::from(step),
        len: end,
        unit_end: pending.is_none(),
    })
}

#[cfg(test)]
mod tests;
