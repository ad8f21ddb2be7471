//! [`Host`]: what the atoms of one evaluator share: the purity values, the
//! pure builtins and `std`, the atoms opened by `builtins.importAtom`, and
//! the file system that keeps track of module copies.
//!
//! [`install`] adds the plugin to an engine builder and hands back the
//! host, so that whoever builds the evaluator opens atoms through the same
//! host that `importAtom` uses.

use std::cell::{Cell, OnceCell, RefCell};
use std::path::Path;
use std::rc::Rc;

use engine::error::{Error, Result};
use engine::eval::gate::Mode;
use engine::eval::pure::{self, PureEval};
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, EvaluatorBuilder, Value};

use super::compose::{entry_type, AtomCx, Module, Trust};
use super::deps::{self, Dependent, Fetched};
use super::gate::{AtomGate, PureAtomGate};
use super::io::{self, AtomIO};
use super::manifest::{Compose, Manifest};
use super::names;
use super::purity::{self, Purity};

/// What the atoms of one evaluator share.
pub struct Host {
    purity: Purity,
    /// The builtins `std` keeps ([`purity::in_std`]).
    pure: OnceCell<Rc<Attrs>>,
    /// `std` as ordinary atoms see it: std's public view over `pure`.
    std: OnceCell<Value>,
    /// Atoms opened by `importAtom`: directory and public view.
    imported: RefCell<Vec<(String, Value)>>,
    /// The evaluator's file system, told about module copies.
    io: Rc<AtomIO>,
    /// The logical store directory.
    store_dir: String,
    /// `--impure`: atoms may read anything.
    impure: Cell<bool>,
    /// Where dependencies are fetched with (set by the driver).
    fetcher: RefCell<Option<FetcherSource>>,
    /// Dependency atoms composed so far, by directory.
    dependencies: RefCell<Vec<(String, Rc<Module>)>>,
    /// Every dependency source resolved so far: pins' plain Nix may read
    /// them ([`PureEval`]).
    fetched: Fetched,
    /// The names pins' plain Nix sees over the globals (pure evaluation).
    pure_scope: OnceCell<Rc<Attrs>>,
    /// The realm of each pin source imported from, by its logical path.
    pure_realms: RefCell<Vec<(String, u32)>>,
}

/// Gives the fetcher dependencies are fetched with, opening it on first
/// use (so evaluations that fetch nothing create nothing).
pub type FetcherSource = Rc<dyn Fn() -> std::result::Result<fetch::Fetcher, String>>;

/// Adds the plugin to a builder: `io` (the host's file system) with the
/// embedded std mounted, and `builtins.importAtom`. Returns the builder
/// and the host that atoms of the built evaluator must be opened with.
pub fn install(
    builder: EvaluatorBuilder,
    io: Rc<dyn engine::io::EvalIO>,
    store_dir: &str,
) -> (EvaluatorBuilder, Rc<Host>) {
    let io = Rc::new(AtomIO::new(io, store_dir));
    let host = Rc::new(Host {
        purity: Purity::new(),
        pure: OnceCell::new(),
        std: OnceCell::new(),
        imported: RefCell::new(Vec::new()),
        io: io.clone(),
        store_dir: store_dir.to_owned(),
        impure: Cell::new(false),
        fetcher: RefCell::new(None),
        dependencies: RefCell::new(Vec::new()),
        fetched: Rc::new(RefCell::new(Vec::new())),
        pure_scope: OnceCell::new(),
        pure_realms: RefCell::new(Vec::new()),
    });
    let importer = host.clone();
    let builder = builder
        .io(io)
        .builtin("importAtom", "s", move |st, args| importer.import_atom(st, &args[0]));
    (builder, host)
}

impl Host {
    /// Lifts the path rules for the atoms opened from now on (`--impure`):
    /// their code may read anything, as plain Nix may.
    pub fn set_impure(&self, impure: bool) {
        self.impure.set(impure);
    }

    /// Sets what dependencies are fetched with (the driver's fetcher, so
    /// `--offline` and the store root apply to them too).
    pub fn set_fetcher(&self, fetcher: FetcherSource) {
        *self.fetcher.borrow_mut() = Some(fetcher);
    }

    /// The fetcher for dependencies.
    pub(crate) fn fetcher(&self) -> std::result::Result<fetch::Fetcher, String> {
        match &*self.fetcher.borrow() {
            Some(source) => source(),
            None => Err("this evaluator has no fetcher (no store root)".into()),
        }
    }

    /// The logical store directory.
    pub(crate) fn store_dir(&self) -> &str {
        &self.store_dir
    }

    /// Records a resolved dependency source, by its spellings.
    pub(crate) fn note_dependency_source(&self, spellings: &[String]) {
        let mut fetched = self.fetched.borrow_mut();
        for s in spellings {
            if !fetched.contains(s) {
                fetched.push(s.clone());
            }
        }
    }

    /// Opens the atom in `dir` (absolute, logical): its root module.
    /// `deps` are further names bound in every module. Its lock is read
    /// and checked against the manifest now.
    pub fn open(self: &Rc<Self>, st: &mut EvalState, dir: &str, deps: Vec<(Symbol, Value)>) -> Result<Rc<Module>> {
        let manifest = read_manifest(st, dir)?;
        manifest.read_lock().map_err(|e| Error::msg(e.to_string()))?;
        Ok(self.open_with(dir, &manifest, deps))
    }

    /// Opens an atom whose manifest is already read. `externs` are further
    /// names bound in every module (over `deps`).
    pub fn open_with(self: &Rc<Self>, dir: &str, manifest: &Manifest, externs: Vec<(Symbol, Value)>) -> Rc<Module> {
        let chain = vec![deps::Link::root(manifest)];
        self.open_atom(dir, manifest.clone(), externs, chain)
    }

    /// A dependency atom in `dir` (a local directory or a fetched store
    /// path), composed once per evaluation.
    pub(crate) fn open_dependency(
        self: &Rc<Self>,
        dir: &str,
        manifest: Manifest,
        chain: Vec<Rc<deps::Link>>,
    ) -> Rc<Module> {
        if let Some((_, m)) = self.dependencies.borrow().iter().find(|(d, _)| d == dir) {
            return m.clone();
        }
        let root = self.open_atom(dir, manifest, Vec::new(), chain);
        self.dependencies.borrow_mut().push((dir.to_owned(), root.clone()));
        root
    }

    /// Opens the atom in `dir`: its root module is the manifest's `entry`
    /// below `dir`, its gate is `dir`.
    fn open_atom(
        self: &Rc<Self>,
        dir: &str,
        manifest: Manifest,
        externs: Vec<(Symbol, Value)>,
        chain: Vec<Rc<deps::Link>>,
    ) -> Rc<Module> {
        let dir = dir.trim_end_matches('/');
        let mut gate = None;
        let trust = if dir == io::STD_DIR {
            Trust::Library
        } else if self.impure.get() {
            Trust::Impure
        } else {
            let g = Rc::new(AtomGate::new(dir, &self.store_dir));
            gate = Some(g.clone());
            Trust::Gated(g)
        };
        let label_version = format!("{}-{}", manifest.label(), manifest.version());
        let cx = Rc::new(AtomCx {
            host: self.clone(),
            label_version: label_version.clone(),
            base_scope: OnceCell::new(),
            trust,
            realm: Cell::new(None),
            composed_as: OnceCell::new(),
        });
        let root_dir = match manifest.entry() {
            "." | "" => dir.to_owned(),
            entry => format!("{dir}/{}", entry.trim_end_matches('/')),
        };
        let root = Module::root(cx.clone(), &root_dir);
        // std never depends on itself (`modules-spec/std.md`).
        let std = if manifest.label() == "std" {
            self.pure_value()
        } else {
            self.std()
        };
        let cfg = cfg_value(&manifest);
        let compose = manifest.compose().clone();
        let table = matches!(compose, Compose::Static).then(|| manifest.to_nix());
        let deps = deps::scope(
            self,
            Rc::new(Dependent {
                label_version,
                manifest,
                chain,
                gate,
            }),
        );
        let composed_as = match compose {
            Compose::Static => table,
            Compose::Nix(file) => Some(self.compose_as_nix(&cx, format!("{dir}/{file}"), deps.clone(), cfg.clone())),
            Compose::Native | Compose::With { .. } => None,
        };
        if let Some(v) = composed_as {
            let _ = cx.composed_as.set(v);
        }
        let mut scope: Vec<(Symbol, Value)> = self.purity.top_level().collect();
        scope.push((Symbol::new("deps"), deps));
        scope.extend(externs);
        scope.extend([
            (Symbol::new("atom"), root.public_value()),
            (Symbol::new("cfg"), cfg),
            (Symbol::new("std"), std.clone()),
            (Symbol::new("builtins"), std),
        ]);
        // Later entries win: deps over purity names, externs over deps, the
        // scope's own names over externs.
        let mut dedup: Vec<(Symbol, Value)> = Vec::with_capacity(scope.len());
        for (name, value) in scope {
            match dedup.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => dedup.push((name, value)),
            }
        }
        let _ = cx.base_scope.set(Rc::new(Attrs::from_unsorted(dedup)));
        root
    }

    /// `[compose.as] nix = FILE`: the file evaluated as plain Nix with
    /// `atoms` (the atom's `deps`) and `cfg` in scope. It is the atom's
    /// code, so it obeys the atom's gate; as plain Nix it runs in pure
    /// evaluation mode (`import` works within what the gate allows; the
    /// clock, the environment, the current system and `<...>` lookups
    /// are refused, and fetchers fetch only what is locked), and the files
    /// it imports see the same names (`modules-spec/dependencies.md`).
    fn compose_as_nix(self: &Rc<Self>, cx: &Rc<AtomCx>, file: String, atoms: Value, cfg: Value) -> Value {
        let this = self.clone();
        let cx = cx.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| {
            let names = Attrs::from_unsorted(vec![
                (Symbol::new("atoms"), atoms.clone()),
                (Symbol::new("cfg"), cfg.clone()),
            ]);
            let v = match &cx.trust {
                Trust::Gated(gate) => {
                    let id = st.add_gate(Rc::new(PureAtomGate(gate.clone())));
                    let scope = this.pure_scope(st)?.update(&names);
                    st.set_realm_scope(id, Rc::new(scope));
                    st.import_as(&file, Some(id), None)?
                }
                Trust::Library | Trust::Impure => st.import_as(&file, None, Some(Rc::new(names)))?,
            };
            st.force(&v)
        }))
    }

    /// The names pure evaluation mode changes ([`pure::scope`]), made once.
    fn pure_scope(&self, st: &mut EvalState) -> Result<Rc<Attrs>> {
        if let Some(s) = self.pure_scope.get() {
            return Ok(s.clone());
        }
        let s = pure::scope(st, Mode::Pure)?;
        let _ = self.pure_scope.set(s.clone());
        Ok(s)
    }

    /// The realm in which a pin's plain Nix (whose source is spelt
    /// `roots`, the logical path first) runs: C++ Nix's pure evaluation
    /// mode, one gate per source; `None` (open, as plain Nix) under
    /// `--impure`.
    pub(crate) fn pure_realm(&self, st: &mut EvalState, roots: Vec<String>) -> Result<Option<u32>> {
        if self.impure.get() {
            return Ok(None);
        }
        if let Some((_, id)) = self.pure_realms.borrow().iter().find(|(r, _)| *r == roots[0]) {
            return Ok(Some(*id));
        }
        let scope = self.pure_scope(st)?;
        let key = roots[0].clone();
        let id = st.add_gate(Rc::new(PureEval::new(Mode::Pure, roots, self.fetched.clone())));
        st.set_realm_scope(id, scope);
        self.pure_realms.borrow_mut().push((key, id));
        Ok(Some(id))
    }

    /// `builtins.importAtom PATH`: the public view of the atom in `PATH`.
    fn import_atom(self: &Rc<Self>, st: &mut EvalState, arg: &Value) -> Result<Value> {
        let dir = match arg {
            Value::Path(p) => p.to_string(),
            other => {
                let s = st.coerce_to_string(other, engine::eval::CoerceMode::Interpolation, false)?;
                s.to_str_lossy().into_owned()
            }
        };
        if !dir.starts_with('/') {
            return Err(Error::msg(format!("importAtom: '{dir}' is not an absolute path")));
        }
        let dir = engine::api::canonicalise(&dir);
        // Code in a gated realm (pure or restricted plain Nix, an atom)
        // imports only atoms it may read.
        st.check_access(&dir)?;
        let cached = self
            .imported
            .borrow()
            .iter()
            .find(|(d, _)| *d == dir)
            .map(|(_, v)| v.clone());
        if let Some(v) = cached {
            return st.force(&v);
        }
        let root = self.open(st, &dir, Vec::new())?;
        let public = root.public_value();
        self.imported.borrow_mut().push((dir, public.clone()));
        st.force(&public)
    }

    /// The builtins `std` keeps, without `builtins` itself.
    fn pure(&self, st: &mut EvalState) -> Result<Rc<Attrs>> {
        if let Some(p) = self.pure.get() {
            return Ok(p.clone());
        }
        let builtins = st
            .global("builtins")
            .ok_or_else(|| Error::msg("no global 'builtins'"))?;
        let builtins = st.force_attrs(&builtins)?;
        let kept = builtins
            .iter()
            .filter(|(name, _)| purity::in_std(name.as_str()))
            .map(|(name, v)| (name, v.clone()))
            .collect();
        let pure = Rc::new(Attrs::from_sorted(kept));
        let _ = self.pure.set(pure.clone());
        Ok(pure)
    }

    /// `std` inside the std atom: the pure builtins alone.
    fn pure_value(self: &Rc<Self>) -> Value {
        let this = self.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| {
            Ok(Value::Attrs(this.pure(st)?))
        }))
    }

    /// `std` in ordinary atoms: std's public view merged over the pure
    /// builtins (`modules-spec/scopes.md`). Where a builtin has the name of
    /// a std set, the set becomes callable as the builtin; that check is
    /// inside each attribute's thunk, so building `std` forces no member.
    fn std(self: &Rc<Self>) -> Value {
        self.std
            .get_or_init(|| {
                let this = self.clone();
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    let pure = this.pure(st)?;
                    let root = this.open(st, io::STD_DIR, Vec::new())?;
                    let view = st.force_attrs(&root.public_value())?;
                    let merged = view
                        .iter()
                        .map(|(name, value)| {
                            let value = match pure.get_sym(name) {
                                Some(builtin) => callable(value.clone(), builtin.clone()),
                                None => value.clone(),
                            };
                            (name, value)
                        })
                        .collect();
                    Ok(Value::attrs(pure.update(&Attrs::from_unsorted(merged))))
                }))
            })
            .clone()
    }

    /// Copies a module directory to the store, without what the naming
    /// rules leave out of a copy ([`names::left_out_of_copy`]): the path
    /// of `builtins.path { name; path; filter; }` (`modules-spec/store.md`).
    pub(crate) fn copy_module(&self, st: &mut EvalState, dir: &str) -> Result<Value> {
        let io = st.io.clone();
        let module_dir = Path::new(dir);
        let filter = move |p: &Path, ty: engine::io::FileType| {
            if p.parent() != Some(module_dir) {
                return true;
            }
            let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            !names::left_out_of_copy(&name, entry_type(ty), || io.path_exists(&p.join(names::MOD_FILE)))
        };
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let path = st.add_path(dir, name, Some(&filter), true)?;
        self.io.remember_module(&path, module_dir);
        Ok(engine::api::store_path_value(path))
    }
}

/// A std value that shares its name with a builtin: a set becomes
/// callable as the builtin, anything else stays as it is.
fn callable(value: Value, builtin: Value) -> Value {
    Value::Thunk(Thunk::native(move |st: &mut EvalState| {
        let forced = st.force(&value)?;
        let Value::Attrs(attrs) = &forced else {
            return Ok(forced);
        };
        let builtin = builtin.clone();
        let functor = engine::builtins::make_primop(
            "__functor",
            "l",
            Rc::new(move |_: &mut EvalState, _: &[Value]| Ok(builtin.clone())),
        );
        Ok(Value::attrs(attrs.update(&Attrs::from_unsorted(vec![(
            Symbol::new("__functor"),
            functor,
        )]))))
    }))
}

/// `cfg`: for a locked manifest, what eka's locker passes, `{ package =
/// <the [package] table>; }`; otherwise (a legacy `[atom]` manifest, or
/// one without a lock) the whole table, as the reference's `importAtom`
/// passes it.
fn cfg_value(manifest: &Manifest) -> Value {
    let locked = manifest.path().with_file_name("atom.lock").is_file();
    match manifest.table().get("package") {
        Some(package) if locked => {
            let mut table = toml::Table::new();
            table.insert("package".into(), package.clone());
            super::manifest::toml_value(&toml::Value::Table(table))
        }
        _ => manifest.to_nix(),
    }
}

/// Reads `DIR/atom.toml` through the evaluator's file system.
fn read_manifest(st: &mut EvalState, dir: &str) -> Result<Manifest> {
    let path = format!("{dir}/atom.toml");
    let bytes = st.io.read_file(Path::new(&path)).map_err(|e| {
        Error::msg(format!(
            "'{dir}' is not an atom: {}",
            engine::api::io_error_message(&path, &e)
        ))
    })?;
    Manifest::parse(path, &String::from_utf8_lossy(&bytes)).map_err(|e| Error::msg(e.to_string()))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    #[test]
    fn install_adds_import_atom_to_a_plain_builder() {
        let io = Rc::new(engine::io::StdIO::new());
        let (builder, _host) = super::install(engine::Evaluator::builder(), io, "/nix/store");
        let mut ev = builder.build();
        let hello = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello");
        let v = ev
            .eval_expr(&format!("(builtins.importAtom {hello}).audience"), "/")
            .expect("evaluates");
        assert_eq!(ev.print(&v, true).expect("prints"), "\"world\"");
    }
}
