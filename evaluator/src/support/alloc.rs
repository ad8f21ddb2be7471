//! The global allocator of the `atom-eval` binary.
//!
//! Evaluation allocates many small, short-lived objects (thunks, frames,
//! closures); mimalloc serves those markedly faster than the system
//! allocator. The `mimalloc` crate routes every allocation through
//! `mi_malloc_aligned`, which takes mimalloc's slow generic path; plain
//! `mi_malloc` already guarantees 16-byte alignment, so small alignments go
//! straight to it (measured: 13% of instructions on `bench/programs/foldl.nix`).

//!
//! It is also the last line of the memory limit (see [`engine::guard`]
//! and [`super::limits`]): a block of [`BIG`] bytes or more makes the
//! evaluator check its limit at its next poll, one that would take the
//! process past [`set_hard_limit`] is refused, and a refusal, ours or the
//! system's (`ulimit -v`), ends the process with a one-line message and
//! status 1 rather than Rust's abort with a core dump.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use libmimalloc_sys as mi;

/// Blocks at least this big are checked against the limits: rare, and
/// slow to allocate anyway, so the check costs nothing measurable, while
/// the small blocks' fast path gets one comparison.
const BIG: usize = 1 << 20;

/// The most the process may hold, in bytes; `usize::MAX` for no limit.
static HARD_LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The limit the message names, in bytes (the evaluator's limit).
static REPORTED_LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Sets the size past which a big block is refused, ending the process,
/// and the limit that the message names.
pub fn set_hard_limit(hard: usize, reported: usize) {
    HARD_LIMIT.store(hard, Relaxed);
    REPORTED_LIMIT.store(reported, Relaxed);
}

/// The bytes mimalloc holds from the system (committed memory): what the
/// memory limit measures. A read costs a `getrusage`, which mimalloc makes
/// along the way.
pub fn committed() -> usize {
    let mut commit = 0usize;
    // SAFETY: every out-pointer is either null (not wanted) or valid.
    unsafe {
        mi::mi_process_info(
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut commit,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    commit
}

/// Before a big block: tells the evaluator to check its limit soon, and
/// ends the process if the block would go past the hard limit.
#[cold]
#[inline(never)]
fn before_big(size: usize) {
    engine::guard::note_large_allocation();
    let hard = HARD_LIMIT.load(Relaxed);
    if hard != usize::MAX && committed().saturating_add(size) > hard {
        out_of_memory();
    }
}

/// Ends the process after a refused allocation: one line on stderr and
/// status 1, without allocating (there may be nothing left to allocate)
/// and without unwinding (the allocation may have been made anywhere).
#[cold]
#[inline(never)]
fn out_of_memory() -> ! {
    let mut line = [0u8; 96];
    let mut n = 0;
    let mut put = |bytes: &[u8]| {
        let take = bytes.len().min(line.len() - n);
        line[n..n + take].copy_from_slice(&bytes[..take]);
        n += take;
    };
    put(b"error: out of memory");
    let limit = REPORTED_LIMIT.load(Relaxed);
    if limit != usize::MAX {
        put(b": the evaluation exceeded ");
        let mut digits = [0u8; 20];
        let mut mib = limit.div_ceil(1 << 20);
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (mib % 10) as u8;
            mib /= 10;
            if mib == 0 {
                break;
            }
        }
        put(&digits[i..]);
        put(b" MiB");
    }
    put(b"\n");
    // SAFETY: writing a buffer we own to fd 2, then leaving at once.
    unsafe {
        libc::write(2, line.as_ptr() as *const c_void, n);
        libc::_exit(1)
    }
}

/// A block from mimalloc, or the end of the process if there is none.
#[inline(always)]
fn checked(ptr: *mut u8, size: usize) -> *mut u8 {
    if ptr.is_null() && size != 0 {
        out_of_memory();
    }
    ptr
}

/// mimalloc's guaranteed alignment for `mi_malloc` on 64-bit targets.
const MIN_ALIGN: usize = 16;

/// mimalloc as Rust's global allocator (`#[global_allocator]` in `main.rs`).
pub struct Allocator;

/// mimalloc's `arena_eager_commit` option (v3 numbering).
const ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// Tunes mimalloc for a short-lived process, before it initialises.
///
/// By default mimalloc commits its first 1 GiB arena eagerly, which costs
/// several MiB of resident memory before anything is evaluated: half the
/// peak of a small atom evaluation (measured on the bench's deep member:
/// 10.5 MiB with eager commit, 4.9 MiB without). The option must be set
/// before mimalloc's own initialiser reserves that arena, so this runs from
/// `.preinit_array`, which the loader runs before any `.init_array`
/// constructor of an executable.
extern "C" fn configure() {
    // SAFETY: setting an option has no preconditions; it only marks the
    // option as initialised so the environment is not consulted for it.
    unsafe { mi::mi_option_set(ARENA_EAGER_COMMIT, 0) }
    BASE_MAPPED.store(mapped_now(), Relaxed);
}

/// The address space mapped before mimalloc reserved any (the program and
/// its libraries), in bytes; 0 if unknown.
static BASE_MAPPED: AtomicUsize = AtomicUsize::new(0);

/// The address space the program itself maps, apart from its heap: what
/// an address-space limit (`ulimit -v`) leaves for evaluation is the limit
/// less this. mimalloc's reservations come later and are heap.
pub fn base_mapped() -> usize {
    BASE_MAPPED.load(Relaxed)
}

/// The process's mapped address space (`/proc/self/statm`), read without
/// allocating: this runs before the allocator is set up.
fn mapped_now() -> usize {
    let mut buf = [0u8; 64];
    // SAFETY: a NUL-terminated path, a buffer we own, and the descriptor
    // closed after one read.
    let n = unsafe {
        let fd = libc::open(c"/proc/self/statm".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return 0;
        }
        let n = libc::read(fd, buf.as_mut_ptr() as *mut c_void, buf.len());
        libc::close(fd);
        n
    };
    let Ok(n) = usize::try_from(n) else { return 0 };
    let pages = buf[..n]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0usize, |acc, b| {
            acc.saturating_mul(10).saturating_add(usize::from(b - b'0'))
        });
    // SAFETY: sysconf has no preconditions.
    let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    pages.saturating_mul(page)
}

#[used]
#[link_section = ".preinit_array"]
static CONFIGURE: extern "C" fn() = configure;

/// Blocks of at most this many bytes (and alignment at most
/// [`SMALL_ALIGN`]) come from the calling thread's [`Pool`].
const SMALL_MAX: usize = 64;

/// The pool's blocks are multiples of this, and aligned to it: mimalloc
/// also serves 24, 40 and 56 bytes exactly, and rounding a frame or a set
/// (56 bytes) up to 64 would cost memory.
const SMALL_ALIGN: usize = 8;

/// The pool's size classes: 8, 16, 24, ... 64 bytes.
const CLASSES: usize = SMALL_MAX / SMALL_ALIGN;

/// What the pool takes from mimalloc at a time, to carve blocks from.
const CHUNK: usize = 64 * 1024;

/// Per-thread free lists of small blocks, and a chunk to carve new ones
/// from.
///
/// Evaluation allocates and frees millions of blocks of a few fixed sizes
/// (a thunk is 48 bytes, a frame or a set 56, a closure 32): a free block
/// pushed on its class's list and popped by the next allocation of that
/// class takes a few instructions, against some forty for mimalloc's
/// allocation and release (measured with callgrind on
/// `bench/programs/modules.nix`). A freed block stays in the pool of the
/// thread that freed it and is reused only for its class; the chunks are
/// never returned to mimalloc, which is fine for a process that evaluates
/// and exits (a thread's free blocks are left behind when it ends).
struct Pool {
    /// The head of each class's list; a free block's first word links to
    /// the next.
    free: [*mut u8; CLASSES],
    /// The unused rest of the current chunk.
    next: *mut u8,
    end: *mut u8,
}

thread_local! {
    static POOL: std::cell::UnsafeCell<Pool> = const {
        std::cell::UnsafeCell::new(Pool {
            free: [std::ptr::null_mut(); CLASSES],
            next: std::ptr::null_mut(),
            end: std::ptr::null_mut(),
        })
    };
}

/// The size class of a small block, or `None` for a block mimalloc
/// serves itself. A size of zero wraps around to a large one.
#[inline(always)]
fn small_class(layout: &Layout) -> Option<usize> {
    let class = layout.size().wrapping_sub(1) / SMALL_ALIGN;
    (class < CLASSES && layout.align() <= SMALL_ALIGN).then_some(class)
}

impl Pool {
    /// A block of `class`: the last one freed, else a new one.
    #[inline(always)]
    unsafe fn take(&mut self, class: usize) -> *mut u8 {
        let head = self.free[class];
        if !head.is_null() {
            self.free[class] = *(head as *mut *mut u8);
            return head;
        }
        let size = (class + 1) * SMALL_ALIGN;
        if (self.end as usize) - (self.next as usize) >= size {
            let block = self.next;
            self.next = block.add(size);
            return block;
        }
        self.refill(size)
    }

    /// A new chunk (the rest of the old one, under 64 bytes, is left
    /// unused), and its first block.
    #[cold]
    #[inline(never)]
    unsafe fn refill(&mut self, size: usize) -> *mut u8 {
        let chunk = checked(mi::mi_malloc(CHUNK) as *mut u8, CHUNK);
        self.next = chunk.add(size);
        self.end = chunk.add(CHUNK);
        chunk
    }

    /// Puts a block back on its class's list.
    #[inline(always)]
    unsafe fn give(&mut self, block: *mut u8, class: usize) {
        *(block as *mut *mut u8) = self.free[class];
        self.free[class] = block;
    }
}

unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(class) = small_class(&layout) {
            // SAFETY: the pool is this thread's; nothing it calls allocates
            // through it.
            return POOL.with(|pool| (*pool.get()).take(class));
        }
        if layout.size() >= BIG {
            before_big(layout.size());
        }
        let ptr = if layout.align() <= MIN_ALIGN {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        };
        checked(ptr, layout.size())
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if small_class(&layout).is_some() {
            let ptr = self.alloc(layout);
            std::ptr::write_bytes(ptr, 0, layout.size());
            return ptr;
        }
        if layout.size() >= BIG {
            before_big(layout.size());
        }
        let ptr = if layout.align() <= MIN_ALIGN {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        };
        checked(ptr, layout.size())
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = small_class(&layout) {
            // SAFETY: as in `alloc`; the block is ours (the same layout
            // put it in a small class when it was allocated).
            return POOL.with(|pool| (*pool.get()).give(ptr, class));
        }
        mi::mi_free(ptr as *mut c_void)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if small_class(&layout).is_some() || small_class(&new_layout).is_some() {
            // A pool block cannot be resized by mimalloc, nor a mimalloc
            // block turned into a pool one: move it.
            let new = self.alloc(new_layout);
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
            return new;
        }
        if new_size >= BIG && new_size > layout.size() {
            before_big(new_size - layout.size());
        }
        let ptr = if layout.align() <= MIN_ALIGN {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        };
        checked(ptr, new_size)
    }
}
