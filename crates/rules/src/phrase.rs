//! The phrases of a `fact`: how a rule file writes the words that state a figure.
//!
//! A phrase is written as the sentence reads, with three marks:
//!
//! - `{数}` (or `{N}`) where the figure stands: digits, Chinese numerals, 万/亿, approximations;
//! - `…` for any words within one clause (up to a comma), `……` for any words within one
//!   sentence (up to 。；！？);
//! - `{收到|受理|新收}` for one of several words.
//!
//! `"收到…申请{数}件"` reads "全年共收到政府信息公开申请23件". The parse happens when the rule set
//! is compiled, so a mistake is reported at the phrase, in the rule file.

/// A parsed phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase as the rule file writes it.
    pub written: String,
    /// Its pieces, in order.
    pub pieces: Vec<Piece>,
    /// The value the phrase states when it has no `{数}` (`means 0`).
    pub means: Option<rust_decimal::Decimal>,
}

/// One piece of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// One of these words, as written (the checker compares them in key form).
    Words(Vec<String>),
    /// Any words within one clause (`…`), or within one sentence (`……`).
    Gap {
        /// Whether the gap may cross a comma.
        sentence: bool,
    },
    /// The figure.
    Number,
}

/// A mistake in a phrase: what is wrong, how to fix it, and the byte range in the phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseError {
    /// What is wrong, in Chinese.
    pub message: String,
    /// How to fix it, in Chinese.
    pub help: String,
    /// Byte range inside the phrase text.
    pub at: (usize, usize),
}

/// Names the figure's placeholder may have.
const NUMBER_NAMES: [&str; 4] = ["数", "数字", "N", "n"];

/// Parses a phrase. `means` is the value written after `means`, if any.
pub fn parse(text: &str, means: Option<rust_decimal::Decimal>) -> Result<Phrase, PhraseError> {
    let err = |message: &str, help: &str, at: (usize, usize)| PhraseError {
        message: message.to_owned(),
        help: help.to_owned(),
        at,
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut literal = String::new();
    let mut numbers = 0;
    let mut chars = text.char_indices().peekable();
    let flush = |literal: &mut String, pieces: &mut Vec<Piece>| {
        if !literal.trim().is_empty() {
            pieces.push(Piece::Words(vec![literal.trim().to_owned()]));
        }
        literal.clear();
    };
    while let Some((at, c)) = chars.next() {
        match c {
            '…' | '.' if c == '…' || text.get(at..).is_some_and(|r| r.starts_with("...")) => {
                // A run of `…` (or its ASCII form `...`): one mark is a clause gap, two a
                // sentence gap.
                let mut end = at + c.len_utf8();
                while let Some(&(next, c)) = chars.peek().filter(|&&(_, c)| c == '…' || c == '.')
                {
                    end = next + c.len_utf8();
                    chars.next();
                }
                let run = text.get(at..end).unwrap_or_default();
                let sentence = run.chars().filter(|&c| c == '…').count() >= 2
                    || run.chars().filter(|&c| c == '.').count() >= 6;
                flush(&mut literal, &mut pieces);
                if matches!(pieces.last(), Some(Piece::Gap { .. })) {
                    return Err(err(
                        "两个省略号之间没有文字",
                        "`…` 表示同一分句内的任意文字，`……` 表示同一句内的任意文字；只写一个",
                        (at, end),
                    ));
                }
                pieces.push(Piece::Gap { sentence });
            }
            '{' | '｛' => {
                let close = text
                    .get(at..)
                    .and_then(|rest| rest.find(['}', '｝']))
                    .map(|close| at + close);
                let Some(close) = close else {
                    return Err(err(
                        "`{` 没有对应的 `}`",
                        "写成 `{数}` 表示数字，或 `{收到|受理}` 表示几个词之一",
                        (at, text.len()),
                    ));
                };
                let inner = text.get(at + c.len_utf8()..close).unwrap_or_default();
                let end = close
                    + text
                        .get(close..)
                        .and_then(|r| r.chars().next())
                        .map_or(1, char::len_utf8);
                while chars.peek().is_some_and(|&(next, _)| next < end) {
                    chars.next();
                }
                flush(&mut literal, &mut pieces);
                if NUMBER_NAMES.contains(&inner.trim()) {
                    numbers += 1;
                    if numbers > 1 {
                        return Err(err(
                            "一个说法里只能有一个 `{数}`",
                            "把两个数字分成两个 fact，各写一个说法",
                            (at, end),
                        ));
                    }
                    pieces.push(Piece::Number);
                    continue;
                }
                let words: Vec<String> = inner
                    .split(['|', '｜'])
                    .map(|w| w.trim().to_owned())
                    .collect();
                if words.iter().any(String::is_empty) {
                    return Err(err(
                        "`{…|…}` 中有空的选项",
                        "在 `|` 两边都写上词，例如 `{收到|受理}`；数字写作 `{数}`",
                        (at, end),
                    ));
                }
                pieces.push(Piece::Words(words));
            }
            '}' | '｝' => {
                return Err(err(
                    "多余的 `}`",
                    "`{` 与 `}` 要成对出现",
                    (at, at + c.len_utf8()),
                ));
            }
            other => literal.push(other),
        }
    }
    flush(&mut literal, &mut pieces);
    let whole = (0, text.len());
    if matches!(pieces.first(), Some(Piece::Gap { .. }))
        || matches!(pieces.last(), Some(Piece::Gap { .. }))
    {
        return Err(err(
            "说法不能以省略号开头或结尾",
            "省略号只用在两个词之间，如 `收到…申请{数}件`",
            whole,
        ));
    }
    match (numbers, means) {
        (0, None) => Err(err(
            "说法中没有 `{数}`",
            "在数字的位置写 `{数}`，如 `收到…申请{数}件`；若这句话表示一个固定的数（如“未收到申请”即 0），在说法后写 `means 0`",
            whole,
        )),
        (1, Some(_)) => Err(err(
            "说法中有 `{数}`，又写了 `means`",
            "有 `{数}` 时数字从正文读出，删去 `means`；或删去 `{数}`",
            whole,
        )),
        _ if !pieces.iter().any(|p| matches!(p, Piece::Words(_))) => Err(err(
            "说法中没有文字",
            "写出表示这个数字的词，如 `收到…申请{数}件`",
            whole,
        )),
        _ => Ok(Phrase {
            written: text.to_owned(),
            pieces,
            means,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Piece {
        Piece::Words(w.iter().map(|s| (*s).to_owned()).collect())
    }

    /// The marks become pieces; words between them are kept as written.
    #[test]
    fn parses_the_marks() {
        let phrase = parse("{收到|受理}…申请{数}件", None).map(|p| p.pieces);
        assert_eq!(
            phrase,
            Ok(vec![
                words(&["收到", "受理"]),
                Piece::Gap { sentence: false },
                words(&["申请"]),
                Piece::Number,
                words(&["件"]),
            ])
        );
        let sentence = parse("行政复议……均…维持", Some(rust_decimal::Decimal::ZERO));
        assert_eq!(
            sentence.map(|p| p.pieces),
            Ok(vec![
                words(&["行政复议"]),
                Piece::Gap { sentence: true },
                words(&["均"]),
                Piece::Gap { sentence: false },
                words(&["维持"]),
            ])
        );
        assert_eq!(parse("答复...{N}件", None).map(|p| p.pieces.len()), Ok(4));
    }

    /// Each mistake is located in the phrase and says how to fix it.
    #[test]
    fn reports_mistakes() {
        let at = |text: &str, means| parse(text, means).err().map(|e| e.at);
        assert_eq!(at("收到申请件", None), Some((0, 15)));
        assert_eq!(at("{数}件{数}件", None), Some((8, 13)));
        assert_eq!(at("收到{数件", None), Some((6, 13)));
        assert_eq!(at("…收到{数}件", None), Some((0, 17)));
        assert_eq!(at("收到…{|受理}{数}", None), Some((9, 18)));
        assert_eq!(
            at("收到……{数}", Some(rust_decimal::Decimal::ONE)),
            Some((0, 17))
        );
        assert_eq!(at("收到}", None), Some((6, 7)));
        assert!(parse("未收到…申请", Some(rust_decimal::Decimal::ZERO)).is_ok());
    }
}
