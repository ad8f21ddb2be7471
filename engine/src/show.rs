//! Expressions printed as C++ Nix prints its parsed syntax tree
//! (`Expr::show`), which is how `assertion '…' failed` names its condition.
//!
//! C++ Nix prints what it parsed, not what was written: parentheses are
//! gone and every compound expression brings its own, numbers and paths
//! are their values (`1.0e5` is `100000`, `./x` is absolute), `<p>` is the
//! `__findFile` call, attribute paths are merged into nested sets with
//! their names sorted, and `a - b` is `(__sub a b)`.

use std::collections::BTreeMap;
use std::fmt::Write;

use rnix::ast::{self, AstToken, HasEntry, InterpolPart};
use rowan::ast::AstNode;

use crate::print::{escape_string, format_float, quote_attr_name};

/// Where relative and home paths point.
pub struct ShowContext<'a> {
    /// The directory relative path literals resolve against.
    pub base_dir: &'a str,
    /// The home directory, for `~/`.
    pub home: Option<&'a str>,
}

/// An expression as C++ Nix shows it.
pub fn show(e: &ast::Expr, cx: &ShowContext) -> String {
    let mut out = String::new();
    expr(e, cx, &mut out);
    out
}

/// The bindings of a set or `let`, merged as the parser merges them.
#[derive(Default)]
struct Bindings {
    rec: bool,
    /// Static names, sorted by their text.
    plain: BTreeMap<String, Binding>,
    /// `inherit x;` names.
    inherits: Vec<String>,
    /// `inherit (e) x;`: each source with its names.
    inherit_from: Vec<(ast::Expr, Vec<String>)>,
    /// `${e} = v;` in source order.
    dynamics: Vec<(ast::Attr, Binding)>,
}

enum Binding {
    Value(ast::Expr),
    Set(Bindings),
}

fn sub(e: Option<ast::Expr>, cx: &ShowContext, out: &mut String) {
    if let Some(e) = e {
        expr(&e, cx, out)
    }
}

/// A string literal's text when it has no interpolation.
fn literal_text(s: &ast::Str) -> Option<String> {
    match s.normalized_parts().as_slice() {
        [] => Some(String::new()),
        [InterpolPart::Literal(t)] => Some(t.clone()),
        _ => None,
    }
}

/// The name of an attribute when the parser knows it statically.
fn static_name(a: &ast::Attr) -> Option<String> {
    match a {
        ast::Attr::Ident(id) => Some(id.syntax().text().to_string()),
        ast::Attr::Str(s) => literal_text(s),
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Str(s) => literal_text(&s),
            _ => None,
        },
    }
}

fn attr_path(path: Option<ast::Attrpath>, cx: &ShowContext, out: &mut String) {
    let Some(path) = path else { return };
    for (i, a) in path.attrs().enumerate() {
        if i > 0 {
            out.push('.');
        }
        dyn_or_static(&a, cx, out);
    }
}

fn dyn_or_static(a: &ast::Attr, cx: &ShowContext, out: &mut String) {
    match static_name(a) {
        Some(n) => out.push_str(&quote_attr_name(&n)),
        None => {
            out.push_str("\"${");
            match a {
                ast::Attr::Dynamic(d) => sub(d.expr(), cx, out),
                ast::Attr::Str(s) => string(s, cx, out),
                ast::Attr::Ident(_) => {}
            }
            out.push_str("}\"");
        }
    }
}

fn collect(node: &impl HasEntry, b: &mut Bindings) {
    for entry in node.entries() {
        match entry {
            ast::Entry::Inherit(inh) => {
                let names: Vec<String> = inh.attrs().filter_map(|a| static_name(&a)).collect();
                match inh.from().and_then(|f| f.expr()) {
                    Some(from) => b.inherit_from.push((from, names)),
                    None => b.inherits.extend(names),
                }
            }
            ast::Entry::AttrpathValue(apv) => {
                let (Some(path), Some(value)) = (apv.attrpath(), apv.value()) else {
                    continue;
                };
                let attrs: Vec<ast::Attr> = path.attrs().collect();
                insert(b, &attrs, value);
            }
        }
    }
}

fn insert(b: &mut Bindings, path: &[ast::Attr], value: ast::Expr) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(name) = static_name(first) else {
        let binding = if rest.is_empty() {
            Binding::Value(value)
        } else {
            let mut nested = Bindings::default();
            insert(&mut nested, rest, value);
            Binding::Set(nested)
        };
        b.dynamics.push((first.clone(), binding));
        return;
    };
    let slot = b.plain.remove(&name);
    let merged = match (slot, rest.is_empty()) {
        (None, true) => Binding::Value(value),
        (None, false) => {
            let mut nested = Bindings::default();
            insert(&mut nested, rest, value);
            Binding::Set(nested)
        }
        (Some(existing), _) => {
            let mut nested = match existing {
                Binding::Set(s) => s,
                Binding::Value(ast::Expr::AttrSet(set)) => {
                    let mut s = Bindings {
                        rec: set.rec_token().is_some(),
                        ..Bindings::default()
                    };
                    collect(&set, &mut s);
                    s
                }
                // A duplicate: lowering reports it; show the first.
                other => {
                    b.plain.insert(name, other);
                    return;
                }
            };
            match (rest.is_empty(), value) {
                (true, ast::Expr::AttrSet(set)) => collect(&set, &mut nested),
                (true, _) => {}
                (false, value) => insert(&mut nested, rest, value),
            }
            Binding::Set(nested)
        }
    };
    b.plain.insert(name, merged);
}

fn bindings(b: &Bindings, cx: &ShowContext, out: &mut String) {
    if !b.inherits.is_empty() {
        let mut names = b.inherits.clone();
        names.sort();
        out.push_str("inherit");
        for n in names {
            out.push(' ');
            out.push_str(&quote_attr_name(&n));
        }
        out.push_str("; ");
    }
    for (from, names) in &b.inherit_from {
        let mut names = names.clone();
        names.sort();
        out.push_str("inherit (");
        expr(from, cx, out);
        out.push(')');
        for n in names {
            out.push(' ');
            out.push_str(&quote_attr_name(&n));
        }
        out.push_str("; ");
    }
    for (name, v) in &b.plain {
        out.push_str(&quote_attr_name(name));
        out.push_str(" = ");
        binding(v, cx, out);
        out.push_str("; ");
    }
    for (attr, v) in &b.dynamics {
        out.push_str("\"${");
        match attr {
            ast::Attr::Dynamic(d) => sub(d.expr(), cx, out),
            ast::Attr::Str(s) => string(s, cx, out),
            ast::Attr::Ident(_) => {}
        }
        out.push_str("}\" = ");
        binding(v, cx, out);
        out.push_str("; ");
    }
}

fn binding(v: &Binding, cx: &ShowContext, out: &mut String) {
    match v {
        Binding::Value(e) => expr(e, cx, out),
        Binding::Set(s) => set(s, cx, out),
    }
}

fn set(b: &Bindings, cx: &ShowContext, out: &mut String) {
    if b.rec {
        out.push_str("rec ");
    }
    out.push_str("{ ");
    bindings(b, cx, out);
    out.push('}');
}

/// A string: a literal, or its parts joined with ` + ` in parentheses.
fn string(s: &ast::Str, cx: &ShowContext, out: &mut String) {
    let parts = s.normalized_parts();
    if let Some(text) = literal_text(s) {
        out.push_str(&escape_string(text.as_bytes()));
        return;
    }
    out.push('(');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        match part {
            InterpolPart::Literal(t) => out.push_str(&escape_string(t.as_bytes())),
            InterpolPart::Interpolation(i) => sub(i.expr(), cx, out),
        }
    }
    out.push(')');
}

/// A path literal's first segment made absolute, as the parser does.
fn resolve(text: &str, cx: &ShowContext) -> String {
    let absolute = if let Some(rest) = text.strip_prefix("~/") {
        format!("{}/{rest}", cx.home.unwrap_or(""))
    } else if text.starts_with('/') {
        text.to_owned()
    } else {
        format!("{}/{text}", cx.base_dir)
    };
    let mut resolved = crate::lower::canonicalise(&absolute);
    if text.ends_with('/') && text.len() > 1 && !resolved.ends_with('/') {
        resolved.push('/');
    }
    resolved
}

fn path(parts: Vec<InterpolPart<ast::PathContent>>, cx: &ShowContext, out: &mut String) {
    let multi = parts.len() > 1;
    if multi {
        out.push('(');
    }
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        match part {
            InterpolPart::Literal(lit) if i == 0 => out.push_str(&resolve(lit.text(), cx)),
            InterpolPart::Literal(lit) => out.push_str(&escape_string(lit.text().as_bytes())),
            InterpolPart::Interpolation(e) => sub(e.expr(), cx, out),
        }
    }
    if multi {
        out.push(')');
    }
}

fn binary(op: &str, l: Option<ast::Expr>, r: Option<ast::Expr>, cx: &ShowContext, out: &mut String) {
    out.push('(');
    sub(l, cx, out);
    let _ = write!(out, " {op} ");
    sub(r, cx, out);
    out.push(')');
}

fn call(f: &str, args: [Option<ast::Expr>; 2], cx: &ShowContext, out: &mut String) {
    let _ = write!(out, "({f}");
    for a in args {
        out.push(' ');
        sub(a, cx, out);
    }
    out.push(')');
}

/// Strips parentheses, which the parser does not keep.
fn unparen(mut e: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(p) = &e {
        match p.expr() {
            Some(inner) => e = inner,
            None => break,
        }
    }
    e
}

fn expr(e: &ast::Expr, cx: &ShowContext, out: &mut String) {
    use ast::BinOpKind as K;
    match e {
        ast::Expr::Paren(p) => sub(p.expr(), cx, out),
        ast::Expr::Root(r) => sub(r.expr(), cx, out),
        ast::Expr::Ident(_) => out.push_str(&e.syntax().text().to_string()),
        ast::Expr::Literal(lit) => match lit.kind() {
            ast::LiteralKind::Integer(i) => match i.value() {
                Ok(n) => {
                    let _ = write!(out, "{n}");
                }
                Err(_) => out.push_str(i.syntax().text()),
            },
            ast::LiteralKind::Float(f) => match f.value() {
                Ok(x) => out.push_str(&format_float(x)),
                Err(_) => out.push_str(f.syntax().text()),
            },
            ast::LiteralKind::Uri(u) => out.push_str(&escape_string(u.syntax().text().as_bytes())),
        },
        ast::Expr::Str(s) => string(s, cx, out),
        ast::Expr::PathAbs(p) => path(p.parts(), cx, out),
        ast::Expr::PathRel(p) => path(p.parts(), cx, out),
        ast::Expr::PathHome(p) => path(p.parts(), cx, out),
        ast::Expr::PathSearch(p) => {
            let content = p.content().map(|c| c.text().to_owned()).unwrap_or_default();
            let name = content.trim_start_matches('<').trim_end_matches('>');
            let _ = write!(out, "(__findFile __nixPath {})", escape_string(name.as_bytes()));
        }
        ast::Expr::BinOp(b) => {
            let (l, r) = (b.lhs(), b.rhs());
            match b.operator() {
                Some(K::Less) => call("__lessThan", [l, r], cx, out),
                Some(K::More) => call("__lessThan", [r, l], cx, out),
                Some(K::LessOrEq) => {
                    out.push_str("(! ");
                    call("__lessThan", [r, l], cx, out);
                    out.push(')');
                }
                Some(K::MoreOrEq) => {
                    out.push_str("(! ");
                    call("__lessThan", [l, r], cx, out);
                    out.push(')');
                }
                Some(K::Sub) => call("__sub", [l, r], cx, out),
                Some(K::Mul) => call("__mul", [l, r], cx, out),
                Some(K::Div) => call("__div", [l, r], cx, out),
                Some(K::PipeRight) => {
                    out.push('(');
                    sub(r, cx, out);
                    out.push(' ');
                    sub(l, cx, out);
                    out.push(')');
                }
                Some(K::PipeLeft) => {
                    out.push('(');
                    sub(l, cx, out);
                    out.push(' ');
                    sub(r, cx, out);
                    out.push(')');
                }
                op => {
                    let sym = match op {
                        Some(K::Concat) => "++",
                        Some(K::Update) => "//",
                        Some(K::Add) => "+",
                        Some(K::And) => "&&",
                        Some(K::Or) => "||",
                        Some(K::Equal) => "==",
                        Some(K::NotEqual) => "!=",
                        Some(K::Implication) => "->",
                        _ => "?",
                    };
                    binary(sym, l, r, cx, out)
                }
            }
        }
        ast::Expr::UnaryOp(u) => match u.operator() {
            Some(ast::UnaryOpKind::Invert) => {
                out.push_str("(! ");
                sub(u.expr(), cx, out);
                out.push(')');
            }
            _ => {
                out.push_str("(__sub 0 ");
                sub(u.expr(), cx, out);
                out.push(')');
            }
        },
        ast::Expr::Apply(a) => {
            // `(f x) y` is one call of `f` with two arguments.
            let mut args = vec![a.argument()];
            let mut f = a.lambda().map(unparen);
            while let Some(ast::Expr::Apply(inner)) = &f {
                args.push(inner.argument());
                f = inner.lambda().map(unparen);
            }
            out.push('(');
            sub(f, cx, out);
            for arg in args.into_iter().rev() {
                out.push(' ');
                sub(arg, cx, out);
            }
            out.push(')');
        }
        ast::Expr::Select(s) => {
            out.push('(');
            sub(s.expr(), cx, out);
            out.push_str(").");
            attr_path(s.attrpath(), cx, out);
            if let Some(d) = s.default_expr() {
                out.push_str(" or (");
                expr(&d, cx, out);
                out.push(')');
            }
        }
        ast::Expr::HasAttr(h) => {
            out.push_str("((");
            sub(h.expr(), cx, out);
            out.push_str(") ? ");
            attr_path(h.attrpath(), cx, out);
            out.push(')');
        }
        ast::Expr::List(l) => {
            out.push_str("[ ");
            for item in l.items() {
                out.push('(');
                expr(&item, cx, out);
                out.push_str(") ");
            }
            out.push(']');
        }
        ast::Expr::AttrSet(s) => {
            let mut b = Bindings {
                rec: s.rec_token().is_some(),
                ..Bindings::default()
            };
            collect(s, &mut b);
            set(&b, cx, out);
        }
        ast::Expr::LetIn(l) => {
            let mut b = Bindings::default();
            collect(l, &mut b);
            out.push_str("(let ");
            bindings(&b, cx, out);
            out.push_str("in ");
            sub(l.body(), cx, out);
            out.push(')');
        }
        ast::Expr::LegacyLet(l) => {
            let mut b = Bindings {
                rec: true,
                ..Bindings::default()
            };
            collect(l, &mut b);
            out.push('(');
            set(&b, cx, out);
            out.push_str(").body");
        }
        ast::Expr::With(w) => {
            out.push_str("(with ");
            sub(w.namespace(), cx, out);
            out.push_str("; ");
            sub(w.body(), cx, out);
            out.push(')');
        }
        ast::Expr::IfElse(i) => {
            out.push_str("(if ");
            sub(i.condition(), cx, out);
            out.push_str(" then ");
            sub(i.body(), cx, out);
            out.push_str(" else ");
            sub(i.else_body(), cx, out);
            out.push(')');
        }
        ast::Expr::Assert(a) => {
            out.push_str("assert ");
            sub(a.condition(), cx, out);
            out.push_str("; ");
            sub(a.body(), cx, out);
        }
        ast::Expr::Lambda(l) => lambda(l, cx, out),
        other => out.push_str(&other.syntax().text().to_string()),
    }
}

fn lambda(l: &ast::Lambda, cx: &ShowContext, out: &mut String) {
    out.push('(');
    match l.param() {
        Some(ast::Param::IdentParam(p)) => {
            if let Some(id) = p.ident() {
                out.push_str(&id.syntax().text().to_string());
            }
        }
        Some(ast::Param::Pattern(pat)) => {
            let mut formals: Vec<(String, Option<ast::Expr>)> = pat
                .pat_entries()
                .filter_map(|e| Some((e.ident()?.syntax().text().to_string(), e.default())))
                .collect();
            formals.sort_by(|a, b| a.0.cmp(&b.0));
            out.push_str("{ ");
            for (i, (name, default)) in formals.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                if let Some(d) = default {
                    out.push_str(" ? ");
                    expr(d, cx, out);
                }
            }
            if pat.ellipsis_token().is_some() {
                if !formals.is_empty() {
                    out.push_str(", ");
                }
                out.push_str("...");
            }
            out.push_str(" }");
            if let Some(bind) = pat.pat_bind().and_then(|b| b.ident()) {
                let _ = write!(out, " @ {}", bind.syntax().text());
            }
        }
        None => {}
    }
    out.push_str(": ");
    sub(l.body(), cx, out);
    out.push(')');
}
