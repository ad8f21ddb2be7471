//! Environments and thunks.

use std::cell::RefCell;
use std::rc::Rc;

use super::Value;
use crate::error::Result;
use crate::eval::EvalState;
use crate::ir::Expr;

/// A lexical environment frame. Slots are filled after the frame exists so
/// that recursive bindings (`let`, `rec`) can close over their own frame.
pub struct Env {
    slots: RefCell<Slots>,
    /// The enclosing frame.
    pub parent: Option<Rc<Env>>,
}

/// Most frames (lambda calls, `with`) hold one or two values: keep those
/// inline to save an allocation per call.
type Slots = smallvec::SmallVec<[Value; 2]>;

impl Env {
    /// A frame with the given slots.
    pub fn new(slots: Vec<Value>, parent: Option<Rc<Env>>) -> Rc<Env> {
        Rc::new(Env {
            slots: RefCell::new(Slots::from_vec(slots)),
            parent,
        })
    }

    /// A frame of one value, without an intermediate vector.
    pub fn single(value: Value, parent: Option<Rc<Env>>) -> Rc<Env> {
        let mut slots = Slots::new();
        slots.push(value);
        Rc::new(Env {
            slots: RefCell::new(slots),
            parent,
        })
    }

    /// The value in a slot.
    pub fn get(&self, slot: usize) -> Value {
        self.slots.borrow()[slot].clone()
    }

    /// Fills a slot (frames of `rec` and `let` are filled after creation).
    pub fn set(&self, slot: usize, value: Value) {
        self.slots.borrow_mut()[slot] = value;
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.slots.borrow().len()
    }

    /// Whether it has no slot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The frame `depth` levels up (0 = this one).
    #[inline]
    pub fn ancestor(self: &Rc<Env>, depth: u32) -> &Rc<Env> {
        let mut env = self;
        for _ in 0..depth {
            env = env.parent.as_ref().expect("lowering guarantees the depth exists");
        }
        env
    }
}

/// Native deferred computation, used by builtins for lazy results.
pub type NativeThunk = Rc<dyn Fn(&mut EvalState) -> Result<Value>>;

pub(crate) enum ThunkState {
    /// An expression to evaluate in an environment.
    Suspended(Rc<Env>, Rc<Expr>),
    /// `f x`, deferred: how `map`, `genList` and friends stay lazy. Boxed
    /// to keep every thunk, once evaluated, in a 48-byte allocation.
    Apply(Box<(Value, Value)>),
    Native(NativeThunk),
    /// Being evaluated: forcing it again is infinite recursion.
    Blackhole,
    Done(Value),
}

/// A shared, memoised suspended computation.
#[derive(Clone)]
pub struct Thunk(pub(crate) Rc<RefCell<ThunkState>>);

impl Thunk {
    /// An expression to evaluate in an environment when forced.
    pub fn suspended(env: Rc<Env>, expr: Rc<Expr>) -> Thunk {
        Thunk(Rc::new(RefCell::new(ThunkState::Suspended(env, expr))))
    }

    /// A function application to evaluate when forced (lazy `map` results).
    pub fn apply(f: Value, arg: Value) -> Thunk {
        Thunk(Rc::new(RefCell::new(ThunkState::Apply(Box::new((f, arg))))))
    }

    /// A Rust computation run when forced; how hosts make lazy values.
    pub fn native(f: impl Fn(&mut EvalState) -> Result<Value> + 'static) -> Thunk {
        Thunk(Rc::new(RefCell::new(ThunkState::Native(Rc::new(f)))))
    }

    /// The value, if already evaluated.
    pub fn value(&self) -> Option<Value> {
        match &*self.0.borrow() {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// Whether both are the same thunk.
    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

// Every thunk is one allocation of the reference counts, the `RefCell` flag
// and this state: 48 bytes, a size class of the allocator.
const _: () = assert!(std::mem::size_of::<ThunkState>() == 24);
