//! After a batch's own reports: each report compared with last year's report of the same
//! agency, then with other agencies' reports of the same year. What a report keeps for that
//! ([`Carry`](nianbao_check::Carry)) waits on the [`Shelf`]; a report whose comparison finds
//! something is read again to show the findings on its text, or, for a format that gives
//! findings by their places (JSON) and under `--summary-only`, written from what it kept
//! ([`Again`]). The comparisons run on the worker threads, their outcomes written in order.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use nianbao_check::aggregate::Manifest;
use nianbao_check::compare::Against;
use nianbao_check::units::Units;
use nianbao_check::{Carry, CheckError, Checked, Checker, Kept, Shelf};

use super::outcome::{shows_documents, write_report};
use super::stream::{self, More};
use super::{Compared, Outcome, Sink, SinkContext, Summary};
use crate::commands::explanations::Sources;

/// The batch's reports as kept for comparing, and where the comparisons' findings go.
pub struct Comparisons<'a, 'w> {
    pub checker: &'a Checker,
    pub paths: &'a [PathBuf],
    /// By input index; `None` for a report not checked (unreadable, a duplicate).
    pub carries: &'a Shelf,
    pub explanations: &'w mut Sources,
    /// Worker threads, and how many comparisons each may run ahead of the output.
    pub threads: usize,
    pub ahead: usize,
    pub sink: &'w mut dyn Sink,
    pub context: &'w SinkContext<'w>,
    pub out: &'w mut dyn Write,
}

impl<'a> Comparisons<'a, '_> {
    /// Pairs the reports by agency and consecutive years, says in `summary` which were paired
    /// and which could not be, and writes the findings of each pair.
    pub fn years(&mut self, summary: &mut Summary) -> io::Result<()> {
        let keys: Vec<(usize, Option<&str>, Option<i32>)> = (0..self.carries.slots())
            .filter_map(|at| self.carries.brief(at).map(|c| (at, c.agency, c.year)))
            .collect();
        let chains = nianbao_check::chains(&keys);
        let path = |at: usize| self.paths.get(at).cloned().unwrap_or_default();
        summary.unpaired = chains
            .unpaired
            .iter()
            .map(|u| (path(u.index), u.reason.clone()))
            .collect();
        summary.pairs.extend(
            chains
                .pairs
                .iter()
                .map(|&(last, this)| (path(last), path(this))),
        );
        let (checker, carries, paths) = (self.checker, self.carries, self.paths);
        let again = self.again(Against::LastYear);
        let compare = |&(last, this): &(usize, usize)| {
            let (previous, current) = (carries.carry(last)?, carries.carry(this)?);
            if checker.compare_carried(&current, &previous).is_empty() {
                return None;
            }
            let result = again.read(paths.get(this)?, &current, |checked| {
                checker.compare(checked, &previous)
            });
            Some((previous.name.clone(), result))
        };
        let mut failed = Ok(());
        let (threads, ahead) = (self.threads, self.ahead);
        in_runs(
            &chains.pairs,
            threads,
            ahead,
            compare,
            |&(_, this), (previous, result), more| {
                let compared = Compared::LastYear(Path::new(previous));
                go_on(
                    self.emit(this, compared, summary, result, more),
                    &mut failed,
                )
            },
        );
        failed
    }

    /// Compares each report with the other agencies' reports of its year and writes what
    /// the comparisons find.
    pub fn units(&mut self, summary: &mut Summary) -> io::Result<()> {
        let units = Units::new(self.carries);
        let (checker, carries, paths) = (self.checker, self.carries, self.paths);
        let reports: Vec<usize> = (0..carries.slots()).collect();
        // Read back without its cells when no check of these reads them (most of a carry).
        let with_tables = checker.units_read_tables();
        let again = self.again(Against::Units);
        let compare = |&this: &usize| {
            let peers = units.peers(this, carries)?;
            let current = if with_tables {
                carries.carry(this)?
            } else {
                carries.carry_without_tables(this)?
            };
            if checker
                .compare_units_carried(&current, peers.clone())
                .is_empty()
            {
                return None;
            }
            Some(again.read(paths.get(this)?, &current, |checked| {
                checker.compare_units(checked, peers)
            }))
        };
        let mut failed = Ok(());
        let (threads, ahead) = (self.threads, self.ahead);
        in_runs(&reports, threads, ahead, compare, |&this, result, more| {
            go_on(
                self.emit(this, Compared::OtherUnits, summary, result, more),
                &mut failed,
            )
        });
        failed
    }

    /// Compares each aggregate report the manifest names with its organs' reports of the
    /// same year and writes what the comparisons find.
    pub fn organs(&mut self, manifest: &Manifest, summary: &mut Summary) -> io::Result<()> {
        let again = self.again(Against::Organs);
        for (this, kin) in manifest.families(self.carries) {
            let Some(current) = self.carries.carry(this) else {
                continue;
            };
            let family = kin.family(self.checker, self.carries);
            if self
                .checker
                .compare_children_carried(&current, &family)
                .is_empty()
            {
                continue;
            }
            let Some(path) = self.paths.get(this) else {
                continue;
            };
            let mut result = again.read(path, &current, |checked| {
                self.checker.compare_children(checked, &family)
            });
            self.emit(this, Compared::Organs, summary, &mut result, More(false))?;
        }
        Ok(())
    }

    /// How the reports a comparison `against` others found something in are had again.
    fn again(&self, against: Against) -> Again<'a> {
        Again {
            checker: self.checker,
            against,
            from_carries: !shows_documents(self.sink, self.context),
        }
    }

    /// Counts the findings of a comparison of the report at input index `this` in `summary`
    /// (after the explanations files) and writes them, flushed unless another result follows
    /// at once (`more`).
    fn emit(
        &mut self,
        this: usize,
        compared: Compared<'_>,
        summary: &mut Summary,
        result: &mut Result<Checked, CheckError>,
        more: More,
    ) -> io::Result<()> {
        let Some(path) = self.paths.get(this) else {
            return Ok(());
        };
        let mut accepted = 0;
        if let Ok(checked) = result.as_mut() {
            accepted = self.explanations.apply(checked, path);
            summary.add_comparison(this, &checked.findings);
        }
        let outcome = Outcome {
            index: this,
            path,
            result,
            accepted,
            duplicate_of: None,
            compared: Some(compared),
        };
        write_report(self.sink, self.out, &outcome, self.context)?;
        if more.0 { Ok(()) } else { self.out.flush() }
    }
}

/// How a report a comparison found something in is had again to write the findings: read
/// and bound again to show them on its text, or, where the format does not show it, from
/// what it kept when that is enough ([`Checker::kept_report`]).
#[derive(Clone, Copy)]
struct Again<'a> {
    checker: &'a Checker,
    against: Against,
    from_carries: bool,
}

impl Again<'_> {
    /// The report at `path`, with only the findings `compare` adds, and its summary as its own
    /// check left it (`carried`): its checks are not run again. Runs on a worker thread.
    fn read(
        self,
        path: &Path,
        carried: &Carry,
        compare: impl FnOnce(Checked) -> Checked,
    ) -> Result<Checked, CheckError> {
        let kept = self
            .from_carries
            .then(|| self.checker.kept_report(carried, self.against));
        if let Some(kept) = kept.flatten() {
            return Ok(compare(kept));
        }
        self.checker.bind_file(path).map(|mut bound| {
            bound.summary = carried.summary.clone();
            compare(bound)
        })
    }
}

/// How many consecutive inputs a comparison worker takes at once. Most comparisons find
/// nothing and take microseconds: handing each result to the calling thread on its own cost
/// more than making it (about five futex calls a report, and a wake of the calling thread).
const RUN: usize = 8;

/// [`stream::in_order`] over runs of [`RUN`] inputs: `compare` runs on the worker threads,
/// and `each` gets every result there is on the calling thread in input order, and whether
/// another result of its run follows ([`More`]; what was written is flushed after the run's
/// last one). The window of `ahead` inputs is kept (rounded up to whole runs), with at least a
/// run for each thread.
fn in_runs<I: Sync, T: Send + 'static>(
    inputs: &[I],
    threads: usize,
    ahead: usize,
    compare: impl Fn(&I) -> Option<T> + Sync,
    mut each: impl FnMut(&I, &mut T, More) -> ControlFlow<()>,
) {
    let runs: Vec<&[I]> = inputs.chunks(RUN).collect();
    let ahead = ahead.div_ceil(RUN).max(threads);
    stream::in_order(
        &runs,
        threads,
        ahead,
        |run| run.iter().map(&compare).collect::<Vec<Option<T>>>(),
        // Freed where it was made, as `stream::in_order` does with a single result.
        |results| {
            results
                .into_iter()
                .flatten()
                .for_each(nianbao_check::contain::release)
        },
        // Whether the next run is waiting says nothing of its results: most runs have none.
        |_, run, results, _| {
            let last = results.iter().rposition(Option::is_some);
            for (at, (input, result)) in run.iter().zip(results.iter_mut()).enumerate() {
                if let Some(result) = result {
                    each(input, result, More(Some(at) != last))?;
                }
            }
            ControlFlow::Continue(())
        },
    );
}

/// Whether the batch goes on after writing: not after a write error, kept in `failed`.
fn go_on(written: io::Result<()>, failed: &mut io::Result<()>) -> ControlFlow<()> {
    match written {
        Ok(()) => ControlFlow::Continue(()),
        Err(error) => {
            *failed = Err(error);
            ControlFlow::Break(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every result comes in input order, and all but the last of each run say another
    /// follows (what was written is flushed after the last); inputs without a result are
    /// passed over.
    #[test]
    fn results_come_in_order_and_each_run_ends_with_a_flush() {
        let inputs: Vec<usize> = (0..20).collect();
        let mut seen = Vec::new();
        in_runs(
            &inputs,
            3,
            4,
            |&at| (at % 3 == 0).then_some(at * 10),
            |&at, &mut result, more| {
                seen.push((at, result, !more.0));
                ControlFlow::Continue(())
            },
        );
        let expected: Vec<(usize, usize, bool)> = (0..20)
            .filter(|at| at % 3 == 0)
            .map(|at| (at, at * 10, [6, 15, 18].contains(&at)))
            .collect();
        assert_eq!(seen, expected);
    }

    /// `Break` stops the results.
    #[test]
    fn a_break_stops_the_results() {
        let inputs: Vec<usize> = (0..100).collect();
        let mut seen = 0;
        in_runs(
            &inputs,
            2,
            8,
            |&at| Some(at),
            |_, _, _| {
                seen += 1;
                if seen == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 10);
    }
}
