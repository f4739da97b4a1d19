#![expect(clippy::panic, reason = "tests")]

use std::sync::Mutex;
use std::thread::ThreadId;

use super::*;

/// Work over `0..n` that doubles each input, taking `slow` for the inputs `slow_at` says and
/// panicking on `panics_at`.
fn doubling(
    n: usize,
    slow_at: fn(usize) -> bool,
    slow: Duration,
    panics_at: Option<usize>,
) -> Work<usize, Outcome> {
    let inputs: Arc<[usize]> = (0..n).collect();
    Work {
        inputs,
        work: Arc::new(move |&at| {
            if slow_at(at) {
                std::thread::sleep(slow);
            }
            if panics_at == Some(at) {
                panic!("seven");
            }
            Ok(at * 2)
        }),
        overran: Arc::new(|_, overrun| Err(overrun)),
        dispose: drop,
    }
}

type Outcome = Result<usize, Overrun>;

/// Every result `in_order` hands on, in the order it hands them on, and how long it took.
fn run_all(
    work: &Work<usize, Outcome>,
    lanes: usize,
    ahead: usize,
    budget: Option<Duration>,
) -> (Vec<(usize, Outcome)>, Duration) {
    let started = Instant::now();
    let mut seen = Vec::new();
    in_order(work, lanes, ahead, budget, |at, _, result, _| {
        seen.push((at, result.clone()));
        ControlFlow::Continue(())
    });
    (seen, started.elapsed())
}

#[test]
fn hands_on_every_result_in_input_order() {
    // Early inputs are the slowest: later ones finish first and wait.
    let work = doubling(200, |at| at % 17 == 0, Duration::from_millis(3), None);
    let (seen, _) = run_all(&work, 4, 8, Some(Duration::from_secs(60)));
    let expected: Vec<(usize, Outcome)> = (0..200).map(|at| (at, Ok(at * 2))).collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_step_past_its_budget_gets_its_result_then_and_the_others_go_on() {
    // Input 3 sleeps far past the budget; its lane is left behind and replaced.
    let work = doubling(40, |at| at == 3, Duration::from_secs(5), None);
    let (seen, took) = run_all(&work, 2, 4, Some(Duration::from_millis(100)));
    assert!(took < Duration::from_secs(4), "{took:?}");
    let expected: Vec<(usize, Outcome)> = (0..40)
        .map(|at| match at {
            3 => (at, Err(Overrun::Time(Duration::from_millis(100)))),
            _ => (at, Ok(at * 2)),
        })
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_single_step_past_its_budget_is_caught() {
    // The calling thread may look at the lanes before the lane has started its step.
    let work = doubling(1, |_| true, Duration::from_secs(5), None);
    let (seen, took) = run_all(&work, 1, 1, Some(Duration::from_millis(50)));
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(seen, [(0, Err(Overrun::Time(Duration::from_millis(50))))]);
}

#[test]
fn a_budget_beyond_the_clock_is_never_reached() {
    let work = doubling(30, |at| at % 7 == 0, Duration::from_millis(2), None);
    let mut seen = 0;
    in_order(&work, 2, 4, Some(Duration::MAX), |at, _, result, _| {
        assert_eq!(*result, Ok(at * 2));
        seen += 1;
        ControlFlow::Continue(())
    });
    assert_eq!(seen, 30);
}

#[test]
fn a_panic_is_the_inputs_failure() {
    contain::quiet_panics();
    let work = doubling(20, |_| false, Duration::ZERO, Some(7));
    let mut seen = Vec::new();
    in_order(&work, 3, 6, None, |at, _, result, _| {
        seen.push((at, result.is_ok()));
        ControlFlow::Continue(())
    });
    assert_eq!(seen.len(), 20);
    assert!(seen.iter().all(|&(at, ok)| ok == (at != 7)), "{seen:?}");
}

#[test]
fn break_stops_the_run() {
    let work = doubling(1000, |_| false, Duration::ZERO, None);
    let mut seen = 0;
    in_order(&work, 2, 4, None, |at, _, _, _| {
        seen += 1;
        if at == 10 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(seen, 11);
}

#[test]
fn each_result_is_disposed_of_by_the_lane_that_made_it() {
    static DISPOSED: Mutex<Vec<(usize, bool)>> = Mutex::new(Vec::new());
    fn dispose((at, made_on): (usize, ThreadId)) {
        if let Ok(mut disposed) = DISPOSED.lock() {
            disposed.push((at, std::thread::current().id() == made_on));
        }
    }
    let inputs: Arc<[usize]> = (0..300).collect();
    let work = Work {
        inputs,
        work: Arc::new(|&at| (at, std::thread::current().id())),
        overran: Arc::new(|&at, _| (at, std::thread::current().id())),
        dispose,
    };
    let mut handed = 0;
    in_order(&work, 3, 6, None, |at, _, result, _| {
        assert_eq!(result.0, at);
        handed += 1;
        ControlFlow::Continue(())
    });
    assert_eq!(handed, 300);
    // The lanes end on their own: wait until they have freed what they were given back.
    let deadline = Instant::now() + Duration::from_secs(10);
    while DISPOSED.lock().map_or(0, |d| d.len()) < 250 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let disposed = DISPOSED.lock().map(|d| d.clone()).unwrap_or_default();
    // All but the last few, handed back after their lane ended, are disposed of there.
    assert!(disposed.len() > 250, "{}", disposed.len());
    assert!(disposed.iter().all(|&(_, here)| here));
}

#[test]
fn a_slow_run_hands_each_result_on_soon_after_it_is_done() {
    // Five inputs of 200 ms on one lane, in a window that would hold them all: the calling
    // thread is not woken for each result, but it takes them within a tick or two, not once
    // the window fills or the run ends (at 1 s).
    let work = doubling(5, |_| true, Duration::from_millis(200), None);
    let started = Instant::now();
    let mut first = None;
    in_order(&work, 1, 16, None, |_, _, _, _| {
        first.get_or_insert_with(|| started.elapsed());
        ControlFlow::Continue(())
    });
    let first = first.unwrap_or_default();
    assert!(first < Duration::from_millis(600), "{first:?}");
}

#[test]
fn a_lane_at_the_gate_wakes_the_calling_thread() {
    // A window of 4 on 2 lanes, every fourth input slow: the other lane finishes the three
    // after it and waits at the gate; when the slow one is done, the calling thread must be
    // woken at once, though fewer results wait than would wake it. At a tick for each of the
    // 100 slow inputs, the run would take 2 s; it takes about a tenth of that.
    let work = doubling(400, |at| at % 4 == 0, Duration::from_millis(2), None);
    let (seen, took) = run_all(&work, 2, 4, None);
    assert_eq!(seen.len(), 400);
    assert!(took < Duration::from_millis(1500), "{took:?}");
}
