//! `atom-eval`: a Nix evaluator with native support for the Atom module
//! system.
//!
//! Map of the crate:
//! - [`plain`]: evaluating ordinary Nix files and expressions, as
//!   `nix-instantiate --eval` does.
//! - [`atom`]: the atom plugin: native composition, scopes, purity, the
//!   embedded std, `builtins.importAtom`.
//! - [`alloc`]: the binary's global allocator (mimalloc).
//! - [`run`]: running an evaluation on a thread with a large stack.
//! - [`limits`]: the command line's memory limit, Ctrl-C and closed pipes.
//! - [`api`]: the embedding API ([`Nix`], [`Value`], [`Options`], [`Error`]),
//!   re-exported at the crate root.
//! - [`inspect`]: `atom-eval ls`, `check`, `doc` and `id`: introspection
//!   without evaluation.
//! - [`repl`]: `atom-eval repl`.

#![warn(missing_docs)]

pub mod alloc;
pub mod api;
pub mod atom;
pub mod inspect;
pub mod limits;
pub mod plain;
pub mod repl;
pub mod run;

pub use api::{
    render, Atom, Error, ErrorKind, Extern, Kind, Manifest, MemberInfo, ModuleInfo, Nix, Options, Sink, Value,
};
