//! Names bound in the file itself: `let` bindings, function arguments
//! (a plain name, a pattern's names, its `@` name) and `rec` set
//! attributes, read from rnix's tree, which is built even for a text
//! with syntax errors, so the buffer being typed in still has scopes.

use std::ops::Range;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode, TextSize};
use rowan::ast::AstNode;

/// A local binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The name.
    pub name: String,
    /// Where the name is written at its binding.
    pub span: Range<usize>,
    /// What binds it: `let`, `argument` or `rec`.
    pub kind: &'static str,
}

/// The syntax tree of a text, as far as it parses.
pub fn parse(text: &str) -> Option<SyntaxNode> {
    engine::api::parse(text).tree.map(|p| p.syntax())
}

fn span(node: &SyntaxNode) -> Range<usize> {
    let r = node.text_range();
    usize::from(r.start())..usize::from(r.end())
}

fn ident(i: Option<ast::Ident>, kind: &'static str, out: &mut Vec<Binding>) {
    if let Some(tok) = i.as_ref().and_then(|i| i.ident_token()) {
        out.push(Binding {
            name: tok.text().to_owned(),
            span: span(i.expect("has a token").syntax()),
            kind,
        });
    }
}

fn entries(node: &impl HasEntry, kind: &'static str, out: &mut Vec<Binding>) {
    for entry in node.entries() {
        match entry {
            ast::Entry::AttrpathValue(av) => {
                if let Some(ast::Attr::Ident(i)) = av.attrpath().and_then(|p| p.attrs().next()) {
                    ident(Some(i), kind, out);
                }
            }
            ast::Entry::Inherit(inh) => {
                for attr in inh.attrs() {
                    if let ast::Attr::Ident(i) = attr {
                        ident(Some(i), kind, out);
                    }
                }
            }
        }
    }
}

/// The bindings one node introduces for what is inside it.
fn bindings_of(node: &SyntaxNode, out: &mut Vec<Binding>) {
    if let Some(l) = ast::LetIn::cast(node.clone()) {
        entries(&l, "let", out);
    } else if let Some(l) = ast::Lambda::cast(node.clone()) {
        match l.param() {
            Some(ast::Param::IdentParam(p)) => ident(p.ident(), "argument", out),
            Some(ast::Param::Pattern(p)) => {
                for e in p.pat_entries() {
                    ident(e.ident(), "argument", out);
                }
                if let Some(b) = p.pat_bind() {
                    ident(b.ident(), "argument", out);
                }
            }
            None => {}
        }
    } else if let Some(set) = ast::AttrSet::cast(node.clone()) {
        if set.rec_token().is_some() {
            entries(&set, "rec", out);
        }
    }
}

/// The node around byte `offset` (the token before it, when the cursor
/// sits at the end of a name).
fn node_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxNode> {
    let offset = TextSize::from(offset.min(usize::from(root.text_range().end())) as u32);
    let token = root.token_at_offset(offset).left_biased()?;
    token.parent()
}

/// Every binding in scope at `offset`, innermost first.
pub fn in_scope(root: &SyntaxNode, offset: usize) -> Vec<Binding> {
    let mut out = Vec::new();
    if let Some(node) = node_at(root, offset) {
        for n in node.ancestors() {
            bindings_of(&n, &mut out);
        }
    }
    out
}

/// The variable (an identifier used as an expression, not an attribute
/// name) at `offset`, with its span.
pub fn variable_at(root: &SyntaxNode, offset: usize) -> Option<(String, Range<usize>)> {
    // The cursor may be just before the name or just after it.
    let (node, ident) = [offset, offset + 1]
        .into_iter()
        .filter_map(|o| node_at(root, o))
        .find_map(|n| ast::Ident::cast(n.clone()).map(|i| (n, i)))?;
    let in_attrpath = node.parent().is_some_and(|p| p.kind() == SyntaxKind::NODE_ATTRPATH);
    if in_attrpath {
        return None;
    }
    let name = ident.ident_token()?.text().to_owned();
    Some((name, span(&node)))
}

/// Where the variable at `offset` is bound in the file, if it is.
pub fn definition(root: &SyntaxNode, offset: usize) -> Option<Binding> {
    let (name, at) = variable_at(root, offset)?;
    in_scope(root, at.start).into_iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_see_let_arguments_and_rec() {
        let text = "{ a, b ? 1 }@args: let x = 1; inherit (a) y; in rec { z = x; w = z; }";
        let root = parse(text).expect("parses");
        let at = text.find("x; w").expect("present");
        let names: Vec<String> = in_scope(&root, at).into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["z", "w", "x", "y", "a", "b", "args"]);
        let def = definition(&root, at).expect("bound");
        assert_eq!(&text[def.span], "x");
        assert_eq!(def.kind, "let");
        assert!(definition(&root, text.find("mod").unwrap_or(0)).is_none());
    }
}
