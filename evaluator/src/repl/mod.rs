//! `atom-eval repl`: an interactive session for exploring atoms and plain
//! Nix, in the spirit of `nix repl`.
//!
//! The pieces:
//! - [`Session`] holds the evaluator and what the user bound, and runs one
//!   input at a time ([`Session::execute`]); it knows nothing of terminals,
//!   so it is tested directly.
//! - [`run`] is the interactive loop around it: line editing, history and
//!   completion from `rustyline`, continuation lines for incomplete input.
//! - [`print`](mod@print) prints values as `nix repl` does; [`complete`] finds
//!   completions; [`doc`] finds doc comments; [`input`] classifies input;
//!   [`atoms`] is the atom side (loading, `:cd`, `:ls`).
//!
//! Each input is evaluated as a fresh source (`«string»`, as `nix repl`
//! names it) whose free variables resolve, innermost first, in the names
//! bound at the REPL, then the scope of the module entered with `:cd`, then
//! the globals.

pub mod atoms;
pub mod complete;
pub mod input;
pub mod print;

use crate::tools::doc;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::symbol::Symbol;
use engine::value::{Attrs, Thunk};
use engine::Value;

use self::input::{classify, Completeness, Input};
use crate::driver::{Driver, Settings};

/// How the REPL is started.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// An atom directory or a Nix file to load first, as `:l` would.
    pub target: Option<String>,
    /// `-I` search path entries.
    pub include: Vec<String>,
    /// The logical store directory.
    pub store_dir: Option<String>,
    /// Where store objects physically live.
    pub store_root: Option<PathBuf>,
    /// ANSI colours in values and diagnostics.
    pub color: bool,
    /// The history file; `None` means `DATA_DIR/atom-eval/repl-history`.
    pub history: Option<PathBuf>,
}

/// What to do after an input.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    /// Read the next input.
    Continue,
    /// End the session (`:q`).
    Quit,
}

/// A failed input: an evaluation error (rendered with its source snippet)
/// or a REPL-level message.
#[derive(Debug)]
pub enum ReplError {
    /// Evaluation failed.
    Eval(Box<engine::Error>),
    /// A REPL-level problem, already worded.
    Msg(String),
}

impl From<Box<engine::Error>> for ReplError {
    fn from(e: Box<engine::Error>) -> Self {
        ReplError::Eval(e)
    }
}

type Result<T, E = ReplError> = std::result::Result<T, E>;

/// Something to redo on `:r`, in order.
#[derive(Clone, Debug)]
enum Def {
    /// `:l PATH` (or the target given on the command line).
    Load(String),
    /// `NAME = EXPR`.
    Bind(String, String),
}

/// One REPL session: an evaluator and the names bound so far.
pub struct Session {
    pub(crate) driver: Driver,
    opts: Options,
    /// Names bound by `NAME = EXPR` and `:l`.
    pub(crate) vars: BTreeMap<String, Value>,
    defs: Vec<Def>,
    /// Relative paths in inputs resolve against this directory.
    pub(crate) cwd: String,
    /// The atom loaded last, and the module entered in it.
    pub(crate) atom: Option<atoms::Loaded>,
}

const HELP: &str = "\
The following commands are available:

  <expr>             Evaluate and print an expression (one level deep)
  <x> = <expr>       Bind an expression to a variable (lazily)
  :?, :help          Show this help
  :l, :lf, :load <path>
                     Load a Nix file (its attributes become variables) or an
                     atom directory (its public view becomes `atom`)
  :cd <module.path>  Enter a module of the loaded atom: `mod`, `pre`, `atom`,
                     `std` and `cfg` are bound as inside that module. The
                     path is relative to the current module; `:cd /m1.m2`
                     starts at the root, `:cd ..` goes up, `:cd` or `:cd /`
                     returns to the root
  :ls                List the current module's members without evaluating
                     them: private ones are marked, submodules end in `/`
  :p, :print <expr>  Evaluate and print an expression entirely
  :t, :type <expr>   Describe the type of an expression
  :doc <expr>        Show the documentation of a builtin, a std function or
                     an atom member
  :e, :edit <name>   Open a member's source file (`:e format`, `:e mod.x`,
                     `:e atom.cart.total`) or a function's definition in
                     $EDITOR, then reload
  :b <expr>          Building is not supported: for a derivation, print
                     its .drv path, which `nix-store --realise` can build
  :r, :reload        Reload all loaded files and atoms
  :q, :quit          Leave the REPL (Ctrl-D works too)

TAB completes variables, attribute paths (atom.m0.<TAB>), module paths after
:cd (from the root after `/`), file names after :l, and commands.";

/// The commands, with their aliases, for completion.
pub const COMMANDS: &[&str] = &[
    ":?", ":help", ":l", ":lf", ":load", ":cd", ":ls", ":p", ":print", ":t", ":type", ":doc", ":e", ":edit", ":b",
    ":r", ":reload", ":q", ":quit",
];

impl Session {
    /// A session with nothing loaded.
    pub fn new(opts: Options) -> Session {
        let driver = Self::driver(&opts);
        let cwd = std::env::current_dir()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "/".into());
        Session {
            driver,
            opts,
            vars: BTreeMap::new(),
            defs: Vec::new(),
            cwd,
            atom: None,
        }
    }

    fn driver(opts: &Options) -> Driver {
        Driver::new(Settings {
            include: opts.include.clone(),
            store_dir: opts.store_dir.clone(),
            // Exploring atoms reads their data through the store.
            store_root: opts.store_root.clone().or_else(crate::driver::default_store_root),
            ..Default::default()
        })
    }

    /// The prompt: `atom-eval> `, or `LABEL:module.path> ` inside an atom.
    pub fn prompt(&self) -> String {
        match &self.atom {
            Some(a) => format!("{}> ", a.location()),
            None => "atom-eval> ".to_owned(),
        }
    }

    /// Runs one complete input and returns what to print.
    pub fn execute(&mut self, text: &str) -> Result<(Flow, String)> {
        match classify(text) {
            Input::Command { name, arg } => self.command(name, arg),
            Input::Binding { name, expr } => {
                self.bind(name, expr)?;
                self.defs.push(Def::Bind(name.to_owned(), expr.to_owned()));
                Ok((Flow::Continue, String::new()))
            }
            Input::Expr(e) => {
                let v = self.eval(e)?;
                let out = print::print(&mut self.driver.ev.state, &v, print::Style::shallow(self.opts.color))?;
                Ok((Flow::Continue, out))
            }
        }
    }

    fn command(&mut self, name: &str, arg: &str) -> Result<(Flow, String)> {
        let out = match name {
            "?" | "help" => HELP.to_owned(),
            "q" | "quit" => return Ok((Flow::Quit, String::new())),
            "p" | "print" => {
                let v = self.eval(need(arg, ":p <expr>")?)?;
                print::print(&mut self.driver.ev.state, &v, print::Style::deep(self.opts.color))?
            }
            "t" | "type" => {
                let v = self.eval(need(arg, ":t <expr>")?)?;
                print::type_description(&v)
            }
            "l" | "lf" | "load" => {
                let out = self.load(need(arg, ":l <path>")?)?;
                self.defs.push(Def::Load(arg.to_owned()));
                out
            }
            "r" | "reload" => self.reload()?,
            "cd" => self.cd(arg)?,
            "ls" => self.ls(arg)?,
            "doc" => self.doc(need(arg, ":doc <name>")?)?,
            "e" | "edit" => self.edit(need(arg, ":e <name>")?)?,
            "b" => self.build(need(arg, ":b <derivation>")?)?,
            other => {
                let mut msg = format!("unknown command ':{other}'");
                let names: Vec<&str> = COMMANDS.iter().map(|c| &c[1..]).collect();
                if let Some(c) = engine::suggest::suggest(other, names.iter().copied()).first() {
                    msg.push_str(&format!("; did you mean ':{c}'?"));
                }
                msg.push_str(" (:? lists the commands)");
                return Err(ReplError::Msg(msg));
            }
        };
        Ok((Flow::Continue, out))
    }

    /// The names visible to inputs, innermost last in precedence order:
    /// the module scope, then the REPL's own bindings over it.
    pub(crate) fn scope_entries(&self) -> Vec<(Symbol, Value)> {
        let mut entries: Vec<(Symbol, Value)> = Vec::new();
        if let Some(a) = &self.atom {
            entries.extend(a.scope().iter().map(|(n, v)| (n, v.clone())));
        }
        entries.extend(self.vars.iter().map(|(n, v)| (Symbol::new(n), v.clone())));
        entries
    }

    fn scope(&self) -> Rc<Attrs> {
        Rc::new(Attrs::from_unsorted(self.scope_entries()))
    }

    /// Evaluates an expression in the session's scope.
    pub fn eval(&mut self, text: &str) -> Result<Value> {
        let scope = self.scope();
        Ok(self
            .driver
            .ev
            .state
            .eval_source(Rc::from(text), "«string»".into(), &self.cwd, Some(scope))?)
    }

    /// `NAME = EXPR`: binds lazily, as `nix repl` does, but reports syntax
    /// errors and undefined variables at once.
    fn bind(&mut self, name: &str, expr: &str) -> Result<()> {
        let scope = self.scope();
        // Lowering `_: (EXPR)` checks names without evaluating EXPR.
        let check = format!("(_: ({expr}\n))");
        if self
            .driver
            .ev
            .state
            .eval_source(
                Rc::from(check.as_str()),
                "«string»".into(),
                &self.cwd,
                Some(scope.clone()),
            )
            .is_err()
        {
            // Fails again, in parsing or lowering, before evaluating anything;
            // this time with spans into the text the user typed.
            let v = self
                .driver
                .ev
                .state
                .eval_source(Rc::from(expr), "«string»".into(), &self.cwd, Some(scope))?;
            self.vars.insert(name.to_owned(), v);
            return Ok(());
        }
        let text: Rc<str> = Rc::from(expr);
        let cwd = self.cwd.clone();
        let thunk = Thunk::native(move |st| st.eval_source(text.clone(), "«string»".into(), &cwd, Some(scope.clone())));
        self.vars.insert(name.to_owned(), Value::Thunk(thunk));
        Ok(())
    }

    /// `:l PATH`: an atom directory (one holding `atom.toml`) or a Nix file.
    pub fn load(&mut self, arg: &str) -> Result<String> {
        let path = self.resolve(arg);
        if path.is_dir() && path.join("atom.toml").is_file() {
            let loaded = atoms::Loaded::open(&mut self.driver, &path)?;
            let summary = loaded.summary()?;
            self.atom = Some(loaded);
            return Ok(summary);
        }
        if path.is_dir() && !path.join("default.nix").exists() {
            return Err(ReplError::Msg(format!(
                "'{}' is a directory without atom.toml or default.nix: neither an atom nor a Nix file",
                path.display()
            )));
        }
        if !path.exists() {
            return Err(ReplError::Msg(format!("path '{}' does not exist", path.display())));
        }
        let file = engine::api::canonicalise(&path.to_string_lossy());
        let v = self.driver.ev.eval_file(&file)?;
        let attrs = match self.driver.ev.force(&v)? {
            Value::Attrs(a) => a,
            other => {
                return Err(ReplError::Msg(format!(
                    "'{}' evaluates to {}, but :l needs a set, whose attributes become variables",
                    path.display(),
                    other.type_desc()
                )))
            }
        };
        for (n, v) in attrs.iter() {
            self.vars.insert(n.as_str().to_owned(), v.clone());
        }
        let n = attrs.len();
        Ok(format!("Added {n} variable{}.", if n == 1 { "" } else { "s" }))
    }

    fn resolve(&self, arg: &str) -> PathBuf {
        let arg = arg.trim();
        let expanded = match (arg.strip_prefix("~/"), dirs::home_dir()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(arg),
        };
        if expanded.is_absolute() {
            expanded
        } else {
            Path::new(&self.cwd).join(expanded)
        }
    }

    /// `:r`: a fresh evaluator (so files are read again), then every load
    /// and binding redone in order. The module entered with `:cd` is kept
    /// when it still exists.
    pub fn reload(&mut self) -> Result<String> {
        let location = self.atom.as_ref().map(|a| a.module_path().to_vec());
        self.driver = Self::driver(&self.opts);
        self.vars.clear();
        self.atom = None;
        let defs = self.defs.clone();
        let mut out = Vec::new();
        for def in &defs {
            match def {
                Def::Load(p) => out.push(self.load(p)?),
                Def::Bind(n, e) => self.bind(n, e)?,
            }
        }
        if let (Some(path), Some(a)) = (location, self.atom.as_mut()) {
            if !path.is_empty() {
                a.enter(&mut self.driver, &path)?;
            }
        }
        out.push("Reloaded.".to_owned());
        Ok(out.join("\n"))
    }

    fn atom_mut(&mut self) -> Result<&mut atoms::Loaded> {
        self.atom.as_mut().ok_or_else(|| {
            ReplError::Msg("no atom is loaded: start with `atom-eval repl ATOM_DIR` or use `:l ATOM_DIR`".into())
        })
    }

    /// `:cd MODULE.PATH`, `:cd ..`, `:cd /` or `:cd` alone.
    fn cd(&mut self, arg: &str) -> Result<String> {
        let current = self.atom_mut()?.module_path().to_vec();
        let arg = arg.trim();
        let target: Vec<String> = if arg.is_empty() || arg == "/" {
            Vec::new()
        } else if arg == ".." {
            let mut p = current;
            p.pop();
            p
        } else {
            let (base, rest) = match arg.strip_prefix('/') {
                Some(rest) => (Vec::new(), rest),
                None => (current, arg),
            };
            let mut p = base;
            for seg in rest.split('.').filter(|s| !s.is_empty()) {
                if seg == ".." {
                    p.pop();
                } else {
                    p.push(seg.to_owned());
                }
            }
            p
        };
        let atom = self.atom.as_mut().expect("checked above");
        atom.enter(&mut self.driver, &target)?;
        Ok(String::new())
    }

    fn ls(&mut self, arg: &str) -> Result<String> {
        let atom = self.atom.as_ref().ok_or_else(|| {
            ReplError::Msg("no atom is loaded: :ls lists a module of an atom (`:l ATOM_DIR` first)".into())
        })?;
        let mut path = atom.module_path().to_vec();
        path.extend(arg.split('.').filter(|s| !s.is_empty()).map(str::to_owned));
        atom.list(&path, self.opts.color)
    }

    /// `:doc NAME`: a builtin's documentation (`builtins.X`, or `X` alone),
    /// a documented atom or std member, or the doc comment of a function's
    /// definition.
    fn doc(&mut self, arg: &str) -> Result<String> {
        // An atom or std member documented where it is defined, found by
        // its path without evaluating it.
        if let Some(text) = atoms::static_doc(self.atom.as_ref(), arg) {
            return Ok(text);
        }
        let last = arg.rsplit('.').next().unwrap_or(arg).trim();
        // A builtin by its bare name (`:doc foldl'`), which is no global.
        let v = match self.eval(arg) {
            Ok(v) => v,
            Err(e) => return doc::builtin(arg.trim()).ok_or(e),
        };
        let v = self.driver.ev.force(&v)?;
        match &v {
            Value::PrimOp(op) => {
                return doc::builtin(&op.name)
                    .ok_or_else(|| ReplError::Msg(format!("the builtin '{}' has no documentation", op.name)))
            }
            Value::PrimOpApp(app) => {
                if let Some(d) = doc::builtin(&app.op.name) {
                    return Ok(d);
                }
            }
            Value::Lambda(c) => {
                let span = c.lambda.span;
                let file = self.driver.ev.state.sources.get(span.file);
                // `derivation` is a builtin written in Nix, in a source of
                // the evaluator's own rather than a file on disk.
                if !Path::new(&file.name).exists() {
                    if let Some(d) = doc::builtin(last) {
                        return Ok(d);
                    }
                }
                let comment = doc::comment_before(&file.text, span.start as usize);
                let head = format!("Function defined at {}", c.lambda.position);
                return Ok(match comment {
                    Some(text) => format!("{head}\n\n{text}"),
                    None => format!("{head}\n\n(no doc comment)"),
                });
            }
            // std sets that are also callable as the builtin of that name.
            Value::Attrs(a) if a.contains("__functor") => {
                if let Some(d) = doc::builtin(last) {
                    return Ok(d);
                }
            }
            _ => {}
        }
        if let Some(d) = doc::builtin(last) {
            return Ok(d);
        }
        Err(ReplError::Msg(format!(
            "no documentation found for '{arg}' ({}): :doc shows builtins, std functions and documented atom members",
            print::type_description(&v)
        )))
    }

    /// Where `:e ARG` goes: a member's file, found statically (a bare
    /// name is tried as `mod.NAME` first), or a function's definition.
    /// Returns the file and the line, when known.
    fn edit_target(&mut self, arg: &str) -> Result<(PathBuf, Option<u32>)> {
        let arg = arg.trim();
        let candidates = [format!("mod.{arg}"), arg.to_owned()];
        for candidate in candidates
            .iter()
            .filter(|_| self.atom.is_some())
            .chain(std::iter::once(&candidates[1]))
        {
            if let Some(found) = atoms::static_find(self.atom.as_ref(), candidate) {
                let file = found.member.source.file();
                if file.starts_with(crate::atom::io::STD_DIR) {
                    return Err(ReplError::Msg(format!(
                        "'{arg}' is part of std, which is embedded in atom-eval: its source is std/ in atom-eval's repository"
                    )));
                }
                return Ok((file, None));
            }
        }
        let v = self.eval(arg)?;
        match self.driver.ev.force(&v)? {
            Value::Lambda(c) => {
                let span = c.lambda.span;
                let source = self.driver.ev.state.sources.get(span.file);
                let line = source.text[..(span.start as usize).min(source.text.len())].matches('\n').count() + 1;
                let name = source.name.to_string();
                if !Path::new(&name).is_file() {
                    return Err(ReplError::Msg(format!("'{arg}' is defined in {name}, which is not a file")));
                }
                Ok((PathBuf::from(name), u32::try_from(line).ok()))
            }
            other => Err(ReplError::Msg(format!(
                "cannot tell where '{arg}' ({}) is defined: :e opens a member of the loaded atom or a function's definition",
                print::type_description(&other)
            ))),
        }
    }

    /// `:e NAME`: opens the source in `$EDITOR` (`vi` when unset), then
    /// reloads, as `nix repl` does.
    fn edit(&mut self, arg: &str) -> Result<String> {
        let (file, line) = self.edit_target(arg)?;
        let editor = std::env::var("EDITOR")
            .ok()
            .filter(|e| !e.trim().is_empty())
            .unwrap_or_else(|| "vi".into());
        let mut words = editor.split_whitespace();
        let program = words.next().unwrap_or("vi");
        let mut cmd = std::process::Command::new(program);
        cmd.args(words);
        if let Some(line) = line {
            cmd.arg(format!("+{line}"));
        }
        cmd.arg(&file);
        let status = cmd
            .status()
            .map_err(|e| ReplError::Msg(format!("cannot run the editor '{editor}' (from $EDITOR): {e}")))?;
        if !status.success() {
            return Err(ReplError::Msg(format!("the editor '{editor}' failed ({status})")));
        }
        if self.defs.is_empty() && self.atom.is_none() {
            return Ok(String::new());
        }
        self.reload()
    }

    /// `:b EXPR`: atom-eval evaluates but does not build; for a derivation
    /// it names the `.drv` file that a Nix installation could build.
    fn build(&mut self, arg: &str) -> Result<String> {
        let v = self.eval(arg)?;
        let attrs = match self.driver.ev.force(&v)? {
            Value::Attrs(a) => a,
            other => {
                return Err(ReplError::Msg(format!(
                    ":b needs a derivation, but '{}' is {}",
                    arg.trim(),
                    other.type_desc()
                )))
            }
        };
        let is_drv = match attrs.get("type") {
            Some(t) => matches!(self.driver.ev.force(t)?, Value::String(s) if s.as_bytes() == b"derivation"),
            None => false,
        };
        let drv_path = attrs.get("drvPath").filter(|_| is_drv).cloned().ok_or_else(|| {
            ReplError::Msg(format!(
                ":b needs a derivation, but '{}' is a set that is not one",
                arg.trim()
            ))
        })?;
        // The path carries its derivation as context; only the text is shown.
        let drv = match self.driver.ev.force(&drv_path)? {
            Value::String(s) => s.to_str_lossy().into_owned(),
            other => {
                return Err(ReplError::Msg(format!(
                    "drvPath is {}, not a string",
                    other.type_desc()
                )))
            }
        };
        Err(ReplError::Msg(format!(
            "building is not supported here: atom-eval evaluates only. The derivation is {drv}; \
             with Nix installed, `nix-store --realise {drv}` builds it (once the .drv is in that store)"
        )))
    }

    /// Renders an error for the terminal.
    pub fn render_error(&self, e: &ReplError) -> String {
        match e {
            ReplError::Msg(m) => {
                if self.opts.color {
                    format!("\x1b[31;1merror:\x1b[0m {m}")
                } else {
                    format!("error: {m}")
                }
            }
            ReplError::Eval(e) => {
                let diag = self.driver.ev.diagnostic(e);
                crate::support::error::render(&diag, self.opts.color)
            }
        }
    }
}

fn need<'a>(arg: &'a str, usage: &str) -> Result<&'a str> {
    if arg.trim().is_empty() {
        Err(ReplError::Msg(format!("missing argument; usage: {usage}")))
    } else {
        Ok(arg)
    }
}

/// The default history file, in the user's data directory.
pub fn default_history() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("atom-eval").join("repl-history"))
}

/// Runs the interactive REPL until `:q` or end of input.
pub fn run(opts: Options) -> Result<(), String> {
    use rustyline::error::ReadlineError;

    let history = opts.history.clone().or_else(default_history);
    let target = opts.target.clone();
    let session = Rc::new(std::cell::RefCell::new(Session::new(opts)));
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .auto_add_history(false)
        .max_history_size(10_000)
        .map_err(|e| e.to_string())?
        .build();
    let mut editor: rustyline::Editor<complete::Helper, rustyline::history::FileHistory> =
        rustyline::Editor::with_config(config).map_err(|e| format!("cannot start the line editor: {e}"))?;
    editor.set_helper(Some(complete::Helper::new(session.clone())));
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.load_history(h);
    }

    say(&format!(
        "atom-eval {} repl. Type :? for help.",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(t) = target {
        let mut s = session.borrow_mut();
        match s.load(&t) {
            Ok(out) if !out.is_empty() => {
                say(&out);
            }
            Ok(_) => {}
            Err(e) => complain(&s.render_error(&e)),
        }
        s.defs.push(Def::Load(t));
    }

    loop {
        let prompt = session.borrow().prompt();
        let mut text = match editor.readline(&prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("reading input: {e}")),
        };
        // Continue on further lines while the input is incomplete.
        let continuation = " ".repeat(prompt.chars().count());
        let mut interrupted = false;
        while needs_more(&text) {
            match editor.readline(&continuation) {
                Ok(line) => {
                    text.push('\n');
                    text.push_str(&line);
                }
                Err(ReadlineError::Interrupted) => {
                    interrupted = true;
                    break;
                }
                Err(_) => break,
            }
        }
        if interrupted {
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(text.as_str());
        if let Some(h) = &history {
            let _ = editor.append_history(h);
        }
        let mut s = session.borrow_mut();
        // A Ctrl-C that stopped the last evaluation is spent.
        engine::guard::clear_interrupt();
        match s.execute(&text) {
            Ok((flow, out)) => {
                if !out.is_empty() && !say(&out) {
                    break;
                }
                if flow == Flow::Quit {
                    break;
                }
            }
            Err(e) => complain(&s.render_error(&e)),
        }
        // Separate results like `nix repl` does. Stop when nobody reads.
        if !say("") {
            break;
        }
    }
    Ok(())
}

/// Prints a line on stdout; false when stdout is gone (a closed pipe).
fn say(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|_| out.flush()).is_ok()
}

/// Prints a line on stderr, ignoring failures.
fn complain(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Whether an input needs another line: a Nix expression (bare, bound or
/// a command's argument) that stopped in the middle.
pub fn needs_more(text: &str) -> bool {
    let expr = match classify(text) {
        Input::Expr(e) => e,
        Input::Binding { expr, .. } => expr,
        Input::Command {
            name: "p" | "print" | "t" | "type" | "doc",
            arg,
        } => arg,
        Input::Command { .. } => return false,
    };
    match input::completeness(expr) {
        Completeness::Incomplete => true,
        // `x =` with nothing after it yet.
        Completeness::Empty => matches!(classify(text), Input::Binding { .. }),
        Completeness::Complete => false,
    }
}
