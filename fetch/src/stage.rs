//! Staging directories: where a fetch is unpacked and hashed before it is
//! verified and added to the store.
//!
//! A stage lives inside the store's physical directory, named with the
//! store's temporary prefix and this process's id, exactly as the store's
//! own temporaries are. So it is on the store's file system, readers of
//! the store ignore it, it is removed when dropped, and one left by a
//! killed process is removed by [`LocalStore::open`] (which removes
//! temporaries of dead processes).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use store::local::{LocalStore, TEMP_PREFIX};
use store::path::StorePath;

use crate::Error;

/// A staging directory, removed on drop.
#[derive(Debug)]
pub struct Stage {
    dir: PathBuf,
}

impl Stage {
    /// A fresh, empty staging directory in `store`.
    pub fn new(store: &LocalStore) -> Result<Stage, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = store
            .physical_dir()
            .join(format!("{TEMP_PREFIX}{}-fetch{n}-{nanos:x}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Stage { dir })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Adds the verified object at `src` (inside this stage) to the store
    /// under `path`, atomically; an existing path is kept.
    pub fn publish(&self, store: &LocalStore, path: &StorePath, src: &Path) -> Result<(), Error> {
        store
            .add_from_path(path, src, &mut |_, _| true)
            .map_err(|e| Error::Io(format!("cannot add {} to the store: {e}", path)))?;
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = remove_all(&self.dir);
    }
}

/// Removes a tree whose directories may have been made read-only.
pub(crate) fn remove_all(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fn writable(dir: &Path) {
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    writable(&e.path());
                }
            }
        }
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            writable(path);
            std::fs::remove_dir_all(path)
        }
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}
