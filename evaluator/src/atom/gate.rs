//! Hermeticity: an atom reads only itself, the store objects its
//! evaluation made, and its declared dependencies
//! (`modules-spec/hermeticity.md`).
//!
//! Every module file of an atom is evaluated in the atom's gated realm
//! (see `engine::eval::gate`), so every path its code reaches — through a
//! builtin, a copy to the store, a search-path lookup, a symlink — is
//! judged here, however the path was spelt: the engine hands over the path
//! canonical and, if allowed, once more with its symlinks resolved.

use std::cell::RefCell;
use std::rc::Rc;

use engine::EvalState;

use super::io::STD_DIR;

/// The gate of one atom.
pub struct AtomGate {
    /// The atom's directory as it was opened, and with its symlinks
    /// resolved on the host (so both spellings of its files are inside).
    roots: Vec<String>,
    /// The sources of its dependencies resolved so far (a dependency is
    /// allowed once it is reached, which is when it is resolved).
    deps: RefCell<Vec<String>>,
    /// The logical store directory, for the hint on relative paths.
    store_dir: String,
}

impl AtomGate {
    /// The gate of the atom in `dir` (absolute, canonical).
    pub fn new(dir: &str, store_dir: &str) -> AtomGate {
        let mut roots = vec![dir.trim_end_matches('/').to_owned()];
        if let Ok(real) = std::fs::canonicalize(dir) {
            let real = real.to_string_lossy().into_owned();
            if !roots.contains(&real) {
                roots.push(real);
            }
        }
        AtomGate {
            roots,
            deps: RefCell::new(Vec::new()),
            store_dir: store_dir.trim_end_matches('/').to_owned(),
        }
    }

    /// Lets the atom read a declared dependency's source (a fetched store
    /// path, or a local dependency's directory), by each of its spellings.
    pub fn allow_dependency(&self, spellings: &[String]) {
        let mut deps = self.deps.borrow_mut();
        for s in spellings {
            if !deps.contains(s) {
                deps.push(s.clone());
            }
        }
    }

    /// Whether `path` is the atom's directory or inside it, or inside a
    /// dependency's source.
    fn inside(&self, path: &str) -> bool {
        self.roots.iter().any(|root| below(path, root)) || self.deps.borrow().iter().any(|root| below(path, root))
    }
}

/// An atom's gate for its plain Nix (`[compose.as] nix = FILE`): the
/// same paths, in pure evaluation mode (fetchers fetch only what is
/// locked, `pathExists` of a refused path is `false`).
pub struct PureAtomGate(pub Rc<AtomGate>);

impl engine::eval::gate::Gate for PureAtomGate {
    fn check(&self, st: &EvalState, path: &str) -> Result<(), String> {
        engine::eval::gate::Gate::check(&*self.0, st, path)
    }

    fn mode(&self) -> engine::eval::gate::Mode {
        engine::eval::gate::Mode::Pure
    }
}

/// Whether `path` is `root` or below it.
fn below(path: &str, root: &str) -> bool {
    path.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || root == "/")
}

impl engine::eval::gate::Gate for AtomGate {
    fn check(&self, st: &EvalState, path: &str) -> Result<(), String> {
        if self.inside(path) || st.made_here(path) || below(path, STD_DIR) {
            return Ok(());
        }
        let hint = match path.strip_prefix(&self.store_dir).and_then(|r| r.strip_prefix('/')) {
            Some(rest) if !rest.is_empty() && !looks_like_store_object(rest) => format!(
                "a relative path in an atom module resolves against the store directory; use \"${{mod}}/{rest}\" \
                 to reach the module's own files"
            ),
            _ if below(path, &self.store_dir) => {
                "an atom reads only the store objects its own evaluation made; declare what it needs as a \
                 dependency in atom.toml"
                    .to_owned()
            }
            _ => "an atom reads only its own files, as \"${mod}/FILE\", and the dependencies declared in atom.toml"
                .to_owned(),
        };
        Err(format!(
            "access to absolute path '{path}' is forbidden inside an atom\n({hint})"
        ))
    }
}

/// Whether the first component of a path below the store directory looks
/// like a store object (`HASH-name`).
fn looks_like_store_object(rest: &str) -> bool {
    let first = rest.split('/').next().unwrap_or(rest);
    first.len() > 33 && first.as_bytes()[32] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_a_root() {
        assert!(below("/a/b", "/a/b"));
        assert!(below("/a/b/c", "/a/b"));
        assert!(!below("/a/bc", "/a/b"));
        assert!(!below("/a", "/a/b"));
    }
}
