//! The prose as sentences with their years and numbers taken out, each reduced to a hash: what
//! two reports' texts are compared by (内容雷同). A report that keeps last year's sentences and
//! changes only the figures repeats them.

use nianbao_model::{LineIndex, Sentence};

use super::units::Unit;

/// Sentences shorter than this many characters once normalised (headings, "无。", "详见下表")
/// say too little to count as repeated wording.
pub(crate) const MIN_WEIGHT: usize = 12;

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Characters left out of the comparison: digits and numerals (years, counts), punctuation
/// and spaces, so "2023年受理申请15件。" and "2024年受理申请20件；" are the same sentence.
fn left_out(c: char) -> bool {
    match c {
        '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        | '百' | '千' | '万' | '亿' | '两' => return true,
        // The other common ideographs (most of the prose) are letters: none of the below.
        '\u{4E00}'..='\u{9FFF}' => return false,
        _ => {}
    }
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_numeric()
        // Other punctuation, as characters (a search of a string for each encoded every
        // character of the prose; a list of chars compared one by one costs more too).
        || matches!(
            c,
            '。' | '！'
                | '？'
                | '；'
                | '，'
                | '、'
                | '：'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '《'
                | '》'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '—'
                | '…'
                | '·'
                | '．'
                | '％'
                | '「'
                | '」'
                | '『'
                | '』'
        )
}

/// Every sentence of the prose units outside the `tables` ranges, in text order, with the
/// index of its section from `section_at` (given a document offset).
pub(crate) fn sentences(
    units: &[Unit],
    text: &str,
    index: &LineIndex,
    tables: &[(usize, usize)],
    section_at: &dyn Fn(usize) -> Option<usize>,
) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut kept = String::new();
    for unit in units {
        let mut start = 0;
        for (at, c) in unit.text.char_indices().chain([(unit.text.len(), '\n')]) {
            if !ends_sentence(c) {
                continue;
            }
            // A line break ends a sentence without being part of it.
            let next = (at + c.len_utf8()).min(unit.text.len());
            let end = if c == '\n' { at } else { next };
            let piece = unit.text.get(start..end).unwrap_or_default();
            let from = start;
            start = next;
            // Text inside a table first: a text report's cells are lines of their own.
            let (doc_start, doc_end) = unit.document_range(from, end);
            if tables.iter().any(|&(a, b)| doc_start < b && doc_end > a) {
                continue;
            }
            let weight = compared_part(piece, &mut kept);
            if weight < MIN_WEIGHT {
                continue;
            }
            // Hashed whole: a character at a time costs a hasher round each.
            out.push(Sentence {
                hash: crate::fingerprint::of(&kept),
                span: index.span(text, doc_start, doc_end),
                weight,
                section: section_at(doc_start),
            });
        }
    }
    out
}

/// Writes into `kept` what of `piece` is compared (every character [`left_out`] leaves),
/// and returns how many characters that is. Copied a run at a time: a character at a time
/// was a tenth of reading the prose.
fn compared_part(piece: &str, kept: &mut String) -> usize {
    kept.clear();
    let mut count = 0;
    let mut run: Option<usize> = None;
    for (at, c) in piece.char_indices() {
        if left_out(c) {
            if let Some(start) = run.take() {
                kept.push_str(piece.get(start..at).unwrap_or_default());
            }
        } else {
            count += 1;
            run = run.or(Some(at));
        }
    }
    if let Some(start) = run {
        kept.push_str(piece.get(start..).unwrap_or_default());
    }
    count
}

#[cfg(test)]
#[expect(clippy::indexing_slicing, clippy::string_slice, reason = "tests")]
mod tests {
    use super::*;

    fn of(text: &str) -> Vec<Sentence> {
        sentences(
            &[Unit::detached(text)],
            text,
            &LineIndex::new(text),
            &[],
            &|_| None,
        )
    }

    #[test]
    fn years_numbers_and_punctuation_do_not_make_a_sentence_new() {
        let last = of("2023年本机关共受理政府信息公开申请15件，均已按时答复。");
        let this = of("2024年，本机关共受理政府信息公开申请二十件，均已按时答复；");
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].hash, this[0].hash);
        let other = of("2024年本机关共受理政府信息公开申请20件，其中3件结转下年度办理。");
        assert_ne!(last[0].hash, other[0].hash);
        // Every listed mark that does not end a sentence is left out: the same words with them.
        let marked = of(
            "2023年本机关共受理“政府‘信息’公开”（申请）《15》件【〔—…·．％「」『』】：、，均已按时答复！",
        );
        assert_eq!(last[0].hash, marked[0].hash);
    }

    /// What is compared is the sentence without what is left out, runs at its start, end
    /// and middle included, and its length counts characters.
    #[test]
    fn the_compared_part_leaves_out_numbers_and_marks() {
        let mut kept = String::from("前一句");
        let cases = [
            ("2023年受理申请15件。", "年受理申请件", 6),
            ("“公开”", "公开", 2),
            ("本机关 共受理", "本机关共受理", 6),
            ("，、。", "", 0),
            ("abc", "abc", 3),
        ];
        for (piece, expected, count) in cases {
            assert_eq!(compared_part(piece, &mut kept), count, "{piece}");
            assert_eq!(kept, expected);
            let filtered: String = piece.chars().filter(|&c| !left_out(c)).collect();
            assert_eq!(kept, filtered);
        }
    }

    #[test]
    fn short_sentences_and_table_text_are_not_compared() {
        assert!(of("一、总体情况\n无。\n详见下表。").is_empty());
        let text = "本机关严格落实政府信息公开各项制度要求。";
        let lines = LineIndex::new(text);
        let inside = sentences(
            &[Unit::detached(text)],
            text,
            &lines,
            &[(0, text.len())],
            &|_| None,
        );
        assert!(inside.is_empty());
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks_with_their_spans() {
        let text =
            "本机关严格落实政府信息公开各项制度要求。\n进一步加强政府信息公开平台建设工作力度";
        let found = of(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "本机关严格落实政府信息公开各项制度要求。"
        );
        assert_eq!(found[1].span.line, 2);
    }
}
