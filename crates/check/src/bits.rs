//! A set of small numbers (word ids, label numbers) as bits: the phrase words a paragraph
//! holds and the labels a document table holds are asked about many times a report, and a
//! set of strings would hash each again.

/// A set of numbers, one bit each. Its methods are `#[inline]`: they are a few instructions,
/// called in the loops of other modules (another codegen unit would make each a call); the
/// two called for every word found in the prose are inlined always (left to the compiler,
/// they were not, and the prose took 0.37 % more of a text report).
#[derive(Debug, Clone, Default)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// Adds `n`.
    #[inline(always)]
    pub fn insert(&mut self, n: usize) {
        let (word, bit) = (n / 64, 1 << (n % 64));
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        if let Some(bits) = self.0.get_mut(word) {
            *bits |= bit;
        }
    }

    /// Whether `n` is in the set.
    #[inline]
    pub fn contains(&self, n: usize) -> bool {
        self.0
            .get(n / 64)
            .is_some_and(|bits| bits & (1 << (n % 64)) != 0)
    }

    /// Adds every number of `other`.
    #[inline]
    pub fn extend(&mut self, other: &Bits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (bits, more) in self.0.iter_mut().zip(&other.0) {
            *bits |= more;
        }
    }

    /// Whether the two sets share a number.
    #[inline(always)]
    pub fn intersects(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    /// Empties the set, keeping its room.
    #[inline]
    pub fn clear(&mut self) {
        self.0.iter_mut().for_each(|bits| *bits = 0);
    }

    /// How many numbers.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.iter().map(|bits| bits.count_ones() as usize).sum()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&bits| bits == 0)
    }

    /// The numbers, ascending.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(word, &bits)| {
            let mut left = bits;
            std::iter::from_fn(move || {
                let bit = (left != 0).then(|| left.trailing_zeros() as usize)?;
                left &= left - 1;
                Some(word * 64 + bit)
            })
        })
    }
}

impl FromIterator<usize> for Bits {
    fn from_iter<I: IntoIterator<Item = usize>>(numbers: I) -> Self {
        let mut set = Self::default();
        numbers.into_iter().for_each(|n| set.insert(n));
        set
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;
    use std::collections::BTreeSet;

    /// The bits answer as a set of numbers does: after every insertion and union of a
    /// sequence that crosses words of 64 numbers, and after being emptied.
    #[test]
    fn bits_are_a_set_of_numbers() {
        let (mut bits, mut expected) = (Bits::default(), BTreeSet::new());
        let mut other = Bits::default();
        assert!(bits.is_empty());
        for step in 0..500_usize {
            let n = (step * 37) % 200;
            if step % 3 == 0 {
                other.insert(n);
                expected.insert(n);
                bits.extend(&other);
            } else {
                bits.insert(n);
                expected.insert(n);
            }
            assert_eq!(bits.len(), expected.len());
            assert!(bits.iter().eq(expected.iter().copied()));
            assert!((0..210).all(|n| bits.contains(n) == expected.contains(&n)));
            let one: Bits = [n].into_iter().collect();
            assert!(bits.intersects(&one));
            assert!(!bits.intersects(&[205].into_iter().collect()));
        }
        assert!(!bits.is_empty());
        bits.clear();
        assert!(bits.is_empty() && bits.iter().next().is_none());
    }
}
