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

/// The host's IO with the embedded std atom mounted at [`STD_DIR`].
pub struct AtomIO {
    inner: std::rc::Rc<dyn EvalIO>,
    store_dir: String,
}

impl AtomIO {
    /// Wraps `inner`; `store_dir` is the logical store directory, used to
    /// recognise relative path literals of module files (which resolve
    /// there, see `modules-spec/relative-paths.md`).
    pub fn new(inner: std::rc::Rc<dyn EvalIO>, store_dir: &str) -> AtomIO {
        AtomIO {
            inner,
            store_dir: store_dir.trim_end_matches('/').to_owned(),
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

/// The embedded std atom as real files, for tools that read sources
/// statically (the REPL's `:doc`, `:ls` of std): extracted once into
/// `CACHE/atom-eval/std-HASH` (HASH of the embedded contents), atomically,
/// so concurrent extractions never expose a partial copy.
pub fn std_on_disk(cache: &Path) -> io::Result<PathBuf> {
    let mut hasher = store::hash::HashAlgo::Sha256.hasher();
    for (path, contents) in embedded::FILES {
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        hasher.update(&(contents.len() as u64).to_le_bytes());
        hasher.update(contents);
    }
    let hash = hasher.finish().to_nix32();
    let dir = cache.join(format!("std-{}", &hash[..16]));
    if dir.join("atom.toml").is_file() {
        return Ok(dir);
    }
    std::fs::create_dir_all(cache)?;
    let tmp = cache.join(format!(".std-tmp-{}-{}", std::process::id(), &hash[..16]));
    let _ = std::fs::remove_dir_all(&tmp);
    for (path, contents) in embedded::FILES {
        let file = tmp.join(path);
        std::fs::create_dir_all(file.parent().expect("below tmp"))?;
        std::fs::write(&file, contents)?;
    }
    match std::fs::rename(&tmp, &dir) {
        Ok(()) => Ok(dir),
        // Another process extracted it first.
        Err(_) if dir.join("atom.toml").is_file() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(dir)
        }
        Err(e) => Err(e),
    }
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
        match std_relative(path) {
            Some(rel) => match std_file(rel) {
                Some(c) => Ok(c.to_vec()),
                None if std_is_dir(rel) => Err(io::Error::from(io::ErrorKind::IsADirectory)),
                None => Err(not_found()),
            },
            None => self.inner.read_file(path).map_err(|e| self.missing(path, e)),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        let Some(rel) = std_relative(path) else {
            return self.inner.read_dir(path);
        };
        if !std_is_dir(rel) {
            return Err(if std_file(rel).is_some() {
                io::Error::from(io::ErrorKind::NotADirectory)
            } else {
                not_found()
            });
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
        Ok(out)
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        match std_relative(path) {
            Some(rel) if std_file(rel).is_some() => Ok(FileType::Regular),
            Some(rel) if std_is_dir(rel) => Ok(FileType::Directory),
            Some(_) => Err(not_found()),
            None => self.inner.file_type(path),
        }
    }

    fn path_exists(&self, path: &Path) -> bool {
        match std_relative(path) {
            Some(_) => self.file_type(path).is_ok(),
            None => self.inner.path_exists(path),
        }
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        match std_relative(path) {
            Some(_) => Err(io::Error::from(io::ErrorKind::InvalidInput)),
            None => self.inner.read_link(path),
        }
    }

    fn is_executable(&self, path: &Path) -> io::Result<bool> {
        match std_relative(path) {
            Some(_) => self.file_type(path).map(|_| false),
            None => self.inner.is_executable(path),
        }
    }

    fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
        self.inner.add_to_store(store_path, contents)
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
    fn std_extracts_to_disk() {
        let cache = tempfile_dir();
        let dir = std_on_disk(&cache).unwrap();
        assert_eq!(std_on_disk(&cache).unwrap(), dir);
        for (path, contents) in embedded::FILES {
            assert_eq!(std::fs::read(dir.join(path)).unwrap(), *contents);
        }
        std::fs::remove_dir_all(&cache).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("atom-eval-std-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
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
