//! A [`Finding`] as a miette diagnostic over the document's text: code = rule id, one label per
//! operand cell, help with the computed sides.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, Severity as MietteSeverity, SourceCode};
use nianbao_model::{Finding, Severity};

/// A finding ready to render against its document.
#[derive(Debug)]
pub struct FindingDiagnostic<'a> {
    pub finding: &'a Finding,
    pub source: Arc<crate::render::source::DocumentSource>,
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(match self.finding.severity {
            Severity::Error => MietteSeverity::Error,
            Severity::Warning => MietteSeverity::Warning,
            Severity::Info => MietteSeverity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.source.is_empty() && !self.finding.notes.is_empty() {
            // No text to underline: name the cells in words instead.
            let cells: Vec<&str> = self
                .finding
                .notes
                .iter()
                .map(|n| n.label.as_str())
                .collect();
            let mut help = format!("涉及：{}", cells.join("；"));
            if let Some(more) = &self.finding.help {
                help = format!("{more}\n{help}");
            }
            return Some(Box::new(help));
        }
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.finding.notes.is_empty() || self.source.is_empty() {
            None
        } else {
            Some(self.source.as_ref())
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.finding.notes.is_empty() || self.source.is_empty() {
            return None;
        }
        Some(Box::new(self.finding.notes.iter().enumerate().map(
            |(at, note)| {
                let span = (note.span.start, note.span.len());
                if at == 0 {
                    LabeledSpan::new_primary_with_span(Some(note.label.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(note.label.clone()), span)
                }
            },
        )))
    }
}
