//! `atom-eval ls ATOM_DIR [MODULE.PATH]`: the module tree, statically.

use std::path::Path;

use serde::Serialize;

use crate::atom::cache::FactCache;
use crate::atom::names::{self, MemberKind};
use crate::atom::tree::Module;
use crate::atom::Manifest;
use crate::support::error::{Error, ErrorKind};

/// An atom's module tree, as `ls --json` prints it.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The manifest's label.
    pub label: String,
    /// The manifest's version.
    pub version: String,
    /// The listed module and every module below it, depth first.
    pub modules: Vec<ModuleListing>,
}

/// One module of a [`Listing`].
#[derive(Debug, Serialize)]
pub struct ModuleListing {
    /// Exported names from the root, joined with `.`; empty for the root.
    pub path: String,
    /// The directory, relative to the atom (`.` for the root).
    pub dir: String,
    /// Members, sorted by exported name.
    pub members: Vec<MemberListing>,
    /// Whether `mod.nix` also defines names computed at evaluation time,
    /// which are not listed.
    pub dynamic: bool,
    /// Other files and directories (`dir/`), reachable as `"${mod}/NAME"`.
    pub data: Vec<String>,
}

/// One member of a [`ModuleListing`].
#[derive(Debug, Serialize)]
pub struct MemberListing {
    /// The name importers see (public names with the first letter
    /// lowercased).
    pub name: String,
    /// The name as written.
    pub source: String,
    /// Whether it is in the public view.
    pub public: bool,
    /// `file`, `submodule` or `attribute` (of `mod.nix`).
    pub kind: MemberKind,
    /// The file that defines it, relative to the atom.
    pub file: String,
    /// The `mod.nix` attribute that exports this private member
    /// (`Sub = mod.sub;`), if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reexported_as: Option<String>,
}

/// Lists the module at `path` (exported or source names) of the atom in
/// `dir`, and everything below it, with `mod.nix` facts from `cache`.
pub fn list(dir: &Path, path: &[String], cache: &FactCache) -> Result<Listing, Error> {
    cache.track(&dir.join("atom.toml"));
    let manifest = Manifest::read(dir)?;
    let start = Module::at(dir, path, cache).map_err(|m| Error::message(ErrorKind::NotFound, m, None))?;
    let prefix: Vec<String> = path.iter().map(|s| names::exported(s).1).collect();
    let modules = crate::atom::tree::read_all(start, prefix, cache)
        .into_iter()
        .map(|(path, module, _)| listing(dir, &path, module))
        .collect();
    Ok(Listing {
        label: manifest.label().to_owned(),
        version: manifest.version().to_owned(),
        modules,
    })
}

fn relative(root: &Path, p: &Path) -> String {
    match crate::support::paths::below(root, p) {
        Some("") => ".".into(),
        Some(r) => r.to_owned(),
        None => match p.strip_prefix(root) {
            Ok(r) if r.as_os_str().is_empty() => ".".into(),
            Ok(r) => r.to_string_lossy().into_owned(),
            Err(_) => p.to_string_lossy().into_owned(),
        },
    }
}

/// The module at `path` of the atom in `dir` alone, without the modules
/// below it (the REPL's `:ls`).
pub fn list_one(dir: &Path, path: &[String], cache: &FactCache) -> Result<ModuleListing, String> {
    let module = Module::at(dir, path, cache)?;
    let prefix: Vec<String> = path.iter().map(|s| names::exported(s).1).collect();
    Ok(listing(dir, &prefix, module))
}

fn listing(root: &Path, path: &[String], module: Module) -> ModuleListing {
    let members = module
        .members
        .iter()
        .map(|m| MemberListing {
            name: m.name.clone(),
            source: m.source_name.clone(),
            public: m.public,
            kind: m.source.kind(),
            file: relative(root, &m.source.file()),
            reexported_as: m.reexported_as.clone(),
        })
        .collect();
    ModuleListing {
        path: path.join("."),
        dir: relative(root, &module.dir),
        members,
        dynamic: module.dynamic,
        data: module.data,
    }
}

/// The listing as text: a header per module, then one line per member
/// (name, visibility, where it is defined), then the data files.
pub fn render(listing: &Listing, color: bool) -> String {
    use std::fmt::Write;
    let (bold, dim, reset) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    // Writing into one buffer: this is a tenth of a big atom's listing time.
    let mut out = String::new();
    let _ = writeln!(out, "{bold}{} {}{reset}", listing.label, listing.version);
    for m in &listing.modules {
        let title = if m.path.is_empty() { "(root)" } else { &m.path };
        let _ = writeln!(out, "\n{bold}{title}{reset}  {dim}{}/{reset}", m.dir);
        render_members(&mut out, m, color);
    }
    out
}

/// One module's members as text (the REPL's `:ls`).
pub fn render_module(module: &ModuleListing, color: bool) -> String {
    let mut out = String::new();
    render_members(&mut out, module, color);
    if module.members.is_empty() && module.data.is_empty() {
        out.push_str("  (no members)\n");
    }
    out
}

/// A line per member (name, visibility, where it is defined), then the
/// data files.
fn render_members(out: &mut String, m: &ModuleListing, color: bool) {
    use std::fmt::Write;
    let (dim, reset) = if color { ("\x1b[2m", "\x1b[0m") } else { ("", "") };
    let width = m.members.iter().map(|x| x.name.len()).max().unwrap_or(0) + 1;
    for x in &m.members {
        let vis = if x.public { "public " } else { "private" };
        out.push_str("  ");
        out.push_str(&x.name);
        let mut len = x.name.len();
        if x.kind == MemberKind::Submodule {
            out.push('/');
            len += 1;
        }
        out.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
        let _ = write!(out, "  {vis}  {dim}");
        match x.kind {
            MemberKind::Attribute => {
                let _ = write!(out, "{}: {}", x.file, x.source);
            }
            MemberKind::Submodule => {
                let _ = write!(
                    out,
                    "{}/",
                    x.file.trim_end_matches("/mod.nix").trim_end_matches("mod.nix")
                );
            }
            MemberKind::File => out.push_str(&x.file),
        }
        if let Some(attr) = &x.reexported_as {
            let _ = write!(out, " (mod.nix: {attr} = mod.{})", x.name);
        }
        let _ = writeln!(out, "{reset}");
    }
    if m.dynamic {
        let _ = writeln!(
            out,
            "  {dim}(mod.nix also defines names computed when evaluated){reset}"
        );
    }
    if !m.data.is_empty() {
        let _ = writeln!(out, "  {dim}data: {}{reset}", m.data.join(" "));
    }
}
