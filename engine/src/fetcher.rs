//! The fetcher hook: how `fetchGit`, `fetchTarball`, `fetchurl` and
//! `fetchTree` reach the network without the engine knowing git or HTTP.
//!
//! The host installs a [`Fetcher`] with
//! [`crate::EvaluatorBuilder::fetcher`]. The builtins parse their Nix
//! arguments into the typed requests here, call the fetcher, and build
//! the Nix results (attribute names, `lastModifiedDate`, contexts) from
//! the typed answers. Without a fetcher, the builtins fail with an error
//! naming themselves. The fetcher must put its results in the store the
//! evaluator's [`crate::io::EvalIO`] reads, under the logical store
//! directory, so that reading `"${fetchTarball url}/file"` works.

use store::hash::Hash;

/// `fetchGit` / `fetchTree { type = "git"; }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitFetch {
    /// The repository URL or path.
    pub url: String,
    /// The ref (`HEAD` when `None`; a bare name means `refs/heads/NAME`).
    pub reference: Option<String>,
    /// The exact commit, 40 hex digits.
    pub rev: Option<String>,
    /// The store path's name.
    pub name: String,
    /// Whether only the revision is fetched, without history.
    pub shallow: bool,
}

/// `fetchTarball` / `fetchTree { type = "tarball"; }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TarballFetch {
    /// The URL.
    pub url: String,
    /// The store path's name.
    pub name: String,
    /// The expected NAR hash of the unpacked tree.
    pub hash: Option<Hash>,
}

/// `fetchurl` / `fetchTree { type = "file"; }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFetch {
    /// The URL.
    pub url: String,
    /// The store path's name.
    pub name: String,
    /// The expected hash: of the bytes when `recursive` is false, of the
    /// NAR otherwise.
    pub hash: Option<Hash>,
    /// Whether the store object is the NAR of the file (a `source` path)
    /// rather than the flat file.
    pub recursive: bool,
}

/// A fetched git tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitFetched {
    /// The logical store path.
    pub path: String,
    /// The SHA-256 NAR hash.
    pub nar_hash: Hash,
    /// The commit, 40 hex digits.
    pub rev: String,
    /// Commits reachable from `rev`; `None` for a shallow fetch.
    pub rev_count: Option<u64>,
    /// The commit time, seconds since the epoch.
    pub last_modified: i64,
    /// `<HEAD>-dirty` when a local working tree with uncommitted changes
    /// was taken as it is (`rev` is then forty zeros).
    pub dirty_rev: Option<String>,
}

/// A fetched file or unpacked tarball.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The logical store path.
    pub path: String,
    /// The SHA-256 NAR hash.
    pub nar_hash: Hash,
    /// For tarballs: the newest entry's modification time.
    pub last_modified: Option<i64>,
}

/// Fetches for the builtins. Errors are messages shown as they are (a
/// hash mismatch names both hashes).
pub trait Fetcher {
    /// A git tree.
    fn git(&self, req: &GitFetch) -> Result<GitFetched, String>;
    /// An unpacked tarball.
    fn tarball(&self, req: &TarballFetch) -> Result<Fetched, String>;
    /// A file.
    fn file(&self, req: &FileFetch) -> Result<Fetched, String>;
}

/// Seconds since the epoch as `YYYYMMDDHHMMSS` in UTC, the form of
/// `lastModifiedDate`.
pub fn format_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_date(0), "19700101000000");
        assert_eq!(format_date(1_704_164_645), "20240102030405");
        assert_eq!(format_date(1_700_000_000), "20231114221320");
        assert_eq!(format_date(951_782_400), "20000229000000");
    }
}
