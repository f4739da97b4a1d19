//! A [`Finding`] as a miette diagnostic: code = rule id, one label per operand cell, help with
//! the computed sides.
//!
//! Where the labels go depends on what the user can open. Text and Markdown files are shown as
//! they are, at their lines ([`DocumentSource`]). For .docx, .doc, PDF and HTML the document's
//! text is a rendered view or markup, so the finding is shown on the table rows it is about,
//! as the reader sees them, under the page, table, row and heading ([`View`]).

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, Severity as MietteSeverity, SourceCode};
use nianbao_check::Checked;
use nianbao_model::{Finding, Severity, SourceFormat};

use crate::Style;
use crate::render::place::Places;
use crate::render::source::DocumentSource;
use crate::render::view::View;

/// Where a finding's labels are drawn.
#[derive(Debug)]
pub enum Snippet {
    /// On the lines of the document's own text.
    Text(Arc<DocumentSource>),
    /// On the table rows and paragraphs it is about.
    View(View),
}

/// A finding ready to render against its document.
#[derive(Debug)]
pub struct FindingDiagnostic<'a> {
    pub finding: &'a Finding,
    pub snippet: Snippet,
}

/// Everything needed to draw the findings of one checked document.
#[derive(Debug)]
pub struct Findings<'a> {
    text: Arc<DocumentSource>,
    /// For formats whose text is not what the user sees.
    places: Option<Places<'a>>,
}

impl<'a> Findings<'a> {
    /// Prepares the findings of `checked` for drawing.
    pub fn new(checked: &'a Checked) -> Self {
        let document = &checked.document;
        let text = Arc::<str>::from(document.text.as_str());
        let shown_as_is = matches!(
            document.format,
            SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Json
        );
        let places = (!shown_as_is && !document.text.is_empty() && !checked.findings.is_empty())
            .then(|| Places::new(&checked.name, document, &checked.report));
        Self {
            text: Arc::new(DocumentSource::new(checked.name.clone(), text)),
            places,
        }
    }

    /// One finding as a diagnostic.
    pub fn diagnostic<'f>(&self, finding: &'f Finding) -> FindingDiagnostic<'f> {
        let snippet = match &self.places {
            Some(places) => Snippet::View(View::new(finding, places)),
            None => Snippet::Text(self.text.clone()),
        };
        FindingDiagnostic { finding, snippet }
    }
}

impl FindingDiagnostic<'_> {
    /// Drawn with boxes and underlines.
    pub fn graphical(&self, style: Style) -> String {
        match &self.snippet {
            Snippet::Text(_) => super::graphical(self, style),
            // The box is headed by the location in words, not by a line and column.
            Snippet::View(_) => super::graphical_with(self, style, false),
        }
    }

    /// As plain sentences.
    pub fn narrated(&self) -> String {
        let Snippet::View(view) = &self.snippet else {
            return super::narrated(self);
        };
        // The sentences without a snippet, and the places in words after the severity.
        let mut out = super::narrated(&Unsnipped(self));
        let after_severity = out
            .find(super::SEVERITY_LINE)
            .and_then(|at| out.get(at..)?.find('\n').map(|end| at + end + 1));
        match after_severity {
            Some(at) if at <= out.len() => out.insert_str(at, view.narration()),
            _ => out.push_str(view.narration()),
        }
        out
    }

    /// Whether the labels can be drawn on a text.
    fn has_snippet(&self) -> bool {
        !self.finding.notes.is_empty()
            && match &self.snippet {
                Snippet::Text(source) => !source.is_empty(),
                Snippet::View(view) => !view.is_empty(),
            }
    }

    /// Labels of notes that cannot be drawn: all of them without a text, those whose place was
    /// not found in a view.
    fn unshown(&self) -> Vec<&str> {
        match &self.snippet {
            _ if !self.has_snippet() => self
                .finding
                .notes
                .iter()
                .map(|n| n.label.as_str())
                .collect(),
            Snippet::View(view) => view.unplaced.iter().map(String::as_str).collect(),
            Snippet::Text(_) => Vec::new(),
        }
    }
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
        let mut lines: Vec<String> = self.finding.help.iter().cloned().collect();
        let unshown = self.unshown();
        if !unshown.is_empty() {
            // No text to underline: name the cells in words instead.
            lines.push(format!("涉及：{}", unshown.join("；")));
        }
        // Places in another document (last year's report) are named with file and line.
        lines.extend(self.finding.related.iter().map(nianbao_html::related_line));
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if !self.has_snippet() {
            return None;
        }
        match &self.snippet {
            Snippet::Text(source) => Some(source.as_ref()),
            Snippet::View(view) => Some(view),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.has_snippet() {
            return None;
        }
        let label = |(at, (span, label)): (usize, (miette::SourceSpan, String))| {
            if at == 0 {
                LabeledSpan::new_primary_with_span(Some(label), span)
            } else {
                LabeledSpan::new_with_span(Some(label), span)
            }
        };
        match &self.snippet {
            Snippet::Text(_) => Some(Box::new(
                self.finding
                    .notes
                    .iter()
                    .map(|note| {
                        let span = (note.span.start, note.span.len());
                        (span.into(), note.label.clone())
                    })
                    .enumerate()
                    .map(label),
            )),
            Snippet::View(view) => Some(Box::new(view.labels().cloned().enumerate().map(label))),
        }
    }
}

/// A finding without its snippet, for the sentences miette writes around it.
struct Unsnipped<'d, 'f>(&'d FindingDiagnostic<'f>);

impl fmt::Debug for Unsnipped<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Unsnipped<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl std::error::Error for Unsnipped<'_, '_> {}

impl Diagnostic for Unsnipped<'_, '_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.0.code()
    }

    fn severity(&self) -> Option<MietteSeverity> {
        self.0.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.0.help()
    }
}
