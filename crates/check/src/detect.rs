//! Choosing the template a document follows, from the signature phrases each template declares
//! in its rule file (no template fact lives here).

use nianbao_model::Document;
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::normalize;

/// The chosen template and the evidence for every candidate.
#[derive(Debug, Clone)]
pub struct Detection<'r> {
    /// The template with the most signature phrases in the document (the first one on a tie).
    pub template: &'r Template,
    /// Per template, in rule-set order: the signature phrases found, and how many it declares.
    pub evidence: Vec<Evidence<'r>>,
}

/// What was found of one template's signature.
#[derive(Debug, Clone)]
pub struct Evidence<'r> {
    /// The template.
    pub template: &'r Template,
    /// Its signature phrases that the document contains.
    pub found: Vec<&'r str>,
}

/// Picks the template whose signature phrases the document contains most often; `None` only
/// when the rule set has no template.
pub fn detect<'r>(document: &Document, rules: &'r RuleSet) -> Option<Detection<'r>> {
    let text = normalize::key(&document.text);
    let evidence: Vec<Evidence<'r>> = rules
        .templates
        .iter()
        .map(|template| Evidence {
            template,
            found: template
                .signatures
                .iter()
                .filter(|phrase| text.contains(&normalize::key(phrase)))
                .map(String::as_str)
                .collect(),
        })
        .collect();
    let best = evidence
        .iter()
        .enumerate()
        .max_by_key(|(at, e)| (e.found.len(), std::cmp::Reverse(*at)))
        .map(|(_, e)| e.template)?;
    Some(Detection {
        template: best,
        evidence,
    })
}

impl Detection<'_> {
    /// Why the template was chosen, in Chinese, for `--verbose`.
    pub fn explain(&self) -> String {
        let parts: Vec<String> = self
            .evidence
            .iter()
            .map(|e| {
                let total = e.template.signatures.len();
                let found = if e.found.is_empty() {
                    String::new()
                } else {
                    format!("：{}", e.found.join("、"))
                };
                format!(
                    "{} 的特征词找到 {}/{} 个{found}",
                    e.template.id,
                    e.found.len(),
                    total
                )
            })
            .collect();
        format!("选用模板 {}（{}）", self.template.id, parts.join("；"))
    }
}
