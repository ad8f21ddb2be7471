//! Composing an atom: modules, members, scopes and the public view, all
//! lazy (`modules-spec/`).
//!
//! A [`Module`] is a directory of the atom. Its `mod` set is one engine
//! thunk: forcing it lists the directory, loads `mod.nix` and checks the
//! names, and nothing more. Each member is a further thunk that loads its
//! file (or composes its submodule) when forced. Because these are engine
//! thunks, a module that needs its own names to compute them fails with
//! `infinite recursion encountered`, as with the reference composer.
//!
//! Modules refer to each other (`pre`, `atom`, submodules) and their values
//! refer back to them, so an atom's module graph lives as long as the
//! evaluator, like every value of an evaluation.

use std::cell::{OnceCell, RefCell};
use std::path::Path;
use std::rc::Rc;

use engine::error::{Error, Result};
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, Value};

use super::Host;

/// What every module of one atom shares.
pub(crate) struct AtomCx {
    pub(crate) host: Rc<Host>,
    /// `LABEL-VERSION`, for error contexts.
    pub(crate) label_version: String,
    /// The names bound in every module besides `mod` and `pre`: the purity
    /// replacements, external dependencies, `atom`, `cfg`, `std` and
    /// `builtins`.
    pub(crate) base_scope: OnceCell<Rc<Attrs>>,
}

/// A module: a directory holding `mod.nix`.
pub struct Module {
    cx: Rc<AtomCx>,
    /// The directory, as an absolute logical path without trailing slash.
    dir: String,
    /// Exported names from the root; empty for the root.
    path: Vec<String>,
    parent: Option<Rc<Module>>,
    /// `mod`: a thunk that composes the module when forced.
    mod_value: OnceCell<Value>,
    /// The public view, set when `mod` is composed.
    public: OnceCell<Value>,
    /// Submodules by directory name, created when first reached.
    children: RefCell<Vec<(String, Rc<Module>)>>,
    /// Submodule directory names by exported name, set when composed.
    submodules: OnceCell<Vec<(String, String)>>,
    /// The names bound in its files, built once.
    scope: OnceCell<Rc<Attrs>>,
}

/// Where a definition comes from; how it is written in clash messages.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// `NAME.nix`.
    File,
    /// `NAME/` with a `mod.nix`.
    Submodule,
    /// An attribute of `mod.nix`.
    ModAttr,
}

struct Def {
    source: String,
    origin: Origin,
    /// For `mod.nix` attributes, their value.
    value: Option<Value>,
}

impl Def {
    fn describe(&self) -> String {
        match self.origin {
            Origin::File => format!("{}.nix", self.source),
            Origin::Submodule => format!("{}/", self.source),
            Origin::ModAttr => format!("mod.nix:{}", self.source),
        }
    }
}

/// Whether a source name is public, and the name it is exported under:
/// public names start with an ASCII uppercase letter, which is lowercased.
pub fn exported(name: &str) -> (bool, String) {
    match name.as_bytes().first() {
        Some(c) if c.is_ascii_uppercase() => (true, format!("{}{}", c.to_ascii_lowercase() as char, &name[1..])),
        _ => (false, name.to_owned()),
    }
}

impl Module {
    /// The root module of an atom in `dir`.
    pub(crate) fn root(cx: Rc<AtomCx>, dir: &str) -> Rc<Module> {
        Module::new(cx, dir.trim_end_matches('/').to_owned(), Vec::new(), None)
    }

    fn new(cx: Rc<AtomCx>, dir: String, path: Vec<String>, parent: Option<Rc<Module>>) -> Rc<Module> {
        let m = Rc::new(Module {
            cx,
            dir,
            path,
            parent,
            mod_value: OnceCell::new(),
            public: OnceCell::new(),
            children: RefCell::new(Vec::new()),
            submodules: OnceCell::new(),
            scope: OnceCell::new(),
        });
        let this = m.clone();
        let thunk = Thunk::native(move |st: &mut EvalState| this.compose(st));
        let _ = m.mod_value.set(Value::Thunk(thunk));
        m
    }

    /// `mod`, lazily.
    pub fn mod_value(&self) -> Value {
        self.mod_value.get().expect("set at construction").clone()
    }

    /// The public view, lazily.
    pub fn public_value(self: &Rc<Self>) -> Value {
        let this = self.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| {
            st.force(&this.mod_value())?;
            Ok(this.public.get().expect("set by compose").clone())
        }))
    }

    /// The names bound in this module's files.
    pub fn scope(&self) -> Rc<Attrs> {
        self.scope
            .get_or_init(|| {
                let base = self.cx.base_scope();
                let mut own = vec![(Symbol::new("mod"), self.mod_value())];
                if let Some(parent) = &self.parent {
                    own.push((Symbol::new("pre"), parent.mod_value()));
                }
                Rc::new(base.update(&Attrs::from_unsorted(own)))
            })
            .clone()
    }

    /// The module node `{ mod; public; scope; children; }` that the REPL
    /// and the embedding API walk.
    pub fn node(self: &Rc<Self>) -> Value {
        let this = self.clone();
        let children = Thunk::native(move |st: &mut EvalState| {
            st.force(&this.mod_value())?;
            let mut nodes = Vec::new();
            for (name, dir_name) in this.submodules.get().expect("set by compose") {
                let child = this.child(dir_name, name);
                nodes.push((Symbol::new(name), child.node()));
            }
            Ok(Value::attrs(Attrs::from_unsorted(nodes)))
        });
        Value::attrs(Attrs::from_unsorted(vec![
            (Symbol::new("mod"), self.mod_value()),
            (Symbol::new("public"), self.public_value()),
            (Symbol::new("scope"), Value::attrs((*self.scope()).clone())),
            (Symbol::new("children"), Value::Thunk(children)),
        ]))
    }

    /// The submodule in directory `dir_name`, exported as `name`.
    fn child(self: &Rc<Self>, dir_name: &str, name: &str) -> Rc<Module> {
        if let Some((_, m)) = self.children.borrow().iter().find(|(d, _)| d == dir_name) {
            return m.clone();
        }
        let mut path = self.path.clone();
        path.push(name.to_owned());
        let m = Module::new(
            self.cx.clone(),
            format!("{}/{dir_name}", self.dir),
            path,
            Some(self.clone()),
        );
        self.children.borrow_mut().push((dir_name.to_owned(), m.clone()));
        m
    }

    /// `in LABEL-VERSION at PATH`, for this module (`name` = None) or one
    /// of its members.
    fn context(&self, name: Option<&str>) -> String {
        let mut path = self.path.join(".");
        if let Some(name) = name {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
        }
        if path.is_empty() {
            path.push_str("(root)");
        }
        format!("in {} at {path}", self.cx.label_version)
    }

    /// An error of the module as a whole, worded `in L-V at PATH: MSG`.
    fn module_error(&self, msg: String) -> Box<Error> {
        Error::msg(format!("{}: {msg}", self.context(None)))
    }

    /// Loads a module file with this module's scope. Relative path literals
    /// resolve against the store directory, as with the reference's lone
    /// store copies (`modules-spec/relative-paths.md`). Errors in the file,
    /// whenever they surface, carry `context`.
    fn load(self: &Rc<Self>, st: &mut EvalState, file: &str, context: &str) -> Result<Value> {
        let bytes = st
            .io
            .read_file(Path::new(file))
            .map_err(|e| Error::msg(engine::api::io_error_message(file, &e)))?;
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        let scope = self.scope();
        let store_dir = st.store_dir.clone();
        st.sources.set_context(file, context.to_owned());
        let v = st.eval_source(text, file.to_owned(), &store_dir, Some(scope))?;
        st.force(&v)
    }

    /// Forcing `mod`: list the directory, load `mod.nix`, check the names,
    /// and build `mod` and the public view.
    fn compose(self: &Rc<Self>, st: &mut EvalState) -> Result<Value> {
        let entries = st
            .io
            .read_dir(Path::new(&self.dir))
            .map_err(|e| self.module_error(format!("cannot list '{}': {e}", self.dir)))?;
        let mut entries: Vec<_> = entries;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut defs: Vec<Def> = Vec::new();
        for (name, ty) in &entries {
            use engine::io::FileType;
            let def = match ty {
                FileType::Regular if name != "mod.nix" && name.len() > 4 && name.ends_with(".nix") => {
                    Some((name[..name.len() - 4].to_owned(), Origin::File))
                }
                FileType::Directory if st.io.path_exists(Path::new(&format!("{}/{name}/mod.nix", self.dir))) => {
                    Some((name.clone(), Origin::Submodule))
                }
                _ => None,
            };
            if let Some((source, origin)) = def {
                defs.push(Def {
                    source,
                    origin,
                    value: None,
                });
            }
        }

        let mod_file = format!("{}/mod.nix", self.dir);
        let attrs = match self
            .load(st, &mod_file, &self.context(None))
            .map_err(|e| e.context(self.context(None), None))?
        {
            Value::Attrs(a) => a,
            other => {
                return Err(self.module_error(format!(
                    "{mod_file} must evaluate to an attribute set (got {})",
                    other.type_of()
                )))
            }
        };
        defs.retain(|d| !attrs.contains(&d.source));
        defs.extend(attrs.iter().map(|(name, v)| Def {
            source: name.as_str().to_owned(),
            origin: Origin::ModAttr,
            value: Some(v.clone()),
        }));

        // Group by exported name; report the first name in trouble.
        let mut named: Vec<(String, bool, Def)> = defs
            .into_iter()
            .map(|d| {
                let (public, name) = exported(&d.source);
                (name, public, d)
            })
            .collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        for group in named.chunk_by(|a, b| a.0 == b.0) {
            let name = &group[0].0;
            let mut descs: Vec<String> = group.iter().map(|(_, _, d)| d.describe()).collect();
            descs.sort();
            // Point at the binding in mod.nix, when one is in the trouble.
            let at = |e: Box<Error>| {
                let binding = group
                    .iter()
                    .filter(|(_, _, d)| matches!(d.origin, Origin::ModAttr))
                    .find_map(|(_, _, d)| attrs.position(&d.source));
                match binding {
                    Some(span) => e.at(span),
                    None => e,
                }
            };
            if group.len() > 1 {
                let msg = format!("'{name}' is defined more than once ({})", descs.join(", "));
                return Err(at(self.module_error(msg)));
            }
            if name == "outPath" || name == "pre" {
                let msg = format!("'{name}' is a reserved name ({})", descs.join(", "));
                return Err(at(self.module_error(msg)));
            }
        }

        let mut all = Vec::with_capacity(named.len() + 2);
        let mut public = Vec::new();
        let mut submodules = Vec::new();
        for (name, is_public, def) in named {
            let value = self.member(&name, &def, &mut submodules);
            if is_public {
                public.push((Symbol::new(&name), value.clone()));
            }
            all.push((Symbol::new(&name), value));
        }
        all.push((Symbol::new("outPath"), self.out_path()));
        if let Some(parent) = &self.parent {
            all.push((Symbol::new("pre"), parent.mod_value()));
        }
        let _ = self.public.set(Value::attrs(Attrs::from_sorted(public)));
        let _ = self.submodules.set(submodules);
        Ok(Value::attrs(Attrs::from_unsorted(all)))
    }

    /// A member's value: a thunk that loads it, with the error context
    /// `in L-V at PATH.NAME` while it is forced.
    fn member(self: &Rc<Self>, name: &str, def: &Def, submodules: &mut Vec<(String, String)>) -> Value {
        let this = self.clone();
        let context = self.context(Some(name));
        match def.origin {
            Origin::Submodule => {
                submodules.push((name.to_owned(), def.source.clone()));
                let (dir_name, name) = (def.source.clone(), name.to_owned());
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    let child = this.child(&dir_name, &name);
                    let public = child.public_value();
                    st.force(&public)
                }))
            }
            Origin::File => {
                let file = format!("{}/{}.nix", self.dir, def.source);
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    this.load(st, &file, &context)
                        .map_err(|e| e.context(context.clone(), None))
                }))
            }
            Origin::ModAttr => {
                let value = def.value.clone().expect("mod.nix attributes have values");
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    st.force(&value).map_err(|e| e.context(context.clone(), None))
                }))
            }
        }
    }

    /// `mod.outPath`: the module directory without its `.nix` files and
    /// submodule directories, copied to the store when first forced
    /// (`modules-spec/store.md`).
    fn out_path(&self) -> Value {
        let dir = self.dir.clone();
        let host = self.cx.host.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| host.copy_module(st, &dir)))
    }
}

impl AtomCx {
    fn base_scope(&self) -> Rc<Attrs> {
        self.base_scope.get().expect("set when the atom is opened").clone()
    }
}
