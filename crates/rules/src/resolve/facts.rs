//! Resolving `fact` declarations: unique ids, sections that exist, phrases that parse.

use super::{closest, unique};
use crate::ast;
use crate::error::{RuleError, RuleErrorKind};
use crate::phrase;
use crate::ruleset::{Fact, Template};

/// The facts of a template, or errors for every mistake in them.
pub(super) fn resolve_facts(
    template: &Template,
    written: &ast::Template,
    errors: &mut Vec<RuleError>,
) -> Vec<Fact> {
    unique(written.facts.iter().map(|f| &f.id), "说法", errors);
    written
        .facts
        .iter()
        .map(|fact| Fact {
            id: fact.id.node.clone(),
            title: fact.title.node.clone(),
            sections: fact
                .scope
                .iter()
                .filter(|section| known_section(template, section, errors))
                .map(|s| s.node.clone())
                .collect(),
            phrases: fact
                .says
                .iter()
                .flat_map(|say| {
                    let means = say.means.as_ref().map(|m| m.node);
                    say.phrases.iter().map(move |p| (p, means))
                })
                .filter_map(
                    |(written, means)| match phrase::parse(&written.node, means) {
                        Ok(parsed) => Some(parsed),
                        Err(error) => {
                            errors.push(bad_phrase(written, error));
                            None
                        }
                    },
                )
                .collect(),
            except: fact.except.iter().map(|e| e.node.clone()).collect(),
            span: fact.id.span,
        })
        .collect()
}

fn known_section(
    template: &Template,
    section: &ast::Spanned<String>,
    errors: &mut Vec<RuleError>,
) -> bool {
    let known = template.sections.iter().any(|s| s.id == section.node);
    if !known {
        errors.push(RuleError::new(
            RuleErrorKind::UnknownSection {
                id: section.node.clone(),
                suggestion: closest(
                    &section.node,
                    template.sections.iter().map(|s| s.id.as_str()),
                ),
            },
            section.span,
        ));
    }
    known
}

/// The error for a phrase that does not parse, located inside the phrase when the string has
/// no escapes (then text offsets are source offsets past the opening quote).
fn bad_phrase(written: &ast::Spanned<String>, error: phrase::PhraseError) -> RuleError {
    let length = written.span.end.saturating_sub(written.span.start);
    // Straight quotes are one byte each, “…” and ‘…’ three; with escapes, point at the whole.
    let quote = [1, 3]
        .into_iter()
        .find(|q| length == written.node.len() + 2 * q);
    let span = match quote {
        Some(q) => written.span.with_range(
            written.span.start + q + error.at.0,
            written.span.start + q + error.at.1,
        ),
        None => written.span,
    };
    RuleError::new(
        RuleErrorKind::BadPhrase {
            message: error.message,
            help: error.help,
        },
        span,
    )
}
