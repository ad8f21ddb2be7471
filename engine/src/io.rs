//! The host's file system, as the evaluator sees it.
//!
//! Every file-system access of an evaluation goes through [`EvalIO`], so a
//! host can sandbox, virtualise or count it. [`StdIO`] is the real file
//! system with a logical store directory mapped onto a physical root, as a
//! Nix "chroot store"; [`CountingIO`] records every access of another IO.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

// TEMP until the store crate lands: the shape its `store::nar::NarNode`
// is expected to have.
/// A file-system object as it goes into the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NarNode {
    Regular { executable: bool, contents: Vec<u8> },
    Symlink(String),
    Directory(std::collections::BTreeMap<String, NarNode>),
}
pub struct LocalStore;
impl LocalStore { fn physical_path(&self, p: &Path) -> PathBuf { p.to_path_buf() } fn add(&self, _: &str, _: &NarNode) -> io::Result<()> { Ok(()) } }

/// The type of a directory entry, as `builtins.readDir` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    Unknown,
}

impl FileType {
    /// The name `readDir` and `readFileType` use.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Regular => "regular",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Unknown => "unknown",
        }
    }
}

/// File-system access for an evaluation. Paths are absolute and logical:
/// store paths are under the logical store directory.
pub trait EvalIO {
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Entries of a directory, in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>>;
    /// The type of a path, without following a final symlink.
    fn file_type(&self, path: &Path) -> io::Result<FileType>;
    fn path_exists(&self, path: &Path) -> bool {
        self.file_type(path).is_ok()
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf>;
    fn is_executable(&self, path: &Path) -> io::Result<bool>;
    /// Materialises a store object at `store_path` (logical), atomically;
    /// succeeds if it already exists.
    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()>;
}

/// The real file system, with the store mapped to a physical root.
pub struct StdIO {
    store: Option<LocalStore>,
}

impl StdIO {
    /// Without a store: paths read as they are, and adding to the store only
    /// computes paths (like `nix-instantiate --readonly-mode`).
    pub fn new() -> StdIO {
        StdIO { store: None }
    }

    pub fn with_store(store: LocalStore) -> StdIO {
        StdIO { store: Some(store) }
    }

    /// Where a logical path physically lives.
    fn physical(&self, path: &Path) -> PathBuf {
        match &self.store {
            Some(store) => store.physical_path(path),
            None => path.to_path_buf(),
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
        std::fs::read(self.physical(path))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.physical(path))? {
            let entry = entry?;
            let ft = entry.file_type()?;
            out.push((entry.file_name().to_string_lossy().into_owned(), convert(ft)));
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
        Ok(std::fs::metadata(self.physical(path))?.permissions().mode() & 0o111 != 0)
    }

    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        match &self.store {
            Some(store) => store.add(store_path, contents),
            None => Ok(()),
        }
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
    ReadFile(PathBuf),
    ReadDir(PathBuf),
    FileType(PathBuf),
    AddToStore(String),
}

/// Wraps another IO and records every access, for laziness tests and
/// profiling.
pub struct CountingIO<I> {
    inner: I,
    log: Rc<RefCell<Vec<Access>>>,
}

impl<I: EvalIO> CountingIO<I> {
    pub fn new(inner: I) -> (CountingIO<I>, Rc<RefCell<Vec<Access>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        (CountingIO { inner, log: log.clone() }, log)
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
}
