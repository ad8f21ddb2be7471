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

use super::{ReplError, Result};
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
        Err(ReplError::Msg(format!(
            "cannot load the atom in '{}': this build has no atom plugin yet",
            dir.display()
        )))
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
        self.module = path.to_vec();
        Ok(())
    }

    /// `:ls`: the members of the module at `path`, without evaluation.
    pub fn list(&self, path: &[String], _color: bool) -> Result<String> {
        Err(ReplError::Msg(format!("cannot list {}", path.join("."))))
    }

    /// The submodule names of the module at `path`, for `:cd` completion.
    pub fn submodules(&self, _path: &[String]) -> Vec<String> {
        Vec::new()
    }

    /// `:doc` of a member path such as `atom.greeting`, `mod.helper` or
    /// `std.set.merge`; `None` when `arg` is no such path.
    pub fn doc(&self, _ev: &mut Evaluator, _arg: &str) -> Result<Option<String>> {
        Ok(None)
    }

    #[allow(dead_code)]
    fn bind(&mut self, entries: Vec<(Symbol, Value)>) {
        self.scope = Rc::new(Attrs::from_unsorted(entries));
    }
}
