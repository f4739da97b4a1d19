//! Choosing the template a document follows, from the signature phrases each template declares.

use nianbao_model::Document;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::normalize;

/// The template whose signature phrases the document contains most often; the first template
/// when none of them has any (or when there is only one).
pub fn detect<'r>(document: &Document, rules: &'r RuleSet) -> Option<&'r Template> {
    let text = normalize::key(&document.text);
    rules
        .templates
        .iter()
        .enumerate()
        .map(|(at, template)| {
            let score = template
                .signatures
                .iter()
                .filter(|phrase| text.contains(&normalize::key(phrase)))
                .count();
            (score, std::cmp::Reverse(at), template)
        })
        .max_by_key(|(score, at, _)| (*score, *at))
        .map(|(_, _, template)| template)
}
