//! A clean-room evaluator of the Nix language.
//!
//! Map of the crate, in the order data flows:
//! - [`source`]: registered source texts and spans.
//! - [`lower`]: rnix's syntax tree to the IR of [`ir`], resolving variables.
//! - [`eval`]: the tree-walking interpreter over the IR.
//! - [`value`]: runtime values, environments and thunks; [`symbol`]: interned names.
//! - [`builtins`]: the `builtins` set, one file per domain.
//! - [`print`](mod@print): `nix-instantiate --eval` output and error-message quoting.
//! - [`io`]: the file-system trait every access goes through.
//! - [`fetcher`]: the hook through which a host makes the fetch builtins fetch.
//! - [`error`]: errors, traces and miette diagnostics.
//! - [`guard`]: the memory limit and interrupts, polled during evaluation.
//! - [`api`]: the embedding API ([`Evaluator`], [`EvaluatorBuilder`]).
//! - [`instantiate`]: `nix-instantiate`'s auto-call and `-A` walk, for hosts.
//! - [`suggest`]: the one "did you mean" rule, for the engine and hosts.

#![warn(missing_docs)]

pub mod api;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod fetcher;
pub mod guard;
pub mod instantiate;
pub mod io;
pub mod ir;
pub mod lower;
pub mod print;
mod show;
pub mod source;
pub mod suggest;
pub mod symbol;
mod syntax;
pub mod value;

pub use api::{Evaluator, EvaluatorBuilder};
pub use error::{Error, Result};
pub use eval::EvalState;
pub use value::Value;
