//! [`AtomError`]: what the module system refuses, whoever finds it.
//! Composition turns one into an evaluation error with the module's
//! context; `check` turns one into a finding with a span.

use std::fmt;

/// A violation of the module system's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtomError {
    /// Two members with the same raw name (`Foo.nix` and `Foo/`).
    Clash {
        /// The raw name.
        name: String,
        /// The first definition, described (`Foo.nix`).
        first: String,
        /// The second (`Foo/`).
        second: String,
    },
    /// A definition known by a name the composer binds itself.
    Reserved {
        /// The name (`outPath` or `pre`).
        name: String,
        /// The definition, described.
        definition: String,
    },
    /// `mod.nix` evaluated to something other than a set.
    NotASet {
        /// The file.
        file: String,
        /// The type it evaluated to.
        got: &'static str,
    },
    /// A module directory could not be listed.
    Unlistable {
        /// The directory.
        dir: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for AtomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtomError::Clash { name, first, second } => {
                write!(f, "'{name}' is defined more than once ({first}, {second})")
            }
            AtomError::Reserved { name, definition } => write!(f, "'{name}' is a reserved name ({definition})"),
            AtomError::NotASet { file, got } => {
                write!(f, "{file} must evaluate to an attribute set (got {got})")
            }
            AtomError::Unlistable { dir, reason } => write!(f, "cannot list '{dir}': {reason}"),
        }
    }
}

impl std::error::Error for AtomError {}

/// The hint for a module file written as a function (`{ pkgs, ... }: ...`),
/// shared by `check` and evaluation.
pub const NO_HEADER_HINT: &str =
    "atom files take no function header: mod, pre, atom, std and cfg are already in scope, so drop `{ ... }:`";

/// The hint for `pre` in the root module, shared by `check` and evaluation.
pub const PRE_AT_ROOT_HINT: &str = "`pre` is the parent module; in the root module use `mod` or `atom`";

/// An evaluation error of a root module file, with the hint `check` gives
/// when it is `pre` used there.
pub fn teach_root(mut e: Box<engine::error::Error>) -> Box<engine::error::Error> {
    if let engine::error::ErrorKind::Eval(m) = &mut e.kind {
        if m == "undefined variable 'pre'" {
            m.push_str(": the root module has no parent\n");
            m.push_str(PRE_AT_ROOT_HINT);
        }
    }
    e
}

/// An evaluation error of `atom.a.b.NAME` where `NAME` exists but is
/// private, reworded to say so: where it is defined and how to reach it.
/// `root` is the atom's directory; the path is read statically from the
/// source text the error points at.
pub fn teach_private(
    mut e: Box<engine::error::Error>,
    sources: &engine::source::SourceMap,
    root: &std::path::Path,
) -> Box<engine::error::Error> {
    let engine::error::ErrorKind::Eval(message) = &e.kind else {
        return e;
    };
    let Some(name) = message
        .strip_prefix("attribute '")
        .and_then(|m| m.split_once("' missing"))
        .map(|(n, _)| n.to_owned())
    else {
        return e;
    };
    let Some(span) = e.span else { return e };
    let text = &sources.get(span.file).text;
    let Some(selected) = text.get(span.start as usize..span.end as usize) else {
        return e;
    };
    let Some(rest) = selected.strip_prefix("atom.") else {
        return e;
    };
    let segs: Vec<String> = rest.split('.').map(|s| s.trim().to_owned()).collect();
    let Some(at) = segs.iter().position(|s| *s == name) else {
        return e;
    };
    let module_path = &segs[..at];
    let cache = super::cache::FactCache::uncached();
    let Ok(module) = super::tree::Module::at(root, module_path, &cache) else {
        return e;
    };
    let Some(member) = module.members.iter().find(|m| m.name == name && !m.public) else {
        return e;
    };
    let place = if module_path.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module {}", module_path.join("."))
    };
    e.kind = engine::error::ErrorKind::Eval(format!(
        "attribute '{name}' missing: '{name}' is private to {place} (defined in {}), and `atom` holds only \
         public members\nin that module use mod.{name} (pre.{name} from a submodule); to export it, rename \
         it to '{}'",
        member.source.file().display(),
        capitalised(&member.source_name)
    ));
    e
}

/// `name` with its first letter in uppercase: the public spelling.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl AtomError {
    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            AtomError::Clash { .. } => "rename or remove one of them: a file and a directory cannot share a name",
            AtomError::Reserved { .. } => {
                "the composer defines `outPath` and `pre` in every module; choose another name"
            }
            AtomError::NotASet { .. } => "write mod.nix as `{ Name = value; ... }`",
            AtomError::Unlistable { .. } => "check the directory's permissions",
        }
    }
}
