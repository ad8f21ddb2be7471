//! The static tools: what can be known about an atom from its manifest,
//! its directory tree and the syntax of its files, without evaluating any
//! Nix (the Ekala rule: listing an atom must never need evaluation).
//!
//! - [`ls`]: `atom-eval ls`, the module tree as data, text or JSON.
//! - [`check`]: `atom-eval check`, every rule that holds without
//!   evaluating, as typed findings ([`check::Rule`]) and miette diagnostics;
//!   also one file or manifest at a time, for the language server.
//! - [`doc`]: doc comments (RFC 145) of members, std functions and
//!   builtins; `atom-eval doc`.
//! - [`builtin_docs`]: the full documentation of every builtin.
//! - [`id`]: `atom-eval id`, the atom's identity as the eka tool defines it.
//!
//! Each tool returns data (or text for the caller to print); none prints.
//! They read the atom through [`crate::atom::tree`] and judge it with the
//! rules of [`crate::atom`], the same ones composition applies.

pub mod builtin_docs;
pub mod check;
pub mod doc;
pub mod id;
pub mod ls;
