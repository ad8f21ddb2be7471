//! Doc comments for `atom-eval doc` and the REPL's `:doc`: the builtins'
//! documentation ([`super::builtin_docs`]), and RFC 145 doc comments (`/** ... */`) in
//! Nix sources.
//!
//! An RFC 145 doc comment documents what directly follows it: the
//! attribute binding `name = value;` it precedes, or, at the top of a file,
//! the file's expression. So the comment is found by walking backwards from
//! where a definition starts, over whitespace and the `name =` of its
//! binding.

use std::path::{Path, PathBuf};

use crate::atom::cache::{read_text, FactCache};
use crate::atom::tree::{Member, Module, Source};

/// The doc comment that documents the definition starting at byte `start`
/// of `text`, dedented, if there is one.
pub fn comment_before(text: &str, start: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    skip_space_back(bytes, &mut i);
    // `name = ` or `a.b."c" = ` of the binding the value belongs to.
    if i > 0 && bytes[i - 1] == b'=' && (i < 2 || !matches!(bytes[i - 2], b'=' | b'!' | b'<' | b'>')) {
        i -= 1;
        skip_space_back(bytes, &mut i);
        while i > 0
            && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'\'' | b'-' | b'.' | b'"'))
        {
            i -= 1;
        }
        skip_space_back(bytes, &mut i);
    }
    comment_ending_at(text, i)
}

/// The doc comment at the top of a file (before its first token).
pub fn file_comment(text: &str) -> Option<String> {
    // Ordinary `#` comments may come first (licence headers and the like).
    let mut rest = text;
    loop {
        let t = rest.trim_start();
        if t.starts_with('#') {
            rest = t.split_once('\n').map(|(_, r)| r).unwrap_or("");
        } else {
            rest = t;
            break;
        }
    }
    let body = rest.strip_prefix("/**")?;
    if body.starts_with('*') {
        return None;
    }
    let end = body.find("*/")?;
    Some(dedent(&body[..end]))
}

fn skip_space_back(bytes: &[u8], i: &mut usize) {
    while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
        *i -= 1;
    }
}

/// The `/** ... */` comment whose `*/` ends exactly at byte `end`.
fn comment_ending_at(text: &str, end: usize) -> Option<String> {
    let before = text.get(..end)?;
    let inner_end = before.strip_suffix("*/")?;
    let open = inner_end.rfind("/**")?;
    let body = &inner_end[open + 3..];
    if body.contains("*/") || body.starts_with('*') {
        return None;
    }
    Some(dedent(body))
}

/// Removes the indentation common to all non-blank lines, and blank lines
/// at both ends.
fn dedent(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if n == 0 {
            out.push(line.trim().to_owned());
        } else if line.trim().is_empty() {
            out.push(String::new());
        } else {
            out.push(line.get(indent..).unwrap_or(line.trim_start()).trim_end().to_owned());
        }
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `:doc` for a builtin: its synopsis and full documentation
/// ([`super::builtin_docs`]).
pub fn builtin(name: &str) -> Option<String> {
    super::builtin_docs::find(name).map(|d| d.render())
}

/// The doc comment of a member: at the top of its file (or of a
/// submodule's `mod.nix`), or right before its binding in `mod.nix`.
pub fn member_comment(member: &Member) -> Option<String> {
    match &member.source {
        Source::File(f) => file_comment(&read_text(f).ok()?),
        Source::Submodule(d) => file_comment(&read_text(&d.join("mod.nix")).ok()?),
        Source::ModAttr { file, offset } => comment_before(&read_text(file).ok()?, *offset),
    }
}

/// Where a member path starts.
#[derive(Clone, Debug)]
pub enum Base {
    /// The root's public view (`atom.x`, or a path given to `atom-eval doc`).
    Atom,
    /// The `mod` of the module at this path from the root: private
    /// members are visible (`mod.x`, `pre.x`).
    Module(Vec<String>),
    /// The embedded std's public view (`std.x`).
    Std,
}

/// A member found by [`find`], with its doc comment.
#[derive(Clone, Debug)]
pub struct Found {
    /// The member.
    pub member: Member,
    /// Its doc comment, if it has one.
    pub doc: Option<String>,
}

/// Finds the member at `segs` from `base` in the atom at `atom`, statically.
/// Submodules on the way are entered through their public view, as
/// evaluation enters them.
pub fn find(atom: &Path, base: Base, segs: &[String]) -> Result<Found, String> {
    let Some((last, modules)) = segs.split_last() else {
        return Err("give a member path, such as `greeting`, `cart.total` or `std.set.merge`".into());
    };
    let (root, mut path, mut private) = match base {
        Base::Atom => (atom.to_path_buf(), Vec::new(), false),
        Base::Module(p) => (atom.to_path_buf(), p, true),
        Base::Std => (PathBuf::from(crate::atom::io::STD_DIR), Vec::new(), false),
    };
    let cache = FactCache::uncached();
    let here = Module::at(&root, &path, &cache)?;
    let mut module = here;
    for seg in modules {
        let found = module
            .find(seg, !private)
            .filter(|m| matches!(m.source, Source::Submodule(_)));
        if found.is_none() {
            let names = module.submodule_names();
            let mut msg = format!("no submodule '{seg}' in {}", describe_module(&path));
            if let Some(hint) = engine::suggest::help(seg, names.iter().copied()) {
                msg.push_str(&format!("; {hint}"));
            }
            return Err(msg);
        }
        path.push(seg.clone());
        module = Module::at(&root, &path, &cache)?;
        private = false;
    }
    let member = module.find(last, !private).cloned().ok_or_else(|| {
        let names: Vec<&str> = module
            .members
            .iter()
            .filter(|m| if private { m.in_mod } else { m.public })
            .map(|m| m.name.as_str())
            .collect();
        let mut msg = format!("no member '{last}' in {}", describe_module(&path));
        if let Some(hint) = engine::suggest::help(last, names.iter().copied()) {
            msg.push_str(&format!("; {hint}"));
        }
        msg
    })?;
    let doc = member_comment(&member);
    Ok(Found { member, doc })
}

fn describe_module(path: &[String]) -> String {
    if path.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module '{}'", path.join("."))
    }
}

/// A found member's documentation as `doc` and `:doc` print it: the path
/// as asked, visibility and defining file, then the comment.
pub fn render(path: &str, found: &Found) -> String {
    let member = &found.member;
    let visibility = if member.public { "public" } else { "private" };
    let via = match &member.reexported_as {
        Some(attr) => format!(", exported by mod.nix: {attr} = mod.{}", member.name),
        None => String::new(),
    };
    let head = format!(
        "{path} ({visibility}{via}, defined in {})",
        member.source.file().display()
    );
    match &found.doc {
        Some(doc) => format!("{head}\n\n{doc}\n"),
        None => format!("{head}\n\n(no doc comment)\n"),
    }
}

/// `atom-eval doc ATOM_DIR NAME.PATH`: the doc of a member of the atom
/// (`cart.total`, exported or source names), of a std function
/// (`std.set.merge`) or of a builtin (`builtins.map`), as text.
///
/// `std` itself lists std's members, and a module (`std.string`,
/// `cart`) lists its public members after its own doc. `std.x` and
/// `builtins.x` need no atom (`atom` = `None`).
pub fn lookup(atom: Option<&Path>, path: &str) -> Result<String, String> {
    let segs: Vec<String> = path.split('.').filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let found = match segs.first().map(String::as_str) {
        Some("builtins") if segs.len() == 2 => {
            return builtin(&segs[1]).ok_or_else(|| {
                let names = builtin_names();
                let mut msg = format!("there is no builtin '{}'", segs[1]);
                if let Some(hint) = engine::suggest::help(&segs[1], names.iter().copied()) {
                    msg.push_str(&format!("; {hint}"));
                }
                msg
            })
        }
        Some("builtins") if segs.len() == 1 => {
            return Ok(format!(
                "builtins: the functions and constants built into the evaluator ({} of them). Inside an atom, \
                 `builtins` is std, which holds the pure ones.\n\n{}",
                builtin_names().len(),
                columns(&builtin_names())
            ))
        }
        Some("std") if segs.len() == 1 => return std_overview(),
        None => {
            let atom = atom.ok_or("give a NAME.PATH, such as `std.set.merge`")?;
            let manifest = crate::atom::Manifest::read(atom).map_err(|e| e.to_string())?;
            return Ok(format!(
                "{} {}: the atom's public members. `doc {} NAME` shows one.\n{}",
                manifest.label(),
                manifest.version(),
                atom.display(),
                member_list(atom)?
            ));
        }
        Some("std") => find(Path::new(""), Base::Std, &segs[1..])?,
        _ => {
            let atom = atom.ok_or("give the atom directory first: `atom-eval doc ATOM_DIR NAME.PATH`")?;
            find(atom, Base::Atom, &segs)?
        }
    };
    let mut text = render(path, &found);
    if let Source::Submodule(dir) = &found.member.source {
        text.push_str(&member_list(dir)?);
    }
    Ok(text)
}

/// `doc std`: what std is, and its members.
fn std_overview() -> Result<String, String> {
    let root = PathBuf::from(crate::atom::io::STD_DIR);
    Ok(format!(
        "std: the standard library, an atom embedded in atom-eval (its source is std/ in the repository). \
         Every atom file sees it as `std`; it is merged over the pure builtins, so `std.map` is \
         `builtins.map`, and `builtins` is the same value. `doc std.NAME` shows one member.\n{}",
        member_list(&root)?
    ))
}

/// The public members of the module in `dir`, one line each: the name
/// (submodules end in `/`) and the first line of its doc comment.
fn member_list(dir: &Path) -> Result<String, String> {
    let module =
        Module::read(dir, &FactCache::uncached()).map_err(|e| format!("cannot read '{}': {e}", dir.display()))?;
    let mut out = String::from("\nMembers:\n");
    for m in module.members.iter().filter(|m| m.public) {
        let name = match m.source {
            Source::Submodule(_) => format!("{}/", m.name),
            _ => m.name.clone(),
        };
        let summary = member_comment(m)
            .and_then(|d| d.lines().next().map(str::to_owned))
            .unwrap_or_default();
        out.push_str(format!("  {name:<18} {summary}\n").trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// The names of the documented builtins (all of them), sorted.
fn builtin_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = super::builtin_docs::all().iter().map(|d| d.name).collect();
    names.sort_unstable();
    names
}

/// Names in columns, 80 characters wide.
fn columns(names: &[&str]) -> String {
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0) + 2;
    let per_line = (80 / width).max(1);
    names
        .chunks(per_line)
        .map(|row| {
            row.iter()
                .map(|n| format!("{n:<width$}"))
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `atom-eval doc ATOM_DIR --all`: Markdown reference pages for the atom's
/// public API, one per module: `(file name, contents)`.
pub fn pages(atom: &Path) -> Result<Vec<(String, String)>, crate::support::error::Error> {
    let listing = super::ls::list(atom, &[], &FactCache::uncached())?;
    let mut pages = Vec::new();
    for m in &listing.modules {
        let title = if m.path.is_empty() {
            format!("{} {}", listing.label, listing.version)
        } else {
            format!("{}.{}", listing.label, m.path)
        };
        let mut page = format!("# {title}\n");
        let path: Vec<String> = m.path.split('.').filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let module = Module::at(atom, &path, &FactCache::uncached())
            .map_err(|e| crate::support::error::Error::message(crate::support::error::ErrorKind::Io, e, None))?;
        for member in module.members.iter().filter(|x| x.public) {
            page.push_str(&format!("\n## `{}`\n\n", member.name));
            if matches!(member.source, Source::Submodule(_)) {
                let file = if m.path.is_empty() {
                    member.name.clone()
                } else {
                    format!("{}.{}", m.path, member.name)
                };
                page.push_str(&format!("Submodule: see [{file}]({file}.md).\n\n"));
            }
            match member_comment(member) {
                Some(doc) => page.push_str(&format!("{doc}\n")),
                None => page.push_str("(no doc comment)\n"),
            }
        }
        let file = if m.path.is_empty() {
            "index.md".to_owned()
        } else {
            format!("{}.md", m.path)
        };
        pages.push((file, page));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_before_bindings_and_files() {
        let src = "{\n  /**\n    Adds one.\n\n    # Example\n      inc 1\n  */\n  Inc = x: x + 1;\n  plain = 2;\n}";
        let at = src.find("x: x").expect("present");
        assert_eq!(
            comment_before(src, at).as_deref(),
            Some("Adds one.\n\n# Example\n  inc 1")
        );
        let at = src.find("2;").expect("present");
        assert_eq!(comment_before(src, at), None);
        assert_eq!(file_comment("# header\n/** Top. */\nx: x").as_deref(), Some("Top."));
        assert_eq!(file_comment("/* not a doc */ 1"), None);
    }
}
