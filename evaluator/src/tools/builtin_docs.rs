//! The documentation of every builtin, for the REPL's `:doc`, `atom-eval
//! doc builtins.NAME` and the language server's hover.
//!
//! The text is data: `builtin_docs.md`, one entry per builtin (the
//! engine's, `importAtom`, `fetchTree` and the constants), each headed by
//! `## NAME ARGUMENT...`. It lives here rather than in the engine's table
//! because it describes the builtins as atom-eval's users meet them,
//! inside atoms too, and one file holds them all.

use std::sync::OnceLock;

/// The entries, as written.
const TEXT: &str = include_str!("builtin_docs.md");

/// One builtin's documentation.
#[derive(Debug)]
pub struct BuiltinDoc {
    /// The builtin's name in `builtins`.
    pub name: &'static str,
    /// The names of its arguments, in order (none for a constant).
    pub args: Vec<&'static str>,
    /// What it does, its edge cases and examples.
    pub body: &'static str,
}

impl BuiltinDoc {
    /// The text `:doc` shows: the synopsis, then the body.
    pub fn render(&self) -> String {
        let mut synopsis = format!("builtins.{}", self.name);
        for a in &self.args {
            synopsis.push(' ');
            synopsis.push_str(a);
        }
        format!("Synopsis: {synopsis}\n\n{}\n", self.body)
    }
}

/// Every entry, in the file's order (alphabetical).
pub fn all() -> &'static [BuiltinDoc] {
    static PARSED: OnceLock<Vec<BuiltinDoc>> = OnceLock::new();
    PARSED.get_or_init(|| parse(TEXT))
}

/// The entry for the builtin `name`.
pub fn find(name: &str) -> Option<&'static BuiltinDoc> {
    all().iter().find(|d| d.name == name)
}

/// Splits the file at its `## ` headings; the text before the first is the
/// file's own description.
fn parse(text: &'static str) -> Vec<BuiltinDoc> {
    let mut entries = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(text.len());
    for pair in starts.windows(2) {
        let chunk = &text[pair[0]..pair[1]];
        let (heading, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let mut words = heading.trim_start_matches("## ").split_whitespace();
        let Some(name) = words.next() else { continue };
        entries.push(BuiltinDoc {
            name,
            args: words.collect(),
            body: body.trim(),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::{Driver, Settings};
    use engine::Value;

    /// The builtins of an evaluator as the binary makes it (with the
    /// experimental `fetchTree` and flake-reference builtins on), enumerated by evaluating
    /// `builtins`, with each function's arity.
    fn runtime_builtins() -> Vec<(String, Option<usize>)> {
        let mut driver = Driver::new(Settings {
            fetch_tree: true,
            flakes: true,
            warn: Some(Box::new(|_| {})),
            ..Default::default()
        });
        let ev = &mut driver.ev;
        let builtins = ev.eval_expr("builtins", "/").expect("builtins evaluates");
        let set = ev.state.force_attrs(&builtins).expect("builtins is a set");
        let mut out = Vec::new();
        for (name, v) in set.iter() {
            let arity = match name.as_str() {
                // Itself; forcing it is fine, but it is no function.
                "builtins" => None,
                _ => match ev.state.force(v).expect("each builtin evaluates") {
                    Value::PrimOp(op) => Some(op.arity),
                    _ => None,
                },
            };
            out.push((name.as_str().to_owned(), arity));
        }
        out
    }

    #[test]
    fn every_builtin_has_a_full_entry() {
        let found = runtime_builtins();
        assert!(found.len() > 100, "only {} builtins found", found.len());
        let mut problems = Vec::new();
        for (name, arity) in &found {
            let Some(doc) = find(name) else {
                problems.push(format!("{name}: no entry in builtin_docs.md"));
                continue;
            };
            let lines = doc.body.lines().filter(|l| !l.trim().is_empty()).count();
            if lines < 2 {
                problems.push(format!("{name}: only a one-line doc"));
            }
            if let Some(n) = arity {
                if doc.args.len() != *n {
                    problems.push(format!(
                        "{name}: the heading names {} argument(s), the builtin takes {n}",
                        doc.args.len()
                    ));
                }
            }
        }
        for doc in all() {
            if !found.iter().any(|(n, _)| n == doc.name) {
                problems.push(format!("{}: documented but not a builtin", doc.name));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn entries_are_sorted_and_unique() {
        let names: Vec<&str> = all().iter().map(|d| d.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable_by_key(|n| n.to_ascii_lowercase());
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn render_shows_the_synopsis_then_the_body() {
        let text = find("foldl'").expect("documented").render();
        assert!(text.starts_with("Synopsis: builtins.foldl' op nul list\n\n"), "{text}");
        assert!(text.contains("=> 6"), "{text}");
    }
}
