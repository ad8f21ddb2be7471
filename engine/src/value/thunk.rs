//! Environments and thunks.

use std::cell::UnsafeCell;
use std::rc::Rc;

use super::{Shared, Value};
use crate::error::Result;
use crate::eval::EvalState;
use crate::ir::Expr;

/// A lexical environment frame. Slots are filled after the frame exists so
/// that recursive bindings (`let`, `rec`) can close over their own frame.
///
/// The slots are in an `UnsafeCell`, not a `RefCell`: they are only read
/// by cloning a value out and written by swapping a value in (see
/// `Env::slot`), so no borrow can overlap another and a flag would
/// only cost a word and a check per variable access.
pub struct Env {
    slots: UnsafeCell<Slots>,
    /// The enclosing frame.
    pub parent: Option<Shared<Env>>,
}

/// Most frames (lambda calls, `with`) hold one or two values: those are
/// inline, so such a frame is one 48-byte allocation.
enum Slots {
    One(Value),
    Two(Value, Value),
    Many(Box<[Value]>),
}

const _: () = assert!(std::mem::size_of::<Env>() == 40);
const _: () = assert!(Shared::<Env>::ALLOC_SIZE == 48);

impl Env {
    fn make(slots: Slots, parent: Option<Shared<Env>>) -> Shared<Env> {
        Shared::new(Env {
            slots: UnsafeCell::new(slots),
            parent,
        })
    }

    /// A frame with the given slots.
    pub fn new(slots: Vec<Value>, parent: Option<Shared<Env>>) -> Shared<Env> {
        let slots = match <[Value; 1]>::try_from(slots) {
            Ok([v]) => Slots::One(v),
            Err(slots) => match <[Value; 2]>::try_from(slots) {
                Ok([a, b]) => Slots::Two(a, b),
                Err(slots) => Slots::Many(slots.into_boxed_slice()),
            },
        };
        Env::make(slots, parent)
    }

    /// A frame of `len` slots to be filled with [`Env::set`]; frames of up
    /// to two slots need no allocation besides the frame's own.
    pub fn with_len(len: usize, parent: Option<Shared<Env>>) -> Shared<Env> {
        let slots = match len {
            1 => Slots::One(Value::Null),
            2 => Slots::Two(Value::Null, Value::Null),
            // Made, not cloned, one by one: a clone of `null` is a call.
            n => Slots::Many((0..n).map(|_| Value::Null).collect()),
        };
        Env::make(slots, parent)
    }

    /// A frame of one value, without an intermediate vector.
    pub fn single(value: Value, parent: Option<Shared<Env>>) -> Shared<Env> {
        Env::make(Slots::One(value), parent)
    }

    /// A slot.
    ///
    /// SAFETY (for the callers in this module): frames are `Shared`, so only
    /// this thread sees them; each caller clones the value out or swaps a
    /// new one in and lets the reference go before anything else runs
    /// (the old value is dropped afterwards), so no two references to a
    /// slot ever exist at once.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    unsafe fn slot(&self, slot: usize) -> &mut Value {
        match &mut *self.slots.get() {
            Slots::One(v) if slot == 0 => v,
            Slots::Two(a, _) if slot == 0 => a,
            Slots::Two(_, b) if slot == 1 => b,
            Slots::Many(vs) => &mut vs[slot],
            _ => panic!("slot {slot} out of range"),
        }
    }

    /// The value in a slot.
    #[inline]
    pub fn get(&self, slot: usize) -> Value {
        // SAFETY: see `slot`; the reference lives for a clone.
        unsafe { self.slot(slot) }.clone()
    }

    /// The value in a slot if it is evaluated (an evaluated thunk gives
    /// its value, without touching the thunk's count), else its thunk.
    #[inline]
    pub(crate) fn get_forced(&self, slot: usize) -> std::result::Result<Value, Thunk> {
        // SAFETY: see `slot`; the reference lives for a clone.
        match unsafe { self.slot(slot) } {
            Value::Thunk(t) => t.value().ok_or_else(|| t.clone()),
            v => Ok(v.clone()),
        }
    }

    /// Replaces the value in a slot.
    #[inline]
    pub fn set(&self, slot: usize, value: Value) {
        // SAFETY: see `slot`; the old value is dropped after the swap.
        let old = std::mem::replace(unsafe { self.slot(slot) }, value);
        drop(old);
    }

    /// Fills a slot of a frame from [`Env::with_len`], still `null`
    /// (frames of `rec`, `let` and patterns are filled after creation).
    #[inline]
    pub(crate) fn fill(&self, slot: usize, value: Value) {
        // SAFETY: see `slot`. The `null` written over owns nothing, so it
        // needs no drop (the drop would be an out-of-line call per slot);
        // were the slot filled already, its value would only leak.
        unsafe {
            let place: *mut Value = self.slot(slot);
            debug_assert!(matches!(*place, Value::Null));
            std::ptr::write(place, value)
        }
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        // SAFETY: see `slot`; only the length is read.
        match unsafe { &*self.slots.get() } {
            Slots::One(_) => 1,
            Slots::Two(..) => 2,
            Slots::Many(vs) => vs.len(),
        }
    }

    /// Whether it has no slot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Shared<Env> {
    /// The frame `depth` levels up (0 = this one).
    #[inline]
    pub fn ancestor(&self, depth: u32) -> &Shared<Env> {
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
    Suspended(Shared<Env>, Rc<Expr>),
    /// `f x`, deferred: how `map`, `genList` and friends stay lazy. Inline,
    /// so a deferred call is one allocation.
    Apply(Value, Value),
    Native(NativeThunk),
    /// Being evaluated: forcing it again is infinite recursion.
    Blackhole,
    Done(Value),
}

/// A shared, memoised suspended computation.
///
/// The state is in an `UnsafeCell` rather than a `RefCell`: `Blackhole`
/// already marks a thunk under evaluation, so a borrow flag would only add
/// a word and a check to every force. Every access goes through the
/// methods below, none of which holds a reference to the state across a
/// call that could reach the thunk again (see `Thunk::state_mut`).
#[derive(Clone)]
pub struct Thunk(Shared<UnsafeCell<ThunkState>>);

impl Thunk {
    fn new(state: ThunkState) -> Thunk {
        Thunk(Shared::new(UnsafeCell::new(state)))
    }

    /// An expression to evaluate in an environment when forced.
    pub fn suspended(env: Shared<Env>, expr: Rc<Expr>) -> Thunk {
        Thunk::new(ThunkState::Suspended(env, expr))
    }

    /// A function application to evaluate when forced (lazy `map` results).
    pub fn apply(f: Value, arg: Value) -> Thunk {
        Thunk::new(ThunkState::Apply(f, arg))
    }

    /// A Rust computation run when forced; how hosts make lazy values.
    pub fn native(f: impl Fn(&mut EvalState) -> Result<Value> + 'static) -> Thunk {
        Thunk::new(ThunkState::Native(Rc::new(f)))
    }

    /// The state, briefly.
    ///
    /// SAFETY (for the callers in this module): thunks are `Shared`, so only
    /// this thread sees them, and each caller uses the reference for a
    /// clone, a `mem::replace` or an assignment whose dropped old state is
    /// `Blackhole` or a finished computation, none of which can reach this
    /// thunk. No other reference to the state exists meanwhile.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    unsafe fn state_mut(&self) -> &mut ThunkState {
        &mut *self.0.get()
    }

    /// The value, if already evaluated.
    #[inline]
    pub fn value(&self) -> Option<Value> {
        // SAFETY: see `state_mut`; the reference lives for a clone.
        match unsafe { self.state_mut() } {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// Starts evaluating: the value if there is one, else the computation,
    /// leaving `Blackhole` in its place.
    #[inline]
    pub(crate) fn begin(&self) -> std::result::Result<Value, ThunkState> {
        // SAFETY: see `state_mut`; nothing is called while it is borrowed.
        let state = unsafe { self.state_mut() };
        match state {
            ThunkState::Done(v) => Ok(v.clone()),
            _ => Err(std::mem::replace(state, ThunkState::Blackhole)),
        }
    }

    /// Ends evaluating: stores the value, or the computation back after an
    /// error (so that forcing again raises the error again).
    #[inline]
    pub(crate) fn finish(&self, state: ThunkState) {
        // SAFETY: see `state_mut`. The state replaced is the `Blackhole`
        // that `begin` left (a thunk stays `Blackhole` until its own
        // `finish`), which owns nothing: writing over it without a drop
        // leaks nothing and saves an out-of-line drop call on every force.
        // (Were it anything else, it would only leak, which is safe.)
        unsafe {
            let slot = self.0.get();
            debug_assert!(matches!(*slot, ThunkState::Blackhole));
            std::ptr::write(slot, state)
        }
    }

    /// The thunk's address, which identifies it while it lives.
    pub(crate) fn addr(&self) -> usize {
        Shared::as_ptr(&self.0) as *const u8 as usize
    }

    /// Whether both are the same thunk.
    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Shared::ptr_eq(&self.0, &other.0)
    }
}

// Every thunk is one allocation of its count and this state: 40 bytes,
// a size class of the allocator, deferred calls included.
const _: () = assert!(std::mem::size_of::<ThunkState>() == 32);
const _: () = assert!(Shared::<UnsafeCell<ThunkState>>::ALLOC_SIZE == 40);
