//! The tree-walking interpreter.
//!
//! [`EvalState`] holds everything an evaluation needs (globals, sources, IO,
//! caches). `eval` takes an expression and an environment to a value in weak
//! head normal form; `thunk` suspends an expression, except for those that
//! are as cheap to compute as to suspend (literals, variables, lambdas).

mod coerce;
pub mod gate;
mod ops;
pub mod pure;
pub mod store;

use std::collections::HashMap;
use std::rc::Rc;

pub use coerce::CoerceMode;

use crate::error::{Error, ErrorKind, Result};
use crate::io::EvalIO;
use crate::ir::*;
use crate::source::{SourceMap, Span};
use crate::symbol::Symbol;
use crate::value::ThunkState;
use crate::value::*;

/// Hooks through which evaluation reports to its host.
pub struct Sinks {
    /// `builtins.trace` and `traceVerbose` messages, already formatted.
    pub trace: Box<dyn FnMut(&str)>,
    /// Warnings, as whole lines without the newline: `evaluation warning:
    /// MSG` for those of Nix code (`builtins.warn`), `warning: MSG` for the
    /// evaluator's own (a deprecated hash format), as C++ Nix prints them.
    pub warn: Box<dyn FnMut(&str)>,
}

impl Default for Sinks {
    fn default() -> Self {
        Sinks {
            trace: Box::new(|m| eprintln!("{}", crate::print::as_logged(&format!("trace: {m}")))),
            warn: Box::new(|line| eprintln!("{}", crate::print::as_logged(line))),
        }
    }
}

/// The state of one evaluation.
pub struct EvalState {
    pub(crate) globals: Vec<Value>,
    pub(crate) global_names: rustc_hash::FxHashMap<Symbol, u32>,
    /// The source texts of this evaluation, for error snippets.
    pub sources: SourceMap,
    /// The file system every access goes through.
    pub io: Rc<dyn EvalIO>,
    /// The logical store directory (`/nix/store`).
    pub store_dir: String,
    /// `-I` entries then `NIX_PATH`, as `(prefix, path)`.
    pub search_path: Vec<(String, String)>,
    /// `$HOME`, for `~/` paths.
    pub home: Option<String>,
    /// How deeply calls may nest.
    pub max_call_depth: usize,
    /// Whether errors record the calls they pass through (`--show-trace`).
    pub show_trace: bool,
    /// Where traces and warnings go.
    pub sinks: Sinks,
    /// What the fetch builtins fetch with, if the host installed one.
    pub fetcher: Option<Rc<dyn crate::fetcher::Fetcher>>,
    pub(crate) call_depth: usize,
    /// Nesting of thunks being forced: bounded so that runaway recursion
    /// that makes no function calls stops with an error instead of growing
    /// the (heap-allocated, see `stacker`) stack until memory runs out.
    pub(crate) force_depth: usize,
    /// Levels of the walk over nested data in progress (see [`EvalState::nest`]).
    pub(crate) nesting: usize,
    /// Values of imported files, by path.
    pub(crate) import_cache: HashMap<String, Value>,
    /// `hashDerivationModulo` results by `.drv` path.
    pub(crate) drv_hashes: HashMap<String, [u8; 32]>,
    /// Store paths of paths already copied to the store.
    pub(crate) path_cache: HashMap<String, String>,
    /// Search-path entries found missing (C++ Nix warns once for each).
    pub(crate) missing_search_entries: std::collections::HashSet<String>,
    /// Derivations and references of store objects made by this evaluation.
    pub(crate) store_cache: store::StoreCache,
    /// The gate of the code running now (`None`: open), see [`gate`].
    pub(crate) realm: Option<u32>,
    /// The gates hosts registered, by id.
    pub(crate) gates: Vec<Rc<dyn gate::Gate>>,
    /// `builtins.warn` fails after warning (C++ Nix's `abort-on-warn`).
    pub abort_on_warn: bool,
    /// Polls the memory limit and interrupts (see [`crate::guard`]).
    pub(crate) poller: crate::guard::Poller,
    /// Names a host layers over the globals for files imported from a
    /// gated realm (a pure-evaluation scope), by gate id.
    pub(crate) realm_scopes: HashMap<u32, Rc<Attrs>>,
}

/// The arguments of a builtin call: no builtin takes more than four.
type PrimOpArgs = smallvec::SmallVec<[Value; 4]>;

/// How deeply walks over nested data (`==`, `<`, `toJSON`, `toXML`,
/// `toString` of lists) may go. C++ Nix overflows its stack between 70,000
/// and 100,000 levels; a cyclic value would otherwise be walked until memory
/// runs out.
const MAX_NESTING: usize = 100_000;

/// Runs `f` on a stack grown first if it runs low, when `check` is set.
/// The recursive paths of the evaluator check only every few levels of
/// their depth counters: checking costs as much as a simple step, and the
/// red zone covers the levels in between.
#[inline(always)]
fn on_stack<T>(check: bool, f: impl FnOnce() -> T) -> T {
    if check {
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
    } else {
        f()
    }
}

/// How deeply thunks may be nested while forcing (see `force_depth`).
const MAX_FORCE_DEPTH: usize = 1_000_000;

/// An argument that is not a value of the expected type, worded like C++ Nix:
/// "expected a set but found an integer: 1".
pub fn type_error(expected: &str, found: &Value) -> Box<Error> {
    Error::msg(format!(
        "expected {expected} but found {}: {}",
        found.type_desc(),
        crate::print::error_repr(found)
    ))
}

impl EvalState {
    /// Forces a value to weak head normal form.
    #[inline]
    pub fn force(&mut self, v: &Value) -> Result<Value> {
        match v {
            // An evaluated thunk, the common case, without a call.
            Value::Thunk(t) => match t.value() {
                Some(v) => Ok(v),
                None => self.force_thunk(t),
            },
            other => Ok(other.clone()),
        }
    }

    /// Like [`Self::force`], but a value that is not a thunk is lent back
    /// rather than copied: for operands that are mostly forced already
    /// (`==`, `<`), a copy and its drop are two calls each.
    #[inline]
    pub(crate) fn forced<'v>(&mut self, v: &'v Value) -> Result<std::borrow::Cow<'v, Value>> {
        match v {
            Value::Thunk(t) => match t.value() {
                Some(v) => Ok(std::borrow::Cow::Owned(v)),
                None => self.force_thunk(t).map(std::borrow::Cow::Owned),
            },
            other => Ok(std::borrow::Cow::Borrowed(other)),
        }
    }

    /// Runs one level of a walk over nested data (equality, ordering,
    /// `toJSON`, `toXML`, `toString` of a list) on a stack that grows as
    /// needed, at most 100,000 levels deep, so that cyclic or
    /// absurdly deep values stop with C++ Nix's error instead of exhausting
    /// memory.
    pub fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.nesting >= MAX_NESTING {
            return Err(Error::msg("stack overflow (possible infinite recursion)"));
        }
        self.nesting += 1;
        let result = on_stack(true, || f(self));
        self.nesting -= 1;
        result
    }

    /// Fails if the evaluation must stop (an interrupt, the memory limit;
    /// see [`crate::guard`]). Cheap: loops of builtins that do not call
    /// back into Nix poll with it once per item.
    #[inline(always)]
    pub fn poll(&mut self) -> Result<()> {
        self.poller.poll()
    }

    /// Forces a thunk, caching its value; re-entering it is infinite recursion.
    pub fn force_thunk(&mut self, t: &Thunk) -> Result<Value> {
        let state = match t.begin() {
            Ok(v) => return Ok(v),
            Err(state) => state,
        };
        if self.force_depth >= MAX_FORCE_DEPTH {
            t.finish(state);
            return Err(Error::msg("stack overflow (possible infinite recursion)"));
        }
        if let Err(e) = self.poller.poll() {
            t.finish(state);
            return Err(e);
        }
        self.force_depth += 1;
        let run = |st: &mut Self| match &state {
            ThunkState::Suspended(env, expr) => {
                if st.gates.is_empty() {
                    return st.eval(env, expr);
                }
                let outer = st.enter_realm(expr.span.file);
                let result = st.eval(env, expr);
                st.realm = outer;
                result
            }
            // The function is forced only if it is a thunk: most are
            // already functions, called without a copy.
            ThunkState::Apply(Value::Thunk(f), arg) => {
                let f = st.force_thunk(f)?;
                st.call(&f, arg.clone(), None)
            }
            ThunkState::Apply(f, arg) => st.call(f, arg.clone(), None),
            ThunkState::Native(f) => {
                let f = f.clone();
                f(st).and_then(|v| st.force(&v))
            }
            ThunkState::Blackhole => Err(Error::msg("infinite recursion encountered")),
            ThunkState::Done(_) => unreachable!("handled above"),
        };
        let result = on_stack(self.force_depth.is_multiple_of(4), || run(self));
        self.force_depth -= 1;
        match result {
            Ok(v) => {
                t.finish(ThunkState::Done(v.clone()));
                // The common computation's parts are let go of here, inline:
                // the drop of a whole state is a call and a dispatch.
                if let ThunkState::Suspended(env, expr) = state {
                    drop(env);
                    drop(expr);
                }
                Ok(v)
            }
            Err(e) => {
                // Restore the thunk so forcing it again raises the error again.
                if !matches!(state, ThunkState::Blackhole) {
                    t.finish(state);
                }
                Err(e)
            }
        }
    }

    /// Suspends `expr` in `env`, unless it is cheaper to compute right away.
    #[inline]
    pub(crate) fn thunk(&self, env: &Shared<Env>, expr: &ExprRef) -> Value {
        match &expr.kind {
            ExprKind::Const(v) => v.clone(),
            ExprKind::Local { depth, slot } => env.ancestor(*depth).get(*slot as usize),
            ExprKind::Global { slot } => self.globals[*slot as usize].clone(),
            ExprKind::Lambda(l) => Value::Lambda(Rc::new(Closure {
                lambda: l.clone(),
                env: env.clone(),
            })),
            _ => Value::Thunk(Thunk::suspended(env.clone(), expr.clone())),
        }
    }

    /// Like [`Self::thunk`], for values of a frame still being filled: a
    /// variable of that frame may not be set yet, so it is always suspended.
    fn thunk_in_frame(&self, env: &Shared<Env>, expr: &ExprRef) -> Value {
        match &expr.kind {
            ExprKind::Local { depth: 0, .. } => Value::Thunk(Thunk::suspended(env.clone(), expr.clone())),
            _ => self.thunk(env, expr),
        }
    }

    /// Evaluates `expr` in `env` to weak head normal form.
    ///
    /// An error made here without a position gets `expr`'s: each arm
    /// places the errors of its own steps (those of nested `eval`s have
    /// their position already), so that `eval` itself is a dispatch with
    /// no stack frame: every arm is a few loads or a tail call.
    pub(crate) fn eval(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        // Deeply nested expressions recurse here without calls or thunks:
        // those high enough to (see `STACK_CHECK_HEIGHT`) check the stack,
        // out of line.
        if expr.checks_stack() {
            return self.eval_on_checked_stack(env, expr);
        }
        self.eval_node(env, expr)
    }

    /// [`Self::eval`] after making sure the stack has room. Kept out of
    /// line so the common path of `eval` has no closure for `stacker`.
    #[inline(never)]
    fn eval_on_checked_stack(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        on_stack(true, || self.eval_node(env, expr))
    }

    /// The dispatch of [`Self::eval`]. The arms that need a frame are
    /// functions of their own, so only they pay for one.
    #[inline(always)]
    fn eval_node(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        match &expr.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Local { .. } => self.eval_local(env, expr),
            ExprKind::Global { slot } => self.eval_global(*slot, expr.span),
            ExprKind::WithVar { .. } => self.eval_with_var(env, expr),
            ExprKind::Interpolate { .. } => self.eval_interpolate(env, expr),
            ExprKind::Attrs(_) => self.eval_attrs(env, expr),
            ExprKind::List(items) => self.eval_list(env, items),
            ExprKind::Select { .. } => self.eval_select(env, expr),
            ExprKind::HasAttr { .. } => self.eval_has_attr(env, expr),
            ExprKind::Apply { .. } => self.eval_apply(env, expr),
            ExprKind::Lambda(l) => Ok(self.closure(env, l)),
            ExprKind::Let { .. } => self.eval_let(env, expr),
            ExprKind::With { .. } => self.eval_with(env, expr),
            ExprKind::If { .. } => self.eval_if(env, expr),
            ExprKind::Assert { .. } => self.eval_assert(env, expr),
            ExprKind::Not(_) => self.eval_not(env, expr),
            ExprKind::Negate(_) => self.eval_negate(env, expr),
            ExprKind::Binary { .. } => self.eval_binary(env, expr),
            ExprKind::CurPos => Ok(self.pos_value(expr.span)),
        }
    }

    /// A variable's value, forced; an error without a position is the
    /// variable's (infinite recursion).
    #[inline(never)]
    fn eval_local(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Local { depth, slot } = &expr.kind else {
            unreachable!("a variable")
        };
        match env.ancestor(*depth).get_forced(*slot as usize) {
            Ok(v) => Ok(v),
            Err(t) => self.force_thunk(&t).map_err(|e| e.at(expr.span)),
        }
    }

    #[inline(never)]
    fn eval_global(&mut self, slot: u32, span: Span) -> Result<Value> {
        let v = self.globals[slot as usize].clone();
        self.force(&v).map_err(|e| e.at(span))
    }

    #[inline(never)]
    fn eval_with_var(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::WithVar { name, withs } = &expr.kind else {
            unreachable!("a variable of `with`")
        };
        self.lookup_with(env, *name, withs).map_err(|e| e.at(expr.span))
    }

    #[inline(never)]
    fn eval_interpolate(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Interpolate { parts, path } = &expr.kind else {
            unreachable!("an interpolation")
        };
        self.interpolate(env, parts, *path).map_err(|e| e.at(expr.span))
    }

    #[inline(never)]
    fn eval_list(&mut self, env: &Shared<Env>, items: &[ExprRef]) -> Result<Value> {
        Ok(Value::list(items.iter().map(|e| self.thunk(env, e)).collect()))
    }

    #[inline(never)]
    fn closure(&self, env: &Shared<Env>, lambda: &Rc<Lambda>) -> Value {
        Value::Lambda(Rc::new(Closure {
            lambda: lambda.clone(),
            env: env.clone(),
        }))
    }

    /// `f a b c`: the function, then the call with the arguments suspended.
    #[inline(never)]
    fn eval_apply(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Apply { func, args } = &expr.kind else {
            unreachable!("an application")
        };
        let f = self.eval(env, func)?;
        if let [arg] = &args[..] {
            let arg = self.thunk(env, arg);
            return self.call(&f, arg, Some(expr.span)).map_err(|e| e.at(expr.span));
        }
        let args = Suspended { env, exprs: args };
        self.call_args(f, args, Some(expr.span)).map_err(|e| e.at(expr.span))
    }

    #[inline(never)]
    fn eval_let(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Let { bindings, body } = &expr.kind else {
            unreachable!("a let")
        };
        let frame = Env::with_len(bindings.len(), Some(env.clone()));
        for (i, b) in bindings.iter().enumerate() {
            let v = self.thunk_in_frame(&frame, b);
            frame.fill(i, v);
        }
        self.eval(&frame, body)
    }

    #[inline(never)]
    fn eval_with(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::With { ns, body } = &expr.kind else {
            unreachable!("a with")
        };
        let frame = Env::single(self.thunk(env, ns), Some(env.clone()));
        self.eval(&frame, body)
    }

    /// `if`: the branch is a tail call, so this frame is gone while it runs.
    #[inline(never)]
    fn eval_if(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::If { cond, then, else_ } = &expr.kind else {
            unreachable!("an if")
        };
        let c = self.eval_bool(env, cond, "while evaluating a branch condition", expr.span)?;
        self.eval(env, if c { then } else { else_ })
    }

    #[inline(never)]
    fn eval_assert(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Assert { cond, body, text } = &expr.kind else {
            unreachable!("an assert")
        };
        // `assert a == b` explains how the two sides differ.
        if let ExprKind::Binary {
            op: BinOp::Eq,
            lhs,
            rhs,
        } = &cond.kind
        {
            let l = self.eval(env, lhs)?;
            let r = self.eval(env, rhs)?;
            self.assert_equal(&l, &r).map_err(|e| {
                e.at(cond.span).context(
                    format!("while evaluating the condition of the assertion '{text}'"),
                    Some(expr.span),
                )
            })?;
            return self.eval(env, body);
        }
        if self.eval_bool(env, cond, "while evaluating the condition of the assertion", expr.span)? {
            self.eval(env, body)
        } else {
            Err(Error::new(
                ErrorKind::AssertionFailed(text.to_string()),
                Some(expr.span),
            ))
        }
    }

    #[inline(never)]
    fn eval_not(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Not(e) = &expr.kind else {
            unreachable!("a not")
        };
        Ok(Value::Bool(!self.eval_bool(
            env,
            e,
            "in the argument of the not operator",
            e.span,
        )?))
    }

    #[inline(never)]
    fn eval_negate(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Negate(e) = &expr.kind else {
            unreachable!("a negation")
        };
        let v = self.eval(env, e)?;
        self.arith(BinOp::Sub, Value::Int(0), v).map_err(|e| e.at(expr.span))
    }

    /// A condition's value; a non-Boolean fails at `at`, the expression
    /// that needs it (`if`, `assert`, `&&`), as in C++ Nix.
    fn eval_bool(&mut self, env: &Shared<Env>, e: &Expr, ctx: &str, at: Span) -> Result<bool> {
        let v = self.eval(env, e)?;
        if let Value::Bool(b) = v {
            // A Boolean owns nothing: forgetting it spares the call to the
            // value's (out-of-line) drop, which the compiler keeps.
            std::mem::forget(v);
            return Ok(b);
        }
        Err(type_error("a Boolean", &v).at(at).context(ctx, Some(at)))
    }

    /// `{ file; line; column; }` for a span, as `__curPos` and
    /// `unsafeGetAttrPos` return it.
    #[inline(never)]
    pub fn pos_value(&self, span: Span) -> Value {
        let source = self.sources.get(span.file);
        let file = if source.positions_in_store {
            source.store_name.get_or_init(|| self.lone_copy_path(source)).clone()
        } else {
            source.name.clone()
        };
        // Expressions given on the command line have no file to point at.
        if file.starts_with('«') {
            return Value::Null;
        }
        let (line, column) = self.sources.line_col(span);
        Value::attrs(Attrs::from_unsorted(vec![
            (Symbol::new("column"), Value::Int(column as i64)),
            (Symbol::new("file"), Value::string(file)),
            (Symbol::new("line"), Value::Int(line as i64)),
        ]))
    }

    #[inline(never)]
    fn lookup_with(&mut self, env: &Shared<Env>, name: Symbol, withs: &[u32]) -> Result<Value> {
        for &depth in withs {
            let ns = env.ancestor(depth).get(0);
            let ns = self
                .force(&ns)
                .map_err(|e| e.context("while evaluating the first subexpression of a with expression", None))?;
            match &ns {
                Value::Attrs(attrs) => {
                    if let Some(v) = attrs.get_sym(name) {
                        return self.force(v);
                    }
                }
                other => {
                    return Err(type_error("a set", other)
                        .context("while evaluating the first subexpression of a with expression", None))
                }
            }
        }
        Err(Error::msg(format!("undefined variable '{name}'")))
    }

    #[inline(never)]
    fn eval_attrs(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Attrs(a) = &expr.kind else {
            unreachable!("a set")
        };
        self.make_attrs(env, a).map_err(|e| e.at(expr.span))
    }

    /// The set of an attribute set literal.
    #[inline]
    fn make_attrs(&mut self, env: &Shared<Env>, a: &AttrsExpr) -> Result<Value> {
        let scope = if a.has_frame() {
            let frame = Env::with_len(a.frame.len(), Some(env.clone()));
            if a.rec {
                for (i, e) in a.frame.iter().enumerate() {
                    let v = self.thunk_in_frame(&frame, e);
                    frame.fill(i, v);
                }
            } else {
                // `inherit (e)` sources are evaluated in the enclosing scope.
                for (i, e) in a.frame.iter().enumerate() {
                    frame.fill(i, self.thunk(env, e));
                }
            }
            frame
        } else {
            env.clone()
        };
        let overridden = match a.overrides {
            Some(slot) => Some(self.apply_overrides(&scope, a, slot)?),
            None => None,
        };
        let mut entries: Vec<(Symbol, Value)> = a
            .statics
            .iter()
            .map(|(name, v)| {
                let value = match v {
                    AttrValue::Expr(e) => self.thunk(&scope, e),
                    AttrValue::Slot(i) => scope.get(*i as usize),
                };
                (*name, value)
            })
            .collect();
        if a.dynamics.is_empty() && overridden.is_none() {
            return Ok(Value::attrs(Attrs::from_sorted_with_positions(entries, &a.positions)));
        }
        let mut positions = a.positions.table().to_vec();
        if let Some(set) = overridden {
            Self::merge_overrides(&set, &mut entries, &mut positions);
        }
        for (key, value, path) in a.dynamics.iter() {
            let name = match self.eval(&scope, key)? {
                Value::Null => continue,
                Value::String(s) => {
                    crate::builtins::reject_context(&s).map_err(|e| e.at(key.span))?;
                    Symbol::new(&s.to_str_lossy())
                }
                other => {
                    return Err(type_error("a string", &other)
                        .at(*path)
                        .context("while evaluating the name of a dynamic attribute", Some(key.span)))
                }
            };
            if entries.iter().any(|(n, _)| *n == name) {
                let at = match positions.iter().find(|(n, _)| *n == name) {
                    Some((_, first)) => {
                        let (line, col) = self.sources.line_col(*first);
                        format!(" at {}:{line}:{col}", self.sources.get(first.file).name)
                    }
                    None => String::new(),
                };
                let name = crate::print::quote_attr_name(name.as_str());
                return Err(Error::msg(format!("dynamic attribute '{name}' already defined{at}")).at(key.span));
            }
            entries.push((name, self.thunk(&scope, value)));
            positions.push((name, key.span));
        }
        entries.sort_by_key(|e| e.0);
        positions.sort_by_key(|p| p.0);
        Ok(Value::attrs(Attrs::from_sorted_with_positions(
            entries,
            &Positions::new(positions.into()),
        )))
    }

    /// `rec { __overrides = set; ... }`: forces the set and puts its values
    /// in the frame slots of the attributes it names, so the others see
    /// them, as C++ Nix does. Returns the set, for [`Self::merge_overrides`].
    fn apply_overrides(&mut self, frame: &Shared<Env>, a: &AttrsExpr, slot: u32) -> Result<Value> {
        let set = self.force(&frame.get(slot as usize))?;
        let Value::Attrs(attrs) = &set else {
            return Err(type_error("a set", &set).context("while evaluating the `__overrides` attribute", None));
        };
        for (name, value) in attrs.iter() {
            if let Ok(i) = a.statics.binary_search_by_key(&name, |(n, _)| *n) {
                if let AttrValue::Slot(s) = a.statics[i].1 {
                    frame.set(s as usize, value.clone());
                }
            }
        }
        Ok(set)
    }

    /// Adds the attributes of `__overrides` that the set does not define,
    /// with their positions; the ones it defines take their positions too.
    fn merge_overrides(set: &Value, entries: &mut Vec<(Symbol, Value)>, positions: &mut Vec<(Symbol, Span)>) {
        let Value::Attrs(attrs) = set else { return };
        for (name, value) in attrs.iter() {
            if !entries.iter().any(|(n, _)| *n == name) {
                entries.push((name, value.clone()));
            }
            positions.retain(|(n, _)| *n != name);
            if let Some(span) = attrs.position(name.as_str()) {
                positions.push((name, span));
            }
        }
        entries.sort_by_key(|e| e.0);
        positions.sort_by_key(|p| p.0);
    }

    /// The name an attribute path element stands for. Dynamic names are
    /// looked up by text: interning them would cost more than the lookup.
    #[inline]
    fn attr_key(&mut self, env: &Shared<Env>, name: &AttrName) -> Result<Key> {
        match name {
            AttrName::Static(s) => Ok(Key::Static(*s)),
            AttrName::Dynamic(e) => self.dynamic_key(env, e),
        }
    }

    fn dynamic_key(&mut self, env: &Shared<Env>, e: &Expr) -> Result<Key> {
        match self.eval(env, e)? {
            Value::String(s) => {
                crate::builtins::reject_context(&s).map_err(|err| err.at(e.span))?;
                Ok(Key::Dynamic(s))
            }
            other => Err(type_error("a string", &other).at(e.span)),
        }
    }

    /// `e.a.b or d`. Errors of the selection itself are placed at it.
    #[inline(never)]
    fn eval_select(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Select {
            expr: target,
            path,
            default,
        } = &expr.kind
        else {
            unreachable!("a selection")
        };
        let v = self.eval(env, target)?;
        // One static name found, the common case: its value is forced
        // straight into the result.
        if let ([AttrName::Static(name)], Value::Attrs(attrs)) = (&path[..], &v) {
            if let Some(next) = attrs.get_sym(*name) {
                return self.force(next).map_err(|e| e.at(expr.span));
            }
        }
        self.select_path(env, v, path, default.as_ref(), expr.span)
    }

    /// The selection of `path` in the set `v`, or `default`.
    #[inline(never)]
    fn select_path(
        &mut self,
        env: &Shared<Env>,
        mut v: Value,
        path: &[AttrName],
        default: Option<&ExprRef>,
        span: Span,
    ) -> Result<Value> {
        for (i, name) in path.iter().enumerate() {
            let name = self.attr_key(env, name)?;
            // The attribute is forced where it lies: no copy of it is made
            // on the way (the set stays alive in `v` meanwhile).
            let found = match &v {
                Value::Attrs(attrs) => match name.find(attrs) {
                    Some(next) => Some(self.force(next).map_err(|e| e.at(span))?),
                    None => None,
                },
                _ if default.is_some() => None,
                other => {
                    return Err(type_error("a set", other).at(span).context(
                        format!("while evaluating the attribute '{}'", path_text(path, i)),
                        Some(span),
                    ))
                }
            };
            match found {
                Some(next) => v = next,
                None => {
                    return match default {
                        Some(d) => self.eval(env, d),
                        None => {
                            let Value::Attrs(attrs) = &v else { unreachable!() };
                            Err(missing_attr_suggesting(Symbol::new(&name.text()), attrs).at(span))
                        }
                    }
                }
            }
        }
        Ok(v)
    }

    /// `e ? a.b`. Errors of the test itself are placed at it.
    #[inline(never)]
    fn eval_has_attr(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::HasAttr { expr: target, path } = &expr.kind else {
            unreachable!("an attribute test")
        };
        let mut v = self.eval(env, target)?;
        for (i, name) in path.iter().enumerate() {
            let name = self.attr_key(env, name)?;
            match &v {
                Value::Attrs(attrs) => match name.find(attrs) {
                    // Only the sets on the way are forced, not the last value.
                    Some(_) if i + 1 == path.len() => return Ok(Value::Bool(true)),
                    Some(next) => v = self.force(next).map_err(|e| e.at(expr.span))?,
                    None => return Ok(Value::Bool(false)),
                },
                _ => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    }

    /// Applies a function value to one argument.
    pub fn call(&mut self, f: &Value, arg: Value, span: Option<Span>) -> Result<Value> {
        match f {
            Value::Lambda(closure) => self
                .in_call(|st| st.call_lambda(closure, arg, span))
                .map_err(|e| self.called(e, &closure.lambda, span)),
            Value::PrimOp(op) => {
                if op.arity == 1 {
                    self.call_primop(op, &mut [arg], span)
                } else {
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op: op.clone(),
                        args: vec![arg],
                    })))
                }
            }
            Value::PrimOpApp(app) => {
                if app.args.len() + 1 == app.op.arity {
                    let mut args: PrimOpArgs = app.args.iter().cloned().collect();
                    args.push(arg);
                    self.call_primop(&app.op, &mut args, span)
                } else {
                    let mut args = app.args.clone();
                    args.push(arg);
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op: app.op.clone(),
                        args,
                    })))
                }
            }
            Value::Attrs(attrs) if attrs.contains("__functor") => {
                let functor = attrs.get("__functor").cloned().expect("checked");
                let functor = self.force(&functor)?;
                let partial = self.call(&functor, f.clone(), span)?;
                self.call(&partial, arg, span)
            }
            Value::Thunk(_) => {
                let f = self.force(f)?;
                self.call(&f, arg, span)
            }
            other => Err(Error::msg(format!(
                "attempt to call something which is not a function but {}: {}",
                other.type_desc(),
                crate::print::error_repr(other)
            ))),
        }
    }

    #[inline(never)]
    fn call_primop(&mut self, op: &PrimOp, args: &mut [Value], span: Option<Span>) -> Result<Value> {
        let ctx = || format!("while calling the '{}' builtin", op.name);
        let mut strict = op.strict;
        let mut i = 0;
        while strict != 0 && i < args.len() {
            if strict & 1 != 0 {
                // Forced in place (no copy of the thunk), then replaced.
                if let Value::Thunk(t) = &args[i] {
                    let v = self.force_thunk(t).map_err(|e| e.context(ctx(), span))?;
                    args[i] = v;
                }
            }
            strict >>= 1;
            i += 1;
        }
        (op.func)(self, args).map_err(|e| {
            let e = match span {
                Some(s) => e.at(s),
                None => e,
            };
            e.context(ctx(), span)
        })
    }

    fn call_lambda(&mut self, closure: &Closure, arg: Value, span: Option<Span>) -> Result<Value> {
        if self.gates.is_empty() {
            // No gate: every realm is open, nothing to switch.
            return self
                .bind_param(&closure.lambda, &closure.env, arg, span)
                .and_then(|frame| self.eval(&frame, &closure.lambda.body));
        }
        let outer = self.enter_realm(closure.lambda.span.file);
        let result = self
            .bind_param(&closure.lambda, &closure.env, arg, span)
            .and_then(|frame| self.eval(&frame, &closure.lambda.body));
        self.realm = outer;
        result
    }

    /// The frame of a call of `lambda`, closed over `env`, with `arg`.
    fn bind_param(
        &mut self,
        lambda: &Lambda,
        env: &Shared<Env>,
        arg: Value,
        span: Option<Span>,
    ) -> Result<Shared<Env>> {
        Ok(match &lambda.param {
            Param::Ident(_) => Env::single(arg, Some(env.clone())),
            Param::Pattern {
                formals,
                ellipsis,
                bind,
            } => {
                let arg_value = self.force(&arg).map_err(|e| match span {
                    Some(s) => e.at(s),
                    None => e,
                })?;
                let attrs = match &arg_value {
                    Value::Attrs(a) => a.clone(),
                    other => {
                        return Err(type_error("a set", other)
                            .at(lambda.span)
                            .context("while evaluating the value passed for the lambda argument", span))
                    }
                };
                let frame = Env::with_len(formals.len() + bind.is_some() as usize, Some(env.clone()));
                let mut used = 0;
                for (i, formal) in formals.iter().enumerate() {
                    let v = match attrs.get_sym(formal.name) {
                        Some(v) => {
                            used += 1;
                            v.clone()
                        }
                        None => match &formal.default {
                            Some(d) => self.thunk_in_frame(&frame, d),
                            None => {
                                return Err(Error::msg(format!(
                                    "function '{}' called without required argument '{}'",
                                    lambda_name(lambda),
                                    formal.name
                                ))
                                .at(lambda.span)
                                .context("from call site", span))
                            }
                        },
                    };
                    frame.fill(i, v);
                }
                if !ellipsis && used < attrs.len() {
                    for name in attrs.names() {
                        if !formals.iter().any(|f| f.name == name) {
                            let mut msg = format!(
                                "function '{}' called with unexpected argument '{}'",
                                lambda_name(lambda),
                                crate::print::quote_attr_name(name.as_str())
                            );
                            // C++ Nix suggests the closest formal arguments.
                            let formal_names = formals.iter().map(|f| f.name.as_str());
                            if let Some(hint) = crate::suggest::nix_hint(name.as_str(), formal_names) {
                                msg.push('\n');
                                msg.push_str(&hint);
                            }
                            return Err(Error::msg(msg).at(lambda.span).context("from call site", span));
                        }
                    }
                }
                if bind.is_some() {
                    frame.fill(formals.len(), arg_value);
                }
                frame
            }
        })
    }

    /// Calls a function with several arguments in turn.
    pub fn call_n(&mut self, f: &Value, args: &[Value]) -> Result<Value> {
        self.call_args(f.clone(), args, None)
    }

    /// Applies `f` to `args` in turn, as `f a b c` does. A builtin given
    /// all its arguments is called without building its partial
    /// applications, and a curried lambda (`a: b: ...`) is entered argument
    /// by argument without making the closures in between.
    pub(crate) fn call_args(&mut self, mut f: Value, mut args: impl Args, span: Option<Span>) -> Result<Value> {
        // Each argument is made (or moved) where it is used: into the
        // frame of a lambda, or the array a builtin is given.
        let n = args.len();
        let mut i = 0;
        while i < n {
            let rest = n - i;
            f = match &f {
                Value::Lambda(closure) if rest > 1 => self.call_curried(closure, &mut args, &mut i, span)?,
                Value::PrimOp(op) if op.arity > 1 && op.arity <= rest => {
                    let at = i;
                    i += op.arity;
                    match op.arity {
                        2 => self.call_primop(op, &mut [args.take(self, at), args.take(self, at + 1)], span)?,
                        3 => {
                            let mut given = [args.take(self, at), args.take(self, at + 1), args.take(self, at + 2)];
                            self.call_primop(op, &mut given, span)?
                        }
                        _ => {
                            let mut given: PrimOpArgs = (at..i).map(|k| args.take(self, k)).collect();
                            self.call_primop(op, &mut given, span)?
                        }
                    }
                }
                Value::PrimOpApp(app) if app.op.arity - app.args.len() > 1 && app.op.arity - app.args.len() <= rest => {
                    let need = app.op.arity - app.args.len();
                    let mut given: PrimOpArgs = app.args.iter().cloned().collect();
                    given.extend((i..i + need).map(|k| args.take(self, k)));
                    i += need;
                    self.call_primop(&app.op, &mut given, span)?
                }
                _ => {
                    let arg = args.take(self, i);
                    i += 1;
                    self.call(&f, arg, span)?
                }
            };
        }
        Ok(f)
    }

    /// Calls a lambda with the arguments from `*used` on, entering the
    /// lambdas its body returns directly while arguments remain.
    fn call_curried(
        &mut self,
        closure: &Closure,
        args: &mut impl Args,
        used: &mut usize,
        span: Option<Span>,
    ) -> Result<Value> {
        // The lambdas entered, for the trace of an error.
        let mut entered: smallvec::SmallVec<[&Lambda; 4]> = smallvec::SmallVec::new();
        let n = args.len();
        let result = self.in_call(|st| {
            let mut lambda = &closure.lambda;
            let mut env = closure.env.clone();
            loop {
                let arg = args.take(st, *used);
                *used += 1;
                if st.show_trace {
                    entered.push(lambda);
                }
                let frame = st.bind_param(lambda, &env, arg, span)?;
                match &lambda.body.kind {
                    ExprKind::Lambda(inner) if *used < n => {
                        lambda = inner;
                        env = frame;
                    }
                    _ => return st.eval(&frame, &lambda.body),
                }
            }
        });
        result.map_err(|e| entered.iter().rev().fold(e, |e, lambda| self.called(e, lambda, span)))
    }

    /// With `--show-trace`, the frames of a failed call of `lambda` from
    /// `span`, as C++ Nix words them.
    #[cold]
    fn called(&self, e: Box<Error>, lambda: &Lambda, span: Option<Span>) -> Box<Error> {
        if !self.show_trace {
            return e;
        }
        let what = match lambda.name {
            Some(n) => format!("while calling '{n}'"),
            None => "while calling anonymous lambda".to_owned(),
        };
        e.context(what, Some(lambda.span)).context("from call site", span)
    }

    /// One level of lambda calls: counted against the call-depth limit,
    /// on a stack that grows as needed.
    #[inline(always)]
    fn in_call(&mut self, f: impl FnOnce(&mut Self) -> Result<Value>) -> Result<Value> {
        if self.call_depth >= self.max_call_depth {
            return Err(Error::msg("stack overflow; max-call-depth exceeded"));
        }
        // Every call, not every few levels: a loop (`foldl'`, recursion
        // that returns) calls at the same depth again and again.
        self.poller.poll()?;
        self.call_depth += 1;
        let result = on_stack(self.call_depth.is_multiple_of(4), || f(self));
        self.call_depth -= 1;
        result
    }

    /// Forces a value all the way down (`deepSeq`, `--strict`). Sets and
    /// lists already visited are skipped, so cyclic values (a derivation's
    /// `out` and `all` refer to the derivation itself) terminate.
    pub fn force_deep(&mut self, v: &Value) -> Result<Value> {
        let mut seen = std::collections::HashSet::new();
        self.force_deep_seen(v, &mut seen)
    }

    fn force_deep_seen(&mut self, v: &Value, seen: &mut std::collections::HashSet<usize>) -> Result<Value> {
        let v = self.force(v)?;
        if !matches!(v, Value::Attrs(_) | Value::List(_)) {
            return Ok(v);
        }
        // Bounded as the other walks are: an infinitely deep value (each
        // level made on demand) stops with C++ Nix's error instead of
        // growing the stack until memory runs out.
        self.nest(|st| {
            match &v {
                Value::Attrs(attrs) => {
                    if !seen.insert(Rc::as_ptr(attrs) as *const u8 as usize) {
                        return Ok(());
                    }
                    for (name, item) in attrs.iter() {
                        st.force_deep_seen(item, seen).map_err(|e| {
                            // An error without a position of its own (a
                            // value shared by reference) points at the
                            // attribute's definition.
                            let pos = attrs.position(name.as_str());
                            let e = match pos {
                                Some(p) => e.at(p),
                                None => e,
                            };
                            let name = crate::print::quote_attr_name(name.as_str());
                            e.context(format!("while evaluating the attribute '{name}'"), pos)
                        })?;
                    }
                }
                Value::List(items) => {
                    if !seen.insert(Rc::as_ptr(items) as *const u8 as usize) {
                        return Ok(());
                    }
                    for (i, item) in items.iter().enumerate() {
                        st.force_deep_seen(item, seen)
                            .map_err(|e| e.context(format!("while evaluating list element at index {i}"), None))?;
                    }
                }
                _ => {}
            }
            Ok::<(), Box<Error>>(())
        })?;
        Ok(v)
    }

    // Typed accessors used by builtins.

    /// Forces a value that must be a set.
    pub fn force_attrs(&mut self, v: &Value) -> Result<Rc<Attrs>> {
        match self.force(v)? {
            Value::Attrs(a) => Ok(a),
            other => Err(type_error("a set", &other)),
        }
    }

    /// Forces a value that must be a list.
    pub fn force_list(&mut self, v: &Value) -> Result<Rc<Vec<Value>>> {
        match self.force(v)? {
            Value::List(l) => Ok(l),
            other => Err(type_error("a list", &other)),
        }
    }

    /// Forces a value that must be an integer.
    pub fn force_int(&mut self, v: &Value) -> Result<i64> {
        match self.force(v)? {
            Value::Int(i) => Ok(i),
            other => Err(type_error("an integer", &other)),
        }
    }

    /// Forces a value that must be a Boolean.
    pub fn force_bool(&mut self, v: &Value) -> Result<bool> {
        match self.force(v)? {
            Value::Bool(b) => Ok(b),
            other => Err(type_error("a Boolean", &other)),
        }
    }

    /// Forces a value that must be a function.
    pub fn force_function(&mut self, v: &Value) -> Result<Value> {
        let v = self.force(v)?;
        match &v {
            f if f.is_function() => Ok(v),
            Value::Attrs(a) if a.contains("__functor") => Ok(v),
            other => Err(type_error("a function", other)),
        }
    }

    /// A string value, context included; no coercion.
    pub fn force_string(&mut self, v: &Value) -> Result<NixString> {
        match self.force(v)? {
            Value::String(s) => Ok(s),
            other => Err(type_error("a string", &other)),
        }
    }

    /// A string without context (e.g. attribute names, regexes).
    pub fn force_str(&mut self, v: &Value) -> Result<String> {
        let s = self.force_string(v)?;
        crate::builtins::reject_context(&s)?;
        Ok(s.to_str_lossy().into_owned())
    }

    /// The value of a global (builtin) by name, if defined.
    pub fn global(&self, name: &str) -> Option<Value> {
        self.global_names
            .get(&Symbol::new(name))
            .map(|&i| self.globals[i as usize].clone())
    }

    /// Reports a warning of Nix code (`builtins.warn`) to the host's sink:
    /// `evaluation warning: MSG`.
    pub fn warn(&mut self, msg: &str) {
        (self.sinks.warn)(&format!("evaluation warning: {msg}"))
    }

    /// Reports a warning of the evaluator itself: `warning: MSG`.
    pub fn warning(&mut self, msg: &str) {
        (self.sinks.warn)(&format!("warning: {msg}"))
    }
}

/// The arguments of a call of several ([`EvalState::call_args`]), made or
/// moved one at a time as the call takes them: a chain of calls neither
/// collects them first nor drops a buffer of them after.
pub(crate) trait Args {
    /// How many.
    fn len(&self) -> usize;
    /// Argument `i`; each is taken once, in order.
    fn take(&mut self, st: &EvalState, i: usize) -> Value;
}

/// The arguments of an application, suspended as they are taken (the
/// frame they are suspended in is complete: nothing changes them meanwhile).
struct Suspended<'a> {
    env: &'a Shared<Env>,
    exprs: &'a [ExprRef],
}

impl Args for Suspended<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.exprs.len()
    }

    #[inline(always)]
    fn take(&mut self, st: &EvalState, i: usize) -> Value {
        st.thunk(self.env, &self.exprs[i])
    }
}

/// Arguments a builtin holds, moved out.
impl<const N: usize> Args for [Value; N] {
    #[inline(always)]
    fn len(&self) -> usize {
        N
    }

    #[inline(always)]
    fn take(&mut self, _: &EvalState, i: usize) -> Value {
        std::mem::take(&mut self[i])
    }
}

/// Arguments a builtin borrows, cloned.
impl Args for &[Value] {
    #[inline(always)]
    fn len(&self) -> usize {
        <[Value]>::len(self)
    }

    #[inline(always)]
    fn take(&mut self, _: &EvalState, i: usize) -> Value {
        self[i].clone()
    }
}

/// An attribute name in a path, static or computed.
enum Key {
    Static(Symbol),
    /// The string computed, kept as is: no copy unless it is not UTF-8.
    Dynamic(NixString),
}

impl Key {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Key::Static(s) => s.as_str().into(),
            Key::Dynamic(s) => s.to_str_lossy(),
        }
    }

    /// The attribute of `attrs` this key names: a static name is looked up
    /// by its symbol, whose ordering key is already computed.
    #[inline]
    fn find<'a>(&self, attrs: &'a Attrs) -> Option<&'a Value> {
        match self {
            Key::Static(s) => attrs.get_sym(*s),
            Key::Dynamic(s) => match std::str::from_utf8(s.as_bytes()) {
                Ok(text) => attrs.get(text),
                // Names are interned as (lossy) UTF-8.
                Err(_) => attrs.get(&s.to_str_lossy()),
            },
        }
    }
}

fn lambda_name(lambda: &Lambda) -> String {
    match lambda.name {
        Some(n) => n.to_string(),
        None => "anonymous lambda".to_owned(),
    }
}

fn path_text(path: &[AttrName], upto: usize) -> String {
    path[..=upto.min(path.len() - 1)]
        .iter()
        .map(|n| match n {
            AttrName::Static(s) => crate::print::quote_attr_name(s.as_str()),
            AttrName::Dynamic(_) => "\"${...}\"".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `attribute 'x' missing`, as builtins say it (`getAttr`,
/// `listToAttrs`, `genericClosure`): C++ Nix suggests no names there.
pub fn missing_attr(name: Symbol) -> Box<Error> {
    Error::msg(format!(
        "attribute '{}' missing",
        crate::print::quote_attr_name(name.as_str())
    ))
}

/// `attribute 'x' missing` for a selection (`e.x`), with C++ Nix's "Did you
/// mean" suggestions.
pub fn missing_attr_suggesting(name: Symbol, attrs: &Attrs) -> Box<Error> {
    let mut msg = format!("attribute '{}' missing", crate::print::quote_attr_name(name.as_str()));
    if let Some(hint) = crate::suggest::nix_hint(name.as_str(), attrs.names().map(|s| s.as_str())) {
        msg.push('\n');
        msg.push_str(&hint);
    }
    Error::msg(msg)
}
