//! The evaluator's view of the store: recognising store paths, checking
//! that the paths a string depends on exist, and copying paths into the
//! store.
//!
//! Like `nix-instantiate --eval`, evaluation never builds anything: a store
//! path is *valid* when it exists (through [`crate::io::EvalIO`]), which is
//! the case for paths the host's store has materialised, and never for paths
//! whose contents were only computed (no store configured).

use std::path::Path;

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
