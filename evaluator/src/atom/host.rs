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
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, EvaluatorBuilder, Value};

use super::compose::{entry_type, AtomCx, Module, Trust};
use super::gate::AtomGate;
use super::io::{self, AtomIO};
use super::manifest::Manifest;
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
}

/// Adds the plugin to a builder: `io` (the host's file system) with the
/// embedded std mounted, and `builtins.importAtom`. Returns the builder
/// and the host that atoms of the built evaluator must be opened with.
///
/// ```
/// use std::rc::Rc;
///
/// let io = Rc::new(engine::io::StdIO::new());
/// let (builder, _host) = atom_eval::atom::install(engine::Evaluator::builder(), io, "/nix/store");
/// let mut ev = builder.build();
/// let hello = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello");
/// let v = ev.eval_expr(&format!("(builtins.importAtom {hello}).audience"), "/")?;
/// assert_eq!(ev.print(&v, true)?, "\"world\"");
/// # Ok::<(), Box<engine::Error>>(())
/// ```
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

    /// Opens the atom in `dir` (absolute, logical): its root module.
    /// `deps` are further names bound in every module.
    pub fn open(self: &Rc<Self>, st: &mut EvalState, dir: &str, deps: Vec<(Symbol, Value)>) -> Result<Rc<Module>> {
        let manifest = read_manifest(st, dir)?;
        Ok(self.open_with(dir, &manifest, deps))
    }

    /// Opens an atom whose manifest is already read.
    pub fn open_with(self: &Rc<Self>, dir: &str, manifest: &Manifest, deps: Vec<(Symbol, Value)>) -> Rc<Module> {
        let trust = if dir == io::STD_DIR {
            Trust::Library
        } else if self.impure.get() {
            Trust::Impure
        } else {
            Trust::Gated(Rc::new(AtomGate::new(dir, &self.store_dir)))
        };
        let cx = Rc::new(AtomCx {
            host: self.clone(),
            label_version: format!("{}-{}", manifest.label(), manifest.version()),
            base_scope: OnceCell::new(),
            trust,
            realm: Cell::new(None),
        });
        let root = Module::root(cx.clone(), dir);
        // std never depends on itself (`modules-spec/std.md`).
        let std = if manifest.label() == "std" {
            self.pure_value()
        } else {
            self.std()
        };
        let mut scope: Vec<(Symbol, Value)> = self.purity.top_level().collect();
        scope.extend(deps);
        scope.extend([
            (Symbol::new("atom"), root.public_value()),
            (Symbol::new("cfg"), manifest.to_nix()),
            (Symbol::new("std"), std.clone()),
            (Symbol::new("builtins"), std),
        ]);
        // Later entries win: deps over purity names, the scope's own names
        // over deps.
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
