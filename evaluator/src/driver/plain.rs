//! Plain Nix: what `nix-instantiate --eval` does with a file or an
//! expression: evaluate, auto-call, select (`-A`) and print.

use std::rc::Rc;

use engine::error::Result;
use engine::symbol::Symbol;
use engine::value::Value;
use engine::Evaluator;

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

/// What `atom-eval eval` does with the value, mirroring
/// `nix-instantiate --eval`.
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
    /// `--option pure-eval true` or `--option restrict-eval true`.
    pub mode: Mode,
}

pub use engine::eval::gate::Mode;

#[derive(Clone, Debug)]
/// An argument for a function result.
pub enum Arg {
    /// `--arg NAME EXPR`.
    Expr(String),
    /// `--argstr NAME STRING`.
    Str(String),
}

/// Evaluates `input` and renders the result as `nix-instantiate` would.
pub fn eval_and_print(ev: &mut Evaluator, input: &Input, opts: &Options) -> Result<Vec<u8>> {
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".into());
    let realm = realm(ev, opts.mode)?;
    let value = match input {
        Input::File(path) => {
            let abs = if path.starts_with('/') {
                path.clone()
            } else {
                format!("{cwd}/{path}")
            };
            let path = engine::api::canonicalise(&abs);
            match &realm {
                None => ev.eval_file(&path)?,
                Some((id, _)) => ev.state.import_as(&path, Some(*id), None)?,
            }
        }
        Input::Expr(e) => eval_text(ev, e, &cwd, &realm)?,
    };
    let args = auto_args(ev, opts, &cwd, &realm)?;
    let value = match &opts.attr_path {
        Some(path) => engine::instantiate::select_path(&mut ev.state, value, path, &args)?,
        None => value,
    };
    // As nix-instantiate: the result is called only when arguments are given
    // (each step of `-A` is called regardless, see `select_path_with`).
    let value = if args.is_empty() {
        value
    } else {
        engine::instantiate::auto_call(&mut ev.state, value, &args)?
    };
    render(ev, &value, opts)
}

/// A gated realm and its scope: C++ Nix's pure or restricted evaluation.
type PlainRealm = Option<(u32, Rc<engine::value::Attrs>)>;

/// The realm plain Nix runs in for `mode`: none (open) for impure
/// evaluation; otherwise the engine's pure-evaluation gate, which in
/// restricted mode allows the search path's directories, as C++ Nix does
/// (in pure mode, nothing outside the store objects the evaluation makes
/// or fetches, not even the file given).
fn realm(ev: &mut Evaluator, mode: Mode) -> Result<PlainRealm> {
    use engine::eval::pure::{scope, PureEval};
    if mode == Mode::Impure {
        return Ok(None);
    }
    let roots = match mode {
        Mode::Restricted => ev
            .state
            .search_path
            .iter()
            .filter(|(_, dir)| !dir.contains("://") && !dir.starts_with("channel:") && !dir.starts_with("flake:"))
            .map(|(_, dir)| {
                let abs = if dir.starts_with('/') {
                    dir.clone()
                } else {
                    let cwd = std::env::current_dir().unwrap_or_default();
                    format!("{}/{dir}", cwd.to_string_lossy())
                };
                engine::api::canonicalise(&abs)
            })
            .collect(),
        _ => Vec::new(),
    };
    let scope = scope(&mut ev.state, mode)?;
    let id = ev
        .state
        .add_gate(Rc::new(PureEval::new(mode, roots, Default::default())));
    ev.state.set_realm_scope(id, scope.clone());
    Ok(Some((id, scope)))
}

/// An expression of the command line (`-E`, `--arg`), in the realm.
fn eval_text(ev: &mut Evaluator, text: &str, cwd: &str, realm: &PlainRealm) -> Result<Value> {
    match realm {
        None => ev.eval_expr(text, cwd),
        Some((id, scope)) => ev.state.eval_source_in(
            Rc::from(text),
            "«string»".into(),
            cwd,
            Some(scope.clone()),
            engine::source::Origin::realm(engine::source::Realm::Gated(*id)),
        ),
    }
}

/// The values of `--arg NAME EXPR` and `--argstr NAME STRING`.
fn auto_args(ev: &mut Evaluator, opts: &Options, cwd: &str, realm: &PlainRealm) -> Result<Vec<(Symbol, Value)>> {
    let mut args = Vec::new();
    for (name, arg) in &opts.args {
        let value = match arg {
            Arg::Expr(e) => eval_text(ev, e, cwd, realm)?,
            Arg::Str(s) => Value::string(s.as_str()),
        };
        args.push((Symbol::new(name), value));
    }
    Ok(args)
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
