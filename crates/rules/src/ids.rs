//! A fast hash for keys that come from the template: ids and label keys, short strings the
//! rule files declare (the rule set's own indexes and the checker's use it). Lookups of document text in tables of them need no protection against
//! crafted collisions (a table holds only the template's own keys), and SipHash was a visible
//! share of binding and evaluation.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`Ids`] hashers, for `HashMap`s and `HashSet`s of template keys.
pub type TemplateIds = BuildHasherDefault<Ids>;

/// The multiply-rotate hash of rustc's `FxHasher`. The cell index is looked up for every
/// operand of every check instance, where SipHash cost a tenth of the evaluation.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ids(u64);

impl Ids {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Ids {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                self.add(u64::from_le_bytes(word));
            }
        }
        self.add(tail_word(chunks.remainder()));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The last 0–7 bytes of a key as one word, read in at most two loads instead of a byte at a
/// time (most ids are shorter than 8 bytes, so this is nearly all of their hashing). Words of
/// different tails may coincide; that costs a collision, never a wrong lookup.
fn tail_word(tail: &[u8]) -> u64 {
    let len = tail.len() as u64;
    let (Some(&first), Some(&last)) = (tail.first(), tail.last()) else {
        return 0;
    };
    if let (Some(low), Some(high)) = (
        tail.first_chunk::<4>(),
        tail.len()
            .checked_sub(4)
            .and_then(|at| tail.get(at..))
            .and_then(|t| t.first_chunk::<4>()),
    ) {
        // 4–7 bytes: the first four and the last four (overlapping when fewer than eight).
        return u64::from(u32::from_le_bytes(*low)) | (u64::from(u32::from_le_bytes(*high)) << 32);
    }
    // 1–3 bytes: first, middle and last, with the length.
    let middle = tail.get(tail.len() / 2).copied().unwrap_or_default();
    u64::from(first) | (u64::from(middle) << 8) | (u64::from(last) << 16) | (len << 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte of a tail takes part in its word: two ids differing in one byte of their
    /// last eight do not collide by construction.
    #[test]
    fn every_tail_byte_counts() {
        for len in 1..=7 {
            let tail: Vec<u8> = (1..=len).collect();
            for at in 0..tail.len() {
                let mut changed = tail.clone();
                if let Some(byte) = changed.get_mut(at) {
                    *byte ^= 0x80;
                }
                assert_ne!(
                    tail_word(&tail),
                    tail_word(&changed),
                    "length {len}, byte {at}"
                );
            }
        }
        assert_ne!(tail_word(b"NP"), tail_word(b"PN"));
        assert_ne!(tail_word(b""), tail_word(b"\0"));
    }
}
