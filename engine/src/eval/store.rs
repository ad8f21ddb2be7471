//! The evaluator's side of the store: recognising store paths, checking
//! that the paths a string depends on exist, copying paths and text into
//! the store, and writing and reading derivations.
//!
//! Everything about *what* a store path is (hashes, NAR, path computation,
//! the `.drv` format, hash modulo) is the `store` crate's; this module is
//! the glue between it and an evaluation: files are read through
//! [`EvalState::io`] (so virtual files can be added too), objects are
//! materialised by [`crate::io::EvalIO::add_to_store`], and what the
//! evaluation made is remembered so that it never has to be read back.
//!
//! Like `nix-instantiate --eval`, evaluation never builds anything: a store
//! path is *valid* when it exists (through the IO), which is the case for
//! paths the host's store has materialised, and never for paths whose
//! contents were only computed (no store configured, see
//! [`crate::io::StdIO::new`]).
//!
//! The entry point for hosts is [`EvalState::add_path`], which copies a
//! file or directory (optionally filtered) into the store.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;

use ::store::derivation::{Derivation, DerivationError, DerivationType, DrvHash};
use ::store::hash::{Hash, HashAlgo, HashError};
use ::store::nar::NarNode;
use ::store::path::{ContentMethod, StoreDir, StorePath, StorePathError, StoreReferences};

use super::EvalState;
use crate::error::{Error, Result};
use crate::io::FileType;
use crate::value::{Context, ContextElem};

/// A path filter as the builtins call it: the evaluator (to call a Nix
/// function), the full path of an object below the path being added, and
/// its type; whether to keep the object.
pub type PathFilter<'a> = dyn FnMut(&mut EvalState, &str, FileType) -> Result<bool> + 'a;

/// A host's filter for [`EvalState::add_path`]: the full path of an object
/// below the path being added and its type; whether to keep the object.
pub type SourceFilter<'a> = dyn Fn(&Path, FileType) -> bool + 'a;

/// What the evaluator remembers about store objects, so that nothing it
/// made has to be read back from the store (which, like
/// `nix-instantiate --eval`'s, may be read-only and never written).
#[derive(Default)]
pub struct StoreCache {
    /// The parsed store directory, with the text it was parsed from.
    dir: OnceCell<(String, StoreDir)>,
    /// Derivations instantiated (or read) by this evaluation, by `.drv` path.
    pub derivations: HashMap<String, Rc<Derivation>>,
    /// References of store objects created by this evaluation, by path.
    pub references: HashMap<String, BTreeSet<String>>,
    /// Store objects the fetchers of this evaluation fetched, by path.
    pub fetched: std::collections::HashSet<String>,
    /// Derivations whose outputs a host makes itself when a context needs
    /// them (see [`EvalState::realise_with`]), by `.drv` path.
    pub realisers: HashMap<String, Realiser>,
}

/// Makes the outputs of one derivation available (a host's fetch in place
/// of a build); an error is the message shown.
pub type Realiser = Rc<dyn Fn() -> std::result::Result<(), String>>;

/// A store path error as an evaluation error. The message is C++ Nix's,
/// with a non-UTF-8 byte (an illegal character in a name) shown lossily.
pub fn store_path_error(e: StorePathError) -> Box<Error> {
    Error::msg(String::from_utf8_lossy(&e.to_bytes()).into_owned())
}

/// A hash parsing error as an evaluation error.
pub fn hash_error(e: HashError) -> Box<Error> {
    Error::msg(e.to_string())
}

/// A derivation error as an evaluation error.
pub fn derivation_error(e: DerivationError) -> Box<Error> {
    match e {
        DerivationError::StorePath(e) => store_path_error(e),
        other => Error::msg(other.to_string()),
    }
}

/// The error type the store crate's derivation functions are run with:
/// an evaluation error (from looking up an input derivation) or one of
/// theirs, converted.
struct GlueError(Box<Error>);

impl From<DerivationError> for GlueError {
    fn from(e: DerivationError) -> Self {
        GlueError(derivation_error(e))
    }
}

impl EvalState {
    /// The store path of a source file copied alone (`builtins.path
    /// { path = FILE; name = BASENAME; }`), for positions of code evaluated
    /// from such a copy; the file's own name if it cannot be worked out.
    /// The copy's executable bit is read here, the one time it matters.
    pub(crate) fn lone_copy_path(&self, source: &crate::source::SourceFile) -> String {
        let executable = self.io.is_executable(Path::new(&source.name)).unwrap_or(false);
        let name = source.name.rsplit('/').next().unwrap_or(&source.name);
        let node = NarNode::Regular {
            executable,
            contents: source.text.as_bytes().to_vec(),
        };
        let path = self.logical_store_dir().ok().and_then(|dir| {
            let hash = node.nar_sha256();
            let path = StorePath::fixed_output(&dir, name, ContentMethod::Nar, &hash, &StoreReferences::default());
            path.ok().map(|p| dir.print(&p))
        });
        path.unwrap_or_else(|| source.name.clone())
    }

    /// The logical store directory, parsed (and so canonical: no trailing
    /// slash). Fails if [`EvalState::store_dir`] is not absolute.
    pub fn logical_store_dir(&self) -> Result<StoreDir> {
        if let Some((text, dir)) = self.store_cache.dir.get() {
            if *text == self.store_dir {
                return Ok(dir.clone());
            }
        }
        let dir = StoreDir::new(&self.store_dir).map_err(store_path_error)?;
        let _ = self.store_cache.dir.set((self.store_dir.clone(), dir.clone()));
        Ok(dir)
    }

    /// Whether `path` is under the store directory (maybe below a store
    /// path), by its text alone.
    pub fn is_in_store(&self, path: &str) -> bool {
        self.logical_store_dir().is_ok_and(|d| d.is_in_store(path))
    }

    /// Whether `path` is exactly a valid-looking store path.
    pub fn is_store_path(&self, path: &str) -> bool {
        self.logical_store_dir().is_ok_and(|d| d.is_store_path(path))
    }

    /// Parses a store path (no subpath), as C++ Nix's `parseStorePath`.
    pub fn parse_store_path(&self, path: &str) -> Result<StorePath> {
        self.logical_store_dir()?.parse_path(path).map_err(store_path_error)
    }

    /// The store path that `path` (in the store, maybe below a store path)
    /// belongs to, as C++ Nix's `toStorePath`.
    pub fn to_store_path(&self, path: &str) -> Result<String> {
        let dir = self.logical_store_dir()?;
        let (store_path, _) = dir.to_store_path(path).map_err(store_path_error)?;
        Ok(dir.print(&store_path))
    }

    /// Whether a store path exists in the store.
    pub fn is_valid_path(&self, store_path: &str) -> bool {
        self.io.path_exists(Path::new(store_path))
    }

    /// Fails with C++ Nix's wording unless `store_path` is valid.
    pub fn ensure_valid(&self, store_path: &str) -> Result<()> {
        if self.is_valid_path(store_path) {
            Ok(())
        } else {
            Err(Error::msg(format!("path '{store_path}' is not valid")))
        }
    }

    /// Makes the store paths of a context available before a file of a
    /// string with that context is read: plain paths and `.drv` files must
    /// exist; derivation outputs would need a build, which evaluation never
    /// does, unless a host realises them ([`EvalState::realise_with`]).
    pub fn realise_context(&self, ctx: &Context) -> Result<()> {
        let mut to_build = Vec::new();
        for elem in ctx {
            match elem {
                ContextElem::Opaque(p) | ContextElem::DrvDeep(p) => self.ensure_valid(p)?,
                ContextElem::Built(drv, _) if self.store_cache.realisers.contains_key(drv) => {
                    let realise = self.store_cache.realisers[drv].clone();
                    realise().map_err(Error::msg)?;
                }
                ContextElem::Built(drv, out) => {
                    self.ensure_valid(drv)?;
                    to_build.push(format!("{drv}^{out}"));
                }
            }
        }
        if let Some(first) = to_build.first() {
            return Err(Error::msg(format!(
                "cannot build '{first}' during evaluation: building derivations is not supported"
            )));
        }
        Ok(())
    }

    /// Lets `realise` make the outputs of the derivation `drv_path` when a
    /// context needs them: how a host provides a fixed-output derivation
    /// it can fetch (`<nix/fetchurl.nix>`'s `builtin:fetchurl`) instead of
    /// building it. `realise` is called each time; it should remember.
    pub fn realise_with(&mut self, drv_path: &str, realise: Realiser) {
        self.store_cache.realisers.insert(drv_path.to_owned(), realise);
    }

    /// Records a store object a fetcher fetched: like the objects this
    /// evaluation made, pure evaluation mode may read it.
    pub fn note_fetched(&mut self, store_path: &str) {
        self.store_cache.fetched.insert(store_path.to_owned());
    }

    /// Copies a path into the store (once per path) and returns its store
    /// path, computed exactly as C++ Nix computes it for `"${./path}"`: the
    /// NAR serialisation under the name of the path's last component. Only
    /// the ancestors' symlinks are resolved, so a symlink stays a symlink.
    pub fn copy_path_to_store(&mut self, path: &str) -> Result<String> {
        if let Some(p) = self.path_cache.get(path) {
            return Ok(p.clone());
        }
        let resolved = self.resolve_symlinks(path, false)?;
        let store_path = self.add_path_with(&resolved, base_name(path), ContentMethod::Nar, &mut keep_all, None)?;
        self.path_cache.insert(path.to_owned(), store_path.clone());
        Ok(store_path)
    }

    /// Resolves symlinks in every component of an absolute, canonical path
    /// (also the last one when `last` is set), as C++ Nix's
    /// `resolveSymlinks`.
    pub fn resolve_symlinks(&self, path: &str, last: bool) -> Result<String> {
        const MAX_SYMLINKS: usize = 1024;
        let mut todo: Vec<String> = path.split('/').rev().map(str::to_owned).collect();
        let mut done: Vec<String> = Vec::new();
        let mut links = 0;
        while let Some(c) = todo.pop() {
            match c.as_str() {
                "" | "." => continue,
                ".." => {
                    done.pop();
                    continue;
                }
                _ => {}
            }
            done.push(c);
            if !last && todo.iter().all(|c| c.is_empty() || c == ".") {
                break;
            }
            let current = format!("/{}", done.join("/"));
            if self.io.file_type(Path::new(&current)).ok() == Some(FileType::Symlink) {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Error::msg(format!("infinite symlink recursion in path '{path}'")));
                }
                let target = self
                    .io
                    .read_link(Path::new(&current))
                    .map_err(|e| Error::msg(format!("reading symbolic link '{current}': {}", os_error_text(&e))))?;
                let target = target.to_string_lossy().into_owned();
                done.pop();
                if target.starts_with('/') {
                    done.clear();
                }
                todo.extend(target.split('/').rev().map(str::to_owned));
            }
        }
        Ok(format!("/{}", done.join("/")))
    }

    /// Copies the file or directory at `path` into the store, as
    /// `builtins.path` does, and returns its logical store path
    /// (`<store dir>/<hash>-<name>`).
    ///
    /// This is the entry point for hosts (such as the atom plugin) that put
    /// source trees into the store:
    ///
    /// - `path` is an absolute logical path read through [`EvalState::io`]
    ///   (so it may be virtual, or in the store itself). It is not resolved:
    ///   if it is a symlink, the symlink is what gets added.
    /// - `name` is the store path's name (C++ Nix uses the last component
    ///   of `path`); an invalid name is an error.
    /// - `filter` is asked about every object *below* `path` (not `path`
    ///   itself) with its full path and type, directories before their
    ///   contents, entries in byte-wise name order; a rejected directory is
    ///   left out with everything in it. `None` keeps everything.
    /// - `recursive`: the NAR serialisation is hashed (any file type, a
    ///   `source` path, as `"${./x}"` and `builtins.path` make); otherwise
    ///   `path` must be a regular file whose bytes are hashed, and the
    ///   stored copy is not executable.
    ///
    /// The path is the same whether or not the IO keeps a store: with
    /// [`crate::io::StdIO::with_store`] the object is then written there
    /// atomically, with [`crate::io::StdIO::new`] nothing is written. The
    /// tree is held in memory while it is hashed and written.
    ///
    /// The result is a plain string; [`store_path_value`] makes it the
    /// string value Nix code should see (one that depends on the path).
    pub fn add_path(
        &mut self,
        path: &str,
        name: &str,
        filter: Option<&SourceFilter<'_>>,
        recursive: bool,
    ) -> Result<String> {
        let method = if recursive {
            ContentMethod::Nar
        } else {
            ContentMethod::Flat
        };
        let mut filter = |_: &mut EvalState, p: &str, ty: FileType| Ok(filter.is_none_or(|f| f(Path::new(p), ty)));
        self.add_path_with(path, name, method, &mut filter, None)
    }

    /// [`EvalState::add_path`] with a filter that may call back into the
    /// evaluator (a Nix function) and fail, and an optional hash the
    /// result must have (`builtins.path`'s `sha256`). When a path with that
    /// hash is already valid, nothing is read. `method` is
    /// [`ContentMethod::Nar`] or [`ContentMethod::Flat`].
    pub fn add_path_with(
        &mut self,
        path: &str,
        name: &str,
        method: ContentMethod,
        filter: &mut PathFilter<'_>,
        expected: Option<&Hash>,
    ) -> Result<String> {
        self.check_access(path)?;
        let dir = self.logical_store_dir()?;
        let no_refs = StoreReferences::default();
        let expected_path = match expected {
            Some(h) => Some(StorePath::fixed_output(&dir, name, method, h, &no_refs).map_err(store_path_error)?),
            None => None,
        };
        if let Some(p) = &expected_path {
            let printed = dir.print(p);
            if self.is_valid_path(&printed) {
                return Ok(printed);
            }
        }
        self.refuse_copying_the_store(path)?;
        let mut tree = self.read_tree(path, filter)?;
        let hash = match method {
            ContentMethod::Nar => tree.nar_sha256(),
            ContentMethod::Flat | ContentMethod::Text => match tree {
                NarNode::Regular { contents, .. } => {
                    let hash = Hash::sha256(&contents);
                    tree = NarNode::file(contents);
                    hash
                }
                _ => return Err(Error::msg(format!("reading from file '{path}': Is a directory"))),
            },
        };
        let store_path = StorePath::fixed_output(&dir, name, method, &hash, &no_refs).map_err(store_path_error)?;
        if expected_path.is_some_and(|p| p != store_path) {
            return Err(Error::msg(format!(
                "store path mismatch in (possibly filtered) path added from '{path}'"
            )));
        }
        let printed = dir.print(&store_path);
        self.io
            .add_to_store(&printed, &tree)
            .map_err(|e| Error::msg(format!("adding '{path}' to the store: {}", os_error_text(&e))))?;
        self.store_cache.references.insert(printed.clone(), BTreeSet::new());
        Ok(printed)
    }

    /// Refuses to copy a directory that holds the store being written to:
    /// the logical store directory or one above it, or a host directory
    /// that holds the store's files. Such a copy writes into what it reads
    /// (`"${./.}"` next to the store root wrote 41,000 files in three
    /// seconds). A store that writes nothing has nothing to protect.
    fn refuse_copying_the_store(&self, path: &str) -> Result<()> {
        let Some(location) = self.io.store_location() else {
            return Ok(());
        };
        let holds = |outer: &str, inner: &str| {
            let outer = outer.trim_end_matches('/');
            inner == outer || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
        };
        let physical = location.to_string_lossy();
        if holds(path, &self.store_dir) || holds(path, &physical) {
            return Err(Error::msg(format!(
                "cannot copy '{path}' to the store: it contains the store ('{physical}'), which the copy \
                 would write into while reading it"
            )));
        }
        Ok(())
    }

    /// Reads a file tree through the IO, keeping the objects the filter
    /// accepts, in the order C++ Nix asks its filter.
    pub(crate) fn read_tree(&mut self, path: &str, filter: &mut PathFilter<'_>) -> Result<NarNode> {
        let ty = self.io.file_type(Path::new(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::msg(format!("path '{path}' does not exist")),
            _ => Error::msg(format!("getting status of '{path}': {}", os_error_text(&e))),
        })?;
        self.read_tree_of(path, ty, filter)
    }

    fn read_tree_of(&mut self, path: &str, ty: FileType, filter: &mut PathFilter<'_>) -> Result<NarNode> {
        let io = self.io.clone();
        let p = Path::new(path);
        let io_err = |what: &str, e: std::io::Error| Error::msg(format!("{what} '{path}': {}", os_error_text(&e)));
        Ok(match ty {
            FileType::Regular => NarNode::Regular {
                executable: io.is_executable(p).map_err(|e| io_err("getting status of", e))?,
                contents: io.read_file(p).map_err(|e| io_err("opening file", e))?,
            },
            FileType::Symlink => {
                use std::os::unix::ffi::OsStringExt;
                let target = io.read_link(p).map_err(|e| io_err("reading symbolic link", e))?;
                if self.is_gated() {
                    // Gated code copies a link only if it may read where
                    // the link points.
                    let target = target.to_string_lossy();
                    let parent = path
                        .rsplit_once('/')
                        .map_or("/", |(d, _)| if d.is_empty() { "/" } else { d });
                    let abs = if target.starts_with('/') {
                        target.into_owned()
                    } else {
                        format!("{parent}/{target}")
                    };
                    self.check_access(&abs)?;
                }
                NarNode::Symlink {
                    target: target.into_os_string().into_vec(),
                }
            }
            FileType::Directory => {
                let mut entries = io.read_dir(p).map_err(|e| io_err("reading directory", e))?;
                entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                let mut children = std::collections::BTreeMap::new();
                for (entry, _) in entries {
                    // A big tree takes a while: Ctrl-C and the memory
                    // limit are heard here too.
                    self.poll()?;
                    let child = if path == "/" {
                        format!("/{entry}")
                    } else {
                        format!("{path}/{entry}")
                    };
                    // A fresh status rather than the listing's type, which
                    // some file systems leave unknown; C++ Nix's filter gets
                    // the `lstat` type too.
                    let ty = io
                        .file_type(Path::new(&child))
                        .map_err(|e| Error::msg(format!("getting status of '{child}': {}", os_error_text(&e))))?;
                    if !filter(self, &child, ty)? {
                        continue;
                    }
                    children.insert(entry.into_bytes(), self.read_tree_of(&child, ty, filter)?);
                }
                NarNode::Directory(children)
            }
            FileType::Unknown => return Err(Error::msg(format!("file '{path}' has an unsupported type"))),
        })
    }

    /// Adds a text file (`toFile`) to the store: its path depends on the
    /// name, the contents and the store paths it refers to (full paths).
    pub fn add_text_to_store(&mut self, name: &str, contents: &[u8], refs: BTreeSet<String>) -> Result<String> {
        let dir = self.logical_store_dir()?;
        let refs = refs
            .iter()
            .map(|r| dir.parse_path(r))
            .collect::<std::result::Result<BTreeSet<_>, _>>()
            .map_err(store_path_error)?;
        self.add_text(&dir, name, contents, &refs)
    }

    fn add_text(&mut self, dir: &StoreDir, name: &str, contents: &[u8], refs: &BTreeSet<StorePath>) -> Result<String> {
        let store_path = StorePath::text_of(dir, name, contents, refs).map_err(store_path_error)?;
        let printed = dir.print(&store_path);
        self.io
            .add_to_store(&printed, &NarNode::file(contents))
            .map_err(|e| Error::msg(format!("adding '{printed}' to the store: {}", os_error_text(&e))))?;
        self.store_cache
            .references
            .insert(printed.clone(), refs.iter().map(|r| dir.print(r)).collect());
        Ok(printed)
    }

    /// Parses a hash as a derivation's `outputHash` (C++
    /// `newHashAllowEmpty`): an empty hash stands for all zeros, with a
    /// warning, when the algorithm is known.
    pub fn parse_hash_allow_empty(&mut self, s: &str, algo: Option<HashAlgo>) -> Result<Hash> {
        let (hash, empty) = Hash::parse_allow_empty(s, algo).map_err(hash_error)?;
        if empty {
            self.warning(&format!("found empty hash, assuming '{}'", hash.to_sri()));
        }
        Ok(hash)
    }

    /// Computes a new derivation's output paths (its outputs deferred or
    /// fixed) and puts them into its environment, as `derivationStrict`
    /// does; input derivations' hashes modulo come from
    /// [`EvalState::read_derivation`], cached.
    pub fn fill_output_paths(&mut self, drv: &mut Derivation) -> Result<()> {
        let dir = self.logical_store_dir()?;
        drv.fill_output_paths::<GlueError>(&dir, &mut |p| self.drv_hash(p).map_err(GlueError))
            .map_err(|e| e.0)
    }

    /// The hash modulo of an input derivation by `.drv` path, cached in
    /// [`EvalState::drv_hashes`].
    ///
    /// The cache holds one SHA-256 per derivation, which is all a
    /// [`DrvHash`] carries: every output shares the hash (a fixed-output
    /// derivation has only `out`), and whether it is deferred follows from
    /// the derivation's type, since outputs stay deferred exactly when an
    /// input is.
    fn drv_hash(&mut self, path: &StorePath) -> Result<DrvHash> {
        let dir = self.logical_store_dir()?;
        let printed = dir.print(path);
        let drv = self.read_derivation(&printed)?;
        let hash = match self.drv_hashes.get(&printed) {
            Some(h) => Hash::new(HashAlgo::Sha256, h.to_vec()).unwrap_or_else(|| Hash::zero(HashAlgo::Sha256)),
            None => {
                let h = self.hash_modulo(&dir, &drv)?;
                self.remember_drv_hash(printed, &h);
                return Ok(h);
            }
        };
        let deferred = matches!(
            drv.derivation_type(),
            Ok(DerivationType::InputAddressed { deferred: true }
                | DerivationType::ContentAddressed { fixed: false }
                | DerivationType::Impure)
        );
        Ok(DrvHash {
            hashes: drv.outputs.keys().map(|k| (k.clone(), hash.clone())).collect(),
            deferred,
        })
    }

    fn hash_modulo(&mut self, dir: &StoreDir, drv: &Derivation) -> Result<DrvHash> {
        drv.hash_modulo::<GlueError>(dir, false, &mut |p| self.drv_hash(p).map_err(GlueError))
            .map_err(|e| e.0)
    }

    fn remember_drv_hash(&mut self, path: String, h: &DrvHash) {
        if let Some(bytes) = h
            .hashes
            .values()
            .next()
            .and_then(|h| <[u8; 32]>::try_from(&h.bytes[..]).ok())
        {
            self.drv_hashes.insert(path, bytes);
        }
    }

    /// Writes a derivation to the store (if the IO keeps one) and
    /// remembers it and its hash modulo; returns its `.drv` path.
    pub fn write_derivation(&mut self, drv: Derivation) -> Result<String> {
        let dir = self.logical_store_dir()?;
        let text = drv.to_aterm(&dir).map_err(store_path_error)?;
        let path = self.add_text(&dir, &format!("{}.drv", drv.name), &text, &drv.references())?;
        // Remembered so that derivations depending on this one never need
        // to read it back (the store may be read-only, as C++ Nix notes).
        let h = self.hash_modulo(&dir, &drv)?;
        self.remember_drv_hash(path.clone(), &h);
        self.store_cache.derivations.insert(path.clone(), Rc::new(drv));
        Ok(path)
    }

    /// A derivation by `.drv` path: one this evaluation made, or read from
    /// the store.
    pub fn read_derivation(&mut self, path: &str) -> Result<Rc<Derivation>> {
        if let Some(d) = self.store_cache.derivations.get(path) {
            return Ok(d.clone());
        }
        let dir = self.logical_store_dir()?;
        let store_path = dir.parse_path(path).map_err(store_path_error)?;
        let text = self
            .io
            .read_file(Path::new(path))
            .map_err(|e| Error::msg(format!("opening file '{path}': {}", os_error_text(&e))))?;
        let name = store_path.name().strip_suffix(".drv").unwrap_or(store_path.name());
        let drv = Derivation::parse(&dir, name, &text).map_err(|e| {
            Error::msg(format!(
                "error parsing derivation '{path}': {}",
                derivation_error(e).message()
            ))
        })?;
        let drv = Rc::new(drv);
        self.store_cache.derivations.insert(path.to_owned(), drv.clone());
        Ok(drv)
    }

    /// The closure of a store path: itself and everything it refers to,
    /// transitively. The path must be valid.
    pub fn store_closure(&mut self, path: &str) -> Result<BTreeSet<String>> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![path.to_owned()];
        while let Some(p) = todo.pop() {
            if seen.contains(&p) {
                continue;
            }
            self.ensure_valid(&p)?;
            let refs = self.references_of(&p)?;
            todo.extend(refs.into_iter().filter(|r| !seen.contains(r)));
            seen.insert(p);
        }
        Ok(seen)
    }

    /// The references of a valid store path: known for objects this
    /// evaluation made and for `.drv` files (their inputs); other objects
    /// (with no store database to ask) are taken to have none.
    pub fn references_of(&mut self, path: &str) -> Result<BTreeSet<String>> {
        if let Some(r) = self.store_cache.references.get(path) {
            return Ok(r.clone());
        }
        if path.ends_with(".drv") {
            let dir = self.logical_store_dir()?;
            let drv = self.read_derivation(path)?;
            return Ok(drv.references().iter().map(|p| dir.print(p)).collect());
        }
        Ok(BTreeSet::new())
    }
}

/// A store path as a string value that depends on it (context: the path
/// itself), as `builtins.path` and `toFile` return them; what a host
/// should make of [`EvalState::add_path`]'s result.
pub fn store_path_value(path: String) -> crate::value::Value {
    let ctx = Context::from([ContextElem::Opaque(path.clone())]);
    crate::value::Value::String(crate::value::NixString::new(path.into_bytes(), ctx))
}

/// The filter that keeps everything.
fn keep_all(_: &mut EvalState, _: &str, _: FileType) -> Result<bool> {
    Ok(true)
}

/// The last component of a path (`""` for `/`).
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The text of an OS error without Rust's " (os error N)" suffix, as C++
/// Nix shows `strerror`.
pub fn os_error_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
