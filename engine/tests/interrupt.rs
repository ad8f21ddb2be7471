//! The interrupt flag is process-wide (a signal handler sets it), so the
//! test that raises it runs here, in a test binary of its own: inside the
//! library's unit tests it would stop evaluations running on other threads.

use engine::error::ErrorKind;
use engine::guard::{clear_interrupt, interrupt, interrupted, PROBE_EVERY};
use engine::Evaluator;

/// A program that polls many times more than the probe interval.
fn busy() -> String {
    let n = 4 * PROBE_EVERY;
    format!("builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) {n})")
}

/// Evaluations run past many probes, stop at an interrupt (every time
/// until it is cleared), and run again once it is cleared.
#[test]
fn an_interrupt_stops_evaluation_until_it_is_cleared() {
    let mut ev = Evaluator::builder().build();
    let expected = {
        let n = 4 * i64::from(PROBE_EVERY);
        (n * (n - 1) / 2).to_string()
    };
    let v = ev.eval_expr(&busy(), "/").unwrap();
    assert_eq!(ev.print(&v, true).unwrap(), expected);

    interrupt();
    assert!(interrupted());
    for _ in 0..2 {
        let e = ev.eval_expr(&busy(), "/").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Interrupted) && e.is_stop(), "{e}");
    }

    clear_interrupt();
    assert!(!interrupted());
    let v = ev.eval_expr(&busy(), "/").unwrap();
    assert_eq!(ev.print(&v, true).unwrap(), expected);
}
