//! Work on worker threads, results in input order: each worker takes the next input, and the
//! calling thread hands each result on as soon as it and every one before it are done, while
//! the workers go on. A worker starts an input only when it is fewer than `ahead` inputs past
//! the first one not yet handed on, so at most `ahead` results wait, whatever the number of
//! inputs and however slow one of them is.
//!
//! A result handed on goes back to the worker that made it, to be disposed of there: memory
//! is cheapest to free on the thread that allocated it.
//!
//! (Checking a window of inputs in parallel and then writing them left the cores idle while a
//! window's slowest file finished and while its outcomes were written.)

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// Runs `work` on each of `inputs` on `threads` worker threads and calls `each` with every
/// result (its index, its input, the result, whether another follows at once) in input order,
/// on the calling thread; then
/// `dispose` gets the result (whatever `each` left of it) on the worker that made it, before
/// that worker's next input. `each` returning `Break` stops the workers (the inputs not started
/// are not worked on). A panic in `work` stops the others and is raised again here.
pub fn in_order<I: Sync, T: Send>(
    inputs: &[I],
    threads: usize,
    ahead: usize,
    work: impl Fn(&I) -> T + Sync,
    dispose: impl Fn(T) + Sync,
    mut each: impl FnMut(usize, &I, &mut T, More) -> ControlFlow<()>,
) {
    let count = inputs.len();
    let next = AtomicUsize::new(0);
    let gate = Gate::default();
    let ahead = ahead.max(1);
    let threads = threads.clamp(1, count.max(1));
    std::thread::scope(|scope| {
        let (sender, results) = mpsc::channel::<(usize, usize, T)>();
        let mut give_back = Vec::with_capacity(threads);
        for worker in 0..threads {
            let sender = sender.clone();
            let (back, returned) = mpsc::channel::<T>();
            give_back.push(back);
            let (next, gate, work, dispose) = (&next, &gate, &work, &dispose);
            scope.spawn(move || {
                // A panicking worker lets the others go, so that the panic is raised.
                let _stop_on_panic = StopOnPanic(gate);
                loop {
                    returned.try_iter().for_each(dispose);
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(at) else {
                        break;
                    };
                    if !gate.wait_for(at, ahead, || {})
                        || sender.send((at, worker, work(input))).is_err()
                    {
                        break;
                    }
                }
                // What is handed back after this is dropped by the calling thread.
                returned.try_iter().for_each(dispose);
            });
        }
        drop(sender);
        let mut order = InOrder::default();
        for (at, worker, result) in results {
            order.insert(at, worker, result);
            // A worker that has ended cannot take it back: it is dropped here.
            let back = |worker: usize, result| {
                if let Some(back) = give_back.get(worker) {
                    let _ = back.send(result);
                }
            };
            if order.hand_on(inputs, &gate, &mut each, back).is_break() {
                return;
            }
        }
    });
}

/// Results waiting to be handed on in input order, each with the worker that made it.
pub(super) struct InOrder<W, T> {
    waiting: BTreeMap<usize, (W, T)>,
    /// The next input to hand on: every one before it is.
    wanted: usize,
}

impl<W, T> Default for InOrder<W, T> {
    fn default() -> Self {
        Self {
            waiting: BTreeMap::new(),
            wanted: 0,
        }
    }
}

impl<W, T> InOrder<W, T> {
    /// How many results were handed on.
    pub(super) fn handed_on(&self) -> usize {
        self.wanted
    }

    /// Whether the result of input `at` is waiting or was handed on.
    pub(super) fn has(&self, at: usize) -> bool {
        at < self.wanted || self.waiting.contains_key(&at)
    }

    pub(super) fn insert(&mut self, at: usize, worker: W, result: T) {
        self.waiting.insert(at, (worker, result));
    }

    /// Hands on every result that is next in order: `each` gets it (and whether the next one
    /// is waiting too, [`More`]), then `give_back` with its worker, and `gate` lets the
    /// workers on. `Break` from `each` stops the gate.
    pub(super) fn hand_on<I>(
        &mut self,
        inputs: &[I],
        gate: &Gate,
        each: &mut impl FnMut(usize, &I, &mut T, More) -> ControlFlow<()>,
        mut give_back: impl FnMut(W, T),
    ) -> ControlFlow<()> {
        while let Some((worker, mut result)) = self.waiting.remove(&self.wanted) {
            let Some(input) = inputs.get(self.wanted) else {
                break;
            };
            let more = More(self.waiting.contains_key(&(self.wanted + 1)));
            let flow = each(self.wanted, input, &mut result, more);
            give_back(worker, result);
            if flow.is_break() {
                gate.stop();
                return flow;
            }
            self.wanted += 1;
            gate.handed_on(self.wanted);
        }
        ControlFlow::Continue(())
    }
}

/// Whether another result is handed on right after this one: output written for each
/// result can wait to be flushed until one comes without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More(pub bool);

/// How far the calling thread has handed results on, for the workers to wait by.
#[derive(Default)]
pub(super) struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    /// Results handed on: inputs `0..handed_on`.
    handed_on: usize,
    stopped: bool,
    /// Threads waiting for the gate to move: only then is it worth waking them (a wake is a
    /// system call even when nobody waits, and the gate moves with every result).
    waiting: usize,
}

impl Gate {
    /// Waits until input `at` may start; `false` when the run stopped. `before_waiting` is
    /// called each time the thread is about to wait (with the gate locked): whoever moves the
    /// gate may need waking first.
    pub(super) fn wait_for(
        &self,
        at: usize,
        ahead: usize,
        mut before_waiting: impl FnMut(),
    ) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while !state.stopped && at >= state.handed_on + ahead {
            before_waiting();
            state.waiting += 1;
            match self.moved.wait(state) {
                Ok(next) => state = next,
                Err(_) => return false,
            }
            state.waiting -= 1;
        }
        !state.stopped
    }

    pub(super) fn handed_on(&self, count: usize) {
        self.update(|state| state.handed_on = count);
    }

    pub(super) fn stop(&self) {
        self.update(|state| state.stopped = true);
    }

    /// Changes the state and wakes the threads waiting, if any.
    fn update(&self, change: impl FnOnce(&mut GateState)) {
        let waiting = match self.state.lock() {
            Ok(mut state) => {
                change(&mut state);
                state.waiting
            }
            // A thread panicked holding the lock: wake any waiter to see it.
            Err(_) => 1,
        };
        if waiting > 0 {
            self.moved.notify_all();
        }
    }
}

/// Stops the run when dropped while its thread panics.
struct StopOnPanic<'g>(&'g Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    #[test]
    fn each_result_says_whether_another_follows_at_once() {
        let inputs = [(); 4];
        let gate = Gate::default();
        let mut order = InOrder::default();
        let mut seen = Vec::new();
        let mut each = |at, _: &(), _: &mut (), more: More| {
            seen.push((at, more.0));
            ControlFlow::Continue(())
        };
        for at in [0, 1, 3] {
            order.insert(at, 0, ());
        }
        let _ = order.hand_on(&inputs, &gate, &mut each, |_, ()| {});
        order.insert(2, 0, ());
        let _ = order.hand_on(&inputs, &gate, &mut each, |_, ()| {});
        assert_eq!(seen, [(0, true), (1, false), (2, true), (3, false)]);
    }

    #[test]
    fn hands_on_every_result_in_input_order() {
        let mut seen = Vec::new();
        // Early inputs are the slowest: later ones finish first and wait.
        let inputs: Vec<usize> = (0..200).collect();
        in_order(
            &inputs,
            4,
            8,
            |&at| {
                if at % 17 == 0 {
                    std::thread::sleep(Duration::from_millis(3));
                }
                at * 2
            },
            drop,
            |at, _, result, _| {
                seen.push((at, *result));
                ControlFlow::Continue(())
            },
        );
        let expected: Vec<(usize, usize)> = (0..200).map(|at| (at, at * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn each_result_is_disposed_of_by_the_worker_that_made_it() {
        let disposed = Mutex::new(Vec::new());
        let inputs: Vec<usize> = (0..300).collect();
        let mut handed = 0;
        in_order(
            &inputs,
            3,
            6,
            |&at| (at, std::thread::current().id()),
            |(at, made_on)| {
                let here = std::thread::current().id() == made_on;
                if let Ok(mut disposed) = disposed.lock() {
                    disposed.push((at, here));
                }
            },
            |at, _, result, _| {
                assert_eq!(result.0, at);
                handed += 1;
                ControlFlow::Continue(())
            },
        );
        assert_eq!(handed, 300);
        let disposed = disposed.into_inner().unwrap_or_default();
        // All but the last few, handed back after their worker ended, are disposed of.
        assert!(disposed.len() > 250, "{}", disposed.len());
        assert!(disposed.iter().all(|&(_, here)| here));
        let mut once: Vec<usize> = disposed.iter().map(|&(at, _)| at).collect();
        once.sort_unstable();
        once.dedup();
        assert_eq!(once.len(), disposed.len());
    }

    #[test]
    fn no_worker_runs_more_than_ahead_past_the_results_handed_on() {
        let handed = AtomicUsize::new(0);
        let furthest = AtomicUsize::new(0);
        let inputs: Vec<usize> = (0..300).collect();
        in_order(
            &inputs,
            3,
            5,
            |&at| {
                let lead = at.saturating_sub(handed.load(Ordering::SeqCst));
                furthest.fetch_max(lead, Ordering::SeqCst);
            },
            drop,
            |at, _, (), _| {
                handed.store(at + 1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        );
        assert!(furthest.load(Ordering::SeqCst) < 5);
    }

    #[test]
    fn a_break_stops_the_workers() {
        let worked = AtomicUsize::new(0);
        let mut handed = 0;
        let inputs: Vec<usize> = (0..10_000).collect();
        in_order(
            &inputs,
            2,
            4,
            |_| {
                worked.fetch_add(1, Ordering::SeqCst);
            },
            drop,
            |at, _, (), _| {
                handed += 1;
                if at == 9 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(handed, 10);
        assert!(worked.load(Ordering::SeqCst) < 10 + 4 + 2);
    }

    #[test]
    fn a_panicking_worker_is_raised_not_hung() {
        let outcome = std::panic::catch_unwind(|| {
            let inputs: Vec<usize> = (0..100).collect();
            in_order(
                &inputs,
                2,
                4,
                |&at| assert!(at != 7, "input 7"),
                drop,
                |_, _, (), _| ControlFlow::Continue(()),
            );
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn no_input_and_more_threads_than_inputs() {
        let mut seen = Vec::new();
        in_order(
            &[] as &[usize],
            4,
            8,
            |&at| at,
            drop,
            |at, _, _, _| {
                seen.push(at);
                ControlFlow::Continue(())
            },
        );
        assert!(seen.is_empty());
        in_order(
            &[10, 11],
            8,
            1,
            |&at| at,
            drop,
            |_, _, result, _| {
                seen.push(*result);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, vec![10, 11]);
    }
}
