//! Plain Nix: what `nix-instantiate --eval` does, on the engine.

use std::rc::Rc;

use engine::error::Result;
use engine::symbol::Symbol;
use engine::value::{Attrs, Value};
use engine::{Evaluator, EvaluatorBuilder};

/// What to evaluate.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file (a directory means its `default.nix`).
    File(String),
    /// An expression (`-E`), with relative paths against the current directory.
    Expr(String),
}

/// How to print the result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Output {
    #[default]
    /// As `nix-instantiate --eval` prints values.
    Nix,
    /// `--json`.
    Json,
    /// `--raw`: a string's bytes, unquoted.
    Raw,
}

/// Options of `atom-eval eval`, mirroring `nix-instantiate --eval`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--strict`: evaluate deeply before printing.
    pub strict: bool,
    /// How to print.
    pub output: Output,
    /// `-A a.b.0.c`.
    pub attr_path: Option<String>,
    /// `--arg NAME EXPR` and `--argstr NAME STRING`.
    pub args: Vec<(String, Arg)>,
    /// `-I` entries, before `NIX_PATH`'s.
    pub include: Vec<String>,
    /// The logical store directory (default `$NIX_STORE_DIR` or `/nix/store`).
    pub store_dir: Option<String>,
    /// Where store objects physically live; `None` is a read-only store,
    /// as `nix-instantiate --eval` has.
    pub store_root: Option<std::path::PathBuf>,
}

#[derive(Clone, Debug)]
/// An argument for a function result.
pub enum Arg {
    /// `--arg NAME EXPR`.
    Expr(String),
    /// `--argstr NAME STRING`.
    Str(String),
}

/// The builder every plain evaluation starts from.
pub fn builder(opts: &Options) -> EvaluatorBuilder {
    let mut b = Evaluator::builder();
    for i in &opts.include {
        b = b.search_path_entry(i);
    }
    b = b.nix_path_from_env();
    let store_dir = opts
        .store_dir
        .clone()
        .or_else(|| std::env::var("NIX_STORE_DIR").ok())
        .unwrap_or_else(|| "/nix/store".into());
    b = b.store_dir(store_dir.clone());
    crate::atom::install(b, store_io(&store_dir, opts.store_root.as_deref()), &store_dir)
}

/// The user's store root, where atom evaluations keep their store copies
/// by default: `$XDG_CACHE_HOME/atom-eval` (`~/.cache/atom-eval`).
pub fn default_store_root() -> Option<std::path::PathBuf> {
    dirs::cache_dir().map(|c| c.join("atom-eval"))
}

/// The file system with the store. With a `root`, logical store paths map
/// there and copies are written atomically. Without one, store paths are
/// computed but nothing is written, which is what `nix-instantiate --eval`
/// does (its store is read-only), so plain evaluation matches it. If the
/// root cannot be used, a warning says so and nothing is written.
pub fn store_io(store_dir: &str, root: Option<&std::path::Path>) -> Rc<dyn engine::io::EvalIO> {
    use engine::io::{LocalStore, StdIO};
    let store = root.and_then(|root| {
        let opened = store::path::StoreDir::new(store_dir)
            .map_err(|e| e.to_string())
            .and_then(|dir| LocalStore::open(dir, root).map_err(|e| e.to_string()));
        match opened {
            Ok(store) => Some(store),
            Err(e) => {
                eprintln!(
                    "warning: cannot use the store root '{}' ({e}); store paths are computed, not written",
                    root.display()
                );
                None
            }
        }
    });
    match store {
        Some(store) => Rc::new(StdIO::with_store(store)),
        None => Rc::new(StdIO::new()),
    }
}

/// Evaluates `input` and renders the result as `nix-instantiate` would.
pub fn eval_and_print(ev: &mut Evaluator, input: &Input, opts: &Options) -> Result<Vec<u8>> {
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".into());
    let value = match input {
        Input::File(path) => {
            let abs = if path.starts_with('/') {
                path.clone()
            } else {
                format!("{cwd}/{path}")
            };
            ev.eval_file(&engine::lower::canonicalise(&abs))?
        }
        Input::Expr(e) => ev.eval_expr(e, &cwd)?,
    };
    let value = apply_args(ev, value, opts, &cwd)?;
    let value = match &opts.attr_path {
        Some(path) => select_path(ev, value, path)?,
        None => value,
    };
    render(ev, &value, opts)
}

/// `--arg`/`--argstr`: a function result is called with the given
/// arguments (defaults fill the rest), as nix-instantiate's auto-call.
fn apply_args(ev: &mut Evaluator, value: Value, opts: &Options, cwd: &str) -> Result<Value> {
    let v = ev.force(&value)?;
    if !matches!(v, Value::Lambda(_)) {
        return Ok(v);
    }
    let is_pattern = matches!(&v, Value::Lambda(c) if matches!(c.lambda.param, engine::ir::Param::Pattern { .. }));
    if !is_pattern {
        return Ok(v);
    }
    let mut entries = Vec::new();
    for (name, arg) in &opts.args {
        let value = match arg {
            Arg::Expr(e) => ev.eval_expr(e, cwd)?,
            Arg::Str(s) => Value::string(s.as_str()),
        };
        entries.push((Symbol::new(name), value));
    }
    let arg = Value::Attrs(Rc::new(Attrs::from_unsorted(entries)));
    ev.state.call(&v, arg, None)
}

/// `-A a.b.0.c`: attributes by name, list elements by index.
pub fn select_path(ev: &mut Evaluator, mut value: Value, path: &str) -> Result<Value> {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        value = ev.force(&value)?;
        value = match &value {
            Value::List(items) if part.parse::<usize>().is_ok() => {
                let i: usize = part.parse().expect("checked");
                items.get(i).cloned().ok_or_else(|| {
                    engine::Error::msg(format!("list index {i} in selection path '{path}' is out of range"))
                })?
            }
            Value::Attrs(attrs) => match attrs.get(part) {
                Some(v) => v.clone(),
                None => {
                    let mut msg = format!("attribute '{part}' in selection path '{path}' not found");
                    let close = engine::eval::suggest(part, attrs.names().map(|s| s.as_str()));
                    if !close.is_empty() {
                        msg.push_str(&format!("\nDid you mean {}?", close.join(", ")));
                    }
                    return Err(engine::Error::msg(msg));
                }
            },
            other => {
                return Err(engine::Error::msg(format!(
                    "the expression selected by the selection path '{path}' should be a set but is {}",
                    other.type_of()
                )))
            }
        };
    }
    ev.force(&value)
}

fn render(ev: &mut Evaluator, value: &Value, opts: &Options) -> Result<Vec<u8>> {
    match opts.output {
        Output::Nix => ev.print_bytes(value, opts.strict),
        Output::Json => {
            let v = ev.state.force_deep(value)?;
            engine::builtins::to_json_string(&mut ev.state, &v).map(String::into_bytes)
        }
        Output::Raw => {
            let v = ev.force(value)?;
            let s = ev
                .state
                .coerce_to_string(&v, engine::eval::CoerceMode::Interpolation, true)?;
            Ok(s.as_bytes().to_vec())
        }
    }
}
