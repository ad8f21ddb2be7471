//! `atom-eval ls ATOM_DIR [MODULE.PATH]`: the module tree, statically.

use std::path::Path;

use serde::Serialize;

use super::cache::FactCache;
use super::tree::{Module, Source};

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
    pub kind: &'static str,
    /// The file that defines it, relative to the atom.
    pub file: String,
}

/// Lists the module at `path` (exported or source names) of the atom in
/// `dir`, and everything below it, with `mod.nix` facts from `cache`.
pub fn list(dir: &Path, path: &[String], cache: &FactCache) -> Result<Listing, crate::Error> {
    cache.track(&dir.join("atom.toml"));
    let manifest = crate::Manifest::read(dir)?;
    let start = Module::at(dir, path, cache).map_err(|m| crate::Error::message(crate::ErrorKind::NotFound, m, None))?;
    let prefix: Vec<String> = path.iter().map(|s| super::tree::exported(s).1).collect();
    let modules = super::tree::read_all(start, prefix, cache)
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
    match super::tree::below(root, p) {
        Some("") => ".".into(),
        Some(r) => r.to_owned(),
        None => match p.strip_prefix(root) {
            Ok(r) if r.as_os_str().is_empty() => ".".into(),
            Ok(r) => r.to_string_lossy().into_owned(),
            Err(_) => p.to_string_lossy().into_owned(),
        },
    }
}

fn listing(root: &Path, path: &[String], module: Module) -> ModuleListing {
    let members = module
        .members
        .iter()
        .map(|m| {
            let (kind, file) = match &m.source {
                Source::File(f) => ("file", f.clone()),
                Source::Submodule(d) => ("submodule", d.join("mod.nix")),
                Source::ModAttr { file, .. } => ("attribute", file.clone()),
            };
            MemberListing {
                name: m.name.clone(),
                source: m.source_name.clone(),
                public: m.public,
                kind,
                file: relative(root, &file),
            }
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
        let width = m.members.iter().map(|x| x.name.len()).max().unwrap_or(0) + 1;
        for x in &m.members {
            let vis = if x.public { "public " } else { "private" };
            out.push_str("  ");
            out.push_str(&x.name);
            let mut len = x.name.len();
            if x.kind == "submodule" {
                out.push('/');
                len += 1;
            }
            out.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
            let _ = write!(out, "  {vis}  {dim}");
            match x.kind {
                "attribute" => {
                    let _ = write!(out, "{}: {}", x.file, x.source);
                }
                "submodule" => {
                    let _ = write!(
                        out,
                        "{}/",
                        x.file.trim_end_matches("/mod.nix").trim_end_matches("mod.nix")
                    );
                }
                _ => out.push_str(&x.file),
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
    out
}
