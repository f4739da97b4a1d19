//! The batch run: reports are checked in parallel, a window at a time, and each result goes to
//! the output in input order as soon as it and every one before it are done. After its output
//! is written only the summary's row of a report is kept, and what comparing reports needs of
//! it goes to a temporary file ([`Shelf`]), so memory stays bounded by the window, not by the
//! number of files.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao_check::model::Value;
use nianbao_check::years::Keeper;
use nianbao_check::{Carry, CheckError, Checked, Checker, Shelf};

use super::compare::Comparisons;
use super::lanes;
use super::outcome::Duplicate;
use super::stream::More;
use super::{Outcome, Sink, SinkContext, Summary};
use crate::Style;
use crate::commands::explanations::Sources;
use crate::render;

/// How a batch runs.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Explain on stderr how each template was chosen.
    pub verbose: bool,
    /// Check every input, even one that repeats an earlier one.
    pub keep_duplicates: bool,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Keep each checked report for the caller (`--write-explanations`); memory then grows
    /// with the batch.
    pub keep_reports: bool,
    /// Reports checked at once; `None`: one more than the cores.
    pub jobs: Option<usize>,
    /// Last year's report every input is compared with (`check --previous`); without it a
    /// batch pairs its own reports by agency and year.
    pub previous: Option<&'a Carry>,
    /// Pair the batch's reports by agency and year and compare each with last year's, and
    /// with other agencies' reports of the same year.
    pub pair_years: bool,
    /// Which reports aggregate which others' (`check --manifest`).
    pub manifest: Option<&'a nianbao_check::aggregate::Manifest>,
}

/// What a finished batch leaves: its summary, the kept reports, and whether writing the
/// output failed (the error, with the report it failed at).
#[derive(Debug, Default)]
pub struct Finished {
    /// Totals and tables.
    pub summary: Summary,
    /// Reports kept because [`Options::keep_reports`] asked for them.
    pub kept: Vec<Checked>,
    /// The first failure writing the output; the batch stops there.
    pub write_error: Option<std::io::Error>,
}

/// How many reports are in flight at once, per worker thread: enough to keep every core busy
/// while one slow file finishes, few enough that memory stays small.
const WINDOW_PER_THREAD: usize = 8;

/// Checks `paths` and writes each outcome through `sink` to `out`, in order.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one run, each used once"
)]
pub fn run(
    checker: &Checker,
    paths: &[PathBuf],
    options: Options<'_>,
    explanations: &mut Sources,
    sink: &mut dyn Sink,
    sink_context: &SinkContext<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: Style,
) -> Finished {
    let mut finished = Finished::default();
    let progress = progress_bar(paths.len(), options.progress);
    if let Err(error) = sink.begin(out, sink_context) {
        finished.write_error = Some(error);
        return finished;
    }
    let mut seen = Seen::default();
    // One lane more than the cores: the calling thread writes the outcomes and keeps the
    // carries (about a tenth of a batch's CPU) and a lane waits at each hand-off, so as many
    // lanes as cores leave the cores idle at times (2 cores: 3 lanes took 0.95× the wall time
    // of 2, 4 no less than 3; docs/performance.md, 2026-12-06 (13)).
    let threads = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from) + 1);
    let ahead = threads.max(1) * WINDOW_PER_THREAD;
    // What each report keeps for comparing with another year's, by input index.
    let pairing = options.pair_years
        && options.previous.is_none()
        && paths.len() > 1
        && checker
            .rules()
            .checks()
            .any(|(_, c)| c.needs_previous || c.needs_units || c.needs_children);
    // Kept on disk: a batch's memory does not grow with its size.
    let mut carries = if pairing {
        Shelf::on_disk()
    } else {
        Shelf::in_memory()
    };
    let keeper = Keeper::new(checker, options.manifest.is_some());
    // Each report is checked on its lane under the checker's time budget, which the lanes
    // keep (the checker itself then runs it in place). A report is kept for the caller by
    // taking it out of its slot; what is left goes back to the lane that checked it to be
    // freed.
    let inline = checker.clone().with_timeout(None);
    let previous = options.previous.cloned();
    let work = lanes::Work {
        inputs: Arc::from(paths),
        work: Arc::new(move |path: &PathBuf| {
            let checked = inline.check_file(path);
            Some(match (checked, &previous) {
                (Ok(checked), Some(previous)) => Ok(inline.compare(checked, previous)),
                (checked, _) => checked,
            })
        }),
        overran: Arc::new(|path: &PathBuf, overrun| {
            Some(Err(CheckError::overrun(
                path.display().to_string(),
                overrun,
            )))
        }),
        // On its lane: no thread of a contained step to send it to.
        dispose: drop,
    };
    lanes::in_order(
        &work,
        threads,
        ahead,
        checker.timeout(),
        |index, path, slot: &mut Option<Result<Checked, CheckError>>, more: More| {
            let Some(result) = slot.as_mut() else {
                return ControlFlow::Continue(());
            };
            let duplicate = if options.keep_duplicates {
                None
            } else {
                seen.duplicate(index, result)
            };
            let duplicate_of = duplicate.and_then(|(earlier, identical)| {
                paths.get(earlier).map(|of| Duplicate {
                    of: of.as_path(),
                    identical,
                })
            });
            let mut accepted = 0;
            match result.as_mut() {
                Ok(checked) if duplicate_of.is_none() => {
                    accepted = explanations.apply(checked, path);
                    if options.verbose
                        && let Some(explanation) = checked.choice.explain()
                    {
                        // What the reports before wrote comes first on a terminal.
                        let _ = out.flush();
                        let _ = writeln!(err, "说明：{explanation}");
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    let _ = out.flush();
                    progress.suspend(|| render::to_stream(err, &*error, style));
                }
            }
            if pairing {
                let carry = match result.as_ref() {
                    Ok(checked) if duplicate_of.is_none() => Some(keeper.carry(checked)),
                    _ => None,
                };
                carries.push(carry);
            }
            if let (Some(previous), Ok(_)) = (options.previous, result.as_ref()) {
                finished
                    .summary
                    .pairs
                    .push((previous.name.clone().into(), path.clone()));
            }
            let outcome = Outcome {
                index,
                path,
                result,
                accepted,
                duplicate_of,
                compared: None,
            };
            finished.summary.add(&outcome);
            // Flushed when no other report follows at once: a write for each report (two
            // through stdout's line buffer) woke a reader of a pipe each time.
            let written = super::outcome::write_report(sink, out, &outcome, sink_context)
                .and_then(|()| if more.0 { Ok(()) } else { out.flush() });
            if let Err(error) = written {
                finished.write_error = Some(error);
                return ControlFlow::Break(());
            }
            progress.set_message(format!(
                "有错误 {} 份，无法读取 {} 份",
                finished.summary.with_errors, finished.summary.unreadable
            ));
            progress.inc(1);
            if options.keep_reports
                && duplicate_of.is_none()
                && let Some(Ok(checked)) = slot.take()
            {
                finished.kept.push(checked);
            }
            ControlFlow::Continue(())
        },
    );
    progress.finish_and_clear();
    if finished.write_error.is_some() {
        return finished;
    }
    if pairing {
        let mut comparisons = Comparisons {
            checker,
            paths,
            carries: &carries,
            explanations,
            threads,
            ahead,
            sink,
            context: sink_context,
            out,
        };
        let mut compared = comparisons
            .years(&mut finished.summary)
            .and_then(|()| comparisons.units(&mut finished.summary));
        if let (Ok(()), Some(manifest)) = (&compared, options.manifest) {
            compared = comparisons.organs(manifest, &mut finished.summary);
        }
        if let Err(error) = compared {
            finished.write_error = Some(error);
            return finished;
        }
        if carries.lost() > 0 {
            let _ = writeln!(
                err,
                "警告：有 {} 份报告的比较数据无法从临时文件读回，这些报告没有与其他报告比较。",
                carries.lost()
            );
        }
    }
    if let Err(error) = sink
        .finish(out, &finished.summary, sink_context)
        .and_then(|()| out.flush())
    {
        finished.write_error = Some(error);
    }
    finished
}

/// A progress bar on stderr for a batch of `len` files, or a hidden one.
fn progress_bar(len: usize, show: bool) -> ProgressBar {
    if !show || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(len).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} 份  {msg}  {per_sec}  剩余约 {eta}")
    {
        bar.set_style(style);
    }
    // Short runs finish before it first draws.
    bar.enable_steady_tick(std::time::Duration::from_millis(500));
    bar
}

/// What earlier inputs were, to recognise a repeat: the same document (same text), or the
/// same report in another file (same agency, year, template and every figure — the PDF and
/// the Word copy an office publishes). Two reports of one agency and year whose figures differ
/// (a corrected version) are both checked: neither may hide the other's errors.
#[derive(Debug, Default)]
struct Seen {
    /// Hash of a document's text → the input that had it first.
    texts: HashMap<u64, usize>,
    /// Hash of agency, year, template and figures → the input that had them first.
    reports: HashMap<u64, usize>,
    /// How both are hashed: seeded anew for each run, so that no two different files are
    /// made to collide on purpose.
    hashing: foldhash::quality::RandomState,
}

impl Seen {
    /// The earlier input this one repeats, and whether it is the same document (`true`) or
    /// the same report in another file (`false`); records it otherwise.
    fn duplicate(
        &mut self,
        index: usize,
        result: &Result<Checked, CheckError>,
    ) -> Option<(usize, bool)> {
        let checked = result.as_ref().ok()?;
        let text = &checked.document.text;
        if !text.trim().is_empty() {
            let key = self.hashing.hash_one(text);
            if let Some(&earlier) = self.texts.get(&key) {
                return Some((earlier, true));
            }
            self.texts.insert(key, index);
        }
        let report = &checked.report;
        if let (Some(agency), Some(year)) = (&report.agency, report.year) {
            // The figures are hashed as they are read: each cell's place, then its value.
            // No string per cell, no vector of them.
            let mut hasher = self.hashing.build_hasher();
            (agency, year, &checked.template).hash(&mut hasher);
            let mut figures = 0_usize;
            // A table's id once, before its cells (not with each of them).
            for table in &report.tables {
                table.id.as_str().hash(&mut hasher);
                for cell in &table.cells {
                    (&*cell.row, &*cell.column).hash(&mut hasher);
                    hash_figure(&cell.value, &mut hasher);
                    figures += 1;
                }
            }
            if figures == 0 {
                return None;
            }
            figures.hash(&mut hasher);
            let key = hasher.finish();
            if let Some(&earlier) = self.reports.get(&key) {
                return Some((earlier, false));
            }
            self.reports.insert(key, index);
        }
        None
    }
}

/// Hashes a cell's value as written: a decimal by its digits and scale, so that "1.0" and
/// "1.00" stay apart (a `Decimal` hashes as its value, alike for both).
fn hash_figure(value: &Value, hasher: &mut impl Hasher) {
    std::mem::discriminant(value).hash(hasher);
    match value {
        Value::Decimal(number) => number.serialize().hash(hasher),
        Value::Quantity { value, unit } => (value.serialize(), unit).hash(hasher),
        other => other.hash(hasher),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn figure(value: Value) -> u64 {
        let mut hasher = foldhash::quality::FixedState::default().build_hasher();
        hash_figure(&value, &mut hasher);
        hasher.finish()
    }

    /// Two reports are the same only when every figure is written the same: 1.0 is not 1.00
    /// and 1 is not 1.0, though they are equal numbers.
    #[test]
    fn figures_hash_as_written() {
        let one_point_zero = Decimal::new(10, 1);
        let one_point_zero_zero = Decimal::new(100, 2);
        assert_eq!(one_point_zero, one_point_zero_zero);
        assert_ne!(
            figure(Value::Decimal(one_point_zero)),
            figure(Value::Decimal(one_point_zero_zero))
        );
        assert_ne!(
            figure(Value::Integer(1)),
            figure(Value::Decimal(one_point_zero))
        );
        assert_eq!(figure(Value::Integer(12)), figure(Value::Integer(12)));
        assert_ne!(figure(Value::Integer(12)), figure(Value::Integer(13)));
        assert_ne!(figure(Value::Blank), figure(Value::Text));
        let yuan = nianbao_check::model::Unit::Yuan;
        let wan = nianbao_check::model::Unit::WanYuan;
        let quantity = |value, unit| Value::Quantity { value, unit };
        assert_ne!(
            figure(quantity(one_point_zero, yuan)),
            figure(quantity(one_point_zero, wan))
        );
        assert_ne!(
            figure(quantity(one_point_zero, yuan)),
            figure(quantity(one_point_zero_zero, yuan))
        );
    }
}
