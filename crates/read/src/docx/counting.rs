//! Number formats of Word list labels (`w:numFmt`): Chinese counting, Roman, letters, circled.

/// Renders `value` in the Word number format `format` (e.g. `chineseCounting` → "十一").
/// Unknown formats, and values a format cannot express, fall back to decimal.
pub(super) fn format(value: i64, format: &str) -> String {
    let n = u32::try_from(value).unwrap_or(0);
    let rendered = match format {
        "none" | "bullet" => Some(String::new()),
        "decimalZero" if n < 10 => Some(format!("0{n}")),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).map(|r| r.to_lowercase()),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "koreanCounting" => counting(n, &SIMPLE),
        "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => {
            counting(n, &LEGAL)
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => Some(
            n.to_string()
                .chars()
                .filter_map(|c| c.to_digit(10).and_then(|d| digit(d, &SIMPLE)))
                .collect(),
        ),
        "ideographTraditional" => nth("甲乙丙丁戊己庚辛壬癸", n),
        "ideographZodiac" => nth("子丑寅卯辰巳午未申酉戌亥", n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed(n),
        "decimalEnclosedFullstop" => offset(n, 20, 0x2488),
        "decimalEnclosedParen" => offset(n, 20, 0x2474),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .filter_map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10))
                .collect(),
        ),
        _ => None,
    };
    rendered.unwrap_or_else(|| n.to_string())
}

/// Digits and units of a counting system.
struct Numerals {
    /// 〇 (or 零) to 九.
    digits: [char; 10],
    /// 十, 百, 千.
    units: [char; 3],
    /// Whether 10–19 are written without the leading 一 (十一 rather than 一十一).
    short_ten: bool,
}

/// 一二三, as in headings "十一、".
const SIMPLE: Numerals = Numerals {
    digits: ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    short_ten: true,
};

/// 壹贰叁, the financial ("legal") numerals.
const LEGAL: Numerals = Numerals {
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    short_ten: false,
};

fn digit(d: u32, numerals: &Numerals) -> Option<char> {
    numerals.digits.get(usize::try_from(d).ok()?).copied()
}

/// 1..9999 in Chinese counting ("十", "二十", "一百零一"); `None` outside that range.
fn counting(n: u32, numerals: &Numerals) -> Option<String> {
    if n == 0 {
        return digit(0, numerals).map(String::from);
    }
    if n >= 10_000 {
        return None;
    }
    let zero = if numerals.short_ten {
        '零'
    } else {
        digit(0, numerals)?
    };
    let mut out = String::new();
    let mut pending_zero = false;
    let mut rest = n;
    for (place, unit) in [(1000, 2), (100, 1), (10, 0)] {
        let d = rest / place;
        rest %= place;
        if d == 0 {
            pending_zero |= !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push(zero);
            pending_zero = false;
        }
        if !(place == 10 && d == 1 && out.is_empty() && numerals.short_ten) {
            out.push(digit(d, numerals)?);
        }
        out.push(*numerals.units.get(unit)?);
    }
    if rest > 0 {
        if pending_zero {
            out.push(zero);
        }
        out.push(digit(rest, numerals)?);
    }
    Some(out)
}

/// Upper-case Roman numerals, 1..3999.
fn roman(n: u32) -> Option<String> {
    if n == 0 || n >= 4000 {
        return None;
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, symbol) in table {
        while rest >= value {
            out.push_str(symbol);
            rest -= value;
        }
    }
    Some(out)
}

/// Word's letter numbering: A..Z, then AA..ZZ, AAA..
fn letters(n: u32, base: u8) -> Option<String> {
    let index = n.checked_sub(1)?;
    let letter = char::from(base + u8::try_from(index % 26).ok()?);
    let times = usize::try_from(index / 26 + 1).ok()?.min(10);
    Some(std::iter::repeat_n(letter, times).collect())
}

/// The `n`-th (1-based) character of a fixed cycle such as 甲乙丙.
fn nth(cycle: &str, n: u32) -> Option<String> {
    let index = usize::try_from(n.checked_sub(1)?).ok()?;
    cycle.chars().nth(index).map(String::from)
}

/// ① to ㊿.
fn enclosed(n: u32) -> Option<String> {
    match n {
        1..=20 => offset(n, 20, 0x2460),
        21..=35 => char::from_u32(0x3251 + n - 21).map(String::from),
        36..=50 => char::from_u32(0x32B1 + n - 36).map(String::from),
        _ => None,
    }
}

/// The character `first + n - 1` for `n` in `1..=last`.
fn offset(n: u32, last: u32, first: u32) -> Option<String> {
    if n == 0 || n > last {
        return None;
    }
    char::from_u32(first + n - 1).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chinese counting from 1 to 99 and beyond, with 零 where a place is skipped.
    #[test]
    fn chinese_counting() {
        let render = |n| format(n, "chineseCounting");
        let expected = [
            (1, "一"),
            (6, "六"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
        ];
        for (n, text) in expected {
            assert_eq!(render(n), text, "{n}");
        }
        assert_eq!(format(11, "chineseCountingThousand"), "十一");
        assert_eq!(format(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(format(12_345, "chineseCounting"), "12345");
    }

    /// The other formats Word offers, with decimal as the fallback.
    #[test]
    fn other_formats() {
        let cases = [
            (3, "decimal", "3"),
            (3, "decimalZero", "03"),
            (14, "upperRoman", "XIV"),
            (14, "lowerRoman", "xiv"),
            (28, "upperLetter", "BB"),
            (2, "lowerLetter", "b"),
            (3, "ideographTraditional", "丙"),
            (2, "ideographZodiac", "丑"),
            (105, "ideographDigital", "一〇五"),
            (3, "decimalEnclosedCircle", "③"),
            (21, "decimalEnclosedCircleChinese", "㉑"),
            (2, "decimalEnclosedParen", "⑵"),
            (2, "decimalEnclosedFullstop", "⒉"),
            (12, "decimalFullWidth", "１２"),
            (4, "bullet", ""),
            (4, "somethingNew", "4"),
            (-1, "decimal", "0"),
        ];
        for (n, name, text) in cases {
            assert_eq!(format(n, name), text, "{name} {n}");
        }
    }
}
