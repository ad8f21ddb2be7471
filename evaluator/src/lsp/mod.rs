//! `atom-eval lsp`: a language server for atoms and plain Nix files, over
//! stdio. It sits beside the REPL, on the static layers only: everything
//! it answers comes from [`crate::atom`]'s facts, tree and naming rules and
//! from the tools ([`crate::tools::check`], [`crate::tools::doc`]); it
//! never evaluates.
//!
//! - [`server`]: the message loop: framing (lsp-server's), the
//!   initialize handshake, dispatch, and survival of malformed messages
//!   and failing handlers.
//! - [`text`]: open documents (the editor's unsaved buffers), positions
//!   in UTF-16 as LSP counts them, and `file://` URIs.
//! - [`project`]: one atom as the server knows it: its fact cache with the
//!   buffers overlaid, the module tree, and how `mod.x`, `pre.x`,
//!   `atom.a.b` and `std.x` resolve to members.
//! - [`diagnostics`]: syntax errors, `check`'s findings and manifest or
//!   lock errors of a buffer.
//! - [`complete`]: completion of member paths, `cfg` keys and local names.
//! - [`navigate`]: hover, go to definition, find references and rename.
//! - [`local`]: `let`, function and `rec` bindings in scope, from rnix's
//!   tree (plain Nix files get only these).
//!
//! Invariant: a request never fails the server: bad parameters get an
//! error response, a handler that panics gets an internal error response,
//! and a message that is not valid JSON is logged and skipped.

pub mod complete;
pub mod diagnostics;
pub mod local;
pub mod navigate;
pub mod project;
pub mod server;
pub mod text;

pub use server::run;
