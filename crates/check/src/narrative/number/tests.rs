#![expect(clippy::unwrap_used, reason = "tests")]

use super::*;

/// `read(text)` as (value, exact, step, len), `None` when no number starts there.
fn r(text: &str) -> Option<(Option<Decimal>, bool, Decimal, usize)> {
    read(text).map(|w| (w.value, w.exact, w.step, w.len))
}

/// A decimal from its text.
fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Each input with its value, exactness, step and length in bytes.
#[test]
fn table() {
    let cases: &[(&str, Option<&str>, bool, &str, usize)] = &[
        // Arabic digits, grouping, decimals.
        ("95件", Some("95"), true, "1", 2),
        ("05", Some("5"), true, "1", 2),
        ("3,119件", Some("3119"), true, "1", 5),
        ("12,345,678", Some("12345678"), true, "1", 10),
        ("3,11件", Some("3"), true, "1", 1),
        ("3,1190", Some("3"), true, "1", 1),
        ("1234,567", Some("1234"), true, "1", 4),
        ("3、119", Some("3"), true, "1", 1),
        ("45.5%", Some("45.5"), true, "0.1", 4),
        ("16220.85", Some("16220.85"), true, "0.01", 8),
        ("1,234.5", Some("1234.5"), true, "0.1", 7),
        ("3.", Some("3"), true, "1", 1),
        ("3.件", Some("3"), true, "1", 1),
        // Multipliers, and the unit 万元 left to the caller.
        ("1.2万件", Some("12000"), true, "1000", 6),
        ("3万", Some("30000"), true, "10000", 4),
        ("2.5亿件", Some("250000000"), true, "10000000", 6),
        ("2.5亿元", Some("2.5"), true, "0.1", 3),
        ("3万元", Some("3"), true, "1", 1),
        ("1千万元", Some("1000"), true, "1000", 4),
        ("1.5万亿元", Some("15000"), true, "1000", 6),
        ("3万余元", Some("30000"), false, "10000", 7),
        // Chinese numerals.
        ("一", Some("1"), true, "1", 3),
        ("两", Some("2"), true, "1", 3),
        ("十", Some("10"), true, "1", 3),
        ("十二", Some("12"), true, "1", 6),
        ("二十", Some("20"), true, "1", 6),
        ("一百二十三件", Some("123"), true, "1", 15),
        ("一百十", Some("110"), true, "1", 9),
        ("一千零五", Some("1005"), true, "1", 12),
        ("一千零五十", Some("1050"), true, "1", 15),
        ("两万三千", Some("23000"), true, "1", 12),
        ("三千零二十", Some("3020"), true, "1", 15),
        ("一万", Some("10000"), true, "10000", 6),
        ("十万", Some("100000"), true, "10000", 6),
        ("三十五万", Some("350000"), true, "10000", 12),
        ("三万", Some("30000"), true, "10000", 6),
        ("两千", Some("2000"), true, "1", 6),
        ("两千五", Some("2500"), true, "1", 9),
        ("三万五", Some("35000"), true, "1000", 9),
        ("二亿", Some("200000000"), true, "100000000", 6),
        ("一亿三千万", Some("130000000"), true, "10000", 15),
        ("一万亿", Some("1000000000000"), true, "100000000", 9),
        ("一亿万", Some("100000000"), true, "100000000", 6),
        ("二〇二三年", Some("2023"), true, "1", 12),
        ("二零二三", Some("2023"), true, "1", 12),
        ("三万元", Some("3"), true, "1", 3),
        ("三十五万元", Some("35"), true, "1", 9),
        ("五百三百", Some("530"), true, "1", 9),
        ("一是", Some("1"), true, "1", 3),
        // Approximations.
        ("十余件", Some("10"), false, "1", 6),
        ("近百件", Some("100"), false, "1", 6),
        ("百余", Some("100"), false, "1", 6),
        ("千多件", Some("1000"), false, "1", 6),
        ("上百", Some("100"), false, "1", 6),
        ("上万", Some("10000"), false, "10000", 6),
        ("近万元", Some("1"), false, "1", 3),
        ("逾千", Some("1000"), false, "1", 6),
        ("数十件", None, false, "1", 6),
        ("几百", None, false, "1", 6),
        ("数万元", None, false, "1", 3),
        ("数十余", None, false, "1", 9),
        ("若干", None, false, "1", 6),
        ("约数十件", None, false, "1", 9),
        ("十几件", None, false, "1", 6),
        ("二十几万件", None, false, "1", 12),
        ("三四十件", None, false, "1", 9),
        ("两三个", None, false, "1", 6),
        ("十二三件", None, false, "1", 9),
        ("约20件", Some("20"), false, "1", 5),
        ("大约20", Some("20"), false, "1", 8),
        ("20余件", Some("20"), false, "1", 5),
        ("20多件", Some("20"), false, "1", 5),
        ("两千多件", Some("2000"), false, "1", 9),
        ("超过300件", Some("300"), false, "1", 9),
        ("不到10件", Some("10"), false, "1", 8),
        ("将近1.2万", Some("12000"), false, "1000", 12),
    ];
    let mut wrong = Vec::new();
    for &(text, value, exact, step, len) in cases {
        let want = (value.map(d), exact, d(step), len);
        match r(text) {
            Some(got) if got == want => {}
            got => wrong.push(format!("{text}: {got:?}, want {want:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Text that does not start with a number.
#[test]
fn not_numbers() {
    for text in [
        "",
        "件",
        "第一",
        "abc",
        "百姓",
        "千万不要",
        "万元",
        "近期",
        "约",
        "上级",
        "上十",
        "数据",
        ",3",
        ".5",
        "、3",
        "%",
    ] {
        assert_eq!(r(text), None, "{text}");
    }
}

/// Long runs stay linear; beyond a Decimal's 28 digits there is no value.
#[test]
fn long_runs() {
    let ones = "1".repeat(10_000);
    assert_eq!(r(&ones), Some((None, true, Decimal::ONE, 10_000)));
    let fits = "9".repeat(28);
    assert_eq!(r(&fits).unwrap().0, Some(d(&fits)));
    let small = format!("0.{}", "0".repeat(40));
    assert_eq!(r(&small).unwrap().0, None);
    let chinese = "一".repeat(10_000);
    assert_eq!(r(&chinese).unwrap().3, chinese.len());
    let tens = "十".repeat(10_000);
    assert_eq!(r(&tens).unwrap().3, 3);
    let groups = format!("1{}", ",000".repeat(3_000));
    assert_eq!(r(&groups).unwrap().0, None);
}

/// Words after a number and its unit.
#[test]
fn after() {
    assert_eq!(hedged_after("左右，其中"), Some(6));
    assert_eq!(hedged_after("以上"), Some(6));
    assert_eq!(hedged_after("有余"), Some(6));
    assert_eq!(hedged_after("，其中"), None);
    assert_eq!(hedged_after(""), None);
}

/// No panic on any short string of the characters numbers are made of, and `len` is a char
/// boundary within the text.
#[test]
fn never_panics() {
    const ALPHABET: [&str; 18] = [
        "1", "0", ",", ".", "万", "亿", "十", "百", "千", "零", "两", "余", "多", "约", "近", "件",
        "、", "%",
    ];
    for text in nianbao_model::testkit::texts_of(&ALPHABET, 4) {
        if let Some(w) = read(&text) {
            assert!(
                w.len <= text.len() && text.is_char_boundary(w.len),
                "{text}"
            );
        }
        let _ = hedged_after(&text);
    }
}
