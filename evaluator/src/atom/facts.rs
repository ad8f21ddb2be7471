//! What one file's syntax says, whatever module it is in: its syntax
//! errors, the names it defines at the top (for `mod.nix`), its shape, and
//! the uses of free variables that `check`'s rules judge.
//!
//! Facts are a pure function of the file's text, so they are computed once
//! per file (one rnix parse) and can be kept between runs
//! ([`super::cache`]). Everything that depends on the module tree (which
//! names exist, whether the module is the root) is decided later, by the
//! rules of `check` (in the tools layer).

use std::ops::Range;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use serde::{Deserialize, Serialize};

/// How much stack must be left to parse and walk a file (both recurse once
/// per level, up to the 4,096 levels the parser accepts); with less, a
/// fresh stack of an evaluation thread's size is taken.
const STACK_NEEDED: usize = 64 * 1024 * 1024;

/// A byte range of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The first byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    fn of(node: &SyntaxNode) -> Span {
        let r = node.text_range();
        Span {
            start: r.start().into(),
            end: r.end().into(),
        }
    }

    /// As a `usize` range, for diagnostics.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The facts of one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    /// Syntax errors: C++ Nix's wording where it has one, and where.
    pub errors: Vec<(String, Span)>,
    /// The names the top-level set defines statically (first segment of
    /// each binding, and inherited names), in source order, each once.
    /// Read even from a file with syntax errors, as far as it parses.
    pub attrs: Vec<Attr>,
    /// The top level is not a set, or some of its names are computed.
    pub dynamic: bool,
    /// What the top-level expression is; `None` when there are syntax
    /// errors or no expression.
    pub shape: Option<(Shape, Span)>,
    /// Uses of free variables that rules judge, in the order of a walk of
    /// the syntax tree; empty when there are syntax errors.
    pub uses: Vec<Use>,
}

/// A name the top-level set defines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attr {
    /// The name.
    pub name: String,
    /// Where its binding (or `inherit`) starts.
    pub offset: u32,
    /// The name as written in the binding.
    pub span: Span,
    /// For `Foo = mod.foo;`, the member it re-exports (`foo`): the
    /// re-export idiom, which listings show as one name.
    pub reexport: Option<String>,
}

/// What a file's top-level expression is (parentheses stripped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// An attribute set literal.
    Set,
    /// A function.
    Lambda,
    /// A `let` whose body is a set literal.
    LetSet,
    /// A literal of another type: list, string, number, path.
    OtherLiteral,
    /// Anything else (what it evaluates to is not known statically).
    Other,
    /// A function whose argument set names a scope an atom file has
    /// already (`{ std, mod, ... }: ...`): a header written out of habit.
    Header,
}

/// A use of a free variable (not bound by an enclosing `let`, function
/// parameter or `rec` set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Use {
    /// A forbidden name, or `pre`, as a variable.
    Var {
        /// The variable.
        name: String,
        /// Where.
        span: Span,
    },
    /// A forbidden name called as a function (its argument's uses follow).
    Call {
        /// The function.
        name: String,
        /// Where the name is.
        span: Span,
    },
    /// A relative path literal.
    RelativePath {
        /// The literal as written.
        literal: String,
        /// Where.
        span: Span,
    },
    /// A path literal that names the host: absolute (`/etc/x`), in the
    /// home directory (`~/x`) or a search-path lookup (`<nixpkgs>`).
    HostPath {
        /// The literal as written.
        literal: String,
        /// Where.
        span: Span,
    },
    /// `mod.a.b`, `pre.x`, `atom.x` (without `or`): the leading static
    /// names of the attribute path.
    Select {
        /// `mod`, `pre` or `atom`.
        base: String,
        /// The names, up to the first computed one.
        attrs: Vec<(String, Span)>,
    },
}

impl FileFacts {
    /// Parses `text` once and reads its facts.
    pub fn of(text: &str) -> FileFacts {
        // rnix and the walk recurse once per level of nesting, which
        // `engine::api::parse` bounds; make sure that much stack is there.
        stacker::maybe_grow(STACK_NEEDED, crate::support::run::STACK_SIZE, || FileFacts::read(text))
    }

    fn read(text: &str) -> FileFacts {
        let parsed = engine::api::parse(text);
        let end = text.len() as u32;
        let mut facts = FileFacts {
            errors: parsed
                .errors
                .into_iter()
                .map(|(message, range)| {
                    let (start, end) = range.unwrap_or((end, end));
                    (message, Span { start, end })
                })
                .collect(),
            ..FileFacts::default()
        };
        let Some(root) = parsed.tree.map(|p| p.tree()) else {
            return facts;
        };
        let expr = root.expr().map(strip_parens);
        if let Some(expr) = &expr {
            (facts.attrs, facts.dynamic) = top_attrs(expr);
        }
        if !facts.errors.is_empty() {
            return facts;
        }
        if let Some(expr) = expr {
            let whole = Span::of(expr.syntax());
            let span = Span {
                start: whole.start,
                end: whole.end.min(whole.start + 1),
            };
            facts.shape = Some((shape(&expr), span));
        }
        let mut walk = Walk::default();
        walk.node(root.syntax());
        facts.uses = walk.uses;
        facts
    }
}

fn shape(expr: &ast::Expr) -> Shape {
    match expr {
        ast::Expr::AttrSet(_) => Shape::Set,
        ast::Expr::Lambda(l) => {
            let names_scope = |p: &ast::Pattern| {
                p.pat_entries()
                    .filter_map(|e| e.ident())
                    .any(|i| crate::atom::names::is_scope_name(i.syntax().text().to_string().as_str()))
            };
            match l.param() {
                Some(ast::Param::Pattern(p)) if names_scope(&p) => Shape::Header,
                _ => Shape::Lambda,
            }
        }
        ast::Expr::LetIn(l)
            if l.body()
                .map(strip_parens)
                .is_some_and(|b| matches!(b, ast::Expr::AttrSet(_))) =>
        {
            Shape::LetSet
        }
        ast::Expr::List(_)
        | ast::Expr::Str(_)
        | ast::Expr::Literal(_)
        | ast::Expr::PathAbs(_)
        | ast::Expr::PathRel(_)
        | ast::Expr::PathHome(_)
        | ast::Expr::PathSearch(_) => Shape::OtherLiteral,
        _ => Shape::Other,
    }
}

/// The static names of a top-level set, and whether some are computed (or
/// the expression is not a set at all).
fn top_attrs(expr: &ast::Expr) -> (Vec<Attr>, bool) {
    let ast::Expr::AttrSet(set) = expr else {
        return (Vec::new(), true);
    };
    let mut out: Vec<Attr> = Vec::new();
    let mut dynamic = false;
    let mut add = |name: String, offset: u32, node: &SyntaxNode, reexport: Option<String>| {
        if !out.iter().any(|a| a.name == name) {
            out.push(Attr {
                name,
                offset,
                span: Span::of(node),
                reexport,
            });
        }
    };
    for entry in set.entries() {
        match entry {
            ast::Entry::AttrpathValue(b) => {
                let offset = b.syntax().text_range().start().into();
                let whole = b.attrpath().is_some_and(|p| p.attrs().count() == 1);
                let reexport = whole.then(|| b.value().and_then(|v| mod_member(&v))).flatten();
                match b.attrpath().and_then(|p| p.attrs().next()) {
                    Some(ast::Attr::Ident(i)) => add(token_text(i.syntax()), offset, i.syntax(), reexport),
                    Some(ast::Attr::Str(s)) => match static_string(&s) {
                        Some(name) => add(name, offset, s.syntax(), reexport),
                        None => dynamic = true,
                    },
                    _ => dynamic = true,
                }
            }
            ast::Entry::Inherit(i) => {
                let offset = i.syntax().text_range().start().into();
                for attr in i.attrs() {
                    match attr {
                        ast::Attr::Ident(id) => add(token_text(id.syntax()), offset, id.syntax(), None),
                        _ => dynamic = true,
                    }
                }
            }
        }
    }
    (out, dynamic)
}

/// For `mod.x` (one static name, no `or`), `x`.
fn mod_member(e: &ast::Expr) -> Option<String> {
    let ast::Expr::Select(sel) = strip_parens(e.clone()) else {
        return None;
    };
    let base_is_mod = matches!(sel.expr(), Some(ast::Expr::Ident(i)) if token_text(i.syntax()) == "mod");
    if !base_is_mod || sel.default_expr().is_some() {
        return None;
    }
    let mut attrs = sel.attrpath()?.attrs();
    let first = attrs.next()?;
    if attrs.next().is_some() {
        return None;
    }
    match first {
        ast::Attr::Ident(i) => Some(token_text(i.syntax())),
        ast::Attr::Str(s) => static_string(&s),
        ast::Attr::Dynamic(_) => None,
    }
}

/// `e` without enclosing parentheses.
pub fn strip_parens(mut e: ast::Expr) -> ast::Expr {
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

/// The text of a one-token node (an identifier), without building a
/// `SyntaxText`.
fn token_text(node: &SyntaxNode) -> String {
    node.first_token().map(|t| t.text().to_owned()).unwrap_or_default()
}

/// A walk of the syntax tree that knows which names are bound locally.
#[derive(Default)]
struct Walk {
    /// Names bound by enclosing `let`s, lambdas and `rec` sets.
    bound: Vec<String>,
    uses: Vec<Use>,
}

impl Walk {
    fn is_bound(&self, name: &str) -> bool {
        self.bound.iter().any(|b| b == name)
    }

    /// Visits `node`'s children with `names` bound.
    fn with_bound(&mut self, names: Vec<String>, node: &SyntaxNode) {
        let n = self.bound.len();
        self.bound.extend(names);
        self.children(node);
        self.bound.truncate(n);
    }

    fn children(&mut self, node: &SyntaxNode) {
        for child in node.children() {
            self.node(&child);
        }
    }

    fn node(&mut self, node: &SyntaxNode) {
        match node.kind() {
            SyntaxKind::NODE_LAMBDA => {
                let mut names = Vec::new();
                if let Some(l) = ast::Lambda::cast(node.clone()) {
                    match l.param() {
                        Some(ast::Param::IdentParam(p)) => names.extend(p.ident().map(|i| token_text(i.syntax()))),
                        Some(ast::Param::Pattern(p)) => {
                            names.extend(
                                p.pat_entries()
                                    .filter_map(|e| e.ident())
                                    .map(|i| token_text(i.syntax())),
                            );
                            names.extend(p.pat_bind().and_then(|b| b.ident()).map(|i| token_text(i.syntax())));
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
                let apply = ast::Apply::cast(node.clone());
                if let Some(ast::Expr::Ident(i)) = apply.as_ref().and_then(|a| a.lambda()).map(strip_parens) {
                    let name = token_text(i.syntax());
                    if super::purity::forbidden(&name).is_some() && !self.is_bound(&name) {
                        self.uses.push(Use::Call {
                            name,
                            span: Span::of(i.syntax()),
                        });
                        // The callee is handled; visit the argument.
                        if let Some(arg) = apply.and_then(|a| a.argument()) {
                            self.node(arg.syntax());
                        }
                        return;
                    }
                }
                self.children(node);
            }
            SyntaxKind::NODE_SELECT => {
                self.select(node);
                self.children(node);
            }
            SyntaxKind::NODE_IDENT => {
                let name = token_text(node);
                if (name == "pre" || super::purity::forbidden(&name).is_some()) && !self.is_bound(&name) {
                    self.uses.push(Use::Var {
                        name,
                        span: Span::of(node),
                    });
                }
            }
            SyntaxKind::NODE_PATH_REL => {
                self.uses.push(Use::RelativePath {
                    literal: node.text().to_string(),
                    span: Span::of(node),
                });
                self.children(node);
            }
            SyntaxKind::NODE_PATH_ABS | SyntaxKind::NODE_PATH_HOME | SyntaxKind::NODE_PATH_SEARCH => {
                self.uses.push(Use::HostPath {
                    literal: node.text().to_string(),
                    span: Span::of(node),
                });
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
            SyntaxKind::NODE_INHERIT => match ast::Inherit::cast(node.clone()).and_then(|i| i.from()) {
                Some(from) => self.node(from.syntax()),
                None => self.children(node),
            },
            _ => self.children(node),
        }
    }

    /// `mod.x`, `pre.pre.x`, `atom.a.b` with a free base.
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
        let base = token_text(base.syntax());
        if !matches!(base.as_str(), "mod" | "pre" | "atom") || self.is_bound(&base) {
            return;
        }
        let Some(attrpath) = select.attrpath() else { return };
        let attrs = attrpath
            .attrs()
            .map_while(|a| match &a {
                ast::Attr::Ident(i) => Some((token_text(i.syntax()), Span::of(a.syntax()))),
                _ => None,
            })
            .collect();
        self.uses.push(Use::Select { base, attrs });
    }
}

/// The names an attribute set or `let` binds (first path segments and
/// inherited names), for scoping.
fn entry_names(node: &SyntaxNode) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !out.contains(&name) {
            out.push(name);
        }
    };
    for child in node.children() {
        match child.kind() {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                if let Some(ast::Attr::Ident(i)) = ast::AttrpathValue::cast(child)
                    .and_then(|b| b.attrpath())
                    .and_then(|p| p.attrs().next())
                {
                    add(token_text(i.syntax()));
                }
            }
            SyntaxKind::NODE_INHERIT => {
                if let Some(i) = ast::Inherit::cast(child) {
                    for a in i.attrs() {
                        if let ast::Attr::Ident(i) = a {
                            add(token_text(i.syntax()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_names_are_read_statically() {
        let facts = FileFacts::of("{ Foo = 1; bar.baz = 2; \"Q\" = 3; inherit (x) Y z; ${n} = 4; Foo.x = 5; }");
        let names: Vec<&str> = facts.attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Foo", "bar", "Q", "Y", "z"]);
        assert!(facts.dynamic);
        assert_eq!(facts.shape.map(|s| s.0), Some(Shape::Set));
        assert_eq!(facts.attrs[2].span, Span { start: 24, end: 27 });
    }

    #[test]
    fn uses_respect_local_bindings() {
        let text = "let import = 1; in { a = import; b = x: fetchGit x; c = mod.y.${z}.w; d = pre; e = ./p; }";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap() as u32;
            Span {
                start,
                end: start + needle.len() as u32,
            }
        };
        assert_eq!(
            FileFacts::of(text).uses,
            [
                Use::Call {
                    name: "fetchGit".into(),
                    span: at("fetchGit"),
                },
                Use::Select {
                    base: "mod".into(),
                    attrs: vec![("y".into(), at("y"))]
                },
                Use::Var {
                    name: "pre".into(),
                    span: at("pre"),
                },
                Use::RelativePath {
                    literal: "./p".into(),
                    span: at("./p"),
                },
            ]
        );
    }

    #[test]
    fn a_file_with_syntax_errors_has_no_uses() {
        let facts = FileFacts::of("{ A = import; B = ");
        assert!(!facts.errors.is_empty());
        assert!(facts.uses.is_empty() && facts.shape.is_none());
        // The names are read as far as the set parses.
        let names: Vec<&str> = facts.attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
    }
}
