//! What the workspace's tests share (feature `testkit`, which only their dev-dependencies
//! turn on): not part of the model's API.

/// Every text made of one to `most` of `pieces` (repeats allowed), shorter ones first: the
/// texts a quick search is compared on with the plain one it replaced.
pub fn texts_of(pieces: &[&str], most: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut texts = vec![String::new()];
    for _ in 0..most {
        texts = texts
            .iter()
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
        all.extend(texts.iter().cloned());
    }
    all
}
