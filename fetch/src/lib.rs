//! Fetching sources into the Nix store, verified, cached and named as C++
//! Nix's fetchers name them. Knows nothing of atoms or of the Nix language:
//! callers describe what to fetch with typed requests and get store paths.
//!
//! Modules:
//!
//! - [`Fetcher`] (here): the entry points [`Fetcher::git`],
//!   [`Fetcher::file`] and [`Fetcher::tarball`], which share one store, one
//!   cache and one offline switch.
//! - [`git`]: fetching a ref at an exact revision with gix into a cached
//!   bare repository, and exporting the tree at that revision (cargo
//!   feature `git`, on by default; without it a git fetch is an
//!   [`Error::Unsupported`] and gix is not compiled).
//! - [`http`]: downloading a URL (`http`, `https`, `file`) to a staging file
//!   while hashing it.
//! - [`archive`]: unpacking tar, tar.gz, tar.xz, tar.bz2 and tar.zst.
//! - [`cache`]: what was fetched from where, so a fetch with no fixed hash
//!   or revision can be answered offline.
//! - [`stage`]: staging directories inside the store, cleaned up if the
//!   process dies.
//! - [`progress`]: the progress line on a terminal.
//! - [`error`]: the [`Error`] type.
//!
//! Invariants:
//!
//! - Nothing enters the store unverified: content is staged, hashed, and
//!   checked against the expected hash (when one is given) before it is
//!   added, and a mismatch names both hashes in SRI form.
//! - Store writes go through [`store::local::LocalStore`], so they are
//!   atomic and safe against concurrent writers; staging directories carry
//!   the store's temporary prefix and the process id, so one left by a
//!   killed fetch is removed by the next [`store::local::LocalStore::open`].
//! - Store paths are those C++ Nix computes: a git tree or an unpacked
//!   tarball is a NAR-hashed `source` path; `fetchurl` is a flat (or NAR)
//!   fixed-output path.
//! - When offline, nothing touches the network: a request that the store
//!   and cache cannot answer is an [`Error::Offline`] naming what would be
//!   fetched.

#![warn(missing_docs)]

pub mod archive;
pub mod cache;
pub mod error;
pub mod git;
pub mod http;
pub mod progress;
pub mod stage;

use std::path::{Path, PathBuf};
use std::time::Duration;

use store::hash::{Hash, HashAlgo};
use store::local::LocalStore;
use store::nar;
use store::path::{ContentMethod, StorePath, StoreReferences};

pub use self::error::Error;
pub use self::git::{GitRequest, GitResult};

/// How long an unpinned download (no expected hash) is reused without
/// asking the network again: C++ Nix's `tarball-ttl` default.
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// Fetches into one store, with one cache directory; see the [crate docs](crate).
#[derive(Clone, Debug)]
pub struct Fetcher {
    store: LocalStore,
    cache_dir: PathBuf,
    offline: bool,
    ttl: Duration,
    progress: bool,
}

/// How a downloaded file is hashed and added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileMode {
    /// The file's bytes (`builtins.fetchurl`, `outputHashMode = "flat"`).
    Flat,
    /// The NAR of the file (`fetchurl { recursiveHash = true; }`),
    /// optionally executable.
    Nar {
        /// Whether the stored file is executable.
        executable: bool,
    },
}

/// A file to download.
#[derive(Clone, Debug)]
pub struct FileRequest {
    /// `http://`, `https://` or `file://`.
    pub url: String,
    /// The store path's name.
    pub name: String,
    /// The expected hash: of the bytes for [`FileMode::Flat`], of the NAR
    /// otherwise.
    pub hash: Option<Hash>,
    /// How to hash and store it.
    pub mode: FileMode,
}

/// A tarball to download and unpack.
#[derive(Clone, Debug)]
pub struct TarballRequest {
    /// `http://`, `https://` or `file://`.
    pub url: String,
    /// The store path's name (`source` for `fetchTarball`).
    pub name: String,
    /// The expected NAR hash of the unpacked tree.
    pub hash: Option<Hash>,
}

/// A fetched file or tree in the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// Its store path.
    pub path: StorePath,
    /// The SHA-256 of its NAR serialisation.
    pub nar_hash: Hash,
    /// For a file: the SHA-256 of its bytes.
    pub file_hash: Option<Hash>,
    /// For a tarball: the newest modification time among its entries
    /// (seconds since the epoch), as `fetchTree` reports `lastModified`.
    pub last_modified: Option<i64>,
}

impl Fetcher {
    /// A fetcher adding to `store` and keeping git repositories and its
    /// index under `cache_dir`.
    pub fn new(store: LocalStore, cache_dir: impl Into<PathBuf>) -> Fetcher {
        Fetcher {
            store,
            cache_dir: cache_dir.into(),
            offline: false,
            ttl: DEFAULT_TTL,
            progress: true,
        }
    }

    /// With `true`, never use the network: answer from the store and the
    /// cache, or fail with [`Error::Offline`].
    pub fn offline(mut self, offline: bool) -> Fetcher {
        self.offline = offline;
        self
    }

    /// How long an unpinned download is reused without a new fetch.
    pub fn ttl(mut self, ttl: Duration) -> Fetcher {
        self.ttl = ttl;
        self
    }

    /// Whether to draw a progress line (only ever on a terminal stderr).
    pub fn progress(mut self, on: bool) -> Fetcher {
        self.progress = on;
        self
    }

    /// The store fetched sources are added to.
    pub fn store(&self) -> &LocalStore {
        &self.store
    }

    /// The cache directory.
    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    /// Whether the network is off.
    pub fn is_offline(&self) -> bool {
        self.offline
    }

    fn progress_for(&self, what: &str) -> progress::Progress {
        if self.progress {
            progress::Progress::new(what)
        } else {
            progress::Progress::hidden()
        }
    }

    /// Downloads a file, as `builtins.fetchurl` (flat) or
    /// `fetchurl { recursiveHash = true; }` (NAR).
    ///
    /// With an expected hash, the store path is known before fetching, and
    /// an existing path is returned without any download.
    pub fn file(&self, req: &FileRequest) -> Result<Fetched, Error> {
        let store_dir = self.store.store_dir();
        let method = match req.mode {
            FileMode::Flat => ContentMethod::Flat,
            FileMode::Nar { .. } => ContentMethod::Nar,
        };
        if let Some(hash) = &req.hash {
            let path = StorePath::fixed_output(store_dir, &req.name, method, hash, &StoreReferences::default())
                .map_err(|e| Error::Invalid(e.to_string()))?;
            if self.store.contains(&path) {
                return self.describe_file(path);
            }
        }
        let key = cache::Key::new("file", &[&req.url, &req.name, mode_name(req.mode)]);
        if req.hash.is_none() {
            if let Some(hit) = cache::lookup(&self.cache_dir, &key, &self.store, self.fresh_limit())? {
                return self.describe_file(hit.path);
            }
        }
        if self.offline {
            return Err(Error::Offline(format!("the file '{}'", req.url)));
        }
        let stage = stage::Stage::new(&self.store)?;
        let file = stage.path().join("file");
        let downloaded = http::download(&req.url, &file, &self.progress_for(&req.url))?;
        if let FileMode::Nar { executable: true } = req.mode {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).map_err(|e| Error::io(&file, e))?;
        }
        let nar_hash = hash_tree(&file)?;
        let actual = match req.mode {
            FileMode::Flat => downloaded.sha256.clone(),
            FileMode::Nar { .. } => nar_hash.clone(),
        };
        let actual = match &req.hash {
            Some(expected) if expected.algo != HashAlgo::Sha256 => match req.mode {
                FileMode::Flat => hash_file(&file, expected.algo)?,
                FileMode::Nar { .. } => {
                    nar::hash_path(&file, expected.algo, &mut |_, _| true).map_err(|e| Error::io(&file, e))?
                }
            },
            _ => actual,
        };
        if let Some(expected) = &req.hash {
            if *expected != actual {
                return Err(Error::HashMismatch {
                    what: format!("file downloaded from '{}'", req.url),
                    expected: expected.to_sri(),
                    actual: actual.to_sri(),
                });
            }
        }
        let path = StorePath::fixed_output(store_dir, &req.name, method, &actual, &StoreReferences::default())
            .map_err(|e| Error::Invalid(e.to_string()))?;
        stage.publish(&self.store, &path, &file)?;
        if req.hash.is_none() {
            cache::store(&self.cache_dir, &key, &path)?;
        }
        Ok(Fetched {
            path,
            nar_hash,
            file_hash: Some(downloaded.sha256),
            last_modified: None,
        })
    }

    fn describe_file(&self, path: StorePath) -> Result<Fetched, Error> {
        let physical = self.store.physical_path(&path);
        let nar_hash = hash_tree(&physical)?;
        let file_hash = Some(hash_file(&physical, HashAlgo::Sha256)?);
        Ok(Fetched {
            path,
            nar_hash,
            file_hash,
            last_modified: None,
        })
    }

    /// Downloads and unpacks a tarball, as `builtins.fetchTarball`: when
    /// the archive holds a single top-level directory, its contents are
    /// the result; otherwise the archive's root is.
    pub fn tarball(&self, req: &TarballRequest) -> Result<Fetched, Error> {
        let store_dir = self.store.store_dir();
        let key = cache::Key::new("tarball", &[&req.url, &req.name]);
        if let Some(hash) = &req.hash {
            let path = StorePath::fixed_output(store_dir, &req.name, ContentMethod::Nar, hash, &Default::default())
                .map_err(|e| Error::Invalid(e.to_string()))?;
            if self.store.contains(&path) {
                let last_modified = cache::lookup(&self.cache_dir, &key, &self.store, None)?
                    .filter(|hit| hit.path == path)
                    .and_then(|hit| hit.last_modified);
                return self.describe_tree(path, last_modified);
            }
        } else if let Some(hit) = cache::lookup(&self.cache_dir, &key, &self.store, self.fresh_limit())? {
            return self.describe_tree(hit.path, hit.last_modified);
        }
        if self.offline {
            return Err(Error::Offline(format!("the tarball '{}'", req.url)));
        }
        let stage = stage::Stage::new(&self.store)?;
        let file = stage.path().join("download");
        http::download(&req.url, &file, &self.progress_for(&req.url))?;
        let out = stage.path().join("unpacked");
        let unpacked = archive::unpack(&file, &out).map_err(|e| match e {
            Error::Archive(why) => Error::Archive(format!("tarball '{}': {why}", req.url)),
            other => other,
        })?;
        std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
        let root = archive::single_top_dir(&out)?.unwrap_or(out.clone());
        let actual = match &req.hash {
            Some(expected) if expected.algo != HashAlgo::Sha256 => {
                nar::hash_path(&root, expected.algo, &mut |_, _| true).map_err(|e| Error::io(&root, e))?
            }
            _ => hash_tree(&root)?,
        };
        if let Some(expected) = &req.hash {
            if *expected != actual {
                return Err(Error::HashMismatch {
                    what: format!("file downloaded from '{}' (the NAR of its unpacked tree)", req.url),
                    expected: expected.to_sri(),
                    actual: actual.to_sri(),
                });
            }
        }
        let nar_hash = if actual.algo == HashAlgo::Sha256 {
            actual.clone()
        } else {
            hash_tree(&root)?
        };
        let path = StorePath::fixed_output(store_dir, &req.name, ContentMethod::Nar, &actual, &Default::default())
            .map_err(|e| Error::Invalid(e.to_string()))?;
        stage.publish(&self.store, &path, &root)?;
        cache::store_with(&self.cache_dir, &key, &path, Some(unpacked.last_modified))?;
        Ok(Fetched {
            path,
            nar_hash,
            file_hash: None,
            last_modified: Some(unpacked.last_modified),
        })
    }

    fn describe_tree(&self, path: StorePath, last_modified: Option<i64>) -> Result<Fetched, Error> {
        let nar_hash = hash_tree(&self.store.physical_path(&path))?;
        Ok(Fetched {
            path,
            nar_hash,
            file_hash: None,
            last_modified,
        })
    }

    /// Fetches a git tree; see [`git`].
    pub fn git(&self, req: &GitRequest) -> Result<GitResult, Error> {
        git::fetch(self, req)
    }

    /// The oldest cache entry an unpinned fetch may reuse: any when
    /// offline, else those younger than the TTL.
    fn fresh_limit(&self) -> Option<Duration> {
        if self.offline {
            None
        } else {
            Some(self.ttl)
        }
    }
}

fn mode_name(mode: FileMode) -> &'static str {
    match mode {
        FileMode::Flat => "flat",
        FileMode::Nar { executable: false } => "nar",
        FileMode::Nar { executable: true } => "nar-exec",
    }
}

/// The SHA-256 NAR hash of a file-system object.
pub fn hash_tree(path: &Path) -> Result<Hash, Error> {
    nar::hash_path(path, HashAlgo::Sha256, &mut |_, _| true).map_err(|e| Error::io(path, e))
}

fn hash_file(path: &Path, algo: HashAlgo) -> Result<Hash, Error> {
    let mut hasher = algo.hasher();
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    std::io::copy(&mut f, &mut hasher).map_err(|e| Error::io(path, e))?;
    Ok(hasher.finish())
}
