//! Cell values: what a table cell means, separate from how it was written.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The meaning of a table cell. The text as written is kept next to it (see
/// [`crate::BoundCell::raw`]).
///
/// Blank, a mark such as "—" or "/", and 0 are different things: a report that leaves a cell
/// blank has not said it is zero. How a check treats them is decided by the rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Value {
    /// A whole number, e.g. `12`, `１２`, `1,024`, `+1036`, `-18`.
    Integer(i64),
    /// A number with a fractional part, e.g. `96171.6`.
    Decimal(Decimal),
    /// A number written with its unit in the cell, e.g. `251000元`, `3802895.90元`, `12件`.
    Quantity {
        /// The number.
        value: Decimal,
        /// The unit written after it.
        unit: Unit,
    },
    /// Nothing written.
    Blank,
    /// A placeholder mark instead of a number.
    Mark(Mark),
    /// Anything else, e.g. `2件` or `见附件`.
    Text,
    /// A number with more digits than can be computed with (beyond 28 significant digits):
    /// said as such, never taken for text or for some other number.
    Overflow,
}

/// A unit written in a cell after its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// 元 (yuan).
    Yuan,
    /// 万元 (ten thousand yuan).
    WanYuan,
    /// 亿元 (hundred million yuan).
    YiYuan,
    /// 件, 个, 条, 项, 宗: a count.
    Count,
}

impl Unit {
    /// Every unit with the ways it is written, longest first so that 万元 wins over 元.
    pub const WRITTEN: [(&'static str, Unit); 8] = [
        ("万元", Unit::WanYuan),
        ("亿元", Unit::YiYuan),
        ("元", Unit::Yuan),
        ("件", Unit::Count),
        ("个", Unit::Count),
        ("条", Unit::Count),
        ("项", Unit::Count),
        ("宗", Unit::Count),
    ];

    /// The unit as written in Chinese (a count as 件).
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
            Unit::YiYuan => "亿元",
            Unit::Count => "件",
        }
    }

    /// The unit with this written form (`万元` → WanYuan).
    pub fn from_written(text: &str) -> Option<Unit> {
        Self::WRITTEN
            .iter()
            .find(|(written, _)| *written == text.trim())
            .map(|(_, unit)| *unit)
    }
}

/// A placeholder written instead of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// `—`, `-`, `－` and similar dashes.
    Dash,
    /// `/` or `／`.
    Slash,
    /// `无` ("none").
    None,
}

impl Value {
    /// Most significant digits a number may have and still be computed with (what a decimal
    /// holds); a longer one is [`Value::Overflow`].
    pub const MAX_DIGITS: usize = 28;

    /// Reads the text of a cell. Full-width digits and signs count as digits; thousands
    /// separators between digits are ignored.
    pub fn parse(raw: &str) -> Self {
        let text = crate::trim(raw);
        if text.is_empty() {
            return Value::Blank;
        }
        if let Some(n) = plain_count(text) {
            return Value::Integer(n);
        }
        if let Some(mark) = parse_mark(text) {
            return Value::Mark(mark);
        }
        if let Some(number) = parse_number(text) {
            return number;
        }
        Unit::WRITTEN
            .iter()
            .find_map(|(written, unit)| {
                let digits = text.strip_suffix(written)?;
                match parse_number(digits.trim_end())? {
                    Value::Overflow => Some(Value::Overflow),
                    number => Some(Value::Quantity {
                        value: number.number()?,
                        unit: *unit,
                    }),
                }
            })
            .unwrap_or(Value::Text)
    }

    /// The number, if the value is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Integer(n) => Some(Decimal::from(*n)),
            Value::Decimal(d) => Some(*d),
            Value::Quantity { value, .. } => Some(*value),
            Value::Blank | Value::Mark(_) | Value::Text | Value::Overflow => None,
        }
    }

    /// The unit written in the cell, if any.
    pub fn unit(&self) -> Option<Unit> {
        match self {
            Value::Quantity { unit, .. } => Some(*unit),
            _ => None,
        }
    }

    /// Whether the value is a number without a fractional part.
    pub fn is_whole(&self) -> bool {
        match self {
            Value::Integer(_) => true,
            Value::Decimal(d) | Value::Quantity { value: d, .. } => d.fract().is_zero(),
            Value::Blank | Value::Mark(_) | Value::Text | Value::Overflow => false,
        }
    }
}

/// The number of a text of ASCII digits only, short enough not to overflow: what most cells
/// of a report hold, read without the general parser's checks (the same number it reads).
fn plain_count(text: &str) -> Option<i64> {
    const MAX_PLAIN_DIGITS: usize = 18;
    if text.is_empty() || text.len() > MAX_PLAIN_DIGITS {
        return None;
    }
    text.bytes().try_fold(0_i64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

fn parse_mark(text: &str) -> Option<Mark> {
    let dashes = ['—', '-', '－', '–', '―', '─', '一'];
    match text {
        "/" | "／" | "\\" => Some(Mark::Slash),
        "无" => Some(Mark::None),
        // "一" (yī) alone is a common stand-in for a dash in Word tables, but only when doubled
        // or mixed would it be ambiguous; a lone "一" in a number column means a dash.
        _ if text.chars().all(|c| dashes.contains(&c)) => Some(Mark::Dash),
        _ => None,
    }
}

fn parse_number(text: &str) -> Option<Value> {
    // Checked before anything is built: most texts that are not numbers fail at their first
    // character, and most numbers are written in ASCII and read from the text as it is.
    let mut plain = true;
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    for at in 0.. {
        let Some(written) = chars.next() else {
            break;
        };
        let c = half_width(written);
        let between_digits = previous.is_some_and(|p| p.is_ascii_digit())
            && chars
                .peek()
                .is_some_and(|&n| half_width(n).is_ascii_digit());
        match c {
            '0'..='9' | '.' => plain &= c == written,
            '+' | '-' if at == 0 => plain &= c == written,
            ',' | '，' | '\'' if between_digits => plain = false,
            _ => return None,
        }
        previous = Some(c);
    }
    let ascii: Cow<'_, str> = if plain {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(half_width)
                .filter(|c| !matches!(c, ',' | '，' | '\''))
                .collect(),
        )
    };
    let unsigned = ascii.trim_start_matches(['+', '-']);
    if unsigned.is_empty() || unsigned.starts_with('.') || unsigned.ends_with('.') {
        return None;
    }
    if !unsigned.contains('.')
        && let Ok(n) = ascii.trim_start_matches('+').parse::<i64>()
    {
        return Some(Value::Integer(n));
    }
    match Decimal::from_str(ascii.trim_start_matches('+')) {
        Ok(number) => Some(Value::Decimal(number)),
        // A well-formed number beyond the 28 digits a decimal holds.
        Err(_) if unsigned.matches('.').count() <= 1 && unsigned.len() > Value::MAX_DIGITS => {
            Some(Value::Overflow)
        }
        Err(_) => None,
    }
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '＋' => '+',
        '－' | '−' => '-',
        '，' => ',',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    /// Numbers are read in the forms reports use, including full-width digits and signs.
    #[test]
    fn reads_numbers() {
        assert_eq!(Value::parse("12"), Value::Integer(12));
        assert_eq!(Value::parse(" １２ "), Value::Integer(12));
        assert_eq!(Value::parse("1,024"), Value::Integer(1024));
        assert_eq!(Value::parse("+1036"), Value::Integer(1036));
        assert_eq!(Value::parse("-18"), Value::Integer(-18));
        assert_eq!(Value::parse("96171.6"), Value::Decimal(dec("96171.6")));
        assert_eq!(
            Value::parse("７７３０．２８"),
            Value::Decimal(dec("7730.28"))
        );
    }

    /// Plain digits read directly give what the general parser gives, up to the longest
    /// plain count; longer ones and anything else go to the general parser.
    #[test]
    fn plain_digits_read_as_the_parser_reads_them() {
        for text in [
            "0",
            "7",
            "12",
            "0012",
            "999999999999999999",
            "100000000000000000",
        ] {
            assert_eq!(
                plain_count(text),
                parse_number(text).and_then(|v| match v {
                    Value::Integer(n) => Some(n),
                    _ => None,
                }),
                "{text}"
            );
        }
        for text in [
            "",
            "1234567890123456789",
            "１２",
            "1,024",
            "+1",
            "1.5",
            "12件",
            "一",
        ] {
            assert_eq!(plain_count(text), None, "{text}");
        }
        assert_eq!(
            Value::parse("9223372036854775807"),
            Value::Integer(i64::MAX)
        );
        assert_eq!(Value::parse(" 0012 "), Value::Integer(12));
    }

    /// Blank, marks and text stay distinct from zero.
    /// Separators count only between digits, signs only in front, and full-width forms read
    /// as their ASCII digits wherever they are.
    #[test]
    fn separators_and_signs_only_where_a_number_has_them() {
        assert_eq!(Value::parse("１，２３４"), Value::Integer(1234));
        assert_eq!(Value::parse("1'234'567"), Value::Integer(1_234_567));
        assert_eq!(Value::parse("１,０２４．５"), Value::Decimal(dec("1024.5")));
        assert_eq!(Value::parse("－18"), Value::Integer(-18));
        assert_eq!(Value::parse("＋7"), Value::Integer(7));
        for text in [
            ",12", "12,", "1,,2", "1-2", "--3", "1.2.3", "+", ".5", "12件x",
        ] {
            assert_eq!(Value::parse(text), Value::Text, "{text}");
        }
    }

    #[test]
    fn keeps_blank_marks_and_text_apart() {
        assert_eq!(Value::parse(""), Value::Blank);
        assert_eq!(Value::parse("\u{3000}"), Value::Blank);
        assert_eq!(Value::parse("—"), Value::Mark(Mark::Dash));
        assert_eq!(Value::parse("——"), Value::Mark(Mark::Dash));
        assert_eq!(Value::parse("-"), Value::Mark(Mark::Dash));
        assert_eq!(Value::parse("／"), Value::Mark(Mark::Slash));
        assert_eq!(Value::parse("无"), Value::Mark(Mark::None));
        assert_eq!(Value::parse("见附件"), Value::Text);
        assert_eq!(Value::parse("元"), Value::Text);
        assert_eq!(Value::parse("1,2"), Value::Integer(12));
        assert_eq!(Value::parse(",12"), Value::Text);
        assert_eq!(Value::parse("1."), Value::Text);
        assert_eq!(Value::parse("+"), Value::Text);
        assert_eq!(
            Value::parse("99999999999999999999999"),
            Value::Decimal(dec("99999999999999999999999"))
        );
        // Beyond what can be computed with: said so, not text.
        let thirty = "1".repeat(30);
        assert_eq!(Value::parse(&thirty), Value::Overflow);
        assert_eq!(Value::parse(&format!("{thirty}元")), Value::Overflow);
        assert_eq!(Value::parse("1.2.3"), Value::Text);
    }

    /// Amounts and counts written with a unit keep the number and the unit.
    #[test]
    fn reads_units() {
        let quantity = |v: &str, unit| Value::Quantity {
            value: dec(v),
            unit,
        };
        assert_eq!(Value::parse("251000元"), quantity("251000", Unit::Yuan));
        assert_eq!(
            Value::parse("3802895.90元"),
            quantity("3802895.90", Unit::Yuan)
        );
        assert_eq!(
            Value::parse("96171.6万元"),
            quantity("96171.6", Unit::WanYuan)
        );
        assert_eq!(Value::parse("2 件"), quantity("2", Unit::Count));
        assert_eq!(Value::parse("394432.52元").number(), Some(dec("394432.52")));
    }

    /// Whole numbers written with a zero fraction still count as whole.
    #[test]
    fn whole_numbers() {
        assert!(Value::parse("3").is_whole());
        assert!(Value::parse("3.0").is_whole());
        assert!(!Value::parse("3.5").is_whole());
        assert!(!Value::parse("").is_whole());
    }
}
