//! The embedding API: a builder for evaluators and entry points for files
//! and expressions.
//!
//! ```
//! let mut ev = engine::Evaluator::builder().build();
//! let v = ev.eval_expr("1 + 2", "/").unwrap();
//! assert_eq!(ev.print(&v, true).unwrap(), "3");
//! ```

use std::collections::HashMap;
use std::rc::Rc;

use crate::builtins::{make_primop, BUILTINS, UNPREFIXED};
use crate::error::{Error, ErrorKind, Result};
use crate::eval::{EvalState, Sinks};
use crate::io::{EvalIO, StdIO};
use crate::lower::{lower, LowerContext};
use crate::source::{Origin, Realm, SourceMap, Span};
use crate::symbol::Symbol;
use crate::value::{Attrs, Env, PrimOpFn, Thunk, Value};

/// A store path as the string value Nix code sees (it depends on the path).
pub use crate::eval::store::store_path_value;
/// A path with `.`, `..` and repeated slashes resolved, as Nix paths are.
pub use crate::lower::canonicalise;

/// Configures and builds an [`Evaluator`].
pub struct EvaluatorBuilder {
    io: Rc<dyn EvalIO>,
    store_dir: String,
    search_path: Vec<(String, String)>,
    max_call_depth: usize,
    max_memory: Option<usize>,
    show_trace: bool,
    sinks: Sinks,
    /// Builtins added or replaced by the host, by name in `builtins`.
    extra_builtins: Vec<(String, Value)>,
    /// Globals added or replaced by the host.
    extra_globals: Vec<(String, Value)>,
    removed: Vec<String>,
    abort_on_warn: bool,
    fetcher: Option<Rc<dyn crate::fetcher::Fetcher>>,
}

impl Default for EvaluatorBuilder {
    fn default() -> Self {
        EvaluatorBuilder {
            io: Rc::new(StdIO::new()),
            store_dir: std::env::var("NIX_STORE_DIR").unwrap_or_else(|_| "/nix/store".into()),
            search_path: Vec::new(),
            max_call_depth: 10_000,
            max_memory: None,
            show_trace: false,
            sinks: Sinks::default(),
            extra_builtins: Vec::new(),
            extra_globals: Vec::new(),
            removed: Vec::new(),
            abort_on_warn: false,
            fetcher: None,
        }
    }
}

impl EvaluatorBuilder {
    /// The file system every access goes through.
    pub fn io(mut self, io: Rc<dyn EvalIO>) -> Self {
        self.io = io;
        self
    }

    /// The logical store directory (default `/nix/store` or `NIX_STORE_DIR`).
    pub fn store_dir(mut self, dir: impl Into<String>) -> Self {
        self.store_dir = dir.into();
        self
    }

    /// What `fetchGit`, `fetchTarball`, `fetchurl` and `fetchTree` fetch
    /// with; without one they fail saying they are not supported.
    pub fn fetcher(mut self, fetcher: Rc<dyn crate::fetcher::Fetcher>) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// Adds a search-path entry (`-I prefix=path` or `-I path`).
    pub fn search_path_entry(mut self, entry: &str) -> Self {
        let (prefix, path) = match entry.split_once('=') {
            Some((p, path)) => (p.to_owned(), path.to_owned()),
            None => (String::new(), entry.to_owned()),
        };
        self.search_path.push((prefix, path));
        self
    }

    /// Appends the entries of `NIX_PATH`, after those given with `-I`.
    pub fn nix_path_from_env(mut self) -> Self {
        if let Ok(p) = std::env::var("NIX_PATH") {
            for entry in p.split(':').filter(|e| !e.is_empty()) {
                self = self.search_path_entry(entry);
            }
        }
        self
    }

    /// How deeply function calls may nest before evaluation stops with
    /// "stack overflow; max-call-depth exceeded" (C++ Nix's default: 10,000).
    pub fn max_call_depth(mut self, depth: usize) -> Self {
        self.max_call_depth = depth;
        self
    }

    /// Stops evaluation with "out of memory: the evaluation exceeded N MiB"
    /// once the process holds more than `bytes`. The limit is the whole
    /// process's (see [`crate::guard`]), set when the evaluator is built;
    /// it measures what the probe of [`crate::guard::set_usage_probe`]
    /// reports, and without one only refuses single lists and strings too
    /// big for it.
    pub fn max_memory(mut self, bytes: usize) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// Whether errors record the function calls they pass through
    /// (`--show-trace`): "while calling 'f'", "from call site". Off by
    /// default, as in C++ Nix, since `tryEval` makes errors a hot path.
    pub fn show_trace(mut self, on: bool) -> Self {
        self.show_trace = on;
        self
    }

    /// Whether `builtins.warn` fails after warning, so that the error's
    /// trace shows where the warning came from (C++ Nix's `abort-on-warn`).
    pub fn abort_on_warn(mut self, on: bool) -> Self {
        self.abort_on_warn = on;
        self
    }

    /// Where `trace` output goes.
    pub fn trace_sink(mut self, f: impl FnMut(&str) + 'static) -> Self {
        self.sinks.trace = Box::new(f);
        self
    }

    /// Where warnings go.
    pub fn warn_sink(mut self, f: impl FnMut(&str) + 'static) -> Self {
        self.sinks.warn = Box::new(f);
        self
    }

    /// Adds (or replaces) `builtins.NAME` and the global `__NAME`, as a Rust
    /// function; `params` has one letter per parameter, `s` strict or `l`
    /// lazy.
    pub fn builtin(
        mut self,
        name: &str,
        params: &str,
        f: impl Fn(&mut EvalState, &[Value]) -> Result<Value> + 'static,
    ) -> Self {
        let func: PrimOpFn = Rc::new(f);
        self.extra_builtins
            .push((name.to_owned(), make_primop(name, params, func)));
        self
    }

    /// Adds (or replaces) a global name.
    pub fn global(mut self, name: &str, value: Value) -> Self {
        self.extra_globals.push((name.to_owned(), value));
        self
    }

    /// Removes a global name (and the builtin of that name).
    pub fn remove_global(mut self, name: &str) -> Self {
        self.removed.push(name.to_owned());
        self
    }

    /// The evaluator: the globals and `builtins` assembled once.
    pub fn build(self) -> Evaluator {
        if let Some(bytes) = self.max_memory {
            crate::guard::set_memory_limit(Some(bytes));
        }
        let mut builtins_set: Vec<(Symbol, Value)> = Vec::new();
        let mut globals: Vec<(Symbol, Value)> = Vec::new();
        let mut add = |name: &str, v: Value, globals: &mut Vec<(Symbol, Value)>| {
            builtins_set.push((Symbol::new(name), v.clone()));
            let global = if UNPREFIXED.contains(&name) {
                name.to_owned()
            } else {
                format!("__{name}")
            };
            globals.push((Symbol::new(&global), v));
        };
        for b in BUILTINS {
            add(b.name, b.primop(), &mut globals);
        }
        for (name, v) in crate::builtins::constants(&self.store_dir) {
            add(name, v, &mut globals);
        }
        for (name, v) in self.extra_builtins {
            add(&name, v, &mut globals);
        }
        for (name, v) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            builtins_set.push((Symbol::new(name), v.clone()));
            globals.push((Symbol::new(name), v));
        }
        // `builtins.builtins` is the set itself.
        let builtins_thunk =
            Thunk::native(|st: &mut EvalState| Ok(st.global("builtins").expect("builtins is always a global")));
        builtins_set.push((Symbol::new("builtins"), Value::Thunk(builtins_thunk)));
        builtins_set.retain(|(n, _)| !self.removed.iter().any(|r| r == n.as_str()));
        let builtins_value = Value::attrs(Attrs::from_unsorted(builtins_set));
        globals.push((Symbol::new("builtins"), builtins_value));
        globals.extend(self.extra_globals.iter().map(|(n, v)| (Symbol::new(n), v.clone())));
        globals.retain(|(n, _)| {
            !self
                .removed
                .iter()
                .any(|r| r == n.as_str() || format!("__{r}") == n.as_str())
        });

        let mut global_names = rustc_hash::FxHashMap::default();
        let mut values = Vec::new();
        for (name, v) in globals {
            match global_names.get(&name) {
                Some(&i) => values[i as usize] = v,
                None => {
                    global_names.insert(name, values.len() as u32);
                    values.push(v);
                }
            }
        }
        let state = EvalState {
            globals: values,
            global_names,
            sources: SourceMap::default(),
            io: self.io,
            store_dir: self.store_dir,
            search_path: self.search_path,
            home: std::env::var("HOME").ok(),
            max_call_depth: self.max_call_depth,
            show_trace: self.show_trace,
            sinks: self.sinks,
            fetcher: self.fetcher,
            call_depth: 0,
            force_depth: 0,
            nesting: 0,
            import_cache: HashMap::new(),
            drv_hashes: HashMap::new(),
            path_cache: HashMap::new(),
            missing_search_entries: Default::default(),
            store_cache: Default::default(),
            realm: None,
            gates: Vec::new(),
            abort_on_warn: self.abort_on_warn,
            poller: Default::default(),
            realm_scopes: HashMap::new(),
        };
        Evaluator { state }
    }
}

/// A configured evaluator.
pub struct Evaluator {
    /// The interpreter's state, for hosts that need the lower-level API.
    pub state: EvalState,
}

impl Evaluator {
    /// A builder with the defaults (the real file system, `/nix/store`).
    pub fn builder() -> EvaluatorBuilder {
        EvaluatorBuilder::default()
    }

    /// Evaluates an expression; relative paths resolve against `base_dir`.
    pub fn eval_expr(&mut self, source: &str, base_dir: &str) -> Result<Value> {
        self.state
            .eval_source(Rc::from(source), "«string»".into(), base_dir, None)
    }

    /// Evaluates a file (a directory means its `default.nix`).
    pub fn eval_file(&mut self, path: &str) -> Result<Value> {
        self.state.import_file(path, None)
    }

    /// Evaluates a file with `scope`'s attributes layered over the globals,
    /// as `scopedImport` does.
    pub fn eval_file_with_scope(&mut self, path: &str, scope: Rc<Attrs>) -> Result<Value> {
        self.state.import_file(path, Some(scope))
    }

    /// Forces a value to weak head normal form.
    pub fn force(&mut self, v: &Value) -> Result<Value> {
        self.state.force(v)
    }

    /// Prints as `nix-instantiate --eval [--strict]` (invalid UTF-8 replaced).
    pub fn print(&mut self, v: &Value, strict: bool) -> Result<String> {
        Ok(String::from_utf8_lossy(&self.print_bytes(v, strict)?).into_owned())
    }

    /// Exactly the bytes `nix-instantiate --eval [--strict]` prints.
    pub fn print_bytes(&mut self, v: &Value, strict: bool) -> Result<Vec<u8>> {
        crate::print::print_value(&mut self.state, v, strict)
    }

    /// A miette diagnostic for an error of this evaluator.
    pub fn diagnostic(&self, e: &Error) -> crate::error::Diagnostic {
        e.diagnostic(&self.state.sources)
    }
}

impl EvalState {
    /// Parses, lowers and evaluates a source text, its code in the
    /// [`Realm::Open`].
    pub fn eval_source(
        &mut self,
        text: Rc<str>,
        name: String,
        base_dir: &str,
        scope: Option<Rc<Attrs>>,
    ) -> Result<Value> {
        self.eval_source_in(text, name, base_dir, scope, Origin::PLAIN)
    }

    /// [`EvalState::eval_source`] for a text of the given origin: what its
    /// code may read (see [`crate::eval::gate`]) and how positions name it.
    pub fn eval_source_in(
        &mut self,
        text: Rc<str>,
        name: String,
        base_dir: &str,
        scope: Option<Rc<Attrs>>,
        origin: Origin,
    ) -> Result<Value> {
        let file = self.sources.add_in(name.clone(), text.clone(), origin);
        let parsed = parse_named(&text, Some(&name));
        let root = match parsed.tree {
            Some(tree) if parsed.errors.is_empty() => tree.tree(),
            _ => {
                let errors: Vec<_> = parsed
                    .errors
                    .into_iter()
                    .map(|(message, range)| (message, range.map(|(start, end)| Span { file, start, end })))
                    .collect();
                let first = errors.first().and_then(|e| e.1);
                return Err(Error::new(ErrorKind::Parse(errors), first));
            }
        };
        let scope_names: Vec<Symbol> = scope.as_ref().map(|s| s.names().collect()).unwrap_or_default();
        let cx = LowerContext {
            file,
            base_dir,
            globals: &self.global_names,
            scope: &scope_names,
            home: self.home.as_deref(),
            file_name: &name,
            source: &text,
        };
        let expr = lower(&root, &cx)?;
        let values = scope.map(|s| s.values().cloned().collect()).unwrap_or_default();
        let env = Env::new(values, None);
        let outer = self.enter_realm(file);
        let result = self.eval(&env, &expr);
        self.realm = outer;
        result
    }

    /// `import path`, or `scopedImport scope path`: cached per path when
    /// there is no scope. A file imported by gated code is evaluated in the
    /// importing code's realm, with the realm's scope (see
    /// [`EvalState::set_realm_scope`]) under any scope given, so code
    /// imported from a gated realm cannot escape it; such files are cached
    /// per realm.
    pub fn import_file(&mut self, path: &str, scope: Option<Rc<Attrs>>) -> Result<Value> {
        let mut path = path.to_owned();
        if self.io.file_type(std::path::Path::new(&path)).ok() == Some(crate::io::FileType::Directory) {
            path = format!("{}/default.nix", path.trim_end_matches('/'));
        }
        let realm = self.realm;
        let key = match realm {
            None => path.clone(),
            Some(id) => format!("{id}\0{path}"),
        };
        if scope.is_none() {
            if let Some(v) = self.import_cache.get(&key) {
                return Ok(v.clone());
            }
        }
        self.check_access(&path)?;
        let bytes = self
            .io
            .read_file(std::path::Path::new(&path))
            .map_err(|e| Error::msg(io_error_message(&path, &e)))?;
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        let base_dir = match path.rfind('/') {
            Some(0) | None => "/".to_owned(),
            Some(i) => path[..i].to_owned(),
        };
        let cached = scope.is_none();
        let (origin, scope) = match realm {
            None => (Origin::PLAIN, scope),
            Some(id) => {
                let scope = match (self.realm_scopes.get(&id).cloned(), scope) {
                    (Some(base), Some(given)) => Some(Rc::new(base.update(&given))),
                    (base, given) => given.or(base),
                };
                (Origin::realm(Realm::Gated(id)), scope)
            }
        };
        let v = self.eval_source_in(text, path.clone(), &base_dir, scope, origin)?;
        if cached {
            self.import_cache.insert(key, v.clone());
        }
        Ok(v)
    }
}

/// C++ Nix's wording for a failed file access.
pub fn io_error_message(path: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("path '{path}' does not exist"),
        _ => format!("reading '{path}': {e}"),
    }
}

/// How deeply brackets and prefix operators may nest. C++ Nix's parser
/// gives up at about 5,000 nested lists and 10,000 `!`s ("memory
/// exhausted"); rowan's tree building and navigation are quadratic in the
/// nesting depth, so deeper input is refused before parsing.
const MAX_NESTING: usize = 4096;

/// The offset of the first bracket or prefix operator nested deeper than
/// [`MAX_NESTING`]. A run of `!` and `-` counts as that many levels (a
/// binary `-` before a unary one overcounts by one, harmlessly).
fn too_deep(text: &str) -> Option<u32> {
    use rnix::SyntaxKind::*;
    // Every level of nesting opens with one of these bytes, so a text with
    // few of them needs no tokenizing (which would double the cost of
    // parsing, measured on the bench atom).
    let openers = text.bytes().filter(|b| matches!(b, b'(' | b'[' | b'{' | b'!' | b'-'));
    if openers.count() <= MAX_NESTING {
        return None;
    }
    let mut depth = 0usize;
    let mut prefix_run = 0usize;
    let mut offset = 0u32;
    for (kind, token) in rnix::tokenize(text) {
        match kind {
            TOKEN_L_PAREN | TOKEN_L_BRACK | TOKEN_L_BRACE | TOKEN_INTERPOL_START => {
                depth += 1;
                prefix_run = 0;
            }
            TOKEN_R_PAREN | TOKEN_R_BRACK | TOKEN_R_BRACE | TOKEN_INTERPOL_END => {
                depth = depth.saturating_sub(1);
                prefix_run = 0;
            }
            TOKEN_INVERT | TOKEN_SUB => prefix_run += 1,
            TOKEN_WHITESPACE | TOKEN_COMMENT => {}
            _ => prefix_run = 0,
        }
        if depth + prefix_run > MAX_NESTING {
            return Some(offset);
        }
        offset += token.len() as u32;
    }
    None
}

/// A text parsed as the evaluator parses it.
pub struct Parsed {
    /// rnix's tree, with what could be read of a text with syntax errors;
    /// `None` for a text nested too deeply to parse safely.
    pub tree: Option<rnix::Parse<rnix::Root>>,
    /// The syntax errors, worded as C++ Nix words them, each with the byte
    /// range it points at; the first is where C++ Nix stops.
    pub errors: Vec<(String, Option<(u32, u32)>)>,
}

/// Parses a Nix text, refusing one nested deeper than `MAX_NESTING` (4,096)
/// before rnix sees it (C++ Nix's "memory exhausted"): eval and the static
/// tools go through here, so no file can exhaust their stacks.
pub fn parse(text: &str) -> Parsed {
    parse_named(text, None)
}

/// [`parse`], for a text read from `file`: an error that names a second
/// position in the text (an attribute bound twice) names the file too.
pub fn parse_named(text: &str, file: Option<&str>) -> Parsed {
    if let Some(offset) = too_deep(text) {
        return Parsed {
            tree: None,
            errors: vec![("memory exhausted".into(), Some((offset, offset + 1)))],
        };
    }
    let tree = rnix::Root::parse(text);
    let errors = if !tree.errors().is_empty() {
        syntax_errors(text, file, &tree)
    } else if unbalanced(text) {
        // rnix accepts some unclosed brackets silently (`(1 2]`).
        crate::syntax::first_error(text, file)
            .map(|(message, range)| vec![(message, Some(range))])
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Parsed {
        tree: Some(tree),
        errors,
    }
}

/// Whether a text's brackets do not pair up, counted on bytes (strings and
/// comments included): a cheap test for the texts whose missing brackets
/// rnix does not report, before reading their tokens.
fn unbalanced(text: &str) -> bool {
    let mut counts = [0isize; 3];
    for b in text.bytes() {
        match b {
            b'(' => counts[0] += 1,
            b')' => counts[0] -= 1,
            b'[' => counts[1] += 1,
            b']' => counts[1] -= 1,
            b'{' => counts[2] += 1,
            b'}' => counts[2] -= 1,
            _ => {}
        }
    }
    counts != [0, 0, 0]
}

/// The syntax errors of a text, worded as C++ Nix words them
/// (`syntax error, ...`) and with the byte range each points at. The first
/// is where C++ Nix stops.
///
/// rnix's lexer makes one error token of an unterminated string or
/// comment, and its parser then reports that token and the end of file;
/// C++ Nix's lexer reads the same text differently, so those are worded
/// from the tokens instead.
fn syntax_errors(text: &str, file: Option<&str>, parse: &rnix::Parse<rnix::Root>) -> Vec<(String, Option<(u32, u32)>)> {
    let errors = parse.errors();
    if errors.contains(&rnix::ParseError::RecursionLimitExceeded) {
        return vec![too_deep_for_rnix(parse)];
    }
    if let Some(first) = errors.first() {
        if let Some(lexed) = unterminated(text, first) {
            return vec![lexed];
        }
    }
    // C++ Nix stops at the first error; rnix's later ones are mostly its
    // recovery's echoes of the first.
    if let Some((message, range)) = crate::syntax::first_error(text, file) {
        return vec![(message, Some(range))];
    }
    let Some(e) = errors.first() else {
        return Vec::new();
    };
    let end = text.len() as u32;
    let range = parse_error_range(e).or(Some((end, end)));
    let bad = range.map(|(s, e)| &text[s as usize..e as usize]);
    if bad.is_some_and(crate::syntax::is_path_with_trailing_slash) {
        // C++ Nix's lexer has its own message for these, where the path ends.
        let end = range.map(|(_, e)| (e, e));
        return vec![("path has a trailing slash".to_owned(), end)];
    }
    let message = match (e, eof_in_bindings(text)) {
        (rnix::ParseError::UnexpectedEOF, Some(wanted)) => {
            format!("unexpected end of file, expecting {wanted}")
        }
        _ => describe_parse_error(e),
    };
    vec![(format!("syntax error, {message}"), range)]
}

/// How deeply rnix's parser lets expressions nest (`if ... else if ...`
/// chains, `let ... in let ...`, parentheses); C++ Nix's bison parser
/// allows about 10,000 levels.
pub const RNIX_NESTING_LIMIT: usize = 512;

/// The error for an expression nested deeper than rnix parses, at the
/// point where it stopped: rnix gives up there and makes the rest of the
/// file one error node (the longest), and reports errors for what it then
/// misses.
fn too_deep_for_rnix(parse: &rnix::Parse<rnix::Root>) -> (String, Option<(u32, u32)>) {
    let at = parse
        .syntax()
        .descendants()
        .filter(|n| n.kind() == rnix::SyntaxKind::NODE_ERROR)
        .max_by_key(|n| (n.text_range().len(), std::cmp::Reverse(n.text_range().start())))
        .map(|n| u32::from(n.text_range().start()));
    (
        format!(
            "expressions nest more than {RNIX_NESTING_LIMIT} levels deep here, which this parser (rnix) \
             does not support; C++ Nix allows deeper nesting"
        ),
        at.map(|a| (a, a + 1)),
    )
}

/// C++ Nix's error for an unterminated string, interpolation or comment,
/// when that is where parsing first fails.
///
/// - A string or `${` still open at the end of the file is reported there,
///   expecting what would close the innermost one.
/// - An unterminated `/*` is no comment to C++ Nix's lexer, but a `/` and
///   a `*`: where an operand is wanted, the `/` is unexpected; after one,
///   it divides and the `*` is unexpected.
fn unterminated(text: &str, first: &rnix::ParseError) -> Option<(String, Option<(u32, u32)>)> {
    use rnix::SyntaxKind::*;
    #[derive(Clone, Copy, PartialEq)]
    enum Open {
        Str,
        IndStr,
        Interpolation,
    }
    let first_at = parse_error_range(first).map(|r| r.0);
    let mut open: Vec<Open> = Vec::new();
    let mut offset = 0u32;
    for (kind, token) in rnix::tokenize(text) {
        let at = offset;
        offset += token.len() as u32;
        match kind {
            TOKEN_STRING_START => open.push(if token == "\"" { Open::Str } else { Open::IndStr }),
            TOKEN_STRING_END => {
                open.pop();
            }
            TOKEN_INTERPOL_START => open.push(Open::Interpolation),
            TOKEN_INTERPOL_END => {
                open.pop();
            }
            TOKEN_ERROR if token.starts_with("/*") && first_at.is_some_and(|f| f >= at) => {
                return Some(match first {
                    rnix::ParseError::UnexpectedExtra(_) => {
                        ("syntax error, unexpected '*'".into(), Some((at + 1, at + 2)))
                    }
                    _ => ("syntax error, unexpected '/'".into(), Some((at, at + 1))),
                });
            }
            // The rest of the file is the unterminated string.
            TOKEN_ERROR if offset as usize == text.len() && first_at.is_none_or(|f| f >= at) => break,
            TOKEN_ERROR => return None,
            _ => {}
        }
    }
    let expecting = match open.last()? {
        Open::Str => "'\"'",
        Open::IndStr => "IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE",
        // Only when what is inside is complete (`"${a`, not `"${a +`).
        Open::Interpolation => match first {
            rnix::ParseError::UnexpectedEOFWanted(w) if w.contains(&TOKEN_INTERPOL_END) => "'}'",
            _ => return None,
        },
    };
    if first_at.is_some_and(|f| {
        (f as usize) < text.len() && !matches!(first, rnix::ParseError::UnexpectedWanted(TOKEN_ERROR, ..))
    }) {
        // Parsing failed before the end of the file.
        return None;
    }
    let end = text.len() as u32;
    Some((
        format!("syntax error, unexpected end of file, expecting {expecting}"),
        Some((end, end)),
    ))
}

/// The byte range a parse error points at, if it has one.
fn parse_error_range(e: &rnix::ParseError) -> Option<(u32, u32)> {
    use rnix::ParseError as P;
    let r = match e {
        P::Unexpected(r) | P::UnexpectedExtra(r) | P::UnexpectedWanted(_, r, _) => *r,
        P::UnexpectedDoubleBind(r) | P::DuplicatedArgs(r, _) => *r,
        _ => return None,
    };
    Some((r.start().into(), r.end().into()))
}

/// What bison expects when a text ends between two bindings (rnix only
/// says the file ended): `IN_KW or INHERIT` in a `let`, `INHERIT` in a set
/// (or a lambda's formals), `INHERIT or '}'` in `rec { }` and `let { }`.
fn eof_in_bindings(text: &str) -> Option<&'static str> {
    use rnix::SyntaxKind::*;
    #[derive(PartialEq)]
    enum Open {
        Let,
        Set,
        RecSet,
        Other,
    }
    let mut stack = Vec::new();
    let mut last = None;
    for (kind, _) in rnix::tokenize(text) {
        if matches!(kind, TOKEN_WHITESPACE | TOKEN_COMMENT) {
            continue;
        }
        match kind {
            TOKEN_LET => stack.push(Open::Let),
            TOKEN_IN if stack.last() == Some(&Open::Let) => {
                stack.pop();
            }
            TOKEN_L_BRACE => {
                // `let {` is the old form of `rec { body = ...; }`.
                if last == Some(TOKEN_LET) {
                    stack.pop();
                }
                let rec = matches!(last, Some(TOKEN_REC | TOKEN_LET));
                stack.push(if rec { Open::RecSet } else { Open::Set });
            }
            TOKEN_L_PAREN | TOKEN_L_BRACK | TOKEN_INTERPOL_START => stack.push(Open::Other),
            TOKEN_R_BRACE | TOKEN_R_PAREN | TOKEN_R_BRACK | TOKEN_INTERPOL_END => {
                stack.pop();
            }
            _ => {}
        }
        last = Some(kind);
    }
    if !matches!(last, Some(TOKEN_SEMICOLON | TOKEN_LET | TOKEN_L_BRACE)) {
        return None;
    }
    match stack.last()? {
        Open::Let => Some("IN_KW or INHERIT"),
        Open::Set => Some("INHERIT"),
        Open::RecSet => Some("INHERIT or '}'"),
        Open::Other => None,
    }
}

/// A parse error worded as C++ Nix's bison parser words it (after
/// `syntax error, `).
fn describe_parse_error(e: &rnix::ParseError) -> String {
    use rnix::ParseError as P;
    match e {
        P::Unexpected(_) => "unexpected input".into(),
        P::UnexpectedExtra(_) => "unexpected extra input".into(),
        // Like bison, name what was expected only when it is one thing.
        P::UnexpectedWanted(got, _, wanted) if wanted.len() == 1 => {
            format!("unexpected {}, expecting {}", token_name(*got), token_name(wanted[0]))
        }
        P::UnexpectedWanted(got, _, _) => format!("unexpected {}", token_name(*got)),
        P::UnexpectedDoubleBind(_) => "unexpected double bind".into(),
        P::UnexpectedEOF => "unexpected end of file".into(),
        P::UnexpectedEOFWanted(wanted) => format!(
            "unexpected end of file, expecting {}",
            wanted.iter().map(|k| token_name(*k)).collect::<Vec<_>>().join(" or ")
        ),
        P::DuplicatedArgs(_, name) => format!("duplicate formal function argument '{name}'"),
        P::RecursionLimitExceeded => "nesting too deep".into(),
        _ => e.to_string(),
    }
}

/// A token as C++ Nix's parser names it, for rnix's errors.
fn token_name(k: rnix::SyntaxKind) -> String {
    use rnix::SyntaxKind::*;
    let text = match k {
        TOKEN_SEMICOLON => ";",
        TOKEN_COLON => ":",
        TOKEN_COMMA => ",",
        TOKEN_DOT => ".",
        TOKEN_ASSIGN => "=",
        TOKEN_L_BRACE => "{",
        TOKEN_R_BRACE | TOKEN_INTERPOL_END => "}",
        TOKEN_L_BRACK => "[",
        TOKEN_R_BRACK => "]",
        TOKEN_L_PAREN => "(",
        TOKEN_R_PAREN => ")",
        TOKEN_AT => "@",
        TOKEN_QUESTION => "?",
        TOKEN_ADD => "+",
        TOKEN_SUB => "-",
        TOKEN_MUL => "*",
        TOKEN_DIV => "/",
        TOKEN_LESS => "<",
        TOKEN_MORE => ">",
        TOKEN_INVERT => "!",
        _ => "\"",
    };
    crate::syntax::token_name(k, text)
}
