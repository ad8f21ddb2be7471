//! Guards that stop an evaluation cleanly when it must not go on: a memory
//! limit and an interrupt (Ctrl-C).
//!
//! Both are process-wide, as memory and signals are. The evaluator polls
//! them at cheap periodic points (where it already checks its stack depth:
//! every few calls, forced thunks and nested expressions) and fails with an
//! error that `tryEval` cannot catch, so the host prints one clean message
//! instead of the process being killed or aborting with a backtrace.
//!
//! - **Interrupts**: a signal handler calls [`interrupt`] (async-signal
//!   safe: one atomic store); the next poll fails with
//!   [`ErrorKind::Interrupted`]. A host that goes on afterwards (a REPL)
//!   calls [`clear_interrupt`] before its next evaluation.
//! - **Memory**: the engine cannot count allocations itself (the global
//!   allocator belongs to the program), so the host installs a probe of
//!   the bytes in use ([`set_usage_probe`]) and a limit
//!   ([`set_memory_limit`]). The probe may cost a system call, so it is
//!   read only every [`PROBE_EVERY`] polls, at once when the allocator
//!   reports a big block ([`note_large_allocation`]), and before builtins
//!   allocate big blocks ([`reserve`]). Without a probe, only [`reserve`]'s
//!   own size checks apply.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Result};

/// Set by [`interrupt`], cleared by [`clear_interrupt`].
const INTERRUPTED: u8 = 1;
/// Set when the next poll must read the memory probe.
const PROBE_NOW: u8 = 2;

/// Why the next poll must leave its fast path.
static PENDING: AtomicU8 = AtomicU8::new(0);
/// The memory limit in bytes; `usize::MAX` for none.
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The host's measure of the bytes in use.
static PROBE: OnceLock<fn() -> usize> = OnceLock::new();

/// How many polls pass between two reads of the memory probe. A poll
/// happens every few calls or thunks; the evaluator allocates a few
/// hundred bytes per call, so memory grows by well under a MiB between two
/// reads, and the cost of a read (a system call) is spread over them.
pub const PROBE_EVERY: u32 = 4096;

/// Asks the running evaluation to stop: the next poll fails with
/// [`ErrorKind::Interrupted`]. Safe to call from a signal handler.
pub fn interrupt() {
    PENDING.fetch_or(INTERRUPTED, Relaxed);
}

/// Whether an interrupt is pending (and not yet cleared).
pub fn interrupted() -> bool {
    PENDING.load(Relaxed) & INTERRUPTED != 0
}

/// Forgets a pending interrupt, so the next evaluation runs.
pub fn clear_interrupt() {
    PENDING.fetch_and(!INTERRUPTED, Relaxed);
}

/// Sets the memory limit, in bytes (`None`: no limit). It holds for the
/// whole process: every evaluator in it shares the memory.
pub fn set_memory_limit(bytes: Option<usize>) {
    LIMIT.store(bytes.unwrap_or(usize::MAX), Relaxed);
}

/// The memory limit in bytes, if one is set.
pub fn memory_limit() -> Option<usize> {
    match LIMIT.load(Relaxed) {
        usize::MAX => None,
        n => Some(n),
    }
}

/// Installs the host's measure of the bytes its allocator holds. Only the
/// first call has an effect.
pub fn set_usage_probe(probe: fn() -> usize) {
    let _ = PROBE.set(probe);
}

/// The bytes in use by the host's measure, if it installed one.
pub fn usage() -> Option<usize> {
    PROBE.get().map(|p| p())
}

/// Called by an allocator that has just handed out a big block: the next
/// poll reads the probe instead of waiting its turn. Cheap and lock-free.
pub fn note_large_allocation() {
    if LIMIT.load(Relaxed) != usize::MAX && PENDING.load(Relaxed) & PROBE_NOW == 0 {
        PENDING.fetch_or(PROBE_NOW, Relaxed);
    }
}

/// The error for an evaluation that went over the limit.
pub fn out_of_memory() -> Box<Error> {
    let limit = LIMIT.load(Relaxed);
    Error::new(ErrorKind::OutOfMemory(limit), None)
}

/// Below this many bytes, [`reserve`] does not read the probe: the next
/// poll sees small allocations soon enough.
const BIG: usize = 1 << 20;

/// Fails if allocating `bytes` more would take the evaluation over the
/// memory limit; builtins call it before building a big list or string,
/// so that one allocation cannot overshoot the limit between two polls.
#[inline]
pub fn reserve(bytes: usize) -> Result<()> {
    if bytes < BIG {
        return Ok(());
    }
    check_usage(bytes)
}

/// Fails if `extra` bytes more than the probe reports exceed the limit.
#[cold]
fn check_usage(extra: usize) -> Result<()> {
    let limit = LIMIT.load(Relaxed);
    if limit == usize::MAX {
        return Ok(());
    }
    let used = usage().unwrap_or(0);
    if used.saturating_add(extra) > limit {
        return Err(out_of_memory());
    }
    Ok(())
}

/// The per-evaluator side of the guards: a countdown to the next read of
/// the memory probe.
#[derive(Debug)]
pub(crate) struct Poller {
    countdown: u32,
}

impl Default for Poller {
    fn default() -> Self {
        Poller { countdown: PROBE_EVERY }
    }
}

impl Poller {
    /// Fails if the evaluation must stop. The fast path is one relaxed load
    /// and a decrement.
    #[inline(always)]
    pub(crate) fn poll(&mut self) -> Result<()> {
        self.countdown -= 1;
        if PENDING.load(Relaxed) != 0 || self.countdown == 0 {
            return self.poll_slow();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn poll_slow(&mut self) -> Result<()> {
        let pending = PENDING.load(Relaxed);
        let probe = self.countdown == 0 || pending & PROBE_NOW != 0;
        // Reset before anything can fail, so the countdown never wraps.
        if self.countdown == 0 {
            self.countdown = PROBE_EVERY;
        }
        if pending & INTERRUPTED != 0 {
            return Err(Error::new(ErrorKind::Interrupted, None));
        }
        if probe {
            PENDING.fetch_and(!PROBE_NOW, Relaxed);
            check_usage(0)?;
        }
        Ok(())
    }
}

/// Parses a size as `--max-memory` takes it: a number of MiB, or a number
/// with a unit (`K`, `M`, `G`, `T`, optionally followed by `iB` or `B`,
/// all powers of 1024).
pub fn parse_size(text: &str) -> std::result::Result<usize, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size (a number of MiB, or a number with K, M, G or T)"))?;
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" | "M" => 20,
        "K" => 10,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("'{text}' has an unknown unit (use K, M, G or T)")),
    };
    number
        .checked_mul(1 << shift)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("'{text}' is not a usable memory limit"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512").unwrap(), 512 << 20);
        assert_eq!(parse_size("2G").unwrap(), 2 << 30);
        assert_eq!(parse_size("2GiB").unwrap(), 2 << 30);
        assert_eq!(parse_size("300 MB").unwrap(), 300 << 20);
        assert_eq!(parse_size("64k").unwrap(), 64 << 10);
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3X").is_err());
        assert!(parse_size("99999999999999T").is_err());
    }
}
