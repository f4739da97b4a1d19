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
    // The compared part of the sentence being read (what `left_out` leaves), copied a run of
    // kept characters at a time, and how many characters it has: one pass over the text.
    let mut kept = String::new();
    let mut weight = 0;
    for unit in units {
        let mut start = 0;
        let mut run: Option<usize> = None;
        for (at, c) in unit.text.char_indices().chain([(unit.text.len(), '\n')]) {
            // A character that ends a sentence is itself left out.
            let ends = ends_sentence(c);
            if ends || left_out(c) {
                if let Some(from) = run.take() {
                    kept.push_str(unit.text.get(from..at).unwrap_or_default());
                }
            } else {
                weight += 1;
                run = run.or(Some(at));
            }
            if !ends {
                continue;
            }
            // A line break ends a sentence without being part of it.
            let next = (at + c.len_utf8()).min(unit.text.len());
            let end = if c == '\n' { at } else { next };
            let from = start;
            start = next;
            let sentence_weight = std::mem::take(&mut weight);
            // Text inside a table first: a text report's cells are lines of their own.
            let (doc_start, doc_end) = unit.document_range(from, end);
            let in_table = tables.iter().any(|&(a, b)| doc_start < b && doc_end > a);
            if !in_table && sentence_weight >= MIN_WEIGHT {
                // Hashed whole: a character at a time costs a hasher round each.
                out.push(Sentence {
                    hash: crate::fingerprint::of(&kept),
                    span: index.span(text, doc_start, doc_end),
                    weight: sentence_weight,
                    section: section_at(doc_start),
                });
            }
            kept.clear();
        }
    }
    out
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

    /// Each sentence is hashed and weighed by its characters without what is left out (runs of
    /// them at its start, middle and end), one sentence after another.
    #[test]
    fn a_sentence_is_its_words_without_numbers_and_marks() {
        let text = "“2023年”本机关共受理政府信息公开申请15件，均已按时答复。\n本机关 严格落实政府信息公开各项制度要求！2024";
        let found = of(text);
        assert_eq!(found.len(), 2);
        for sentence in &found {
            let piece = &text[sentence.span.start..sentence.span.end];
            let compared: String = piece.chars().filter(|&c| !left_out(c)).collect();
            assert_eq!(sentence.hash, crate::fingerprint::of(&compared), "{piece}");
            assert_eq!(sentence.weight, compared.chars().count(), "{piece}");
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
