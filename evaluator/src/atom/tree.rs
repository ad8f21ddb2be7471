//! The static shape of an atom: modules, members and data files, read from
//! the directory tree and the syntax of `mod.nix`, never evaluated. The
//! naming rules are those of composition ([`super::names`]), so the tree
//! shows what evaluation would build. Used by `ls`, `check`, `doc`, the
//! REPL and the embedding API.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::FactCache;
use super::error::AtomError;
use super::facts::FileFacts;
use super::names::{self, Definition, Entry, MemberKind};

/// Where a member is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A member file `NAME.nix`.
    File(PathBuf),
    /// A submodule directory (holding `mod.nix`).
    Submodule(PathBuf),
    /// An attribute of `mod.nix`, at a byte offset of its binding.
    ModAttr {
        /// The `mod.nix` file.
        file: PathBuf,
        /// Where the binding starts.
        offset: usize,
    },
}

impl Source {
    /// The kind of definition.
    pub fn kind(&self) -> MemberKind {
        match self {
            Source::File(_) => MemberKind::File,
            Source::Submodule(_) => MemberKind::Submodule,
            Source::ModAttr { .. } => MemberKind::Attribute,
        }
    }

    /// The file that defines it (a submodule's `mod.nix`).
    pub fn file(&self) -> PathBuf {
        match self {
            Source::File(f) | Source::ModAttr { file: f, .. } => f.clone(),
            Source::Submodule(d) => d.join(names::MOD_FILE),
        }
    }
}

/// One member of a module.
#[derive(Clone, Debug)]
pub struct Member {
    /// The name as written (file stem, directory or attribute name).
    pub source_name: String,
    /// The name it is known by: public names with the first letter
    /// lowercased; private names unchanged.
    pub name: String,
    /// Whether it is in the public view.
    pub public: bool,
    /// Whether `mod.NAME` is this definition (see [`names::Member::in_mod`]).
    pub in_mod: bool,
    /// Where it is defined.
    pub source: Source,
    /// When a public `mod.nix` attribute re-exports this private member
    /// (`Sub = mod.sub;`), that attribute's name: the two are listed as
    /// one public member.
    pub reexported_as: Option<String>,
}

impl Member {
    /// How the definition is named in messages (`Foo.nix`, `Foo/`,
    /// `mod.nix:Foo`).
    pub fn describe(&self) -> String {
        names::describe(&self.source_name, self.source.kind())
    }
}

/// A module directory, listed.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The module's directory.
    pub dir: PathBuf,
    /// Sorted by name, the private definition of a name first.
    pub members: Vec<Member>,
    /// `mod.nix` defines attributes whose names are computed.
    pub dynamic: bool,
    /// Other files and directories: data, reachable as `"${mod}/NAME"`.
    pub data: Vec<String>,
    /// The facts of `mod.nix`, when it could be read.
    pub facts: Option<Arc<FileFacts>>,
    /// What the naming rules refuse in this module, if anything.
    pub error: Option<AtomError>,
}

impl Module {
    /// Lists the module in `dir`, with `mod.nix`'s facts from `cache`.
    pub fn read(dir: &Path, cache: &FactCache) -> std::io::Result<Module> {
        let mut module = Module {
            dir: dir.to_path_buf(),
            ..Default::default()
        };
        let listing = cache.listing(dir)?;
        let mut members = Vec::new();
        for (name, ty) in &listing.entries {
            let path = dir.join(name);
            let has_mod_file = || cache.listing(&path).is_ok_and(|l| l.has(names::MOD_FILE));
            match names::entry(name, *ty, has_mod_file) {
                Entry::Member(raw, kind) => members.push(Definition {
                    raw: raw.to_owned(),
                    kind,
                    data: (
                        match kind {
                            MemberKind::Submodule => Source::Submodule(path),
                            _ => Source::File(path),
                        },
                        None,
                    ),
                }),
                Entry::Data if *ty == names::EntryType::Directory => module.data.push(format!("{name}/")),
                Entry::Data => module.data.push(name.clone()),
                Entry::ModFile => {}
            }
        }
        let mod_file = dir.join(names::MOD_FILE);
        let mut attrs = Vec::new();
        if let Some(facts) = listing
            .has(names::MOD_FILE)
            .then(|| cache.facts(&mod_file).ok())
            .flatten()
        {
            module.dynamic = facts.dynamic;
            for attr in &facts.attrs {
                let source = Source::ModAttr {
                    file: mod_file.clone(),
                    offset: attr.offset as usize,
                };
                attrs.push(Definition {
                    raw: attr.name.clone(),
                    kind: MemberKind::Attribute,
                    data: (source, attr.reexport.clone()),
                });
            }
            module.facts = Some(facts);
        }
        let resolved = names::resolve(members, attrs);
        module.error = resolved.error;
        module.members = fold_reexports(resolved.members);
        Ok(module)
    }

    /// The member known by `name` in `mod` (`public` = false) or in the
    /// public view (`public` = true); a raw name is accepted too.
    pub fn find(&self, name: &str, public: bool) -> Option<&Member> {
        let visible = |m: &&Member| if public { m.public } else { m.in_mod };
        self.members
            .iter()
            .filter(visible)
            .find(|m| m.name == name)
            .or_else(|| self.members.iter().find(|m| m.source_name == name))
    }

    /// The submodule known by `name` (or its raw name)'s directory.
    pub fn submodule(&self, name: &str) -> Option<PathBuf> {
        self.members
            .iter()
            .filter(|m| m.name == name || m.source_name == name)
            .find_map(|m| match &m.source {
                Source::Submodule(p) => Some(p.clone()),
                _ => None,
            })
    }

    /// The names of its submodules.
    pub fn submodule_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .members
            .iter()
            .filter(|m| matches!(m.source, Source::Submodule(_)))
            .map(|m| m.name.as_str())
            .collect();
        names.dedup();
        names
    }

    /// The module at `path` (exported or source names) below `root`.
    pub fn at(root: &Path, path: &[String], cache: &FactCache) -> Result<Module, String> {
        let root = &root_module_dir(root);
        let mut module = Module::read(root, cache).map_err(|e| format!("cannot read '{}': {e}", root.display()))?;
        for (i, seg) in path.iter().enumerate() {
            let dir = module.submodule(seg).ok_or_else(|| {
                let names = module.submodule_names();
                let here = if i == 0 {
                    "the root module".to_owned()
                } else {
                    format!("module '{}'", path[..i].join("."))
                };
                let mut msg = format!("{here} has no submodule '{seg}'");
                if let Some(hint) = engine::suggest::help(seg, names.iter().copied()) {
                    msg.push_str(&format!("; {hint}"));
                } else if !names.is_empty() {
                    msg.push_str(&format!(" (its submodules: {})", names.join(", ")));
                }
                msg
            })?;
            module = Module::read(&dir, cache).map_err(|e| format!("cannot read '{}': {e}", dir.display()))?;
        }
        Ok(module)
    }
}

/// The root module's directory of the atom in `atom_dir`: its manifest's
/// `compose.*.entry` (the atom's directory itself without a readable
/// manifest, so the tools still report what they can).
pub fn root_module_dir(atom_dir: &Path) -> std::path::PathBuf {
    super::Manifest::read(atom_dir)
        .map(|m| m.entry_dir())
        .unwrap_or_else(|_| atom_dir.to_owned())
}

/// A module of a tree read by [`read_all`]: its path by exported names,
/// the module, and its parent's index.
pub type TreeNode = (Vec<String>, Module, Option<usize>);

/// Reads every module below `root` (included), depth first, as
/// `(path by exported names, module, parent index)`. Directories are read
/// level by level on every core: reading a tree is mostly system calls and
/// parsing `mod.nix` files, which are independent.
pub fn read_all(root: Module, path: Vec<String>, cache: &FactCache) -> Vec<TreeNode> {
    // Breadth first, in parallel per level.
    let mut levels: Vec<Vec<TreeNode>> = vec![vec![(path, root, None)]];
    loop {
        let last = levels.last().expect("one level at least");
        let wanted: Vec<(Vec<String>, PathBuf, usize)> = last
            .iter()
            .enumerate()
            .flat_map(|(i, (path, module, _))| {
                module.members.iter().filter_map(move |m| match &m.source {
                    Source::Submodule(d) => {
                        let mut p = path.clone();
                        p.push(m.name.clone());
                        Some((p, d.clone(), i))
                    }
                    _ => None,
                })
            })
            .collect();
        if wanted.is_empty() {
            break;
        }
        let read = crate::support::par::parallel_map(&wanted, |(_, dir, _)| Module::read(dir, cache).ok());
        let level = wanted
            .into_iter()
            .zip(read)
            .filter_map(|((path, _, parent), module)| Some((path, module?, Some(parent))))
            .collect();
        levels.push(level);
    }
    // Depth first: a module, then each of its submodules' subtrees.
    // `children[d][i]`: the indices in level `d + 1` of node `i`'s
    // submodules (levels list them grouped by parent, in order).
    let children: Vec<Vec<Vec<usize>>> = levels
        .windows(2)
        .map(|pair| {
            let mut by_parent = vec![Vec::new(); pair[0].len()];
            for (j, (_, _, parent)) in pair[1].iter().enumerate() {
                by_parent[parent.expect("below the top")].push(j);
            }
            by_parent
        })
        .collect();
    let mut out = Vec::new();
    fn visit(
        levels: &mut [Vec<TreeNode>],
        children: &[Vec<Vec<usize>>],
        depth: usize,
        index: usize,
        parent: Option<usize>,
        out: &mut Vec<TreeNode>,
    ) {
        let (path, module, _) = std::mem::take(&mut levels[depth][index]);
        let me = out.len();
        out.push((path, module, parent));
        for &j in children.get(depth).map_or(&[][..], |c| &c[index]) {
            visit(levels, children, depth + 1, j, Some(me), out);
        }
    }
    visit(&mut levels, &children, 0, 0, None, &mut out);
    out
}

/// Lists `Sub = mod.sub;` next to a private `sub` as one public member:
/// the private definition, public, with the attribute that re-exports it.
fn fold_reexports(resolved: Vec<names::Member<(Source, Option<String>)>>) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::with_capacity(resolved.len());
    for m in resolved {
        let (source, reexport) = m.data;
        if let Some(private) = out.last_mut() {
            let folds =
                m.public && !private.public && private.name == m.name && reexport.as_deref() == Some(&private.name);
            if folds {
                private.public = true;
                private.reexported_as = Some(m.raw);
                continue;
            }
        }
        out.push(Member {
            source_name: m.raw,
            name: m.name,
            public: m.public,
            in_mod: m.in_mod,
            source,
            reexported_as: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shop_example_is_listed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/shop");
        let cache = FactCache::uncached();
        let m = Module::read(&root, &cache).expect("readable");
        let names: Vec<(&str, bool)> = m.members.iter().map(|m| (m.name.as_str(), m.public)).collect();
        assert!(
            names.contains(&("cart", true)) && names.contains(&("format", false)),
            "{names:?}"
        );
        assert!(m.data.contains(&"templates/".to_owned()) && m.data.contains(&"atom.toml".to_owned()));
        let discount = Module::at(&root, &["cart".into(), "discount".into()], &cache).expect("nested");
        assert!(discount.find("label", true).is_some());
        let err = Module::at(&root, &["crat".into()], &cache).expect_err("typo");
        assert!(err.contains("did you mean cart?"), "{err}");
    }
}
