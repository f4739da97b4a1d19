//! Where a text's line breaks are, eight bytes at a time.
//!
//! A report's lines are short (a text report's are its cells: 17 bytes on average), and
//! `memchr`'s iterator sets up its vector search again after every match: about 50
//! instructions a line break, most of indexing a text report's lines. Here each eight bytes
//! are one word, compared with `\n` in every byte at once; a word's matches are taken from its
//! bit mask, a few instructions each.

/// Every byte `\n` in each byte of a word.
const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
/// The low seven bits of each byte.
const LOW: u64 = u64::from_ne_bytes([0x7f; 8]);

/// The byte offsets of `text`'s `\n`s, ascending.
pub(crate) fn newlines(text: &str) -> Newlines<'_> {
    let words = text.as_bytes().chunks_exact(8);
    // The bytes after the last whole word, as one more word padded with NULs.
    let mut last = [0u8; 8];
    if let Some(into) = last.get_mut(..words.remainder().len()) {
        into.copy_from_slice(words.remainder());
    }
    Newlines {
        words,
        last: Some(u64::from_le_bytes(last)),
        base: 0,
        next_base: 0,
        mask: 0,
    }
}

/// The iterator of [`newlines`].
#[derive(Debug, Clone)]
pub(crate) struct Newlines<'a> {
    /// The whole words not yet looked at.
    words: std::slice::ChunksExact<'a, u8>,
    /// The padded word after them, until looked at.
    last: Option<u64>,
    /// Offset of the word `mask` is of.
    base: usize,
    /// Offset of the next word.
    next_base: usize,
    /// The high bit of each byte of the current word that is a `\n` and not yet given.
    mask: u64,
}

impl Iterator for Newlines<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            let word = match self.words.next() {
                Some(word) => u64::from_le_bytes(word.try_into().ok()?),
                None => self.last.take()?,
            };
            self.base = self.next_base;
            self.next_base += 8;
            self.mask = newline_bytes(word);
        }
        // Byte `i` of the word is bits `8i..8i+8` (read little-endian).
        let at = self.mask.trailing_zeros() as usize / 8;
        self.mask &= self.mask - 1;
        Some(self.base + at)
    }
}

/// The high bit of each byte of `word` that is `\n`.
fn newline_bytes(word: u64) -> u64 {
    // A byte of `x` is zero where the word's is `\n`. Adding 0x7f to its low seven bits sets
    // its high bit unless they are all zero; or-ing in the byte itself covers its own high
    // bit. No carry crosses into the next byte, so the test is exact for every byte.
    let x = word ^ NEWLINES;
    !(((x & LOW).wrapping_add(LOW)) | x | LOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str) -> Vec<usize> {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(at, _)| at)
            .collect()
    }

    #[test]
    fn finds_every_line_break_and_nothing_else() {
        assert_eq!(newlines("").count(), 0);
        assert_eq!(newlines("\n").collect::<Vec<_>>(), [0]);
        assert_eq!(newlines("abc").count(), 0);
        assert_eq!(
            newlines("a\nbc\n\n123456789\n\n").collect::<Vec<_>>(),
            [1, 4, 5, 15, 16]
        );
        // Bytes one away from `\n` (0x0b, 0x09), 0x8a (high bit and `\n`'s low bits), NUL.
        assert_eq!(
            newlines("\u{b}\t\u{0}\u{8a}\n\r\n\u{7f}\u{80}").collect::<Vec<_>>(),
            [5, 7]
        );
    }

    /// Every text of up to six pieces (up to 18 bytes: across a word's end) of the bytes
    /// nearest `\n` and multi-byte characters.
    #[test]
    fn agrees_with_a_byte_by_byte_search() {
        let pieces = ["\n", "a", "\u{b}", "\t", "\u{0}", "\u{8a}", "一"];
        for text in crate::testkit::texts_of(&pieces, 6) {
            assert_eq!(
                newlines(&text).collect::<Vec<_>>(),
                naive(&text),
                "{text:?}"
            );
        }
    }
}
