//! The rule sets shipped with nianbao, embedded in the binary.

/// A shipped rule file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRules {
    /// File name, as shown in diagnostics.
    pub name: &'static str,
    /// The rule file text.
    pub text: &'static str,
}

/// Every shipped rule file; together they are the default rule set.
pub const BUILTIN: &[BuiltinRules] = &[
    BuiltinRules {
        name: "rules/gov-2021.rules",
        text: include_str!("../../../rules/gov-2021.rules"),
    },
    BuiltinRules {
        name: "rules/gov-2019.rules",
        text: include_str!("../../../rules/gov-2019.rules"),
    },
];

/// The default rule set: every shipped rule file, compiled.
///
/// # Errors
///
/// Only if a shipped rule file is broken, which the test below prevents.
pub fn rule_set() -> Result<crate::RuleSet, crate::RuleFileError> {
    crate::compile_sources(crate::RuleSource::builtin())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped rule file compiles without a single diagnostic.
    #[test]
    fn shipped_rules_compile() {
        for rules in BUILTIN {
            if let Err(error) = crate::compile(rules.name, rules.text) {
                let found: Vec<String> = error
                    .errors()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}..{}: {} ({:?})",
                            e.span().start,
                            e.span().end,
                            e,
                            e.kind()
                        )
                    })
                    .collect();
                assert!(found.is_empty(), "{}:\n{}", rules.name, found.join("\n"));
            }
        }
    }
}
