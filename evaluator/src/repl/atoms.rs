//! The atom side of the REPL: a loaded atom, the module entered with
//! `:cd`, `:ls` and `:doc` of members.
//!
//! Composition and module scopes come from the atom plugin; listing and
//! doc lookup are static (directory tree and syntax only), so `:ls` and
//! `:doc` never evaluate a member.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::symbol::Symbol;
use engine::value::Attrs;
use engine::{Evaluator, EvaluatorBuilder, Value};

use super::tree::{Module, Source};
use super::{doc, ReplError, Result};
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
    /// Path of the entered module from the root, by public (lowercased)
    /// or private name as the user typed it; empty for the root module.
    module: Vec<String>,
    /// The names bound in the entered module (`mod`, `pre`, `atom`, `std`,
    /// `builtins`, `cfg`).
    scope: Rc<Attrs>,
}

impl Loaded {
    /// Loads the atom in `dir` and enters its root module.
    pub fn open(_ev: &mut Evaluator, dir: &Path) -> Result<Loaded> {
        let manifest = dir.join("atom.toml");
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| ReplError::Msg(format!("cannot read '{}': {e}", manifest.display())))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e| ReplError::Msg(format!("'{}' is not valid TOML: {e}", manifest.display())))?;
        let field = |t: &str, f: &str| {
            table
                .get(t)
                .and_then(|t| t.get(f))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let label = field("atom", "id")
            .or_else(|| field("package", "label"))
            .unwrap_or_else(|| "atom".into());
        let version = field("atom", "version")
            .or_else(|| field("package", "version"))
            .unwrap_or_default();
        let cfg = toml_value(&toml::Value::Table(table));
        let mut loaded = Loaded {
            dir: dir.to_path_buf(),
            label,
            version,
            module: Vec::new(),
            scope: Rc::new(Attrs::new()),
        };
        loaded.bind(vec![(Symbol::new("cfg"), cfg)]);
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

    pub fn module_path(&self) -> &[String] {
        &self.module
    }

    pub fn scope(&self) -> &Attrs {
        &self.scope
    }

    /// What `:l` prints after loading.
    pub fn summary(&self, _ev: &mut Evaluator) -> Result<String> {
        Ok(format!(
            "Loaded atom {} {} from {}.",
            self.label,
            self.version,
            self.dir.display()
        ))
    }

    /// Enters the module at `path` (from the root).
    pub fn enter(&mut self, _ev: &mut Evaluator, path: &[String]) -> Result<()> {
        Module::at(&self.dir, path).map_err(ReplError::Msg)?;
        self.module = path.to_vec();
        Ok(())
    }

    /// `:ls`: the members of the module at `path`, without evaluation.
    pub fn list(&self, path: &[String], color: bool) -> Result<String> {
        let module = Module::at(&self.dir, path).map_err(ReplError::Msg)?;
        Ok(render_listing(&module, color))
    }

    /// The submodule names of the module at `path`, for `:cd` completion.
    pub fn submodules(&self, path: &[String]) -> Vec<String> {
        match Module::at(&self.dir, path) {
            Ok(m) => m
                .members
                .iter()
                .filter(|m| matches!(m.source, Source::Submodule(_)))
                .map(|m| m.name.clone())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn bind(&mut self, entries: Vec<(Symbol, Value)>) {
        self.scope = Rc::new(Attrs::from_unsorted(entries));
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
            ("std" | "builtins", _) => (std_dir()?, Vec::new()),
            _ => return None,
        };
        let last = segs.pop()?;
        path.extend(segs);
        let module = Module::at(&root, &path).ok()?;
        let member = module.find(&last)?;
        let (file, text) = match &member.source {
            Source::File(f) => (
                f.clone(),
                std::fs::read_to_string(f).ok().and_then(|t| doc::file_comment(&t)),
            ),
            Source::Submodule(d) => {
                let f = d.join("mod.nix");
                (
                    f.clone(),
                    std::fs::read_to_string(&f).ok().and_then(|t| doc::file_comment(&t)),
                )
            }
            Source::ModAttr { file, offset } => (
                file.clone(),
                std::fs::read_to_string(file)
                    .ok()
                    .and_then(|t| doc::comment_before(&t, *offset)),
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

/// The std atom's sources, for `:doc std.NAME`.
fn std_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../std")
        .canonicalize()
        .ok()?;
    dir.join("atom.toml").is_file().then_some(dir)
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

/// A TOML value as a Nix value, as `builtins.fromTOML` gives it.
fn toml_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::string(s.as_str()),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::string(d.to_string().as_str()),
        toml::Value::Array(items) => Value::list(items.iter().map(toml_value).collect()),
        toml::Value::Table(t) => Value::attrs(Attrs::from_unsorted(
            t.iter().map(|(k, v)| (Symbol::new(k), toml_value(v))).collect(),
        )),
    }
}
