//! The human formats: graphical diagnostics (`human`) or narrated sentences (`plain`), the
//! culprits first with the failed checks they explain, then a line per report; and, for more
//! than one input, a closing block with the totals, the per-check and the per-report tables.

use std::io::{self, Write};

use nianbao_check::Checked;
use nianbao_model::Finding;

use super::super::{Outcome, Sink, SinkContext, Summary};
use super::summary_text;
use crate::render::finding::Findings;

/// From this many further findings of one check in a report on, they are listed a line each
/// under the first instead of drawn in full.
const GROUP_AFTER: usize = 4;

/// `--format human` (graphical) or `--format plain` (narrated).
#[derive(Debug)]
pub struct Human {
    narrated: bool,
}

impl Human {
    /// Graphical diagnostics with boxes and underlines.
    pub fn graphical() -> Self {
        Self { narrated: false }
    }

    /// Plain sentences, for screen readers and logs.
    pub fn plain() -> Self {
        Self { narrated: true }
    }
}

impl Sink for Human {
    fn is_terminal_text(&self) -> bool {
        true
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        outcome: &Outcome<'_>,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if let Some(duplicate) = outcome.duplicate_of {
            return writeln!(
                out,
                "{}",
                summary_text::duplicate_line(outcome.path, duplicate)
            );
        }
        // An unreadable file was reported on stderr as it was met.
        let Ok(checked) = outcome.result else {
            return Ok(());
        };
        if let Some(compared) = outcome.compared {
            writeln!(
                out,
                "{}\n",
                summary_text::comparison_heading(outcome.path, compared)
            )?;
            self.findings(out, checked, context)?;
            return writeln!(
                out,
                "{}",
                summary_text::comparison_line(outcome.path, compared, checked, outcome.accepted)
            );
        }
        self.findings(out, checked, context)?;
        writeln!(
            out,
            "{}",
            summary_text::report_line(checked, outcome.accepted)
        )
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        if summary.inputs > 1 || context.summary_only {
            write!(out, "{}", summary_text::closing_block(summary))?;
        }
        Ok(())
    }
}

impl Human {
    /// Each culprit first, with the failed checks it explains under it; then the other
    /// findings; at most `max_findings` of them.
    fn findings(
        &self,
        out: &mut dyn Write,
        checked: &Checked,
        context: &SinkContext<'_>,
    ) -> io::Result<()> {
        let findings = Findings::new(checked);
        let limit = context.max_findings.unwrap_or(usize::MAX);
        let printed = std::cell::Cell::new(0);
        let mut shown = vec![false; checked.findings.len()];
        let print = |finding: &Finding, out: &mut dyn Write| -> io::Result<()> {
            printed.set(printed.get() + 1);
            if printed.get() > limit {
                return Ok(());
            }
            let diagnostic = findings.diagnostic(finding);
            let text = if self.narrated {
                diagnostic.narrated()
            } else {
                diagnostic.graphical(context.style)
            };
            writeln!(out, "{}", text.trim_end())?;
            writeln!(out)
        };
        for culprit in &checked.culprits {
            print(&culprit.finding, out)?;
            if culprit.explains.is_empty() {
                continue;
            }
            if printed.get() <= limit {
                writeln!(
                    out,
                    "（以下 {} 项检查不成立，都由上面这一处引起）\n",
                    culprit.explains.len()
                )?;
            }
            for &at in &culprit.explains {
                if let (Some(finding), Some(flag)) = (checked.findings.get(at), shown.get_mut(at)) {
                    *flag = true;
                    print(finding, out)?;
                }
            }
        }
        // A check that fails in many places for one cause (a blank column) is shown once in
        // full, then one line per further place.
        let rest: Vec<&Finding> = checked
            .findings
            .iter()
            .zip(&shown)
            .filter(|(_, s)| !**s)
            .map(|(f, _)| f)
            .collect();
        let mut listed: Vec<&str> = Vec::new();
        for finding in &rest {
            if listed.contains(&finding.rule.as_str()) {
                continue;
            }
            print(finding, out)?;
            let same: Vec<&&Finding> = rest
                .iter()
                .filter(|f| f.rule == finding.rule && !std::ptr::eq(**f, *finding))
                .collect();
            if same.len() < GROUP_AFTER {
                continue;
            }
            listed.push(&finding.rule);
            if printed.get() > limit {
                continue;
            }
            writeln!(out, "（{} 另有 {} 处同类结果：）", finding.rule, same.len())?;
            for other in same {
                let line = other
                    .notes
                    .first()
                    .map(|n| n.span.line)
                    .or_else(|| other.cells.first().map(|c| c.span.line))
                    .map(|line| format!("第 {line} 行："))
                    .unwrap_or_default();
                let message = other.message.lines().next().unwrap_or_default();
                // The text it points at, when short (a row of run-together digits).
                let quoted = other
                    .notes
                    .first()
                    .and_then(|n| checked.document.text.get(n.span.start..n.span.end))
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && t.chars().count() <= 40 && !t.contains('\n'))
                    .map(|t| format!("「{t}」"))
                    .unwrap_or_default();
                // What the full drawing would have said at its places (the possible readings
                // of a run of digits, the official name of a renamed row) is kept.
                let labels: Vec<&str> = other
                    .notes
                    .iter()
                    .map(|n| n.label.as_str())
                    .filter(|label| label.chars().count() > 4)
                    .collect();
                let labels = match labels.len() {
                    0 => String::new(),
                    1 | 2 => format!("（{}）", labels.join("；")),
                    n => format!("（涉及 {n} 个单元格）"),
                };
                writeln!(out, "  · {line}{quoted}{message}{labels}")?;
            }
            writeln!(out)?;
        }
        if printed.get() > limit {
            writeln!(
                out,
                "（另有 {} 个结果未显示：--max-findings {limit}）\n",
                printed.get() - limit
            )?;
        }
        Ok(())
    }
}
