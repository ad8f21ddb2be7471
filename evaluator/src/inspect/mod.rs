//! Zero-evaluation introspection: what can be known about an atom from its
//! manifest, its directory tree and the syntax of its files, without
//! evaluating any Nix (the Ekala rule: listing an atom must never need
//! evaluation).
//!
//! - [`facts`]: what one file's syntax says (errors, top-level names,
//!   uses of free variables), from one parse.
//! - [`cache`]: file facts kept between runs, keyed by stat stamp and
//!   content hash, so unchanged files are not parsed again.
//! - [`tree`]: the static module tree (members, submodules, data files,
//!   the names `mod.nix` defines).
//! - [`ls`]: `atom-eval ls`, the tree as text or JSON.
//! - [`check`]: `atom-eval check`, every rule that holds without
//!   evaluating, as miette diagnostics.
//! - [`doc`]: doc comments (RFC 145) of members, std functions and
//!   builtins; `atom-eval doc`.
//! - [`id`]: `atom-eval id`, the atom's identity as the eka tool defines it.
//! - [`cli`]: the subcommands' arguments and entry points.

pub mod cache;
pub mod check;
pub mod cli;
pub mod doc;
pub mod facts;
pub mod id;
pub mod ls;
pub mod tree;
