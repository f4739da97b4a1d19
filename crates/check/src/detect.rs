//! Choosing the template a document follows, from the signature phrases each template declares
//! in its rule file (no template fact lives here).

use nianbao_model::{Document, SourceFormat};
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
    /// Other templates that matched as well as the chosen one (its own ancestors, which it
    /// refines, excepted): the choice between them was a tie.
    pub rivals: Vec<String>,
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

/// How much the chosen template's signature supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Every one of its phrases was found, and no other template matched as well.
    Strong,
    /// Some but not all of its phrases, or another template matched as many.
    Weak,
    /// No template's phrase was found: the format is unknown.
    None,
}

/// Picks the template whose signature phrases the document contains most often; `None` only
/// when the rule set has no template.
pub fn detect(document: &Document, rules: &RuleSet) -> Option<Detection> {
    detect_in(&searchable(document), rules)
}

/// The document's words, normalised for phrase search: its text, or its paragraphs and cells
/// for a model written as data (JSON, no text) and for a web page, whose text is its source
/// (markup, scripts and the portal around the report: keying all of it was 4 % of checking a
/// page, and a phrase in a script or a menu is not the report's).
fn searchable(document: &Document) -> String {
    if document.format != SourceFormat::Html && !document.text.trim().is_empty() {
        return normalize::key(&document.text);
    }
    let mut words = String::new();
    for paragraph in document.paragraphs() {
        words.push_str(&paragraph.text);
        words.push('\n');
    }
    for cell in document
        .tables()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
    {
        words.push_str(&cell.text);
        words.push('\n');
    }
    normalize::key(&words)
}

/// Whether the document looks like an annual report of any template at all: it contains a
/// template's report (title) phrase, a section heading or a signature phrase.
pub fn looks_like_report(document: &Document, rules: &RuleSet) -> bool {
    let text = searchable(document);
    let found = |key: &str| !key.is_empty() && text.contains(key);
    rules.templates.iter().any(|template| {
        template
            .report_phrases
            .iter()
            .chain(&template.signatures)
            .any(|phrase| found(&normalize::key(phrase)))
            || template
                .sections
                .iter()
                .flat_map(|s| s.label.keys())
                .any(|key| found(key))
    })
}

fn detect_in(text: &str, rules: &RuleSet) -> Option<Detection> {
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
    // The largest share of its own phrases wins (templates declare different numbers of
    // phrases); on a tie, a template that extends the other (a local variant of the national
    // format), then the one declared first.
    let mut best: Option<&Evidence> = None;
    for candidate in &evidence {
        let better = best.is_none_or(|best| match share(candidate).cmp(&share(best)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => descends(rules, &candidate.template, &best.template),
        });
        if better {
            best = Some(candidate);
        }
    }
    let best = best?;
    let rivals = evidence
        .iter()
        .filter(|e| e.template != best.template && !e.found.is_empty())
        .filter(|e| share(e).cmp(&share(best)) != std::cmp::Ordering::Less)
        .filter(|e| !descends(rules, &best.template, &e.template))
        .map(|e| e.template.clone())
        .collect();
    let best = best.template.clone();
    Some(Detection {
        template: best,
        evidence,
        rivals,
    })
}

/// The share of its phrases a template's evidence holds, comparable across templates.
fn share(evidence: &Evidence) -> Share {
    Share {
        found: evidence.found.len(),
        declared: evidence.declared.max(1),
    }
}

/// A fraction `found / declared`, ordered exactly (no floating point).
#[derive(Debug, Clone, Copy)]
struct Share {
    found: usize,
    declared: usize,
}

impl Share {
    fn cmp(&self, other: &Share) -> std::cmp::Ordering {
        (self.found * other.declared).cmp(&(other.found * self.declared))
    }
}

/// Whether template `child` extends `ancestor`, directly or through others.
pub(crate) fn descends(rules: &RuleSet, child: &str, ancestor: &str) -> bool {
    let mut current = rules.template(child).and_then(|t| t.extends.as_deref());
    // A chain is at most as long as the rule set (cycles are refused when compiling).
    for _ in 0..rules.templates.len() {
        match current {
            Some(id) if id == ancestor => return true,
            Some(id) => current = rules.template(id).and_then(|t| t.extends.as_deref()),
            None => return false,
        }
    }
    false
}

impl Detection {
    /// How well the chosen template's signature matched.
    pub fn strength(&self) -> Strength {
        match self.evidence.iter().find(|e| e.template == self.template) {
            Some(chosen) if chosen.found.is_empty() => Strength::None,
            None => Strength::None,
            Some(chosen) if chosen.found.len() < chosen.declared || !self.rivals.is_empty() => {
                Strength::Weak
            }
            Some(_) => Strength::Strong,
        }
    }

    /// For a weak choice, what the summary line says about it, in Chinese.
    pub fn weakness(&self) -> Option<String> {
        if self.strength() != Strength::Weak {
            return None;
        }
        let chosen = self.evidence.iter().find(|e| e.template == self.template)?;
        let mut parts = Vec::new();
        if chosen.found.len() < chosen.declared {
            parts.push(format!(
                "模板特征词只找到 {}/{} 个",
                chosen.found.len(),
                chosen.declared
            ));
        }
        if !self.rivals.is_empty() {
            parts.push(format!("与 {} 同样相符", self.rivals.join("、")));
        }
        parts.push("请核对格式".to_owned());
        Some(parts.join("，"))
    }

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

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use nianbao_read::{ReadOptions, read_as};

    use super::*;

    fn page(title: &str, body: &str, script: &str) -> Document {
        let html = format!(
            "<html><head><title>{title}</title><script>var s = \"{script}\";</script>\
             </head><body>{body}</body></html>"
        );
        read_as(html.as_bytes(), SourceFormat::Html, &ReadOptions::default()).unwrap()
    }

    /// A web page's words are what the reader found in it: the signature phrases in its table
    /// count, the same phrases in a script around the report do not.
    #[test]
    fn a_page_is_searched_in_its_blocks_not_its_source() {
        let rules = nianbao_rules::builtin::rule_set().unwrap();
        let phrases = "本年制发件数 本年废止件数 现行有效件数 本年新收政府信息公开申请数量";
        let table = format!(
            "<p>政府信息公开工作年度报告</p><table><tr><td>信息内容</td><td>本年制发件数</td>\
             <td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>1</td><td>0</td>\
             <td>3</td></tr></table><p>{phrases}</p>"
        );
        let found = |document: &Document| {
            let detection = detect(document, &rules).unwrap();
            detection
                .evidence
                .iter()
                .map(|e| e.found.len())
                .sum::<usize>()
        };
        let title = "政府信息公开工作年度报告";
        assert!(found(&page(title, &table, "")) > 0);
        assert_eq!(found(&page(title, "<p>通知</p>", phrases)), 0);
        // The page's title is read, so it still looks like a report; without it, the phrases
        // in the script do not make it one.
        assert!(looks_like_report(&page(title, "<p>通知</p>", ""), &rules));
        assert!(!looks_like_report(
            &page("通知", "<p>通知</p>", phrases),
            &rules
        ));
    }
}
