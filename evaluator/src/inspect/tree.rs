//! The static shape of an atom: modules, members and data files, read from
//! the directory tree and the syntax of `mod.nix`, never evaluated. Used by
//! `atom-eval ls`/`check`/`doc` and the REPL's `:ls`, `:cd` and `:doc`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::{FactCache, Kind};
use super::facts::FileFacts;

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

/// One member of a module.
#[derive(Clone, Debug)]
pub struct Member {
    /// The name as written (file stem, directory or attribute name).
    pub source_name: String,
    /// The name importers use: public names with the first letter
    /// lowercased; private names unchanged.
    pub name: String,
    /// Whether the source name starts with an uppercase ASCII letter.
    pub public: bool,
    /// Where it is defined.
    pub source: Source,
}

/// A module directory, listed.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The module's directory.
    pub dir: PathBuf,
    /// Sorted by exported name; `mod.nix` attributes win over files.
    pub members: Vec<Member>,
    /// `mod.nix` defines attributes whose names are computed.
    pub dynamic: bool,
    /// Other files and directories: data, reachable as `"${mod}/NAME"`.
    pub data: Vec<String>,
    /// The facts of `mod.nix`, when it could be read.
    pub facts: Option<Arc<FileFacts>>,
}

/// Whether a name is public, and the name it is exported under.
pub fn exported(name: &str) -> (bool, String) {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() => (true, format!("{}{}", c.to_ascii_lowercase(), chars.as_str())),
        _ => (false, name.to_owned()),
    }
}

impl Module {
    /// Lists the module in `dir`, with `mod.nix`'s facts from `cache`.
    pub fn read(dir: &Path, cache: &FactCache) -> std::io::Result<Module> {
        let mut module = Module {
            dir: dir.to_path_buf(),
            ..Default::default()
        };
        // Entry types as `readDir` reports them: a symlink is neither a
        // member file nor a submodule (`modules-spec/modules.md`).
        let listing = cache.listing(dir)?;
        let mut members = Vec::new();
        for (name, kind) in &listing.entries {
            let path = dir.join(name);
            match kind {
                Kind::Dir if cache.listing(&path).is_ok_and(|l| l.has("mod.nix")) => {
                    members.push(member(name, Source::Submodule(path)));
                }
                Kind::Dir => module.data.push(format!("{name}/")),
                Kind::File if name != "mod.nix" && name.len() > 4 && name.ends_with(".nix") => {
                    members.push(member(&name[..name.len() - 4], Source::File(path)));
                }
                _ if name != "mod.nix" => module.data.push(name.clone()),
                _ => {}
            }
        }
        let mod_file = dir.join("mod.nix");
        if let Some(facts) = listing.has("mod.nix").then(|| cache.facts(&mod_file).ok()).flatten() {
            module.dynamic = facts.dynamic;
            for attr in &facts.attrs {
                let m = member(
                    &attr.name,
                    Source::ModAttr {
                        file: mod_file.clone(),
                        offset: attr.offset as usize,
                    },
                );
                members.retain(|old: &Member| old.source_name != m.source_name);
                members.push(m);
            }
            module.facts = Some(facts);
        }
        members.sort_by(|a, b| a.name.cmp(&b.name).then(a.source_name.cmp(&b.source_name)));
        module.members = members;
        Ok(module)
    }

    /// The member exported (or privately named) `name`.
    pub fn find(&self, name: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .or_else(|| self.members.iter().find(|m| m.source_name == name))
    }

    /// The submodule `name`'s directory.
    pub fn submodule(&self, name: &str) -> Option<PathBuf> {
        let m = self
            .members
            .iter()
            .filter(|m| matches!(m.source, Source::Submodule(_)))
            .find(|m| m.name == name || m.source_name == name)?;
        match &m.source {
            Source::Submodule(p) => Some(p.clone()),
            _ => None,
        }
    }

    /// The module at `path` (exported or source names) below `root`.
    pub fn at(root: &Path, path: &[String], cache: &FactCache) -> Result<Module, String> {
        let mut module = Module::read(root, cache).map_err(|e| format!("cannot read '{}': {e}", root.display()))?;
        for (i, seg) in path.iter().enumerate() {
            let dir = module.submodule(seg).ok_or_else(|| {
                let names: Vec<&str> = module
                    .members
                    .iter()
                    .filter(|m| matches!(m.source, Source::Submodule(_)))
                    .map(|m| m.name.as_str())
                    .collect();
                let here = if i == 0 {
                    "the root module".to_owned()
                } else {
                    format!("module '{}'", path[..i].join("."))
                };
                let mut msg = format!("{here} has no submodule '{seg}'");
                let close = engine::eval::suggest(seg, names.iter().copied());
                if !close.is_empty() {
                    msg.push_str(&format!("; did you mean {}?", close.join(", ")));
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
        let read = parallel_map(&wanted, |(_, dir, _)| Module::read(dir, cache).ok());
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

/// `f` over `items` on every core, results in order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // Asking the system reads cgroup files: once per process is enough.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let workers = cores.min(items.len()).max(1);
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                // Parsing recurses as deep as the file nests: the stack of
                // an evaluation thread (`FileFacts::of` grows it beyond).
                std::thread::Builder::new()
                    .stack_size(crate::run::STACK_SIZE)
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(item) = items.get(i) else { break done };
                            done.push((i, f(item)));
                        }
                    })
                    .expect("spawning a worker")
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker panicked"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `path` below `root`, when `path` was made by joining names onto
/// `root`: a byte prefix test, because `Path::strip_prefix` compares
/// component by component, which showed in profiles of big trees. `None`
/// when `path` is not below `root` or is not UTF-8.
pub fn below<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    let (r, p) = (root.as_os_str().as_encoded_bytes(), path.as_os_str().as_encoded_bytes());
    let rest = p.strip_prefix(r)?;
    let rest = if r.ends_with(b"/") || rest.is_empty() {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    std::str::from_utf8(rest).ok()
}

fn member(source_name: &str, source: Source) -> Member {
    let (public, name) = exported(source_name);
    Member {
        source_name: source_name.to_owned(),
        name,
        public,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_a_root() {
        assert_eq!(below(Path::new("a/b"), Path::new("a/b/c/d.nix")), Some("c/d.nix"));
        assert_eq!(below(Path::new("a/b/"), Path::new("a/b/c")), Some("c"));
        assert_eq!(below(Path::new("a/b"), Path::new("a/b")), Some(""));
        assert_eq!(below(Path::new("a/b"), Path::new("a/bc")), None);
        assert_eq!(below(Path::new("a/b"), Path::new("x/b")), None);
    }

    #[test]
    fn public_names_are_exported_lowercased() {
        assert_eq!(exported("FooBar"), (true, "fooBar".to_owned()));
        assert_eq!(exported("foo"), (false, "foo".to_owned()));
    }

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
        assert!(discount.find("label").is_some());
        let err = Module::at(&root, &["crat".into()], &cache).expect_err("typo");
        assert!(err.contains("did you mean cart?"), "{err}");
    }
}
