//! `atom-eval`: a Nix evaluator with native support for the Atom module
//! system.
//!
//! Map of the crate:
//! - [`plain`]: evaluating ordinary Nix files and expressions, as
//!   `nix-instantiate --eval` does.
//! - [`run`]: running an evaluation on a thread with a large stack.

pub mod plain;
pub mod run;
