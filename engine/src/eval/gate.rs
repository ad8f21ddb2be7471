//! Gates: what code may read, decided by where the code comes from.
//!
//! Every source file has a [`Realm`]. While the code of a file runs (a
//! thunk of it is forced, a lambda of it is called), the evaluation is in
//! that file's realm; [`Realm::Inherit`] code (the engine's own Nix, an
//! embedded library) keeps its caller's. Every access to the file system
//! that code asks for — the path builtins, copying a path to the store,
//! search-path lookups, `import` — goes through
//! [`EvalState::check_access`], which asks the realm's [`Gate`].
//!
//! A realm follows the code, not the moment: a thunk made in a gated file
//! is gated whoever forces it, and plain code stays open even when a gated
//! function forces it. The engine knows nothing of what a gate allows; a
//! host (the atom plugin) decides.

use std::rc::Rc;

use super::EvalState;
use crate::error::{Error, Result};
use crate::source::{FileId, Realm};
use crate::value::{Attrs, Thunk, Value};

/// C++ Nix's evaluation modes, as far as the builtins see them (paths
/// are the gate's business).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Everything goes (plain Nix, and atoms, whose names refuse fetchers).
    #[default]
    Impure,
    /// `pure-eval`: fetchers refuse unlocked fetches; `pathExists` of a
    /// refused path is `false`.
    Pure,
    /// `restrict-eval`: fetchers refuse every URL; `pathExists` of a
    /// refused path is `false`.
    Restricted,
}

/// Decides what the code of a realm may access.
pub trait Gate {
    /// `Ok` if the code may access `path` (absolute and canonical: no `.`,
    /// `..` or repeated `/`); otherwise the error message, worded for the
    /// user. Called for the path as named and, when that is allowed, once
    /// more with its symlinks resolved.
    fn check(&self, st: &EvalState, path: &str) -> std::result::Result<(), String>;

    /// The evaluation mode of the realm's code.
    fn mode(&self) -> Mode {
        Mode::Impure
    }
}

impl EvalState {
    /// Registers a gate; files evaluated in `Realm::Gated(id)` obey it.
    pub fn add_gate(&mut self, gate: Rc<dyn Gate>) -> u32 {
        self.gates.push(gate);
        self.gates.len() as u32 - 1
    }

    /// Names layered over the globals in files that code of gate `id`
    /// imports (and in files the host evaluates there with the same scope):
    /// how a host makes a pure-evaluation mode, whose files see builtins
    /// without the impure ones.
    pub fn set_realm_scope(&mut self, id: u32, scope: Rc<Attrs>) {
        self.realm_scopes.insert(id, scope);
    }

    /// `import path` as code of gate `id` does it: the file (and what it
    /// imports) is evaluated in that realm, with its scope.
    pub fn import_in_realm(&mut self, path: &str, id: u32) -> Result<Value> {
        self.import_as(path, Some(id), None)
    }

    /// The scope registered for gate `id`, if any.
    pub fn realm_scope(&self, id: u32) -> Option<Rc<Attrs>> {
        self.realm_scopes.get(&id).cloned()
    }

    /// Enters the realm of `file`'s code; returns the realm to restore.
    #[inline]
    pub(crate) fn enter_realm(&mut self, file: FileId) -> Option<u32> {
        let outer = self.realm;
        match self.sources.realm(file) {
            Realm::Open => self.realm = None,
            Realm::Inherit => {}
            Realm::Gated(id) => self.realm = Some(id),
        }
        outer
    }

    /// Whether the code running now may access `path`. Open code may
    /// access anything; gated code what its gate allows, both for the path
    /// as named and with its symlinks resolved. A refusal is an ordinary
    /// error, which `tryEval` does not catch, so refused paths cannot be
    /// probed.
    pub fn check_access(&mut self, path: &str) -> Result<()> {
        let Some(id) = self.realm else {
            return Ok(());
        };
        let gate = self.gates[id as usize].clone();
        let canonical = crate::lower::canonicalise(path);
        gate.check(self, &canonical).map_err(Error::msg)?;
        let resolved = self.resolve_symlinks(&canonical, true)?;
        if resolved != canonical {
            gate.check(self, &resolved).map_err(Error::msg)?;
        }
        Ok(())
    }

    /// `f arg`, deferred (lazy `map`, `genList`, `mapAttrs` results). In a
    /// gated realm the call keeps the realm it was deferred in, whoever
    /// forces it later; open code defers plainly.
    pub fn defer(&self, f: Value, arg: Value) -> Thunk {
        match self.realm {
            None => Thunk::apply(f, arg),
            Some(realm) => Thunk::native(move |st: &mut EvalState| {
                let outer = st.realm.replace(realm);
                let result = st.force(&f).and_then(|f| st.call(&f, arg.clone(), None));
                st.realm = outer;
                result
            }),
        }
    }

    /// The evaluation mode of the code running now.
    pub fn mode(&self) -> Mode {
        match self.realm {
            None => Mode::Impure,
            Some(id) => self.gates[id as usize].mode(),
        }
    }

    /// `import path` (`scopedImport scope path` with a scope) in realm
    /// `id`, or as open code (`None`).
    pub fn import_as(&mut self, path: &str, id: Option<u32>, scope: Option<Rc<Attrs>>) -> Result<Value> {
        let outer = std::mem::replace(&mut self.realm, id);
        let result = self.import_file(path, scope);
        self.realm = outer;
        result
    }

    /// Whether this evaluation's code is gated right now.
    pub fn is_gated(&self) -> bool {
        self.realm.is_some()
    }

    /// Whether `path` is a store object this evaluation made (a copy, a
    /// `toFile`, a derivation) or fetched, or a path inside one.
    pub fn made_here(&self, path: &str) -> bool {
        let Some(rest) = path
            .strip_prefix(self.store_dir.as_str())
            .and_then(|r| r.strip_prefix('/'))
        else {
            return false;
        };
        let object = rest.split('/').next().unwrap_or(rest);
        let top = format!("{}/{object}", self.store_dir);
        self.store_cache.references.contains_key(&top) || self.store_cache.fetched.contains(&top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbol::Symbol;

    /// Allows paths below one directory.
    struct Below(String);

    impl Gate for Below {
        fn check(&self, _: &EvalState, path: &str) -> std::result::Result<(), String> {
            if path.starts_with(&self.0) {
                Ok(())
            } else {
                Err(format!("'{path}' is outside"))
            }
        }
    }

    /// A file imported by gated code runs in the importer's realm, with the
    /// realm's scope, and so do the files it imports in turn.
    #[test]
    fn imports_from_a_realm_stay_in_it() {
        let dir = std::env::temp_dir().join(format!("engine-realm-import-{}", std::process::id()));
        let inside = dir.join("in");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::write(inside.join("a.nix"), "import ./b.nix").unwrap();
        std::fs::write(
            inside.join("b.nix"),
            "{ seen = answer; read = p: builtins.readFile p; }",
        )
        .unwrap();
        std::fs::write(dir.join("secret"), "no").unwrap();
        let mut ev = crate::Evaluator::builder().build();
        let st = &mut ev.state;
        let id = st.add_gate(Rc::new(Below(inside.to_string_lossy().into_owned())));
        let scope = Attrs::from_unsorted(vec![(Symbol::new("answer"), Value::Int(42))]);
        st.set_realm_scope(id, Rc::new(scope));
        let a = inside.join("a.nix");
        let v = st.import_in_realm(a.to_str().unwrap(), id).unwrap();
        let v = st.force_attrs(&v).unwrap();
        let seen = st.force(&v.get("seen").unwrap().clone()).unwrap();
        assert!(matches!(seen, Value::Int(42)));
        // The imported lambda reads with the realm's rights.
        let read = v.get("read").unwrap().clone();
        let read = st.force(&read).unwrap();
        let secret = Value::string(dir.join("secret").to_str().unwrap());
        let err = st.call(&read, secret, None).unwrap_err();
        assert!(err.to_string().contains("is outside"), "{err}");
        // Plain code importing the same file is not in the realm.
        let plain = ev.eval_file(inside.join("b.nix").to_str().unwrap());
        assert!(plain.is_err(), "'answer' is not in scope for plain code");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
