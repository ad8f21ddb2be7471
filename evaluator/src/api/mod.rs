//! The embedding API: what a Rust tool (such as the eka CLI) uses to
//! evaluate atoms and plain Nix.
//!
//! - [`Atom`] opens an atom: its [`Manifest`], its static module tree
//!   ([`ModuleInfo`]) and its members, evaluated on demand.
//! - [`Nix`] evaluates plain Nix expressions and files.
//! - [`Value`] is a lazily evaluated result with typed accessors and
//!   [`serde`] conversion ([`Value::deserialize`]).
//! - [`Options`] configures an evaluation: store directory and root,
//!   search path, warning and trace sinks, call-depth limit.
//! - [`Error`] is a [`miette::Diagnostic`]; [`render`] prints one.
//! - Rust data goes into Nix with [`Nix::to_value`] (any
//!   [`serde::Serialize`]), so a tool can call a function with a struct.
//!
//! # Threads
//!
//! An [`Atom`], a [`Nix`] and their [`Value`]s stay on the thread that
//! made them: they are not `Send`. Nix values are shared, lazily evaluated
//! graphs (reference-counted thunks that update in place when forced), so
//! moving one across threads would need a lock on every thunk, which would
//! slow down all evaluation for the sake of the rare host that wants it.
//! The compiler enforces this:
//!
//! ```compile_fail
//! let atom = atom_eval::Atom::open("examples/hello").unwrap();
//! std::thread::spawn(move || atom.eval("greeting"));
//! ```
//!
//! A multi-threaded or async tool keeps one evaluation thread that owns
//! the atom and sends it requests over a channel, getting plain Rust data
//! (strings, JSON, deserialized structs) back:
//!
//! ```
//! use std::sync::mpsc;
//! let hello = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello");
//! let (requests, inbox) = mpsc::channel::<(String, mpsc::Sender<Result<String, String>>)>();
//! let evaluator = std::thread::spawn(move || {
//!     // The atom lives and dies on this thread.
//!     let atom = atom_eval::Atom::open(hello).map_err(|e| e.to_string())?;
//!     for (path, reply) in inbox {
//!         let _ = reply.send(atom.eval_json(&path).map_err(|e| e.to_string()));
//!     }
//!     Ok::<(), String>(())
//! });
//! // Any other thread (or async task) asks and waits for the answer.
//! let (reply, answer) = mpsc::channel();
//! requests.send(("greeting".into(), reply)).unwrap();
//! assert_eq!(answer.recv().unwrap().unwrap(), "\"Hello, world!\"");
//! drop(requests); // ends the evaluation thread's loop
//! evaluator.join().unwrap().unwrap();
//! ```
//!
//! ```
//! let nix = atom_eval::Nix::new();
//! let v = nix.eval_expr("{ a = 1 + 2; }")?;
//! assert_eq!(v.attr("a")?.as_int()?, 3);
//! # Ok::<(), atom_eval::Error>(())
//! ```

pub(crate) mod atom;
mod de;
mod ser;
mod value;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use self::atom::{Atom, MemberInfo, ModuleInfo};
use self::value::Shared;
pub use self::value::{Kind, Value};
pub use crate::atom::{check_label, Manifest};
pub use crate::driver::Sink;
use crate::driver::{Driver, Settings};
pub use crate::support::error::{render, Error, ErrorKind};

/// The parts of a manifest and of its lock, as [`Manifest`]'s accessors
/// return them: package sets, composition settings, declared
/// dependencies ([`Manifest::deps`]) and the pinned ones
/// ([`Manifest::read_lock`]).
pub mod manifest {
    pub use crate::atom::lock::{
        AtomRef, GitPin, GitRev, HashedPin, Lock, LockedCompose, LockedDep, LockedSet, Mirror, Spanned,
    };
    pub use crate::atom::manifest::{AtomDepDecl, Compose, Deps, NixDepDecl, NixSource, SetDecl};
}

/// How to evaluate: the store, the search path, sinks and limits.
///
/// Every setting has a default that matches `atom-eval eval`, so
/// `Options::new()` alone is a working configuration.
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let traces = Rc::new(RefCell::new(Vec::new()));
/// let sink = traces.clone();
/// let nix = atom_eval::Options::new()
///     .store_dir("/nix/store")
///     .max_call_depth(500)
///     .trace_sink(move |m| sink.borrow_mut().push(m.to_owned()))
///     .nix();
/// let v = nix.eval_expr("builtins.trace \"hello\" 1")?;
/// assert_eq!(v.as_int()?, 1);
/// assert_eq!(traces.borrow().as_slice(), ["hello"]);
///
/// let deep = nix.eval_expr("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000");
/// assert!(deep.unwrap_err().to_string().contains("max-call-depth"));
/// # Ok::<(), atom_eval::Error>(())
/// ```
#[derive(Default)]
pub struct Options {
    pub(crate) store_dir: Option<String>,
    pub(crate) store_root: Option<PathBuf>,
    pub(crate) search_path: Vec<String>,
    pub(crate) externs: Vec<(String, Extern)>,
    pub(crate) warn: Option<Sink>,
    pub(crate) trace: Option<Sink>,
    pub(crate) max_call_depth: Option<usize>,
    pub(crate) max_memory: Option<usize>,
    pub(crate) show_trace: bool,
    pub(crate) impure: bool,
    pub(crate) offline: bool,
}

/// An external dependency of an atom: bound as a further top-level name in
/// every module of the atom.
#[derive(Clone, Debug)]
pub enum Extern {
    /// Another atom, by directory: the name is bound to its public view.
    Atom(PathBuf),
    /// A plain Nix expression.
    Expr(String),
}

impl Options {
    /// The defaults: `$NIX_STORE_DIR` or `/nix/store`, store objects in the
    /// user's cache directory, warnings and traces on stderr, a call depth
    /// of 10,000.
    pub fn new() -> Options {
        Options::default()
    }

    /// The logical store directory that store paths start with.
    pub fn store_dir(mut self, dir: impl Into<String>) -> Options {
        self.store_dir = Some(dir.into());
        self
    }

    /// Where store objects physically live (a "chroot store"): a logical
    /// path `/nix/store/HASH-x` is the file `ROOT/nix/store/HASH-x`, and
    /// copies (`"${mod}"`, `builtins.path`, `toFile`, ...) are written
    /// there atomically. Default: `~/.cache/atom-eval`.
    pub fn store_root(mut self, root: impl Into<PathBuf>) -> Options {
        self.store_root = Some(root.into());
        self
    }

    /// Adds a search-path entry for `<name>` lookups in plain Nix, as
    /// `-I prefix=path` or `-I path`.
    pub fn search_path(mut self, entry: impl Into<String>) -> Options {
        self.search_path.push(entry.into());
        self
    }

    /// Binds `name` to the public view of the atom in `dir` in every module
    /// of an atom opened with these options.
    pub fn extern_atom(mut self, name: impl Into<String>, dir: impl Into<PathBuf>) -> Options {
        self.externs.push((name.into(), Extern::Atom(dir.into())));
        self
    }

    /// Binds `name` to the value of a Nix expression in every module of an
    /// atom opened with these options.
    pub fn extern_expr(mut self, name: impl Into<String>, expr: impl Into<String>) -> Options {
        self.externs.push((name.into(), Extern::Expr(expr.into())));
        self
    }

    /// Receives warnings (`builtins.warn`, neutralised impure builtins)
    /// instead of stderr, each a whole line as C++ Nix prints it
    /// (`evaluation warning: MSG`, or `warning: MSG` for the evaluator's own).
    pub fn warn_sink(mut self, sink: impl FnMut(&str) + 'static) -> Options {
        self.warn = Some(Box::new(sink));
        self
    }

    /// Receives `builtins.trace` messages instead of stderr.
    pub fn trace_sink(mut self, sink: impl FnMut(&str) + 'static) -> Options {
        self.trace = Some(Box::new(sink));
        self
    }

    /// The deepest nesting of function calls before evaluation stops with
    /// "max-call-depth exceeded".
    pub fn max_call_depth(mut self, depth: usize) -> Options {
        self.max_call_depth = Some(depth);
        self
    }

    /// Stops evaluation with an "out of memory" error once the process
    /// holds more than `bytes`, as `--max-memory` does (a process-wide
    /// limit; see `engine::guard` for what measures it).
    pub fn max_memory(mut self, bytes: usize) -> Options {
        self.max_memory = Some(bytes);
        self
    }

    /// Whether errors show the function calls they passed through, as
    /// `--show-trace` does.
    pub fn show_trace(mut self, on: bool) -> Options {
        self.show_trace = on;
        self
    }

    /// Lifts the path rules of atoms, as C++ Nix's `--impure` lifts pure
    /// evaluation: an atom's code may then read any path. For debugging;
    /// results may depend on the machine.
    pub fn impure(mut self, on: bool) -> Options {
        self.impure = on;
        self
    }

    /// Fetches only from what is already in the store or cached: a
    /// dependency or fetcher call that would need the network is an error
    /// naming what would be fetched.
    pub fn offline(mut self, on: bool) -> Options {
        self.offline = on;
        self
    }

    /// The driver these options describe. Atoms keep their store copies
    /// in the user's cache unless a store root is given.
    pub(crate) fn driver(self) -> Driver {
        Driver::new(Settings {
            include: self.search_path,
            store_dir: self.store_dir,
            store_root: self.store_root.or_else(crate::driver::default_store_root),
            show_trace: self.show_trace,
            max_call_depth: self.max_call_depth,
            max_memory: self.max_memory,
            warn: self.warn,
            trace: self.trace,
            impure: self.impure,
            offline: self.offline,
            fetch_tree: false,
            flakes: false,
            abort_on_warn: false,
        })
    }

    /// A plain-Nix evaluator with these options.
    pub fn nix(self) -> Nix {
        Nix {
            shared: Shared(Rc::new(RefCell::new(self.driver()))),
        }
    }
}

/// An evaluator for plain Nix: expressions and files, as
/// `nix-instantiate --eval` evaluates them.
///
/// All values it returns share it; they are evaluated further on demand.
///
/// ```
/// let nix = atom_eval::Nix::new();
/// let v = nix.eval_expr("builtins.map (x: x * 2) [ 1 2 3 ]")?;
/// assert_eq!(v.to_json()?, "[2,4,6]");
/// assert_eq!(v.to_nix(true)?, "[ 2 4 6 ]");
/// # Ok::<(), atom_eval::Error>(())
/// ```
pub struct Nix {
    shared: Shared,
}

impl Default for Nix {
    fn default() -> Self {
        Nix::new()
    }
}

impl Nix {
    /// An evaluator with the default [`Options`].
    pub fn new() -> Nix {
        Options::new().nix()
    }

    /// Evaluates an expression; relative paths in it resolve against the
    /// current directory.
    pub fn eval_expr(&self, source: &str) -> Result<Value, Error> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        self.eval_expr_in(source, cwd)
    }

    /// Evaluates an expression whose relative paths resolve against
    /// `base_dir`.
    ///
    /// ```
    /// let nix = atom_eval::Nix::new();
    /// let v = nix.eval_expr_in("./x.nix", "/srv")?;
    /// assert_eq!(v.as_path()?, std::path::Path::new("/srv/x.nix"));
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn eval_expr_in(&self, source: &str, base_dir: impl AsRef<Path>) -> Result<Value, Error> {
        let base = base_dir.as_ref().to_string_lossy().into_owned();
        let v = self.shared.with(|ev| ev.eval_expr(source, &base))?;
        Ok(Value::new(self.shared.clone(), v))
    }

    /// Evaluates a Nix file (a directory means its `default.nix`).
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("atom-eval-doctest-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("default.nix"), "{ x = 42; }").unwrap();
    /// let v = atom_eval::Nix::new().eval_file(&dir)?;
    /// assert_eq!(v.attr("x")?.as_int()?, 42);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn eval_file(&self, path: impl AsRef<Path>) -> Result<Value, Error> {
        let path = absolute(path.as_ref());
        if !path.exists() {
            return Err(Error::message(
                ErrorKind::NotFound,
                format!("path '{}' does not exist", path.display()),
                None,
            ));
        }
        let file = engine::api::canonicalise(&path.to_string_lossy());
        let v = self.shared.with(|ev| ev.eval_file(&file))?;
        Ok(Value::new(self.shared.clone(), v))
    }

    /// Rust data as a Nix value (see [`serde`]'s data model): structs
    /// and maps become sets, sequences lists, `None` and unit `null`, a
    /// unit enum variant a string and any other a one-attribute set. Use it
    /// to call a Nix function with a Rust argument.
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Request { name: String, port: u16, tags: Vec<String> }
    /// let nix = atom_eval::Nix::new();
    /// let describe = nix.eval_expr(r#"r: "${r.name}:${toString r.port} (${toString (builtins.length r.tags)} tags)""#)?;
    /// let arg = nix.to_value(&Request { name: "web".into(), port: 80, tags: vec!["a".into()] })?;
    /// assert_eq!(describe.call(&arg)?.as_str()?, "web:80 (1 tags)");
    /// // Too large for a Nix integer: an error, not a silent float.
    /// assert!(nix.to_value(&u64::MAX).is_err());
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn to_value<T: serde::Serialize + ?Sized>(&self, data: &T) -> Result<Value, Error> {
        Ok(Value::new(self.shared.clone(), ser::to_engine(data)?))
    }

    /// Runs `f` with the engine's evaluator: an escape hatch to the
    /// `engine` crate's API for what this one does not cover.
    pub fn with_engine<T>(&self, f: impl FnOnce(&mut engine::Evaluator) -> engine::Result<T>) -> Result<T, Error> {
        self.shared.with(f)
    }
}

/// `path` made absolute against the current directory.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}
