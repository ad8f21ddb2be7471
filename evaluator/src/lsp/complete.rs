//! Completion: the members after `mod.`, `pre.`, `pre.pre.`, `atom.` and
//! deeper paths, std and the pure builtins after `std.`, the manifest's
//! keys after `cfg.`, and the names in scope (local bindings and the
//! atom's injected names) at the start of a name.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionItemLabelDetails};

use super::local;
use super::project::Tree;
use super::server::{Context, State};
use crate::atom::names::MemberKind;
use crate::atom::purity;
use crate::atom::tree::Member;

/// The names every atom file sees without binding them.
pub const INJECTED: &[(&str, &str)] = &[
    ("mod", "the current module, private names included"),
    ("pre", "the parent module's `mod`"),
    ("atom", "the atom's public view"),
    ("std", "the standard library over the pure builtins"),
    ("cfg", "the parsed atom.toml"),
];

/// Whether a byte can be part of a Nix identifier.
pub fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b == b'-'
}

/// The dotted path that ends at `offset`: its complete segments (the base
/// first) and the partial last one.
pub fn path_before(text: &str, offset: usize) -> (Vec<String>, String) {
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    while i > 0 && (is_name_byte(bytes[i - 1]) || bytes[i - 1] == b'.') {
        i -= 1;
    }
    let mut segs: Vec<String> = text[i..offset.min(bytes.len())].split('.').map(str::to_owned).collect();
    let partial = segs.pop().unwrap_or_default();
    (segs, partial)
}

/// A member as a completion item: its kind, and public or private.
pub fn member_item(m: &Member) -> CompletionItem {
    let visibility = if m.public { "public" } else { "private" };
    let kind = m.source.kind();
    CompletionItem {
        label: m.name.clone(),
        kind: Some(match kind {
            MemberKind::Submodule => CompletionItemKind::MODULE,
            MemberKind::File => CompletionItemKind::FILE,
            MemberKind::Attribute => CompletionItemKind::PROPERTY,
        }),
        detail: Some(format!("{visibility} {} ({})", kind.as_str(), m.describe())),
        label_details: Some(CompletionItemLabelDetails {
            detail: None,
            description: Some(format!("{visibility} {}", kind.as_str())),
        }),
        ..Default::default()
    }
}

fn plain(label: &str, kind: CompletionItemKind, detail: String) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: Some(detail.clone()),
        label_details: Some(CompletionItemLabelDetails {
            detail: None,
            description: Some(detail),
        }),
        ..Default::default()
    }
}

/// The members of the module `base.segs` names in `tree`.
fn members(tree: &Tree, node: usize, base: &str, segs: &[String]) -> Vec<CompletionItem> {
    let Some((at, private)) = tree.members_at(node, base, segs) else {
        return Vec::new();
    };
    let mut items: Vec<CompletionItem> = tree.nodes[at]
        .1
        .members
        .iter()
        .filter(|m| if private { m.in_mod } else { m.public })
        .map(member_item)
        .collect();
    // `pre.pre` walks up once more, where there is a grandparent.
    if base == "pre" && segs.iter().all(|s| s == "pre") && tree.nodes[at].2.is_some() {
        items.push(plain(
            "pre",
            CompletionItemKind::MODULE,
            "the parent module's parent".into(),
        ));
    }
    items
}

/// The completion items at `offset` of the buffer of `ctx`.
pub fn complete(state: &State, ctx: &Context, offset: usize) -> Vec<CompletionItem> {
    let (segs, _partial) = path_before(&ctx.text, offset);
    let root = local::parse(&ctx.text);
    let locals = root.as_ref().map(|r| local::in_scope(r, offset)).unwrap_or_default();
    let Some((base, rest)) = segs.split_first() else {
        // The start of a name: locals, then what the atom injects.
        let mut items: Vec<CompletionItem> = Vec::new();
        for b in &locals {
            if !items.iter().any(|i| i.label == b.name) {
                items.push(plain(
                    &b.name,
                    CompletionItemKind::VARIABLE,
                    format!("local ({})", b.kind),
                ));
            }
        }
        if ctx.node.is_some() {
            for (name, what) in INJECTED {
                if !items.iter().any(|i| i.label == *name) {
                    items.push(plain(name, CompletionItemKind::MODULE, (*what).to_owned()));
                }
            }
        }
        return items;
    };
    // A local binding of the same name hides the injected one.
    if locals.iter().any(|b| &b.name == base) {
        return Vec::new();
    }
    let Some(node) = ctx.node else {
        return Vec::new();
    };
    match base.as_str() {
        "mod" | "pre" | "atom" => ctx
            .tree
            .as_ref()
            .map_or_else(Vec::new, |t| members(t, node, base, rest)),
        "std" | "builtins" => {
            let mut items = members(&state.std, 0, "atom", rest);
            if rest.is_empty() {
                for b in engine::builtins::BUILTINS.iter().filter(|b| purity::in_std(b.name)) {
                    if !items.iter().any(|i| i.label == b.name) {
                        items.push(plain(b.name, CompletionItemKind::FUNCTION, "builtin".into()));
                    }
                }
            }
            items
        }
        "cfg" => {
            let Some(project) = ctx.project(state) else {
                return Vec::new();
            };
            let manifest = state.text_of(&project.root.join("atom.toml")).unwrap_or_default();
            let Ok(mut table) = manifest.parse::<toml::Table>() else {
                return Vec::new();
            };
            for seg in rest {
                match table.get(seg) {
                    Some(toml::Value::Table(t)) => table = t.clone(),
                    _ => return Vec::new(),
                }
            }
            table
                .iter()
                .map(|(k, v)| plain(k, CompletionItemKind::FIELD, format!("atom.toml: {}", v.type_str())))
                .collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_before_the_cursor() {
        let text = "{ x = pre.pre.fo";
        assert_eq!(
            path_before(text, text.len()),
            (vec!["pre".into(), "pre".into()], "fo".into())
        );
        assert_eq!(path_before("f mod.", 6), (vec!["mod".into()], String::new()));
        assert_eq!(path_before("f ab", 4), (vec![], "ab".into()));
    }
}
