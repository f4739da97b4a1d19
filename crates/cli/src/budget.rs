//! The time budget of one document: each expensive step runs on a worker thread and the
//! command stops waiting when the budget is spent. A step that overruns is reported for that
//! file (`limit::time`, exit 4) and the batch goes on; the worker is left to finish on its own
//! and its result is dropped. A step that panics (a bug) is reported the same way instead of
//! ending the batch, with the panic's message and place.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The name of worker threads, by which the panic hook knows them.
const WORKER: &str = "nianbao-document";

thread_local! {
    /// The last panic on this worker thread, as "message (file:line)".
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that keeps panics on worker threads quiet: each is caught, either by
/// the reader that called a third-party parser (and reported as damage) or by [`Budget::run`]
/// (and reported as `internal` with this message). Panics elsewhere print as usual.
pub fn quiet_worker_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        if std::thread::current().name() == Some(WORKER) {
            let place = info
                .location()
                .map(|l| format!("（{}:{}）", l.file(), l.line()))
                .unwrap_or_default();
            let message = payload_text(info.payload());
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{place}")));
        } else {
            default(info);
        }
    }));
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_owned())
}

/// Stack of a worker: the main thread's usual 8 MiB, since readers of third-party formats
/// may recurse.
const STACK: usize = 8 * 1024 * 1024;

/// When the current document's time is up.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    deadline: Instant,
    total: Duration,
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
    /// A budget of `total`, starting now.
    pub fn start(total: Duration) -> Self {
        Self {
            deadline: Instant::now().checked_add(total).unwrap_or_else(far_future),
            total,
        }
    }

    /// Runs `step` on a worker thread and waits for it until the deadline.
    pub fn run<T, F>(&self, step: F) -> Result<T, Overrun>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name(WORKER.to_owned())
            .stack_size(STACK)
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(step)).map_err(|payload| {
                    LAST_PANIC
                        .with(|last| last.borrow_mut().take())
                        .unwrap_or_else(|| payload_text(payload.as_ref()))
                });
                // The receiver may be gone (timed out): nothing to do then.
                let _ = sender.send(outcome);
            })
            .map_err(|e| Overrun::Failed(format!("无法启动处理线程：{e}")))?;
        let left = self.deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => Err(Overrun::Failed(panic)),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Overrun::Time(self.total)),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Overrun::Failed("处理线程意外结束".to_owned()))
            }
        }
    }
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
        let budget = Budget::start(Duration::from_secs(60));
        assert_eq!(budget.run(|| 7), Ok(7));
        let short = Budget::start(Duration::from_millis(20));
        let slow = short.run(|| std::thread::sleep(Duration::from_secs(5)));
        assert_eq!(slow, Err(Overrun::Time(Duration::from_millis(20))));
        #[expect(clippy::panic, reason = "the panic is what is tested")]
        let failed = budget.run(|| -> u8 { panic!("bug") });
        assert!(matches!(failed, Err(Overrun::Failed(message)) if message.starts_with("bug")));
        let huge = Budget::start(Duration::MAX);
        assert_eq!(huge.run(|| 1), Ok(1));
    }
}
