//! Comparing the template's ids (rows, columns, tables) as the checker does many times a
//! report: in place, without a call to `memcmp`.

/// Whether two ids are equal. Ids that differ mostly differ in length or in their last byte
/// (`NP`, `BIZ`, `TOT`; `RV.KEEP`, `RV.FIX`); equal ones are a few bytes, compared in place,
/// which costs less than the call a slice comparison makes, or are the same text (the rule
/// set's ids are shared with every bound cell) and not read at all.
pub(crate) fn same_id(a: &str, b: &str) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.last() == b.last() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// How two ids order (`a.cmp(b)`: bytes in order, then length), in place; the same string
/// (the rule set's ids are shared) without reading it.
pub(crate) fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    if std::ptr::eq(a, b) {
        return std::cmp::Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::same_id;

    #[test]
    fn equal_ids_only() {
        assert!(same_id("R3.3.1", "R3.3.1"));
        assert!(same_id("", ""));
        assert!(!same_id("R3.3.1", "R3.3.2"));
        assert!(!same_id("R3.3.1", "R4.3.1"));
        assert!(!same_id("NP", "NPX"));
        assert!(!same_id("自然人", "自然"));
        // The same text, and a copy of it.
        let id = "R3.3.1";
        assert!(same_id(id, id));
        assert!(same_id(id, String::from(id).as_str()));
        assert!(!same_id(id.get(..2).unwrap_or_default(), id));
    }
}
