//! Atom semantics: every rule of the module system, and the composer that
//! applies them at evaluation time.
//!
//! - [`names`]: the naming rules (members, public names, the re-export
//!   idiom, clashes, reserved names); [`error`]: [`AtomError`], what they
//!   refuse.
//! - [`purity`]: the one table of forbidden and neutralised builtins and
//!   of what `std` leaves out.
//! - [`manifest`]: `atom.toml`, read and validated; [`id`]: the atom ID;
//!   [`lock`]: `atom.lock`;
//!   [`resolve`]: a locked dependency to its source (local, or fetched and
//!   verified); [`deps`]: the `deps` scope built on it, lazily;
//!   [`fetchurl`]: a `nix+src` source as `<nix/fetchurl.nix>`'s derivation.
//! - [`compose`]: modules, members, scopes and the public view, as engine
//!   thunks; [`host`]: what the atoms of one evaluator share (std, purity
//!   values, `importAtom`), and [`install`] to add the plugin to a builder.
//! - [`io`]: the file system atoms are evaluated on (the embedded std, module
//!   copies); [`gate`]: hermeticity, what an atom's code may read (pins'
//!   plain Nix runs in the engine's pure-evaluation realm,
//!   `engine::eval::pure`).
//! - [`facts`], [`cache`], [`tree`]: the same atom statically: one parse per
//!   file, kept between runs, and the module tree the tools walk.
//!
//! Invariants: a rule is written once, here, and composition and the static
//! tree both call it, so what `ls`/`check` show is what evaluation builds.
//! Nothing here prints, and nothing here depends on the driver, the API,
//! the tools or the REPL.

pub mod cache;
pub mod compose;
pub mod deps;
pub mod error;
pub mod facts;
pub mod fetchurl;
pub mod gate;
pub mod host;
pub mod id;
pub mod io;
pub mod lock;
pub mod manifest;
pub mod names;
pub mod purity;
pub mod resolve;
pub mod tree;

pub use self::compose::Module;
pub use self::host::{install, Host};
pub use self::manifest::{check_label, Manifest};
