//! Git: a ref at an exact revision, added to the store as C++ Nix's
//! `fetchGit` adds it.
//!
//! Each remote URL gets a bare repository under `<cache>/git/`, named by
//! the URL's hash, that fetches accumulate into (so a second revision of
//! the same repository only transfers what is new). gix speaks to the
//! remote: `file://` URLs and bare local paths through `git upload-pack`,
//! `ssh://` through the `ssh` program, `https://` through reqwest. A
//! shallow fetch (depth 1) is tried first when asked for, and a full one
//! if the revision is not the ref's tip.
//!
//! The tree at the revision is then written to a stage (regular files,
//! executables, symlinks, and submodules as empty directories, as
//! `fetchGit` without `submodules` gives them), NAR-hashed, and added as
//! the `source`-type store path of that hash under the requested name.
//! The result is indexed by revision and name, so the same revision is
//! answered from the store without opening the repository again, offline
//! or not.
//!
//! A local working tree asked for without a ref or revision is compared
//! with its `HEAD`: when its tracked files differ (modified, added to the
//! index, deleted, another mode), those files are taken from disk, as C++
//! Nix takes a dirty tree, and the result says so (`dirty_rev`).
//!
//! Fetches into one cache repository are serialised by a lock file, so
//! concurrent processes do not race on its refs and packs.

#[cfg(feature = "git")]
mod repo;

#[cfg(feature = "git")]
use self::repo::fetch_checked;
use store::hash::Hash;
use store::path::StorePath;

use crate::{Error, Fetcher};

/// What to fetch.
#[derive(Clone, Debug)]
pub struct GitRequest {
    /// The repository: `file://`, `https://`, `ssh://` URL, `user@host:path`
    /// or a local path.
    pub url: String,
    /// The ref to fetch: `HEAD` when `None`; a name not starting with
    /// `refs/` means `refs/heads/<name>`, as in `fetchGit`.
    pub reference: Option<String>,
    /// The exact commit (40 hex digits); the ref's tip when `None`.
    pub rev: Option<String>,
    /// The store path's name (`source` for `fetchGit`).
    pub name: String,
    /// Fetch only the revision, not its history; the result then has no
    /// `rev_count`.
    pub shallow: bool,
}

impl GitRequest {
    /// A request for `url` at its `HEAD`, named `source`, not shallow.
    pub fn new(url: impl Into<String>) -> GitRequest {
        GitRequest {
            url: url.into(),
            reference: None,
            rev: None,
            name: "source".into(),
            shallow: false,
        }
    }

    /// The full ref name fetched.
    pub fn full_ref(&self) -> String {
        match self.reference.as_deref() {
            None | Some("HEAD") => "HEAD".into(),
            Some(r) if r.starts_with("refs/") => r.into(),
            Some(r) => format!("refs/heads/{r}"),
        }
    }
}

/// A fetched git tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitResult {
    /// The tree's store path.
    pub path: StorePath,
    /// The SHA-256 NAR hash of the tree.
    pub nar_hash: Hash,
    /// The commit, 40 hex digits.
    pub rev: String,
    /// The number of commits reachable from it (not for shallow fetches).
    pub rev_count: Option<u64>,
    /// The commit's committer time, seconds since the epoch.
    pub last_modified: i64,
    /// For a local working tree that differs from its `HEAD`:
    /// `<HEAD>-dirty`. The tree is then the working tree's tracked files,
    /// `rev` is forty zeros and `rev_count` is 0, as C++ Nix gives them.
    pub dirty_rev: Option<String>,
}

impl GitResult {
    /// The first 7 hex digits of the revision.
    pub fn short_rev(&self) -> &str {
        &self.rev[..7.min(self.rev.len())]
    }
}

/// Fetches `req`: checks what any build can check, then fetches with gix
/// (the `git` feature) or refuses.
pub(crate) fn fetch(fetcher: &Fetcher, req: &GitRequest) -> Result<GitResult, Error> {
    if let Some(rev) = &req.rev {
        if rev.len() != 40 || !rev.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Invalid(format!(
                "fetchGit: revision '{rev}' is not a full commit id (40 hex digits)"
            )));
        }
    }
    store::path::check_name(&req.name)
        .map_err(|e| Error::Invalid(format!("invalid store path name '{}': {e}", req.name)))?;
    fetch_checked(fetcher, req)
}

/// Without the `git` feature: every git fetch is refused, saying why.
#[cfg(not(feature = "git"))]
fn fetch_checked(_: &Fetcher, req: &GitRequest) -> Result<GitResult, Error> {
    Err(Error::Unsupported(format!(
        "cannot fetch git repository '{}': this build leaves out git support (the `git` cargo feature is off)",
        req.url
    )))
}

#[cfg(all(test, not(feature = "git")))]
mod tests {
    use super::*;

    /// Without the `git` feature a git fetch is refused, naming the feature.
    #[test]
    fn without_the_feature_a_git_fetch_says_so() {
        let tmp = std::env::temp_dir().join(format!("fetch-no-git-{}", std::process::id()));
        let store_dir = store::path::StoreDir::new("/nix/store").expect("a store dir");
        let store = store::local::LocalStore::open(store_dir, tmp.join("root")).expect("a store");
        let fetcher = Fetcher::new(store, tmp.join("cache"));
        let err = fetcher
            .git(&GitRequest::new("https://example.org/repo.git"))
            .expect_err("refused");
        assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
        assert!(err.to_string().contains("the `git` cargo feature is off"), "{err}");
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
