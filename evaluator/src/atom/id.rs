//! The atom ID, as eka defines it: BLAKE3 keyed by the repository's root
//! commit, over the label (`modules-spec/manifest.md`). `atom-eval id`
//! prints it; resolving a locked dependency checks it.
//!
//! - the root commit is the oldest parentless commit reachable from `HEAD`
//!   (by committer time; a repository can have several roots after
//!   merging unrelated histories);
//! - the key is BLAKE3's `derive_key` with context `"AtomId"` over the
//!   bytes of the root commit's object id (the 20 raw bytes of a SHA-1
//!   repository, not its hex text);
//! - the ID is BLAKE3's keyed hash of the label's UTF-8 bytes under that
//!   key, printed in RFC 4648 base32hex, lowercase, without padding.

use std::path::Path;

/// The ID of `label` in the repository whose root commit id is
/// `root_commit` (raw bytes).
pub fn atom_id(root_commit: &[u8], label: &str) -> String {
    let key = blake3::derive_key("AtomId", root_commit);
    let hash = blake3::keyed_hash(&key, label.as_bytes());
    data_encoding::BASE32HEX_NOPAD
        .encode(hash.as_bytes())
        .to_ascii_lowercase()
}

/// A commit's object id: its raw bytes (20 for a SHA-1 repository).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitId(pub Vec<u8>);

impl CommitId {
    /// The raw bytes, which the ID's key is derived from.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The id in lowercase hex, as git prints it.
    pub fn to_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.0)
    }
}

/// The oldest parentless commit reachable from `HEAD` of the repository
/// containing `dir`.
#[cfg(feature = "git")]
pub fn root_commit(dir: &Path) -> Result<CommitId, String> {
    let repo = gix::discover(dir).map_err(|_| format!("'{}' is not inside a git repository", dir.display()))?;
    let head = repo
        .head_id()
        .map_err(|e| format!("the repository of '{}' has no commit at HEAD: {e}", dir.display()))?;
    let walk = repo
        .rev_walk([head.detach()])
        .all()
        .map_err(|e| format!("cannot walk the history: {e}"))?;
    let mut oldest: Option<(i64, gix::ObjectId)> = None;
    for info in walk {
        let info = info.map_err(|e| format!("cannot walk the history: {e}"))?;
        let commit = info
            .object()
            .map_err(|e| format!("cannot read commit {}: {e}", info.id))?;
        if commit.parent_ids().next().is_some() {
            continue;
        }
        let time = commit
            .time()
            .map_err(|e| format!("cannot read commit {}: {e}", info.id))?
            .seconds;
        let candidate = (time, info.id);
        if oldest.as_ref().is_none_or(|o| candidate < *o) {
            oldest = Some(candidate);
        }
    }
    oldest
        .map(|(_, id)| CommitId(id.as_bytes().to_vec()))
        .ok_or_else(|| "no root commit is reachable from HEAD".into())
}

/// Without the `git` feature the history cannot be read.
#[cfg(not(feature = "git"))]
pub fn root_commit(dir: &Path) -> Result<CommitId, String> {
    Err(format!(
        "cannot read the git history of '{}': this build leaves out git support (the `git` cargo feature is off)",
        dir.display()
    ))
}

/// [`root_commit`], when the repository holding `dir` has its whole
/// history: `None` outside a repository and in a shallow clone, whose
/// oldest commit only looks like a root.
/// Without the `git` feature, never known.
pub fn complete_root_commit(dir: &Path) -> Option<CommitId> {
    #[cfg(feature = "git")]
    {
        let repo = gix::discover(dir).ok()?;
        if repo.is_shallow() {
            return None;
        }
        root_commit(dir).ok()
    }
    #[cfg(not(feature = "git"))]
    {
        let _ = dir;
        None
    }
}
