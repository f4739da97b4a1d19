//! Containment of one document's work: a time budget and panics.
//!
//! Checking a document runs third-party parsers (zip, XML, HTML, PDF, .doc) on files from
//! anywhere. Each document's work runs as one *contained step*: a panic in it (a bug, here or in
//! a parser) becomes an error for that document instead of ending the program, and with a
//! time budget the step runs on a worker thread that the caller stops waiting for when the
//! budget is spent. An overrunning worker is left to finish on its own and its result is
//! dropped. Without a budget the step runs on the calling thread (for targets without threads,
//! such as WebAssembly), still catching panics.
//!
//! Each calling thread keeps one worker for all its steps, started with its first step and
//! replaced only when a step overruns or the worker dies: a new thread per document cost the
//! allocator its warm per-thread caches every time. What a step built is best freed on the
//! worker too ([`release`]): memory freed by another thread goes back to the worker's arena
//! under a lock and leaves the worker's caches cold (a batch freeing every report on its
//! writing thread spent about a fifth more CPU).
//!
//! Panics are printed by Rust's panic hook before they are caught; [`quiet_panics`] installs a
//! hook that keeps contained panics quiet and records their message and place for the error.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

thread_local! {
    /// Whether this thread is inside a contained step.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
    /// The last panic of a contained step on this thread, as "message（file:line）".
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that keeps panics inside contained steps quiet and
/// remembers their message and place; panics elsewhere are handed to the hook installed before.
///
/// Call it at start-up in a program that checks documents: the CLI does. Without it, contained
/// panics are still caught and reported, but Rust's default hook also prints them to stderr and
/// the report carries the message without its place.
pub fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CONTAINED.with(Cell::get) {
                let place = info
                    .location()
                    .map(|l| format!("（{}:{}）", l.file(), l.line()))
                    .unwrap_or_default();
                let message = payload_text(info.payload());
                LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_owned())
}

/// Stack of a thread that runs contained steps: the main thread's usual 8 MiB, since readers
/// of third-party formats may recurse.
pub const STACK: usize = 8 * 1024 * 1024;

/// The name of threads that run contained steps (seen in debuggers and panic messages).
pub const WORKER: &str = "nianbao-document";

/// When the current document's time is up.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    deadline: Option<Instant>,
    total: Option<Duration>,
}

/// Why a step gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overrun {
    /// The budget was spent first.
    Time(Duration),
    /// The step panicked (with what is known of it) or its thread could not be started.
    Failed(String),
}

impl Budget {
    /// A budget of `total` starting now, or none (`None`: run on the calling thread, however
    /// long it takes).
    pub fn start(total: Option<Duration>) -> Self {
        Self {
            deadline: total.map(|t| Instant::now().checked_add(t).unwrap_or_else(far_future)),
            total,
        }
    }

    /// Runs `step` as a contained step: on a worker thread until the deadline, or on this
    /// thread when there is no budget.
    pub fn run<T, F>(&self, step: F) -> Result<T, Overrun>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (Some(deadline), Some(total)) = (self.deadline, self.total) else {
            return contained(step).map_err(Overrun::Failed);
        };
        // One result: a channel of one slot, not a list channel's block of 31 results.
        let (sender, receiver) = mpsc::sync_channel(1);
        submit(Box::new(move || {
            // The receiver may be gone (timed out): nothing to do then.
            let _ = sender.send(contained(step));
        }))
        .map_err(|e| Overrun::Failed(format!("无法启动处理线程：{e}")))?;
        let left = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => Err(Overrun::Failed(panic)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // The worker is busy with the overrunning step: the next one gets a new worker,
                // and this one ends when the step does.
                abandon_worker();
                Err(Overrun::Time(total))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                abandon_worker();
                Err(Overrun::Failed("处理线程意外结束".to_owned()))
            }
        }
    }
}

/// Work for a calling thread's worker.
type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's worker: where its contained steps run, one after another.
    static WORKER_JOBS: RefCell<Option<mpsc::Sender<Job>>> = const { RefCell::new(None) };
}

/// Runs `job` on this thread's worker, started first if there is none (or it has died).
fn submit(job: Job) -> std::io::Result<()> {
    WORKER_JOBS.with(|jobs| {
        let mut jobs = jobs.borrow_mut();
        let job = match jobs.as_ref() {
            Some(worker) => match worker.send(job) {
                Ok(()) => return Ok(()),
                // The worker died (a panic escaped a step): a new one takes the job.
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(WORKER.to_owned())
            .stack_size(STACK)
            // Ends when the calling thread drops its sender (it ends, or it abandoned this
            // worker) and the jobs sent before are done.
            .spawn(move || receiver.into_iter().for_each(|job| job()))?;
        *jobs = sender.send(job).is_ok().then_some(sender);
        Ok(())
    })
}

/// Forgets this thread's worker: the next step starts a new one.
fn abandon_worker() {
    WORKER_JOBS.with(|jobs| jobs.borrow_mut().take());
}

/// Frees `value` on this thread's worker, where a step of this thread built it, after the
/// worker's current step and before its next; here when the thread has no worker (no step
/// ran with a time budget).
///
/// Only a matter of speed: dropping the value anywhere is correct. A batch that hands each
/// checked report to another thread for writing gives it back to the thread that checked it
/// to free it.
pub fn release<T: Send + 'static>(value: T) {
    WORKER_JOBS.with(|jobs| {
        if let Some(worker) = jobs.borrow().as_ref() {
            // A worker that is gone gives the job back, and dropping it frees the value here.
            let _ = worker.send(Box::new(move || drop(value)));
        }
    });
}

/// Runs `step` on this thread, catching a panic as its message (with its place, under
/// [`quiet_panics`]).
pub fn contained<T>(step: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINED.with(|c| c.replace(true));
    // A panic a reader caught itself leaves its message behind; it is not this step's.
    LAST_PANIC.with(|last| last.borrow_mut().take());
    let outcome = catch_unwind(AssertUnwindSafe(step)).map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    });
    CONTAINED.with(|c| c.set(outer));
    outcome
}

fn far_future() -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(86_400 * 365))
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quick step returns its value; a slow one is abandoned at the deadline; a panicking
    /// one is a failure, not a crash.
    #[test]
    fn waits_until_the_deadline() {
        quiet_panics();
        let budget = Budget::start(Some(Duration::from_secs(60)));
        assert_eq!(budget.run(|| 7), Ok(7));
        let short = Budget::start(Some(Duration::from_millis(20)));
        let slow = short.run(|| std::thread::sleep(Duration::from_secs(5)));
        assert_eq!(slow, Err(Overrun::Time(Duration::from_millis(20))));
        #[expect(clippy::panic, reason = "the panic is what is tested")]
        let failed = budget.run(|| -> u8 { panic!("bug") });
        assert!(matches!(failed, Err(Overrun::Failed(message)) if message.starts_with("bug（")));
        let huge = Budget::start(Some(Duration::MAX));
        assert_eq!(huge.run(|| 1), Ok(1));
    }

    /// The steps of one calling thread run on one worker, also after a panic; an overrun
    /// leaves that worker to its step and the next step gets a new one. Each thread of its
    /// own here: the worker belongs to the calling thread.
    #[test]
    fn one_worker_per_calling_thread_until_a_step_overruns() {
        quiet_panics();
        let joined = std::thread::spawn(|| {
            let budget = || Budget::start(Some(Duration::from_secs(60)));
            let worker = || std::thread::current().id();
            let first = budget().run(worker);
            assert!(first.is_ok());
            assert_ne!(first, Ok(std::thread::current().id()));
            #[expect(clippy::panic, reason = "the panic is what is tested")]
            let failed = budget().run(|| -> u8 { panic!("bug") });
            assert!(failed.is_err());
            assert_eq!(budget().run(worker), first);
            let short = Budget::start(Some(Duration::from_millis(20)));
            let slow = short.run(|| std::thread::sleep(Duration::from_millis(500)));
            assert!(matches!(slow, Err(Overrun::Time(_))));
            let after = budget().run(worker);
            assert!(after.is_ok());
            assert_ne!(after, first);
        })
        .join();
        assert!(joined.is_ok(), "the test thread panicked");
    }

    /// A released value is dropped on the worker that ran the thread's steps; with no worker,
    /// here.
    #[test]
    fn released_values_are_freed_on_the_worker() {
        struct Records(mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Records {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let joined = std::thread::spawn(|| {
            let (sender, dropped) = mpsc::channel();
            let here = std::thread::current().id();
            release(Records(sender.clone()));
            assert_eq!(dropped.recv_timeout(Duration::from_secs(10)), Ok(here));
            let budget = Budget::start(Some(Duration::from_secs(60)));
            let worker = budget.run(|| std::thread::current().id());
            release(Records(sender));
            let freed_on = dropped.recv_timeout(Duration::from_secs(10));
            assert_eq!(freed_on.ok(), worker.ok());
            assert_ne!(freed_on, Ok(here));
        })
        .join();
        assert!(joined.is_ok(), "the test thread panicked");
    }

    /// Without a budget the step runs here, and a panic is still contained; the thread is no
    /// longer marked contained afterwards.
    #[test]
    fn runs_inline_without_a_budget() {
        quiet_panics();
        let here = std::thread::current().id();
        let inline = Budget::start(None);
        assert_eq!(
            inline.run(move || std::thread::current().id() == here),
            Ok(true)
        );
        #[expect(clippy::panic, reason = "the panic is what is tested")]
        let failed = inline.run(|| -> u8 { panic!("inline bug") });
        assert!(matches!(failed, Err(Overrun::Failed(m)) if m.starts_with("inline bug")));
        assert!(!CONTAINED.with(Cell::get));
    }
}
