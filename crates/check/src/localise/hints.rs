//! Typing errors that turn a right value into the one written: the real causes behind most
//! wrong cells, named so the officer sees what happened.

use rust_decimal::Decimal;

/// What kind of slip makes `written` out of `suggested`, in Chinese, if it is a known one.
pub(crate) fn slip(written: Decimal, suggested: Decimal) -> Option<String> {
    let (w, s) = (digits(written)?, digits(suggested)?);
    if w.len() == s.len() && w.len() >= 2 && swapped(&w, &s) {
        return Some(format!("相邻两位数字写反了（{s} ↔ {w}）"));
    }
    if w.len() + 1 == s.len() && dropped(&s, &w) {
        return Some(format!("漏写了一位数字（{s} → {w}）"));
    }
    if s.len() + 1 == w.len() && dropped(&w, &s) {
        return Some(format!("多写了一位数字（{s} → {w}）"));
    }
    None
}

/// The slip when the written value is a neighbouring cell's: the row or column shifted.
pub(crate) fn neighbour(written: Decimal, neighbours: &[(String, Decimal)]) -> Option<String> {
    neighbours
        .iter()
        .find(|(_, value)| *value == written && !written.is_zero())
        .map(|(name, _)| format!("填的是相邻单元格（{name}）的数，可能错了行或列"))
}

/// The slip when two cells of a row hold one number split, or one cell two numbers run
/// together: `written` are the two cells as written, `suggested` as they should be.
pub(crate) fn split(written: (Decimal, Decimal), suggested: (Decimal, Decimal)) -> Option<String> {
    let (w1, w2) = (digits(written.0)?, digits(written.1)?);
    let (s1, s2) = (digits(suggested.0)?, digits(suggested.1)?);
    if format!("{w1}{w2}") == s1 && suggested.1.is_zero() {
        return Some(format!("一个数（{s1}）被分成了两格（{w1} 和 {w2}）"));
    }
    if format!("{s1}{s2}") == w1 && written.1.is_zero() {
        return Some(format!("两个数（{s1} 和 {s2}）连成了一个（{w1}）"));
    }
    None
}

/// The decimal digits of a whole number ≥ 0.
fn digits(value: Decimal) -> Option<String> {
    (value.fract().is_zero() && !value.is_sign_negative()).then(|| value.trunc().to_string())
}

/// Whether `a` is `b` with two adjacent digits swapped.
fn swapped(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a.get(i) != b.get(i)).collect();
    match differ.as_slice() {
        [i, j] if *j == i + 1 => a.get(*i) == b.get(*j) && a.get(*j) == b.get(*i),
        _ => false,
    }
}

/// Whether `short` is `long` with one digit left out.
fn dropped(long: &str, short: &str) -> bool {
    long.char_indices().any(|(at, c)| {
        let mut without = long.to_owned();
        without.replace_range(at..at + c.len_utf8(), "");
        without == short
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    /// Swapped, dropped and doubled digits are named; other differences are not.
    #[test]
    fn names_the_common_slips() {
        assert_eq!(
            slip(d(51), d(15)).as_deref(),
            Some("相邻两位数字写反了（15 ↔ 51）")
        );
        assert_eq!(
            slip(d(1), d(10)).as_deref(),
            Some("漏写了一位数字（10 → 1）")
        );
        assert_eq!(
            slip(d(100), d(10)).as_deref(),
            Some("多写了一位数字（10 → 100）")
        );
        assert_eq!(slip(d(7), d(3)), None);
        assert_eq!(slip(d(123), d(321)), None);
    }

    /// A neighbour's value and a split number are recognised.
    #[test]
    fn names_shifted_and_split_values() {
        let near = [("自然人".to_owned(), d(7))];
        assert!(neighbour(d(7), &near).is_some_and(|h| h.contains("自然人")));
        assert_eq!(neighbour(d(0), &[("甲".to_owned(), d(0))]), None);
        assert!(split((d(1), d(2)), (d(12), d(0))).is_some());
        assert!(split((d(12), d(0)), (d(1), d(2))).is_some());
        assert_eq!(split((d(1), d(2)), (d(3), d(0))), None);
    }
}
