//! Zero-evaluation introspection: what can be known about an atom from its
//! manifest, its directory tree and the syntax of its files, without
//! evaluating any Nix (the Ekala rule: listing an atom must never need
//! evaluation).
//!
//! - [`tree`]: the static module tree (members, submodules, data files,
//!   the names `mod.nix` defines).
//! - [`ls`]: `atom-eval ls`, the tree as text or JSON.
//! - [`check`]: `atom-eval check`, every rule that holds without
//!   evaluating, as miette diagnostics.
//! - [`doc`]: doc comments (RFC 145) of members, std functions and
//!   builtins; `atom-eval doc`.
//! - [`id`]: `atom-eval id`, the atom's identity as the eka tool defines it.
//! - [`cli`]: the subcommands' arguments and entry points.

pub mod check;
pub mod cli;
pub mod doc;
pub mod id;
pub mod ls;
pub mod tree;
