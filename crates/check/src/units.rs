//! Reports of different agencies in one batch: a report whose prose repeats another agency's
//! report of the same year (a template copied from a neighbouring office), and another
//! agency's name where a report names itself. The checks are in the rule files (`copied()`,
//! `others_named()`); this module finds, for each report, what they compare with.
//!
//! Built from what each report keeps ([`Carry`]) and close to linear in the batch: sentences
//! are matched through an index, and a sentence many of the year's reports share (the format's
//! own wording, a region's common preamble) is left aside instead of being compared with all
//! of them.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use nianbao_model::{Finding, Span};

use crate::compare::Against;
use crate::eval::Others;
use crate::kept::{Brief, Kept};
use crate::years::{Carry, agency_key};
use crate::{Checked, Checker};

/// A sentence more reports than this have is common wording whatever the batch's size: a
/// ring of copies is smaller.
const MAX_SHARING: usize = 20;

/// Names shorter than this (after normalising) are not looked for: "某局" is not an agency.
const MIN_NAME: usize = 4;

/// For every report of a batch, what the checks comparing it with other agencies read.
#[derive(Debug, Default)]
pub struct Units {
    /// By input index: the closest other agency's report of the same year, and where their
    /// first shared sentence is in it.
    closest: Vec<Option<(usize, Span)>>,
    /// By year: sentences that many of the year's reports have.
    common: HashMap<i32, HashSet<u64>>,
    /// Every agency of the batch: (normalised key, as written), without repeats.
    agencies: Vec<(String, String)>,
    /// The agencies by the first two characters of their key.
    by_start: HashMap<(char, char), Vec<usize>>,
    /// The first characters of the keys, for a quick test before `by_start` is hashed: a
    /// report's opening is searched at every character, and few start a name.
    first_chars: FirstChars,
    /// The agencies by their key.
    by_key: HashMap<String, usize>,
}

/// What one report is compared with.
#[derive(Debug, Clone)]
pub struct Peers<'a> {
    units: &'a Units,
    /// The closest other agency's report of the same year.
    closest: Option<Brief<'a>>,
    /// Where their first shared sentence is in it.
    shared_at: Span,
    /// The report's own agency, normalised.
    own: Option<&'a str>,
    year: Option<i32>,
}

impl Units {
    /// Finds, for each report (by input index; `None` for one not checked), the closest
    /// other agency's report of the same year.
    pub fn new<K: Kept + ?Sized>(carries: &K) -> Self {
        let mut units = Units {
            closest: vec![None; carries.slots()],
            ..Units::default()
        };
        let briefs: Vec<Option<Brief<'_>>> =
            (0..carries.slots()).map(|at| carries.brief(at)).collect();
        let keys: Vec<Option<String>> = briefs
            .iter()
            .map(|b| b.as_ref().and_then(|b| b.agency.map(agency_key)))
            .collect();
        // Every agency once, indexed by its first two characters.
        let mut seen = HashSet::new();
        for (carry, key) in briefs.iter().zip(&keys) {
            let (Some(carry), Some(key)) = (carry, key) else {
                continue;
            };
            let mut chars = key.chars();
            let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
                continue;
            };
            if key.chars().count() < MIN_NAME || !seen.insert(key.clone()) {
                continue;
            }
            units.first_chars.insert(a);
            units
                .by_start
                .entry((a, b))
                .or_default()
                .push(units.agencies.len());
            units.by_key.insert(key.clone(), units.agencies.len());
            units
                .agencies
                .push((key.clone(), carry.agency.unwrap_or_default().to_owned()));
        }
        // Sentences by year: which reports have each.
        let mut years: HashMap<i32, HashMap<u64, Vec<usize>>> = HashMap::new();
        for (at, carry) in briefs.iter().enumerate() {
            let Some((year, carry)) = carry.as_ref().and_then(|c| Some((c.year?, c))) else {
                continue;
            };
            let sentences = years.entry(year).or_default();
            let mut own = HashSet::new();
            for &hash in carry.hashes.iter() {
                if own.insert(hash) {
                    sentences.entry(hash).or_default().push(at);
                }
            }
        }
        for (year, sentences) in years {
            let reports: HashSet<usize> = sentences.values().flatten().copied().collect();
            // Shared by more than a few of the year's reports: common wording (and the pairs
            // counted per sentence stay few).
            let limit = (reports.len() / 10).clamp(2, MAX_SHARING);
            let common: HashSet<u64> = sentences
                .iter()
                .filter(|(_, at)| at.len() > limit)
                .map(|(hash, _)| *hash)
                .collect();
            let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
            for at in sentences
                .iter()
                .filter(|(hash, _)| !common.contains(hash))
                .map(|(_, at)| at)
            {
                for (i, &a) in at.iter().enumerate() {
                    for &b in at.iter().skip(i + 1) {
                        *shared.entry((a, b)).or_default() += 1;
                    }
                }
            }
            let mut best: HashMap<usize, (usize, usize)> = HashMap::new();
            for ((a, b), count) in shared {
                // One agency's two reports of a year (a corrected version, a copy whose title
                // leaves out the city) are not copies of another unit's.
                if let (Some(Some(x)), Some(Some(y))) = (keys.get(a), keys.get(b))
                    && (x.contains(y.as_str()) || y.contains(x.as_str()))
                {
                    continue;
                }
                for (this, other) in [(a, b), (b, a)] {
                    let entry = best.entry(this).or_insert((other, 0));
                    if count > entry.1 || (count == entry.1 && other < entry.0) {
                        *entry = (other, count);
                    }
                }
            }
            for (this, (other, _)) in best {
                let first = first_shared(carries, this, other, &common);
                if let (Some(slot), Some(span)) = (units.closest.get_mut(this), first) {
                    *slot = Some((other, span));
                }
            }
            units.common.insert(year, common);
        }
        units
    }

    /// What the report at input index `at` is compared with.
    pub fn peers<'a, K: Kept + ?Sized>(&'a self, at: usize, carries: &'a K) -> Option<Peers<'a>> {
        let carry = carries.brief(at)?;
        let closest = self.closest.get(at).copied().flatten();
        Some(Peers {
            units: self,
            closest: closest.and_then(|(other, _)| carries.brief(other)),
            shared_at: closest.map(|(_, span)| span).unwrap_or_default(),
            own: carry
                .agency
                .map(agency_key)
                .and_then(|own| self.by_key.get(&own))
                .and_then(|&at| self.agencies.get(at))
                .map(|(key, _)| key.as_str()),
            year: carry.year,
        })
    }
}

/// Where the first sentence of `this` that `other` also has (and few others) is in `other`.
fn first_shared<K: Kept + ?Sized>(
    carries: &K,
    this: usize,
    other: usize,
    common: &HashSet<u64>,
) -> Option<Span> {
    // Only the sentences are read.
    let this = carries.carry_without_tables(this)?;
    let other = carries.carry_without_tables(other)?;
    let theirs: HashMap<u64, Span> = other
        .report()
        .sentences
        .iter()
        .rev()
        .map(|s| (s.hash, s.span))
        .collect();
    this.report()
        .sentences
        .iter()
        .filter(|s| !common.contains(&s.hash))
        .find_map(|s| theirs.get(&s.hash).copied())
}

impl<'a> Peers<'a> {
    /// The closest other agency's report: its name, its sentences, and where the first
    /// shared one is.
    pub(crate) fn closest(&self) -> Option<(&'a str, HashSet<u64>, Span)> {
        let carry = self.closest.as_ref()?;
        let hashes = carry.hashes.iter().copied().collect();
        Some((carry.name, hashes, self.shared_at))
    }

    /// Whether a sentence is common wording of the year's reports.
    pub(crate) fn is_common(&self, hash: u64) -> bool {
        self.year
            .and_then(|year| self.units.common.get(&year))
            .is_some_and(|common| common.contains(&hash))
    }

    /// The other agencies of the batch `text` names, as written: not the report's own, nor
    /// one whose name holds its own or is part of it (a government and its office).
    pub(crate) fn others_named(&self, text: &str) -> Vec<&'a str> {
        // `agency_key`'s characters, without building its string first.
        let key: Vec<char> = crate::normalize::key(&outside_titles(text))
            .chars()
            .filter(|&c| crate::years::is_key_char(c))
            .collect();
        let mut found: Vec<&'a str> = Vec::new();
        for at in 0..key.len().saturating_sub(1) {
            let (Some(&a), Some(&b)) = (key.get(at), key.get(at + 1)) else {
                continue;
            };
            if !self.units.first_chars.may_contain(a) {
                continue;
            }
            for &agency in self.units.by_start.get(&(a, b)).into_iter().flatten() {
                let Some((name, written)) = self.units.agencies.get(agency) else {
                    continue;
                };
                let here = key.get(at..).is_some_and(|rest| {
                    let mut rest = rest.iter();
                    name.chars().all(|c| rest.next() == Some(&c))
                });
                let related = self
                    .own
                    .is_some_and(|own| own.contains(name.as_str()) || name.contains(own));
                if here && !related && !found.contains(&written.as_str()) {
                    found.push(written);
                }
            }
        }
        found
    }
}

/// A set of characters, one bit each for the Basic Multilingual Plane (where names are
/// written); a character beyond it is always said to be possibly in the set.
#[derive(Debug, Default)]
struct FirstChars(Vec<u64>);

impl FirstChars {
    /// Characters of the Basic Multilingual Plane, one bit each.
    const PLANE: usize = 0x1_0000;

    fn insert(&mut self, c: char) {
        let code = c as usize;
        if code < Self::PLANE {
            self.0.resize(Self::PLANE / 64, 0);
            if let Some(word) = self.0.get_mut(code / 64) {
                *word |= 1 << (code % 64);
            }
        }
    }

    fn may_contain(&self, c: char) -> bool {
        let code = c as usize;
        code >= Self::PLANE
            || self
                .0
                .get(code / 64)
                .is_some_and(|word| word & (1 << (code % 64)) != 0)
    }
}

/// `text` without the titles of documents it cites (《某局关于……的通知》): an agency named in
/// a cited title is not the report naming itself.
fn outside_titles(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['《', '〈', '》', '〉']) {
        return text.into();
    }
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '《' | '〈' => depth += 1,
                '》' | '〉' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

impl Checker {
    /// `checked` with the checks comparing it with other agencies' reports run against
    /// `peers`: their findings follow the others.
    pub fn compare_units(&self, checked: Checked, peers: Peers<'_>) -> Checked {
        let others = Others {
            peers: Some(peers),
            ..Others::default()
        };
        self.add_comparison(checked, Against::Units, others)
    }

    /// Whether a check comparing a report with other agencies' reads a table of it: if none
    /// does, their findings need no cells ([`Kept::carry_without_tables`] is enough).
    pub fn units_read_tables(&self) -> bool {
        self.rules().checks().any(|(_, check)| {
            Against::of(check) == Some(Against::Units) && !check.tables.is_empty()
        })
    }

    /// The findings of the checks comparing `current` with other agencies' reports, as kept.
    pub fn compare_units_carried(&self, current: &Carry, peers: Peers<'_>) -> Vec<Finding> {
        let others = Others {
            peers: Some(peers),
            ..Others::default()
        };
        self.comparison_findings(current.report(), &current.template, Against::Units, others)
    }
}

#[cfg(test)]
#[expect(clippy::expect_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;
    use nianbao_model::Report;

    fn carry(agency: &str, opening: &str) -> Option<Carry> {
        let report = Report {
            template: "t".into(),
            year: Some(2024),
            agency: Some(agency.into()),
            sections: Vec::new(),
            tables: Vec::new(),
            statements: Vec::new(),
            published: None,
            sentences: Vec::new(),
            opening: vec![(opening.into(), Span::default())],
            figures: Vec::new(),
            outside: Vec::new(),
        };
        Some(Carry::new(agency.into(), "t", report))
    }

    /// The built-in comparisons with other agencies read no table, so their reports are read
    /// back without cells; a rule file whose comparison reads one gets them.
    #[test]
    fn a_comparison_with_other_agencies_reading_a_table_gets_the_cells() {
        assert!(!Checker::builtin().expect("rules").units_read_tables());
        let text = r#"template local-2021-units "本地格式" extends gov-2021 {
  check X-90 warning "有复议时正文雷同" {
    message "雷同"
    when T4[N, RV.TOT] > 0
    assert copied() <= 60
  }
}"#;
        let rules = crate::rules::compile("units.rules", text).expect("compiles");
        let checker = Checker::new(rules).expect("checker");
        assert!(checker.units_read_tables());
    }

    #[test]
    fn a_report_naming_itself_or_a_cited_office_names_no_other() {
        let carries = [
            carry("东城区教育局", "现公布东城区教育局2024年政府信息公开工作。"),
            carry(
                "西城区教育局",
                "根据《东城区教育局关于……的通知》，现公布西城区教育局的工作。",
            ),
            carry("南城区教育局", "现公布东城区教育局2024年政府信息公开工作。"),
        ];
        let units = Units::new(&carries[..]);
        let named = |at: usize| {
            let peers = units.peers(at, &carries[..]).expect("peers");
            carries[at]
                .as_ref()
                .map(|c| peers.others_named(&c.report().opening[0].0))
                .unwrap_or_default()
        };
        assert_eq!(named(0), Vec::<&str>::new());
        assert_eq!(named(1), Vec::<&str>::new());
        assert_eq!(named(2), vec!["东城区教育局"]);
    }
}
