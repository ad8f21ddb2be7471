//! Runtime values.
//!
//! A [`Value`] is 16 bytes: scalars inline, everything else behind a thin
//! pointer (an `Rc`, or for thunks and frames, the most numerous objects,
//! a [`Shared`] with one count and no weak count). Two words matter:
//! values fill every list, set and frame. Unevaluated values are
//! [`Value::Thunk`]s; [`crate::eval::EvalState::force`] turns any value
//! into weak head normal form.

mod attrs;
mod shared;
mod string;
mod thunk;

use std::rc::Rc;

pub use attrs::{Attrs, PosTable, Positions};
pub use shared::Shared;
pub use string::{Context, ContextElem, NixString};
pub(crate) use thunk::ThunkState;
pub use thunk::{Env, NativeThunk, Thunk};

use crate::error::Result;
use crate::eval::EvalState;
use crate::ir::Lambda;

/// A Nix value.
#[derive(Clone)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// A string with its context.
    String(NixString),
    /// An absolute, normalised path.
    Path(PathStr),
    /// An attribute set.
    Attrs(Rc<Attrs>),
    /// A list.
    List(Rc<Vec<Value>>),
    /// A function literal with its environment.
    Lambda(Rc<Closure>),
    /// A builtin.
    PrimOp(Rc<PrimOp>),
    /// A builtin applied to fewer arguments than it takes.
    PrimOpApp(Rc<PrimOpApp>),
    /// A value not evaluated yet (or evaluated and cached).
    Thunk(Thunk),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// `null`, so that a value can be taken out of its place (`mem::take`).
impl Default for Value {
    fn default() -> Self {
        Value::Null
    }
}

/// The text of a path value: behind one thin pointer (an `Rc<str>` would
/// take two words and make every `Value` three).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathStr(Rc<Box<str>>);

impl std::ops::Deref for PathStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for PathStr {
    fn from(s: &str) -> Self {
        PathStr(Rc::new(s.into()))
    }
}

impl From<String> for PathStr {
    fn from(s: String) -> Self {
        PathStr(Rc::new(s.into_boxed_str()))
    }
}

impl std::fmt::Display for PathStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// A lambda together with the environment it closes over.
pub struct Closure {
    /// The function literal.
    pub lambda: Rc<Lambda>,
    /// The environment it closes over.
    pub env: Shared<Env>,
}

/// The Rust side of a builtin: it receives exactly `arity` arguments, those
/// marked strict already forced.
pub type PrimOpFn = Rc<dyn Fn(&mut EvalState, &[Value]) -> Result<Value>>;

/// A builtin function.
pub struct PrimOp {
    /// Its name in `builtins`.
    pub name: String,
    /// How many arguments it takes.
    pub arity: usize,
    /// Bit `i` set: argument `i` is forced before the call.
    pub strict: u32,
    /// The implementation.
    pub func: PrimOpFn,
}

/// A builtin applied to fewer arguments than its arity.
pub struct PrimOpApp {
    /// The builtin.
    pub op: Rc<PrimOp>,
    /// The arguments given so far.
    pub args: Vec<Value>,
}

impl Value {
    /// The name C++ Nix uses for this value's type in error messages
    /// ("expected a set but found an integer").
    pub fn type_desc(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Value::PrimOp(op) => format!("the built-in function '{}'", op.name).into(),
            Value::PrimOpApp(app) => format!("the partially applied built-in function '{}'", app.op.name).into(),
            other => other.type_kind().into(),
        }
    }

    pub(crate) fn type_kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "a function",
            Value::Thunk(_) => "a thunk",
        }
    }

    /// The result of `builtins.typeOf`.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "lambda",
            Value::Thunk(_) => "thunk",
        }
    }

    /// Whether it can be called (a lambda, builtin or partial application).
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_))
    }

    /// A string value.
    pub fn string(s: impl Into<NixString>) -> Value {
        Value::String(s.into())
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }

    /// A set value.
    pub fn attrs(attrs: Attrs) -> Value {
        Value::Attrs(Rc::new(attrs))
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{:?}", s.to_str_lossy()),
            Value::Path(p) => write!(f, "{p}"),
            Value::Attrs(a) => write!(f, "{{ {} attrs }}", a.len()),
            Value::List(l) => write!(f, "[ {} items ]", l.len()),
            other => write!(f, "<{}>", other.type_of()),
        }
    }
}
