//! A value a checker works out once per template of its rule set, the first time a report of
//! the template comes (the facts compiled for reading prose, the places the checks read): a
//! run mostly meets one template, and a one-report run should not pay for the others.

use std::collections::HashMap;
use std::sync::OnceLock;

use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

/// One value per template id, made when first asked for.
#[derive(Debug)]
pub(crate) struct PerTemplate<T> {
    templates: HashMap<String, OnceLock<T>>,
}

impl<T> Default for PerTemplate<T> {
    fn default() -> Self {
        Self {
            templates: HashMap::new(),
        }
    }
}

impl<T> PerTemplate<T> {
    /// Room for every template of the rule set.
    pub fn new(rules: &RuleSet) -> Self {
        Self {
            templates: rules
                .templates
                .iter()
                .map(|t| (t.id.clone(), OnceLock::new()))
                .collect(),
        }
    }

    /// The value of `template`, made by `make` the first time; `None` for a template the rule
    /// set does not have.
    pub fn get_or_init(&self, template: &Template, make: impl FnOnce() -> T) -> Option<&T> {
        Some(self.templates.get(&template.id)?.get_or_init(make))
    }
}
