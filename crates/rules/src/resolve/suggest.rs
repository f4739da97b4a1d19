//! "Did you mean": the closest known name to a misspelt one.

/// The candidate most similar to `wanted`, if any is similar enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest_scored(wanted, candidates).map(|(_, candidate)| candidate)
}

/// [`closest`] with its similarity (0 to 1, case ignored), to weigh two kinds of candidate.
pub fn closest_scored<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(f64, String)> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::normalized_levenshtein(&wanted_lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.4)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(score, candidate)| (score, candidate.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-letter typo finds its id; an unrelated word finds nothing.
    #[test]
    fn suggests_close_names() {
        assert_eq!(closest("R3.7x", ["R3.7", "R4", "R1"]), Some("R3.7".into()));
        assert_eq!(closest("np", ["NP", "TOT"]), Some("NP".into()));
        assert_eq!(closest("zzzzzz", ["NP", "TOT"]), None);
        assert_eq!(
            closest(
                "1.属于国家机密",
                ["1.属于国家秘密", "2.其他法律行政法规禁止公开"]
            ),
            Some("1.属于国家秘密".into())
        );
    }
}
