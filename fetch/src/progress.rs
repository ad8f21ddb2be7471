//! The progress line: a fetch that takes more than a moment shows what it
//! fetches, the bytes received and the rate, redrawn in place on stderr.
//! Only on a terminal: when stderr is a file or a pipe nothing is written,
//! so logs and test output stay clean.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a fetch runs before its line appears.
const DELAY: Duration = Duration::from_millis(700);
/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// Counts bytes for one fetch and draws them; the line is erased when this
/// is dropped.
pub struct Progress {
    bytes: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    /// A progress line for fetching `what`, drawn only if stderr is a
    /// terminal.
    pub fn new(what: &str) -> Progress {
        let mut p = Progress::hidden();
        if std::io::stderr().is_terminal() {
            let (bytes, done, what) = (p.bytes.clone(), p.done.clone(), what.to_owned());
            p.drawer = Some(std::thread::spawn(move || draw(&what, &bytes, &done)));
        }
        p
    }

    /// Counts without drawing.
    pub fn hidden() -> Progress {
        Progress {
            bytes: Arc::new(AtomicU64::new(0)),
            done: Arc::new(AtomicBool::new(false)),
            drawer: None,
        }
    }

    /// Records `n` more bytes received.
    pub fn add(&self, n: u64) {
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }

    /// Sets the total received so far.
    pub fn set(&self, n: u64) {
        self.bytes.store(n, Ordering::Relaxed);
    }

    /// The shared counter, for a poller on another thread.
    pub fn counter(&self) -> Arc<AtomicU64> {
        self.bytes.clone()
    }

    /// The bytes counted so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.drawer.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn draw(what: &str, bytes: &AtomicU64, done: &AtomicBool) {
    let start = Instant::now();
    let mut shown = false;
    loop {
        std::thread::park_timeout(if shown { TICK } else { DELAY });
        if done.load(Ordering::Relaxed) {
            break;
        }
        let elapsed = start.elapsed();
        if elapsed < DELAY {
            continue;
        }
        let n = bytes.load(Ordering::Relaxed);
        let rate = n as f64 / elapsed.as_secs_f64();
        let line = format!("fetching {what}: {} ({}/s)", human(n as f64), human(rate));
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{line}");
        let _ = err.flush();
        shown = true;
    }
    if shown {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K");
        let _ = err.flush();
    }
}

/// Bytes in binary units with one decimal (`12.3 MiB`).
pub fn human(n: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{v:.0} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(human(512.0), "512 B");
        assert_eq!(human(1536.0), "1.5 KiB");
        assert_eq!(human(3.0 * 1024.0 * 1024.0), "3.0 MiB");
    }

    #[test]
    fn counts_without_a_terminal() {
        let p = Progress::hidden();
        p.add(10);
        p.add(5);
        assert_eq!(p.bytes(), 15);
    }
}
