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
        let mut last = [0; 8];
        for (to, from) in last.iter_mut().zip(chunks.remainder()) {
            *to = *from;
        }
        self.add(u64::from_le_bytes(last));
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
