//! Composing an atom at evaluation time: modules, members, scopes and the
//! public view, all lazy (`modules-spec/`).
//!
//! A [`Module`] is a directory of the atom. Its `mod` set is one engine
//! thunk: forcing it lists the directory, loads `mod.nix` and resolves the
//! names ([`super::names::resolve`]), and nothing more. Each member is a
//! further thunk that loads its file (or composes its submodule) when
//! forced. Because these are engine thunks, a module that needs its own
//! names to compute them fails with `infinite recursion encountered`, as
//! with the reference composer.
//!
//! Modules refer to each other (`pre`, `atom`, submodules) and their values
//! refer back to them, so an atom's module graph lives as long as the
//! evaluator, like every value of an evaluation.

use std::cell::{Cell, OnceCell, RefCell};
use std::path::Path;
use std::rc::Rc;

use engine::error::{Error, Result};
use engine::source::{Origin, Realm};
use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::{EvalState, Value};

use super::error::AtomError;
use super::gate::AtomGate;
use super::host::Host;
use super::names::{self, Definition, Entry, EntryType, MemberKind};

/// What every module of one atom shares.
pub(crate) struct AtomCx {
    pub(crate) host: Rc<Host>,
    /// `LABEL-VERSION`, for error contexts.
    pub(crate) label_version: String,
    /// The names bound in every module besides `mod` and `pre`: the purity
    /// replacements, external dependencies, `atom`, `cfg`, `std` and
    /// `builtins`.
    pub(crate) base_scope: OnceCell<Rc<Attrs>>,
    /// What the atom's code may read.
    pub(crate) trust: Trust,
    /// The realm its files are evaluated in, registered on first use.
    pub(crate) realm: Cell<Option<Realm>>,
    /// The atom's value when the manifest says `[compose.as]` (set when
    /// the atom is opened): the root's public view is this instead.
    pub(crate) composed_as: OnceCell<Value>,
}

/// What an atom's code may read.
pub(crate) enum Trust {
    /// What its gate allows: every atom, by default.
    Gated(Rc<AtomGate>),
    /// What its callers may: the embedded std, a library of the binary.
    Library,
    /// Anything: `--impure`.
    Impure,
}

/// A module: a directory holding `mod.nix`.
pub struct Module {
    cx: Rc<AtomCx>,
    /// The directory, as an absolute logical path without trailing slash.
    dir: String,
    /// Names from the root; empty for the root.
    path: Vec<String>,
    parent: Option<Rc<Module>>,
    /// `mod`: a thunk that composes the module when forced.
    mod_value: OnceCell<Value>,
    /// What composing found: the public view and the submodules.
    composed: OnceCell<Composed>,
    /// Submodules created so far, by directory name.
    children: RefCell<Vec<(String, Rc<Module>)>>,
    /// The names bound in its files, built once.
    scope: OnceCell<Rc<Attrs>>,
}

/// The parts of a composed module that are not in `mod`.
struct Composed {
    public: Value,
    /// Submodule directory names by the name they are known by.
    submodules: Vec<(String, String)>,
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
            composed: OnceCell::new(),
            children: RefCell::new(Vec::new()),
            scope: OnceCell::new(),
        });
        let this = m.clone();
        let thunk = Thunk::native(move |st: &mut EvalState| this.compose(st));
        let _ = m.mod_value.set(Value::Thunk(thunk));
        m
    }

    /// The module's path from the root, by the names modules are known by.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// `mod`, lazily.
    pub fn mod_value(&self) -> Value {
        self.mod_value.get().expect("set at construction").clone()
    }

    /// The public view, lazily; for the root of an atom composed
    /// `[compose.as]`, the value that composition gives.
    pub fn public_value(self: &Rc<Self>) -> Value {
        if self.parent.is_none() {
            if let Some(v) = self.cx.composed_as.get() {
                return v.clone();
            }
        }
        let this = self.clone();
        Value::Thunk(Thunk::native(move |st: &mut EvalState| {
            let composed = this.composed(st)?;
            st.force(&composed.public)
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

    /// The submodule known by `name`, composing this module to find it.
    pub fn submodule(self: &Rc<Self>, st: &mut EvalState, name: &str) -> Result<Option<Rc<Module>>> {
        let composed = self.composed(st)?;
        Ok(composed
            .submodules
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, dir)| self.child(dir, n)))
    }

    /// Composes the module, if that has not happened yet.
    fn composed(self: &Rc<Self>, st: &mut EvalState) -> Result<&Composed> {
        st.force(&self.mod_value())?;
        Ok(self.composed.get().expect("set by compose"))
    }

    /// The submodule in directory `dir_name`, known as `name`.
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
    fn module_error(&self, e: &AtomError) -> Box<Error> {
        Error::msg(format!("{}: {e}", self.context(None)))
    }

    /// Loads a module file with this module's scope. Relative path literals
    /// resolve against the store directory, as with the reference's lone
    /// store copies (`modules-spec/relative-paths.md`). Errors in the file,
    /// whenever they surface, carry `context`.
    fn load(&self, st: &mut EvalState, file: &str, context: &str) -> Result<Value> {
        let bytes = st
            .io
            .read_file(Path::new(file))
            .map_err(|e| Error::msg(engine::api::io_error_message(file, &e)))?;
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        let scope = self.scope();
        let store_dir = st.store_dir.clone();
        st.sources.set_context(file, context.to_owned());
        // Positions name the file's lone store copy, as with the reference
        // (which evaluates each file from one), so they do not depend on
        // where the atom is; errors still point at the file itself.
        let origin = Origin {
            realm: self.cx.realm(st),
            positions_in_store: true,
        };
        let v = st
            .eval_source_in(text, file.to_owned(), &store_dir, Some(scope), origin)
            .map_err(|e| self.teach(st, e))?;
        st.force(&v).map_err(|e| self.teach(st, e))
    }

    /// `file` relative to the atom's root directory.
    fn relative(&self, file: &str) -> String {
        let mut root = self;
        while let Some(parent) = &root.parent {
            root = parent;
        }
        file.strip_prefix(&format!("{}/", root.dir)).unwrap_or(file).to_owned()
    }

    /// Infinite recursion through members: each member the error passes
    /// on its way out adds itself (`PATH (FILE:LINE)`) to the chain named
    /// in the message, until the chain reaches the member that was
    /// entered again, which closes the cycle. The member entered again is
    /// read from the innermost expression (`mod.a`, `pre.b`, `atom.x.y`).
    fn cycle(&self, st: &EvalState, mut e: Box<Error>, name: &str, at: &str) -> Box<Error> {
        const CYCLE: &str = "infinite recursion encountered";
        const CHAIN: &str = "\nthe members in the cycle: ";
        let mut path = self.path.clone();
        path.push(name.to_owned());
        let me = path.join(".");
        let span = e.span;
        let engine::error::ErrorKind::Eval(message) = &mut e.kind else {
            return e;
        };
        if message == CYCLE {
            // The innermost member: find the one it entered again.
            let Some(target) = span.and_then(|span| {
                let text = st
                    .sources
                    .get(span.file)
                    .text
                    .get(span.start as usize..span.end as usize)?;
                self.member_path(text)
            }) else {
                return e;
            };
            *message = format!("{CYCLE}{CHAIN}{me} ({at}) → {target}");
            return e;
        }
        let Some((head, chain)) = message.split_once(CHAIN) else {
            return e;
        };
        let target = chain.rsplit(" → ").next().unwrap_or_default();
        if chain.starts_with(&format!("{target} (")) {
            return e; // closed already
        }
        *message = format!("{head}{CHAIN}{me} ({at}) → {chain}");
        e
    }

    /// The member path from the root that `mod.x`, `pre.x` (`pre.pre.x`)
    /// or `atom.x.y` written in this module names.
    fn member_path(&self, text: &str) -> Option<String> {
        let mut segs = text.split('.').map(str::trim);
        let mut path = match segs.next()? {
            "mod" => self.path.clone(),
            "atom" => Vec::new(),
            "pre" => {
                let mut p = self.path.clone();
                p.pop()?;
                p
            }
            _ => return None,
        };
        for seg in segs {
            if seg == "pre" && path.len() < self.path.len() {
                path.pop()?;
            } else if seg.is_empty()
                || !seg
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '\''))
            {
                return None;
            } else {
                path.push(seg.to_owned());
            }
        }
        Some(path.join("."))
    }

    /// An error of one of this module's files, with the hint `check` gives
    /// for `pre` in the root, and the private member behind a missing
    /// `atom.x` named.
    fn teach(&self, st: &EvalState, e: Box<Error>) -> Box<Error> {
        let mut root = self;
        while let Some(parent) = &root.parent {
            root = parent;
        }
        let e = match self.parent {
            None => super::error::teach_root(e),
            Some(_) => e,
        };
        super::error::teach_private(e, &st.sources, Path::new(&root.dir))
    }

    /// Forcing `mod`: list the directory, load `mod.nix`, resolve the
    /// names, and build `mod` and the public view.
    fn compose(self: &Rc<Self>, st: &mut EvalState) -> Result<Value> {
        let listing = st.io.read_dir(Path::new(&self.dir)).map_err(|e| {
            self.module_error(&AtomError::Unlistable {
                dir: self.dir.clone(),
                reason: e.to_string(),
            })
        })?;
        let mut members = Vec::new();
        for (name, ty) in &listing {
            let ty = entry_type(*ty);
            let has_mod_file = || {
                st.io
                    .path_exists(Path::new(&format!("{}/{name}/{}", self.dir, names::MOD_FILE)))
            };
            if let Entry::Member(raw, kind) = names::entry(name, ty, has_mod_file) {
                members.push(Definition {
                    raw: raw.to_owned(),
                    kind,
                    data: None,
                });
            }
        }

        let mod_file = format!("{}/{}", self.dir, names::MOD_FILE);
        // Member files are regular files (links are data), but `mod.nix` may
        // be a link: one out of the atom is refused.
        let mod_is_link = listing
            .iter()
            .any(|(n, ty)| n == names::MOD_FILE && *ty == engine::io::FileType::Symlink);
        if let (true, Trust::Gated(gate)) = (mod_is_link, &self.cx.trust) {
            let resolved = st.resolve_symlinks(&mod_file, true)?;
            engine::eval::gate::Gate::check(&**gate, st, &resolved).map_err(Error::msg)?;
        }
        let attrs = match self
            .load(st, &mod_file, &self.context(None))
            .map_err(|e| e.context(self.context(None), None))?
        {
            Value::Attrs(a) => a,
            other => {
                let err = self.module_error(&AtomError::NotASet {
                    file: mod_file,
                    got: other.type_of(),
                });
                // A function header: point at it, and say why it is not needed.
                return Err(match &other {
                    Value::Lambda(c) => {
                        Error::msg(format!("{}\n{}", err.message(), super::error::NO_HEADER_HINT)).at(c.lambda.span)
                    }
                    _ => err,
                });
            }
        };
        let attr_defs = attrs
            .iter()
            .map(|(name, v)| Definition {
                raw: name.as_str().to_owned(),
                kind: MemberKind::Attribute,
                data: Some(v.clone()),
            })
            .collect();
        let resolved = names::resolve(members, attr_defs).into_result().map_err(|e| {
            // Point at the binding in mod.nix, when one is in the trouble.
            let binding = match &e {
                AtomError::Reserved { definition, .. } => {
                    definition.strip_prefix("mod.nix:").and_then(|raw| attrs.position(raw))
                }
                _ => None,
            };
            let err = self.module_error(&e);
            match binding {
                Some(span) => err.at(span),
                None => err,
            }
        })?;

        let mut all = Vec::with_capacity(resolved.len() + 2);
        let mut public = Vec::new();
        let mut submodules = Vec::new();
        for member in resolved {
            let position = match member.kind {
                MemberKind::Attribute => attrs.position(&member.raw),
                _ => None,
            };
            let value = self.member(&member, position);
            if member.kind == MemberKind::Submodule {
                submodules.push((member.name.clone(), member.raw.clone()));
            }
            if member.public {
                public.push((Symbol::new(&member.name), value.clone()));
            }
            if member.in_mod {
                all.push((Symbol::new(&member.name), value));
            }
        }
        all.push((Symbol::new("outPath"), self.out_path()));
        if let Some(parent) = &self.parent {
            all.push((Symbol::new("pre"), parent.mod_value()));
        }
        let _ = self.composed.set(Composed {
            public: Value::attrs(Attrs::from_unsorted(public)),
            submodules,
        });
        Ok(Value::attrs(Attrs::from_unsorted(all)))
    }

    /// A member's value: a thunk that loads it, with the error context
    /// `in L-V at PATH.NAME` while it is forced.
    fn member(self: &Rc<Self>, member: &names::Member<Option<Value>>, position: Option<engine::source::Span>) -> Value {
        let this = self.clone();
        let context = self.context(Some(&member.name));
        let name = member.name.clone();
        match member.kind {
            MemberKind::Submodule => {
                let (dir_name, name) = (member.raw.clone(), member.name.clone());
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    let child = this.child(&dir_name, &name);
                    st.force(&child.public_value())
                }))
            }
            MemberKind::File => {
                let file = format!("{}/{}.nix", self.dir, member.raw);
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    this.load(st, &file, &context).map_err(|e| {
                        let at = format!("{}:1", this.relative(&file));
                        this.cycle(st, e, &name, &at).context(context.clone(), None)
                    })
                }))
            }
            MemberKind::Attribute => {
                let value = member.data.clone().expect("mod.nix attributes have values");
                Value::Thunk(Thunk::native(move |st: &mut EvalState| {
                    st.force(&value).map_err(|e| {
                        let file = format!("{}/{}", this.dir, names::MOD_FILE);
                        let line = position.map_or(1, |p| {
                            let text = &st.sources.get(p.file).text;
                            text[..(p.start as usize).min(text.len())].matches('\n').count() + 1
                        });
                        let at = format!("{}:{line}", this.relative(&file));
                        let e = this.teach(st, e);
                        this.cycle(st, e, &name, &at).context(context.clone(), None)
                    })
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

/// An engine file type as the naming rules see it.
pub(crate) fn entry_type(ty: engine::io::FileType) -> EntryType {
    match ty {
        engine::io::FileType::Regular => EntryType::File,
        engine::io::FileType::Directory => EntryType::Directory,
        _ => EntryType::Other,
    }
}

impl AtomCx {
    /// The realm of the atom's files, its gate registered on first use.
    fn realm(&self, st: &mut EvalState) -> Realm {
        if let Some(realm) = self.realm.get() {
            return realm;
        }
        let realm = match &self.trust {
            Trust::Gated(gate) => Realm::Gated(st.add_gate(gate.clone())),
            Trust::Library => Realm::Inherit,
            Trust::Impure => Realm::Open,
        };
        self.realm.set(Some(realm));
        realm
    }

    fn base_scope(&self) -> Rc<Attrs> {
        self.base_scope.get().expect("set when the atom is opened").clone()
    }
}
