//! Phrases against sentences written as real reports write them.
#![expect(clippy::indexing_slicing, clippy::panic, reason = "tests")]

use nianbao_rules::phrase;
use rust_decimal::Decimal;

use super::*;

fn matches(pattern: &str, prose: &str) -> Vec<(String, Option<Decimal>, bool)> {
    let parsed = phrase::parse(pattern, None).unwrap_or_else(|e| panic!("{pattern}: {e:?}"));
    let key = prose_key(prose);
    Compiled::new(&parsed)
        .find_all(&key, &Numbers::of(&key))
        .into_iter()
        .map(|f| {
            (
                key.get(f.start..f.end).unwrap_or_default().to_owned(),
                f.value,
                f.exact,
            )
        })
        .collect()
}

fn value(n: i64) -> Option<Decimal> {
    Some(Decimal::from(n))
}

/// The usual sentences, as published (009, gwh-2021, gwh-2023, the example report).
#[test]
fn reads_real_sentences() {
    let received = "{收到|受理|接收}…申请{数}件";
    assert_eq!(
        matches(received, "2024 年，全市共受理政府信息公开申请 3119 件，答"),
        vec![("受理政府信息公开申请3119件".to_owned(), value(3119), true)]
    );
    assert_eq!(
        matches(
            received,
            "全年收到政府信息公开申请23件，申请事项主要涉及土地房屋征用"
        ),
        vec![("收到政府信息公开申请23件".to_owned(), value(23), true)]
    );
    assert_eq!(
        matches(
            received,
            "2023年接收通过邮寄、网络提交的各类政府信息公开申请21件，主要涉及"
        ),
        vec![(
            "接收通过邮寄、网络提交的各类政府信息公开申请21件".to_owned(),
            value(21),
            true
        )]
    );
    assert_eq!(
        matches(
            received,
            "共收到依申请公开信息申请2件，未出现因政府信息公开而提起的"
        ),
        vec![("收到依申请公开信息申请2件".to_owned(), value(2), true)]
    );
}

/// Chinese numerals, full-width digits and approximations.
#[test]
fn reads_how_numbers_are_written() {
    let received = "收到…申请{数}件";
    assert_eq!(matches(received, "收到申请两件")[0].1, value(2));
    assert_eq!(matches(received, "收到申请１２件")[0].1, value(12));
    assert_eq!(matches(received, "收到申请一百二十三件")[0].1, value(123));
    assert!(!matches(received, "收到申请十余件")[0].2);
    assert!(!matches(received, "收到申请约20件")[0].2);
    assert!(!matches(received, "收到申请20件左右")[0].2);
}

/// A gap stays inside its clause; two marks let it cross commas, not a full stop.
#[test]
fn gaps_keep_to_the_clause() {
    assert!(matches("收到…申请{数}件", "收到来信，办结申请5件").is_empty());
    let upheld =
        phrase::parse("行政复议……均…维持", Some(Decimal::ZERO)).unwrap_or_else(|e| panic!("{e:?}"));
    let key = prose_key("发生行政复议2件，均获维持。");
    assert_eq!(
        Compiled::new(&upheld)
            .find_all(&key, &Numbers::of(&key))
            .len(),
        1
    );
    let key = prose_key("发生行政复议2件。诉讼均获维持");
    assert!(
        Compiled::new(&upheld)
            .find_all(&key, &Numbers::of(&key))
            .is_empty()
    );
}

/// A gap followed by a figure reaches the nearest figure the rest of the phrase follows: one
/// right after the gap's start, one past another figure that the rest does not follow, never
/// one read from the middle of another number.
#[test]
fn a_gap_reaches_the_figure_the_rest_follows() {
    let phrase = "收到…{数}件";
    assert_eq!(matches(phrase, "收到5件")[0].1, value(5));
    assert_eq!(
        matches(phrase, "收到2个部门转来的申请共17件，已办结")[0],
        ("收到2个部门转来的申请共17件".to_owned(), value(17), true)
    );
    assert_eq!(matches(phrase, "收到申请123件")[0].1, value(123));
    assert!(matches(phrase, "收到申请，共5件").is_empty());
}

/// Every mention counts, not only the first; a number is never read from another's middle.
#[test]
fn finds_every_mention_whole() {
    let found = matches(
        "申请{数}件",
        "收到申请23件，其中…办结申请23件；另有申请123件",
    );
    let values: Vec<_> = found.iter().map(|f| f.1).collect();
    assert_eq!(values, vec![value(23), value(23), value(123)]);
    assert!(matches("{数}件", "abc").is_empty());
}

/// The bitmap of ideographs says what the list says, for every character.
#[test]
fn number_starts_by_bitmap_are_the_listed_characters() {
    let listed = |c: char| c.is_ascii_digit() || NUMBER_STARTS.contains(&c);
    let wrong: Vec<char> = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|&c| may_start_number(c) != listed(c))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    assert!(may_start_number('三') && may_start_number('7') && may_start_number('〇'));
    assert!(!may_start_number('件') && !may_start_number('a'));
}

/// The list is a quick test before reading a number, kept by hand next to the reader's own
/// words: no character a number can be read from may be missing from it. Every character of
/// the Basic Multilingual Plane is tried alone and before the rest of each hedge word, a
/// numeral, a digit, 余 and 干 (若干); the others (no numeral or hedge word is among them)
/// alone and before a numeral.
#[test]
fn no_number_starts_with_an_unlisted_character() {
    let mut rests: Vec<String> = ["", "三", "3", "十", "百", "余", "干"]
        .map(String::from)
        .to_vec();
    rests.extend(
        super::number::BEFORE
            .iter()
            .map(|word| format!("{}三", word.chars().skip(1).collect::<String>())),
    );
    let mut text = String::new();
    let missing: Vec<char> = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|&c| !may_start_number(c))
        .filter(|&c| {
            let tried = if u32::from(c) <= 0xFFFF {
                rests.len()
            } else {
                2
            };
            rests.iter().take(tried).any(|rest| {
                text.clear();
                text.push(c);
                text.push_str(rest);
                super::number::read(&text).is_some()
            })
        })
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

/// The quick word test agrees with `starts_with` for words of every length, ASCII and CJK,
/// at every position of a text (one-byte words such as "," included).
#[test]
fn begins_with_is_starts_with() {
    let text = "共受理申请,15件，其中a1、依申请公开。";
    let words = [
        "",
        ",",
        "a",
        "a1",
        "共",
        "共受",
        "受理申请",
        "件，",
        "。",
        "申请,15",
        "x",
    ];
    let mut compared = 0;
    for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
        let rest = text.get(at..).unwrap_or_default();
        for word in words {
            assert_eq!(
                begins_with(rest, word),
                rest.starts_with(word),
                "{rest:?} {word:?}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 22 * words.len());
}
