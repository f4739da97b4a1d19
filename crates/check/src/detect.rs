//! Choosing the template a document follows, from the signature phrases each template declares
//! in its rule file (no template fact lives here).

use nianbao_model::Document;
use nianbao_rules::RuleSet;

use crate::normalize;

/// The chosen template and the evidence for every candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// Id of the template with the most signature phrases in the document (the first one on a
    /// tie).
    pub template: String,
    /// Per template, in rule-set order: the signature phrases found, and how many it declares.
    pub evidence: Vec<Evidence>,
}

/// What was found of one template's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The template's id.
    pub template: String,
    /// Its signature phrases that the document contains.
    pub found: Vec<String>,
    /// How many signature phrases it declares.
    pub declared: usize,
}

/// Picks the template whose signature phrases the document contains most often; `None` only
/// when the rule set has no template.
pub fn detect(document: &Document, rules: &RuleSet) -> Option<Detection> {
    let text = normalize::key(&document.text);
    let evidence: Vec<Evidence> = rules
        .templates
        .iter()
        .map(|template| Evidence {
            template: template.id.clone(),
            found: template
                .signatures
                .iter()
                .filter(|phrase| text.contains(&normalize::key(phrase)))
                .cloned()
                .collect(),
            declared: template.signatures.len(),
        })
        .collect();
    let best = evidence
        .iter()
        .enumerate()
        .max_by_key(|(at, e)| (e.found.len(), std::cmp::Reverse(*at)))
        .map(|(_, e)| e.template.clone())?;
    Some(Detection {
        template: best,
        evidence,
    })
}

impl Detection {
    /// Why the template was chosen, in Chinese, for `--verbose`.
    pub fn explain(&self) -> String {
        let parts: Vec<String> = self
            .evidence
            .iter()
            .map(|e| {
                let total = e.declared;
                let found = if e.found.is_empty() {
                    String::new()
                } else {
                    format!("：{}", e.found.join("、"))
                };
                format!(
                    "{} 的特征词找到 {}/{} 个{found}",
                    e.template,
                    e.found.len(),
                    total
                )
            })
            .collect();
        format!("选用模板 {}（{}）", self.template, parts.join("；"))
    }
}
