//! The atom plugin: native composition of atoms on the engine's public API.
//!
//! - [`compose`]: modules, members, the scopes and the public view.
//! - [`purity`]: the forbidden and neutralised names.
//! - [`io`]: the host's file system plus the embedded std atom.
//!
//! A [`Host`] holds what one evaluator's atoms share: the purity values,
//! the std scope, and the atoms opened by `builtins.importAtom`.
//! [`install`] adds the plugin to an engine builder.

pub mod compose;
pub mod io;
pub mod lock;
pub mod purity;
pub mod resolve;

use std::cell::{OnceCell, RefCell};
use std::path::Path;
use std::rc::Rc;

use engine::error::{Error, Result};
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, EvaluatorBuilder, Value};

use self::compose::AtomCx;
pub use self::compose::{exported, Module};
use self::purity::Purity;
use crate::api::Manifest;

/// What the atoms of one evaluator share.
#[derive(Default)]
pub struct Host {
    purity: Purity,
    /// `builtins` with the purity replacements, without `builtins.builtins`.
    pure: OnceCell<Rc<Attrs>>,
    /// `std` as ordinary atoms see it: std's public view over `pure`.
    std: OnceCell<Value>,
    /// `std` as the std atom sees it: `pure` with `builtins` rebound.
    std_self: OnceCell<Value>,
    /// Atoms opened by `importAtom`: directory and public view.
    imported: RefCell<Vec<(String, Value)>>,
    /// The file system of [`install`], told about module copies.
    io: OnceCell<Rc<io::AtomIO>>,
}

/// Adds the plugin to a builder: `io` (the host's file system) with the
/// embedded std mounted, and `builtins.importAtom`.
///
/// ```
/// use std::rc::Rc;
///
/// let io = Rc::new(engine::io::StdIO::new());
/// let mut ev = atom_eval::atom::install(engine::Evaluator::builder(), io, "/nix/store").build();
/// let hello = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello");
/// let v = ev.eval_expr(&format!("(builtins.importAtom {hello}).audience"), "/")?;
/// assert_eq!(ev.print(&v, true)?, "\"world\"");
/// # Ok::<(), Box<engine::Error>>(())
/// ```
pub fn install(builder: EvaluatorBuilder, io: Rc<dyn engine::io::EvalIO>, store_dir: &str) -> EvaluatorBuilder {
    let host = Rc::new(Host::new());
    let io = Rc::new(io::AtomIO::new(io, store_dir));
    let _ = host.io.set(io.clone());
    builder
        .io(io)
        .builtin("importAtom", "s", move |st, args| host.import_atom(st, &args[0]))
}

impl Host {
    /// A host with nothing composed yet.
    pub fn new() -> Host {
        Host::default()
    }

    /// Opens the atom in `dir` (absolute, logical): its root module.
    /// `deps` are further names bound in every module.
    pub fn open(self: &Rc<Self>, st: &mut EvalState, dir: &str, deps: Vec<(Symbol, Value)>) -> Result<Rc<Module>> {
        let manifest = read_manifest(st, dir)?;
        Ok(self.open_with(dir, &manifest, deps))
    }

    /// Opens an atom whose manifest is already read.
    pub fn open_with(self: &Rc<Self>, dir: &str, manifest: &Manifest, deps: Vec<(Symbol, Value)>) -> Rc<Module> {
        let cx = Rc::new(AtomCx {
            host: self.clone(),
            label_version: format!("{}-{}", manifest.label(), manifest.version()),
            base_scope: OnceCell::new(),
        });
        let root = Module::root(cx.clone(), dir);
        // std never depends on itself (`modules-spec/std.md`).
        let std = if manifest.label() == "std" {
            self.std_self()
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
        let dir = engine::lower::canonicalise(&dir);
        if let Some((_, v)) = self.imported.borrow().iter().find(|(d, _)| *d == dir) {
            return Ok(v.clone());
        }
        let root = self.open(st, &dir, Vec::new())?;
        let public = root.public_value();
        self.imported.borrow_mut().push((dir, public.clone()));
        st.force(&public)
    }

    /// `builtins` with the purity replacements (`builtins.builtins` is
    /// rebound by each `std` value).
    fn pure(&self, st: &mut EvalState) -> Result<Rc<Attrs>> {
        if let Some(p) = self.pure.get() {
            return Ok(p.clone());
        }
        let builtins = st
            .global("builtins")
            .ok_or_else(|| Error::msg("no global 'builtins'"))?;
        let builtins = st.force_attrs(&builtins)?;
        let replaced = Attrs::from_unsorted(self.purity.builtins().collect());
        let pure = Rc::new(builtins.update(&replaced));
        let _ = self.pure.set(pure.clone());
        Ok(pure)
    }

    /// `std` inside the std atom (and the fallback without one): the pure
    /// builtins, with `builtins` being this very value.
    fn std_self(self: &Rc<Self>) -> Value {
        self.std_self
            .get_or_init(|| {
                let this = self.clone();
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    let pure = this.pure(st)?;
                    let me = this.std_self();
                    Ok(Value::attrs(
                        pure.update(&Attrs::from_unsorted(vec![(Symbol::new("builtins"), me)])),
                    ))
                }))
            })
            .clone()
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
                    let mut merged = Vec::with_capacity(view.len() + 1);
                    for (name, value) in view.iter() {
                        let value = match pure.get_sym(name) {
                            Some(builtin) => callable(value.clone(), builtin.clone()),
                            None => value.clone(),
                        };
                        merged.push((name, value));
                    }
                    merged.push((Symbol::new("builtins"), this.std()));
                    Ok(Value::attrs(pure.update(&Attrs::from_unsorted(merged))))
                }))
            })
            .clone()
    }

    /// Copies a module directory to the store, without its `.nix` files
    /// and submodule directories: the path of `builtins.path { name; path;
    /// filter; }` with the filter of `modules-spec/store.md`.
    fn copy_module(&self, st: &mut EvalState, dir: &str) -> Result<Value> {
        use engine::io::FileType;
        let io = st.io.clone();
        let module_dir = Path::new(dir);
        let filter = move |p: &Path, ty: FileType| {
            if p.parent() != Some(module_dir) {
                return true;
            }
            let name = p.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default();
            let excluded = match ty {
                FileType::Regular => name.len() > 4 && name.ends_with(b".nix"),
                FileType::Directory => io.path_exists(&p.join("mod.nix")),
                _ => false,
            };
            !excluded
        };
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let path = st.add_path(dir, name, Some(&filter), true)?;
        if let Some(io) = self.io.get() {
            io.remember_module(&path, module_dir);
        }
        Ok(engine::eval::store::store_path_value(path))
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
