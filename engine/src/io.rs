//! The host's file system, as the evaluator sees it.
//!
//! Every file-system access of an evaluation goes through [`EvalIO`], so a
//! host can sandbox, virtualise or count it. [`StdIO`] is the real file
//! system, optionally with a [`LocalStore`] whose logical store directory
//! is mapped onto a physical root, as a Nix "chroot store"; [`CountingIO`]
//! records every access of another IO.
//!
//! Paths given to an [`EvalIO`] are always *logical*: a store path is
//! `<store dir>/<hash>-<name>` whatever the directory it is kept in on disk.
//! Only the IO knows where that is.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use store::local::LocalStore;
/// The type of a file-system object, as `builtins.readDir`,
/// `builtins.readFileType` and a path filter see it.
pub use store::nar::FileKind as FileType;
/// A file-system object as it goes into the store: what
/// [`EvalIO::add_to_store`] materialises.
pub use store::nar::NarNode;
pub use store::path::StoreDir;

/// File-system access for an evaluation. Paths are absolute and logical:
/// store paths are under the logical store directory.
pub trait EvalIO {
    /// The contents of a file (following symlinks).
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Entries of a directory, in any order, with their types (a symlink is
    /// [`FileType::Symlink`]).
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>>;
    /// The type of a path, without following a final symlink.
    fn file_type(&self, path: &Path) -> io::Result<FileType>;
    /// Whether anything (even a dangling symlink) is at `path`.
    fn path_exists(&self, path: &Path) -> bool {
        self.file_type(path).is_ok()
    }
    /// The target of a symlink, verbatim. An absolute target is logical
    /// too: a symlink in the store to another store path names it by its
    /// logical path.
    fn read_link(&self, path: &Path) -> io::Result<PathBuf>;
    /// Whether a file has its owner-executable bit set (following
    /// symlinks).
    fn is_executable(&self, path: &Path) -> io::Result<bool>;
    /// Materialises the object `contents` at the logical store path
    /// `store_path` (`<store dir>/<hash>-<name>`), atomically: readers never
    /// see it half written. Succeeds if it already exists. The caller has
    /// computed `store_path` from `contents`; an IO that keeps no store
    /// (evaluation that only computes paths) does nothing.
    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()>;
    /// Where the store's objects are written on the host (its physical
    /// store directory, with symlinks resolved), or `None` for an IO that
    /// writes none. Copying a directory that holds it is refused: the copy
    /// would grow with every object it writes.
    fn store_location(&self) -> Option<&Path> {
        None
    }
}

/// The real file system, optionally with a store.
///
/// With a [`LocalStore`] ([`StdIO::with_store`]), paths under its logical
/// store directory are read from its physical directory, and
/// [`EvalIO::add_to_store`] writes objects there (atomically, safely
/// against concurrent writers). Without one ([`StdIO::new`]) every path is
/// read where it is and adding to the store only computes paths, like
/// `nix-instantiate --readonly-mode`: nothing is written, and store paths
/// of objects made by the evaluation do not exist afterwards.
///
/// Only the path text is mapped: the host follows symlinks, so a symlink
/// whose absolute target is in the logical store directory leads to that
/// directory on the host, not below the store's root.
pub struct StdIO {
    store: Option<LocalStore>,
    /// The store's physical directory with symlinks resolved.
    location: Option<PathBuf>,
}

impl StdIO {
    /// Without a store: paths read as they are, and adding to the store only
    /// computes paths (like `nix-instantiate --readonly-mode`).
    pub fn new() -> StdIO {
        StdIO {
            store: None,
            location: None,
        }
    }

    /// With a store that objects are written to and store paths are read
    /// from. The evaluator's store directory
    /// ([`crate::EvaluatorBuilder::store_dir`]) must be the store's logical
    /// directory, or store paths the evaluation makes cannot be added.
    pub fn with_store(store: LocalStore) -> StdIO {
        let location = std::fs::canonicalize(store.physical_dir()).unwrap_or_else(|_| store.physical_dir().to_owned());
        StdIO {
            store: Some(store),
            location: Some(location),
        }
    }

    /// The store, if any.
    pub fn store(&self) -> Option<&LocalStore> {
        self.store.as_ref()
    }

    /// Where a logical path physically lives: inside the store directory
    /// (or the directory itself), below the store's root; anywhere else,
    /// where it is.
    pub fn physical<'a>(&self, path: &'a Path) -> Cow<'a, Path> {
        let (Some(store), Some(text)) = (&self.store, path.to_str()) else {
            return Cow::Borrowed(path);
        };
        if self.is_store_dir(path) {
            return Cow::Owned(store.physical_dir().to_path_buf());
        }
        match store.to_physical(text) {
            Some(p) => Cow::Owned(p),
            None => Cow::Borrowed(path),
        }
    }

    /// Whether `path` is the logical store directory itself.
    fn is_store_dir(&self, path: &Path) -> bool {
        match (&self.store, path.to_str()) {
            (Some(store), Some(text)) => text.trim_end_matches('/') == store.store_dir().as_str(),
            _ => false,
        }
    }
}

impl Default for StdIO {
    fn default() -> Self {
        StdIO::new()
    }
}

impl EvalIO for StdIO {
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        // Not `std::fs::read`: its size hint costs a `statx` per file, and
        // Nix files are small (one read fills the buffer, the next sees the
        // end), which matters when an atom loads thousands of them.
        use std::io::Read;
        let mut file = std::fs::File::open(self.physical(path))?;
        let mut bytes = Vec::with_capacity(16 * 1024);
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        let physical = self.physical(path);
        let in_store_dir = self.is_store_dir(path);
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&physical)? {
            let entry = entry?;
            let name = entry.file_name();
            // Half-written objects are not part of the store.
            if in_store_dir && store::local::is_temporary_name(&name) {
                continue;
            }
            let ft = entry.file_type()?;
            out.push((name.to_string_lossy().into_owned(), convert(ft)));
        }
        Ok(out)
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        Ok(convert(std::fs::symlink_metadata(self.physical(path))?.file_type()))
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::read_link(self.physical(path))
    }

    fn is_executable(&self, path: &Path) -> io::Result<bool> {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(self.physical(path))?.permissions().mode() & 0o100 != 0)
    }

    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let path = store
            .store_dir()
            .parse_path(store_path)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        store.add(&path, contents).map(|_| ())
    }

    fn store_location(&self) -> Option<&Path> {
        self.location.as_deref()
    }
}

fn convert(ft: std::fs::FileType) -> FileType {
    if ft.is_symlink() {
        FileType::Symlink
    } else if ft.is_dir() {
        FileType::Directory
    } else if ft.is_file() {
        FileType::Regular
    } else {
        FileType::Unknown
    }
}

/// One recorded file-system access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// [`EvalIO::read_file`].
    ReadFile(PathBuf),
    /// [`EvalIO::read_dir`].
    ReadDir(PathBuf),
    /// [`EvalIO::file_type`] or [`EvalIO::path_exists`].
    FileType(PathBuf),
    /// [`EvalIO::add_to_store`], with the logical store path.
    AddToStore(String),
}

/// Wraps another IO and records every access, for laziness tests and
/// profiling.
pub struct CountingIO<I> {
    inner: I,
    log: Rc<RefCell<Vec<Access>>>,
}

impl<I: EvalIO> CountingIO<I> {
    /// The wrapper and the log it appends to.
    pub fn new(inner: I) -> (CountingIO<I>, Rc<RefCell<Vec<Access>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        (
            CountingIO {
                inner,
                log: log.clone(),
            },
            log,
        )
    }
}

impl<I: EvalIO> EvalIO for CountingIO<I> {
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.log.borrow_mut().push(Access::ReadFile(path.to_path_buf()));
        self.inner.read_file(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        self.log.borrow_mut().push(Access::ReadDir(path.to_path_buf()));
        self.inner.read_dir(path)
    }
    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        self.log.borrow_mut().push(Access::FileType(path.to_path_buf()));
        self.inner.file_type(path)
    }
    fn path_exists(&self, path: &Path) -> bool {
        self.log.borrow_mut().push(Access::FileType(path.to_path_buf()));
        self.inner.path_exists(path)
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.read_link(path)
    }
    fn is_executable(&self, path: &Path) -> io::Result<bool> {
        self.inner.is_executable(path)
    }
    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        self.log.borrow_mut().push(Access::AddToStore(store_path.to_owned()));
        self.inner.add_to_store(store_path, contents)
    }
    fn store_location(&self) -> Option<&Path> {
        self.inner.store_location()
    }
}
