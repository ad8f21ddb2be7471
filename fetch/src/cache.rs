//! The fetch index: which store path a fetch without a fixed hash or
//! revision produced, so it is answered again without the network (within
//! the TTL, or always when offline).
//!
//! One small text file per request under `<cache>/index/`, named by the
//! SHA-256 of the request, written to a temporary and renamed so readers
//! never see half an entry. An entry is only believed while its store path
//! exists. Requests with a fixed hash need no entry: their store path is
//! computed before fetching.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use store::hash::Hash;
use store::local::LocalStore;
use store::path::StorePath;

use crate::Error;

/// A request, as the index names it.
#[derive(Clone, Debug)]
pub struct Key(String);

impl Key {
    /// A key from the kind of fetch and its identifying fields.
    pub fn new(kind: &str, fields: &[&str]) -> Key {
        let mut s = kind.to_owned();
        for f in fields {
            s.push('\0');
            s.push_str(f);
        }
        Key(s)
    }

    fn file(&self, cache_dir: &Path) -> PathBuf {
        cache_dir.join("index").join(Hash::sha256(self.0.as_bytes()).to_nix32())
    }
}

/// A remembered fetch.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Its store path (present in the store).
    pub path: StorePath,
    /// `lastModified`, for trees that have one.
    pub last_modified: Option<i64>,
    /// Extra fields the fetch kind stores (a git revision).
    pub extra: Vec<(String, String)>,
}

/// The entry for `key` whose store path still exists, if it was written
/// at most `max_age` ago (`None`: any age).
pub fn lookup(
    cache_dir: &Path,
    key: &Key,
    store: &LocalStore,
    max_age: Option<Duration>,
) -> Result<Option<Hit>, Error> {
    let file = key.file(cache_dir);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&file, e)),
    };
    if let Some(max) = max_age {
        let age = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        if age.is_none_or(|a| a > max) {
            return Ok(None);
        }
    }
    let mut path = None;
    let mut last_modified = None;
    let mut extra = Vec::new();
    for line in text.lines() {
        let Some((k, v)) = line.split_once(' ') else { continue };
        match k {
            "path" => path = StorePath::from_base_name(v).ok(),
            "lastModified" => last_modified = v.parse().ok(),
            "key" => {}
            _ => extra.push((k.to_owned(), v.to_owned())),
        }
    }
    // A damaged entry is a miss, not an error: the fetch runs again.
    Ok(path.filter(|p| store.contains(p)).map(|path| Hit {
        path,
        last_modified,
        extra,
    }))
}

/// Records that `key` produced `path`.
pub fn store(cache_dir: &Path, key: &Key, path: &StorePath) -> Result<(), Error> {
    store_with(cache_dir, key, path, None)
}

/// Records that `key` produced `path`, with `lastModified`.
pub fn store_with(cache_dir: &Path, key: &Key, path: &StorePath, last_modified: Option<i64>) -> Result<(), Error> {
    store_full(cache_dir, key, path, last_modified, &[])
}

/// Records an entry with extra fields.
pub fn store_full(
    cache_dir: &Path,
    key: &Key,
    path: &StorePath,
    last_modified: Option<i64>,
    extra: &[(&str, &str)],
) -> Result<(), Error> {
    let file = key.file(cache_dir);
    let dir = file.parent().expect("index file has a parent");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut text = format!("key {}\npath {path}\n", key.0.replace(['\0', '\n'], " "));
    if let Some(t) = last_modified {
        text.push_str(&format!("lastModified {t}\n"));
    }
    for (k, v) in extra {
        text.push_str(&format!("{k} {v}\n"));
    }
    write_atomic(&file, text.as_bytes())
}

/// Writes `file` through a temporary in the same directory and a rename.
pub(crate) fn write_atomic(file: &Path, contents: &[u8]) -> Result<(), Error> {
    // Unique per process and call: threads of one process may write the
    // same entry at once.
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = file.with_extension(format!("tmp-{}-{n}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| Error::io(file, e))
}
