//! The evaluator's view of the store: recognising store paths, checking
//! that the paths a string depends on exist, and copying paths into the
//! store.
//!
//! Like `nix-instantiate --eval`, evaluation never builds anything: a store
//! path is *valid* when it exists (through [`crate::io::EvalIO`]), which is
//! the case for paths the host's store has materialised, and never for paths
//! whose contents were only computed (no store configured).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;

use super::EvalState;
use crate::error::{Error, Result};
use crate::io::FileType;
use crate::value::{Context, ContextElem, Value};

/// Length of the hash part of a store path's base name.
const HASH_LEN: usize = 32;

/// Why a base name is not a valid store path name, worded as C++ Nix's
/// `checkName` ("name 'a b' contains illegal character ' '").
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() {
        return Err("name must not be empty".into());
    }
    if name.len() > 211 {
        return Err(format!(
            "name '{name}' must be no longer than 211 characters"
        ));
    }
    let b = name.as_bytes();
    if b[0] == b'.' {
        if b.len() == 1 || (b[1] == b'.' && b.len() == 2) {
            return Err(format!("name '{name}' is not valid"));
        }
        if b[1] == b'-' {
            return Err(format!(
                "name '{name}' is not valid: first dash-separated component must not be '.'"
            ));
        }
        if b[1] == b'.' && b[2] == b'-' {
            return Err(format!(
                "name '{name}' is not valid: first dash-separated component must not be '..'"
            ));
        }
    }
    for &c in b {
        let ok = c.is_ascii_alphanumeric() || b"+-._?=".contains(&c);
        if !ok {
            // C++ Nix prints the offending byte, even half a UTF-8
            // sequence; a Rust string shows that as U+FFFD.
            let shown = String::from_utf8_lossy(&[c]).into_owned();
            return Err(format!(
                "name '{name}' contains illegal character '{shown}'"
            ));
        }
    }
    Ok(())
}

/// Checks a store path's base name (`<hash>-<name>`), worded as C++ Nix's
/// `StorePath` constructor.
pub fn check_base_name(base: &str) -> Result<()> {
    if base.len() < HASH_LEN + 1 {
        return Err(Error::msg(format!(
            "'{base}' is too short to be a valid store path"
        )));
    }
    for c in base[..HASH_LEN].chars() {
        if matches!(c, 'e' | 'o' | 'u' | 't') || !(c.is_ascii_digit() || c.is_ascii_lowercase()) {
            return Err(Error::msg(format!(
                "store path '{base}' contains illegal base-32 character '{c}'"
            )));
        }
    }
    check_name(&base[HASH_LEN + 1..])
        .map_err(|e| Error::msg(format!("path '{base}' is not a valid store path: {e}")))
}

impl EvalState {
    /// Whether `path` is directly in the store directory (and so is a
    /// candidate store path), e.g. `/nix/store/<hash>-<name>`.
    fn in_store_dir<'a>(&self, path: &'a str) -> Option<&'a str> {
        let rest = path
            .strip_prefix(self.store_dir.as_str())?
            .strip_prefix('/')?;
        (!rest.is_empty()).then_some(rest)
    }

    /// Whether `path` is under the store directory (maybe below a store path).
    pub fn is_in_store(&self, path: &str) -> bool {
        self.in_store_dir(path).is_some()
    }

    /// Whether `path` is exactly a valid-looking store path.
    pub fn is_store_path(&self, path: &str) -> bool {
        match self.in_store_dir(path) {
            Some(base) => !base.contains('/') && check_base_name(base).is_ok(),
            None => false,
        }
    }

    /// The store path that `path` (in the store, maybe below a store path)
    /// belongs to, as C++ Nix's `toStorePath`.
    pub fn to_store_path(&self, path: &str) -> Result<String> {
        let Some(rest) = self.in_store_dir(path) else {
            return Err(Error::msg(format!("path '{path}' is not in the Nix store")));
        };
        let base = rest.split('/').next().unwrap_or(rest);
        check_base_name(base)?;
        Ok(format!("{}/{base}", self.store_dir))
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
    /// does.
    pub fn realise_context(&self, ctx: &Context) -> Result<()> {
        let mut to_build = Vec::new();
        for elem in ctx {
            match elem {
                ContextElem::Opaque(p) | ContextElem::DrvDeep(p) => self.ensure_valid(p)?,
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

    /// Copies a path into the store (once per path) and returns its store
    /// path, computed exactly as C++ Nix computes it for `"${./path}"`: the
    /// NAR serialisation under the name of the path's last component (a
    /// symlink stays a symlink).
    pub fn copy_path_to_store(&mut self, path: &str) -> Result<String> {
        if let Some(p) = self.path_cache.get(path) {
            return Ok(p.clone());
        }
        let resolved = self.resolve_symlinks(path, false)?;
        let name = base_name(path);
        let store_path = self.add_path(&resolved, name, IngestionMethod::Nar, None, None)?;
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
                    return Err(Error::msg(format!(
                        "infinite symlink recursion in path '{path}'"
                    )));
                }
                let target = self.io.read_link(Path::new(&current)).map_err(|e| {
                    Error::msg(format!(
                        "reading symbolic link '{current}': {}",
                        os_error_text(&e)
                    ))
                })?;
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

    /// Adds a file or directory to the store as C++ Nix's `addPath` /
    /// `fetchToStore` do, returning the store path. `filter` (a Nix
    /// function of path and type) decides which directory entries are
    /// kept; `expected` is the hash the result must have (`builtins.path`'s
    /// `sha256`). Without a writable store only the path is computed.
    pub fn add_path(
        &mut self,
        path: &str,
        name: &str,
        method: IngestionMethod,
        filter: Option<&Value>,
        expected: Option<&Hash>,
    ) -> Result<String> {
        let expected_path = match expected {
            Some(h) => Some(self.make_fixed_output_path(name, method, h)?),
            None => None,
        };
        if let Some(p) = &expected_path {
            if self.is_valid_path(p) {
                return Ok(p.clone());
            }
        }
        let tree = self.read_tree(path, filter)?;
        let hash = match method {
            IngestionMethod::Nar => nar_sha256(&tree)?,
            IngestionMethod::Flat => match &tree {
                NarTree::Regular { contents, .. } => sha256(contents)?,
                _ => {
                    return Err(Error::msg(format!(
                        "reading from file '{path}': Is a directory"
                    )))
                }
            },
        };
        let hash = Hash {
            algo: HashAlgo::Sha256,
            bytes: hash.to_vec(),
        };
        let store_path = self.make_fixed_output_path(name, method, &hash)?;
        if let Some(p) = expected_path {
            if p != store_path {
                return Err(Error::msg(format!(
                    "store path mismatch in (possibly filtered) path added from '{path}'"
                )));
            }
        }
        self.io.add_to_store(&store_path, &tree).map_err(|e| {
            Error::msg(format!(
                "adding '{path}' to the store: {}",
                os_error_text(&e)
            ))
        })?;
        Ok(store_path)
    }

    /// Reads a file tree through `io`, keeping the directory entries the
    /// filter accepts. Entries are visited in name order, each directory
    /// before its contents, as C++ Nix calls the filter.
    fn read_tree(&mut self, path: &str, filter: Option<&Value>) -> Result<NarTree> {
        let ty = self
            .io
            .file_type(Path::new(path))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::msg(format!("path '{path}' does not exist")),
                _ => Error::msg(format!("getting status of '{path}': {}", os_error_text(&e))),
            })?;
        let io_err = |what: &str, e: std::io::Error| {
            Error::msg(format!("{what} '{path}': {}", os_error_text(&e)))
        };
        Ok(match ty {
            FileType::Regular => NarTree::Regular {
                executable: self
                    .io
                    .is_executable(Path::new(path))
                    .map_err(|e| io_err("getting status of", e))?,
                contents: self
                    .io
                    .read_file(Path::new(path))
                    .map_err(|e| io_err("opening file", e))?,
            },
            FileType::Symlink => NarTree::Symlink(
                self.io
                    .read_link(Path::new(path))
                    .map_err(|e| io_err("reading symbolic link", e))?
                    .to_string_lossy()
                    .into_owned(),
            ),
            FileType::Directory => {
                let mut entries = self
                    .io
                    .read_dir(Path::new(path))
                    .map_err(|e| io_err("reading directory", e))?;
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                let mut children = BTreeMap::new();
                for (entry, entry_type) in entries {
                    let child = if path == "/" {
                        format!("/{entry}")
                    } else {
                        format!("{path}/{entry}")
                    };
                    if let Some(f) = filter {
                        let args = [
                            Value::string(child.as_str()),
                            Value::string(entry_type.as_str()),
                        ];
                        let keep = self.call_n(f, &args)?;
                        let keep = self.force_bool(&keep).map_err(|e| {
                            e.context(
                                "while evaluating the return value of the path filter function",
                                None,
                            )
                        })?;
                        if !keep {
                            continue;
                        }
                    }
                    children.insert(entry, self.read_tree(&child, filter)?);
                }
                NarTree::Directory(children)
            }
            FileType::Unknown => {
                return Err(Error::msg(format!("file '{path}' has an unsupported type")))
            }
        })
    }

    /// Adds a text file (`toFile`, `.drv` files) to the store: its path
    /// depends on the name, the contents and the store paths it refers to.
    pub fn add_text_to_store(
        &mut self,
        name: &str,
        contents: &[u8],
        refs: BTreeSet<String>,
    ) -> Result<String> {
        let hash = sha256(contents)?;
        let mut ty = "text".to_owned();
        for r in &refs {
            ty.push(':');
            ty.push_str(r);
        }
        let store_path = self.make_store_path(&ty, &hash, name)?;
        let node = NarTree::Regular {
            executable: false,
            contents: contents.to_vec(),
        };
        self.io.add_to_store(&store_path, &node).map_err(|e| {
            Error::msg(format!(
                "adding '{store_path}' to the store: {}",
                os_error_text(&e)
            ))
        })?;
        self.store_cache.references.insert(store_path.clone(), refs);
        Ok(store_path)
    }
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

/// A file-system object as it goes into the store (TEMP until the store
/// crate's NAR type lands).
pub type NarTree = crate::io::NarNode;

/// SHA-256 of some bytes.
pub fn sha256(data: &[u8]) -> Result<[u8; 32]> {
    Ok(shim::sha256_impl(data))
}

/// SHA-256 of the NAR serialisation of a file tree.
fn nar_sha256(tree: &NarTree) -> Result<[u8; 32]> {
    let mut nar = Vec::new();
    shim::nar_impl(tree, &mut nar, true);
    sha256(&nar)
}

/// Nix's base-32 rendering of a hash.
pub fn nix32(bytes: &[u8]) -> Result<String> {
    Ok(shim::nix32_impl(bytes))
}

#[path = "store_shim.rs"]
mod shim;

/// What the evaluator remembers about store objects it created, so that
/// nothing has to be read back from the store (which, like
/// `nix-instantiate --eval`'s, may be read-only and never written).
#[derive(Default)]
pub struct StoreCache {
    /// Derivations instantiated (or read) by this evaluation, by `.drv` path.
    pub derivations: HashMap<String, Rc<Drv>>,
    /// References of store objects created by this evaluation.
    pub references: HashMap<String, BTreeSet<String>>,
}

/// A hash algorithm Nix knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HashAlgo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl HashAlgo {
    pub fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// Size of a hash in bytes.
    pub fn size(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    /// The algorithm of a name, or `None` for anything else (`""` too).
    pub fn parse_opt(s: &str) -> Option<HashAlgo> {
        match s {
            "md5" => Some(HashAlgo::Md5),
            "sha1" => Some(HashAlgo::Sha1),
            "sha256" => Some(HashAlgo::Sha256),
            "sha512" => Some(HashAlgo::Sha512),
            _ => None,
        }
    }
}

/// A hash value with its algorithm.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Hash {
    pub algo: HashAlgo,
    pub bytes: Vec<u8>,
}

/// How the contents of a fixed output are hashed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IngestionMethod {
    /// The file's bytes.
    Flat,
    /// The NAR serialisation (`outputHashMode = "recursive"`).
    Nar,
}

impl IngestionMethod {
    /// The prefix of the algorithm in a `.drv` (`r:sha256`).
    fn prefix(self) -> &'static str {
        match self {
            IngestionMethod::Flat => "",
            IngestionMethod::Nar => "r:",
        }
    }
}

/// One output of a derivation.
#[derive(Clone, Debug)]
pub enum DrvOutput {
    /// Path computed from the derivation's hash modulo.
    InputAddressed(String),
    /// Path computed from the expected hash of the contents.
    Fixed {
        method: IngestionMethod,
        hash: Hash,
        path: String,
    },
    /// Not yet known (while hashing the masked derivation).
    Deferred,
}

impl DrvOutput {
    pub fn path(&self) -> Option<String> {
        match self {
            DrvOutput::InputAddressed(p) | DrvOutput::Fixed { path: p, .. } => Some(p.clone()),
            DrvOutput::Deferred => None,
        }
    }
}

/// The contents of a `.drv` file.
#[derive(Clone, Debug, Default)]
pub struct Drv {
    pub name: String,
    pub outputs: BTreeMap<String, DrvOutput>,
    /// Input derivations and the outputs used of each.
    pub input_drvs: BTreeMap<String, BTreeSet<String>>,
    pub input_srcs: BTreeSet<String>,
    pub platform: String,
    pub builder: String,
    pub args: Vec<Vec<u8>>,
    pub env: BTreeMap<String, Vec<u8>>,
}

impl Drv {
    /// The ATerm text of the `.drv` file. With `mask_outputs`, output paths
    /// (and the variables holding them) are blank; with `inputs`, input
    /// derivations are those hashes instead of paths (hash modulo).
    pub fn unparse(
        &self,
        mask_outputs: bool,
        inputs: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(1024);
        out.extend_from_slice(b"Derive([");
        for (i, (name, o)) in self.outputs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let (path, algo, hash) = match o {
                DrvOutput::InputAddressed(p) => (p.clone(), String::new(), String::new()),
                DrvOutput::Fixed { method, hash, path } => (
                    path.clone(),
                    format!("{}{}", method.prefix(), hash.algo.name()),
                    hash.to_hex(),
                ),
                DrvOutput::Deferred => (String::new(), String::new(), String::new()),
            };
            let path = if mask_outputs { String::new() } else { path };
            out.push(b'(');
            aterm_strings(
                &mut out,
                [
                    name.as_bytes(),
                    path.as_bytes(),
                    algo.as_bytes(),
                    hash.as_bytes(),
                ],
            );
            out.push(b')');
        }
        out.extend_from_slice(b"],[");
        let drvs = inputs.unwrap_or(&self.input_drvs);
        for (i, (path, outputs)) in drvs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'(');
            aterm_string(&mut out, path.as_bytes());
            out.extend_from_slice(b",[");
            aterm_strings(&mut out, outputs.iter().map(|o| o.as_bytes()));
            out.extend_from_slice(b"])");
        }
        out.extend_from_slice(b"],[");
        aterm_strings(&mut out, self.input_srcs.iter().map(|s| s.as_bytes()));
        out.extend_from_slice(b"],");
        aterm_string(&mut out, self.platform.as_bytes());
        out.push(b',');
        aterm_string(&mut out, self.builder.as_bytes());
        out.extend_from_slice(b",[");
        aterm_strings(&mut out, self.args.iter().map(|a| a.as_slice()));
        out.extend_from_slice(b"],[");
        for (i, (key, value)) in self.env.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let value: &[u8] = if mask_outputs && self.outputs.contains_key(key) {
                b""
            } else {
                value
            };
            out.push(b'(');
            aterm_strings(&mut out, [key.as_bytes(), value]);
            out.push(b')');
        }
        out.extend_from_slice(b"])");
        out
    }
}

/// A reader over the ATerm text of a `.drv` file.
struct ATermReader<'a> {
    text: &'a [u8],
    pos: usize,
}

impl ATermReader<'_> {
    fn expect(&mut self, s: &[u8]) -> Option<()> {
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            Some(())
        } else {
            None
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn string(&mut self) -> Option<Vec<u8>> {
        self.expect(b"\"")?;
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        other => other,
                    });
                }
                other => out.push(other),
            }
        }
    }

    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.string()?).ok()
    }

    /// `[item,item,...]`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b"[")?;
        let mut out = Vec::new();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(out);
        }
        loop {
            out.push(item(self)?);
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }
}

impl Drv {
    /// Parses the ATerm text of a `.drv` file (the inverse of
    /// [`Drv::unparse`]).
    pub fn parse(name: &str, text: &[u8]) -> Option<Drv> {
        let mut r = ATermReader { text, pos: 0 };
        r.expect(b"Derive(")?;
        let mut drv = Drv {
            name: name.to_owned(),
            ..Drv::default()
        };
        let outputs = r.list(|r| {
            r.expect(b"(")?;
            let name = r.text()?;
            r.expect(b",")?;
            let path = r.text()?;
            r.expect(b",")?;
            let algo = r.text()?;
            r.expect(b",")?;
            let hash = r.text()?;
            r.expect(b")")?;
            Some((name, path, algo, hash))
        })?;
        for (out, path, algo, hash) in outputs {
            let o = if !algo.is_empty() {
                let (method, algo) = match algo.strip_prefix("r:") {
                    Some(a) => (IngestionMethod::Nar, a),
                    None => (IngestionMethod::Flat, algo.as_str()),
                };
                let algo = HashAlgo::parse_opt(algo)?;
                let hash = Hash::parse_any(&hash, Some(algo)).ok()?;
                DrvOutput::Fixed { method, hash, path }
            } else if path.is_empty() {
                DrvOutput::Deferred
            } else {
                DrvOutput::InputAddressed(path)
            };
            drv.outputs.insert(out, o);
        }
        r.expect(b",")?;
        let inputs = r.list(|r| {
            r.expect(b"(")?;
            let path = r.text()?;
            r.expect(b",")?;
            let outs = r.list(|r| r.text())?;
            r.expect(b")")?;
            Some((path, outs))
        })?;
        for (path, outs) in inputs {
            drv.input_drvs.insert(path, outs.into_iter().collect());
        }
        r.expect(b",")?;
        drv.input_srcs = r.list(|r| r.text())?.into_iter().collect();
        r.expect(b",")?;
        drv.platform = r.text()?;
        r.expect(b",")?;
        drv.builder = r.text()?;
        r.expect(b",")?;
        drv.args = r.list(|r| r.string())?;
        r.expect(b",")?;
        let env = r.list(|r| {
            r.expect(b"(")?;
            let k = r.text()?;
            r.expect(b",")?;
            let v = r.string()?;
            r.expect(b")")?;
            Some((k, v))
        })?;
        drv.env = env.into_iter().collect();
        r.expect(b")")?;
        Some(drv)
    }
}

/// A quoted ATerm string: `"`, `\`, newline, CR and tab escaped.
fn aterm_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b => out.push(b),
        }
    }
    out.push(b'"');
}

/// Quoted strings separated by commas.
fn aterm_strings<'a>(out: &mut Vec<u8>, items: impl IntoIterator<Item = &'a [u8]>) {
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        aterm_string(out, s);
    }
}

/// Standard base-64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Hash {
    /// Parses a hash as `outputHash` is parsed (C++ `newHashAllowEmpty`):
    /// an empty hash means all zeros (with a warning) when the algorithm is
    /// known.
    pub fn parse_allow_empty(
        s: &str,
        algo: Option<HashAlgo>,
        warn: &mut dyn FnMut(&str),
    ) -> Result<Hash> {
        if s.is_empty() {
            let Some(algo) = algo else {
                return Err(Error::msg("empty hash requires explicit hash algorithm"));
            };
            let h = Hash {
                algo,
                bytes: vec![0; algo.size()],
            };
            warn(&format!(
                "found empty hash, assuming '{}-{}'",
                algo.name(),
                base64_encode(&h.bytes)
            ));
            return Ok(h);
        }
        Hash::parse_any(s, algo)
    }

    /// Parses `algo:hash`, `algo-base64` (SRI) or a bare hash of the given
    /// algorithm, in base 16, Nix base 32 or base 64 (told apart by length),
    /// as C++ Nix's `Hash::parseAny`.
    pub fn parse_any(original: &str, algo: Option<HashAlgo>) -> Result<Hash> {
        let (prefix, rest, sri) = match original.split_once(':') {
            Some((p, r)) => (Some(p), r, false),
            None => match original.split_once('-') {
                Some((p, r)) => (Some(p), r, true),
                None => (None, original, false),
            },
        };
        let parsed = match prefix {
            Some(p) => Some(HashAlgo::parse_opt(p).ok_or_else(|| {
                Error::msg(format!(
                    "unknown hash algorithm '{p}', expect 'md5', 'sha1', 'sha256', or 'sha512'"
                ))
            })?),
            None => None,
        };
        let algo = match (parsed, algo) {
            (None, None) => {
                return Err(Error::msg(format!(
                    "hash '{rest}' does not include a type, nor is the type otherwise known from context"
                )))
            }
            (Some(p), Some(a)) if p != a => {
                return Err(Error::msg(format!("hash '{original}' should have type '{}'", a.name())))
            }
            (Some(a), _) | (None, Some(a)) => a,
        };
        let size = algo.size();
        let bytes = if !sri && rest.len() == size * 2 {
            (0..size)
                .map(|i| u8::from_str_radix(rest.get(2 * i..2 * i + 2).unwrap_or("x"), 16).ok())
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| Error::msg(format!("invalid base-16 hash '{rest}'")))?
        } else if !sri && rest.len() == (size * 8 - 1) / 5 + 1 {
            shim::nix32_decode(rest, size)
                .ok_or_else(|| Error::msg(format!("invalid base-32 hash '{rest}'")))?
        } else if sri || rest.len() == ((4 * size / 3) + 3) & !3 {
            match shim::base64_decode(rest) {
                Some(d) if d.len() == size => d,
                _ => {
                    let kind = if sri { "SRI" } else { "base-64" };
                    return Err(Error::msg(format!("invalid {kind} hash '{rest}'")));
                }
            }
        } else {
            return Err(Error::msg(format!(
                "hash '{rest}' has wrong length for hash algorithm '{}'",
                algo.name()
            )));
        };
        Ok(Hash { algo, bytes })
    }

    pub fn to_hex(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl EvalState {
    /// A store path from a type, a SHA-256 and a name, as C++ Nix's
    /// `makeStorePath`.
    pub fn make_store_path(&self, ty: &str, hash: &[u8], name: &str) -> Result<String> {
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let fingerprint = format!("{ty}:sha256:{hex}:{}:{name}", self.store_dir);
        let full = sha256(fingerprint.as_bytes())?;
        // The path's hash is the SHA-256 folded (XOR) to 160 bits.
        let mut short = [0u8; 20];
        for (i, b) in full.iter().enumerate() {
            short[i % 20] ^= b;
        }
        let base = format!("{}-{name}", nix32(&short)?);
        check_base_name(&base)?;
        Ok(format!("{}/{base}", self.store_dir))
    }

    /// The path of an input-addressed output.
    pub fn make_output_path(
        &self,
        output: &str,
        hash: &[u8; 32],
        drv_name: &str,
    ) -> Result<String> {
        let name = if output == "out" {
            drv_name.to_owned()
        } else {
            format!("{drv_name}-{output}")
        };
        self.make_store_path(&format!("output:{output}"), hash, &name)
    }

    /// The path of a fixed-output derivation's output or an added path.
    pub fn make_fixed_output_path(
        &self,
        name: &str,
        method: IngestionMethod,
        hash: &Hash,
    ) -> Result<String> {
        if method == IngestionMethod::Nar && hash.algo == HashAlgo::Sha256 {
            return self.make_store_path("source", &hash.bytes, name);
        }
        let inner = format!(
            "fixed:out:{}{}:{}:",
            method.prefix(),
            hash.algo.name(),
            hash.to_hex()
        );
        self.make_store_path("output:out", &sha256(inner.as_bytes())?, name)
    }

    /// C++ Nix's `hashDerivationModulo`: the hash that determines output
    /// paths, with input derivations replaced by their own such hash.
    pub fn hash_derivation_modulo(&mut self, drv: &Drv, mask_outputs: bool) -> Result<[u8; 32]> {
        // A fixed-output derivation is worth its output: derivations that
        // produce the same contents are interchangeable.
        if let Some(DrvOutput::Fixed { method, hash, path }) = drv.outputs.get("out") {
            if drv.outputs.len() == 1 {
                let text = format!(
                    "fixed:out:{}{}:{}:{path}",
                    method.prefix(),
                    hash.algo.name(),
                    hash.to_hex()
                );
                return sha256(text.as_bytes());
            }
        }
        let mut inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, outputs) in &drv.input_drvs {
            let h = self.path_derivation_modulo(path)?;
            let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
            inputs
                .entry(hex)
                .or_default()
                .extend(outputs.iter().cloned());
        }
        sha256(&drv.unparse(mask_outputs, Some(&inputs)))
    }

    /// [`Self::hash_derivation_modulo`] of a `.drv` by path, cached.
    fn path_derivation_modulo(&mut self, path: &str) -> Result<[u8; 32]> {
        if let Some(h) = self.drv_hashes.get(path) {
            return Ok(*h);
        }
        let drv = self.read_derivation(path)?;
        let h = self.hash_derivation_modulo(&drv, false)?;
        self.drv_hashes.insert(path.to_owned(), h);
        Ok(h)
    }

    /// Writes a derivation to the store (if the store is writable) and
    /// remembers it; returns its `.drv` path.
    pub fn write_derivation(&mut self, drv: Drv) -> Result<String> {
        let text = drv.unparse(false, None);
        let refs = drv
            .input_srcs
            .iter()
            .chain(drv.input_drvs.keys())
            .cloned()
            .collect();
        let path = self.add_text_to_store(&format!("{}.drv", drv.name), &text, refs)?;
        // Remembered so that derivations depending on this one never need
        // to read it back (the store may be read-only).
        let hash = self.hash_derivation_modulo(&drv, false)?;
        self.drv_hashes.insert(path.clone(), hash);
        self.store_cache
            .derivations
            .insert(path.clone(), Rc::new(drv));
        Ok(path)
    }

    /// A derivation by `.drv` path: one this evaluation made, or read from
    /// the store.
    pub fn read_derivation(&mut self, path: &str) -> Result<Rc<Drv>> {
        if let Some(d) = self.store_cache.derivations.get(path) {
            return Ok(d.clone());
        }
        self.ensure_valid(path)?;
        let text = self
            .io
            .read_file(Path::new(path))
            .map_err(|e| Error::msg(format!("opening file '{path}': {}", os_error_text(&e))))?;
        let name = base_name(path)
            .get(33..)
            .unwrap_or("")
            .trim_end_matches(".drv");
        let drv = Drv::parse(name, &text).ok_or_else(|| {
            Error::msg(format!(
                "error parsing derivation '{path}': expected string 'Derive(['"
            ))
        })?;
        let drv = Rc::new(drv);
        self.store_cache
            .derivations
            .insert(path.to_owned(), drv.clone());
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

    /// The references of a valid store path.
    pub fn references_of(&mut self, path: &str) -> Result<BTreeSet<String>> {
        if let Some(r) = self.store_cache.references.get(path) {
            return Ok(r.clone());
        }
        if path.ends_with(".drv") {
            let drv = self.read_derivation(path)?;
            return Ok(drv
                .input_srcs
                .iter()
                .chain(drv.input_drvs.keys())
                .cloned()
                .collect());
        }
        Ok(BTreeSet::new())
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::io;
    use std::path::{Path, PathBuf};
    use std::rc::Rc;

    use crate::io::{EvalIO, FileType, NarNode, StdIO};
    use crate::Evaluator;

    /// The real file system plus an in-memory writable store, to check what
    /// happens when store objects are really added.
    #[derive(Default)]
    struct MemStore {
        objects: RefCell<HashMap<PathBuf, NarNode>>,
    }

    impl MemStore {
        fn node(&self, path: &Path) -> Option<NarNode> {
            let objects = self.objects.borrow();
            let (root, node) = objects.iter().find(|(root, _)| path.starts_with(root))?;
            let mut node = node.clone();
            for part in path.strip_prefix(root).ok()?.components() {
                node = match node {
                    NarNode::Directory(mut entries) => {
                        entries.remove(&*part.as_os_str().to_string_lossy())?
                    }
                    _ => return None,
                };
            }
            Some(node)
        }
    }

    struct Io(MemStore, StdIO);

    fn not_found() -> io::Error {
        io::Error::from(io::ErrorKind::NotFound)
    }

    impl EvalIO for Io {
        fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
            match self.0.node(path) {
                Some(NarNode::Regular { contents, .. }) => Ok(contents),
                Some(_) => Err(io::Error::other("not a file")),
                None if path.starts_with("/nix/store") => Err(not_found()),
                None => self.1.read_file(path),
            }
        }
        fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
            self.1.read_dir(path)
        }
        fn file_type(&self, path: &Path) -> io::Result<FileType> {
            match self.0.node(path) {
                Some(NarNode::Regular { .. }) => Ok(FileType::Regular),
                Some(NarNode::Directory(_)) => Ok(FileType::Directory),
                Some(NarNode::Symlink(_)) => Ok(FileType::Symlink),
                None if path.starts_with("/nix/store") => Err(not_found()),
                None => self.1.file_type(path),
            }
        }
        fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
            self.1.read_link(path)
        }
        fn is_executable(&self, path: &Path) -> io::Result<bool> {
            self.1.is_executable(path)
        }
        fn add_to_store(&self, store_path: &str, contents: &NarNode) -> io::Result<()> {
            self.0
                .objects
                .borrow_mut()
                .insert(PathBuf::from(store_path), contents.clone());
            Ok(())
        }
    }

    fn eval(expr: &str, writable: bool) -> Result<String, String> {
        let io: Rc<dyn EvalIO> = if writable {
            Rc::new(Io(MemStore::default(), StdIO::new()))
        } else {
            Rc::new(StdIO::new())
        };
        let mut ev = Evaluator::builder().io(io).store_dir("/nix/store").build();
        let v = ev.eval_expr(expr, "/").map_err(|e| e.message())?;
        ev.print(&v, true).map_err(|e| e.message())
    }

    const DRV: &str = r#"derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; }"#;

    #[test]
    fn aterm_round_trip() {
        let mut drv = super::Drv {
            name: "x".into(),
            platform: "sys".into(),
            builder: "/b".into(),
            ..Default::default()
        };
        drv.args = vec![b"a \"q\" \\ \n\t\r".to_vec()];
        drv.env.insert("k".into(), b"v\n".to_vec());
        drv.outputs.insert(
            "out".into(),
            super::DrvOutput::InputAddressed("/nix/store/p".into()),
        );
        drv.input_srcs.insert("/nix/store/s".into());
        drv.input_drvs
            .insert("/nix/store/d.drv".into(), ["out".to_owned()].into());
        let text = drv.unparse(false, None);
        let back = super::Drv::parse("x", &text).expect("parses");
        assert_eq!(back.unparse(false, None), text);
    }

    #[test]
    fn read_only_store_paths_are_not_valid() {
        let e = eval(r#"builtins.readFile (builtins.toFile "f" "x")"#, false).unwrap_err();
        assert!(e.contains("is not valid"), "{e}");
        let e = eval(&format!(r#"(derivation {{ name = "b"; system = "s"; builder = "/bin/sh"; d = ({DRV}).drvPath; }}).drvPath"#), false)
            .unwrap_err();
        assert!(e.contains("is not valid"), "{e}");
    }

    #[test]
    fn writable_store_objects_are_valid() {
        assert_eq!(
            eval(r#"builtins.readFile (builtins.toFile "f" "x")"#, true).unwrap(),
            r#""x""#
        );
        // A drvPath input brings in the whole closure of the .drv.
        let d = format!(
            r#"derivation {{ name = "b"; system = "s"; builder = "/bin/sh"; d = ({DRV}).drvPath; }}"#
        );
        assert!(eval(&format!("({d}).drvPath"), true)
            .unwrap()
            .ends_with("-b.drv\""));
        // Importing a .drv gives a derivation with the same paths.
        let e = format!("let d = {DRV}; i = import d.drvPath; in [ (i.out.outPath == d.outPath) (i.dev.outPath == d.dev.outPath) i.name (i.drvPath == d.drvPath) i.outputName ]");
        // Outputs come in name order, as C++ Nix's `std::map`.
        assert_eq!(eval(&e, true).unwrap(), r#"[ true true "a" true "dev" ]"#);
    }
}
