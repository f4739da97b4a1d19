//! The words of a template's phrases, found in a paragraph in one pass.
//!
//! A template has about a hundred words (first words of phrases, and the words a phrase must
//! hold later), and every paragraph of every report is searched for all of them: one
//! automaton finds them all, and a set of the words found lets a phrase that needs a missing
//! word be passed over with a few comparisons of bits.

/// Every word of a template's phrases, in one automaton: a text is scanned once for all of
/// them, not once per phrase and word.
#[derive(Debug, Default)]
pub(super) struct PhraseWords {
    words: Vec<String>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

/// Where each word occurs in a text, and which words occur at all.
#[derive(Debug, Default)]
pub(super) struct Occurrences {
    /// By word id: the starts `str::match_indices` gives (left to right, not overlapping one
    /// another).
    lists: Vec<Vec<usize>>,
    present: WordSet,
}

/// A set of word ids.
pub(super) type WordSet = crate::bits::Bits;

impl PhraseWords {
    /// The words, each known by its index in `words`.
    pub fn new(words: Vec<String>) -> Self {
        // Building fails only on limits far beyond a rule file's words; the phrases are then
        // searched one word at a time.
        // A DFA: every paragraph of every report is scanned, and its words are few (the
        // automaton stays small) while their matches are many. (A scan by first character
        // took more instructions and no less time: a sixth to a half of the characters of a
        // report's prose begin a word.)
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        Self { words, automaton }
    }

    /// The words, by id.
    #[cfg(test)]
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Where each word occurs in `key`.
    #[cfg(test)]
    pub fn occurrences(&self, key: &str) -> Occurrences {
        let mut found = Occurrences::default();
        self.occurrences_into(key, &mut found);
        found
    }

    /// [`PhraseWords::occurrences`] written into `found`, whose lists are reused from one
    /// paragraph to the next instead of allocated for each.
    pub fn occurrences_into(&self, key: &str, found: &mut Occurrences) {
        found.clear(self.words.len());
        let Some(automaton) = &self.automaton else {
            for (id, word) in self.words.iter().enumerate() {
                found.extend(id, key.match_indices(word.as_str()).map(|(at, _)| at));
            }
            return;
        };
        // Overlapping matches come in order of their end; for one word that is the order of
        // their start. A match is kept when it starts where the word's last kept one ends.
        for hit in automaton.find_overlapping_iter(key) {
            let id = hit.pattern().as_usize();
            let len = hit.end() - hit.start();
            if let Some(list) = found.lists.get_mut(id)
                && list.last().is_none_or(|&last| hit.start() >= last + len)
            {
                list.push(hit.start());
                found.present.insert(id);
            }
        }
    }
}

impl Occurrences {
    /// Empties the lists of the words found last time, for `words` words.
    fn clear(&mut self, words: usize) {
        if self.lists.len() != words {
            self.lists.clear();
            self.lists.resize_with(words, Vec::new);
        } else {
            for id in self.present.iter() {
                if let Some(list) = self.lists.get_mut(id) {
                    list.clear();
                }
            }
        }
        self.present.clear();
    }

    /// Adds the occurrences of word `id` (ascending, not overlapping).
    fn extend(&mut self, id: usize, starts: impl Iterator<Item = usize>) {
        if let Some(list) = self.lists.get_mut(id) {
            list.extend(starts);
            if !list.is_empty() {
                self.present.insert(id);
            }
        }
    }

    /// Where word `id` occurs.
    pub fn of(&self, id: usize) -> &[usize] {
        self.lists.get(id).map_or(&[][..], Vec::as_slice)
    }

    /// The ids of the words that occur, ascending.
    pub fn present(&self) -> impl Iterator<Item = usize> + '_ {
        self.present.iter()
    }

    /// Whether any of `words` occurs.
    pub fn any_of(&self, words: &WordSet) -> bool {
        self.present.intersects(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word's occurrences are the ones `str::match_indices` gives, overlapping words and
    /// a word that repeats within itself included.
    #[test]
    fn occurrences_are_those_match_indices_gives() {
        let words: Vec<String> = ["申请", "申请申请", "请申", "件", "𠀀件", "aa", "a"]
            .map(String::from)
            .to_vec();
        // With the automaton, and without it (when building it fails).
        let automaton = PhraseWords::new(words.clone());
        let without = PhraseWords {
            words: words.clone(),
            automaton: None,
        };
        for (found, key) in [&automaton, &without].into_iter().flat_map(|found| {
            [
                "收到申请申请申请3件",
                "aaaaa件𠀀件",
                "",
                "请申请申请",
                "没有一个词",
            ]
            .map(|key| (found, key))
        }) {
            let occurrences = found.occurrences(key);
            for (id, word) in words.iter().enumerate() {
                let expected: Vec<usize> =
                    key.match_indices(word.as_str()).map(|(at, _)| at).collect();
                assert_eq!(occurrences.of(id), expected, "{word} in {key}");
                let wanted: WordSet = [id].into_iter().collect();
                assert_eq!(
                    occurrences.any_of(&wanted),
                    !expected.is_empty(),
                    "{word} in {key}"
                );
            }
        }
    }

    /// Lists reused for the next text hold nothing of the last one.
    #[test]
    fn reused_lists_start_empty() {
        let found = PhraseWords::new(vec!["件".to_owned(), "申请".to_owned()]);
        let mut occurrences = Occurrences::default();
        found.occurrences_into("3件申请", &mut occurrences);
        found.occurrences_into("申请", &mut occurrences);
        assert_eq!(occurrences.of(0), &[] as &[usize]);
        assert_eq!(occurrences.of(1), &[0]);
        assert!(!occurrences.any_of(&[0].into_iter().collect()));
    }
}
