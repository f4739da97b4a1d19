//! Rule sets made of several rule files: the built-in ones, a project's rule folder and files
//! given on the command line, compiled together. A later file's template replaces an earlier
//! template with the same id (an edited copy of a built-in takes effect), every other template
//! is added, and `extends` may name a template of any file.

use std::sync::Arc;

use crate::ast;
use crate::error::RuleFileError;
use crate::ruleset::RuleSet;
use crate::{builtin, resolve, syntax};

/// Where a rule file came from; runs say which files they used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the program.
    Builtin,
    /// Found in the project's rule folder.
    Project,
    /// Given on the command line (or by a library caller).
    Given,
}

impl Origin {
    /// The origin's name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::Project => "project",
            Origin::Given => "given",
        }
    }

    /// The origin in Chinese, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Builtin => "内置",
            Origin::Project => "项目规则文件夹",
            Origin::Given => "指定",
        }
    }
}

/// One rule file of a rule set: its name as shown in diagnostics, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSource {
    /// File name or path, as shown in diagnostics.
    pub name: String,
    /// The rule file text.
    pub text: Arc<str>,
    /// Where it came from.
    pub origin: Origin,
}

impl RuleSource {
    /// A rule file with the given name, text and origin.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>, origin: Origin) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            origin,
        }
    }

    /// Every built-in rule file.
    pub fn builtin() -> Vec<RuleSource> {
        builtin::BUILTIN
            .iter()
            .map(|b| RuleSource::new(b.name, b.text, Origin::Builtin))
            .collect()
    }
}

/// A template of an earlier file that a later file replaced (same id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The template id.
    pub template: String,
    /// The file whose template is used.
    pub file: String,
    /// The file whose template it replaced.
    pub replaced: String,
    /// Whether the two templates are written identically (e.g. an exported built-in file
    /// nobody edited).
    pub identical: bool,
}

/// Compiles `sources` together, in order. Every template of every file is in the result,
/// except those a later file replaced (listed in [`RuleSet::replaced`]).
///
/// # Errors
///
/// Every mistake of every file, each located in its own file.
pub fn compile_sources(sources: Vec<RuleSource>) -> Result<RuleSet, RuleFileError> {
    let mut templates: Vec<ast::Template> = Vec::new();
    let mut replaced = Vec::new();
    let mut errors = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let file = u32::try_from(index).unwrap_or(u32::MAX);
        let parsed = match syntax::parse_file(&source.text, file) {
            Ok(parsed) => parsed,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        for template in parsed.templates {
            let earlier = templates
                .iter()
                .position(|t| t.id.node == template.id.node && t.id.span.file != file);
            match earlier.and_then(|at| templates.get_mut(at)) {
                Some(slot) => {
                    replaced.push(Replacement {
                        template: template.id.node.clone(),
                        file: source.name.clone(),
                        replaced: name_of(&sources, slot.id.span),
                        identical: written(&sources, slot.span) == written(&sources, template.span),
                    });
                    *slot = template;
                }
                None => templates.push(template),
            }
        }
    }
    if !errors.is_empty() {
        return Err(RuleFileError::in_sources(&sources, errors));
    }
    let combined = ast::File { templates };
    let expanded = resolve::expand(&combined, &[])
        .map_err(|errors| RuleFileError::in_sources(&sources, errors))?;
    let mut set = resolve::resolve(&expanded)
        .map_err(|errors| RuleFileError::in_sources(&sources, errors))?;
    for template in &mut set.templates {
        template.file = name_of(&sources, template.span);
    }
    set.replaced = replaced;
    set.sources = sources;
    Ok(set)
}

fn name_of(sources: &[RuleSource], span: ast::Span) -> String {
    usize::try_from(span.file)
        .ok()
        .and_then(|at| sources.get(at))
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// The text a span covers, in its own file.
fn written(sources: &[RuleSource], span: ast::Span) -> Option<&str> {
    let source = sources.get(usize::try_from(span.file).ok()?)?;
    source.text.get(span.start..span.end)
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use super::*;

    const LOCAL: &str = "template local \"本地\" extends gov-2021 {\n  severity T3-05a error\n}\n";

    /// An inherited check and its examples point at the parent file's lines; the child's own
    /// template at its own file.
    #[test]
    fn inherited_spans_locate_in_the_parent_file() {
        let mut sources = RuleSource::builtin();
        sources.push(RuleSource::new("local.rules", LOCAL, Origin::Given));
        let set = compile_sources(sources).unwrap();
        let local = set.template("local").unwrap();
        assert_eq!(local.file, "local.rules");
        let check = local.checks.iter().find(|c| c.id == "T3-01").unwrap();
        let (source, line, _) = set.locate(check.span).unwrap();
        assert_eq!(source.name, "rules/gov-2021.rules");
        let written = source.text.lines().nth(line - 1).unwrap();
        assert!(written.contains("check T3-01"), "{written}");
        let example = check.examples.first().unwrap();
        let (source, line, _) = set.locate(example.span).unwrap();
        assert_eq!(source.name, "rules/gov-2021.rules");
        assert!(
            source
                .text
                .lines()
                .nth(line - 1)
                .unwrap()
                .contains("example")
        );
    }

    /// A later file's template with a built-in's id replaces it, and says whether it differs.
    #[test]
    fn same_id_replaces_and_reports_it() {
        let mut sources = RuleSource::builtin();
        let builtin = sources.first().unwrap().text.clone();
        sources.push(RuleSource::new("copy.rules", builtin, Origin::Project));
        let set = compile_sources(sources).unwrap();
        assert_eq!(set.templates.len(), 2);
        assert_eq!(set.template("gov-2021").unwrap().file, "copy.rules");
        assert_eq!(set.replaced.len(), 1);
        assert!(set.replaced.first().unwrap().identical);
    }

    /// A mistake in a given file is reported in that file, not in a built-in.
    #[test]
    fn errors_are_located_in_their_file() {
        let mut sources = RuleSource::builtin();
        sources.push(RuleSource::new(
            "bad.rules",
            "template bad \"坏\" extends gov-2022 {\n}\n",
            Origin::Given,
        ));
        let error = compile_sources(sources).unwrap_err();
        assert_eq!(error.files().collect::<Vec<_>>(), vec!["bad.rules"]);
    }
}
