//! Lowering: rnix's syntax tree to the evaluator's IR.
//!
//! This pass does everything that needs no values: it resolves variables to
//! `(depth, slot)` pairs, builds frames for `let`, `rec` and lambdas, merges
//! nested attribute paths (`a.b = 1; a.c = 2;`), and reports the errors C++
//! Nix reports before evaluating (undefined variables, duplicate attributes
//! and formals, invalid literals).

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use rnix::ast::{self, AstToken, HasEntry, InterpolPart};
use rowan::ast::AstNode;

use crate::error::{Error, ErrorKind, Result};
use crate::ir::*;
use crate::print::quote_attr_name;
use crate::source::{FileId, Span};
use crate::symbol::Symbol;
use crate::value::{Attrs, PathStr, Value};

/// What a file is lowered against: its location and the names around it.
pub struct LowerContext<'a> {
    /// The file being lowered, for spans.
    pub file: FileId,
    /// The directory relative path literals resolve against.
    pub base_dir: &'a str,
    /// Names of the global frame, by slot.
    pub globals: &'a HashMap<Symbol, u32>,
    /// An extra scope between the globals and the file (`scopedImport`):
    /// names in slot order.
    pub scope: &'a [Symbol],
    /// The user's home directory, for `~/` paths.
    pub home: Option<&'a str>,
    /// How errors name the file, and its text, for "already defined at".
    pub file_name: &'a str,
    /// The file's text.
    pub source: &'a str,
}

/// Lowers a parsed file into an expression evaluated in a frame holding the
/// extra scope's values (an empty frame when there is none).
pub fn lower(root: &ast::Root, cx: &LowerContext) -> Result<ExprRef> {
    let result = lower_pass(root, cx, false);
    match result {
        // C++ Nix finds undefined variables only after parsing the whole
        // file: an error of its parser (a duplicate attribute, a syntax
        // error) anywhere wins.
        Err(e) if e.message().starts_with("undefined variable '") => match lower_pass(root, cx, true) {
            Err(parse_error) => Err(parse_error),
            Ok(_) => Err(e),
        },
        other => other,
    }
}

fn lower_pass(root: &ast::Root, cx: &LowerContext, lenient: bool) -> Result<ExprRef> {
    let mut l = Lowerer {
        cx,
        scopes: Vec::new(),
        attr_prefix: None,
        lines: std::cell::OnceCell::new(),
        lenient,
    };
    let names = cx.scope.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
    l.scopes.push(Scope::Frame(names));
    let expr = root
        .expr()
        .ok_or_else(|| l.error(root.syntax(), "syntax error, unexpected end of file".into()))?;
    l.expr(&expr)
}

enum Scope {
    Frame(HashMap<Symbol, u32>),
    With,
}

struct Lowerer<'a> {
    cx: &'a LowerContext<'a>,
    scopes: Vec<Scope>,
    /// The attribute path of the set whose entries are being merged into
    /// another (`a = { b = 1; }; a = { b = 2; }`), for error messages.
    attr_prefix: Option<String>,
    /// The file's line starts, for the position of every lambda.
    lines: std::cell::OnceCell<crate::source::LineIndex>,
    /// Undefined variables are not errors: the second pass of [`lower`],
    /// looking for an error C++ Nix's parser reports before them.
    lenient: bool,
}

/// An attribute set under construction, before nested paths are merged.
struct Pending {
    rec: bool,
    statics: Vec<(Symbol, PendingValue, rowan::TextRange)>,
    /// Where each name is in `statics`: sets with many attributes would
    /// otherwise cost a scan per binding.
    index: HashMap<Symbol, usize>,
    /// `${e} = v;`: the name's expression, the whole `${e}`, the value,
    /// and where its attribute path starts.
    dynamics: Vec<(ast::Expr, rowan::TextRange, PendingValue, rowan::TextRange)>,
    /// `inherit (e)` sources.
    sources: Vec<ast::Expr>,
}

enum PendingValue {
    Expr(ast::Expr),
    Nested(Pending),
    /// `inherit x;`: the variable from the enclosing scope.
    Inherit(Symbol, rowan::TextRange),
    /// `inherit (e) x;`: source index and name.
    InheritFrom(usize, Symbol),
}

impl<'a> Lowerer<'a> {
    fn span(&self, range: rowan::TextRange) -> Span {
        Span {
            file: self.cx.file,
            start: range.start().into(),
            end: range.end().into(),
        }
    }

    fn node_span(&self, node: &rnix::SyntaxNode) -> Span {
        // C++ Nix points at the start of a node; trivia never leads a node.
        self.span(node.text_range())
    }

    fn error(&self, node: &rnix::SyntaxNode, msg: String) -> Box<Error> {
        Error::new(ErrorKind::Eval(msg), Some(self.node_span(node)))
    }

    fn mk(&self, node: &rnix::SyntaxNode, kind: ExprKind) -> ExprRef {
        Rc::new(Expr::new(kind, self.node_span(node)))
    }

    fn missing(&self, node: &rnix::SyntaxNode) -> Box<Error> {
        self.error(node, "syntax error: incomplete expression".into())
    }

    fn expr(&mut self, e: &ast::Expr) -> Result<ExprRef> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e))
    }

    fn child(&mut self, parent: &rnix::SyntaxNode, e: Option<ast::Expr>) -> Result<ExprRef> {
        match e {
            Some(e) => self.expr(&e),
            None => Err(self.missing(parent)),
        }
    }

    fn expr_inner(&mut self, e: &ast::Expr) -> Result<ExprRef> {
        let node = e.syntax();
        Ok(match e {
            ast::Expr::Paren(p) => return self.child(node, p.expr()),
            ast::Expr::Root(r) => return self.child(node, r.expr()),
            ast::Expr::Error(_) => return Err(self.error(node, "syntax error".into())),
            ast::Expr::Literal(lit) => self.mk(node, ExprKind::Const(self.literal(lit)?)),
            ast::Expr::Ident(id) => {
                let name = ident_name(id);
                self.variable(node, name)?
            }
            ast::Expr::Str(s) => self.string(s)?,
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => self.path(e)?,
            ast::Expr::PathSearch(p) => {
                let content = p.content().map(|c| c.text().to_owned()).unwrap_or_default();
                let name = content.trim_start_matches('<').trim_end_matches('>').to_owned();
                // C++ Nix's lexer takes `<a/b>` only with non-empty
                // segments; otherwise `<` is a less-than sign.
                if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
                    return Err(self.error(node, "syntax error, unexpected '<'".into()));
                }
                let find = self.variable(node, Symbol::new("__findFile"))?;
                let path = self.variable(node, Symbol::new("__nixPath"))?;
                let arg = self.mk(node, ExprKind::Const(Value::string(name)));
                self.mk(
                    node,
                    ExprKind::Apply {
                        func: find,
                        args: vec![path, arg].into(),
                    },
                )
            }
            ast::Expr::List(list) => {
                let items = list.items().map(|i| self.expr(&i)).collect::<Result<Vec<_>>>()?;
                if items.is_empty() {
                    // `[ ]` is a constant, shared rather than allocated per
                    // evaluation (an empty list is never shown `«repeated»`).
                    return Ok(self.mk(node, ExprKind::Const(Value::list(Vec::new()))));
                }
                self.mk(node, ExprKind::List(items.into()))
            }
            ast::Expr::AttrSet(set) => {
                let mut pending = Pending::new(set.rec_token().is_some());
                self.collect_entries(&mut pending, set)?;
                self.attrs(node, pending)?
            }
            ast::Expr::Select(sel) => {
                let expr = self.child(node, sel.expr())?;
                let path = self.attrpath(node, sel.attrpath())?;
                let default = match sel.default_expr() {
                    Some(d) => Some(self.expr(&d)?),
                    None => None,
                };
                self.mk(node, ExprKind::Select { expr, path, default })
            }
            ast::Expr::HasAttr(h) => {
                let expr = self.child(node, h.expr())?;
                let path = self.attrpath(node, h.attrpath())?;
                self.mk(node, ExprKind::HasAttr { expr, path })
            }
            ast::Expr::Apply(app) => {
                // Flatten `f a b c` into one node.
                let mut args = vec![app.argument()];
                let mut func = app.lambda();
                while let Some(ast::Expr::Apply(inner)) = &func {
                    args.push(inner.argument());
                    func = inner.lambda();
                }
                let func = self.child(node, func)?;
                let args = args
                    .into_iter()
                    .rev()
                    .map(|a| self.child(node, a))
                    .collect::<Result<Vec<_>>>()?;
                self.mk(
                    node,
                    ExprKind::Apply {
                        func,
                        args: args.into(),
                    },
                )
            }
            ast::Expr::Lambda(lam) => {
                let lambda = self.lambda(lam, None)?;
                self.mk(node, ExprKind::Lambda(lambda))
            }
            ast::Expr::LetIn(let_in) => {
                let mut pending = Pending::new(true);
                self.collect_entries(&mut pending, let_in)?;
                if !pending.dynamics.is_empty() {
                    return Err(self.error(node, "dynamic attributes not allowed in let".into()));
                }
                let (_, bindings) = self.rec_frame(pending)?;
                let body = self.child(node, let_in.body());
                self.scopes.pop();
                let body = body?;
                self.mk(node, ExprKind::Let { bindings, body })
            }
            ast::Expr::LegacyLet(legacy) => {
                // `let { body = e; ... }` is `rec { ... }.body`.
                let mut pending = Pending::new(true);
                self.collect_entries(&mut pending, legacy)?;
                let attrs = self.attrs(node, pending)?;
                let path = vec![AttrName::Static(Symbol::new("body"))].into();
                self.mk(
                    node,
                    ExprKind::Select {
                        expr: attrs,
                        path,
                        default: None,
                    },
                )
            }
            ast::Expr::With(w) => {
                let ns = self.child(node, w.namespace())?;
                self.scopes.push(Scope::With);
                let body = self.child(node, w.body());
                self.scopes.pop();
                self.mk(node, ExprKind::With { ns, body: body? })
            }
            ast::Expr::IfElse(i) => {
                let cond = self.child(node, i.condition())?;
                let then = self.child(node, i.body())?;
                let else_ = self.child(node, i.else_body())?;
                self.mk(node, ExprKind::If { cond, then, else_ })
            }
            ast::Expr::Assert(a) => {
                let cx = crate::show::ShowContext {
                    base_dir: self.cx.base_dir,
                    home: self.cx.home,
                };
                let text = a.condition().map(|c| crate::show::show(&c, &cx)).unwrap_or_default();
                let cond = self.child(node, a.condition())?;
                let body = self.child(node, a.body())?;
                self.mk(
                    node,
                    ExprKind::Assert {
                        cond,
                        body,
                        text: text.into(),
                    },
                )
            }
            ast::Expr::UnaryOp(u) => {
                let operand = self.child(node, u.expr())?;
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => self.mk(node, ExprKind::Not(operand)),
                    Some(ast::UnaryOpKind::Negate) => self.mk(node, ExprKind::Negate(operand)),
                    None => return Err(self.missing(node)),
                }
            }
            ast::Expr::BinOp(b) => {
                let lhs = self.child(node, b.lhs())?;
                let rhs = self.child(node, b.rhs())?;
                use ast::BinOpKind as K;
                let op = match b.operator().ok_or_else(|| self.missing(node))? {
                    K::Concat => BinOp::Concat,
                    K::Update => BinOp::Update,
                    K::Add => BinOp::Add,
                    K::Sub => BinOp::Sub,
                    K::Mul => BinOp::Mul,
                    K::Div => BinOp::Div,
                    K::And => BinOp::And,
                    K::Equal => BinOp::Eq,
                    K::Implication => BinOp::Implies,
                    K::Less => BinOp::Less,
                    K::LessOrEq => BinOp::LessEq,
                    K::More => BinOp::Greater,
                    K::MoreOrEq => BinOp::GreaterEq,
                    K::NotEqual => BinOp::NotEq,
                    K::Or => BinOp::Or,
                    K::PipeRight => BinOp::PipeRight,
                    K::PipeLeft => BinOp::PipeLeft,
                };
                if matches!(op, BinOp::PipeRight | BinOp::PipeLeft) {
                    self.check_pipes(b)?;
                }
                self.check_nonassoc(b)?;
                // Errors of binary operators point at the operator, as in C++ Nix.
                let span = b
                    .syntax()
                    .children_with_tokens()
                    .filter_map(|t| t.into_token())
                    .find(|t| ast::BinOpKind::from_kind(t.kind()).is_some())
                    .map(|t| self.span(t.text_range()))
                    .unwrap_or_else(|| self.node_span(node));
                Rc::new(Expr::new(ExprKind::Binary { op, lhs, rhs }, span))
            }
            ast::Expr::CurPos(_) => self.mk(node, ExprKind::CurPos),
        })
    }

    fn literal(&self, lit: &ast::Literal) -> Result<Value> {
        let node = lit.syntax();
        Ok(match lit.kind() {
            ast::LiteralKind::Integer(i) => match i.value() {
                Ok(n) => Value::Int(n),
                Err(_) => return Err(self.error(node, format!("invalid integer '{}'", i.syntax().text()))),
            },
            ast::LiteralKind::Float(f) => match f.value() {
                // C++ Nix's `strtod` reports a result out of range (an
                // overflow, a subnormal number, or nonzero digits that
                // round to zero) as an error.
                Ok(x) if x.is_finite() && (x == 0.0 || x.abs() >= f64::MIN_POSITIVE) => {
                    let rounded_to_zero = x == 0.0
                        && f.syntax()
                            .text()
                            .bytes()
                            .take_while(|b| *b != b'e' && *b != b'E')
                            .any(|b| (b'1'..=b'9').contains(&b));
                    if rounded_to_zero {
                        return Err(self.error(node, format!("invalid float '{}'", f.syntax().text())));
                    }
                    Value::Float(x)
                }
                _ => return Err(self.error(node, format!("invalid float '{}'", f.syntax().text()))),
            },
            ast::LiteralKind::Uri(u) => Value::string(u.syntax().text()),
        })
    }

    /// Resolves a name: lexical frames first (the extra scope is the bottom
    /// frame), then globals, then the enclosing `with`s at run time.
    fn resolve(&self, name: Symbol, skip: usize) -> Option<ExprKind> {
        let mut withs = Vec::new();
        let visible = self.scopes[..self.scopes.len() - skip].iter().rev();
        for (depth, scope) in (skip as u32..).zip(visible) {
            match scope {
                Scope::Frame(names) => {
                    if let Some(&slot) = names.get(&name) {
                        return Some(ExprKind::Local { depth, slot });
                    }
                }
                Scope::With => withs.push(depth),
            }
        }
        if let Some(&slot) = self.cx.globals.get(&name) {
            return Some(ExprKind::Global { slot });
        }
        if withs.is_empty() {
            None
        } else {
            Some(ExprKind::WithVar {
                name,
                withs: withs.into(),
            })
        }
    }

    fn variable(&self, node: &rnix::SyntaxNode, name: Symbol) -> Result<ExprRef> {
        self.variable_skip(node, name, 0)
    }

    /// A variable resolved from `skip` frames above the innermost one: how
    /// `inherit x;` inside `rec` and `let` reaches the enclosing scope.
    fn variable_skip(&self, node: &rnix::SyntaxNode, name: Symbol, skip: usize) -> Result<ExprRef> {
        match self.resolve(name, skip) {
            Some(kind) => Ok(self.mk(node, kind)),
            None if self.lenient => Ok(self.mk(node, ExprKind::Const(Value::Null))),
            None => Err(self.error(node, format!("undefined variable '{name}'"))),
        }
    }

    fn string(&mut self, s: &ast::Str) -> Result<ExprRef> {
        let node = s.syntax();
        let mut parts = Vec::new();
        for part in s.normalized_parts() {
            match part {
                InterpolPart::Literal(text) => {
                    if text.contains('\0') {
                        return Err(self.null_byte(s, &text));
                    }
                    if !text.is_empty() {
                        parts.push(StrPart::Literal(text.into()))
                    }
                }
                InterpolPart::Interpolation(i) => parts.push(StrPart::Interp(self.child(i.syntax(), i.expr())?)),
            }
        }
        Ok(match parts.as_slice() {
            [] => self.mk(node, ExprKind::Const(Value::string(""))),
            [StrPart::Literal(text)] => self.mk(node, ExprKind::Const(Value::string(&**text))),
            _ => self.mk(
                node,
                ExprKind::Interpolate {
                    parts: parts.into(),
                    path: false,
                },
            ),
        })
    }

    /// C++ Nix's lexer refuses a string with a NUL byte, pointing at the
    /// first piece of literal text holding one.
    fn null_byte(&self, s: &ast::Str, text: &str) -> Box<Error> {
        let at = s
            .parts()
            .into_iter()
            .find_map(|p| match p {
                InterpolPart::Literal(t) if t.syntax().text().contains('\0') => Some(t.syntax().text_range()),
                _ => None,
            })
            .unwrap_or_else(|| s.syntax().text_range());
        let start = at.start();
        let shown = text.replace('\0', "\u{2400}");
        Error::new(
            ErrorKind::Eval(format!(
                "input string '{shown}' cannot be represented as Nix string because it contains null bytes"
            )),
            Some(self.span(rowan::TextRange::new(start, start + rowan::TextSize::from(1)))),
        )
    }

    fn path(&mut self, e: &ast::Expr) -> Result<ExprRef> {
        let node = e.syntax();
        let parts = match e {
            ast::Expr::PathAbs(p) => p.parts(),
            ast::Expr::PathRel(p) => p.parts(),
            ast::Expr::PathHome(p) => p.parts(),
            _ => unreachable!("only called on paths"),
        };
        let mut out = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            match part {
                InterpolPart::Literal(lit) => {
                    let text = lit.text();
                    if i == 0 {
                        out.push(StrPart::Literal(self.resolve_path(node, text)?.into()));
                    } else {
                        out.push(StrPart::Literal(text.into()));
                    }
                }
                InterpolPart::Interpolation(interp) => {
                    out.push(StrPart::Interp(self.child(interp.syntax(), interp.expr())?))
                }
            }
        }
        Ok(match out.as_slice() {
            [StrPart::Literal(p)] => self.mk(node, ExprKind::Const(Value::Path(PathStr::from(&**p)))),
            _ => self.mk(
                node,
                ExprKind::Interpolate {
                    parts: out.into(),
                    path: true,
                },
            ),
        })
    }

    /// The absolute form of a path literal's first segment. A trailing `/`
    /// (only possible before an interpolation) is kept.
    fn resolve_path(&self, node: &rnix::SyntaxNode, text: &str) -> Result<String> {
        let absolute = if let Some(rest) = text.strip_prefix("~/") {
            let home = self
                .cx
                .home
                .ok_or_else(|| self.error(node, "cannot resolve '~': the home directory is unknown".into()))?;
            format!("{home}/{rest}")
        } else if text.starts_with('/') {
            text.to_owned()
        } else {
            format!("{}/{}", self.cx.base_dir, text)
        };
        let mut resolved = canonicalise(&absolute);
        if text.ends_with('/') && text.len() > 1 && !resolved.ends_with('/') {
            resolved.push('/');
        }
        Ok(resolved)
    }

    fn attr_name(&mut self, attr: &ast::Attr) -> Result<AttrName> {
        Ok(match attr {
            ast::Attr::Ident(id) => AttrName::Static(ident_name(id)),
            ast::Attr::Str(s) => match self.string(s)?.kind {
                ExprKind::Const(Value::String(ref text)) => AttrName::Static(Symbol::new(&text.to_str_lossy())),
                _ => AttrName::Dynamic(self.string(s)?),
            },
            ast::Attr::Dynamic(d) => {
                let expr = self.child(d.syntax(), d.expr())?;
                match &expr.kind {
                    ExprKind::Const(Value::String(text)) => AttrName::Static(Symbol::new(&text.to_str_lossy())),
                    _ => AttrName::Dynamic(expr),
                }
            }
        })
    }

    fn attrpath(&mut self, node: &rnix::SyntaxNode, path: Option<ast::Attrpath>) -> Result<Box<[AttrName]>> {
        let path = path.ok_or_else(|| self.missing(node))?;
        path.attrs()
            .map(|a| self.attr_name(&a))
            .collect::<Result<Vec<_>>>()
            .map(Into::into)
    }

    fn collect_entries(&mut self, pending: &mut Pending, node: &impl HasEntry) -> Result<()> {
        for entry in node.entries() {
            match entry {
                ast::Entry::Inherit(inherit) => self.collect_inherit(pending, &inherit)?,
                ast::Entry::AttrpathValue(apv) => {
                    let path = apv.attrpath().ok_or_else(|| self.missing(apv.syntax()))?;
                    let value = apv.value().ok_or_else(|| self.missing(apv.syntax()))?;
                    let attrs: Vec<ast::Attr> = path.attrs().collect();
                    let range = path.syntax().text_range();
                    self.insert_path(pending, &attrs, 0, value, range)?;
                }
            }
        }
        Ok(())
    }

    fn collect_inherit(&mut self, pending: &mut Pending, inherit: &ast::Inherit) -> Result<()> {
        let source = match inherit.from() {
            Some(from) => {
                let e = from.expr().ok_or_else(|| self.missing(from.syntax()))?;
                pending.sources.push(e);
                Some(pending.sources.len() - 1)
            }
            None => None,
        };
        for attr in inherit.attrs() {
            let Some(name) = static_name(&attr) else {
                return Err(self.error(attr.syntax(), "dynamic attributes not allowed in inherit".into()));
            };
            let range = attr.syntax().text_range();
            let value = match source {
                Some(i) => PendingValue::InheritFrom(i, name),
                None => PendingValue::Inherit(name, range),
            };
            self.insert_static(pending, name, range, value)?;
        }
        Ok(())
    }

    /// 1-based line and column of an offset in the file.
    fn line_col(&self, offset: rowan::TextSize) -> (usize, usize) {
        self.lines
            .get_or_init(|| crate::source::LineIndex::new(self.cx.source))
            .line_col(offset.into())
    }

    fn already_defined(&self, at: rowan::TextRange, prev: rowan::TextRange, name: &str) -> Box<Error> {
        let (line, col) = self.line_col(prev.start());
        let msg = format!(
            "attribute '{name}' already defined at {}:{line}:{col}",
            self.cx.file_name
        );
        Error::new(ErrorKind::Eval(msg), Some(self.span(at)))
    }

    fn insert_static(
        &mut self,
        pending: &mut Pending,
        name: Symbol,
        range: rowan::TextRange,
        value: PendingValue,
    ) -> Result<()> {
        if let Some(i) = pending.find(name) {
            let shown = self.prefixed(&quote_attr_name(name.as_str()));
            return Err(self.already_defined(range, pending.statics[i].2, &shown));
        }
        pending.push(name, value, range);
        Ok(())
    }

    /// Adds `a.b.c = value` to a pending set, merging with what is there;
    /// `path[done..]` is what is left to insert. `range` is the whole
    /// binding's attribute path: C++ Nix gives every attribute of `a.b.c`
    /// that position.
    fn insert_path(
        &mut self,
        pending: &mut Pending,
        path: &[ast::Attr],
        done: usize,
        value: ast::Expr,
        range: rowan::TextRange,
    ) -> Result<()> {
        let first = &path[done];
        let rest = &path[done + 1..];
        // Errors name the path so far, as in `attribute 'a.b' already defined`.
        let local = || {
            path[..=done]
                .iter()
                .map(|a| static_name(a).map_or_else(|| "\"${...}\"".to_owned(), |n| quote_attr_name(n.as_str())))
                .collect::<Vec<_>>()
                .join(".")
        };
        let name = match static_name(first) {
            Some(name) => name,
            None => {
                let key = match first {
                    ast::Attr::Dynamic(d) => d.expr().ok_or_else(|| self.missing(d.syntax()))?,
                    ast::Attr::Str(s) => ast::Expr::Str(s.clone()),
                    ast::Attr::Ident(_) => unreachable!("identifiers are static"),
                };
                let v = if rest.is_empty() {
                    PendingValue::Expr(value)
                } else {
                    let mut nested = Pending::new(false);
                    self.insert_path(&mut nested, path, done + 1, value, range)?;
                    PendingValue::Nested(nested)
                };
                pending.dynamics.push((key, first.syntax().text_range(), v, range));
                return Ok(());
            }
        };
        let existing = pending.find(name);
        if rest.is_empty() {
            // A set literal merges into an existing nested set. As in C++
            // Nix, a `rec` literal merges too, and its bindings are then not
            // recursive.
            if let (Some(i), ast::Expr::AttrSet(set)) = (existing, &value) {
                let path_here = self.prefixed(&local());
                let outer = self.attr_prefix.replace(path_here.clone());
                let merged = match self.as_nested(pending, i) {
                    Ok(Some(nested)) => Some(self.collect_entries(nested, set)),
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                };
                self.attr_prefix = outer;
                if let Some(result) = merged {
                    return result;
                }
                return Err(self.already_defined(range, pending.statics[i].2, &path_here));
            }
            if let Some(i) = existing {
                return Err(self.already_defined(range, pending.statics[i].2, &self.prefixed(&local())));
            }
            pending.push(name, PendingValue::Expr(value), range);
            return Ok(());
        }
        let i = match existing {
            Some(i) => i,
            None => pending.push(name, PendingValue::Nested(Pending::new(false)), range),
        };
        let prev = pending.statics[i].2;
        match self.as_nested(pending, i)? {
            Some(nested) => self.insert_path(nested, path, done + 1, value, range),
            None => Err(self.already_defined(range, prev, &self.prefixed(&local()))),
        }
    }

    /// `|>` and `<|` do not associate with each other: C++ Nix's grammar
    /// rejects `f <| x |> g` at the second operator, which rnix parses.
    /// `==`/`!=` and the comparisons do not associate in C++ Nix's
    /// grammar, though rnix parses `a == b == c`: the second operator is a
    /// syntax error.
    fn check_nonassoc(&self, b: &ast::BinOp) -> Result<()> {
        use ast::BinOpKind as K;
        let class = |k: Option<K>| match k {
            Some(K::Equal | K::NotEqual) => 1,
            Some(K::Less | K::More | K::LessOrEq | K::MoreOrEq) => 2,
            _ => 0,
        };
        let mine = class(b.operator());
        if mine == 0 {
            return Ok(());
        }
        // rnix reads `x: a == b == c` as `(x: a == b) == c`: look at the
        // end of what stands on the left.
        let mut left = b.lhs();
        loop {
            left = match left {
                Some(ast::Expr::Lambda(l)) => l.body(),
                Some(ast::Expr::Assert(a)) => a.body(),
                Some(ast::Expr::With(w)) => w.body(),
                Some(ast::Expr::LetIn(l)) => l.body(),
                Some(ast::Expr::IfElse(i)) => i.else_body(),
                _ => break,
            };
        }
        let Some(ast::Expr::BinOp(inner)) = left else {
            return Ok(());
        };
        if class(inner.operator()) != mine {
            return Ok(());
        }
        let Some(op) = b
            .syntax()
            .children_with_tokens()
            .filter_map(|t| t.into_token())
            .find(|t| ast::BinOpKind::from_kind(t.kind()).is_some())
        else {
            return Ok(());
        };
        let name = crate::syntax::token_name(op.kind(), op.text());
        Err(Error::new(
            ErrorKind::Eval(format!("syntax error, unexpected {name}")),
            Some(self.span(op.text_range())),
        ))
    }

    fn check_pipes(&self, b: &ast::BinOp) -> Result<()> {
        use ast::BinOpKind as K;
        let pipe = |e: Option<ast::Expr>| match e {
            Some(ast::Expr::BinOp(inner)) => match inner.operator() {
                Some(k @ (K::PipeRight | K::PipeLeft)) => Some((inner, k)),
                _ => None,
            },
            _ => None,
        };
        let Some(outer) = b.operator() else { return Ok(()) };
        let operator_token = |node: &ast::BinOp| {
            node.syntax()
                .children_with_tokens()
                .filter_map(|t| t.into_token())
                .find(|t| ast::BinOpKind::from_kind(t.kind()).is_some())
        };
        for (inner, kind) in [pipe(b.lhs()), pipe(b.rhs())].into_iter().flatten() {
            if kind == outer {
                continue;
            }
            let (Some(a), Some(o)) = (operator_token(&inner), operator_token(b)) else {
                continue;
            };
            let (second, second_kind) = if a.text_range().start() > o.text_range().start() {
                (a, kind)
            } else {
                (o, outer)
            };
            let name = if second_kind == K::PipeRight {
                "PIPE_INTO"
            } else {
                "PIPE_FROM"
            };
            let at_top = b
                .syntax()
                .parent()
                .is_some_and(|p| p.kind() == rnix::SyntaxKind::NODE_ROOT);
            let expecting = if at_top { ", expecting end of file" } else { "" };
            return Err(Error::new(
                ErrorKind::Eval(format!("syntax error, unexpected {name}{expecting}")),
                Some(self.span(second.text_range())),
            ));
        }
        Ok(())
    }

    /// `name` inside the set being merged, if any (`a.b`).
    fn prefixed(&self, name: &str) -> String {
        match &self.attr_prefix {
            Some(prefix) => format!("{prefix}.{name}"),
            None => name.to_owned(),
        }
    }

    /// The nested set at `i`, turning a set literal into one if needed.
    fn as_nested<'p>(&mut self, pending: &'p mut Pending, i: usize) -> Result<Option<&'p mut Pending>> {
        if let PendingValue::Expr(ast::Expr::AttrSet(set)) = &pending.statics[i].1 {
            let set = set.clone();
            let mut nested = Pending::new(set.rec_token().is_some());
            self.collect_entries(&mut nested, &set)?;
            pending.statics[i].1 = PendingValue::Nested(nested);
        }
        Ok(match &mut pending.statics[i].1 {
            PendingValue::Nested(nested) => Some(nested),
            _ => None,
        })
    }

    /// Lowers a pending `rec` set or `let`: pushes its frame (left on the
    /// scope stack for the caller to pop) and returns names and slot values.
    fn rec_frame(&mut self, pending: Pending) -> Result<(Vec<Symbol>, Box<[ExprRef]>)> {
        let names: Vec<Symbol> = pending.statics.iter().map(|(n, _, _)| *n).collect();
        let map = names.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect();
        self.scopes.push(Scope::Frame(map));
        let n_statics = names.len() as u32;
        let mut slots = Vec::with_capacity(names.len() + pending.sources.len());
        for (name, value, range) in pending.statics {
            slots.push(self.pending_value(name, value, range, 1, n_statics)?);
        }
        for source in &pending.sources {
            slots.push(self.expr(source)?);
        }
        Ok((names, slots.into()))
    }

    /// Lowers one attribute value. `inherit_skip` is how many frames the
    /// value's environment adds over the scope `inherit x;` reads from;
    /// `source_base` is the slot of the first `inherit (e)` source.
    fn pending_value(
        &mut self,
        name: Symbol,
        value: PendingValue,
        range: rowan::TextRange,
        inherit_skip: usize,
        source_base: u32,
    ) -> Result<ExprRef> {
        let span = self.span(range);
        Ok(match value {
            PendingValue::Expr(e) => {
                let lowered = self.expr(&e)?;
                name_lambda(lowered, name)
            }
            PendingValue::Nested(nested) => self.attrs_at(range, nested)?,
            PendingValue::Inherit(var, range) => {
                let node_span = self.span(range);
                match self.resolve(var, inherit_skip) {
                    Some(kind) => Rc::new(Expr::new(kind, node_span)),
                    None if self.lenient => Rc::new(Expr::new(ExprKind::Const(Value::Null), node_span)),
                    None => {
                        return Err(Error::new(
                            ErrorKind::Eval(format!("undefined variable '{var}'")),
                            Some(node_span),
                        ))
                    }
                }
            }
            PendingValue::InheritFrom(source, attr) => {
                let src = Rc::new(Expr::new(
                    ExprKind::Local {
                        depth: 0,
                        slot: source_base + source as u32,
                    },
                    span,
                ));
                Rc::new(Expr::new(
                    ExprKind::Select {
                        expr: src,
                        path: vec![AttrName::Static(attr)].into(),
                        default: None,
                    },
                    span,
                ))
            }
        })
    }

    fn attrs(&mut self, node: &rnix::SyntaxNode, pending: Pending) -> Result<ExprRef> {
        self.attrs_at(node.text_range(), pending)
    }

    fn attrs_at(&mut self, range: rowan::TextRange, pending: Pending) -> Result<ExprRef> {
        let span = self.span(range);
        let rec = pending.rec;
        let ranges: HashMap<Symbol, rowan::TextRange> = pending.statics.iter().map(|(n, _, r)| (*n, *r)).collect();
        let (frame, statics, dynamics) = if rec {
            let mut p = pending;
            let dyn_entries = std::mem::take(&mut p.dynamics);
            let (names, slots) = self.rec_frame(p)?;
            let dynamics = self.dynamics(dyn_entries)?;
            self.scopes.pop();
            let statics: Vec<(Symbol, AttrValue)> = names
                .into_iter()
                .enumerate()
                .map(|(i, n)| (n, AttrValue::Slot(i as u32)))
                .collect();
            (slots, statics, dynamics)
        } else {
            let has_frame = !pending.sources.is_empty();
            let mut frame = Vec::new();
            if has_frame {
                for source in &pending.sources {
                    frame.push(self.expr(source)?);
                }
                self.scopes.push(Scope::Frame(HashMap::default()));
            }
            let skip = has_frame as usize;
            let mut statics = Vec::new();
            for (name, value, range) in pending.statics {
                let v = self.pending_value(name, value, range, skip, 0)?;
                statics.push((name, AttrValue::Expr(v)));
            }
            let dynamics = self.dynamics(pending.dynamics);
            if has_frame {
                self.scopes.pop();
            }
            (frame.into(), statics, dynamics?)
        };
        if statics.is_empty() && dynamics.is_empty() && frame.is_empty() {
            // `{ }` is a constant: one shared empty set rather than a new
            // one per evaluation (an empty set is never shown `«repeated»`
            // and has no positions).
            return Ok(Rc::new(Expr::new(ExprKind::Const(Value::attrs(Attrs::new())), span)));
        }
        let mut statics = statics;
        statics.sort_by_key(|a| a.0);
        let overrides = statics.iter().find_map(|(n, v)| match v {
            AttrValue::Slot(i) if n.as_str() == "__overrides" => Some(*i),
            _ => None,
        });
        let positions = crate::value::Positions::new(
            statics
                .iter()
                .filter_map(|(n, _)| ranges.get(n).map(|r| (*n, self.span(*r))))
                .collect(),
        );
        Ok(Rc::new(Expr::new(
            ExprKind::Attrs(Box::new(AttrsExpr {
                rec,
                frame,
                statics: statics.into(),
                positions,
                dynamics,
                overrides,
            })),
            span,
        )))
    }

    fn dynamics(
        &mut self,
        entries: Vec<(ast::Expr, rowan::TextRange, PendingValue, rowan::TextRange)>,
    ) -> Result<Box<[(ExprRef, ExprRef, Span)]>> {
        let mut out = Vec::new();
        for (key, whole, value, path) in entries {
            let range = key.syntax().text_range();
            let mut key = self.expr(&key)?;
            // C++ Nix places a dynamic name at its `${`.
            if let Some(k) = Rc::get_mut(&mut key) {
                k.span = self.span(whole);
            }
            let value = self.pending_value(Symbol::new(""), value, range, 0, 0)?;
            out.push((key, value, self.span(path)));
        }
        Ok(out.into())
    }

    fn lambda(&mut self, lam: &ast::Lambda, name: Option<Symbol>) -> Result<Rc<Lambda>> {
        let node = lam.syntax();
        let param = lam.param().ok_or_else(|| self.missing(node))?;
        let (param, names) = match param {
            ast::Param::IdentParam(p) => {
                let id = p.ident().ok_or_else(|| self.missing(p.syntax()))?;
                let name = ident_name(&id);
                (Param::Ident(name), vec![name])
            }
            ast::Param::Pattern(pat) => {
                let mut names: Vec<Symbol> = Vec::new();
                let mut entries = Vec::new();
                for entry in pat.pat_entries() {
                    let id = entry.ident().ok_or_else(|| self.missing(entry.syntax()))?;
                    let name = ident_name(&id);
                    if names.contains(&name) {
                        return Err(self.error(id.syntax(), format!("duplicate formal function argument '{name}'")));
                    }
                    names.push(name);
                    entries.push((name, entry.default(), self.span(id.syntax().text_range())));
                }
                let bind = match pat.pat_bind() {
                    Some(b) => {
                        let id = b.ident().ok_or_else(|| self.missing(b.syntax()))?;
                        let bind = ident_name(&id);
                        if names.contains(&bind) {
                            return Err(self.error(id.syntax(), format!("duplicate formal function argument '{bind}'")));
                        }
                        Some(bind)
                    }
                    None => None,
                };
                // Defaults see every formal, so lower them inside the frame.
                let mut all = names.clone();
                all.extend(bind);
                self.scopes.push(Scope::Frame(
                    all.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect(),
                ));
                let formals: Result<Vec<Formal>> = entries
                    .into_iter()
                    .map(|(name, default, span)| {
                        Ok(Formal {
                            name,
                            span,
                            default: match default {
                                Some(d) => Some(self.expr(&d)?),
                                None => None,
                            },
                        })
                    })
                    .collect();
                self.scopes.pop();
                let ellipsis = pat.ellipsis_token().is_some();
                (
                    Param::Pattern {
                        formals: formals?.into(),
                        ellipsis,
                        bind,
                    },
                    all,
                )
            }
        };
        self.scopes.push(Scope::Frame(
            names.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect(),
        ));
        let body = self.child(node, lam.body());
        self.scopes.pop();
        let (line, col) = self.line_col(node.text_range().start());
        let position = format!("{}:{line}:{col}", self.cx.file_name).into();
        Ok(Rc::new(Lambda {
            name,
            param,
            body: body?,
            span: self.node_span(node),
            position,
        }))
    }
}

impl Pending {
    /// The position of a static name.
    fn find(&self, name: Symbol) -> Option<usize> {
        self.index.get(&name).copied()
    }

    /// Adds a static name, which is not there yet.
    fn push(&mut self, name: Symbol, value: PendingValue, range: rowan::TextRange) -> usize {
        self.index.insert(name, self.statics.len());
        self.statics.push((name, value, range));
        self.statics.len() - 1
    }

    fn new(rec: bool) -> Pending {
        Pending {
            rec,
            statics: Vec::new(),
            index: HashMap::default(),
            dynamics: Vec::new(),
            sources: Vec::new(),
        }
    }
}

/// Gives a lambda bound to an attribute or `let` name that name, as C++ Nix
/// does for its error messages.
fn name_lambda(expr: ExprRef, name: Symbol) -> ExprRef {
    match Rc::try_unwrap(expr) {
        Ok(Expr {
            kind: ExprKind::Lambda(lambda),
            span,
            ..
        }) => {
            let lambda = match Rc::try_unwrap(lambda) {
                Ok(mut l) => {
                    if l.name.is_none() {
                        l.name = Some(name);
                    }
                    Rc::new(l)
                }
                Err(rc) => rc,
            };
            Rc::new(Expr::new(ExprKind::Lambda(lambda), span))
        }
        Ok(other) => Rc::new(other),
        Err(rc) => rc,
    }
}

/// The name of an attribute known without evaluating anything: an
/// identifier, or a string or `${"..."}` without interpolation.
fn static_name(attr: &ast::Attr) -> Option<Symbol> {
    let literal = |s: &ast::Str| match s.normalized_parts().as_slice() {
        [] => Some(Symbol::new("")),
        [InterpolPart::Literal(text)] => Some(Symbol::new(text)),
        _ => None,
    };
    match attr {
        ast::Attr::Ident(id) => Some(ident_name(id)),
        ast::Attr::Str(s) => literal(s),
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Str(s) => literal(&s),
            _ => None,
        },
    }
}

fn ident_name(id: &ast::Ident) -> Symbol {
    Symbol::new(&id.ident_token().map(|t| t.text().to_owned()).unwrap_or_default())
}

/// Lexical normalisation of an absolute path: removes `.`, `..`, repeated
/// and trailing slashes, without touching the file system (as C++ Nix's
/// `canonPath`).
pub fn canonicalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        "/".to_owned()
    } else {
        let mut out = String::with_capacity(path.len());
        for p in parts {
            out.push('/');
            out.push_str(p);
        }
        out
    }
}
