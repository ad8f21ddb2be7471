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
    /// `--xml`: the XML document `toXML` writes, with source positions.
    Xml,
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
    /// `--show-trace`: errors show the calls they passed through.
    pub show_trace: bool,
    /// `--offline`: fetchers answer from the store and cache only.
    pub offline: bool,
    /// `builtins.fetchTree` is present (C++ Nix's `fetch-tree` or `flakes`
    /// experimental feature).
    pub fetch_tree: bool,
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
    b = b.store_dir(store_dir.clone()).show_trace(opts.show_trace);
    let io = store_io(&store_dir, opts.store_root.as_deref());
    // The fetchers (issue 12): one call, see `crate::fetchers`.
    let (b, io) = crate::fetchers::install(
        b,
        io,
        &store_dir,
        opts.store_root.as_deref(),
        opts.offline,
        opts.fetch_tree,
    );
    crate::atom::install(b, io, &store_dir)
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
    let args = auto_args(ev, opts, &cwd)?;
    let value = match &opts.attr_path {
        Some(path) => select_path_with(ev, value, path, &args)?,
        None => value,
    };
    // As nix-instantiate: the result is called only when arguments are given
    // (each step of `-A` is called regardless, see `select_path_with`).
    let value = if args.is_empty() {
        value
    } else {
        auto_call(ev, value, &args)?
    };
    render(ev, &value, opts)
}

/// The values of `--arg NAME EXPR` and `--argstr NAME STRING`.
fn auto_args(ev: &mut Evaluator, opts: &Options, cwd: &str) -> Result<Vec<(Symbol, Value)>> {
    let mut args = Vec::new();
    for (name, arg) in &opts.args {
        let value = match arg {
            Arg::Expr(e) => ev.eval_expr(e, cwd)?,
            Arg::Str(s) => Value::string(s.as_str()),
        };
        args.push((Symbol::new(name), value));
    }
    Ok(args)
}

/// C++ Nix's auto-call: a function with a pattern (`{ a, b ? 1 }: ...`)
/// is called with the arguments it names (all of them if it has `...`);
/// a functor set is called through `__functor` first. Anything else, a
/// function with a plain parameter included, is left as it is.
fn auto_call(ev: &mut Evaluator, value: Value, args: &[(Symbol, Value)]) -> Result<Value> {
    use engine::ir::Param;
    let mut f = ev.force(&value)?;
    while let Value::Attrs(attrs) = &f {
        let Some(functor) = attrs.get("__functor").cloned() else {
            return Ok(f);
        };
        let functor = ev.force(&functor)?;
        let applied = ev.state.call(&functor, f.clone(), None)?;
        f = ev.force(&applied)?;
    }
    let Value::Lambda(closure) = &f else {
        return Ok(f);
    };
    let Param::Pattern { formals, ellipsis, .. } = &closure.lambda.param else {
        return Ok(f);
    };
    let mut given = Vec::new();
    if *ellipsis {
        given.extend(args.iter().cloned());
    } else {
        for formal in formals.iter() {
            match args.iter().find(|(n, _)| *n == formal.name) {
                Some(arg) => given.push(arg.clone()),
                None if formal.default.is_none() => {
                    return Err(engine::Error::msg(format!(
                        "cannot evaluate a function that has an argument without a value ('{}')\n\
                         Nix attempted to evaluate a function as a top level expression; in\n\
                         this case it must have its arguments supplied either by default\n\
                         values, or passed explicitly with '--arg' or '--argstr'. See\n\
                         https://nixos.org/manual/nix/stable/language/constructs.html#functions.",
                        formal.name
                    ))
                    .at(closure.lambda.span));
                }
                None => {}
            }
        }
    }
    let arg = Value::Attrs(Rc::new(Attrs::from_unsorted(given)));
    ev.state.call(&f, arg, None)
}

/// Whether a value holds a thunk not evaluated yet, or a function inside a
/// set or list (a lambda literal, which C++ Nix keeps as a thunk until it is
/// forced; see `engine::print::PrintOptions::nested_lambdas_unevaluated`).
/// The walk keeps its own stack (values may nest a million deep) and visits
/// each set and list once (they may be cyclic).
fn has_unevaluated_part(v: &Value) -> bool {
    let mut todo = vec![(v.clone(), false)];
    let mut seen = std::collections::HashSet::new();
    while let Some((v, nested)) = todo.pop() {
        let Some(v) = engine::print::as_evaluated(&v, nested) else {
            return true;
        };
        match v {
            Value::Attrs(attrs) if seen.insert(Rc::as_ptr(&attrs) as usize) => {
                todo.extend(attrs.values().map(|v| (v.clone(), true)));
            }
            Value::List(items) if seen.insert(Rc::as_ptr(&items) as usize) => {
                todo.extend(items.iter().map(|v| (v.clone(), true)));
            }
            _ => {}
        }
    }
    false
}

/// `-A a.b.0.c`: attributes by name, list elements by index.
pub fn select_path(ev: &mut Evaluator, value: Value, path: &str) -> Result<Value> {
    select_path_with(ev, value, path, &[])
}

/// [`select_path`] as nix-instantiate walks it: the value at each step is
/// auto-called with `args` (see [`auto_call`]) before it is selected from.
fn select_path_with(ev: &mut Evaluator, mut value: Value, path: &str, args: &[(Symbol, Value)]) -> Result<Value> {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        value = auto_call(ev, value, args)?;
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
            // Without --strict, nix-instantiate converts the value as it is,
            // and a part not evaluated yet cannot be converted.
            let v = if opts.strict {
                ev.state.force_deep(value)?
            } else {
                let v = ev.force(value)?;
                if has_unevaluated_part(&v) {
                    return Err(engine::Error::msg("cannot convert a thunk to JSON"));
                }
                v
            };
            engine::builtins::to_json_string(&mut ev.state, &v).map(String::into_bytes)
        }
        Output::Xml => {
            let v = ev.force(value)?;
            engine::builtins::to_xml_output(&mut ev.state, &v, opts.strict)
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
