//! The lowered program: what the evaluator walks.
//!
//! Lowering ([`crate::lower`]) resolves every variable to a `(depth, slot)`
//! pair, merges nested attribute paths and rejects statically invalid
//! programs, so evaluation never looks at names it could have resolved
//! before running.

use std::rc::Rc;

use crate::source::Span;
use crate::symbol::Symbol;
use crate::value::Value;

/// An expression node with its source span.
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is in its source.
    pub span: Span,
    /// Its strict height (see [`ExprKind::strict_height`]); it sits in the
    /// padding after `span`, so it costs no space.
    height: u8,
}

const _: () = assert!(std::mem::size_of::<Expr>() == 56);

/// Expressions at least this strictly high check the stack before they
/// are evaluated. Below it, at most this many levels of `eval` nest before
/// a thunk or a call (which check the stack every few levels of their own)
/// or a checking expression: a few kilobytes of stack, well within the red
/// zone the checks keep.
pub const STACK_CHECK_HEIGHT: u8 = 32;

impl Expr {
    /// A node; its strict height is computed from its children's.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let height = kind.strict_height();
        Expr { kind, span, height }
    }

    /// Whether evaluating it must check the stack first: only the few
    /// expressions over long chains of operators, `if`s or `let`s do, so
    /// the common ones pay nothing for it.
    #[inline(always)]
    pub fn checks_stack(&self) -> bool {
        self.height >= STACK_CHECK_HEIGHT
    }
}

/// Expressions are shared: thunks and closures point into the tree.
pub type ExprRef = Rc<Expr>;

/// The kinds of expression.
pub enum ExprKind {
    /// A literal, including strings and paths without interpolation.
    Const(Value),
    /// A variable bound lexically: `depth` frames up, slot `slot`.
    Local {
        /// Frames up from the current one.
        depth: u32,
        /// Slot in that frame.
        slot: u32,
    },
    /// A global (builtin) name, by slot in the global frame.
    Global {
        /// Slot in the global frame.
        slot: u32,
    },
    /// A name only `with` can provide: the `with` frames to search, innermost
    /// first, by depth.
    WithVar {
        /// The name looked up.
        name: Symbol,
        /// Depths of the `with` frames, innermost first.
        withs: Box<[u32]>,
    },
    /// String interpolation; the result is a path when `path` is set.
    Interpolate {
        /// Literal text and interpolated expressions, in order.
        parts: Box<[StrPart]>,
        /// A path with interpolation (`./a/${b}`).
        path: bool,
    },
    /// An attribute set literal.
    Attrs(Box<AttrsExpr>),
    /// A list literal; elements are lazy.
    List(Box<[ExprRef]>),
    /// `e.a.b or d`.
    Select {
        /// The set.
        expr: ExprRef,
        /// The attribute path.
        path: Box<[AttrName]>,
        /// The `or` default.
        default: Option<ExprRef>,
    },
    /// `e ? a.b`.
    HasAttr {
        /// The set.
        expr: ExprRef,
        /// The attribute path.
        path: Box<[AttrName]>,
    },
    /// `f a b c`: one node per chain of applications.
    Apply {
        /// The function.
        func: ExprRef,
        /// The arguments, first applied first.
        args: Box<[ExprRef]>,
    },
    /// A function literal.
    Lambda(Rc<Lambda>),
    /// `let`: a new frame whose slots are `bindings`, then `body` in it.
    Let {
        /// The slots of the new frame.
        bindings: Box<[ExprRef]>,
        /// Evaluated in the new frame.
        body: ExprRef,
    },
    /// `with ns; body`: a frame of one slot holding `ns`.
    With {
        /// The namespace set.
        ns: ExprRef,
        /// Evaluated with the namespace in scope.
        body: ExprRef,
    },
    /// `if cond then then else else_`.
    If {
        /// Must be a Boolean.
        cond: ExprRef,
        /// When true.
        then: ExprRef,
        /// When false.
        else_: ExprRef,
    },
    /// `assert cond; body`; `text` is the condition as C++ Nix shows it.
    Assert {
        /// Must be true.
        cond: ExprRef,
        /// The result.
        body: ExprRef,
        /// The condition's source text.
        text: Box<str>,
    },
    /// `!e`.
    Not(ExprRef),
    /// `-e`.
    Negate(ExprRef),
    /// A binary operator.
    Binary {
        /// Which.
        op: BinOp,
        /// Left operand.
        lhs: ExprRef,
        /// Right operand.
        rhs: ExprRef,
    },
    /// `__curPos`: this expression's own position.
    CurPos,
}

impl ExprKind {
    /// One more than the highest of the children that `eval` evaluates
    /// directly, on the same stack, rather than through a thunk, a call or
    /// a function body; saturating. It bounds how deeply `eval` can recurse
    /// within the expression.
    fn strict_height(&self) -> u8 {
        fn of(e: &Expr) -> u8 {
            e.height
        }
        fn of_path(path: &[AttrName]) -> u8 {
            path.iter()
                .map(|n| match n {
                    AttrName::Static(_) => 0,
                    AttrName::Dynamic(e) => of(e),
                })
                .max()
                .unwrap_or(0)
        }
        let below = match self {
            ExprKind::Const(_)
            | ExprKind::Local { .. }
            | ExprKind::Global { .. }
            | ExprKind::WithVar { .. }
            | ExprKind::List(_)
            | ExprKind::Lambda(_)
            | ExprKind::CurPos => 0,
            ExprKind::Interpolate { parts, .. } => parts
                .iter()
                .map(|p| match p {
                    StrPart::Literal(_) => 0,
                    StrPart::Interp(e) => of(e),
                })
                .max()
                .unwrap_or(0),
            ExprKind::Attrs(a) => a.dynamics.iter().map(|(key, _, _)| of(key)).max().unwrap_or(0),
            ExprKind::Select { expr, path, default } => {
                of(expr).max(of_path(path)).max(default.as_deref().map_or(0, of))
            }
            ExprKind::HasAttr { expr, path } => of(expr).max(of_path(path)),
            ExprKind::Apply { func, .. } => of(func),
            ExprKind::Let { body, .. } | ExprKind::With { body, .. } => of(body),
            ExprKind::If { cond, then, else_ } => of(cond).max(of(then)).max(of(else_)),
            ExprKind::Assert { cond, body, .. } => of(cond).max(of(body)),
            ExprKind::Not(e) | ExprKind::Negate(e) => of(e),
            // A pipe evaluates its function; the argument is a thunk.
            ExprKind::Binary {
                op: BinOp::PipeRight,
                rhs: f,
                ..
            }
            | ExprKind::Binary {
                op: BinOp::PipeLeft,
                lhs: f,
                ..
            } => of(f),
            ExprKind::Binary { lhs, rhs, .. } => of(lhs).max(of(rhs)),
        };
        below.saturating_add(1)
    }
}

/// The binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `++`
    Concat,
    /// `//`
    Update,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Less,
    /// `<=`
    LessEq,
    /// `>`
    Greater,
    /// `>=`
    GreaterEq,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `->`
    Implies,
    /// `|>`
    PipeRight,
    /// `<|`
    PipeLeft,
}

/// A part of an interpolated string.
pub enum StrPart {
    /// Text, escapes resolved.
    Literal(Box<str>),
    /// `${e}`.
    Interp(ExprRef),
}

/// An attribute name in a path.
pub enum AttrName {
    /// Known when lowering.
    Static(Symbol),
    /// `${e}` or a string with interpolation.
    Dynamic(ExprRef),
}

/// An attribute set literal.
///
/// When `frame` is non-empty (always for `rec`), a new frame holding those
/// expressions is created first and all values are evaluated inside it: for
/// `rec` it holds every static attribute, then the `inherit (e)` sources; for
/// plain sets only the `inherit (e)` sources, so each `e` is evaluated once.
pub struct AttrsExpr {
    /// `rec { }`.
    pub rec: bool,
    /// The slots of the set's own frame (see above).
    pub frame: Box<[ExprRef]>,
    /// Sorted by name.
    pub statics: Box<[(Symbol, AttrValue)]>,
    /// Where each static attribute is defined (its name), sorted by name;
    /// shared with the sets made from this literal, for `unsafeGetAttrPos`.
    pub positions: crate::value::Positions,
    /// `${name} = value;` bindings, in source order, each with where its
    /// attribute path starts (where C++ Nix reports a name that is not a
    /// string).
    pub dynamics: Box<[(ExprRef, ExprRef, Span)]>,
    /// For a `rec` set with an `__overrides` attribute: its frame slot.
    /// Its set's attributes replace the set's own, in the frame too.
    pub overrides: Option<u32>,
}

impl AttrsExpr {
    /// Whether evaluating the literal creates a frame.
    pub fn has_frame(&self) -> bool {
        self.rec || !self.frame.is_empty()
    }
}

/// How a static attribute's value is found.
pub enum AttrValue {
    /// Evaluate lazily in the set's environment.
    Expr(ExprRef),
    /// The value of a slot of the set's own frame (`rec` sets).
    Slot(u32),
}

/// A function literal.
pub struct Lambda {
    /// The name of the attribute or binding the lambda was defined as, for
    /// error messages.
    pub name: Option<Symbol>,
    /// Its parameter.
    pub param: Param,
    /// Evaluated in the call's frame.
    pub body: ExprRef,
    /// The whole literal.
    pub span: Span,
    /// `file:line:col`, for `«lambda f @ file:line:col»` in error messages.
    pub position: Box<str>,
}

/// A function's parameter.
pub enum Param {
    /// `x: ...` — the frame has one slot.
    Ident(Symbol),
    /// `{ a, b ? d, ... } @ x: ...` — slots are the formals in order, then
    /// `bind` if present.
    Pattern {
        /// The named arguments, in slot order.
        formals: Box<[Formal]>,
        /// `...`: other arguments are allowed.
        ellipsis: bool,
        /// The `@` name.
        bind: Option<Symbol>,
    },
}

/// One named argument of a pattern.
pub struct Formal {
    /// Its name.
    pub name: Symbol,
    /// Where the name is, for `unsafeGetAttrPos` on `functionArgs`.
    pub span: Span,
    /// `? default`.
    pub default: Option<ExprRef>,
}

impl Lambda {
    /// How many slots a call's frame has.
    pub fn frame_size(&self) -> usize {
        match &self.param {
            Param::Ident(_) => 1,
            Param::Pattern { formals, bind, .. } => formals.len() + bind.is_some() as usize,
        }
    }
}
