//! The Nix store, as a pure model plus a small on-disk store.
//!
//! Everything here reproduces C++ Nix byte for byte, since store paths are
//! hashes of these encodings:
//!
//! - [`base32`]: Nix's own base-32 alphabet and bit order.
//! - [`hash`]: [`hash::HashAlgo`], [`hash::Hash`], hashing, and parsing and
//!   printing hashes in base-16, Nix base-32, base-64 and SRI.
//! - [`nar`]: [`nar::NarNode`] file trees and their NAR serialisation,
//!   streamed into hashers; reading trees from disk with a filter.
//! - [`path`]: [`path::StoreDir`], [`path::StorePath`], name validation and
//!   the store path computations (sources, fixed outputs, text files,
//!   derivation outputs).
//! - [`derivation`]: [`derivation::Derivation`], its ATerm (`.drv`) form,
//!   hash modulo, and output and `.drv` paths.
//! - [`local`]: [`local::LocalStore`], a store directory on disk that adds
//!   objects atomically, safe against concurrent writers and crashes.

#![warn(missing_docs)]

pub mod base32;
pub mod derivation;
pub mod hash;
pub mod local;
pub mod nar;
pub mod path;
