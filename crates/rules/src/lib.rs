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
pub mod ids;
pub mod lint;
pub mod normalize;
pub mod phrase;
pub mod resolve;
pub mod ruleset;
mod sources;
pub mod syntax;

pub use error::{RuleError, RuleErrorKind, RuleFileError};
pub use ruleset::RuleSet;
pub use sources::{Origin, Replacement, RuleSource, compile_sources};

/// Compiles the rule file `name` with content `text` on its own: the result holds only its
/// templates. Its templates may `extends` the built-in ones (and each other); a template with
/// a built-in's id stands for that built-in in the file's own `extends`.
///
/// # Errors
///
/// Every mistake in the file, located.
pub fn compile(name: &str, text: &str) -> Result<RuleSet, RuleFileError> {
    let mut sources: Vec<RuleSource> = RuleSource::builtin()
        .into_iter()
        .filter(|b| b.name != name)
        .collect();
    let own = u32::try_from(sources.len()).unwrap_or(u32::MAX);
    sources.push(RuleSource::new(name, text, Origin::Given));
    let mut set = compile_sources(sources)?;
    set.templates.retain(|t| t.span.file == own);
    set.replaced.retain(|r| r.file == name);
    Ok(set)
}
