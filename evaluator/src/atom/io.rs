//! The file system atoms are evaluated on: the host's, plus the std atom
//! embedded in the binary, plus a hint for a classic mistake.
//!
//! std is served from memory at [`STD_DIR`], so it is composed by exactly
//! the same code as any atom on disk (its `"${mod}"` copies included), and
//! no install step is needed to find it.

use std::io;
use std::path::{Path, PathBuf};

use engine::io::{EvalIO, FileType, NarNode};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/std_files.rs"));
}

/// Where the embedded std atom appears. The `«»` make it plain in error
/// positions that the file is not on disk.
pub const STD_DIR: &str = "/«atom-eval»/std";

/// The host's IO with the embedded std atom mounted at [`STD_DIR`], and
/// the module copies of a store that keeps nothing readable at their paths.
pub struct AtomIO {
    inner: std::rc::Rc<dyn EvalIO>,
    store_dir: String,
    /// `"${mod}"` store paths and the module directories they were computed
    /// from. A read-only store (plain Nix without `--store-root`) only
    /// computes those paths; reads below them are then served from the
    /// module, minus what the copy leaves out, so `builtins.importAtom`
    /// works there too (`modules-spec/store.md`).
    modules: std::cell::RefCell<Vec<(String, PathBuf)>>,
}

impl AtomIO {
    /// Wraps `inner`; `store_dir` is the logical store directory, used to
    /// recognise relative path literals of module files (which resolve
    /// there, see `modules-spec/relative-paths.md`).
    pub fn new(inner: std::rc::Rc<dyn EvalIO>, store_dir: &str) -> AtomIO {
        AtomIO {
            inner,
            store_dir: store_dir.trim_end_matches('/').to_owned(),
            modules: Default::default(),
        }
    }

    /// Records that `store_path` is the copy of the module in `dir`.
    pub fn remember_module(&self, store_path: &str, dir: &Path) {
        let mut modules = self.modules.borrow_mut();
        if !modules.iter().any(|(p, _)| p == store_path) {
            modules.push((store_path.to_owned(), dir.to_path_buf()));
        }
    }

    /// Where a path below a remembered module copy is in the module, and
    /// whether it is the copy's top level: `None` outside the copies, and
    /// for what the copy leaves out (the module's `.nix` files and
    /// submodule directories).
    fn module_source(&self, path: &Path) -> Option<(PathBuf, bool)> {
        let modules = self.modules.borrow();
        if modules.is_empty() {
            return None;
        }
        let text = path.to_str()?;
        for (store_path, dir) in modules.iter() {
            let rest = match text.strip_prefix(store_path.as_str()) {
                Some("") => return Some((dir.clone(), true)),
                Some(rest) => match rest.strip_prefix('/') {
                    Some(rest) => rest.trim_end_matches('/'),
                    None => continue,
                },
                None => continue,
            };
            let first = dir.join(rest.split('/').next().unwrap_or(rest));
            return (!self.left_out(&first)).then(|| (dir.join(rest), false));
        }
        None
    }

    /// Whether a module's copy leaves this entry of the module out.
    fn left_out(&self, entry: &Path) -> bool {
        let Ok(ty) = self.inner.file_type(entry) else {
            return false;
        };
        let name = entry.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        super::names::left_out_of_copy(&name, super::compose::entry_type(ty), || {
            self.inner.path_exists(&entry.join(super::names::MOD_FILE))
        })
    }

    /// `op` on `path`, or on its module source when the store has nothing
    /// there.
    fn or_module<T>(&self, path: &Path, op: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
        match op(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => match self.module_source(path) {
                Some((source, _)) => op(&source),
                None => Err(e),
            },
            other => other,
        }
    }

    /// The hint for a file that does not exist directly under the store
    /// directory: most likely a relative path literal in a module file.
    fn missing(&self, path: &Path, e: io::Error) -> io::Error {
        if e.kind() != io::ErrorKind::NotFound {
            return e;
        }
        let Some(rest) = path
            .to_str()
            .and_then(|p| p.strip_prefix(&self.store_dir)?.strip_prefix('/'))
        else {
            return e;
        };
        let first = rest.split('/').next().unwrap_or("");
        let is_store_object = first.len() > 33 && first.as_bytes()[32] == b'-';
        if is_store_object || rest.is_empty() {
            return e;
        }
        io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "No such file or directory\n(a relative path in an atom module resolves against the store \
                 directory; use \"${{mod}}/{rest}\" to reach the module's own files)"
            ),
        )
    }
}

/// The embedded std's file at `path`, for readers that do not go through
/// [`AtomIO`] (the static tools): `None` when `path` is not below
/// [`STD_DIR`].
pub fn std_read_file(path: &Path) -> Option<io::Result<&'static [u8]>> {
    let rel = std_relative(path)?;
    Some(match std_file(rel) {
        Some(c) => Ok(c),
        None if std_is_dir(rel) => Err(io::Error::from(io::ErrorKind::IsADirectory)),
        None => Err(not_found()),
    })
}

/// The embedded std's directory at `path`, as [`std_read_file`].
pub fn std_read_dir(path: &Path) -> Option<io::Result<Vec<(String, FileType)>>> {
    let rel = std_relative(path)?;
    if !std_is_dir(rel) {
        return Some(Err(if std_file(rel).is_some() {
            io::Error::from(io::ErrorKind::NotADirectory)
        } else {
            not_found()
        }));
    }
    let mut out: Vec<(String, FileType)> = Vec::new();
    for (p, _) in embedded::FILES {
        let below = if rel.is_empty() {
            Some(*p)
        } else {
            p.strip_prefix(rel).and_then(|r| r.strip_prefix('/'))
        };
        let Some(below) = below else { continue };
        let entry = match below.split_once('/') {
            Some((dir, _)) => (dir.to_owned(), FileType::Directory),
            None => (below.to_owned(), FileType::Regular),
        };
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    Some(Ok(out))
}

/// A path below [`STD_DIR`]: `Some("")` for the mount point itself.
fn std_relative(path: &Path) -> Option<&str> {
    let p = path.to_str()?.strip_prefix(STD_DIR)?;
    if p.is_empty() {
        Some("")
    } else {
        p.strip_prefix('/').map(|p| p.trim_end_matches('/'))
    }
}

fn std_file(rel: &str) -> Option<&'static [u8]> {
    embedded::FILES.iter().find(|(p, _)| *p == rel).map(|(_, c)| *c)
}

fn std_is_dir(rel: &str) -> bool {
    rel.is_empty()
        || embedded::FILES
            .iter()
            .any(|(p, _)| p.strip_prefix(rel).is_some_and(|r| r.starts_with('/')))
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

impl EvalIO for AtomIO {
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        match std_read_file(path) {
            Some(contents) => contents.map(<[u8]>::to_vec),
            None => self
                .or_module(path, |p| self.inner.read_file(p))
                .map_err(|e| self.missing(path, e)),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        if let Some(entries) = std_read_dir(path) {
            return entries;
        }
        match self.inner.read_dir(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let Some((source, top)) = self.module_source(path) else {
                    return Err(e);
                };
                let mut entries = self.inner.read_dir(&source)?;
                // The copy's top level leaves out module files.
                if top {
                    entries.retain(|(name, _)| !self.left_out(&source.join(name)));
                }
                Ok(entries)
            }
            other => other,
        }
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        match std_relative(path) {
            Some(rel) if std_file(rel).is_some() => Ok(FileType::Regular),
            Some(rel) if std_is_dir(rel) => Ok(FileType::Directory),
            Some(_) => Err(not_found()),
            None => self.or_module(path, |p| self.inner.file_type(p)),
        }
    }

    fn path_exists(&self, path: &Path) -> bool {
        match std_relative(path) {
            Some(_) => self.file_type(path).is_ok(),
            None => {
                self.inner.path_exists(path)
                    || self
                        .module_source(path)
                        .is_some_and(|(s, _)| self.inner.path_exists(&s))
            }
        }
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        match std_relative(path) {
            Some(_) => Err(io::Error::from(io::ErrorKind::InvalidInput)),
            None => self.or_module(path, |p| self.inner.read_link(p)),
        }
    }

    fn is_executable(&self, path: &Path) -> io::Result<bool> {
        match std_relative(path) {
            Some(_) => self.file_type(path).map(|_| false),
            None => self.or_module(path, |p| self.inner.is_executable(p)),
        }
    }

    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        self.inner.add_to_store(store_path, contents)
    }

    fn store_location(&self) -> Option<&Path> {
        self.inner.store_location()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io() -> AtomIO {
        AtomIO::new(std::rc::Rc::new(engine::io::StdIO::new()), "/nix/store")
    }

    #[test]
    fn std_is_mounted() {
        let io = io();
        let root = Path::new(STD_DIR);
        let entries = io.read_dir(root).unwrap();
        assert!(entries.contains(&("atom.toml".into(), FileType::Regular)));
        assert!(entries.contains(&("Set".into(), FileType::Directory)));
        assert_eq!(io.file_type(&root.join("Set")).unwrap(), FileType::Directory);
        assert!(io.read_file(&root.join("mod.nix")).is_ok());
        assert!(io.read_file(&root.join("nope.nix")).is_err());
        assert!(!io.path_exists(&root.join("Set/nope")));
        assert!(io.path_exists(&root.join("Set/mod.nix")));
    }

    #[test]
    fn relative_paths_get_a_hint() {
        let e = io().read_file(Path::new("/nix/store/data.txt")).unwrap_err();
        assert!(e.to_string().contains("\"${mod}/data.txt\""), "{e}");
        let e = io()
            .read_file(Path::new("/nix/store/00000000000000000000000000000000-x/y"))
            .unwrap_err();
        assert!(!e.to_string().contains("${mod}"), "{e}");
    }
}
