//! A store directory on disk, written atomically.
//!
//! The logical store directory (what paths are named under, say
//! `/nix/store`) is mapped onto a physical root, like a Nix "chroot
//! store": `/nix/store/<hash>-x` lives at `<root>/nix/store/<hash>-x`.
//!
//! Adding an object must be safe when several processes add the same path
//! at once and when a process is killed half-way, since a store path that
//! exists is trusted to be complete. So an object is first built under a
//! temporary name in the store directory itself (same file system), made
//! read-only and flushed to disk, and only then moved to its final name in
//! one atomic step (a rename for directories, a hard link for files and
//! symlinks, neither of which replaces an existing object). If the final
//! name already exists, another writer won and the temporary copy is thrown
//! away; both writers succeed.
//!
//! Temporary names start with [`TEMP_PREFIX`]; since store path names begin
//! with a base-32 hash they can never clash with a real path, and readers
//! ignore them. They carry the writing process's id, so
//! [`LocalStore::clean_temporaries`] (run by [`LocalStore::open`]) can
//! remove those left behind by processes that died.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::nar::{FileKind, NarNode};
use crate::path::{StoreDir, StorePath};

/// The start of every temporary name in the store directory.
pub const TEMP_PREFIX: &str = ".atom-tmp-";

/// How old a temporary must be before it is removed even though its
/// process might still be alive (only where process liveness cannot be
/// checked, i.e. without `/proc`).
const STALE_AGE: Duration = Duration::from_secs(24 * 3600);

/// Whether a directory entry of the store directory is a temporary.
pub fn is_temporary_name(name: &OsStr) -> bool {
    name.as_bytes().starts_with(TEMP_PREFIX.as_bytes())
}

/// A store directory on disk; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct LocalStore {
    store_dir: StoreDir,
    root: PathBuf,
    physical: PathBuf,
}

impl LocalStore {
    /// Opens (creating if needed) the store whose logical directory is
    /// `store_dir` and which lives under `root` (`/` for a real store at its
    /// logical place). Removes temporaries left by dead processes.
    pub fn open(store_dir: StoreDir, root: impl Into<PathBuf>) -> io::Result<LocalStore> {
        let root = root.into();
        let physical = root.join(store_dir.as_str().trim_start_matches('/'));
        fs::create_dir_all(&physical)?;
        let store = LocalStore {
            store_dir,
            root,
            physical,
        };
        store.clean_temporaries()?;
        Ok(store)
    }

    /// The logical store directory.
    pub fn store_dir(&self) -> &StoreDir {
        &self.store_dir
    }

    /// The physical root the logical directory is mapped under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the logical store directory is on disk.
    pub fn physical_dir(&self) -> &Path {
        &self.physical
    }

    /// Where a store path is on disk.
    pub fn physical_path(&self, path: &StorePath) -> PathBuf {
        self.physical.join(path.to_string())
    }

    /// Where a logical path inside the store (a store path or a file in
    /// one) is on disk, or `None` for paths outside the store.
    pub fn to_physical(&self, logical: &str) -> Option<PathBuf> {
        if !self.store_dir.is_in_store(logical) {
            return None;
        }
        let rest = &logical[self.store_dir.as_str().len() + 1..];
        Some(self.physical.join(rest))
    }

    /// Whether a store path exists (and so is complete).
    pub fn contains(&self, path: &StorePath) -> bool {
        fs::symlink_metadata(self.physical_path(path)).is_ok()
    }

    /// Adds a file-system object under a store path, atomically. Returns
    /// `true` if this call created it, `false` if it already existed (or
    /// another writer finished first); either way the path is then
    /// complete. The caller is responsible for `path` matching `node`.
    pub fn add(&self, path: &StorePath, node: &NarNode) -> io::Result<bool> {
        self.add_with(path, |tmp| write_node(tmp, node))
    }

    /// Adds a non-executable regular file, as `builtins.toFile` and `.drv`
    /// files are; see [`LocalStore::add`].
    pub fn add_text(&self, path: &StorePath, contents: &[u8]) -> io::Result<bool> {
        self.add_with(path, |tmp| write_file(tmp, contents, false))
    }

    /// Adds a copy of the file-system object at `src` (filtered as
    /// [`NarNode::from_path_filtered`]), streaming files from disk rather
    /// than holding the tree in memory; see [`LocalStore::add`].
    pub fn add_from_path(
        &self,
        path: &StorePath,
        src: &Path,
        filter: &mut dyn FnMut(&Path, FileKind) -> bool,
    ) -> io::Result<bool> {
        self.add_with(path, |tmp| copy_tree(src, tmp, filter))
    }

    /// Reads a store path back as a tree.
    pub fn read(&self, path: &StorePath) -> io::Result<NarNode> {
        NarNode::from_path(&self.physical_path(path))
    }

    /// The store paths present, in no particular order; temporaries and
    /// other entries that are not store paths are skipped.
    pub fn list(&self) -> io::Result<Vec<StorePath>> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.physical)? {
            let name = entry?.file_name();
            if let Some(p) = name.to_str().and_then(|n| StorePath::from_base_name(n).ok()) {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Removes temporaries whose writing process is gone (or, where that
    /// cannot be told, that are older than a day). Returns how many were
    /// removed; one that cannot be removed is skipped, so only failing to
    /// read the store directory is an error. Temporaries of live processes are left alone, since their
    /// writers are about to rename them.
    ///
    /// Liveness is judged by process id in this process's view of
    /// `/proc`, so writers sharing the store from another PID namespace
    /// (another container) look dead: such a writer's add then fails
    /// rather than producing a partial path. Do not share one store
    /// directory across PID namespaces while both write to it.
    pub fn clean_temporaries(&self) -> io::Result<usize> {
        let can_check_pids = Path::new("/proc/self").exists();
        let mut removed = 0;
        for entry in fs::read_dir(&self.physical)? {
            let entry = entry?;
            let name = entry.file_name();
            if !is_temporary_name(&name) {
                continue;
            }
            let pid = name.to_str().and_then(temp_pid);
            let stale = match pid {
                Some(pid) if can_check_pids => {
                    pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
                }
                _ => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > STALE_AGE),
            };
            // Best effort: another cleaner may get there first, and a
            // leftover is harmless since readers ignore it.
            if stale && remove_tree(&entry.path()).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The atomic-add protocol: build with `make` under a fresh temporary
    /// name, flush, rename into place.
    fn add_with(&self, path: &StorePath, make: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<bool> {
        let dest = self.physical_path(path);
        if fs::symlink_metadata(&dest).is_ok() {
            return Ok(false);
        }
        let tmp = self.physical.join(temp_name(path));
        let result = make(&tmp).and_then(|()| self.publish(&tmp, &dest));
        if result.is_err() {
            let _ = remove_tree(&tmp);
        }
        result
    }
}

impl LocalStore {
    /// Moves a finished temporary to its final name without ever
    /// replacing an existing object; `true` if it got there first.
    ///
    /// A directory is renamed, which fails if a non-empty directory is
    /// already there. A file or symlink is hard-linked (which never
    /// replaces) and its temporary name removed; a crash in between only
    /// leaves a temporary for cleaning. Where hard links are unsupported,
    /// a rename replaces the other writer's identical copy atomically.
    /// (Two writers of the same *empty* directory may both see `true`.)
    fn publish(&self, tmp: &Path, dest: &Path) -> io::Result<bool> {
        let is_dir = fs::symlink_metadata(tmp)?.is_dir();
        let created = if is_dir {
            match fs::rename(tmp, dest) {
                Ok(()) => true,
                // A non-empty directory (or an object of another type) is
                // already there: another writer won.
                Err(_) if fs::symlink_metadata(dest).is_ok() => {
                    remove_tree(tmp)?;
                    false
                }
                Err(e) => return Err(e),
            }
        } else {
            let created = match fs::hard_link(tmp, dest) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
                Err(_) => {
                    fs::rename(tmp, dest)?;
                    sync_dir(&self.physical)?;
                    return Ok(true);
                }
            };
            fs::remove_file(tmp)?;
            created
        };
        if created {
            sync_dir(&self.physical)?;
        }
        Ok(created)
    }
}

/// A fresh temporary name for `path`: prefix, process id, a per-process
/// counter and the time (so names are not reused across pid reuse), and the
/// hash part for debugging. Short enough for any file system.
fn temp_name(path: &StorePath) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("{TEMP_PREFIX}{}-{n}-{nanos:x}-{}", std::process::id(), path.hash_part())
}

/// The process id in a temporary name.
fn temp_pid(name: &str) -> Option<u32> {
    name.strip_prefix(TEMP_PREFIX)?.split('-').next()?.parse().ok()
}

/// The canonical modification time of store objects (1 s after the epoch),
/// as Nix sets it, so that tools relying on times see every store the same.
fn canonical_mtime() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

fn write_file(path: &Path, contents: &[u8], executable: bool) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(contents)?;
    finish_file(&f, executable)
}

/// Makes a written file read-only (0444, or 0555 if executable), sets its
/// time, and flushes it.
fn finish_file(f: &fs::File, executable: bool) -> io::Result<()> {
    f.set_permissions(fs::Permissions::from_mode(if executable { 0o555 } else { 0o444 }))?;
    f.set_modified(canonical_mtime())?;
    f.sync_all()
}

/// Makes a populated directory read-only (0555), sets its time, and
/// flushes it (its entries are on disk before it is renamed into place).
fn finish_dir(path: &Path) -> io::Result<()> {
    let d = fs::File::open(path)?;
    d.set_modified(canonical_mtime())?;
    d.sync_all()?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o555))
}

fn create_dir(path: &Path) -> io::Result<()> {
    fs::DirBuilder::new().mode(0o700).create(path)
}

fn write_node(path: &Path, node: &NarNode) -> io::Result<()> {
    match node {
        NarNode::Regular { contents, executable } => write_file(path, contents, *executable),
        NarNode::Symlink { target } => std::os::unix::fs::symlink(OsStr::from_bytes(target), path),
        NarNode::Directory(entries) => {
            create_dir(path)?;
            for (name, child) in entries {
                if name.is_empty() || name == b"." || name == b".." || name.contains(&b'/') {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "invalid file name '{}' in a store object",
                            String::from_utf8_lossy(name)
                        ),
                    ));
                }
                write_node(&path.join(OsStr::from_bytes(name)), child)?;
            }
            finish_dir(path)
        }
    }
}

/// Copies the object at `src` to `dest`, streaming file contents, as
/// [`NarNode::from_path_filtered`] would read it.
fn copy_tree(src: &Path, dest: &Path, filter: &mut dyn FnMut(&Path, FileKind) -> bool) -> io::Result<()> {
    let meta = fs::symlink_metadata(src)?;
    match FileKind::of(&meta) {
        FileKind::Regular => {
            let mut from = fs::File::open(src)?;
            let mut to = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(dest)?;
            io::copy(&mut from, &mut to)?;
            finish_file(&to, meta.permissions().mode() & 0o100 != 0)
        }
        FileKind::Symlink => std::os::unix::fs::symlink(fs::read_link(src)?, dest),
        FileKind::Directory => {
            create_dir(dest)?;
            let mut names = fs::read_dir(src)?
                .map(|e| e.map(|e| e.file_name()))
                .collect::<io::Result<Vec<_>>>()?;
            names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            for name in names {
                let child = src.join(&name);
                let kind = FileKind::of(&fs::symlink_metadata(&child)?);
                if filter(&child, kind) {
                    copy_tree(&child, &dest.join(&name), filter)?;
                }
            }
            finish_dir(dest)
        }
        FileKind::Unknown => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("file '{}' has an unsupported type", src.display()),
        )),
    }
}

/// Removes a file or a tree whose directories may be read-only (a store
/// object or a temporary of one): directories are made writable first.
fn remove_tree(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return fs::remove_file(path);
    }
    fn make_writable(dir: &Path) -> io::Result<()> {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                make_writable(&entry.path())?;
            }
        }
        Ok(())
    }
    make_writable(path)?;
    fs::remove_dir_all(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        let p = StorePath::from_base_name("00000000000000000000000000000000-x").unwrap();
        let n = temp_name(&p);
        assert!(is_temporary_name(OsStr::new(&n)));
        assert_eq!(temp_pid(&n), Some(std::process::id()));
        assert!(n.len() < 120);
    }
}
