//! The `deps` scope (`modules-spec/dependencies.md`): an atom's locked
//! dependencies as one more top-level name in every module, shaped as
//! eka's Nix-side locker shapes it:
//!
//! - `deps.from.<set-tag>.<label>`: the dependency atom's public view,
//!   composed natively with its own manifest, lock and `deps`;
//! - `deps.pins.<name> = { src; import = p: ...; }` for `nix`, `nix+tar`
//!   and `nix+git` entries, where `import` evaluates `src + "/" + p` as
//!   plain Nix in pure-evaluation mode;
//! - `deps.get.<name> = { src; }` for `nix+src` entries.
//!
//! Everything is a thunk: the lock is read when `deps` is first used, and
//! a dependency is resolved (and fetched) only when its value is reached.
//! Once resolved, its source is allowed by the dependent atom's gate.

use std::cell::{OnceCell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;

use engine::error::{Error, Result};
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, Value};

use super::gate::AtomGate;
use super::host::Host;
use super::lock::{Lock, LockedDep};
use super::manifest::Manifest;
use super::resolve::{self, Resolved};

/// The atom whose `deps` these are.
pub(crate) struct Dependent {
    /// `LABEL-VERSION`, for errors.
    pub(crate) label_version: String,
    /// Its manifest (on disk: the lock is read beside it, and `ekala.toml`
    /// is looked for above it).
    pub(crate) manifest: Manifest,
    /// The atoms that led to it, the root first and itself last: a
    /// dependency already in the chain is a cycle.
    pub(crate) chain: Vec<Rc<Link>>,
    /// Its gate, told about each dependency source as it is resolved
    /// (`None`: the atom may read anything anyway).
    pub(crate) gate: Option<Rc<AtomGate>>,
}

/// One atom on the way to a dependency, known by its identity: its ID
/// (which eka derives from its repository's root commit and its label)
/// and its version. Two atoms that share a label and a version but come
/// from different repositories are different atoms.
pub(crate) struct Link {
    /// `LABEL-VERSION`, for the message.
    shown: String,
    version: String,
    /// The ID: from the lock for a dependency; computed on first need for
    /// the root atom (`None` outside a repository with its whole history).
    id: OnceCell<Option<String>>,
    /// Where the root atom is, to compute its ID from.
    root: Option<(PathBuf, String)>,
}

impl Link {
    /// The atom opened first, from its manifest.
    pub(crate) fn root(manifest: &Manifest) -> Rc<Link> {
        let dir = manifest.path().parent().unwrap_or(std::path::Path::new(".")).to_owned();
        Rc::new(Link {
            shown: format!("{}-{}", manifest.label(), manifest.version()),
            version: manifest.version().to_owned(),
            id: OnceCell::new(),
            root: Some((dir, manifest.label().to_owned())),
        })
    }

    /// A dependency the lock names by `id`.
    fn dependency(manifest: &Manifest, id: &str) -> Rc<Link> {
        let link = Link {
            shown: format!("{}-{}", manifest.label(), manifest.version()),
            version: manifest.version().to_owned(),
            id: OnceCell::new(),
            root: None,
        };
        let _ = link.id.set(Some(id.to_owned()));
        Rc::new(link)
    }

    fn id(&self) -> Option<&str> {
        self.id
            .get_or_init(|| {
                let (dir, label) = self.root.as_ref()?;
                let commit = super::id::complete_root_commit(dir)?;
                Some(super::id::atom_id(commit.as_bytes(), label))
            })
            .as_deref()
    }

    /// Whether both are the same atom at the same version.
    fn same(&self, other: &Link) -> bool {
        self.version == other.version && matches!((self.id(), other.id()), (Some(a), Some(b)) if a == b)
    }
}

/// The `deps` value of `who`: the lock is read when it is forced.
pub(crate) fn scope(host: &Rc<Host>, who: Rc<Dependent>) -> Value {
    let host = host.clone();
    Value::Thunk(Thunk::native(move |_: &mut EvalState| {
        let lock = who
            .manifest
            .read_lock()
            .map_err(|e| Error::msg(format!("in {}: {e}", who.label_version)))?;
        Ok(build(&host, &who, lock))
    }))
}

fn build(host: &Rc<Host>, who: &Rc<Dependent>, lock: Option<Lock>) -> Value {
    let mut from: Vec<(String, Vec<(Symbol, Value)>)> = Vec::new();
    let mut pins = Vec::new();
    let mut get = Vec::new();
    if let Some(lock) = lock {
        let lock = Rc::new(lock);
        for index in 0..lock.deps.len() {
            let dep = Rc::new(Dep {
                host: host.clone(),
                who: who.clone(),
                lock: lock.clone(),
                index,
                resolved: OnceCell::new(),
            });
            let locked = &lock.deps[index].dep;
            let name = Symbol::new(locked.name());
            match locked {
                LockedDep::Atom(atom) => {
                    let tag = lock
                        .set(atom.set)
                        .map(|s| s.tag.clone())
                        .unwrap_or_else(|| atom.set.to_string());
                    let view = Value::Thunk(Thunk::native(move |st: &mut EvalState| dep.atom_view(st)));
                    match from.iter_mut().find(|(t, _)| *t == tag) {
                        Some((_, members)) => members.push((name, view)),
                        None => from.push((tag, vec![(name, view)])),
                    }
                }
                LockedDep::Nix(_) | LockedDep::NixTar(_) | LockedDep::NixGit(_) => {
                    let import_dep = dep.clone();
                    let import = engine::builtins::make_primop(
                        "import",
                        "s",
                        Rc::new(move |st: &mut EvalState, args: &[Value]| import_dep.import(st, &args[0])),
                    );
                    pins.push((name, set(vec![("src", dep.src()), ("import", import)])));
                }
                LockedDep::NixSrc(_) => get.push((name, set(vec![("src", dep.fetchurl())]))),
            }
        }
    }
    let from = from
        .into_iter()
        .map(|(tag, members)| (Symbol::new(&tag), Value::attrs(Attrs::from_unsorted(members))))
        .collect();
    Value::attrs(Attrs::from_unsorted(vec![
        (Symbol::new("from"), Value::attrs(Attrs::from_unsorted(from))),
        (Symbol::new("pins"), Value::attrs(Attrs::from_unsorted(pins))),
        (Symbol::new("get"), Value::attrs(Attrs::from_unsorted(get))),
    ]))
}

fn set(entries: Vec<(&str, Value)>) -> Value {
    Value::attrs(Attrs::from_unsorted(
        entries.into_iter().map(|(n, v)| (Symbol::new(n), v)).collect(),
    ))
}

/// One locked dependency of one atom, resolved at most once.
struct Dep {
    host: Rc<Host>,
    who: Rc<Dependent>,
    lock: Rc<Lock>,
    index: usize,
    resolved: OnceCell<Source>,
}

/// A resolved dependency, with the spellings of its source.
struct Source {
    resolved: Resolved,
    /// Where evaluation sees it: the logical store path, or the local
    /// directory.
    logical: String,
    /// Where it is on disk.
    disk: PathBuf,
}

impl Dep {
    fn locked(&self) -> &LockedDep {
        &self.lock.deps[self.index].dep
    }

    /// An error about this dependency, naming the atom that declares it.
    fn error(&self, msg: impl std::fmt::Display) -> Box<Error> {
        Error::msg(format!("in {}: {msg}", self.who.label_version))
    }

    /// Resolves (fetching if needed) and lets the dependent atom read it.
    fn resolve(&self) -> Result<&Source> {
        if let Some(s) = self.resolved.get() {
            return Ok(s);
        }
        let fetcher = self.host.fetcher().map_err(|e| {
            self.error(format_args!(
                "cannot resolve dependency '{}': {e}",
                self.locked().name()
            ))
        })?;
        let atom_dir = self.who.manifest.path().parent().unwrap_or(std::path::Path::new("."));
        let resolved = resolve::resolve(&fetcher, atom_dir, &self.lock, self.locked()).map_err(|e| self.error(e))?;
        let (logical, disk) = match &resolved {
            Resolved::LocalAtom { dir, .. } => (dir.to_string_lossy().into_owned(), dir.clone()),
            Resolved::FetchedAtom { path, dir, .. } | Resolved::Source { path, dir, .. } => {
                (format!("{}/{path}", self.host.store_dir()), dir.clone())
            }
        };
        let mut spellings = vec![logical.clone(), disk.to_string_lossy().into_owned()];
        if let Ok(real) = std::fs::canonicalize(&disk) {
            spellings.push(real.to_string_lossy().into_owned());
        }
        if let Some(gate) = &self.who.gate {
            gate.allow_dependency(&spellings);
        }
        self.host.note_dependency_source(&spellings);
        Ok(self.resolved.get_or_init(|| Source {
            resolved,
            logical,
            disk,
        }))
    }

    /// `src`: the source's store path, with its context.
    fn src(self: &Rc<Self>) -> Value {
        let this = self.clone();
        Value::Thunk(Thunk::native(move |_: &mut EvalState| {
            Ok(engine::api::store_path_value(this.resolve()?.logical.clone()))
        }))
    }

    /// `get.<name>.src`: `<nix/fetchurl.nix>`'s derivation, its output
    /// fetched when a context needs it.
    fn fetchurl(self: &Rc<Self>) -> Value {
        let this = self.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| {
            let LockedDep::NixSrc(pin) = this.locked() else {
                return Err(this.error("only a nix+src entry is a fetchurl derivation"));
            };
            let drv = super::fetchurl::derivation(st, &pin.url, &pin.hash_text)?;
            let drv_path = super::fetchurl::drv_path(st, &drv)?;
            let me = this.clone();
            super::fetchurl::realise_by(st, &drv_path, move || me.resolve().map(drop));
            Ok(drv)
        }))
    }

    /// `pins.<name>.import p`: `src + "/" + p` as plain Nix in pure
    /// evaluation mode.
    fn import(&self, st: &mut EvalState, arg: &Value) -> Result<Value> {
        let source = self.resolve()?;
        let rel = st.coerce_to_string(arg, engine::eval::CoerceMode::Interpolation, false)?;
        let path = engine::api::canonicalise(&format!("{}/{}", source.logical, rel.to_str_lossy()));
        let realm = self.host.pure_realm(
            st,
            vec![source.logical.clone(), source.disk.to_string_lossy().into_owned()],
        )?;
        st.import_as(&path, realm, None)
    }

    /// `from.<set>.<label>`: the atom composed natively, its public view.
    fn atom_view(&self, st: &mut EvalState) -> Result<Value> {
        let source = self.resolve()?;
        if let Resolved::Source { .. } = source.resolved {
            return Err(self.error("a plain-Nix source is not an atom"));
        }
        let manifest = Manifest::read(&source.disk)
            .map_err(|e| self.error(format_args!("dependency '{}': {e}", self.locked().name())))?;
        let LockedDep::Atom(locked) = self.locked() else {
            return Err(self.error("a plain-Nix source is not an atom"));
        };
        let me = Link::dependency(&manifest, &locked.id);
        let mut chain = self.who.chain.clone();
        let cycle = chain.iter().any(|link| link.same(&me));
        chain.push(me);
        if cycle {
            let shown: Vec<&str> = chain.iter().map(|l| l.shown.as_str()).collect();
            return Err(Error::msg(format!("dependency cycle: {}", shown.join(" -> "))));
        }
        let root = self.host.open_dependency(&source.logical, manifest, chain);
        st.force(&root.public_value())
    }
}

/// The dependency sources this evaluation resolved, shared by the pure
/// gates of pins: a pin's code may read what the evaluation fetched.
pub(crate) type Fetched = Rc<RefCell<Vec<String>>>;
