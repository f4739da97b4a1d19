//! Matching document text against the official labels of one axis (rows or columns).

use nianbao_rules::ruleset::{Axis, AxisNode};

use crate::normalize;

/// Matches text against the labels of every node of an axis, by the keys the rule set
/// computed for them.
pub(crate) struct AxisKeys<'t> {
    axis: &'t Axis,
}

impl<'t> AxisKeys<'t> {
    pub fn new(axis: &'t Axis) -> Self {
        Self { axis }
    }

    /// The keys of node `at`'s labels; none for a row without a label cell.
    fn keys(&self, at: usize) -> &'t [String] {
        match self.axis.nodes.get(at) {
            Some(node) if !node.unlabeled => node.label.keys(),
            _ => &[],
        }
    }

    /// The index of the node whose label the text is, preferring nodes inside `context`
    /// (a group index) and exact matches over shortened ones. `leaf` restricts to leaves or
    /// to groups. A shortened match gives way to a node of either kind that the text matches
    /// better (the longest matching label wins): `（三）不予公开小计` is not the group
    /// `（三）不予公开` when a row has that label.
    pub fn find(&self, text: &str, leaf: bool, context: Option<usize>) -> Option<usize> {
        self.find_key(&normalize::key_cow(text), leaf, context)
    }

    /// [`AxisKeys::find`] for text whose key is already known.
    pub fn find_key(&self, key: &str, leaf: bool, context: Option<usize>) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        let kind = |at: usize| self.axis.nodes.get(at).is_some_and(|n| n.is_group != leaf);
        let in_context = |at: usize| context.is_none_or(|group| self.axis.is_within(at, group));
        let exact = self
            .axis
            .with_key(key)
            .iter()
            .copied()
            .filter(|&at| kind(at));
        let (preferred, found) = choices(exact, in_context);
        match (preferred, found) {
            (Choice::One(one) | Choice::Several(one), _) | (Choice::None, Choice::One(one)) => {
                return Some(one);
            }
            _ => {}
        }
        // A key too short to be a shortened label matches only exactly, and this pass would
        // find what the first did (most cells are such short figures).
        if !normalize::may_be_shortened(key) {
            return None;
        }
        // Either key begins the other only where their first bytes agree (or a key is empty):
        // only the nodes with such a key are looked at, for the many texts that begin like
        // no label.
        let first = key.as_bytes().first();
        let candidates = first.map_or(&[][..], |&byte| self.axis.with_first_byte(byte));
        let shortened = candidates.iter().copied().filter(|&at| {
            kind(at)
                && self.keys(at).iter().any(|k| {
                    (k.is_empty() || k.as_bytes().first() == first)
                        && (k == key || k.starts_with(key) || key.starts_with(k.as_str()))
                })
                && !self.outmatched(key, at)
        });
        match choices(shortened, in_context) {
            (Choice::One(one), _) | (Choice::None, Choice::One(one)) => Some(one),
            _ => None,
        }
    }

    /// Whether another node's label matches `key` better than node `at`'s does: exactly, or
    /// as a longer label that `key` begins with. Labels `key` only begins with are compared
    /// by length; a node whose label is exactly `key` is never outmatched.
    fn outmatched(&self, key: &str, at: usize) -> bool {
        let own = self.keys(at);
        if own.iter().any(|k| k == key) {
            return false;
        }
        // The longest of the node's labels that the text begins with (0 when the text is a
        // shortened label instead).
        let reach = |keys: &[String]| {
            keys.iter()
                .filter(|k| !k.is_empty() && key.starts_with(k.as_str()))
                .map(String::len)
                .max()
                .unwrap_or(0)
        };
        let own_reach = reach(own);
        (0..self.axis.nodes.len()).any(|other| {
            let keys = self.keys(other);
            other != at && (keys.iter().any(|k| k == key) || reach(keys) > own_reach)
        })
    }

    /// Whether `key` is the label of any node, leaf or group: `find_key` of either kind,
    /// with the exact lookup done once (a row's figures are tried first, from the right, and
    /// none is a label).
    pub fn is_label_key(&self, key: &str) -> bool {
        if key.is_empty() {
            return false;
        }
        // Every node is a leaf or a group, so an exact match is one of either kind.
        if self
            .axis
            .with_key(key)
            .iter()
            .any(|&at| self.axis.nodes.get(at).is_some())
        {
            return true;
        }
        normalize::may_be_shortened(key)
            && (self.find_key(key, true, None).is_some()
                || self.find_key(key, false, None).is_some())
    }

    /// Whether the text is the label of any node.
    pub fn is_label(&self, text: &str) -> bool {
        self.is_label_key(&normalize::key_cow(text))
    }

    /// Whether the text is the label of a leaf, and not exactly a group's label (a group label
    /// may be the beginning of a leaf label, as 法人或其他组织 of 法人或其他组织小计).
    pub fn is_leaf_label(&self, text: &str) -> bool {
        let key = normalize::key_cow(text);
        let exact_group = self
            .axis
            .nodes
            .iter()
            .enumerate()
            .any(|(at, n)| n.is_group && self.keys(at).iter().any(|k| *k == key));
        !exact_group && self.find(text, true, None).is_some()
    }

    /// Whether the text whose key is `key` matches this particular node.
    pub fn matches_key(&self, key: &str, node: usize) -> bool {
        self.keys(node)
            .iter()
            .any(|k| normalize::same_or_shortened(key, k))
    }

    pub fn node(&self, at: usize) -> Option<&'t AxisNode> {
        self.axis.nodes.get(at)
    }

    pub fn axis(&self) -> &'t Axis {
        self.axis
    }
}

/// How many nodes a lookup found: none, one, or several (the first of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    None,
    One(usize),
    Several(usize),
}

impl Choice {
    fn add(self, at: usize) -> Self {
        match self {
            Choice::None => Choice::One(at),
            Choice::One(first) | Choice::Several(first) => Choice::Several(first),
        }
    }
}

/// The nodes found, in order, told apart without collecting them: those `in_context`, and all.
fn choices(
    found: impl Iterator<Item = usize>,
    in_context: impl Fn(usize) -> bool,
) -> (Choice, Choice) {
    found.fold((Choice::None, Choice::None), |(preferred, all), at| {
        let preferred = if in_context(at) {
            preferred.add(at)
        } else {
            preferred
        };
        (preferred, all.add(at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{first, rules, template};

    /// `is_label_key` says what the two `find_key` lookups say together, for exact leaf and
    /// group labels, shortened ones, figures and other words.
    #[test]
    fn a_label_key_is_one_either_lookup_finds() {
        let rules = rules(&template(
            r#"table T "甲表" {
                 columns { A "甲列" }
                 rows {
                   R1 "一、本年新收政府信息公开申请数量"
                   group G "三、本年度办理结果" { G.1 "（一）予以公开"  G.2 "（二）部分公开" }
                 }
               }"#,
        ));
        let table = first(&rules).table("T");
        assert!(table.is_some());
        let Some(part) = table.and_then(|t| t.parts.first()) else {
            return;
        };
        let keys = AxisKeys::new(&part.rows);
        let mut labels = 0;
        for text in [
            "一、本年新收政府信息公开申请数量",
            "一、本年新收政府信息公开申请",
            "三、本年度办理结果",
            "（一）予以公开",
            "（一）予以公开情况",
            "12",
            "",
            "总计",
            "二、上年结转",
        ] {
            let key = normalize::key(text);
            let either = keys.find_key(&key, true, None).is_some()
                || keys.find_key(&key, false, None).is_some();
            assert_eq!(keys.is_label_key(&key), either, "{text}");
            labels += usize::from(either);
        }
        assert_eq!(labels, 5, "exact and shortened labels are among the cases");
    }
}
