//! Runs evaluations on a thread with a large stack.
//!
//! The interpreter recurses on the native stack; `stacker` grows it on
//! demand, and a big initial stack keeps that rare on ordinary inputs.

/// Stack size of the evaluation thread (reserved, committed as used).
pub const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Runs `f` on a fresh thread with a large stack and returns its result.
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("eval".into())
        .stack_size(STACK_SIZE)
        .spawn(f)
        .expect("spawning the evaluation thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
