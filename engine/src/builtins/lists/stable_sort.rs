//! `builtins.sort`'s algorithm: libstdc++'s `std::stable_sort` with a
//! buffer of half the list, which C++ Nix 2.26 calls. Doing its
//! comparisons in the same order makes a comparator that traces, throws or
//! is not a strict order behave as there: same traces, same error, same
//! result.
//!
//! Each half is sorted by insertion sort on runs of seven, then merged
//! bottom-up through the buffer; the halves are merged last.

use crate::error::Result;
use crate::eval::{type_error, EvalState};
use crate::value::Value;

/// libstdc++'s `_S_chunk_size`.
const CHUNK: usize = 7;

struct Less<'a> {
    st: &'a mut EvalState,
    f: &'a Value,
}

impl Less<'_> {
    /// `f a b`, which must be a Boolean.
    fn call(&mut self, a: &Value, b: &Value) -> Result<bool> {
        let r = self.st.call_args(self.f.clone(), [a.clone(), b.clone()], None)?;
        match r {
            Value::Bool(x) => Ok(x),
            other => Err(type_error("a Boolean", &other).context(
                "while evaluating the return value of the sorting function passed to builtins.sort",
                None,
            )),
        }
    }
}

/// Sorts `v` stably by `less`.
pub fn sort(st: &mut EvalState, less: &Value, v: &mut [Value]) -> Result<()> {
    let n = v.len();
    if n == 0 {
        return Ok(());
    }
    let mut c = Less { st, f: less };
    let half = n.div_ceil(2);
    let mut buf = vec![Value::Null; half];
    merge_sort_with_buffer(&mut c, &mut v[..half], &mut buf)?;
    merge_sort_with_buffer(&mut c, &mut v[half..], &mut buf)?;
    merge_adaptive(&mut c, v, half, &mut buf)
}

fn insertion_sort(c: &mut Less, v: &mut [Value]) -> Result<()> {
    for i in 1..v.len() {
        if c.call(&v[i], &v[0])? {
            v[..=i].rotate_right(1);
        } else {
            // libstdc++'s unguarded insertion, kept inside the run.
            let val = v[i].clone();
            let mut last = i;
            while last > 0 && c.call(&val, &v[last - 1])? {
                v[last] = v[last - 1].clone();
                last -= 1;
            }
            v[last] = val;
        }
    }
    Ok(())
}

fn merge_sort_with_buffer(c: &mut Less, v: &mut [Value], buf: &mut [Value]) -> Result<()> {
    let len = v.len();
    for run in v.chunks_mut(CHUNK) {
        insertion_sort(c, run)?;
    }
    let mut step = CHUNK;
    while step < len {
        merge_sort_loop(c, v, &mut buf[..len], step)?;
        step *= 2;
        merge_sort_loop(c, &buf[..len], v, step)?;
        step *= 2;
    }
    Ok(())
}

/// Merges runs of `step` of `src` pairwise into `dst`.
fn merge_sort_loop(c: &mut Less, src: &[Value], dst: &mut [Value], step: usize) -> Result<()> {
    let len = src.len();
    let (mut f, mut r) = (0, 0);
    while len - f >= 2 * step {
        r = move_merge(c, &src[f..f + step], &src[f + step..f + 2 * step], dst, r)?;
        f += 2 * step;
    }
    let s = step.min(len - f);
    move_merge(c, &src[f..f + s], &src[f + s..], dst, r)?;
    Ok(())
}

/// Merges `a` and `b` into `dst` from `r`; returns where it stopped.
fn move_merge(c: &mut Less, a: &[Value], b: &[Value], dst: &mut [Value], mut r: usize) -> Result<usize> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if c.call(&b[j], &a[i])? {
            dst[r] = b[j].clone();
            j += 1;
        } else {
            dst[r] = a[i].clone();
            i += 1;
        }
        r += 1;
    }
    for x in a[i..].iter().chain(&b[j..]) {
        dst[r] = x.clone();
        r += 1;
    }
    Ok(r)
}

/// Merges the sorted `v[..middle]` and `v[middle..]`, through the buffer
/// holding the shorter one.
fn merge_adaptive(c: &mut Less, v: &mut [Value], middle: usize, buf: &mut [Value]) -> Result<()> {
    let (len1, len2) = (middle, v.len() - middle);
    if len1 <= len2 {
        buf[..len1].clone_from_slice(&v[..middle]);
        let (mut f1, mut f2, mut r) = (0, middle, 0);
        while f1 < len1 && f2 < v.len() {
            if c.call(&v[f2], &buf[f1])? {
                v[r] = v[f2].clone();
                f2 += 1;
            } else {
                v[r] = buf[f1].clone();
                f1 += 1;
            }
            r += 1;
        }
        for x in &buf[f1..len1] {
            v[r] = x.clone();
            r += 1;
        }
        return Ok(());
    }
    if len2 == 0 {
        return Ok(());
    }
    buf[..len2].clone_from_slice(&v[middle..]);
    let (mut l1, mut l2, mut r) = (middle - 1, len2 - 1, v.len());
    loop {
        if c.call(&buf[l2], &v[l1])? {
            r -= 1;
            v[r] = v[l1].clone();
            if l1 == 0 {
                v[r - (l2 + 1)..r].clone_from_slice(&buf[..=l2]);
                return Ok(());
            }
            l1 -= 1;
        } else {
            r -= 1;
            v[r] = buf[l2].clone();
            if l2 == 0 {
                return Ok(());
            }
            l2 -= 1;
        }
    }
}
