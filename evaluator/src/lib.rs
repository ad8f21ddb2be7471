//! `atom-eval`: a Nix evaluator with native support for the Atom module
//! system.
//!
//! Map of the crate:
//! - [`plain`]: evaluating ordinary Nix files and expressions, as
//!   `nix-instantiate --eval` does.
//! - [`alloc`]: the binary's global allocator (mimalloc).
//! - [`run`]: running an evaluation on a thread with a large stack.

pub mod alloc;
pub mod plain;
pub mod run;
