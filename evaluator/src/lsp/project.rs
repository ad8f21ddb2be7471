//! One atom as the language server knows it: a fact cache that keeps
//! nothing on disk and serves the open buffers instead of the saved files,
//! the module tree read from it, and the resolution of member paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::atom::cache::FactCache;
use crate::atom::facts::FileFacts;
use crate::atom::names;
use crate::atom::tree::{Member, Module, Source};

/// An atom whose files are open in the editor.
pub struct Project {
    /// The atom's directory (holding `atom.toml`).
    pub root: PathBuf,
    /// Facts and listings, with the open buffers overlaid.
    pub cache: FactCache,
    /// The module tree, until a change of names or files.
    tree: std::cell::RefCell<Option<Rc<Tree>>>,
}

/// The atom around `path`: the nearest directory above it holding
/// `atom.toml` and `mod.nix`.
pub fn atom_root(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|d| d.join("atom.toml").is_file() && d.join(names::MOD_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The module tree, read once per request.
pub struct Tree {
    /// Modules depth first: path by exported names, module, parent.
    pub nodes: Vec<crate::atom::tree::TreeNode>,
    by_dir: HashMap<PathBuf, usize>,
}

/// One step of a resolved member path: the module it was found in (a node
/// index) and the member.
#[derive(Clone, Debug)]
pub struct Step {
    /// The module holding the member.
    pub node: usize,
    /// The member.
    pub member: Member,
}

impl Tree {
    /// The node of the module in `dir`.
    pub fn node_at(&self, dir: &Path) -> Option<usize> {
        self.by_dir.get(dir).copied()
    }

    /// The module a file belongs to: `mod.nix` or a member file's module.
    pub fn node_of_file(&self, file: &Path) -> Option<usize> {
        let node = self.node_at(file.parent()?)?;
        let module = &self.nodes[node].1;
        let is_mod = file.file_name().is_some_and(|n| n == names::MOD_FILE);
        let is_member = module
            .members
            .iter()
            .any(|m| matches!(&m.source, Source::File(f) if f == file));
        (is_mod || is_member).then_some(node)
    }

    /// The module `base` (`mod`, `pre`, `atom`) names from `node`, whether
    /// private names are visible there, and how many leading `pre`
    /// segments of `segs` it used up.
    pub fn base(&self, node: usize, base: &str, segs: &[String]) -> Option<(usize, bool, usize)> {
        match base {
            "mod" => Some((node, true, 0)),
            "atom" => Some((0, false, 0)),
            "pre" => {
                let ups = segs.iter().take_while(|s| *s == "pre").count();
                let mut at = node;
                for _ in 0..=ups {
                    at = self.nodes[at].2?;
                }
                Some((at, true, ups))
            }
            _ => None,
        }
    }

    /// Resolves `base.segs…` from `node` as far as it goes: one step per
    /// segment found (after the leading `pre`s of a `pre` path), entering
    /// submodules through their public view as evaluation does.
    pub fn resolve(&self, node: usize, base: &str, segs: &[String]) -> Vec<(usize, Step)> {
        let Some((mut at, mut private, skip)) = self.base(node, base, segs) else {
            return Vec::new();
        };
        let mut steps = Vec::new();
        for (i, seg) in segs.iter().enumerate().skip(skip) {
            let module = &self.nodes[at].1;
            let visible = |m: &&Member| if private { m.in_mod } else { m.public };
            let Some(member) = module.members.iter().filter(visible).find(|m| &m.name == seg) else {
                break;
            };
            steps.push((
                i,
                Step {
                    node: at,
                    member: member.clone(),
                },
            ));
            match &member.source {
                Source::Submodule(d) => match self.node_at(d) {
                    Some(n) => at = n,
                    None => break,
                },
                _ => break,
            }
            private = false;
        }
        steps
    }

    /// The members visible at the end of `base.segs` (the module the path
    /// names), for completion.
    pub fn members_at(&self, node: usize, base: &str, segs: &[String]) -> Option<(usize, bool)> {
        let (start, private, skip) = self.base(node, base, segs)?;
        if segs.len() == skip {
            return Some((start, private));
        }
        let steps = self.resolve(node, base, segs);
        let (i, last) = steps.last()?;
        if *i + 1 != segs.len() {
            return None;
        }
        match &last.member.source {
            Source::Submodule(d) => Some((self.node_at(d)?, false)),
            _ => None,
        }
    }
}

impl Project {
    /// The project of the atom in `root`, its module tree read ahead.
    pub fn open(root: PathBuf) -> Project {
        let project = Project {
            root,
            cache: FactCache::uncached(),
            tree: Default::default(),
        };
        let _ = project.tree();
        project
    }

    /// Serves `text` as the content of `path` (an open buffer).
    pub fn overlay(&self, path: &Path, text: &str) -> Arc<FileFacts> {
        let facts = Arc::new(FileFacts::of(text));
        // Only `mod.nix`'s names shape the tree (member files are named
        // by the directory listing).
        let is_mod = path.file_name().is_some_and(|n| n == names::MOD_FILE);
        if is_mod
            && self
                .cache
                .facts(path)
                .ok()
                .is_none_or(|old| old.attrs != facts.attrs || old.dynamic != facts.dynamic)
        {
            self.tree.borrow_mut().take();
        }
        self.cache.overlay(path, facts.clone());
        facts
    }

    /// Drops what is known of `path` and its directory, so that they are
    /// read from disk again (a file saved, closed, created or deleted).
    pub fn forget(&self, path: &Path) {
        self.tree.borrow_mut().take();
        self.cache.forget(path);
        if let Some(dir) = path.parent() {
            self.cache.forget(dir);
        }
    }

    /// The module tree as the buffers and the disk have it now (read
    /// again only after a change of names or files).
    pub fn tree(&self) -> Rc<Tree> {
        if let Some(tree) = &*self.tree.borrow() {
            return tree.clone();
        }
        let nodes = match Module::read(&crate::atom::tree::root_module_dir(&self.root), &self.cache) {
            Ok(root) => crate::atom::tree::read_all(root, Vec::new(), &self.cache),
            Err(_) => Vec::new(),
        };
        let by_dir = nodes.iter().enumerate().map(|(i, n)| (n.1.dir.clone(), i)).collect();
        let tree = Rc::new(Tree { nodes, by_dir });
        *self.tree.borrow_mut() = Some(tree.clone());
        tree
    }
}

/// The embedded std's module tree, for `std.x`.
pub fn std_tree(cache: &FactCache) -> Tree {
    let root = Module::read(Path::new(crate::atom::io::STD_DIR), cache).unwrap_or_default();
    let nodes = crate::atom::tree::read_all(root, Vec::new(), cache);
    let by_dir = nodes.iter().enumerate().map(|(i, n)| (n.1.dir.clone(), i)).collect();
    Tree { nodes, by_dir }
}

/// Where a file of the embedded std can be opened by an editor: the file
/// written (read-only) below the user's cache directory, once per build.
pub fn std_on_disk(path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(crate::atom::io::STD_DIR).ok()?;
    let bytes = crate::atom::io::std_read_file(path)?.ok()?;
    let base = dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("atom-eval")
        .join("lsp-std")
        .join(env!("CARGO_PKG_VERSION"));
    let out = base.join(rel);
    if std::fs::read(&out).ok().as_deref() != Some(bytes) {
        std::fs::create_dir_all(out.parent()?).ok()?;
        if out.exists() {
            let mut perms = std::fs::metadata(&out).ok()?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&out, perms).ok()?;
        }
        std::fs::write(&out, bytes).ok()?;
        let mut perms = std::fs::metadata(&out).ok()?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&out, perms).ok()?;
    }
    Some(out)
}
