//! Copying paths into the store.

use super::EvalState;
use crate::error::{Error, Result};

impl EvalState {
    /// Copies a path into the store (once per path) and returns its store
    /// path, computed exactly as C++ Nix computes it.
    pub fn copy_path_to_store(&mut self, path: &str) -> Result<String> {
        if let Some(p) = self.path_cache.get(path) {
            return Ok(p.clone());
        }
        Err(Error::msg(format!("copying '{path}' to the store is not implemented yet")))
    }
}
