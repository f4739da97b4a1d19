//! Hashes that stand for a report's figures and sentences when two reports of one run are
//! compared (a kept report's against a fresh one's). They are never written out, so only
//! one process has to agree with itself: a fixed seed, and foldhash, which costs a fraction
//! of SipHash on the many short keys and the sentences of every report.

use std::hash::{BuildHasher, Hash};

/// The seed; any fixed value would do.
const STATE: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x6e69_616e_6261_6f31);

/// The 64-bit fingerprint of `value`.
pub(crate) fn of(value: &impl Hash) -> u64 {
    STATE.hash_one(value)
}

/// A hasher whose `finish` is the fingerprint of what was hashed into it: [`of`] a tuple is
/// its elements hashed one after another.
pub(crate) fn hasher() -> foldhash::quality::FoldHasher<'static> {
    STATE.build_hasher()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same value gives the same fingerprint every time (a kept report is compared with
    /// one checked later); values differing in one character or in order do not collide.
    #[test]
    fn fixed_and_discriminating() {
        assert_eq!(
            of(&"本年新收政府信息公开申请"),
            of(&"本年新收政府信息公开申请")
        );
        assert_ne!(
            of(&"本年新收政府信息公开申请"),
            of(&"本年新收政府信息公开申谓")
        );
        assert_ne!(of(&("T2", "R1", "A")), of(&("T2", "A", "R1")));
        let many: std::collections::HashSet<u64> = (0..100_000).map(|n| of(&n)).collect();
        assert_eq!(many.len(), 100_000);
    }
}
