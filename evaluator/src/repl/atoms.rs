//! The atom side of the REPL: a loaded atom, the module entered with
//! `:cd`, and `:ls`/`:doc` of members.
//!
//! Modules come from the driver's composer (the same [`Module`]s that
//! evaluation uses); listing and doc lookup are the static tools'
//! ([`crate::tools::ls`], [`crate::tools::doc`]), so `:ls` and `:doc`
//! never evaluate a member and show what `atom-eval ls` and `doc` show.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::value::Attrs;

use super::{ReplError, Result};
use crate::atom::cache::FactCache;
use crate::atom::{tree, Manifest, Module};
use crate::driver::Driver;
use crate::tools::{doc, ls};

/// A loaded atom and the module the session is in.
pub struct Loaded {
    dir: PathBuf,
    label: String,
    version: String,
    root: Rc<Module>,
    /// The entered module.
    module: Rc<Module>,
}

impl Loaded {
    /// Loads the atom in `dir` and enters its root module.
    pub fn open(driver: &mut Driver, dir: &Path) -> Result<Loaded> {
        let manifest = Manifest::read(dir).map_err(|e| ReplError::Msg(e.render(false)))?;
        let root = driver.open_atom(dir, &manifest, Vec::new());
        Ok(Loaded {
            dir: dir.to_path_buf(),
            label: manifest.label().to_owned(),
            version: manifest.version().to_owned(),
            module: root.clone(),
            root,
        })
    }

    /// `LABEL` or `LABEL:module.path`, for the prompt.
    pub fn location(&self) -> String {
        if self.module.path().is_empty() {
            self.label.clone()
        } else {
            format!("{}:{}", self.label, self.module.path().join("."))
        }
    }

    /// The entered module's path from the root.
    pub fn module_path(&self) -> &[String] {
        self.module.path()
    }

    /// The names bound in the entered module.
    pub fn scope(&self) -> Rc<Attrs> {
        self.module.scope()
    }

    /// What `:l` prints after loading.
    pub fn summary(&self) -> Result<String> {
        let listing = ls::list_one(&self.dir, &[], &FactCache::uncached()).map_err(ReplError::Msg)?;
        let public: Vec<&str> = listing
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
    /// statically (for a helpful message), then walks the composed modules.
    pub fn enter(&mut self, driver: &mut Driver, path: &[String]) -> Result<()> {
        tree::Module::at(&self.dir, path, &FactCache::uncached()).map_err(ReplError::Msg)?;
        let mut module = self.root.clone();
        for seg in path {
            let name = crate::atom::names::exported(seg).1;
            let next = module.submodule(&mut driver.ev.state, &name)?;
            module = next.ok_or_else(|| ReplError::Msg(format!("no submodule '{seg}'")))?;
        }
        self.module = module;
        Ok(())
    }

    /// `:ls`: the members of the module at `path`, without evaluation.
    pub fn list(&self, path: &[String], color: bool) -> Result<String> {
        let listing = ls::list_one(&self.dir, path, &FactCache::uncached()).map_err(ReplError::Msg)?;
        Ok(ls::render_module(&listing, color).trim_end().to_owned())
    }

    /// The submodule names of the module at `path`, for `:cd` completion.
    pub fn submodules(&self, path: &[String]) -> Vec<String> {
        match tree::Module::at(&self.dir, path, &FactCache::uncached()) {
            Ok(m) => m.submodule_names().into_iter().map(str::to_owned).collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// `:doc` of a member path such as `atom.greeting`, `mod.helper`,
/// `pre.pre.x` or `std.set.merge`, found statically; `None` when `arg` is
/// no such path. `atom`, `mod` and `pre` need a loaded atom; `std` does not.
pub fn static_doc(atom: Option<&Loaded>, arg: &str) -> Option<String> {
    let found = static_find(atom, arg)?;
    Some(doc::render(arg.trim(), &found).trim_end().to_owned())
}

/// The member at a path such as `atom.greeting`, `mod.helper`, `pre.x` or
/// `std.set.merge`, found statically, as [`static_doc`] reads it.
pub fn static_find(atom: Option<&Loaded>, arg: &str) -> Option<doc::Found> {
    let mut segs: Vec<String> = arg.trim().split('.').map(str::to_owned).collect();
    if segs.iter().any(|s| !super::input::is_identifier(s)) {
        return None;
    }
    let first = segs.remove(0);
    let (dir, base) = match (first.as_str(), atom) {
        ("std" | "builtins", _) => (PathBuf::new(), doc::Base::Std),
        ("atom", Some(a)) => (a.dir.clone(), doc::Base::Atom),
        ("mod", Some(a)) => (a.dir.clone(), doc::Base::Module(a.module_path().to_vec())),
        ("pre", Some(a)) => {
            let mut path = a.module_path().to_vec();
            while segs.first().map(String::as_str) == Some("pre") {
                segs.remove(0);
                path.pop();
            }
            path.pop()?;
            (a.dir.clone(), doc::Base::Module(path))
        }
        _ => return None,
    };
    doc::find(&dir, base, &segs).ok()
}
