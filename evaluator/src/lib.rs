//! `atom-eval`: a Nix evaluator with native support for the Atom module
//! system.
//!
//! Map of the crate, bottom layer first. Each layer uses only the layers
//! below it (and the `engine`, `store` and `fetch` crates):
//!
//! 1. [`support`]: the crate's [`Error`], the big-stack thread, parallel
//!    work, the allocator. Knows nothing of atoms.
//! 2. [`atom`]: atom semantics: the naming rules, the purity table, the
//!    manifest, composition at evaluation time, and the same atom read
//!    statically (facts, cache, tree). Every rule of the module system is
//!    written once, here.
//! 3. [`driver`]: the one recipe for an evaluator with the atom plugin,
//!    owning the [`atom::Host`] its atoms are opened with; and what
//!    `nix-instantiate --eval` does around evaluation ([`driver::plain`]).
//! 4. [`api`] (the embedding API: [`Atom`], [`Nix`], [`Value`],
//!    [`Options`], re-exported here) and [`tools`] (`ls`, `check`, `doc`,
//!    `id`, which return data and never print).
//! 5. `repl`: `atom-eval repl`, on the driver and the tools (cargo
//!    feature `repl`, on by default); [`lsp`]: `atom-eval lsp`, the
//!    language server, on the static layers and the tools only (it never
//!    evaluates).
//!
//! The binary (`main.rs`, with its argument structs in `cli/`) sits on top;
//! it needs the features `cli` and `repl` (the defaults). A tool that only
//! embeds the library can turn them off (`default-features = false`).
//!
//! Invariants: composition ([`atom::compose`]) and the static tree
//! ([`atom::tree`]) classify entries and resolve names with the same
//! functions ([`atom::names`]), so the tools show what evaluation builds;
//! every evaluator is built by [`driver::Driver::new`], so atoms opened
//! through the API, the REPL, the command line and `builtins.importAtom`
//! share one host.

#![warn(missing_docs)]

pub mod api;
pub mod atom;
pub mod driver;
pub mod lsp;
#[cfg(feature = "repl")]
pub mod repl;
pub mod support;
pub mod tools;

pub use api::{
    render, Atom, Error, ErrorKind, Extern, Kind, Manifest, MemberInfo, ModuleInfo, Nix, Options, Sink, Value,
};
pub use atom::names::MemberKind;
