//! `atom-eval check ATOM_DIR`: every rule of the module system that can be
//! checked without evaluating, each finding a miette diagnostic with a span
//! and a hint.
//!
//! The rules (`modules-spec/` has the semantics):
//!
//! | rule | severity |
//! |---|---|
//! | `manifest`: a missing or invalid field of `atom.toml` | error |
//! | `parse`: a syntax error in a module file | error |
//! | `mod-not-set`: `mod.nix` is a literal that is not a set | error |
//! | `mod-not-set`: `mod.nix` is a function, or a `let` around a set | warning |
//! | `clash`: two definitions export one name; a reserved name | error |
//! | `purity`: a forbidden name called as a function | error |
//! | `purity`: a forbidden name merely mentioned (it only fails if forced) | warning |
//! | `relative-path`: a relative path literal (it resolves to the store directory) | warning |
//! | `pre-at-root`: `pre` in the root module | error |
//! | `missing-name`: `mod.x`, `pre.x` or `atom.x` names nothing | error |
//!
//! A valid atom never gets an error: what might work when evaluated is at
//! most a warning. Names bound locally (`let`, function parameters,
//! `rec`) shadow the module scope, so `let import = ...; in import x` is
//! fine.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::tree::{Module, Source};

/// Names that are forbidden inside a module, as variables.
const FORBIDDEN: &[&str] = &[
    "import",
    "scopedImport",
    "__getFlake",
    "__importAtom",
    "__fetchurl",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "__fetchClosure",
    "__currentSystem",
    "__storePath",
];

/// A file and its text, for source snippets.
pub type SourceFile = (PathBuf, Arc<String>);

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The atom fails (or is rejected) when evaluated.
    Error,
    /// Probably a mistake, but the atom may evaluate.
    Warning,
}

/// One finding of `check`.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The rule, as in the module docs (`purity`, `clash`, ...).
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file it is in, and its text.
    pub file: Option<SourceFile>,
    /// Where in the file.
    pub span: Option<Range<usize>>,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl miette::Diagnostic for Finding {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.file.as_ref().map(|(_, text)| &**text as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let label = miette::LabeledSpan::new(Some("here".into()), span.start, span.end - span.start);
        Some(Box::new(std::iter::once(label)))
    }
}

/// What `check` found: findings in the order of the module tree.
#[derive(Debug, Default)]
pub struct Report {
    /// Every finding.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// Every finding rendered (with source snippets), then a summary line;
    /// file paths are shown relative to `root`.
    pub fn render(&self, root: &Path, color: bool) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&crate::render(&Named::new(f.clone(), root), color));
            out.push_str("\n\n");
        }
        out.push_str(&format!("{} error(s), {} warning(s)\n", self.errors(), self.warnings()));
        out
    }
}

/// A finding whose snippet carries its file name, for rendering.
#[derive(Debug)]
struct Named {
    finding: Finding,
    src: Option<miette::NamedSource<String>>,
}

impl Named {
    fn new(finding: Finding, root: &Path) -> Named {
        let src = finding.file.as_ref().map(|(path, text)| {
            let shown = path.strip_prefix(root).unwrap_or(path);
            miette::NamedSource::new(shown.display().to_string(), text.to_string())
        });
        Named { finding, src }
    }
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.finding, f)
    }
}

impl std::error::Error for Named {}

impl miette::Diagnostic for Named {
    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(&self.finding)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding.help()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.finding.labels()
    }
}

/// Static facts about one module, for name checks.
struct Names {
    /// Every exported name (`mod`'s names, besides `outPath` and `pre`).
    all: Vec<String>,
    /// The public ones.
    public: Vec<String>,
    /// Submodule directories by exported name.
    submodules: Vec<(String, PathBuf)>,
    /// `mod.nix` computes some names: nothing can be said to be missing.
    dynamic: bool,
}

impl Names {
    fn of(module: &Module) -> Names {
        Names {
            all: module.members.iter().map(|m| m.name.clone()).collect(),
            public: module
                .members
                .iter()
                .filter(|m| m.public)
                .map(|m| m.name.clone())
                .collect(),
            submodules: module
                .members
                .iter()
                .filter_map(|m| match &m.source {
                    Source::Submodule(d) => Some((m.name.clone(), d.clone())),
                    _ => None,
                })
                .collect(),
            dynamic: module.dynamic,
        }
    }
}

/// Checks the atom in `dir`.
pub fn check(dir: &Path) -> Report {
    let mut report = Report::default();
    if let Err(e) = crate::Manifest::read(dir) {
        let (file, span) = manifest_location(dir, &e);
        // The message names the manifest by its full path; the snippet
        // already does.
        let message = e
            .to_string()
            .replace(&format!("{}: ", dir.join("atom.toml").display()), "");
        report.findings.push(Finding {
            severity: Severity::Error,
            rule: "manifest",
            message,
            file,
            span,
            help: miette::Diagnostic::help(&e).map(|h| h.to_string()),
        });
        if !dir.join("mod.nix").exists() {
            return report;
        }
    }
    let root = match Module::read(dir) {
        Ok(m) => m,
        Err(e) => {
            report.findings.push(Finding {
                severity: Severity::Error,
                rule: "manifest",
                message: format!("cannot read '{}': {e}", dir.display()),
                file: None,
                span: None,
                help: None,
            });
            return report;
        }
    };
    let tree = Tree::read(root);
    // Modules are independent once the tree is read: check them on every
    // core (parsing dominates; measured in bench/README.md).
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(tree.nodes.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Vec<Finding>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= tree.nodes.len() {
                            break done;
                        }
                        let mut findings = Report::default();
                        check_module(&tree, i, &mut findings);
                        done.push((i, findings.findings));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a check worker panicked"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    report.findings.extend(results.into_iter().flat_map(|(_, f)| f));
    report
}

/// The module tree, read once: modules depth first, each with its names.
struct Tree {
    nodes: Vec<Node>,
    /// Node index by module directory.
    by_dir: std::collections::HashMap<PathBuf, usize>,
}

struct Node {
    module: Module,
    /// Exported names from the root.
    path: Vec<String>,
    names: Names,
    parent: Option<usize>,
}

impl Tree {
    fn read(root: Module) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            by_dir: Default::default(),
        };
        for (path, module, parent) in super::tree::read_all(root, Vec::new()) {
            tree.by_dir.insert(module.dir.clone(), tree.nodes.len());
            let names = Names::of(&module);
            tree.nodes.push(Node {
                module,
                path,
                names,
                parent,
            });
        }
        tree
    }

    /// The names of the module in `dir`, if it is in the tree.
    fn names_at(&self, dir: &Path) -> Option<&Names> {
        self.by_dir.get(dir).map(|&i| &self.nodes[i].names)
    }
}

/// Where a manifest error points, for re-rendering it as a finding.
fn manifest_location(dir: &Path, e: &crate::Error) -> (Option<SourceFile>, Option<Range<usize>>) {
    let path = dir.join("atom.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return (None, None);
    };
    let span = miette::Diagnostic::labels(e)
        .and_then(|mut l| l.next())
        .map(|l| l.offset()..(l.offset() + l.len()).min(text.len()));
    (Some((path, Arc::new(text))), span)
}

fn check_module(tree: &Tree, index: usize, report: &mut Report) {
    let node = &tree.nodes[index];
    let (module, path, names) = (&node.module, &node.path, &node.names);
    let here = if path.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module '{}'", path.join("."))
    };
    let mod_file = module.dir.join("mod.nix");

    // mod.nix: parse and shape.
    let mod_text = match std::fs::read_to_string(&mod_file) {
        Ok(text) => Arc::new(text),
        Err(e) => {
            // Only the root can get here: a subdirectory without a readable
            // mod.nix is data, not a module.
            report.findings.push(Finding {
                severity: Severity::Error,
                rule: "mod-not-set",
                message: engine::api::io_error_message(&relative(&mod_file, &tree.nodes[0].module.dir), &e),
                file: None,
                span: None,
                help: Some("an atom's directory holds its root module, `mod.nix`: write `{ }` there to start".into()),
            });
            return;
        }
    };
    let mod_parse = parse(&mod_file, &mod_text, report);
    if let Some(root_expr) = mod_parse
        .as_ref()
        .and_then(|r| ast::Root::cast(r.clone()))
        .and_then(|r| r.expr())
    {
        shape(&mod_file, &mod_text, root_expr, report);
    }

    // Clashes and reserved names.
    let mut by_name: Vec<(&str, Vec<String>)> = Vec::new();
    let mut all_defs: Vec<(String, String)> = Vec::new();
    for m in &module.members {
        all_defs.push((m.name.clone(), describe(m)));
    }
    // Members shadowed by mod.nix attributes are gone from the tree; the
    // files of the same source name are dropped silently (a mod.nix
    // attribute wins), as composition does.
    for (name, desc) in &all_defs {
        match by_name.iter_mut().find(|(n, _)| n == name) {
            Some((_, d)) => d.push(desc.clone()),
            None => by_name.push((name, vec![desc.clone()])),
        }
    }
    by_name.sort();
    for (name, mut defs) in by_name {
        defs.sort();
        let (msg, help) = if defs.len() > 1 {
            (
                format!("{here}: '{name}' is defined more than once ({})", defs.join(", ")),
                "rename one of them: `foo` and `Foo` both export `foo`",
            )
        } else if name == "outPath" || name == "pre" {
            (
                format!("{here}: '{name}' is a reserved name ({})", defs.join(", ")),
                "the composer defines `outPath` and `pre` in every module; choose another name",
            )
        } else {
            continue;
        };
        let span = defs
            .iter()
            .find_map(|d| d.strip_prefix("mod.nix:"))
            .and_then(|src| attr_span(mod_parse.as_ref()?, src));
        report.findings.push(Finding {
            severity: Severity::Error,
            rule: "clash",
            message: msg,
            file: span.as_ref().map(|_| (mod_file.clone(), mod_text.clone())),
            span,
            help: Some(help.into()),
        });
    }

    // Every module file's expressions.
    let mut ancestors = Vec::new();
    let mut up = node.parent;
    while let Some(i) = up {
        ancestors.push(&tree.nodes[i].names);
        up = tree.nodes[i].parent;
    }
    ancestors.reverse();
    let scope = Scope {
        names,
        ancestors: &ancestors,
        root: &tree.nodes[0].names,
        tree,
        is_root: path.is_empty(),
    };
    if let Some(node) = &mod_parse {
        scan(node, &mod_file, &mod_text, &scope, report);
    }
    for m in &module.members {
        if let Source::File(f) = &m.source {
            let text = Arc::new(std::fs::read_to_string(f).unwrap_or_default());
            if let Some(node) = parse(f, &text, report) {
                scan(&node, f, &text, &scope, report);
            }
        }
    }
}

fn describe(m: &super::tree::Member) -> String {
    match &m.source {
        Source::File(_) => format!("{}.nix", m.source_name),
        Source::Submodule(_) => format!("{}/", m.source_name),
        Source::ModAttr { .. } => format!("mod.nix:{}", m.source_name),
    }
}

/// Parses a file; parse errors become findings.
fn parse(file: &Path, text: &Arc<String>, report: &mut Report) -> Option<SyntaxNode> {
    let parse = rnix::Root::parse(text);
    let errors = parse.errors();
    if errors.is_empty() {
        return Some(parse.syntax());
    }
    for e in errors {
        let span = engine::api::parse_error_range(e)
            .map(|(a, b)| a as usize..b as usize)
            .unwrap_or(text.len()..text.len());
        report.findings.push(Finding {
            severity: Severity::Error,
            rule: "parse",
            message: format!("syntax error, {}", engine::api::describe_parse_error(e)),
            file: Some((file.to_path_buf(), text.clone())),
            span: Some(span),
            help: None,
        });
    }
    None
}

/// `mod.nix` must be an attribute set.
fn shape(file: &Path, text: &Arc<String>, expr: ast::Expr, report: &mut Report) {
    let expr = strip_parens(expr);
    let range = expr.syntax().text_range();
    let span = Some(usize::from(range.start())..usize::from(range.end()).min(usize::from(range.start()) + 1));
    let (severity, message, help) = match &expr {
        ast::Expr::AttrSet(_) => return,
        ast::Expr::Lambda(_) => (
            Severity::Warning,
            "mod.nix is a function, but a module must evaluate to an attribute set",
            "mod, pre, atom, std and cfg are in scope without a function header: drop `{ ... }:`",
        ),
        ast::Expr::LetIn(l)
            if l.body()
                .map(strip_parens)
                .is_some_and(|b| matches!(b, ast::Expr::AttrSet(_))) =>
        {
            (
                Severity::Warning,
                "mod.nix is a `let` around a set, so its names cannot be listed without evaluating",
                "bind helpers as private members (lowercase names) instead of a `let`",
            )
        }
        ast::Expr::List(_)
        | ast::Expr::Str(_)
        | ast::Expr::Literal(_)
        | ast::Expr::PathAbs(_)
        | ast::Expr::PathRel(_)
        | ast::Expr::PathHome(_)
        | ast::Expr::PathSearch(_) => (
            Severity::Error,
            "mod.nix must evaluate to an attribute set, but it is not one",
            "write mod.nix as `{ Name = value; ... }`",
        ),
        _ => return,
    };
    report.findings.push(Finding {
        severity,
        rule: "mod-not-set",
        message: message.into(),
        file: Some((file.to_path_buf(), text.clone())),
        span,
        help: Some(help.into()),
    });
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

/// The span of the binding of attribute `name` in a parsed `mod.nix`.
fn attr_span(root: &SyntaxNode, name: &str) -> Option<Range<usize>> {
    let expr = strip_parens(ast::Root::cast(root.clone())?.expr()?);
    let ast::Expr::AttrSet(set) = expr else { return None };
    set.entries().find_map(|e| match e {
        ast::Entry::AttrpathValue(b) => {
            let first = b.attrpath()?.attrs().next()?;
            (first.syntax().text().to_string().trim_matches('"') == name).then(|| range(first.syntax()))
        }
        ast::Entry::Inherit(i) => i.attrs().find(|a| a.syntax().text() == name).map(|a| range(a.syntax())),
    })
}

fn range(node: &SyntaxNode) -> Range<usize> {
    let r = node.text_range();
    usize::from(r.start())..usize::from(r.end())
}

/// What a module's files see, statically.
struct Scope<'a> {
    names: &'a Names,
    /// The root first; `ancestors.last()` is the parent.
    ancestors: &'a [&'a Names],
    root: &'a Names,
    tree: &'a Tree,
    is_root: bool,
}

/// Walks a file's syntax tree with the names bound locally.
fn scan(root: &SyntaxNode, file: &Path, text: &Arc<String>, scope: &Scope, report: &mut Report) {
    let mut cx = Cx {
        file,
        text,
        scope,
        report,
        bound: Vec::new(),
    };
    cx.node(root);
}

struct Cx<'a, 'b> {
    file: &'a Path,
    text: &'a Arc<String>,
    scope: &'a Scope<'b>,
    report: &'a mut Report,
    /// Names bound by enclosing `let`s, lambdas and `rec` sets.
    bound: Vec<String>,
}

impl Cx<'_, '_> {
    fn push(&mut self, severity: Severity, rule: &'static str, node: &SyntaxNode, message: String, help: &str) {
        self.report.findings.push(Finding {
            severity,
            rule,
            message,
            file: Some((self.file.to_path_buf(), self.text.clone())),
            span: Some(range(node)),
            help: Some(help.to_owned()),
        });
    }

    fn is_bound(&self, name: &str) -> bool {
        self.bound.iter().any(|b| b == name)
    }

    /// Visits `node` with `names` bound.
    fn with_bound(&mut self, names: Vec<String>, node: &SyntaxNode) {
        let n = self.bound.len();
        self.bound.extend(names);
        for child in node.children() {
            self.node(&child);
        }
        self.bound.truncate(n);
    }

    fn node(&mut self, node: &SyntaxNode) {
        match node.kind() {
            SyntaxKind::NODE_LAMBDA => {
                let mut names = Vec::new();
                if let Some(l) = ast::Lambda::cast(node.clone()) {
                    match l.param() {
                        Some(ast::Param::IdentParam(p)) => names.extend(p.ident().map(|i| i.to_string())),
                        Some(ast::Param::Pattern(p)) => {
                            names.extend(p.pat_entries().filter_map(|e| e.ident()).map(|i| i.to_string()));
                            names.extend(p.pat_bind().and_then(|b| b.ident()).map(|i| i.to_string()));
                        }
                        None => {}
                    }
                }
                self.with_bound(names, node);
            }
            SyntaxKind::NODE_LET_IN | SyntaxKind::NODE_LEGACY_LET => {
                let names = entry_names(node);
                self.with_bound(names, node);
            }
            SyntaxKind::NODE_ATTR_SET => {
                let rec = ast::AttrSet::cast(node.clone()).and_then(|s| s.rec_token()).is_some();
                let names = if rec { entry_names(node) } else { Vec::new() };
                self.with_bound(names, node);
            }
            SyntaxKind::NODE_APPLY => {
                if let Some(f) = ast::Apply::cast(node.clone()).and_then(|a| a.lambda()) {
                    if let ast::Expr::Ident(i) = strip_parens(f) {
                        let name = i.to_string();
                        if FORBIDDEN.contains(&name.as_str()) && !self.is_bound(&name) {
                            self.forbidden(i.syntax(), &name, true);
                            // The callee is handled; visit the argument.
                            if let Some(arg) = ast::Apply::cast(node.clone()).and_then(|a| a.argument()) {
                                self.node(arg.syntax());
                            }
                            return;
                        }
                    }
                }
                self.children(node);
            }
            SyntaxKind::NODE_SELECT => {
                self.select(node);
                self.children(node);
            }
            SyntaxKind::NODE_IDENT => self.ident(node),
            SyntaxKind::NODE_PATH_REL => {
                let literal = node.text().to_string();
                let rest = literal.trim_start_matches("./");
                self.push(
                    Severity::Warning,
                    "relative-path",
                    node,
                    format!("the relative path {literal} resolves against the store directory, not this module"),
                    &format!("use \"${{mod}}/{rest}\" to reach the module's own files"),
                );
                self.children(node);
            }
            // Attribute names and `inherit (x) a` names are not variables.
            SyntaxKind::NODE_ATTRPATH | SyntaxKind::NODE_PAT_BIND | SyntaxKind::NODE_IDENT_PARAM => {
                for child in node.children().filter(|c| c.kind() != SyntaxKind::NODE_IDENT) {
                    self.node(&child);
                }
            }
            SyntaxKind::NODE_PAT_ENTRY => {
                if let Some(d) = ast::PatEntry::cast(node.clone()).and_then(|e| e.default()) {
                    self.node(d.syntax());
                }
            }
            SyntaxKind::NODE_INHERIT => {
                let from = ast::Inherit::cast(node.clone()).and_then(|i| i.from());
                match from {
                    Some(f) => self.node(f.syntax()),
                    None => self.children(node),
                }
            }
            _ => self.children(node),
        }
    }

    fn children(&mut self, node: &SyntaxNode) {
        for child in node.children() {
            self.node(&child);
        }
    }

    /// A variable.
    fn ident(&mut self, node: &SyntaxNode) {
        let name = node.text().to_string();
        if self.is_bound(&name) {
            return;
        }
        if FORBIDDEN.contains(&name.as_str()) {
            self.forbidden(node, &name, false);
        } else if name == "pre" && self.scope.is_root {
            self.push(
                Severity::Error,
                "pre-at-root",
                node,
                "undefined variable 'pre': the root module has no parent".into(),
                "`pre` is the parent module; in the root module use `mod` or `atom`",
            );
        }
    }

    fn forbidden(&mut self, node: &SyntaxNode, name: &str, called: bool) {
        let what = match name {
            "import" | "scopedImport" | "__getFlake" | "__importAtom" => crate::atom::purity::IMPORT,
            "__currentSystem" => crate::atom::purity::SYSTEM,
            "__storePath" => crate::atom::purity::STORE_PATH,
            _ => crate::atom::purity::FETCH,
        };
        let (severity, message) = if called {
            (Severity::Error, format!("'{name}' is called: {what}"))
        } else {
            (
                Severity::Warning,
                format!("'{name}' is mentioned: it fails as soon as it is used ({what})"),
            )
        };
        let help = match name {
            "import" | "scopedImport" | "__importAtom" => {
                "make the file a member of a module (`mod.name`) or declare a dependency in atom.toml"
            }
            "__getFlake" => "declare the dependency in atom.toml",
            "__currentSystem" => "declare the supported systems in atom.toml and take the system as an argument",
            "__storePath" => "depend on the store path through a declared dependency",
            _ => "declare what is fetched as a dependency in atom.toml",
        };
        self.push(severity, "purity", node, message, help);
    }

    /// `mod.x`, `pre.x`, `pre.pre.x`, `atom.a.b`: the names must exist.
    fn select(&mut self, node: &SyntaxNode) {
        let Some(select) = ast::Select::cast(node.clone()) else {
            return;
        };
        if select.or_token().is_some() {
            return;
        }
        let Some(ast::Expr::Ident(base)) = select.expr() else {
            return;
        };
        let base = base.to_string();
        if self.is_bound(&base) {
            return;
        }
        let Some(attrpath) = select.attrpath() else { return };
        let attrs: Vec<(String, SyntaxNode)> = attrpath
            .attrs()
            .map_while(|a| match &a {
                ast::Attr::Ident(i) => Some((i.to_string(), a.syntax().clone())),
                _ => None,
            })
            .collect();
        // The module the path starts in, and whether it sees private names.
        let (mut names, mut private, skip) = match base.as_str() {
            "mod" => (Some(self.scope.names), true, 0),
            "atom" => (Some(self.scope.root), false, 0),
            "pre" if !self.scope.is_root => {
                // `pre.pre...` walks up one ancestor per `pre`.
                let ups = attrs.iter().take_while(|(n, _)| n == "pre").count();
                let ancestors = self.scope.ancestors;
                if ups + 1 > ancestors.len() {
                    return;
                }
                (Some(ancestors[ancestors.len() - 1 - ups]), true, ups)
            }
            _ => return,
        };
        let segments = &attrs[skip..];
        let mut path = std::iter::once(base.as_str())
            .chain(attrs[..skip].iter().map(|(n, _)| n.as_str()))
            .collect::<Vec<_>>()
            .join(".");
        for (name, attr_node) in segments {
            let Some(here) = names else { return };
            if here.dynamic {
                return;
            }
            let visible = if private { &here.all } else { &here.public };
            let reserved = name == "outPath" || (name == "pre" && private && base != "atom");
            if !reserved && !visible.iter().any(|n| n == name) {
                let close = engine::eval::suggest(name, visible.iter().map(String::as_str));
                let help = if close.is_empty() {
                    format!("{path} has: {}", visible.join(", "))
                } else {
                    format!("did you mean {}?", close.join(", "))
                };
                let what = if private { "" } else { "public " };
                self.push(
                    Severity::Error,
                    "missing-name",
                    attr_node,
                    format!("{path} has no {what}member '{name}'"),
                    &help,
                );
                return;
            }
            // Into a submodule: its public view.
            match here.submodules.iter().find(|(n, _)| n == name) {
                Some((_, dir)) => {
                    names = self.scope.tree.names_at(dir);
                    private = false;
                }
                None => return,
            }
            path.push('.');
            path.push_str(name);
        }
    }
}

/// The names an attribute set or `let` binds (first path segments and
/// inherited names), for scoping.
fn entry_names(node: &SyntaxNode) -> Vec<String> {
    let mut out = Vec::new();
    for child in node.children() {
        match child.kind() {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                if let Some(ast::Attr::Ident(i)) = ast::AttrpathValue::cast(child)
                    .and_then(|b| b.attrpath())
                    .and_then(|p| p.attrs().next())
                {
                    out.push(i.to_string());
                }
            }
            SyntaxKind::NODE_INHERIT => {
                if let Some(i) = ast::Inherit::cast(child) {
                    out.extend(i.attrs().filter_map(|a| match a {
                        ast::Attr::Ident(i) => Some(i.to_string()),
                        _ => None,
                    }));
                }
            }
            _ => {}
        }
    }
    let mut seen = HashSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

/// `path` relative to the atom's root, as findings name files.
fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
