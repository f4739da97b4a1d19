//! One agency's reports across years: what a checked report keeps to be compared with another
//! year's ([`Carry`]), the checks that compare two years (`previous(…)`, `repeated(…)`,
//! `changed(…)` in a rule file), and pairing a batch's reports into chains by agency and year.
//!
//! ```
//! use nianbao_check::Checker;
//!
//! let checker = Checker::builtin()?;
//! let last = checker.check_file("../../examples/chains/南关区教育局/2022.txt")?;
//! let this = checker.check_file("../../examples/chains/南关区教育局/2023.txt")?;
//! // Alone, this year's report cannot be compared with last year's.
//! assert!(this.summary.checks_need_previous > 0);
//! let paired = checker.compare(this, &last.carry(&checker));
//! // 2023's 上年结转 is not 2022's 结转下年度 in one column of applicants (and the total).
//! let broken: Vec<_> = paired.findings.iter().filter(|f| f.rule == "Y-01").collect();
//! assert_eq!(broken.len(), 2);
//! // Each names last year's cell, in last year's report.
//! assert!(broken[0].related[0].file.ends_with("2022.txt"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use nianbao_model::{BoundTable, Report};

use crate::compare::Against;
use crate::eval::{Last, Others};
use crate::{Checked, Checker};

/// What a checked report keeps to be compared with another year's once its own output is
/// written: who and when it is, the tables the year-over-year checks read, and its prose as
/// sentence hashes. A few kilobytes, whatever the document's size.
#[derive(Debug, Clone)]
pub struct Carry {
    /// The name it was checked under (its path for a file).
    pub name: String,
    /// The agency from the title, if read.
    pub agency: Option<String>,
    /// The report year from the title, if read.
    pub year: Option<i32>,
    /// The template it was bound to.
    pub template: String,
    /// What its own check ran: a comparison's findings are shown with it
    /// ([`Checker::bind_file`]) without the checks being run again.
    pub summary: crate::Summary,
    /// The report with only what comparing needs.
    report: Report,
    /// What a comparison's findings are written with when the report is not read again
    /// ([`Checker::kept_report`]): how its template was chosen, its publication date (kept
    /// apart from `report`, so that the comparing checks read the carry as before), and
    /// whether its text was decoded from another encoding (its findings' places are then
    /// counted in the file's bytes, as the carry's cells are, not in the text's).
    pub(crate) shown: Shown,
}

/// What a report's own output says besides its findings, kept for writing a comparison's
/// findings without reading the report again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    pub choice: crate::Choice,
    pub published: Option<nianbao_model::Published>,
    pub reencoded: bool,
}

impl Default for Shown {
    fn default() -> Self {
        Shown {
            choice: crate::Choice::Given,
            published: None,
            reencoded: false,
        }
    }
}

impl Carry {
    /// A carry of a report built in code (a rule file's example).
    pub(crate) fn new(name: String, template: &str, report: Report) -> Self {
        Carry {
            name,
            agency: report.agency.clone(),
            year: report.year,
            template: template.to_owned(),
            summary: crate::Summary::default(),
            report,
            shown: Shown::default(),
        }
    }

    /// This carry with `summary` as its own check's.
    pub(crate) fn with_summary(mut self, summary: crate::Summary) -> Self {
        self.summary = summary;
        self
    }

    /// This carry with `shown` as its report's output said.
    pub(crate) fn with_shown(mut self, shown: Shown) -> Self {
        self.shown = shown;
        self
    }

    /// The report as far as it is kept.
    pub fn report(&self) -> &Report {
        &self.report
    }
}

impl Checked {
    /// What this report keeps for comparing with another year's report, and with other
    /// agencies' reports of its year, under `checker`'s rules. (A batch builds one
    /// [`Keeper`] for all its reports instead.)
    pub fn carry(&self, checker: &Checker) -> Carry {
        Keeper::new(checker, false).carry(self)
    }
}

/// What reports keep for comparing, worked out once from the rule set: the cells the
/// comparing checks read.
#[derive(Debug)]
pub struct Keeper {
    filters: Vec<CellFilter>,
}

impl Keeper {
    /// For `checker`'s rules; with `organs`, also what comparing an aggregate report with its
    /// organs' reports reads (`check --manifest`).
    pub fn new(checker: &Checker, organs: bool) -> Self {
        Keeper {
            filters: cell_filters(checker.rules(), organs),
        }
    }

    /// What `checked` keeps.
    pub fn carry(&self, checked: &Checked) -> Carry {
        let filters = &self.filters;
        let original = checked.document.original.as_ref();
        // Names come from the template; the paths are not needed: one empty path shared by
        // every cell (an empty `Arc` slice is an allocation of its own).
        let no_path: Arc<[String]> = Arc::from([]);
        let tables: Vec<BoundTable> = checked
            .report
            .tables
            .iter()
            .map(|t| {
                // The table's own filters, picked once rather than for each of its cells.
                let own: Vec<&CellFilter> = filters.iter().filter(|f| f.table == t.id).collect();
                (t, own)
            })
            .map(|(t, own)| BoundTable {
                id: t.id.clone(),
                title: String::new(),
                source_table: t.source_table,
                cells: t
                    .cells
                    .iter()
                    .filter(|cell| own.iter().any(|f| f.keeps_cell(cell)))
                    .map(|cell| nianbao_model::BoundCell {
                        row: cell.row.clone(),
                        column: cell.column.clone(),
                        row_path: Arc::clone(&no_path),
                        column_path: Arc::clone(&no_path),
                        value: cell.value,
                        raw: cell.raw.clone(),
                        // Pointed at from another report's findings: in the file's bytes.
                        span: crate::json::file_span(cell.span, original),
                        location: cell.location,
                    })
                    .collect(),
                missing: Vec::new(),
                unplaced: Vec::new(),
            })
            .collect();
        let mut figures = crate::eval::repeat::figures(&checked.report).into_owned();
        // Kept for the whole batch: no spare capacity.
        figures.shrink_to_fit();
        let mut tables: Vec<BoundTable> = tables;
        for table in &mut tables {
            table.cells.shrink_to_fit();
        }
        Carry {
            name: checked.name.clone(),
            agency: checked.report.agency.clone(),
            year: checked.report.year,
            template: checked.template.clone(),
            summary: checked.summary.clone(),
            report: Report {
                template: checked.report.template.clone(),
                year: checked.report.year,
                agency: checked.report.agency.clone(),
                // Whether each section is there and how long: what `repeated` and
                // `text_length` read; its heading as written and, when absent, what stands
                // in its place, which findings about a section may point at (a comparison
                // written from the carry, `Checker::kept_report`).
                sections: checked.report.sections.clone(),
                tables,
                statements: Vec::new(),
                published: None,
                sentences: checked.report.sentences.clone(),
                opening: checked.report.opening.clone(),
                // Every figure, for `changed(…)` and `nonzero(…)` over the cells not kept.
                figures,
                outside: Vec::new(),
            },
            shown: Shown {
                choice: checked.choice.clone(),
                published: checked.report.published.clone(),
                reencoded: original.is_some(),
            },
        }
    }
}

/// The cells the checks comparing reports read by id: a table and, for rows and columns, the
/// ids (`None` for all). A report keeps only these cells for comparing.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CellFilter {
    table: String,
    rows: Option<Vec<String>>,
    columns: Option<Vec<String>>,
}

impl CellFilter {
    /// Whether the filter keeps `cell` of its table.
    fn keeps_cell(&self, cell: &nianbao_model::BoundCell) -> bool {
        let within = |ids: &Option<Vec<String>>, id: &str| {
            ids.as_ref()
                .is_none_or(|ids| ids.iter().any(|i| crate::ids::same_id(i, id)))
        };
        within(&self.rows, &cell.row) && within(&self.columns, &cell.column)
    }
}

/// The cells every check comparing reports with last year's (and, with `organs`, with
/// constituent organs') reads.
fn cell_filters(rules: &nianbao_rules::RuleSet, organs: bool) -> Vec<CellFilter> {
    use nianbao_rules::ruleset::Selector;
    fn ids(selector: &Selector) -> Option<Vec<String>> {
        match selector {
            Selector::Id(id) => Some(vec![id.clone()]),
            Selector::Ids(ids) => Some(ids.clone()),
            Selector::Group { id, leaves } => {
                Some(leaves.iter().cloned().chain([id.clone()]).collect())
            }
            Selector::AllColumns | Selector::Var(_) | Selector::Child(..) => None,
        }
    }
    let mut out = Vec::new();
    for (_, check) in rules
        .checks()
        .filter(|(_, c)| c.needs_previous || (organs && c.needs_children))
    {
        for expr in check.when.iter().chain(&check.asserts) {
            out.extend(expr.cell_refs().into_iter().map(|cells| CellFilter {
                table: cells.table.clone(),
                rows: ids(&cells.row),
                columns: ids(&cells.column),
            }));
        }
    }
    // Checks read the same cells many times over: each filter once is enough for `any`.
    out.sort();
    out.dedup();
    out
}

impl Checker {
    /// `checked` with the checks that compare with last year's report run against
    /// `previous`: their findings follow the others, counted in, and the checks no longer
    /// counted as needing last year's report.
    pub fn compare(&self, checked: Checked, previous: &Carry) -> Checked {
        let others = self.last_year(previous);
        self.add_comparison(checked, Against::LastYear, others)
    }

    /// The findings of the checks that compare `current` with `previous`, both as kept.
    pub fn compare_carried(
        &self,
        current: &Carry,
        previous: &Carry,
    ) -> Vec<nianbao_model::Finding> {
        let others = self.last_year(previous);
        self.comparison_findings(
            &current.report,
            &current.template,
            Against::LastYear,
            others,
        )
    }

    /// `previous` as last year's report to compare with.
    fn last_year<'a>(&'a self, previous: &'a Carry) -> Others<'a> {
        Others {
            last: self
                .rules()
                .template(&previous.template)
                .map(|template| Last {
                    report: &previous.report,
                    template,
                    name: &previous.name,
                }),
            ..Others::default()
        }
    }
}

/// The key under which two reports are of the same agency: the name from the title without
/// spaces, punctuation and width differences.
pub fn agency_key(agency: &str) -> String {
    crate::normalize::key(agency)
        .chars()
        .filter(|&c| is_key_char(c))
        .collect()
}

/// Whether `agency_key` keeps a character: a letter or a digit. The common ideographs, most
/// of a text, are letters, told by their range before Unicode's tables are searched (the
/// texts of a batch's reports are looked through for other agencies' names).
pub(crate) fn is_key_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric()
}

/// How a batch's reports pair into chains, one agency at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chains {
    /// (last year's, this year's) by input index, in input order of this year's.
    pub pairs: Vec<(usize, usize)>,
    /// Reports that could not be paired, and why.
    pub unpaired: Vec<Unpaired>,
}

/// A report left out of pairing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpaired {
    /// Input index.
    pub index: usize,
    /// Why, in Chinese.
    pub reason: String,
}

/// Pairs reports (input index, agency, year) of one agency in consecutive years. Two
/// reports of one agency and year are not paired with anything (which is last year's is not
/// known); a year with neither neighbour in the batch is said to be alone when the agency
/// has other years there (a gap).
pub fn chains(reports: &[(usize, Option<&str>, Option<i32>)]) -> Chains {
    let keys: Vec<String> = reports
        .iter()
        .filter_map(|(_, agency, _)| agency.map(agency_key))
        .collect();
    let same = shortened_names(&keys);
    let mut by_agency: BTreeMap<String, BTreeMap<i32, Vec<usize>>> = BTreeMap::new();
    let mut out = Chains::default();
    for &(index, agency, year) in reports {
        match (agency, year) {
            (Some(agency), Some(year)) => by_agency
                .entry({
                    let key = agency_key(agency);
                    same.get(&key).cloned().unwrap_or(key)
                })
                .or_default()
                .entry(year)
                .or_default()
                .push(index),
            (None, _) => out.unpaired.push(Unpaired {
                index,
                reason: "标题中没有读到机关名称".to_owned(),
            }),
            (Some(_), None) => out.unpaired.push(Unpaired {
                index,
                reason: "标题中没有读到年度".to_owned(),
            }),
        }
    }
    for years in by_agency.values() {
        if years.len() < 2 {
            continue;
        }
        for (&year, indexes) in years {
            if indexes.len() > 1 {
                for &index in indexes {
                    out.unpaired.push(Unpaired {
                        index,
                        reason: format!(
                            "同一机关 {year} 年度的报告有 {} 份，无法确定用哪一份对照",
                            indexes.len()
                        ),
                    });
                }
                continue;
            }
            let Some(&this) = indexes.first() else {
                continue;
            };
            match years.get(&(year - 1)).map(Vec::as_slice) {
                Some([last]) => out.pairs.push((*last, this)),
                Some(_) => {}
                None if years.range(..year).next().is_some() => out.unpaired.push(Unpaired {
                    index: this,
                    reason: format!(
                        "批量中没有同一机关 {} 年度的报告，无法与上一年度对照",
                        year - 1
                    ),
                }),
                None => {}
            }
        }
    }
    out.pairs.sort_by_key(|&(_, this)| this);
    out.unpaired.sort_by_key(|u| u.index);
    out
}

/// Names shorter than this are not taken for a shortened form of a longer one.
const MIN_SHORTENED: usize = 5;

/// Agencies one year's title names in full and another's without the higher level in front
/// ("淮安市洪泽区人民政府" and "洪泽区人民政府"): each key that is the end of exactly one longer
/// key, mapped to it. A key that ends several (two cities' 朝阳区教育局) stays apart.
fn shortened_names(keys: &[String]) -> std::collections::HashMap<String, String> {
    let mut by_end: std::collections::HashMap<String, Vec<&str>> = std::collections::HashMap::new();
    let mut distinct: Vec<&str> = keys.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    for &key in &distinct {
        let chars: Vec<char> = key.chars().collect();
        if let Some(end) = chars
            .len()
            .checked_sub(MIN_SHORTENED)
            .and_then(|at| chars.get(at..))
        {
            by_end.entry(end.iter().collect()).or_default().push(key);
        }
    }
    let mut same = std::collections::HashMap::new();
    for group in by_end.values().filter(|g| g.len() > 1) {
        for &short in group {
            let mut longer = group
                .iter()
                .filter(|&&long| long.len() > short.len() && long.ends_with(short));
            if let (Some(&long), None) = (longer.next(), longer.next()) {
                same.insert(short.to_owned(), long.to_owned());
            }
        }
    }
    same
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The range told first is only of letters: the shortcut keeps what the tables keep.
    #[test]
    fn the_common_ideographs_are_key_characters_by_unicode_too() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
        assert!(is_key_char('A') && is_key_char('3') && is_key_char('局'));
        assert!(!is_key_char('、') && !is_key_char(' ') && !is_key_char('（'));
    }

    #[test]
    fn a_name_without_its_city_is_the_same_agency_unless_two_cities_have_it() {
        let reports = [
            (0, Some("洪泽区人民政府"), Some(2023)),
            (1, Some("淮安市洪泽区人民政府"), Some(2024)),
            (2, Some("朝阳区教育局"), Some(2023)),
            (3, Some("北京市朝阳区教育局"), Some(2024)),
            (4, Some("长春市朝阳区教育局"), Some(2024)),
            (5, Some("教育局"), Some(2023)),
            (6, Some("南关区教育局"), Some(2024)),
        ];
        assert_eq!(chains(&reports).pairs, vec![(0, 1)]);
    }

    #[test]
    fn pairs_consecutive_years_of_one_agency_and_says_why_others_are_not() {
        let reports = [
            (0, Some("南关区教育局"), Some(2022)),
            (1, Some("南关区 教育局"), Some(2021)),
            (2, Some("南关区教育局"), Some(2024)),
            (3, Some("南关区卫生健康局"), Some(2023)),
            (4, Some("南关区卫生健康局"), Some(2024)),
            (5, Some("南关区卫生健康局"), Some(2024)),
            (6, None, Some(2024)),
            (7, Some("朝阳区教育局"), Some(2024)),
        ];
        let found = chains(&reports);
        assert_eq!(found.pairs, vec![(1, 0)]);
        let reasons: Vec<(usize, &str)> = found
            .unpaired
            .iter()
            .map(|u| (u.index, u.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (2, "批量中没有同一机关 2023 年度的报告，无法与上一年度对照"),
                (4, "同一机关 2024 年度的报告有 2 份，无法确定用哪一份对照"),
                (5, "同一机关 2024 年度的报告有 2 份，无法确定用哪一份对照"),
                (6, "标题中没有读到机关名称"),
            ]
        );
    }

    /// A report bound without its checks is the report its check bound, and comparing it
    /// finds what comparing the checked report adds; its own check's summary comes with its
    /// carry.
    #[test]
    fn a_report_bound_again_compares_as_the_checked_one() {
        #![expect(clippy::unwrap_used, reason = "a test")]
        let checker = Checker::builtin().unwrap();
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/chains/南关区教育局"
        );
        let read = |year: &str| {
            let path = format!("{root}/{year}.txt");
            (checker.check_file(&path), checker.bind_file(&path))
        };
        let last = read("2022").0.unwrap();
        let (checked, bound) = read("2023");
        let (checked, bound) = (checked.unwrap(), bound.unwrap());
        let previous = last.carry(&checker);
        assert_eq!(bound.report, checked.report);
        assert_eq!(
            (&bound.template, &bound.document),
            (&checked.template, &checked.document)
        );
        assert!(bound.findings.is_empty() && bound.culprits.is_empty());
        assert_eq!(bound.summary, crate::Summary::default());
        let carried = checked.carry(&checker);
        assert!(carried.summary.checks_run > 0);
        assert_eq!(carried.summary, checked.summary);
        let own = checked.findings.len();
        let from_checked = checker.compare(checked, &previous);
        let from_bound = checker.compare(bound, &previous);
        // The chain breaks there (Y-01): the comparison finds something to show.
        assert!(from_bound.findings.iter().any(|f| f.rule == "Y-01"));
        assert_eq!(
            from_checked.findings.get(own..),
            Some(from_bound.findings.as_slice())
        );
    }
}
