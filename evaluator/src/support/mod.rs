//! The bottom layer: what every other layer may use and which knows
//! nothing of atoms.
//!
//! - [`error`]: the crate's [`Error`](error::Error) (a kind and a miette
//!   diagnostic) and [`render`](error::render).
//! - [`run`]: running an evaluation on a thread with a large stack.
//! - [`par`]: independent work on every core.
//! - [`paths`]: path helpers.
//! - [`alloc`]: the binary's global allocator (mimalloc); [`limits`]: the
//!   memory limit, Ctrl-C and closed pipes.

pub mod alloc;
pub mod error;
pub mod limits;
pub mod par;
pub mod paths;
pub mod run;
