//! The driver: the one recipe for an evaluator with the atom plugin, and
//! the [`Host`] its atoms are opened with. The API, the REPL and the
//! command line all build evaluators here, so they evaluate alike.
//!
//! - [`Settings`] → [`Driver::new`]: the engine builder with the search
//!   path, the store, sinks and limits, and the plugin installed.
//! - [`Driver::open_atom`]: an atom's root module, on the same host as
//!   `builtins.importAtom`.
//! - [`plain`]: what `nix-instantiate --eval` does with a file or an
//!   expression (auto-call, `-A`, output formats).
//! - [`fetchers`]: the plain-Nix fetch builtins, on the `fetch` crate.

pub mod fetchers;
pub mod plain;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::symbol::Symbol;
use engine::{Evaluator, Value};

use crate::atom::{Host, Manifest, Module};

/// A sink for warnings or traces: called with each message.
pub type Sink = Box<dyn FnMut(&str)>;

/// How to build an evaluator.
#[derive(Default)]
pub struct Settings {
    /// `-I` entries, before `NIX_PATH`'s.
    pub include: Vec<String>,
    /// The logical store directory (default `$NIX_STORE_DIR` or `/nix/store`).
    pub store_dir: Option<String>,
    /// Where store objects physically live; `None` is a read-only store,
    /// as `nix-instantiate --eval` has.
    pub store_root: Option<PathBuf>,
    /// Errors show the calls they passed through.
    pub show_trace: bool,
    /// The deepest nesting of calls.
    pub max_call_depth: Option<usize>,
    /// The most memory an evaluation may hold, in bytes.
    pub max_memory: Option<usize>,
    /// Where warnings go instead of stderr.
    pub warn: Option<Sink>,
    /// Where `builtins.trace` messages go instead of stderr.
    pub trace: Option<Sink>,
    /// Lift the path rules of atoms (`--impure`): for debugging only.
    pub impure: bool,
    /// `--offline`: fetchers answer from the store and cache only.
    pub offline: bool,
    /// `builtins.fetchTree` is present (C++ Nix's `fetch-tree` or `flakes`
    /// experimental feature).
    pub fetch_tree: bool,
    /// `builtins.parseFlakeRef` and `builtins.flakeRefToString` are present
    /// (C++ Nix's `flakes` experimental feature).
    pub flakes: bool,
    /// `builtins.warn` fails after warning (`--option abort-on-warn true`).
    pub abort_on_warn: bool,
}

/// An evaluator with the atom plugin, and the host of its atoms.
pub struct Driver {
    /// The engine's evaluator.
    pub ev: Evaluator,
    /// What its atoms share.
    pub host: Rc<Host>,
}

impl Driver {
    /// Builds the evaluator `settings` describe.
    pub fn new(settings: Settings) -> Driver {
        let mut b = Evaluator::builder();
        for i in &settings.include {
            b = b.search_path_entry(i);
        }
        b = b.nix_path_from_env();
        let store_dir = settings
            .store_dir
            .clone()
            .or_else(|| std::env::var("NIX_STORE_DIR").ok())
            .unwrap_or_else(|| "/nix/store".into());
        b = b.store_dir(store_dir.clone()).show_trace(settings.show_trace);
        if let Some(d) = settings.max_call_depth {
            b = b.max_call_depth(d);
        }
        if let Some(m) = settings.max_memory {
            b = b.max_memory(m);
        }
        b = b.abort_on_warn(settings.abort_on_warn);
        if let Some(mut w) = settings.warn {
            b = b.warn_sink(move |m| w(m));
        }
        if let Some(mut t) = settings.trace {
            b = b.trace_sink(move |m| t(m));
        }
        let io = store_io(&store_dir, settings.store_root.as_deref());
        let (b, io, fetcher) = fetchers::install(
            b,
            io,
            &store_dir,
            settings.store_root.as_deref(),
            settings.offline,
            settings.fetch_tree,
        );
        let b = if settings.flakes {
            b.builtin("parseFlakeRef", "s", engine::builtins::parse_flake_ref)
                .builtin("flakeRefToString", "s", engine::builtins::flake_ref_to_string)
        } else {
            b
        };
        let (b, host) = crate::atom::install(b, io, &store_dir);
        host.set_impure(settings.impure);
        if let Some(fetcher) = fetcher {
            host.set_fetcher(fetcher);
        }
        Driver { ev: b.build(), host }
    }

    /// The root module of the atom in `dir` (absolute), whose manifest is
    /// read. `deps` are further names bound in every module.
    pub fn open_atom(&mut self, dir: &Path, manifest: &Manifest, deps: Vec<(Symbol, Value)>) -> Rc<Module> {
        self.host.open_with(&dir.to_string_lossy(), manifest, deps)
    }
}

/// The user's store root, where atom evaluations keep their store copies
/// by default: `$XDG_CACHE_HOME/atom-eval` (`~/.cache/atom-eval`).
pub fn default_store_root() -> Option<PathBuf> {
    dirs::cache_dir().map(|c| c.join("atom-eval"))
}

/// The file system with the store. With a `root`, logical store paths map
/// there and copies are written atomically. Without one, store paths are
/// computed but nothing is written, which is what `nix-instantiate --eval`
/// does (its store is read-only), so plain evaluation matches it. If the
/// root cannot be used, a warning says so and nothing is written.
fn store_io(store_dir: &str, root: Option<&Path>) -> Rc<dyn engine::io::EvalIO> {
    use engine::io::{LocalStore, StdIO};
    let store = root.and_then(|root| {
        let opened = store::path::StoreDir::new(store_dir)
            .map_err(|e| e.to_string())
            .and_then(|dir| LocalStore::open(dir, root).map_err(|e| e.to_string()));
        match opened {
            Ok(store) => Some(store),
            Err(e) => {
                eprintln!(
                    "warning: cannot use the store root '{}' ({e}); store paths are computed, not written",
                    root.display()
                );
                None
            }
        }
    });
    match store {
        Some(store) => Rc::new(StdIO::with_store(store)),
        None => Rc::new(StdIO::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plugin adds one builtin to C++ Nix's, `importAtom`, and nothing
    /// else (the engine's list is checked against C++ Nix's by its corpus).
    #[test]
    fn the_plugin_adds_only_import_atom() {
        let names = |ev: &mut Evaluator| {
            let v = ev.eval_expr("builtins.attrNames builtins", "/").expect("evaluates");
            ev.print(&v, true).expect("prints")
        };
        let plain = names(&mut Evaluator::builder().build());
        let with_plugin = names(&mut Driver::new(Settings::default()).ev);
        assert_eq!(with_plugin.replace(" \"importAtom\"", ""), plain);
        assert_ne!(with_plugin, plain);
    }
}
