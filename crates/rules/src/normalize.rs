//! Label normalisation: the comparison key under which a label in a document matches the
//! official label in a rule file (spec §7.1). Only keys are normalised; text shown to users
//! is always the original.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// The comparison key of a label: NFKC (full-width → half-width), no whitespace at all (PDF
/// and HTML split labels such as "商业 企业"), one kind of quote, and "、" read as "，".
pub fn key(label: &str) -> String {
    let bytes = label.as_bytes();
    let mut key = String::with_capacity(label.len());
    // Simple characters are their own NFKC form and never compose with the character before
    // them, so NFKC can be taken piece by piece: runs of them directly, and each run of other
    // characters through the normaliser together with the simple character before it (which
    // a combining mark may compose with). A document's text is mostly simple characters, and
    // most of those are their own key: they are copied a stretch at a time, from `copied`.
    let mut copied = 0;
    let mut at = 0;
    loop {
        at = own_run_end(label, at);
        if at >= bytes.len() {
            break;
        }
        key.push_str(label.get(copied..at).unwrap_or_default());
        // The commonest simple characters between runs (line breaks and tabs between a
        // text's cells, full-width punctuation, "、" and quotes in its prose), as the simple
        // branch below takes them, without decoding and folding each one.
        if let Some((folded, width)) = common_simple(bytes.get(at..).unwrap_or_default()) {
            match folded {
                Some(folded) => key.push(folded),
                // ASCII whitespace, dropped: the rest of its run too (a line break and the
                // next line's indent in a text report, a blank line between its rows).
                None => at += ascii_spaces(bytes.get(at + width..).unwrap_or_default()),
            }
            at += width;
            copied = at;
            continue;
        }
        let Some(c) = label.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if let Some(simple) = simple(c) {
            if let Some(folded) = fold(simple) {
                key.push(folded);
            }
            at += c.len_utf8();
            copied = at;
            continue;
        }
        // A run of other characters, with the simple character before it (if any), whose key
        // is taken back: the character before a run is always simple, what it left in the key
        // is what `fold` makes of it.
        let before = label.get(..at).and_then(|text| text.chars().next_back());
        let start = before.map_or(0, |before| {
            let left = simple(before).and_then(fold).map_or(0, char::len_utf8);
            key.truncate(key.len().saturating_sub(left));
            at - before.len_utf8()
        });
        at += c.len_utf8();
        while let Some(c) = label.get(at..).and_then(|rest| rest.chars().next())
            && simple(c).is_none()
        {
            at += c.len_utf8();
        }
        key.extend(
            label
                .get(start..at)
                .unwrap_or_default()
                .nfkc()
                .filter_map(fold),
        );
        copied = at;
    }
    key.push_str(label.get(copied..).unwrap_or_default());
    // An item number is written "1." or "1、": read both as "1.".
    let digits = key.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && key.get(digits..digits + 1) == Some(",") {
        key.replace_range(digits..digits + 1, ".");
    }
    key
}

/// The key of `label` without a copy when the label is its own key (most table cells: figures,
/// and labels written without spaces or full-width forms); [`key`] otherwise.
pub fn key_cow(label: &str) -> Cow<'_, str> {
    if is_own_key(label) {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(key(label))
    }
}

/// Whether `key(label)` is `label`: every character is one [`key`] keeps as it is and that
/// composes with nothing (printable ASCII, the common CJK ideographs, "。" and the CJK brackets
/// other than the corner quotes), and no item number is written "1,".
fn is_own_key(label: &str) -> bool {
    let digits = label.bytes().take_while(u8::is_ascii_digit).count();
    let numbered_with_comma = digits > 0 && label.as_bytes().get(digits) == Some(&b',');
    !numbered_with_comma && own_run_end(label, 0) == label.len()
}

/// Where the run of characters from byte `from` ends whose key is themselves and that compose
/// with nothing: printable ASCII, the common CJK ideographs (U+4E00–U+9FFF), "。" and the CJK
/// brackets U+3008–U+3011 other than the corner quotes "「」". Judged on the UTF-8 bytes, so
/// that the bulk of a report's text is copied, not decoded and pushed character by character.
fn own_run_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    // A byte at a time, the lead byte deciding: `from` is a character boundary and a `str` is
    // valid UTF-8, so a lead byte E3–E9 has its two continuation bytes.
    while let Some(&lead) = bytes.get(at) {
        let own = match lead {
            b'!'..=b'~' => 1,
            // U+4E00 is E4 B8 80 and U+9FFF is E9 BF BF.
            0xE5..=0xE9 => 3,
            0xE4 if bytes.get(at + 1).is_some_and(|&second| second >= 0xB8) => 3,
            // U+3002 "。" and U+3008–U+3011 without U+300C/U+300D.
            0xE3 if bytes.get(at + 1) == Some(&0x80)
                && matches!(bytes.get(at + 2), Some(0x82 | 0x88..=0x8B | 0x8E..=0x91)) =>
            {
                3
            }
            _ => return at,
        };
        at += own;
    }
    at
}

/// How many of the bytes `bytes` starts with are ASCII whitespace.
fn ascii_spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| is_ascii_space(b)).count()
}

/// Whether `b` is an ASCII whitespace character (`char::is_whitespace` of ASCII: tab to
/// carriage return and space), which a key drops.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `fold(simple(c))` for the character `bytes` start with, and its length in bytes, when it
/// is one of the commonest simple characters that are not their own key: ASCII whitespace
/// (dropped: `None`), the full-width forms of ASCII, "、" and the curly quotes. `None` for any
/// other character.
fn common_simple(bytes: &[u8]) -> Option<(Option<char>, usize)> {
    let folded = match bytes {
        [first, ..] if is_ascii_space(*first) => return Some((None, 1)),
        // U+FF01–U+FF3F and U+FF40–U+FF5E: ASCII 0x21–0x7E, none of them whitespace.
        [0xEF, 0xBC, low @ 0x81..=0xBF, ..] => char::from(low - 0x81 + 0x21),
        [0xEF, 0xBD, low @ 0x80..=0x9E, ..] => char::from(low - 0x80 + 0x60),
        // U+3001 "、".
        [0xE3, 0x80, 0x81, ..] => ',',
        // U+2018 U+2019 and U+201C U+201D.
        [0xE2, 0x80, 0x98 | 0x99, ..] => '\'',
        [0xE2, 0x80, 0x9C | 0x9D, ..] => '"',
        _ => return None,
    };
    Some((Some(folded), 3))
}

/// The NFKC form of a character that is one character and cannot take part in a composition
/// with its neighbours, for the characters labels are mostly made of: ASCII, the common CJK
/// ideographs, CJK punctuation and quotes (their own form), the full-width forms of ASCII and
/// the ideographic space (their half-width ones). A text made only of these is its NFKC form
/// character by character, which saves the normaliser's buffering and table lookups.
fn simple(c: char) -> Option<char> {
    match c {
        '\0'..='\u{7F}' | '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{3002}' => Some(c),
        '\u{3008}'..='\u{3011}' | '\u{2018}'..='\u{201D}' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// A normalised character in its key form: whitespace dropped, quotes and "、" unified.
fn fold(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '“' | '”' | '„' | '‟' | '"' | '「' | '」' => Some('"'),
        '‘' | '’' | '\'' => Some('\''),
        '、' => Some(','),
        other => Some(other),
    }
}

/// Text in its key form, with the way back from every key byte to the original text, so a
/// label found in the key can be located in the original.
///
/// Key and original mostly advance together byte for byte (ASCII, CJK ideographs), so only the
/// points where they stop doing so are stored: memory grows with the changes (dropped spaces,
/// full-width forms), not with the text, which matters for a crawler page that is one
/// paragraph of megabytes.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The key form of the whole text.
    pub key: String,
    /// `(key offset, original offset)` where the two stop advancing together; from each point
    /// to the next, both advance byte by byte.
    points: Vec<(usize, usize)>,
    /// The length of the original text.
    len: usize,
}

impl Mapped {
    /// The key form of `text`, mapped.
    pub fn new(text: &str) -> Self {
        Self::with_fold(text, fold)
    }

    /// The key form of prose, mapped: as [`Mapped::new`] but "、" is kept, because in prose it
    /// separates the items of a list ("3、119" is two numbers, "3,119" one).
    pub fn prose(text: &str) -> Self {
        Self::with_fold(text, |c| if c == '、' { Some(c) } else { fold(c) })
    }

    fn with_fold(text: &str, fold: impl Fn(char) -> Option<char>) -> Self {
        let mut mapped = Mapped {
            key: String::with_capacity(text.len()),
            len: text.len(),
            ..Mapped::default()
        };
        let mut piece = String::new();
        let mut at = 0;
        loop {
            // A run of characters that are their own key (both folds keep them) goes in whole.
            let end = own_run_end(text, at);
            if end > at {
                let own = text.get(at..end).unwrap_or_default();
                mapped.push(at, own.len(), own);
                at = end;
            }
            // `at` is now at a character that is not its own key, or at the end.
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            // The common characters (whitespace, full-width punctuation) have a one-character
            // NFKC form known without the normaliser (and the piece's buffer).
            if let Some(simple) = simple(c) {
                if let Some(folded) = fold(simple) {
                    mapped.push(at, c.len_utf8(), folded.encode_utf8(&mut [0; 4]));
                }
            } else {
                piece.clear();
                piece.extend(std::iter::once(c).nfkc().filter_map(&fold));
                mapped.push(at, c.len_utf8(), &piece);
            }
            at += c.len_utf8();
        }
        mapped
    }

    /// Appends the key form `piece` of the `width` bytes at original offset `at`: one
    /// character, or a run of characters that are their own key.
    fn push(&mut self, at: usize, width: usize, piece: &str) {
        if piece.is_empty() {
            return;
        }
        let key_at = self.key.len();
        if piece.len() == width {
            // Byte for byte: a point only where the run so far would map elsewhere.
            if self.continued(key_at) != at {
                self.points.push((key_at, at));
            }
        } else {
            // Every byte of a reshaped character leads back to the character's start.
            self.points
                .extend((0..piece.len()).map(|byte| (key_at + byte, at)));
        }
        self.key.push_str(piece);
    }

    /// The original offset of key byte `i` (the text's end past the key's end).
    fn origin(&self, i: usize) -> usize {
        if i >= self.key.len() {
            return self.len;
        }
        let after = self.points.partition_point(|&(key, _)| key <= i);
        match after.checked_sub(1).and_then(|p| self.points.get(p)) {
            Some(&(key, original)) => original + (i - key),
            None => i,
        }
    }

    /// Where key byte `i` at or past the last point would lead if the run from that point went
    /// on byte for byte (used while the key is built, when `i` is not yet in it).
    fn continued(&self, i: usize) -> usize {
        match self.points.last() {
            Some(&(key, original)) => original + (i - key),
            None => i,
        }
    }

    /// Original byte range of the key range `start..end`: from the first key byte's origin to
    /// where the next key byte's character starts (the text's end after the last).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.origin(end.saturating_sub(1));
        // Bytes of one reshaped character share an origin: step past them.
        let after = (end..self.key.len())
            .map(|k| self.origin(k))
            .find(|&o| o > last)
            .unwrap_or(self.len);
        (self.origin(start), after)
    }
}

/// The key of a heading without its leading number: "1、 总体情况", "一、总体情况" and
/// "（一）总体情况" all give "总体情况".
pub fn heading_key(heading: &str) -> String {
    let key = key(heading);
    strip_number(&key).to_owned()
}

/// The [`heading_key`] of `text`, or `None` when that key surely has more than `most`
/// characters. Telling so reads about `most` characters of the text, not all of it: a report's
/// paragraphs of prose are not keyed only to be found too long for a heading.
pub fn heading_key_within(text: &str, most: usize) -> Option<String> {
    // Every ideograph of U+4E00–U+9FFF is its own key, one character, and only the numerals
    // among them are taken off with a heading's number: the others are a lower bound of the
    // key's length.
    let mut kept = 0_usize;
    for c in text.chars() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) && !is_heading_numeral(c) {
            kept += 1;
            if kept > most {
                return None;
            }
        }
    }
    Some(heading_key(text))
}

/// Whether a heading's number may be written with `c` (matched as characters: searching a
/// string of them for every character cost more than keying the text).
fn is_heading_numeral(c: char) -> bool {
    matches!(
        c,
        '0'..='9' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// A key without its leading heading number: the [`heading_key`] of the text `key` is the
/// key of.
pub fn strip_number(key: &str) -> &str {
    if let Some(rest) = key.strip_prefix('(') {
        if let Some((inside, after)) = rest.split_once(')')
            && !inside.is_empty()
            && inside.chars().all(is_heading_numeral)
        {
            return after;
        }
        return key;
    }
    let digits = key
        .char_indices()
        .find(|&(_, c)| !is_heading_numeral(c))
        .map_or(key.len(), |(at, _)| at);
    if digits == 0 {
        return key;
    }
    let rest = key.get(digits..).unwrap_or_default();
    rest.strip_prefix([',', '.', ':']).unwrap_or(rest)
}

/// Whether two keys name the same label, allowing one to be a shortened form of the other
/// (reports shorten long labels such as "（二）部分公开（区分处理的…）" to "（二）部分公开").
pub fn same_or_shortened(document: &str, official: &str) -> bool {
    // Neither begins the other (nor equals it) unless their first bytes agree or one is
    // empty: told before the comparisons, for the many pairs that differ at once.
    let (d, o) = (document.as_bytes(), official.as_bytes());
    if !d.is_empty() && !o.is_empty() && d.first() != o.first() {
        return false;
    }
    document == official
        || (may_be_shortened(document)
            && (official.starts_with(document) || document.starts_with(official)))
}

/// Whether a document's key is long enough to stand for a label it shortens or lengthens
/// ([`same_or_shortened`]); a shorter one names a label only exactly.
pub fn may_be_shortened(document: &str) -> bool {
    const MIN_PREFIX: usize = 4;
    // Four characters are at least four bytes: most keys are decided without counting.
    document.len() >= MIN_PREFIX && document.chars().nth(MIN_PREFIX - 1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` texts of fewer than `longest` characters drawn from `pool`, the same on every
    /// run (a linear congruential generator started at `seed`).
    fn random_texts(pool: &str, seed: u64, count: usize, longest: usize) -> Vec<String> {
        let pool: Vec<char> = pool.chars().collect();
        let mut state = seed;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize % below.max(1)
        };
        (0..count)
            .map(|_| {
                let len = next(longest);
                (0..len)
                    .filter_map(|_| pool.get(next(pool.len())))
                    .collect()
            })
            .collect()
    }

    /// A text is said to be its own key only when it is: checked for every Unicode scalar value
    /// alone, after a letter, after a digit and before a combining mark.
    #[test]
    fn own_keys_are_keys() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("a{c}"),
                format!("1{c}"),
                format!("{c}\u{301}"),
            ] {
                if is_own_key(&text) {
                    assert_eq!(key(&text), text, "{c:?}");
                }
                assert_eq!(key_cow(&text), key(&text), "{c:?}");
            }
        }
        assert!(is_own_key("12"));
        assert!(is_own_key("商业企业"));
        assert!(!is_own_key("1,234"));
        assert!(!is_own_key("商业 企业"));
    }

    /// The byte test for runs of characters that are their own key accepts exactly these
    /// characters, checked for every Unicode scalar value; a text's key built run by run is its
    /// NFKC form folded, around each of them.
    #[test]
    fn own_runs_are_the_kept_characters() {
        let kept = |c: char| match c {
            '!'..='~' | '\u{4E00}'..='\u{9FFF}' | '。' => true,
            '\u{3008}'..='\u{3011}' => !matches!(c, '「' | '」'),
            _ => false,
        };
        let slow = |text: &str| -> String { text.nfkc().filter_map(fold).collect() };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("中{c}a");
            let expected = if kept(c) { text.len() } else { "中".len() };
            assert_eq!(own_run_end(&text, 0), expected, "{c:?}");
            assert_eq!(key(&text), slow(&text), "{c:?}");
        }
    }

    /// A text's key is its NFKC form folded (an item number's "1," read "1."), whatever mix
    /// of characters it has: random texts of characters of every kind the key treats apart,
    /// next to each other, against the normaliser taken over the whole text.
    #[test]
    fn keys_are_the_folded_nfkc_form_of_any_text() {
        let slow = |text: &str| -> String {
            let mut key: String = text.nfkc().filter_map(fold).collect();
            let digits = key.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && key.get(digits..digits + 1) == Some(",") {
                key.replace_range(digits..digits + 1, ".");
            }
            key
        };
        let pool = "a1 \t\n\r中。、，（）「」〈“”‘’\u{3000}\u{301}\u{308}\u{3099}\u{FF21}\u{FF41}\u{FF5E}\u{2460}\u{F900}\u{2F00}\u{AC00}\u{1100}\u{1161}\u{212B}\u{0041}\u{30AB}\u{FF76}\u{FF9E}e\u{00A0}\u{201A}";
        for text in random_texts(pool, 0x9E37_79B9_7F4A_7C15, 50_000, 12) {
            assert_eq!(key(&text), slow(&text), "{text:?}");
        }
    }

    /// Item numbers written with 、 match the official "1.".
    #[test]
    fn item_numbers() {
        assert_eq!(key("1、申请人无正当理由"), key("1.申请人无正当理由"));
        assert_eq!(key("12、其他"), "12.其他");
    }

    /// Split words, half-width brackets and straight quotes match the official label.
    #[test]
    fn normalises_layout_differences() {
        assert_eq!(key("商业 企业"), key("商业企业"));
        assert_eq!(key("(二)部分公开"), key("（二）部分公开"));
        assert_eq!(key("3.危及\"三安全一稳定\""), key("3.危及“三安全一稳定”"));
        assert_eq!(
            key("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请"),
            key("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
        );
    }

    /// Heading numbers in any of the usual styles are dropped.
    #[test]
    fn strips_heading_numbers() {
        for heading in [
            "一、总体情况",
            "1、 总体情况",
            "（一）总体情况",
            "1.总体情况",
            "总体情况",
        ] {
            assert_eq!(heading_key(heading), "总体情况", "{heading}");
        }
        assert_eq!(heading_key("（本列数据）"), key("（本列数据）"));
    }

    /// A shortened label matches, a different label does not.
    #[test]
    fn accepts_shortened_labels() {
        let official = key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert!(same_or_shortened(&key("（二）部分公开"), &official));
        assert!(!same_or_shortened(&key("（一）予以公开"), &official));
        assert!(!same_or_shortened(&key("其他"), &key("其他结果")));
    }

    /// Text that the key keeps byte for byte needs no points; each dropped space needs one.
    #[test]
    fn mapped_stores_only_the_changes() {
        let plain = "政府信息公开申请情况123".repeat(1000);
        assert!(Mapped::new(&plain).points.is_empty());
        let spaced = "政府信息 公开".repeat(1000);
        assert_eq!(Mapped::new(&spaced).points.len(), 1000);
    }

    /// The breakpoint map answers like a table with one origin per key byte.
    #[test]
    fn mapped_agrees_with_a_full_table() {
        for text in [
            "商业 企业（二）部分公开",
            "  1、申请人 “无正当理由” ① ㎡ ﬁ 结束",
            "三、收到和处理\t政府信息公开申请情况 12 345",
            "",
            "　全角空格与Ａ",
        ] {
            let mapped = Mapped::new(text);
            let mut table = Vec::new();
            let mut key = String::new();
            for (at, c) in text.char_indices() {
                for k in std::iter::once(c).nfkc().filter_map(fold) {
                    table.extend((0..k.len_utf8()).map(|b| (at, b)));
                    key.push(k);
                }
            }
            assert_eq!(mapped.key, key, "{text}");
            for (i, &(at, byte)) in table.iter().enumerate() {
                // Within a character kept byte for byte the map advances; a reshaped one
                // leads every byte back to its start.
                let origin = mapped.origin(i);
                assert!(origin == at + byte || origin == at, "{text}: byte {i}");
            }
            for (start, _) in key.char_indices() {
                let (from, to) = mapped.original(start, key.len());
                assert_eq!(from, table.get(start).map_or(0, |t| t.0), "{text}");
                assert_eq!(to, text.len(), "{text}");
            }
        }
    }

    /// The shortcut for common characters gives exactly what NFKC gives, alone and next to
    /// each other or to characters that do compose.
    #[test]
    fn simple_characters_are_their_nfkc_form() {
        let simple_chars: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| simple(c).is_some())
            .collect();
        for &c in &simple_chars {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(simple(c).map(String::from), Some(nfkc), "{c:?}");
        }
        let slow = |text: &str| -> String { text.nfkc().filter_map(fold).collect() };
        for text in [
            "（一）予以公开",
            "１２、其他",
            "e\u{301}（Ａ）",
            "A\u{30A}\u{3000}“三安全一稳定”",
            "\u{FF21}\u{301}",
            "法人或其他组织【小计】",
            "\u{301}开头",
            "申请①件，办结②件 ℃ ㎡ ﬁ",
            "ｶﾞ半角ｶﾀｶﾅﾞ",
            "甲e\u{301}\u{327}乙o\u{308}\u{304}丙",
            "A\u{30A}",
            "하늘 한글 \u{1100}\u{1161}\u{11A8}",
            "尾部组合e\u{301}",
            "１、\u{2460}",
            "\u{2460}、其他",
        ] {
            assert_eq!(key(text), {
                let mut k = slow(text);
                let digits = k.chars().take_while(char::is_ascii_digit).count();
                if digits > 0 && k.get(digits..digits + 1) == Some(",") {
                    k.replace_range(digits..digits + 1, ".");
                }
                k
            });
        }
    }

    /// A run takes whole characters only, and only characters that are their own key.
    #[test]
    fn runs_take_own_key_characters_whole() {
        let mut taken = 0;
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let text = format!("{c}\u{301}");
            let end = own_run_end(&text, 0);
            if end > 0 {
                assert_eq!(end, c.len_utf8(), "{c:?}");
                assert_eq!(simple(c).and_then(fold), Some(c), "{c:?}");
                taken += 1;
            }
        }
        // ASCII without space and control characters, the common ideographs, 。 and eight
        // brackets.
        assert_eq!(taken, 94 + 0x5200 + 1 + 8);
        assert_eq!(
            own_run_end("本年收到申请12件，", 0),
            "本年收到申请12件".len()
        );
    }

    /// The shortcut for the commonest characters between runs gives what the simple branch
    /// gives, for every character it takes.
    #[test]
    fn common_characters_fold_as_simple_ones() {
        let mut taken = 0;
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let mut bytes = [0; 4];
            let encoded = c.encode_utf8(&mut bytes);
            if let Some((folded, width)) = common_simple(encoded.as_bytes()) {
                assert_eq!(Some(folded), simple(c).map(fold), "{c:?}");
                assert_eq!(width, c.len_utf8(), "{c:?}");
                taken += 1;
            }
        }
        assert_eq!(taken, 6 + 94 + 1 + 4);
        assert_eq!(key("\t１２\n　“甲”、‘乙’：ｚ\r\n"), "12\"甲\",'乙':z");
    }

    /// Every kind of whitespace goes, full-width letters, digits and punctuation become
    /// half-width, and all quote styles fold to one double and one single quote.
    #[test]
    fn key_folds_width_whitespace_and_quotes() {
        assert_eq!(key("\u{3000}商业\t企业\n "), "商业企业");
        assert_eq!(key("ＡＢ１２：（）"), "AB12:()");
        assert_eq!(key("「甲」“乙”\"丙\""), "\"甲\"\"乙\"\"丙\"");
        assert_eq!(key("‘甲’'乙'"), "'甲''乙'");
        assert_eq!(key("一、二"), "一,二");
    }

    /// Only a leading item number has its "、" or "，" read as "."; later ones stay commas.
    #[test]
    fn key_reads_only_the_leading_item_number() {
        assert_eq!(key("1，属于国家秘密"), "1.属于国家秘密");
        assert_eq!(key("１２、其他"), "12.其他");
        assert_eq!(key("其他1、2"), "其他1,2");
        assert_eq!(key("1.5、2"), "1.5,2");
    }

    /// A heading key is given up on only when it is longer than asked, whatever the text
    /// holds: numerals, brackets, spaces, compatibility ideographs and radicals that become
    /// ideographs, combining marks.
    #[test]
    fn a_heading_key_is_given_up_on_only_when_too_long() {
        let pool =
            "一二三四五六七八九十政府信息公开（）()、,. \u{3000}1２\u{F900}\u{2F00}\u{301}a：年度";
        let mut given_up = 0;
        for text in random_texts(pool, 0x2545_F491_4F6C_DD1D, 20_000, 16) {
            let full = heading_key(&text);
            for most in 0..12 {
                match heading_key_within(&text, most) {
                    Some(key) => assert_eq!(key, full, "{text:?}"),
                    None => {
                        given_up += 1;
                        assert!(full.chars().count() > most, "{text:?} {most}");
                    }
                }
            }
        }
        assert!(given_up > 10_000, "{given_up}");
        assert_eq!(
            heading_key_within("二、主动公开政府信息情况", 10).as_deref(),
            Some("主动公开政府信息情况")
        );
        assert_eq!(heading_key_within("二、主动公开政府信息情况", 9), None);
    }

    /// Bracketed, Chinese and Arabic numbers with "、", "." or ":" are stripped from headings;
    /// text without a number is kept.
    #[test]
    fn heading_key_strips_more_number_styles() {
        assert_eq!(
            heading_key("(十二)其他需要报告的事项"),
            "其他需要报告的事项"
        );
        assert_eq!(heading_key("十、结尾"), "结尾");
        assert_eq!(heading_key("6:其他"), "其他");
        assert_eq!(heading_key("（甲）其他"), key("（甲）其他"));
        assert_eq!(heading_key("第一部分"), "第一部分");
    }

    /// A shortened label needs at least four characters; a longer document label matches the
    /// official one it starts with.
    #[test]
    fn shortened_labels_need_four_characters() {
        let official = key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert!(!same_or_shortened(&key("（二）"), &official));
        assert!(same_or_shortened(&key("（二）部"), &official));
        assert!(same_or_shortened(
            &key("（七）总计（件）"),
            &key("（七）总计")
        ));
        assert!(same_or_shortened("其他", "其他"));
        assert!(!same_or_shortened("", &official));
    }
}
