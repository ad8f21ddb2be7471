//! The atom side of the REPL: a loaded atom, the module entered with
//! `:cd`, `:ls` and `:doc` of members.
//!
//! Composition and module scopes come from the atom plugin; listing and
//! doc lookup are static (directory tree and syntax only), so `:ls` and
//! `:doc` never evaluate a member.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::value::Attrs;
use engine::{Evaluator, EvaluatorBuilder, Value};

use super::{ReplError, Result};
use crate::api::atom::{compose, node_at};
use crate::api::Manifest;
use crate::inspect::cache::{read_text, FactCache};
use crate::inspect::doc;
use crate::inspect::tree::{Module, Source};
use crate::plain;

/// The evaluator builder the REPL starts from: plain Nix plus whatever the
/// atom plugin adds for plain files (`builtins.importAtom`).
pub fn builder(opts: &plain::Options) -> EvaluatorBuilder {
    plain::builder(opts)
}

/// A loaded atom and the module the session is in.
pub struct Loaded {
    dir: PathBuf,
    label: String,
    version: String,
    /// The root module's node (`{ mod; public; scope; children; }`).
    root: Value,
    /// Path of the entered module from the root, by exported names;
    /// empty for the root module.
    module: Vec<String>,
    /// The names bound in the entered module (`mod`, `pre`, `atom`, `std`,
    /// `builtins`, `cfg`).
    scope: Rc<Attrs>,
}

impl Loaded {
    /// Loads the atom in `dir` and enters its root module.
    pub fn open(ev: &mut Evaluator, dir: &Path) -> Result<Loaded> {
        let manifest = Manifest::read(dir).map_err(|e| ReplError::Msg(e.render(false)))?;
        let root = compose(ev, dir, &manifest, Vec::new())?;
        let mut loaded = Loaded {
            dir: dir.to_path_buf(),
            label: manifest.label().to_owned(),
            version: manifest.version().to_owned(),
            root,
            module: Vec::new(),
            scope: Rc::new(Attrs::new()),
        };
        loaded.enter(ev, &[])?;
        Ok(loaded)
    }

    /// `LABEL` or `LABEL:module.path`, for the prompt.
    pub fn location(&self) -> String {
        if self.module.is_empty() {
            self.label.clone()
        } else {
            format!("{}:{}", self.label, self.module.join("."))
        }
    }

    /// The entered module's path from the root, by exported names.
    pub fn module_path(&self) -> &[String] {
        &self.module
    }

    /// The names bound in the entered module.
    pub fn scope(&self) -> &Attrs {
        &self.scope
    }

    /// What `:l` prints after loading.
    pub fn summary(&self, _ev: &mut Evaluator) -> Result<String> {
        let module = Module::read(&self.dir, &FactCache::uncached()).map_err(|e| ReplError::Msg(e.to_string()))?;
        let public: Vec<&str> = module
            .members
            .iter()
            .filter(|m| m.public)
            .map(|m| m.name.as_str())
            .collect();
        Ok(format!(
            "Loaded atom {} {} from {}.\nPublic: {}.\nIn the root module: mod, atom, std and cfg are bound; \
             :ls lists members, :cd MODULE enters one.",
            self.label,
            self.version,
            self.dir.display(),
            if public.is_empty() {
                "(nothing)".to_owned()
            } else {
                public.join(", ")
            }
        ))
    }

    /// Enters the module at `path` (from the root): checks that it exists
    /// statically, then binds its scope.
    pub fn enter(&mut self, ev: &mut Evaluator, path: &[String]) -> Result<()> {
        Module::at(&self.dir, path, &FactCache::uncached()).map_err(ReplError::Msg)?;
        let exported: Vec<String> = path.iter().map(|s| crate::inspect::tree::exported(s).1).collect();
        let node = node_at(&mut ev.state, &self.root, &exported)?;
        let attrs = ev.state.force_attrs(&node)?;
        let scope = attrs
            .get("scope")
            .cloned()
            .ok_or_else(|| ReplError::Msg("a module without a scope".into()))?;
        self.scope = ev.state.force_attrs(&scope)?;
        self.module = exported;
        Ok(())
    }

    /// `:ls`: the members of the module at `path`, without evaluation.
    pub fn list(&self, path: &[String], color: bool) -> Result<String> {
        let module = Module::at(&self.dir, path, &FactCache::uncached()).map_err(ReplError::Msg)?;
        Ok(render_listing(&module, color))
    }

    /// The submodule names of the module at `path`, for `:cd` completion.
    pub fn submodules(&self, path: &[String]) -> Vec<String> {
        match Module::at(&self.dir, path, &FactCache::uncached()) {
            Ok(m) => m
                .members
                .iter()
                .filter(|m| matches!(m.source, Source::Submodule(_)))
                .map(|m| m.name.clone())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// `:doc` of a member path such as `atom.greeting`, `mod.helper` or
/// `std.set.merge`, found statically; `None` when `arg` is no such path.
/// `atom`, `mod` and `pre` need a loaded atom; `std` does not.
pub fn static_doc(atom: Option<&Loaded>, arg: &str) -> Option<String> {
    {
        let mut segs: Vec<String> = arg.trim().split('.').map(str::to_owned).collect();
        if segs.iter().any(|s| !super::input::is_identifier(s)) {
            return None;
        }
        let first = segs.remove(0);
        let this = match (first.as_str(), atom) {
            ("std" | "builtins", _) => None,
            (_, Some(a)) => Some(a),
            (_, None) => return None,
        };
        // Where the path starts: the atom's root, the current module or an
        // ancestor, or std.
        let (root, mut path): (PathBuf, Vec<String>) = match (first.as_str(), this) {
            ("atom", Some(a)) => (a.dir.clone(), Vec::new()),
            ("mod", Some(a)) => (a.dir.clone(), a.module.clone()),
            ("pre", Some(a)) => {
                let mut p = a.module.clone();
                while segs.first().map(String::as_str) == Some("pre") {
                    segs.remove(0);
                    p.pop();
                }
                p.pop();
                (a.dir.clone(), p)
            }
            ("std" | "builtins", _) => (PathBuf::from(crate::atom::io::STD_DIR), Vec::new()),
            _ => return None,
        };
        let last = segs.pop()?;
        path.extend(segs);
        let module = Module::at(&root, &path, &FactCache::uncached()).ok()?;
        let member = module.find(&last)?;
        let (file, text) = match &member.source {
            Source::File(f) => (f.clone(), read_text(f).ok().and_then(|t| doc::file_comment(&t))),
            Source::Submodule(d) => {
                let f = d.join("mod.nix");
                (f.clone(), read_text(&f).ok().and_then(|t| doc::file_comment(&t)))
            }
            Source::ModAttr { file, offset } => (
                file.clone(),
                read_text(file).ok().and_then(|t| doc::comment_before(&t, *offset)),
            ),
        };
        let visibility = if member.public { "public" } else { "private" };
        let head = format!("{arg} ({visibility}, defined in {})", file.display());
        Some(match text {
            Some(t) => format!("{head}\n\n{t}"),
            None => format!("{head}\n\n(no doc comment)"),
        })
    }
}

/// `:ls` output: one member per line with its visibility and where it is
/// defined; submodules end in `/`; data files last.
pub fn render_listing(module: &Module, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let width = module.members.iter().map(|m| m.name.len() + 1).max().unwrap_or(0);
    let mut out = Vec::new();
    for m in &module.members {
        let (name, from) = match &m.source {
            Source::Submodule(d) => (format!("{}/", m.name), format!("{}/", file_name(d))),
            Source::File(f) => (m.name.clone(), file_name(f)),
            Source::ModAttr { .. } => (m.name.clone(), format!("mod.nix: {}", m.source_name)),
        };
        let padded = format!("{name:width$}");
        let visibility = if m.public {
            paint("32", "public ")
        } else {
            paint("33", "private")
        };
        let name = if matches!(m.source, Source::Submodule(_)) {
            paint("34;1", &padded)
        } else {
            padded
        };
        out.push(format!("  {name}  {visibility}  {from}"));
    }
    if module.dynamic {
        out.push("  (mod.nix also defines attributes with computed names)".to_owned());
    }
    if !module.data.is_empty() {
        out.push(format!("  data: {}", module.data.join(" ")));
    }
    if out.is_empty() {
        out.push("  (no members)".to_owned());
    }
    out.join("\n")
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
