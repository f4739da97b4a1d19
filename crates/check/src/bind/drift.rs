//! Template drift: a row label that matches no official label exactly may still be a known
//! row — written with a typo, or a group given on a single row as the 2019 format does. Such
//! rows are bound (so the rest can still be checked) and reported as differences.

use nianbao_model::Cell;

use super::labels::AxisKeys;
use crate::normalize;

/// Below this similarity a label is not taken for a misspelt official one.
const MIN_SIMILARITY: f64 = 0.75;

/// What an unmatched row label turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identified {
    /// A group whose values are given on its own single row (its leaves all absent).
    Collapsed(usize),
    /// A leaf written differently from the official label.
    Renamed(usize),
    /// Nothing the template declares.
    Unknown,
}

/// Identifies the row whose last label cell is `label`; `context` is the group the row lies
/// in, `bound` the rows already found.
pub(crate) fn identify(
    keys: &AxisKeys<'_>,
    label: &Cell,
    context: Option<usize>,
    bound: &[usize],
) -> Identified {
    let axis = keys.axis();
    if let Some(group) = keys.find(&label.text, false, None) {
        let leaves_unbound = axis
            .nodes
            .iter()
            .enumerate()
            .filter(|(at, n)| !n.is_group && axis.is_within(*at, group))
            .all(|(at, _)| !bound.contains(&at));
        return if leaves_unbound && !bound.contains(&group) {
            Identified::Collapsed(group)
        } else {
            Identified::Unknown
        };
    }
    let candidates = axis.nodes.iter().enumerate().filter(|(at, n)| {
        !n.is_group
            && !n.unlabeled
            && !bound.contains(at)
            && context.is_none_or(|g| axis.is_within(*at, g))
    });
    let candidates = candidates.map(|(at, _)| at);
    closest_leaf(keys, &label.text, candidates).map_or(Identified::Unknown, Identified::Renamed)
}

/// Of the candidate nodes, the one whose label (or a variant) `text` most resembles, if the
/// resemblance is close enough to be a misspelling.
pub(crate) fn closest_leaf(
    keys: &AxisKeys<'_>,
    text: &str,
    candidates: impl Iterator<Item = usize>,
) -> Option<usize> {
    let wanted = normalize::key(text);
    candidates
        .filter_map(|at| {
            let node = keys.node(at)?;
            let score = node
                .label
                .all()
                .map(|l| strsim::normalized_levenshtein(&wanted, &normalize::key(l)))
                .fold(0.0, f64::max);
            (score >= MIN_SIMILARITY).then_some((score, at))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, at)| at)
}
