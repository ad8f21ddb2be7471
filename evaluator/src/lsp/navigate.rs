//! Hover, go to definition, find references and rename: the name under
//! the cursor resolved to a member of the atom or of std, a builtin, or a
//! local binding.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use lsp_types::{self as lt, Location};

use super::complete::is_name_byte;
use super::local;
use super::project::{self, Step, Tree};
use super::server::{Context, State};
use crate::atom::facts::Use;
use crate::atom::names;
use crate::atom::purity;
use crate::atom::tree::{Member, Source};
use crate::tools::doc;

/// What the cursor is on.
enum Target {
    /// A member of the atom (`std`: false) or of std.
    Member { step: Step, std: bool },
    /// A pure builtin, through `std.x`.
    Builtin(String),
    /// A local binding.
    Local(local::Binding),
}

/// The dotted path around `offset`, up to the end of the segment the
/// cursor is in: its segments and the cursor segment's span.
fn path_at(text: &str, offset: usize) -> Option<(Vec<String>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_name_byte(bytes[end]) {
        end += 1;
    }
    let mut start = end;
    while start > 0 && (is_name_byte(bytes[start - 1]) || bytes[start - 1] == b'.') {
        start -= 1;
    }
    let segs: Vec<String> = text[start..end].split('.').map(str::to_owned).collect();
    let last = segs.last()?;
    if last.is_empty() {
        return None;
    }
    Some((segs.clone(), end - last.len()..end))
}

fn target(state: &State, ctx: &Context, offset: usize) -> Option<Target> {
    let root = local::parse(&ctx.text);
    let (segs, _) = path_at(&ctx.text, offset)?;
    let (base, rest) = segs.split_first()?;
    let locals = root.as_ref().map(|r| local::in_scope(r, offset)).unwrap_or_default();
    if rest.is_empty() || locals.iter().any(|b| &b.name == base) {
        return local::definition(root.as_ref()?, offset).map(Target::Local);
    }
    let node = ctx.node?;
    match base.as_str() {
        "mod" | "pre" | "atom" => {
            let tree = ctx.tree.as_ref()?;
            let (_, step) = tree
                .resolve(node, base, rest)
                .into_iter()
                .find(|(i, _)| *i + 1 == rest.len())?;
            Some(Target::Member { step, std: false })
        }
        "std" | "builtins" => {
            let found = state
                .std
                .resolve(0, "atom", rest)
                .into_iter()
                .find(|(i, _)| *i + 1 == rest.len());
            match found {
                Some((_, step)) => Some(Target::Member { step, std: true }),
                None if rest.len() == 1 && purity::in_std(&rest[0]) => {
                    engine::builtins::find(&rest[0]).map(|b| Target::Builtin(b.name.to_owned()))
                }
                None => None,
            }
        }
        _ => None,
    }
}

/// Where a member is defined: its file and the span of its name there
/// (the file's start for a file or submodule).
fn member_location(state: &State, member: &Member) -> (PathBuf, Range<usize>) {
    match &member.source {
        Source::File(f) => (f.clone(), 0..0),
        Source::Submodule(d) => (d.join(names::MOD_FILE), 0..0),
        Source::ModAttr { file, offset } => {
            let text = state.text_of(file).unwrap_or_default();
            let facts = crate::atom::facts::FileFacts::of(&text);
            let span = facts
                .attrs
                .iter()
                .find(|a| a.offset as usize == *offset)
                .map_or(*offset..*offset, |a| a.span.range());
            (file.clone(), span)
        }
    }
}

/// A location an editor can open: std's files are written out read-only.
fn location(state: &State, file: &Path, span: Range<usize>) -> Option<Location> {
    let (shown, text) = match project::std_on_disk(file) {
        Some(on_disk) => (on_disk, state.text_of(file)?),
        None => (file.to_path_buf(), state.text_of(file).unwrap_or_default()),
    };
    Some(Location {
        uri: super::text::uri_of(&shown),
        range: super::text::range(&text, span),
    })
}

/// The hover text at `offset`.
pub fn hover(state: &State, ctx: &Context, offset: usize) -> Option<lt::Hover> {
    let text = match target(state, ctx, offset)? {
        Target::Member { step, std } => {
            let m = &step.member;
            let (file, span) = member_location(state, m);
            let line = super::text::position(&state.text_of(&file).unwrap_or_default(), span.start).line + 1;
            let visibility = if m.public { "public" } else { "private" };
            let shown = if std {
                format!(
                    "std: {}",
                    file.strip_prefix(crate::atom::io::STD_DIR).unwrap_or(&file).display()
                )
            } else {
                file.display().to_string()
            };
            let doc = doc::member_comment(m).unwrap_or_else(|| "(no doc comment)".into());
            format!(
                "**{}** ({visibility} {}, `{}`)\n\ndefined in `{shown}`, line {line}\n\n---\n\n{doc}",
                m.name,
                m.source.kind().as_str(),
                m.describe()
            )
        }
        Target::Builtin(name) => doc::builtin(&name)?,
        Target::Local(b) => format!("**{}**: local binding ({})", b.name, b.kind),
    };
    Some(lt::Hover {
        contents: lt::HoverContents::Markup(lt::MarkupContent {
            kind: lt::MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// Where the name at `offset` is defined.
pub fn definition(state: &State, ctx: &Context, offset: usize) -> Option<Location> {
    match target(state, ctx, offset)? {
        Target::Member { step, .. } => {
            let (file, span) = member_location(state, &step.member);
            location(state, &file, span)
        }
        Target::Builtin(_) => None,
        Target::Local(b) => location(state, &ctx.path, b.span),
    }
}

fn same(a: &Member, b: &Member) -> bool {
    a.source == b.source && a.source_name == b.source_name
}

/// Every use of `member` in the atom's files: file and span of the name.
fn uses_of(state: &State, ctx: &Context, tree: &Tree, member: &Member) -> Vec<(PathBuf, Range<usize>)> {
    let Some(project) = ctx.project(state) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (node, (_, module, _)) in tree.nodes.iter().enumerate() {
        let files =
            std::iter::once(module.dir.join(names::MOD_FILE)).chain(module.members.iter().filter_map(
                |m| match &m.source {
                    Source::File(f) => Some(f.clone()),
                    _ => None,
                },
            ));
        for file in files {
            let Ok(facts) = project.cache.facts(&file) else {
                continue;
            };
            for u in &facts.uses {
                let Use::Select { base, attrs } = u else {
                    continue;
                };
                let segs: Vec<String> = attrs.iter().map(|(n, _)| n.clone()).collect();
                for (i, step) in tree.resolve(node, base, &segs) {
                    if same(&step.member, member) {
                        out.push((file.clone(), attrs[i].1.range()));
                    }
                }
            }
        }
    }
    out
}

/// The references of the member at `offset` across the atom.
pub fn references(state: &State, ctx: &Context, offset: usize, declaration: bool) -> Option<Vec<Location>> {
    let Target::Member { step, std: false } = target(state, ctx, offset)? else {
        return None;
    };
    let tree = ctx.tree.as_ref()?;
    let mut spans = Vec::new();
    if declaration {
        spans.push(member_location(state, &step.member));
    }
    spans.extend(uses_of(state, ctx, tree, &step.member));
    Some(spans.into_iter().filter_map(|(f, s)| location(state, &f, s)).collect())
}

/// The raw name a member renamed to `new` takes: visibility is kept, so
/// a public member's raw name starts with the uppercase letter.
fn new_raw(member: &Member, new: &str) -> Result<(String, String), String> {
    let valid = new
        .as_bytes()
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && new.bytes().all(is_name_byte);
    if !valid {
        return Err(format!("'{new}' is not a Nix identifier"));
    }
    let mut chars = new.chars();
    let first = chars.next().unwrap_or('_');
    if member.public {
        let raw = format!("{}{}", first.to_ascii_uppercase(), chars.as_str());
        Ok((raw, format!("{}{}", first.to_ascii_lowercase(), chars.as_str())))
    } else if first.is_ascii_uppercase() {
        Err(format!(
            "'{new}' starts with an uppercase letter, which would make the private member '{}' public",
            member.name
        ))
    } else {
        Ok((new.to_owned(), new.to_owned()))
    }
}

/// Renames the member at `offset`: its file, directory or attribute, and
/// every reference to it.
pub fn rename(state: &State, ctx: &Context, offset: usize, new: &str) -> Result<Option<lt::WorkspaceEdit>, String> {
    let target = target(state, ctx, offset).ok_or("there is no member of this atom here to rename")?;
    let Target::Member { step, std: false } = target else {
        return Err("only members of this atom can be renamed".into());
    };
    let member = &step.member;
    let tree = ctx.tree.as_ref().ok_or("not in an atom")?;
    let (raw, exported) = new_raw(member, new)?;
    if names::RESERVED.contains(&exported.as_str()) {
        return Err(format!("'{exported}' is reserved in every module"));
    }
    let module = &tree.nodes[step.node].1;
    if module.members.iter().any(|m| m.name == exported && !same(m, member)) {
        return Err(format!("the module already has a member '{exported}'"));
    }
    let mut edits: HashMap<PathBuf, Vec<lt::TextEdit>> = HashMap::new();
    let mut edit = |file: &Path, span: Range<usize>, to: &str| {
        let text = state.text_of(file).unwrap_or_default();
        edits.entry(file.to_path_buf()).or_default().push(lt::TextEdit {
            range: super::text::range(&text, span),
            new_text: to.to_owned(),
        });
    };
    for (file, span) in uses_of(state, ctx, tree, member) {
        edit(&file, span, &exported);
    }
    let mut rename_op = None;
    match &member.source {
        Source::ModAttr { .. } => {
            let (file, span) = member_location(state, member);
            edit(&file, span, &raw);
        }
        Source::File(f) => rename_op = Some((f.clone(), f.with_file_name(format!("{raw}.nix")))),
        Source::Submodule(d) => rename_op = Some((d.clone(), d.with_file_name(&raw))),
    }
    let mut ops: Vec<lt::DocumentChangeOperation> = edits
        .into_iter()
        .map(|(file, edits)| {
            lt::DocumentChangeOperation::Edit(lt::TextDocumentEdit {
                text_document: lt::OptionalVersionedTextDocumentIdentifier {
                    uri: super::text::uri_of(&file),
                    version: state.docs.get(&file).map(|d| d.version),
                },
                edits: edits.into_iter().map(lt::OneOf::Left).collect(),
            })
        })
        .collect();
    ops.sort_by_key(|op| match op {
        lt::DocumentChangeOperation::Edit(e) => e.text_document.uri.as_str().to_owned(),
        lt::DocumentChangeOperation::Op(_) => String::new(),
    });
    // Edits first, against the old names; then the file or directory.
    if let Some((from, to)) = rename_op {
        ops.push(lt::DocumentChangeOperation::Op(lt::ResourceOp::Rename(
            lt::RenameFile {
                old_uri: super::text::uri_of(&from),
                new_uri: super::text::uri_of(&to),
                options: None,
                annotation_id: None,
            },
        )));
    }
    Ok(Some(lt::WorkspaceEdit {
        document_changes: Some(lt::DocumentChanges::Operations(ops)),
        ..Default::default()
    }))
}
