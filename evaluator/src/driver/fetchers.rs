//! The plain-Nix fetchers (`fetchGit`, `fetchTarball`, `fetchurl`,
//! `fetchTree`) on the `fetch` crate: the engine's
//! [`engine::fetcher::Fetcher`] hook implemented over
//! [`fetch::Fetcher`], and [`install`], the one function a builder calls.
//!
//! Fetched objects go to the store root the evaluation writes to
//! (`--store-root`), or to the user's default store root when plain Nix
//! runs with its read-only store. In that case the evaluator's file system
//! is wrapped so that logical paths inside fetched store paths are read
//! from where the fetcher put them, while every other store path is read
//! as before.

use std::cell::OnceCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::fetcher::{Fetched, FileFetch, GitFetch, GitFetched, TarballFetch};
use engine::io::{EvalIO, FileType};
use store::local::LocalStore;
use store::nar::NarNode;
use store::path::StoreDir;

use crate::atom::host::FetcherSource;

/// Installs the fetchers on a plain-Nix builder. `io` is the file system
/// the builder will use; the returned one must replace it (it also reads
/// fetched store paths). `root` is the store root (`None`: the default
/// root, for fetched objects only). `fetch_tree` adds the experimental
/// `builtins.fetchTree`, as C++ Nix does with `fetch-tree` or `flakes`.
///
/// Also returns the same fetcher for atoms' dependencies
/// ([`crate::atom::Host::set_fetcher`]), so `--offline` and the store root
/// apply to them alike.
///
/// (Kept to one call so the builder in `plain.rs` can move freely.)
pub fn install(
    builder: engine::EvaluatorBuilder,
    io: Rc<dyn EvalIO>,
    store_dir: &str,
    root: Option<&Path>,
    offline: bool,
    fetch_tree: bool,
) -> (engine::EvaluatorBuilder, Rc<dyn EvalIO>, Option<FetcherSource>) {
    let Some(root) = root.map(Path::to_owned).or_else(super::default_store_root) else {
        return (builder, io, None);
    };
    let cache = dirs::cache_dir()
        .map(|c| c.join("atom-eval").join("fetch"))
        .unwrap_or_else(|| root.join("fetch-cache"));
    let fetcher = Rc::new(StoreFetcher {
        store_dir: store_dir.to_owned(),
        root: root.clone(),
        cache,
        offline,
        inner: OnceCell::new(),
    });
    let physical = root.join(store_dir.trim_start_matches('/'));
    let io: Rc<dyn EvalIO> = Rc::new(FetchedIO {
        inner: io,
        store_dir: store_dir.to_owned(),
        physical,
    });
    let for_atoms = fetcher.clone();
    let source: FetcherSource = Rc::new(move || for_atoms.get().cloned());
    let mut builder = builder.fetcher(fetcher);
    if fetch_tree {
        builder = builder.builtin("fetchTree", "s", engine::builtins::fetch_tree);
    }
    (builder, io, Some(source))
}

/// [`fetch::Fetcher`] behind the engine's hook, opened on first use so
/// that evaluations that fetch nothing create nothing.
struct StoreFetcher {
    store_dir: String,
    root: PathBuf,
    cache: PathBuf,
    offline: bool,
    inner: OnceCell<Result<fetch::Fetcher, String>>,
}

impl StoreFetcher {
    fn get(&self) -> Result<&fetch::Fetcher, String> {
        self.inner
            .get_or_init(|| {
                let dir = StoreDir::new(&self.store_dir).map_err(|e| e.to_string())?;
                let store = LocalStore::open(dir, &self.root)
                    .map_err(|e| format!("cannot open the store at '{}': {e}", self.root.display()))?;
                Ok(fetch::Fetcher::new(store, &self.cache).offline(self.offline))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn print(&self, f: &fetch::Fetcher, p: &store::path::StorePath) -> String {
        f.store().store_dir().print(p)
    }
}

impl engine::fetcher::Fetcher for StoreFetcher {
    fn git(&self, req: &GitFetch) -> Result<GitFetched, String> {
        let f = self.get()?;
        let got = f
            .git(&fetch::GitRequest {
                url: req.url.clone(),
                reference: req.reference.clone(),
                rev: req.rev.clone(),
                name: req.name.clone(),
                shallow: req.shallow,
            })
            .map_err(|e| e.to_string())?;
        Ok(GitFetched {
            path: self.print(f, &got.path),
            nar_hash: got.nar_hash,
            rev: got.rev,
            rev_count: got.rev_count,
            last_modified: got.last_modified,
            dirty_rev: got.dirty_rev,
        })
    }

    fn tarball(&self, req: &TarballFetch) -> Result<Fetched, String> {
        let f = self.get()?;
        let got = f
            .tarball(&fetch::TarballRequest {
                url: req.url.clone(),
                name: req.name.clone(),
                hash: req.hash.clone(),
            })
            .map_err(|e| e.to_string())?;
        Ok(Fetched {
            path: self.print(f, &got.path),
            nar_hash: got.nar_hash,
            last_modified: got.last_modified,
        })
    }

    fn file(&self, req: &FileFetch) -> Result<Fetched, String> {
        let f = self.get()?;
        let got = f
            .file(&fetch::FileRequest {
                url: req.url.clone(),
                name: req.name.clone(),
                hash: req.hash.clone(),
                mode: if req.recursive {
                    fetch::FileMode::Nar { executable: false }
                } else {
                    fetch::FileMode::Flat
                },
            })
            .map_err(|e| e.to_string())?;
        Ok(Fetched {
            path: self.print(f, &got.path),
            nar_hash: got.nar_hash,
            last_modified: got.last_modified,
        })
    }
}

/// The evaluator's file system, with logical paths inside store paths
/// present under the fetch store's physical directory read from there.
struct FetchedIO {
    inner: Rc<dyn EvalIO>,
    store_dir: String,
    physical: PathBuf,
}

impl FetchedIO {
    /// Where `path` is, if it is inside a store path that exists in the
    /// fetch store.
    fn redirect(&self, path: &Path) -> Option<PathBuf> {
        let rest = path.to_str()?.strip_prefix(&self.store_dir)?.strip_prefix('/')?;
        let (base, tail) = rest.split_once('/').unwrap_or((rest, ""));
        store::path::StorePath::from_base_name(base).ok()?;
        let object = self.physical.join(base);
        std::fs::symlink_metadata(&object).ok()?;
        Some(if tail.is_empty() { object } else { object.join(tail) })
    }
}

impl EvalIO for FetchedIO {
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.redirect(path) {
            Some(p) => std::fs::read(p),
            None => self.inner.read_file(path),
        }
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        match self.redirect(path) {
            Some(p) => {
                let mut out = Vec::new();
                for e in std::fs::read_dir(p)? {
                    let e = e?;
                    let ty = FileType::of(&std::fs::symlink_metadata(e.path())?);
                    out.push((e.file_name().to_string_lossy().into_owned(), ty));
                }
                Ok(out)
            }
            None => self.inner.read_dir(path),
        }
    }
    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        match self.redirect(path) {
            Some(p) => Ok(FileType::of(&std::fs::symlink_metadata(p)?)),
            None => self.inner.file_type(path),
        }
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        match self.redirect(path) {
            Some(p) => std::fs::read_link(p),
            None => self.inner.read_link(path),
        }
    }
    fn is_executable(&self, path: &Path) -> io::Result<bool> {
        use std::os::unix::fs::PermissionsExt;
        match self.redirect(path) {
            Some(p) => Ok(std::fs::metadata(p)?.permissions().mode() & 0o100 != 0),
            None => self.inner.is_executable(path),
        }
    }
    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        self.inner.add_to_store(store_path, contents)
    }

    fn store_location(&self) -> Option<&Path> {
        self.inner.store_location()
    }
}
