//! The fetch itself, with gix (the `git` feature): the cached bare
//! repository, the remote fetch, the export of the tree into the store,
//! and dirty local working trees.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use gix::object::tree::EntryKind;
use gix::ObjectId;
use store::hash::Hash;
use store::path::StorePath;

use super::{GitRequest, GitResult};
use crate::{cache, progress, stage, Error, Fetcher};

/// Fetches a request whose revision and name are valid.
pub(super) fn fetch_checked(fetcher: &Fetcher, req: &GitRequest) -> Result<GitResult, Error> {
    let store = fetcher.store();
    let full_ref = req.full_ref();

    // A local working tree, asked for without a ref or revision, is taken
    // as it is when it differs from HEAD (as C++ Nix does).
    if req.rev.is_none() && req.reference.is_none() {
        if let Some(dir) = local_worktree(&req.url) {
            if let Some(dirty) = dirty_worktree(fetcher, &dir, &req.name)? {
                return Ok(dirty);
            }
        }
    }

    // A known revision whose tree is in the store needs nothing else.
    let rev = match &req.rev {
        Some(rev) => Some(rev.to_ascii_lowercase()),
        None => {
            let key = cache::Key::new("git-ref", &[&req.url, &full_ref]);
            cache::lookup(&fetcher.cache_dir, &key, store, fetcher.fresh_limit())?
                .and_then(|hit| hit.extra.iter().find(|(k, _)| k == "rev").map(|(_, v)| v.clone()))
        }
    };
    if let Some(rev) = &rev {
        if let Some(done) = lookup_rev(fetcher, rev, &req.name, req.shallow)? {
            return Ok(done);
        }
    }

    let repo_dir = fetcher
        .cache_dir
        .join("git")
        .join(Hash::sha256(req.url.as_bytes()).to_nix32());
    std::fs::create_dir_all(repo_dir.parent().expect("has a parent")).map_err(|e| Error::io(&repo_dir, e))?;
    let _lock = lock(&repo_dir)?;
    let repo = open_or_init(&repo_dir)?;
    let local_ref = format!("refs/fetched/{}", full_ref.trim_start_matches("refs/"));

    let have = |repo: &gix::Repository, rev: &str| -> bool {
        ObjectId::from_hex(rev.as_bytes())
            .ok()
            .and_then(|id| repo.find_object(id).ok())
            .is_some()
    };
    let usable = |repo: &gix::Repository, rev: &str| have(repo, rev) && (req.shallow || !repo.is_shallow());

    let rev = match rev {
        Some(rev) if usable(&repo, &rev) => rev,
        _ => {
            if fetcher.offline {
                return Err(Error::Offline(match &req.rev {
                    Some(rev) => format!("revision {rev} of git repository '{}' (ref {full_ref})", req.url),
                    None => format!("ref {full_ref} of git repository '{}'", req.url),
                }));
            }
            let depth = if req.shallow { Depth::One } else { Depth::Full };
            remote_fetch(fetcher, &repo, &repo_dir, &req.url, &full_ref, &local_ref, depth)?;
            let repo = open_or_init(&repo_dir)?;
            let tip = resolve(&repo, &local_ref)?;
            match &req.rev {
                None => tip,
                Some(rev) => {
                    let rev = rev.to_ascii_lowercase();
                    if !usable(&repo, &rev) && req.shallow {
                        // Not the tip: fetch the ref's history.
                        remote_fetch(fetcher, &repo, &repo_dir, &req.url, &full_ref, &local_ref, Depth::Full)?;
                    }
                    let repo = open_or_init(&repo_dir)?;
                    if !have(&repo, &rev) {
                        return Err(Error::Git(format!(
                            "cannot find git revision '{rev}' in ref '{full_ref}' of repository '{}'; make sure the revision is on that ref",
                            req.url
                        )));
                    }
                    rev
                }
            }
        }
    };
    if req.rev.is_none() {
        let key = cache::Key::new("git-ref", &[&req.url, &full_ref]);
        let result = export(fetcher, &open_or_init(&repo_dir)?, &rev, &req.name, req.shallow)?;
        cache::store_full(&fetcher.cache_dir, &key, &result.path, None, &[("rev", &rev)])?;
        return Ok(result);
    }
    export(fetcher, &open_or_init(&repo_dir)?, &rev, &req.name, req.shallow)
}

/// The directory of a local non-bare repository named by `url` (a path
/// or a `file://` URL).
fn local_worktree(url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix("file://").unwrap_or(url);
    if !path.starts_with('/') {
        return None;
    }
    let dir = PathBuf::from(path);
    dir.join(".git").exists().then_some(dir)
}

/// The working tree of the repository in `dir` when its tracked files
/// differ from `HEAD` (modified, added to the index, deleted, or with
/// another mode); `None` when it is clean, so `HEAD` is fetched as usual.
fn dirty_worktree(fetcher: &Fetcher, dir: &Path, name: &str) -> Result<Option<GitResult>, Error> {
    use std::collections::BTreeMap;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let git = |e: &dyn std::fmt::Display| Error::Git(format!("reading the working tree of '{}': {e}", dir.display()));
    let repo = gix::open_opts(dir, gix::open::Options::isolated()).map_err(|e| git(&e))?;
    let Ok(head) = repo.head_commit() else {
        return Ok(None); // no commit yet: nothing C++ Nix could fetch either
    };
    let head_id = head.id;
    let last_modified = head.time().map_err(|e| git(&e))?.seconds;
    let mut committed = BTreeMap::new();
    flatten(
        &repo,
        head.tree_id().map_err(|e| git(&e))?.detach(),
        Vec::new(),
        &mut committed,
    )?;
    let index = repo.index_or_empty().map_err(|e| git(&e))?;
    let mut dirty = false;
    let mut tracked = Vec::new();
    for entry in index.entries() {
        let rel: Vec<u8> = entry.path(&index).to_vec();
        let file = dir.join(std::ffi::OsStr::from_bytes(&rel));
        let Ok(meta) = std::fs::symlink_metadata(&file) else {
            dirty = true; // deleted
            continue;
        };
        let (kind, id) = if entry.mode.contains(gix::index::entry::Mode::COMMIT) {
            (EntryKind::Commit, entry.id)
        } else if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&file).map_err(|e| Error::io(&file, e))?;
            (EntryKind::Link, blob_id(target.as_os_str().as_bytes()))
        } else if meta.is_file() {
            let data = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let exec = meta.permissions().mode() & 0o100 != 0;
            (
                if exec {
                    EntryKind::BlobExecutable
                } else {
                    EntryKind::Blob
                },
                blob_id(&data),
            )
        } else {
            dirty = true;
            continue;
        };
        if committed.remove(&rel) != Some((kind, id)) {
            dirty = true;
        }
        tracked.push((rel, kind));
    }
    if !dirty && committed.is_empty() {
        return Ok(None);
    }
    let stage = stage::Stage::new(fetcher.store())?;
    let root = stage.path().join("tree");
    std::fs::create_dir(&root).map_err(|e| Error::io(&root, e))?;
    for (rel, kind) in tracked {
        let from = dir.join(std::ffi::OsStr::from_bytes(&rel));
        let to = root.join(std::ffi::OsStr::from_bytes(&rel));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        match kind {
            EntryKind::Commit => std::fs::create_dir_all(&to).map_err(|e| Error::io(&to, e))?,
            EntryKind::Link => {
                let target = std::fs::read_link(&from).map_err(|e| Error::io(&from, e))?;
                std::os::unix::fs::symlink(target, &to).map_err(|e| Error::io(&to, e))?;
            }
            _ => {
                std::fs::copy(&from, &to).map_err(|e| Error::io(&from, e))?;
            }
        }
    }
    let nar_hash = crate::hash_tree(&root)?;
    let path = StorePath::fixed_source(fetcher.store().store_dir(), name, &nar_hash)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    stage.publish(fetcher.store(), &path, &root)?;
    Ok(Some(GitResult {
        path,
        nar_hash,
        rev: "0".repeat(40),
        rev_count: Some(0),
        last_modified,
        dirty_rev: Some(format!("{head_id}-dirty")),
    }))
}

/// The decoded tree object `id`.
fn read_tree(repo: &gix::Repository, id: ObjectId) -> Result<gix::objs::Tree, Error> {
    let git = |e: &dyn std::fmt::Display| Error::Git(format!("reading tree {id}: {e}"));
    let tree = repo
        .find_object(id)
        .map_err(|e| git(&e))?
        .try_into_tree()
        .map_err(|e| git(&e))?;
    Ok(tree.decode().map_err(|e| git(&e))?.to_owned())
}

/// The files of a tree: path -> (kind, object id).
fn flatten(
    repo: &gix::Repository,
    id: ObjectId,
    prefix: Vec<u8>,
    out: &mut std::collections::BTreeMap<Vec<u8>, (EntryKind, ObjectId)>,
) -> Result<(), Error> {
    let tree = read_tree(repo, id)?;
    for entry in &tree.entries {
        let mut path = prefix.clone();
        if !path.is_empty() {
            path.push(b'/');
        }
        path.extend_from_slice(entry.filename.as_ref());
        match entry.mode.kind() {
            EntryKind::Tree => flatten(repo, entry.oid, path, out)?,
            kind => {
                out.insert(path, (kind, entry.oid));
            }
        }
    }
    Ok(())
}

/// The git object id of a blob with these bytes.
fn blob_id(data: &[u8]) -> ObjectId {
    let mut h = store::hash::HashAlgo::Sha1.hasher();
    h.update(format!("blob {}\0", data.len()).as_bytes());
    h.update(data);
    ObjectId::from_bytes_or_panic(&h.finish().bytes)
}

/// The index entry for a revision's tree, if its store path exists.
fn lookup_rev(fetcher: &Fetcher, rev: &str, name: &str, shallow: bool) -> Result<Option<GitResult>, Error> {
    let key = rev_key(rev, name);
    let Some(hit) = cache::lookup(&fetcher.cache_dir, &key, fetcher.store(), None)? else {
        return Ok(None);
    };
    let get = |k: &str| hit.extra.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let rev_count = get("revCount").and_then(|v| v.parse().ok());
    if !shallow && rev_count.is_none() {
        // Recorded from a shallow fetch: the count needs the history.
        return Ok(None);
    }
    let Some(nar_hash) = get("narHash").and_then(|h| Hash::parse_sri(h).ok()) else {
        return Ok(None);
    };
    Ok(Some(GitResult {
        path: hit.path,
        nar_hash,
        rev: rev.to_owned(),
        rev_count: if shallow { None } else { rev_count },
        last_modified: hit.last_modified.unwrap_or(0),
        dirty_rev: None,
    }))
}

fn rev_key(rev: &str, name: &str) -> cache::Key {
    cache::Key::new("git-rev", &[rev, name])
}

/// Writes the tree at `rev` to the store and indexes it.
fn export(fetcher: &Fetcher, repo: &gix::Repository, rev: &str, name: &str, shallow: bool) -> Result<GitResult, Error> {
    let git = |e: &dyn std::fmt::Display| Error::Git(format!("reading revision {rev}: {e}"));
    let id = ObjectId::from_hex(rev.as_bytes()).map_err(|e| git(&e))?;
    let commit = repo
        .find_object(id)
        .map_err(|e| git(&e))?
        .try_into_commit()
        .map_err(|e| git(&e))?;
    let last_modified = commit.time().map_err(|e| git(&e))?.seconds;
    let tree = commit.tree_id().map_err(|e| git(&e))?.detach();
    let rev_count = if shallow || repo.is_shallow() {
        None
    } else {
        let walk = repo.rev_walk([id]).all().map_err(|e| git(&e))?;
        let mut n = 0u64;
        for c in walk {
            c.map_err(|e| git(&e))?;
            n += 1;
        }
        Some(n)
    };
    let stage = stage::Stage::new(fetcher.store())?;
    let root = stage.path().join("tree");
    write_tree(repo, tree, &root)?;
    let nar_hash = crate::hash_tree(&root)?;
    let path = StorePath::fixed_source(fetcher.store().store_dir(), name, &nar_hash)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    stage.publish(fetcher.store(), &path, &root)?;
    let count = rev_count.map(|n| n.to_string());
    let sri = nar_hash.to_sri();
    let mut extra = vec![("narHash", sri.as_str())];
    if let Some(c) = &count {
        extra.push(("revCount", c));
    }
    cache::store_full(
        &fetcher.cache_dir,
        &rev_key(rev, name),
        &path,
        Some(last_modified),
        &extra,
    )?;
    Ok(GitResult {
        path,
        nar_hash,
        rev: rev.to_owned(),
        rev_count,
        last_modified,
        dirty_rev: None,
    })
}

/// Writes the tree `id` as a directory at `dest`.
fn write_tree(repo: &gix::Repository, id: ObjectId, dest: &Path) -> Result<(), Error> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let git = |e: &dyn std::fmt::Display| Error::Git(format!("reading tree {id}: {e}"));
    std::fs::create_dir(dest).map_err(|e| Error::io(dest, e))?;
    let tree = read_tree(repo, id)?;
    for entry in &tree.entries {
        let name: &[u8] = entry.filename.as_ref();
        if name.is_empty() || name == b"." || name == b".." || name.contains(&b'/') || name.contains(&0) {
            return Err(Error::Git(format!(
                "tree {id} has an entry with an invalid name '{}'",
                String::from_utf8_lossy(name)
            )));
        }
        let path = dest.join(std::ffi::OsStr::from_bytes(name));
        match entry.mode.kind() {
            EntryKind::Tree => write_tree(repo, entry.oid, &path)?,
            EntryKind::Blob | EntryKind::BlobExecutable => {
                let blob = repo.find_object(entry.oid).map_err(|e| git(&e))?;
                std::fs::write(&path, &blob.data).map_err(|e| Error::io(&path, e))?;
                let mode = if entry.mode.kind() == EntryKind::BlobExecutable {
                    0o755
                } else {
                    0o644
                };
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                    .map_err(|e| Error::io(&path, e))?;
            }
            EntryKind::Link => {
                let blob = repo.find_object(entry.oid).map_err(|e| git(&e))?;
                std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(&blob.data), &path)
                    .map_err(|e| Error::io(&path, e))?;
            }
            // A submodule, not fetched: an empty directory.
            EntryKind::Commit => std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?,
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    One,
    Full,
}

/// Fetches `full_ref` from `url` into `local_ref` of the cache repository.
fn remote_fetch(
    fetcher: &Fetcher,
    repo: &gix::Repository,
    repo_dir: &Path,
    url: &str,
    full_ref: &str,
    local_ref: &str,
    depth: Depth,
) -> Result<(), Error> {
    let fail = |e: &dyn std::error::Error| Error::Git(format!("fetching {full_ref} from '{url}': {}", chain(e)));
    let progress = fetcher.progress_for(url);
    let _poll = PackPoller::start(repo_dir.join("objects").join("pack"), &progress);
    let spec = format!("+{full_ref}:{local_ref}");
    let remote = repo
        .remote_at(url)
        .map_err(|e| fail(&e))?
        .with_refspecs([spec.as_str()], gix::remote::Direction::Fetch)
        .map_err(|e| fail(&e))?;
    let connection = remote.connect(gix::remote::Direction::Fetch).map_err(|e| fail(&e))?;
    let prepare = connection
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| fail(&e))?;
    if prepare.ref_map().mappings.is_empty() {
        return Err(Error::Git(format!("repository '{url}' has no ref '{full_ref}'")));
    }
    let shallow = match depth {
        Depth::One => gix::remote::fetch::Shallow::DepthAtRemote(1.try_into().expect("non-zero")),
        Depth::Full if repo.is_shallow() => gix::remote::fetch::Shallow::Deepen(0x7fff_ffff),
        Depth::Full => gix::remote::fetch::Shallow::NoChange,
    };
    let interrupt = AtomicBool::new(false);
    prepare
        .with_shallow(shallow)
        .receive(gix::progress::Discard, &interrupt)
        .map_err(|e| fail(&e))?;
    Ok(())
}

/// An error with its causes, which say what actually went wrong (the
/// top-level message of a transport error is often generic).
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = cause.source();
    }
    s
}

/// The commit a local ref points to, peeled through tags.
fn resolve(repo: &gix::Repository, local_ref: &str) -> Result<String, Error> {
    let mut r = repo
        .find_reference(local_ref)
        .map_err(|e| Error::Git(format!("the fetched ref is missing: {e}")))?;
    let id = r
        .peel_to_commit()
        .map_err(|e| Error::Git(format!("the fetched ref is not a commit: {e}")))?
        .id;
    Ok(id.to_string())
}

fn open_or_init(dir: &Path) -> Result<gix::Repository, Error> {
    let opts = gix::open::Options::isolated();
    if dir.join("HEAD").exists() {
        return gix::open_opts(dir, opts)
            .map_err(|e| Error::Git(format!("cannot open the cache repository {}: {e}", dir.display())));
    }
    // Initialised under a temporary name and renamed, so a killed init
    // leaves no half repository behind.
    let tmp = dir.with_extension(format!("init-{}", std::process::id()));
    let _ = stage::remove_all(&tmp);
    gix::init_bare(&tmp).map_err(|e| Error::Git(format!("cannot create the cache repository: {e}")))?;
    if std::fs::rename(&tmp, dir).is_err() {
        let _ = stage::remove_all(&tmp);
    }
    gix::open_opts(dir, opts)
        .map_err(|e| Error::Git(format!("cannot open the cache repository {}: {e}", dir.display())))
}

/// Holds the cache repository's lock file; other processes wait.
fn lock(repo_dir: &Path) -> Result<File, Error> {
    let path: PathBuf = repo_dir.with_extension("lock");
    let f = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    f.lock().map_err(|e| Error::io(&path, e))?;
    Ok(f)
}

/// Reports the growth of the pack directory as bytes received.
struct PackPoller {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl PackPoller {
    fn start(dir: PathBuf, progress: &progress::Progress) -> PackPoller {
        use std::sync::atomic::Ordering;
        let stop = Arc::new(AtomicBool::new(false));
        let start_size = dir_size(&dir);
        let counter = progress.counter();
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                counter.store(dir_size(&dir).saturating_sub(start_size), Ordering::Relaxed);
                std::thread::park_timeout(std::time::Duration::from_millis(200));
            }
        });
        PackPoller {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for PackPoller {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
