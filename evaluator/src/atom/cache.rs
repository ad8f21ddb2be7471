//! Where `ls` and `check` get a file's [`FileFacts`] and a directory's
//! entries, read now or kept from an earlier run, and where they keep
//! their whole output for an atom that has not changed since.
//!
//! Parsing is almost all of what introspection costs, and it is the same
//! parse that evaluation does, so without a cache `check` could never be
//! much faster than `eval`. The cache keeps each file's facts, and each
//! directory's entries, with its stat stamp (size, mtime, ctime, inode) and
//! the BLAKE3 hash of its bytes (for files), in one file per atom under
//! `$XDG_CACHE_HOME/atom-eval/facts/`.
//!
//! An entry is reused without reading when the stamp is unchanged and its
//! ctime was more than [`RACY_SECONDS`] older than the run that recorded
//! the entry (git's "racy" rule: a write in the same clock tick as that run
//! could leave the stamp unchanged). Otherwise the file or directory is
//! read again; a file's facts are still reused when its hash is the same.
//! A directory's stamp changes whenever an entry is added, removed or
//! renamed, which is all its listing records.
//!
//! An output (what a command printed) is kept with the entries of every
//! path the run looked up, its inputs. When each input's stamp is trusted
//! again, nothing the output depends on has changed, and it is reused
//! after one `stat` per input. A run in which some lookup failed keeps no
//! output: what it depends on is not all recorded.
//!
//! The cache is written to a temporary file and renamed into place, so it
//! is never half-written; a missing, unreadable or foreign-version cache is
//! ignored, and a cache that cannot be written is not an error. Within one
//! run every path is looked at once, cache or not.

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::facts::FileFacts;
use super::names::EntryType;

/// How much older than a run a file's ctime must be for the run's stamp
/// of it to be trusted.
pub const RACY_SECONDS: i64 = 2;

/// Bumped whenever [`FileFacts`] or their computation change.
const FORMAT: &str = "atom-eval facts 8";

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
    /// A file's facts.
    File(Arc<FileFacts>),
    /// A directory's entries.
    Dir(Arc<Listing>),
    /// A file whose bytes an output depends on (the manifest).
    Tracked,
}

/// What a lookup wants.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Facts,
    Listing,
    Tracked,
}

impl Value {
    fn is(&self, want: Want) -> bool {
        match self {
            Value::File(_) => want == Want::Facts,
            Value::Dir(_) => want == Want::Listing,
            Value::Tracked => want == Want::Tracked,
        }
    }
}

/// A directory's entries, sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// Each entry's name and kind.
    pub entries: Vec<(String, EntryType)>,
}

impl Listing {
    /// Whether the directory has an entry `name` (of any kind).
    pub fn has(&self, name: &str) -> bool {
        self.entries.binary_search_by(|(n, _)| n.as_str().cmp(name)).is_ok()
    }
}

/// How a path's cached value was recorded.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Header {
    stamp: Stamp,
    /// When the run that took the stamp started (seconds since the epoch).
    checked: i64,
    /// The BLAKE3 hash of a file's bytes; zero for a directory.
    hash: Hash,
}

/// A BLAKE3 hash, written as one block of bytes (serde writes an array
/// element by element, which was half of the time to read a cache).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hash([u8; 32]);

impl Serialize for Hash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = <&[u8]>::deserialize(deserializer)?;
        bytes
            .try_into()
            .map(Hash)
            .map_err(|_| serde::de::Error::invalid_length(bytes.len(), &"32 bytes"))
    }
}

impl Header {
    fn trusted(&self, stamp: &Stamp) -> bool {
        self.stamp == *stamp && self.stamp.ctime.0.saturating_add(RACY_SECONDS) < self.checked
    }
}

/// The cache file: the build that wrote it, entries by path relative to
/// the atom, and outputs by name with the indices of their input entries.
/// Each value is encoded on its own, so that a run decodes only the values
/// it uses (`ls` needs none of the member files').
#[derive(Serialize, Deserialize)]
struct CacheFile<'a> {
    build: &'a str,
    #[serde(borrow)]
    entries: Vec<(&'a str, Header, Bytes<'a>)>,
    #[serde(borrow)]
    outputs: Vec<(&'a str, Vec<u32>, Bytes<'a>)>,
}

/// Bytes written as one block: serde writes a plain `&[u8]` byte by byte,
/// as a sequence.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'a [u8]>::deserialize(deserializer).map(Bytes)
    }
}

/// File facts, directory listings and outputs for one atom.
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
    /// Its entries, in file order: where each value's encoding is in
    /// `bytes`.
    old: Vec<(Arc<str>, Header, Range<usize>)>,
    /// Index in `old` by key.
    index: FxHashMap<Arc<str>, usize>,
    /// Its outputs: input indices in `old`, and where the output is in
    /// `bytes`.
    outputs: FxHashMap<String, (Vec<u32>, Range<usize>)>,
    /// Stamps already taken in this run, by index in `old`.
    stamps: OnceLock<FxHashMap<usize, Stamp>>,
    /// What this run looked up and made.
    used: Mutex<Used>,
}

#[derive(Default)]
struct Used {
    entries: FxHashMap<Arc<str>, Fresh>,
    /// Whether any entry had to be (re)computed or re-stamped.
    changed: bool,
    /// Whether a lookup failed (its path is not an input of anything).
    failed: bool,
    /// Outputs made in this run, with their inputs.
    outputs: Vec<(String, Vec<Arc<str>>, Vec<u8>)>,
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
        type Old = Vec<(Arc<str>, Header, Range<usize>)>;
        let (old, outputs): (Old, FxHashMap<_, _>) = match postcard::from_bytes::<CacheFile>(&bytes) {
            Ok(cache) if cache.build == build => {
                let base = bytes.as_ptr() as usize;
                let range = |b: &[u8]| {
                    let start = b.as_ptr() as usize - base;
                    start..start + b.len()
                };
                let old: Old = cache
                    .entries
                    .into_iter()
                    .map(|(key, header, value)| (Arc::from(key), header, range(value.0)))
                    .collect();
                let outputs = cache
                    .outputs
                    .into_iter()
                    .filter(|(_, inputs, _)| inputs.iter().all(|&i| (i as usize) < old.len()))
                    .map(|(name, inputs, value)| (name.to_owned(), (inputs, range(value.0))))
                    .collect();
                (old, outputs)
            }
            _ => Default::default(),
        };
        let index = old.iter().enumerate().map(|(i, (k, _, _))| (k.clone(), i)).collect();
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
                index,
                outputs,
                stamps: OnceLock::new(),
                used: Mutex::default(),
            }),
        }
    }

    /// The facts of the file at `path`: an error when it cannot be read
    /// (or is not UTF-8).
    pub fn facts(&self, path: &Path) -> std::io::Result<Arc<FileFacts>> {
        match self.lookup(path, Want::Facts)? {
            Value::File(facts) => Ok(facts),
            _ => Err(std::io::Error::from(std::io::ErrorKind::IsADirectory)),
        }
    }

    /// The entries of the directory at `path`.
    pub fn listing(&self, path: &Path) -> std::io::Result<Arc<Listing>> {
        match self.lookup(path, Want::Listing)? {
            Value::Dir(listing) => Ok(listing),
            _ => Err(std::io::Error::from(std::io::ErrorKind::NotADirectory)),
        }
    }

    /// Records that this run's output depends on the bytes of the file at
    /// `path`, read by other means.
    pub fn track(&self, path: &Path) {
        let _ = self.lookup(path, Want::Tracked);
    }

    /// Serves `facts` for the file at `path` instead of its bytes on disk:
    /// the language server's unsaved buffers. Only for a cache that keeps
    /// nothing ([`FactCache::uncached`]), so no buffer reaches the disk.
    pub fn overlay(&self, path: &Path, facts: Arc<FileFacts>) {
        debug_assert!(self.disk.is_none(), "overlays are for uncached runs");
        self.memo
            .lock()
            .expect("no poisoning")
            .insert(path.as_os_str().to_owned(), Value::File(facts));
    }

    /// Forgets what this run knows of `path`, so that it is read again
    /// (a file saved, created, renamed or deleted under a long-lived cache).
    pub fn forget(&self, path: &Path) {
        self.memo.lock().expect("no poisoning").remove(path.as_os_str());
    }

    fn lookup(&self, path: &Path, want: Want) -> std::io::Result<Value> {
        if let Some(v) = self.memo.lock().expect("no poisoning").get(path.as_os_str()) {
            return Ok(v.clone());
        }
        let value = match &self.disk {
            Some(disk) => match crate::support::paths::below(&disk.root, path) {
                Some(key) => disk.lookup(key, path, want),
                None => {
                    // Not below the atom: not recorded, so not an input.
                    disk.used.lock().expect("no poisoning").failed = true;
                    read(path, want)
                }
            },
            None => read(path, want),
        };
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                if let Some(disk) = &self.disk {
                    disk.used.lock().expect("no poisoning").failed = true;
                }
                return Err(e);
            }
        };
        self.memo
            .lock()
            .expect("no poisoning")
            .insert(path.as_os_str().to_owned(), value.clone());
        Ok(value)
    }

    /// The output kept as `name`, if nothing it depends on has changed.
    /// When something has, the stamps taken serve this run's lookups.
    pub fn output(&self, name: &str) -> Option<&[u8]> {
        let disk = self.disk.as_ref()?;
        let (inputs, range) = disk.outputs.get(name)?;
        let stamps = crate::support::par::parallel_map(inputs, |&i| {
            let (key, _, _) = &disk.old[i as usize];
            std::fs::metadata(disk.root.join(&**key)).ok().map(|m| Stamp::of(&m))
        });
        let unchanged = inputs
            .iter()
            .zip(&stamps)
            .all(|(&i, stamp)| stamp.is_some_and(|s| disk.old[i as usize].1.trusted(&s)));
        if unchanged {
            return Some(&disk.bytes[range.clone()]);
        }
        let taken = inputs
            .iter()
            .zip(stamps)
            .filter_map(|(&i, s)| Some((i as usize, s?)))
            .collect();
        let _ = disk.stamps.set(taken);
        None
    }

    /// Keeps `bytes` as the output `name` of this run, depending on every
    /// path looked up so far.
    pub fn set_output(&self, name: &str, bytes: Vec<u8>) {
        let Some(disk) = &self.disk else { return };
        let mut used = disk.used.lock().expect("no poisoning");
        if used.failed {
            return;
        }
        let inputs = used.entries.keys().cloned().collect();
        used.outputs.push((name.to_owned(), inputs, bytes));
    }

    /// Writes the cache back if this run learnt something. With `whole`
    /// (the run looked at every file of the atom), entries of paths it did
    /// not see are dropped; otherwise they are kept.
    pub fn save(&self, whole: bool) {
        let Some(disk) = &self.disk else { return };
        let used = disk.used.lock().expect("no poisoning");
        let stale = whole && used.entries.len() != disk.old.len();
        if !used.changed && !stale && used.outputs.is_empty() {
            return;
        }
        let new: Vec<(Arc<str>, Header, Vec<u8>)> = used
            .entries
            .iter()
            .filter_map(|(k, f)| match f {
                Fresh::New(header, value) => Some((k.clone(), *header, postcard::to_stdvec(value).ok()?)),
                Fresh::Kept => None,
            })
            .collect();
        let kept = disk
            .old
            .iter()
            .filter(|(k, _, _)| match used.entries.get(k) {
                Some(Fresh::Kept) => true,
                Some(Fresh::New(..)) => false,
                None => !whole,
            })
            .map(|(k, header, range)| (k.clone(), *header, &disk.bytes[range.clone()]));
        let entries: Vec<(Arc<str>, Header, &[u8])> = new
            .iter()
            .map(|(k, h, v)| (k.clone(), *h, v.as_slice()))
            .chain(kept)
            .collect();
        let position: FxHashMap<&str, u32> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, _, _))| (&**k, i as u32))
            .collect();
        let indices = |keys: &mut dyn Iterator<Item = &str>| -> Option<Vec<u32>> {
            keys.map(|k| position.get(k).copied()).collect()
        };
        let mut outputs: Vec<(&str, Vec<u32>, Bytes)> = Vec::new();
        for (name, inputs, bytes) in &used.outputs {
            if let Some(inputs) = indices(&mut inputs.iter().map(|k| &**k)) {
                outputs.push((name, inputs, Bytes(bytes)));
            }
        }
        // Older outputs stay while all their inputs are still entries.
        for (name, (inputs, range)) in &disk.outputs {
            if used.outputs.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            if let Some(inputs) = indices(&mut inputs.iter().map(|&i| &*disk.old[i as usize].0)) {
                outputs.push((name, inputs, Bytes(&disk.bytes[range.clone()])));
            }
        }
        let cache = CacheFile {
            build: &disk.build,
            entries: entries.iter().map(|(k, h, v)| (&**k, *h, Bytes(v))).collect(),
            outputs,
        };
        if let Ok(bytes) = postcard::to_stdvec(&cache) {
            let _ = write_atomically(&disk.file, &bytes);
        }
    }
}

impl Disk {
    /// The old entry of `key`, decoded, if it is of the wanted kind.
    fn old(&self, key: &str, want: Want) -> Option<(Header, Value)> {
        let (_, header, range) = &self.old[*self.index.get(key)?];
        let value: Value = postcard::from_bytes(&self.bytes[range.clone()]).ok()?;
        value.is(want).then_some((*header, value))
    }

    fn lookup(&self, key: &str, path: &Path, want: Want) -> std::io::Result<Value> {
        let taken = self.stamps.get().and_then(|t| t.get(self.index.get(key)?));
        let stamp = match taken {
            Some(stamp) => *stamp,
            None => Stamp::of(&std::fs::metadata(path)?),
        };
        let old = self.old(key, want);
        let key: Arc<str> = match self.index.get_key_value(key) {
            Some((k, _)) => k.clone(),
            None => Arc::from(key),
        };
        if let Some((_, value)) = old.as_ref().filter(|(h, _)| h.trusted(&stamp)) {
            let mut used = self.used.lock().expect("no poisoning");
            used.entries.insert(key, Fresh::Kept);
            return Ok(value.clone());
        }
        let (hash, value) = match want {
            Want::Listing => (Hash([0; 32]), read(path, want)?),
            Want::Facts | Want::Tracked => {
                let bytes = std::fs::read(path)?;
                let hash = Hash(*blake3::hash(&bytes).as_bytes());
                match old.filter(|(h, _)| h.hash == hash) {
                    Some((_, value)) => (hash, value),
                    None if want == Want::Tracked => (hash, Value::Tracked),
                    None => (hash, Value::File(Arc::new(FileFacts::of(&utf8(bytes)?)))),
                }
            }
        };
        let header = Header {
            stamp,
            checked: self.now,
            hash,
        };
        let mut used = self.used.lock().expect("no poisoning");
        used.entries.insert(key, Fresh::New(header, value.clone()));
        used.changed = true;
        Ok(value)
    }
}

/// The text of a source file: std's from the binary (below
/// [`STD_DIR`](crate::atom::io::STD_DIR)), others from disk.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    match crate::atom::io::std_read_file(path) {
        Some(contents) => utf8(contents?.to_vec()),
        None => utf8(std::fs::read(path)?),
    }
}

/// Reads a directory's entries or a file's facts; std's from the binary.
fn read(path: &Path, want: Want) -> std::io::Result<Value> {
    match want {
        Want::Facts => return Ok(Value::File(Arc::new(FileFacts::of(&read_text(path)?)))),
        Want::Tracked => return std::fs::metadata(path).map(|_| Value::Tracked),
        Want::Listing => {}
    }
    if let Some(entries) = crate::atom::io::std_read_dir(path) {
        use engine::io::FileType;
        let mut entries: Vec<(String, EntryType)> = entries?
            .into_iter()
            .map(|(name, t)| {
                let kind = match t {
                    FileType::Directory => EntryType::Directory,
                    FileType::Regular => EntryType::File,
                    _ => EntryType::Other,
                };
                (name, kind)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        return Ok(Value::Dir(Arc::new(Listing { entries })));
    }
    let mut entries: Vec<(String, EntryType)> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok())
        .map(|e| {
            let kind = match e.file_type() {
                Ok(t) if t.is_dir() => EntryType::Directory,
                Ok(t) if t.is_file() => EntryType::File,
                _ => EntryType::Other,
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
