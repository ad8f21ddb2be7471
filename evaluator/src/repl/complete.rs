//! Tab completion: commands, variables in scope, attribute paths, file
//! names after `:l` and module paths after `:cd`.
//!
//! Completing `a.b.c` evaluates only what listing the names needs: the
//! variable `a`, then `a.b`, each forced to a set and nothing else. The
//! values of the listed attributes stay unevaluated, so completing
//! `atom.m0.<TAB>` composes module `m0` but not its members.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use engine::Value;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;

use super::input::is_identifier;
use super::{Session, COMMANDS};

/// The `rustyline` helper: completion over a shared session.
pub struct Helper {
    session: Rc<RefCell<Session>>,
    files: FilenameCompleter,
}

impl Helper {
    /// A helper completing against the session's scope and atom.
    pub fn new(session: Rc<RefCell<Session>>) -> Helper {
        Helper {
            session,
            files: FilenameCompleter::new(),
        }
    }
}

impl Completer for Helper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, ctx: &rustyline::Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let trimmed = before.trim_start();
        if let Some(arg) = trimmed.strip_prefix(":l ").or_else(|| trimmed.strip_prefix(":load ")) {
            let _ = arg;
            return self.files.complete(line, pos, ctx);
        }
        let Ok(mut session) = self.session.try_borrow_mut() else {
            return Ok((pos, Vec::new()));
        };
        let (start, names) = completions(&mut session, before);
        Ok((
            start,
            names
                .into_iter()
                .map(|n| Pair {
                    display: n.clone(),
                    replacement: n,
                })
                .collect(),
        ))
    }
}

impl Hinter for Helper {
    type Hint = String;
}
impl Highlighter for Helper {}
impl Validator for Helper {}
impl rustyline::Helper for Helper {}

/// Completions for the text before the cursor: where the completed word
/// starts and the candidates replacing it, sorted.
pub fn completions(session: &mut Session, before: &str) -> (usize, Vec<String>) {
    let trimmed = before.trim_start();
    // A command name.
    if trimmed.starts_with(':') && !trimmed.contains(char::is_whitespace) {
        let start = before.len() - trimmed.len();
        let names = COMMANDS
            .iter()
            .filter(|c| c.starts_with(trimmed))
            .map(|c| c.to_string())
            .collect();
        return (start, names);
    }
    // A module path after `:cd`.
    if let Some(arg) = trimmed.strip_prefix(":cd ") {
        let start = before.len() - arg.trim_start().len();
        let arg = arg.trim_start();
        return (start, module_paths(session, arg));
    }
    let word_len = before
        .chars()
        .rev()
        .take_while(|&c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-' | '.'))
        .map(char::len_utf8)
        .sum::<usize>();
    let start = before.len() - word_len;
    let word = &before[start..];
    let names = match word.rsplit_once('.') {
        Some((base, partial)) => attr_path(session, base, partial),
        None => variables(session, word),
    };
    (start, names)
}

/// Variables in scope starting with `prefix`: the REPL's bindings, the
/// entered module's scope, the globals and the keywords.
fn variables(session: &mut Session, prefix: &str) -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (n, _) in session.scope_entries() {
        names.insert(n.as_str().to_owned());
    }
    for n in global_names(session) {
        names.insert(n);
    }
    for k in [
        "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with",
    ] {
        names.insert(k.to_owned());
    }
    names
        .into_iter()
        .filter(|n| n.starts_with(prefix) && (!n.starts_with("__") || prefix.starts_with("__")))
        .collect()
}

/// The names of the globals: `builtins`, the constants, the builtins
/// reachable without `builtins.` and the `__`-prefixed ones.
fn global_names(session: &mut Session) -> Vec<String> {
    let st = &mut session.driver.ev.state;
    let mut out = vec!["builtins".to_owned()];
    let Some(builtins) = st.global("builtins") else {
        return out;
    };
    let Ok(Value::Attrs(attrs)) = st.force(&builtins) else {
        return out;
    };
    for name in attrs.names() {
        for candidate in [name.as_str().to_owned(), format!("__{}", name.as_str())] {
            if st.global(&candidate).is_some() {
                out.push(candidate);
            }
        }
    }
    out
}

/// Attribute names of `base` (a dotted path of identifiers) starting with
/// `partial`, as full paths `base.name`.
fn attr_path(session: &mut Session, base: &str, partial: &str) -> Vec<String> {
    let mut segments = base.split('.');
    let Some(first) = segments.next().filter(|s| is_identifier(s)) else {
        return Vec::new();
    };
    let mut value = match session
        .scope_entries()
        .into_iter()
        .rev()
        .find(|(n, _)| n.as_str() == first)
    {
        Some((_, v)) => v,
        None => match session.driver.ev.state.global(first) {
            Some(v) => v,
            None => return Vec::new(),
        },
    };
    for seg in segments {
        let Ok(Value::Attrs(attrs)) = session.driver.ev.state.force(&value) else {
            return Vec::new();
        };
        match attrs.get(seg) {
            Some(v) => value = v.clone(),
            None => return Vec::new(),
        }
    }
    let Ok(Value::Attrs(attrs)) = session.driver.ev.state.force(&value) else {
        return Vec::new();
    };
    attrs
        .names()
        .map(|n| n.as_str())
        .filter(|n| n.starts_with(partial))
        .map(|n| {
            if is_identifier(n) {
                format!("{base}.{n}")
            } else {
                format!("{base}.{}", engine::print::escape_string(n.as_bytes()))
            }
        })
        .collect()
}

/// Module paths of the loaded atom after `:cd`, from the static tree.
fn module_paths(session: &mut Session, arg: &str) -> Vec<String> {
    let Some(atom) = &session.atom else {
        return Vec::new();
    };
    // `/m1.m2` is a path from the root.
    let (absolute, arg) = match arg.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, arg),
    };
    let (base, partial) = match arg.rsplit_once('.') {
        Some((b, p)) => (Some(b), p),
        None => (None, arg),
    };
    let mut path = if absolute {
        Vec::new()
    } else {
        atom.module_path().to_vec()
    };
    if let Some(b) = base {
        path.extend(b.split('.').map(str::to_owned));
    }
    let slash = if absolute { "/" } else { "" };
    atom.submodules(&path)
        .into_iter()
        .filter(|n| n.starts_with(partial))
        .map(|n| match base {
            Some(b) => format!("{slash}{b}.{n}"),
            None => format!("{slash}{n}"),
        })
        .collect()
}
