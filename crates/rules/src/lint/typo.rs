//! `lint::label-typo`: a label declared by a template that extends (or redefines) a built-in
//! one, one or two characters away from a built-in label of the same table.
//!
//! A misspelt official label passes compilation, then every report that spells it correctly
//! has a row "worded differently from the template", and the message blames the report. A
//! wording is not reported when its item also accepts a built-in label (`or "…"`): the author
//! then chose the local wording knowingly.

use super::{Declared, Lint, LintKind, compact};
use crate::ruleset::Template;

/// The most characters a typo changes.
const MAX_EDITS: usize = 2;

/// Reports declared wordings that look like misspelt built-in labels of `base`.
pub(crate) fn run(declared: &Declared<'_>, base: &Template, lints: &mut Vec<Lint>) {
    for item in &declared.labels {
        let Some(table) = base.table(item.table) else {
            continue;
        };
        let builtin: Vec<&str> = table
            .parts
            .iter()
            .flat_map(|p| p.rows.nodes.iter().chain(&p.columns.nodes))
            .filter(|n| !n.unlabeled)
            .flat_map(|n| n.label.all())
            .collect();
        let official: Vec<String> = builtin.iter().map(|b| compact(b)).collect();
        // A built-in wording accepted by the item itself: the local wording is deliberate.
        if item
            .wordings
            .iter()
            .any(|w| official.contains(&compact(&w.node)))
        {
            continue;
        }
        for wording in &item.wordings {
            let written = compact(&wording.node);
            let closest = builtin
                .iter()
                .zip(&official)
                .filter_map(|(shown, key)| typo_distance(&written, key).map(|d| (d, *shown)))
                .min_by_key(|(d, _)| *d);
            if let Some((_, shown)) = closest {
                lints.push(Lint::new(
                    LintKind::LabelTypo {
                        label: wording.node.clone(),
                        builtin: shown.to_owned(),
                        template: base.id.clone(),
                    },
                    wording.span,
                ));
            }
        }
    }
}

/// The number of characters by which `written` looks like a misspelling of `official`, if it
/// does: one or two edits, on a label long enough that they leave most of it, not a label
/// that merely extends the other (that is `lint::label-prefix`'s business), and not one that
/// differs only in its item number ("4.其他" is another item than "3.其他").
pub(crate) fn typo_distance(written: &str, official: &str) -> Option<usize> {
    if written == official {
        return None;
    }
    let edits = strsim::levenshtein(written, official);
    let shorter = written.chars().count().min(official.chars().count());
    if edits == 0 || edits > MAX_EDITS || shorter < 3 * edits {
        return None;
    }
    let extends = |a: &str, b: &str| a.starts_with(b) || a.ends_with(b);
    if extends(written, official) || extends(official, written) {
        return None;
    }
    let without_numbers = |s: &str| -> String { s.chars().filter(|c| !is_numeral(*c)).collect() };
    if without_numbers(written) == without_numbers(official) {
        return None;
    }
    Some(edits)
}

/// Digits and Chinese numerals, as item numbers are written.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

#[cfg(test)]
#[expect(clippy::indexing_slicing, clippy::string_slice, reason = "tests")]
mod tests {
    use super::super::tests::lint_text;
    use super::*;

    /// Two swapped characters in a relabelled official row are a typo, reported at the label.
    #[test]
    fn reports_a_misspelt_relabel() {
        let text = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    relabel row R3.3.1 \"1.属于国家密秘\"\n  }\n}\n";
        let lints = lint_text(text);
        assert_eq!(lints.len(), 1, "{lints:?}");
        let lint = &lints[0];
        assert_eq!(lint.kind().code(), nianbao_model::Code::LintLabelTypo);
        assert_eq!(
            &text[lint.span().start..lint.span().end],
            "\"1.属于国家密秘\""
        );
        assert_eq!(
            lint.kind().to_string(),
            "“1.属于国家密秘”与内置模板的“1.属于国家秘密”只差一两个字，是否写错？"
        );
    }

    /// A local wording that also accepts the built-in one is deliberate.
    #[test]
    fn a_variant_with_the_builtin_wording_silences_it() {
        let text = "template local \"本地\" extends gov-2021 {\n  patch table T3 {\n    relabel row R3.3.1 \"1.属于国家密秘\" or \"1.属于国家秘密\"\n  }\n}\n";
        assert!(lint_text(text).is_empty());
    }

    /// Short labels, labels that extend another and other item numbers are not typos.
    #[test]
    fn tells_typos_from_other_labels() {
        assert_eq!(typo_distance("1.属于国家密秘", "1.属于国家秘密"), Some(2));
        assert_eq!(
            typo_distance("1.本机关未掌握相关政府信息", "1.本机关不掌握相关政府信息"),
            Some(1)
        );
        assert_eq!(typo_distance("小计", "总计"), None);
        assert_eq!(typo_distance("结果维持", "结果纠正"), None);
        assert_eq!(typo_distance("（三）不予公开小计", "（三）不予公开"), None);
        assert_eq!(typo_distance("4.其他", "3.其他"), None);
        assert_eq!(typo_distance("1.属于国家秘密", "1.属于国家秘密"), None);
    }

    /// A template of the local file that is not built on a built-in one is not compared.
    #[test]
    fn leaves_unrelated_templates_alone() {
        let text = "template own \"自有\" {\n  table T3 \"表\" {\n    columns { A \"甲\" }\n    rows { R1 \"1.属于国家密秘\" }\n  }\n  check C-1 error \"t\" {\n    assert T3[R1, A] >= 0\n  }\n}\n";
        assert!(lint_text(text).is_empty());
    }
}
