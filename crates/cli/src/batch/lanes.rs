//! Checking a batch's reports: each report's work runs on a *lane*, a thread of its own that
//! takes the next input, does the work and sends the result to the calling thread, which
//! hands results on in input order as [`stream::in_order`](super::stream::in_order) does (same
//! window, same giving back of results to be freed where they were made).
//!
//! The difference is the time budget. A scoped worker of `stream` cannot be left behind, so
//! the checker runs each report on a thread of its own and the worker waits for it: two
//! hand-offs between threads per report, a few per cent of a batch's CPU. Lanes are detached
//! threads that own what they read: the work runs on the lane itself, and the calling thread,
//! while it waits for results, watches each lane's current step. A step past its budget gets
//! its result from `overran` at once; its lane is left to finish on its own (what it then
//! makes is dropped) and a new lane takes its place.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use nianbao_check::contain::{self, Overrun};

use super::stream::{Gate, InOrder, More};
use finished::Finished;

mod finished;

/// The result of an input whose work gave none.
pub type Overran<I, T> = dyn Fn(&I, Overrun) -> T + Send + Sync;

/// What a lane works on, shared with the calling thread.
pub struct Work<I, T> {
    /// The inputs, worked on in turn by whichever lane is free.
    pub inputs: Arc<[I]>,
    /// The work on one input. A panic in it is caught and becomes `overran`'s result.
    pub work: Arc<dyn Fn(&I) -> T + Send + Sync>,
    /// The result of an input whose work did not finish: its time budget was spent, or it
    /// panicked (with the panic's message).
    pub overran: Arc<Overran<I, T>>,
    /// Frees a result handed back, on the lane that made it.
    pub dispose: fn(T),
}

impl<I, T> Clone for Work<I, T> {
    fn clone(&self) -> Self {
        Self {
            inputs: Arc::clone(&self.inputs),
            work: Arc::clone(&self.work),
            overran: Arc::clone(&self.overran),
            dispose: self.dispose,
        }
    }
}

/// Runs `work` over its inputs on `lanes` lanes, each input's work under `budget` (`None`:
/// none), and calls `each` with every result (its index, its input, the result, whether
/// another follows at once) in input order on the calling thread. A lane starts an input
/// only when it is fewer than `ahead` inputs past the first one not yet handed on. `each`
/// returning `Break` stops the lanes (the inputs not started are not worked on; a step under
/// way finishes on its own).
pub fn in_order<I, T>(
    work: &Work<I, T>,
    lanes: usize,
    ahead: usize,
    budget: Option<Duration>,
    mut each: impl FnMut(usize, &I, &mut T, More) -> ControlFlow<()>,
) where
    I: Send + Sync + 'static,
    T: Send + 'static,
{
    let count = work.inputs.len();
    let shared = Arc::new(Shared {
        next: AtomicUsize::new(0),
        gate: Gate::default(),
        ahead: ahead.max(1),
    });
    let finished = Arc::new(Finished::new(shared.ahead / 2));
    let _close = CloseOnReturn(&finished);
    let mut running: Vec<Lane<T>> = Vec::new();
    for _ in 0..lanes.clamp(1, count.max(1)) {
        running.push(Lane::start(running.len(), work, &shared, &finished));
    }
    let mut taken = Vec::new();
    // Results of steps left behind or never started have no lane to go back to.
    let mut order: InOrder<Option<usize>, T> = InOrder::default();
    while order.handed_on() < count {
        if let Some(reason) = none_started(&running) {
            // No lane could be started: the inputs left get the reason.
            for (at, input) in work.inputs.iter().enumerate() {
                if !order.has(at) {
                    let failed = (work.overran)(input, Overrun::Failed(reason.clone()));
                    order.insert(at, None, failed);
                }
            }
        } else {
            // A step that has not started yet ends no sooner than a budget from now. (No
            // deadline past the clock's range: then none is ever reached.)
            let watch = budget.and_then(|b| {
                first_start(&running)
                    .unwrap_or_else(Instant::now)
                    .checked_add(b)
            });
            finished.wait(watch, &mut taken);
            for (at, lane, result) in taken.drain(..) {
                order.insert(at, Some(lane), result);
            }
            if let Some(budget) = budget
                && watch.is_some_and(|deadline| Instant::now() >= deadline)
            {
                let overran = leave_overrunning(&mut running, work, &shared, &finished, budget);
                for (at, result) in overran {
                    order.insert(at, None, result);
                }
            }
        }
        // A lane left behind or ended cannot take it back: it is dropped here.
        let back = |lane: Option<usize>, result| match lane.and_then(|lane| running.get(lane)) {
            Some(lane) => lane.give_back(result),
            None => drop(result),
        };
        if order
            .hand_on(&work.inputs, &shared.gate, &mut each, back)
            .is_break()
        {
            return;
        }
    }
    shared.gate.stop();
}

/// Why no lane runs, when none could be started.
fn none_started<T>(lanes: &[Lane<T>]) -> Option<String> {
    if lanes.iter().any(Lane::is_alive) {
        return None;
    }
    lanes
        .iter()
        .find_map(|lane| lane.back.as_ref().err().cloned())
}

/// What the lanes and the calling thread share.
struct Shared {
    /// The next input to start.
    next: AtomicUsize,
    gate: Gate,
    ahead: usize,
}

/// The calling thread's side of a lane.
struct Lane<T> {
    /// The step under way (input index and start) and whether the lane was left behind.
    state: Arc<Mutex<LaneState>>,
    /// Results handed on, back to be freed on the lane; why the lane could not be started.
    back: Result<mpsc::Sender<T>, String>,
}

#[derive(Debug, Default)]
struct LaneState {
    step: Option<(usize, Instant)>,
    left_behind: bool,
}

impl<T: Send + 'static> Lane<T> {
    /// A lane numbered `number` (its place among the calling thread's lanes).
    fn start<I: Send + Sync + 'static>(
        number: usize,
        work: &Work<I, T>,
        shared: &Arc<Shared>,
        finished: &Arc<Finished<T>>,
    ) -> Self {
        let state = Arc::new(Mutex::new(LaneState::default()));
        let (back, returned) = mpsc::channel::<T>();
        let (work, shared, finished, own) = (
            work.clone(),
            Arc::clone(shared),
            Arc::clone(finished),
            Arc::clone(&state),
        );
        let started = std::thread::Builder::new()
            .name(contain::WORKER.to_owned())
            .stack_size(contain::STACK)
            .spawn(move || run(number, &work, &shared, &finished, &own, &returned));
        Lane {
            state,
            back: started
                .map(|_| back)
                .map_err(|error| format!("无法启动处理线程：{error}")),
        }
    }
}

impl<T> Lane<T> {
    fn is_alive(&self) -> bool {
        self.back.is_ok()
    }

    fn give_back(&self, result: T) {
        if let Ok(back) = &self.back {
            // A lane that has ended gives it back: dropped here.
            let _ = back.send(result);
        }
    }
}

/// A lane's loop: the next input, its work (its start noted for the calling thread to
/// watch), its result sent; until the inputs run out, the run stops or the lane is left
/// behind.
fn run<I, T>(
    number: usize,
    work: &Work<I, T>,
    shared: &Shared,
    finished: &Finished<T>,
    state: &Mutex<LaneState>,
    returned: &mpsc::Receiver<T>,
) {
    loop {
        returned.try_iter().for_each(work.dispose);
        let at = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = work.inputs.get(at) else {
            break;
        };
        // The calling thread lets the lane on: it must not sleep while the lane waits.
        if !shared.gate.wait_for(at, shared.ahead, || finished.want()) {
            break;
        }
        if let Ok(mut state) = state.lock() {
            state.step = Some((at, Instant::now()));
        }
        let result = contain::contained(|| (work.work)(input))
            .unwrap_or_else(|panic| (work.overran)(input, Overrun::Failed(panic)));
        let left_behind = match state.lock() {
            Ok(mut state) => {
                state.step = None;
                state.left_behind
            }
            Err(_) => true,
        };
        // The last results are wanted at once. (A lane that waits at the gate for this one
        // to be handed on needs the calling thread too: this lane's next input then waits as
        // well, and it wakes the calling thread before it does.)
        let urgent = shared.next.load(Ordering::Relaxed) >= work.inputs.len();
        // Left behind: the calling thread gave the input its result already.
        if left_behind || finished.push((at, number, result), urgent).is_err() {
            break;
        }
    }
    returned.try_iter().for_each(work.dispose);
}

/// When the step that started first among the lanes' started.
fn first_start<T>(lanes: &[Lane<T>]) -> Option<Instant> {
    lanes
        .iter()
        .filter(|lane| lane.is_alive())
        .filter_map(|lane| lane.state.lock().ok()?.step.map(|(_, start)| start))
        .min()
}

/// Leaves behind every lane whose step has spent `budget`, starts one in its place, and
/// gives the results of those steps.
fn leave_overrunning<I, T>(
    lanes: &mut [Lane<T>],
    work: &Work<I, T>,
    shared: &Arc<Shared>,
    finished: &Arc<Finished<T>>,
    budget: Duration,
) -> Vec<(usize, T)>
where
    I: Send + Sync + 'static,
    T: Send + 'static,
{
    let now = Instant::now();
    let mut overran = Vec::new();
    for (number, lane) in lanes.iter_mut().enumerate() {
        let overrunning = lane.state.lock().ok().and_then(|mut state| {
            let (at, start) = state.step?;
            if now.saturating_duration_since(start) < budget {
                return None;
            }
            state.left_behind = true;
            Some(at)
        });
        let Some(at) = overrunning else {
            continue;
        };
        if let Some(input) = work.inputs.get(at) {
            overran.push((at, (work.overran)(input, Overrun::Time(budget))));
        }
        *lane = Lane::start(number, work, shared, finished);
    }
    overran
}

/// Closes the finished results when the calling thread returns, however it returns: the
/// lanes then stop.
struct CloseOnReturn<'f, T>(&'f Finished<T>);

impl<T> Drop for CloseOnReturn<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests;
