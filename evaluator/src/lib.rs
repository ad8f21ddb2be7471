//! `atom-eval`: a Nix evaluator with native support for the Atom module
//! system.
//!
//! The public API is the embedding API, [`api`], whose types are
//! re-exported here: [`Atom`] opens an atom, [`Nix`] evaluates plain Nix,
//! [`Value`] is a lazily evaluated result, [`Options`] configures an
//! evaluation, and [`Error`] (with its [`ErrorKind`]) says what went
//! wrong. `examples/embed.rs` shows them together.
//!
//! # Map of the crate
//!
//! Bottom layer first. Each layer uses only the layers below it (and the
//! `engine`, `store` and `fetch` crates). Only `api` is public: the other
//! layers are the crate's internals, free to change between releases.
//!
//! 1. `support`: the crate's [`Error`], the big-stack thread, parallel
//!    work, the allocator. Knows nothing of atoms.
//! 2. `atom`: atom semantics: the naming rules, the purity table, the
//!    manifest, composition at evaluation time, and the same atom read
//!    statically (facts, cache, tree). Every rule of the module system is
//!    written once, here.
//! 3. `driver`: the one recipe for an evaluator with the atom plugin,
//!    owning the host its atoms are opened with; and what
//!    `nix-instantiate --eval` does around evaluation (`driver::plain`).
//! 4. [`api`], the embedding API; and `tools` (`ls`, `check`, `doc`,
//!    `id`, and the builtins' documentation), which return data and never
//!    print.
//! 5. `repl`: `atom-eval repl`, on the driver and the tools (cargo
//!    feature `repl`); `lsp`: `atom-eval lsp`, the language server, on
//!    the static layers and the tools only (it never evaluates; feature
//!    `cli`).
//! 6. `cli`: the command line (features `cli` and `repl`), which prints.
//!
//! The command line is a module of the library rather than of the binary
//! so that everything below it can stay private: the binary (`main.rs`)
//! reaches it through one hidden item, `__bin`, which holds the entry
//! point and the allocator and is not part of the API. A tool that only
//! embeds the library turns the features off (`default-features =
//! false`), which leaves out clap, rustyline, the language server and gix
//! (feature `git`: without it, git fetches and reading an atom's root
//! commit are errors saying that the feature is off).
//!
//! Invariants: composition (`atom::compose`) and the static tree
//! (`atom::tree`) classify entries and resolve names with the same
//! functions (`atom::names`), so the tools show what evaluation builds;
//! every evaluator is built by `driver::Driver::new`, so atoms opened
//! through the API, the REPL, the command line and `builtins.importAtom`
//! share one host.
//!
//! The internal layers are not reachable from outside the crate:
//!
//! ```compile_fail
//! use atom_eval::support::run::on_big_stack;
//! ```
//! ```compile_fail
//! use atom_eval::atom::Manifest;
//! ```
//! ```compile_fail
//! use atom_eval::driver::Driver;
//! ```
//! ```compile_fail
//! use atom_eval::tools::check::check;
//! ```
//! ```compile_fail
//! use atom_eval::repl::Session;
//! ```
//! ```compile_fail
//! use atom_eval::lsp::run;
//! ```
//! ```compile_fail
//! use atom_eval::cli::main;
//! ```

#![warn(missing_docs)]
// Without the command line and the REPL, parts of the internal layers
// (the static tools, the driver's printing) have no user in the library.
#![cfg_attr(not(all(feature = "cli", feature = "repl")), allow(dead_code))]

pub mod api;
pub(crate) mod atom;
#[cfg(all(feature = "cli", feature = "repl"))]
mod cli;
pub(crate) mod driver;
#[cfg(feature = "cli")]
pub(crate) mod lsp;
#[cfg(feature = "repl")]
pub(crate) mod repl;
pub(crate) mod support;
#[cfg(all(test, feature = "repl"))]
mod tests;
pub(crate) mod tools;

pub use api::{
    render, Atom, Error, ErrorKind, Extern, Kind, Manifest, MemberInfo, ModuleInfo, Nix, Options, Sink, Value,
};
pub use atom::names::MemberKind;

/// The binary's entry point and allocator: for `main.rs` only, not part
/// of the API.
#[doc(hidden)]
#[cfg(all(feature = "cli", feature = "repl"))]
pub mod __bin {
    pub use crate::cli::main;
    pub use crate::support::alloc::Allocator;
}
