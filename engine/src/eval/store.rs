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
use crate::value::{Context, ContextElem};

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
    /// path, computed exactly as C++ Nix computes it.
    pub fn copy_path_to_store(&mut self, path: &str) -> Result<String> {
        if let Some(p) = self.path_cache.get(path) {
            return Ok(p.clone());
        }
        Err(Error::msg(format!(
            "copying '{path}' to the store is not implemented yet"
        )))
    }
}

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

fn pending(what: &str) -> Box<Error> {
    Error::msg(format!(
        "{what} needs the store crate, which is not there yet"
    ))
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
        let _ = (s, algo, warn);
        Err(pending("parsing hashes"))
    }

    pub fn to_hex(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl EvalState {
    /// A store path from a type, a SHA-256 and a name, as C++ Nix's
    /// `makeStorePath`.
    pub fn make_store_path(&self, ty: &str, sha256: &[u8], name: &str) -> Result<String> {
        let _ = (ty, sha256, name);
        Err(pending("computing store paths"))
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
        let _ = (name, method, hash);
        Err(pending("computing fixed-output paths"))
    }

    /// C++ Nix's `hashDerivationModulo`: the hash that determines output
    /// paths, with input derivations replaced by their own such hash.
    pub fn hash_derivation_modulo(&mut self, drv: &Drv, mask_outputs: bool) -> Result<[u8; 32]> {
        let _ = (drv, mask_outputs);
        Err(pending("hashing derivations"))
    }

    /// Writes a derivation to the store (if the store is writable) and
    /// remembers it; returns its `.drv` path.
    pub fn write_derivation(&mut self, drv: Drv) -> Result<String> {
        let _ = drv;
        Err(pending("writing derivations"))
    }

    /// A derivation by `.drv` path: one this evaluation made, or read from
    /// the store.
    pub fn read_derivation(&mut self, path: &str) -> Result<Rc<Drv>> {
        if let Some(d) = self.store_cache.derivations.get(path) {
            return Ok(d.clone());
        }
        self.ensure_valid(path)?;
        Err(pending("reading derivations"))
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
    fn references_of(&mut self, path: &str) -> Result<BTreeSet<String>> {
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
