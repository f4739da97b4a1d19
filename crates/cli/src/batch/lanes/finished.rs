//! The results the lanes finished, waiting for the calling thread, which is woken only when
//! it must be.
//!
//! A channel wakes a sleeping receiver with every result. In a batch the calling thread only
//! writes each report, much faster than the lanes check them, so it slept and was woken once
//! a report: a futex wake and a context switch each time, about 5 % of a one-lane batch's
//! samples in the kernel alone (on a virtual machine, waking a sleeping processor is dear).
//! Here the calling thread is woken when half the window waits, when a lane would otherwise
//! wait at the gate, when no input is left to start (the last results are wanted at once),
//! and besides every [`TICK`], so that slow reports still come out soon after they are done.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long the calling thread sleeps at most: a result that did not wake it waits about as
/// long at most.
pub const TICK: Duration = Duration::from_millis(20);

/// A finished input: its index, the lane that made it, the result.
pub type Entry<T> = (usize, usize, T);

pub struct Finished<T> {
    state: Mutex<State<T>>,
    arrived: Condvar,
    /// How many waiting results wake the calling thread.
    enough: usize,
}

struct State<T> {
    waiting: Vec<Entry<T>>,
    /// The calling thread sleeps in [`Finished::wait`].
    sleeping: bool,
    /// A lane needs the calling thread now: it does not fall asleep before taking the results.
    wanted: bool,
    /// The calling thread has returned: the lanes stop.
    closed: bool,
}

impl<T> Finished<T> {
    /// Room for results, the calling thread woken when `enough` of them wait.
    pub fn new(enough: usize) -> Self {
        Self {
            state: Mutex::new(State {
                waiting: Vec::new(),
                sleeping: false,
                wanted: false,
                closed: false,
            }),
            arrived: Condvar::new(),
            enough: enough.max(1),
        }
    }

    /// Adds a lane's result; `urgent` wakes the calling thread whatever waits. Gives the
    /// entry back when the calling thread has returned.
    pub fn push(&self, entry: Entry<T>, urgent: bool) -> Result<(), Entry<T>> {
        let Ok(mut state) = self.state.lock() else {
            return Err(entry);
        };
        if state.closed {
            return Err(entry);
        }
        state.waiting.push(entry);
        if urgent || state.waiting.len() >= self.enough {
            Self::wake(&mut state, &self.arrived);
        }
        Ok(())
    }

    /// Wakes the calling thread (or keeps it from falling asleep): a lane is about to wait for
    /// it.
    pub fn want(&self) {
        if let Ok(mut state) = self.state.lock() {
            Self::wake(&mut state, &self.arrived);
        }
    }

    fn wake(state: &mut State<T>, arrived: &Condvar) {
        state.wanted = true;
        if state.sleeping {
            arrived.notify_one();
        }
    }

    /// Moves the waiting results into `into`, first sleeping until a lane wants the calling
    /// thread, enough results wait, `deadline` passes, or a [`TICK`] of sleep ends with some
    /// result waiting.
    pub fn wait(&self, deadline: Option<Instant>, into: &mut Vec<Entry<T>>) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let started = Instant::now();
        loop {
            if state.wanted || state.waiting.len() >= self.enough {
                break;
            }
            let now = Instant::now();
            let waited = now.saturating_duration_since(started);
            if (waited >= TICK && !state.waiting.is_empty())
                || deadline.is_some_and(|deadline| now >= deadline)
            {
                break;
            }
            // Asleep for a tick at most, so that a result that came without waking it is
            // taken when the tick it came in ends.
            let mut sleep = TICK.saturating_sub(waited);
            if sleep.is_zero() {
                sleep = TICK;
            }
            if let Some(deadline) = deadline {
                sleep = sleep.min(deadline.saturating_duration_since(now));
            }
            state.sleeping = true;
            let Ok((woken, _)) = self.arrived.wait_timeout(state, sleep) else {
                return;
            };
            state = woken;
            state.sleeping = false;
        }
        state.wanted = false;
        into.append(&mut state.waiting);
    }

    /// The calling thread has returned: results pushed after this are refused.
    pub fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
            state.waiting.clear();
        }
    }
}
