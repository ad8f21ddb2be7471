//! The command line's side of "no input brings the process down": the
//! memory limit (`--max-memory`), Ctrl-C, and closed pipes.
//!
//! The mechanisms are the engine's ([`engine::guard`]): it polls a memory
//! probe and an interrupt flag while it evaluates. This module sets them up
//! for the `atom-eval` process: the probe is mimalloc's committed memory
//! ([`super::alloc::committed`]), the limit defaults to half the physical
//! memory and always stays below an address-space limit (`ulimit -v`), and
//! SIGINT sets the flag.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Room left under an address-space limit for what the probe does not
/// measure: the binary, thread stacks' guard pages, mimalloc's reserved
/// but uncommitted address space, stack segments grown by `stacker`.
const ADDRESS_SPACE_SLACK: usize = 128 << 20;

/// The exit status of an evaluation stopped by Ctrl-C (128 + SIGINT), as
/// shells report a process killed by it.
pub const INTERRUPTED_STATUS: u8 = 130;

/// Whether a second Ctrl-C ends the process at once (`eval`), rather than
/// only stopping the evaluation (the REPL).
static EXIT_ON_SECOND: AtomicBool = AtomicBool::new(true);

/// Makes a program whose output is cut short (`atom-eval ... | head`) end
/// quietly, killed by SIGPIPE as other command-line tools are (status 141
/// in a shell), instead of panicking on a failed print.
///
/// SIGPIPE itself stays ignored, as Rust's runtime sets it: the fetchers
/// talk to child processes and sockets through pipes, and a peer that goes
/// away must be an error there, not the end of the process. Only a write
/// to our own stdout or stderr ends the process: through
/// [`write_or_die`], and through a panic hook for `println!`-style prints.
pub fn quiet_on_closed_pipes() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to") && message.contains("Broken pipe") {
            die_of_sigpipe();
        }
        previous(info);
    }));
}

/// Writes all of `bytes` to `stream` (stdout or stderr); if the reader has
/// gone, ends the process as [`quiet_on_closed_pipes`] says.
pub fn write_or_die(stream: &mut dyn std::io::Write, bytes: &[u8]) {
    if let Err(e) = stream.write_all(bytes).and_then(|()| stream.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            die_of_sigpipe();
        }
    }
}

/// Ends the process by SIGPIPE's default action.
fn die_of_sigpipe() -> ! {
    // SAFETY: restoring a signal's default action and raising it.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::raise(libc::SIGPIPE);
    }
    std::process::exit(128 + libc::SIGPIPE)
}

/// Sets up the memory limit and Ctrl-C for evaluating commands. `max` is
/// `--max-memory` in bytes (`None`: the default, half the physical
/// memory). `repl`: Ctrl-C only ever stops the current evaluation;
/// otherwise a second Ctrl-C while the first is being handled exits at
/// once with status 130.
///
/// Returns the limit in force, in bytes.
pub fn install(max: Option<usize>, repl: bool) -> usize {
    let wanted = max.unwrap_or_else(default_memory_limit);
    let (limit, hard) = match address_space_budget() {
        // Under `ulimit -v`, stop cleanly while the system still has
        // address space to give: a list that doubles needs its old and
        // new blocks at once.
        Some(budget) => {
            let limit = wanted.min(budget / 2).max(16 << 20);
            (limit, budget.max(limit))
        }
        None => (wanted, wanted.saturating_add(wanted / 4)),
    };
    engine::guard::set_usage_probe(super::alloc::committed);
    engine::guard::set_memory_limit(Some(limit));
    super::alloc::set_hard_limit(hard, limit);
    EXIT_ON_SECOND.store(!repl, Relaxed);
    // SAFETY: the handler only touches atomics and calls `_exit`, both
    // async-signal-safe.
    let installed = unsafe {
        signal_hook::low_level::register(signal_hook::consts::SIGINT, || {
            if EXIT_ON_SECOND.load(Relaxed) && engine::guard::interrupted() {
                signal_hook::low_level::exit(i32::from(INTERRUPTED_STATUS));
            }
            engine::guard::interrupt();
        })
    };
    if let Err(e) = installed {
        eprintln!("warning: Ctrl-C will end the process without cleanup: {e}");
    }
    limit
}

/// The exit status of a failed evaluation: 130 if it was interrupted, as
/// C++ Nix and shells report Ctrl-C, else 1.
pub fn failure_status() -> ExitCode {
    if engine::guard::interrupted() {
        ExitCode::from(INTERRUPTED_STATUS)
    } else {
        ExitCode::from(1)
    }
}

/// Half the physical memory, or of the container's (cgroup v2
/// `memory.max`) when that is less: enough for any real evaluation, while
/// the machine stays usable when one runs away.
pub fn default_memory_limit() -> usize {
    // SAFETY: sysconf has no preconditions.
    let (pages, page) = unsafe { (libc::sysconf(libc::_SC_PHYS_PAGES), libc::sysconf(libc::_SC_PAGESIZE)) };
    let physical = if pages <= 0 || page <= 0 {
        8 << 30
    } else {
        (pages as usize).saturating_mul(page as usize)
    };
    let container = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok());
    container.map_or(physical, |c| c.min(physical)) / 2
}

/// What is left of an address-space limit (`ulimit -v`, RLIMIT_AS) for the
/// evaluation's heap: the limit less what the program maps apart from its
/// heap, the evaluation thread's stack, and some slack. `None` without a
/// limit.
fn address_space_budget() -> Option<usize> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid out-pointer.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut lim) } != 0 || lim.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    let limit = usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX);
    // What the program mapped before its heap (mimalloc reserves address
    // space ahead of use, which is room for the heap, not taken from it).
    let mapped = match super::alloc::base_mapped() {
        0 => 64 << 20,
        n => n,
    };
    Some(
        limit
            .saturating_sub(mapped)
            .saturating_sub(super::run::STACK_SIZE)
            .saturating_sub(ADDRESS_SPACE_SLACK),
    )
}
