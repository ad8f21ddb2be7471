//! C++ Nix's pure and restricted evaluation modes (`pure-eval`,
//! `restrict-eval`) as a [`Gate`] and the names its code sees: a host
//! registers a [`PureEval`] gate, layers [`scope`] over the globals for it
//! ([`EvalState::set_realm_scope`]), and evaluates files in that realm.
//! The command line's `--option pure-eval true` and an atom's pins
//! (`deps.pins.<name>.import`) are both such realms.
//!
//! What C++ Nix 2.26 does, and so what these do:
//! - paths: only the allowed directories (the search path's in restricted
//!   mode, a pin's source), store objects this evaluation made or fetched,
//!   and the ancestors of allowed directories on the way to them; a
//!   refusal names the first directory of the path that is refused
//!   (`access to absolute path '/etc' is forbidden in pure evaluation mode
//!   (use '--impure' to override)`), and `pathExists` of it is `false`;
//! - pure mode: `currentSystem` and `currentTime` are missing, `getEnv`
//!   gives `""`, `nixPath` is `[ ]`, `<...>` lookups and `storePath` are
//!   refused, fetchers refuse unlocked fetches;
//! - restricted mode: `getEnv` gives `""`, fetchers refuse every URL.

use std::cell::RefCell;
use std::rc::Rc;

use super::gate::{Gate, Mode};
use super::{CoerceMode, EvalState};
use crate::error::{Error, Result};
use crate::symbol::Symbol;
use crate::value::{Attrs, Thunk, Value};

/// The gate of a pure or restricted realm.
pub struct PureEval {
    mode: Mode,
    /// Directories the code may read, fixed when the gate is made.
    roots: Vec<String>,
    /// Further directories, allowed as the host learns them (the
    /// dependency sources an evaluation resolves).
    more: Rc<RefCell<Vec<String>>>,
}

impl PureEval {
    /// A gate of `mode` (pure or restricted) that allows `roots` (absolute,
    /// canonical) and whatever `more` holds when a path is checked.
    pub fn new(mode: Mode, roots: Vec<String>, more: Rc<RefCell<Vec<String>>>) -> PureEval {
        PureEval { mode, roots, more }
    }

    fn roots(&self) -> impl Iterator<Item = String> + '_ {
        let more = self.more.borrow().clone();
        self.roots.iter().cloned().chain(more)
    }

    /// The first directory on the way to `path` (or `path` itself) that
    /// is neither allowed nor an ancestor of an allowed one: what C++
    /// Nix's refusal names.
    fn first_refused(&self, path: &str) -> String {
        let mut prefix = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            prefix.push('/');
            prefix.push_str(part);
            if !self.roots().any(|root| below(&root, &prefix)) {
                return prefix;
            }
        }
        if prefix.is_empty() {
            "/".into()
        } else {
            prefix
        }
    }
}

/// The refusal of `path` in `mode`, in C++ Nix's words.
pub fn refusal(mode: Mode, path: &str) -> String {
    match mode {
        Mode::Restricted => format!("access to absolute path '{path}' is forbidden in restricted mode"),
        _ => format!(
            "access to absolute path '{path}' is forbidden in pure evaluation mode (use '--impure' to override)"
        ),
    }
}

impl Gate for PureEval {
    fn check(&self, st: &EvalState, path: &str) -> std::result::Result<(), String> {
        if self.roots().any(|root| below(path, &root)) || st.made_here(path) {
            return Ok(());
        }
        Err(refusal(self.mode, &self.first_refused(path)))
    }

    fn mode(&self) -> Mode {
        self.mode
    }
}

/// Whether `path` is `root` or below it.
fn below(path: &str, root: &str) -> bool {
    path.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || root == "/")
}

/// What a realm of `mode` changes in the globals, as C++ Nix does: the
/// names to layer over them (`builtins` included).
pub fn scope(st: &mut EvalState, mode: Mode) -> Result<Rc<Attrs>> {
    let builtins = st
        .global("builtins")
        .ok_or_else(|| Error::msg("no global 'builtins'"))?;
    let builtins = st.force_attrs(&builtins)?;
    let primop = |name: &str, params: &str, f: crate::value::PrimOpFn| crate::builtins::make_primop(name, params, f);
    let get_env = primop(
        "getEnv",
        "s",
        Rc::new(|st: &mut EvalState, args: &[Value]| {
            st.force(&args[0])?;
            Ok(Value::string(""))
        }),
    );
    let mut replaced: Vec<(&str, Option<Value>)> = vec![("getEnv", Some(get_env))];
    if mode == Mode::Pure {
        let store_path = primop(
            "storePath",
            "s",
            Rc::new(|_: &mut EvalState, _: &[Value]| {
                Err(Error::msg(
                    "'builtins.storePath' is not allowed in pure evaluation mode",
                ))
            }),
        );
        let real_find_file = builtins.get("findFile").cloned();
        let find_file = primop(
            "findFile",
            "ss",
            Rc::new(move |st: &mut EvalState, args: &[Value]| {
                let search = st.force_list(&args[0])?;
                if search.is_empty() {
                    let name = st.force(&args[1])?;
                    let name = st.coerce_to_string(&name, CoerceMode::Interpolation, false)?;
                    return Err(Error::msg(format!(
                        "cannot look up '<{}>' in pure evaluation mode (use '--impure' to override)",
                        name.to_str_lossy()
                    )));
                }
                let real = real_find_file
                    .clone()
                    .ok_or_else(|| Error::msg("no builtin 'findFile'"))?;
                let f = st.call(&real, args[0].clone(), None)?;
                st.call(&f, args[1].clone(), None)
            }),
        );
        replaced.extend([
            ("storePath", Some(store_path)),
            ("findFile", Some(find_file)),
            ("nixPath", Some(Value::list(Vec::new()))),
            ("currentSystem", None),
            ("currentTime", None),
        ]);
    }
    // `builtins.builtins` is the changed set itself.
    let this: Rc<std::cell::OnceCell<Value>> = Rc::new(std::cell::OnceCell::new());
    let me = this.clone();
    let self_ref = Value::Thunk(Thunk::native(move |_: &mut EvalState| {
        Ok(me.get().cloned().expect("set below"))
    }));
    let kept: Vec<(Symbol, Value)> = builtins
        .iter()
        .filter_map(|(name, v)| match replaced.iter().find(|(n, _)| *n == name.as_str()) {
            Some((_, Some(new))) => Some((name, new.clone())),
            Some((_, None)) => None,
            None if name.as_str() == "builtins" => Some((name, self_ref.clone())),
            None => Some((name, v.clone())),
        })
        .collect();
    let changed = Value::attrs(Attrs::from_unsorted(kept));
    let _ = this.set(changed.clone());
    // The `__` globals of the changed names follow them.
    let mut names = vec![(Symbol::new("builtins"), changed)];
    for (name, value) in replaced {
        let global = Symbol::new(&format!("__{name}"));
        let value = value.unwrap_or_else(|| {
            let message = format!("undefined variable '__{name}'");
            Value::Thunk(Thunk::native(move |_: &mut EvalState| Err(Error::msg(message.clone()))))
        });
        names.push((global, value));
    }
    Ok(Rc::new(Attrs::from_unsorted(names)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_first_refused_directory() {
        let more = Rc::new(RefCell::new(vec!["/work/b/allowed".to_owned()]));
        let gate = PureEval::new(Mode::Pure, vec!["/src".into()], more);
        assert_eq!(gate.first_refused("/etc/hostname"), "/etc");
        assert_eq!(gate.first_refused("/work/b/other/x"), "/work/b/other");
        assert_eq!(gate.first_refused("/work"), "/work");
        assert_eq!(gate.first_refused("/"), "/");
    }
}
