//! [`Shared`]: a reference-counted pointer with one count.
//!
//! `std::rc::Rc` keeps a strong and a weak count, two words before the
//! value, and every drop checks both. Thunks and frames, the evaluator's
//! most numerous allocations, are never pointed at weakly, so a single
//! count does: one word less per object (a thunk is 40 bytes, a frame 48,
//! each a size class of their own in the allocator) and one check less
//! per drop.

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// The allocation: the count, then the value. `repr(C)` keeps the count
/// first, at the pointer itself, so a count update is one instruction on
/// the address (Rust would otherwise place it after the value).
#[repr(C)]
struct Inner<T> {
    /// How many `Shared`s point here; never 0 while one exists.
    count: Cell<usize>,
    value: T,
}

/// A shared, immutable pointer to a `T` on the heap, freed when the last
/// pointer goes. Like `Rc` without weak pointers: not `Send`, not `Sync`
/// (the raw pointer opts out of both, as the plain-`Cell` count requires).
pub struct Shared<T> {
    ptr: NonNull<Inner<T>>,
    /// Owns an `Inner<T>`, for the drop checker.
    _owns: PhantomData<Inner<T>>,
}

impl<T> Shared<T> {
    /// Moves `value` to the heap, with a count of one.
    #[inline]
    pub fn new(value: T) -> Shared<T> {
        let inner = Box::new(Inner {
            count: Cell::new(1),
            value,
        });
        Shared {
            // SAFETY: `Box::into_raw` never gives a null pointer.
            ptr: unsafe { NonNull::new_unchecked(Box::into_raw(inner)) },
            _owns: PhantomData,
        }
    }

    #[inline(always)]
    fn inner(&self) -> &Inner<T> {
        // SAFETY: the allocation lives while any `Shared` to it does, this
        // one included, and is only ever read through shared references.
        unsafe { self.ptr.as_ref() }
    }

    /// Whether both point at the same value.
    #[inline]
    pub fn ptr_eq(a: &Shared<T>, b: &Shared<T>) -> bool {
        a.ptr == b.ptr
    }

    /// The address of the value, which identifies it while it lives.
    #[inline]
    pub fn as_ptr(this: &Shared<T>) -> *const T {
        // SAFETY: `ptr` is valid (see `inner`); `addr_of!` makes no reference.
        unsafe { std::ptr::addr_of!((*this.ptr.as_ptr()).value) }
    }

    /// The bytes of one allocation: the count and the value.
    pub const ALLOC_SIZE: usize = std::mem::size_of::<Inner<T>>();

    /// How many pointers share the value.
    pub fn count(this: &Shared<T>) -> usize {
        this.inner().count.get()
    }
}

impl<T> Clone for Shared<T> {
    #[inline(always)]
    fn clone(&self) -> Shared<T> {
        let count = &self.inner().count;
        let n = count.get().wrapping_add(1);
        count.set(n);
        // Only leaked pointers (`mem::forget` in a loop) could wrap the
        // count to 0; aborting then, as `Rc` does, prevents a use after free.
        if n == 0 {
            std::process::abort();
        }
        Shared {
            ptr: self.ptr,
            _owns: PhantomData,
        }
    }
}

impl<T> Drop for Shared<T> {
    #[inline(always)]
    fn drop(&mut self) {
        let count = &self.inner().count;
        let n = count.get() - 1;
        count.set(n);
        if n == 0 {
            // SAFETY: this was the last pointer, so nothing else can reach
            // the allocation; it came from `Box::into_raw` in `new`, and is
            // freed once, here (the count was 1 and no clone can follow).
            unsafe { drop_last(self.ptr) }
        }
    }
}

/// Drops the value and frees the allocation; out of line, so that the
/// common drop (a decrement) stays small where it is inlined.
///
/// SAFETY: the caller owns the last pointer to `ptr`, an allocation made
/// by `Box::into_raw`.
#[inline(never)]
unsafe fn drop_last<T>(ptr: NonNull<Inner<T>>) {
    let inner = ptr.as_ptr();
    // The value, then the block: the value's drop may free other blocks
    // (a frame its parent), but cannot reach this one (the count is 0).
    // Spelled out rather than through `Box::from_raw`, whose nested drop
    // glue keeps the value's drop out of line.
    std::ptr::drop_in_place(std::ptr::addr_of_mut!((*inner).value));
    std::alloc::dealloc(inner.cast(), std::alloc::Layout::new::<Inner<T>>());
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        &self.inner().value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// Counts its drops in a shared cell.
    struct Counted(Rc<Cell<usize>>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[test]
    fn value_dropped_once_with_last_pointer() {
        let drops = Rc::new(Cell::new(0));
        let a = Shared::new(Counted(drops.clone()));
        let b = a.clone();
        let c = b.clone();
        assert_eq!(Shared::count(&a), 3);
        drop(a);
        drop(c);
        assert_eq!(drops.get(), 0);
        assert_eq!(Shared::count(&b), 1);
        drop(b);
        assert_eq!(drops.get(), 1);
    }

    #[test]
    fn identity() {
        let a = Shared::new(5u64);
        let b = a.clone();
        let c = Shared::new(5u64);
        assert!(Shared::ptr_eq(&a, &b));
        assert!(!Shared::ptr_eq(&a, &c));
        assert_eq!(Shared::as_ptr(&a), Shared::as_ptr(&b));
        assert_eq!(Shared::as_ptr(&a), &*a as *const u64);
        assert_eq!(*b + *c, 10);
    }

    #[test]
    fn one_word_pointer_and_header() {
        assert_eq!(std::mem::size_of::<Shared<[u64; 4]>>(), 8);
        assert_eq!(std::mem::size_of::<Option<Shared<u8>>>(), 8);
        assert_eq!(std::mem::size_of::<Inner<[u64; 4]>>(), 40);
    }

    #[test]
    fn nested_values_dropped() {
        // A chain of pointers, as frames form through their parents.
        let drops = Rc::new(Cell::new(0));
        struct Node(#[allow(dead_code)] Counted, Option<Shared<Node>>);
        let mut chain = None;
        for _ in 0..100 {
            chain = Some(Shared::new(Node(Counted(drops.clone()), chain)));
        }
        let kept = chain.as_ref().unwrap().1.clone();
        drop(chain);
        assert_eq!(drops.get(), 1);
        drop(kept);
        assert_eq!(drops.get(), 100);
    }
}
