//! The nianbao rules language: statutory report templates, their tables in the official
//! Chinese labels, and the cross-checks (勾稽关系) between their cells.
//!
//! A rule file is compiled in two steps, each its own module: [`syntax`] (text → syntax tree,
//! no names resolved) and [`resolve`] (names, labels and types checked; every mistake of the
//! step is reported with its span). The result is a [`RuleSet`]. [`builtin`] holds the rule
//! sets shipped with nianbao.

pub mod ast;
pub mod builtin;
mod error;
pub mod format;
pub mod resolve;
pub mod ruleset;
pub mod syntax;

use std::sync::Arc;

pub use error::{RuleError, RuleErrorKind, RuleFileError};
pub use ruleset::RuleSet;

/// Compiles the rule file `name` with content `text`: parse, expand `extends`, then resolve.
pub fn compile(name: &str, text: &str) -> Result<RuleSet, RuleFileError> {
    let shared: Arc<str> = Arc::from(text);
    let file =
        syntax::parse(text).map_err(|e| RuleFileError::new(name, shared.clone(), vec![e]))?;
    let file = if file.templates.iter().any(|t| t.extends.is_some()) {
        // Templates may extend the shipped ones as well as each other.
        let bases: Vec<ast::File> = builtin::BUILTIN
            .iter()
            .filter(|b| b.name != name)
            .filter_map(|b| syntax::parse(b.text).ok())
            .collect();
        resolve::expand(&file, &bases)
            .map_err(|errors| RuleFileError::new(name, shared.clone(), errors))?
    } else {
        file
    };
    let mut rules =
        resolve::resolve(&file).map_err(|errors| RuleFileError::new(name, shared, errors))?;
    for template in &mut rules.templates {
        template.file = name.to_owned();
    }
    Ok(rules)
}
