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
//! | `hermeticity`: an absolute, `~/` or `<...>` path literal (reading it is refused) | warning |
//! | `pre-at-root`: `pre` in the root module | error |
//! | `missing-name`: `mod.x`, `pre.x` or `atom.x` names nothing | error |
//! | `header`: a member file is a function of `std`, `mod`, … (`{ std, ... }: ...`) | warning |
//!
//! A valid atom never gets an error: what might work when evaluated is at
//! most a warning. Names bound locally (`let`, function parameters,
//! `rec`) shadow the module scope, so `let import = ...; in import x` is
//! fine.
//!
//! Each file is parsed once into its [`FileFacts`] (which do not depend on
//! the module tree, so [`FactCache`] can keep them); the rules here judge
//! those facts against the static module tree. [`check_file`] and
//! [`check_manifest`] apply the same rules to one file or manifest as an
//! editor holds it (`atom-eval lsp`), so the two never disagree.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::atom::cache::FactCache;
use crate::atom::error::AtomError;
use crate::atom::facts::{FileFacts, Shape, Span, Use};
use crate::atom::purity;
use crate::atom::tree::{Module, Source};
use crate::atom::Manifest;
use crate::support::error::Error;

/// The rules `check` applies, named as in the table above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A missing or invalid field of `atom.toml`.
    Manifest,
    /// A syntax error.
    Parse,
    /// `mod.nix` is not a set.
    ModNotSet,
    /// Two definitions clash, or one takes a reserved name.
    Clash,
    /// A forbidden name is used.
    Purity,
    /// A relative path literal.
    RelativePath,
    /// A path literal that names the host, which an atom may not read.
    Hermeticity,
    /// `pre` in the root module.
    PreAtRoot,
    /// `mod.x`, `pre.x` or `atom.x` names nothing.
    MissingName,
    /// A member file written as a function of the scopes it already has.
    Header,
}

impl Rule {
    /// The rule's name, as findings and diagnostic codes show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Manifest => "manifest",
            Rule::Parse => "parse",
            Rule::ModNotSet => "mod-not-set",
            Rule::Clash => "clash",
            Rule::Purity => "purity",
            Rule::RelativePath => "relative-path",
            Rule::Hermeticity => "hermeticity",
            Rule::PreAtRoot => "pre-at-root",
            Rule::MissingName => "missing-name",
            Rule::Header => "header",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// The rule.
    pub rule: Rule,
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
            out.push_str(&crate::support::error::render(&Named::new(f.clone(), root), color));
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
    /// The names in `mod` (besides `outPath` and `pre`).
    all: Vec<String>,
    /// The names in the public view.
    public: Vec<String>,
    /// Submodule directories by name, and whether `mod` (false) or the
    /// public view (true) reaches them under that name.
    submodules: Vec<(String, PathBuf, bool)>,
    /// `mod.nix` computes some names: nothing can be said to be missing.
    dynamic: bool,
}

impl Names {
    fn of(module: &Module) -> Names {
        let mut names = Names {
            all: Vec::new(),
            public: Vec::new(),
            submodules: Vec::new(),
            dynamic: module.dynamic,
        };
        for m in &module.members {
            if m.in_mod {
                names.all.push(m.name.clone());
            }
            if m.public {
                names.public.push(m.name.clone());
            }
            if let Source::Submodule(d) = &m.source {
                if m.in_mod {
                    names.submodules.push((m.name.clone(), d.clone(), false));
                }
                if m.public {
                    names.submodules.push((m.name.clone(), d.clone(), true));
                }
            }
        }
        names
    }
}

/// Checks the atom in `dir`, with file facts from `cache`.
pub fn check(dir: &Path, cache: &FactCache) -> Report {
    let mut report = Report::default();
    cache.track(&dir.join("atom.toml"));
    if let Err(e) = Manifest::read(dir) {
        let text = std::fs::read_to_string(dir.join("atom.toml")).ok();
        report.findings.push(manifest_finding(dir, text, &e));
        if !dir.join("mod.nix").exists() {
            return report;
        }
    }
    let root = match Module::read(&crate::atom::tree::root_module_dir(dir), cache) {
        Ok(m) => m,
        Err(e) => {
            report.findings.push(Finding {
                severity: Severity::Error,
                rule: Rule::Manifest,
                message: format!("cannot read '{}': {e}", dir.display()),
                file: None,
                span: None,
                help: None,
            });
            return report;
        }
    };
    let tree = Tree::read(root, cache);
    // Modules are independent once the tree is read: check them on every
    // core (parsing member files dominates; measured in bench/README.md).
    let indices: Vec<usize> = (0..tree.nodes.len()).collect();
    let found = crate::support::par::parallel_map(&indices, |&i| {
        let mut findings = Report::default();
        check_module(&tree, i, cache, &mut findings, None);
        findings.findings
    });
    report.findings.extend(found.into_iter().flatten());
    report
}

/// The module tree, read once: modules depth first, each with its names.
struct Tree {
    nodes: Vec<Node>,
    /// Node index by module directory.
    by_dir: rustc_hash::FxHashMap<std::ffi::OsString, usize>,
}

struct Node {
    module: Module,
    /// Exported names from the root.
    path: Vec<String>,
    names: Names,
    parent: Option<usize>,
}

impl Tree {
    fn read(root: Module, cache: &FactCache) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            by_dir: Default::default(),
        };
        for (path, module, parent) in crate::atom::tree::read_all(root, Vec::new(), cache) {
            tree.by_dir.insert(module.dir.as_os_str().to_owned(), tree.nodes.len());
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
        self.by_dir.get(dir.as_os_str()).map(|&i| &self.nodes[i].names)
    }
}

/// A manifest error as a finding, pointing where the error does in `text`
/// (the manifest's text, when it could be read).
fn manifest_finding(dir: &Path, text: Option<String>, e: &Error) -> Finding {
    let path = dir.join("atom.toml");
    let span = text.as_ref().and_then(|text| {
        miette::Diagnostic::labels(e)
            .and_then(|mut l| l.next())
            .map(|l| l.offset()..(l.offset() + l.len()).min(text.len()))
    });
    // The message names the manifest by its full path; the snippet
    // already does.
    let message = e.to_string().replace(&format!("{}: ", path.display()), "");
    Finding {
        severity: Severity::Error,
        rule: Rule::Manifest,
        message,
        file: text.map(|t| (path, Arc::new(t))),
        span,
        help: miette::Diagnostic::help(e).map(|h| h.to_string()),
    }
}

/// `check`'s manifest rule on the text of `DIR/atom.toml` as an editor
/// holds it (saved or not): the finding `check` would report, if any.
pub fn check_manifest(dir: &Path, text: &str) -> Option<Finding> {
    let e = Manifest::parse(dir.join("atom.toml"), text).err()?;
    Some(manifest_finding(dir, Some(text.to_owned()), &e))
}

/// `check`'s findings in one file of the atom in `dir`, judged on the
/// facts `cache` gives for it (an editor's unsaved buffer, overlaid with
/// [`FactCache::overlay`]); `text` is the file's text the spans point
/// into. A file outside the atom's modules gets its syntax errors only.
pub fn check_file(dir: &Path, file: &Path, text: &str, cache: &FactCache) -> Vec<Finding> {
    let mut report = Report::default();
    let only = Only {
        path: file,
        text: Arc::new(text.to_owned()),
    };
    let judged = Module::read(&crate::atom::tree::root_module_dir(dir), cache)
        .ok()
        .and_then(|root| {
            let tree = Tree::read(root, cache);
            let parent = file.parent()?;
            let index = *tree.by_dir.get(parent.as_os_str())?;
            let in_module = file.file_name() == Some(std::ffi::OsStr::new("mod.nix"))
                || tree.nodes[index]
                    .module
                    .members
                    .iter()
                    .any(|m| matches!(&m.source, Source::File(f) if f == file));
            in_module.then(|| check_module(&tree, index, cache, &mut report, Some(&only)))
        });
    if judged.is_none() {
        if let Ok(facts) = cache.facts(file) {
            syntax_errors(&File::with_text(file, only.text.clone()), &facts, &mut report);
        }
    }
    report.findings
}

/// The one file [`check_file`] judges, with its text.
struct Only<'a> {
    path: &'a Path,
    text: Arc<String>,
}

/// A file findings point into. Its text is read only when a finding needs
/// a snippet: with cached facts, files without findings are never read.
struct File<'a> {
    path: &'a Path,
    text: OnceLock<Arc<String>>,
}

impl<'a> File<'a> {
    fn new(path: &'a Path) -> File<'a> {
        File {
            path,
            text: OnceLock::new(),
        }
    }

    fn with_text(path: &'a Path, text: Arc<String>) -> File<'a> {
        File {
            path,
            text: OnceLock::from(text),
        }
    }

    fn source(&self) -> SourceFile {
        let text = self
            .text
            .get_or_init(|| Arc::new(std::fs::read_to_string(self.path).unwrap_or_default()));
        (self.path.to_path_buf(), text.clone())
    }

    fn finding(&self, severity: Severity, rule: Rule, span: Span, message: String, help: &str) -> Finding {
        Finding {
            severity,
            rule,
            message,
            file: Some(self.source()),
            span: Some(span.range()),
            help: Some(help.to_owned()),
        }
    }
}

/// Judges the files of module `index`; only `only` when it is given.
fn check_module(tree: &Tree, index: usize, cache: &FactCache, report: &mut Report, only: Option<&Only>) {
    let node = &tree.nodes[index];
    let (module, path, names) = (&node.module, &node.path, &node.names);
    let here = if path.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module '{}'", path.join("."))
    };
    let mod_path = module.dir.join("mod.nix");
    let judge_mod = file_for(only, &mod_path);

    // mod.nix: parse and shape.
    let Some(mod_facts) = &module.facts else {
        // Only the root can get here: a subdirectory without a readable
        // mod.nix is data, not a module.
        let message = match cache.facts(&mod_path) {
            Err(e) => engine::api::io_error_message(&relative(&mod_path, &tree.nodes[0].module.dir), &e),
            Ok(_) => format!("cannot read '{}'", mod_path.display()),
        };
        if judge_mod.is_none() {
            return;
        }
        report.findings.push(Finding {
            severity: Severity::Error,
            rule: Rule::ModNotSet,
            message,
            file: None,
            span: None,
            help: Some("an atom's directory holds its root module, `mod.nix`: write `{ }` there to start".into()),
        });
        return;
    };
    if let Some(mod_file) = &judge_mod {
        syntax_errors(mod_file, mod_facts, report);
        if let Some((shape, span)) = mod_facts.shape {
            check_shape(mod_file, shape, span, report);
        }

        // What the naming rules refuse: the same rule composition applies.
        if let Some(e) = &module.error {
            let span = match e {
                AtomError::Reserved { definition, .. } => definition
                    .strip_prefix("mod.nix:")
                    .and_then(|raw| mod_facts.attrs.iter().find(|a| a.name == raw))
                    .map(|a| a.span),
                _ => None,
            };
            let message = format!("{here}: {e}");
            report.findings.push(match span {
                Some(span) => mod_file.finding(Severity::Error, Rule::Clash, span, message, e.help()),
                None => Finding {
                    severity: Severity::Error,
                    rule: Rule::Clash,
                    message,
                    file: None,
                    span: None,
                    help: Some(e.help().into()),
                },
            });
        }
    }

    // Every module file's uses of free variables.
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
    if let Some(mod_file) = &judge_mod {
        scope.judge(mod_file, mod_facts, report);
    }
    for m in &module.members {
        if let Source::File(f) = &m.source {
            let Some(file) = file_for(only, f) else {
                continue;
            };
            if let Ok(facts) = cache.facts(f) {
                syntax_errors(&file, &facts, report);
                if let Some((Shape::Header, span)) = facts.shape {
                    let message = format!(
                        "{} is a function of names atom files already have in scope, so `mod.{}` is a function, not its value",
                        relative(f, &tree.nodes[0].module.dir),
                        m.name
                    );
                    report.findings.push(file.finding(
                        Severity::Warning,
                        Rule::Header,
                        span,
                        message,
                        crate::atom::error::NO_HEADER_HINT,
                    ));
                }
                scope.judge(&file, &facts, report);
            }
        }
    }
}

/// The file to judge at `path`: every file, or only `only`'s (with its
/// text).
fn file_for<'b>(only: Option<&Only<'b>>, path: &'b Path) -> Option<File<'b>> {
    match only {
        Some(o) if o.path == path => Some(File::with_text(o.path, o.text.clone())),
        Some(_) => None,
        None => Some(File::new(path)),
    }
}

fn syntax_errors(file: &File, facts: &FileFacts, report: &mut Report) {
    for (message, span) in &facts.errors {
        report.findings.push(Finding {
            severity: Severity::Error,
            rule: Rule::Parse,
            message: message.clone(),
            file: Some(file.source()),
            span: Some(span.range()),
            help: None,
        });
    }
}

/// `mod.nix` must be an attribute set.
fn check_shape(file: &File, shape: Shape, span: Span, report: &mut Report) {
    let (severity, message, help) = match shape {
        Shape::Set | Shape::Other => return,
        Shape::Lambda | Shape::Header => (
            Severity::Warning,
            "mod.nix is a function, but a module must evaluate to an attribute set",
            crate::atom::error::NO_HEADER_HINT,
        ),
        Shape::LetSet => (
            Severity::Warning,
            "mod.nix is a `let` around a set, so its names cannot be listed without evaluating",
            "bind helpers as private members (lowercase names) instead of a `let`",
        ),
        Shape::OtherLiteral => (
            Severity::Error,
            "mod.nix must evaluate to an attribute set, but it is not one",
            "write mod.nix as `{ Name = value; ... }`",
        ),
    };
    report
        .findings
        .push(file.finding(severity, Rule::ModNotSet, span, message.into(), help));
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

impl Scope<'_> {
    /// The findings of one file's uses, in the order they occur.
    fn judge(&self, file: &File, facts: &FileFacts, report: &mut Report) {
        for u in &facts.uses {
            let finding = match u {
                Use::Var { name, span } if purity::forbidden(name).is_some() => {
                    Some(forbidden(file, *span, name, false))
                }
                Use::Var { span, .. } if self.is_root => Some(file.finding(
                    Severity::Error,
                    Rule::PreAtRoot,
                    *span,
                    "undefined variable 'pre': the root module has no parent".into(),
                    crate::atom::error::PRE_AT_ROOT_HINT,
                )),
                Use::Var { .. } => None,
                Use::Call { name, span } => Some(forbidden(file, *span, name, true)),
                Use::RelativePath { literal, span } => {
                    let rest = literal.trim_start_matches("./");
                    // A sibling Nix file is a member already; other files are data.
                    let help = match rest.strip_suffix(".nix").filter(|stem| !stem.contains('/')) {
                        Some(stem) => format!(
                            "{rest} is a member of this module already: use mod.{}",
                            crate::atom::names::exported(stem).1
                        ),
                        None => format!("use \"${{mod}}/{rest}\" to reach the module's own files"),
                    };
                    Some(file.finding(
                        Severity::Warning,
                        Rule::RelativePath,
                        *span,
                        format!("the relative path {literal} resolves against the store directory, not this module"),
                        &help,
                    ))
                }
                Use::HostPath { literal, span } => {
                    let (message, help) = if literal.starts_with('<') {
                        (
                            format!("{literal} finds nothing inside an atom: its search path is empty"),
                            "declare what the atom needs as a dependency in atom.toml (deps.pins for Nix code)",
                        )
                    } else {
                        (
                            format!("{literal} is outside the atom: reading it is refused inside an atom"),
                            "an atom reads only its own files, as \"${mod}/FILE\", and its declared dependencies",
                        )
                    };
                    Some(file.finding(Severity::Warning, Rule::Hermeticity, *span, message, help))
                }
                Use::Select { base, attrs } => self.select(file, base, attrs),
            };
            report.findings.extend(finding);
        }
    }

    /// `mod.x`, `pre.x`, `pre.pre.x`, `atom.a.b`: the names must exist.
    fn select(&self, file: &File, base: &str, attrs: &[(String, Span)]) -> Option<Finding> {
        // The module the path starts in, and whether it sees private names.
        let (mut names, mut private, skip) = match base {
            "mod" => (Some(self.names), true, 0),
            "atom" => (Some(self.root), false, 0),
            "pre" if !self.is_root => {
                // `pre.pre...` walks up one ancestor per `pre`.
                let ups = attrs.iter().take_while(|(n, _)| n == "pre").count();
                if ups + 1 > self.ancestors.len() {
                    return None;
                }
                (Some(self.ancestors[self.ancestors.len() - 1 - ups]), true, ups)
            }
            _ => return None,
        };
        let mut path = std::iter::once(base)
            .chain(attrs[..skip].iter().map(|(n, _)| n.as_str()))
            .collect::<Vec<_>>()
            .join(".");
        for (name, span) in &attrs[skip..] {
            let here = names?;
            if here.dynamic {
                return None;
            }
            let visible = if private { &here.all } else { &here.public };
            let reserved = name == "outPath" || (name == "pre" && private && base != "atom");
            if !reserved && !visible.iter().any(|n| n == name) {
                let help = engine::suggest::help(name, visible.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("{path} has: {}", visible.join(", ")));
                let what = if private { "" } else { "public " };
                return Some(file.finding(
                    Severity::Error,
                    Rule::MissingName,
                    *span,
                    format!("{path} has no {what}member '{name}'"),
                    &help,
                ));
            }
            // Into a submodule: its public view.
            let (_, dir, _) = here.submodules.iter().find(|(n, _, p)| n == name && *p != private)?;
            names = self.tree.names_at(dir);
            private = false;
            path.push('.');
            path.push_str(name);
        }
        None
    }
}

fn forbidden(file: &File, span: Span, name: &str, called: bool) -> Finding {
    let reason = purity::forbidden(name).expect("only forbidden names are judged");
    let what = reason.message();
    let (severity, message) = if called {
        (Severity::Error, format!("'{name}' is called: {what}"))
    } else {
        (
            Severity::Warning,
            format!("'{name}' is mentioned: it fails as soon as it is used ({what})"),
        )
    };
    file.finding(severity, Rule::Purity, span, message, reason.help())
}

/// `path` relative to the atom's root, as findings name files.
fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
