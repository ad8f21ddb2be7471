//! Where `ls` and `check` get a file's [`FileFacts`] and a directory's
//! entries: read now, or kept from an earlier run.
//!
//! Parsing is almost all of what introspection costs, and it is the same
//! parse that evaluation does, so without a cache `check` could never be
//! much faster than `eval`. The cache keeps each file's facts, and each
//! directory's entries, with its stat stamp (size, mtime, ctime, inode) and
//! the BLAKE3 hash of its bytes (for files), in one file per atom under
//! `$XDG_CACHE_HOME/atom-eval/facts/`. An unchanged atom then costs one
//! `stat` per file and directory.
//!
//! An entry is reused without reading when the stamp is unchanged and its
//! ctime was more than [`RACY_SECONDS`] older than the run that recorded
//! the entry (git's "racy" rule: a write in the same clock tick as that run
//! could leave the stamp unchanged). Otherwise the file or directory is
//! read again; a file's facts are still reused when its hash is the same.
//! A directory's stamp changes whenever an entry is added, removed or
//! renamed, which is all its listing records.
//!
//! The cache is written to a temporary file and renamed into place, so it
//! is never half-written; a missing, unreadable or foreign-version cache is
//! ignored, and a cache that cannot be written is not an error. Within one
//! run every path is looked at once, cache or not.

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::facts::FileFacts;

/// How much older than a run a file's ctime must be for the run's stamp
/// of it to be trusted.
pub const RACY_SECONDS: i64 = 2;

/// Bumped whenever [`FileFacts`] or their computation change.
const FORMAT: &str = "atom-eval facts 3";

/// The stat fields that change when a file is written or replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// Elsewhere there is no ctime: the stamp is never trusted, and the
    /// hash decides.
    #[cfg(not(unix))]
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            mtime: (0, 0),
            ctime: (i64::MAX, 0),
            ino: 0,
            dev: 0,
        }
    }
}

/// What is known about a path.
#[derive(Clone, Debug, Serialize, Deserialize)]
enum Value {
    File(Arc<FileFacts>),
    Dir(Arc<Listing>),
}

/// A directory's entries, sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// Each entry's name and kind.
    pub entries: Vec<(String, Kind)>,
}

impl Listing {
    /// Whether the directory has an entry `name` (of any kind).
    pub fn has(&self, name: &str) -> bool {
        self.entries.binary_search_by(|(n, _)| n.as_str().cmp(name)).is_ok()
    }
}

/// A directory entry's type, as `readDir` reports it (symlinks are not
/// followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file.
    File,
    /// A symlink or anything else.
    Other,
}

/// How a path's cached value was recorded.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Header {
    stamp: Stamp,
    /// When the run that took the stamp started (seconds since the epoch).
    checked: i64,
    /// The BLAKE3 hash of a file's bytes; zero for a directory.
    hash: [u8; 32],
}

impl Header {
    fn trusted(&self, stamp: &Stamp) -> bool {
        self.stamp == *stamp && self.stamp.ctime.0.saturating_add(RACY_SECONDS) < self.checked
    }
}

/// The cache file: the build that wrote it, and entries by path relative
/// to the atom. Each value is encoded on its own, so that a run decodes
/// only the values it uses (`ls` needs none of the member files').
#[derive(Serialize, Deserialize)]
struct CacheFile<'a> {
    build: &'a str,
    #[serde(borrow)]
    entries: Vec<(&'a str, Header, &'a [u8])>,
}

/// File facts and directory listings for one atom.
pub struct FactCache {
    /// This run's answers, by path (as bytes: `Path`'s own hash parses
    /// components, which showed in profiles).
    memo: Mutex<FxHashMap<OsString, Value>>,
    /// The entries kept between runs, if they are.
    disk: Option<Disk>,
}

struct Disk {
    /// The atom's directory, which keys are relative to.
    root: PathBuf,
    /// The cache file.
    file: PathBuf,
    build: String,
    /// When this run started.
    now: i64,
    /// The cache file as read.
    bytes: Vec<u8>,
    /// Its entries: where each value's encoding is in `bytes`.
    old: FxHashMap<String, (Header, Range<usize>)>,
    /// The entries of paths looked up in this run.
    used: Mutex<Used>,
}

#[derive(Default)]
struct Used {
    entries: FxHashMap<String, Fresh>,
    /// Whether any entry had to be (re)computed or re-stamped.
    changed: bool,
}

/// A path's entry after this run.
enum Fresh {
    /// The old entry holds.
    Kept,
    /// A new entry.
    New(Header, Value),
}

impl FactCache {
    /// Reads and parses everything afresh (once per run), keeping nothing.
    pub fn uncached() -> FactCache {
        FactCache {
            memo: Mutex::default(),
            disk: None,
        }
    }

    /// The cache of the atom in `root`, kept under `cache_dir` (default:
    /// the user's cache directory).
    pub fn open(root: &Path, cache_dir: Option<&Path>) -> FactCache {
        let dir = match cache_dir {
            Some(d) => d.to_path_buf(),
            None => match dirs::cache_dir() {
                Some(c) => c.join("atom-eval").join("facts"),
                None => return FactCache::uncached(),
            },
        };
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let name = blake3::hash(canonical.as_os_str().as_encoded_bytes()).to_hex();
        let file = dir.join(&name[..32]);
        let build = build_id();
        let bytes = std::fs::read(&file).unwrap_or_default();
        let old = match postcard::from_bytes::<CacheFile>(&bytes) {
            Ok(cache) if cache.build == build => {
                let base = bytes.as_ptr() as usize;
                cache
                    .entries
                    .into_iter()
                    .map(|(key, header, value)| {
                        let start = value.as_ptr() as usize - base;
                        (key.to_owned(), (header, start..start + value.len()))
                    })
                    .collect()
            }
            _ => FxHashMap::default(),
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        FactCache {
            memo: Mutex::default(),
            disk: Some(Disk {
                root: root.to_path_buf(),
                file,
                build,
                now,
                bytes,
                old,
                used: Mutex::default(),
            }),
        }
    }

    /// The facts of the file at `path`: an error when it cannot be read
    /// (or is not UTF-8).
    pub fn facts(&self, path: &Path) -> std::io::Result<Arc<FileFacts>> {
        match self.lookup(path, false)? {
            Value::File(facts) => Ok(facts),
            Value::Dir(_) => Err(std::io::Error::from(std::io::ErrorKind::IsADirectory)),
        }
    }

    /// The entries of the directory at `path`.
    pub fn listing(&self, path: &Path) -> std::io::Result<Arc<Listing>> {
        match self.lookup(path, true)? {
            Value::Dir(listing) => Ok(listing),
            Value::File(_) => Err(std::io::Error::from(std::io::ErrorKind::NotADirectory)),
        }
    }

    fn lookup(&self, path: &Path, dir: bool) -> std::io::Result<Value> {
        if let Some(v) = self.memo.lock().expect("no poisoning").get(path.as_os_str()) {
            return Ok(v.clone());
        }
        let value = match &self.disk {
            Some(disk) => match super::tree::below(&disk.root, path) {
                Some(key) => disk.lookup(key, path, dir)?,
                None => read(path, dir)?,
            },
            None => read(path, dir)?,
        };
        self.memo
            .lock()
            .expect("no poisoning")
            .insert(path.as_os_str().to_owned(), value.clone());
        Ok(value)
    }

    /// Writes the cache back if this run learnt something. With `whole`
    /// (the run looked at every file of the atom), entries of paths it did
    /// not see are dropped; otherwise they are kept.
    pub fn save(&self, whole: bool) {
        let Some(disk) = &self.disk else { return };
        let used = disk.used.lock().expect("no poisoning");
        let stale = whole && used.entries.len() != disk.old.len();
        if !used.changed && !stale {
            return;
        }
        let new: Vec<(&str, Header, Vec<u8>)> = used
            .entries
            .iter()
            .filter_map(|(k, f)| match f {
                Fresh::New(header, value) => Some((k.as_str(), *header, postcard::to_stdvec(value).ok()?)),
                Fresh::Kept => None,
            })
            .collect();
        let kept = disk
            .old
            .iter()
            .filter(|(k, _)| match used.entries.get(*k) {
                Some(Fresh::Kept) => true,
                Some(Fresh::New(..)) => false,
                None => !whole,
            })
            .map(|(k, (header, range))| (k.as_str(), *header, &disk.bytes[range.clone()]));
        let cache = CacheFile {
            build: &disk.build,
            entries: new.iter().map(|(k, h, v)| (*k, *h, v.as_slice())).chain(kept).collect(),
        };
        if let Ok(bytes) = postcard::to_stdvec(&cache) {
            let _ = write_atomically(&disk.file, &bytes);
        }
    }
}

impl Disk {
    /// The old entry of `key`, decoded, if it is of the wanted kind.
    fn old(&self, key: &str, dir: bool) -> Option<(Header, Value)> {
        let (header, range) = self.old.get(key)?;
        let value: Value = postcard::from_bytes(&self.bytes[range.clone()]).ok()?;
        (matches!(value, Value::Dir(_)) == dir).then_some((*header, value))
    }

    fn lookup(&self, key: &str, path: &Path, dir: bool) -> std::io::Result<Value> {
        let stamp = Stamp::of(&std::fs::metadata(path)?);
        let old = self.old(key, dir);
        if let Some((_, value)) = old.as_ref().filter(|(h, _)| h.trusted(&stamp)) {
            let mut used = self.used.lock().expect("no poisoning");
            used.entries.insert(key.to_owned(), Fresh::Kept);
            return Ok(value.clone());
        }
        let (hash, value) = if dir {
            ([0; 32], read(path, true)?)
        } else {
            let bytes = std::fs::read(path)?;
            let hash = *blake3::hash(&bytes).as_bytes();
            match old.filter(|(h, _)| h.hash == hash) {
                Some((_, value)) => (hash, value),
                None => (hash, Value::File(Arc::new(FileFacts::of(&utf8(bytes)?)))),
            }
        };
        let header = Header {
            stamp,
            checked: self.now,
            hash,
        };
        let mut used = self.used.lock().expect("no poisoning");
        used.entries.insert(key.to_owned(), Fresh::New(header, value.clone()));
        used.changed = true;
        Ok(value)
    }
}

/// Reads a directory's entries or a file's facts.
fn read(path: &Path, dir: bool) -> std::io::Result<Value> {
    if !dir {
        return Ok(Value::File(Arc::new(FileFacts::of(&utf8(std::fs::read(path)?)?))));
    }
    let mut entries: Vec<(String, Kind)> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok())
        .map(|e| {
            let kind = match e.file_type() {
                Ok(t) if t.is_dir() => Kind::Dir,
                Ok(t) if t.is_file() => Kind::File,
                _ => Kind::Other,
            };
            (e.file_name().to_string_lossy().into_owned(), kind)
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::Dir(Arc::new(Listing { entries })))
}

fn utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Writes `bytes` to a temporary file next to `file`, then renames it over
/// `file`.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        file.file_name().and_then(|n| n.to_str()).unwrap_or("facts"),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What must match for a cache to be read: the format, the version, and
/// the executable itself (a rebuild may compute facts differently).
fn build_id() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{:?}", Stamp::of(&m)))
        .unwrap_or_default();
    format!("{FORMAT} {} {exe}", env!("CARGO_PKG_VERSION"))
}
