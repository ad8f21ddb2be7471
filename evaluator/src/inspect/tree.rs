//! The static shape of an atom: modules, members and data files, read from
//! the directory tree and the syntax of `mod.nix`, never evaluated. Used by
//! `atom-eval ls`/`check`/`doc` and the REPL's `:ls`, `:cd` and `:doc`.

use std::path::{Path, PathBuf};

use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode;

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
    /// Lists the module in `dir`.
    pub fn read(dir: &Path) -> std::io::Result<Module> {
        let mut module = Module {
            dir: dir.to_path_buf(),
            ..Default::default()
        };
        // Entry types as `readDir` reports them: a symlink is neither a
        // member file nor a submodule (`modules-spec/modules.md`).
        let mut entries: Vec<(String, PathBuf, Option<bool>)> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .map(|e| {
                let ty = e.file_type().ok();
                let kind = ty.and_then(|t| {
                    if t.is_dir() {
                        Some(true)
                    } else {
                        t.is_file().then_some(false)
                    }
                });
                (e.file_name().to_string_lossy().into_owned(), e.path(), kind)
            })
            .collect();
        entries.sort();
        let mut members = Vec::new();
        for (name, path, kind) in entries {
            match kind {
                Some(true) if std::fs::symlink_metadata(path.join("mod.nix")).is_ok() => {
                    members.push(member(&name, Source::Submodule(path)));
                }
                Some(true) => module.data.push(format!("{name}/")),
                Some(false) if name != "mod.nix" && name.len() > 4 && name.ends_with(".nix") => {
                    members.push(member(&name[..name.len() - 4], Source::File(path)));
                }
                _ if name != "mod.nix" => module.data.push(name),
                _ => {}
            }
        }
        let mod_file = dir.join("mod.nix");
        if let Ok(text) = std::fs::read_to_string(&mod_file) {
            let (attrs, dynamic) = mod_attrs(&text);
            module.dynamic = dynamic;
            for (name, offset) in attrs {
                let m = member(
                    &name,
                    Source::ModAttr {
                        file: mod_file.clone(),
                        offset,
                    },
                );
                members.retain(|old: &Member| old.source_name != m.source_name);
                members.push(m);
            }
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
    pub fn at(root: &Path, path: &[String]) -> Result<Module, String> {
        let mut module = Module::read(root).map_err(|e| format!("cannot read '{}': {e}", root.display()))?;
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
            module = Module::read(&dir).map_err(|e| format!("cannot read '{}': {e}", dir.display()))?;
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
pub fn read_all(root: Module, path: Vec<String>) -> Vec<TreeNode> {
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
        let read = parallel_map(&wanted, |(_, dir, _)| Module::read(dir).ok());
        let level = wanted
            .into_iter()
            .zip(read)
            .filter_map(|((path, _, parent), module)| Some((path, module?, Some(parent))))
            .collect();
        levels.push(level);
    }
    // Depth first: a module, then each of its submodules' subtrees.
    let mut out = Vec::new();
    fn visit(levels: &mut [Vec<TreeNode>], depth: usize, index: usize, parent: Option<usize>, out: &mut Vec<TreeNode>) {
        let (path, module, _) = std::mem::take(&mut levels[depth][index]);
        let me = out.len();
        out.push((path, module, parent));
        if depth + 1 < levels.len() {
            let children: Vec<usize> = (0..levels[depth + 1].len())
                .filter(|&j| levels[depth + 1][j].2 == Some(index))
                .collect();
            for j in children {
                visit(levels, depth + 1, j, Some(me), out);
            }
        }
    }
    visit(&mut levels, 0, 0, None, &mut out);
    out
}

/// `f` over `items` on every core, results in order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break done };
                        done.push((i, f(item)));
                    }
                })
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

fn member(source_name: &str, source: Source) -> Member {
    let (public, name) = exported(source_name);
    Member {
        source_name: source_name.to_owned(),
        name,
        public,
        source,
    }
}

/// The attribute names `mod.nix` defines statically (first path segment of
/// each binding, and inherited names) with their byte offsets, and whether
/// some names are dynamic.
pub fn mod_attrs(text: &str) -> (Vec<(String, usize)>, bool) {
    let parse = rnix::Root::parse(text);
    let Some(expr) = parse.tree().expr() else {
        return (Vec::new(), false);
    };
    let expr = strip_parens(expr);
    let ast::Expr::AttrSet(set) = expr else {
        return (Vec::new(), true);
    };
    let mut out = Vec::new();
    let mut dynamic = false;
    for entry in set.entries() {
        match entry {
            ast::Entry::AttrpathValue(b) => {
                let offset = usize::from(b.syntax().text_range().start());
                match b.attrpath().and_then(|p| p.attrs().next()) {
                    Some(ast::Attr::Ident(i)) => out.push((i.to_string(), offset)),
                    Some(ast::Attr::Str(s)) => match static_string(&s) {
                        Some(name) => out.push((name, offset)),
                        None => dynamic = true,
                    },
                    _ => dynamic = true,
                }
            }
            ast::Entry::Inherit(i) => {
                let offset = usize::from(i.syntax().text_range().start());
                for attr in i.attrs() {
                    match attr {
                        ast::Attr::Ident(id) => out.push((id.to_string(), offset)),
                        _ => dynamic = true,
                    }
                }
            }
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    (out, dynamic)
}

fn strip_parens(mut e: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(p) = &e {
        match p.expr() {
            Some(inner) => e = inner,
            None => break,
        }
    }
    e
}

fn static_string(s: &ast::Str) -> Option<String> {
    let mut out = String::new();
    for part in s.normalized_parts() {
        match part {
            ast::InterpolPart::Literal(l) => out.push_str(&l),
            ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_nix_attributes_are_read_statically() {
        let (attrs, dynamic) = mod_attrs("{ Foo = 1; bar.baz = 2; \"Q\" = 3; inherit (x) Y z; ${n} = 4; }");
        let names: Vec<&str> = attrs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Foo", "bar", "Q", "Y", "z"]);
        assert!(dynamic);
        assert_eq!(exported("FooBar"), (true, "fooBar".to_owned()));
        assert_eq!(exported("foo"), (false, "foo".to_owned()));
    }

    #[test]
    fn the_shop_example_is_listed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/shop");
        let m = Module::read(&root).expect("readable");
        let names: Vec<(&str, bool)> = m.members.iter().map(|m| (m.name.as_str(), m.public)).collect();
        assert!(
            names.contains(&("cart", true)) && names.contains(&("format", false)),
            "{names:?}"
        );
        assert!(m.data.contains(&"templates/".to_owned()) && m.data.contains(&"atom.toml".to_owned()));
        let discount = Module::at(&root, &["cart".into(), "discount".into()]).expect("nested");
        assert!(discount.find("label").is_some());
        let err = Module::at(&root, &["crat".into()]).expect_err("typo");
        assert!(err.contains("did you mean cart?"), "{err}");
    }
}
