//! Label normalisation: the comparison key under which a label in a document matches the
//! official label in a rule file (spec §7.1). Only keys are normalised; text shown to users
//! is always the original.

use unicode_normalization::UnicodeNormalization;

/// The comparison key of a label: NFKC (full-width → half-width), no whitespace at all (PDF
/// and HTML split labels such as "商业 企业"), one kind of quote, and "、" read as "，".
pub fn key(label: &str) -> String {
    let mut key: String = label
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '„' | '‟' | '"' | '「' | '」' => '"',
            '‘' | '’' | '\'' => '\'',
            '、' => ',',
            other => other,
        })
        .collect();
    // An item number is written "1." or "1、": read both as "1.".
    let digits = key.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && key.get(digits..digits + 1) == Some(",") {
        key.replace_range(digits..digits + 1, ".");
    }
    key
}

/// Text in its key form with, for every byte of the key, the byte offset in the original
/// text it came from, so a label found in the key can be located in the original.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The key form of the whole text.
    pub key: String,
    /// `origin[i]` is the original offset of key byte `i`; one extra entry holds the end.
    pub origin: Vec<usize>,
}

impl Mapped {
    /// The key form of `text`, mapped.
    pub fn new(text: &str) -> Self {
        let mut mapped = Mapped::default();
        for (at, c) in text.char_indices() {
            let piece = key(c.encode_utf8(&mut [0; 4]));
            mapped.origin.extend(std::iter::repeat_n(at, piece.len()));
            mapped.key.push_str(&piece);
        }
        mapped.origin.push(text.len());
        mapped
    }

    /// Original byte range of the key range `start..end`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let at = |i: usize| {
            self.origin
                .get(i)
                .copied()
                .unwrap_or_else(|| self.origin.last().copied().unwrap_or(0))
        };
        // The end maps to just after the last key byte's original character.
        let last = at(end.saturating_sub(1));
        let after = self
            .origin
            .iter()
            .copied()
            .find(|&o| o > last)
            .unwrap_or(last + 1);
        (at(start), after.min(*self.origin.last().unwrap_or(&after)))
    }
}

/// The key of a heading without its leading number: "1、 总体情况", "一、总体情况" and
/// "（一）总体情况" all give "总体情况".
pub fn heading_key(heading: &str) -> String {
    let key = key(heading);
    strip_number(&key).to_owned()
}

fn strip_number(key: &str) -> &str {
    const NUMERALS: &str = "0123456789一二三四五六七八九十";
    if let Some(rest) = key.strip_prefix('(') {
        if let Some((inside, after)) = rest.split_once(')')
            && !inside.is_empty()
            && inside.chars().all(|c| NUMERALS.contains(c))
        {
            return after;
        }
        return key;
    }
    let digits = key
        .char_indices()
        .find(|(_, c)| !NUMERALS.contains(*c))
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
    const MIN_PREFIX: usize = 4;
    document == official
        || (document.chars().count() >= MIN_PREFIX
            && (official.starts_with(document) || document.starts_with(official)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
