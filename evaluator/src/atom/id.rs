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

/// The oldest parentless commit reachable from `HEAD` of the repository
/// containing `dir`.
pub fn root_commit(dir: &Path) -> Result<gix::ObjectId, String> {
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
        .map(|(_, id)| id)
        .ok_or_else(|| "no root commit is reachable from HEAD".into())
}

/// [`root_commit`], when the repository holding `dir` has its whole
/// history: `None` outside a repository and in a shallow clone, whose
/// oldest commit only looks like a root.
pub fn complete_root_commit(dir: &Path) -> Option<gix::ObjectId> {
    let repo = gix::discover(dir).ok()?;
    if repo.is_shallow() {
        return None;
    }
    root_commit(dir).ok()
}
