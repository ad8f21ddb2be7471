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
    pub kind: ExprKind,
    pub span: Span,
}

pub type ExprRef = Rc<Expr>;

pub enum ExprKind {
    /// A literal, including strings and paths without interpolation.
    Const(Value),
    /// A variable bound lexically: `depth` frames up, slot `slot`.
    Local {
        depth: u32,
        slot: u32,
    },
    /// A global (builtin) name, by slot in the global frame.
    Global {
        slot: u32,
    },
    /// A name only `with` can provide: the `with` frames to search, innermost
    /// first, by depth.
    WithVar {
        name: Symbol,
        withs: Box<[u32]>,
    },
    /// String interpolation; the result is a path when `path` is set.
    Interpolate {
        parts: Box<[StrPart]>,
        path: bool,
    },
    Attrs(Box<AttrsExpr>),
    List(Box<[ExprRef]>),
    Select {
        expr: ExprRef,
        path: Box<[AttrName]>,
        default: Option<ExprRef>,
    },
    HasAttr {
        expr: ExprRef,
        path: Box<[AttrName]>,
    },
    /// `f a b c`: one node per chain of applications.
    Apply {
        func: ExprRef,
        args: Box<[ExprRef]>,
    },
    Lambda(Rc<Lambda>),
    /// `let`: a new frame whose slots are `bindings`, then `body` in it.
    Let {
        bindings: Box<[ExprRef]>,
        body: ExprRef,
    },
    /// `with ns; body`: a frame of one slot holding `ns`.
    With {
        ns: ExprRef,
        body: ExprRef,
    },
    If {
        cond: ExprRef,
        then: ExprRef,
        else_: ExprRef,
    },
    /// `assert cond; body`; `text` is the condition as C++ Nix shows it.
    Assert {
        cond: ExprRef,
        body: ExprRef,
        text: Box<str>,
    },
    Not(ExprRef),
    Negate(ExprRef),
    Binary {
        op: BinOp,
        lhs: ExprRef,
        rhs: ExprRef,
    },
    CurPos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Update,
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    And,
    Or,
    Implies,
    PipeRight,
    PipeLeft,
}

pub enum StrPart {
    Literal(Box<str>),
    Interp(ExprRef),
}

pub enum AttrName {
    Static(Symbol),
    Dynamic(ExprRef),
}

/// An attribute set literal.
///
/// When `frame` is non-empty (always for `rec`), a new frame holding those
/// expressions is created first and all values are evaluated inside it: for
/// `rec` it holds every static attribute, then the `inherit (e)` sources; for
/// plain sets only the `inherit (e)` sources, so each `e` is evaluated once.
pub struct AttrsExpr {
    pub rec: bool,
    pub frame: Box<[ExprRef]>,
    /// Sorted by name.
    pub statics: Box<[(Symbol, AttrValue)]>,
    /// Where each static attribute is defined (its name), sorted by name;
    /// shared with the sets made from this literal, for `unsafeGetAttrPos`.
    pub positions: crate::value::PosTable,
    pub dynamics: Box<[(ExprRef, ExprRef)]>,
}

impl AttrsExpr {
    pub fn has_frame(&self) -> bool {
        self.rec || !self.frame.is_empty()
    }
}

pub enum AttrValue {
    /// Evaluate lazily in the set's environment.
    Expr(ExprRef),
    /// The value of a slot of the set's own frame (`rec` sets).
    Slot(u32),
}

pub struct Lambda {
    /// The name of the attribute or binding the lambda was defined as, for
    /// error messages.
    pub name: Option<Symbol>,
    pub param: Param,
    pub body: ExprRef,
    pub span: Span,
    /// `file:line:col`, for `«lambda f @ file:line:col»` in error messages.
    pub position: Box<str>,
}

pub enum Param {
    /// `x: ...` — the frame has one slot.
    Ident(Symbol),
    /// `{ a, b ? d, ... } @ x: ...` — slots are the formals in order, then
    /// `bind` if present.
    Pattern {
        formals: Box<[Formal]>,
        ellipsis: bool,
        bind: Option<Symbol>,
    },
}

pub struct Formal {
    pub name: Symbol,
    pub default: Option<ExprRef>,
}

impl Lambda {
    pub fn frame_size(&self) -> usize {
        match &self.param {
            Param::Ident(_) => 1,
            Param::Pattern { formals, bind, .. } => formals.len() + bind.is_some() as usize,
        }
    }
}
