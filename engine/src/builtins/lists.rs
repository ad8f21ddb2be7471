//! List builtins.

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::eval::{type_error, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Value};

fn list(v: &Value) -> Result<&Rc<Vec<Value>>> {
    match v {
        Value::List(l) => Ok(l),
        other => Err(type_error("a list", other)),
    }
}

fn call_bool(st: &mut EvalState, f: &Value, x: &Value) -> Result<bool> {
    let r = st.call(f, x.clone(), None)?;
    match r {
        Value::Bool(b) => Ok(b),
        other => Err(type_error("a Boolean", &other)),
    }
}

pub fn length(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::Int(list(&args[0])?.len() as i64))
}

pub fn head(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    match list(&args[0])?.first() {
        Some(v) => st.force(v),
        None => Err(Error::msg("'builtins.head' called on an empty list")),
    }
}

pub fn tail(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    let l = list(&args[0])?;
    if l.is_empty() {
        return Err(Error::msg("'builtins.tail' called on an empty list"));
    }
    Ok(Value::list(l[1..].to_vec()))
}

pub fn elem_at(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let l = list(&args[0])?;
    let n = match &args[1] {
        Value::Int(n) => *n,
        other => return Err(type_error("an integer", other)),
    };
    match usize::try_from(n).ok().and_then(|i| l.get(i)) {
        Some(v) => st.force(v),
        None => Err(Error::msg(format!(
            "'builtins.elemAt' called with index {n} on a list of size {}",
            l.len()
        ))),
    }
}

pub fn elem(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    for item in list(&args[1])?.clone().iter() {
        if st.element_equal(&args[0], item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn map(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let l = list(&args[1])?;
    if l.is_empty() {
        return Ok(args[1].clone());
    }
    let f = &st.force_function(&args[0])?;
    Ok(Value::list(
        l.iter().map(|x| Value::Thunk(st.defer(f.clone(), x.clone()))).collect(),
    ))
}

pub fn filter(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let l = list(&args[1])?.clone();
    if l.is_empty() {
        return Ok(args[1].clone());
    }
    st.force_function(&args[0])?;
    let mut out = Vec::new();
    for x in l.iter() {
        if call_bool(st, &args[0], x)? {
            out.push(x.clone());
        }
    }
    if out.len() == l.len() {
        return Ok(args[1].clone());
    }
    Ok(Value::list(out))
}

/// The longest list `genList` makes: 2^32 elements (a value and a thunk of
/// 64 bytes each would be 256 GiB).
const MAX_LIST: i64 = 1 << 32;

pub fn gen_list(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let n = match &args[1] {
        Value::Int(n) => *n,
        other => return Err(type_error("an integer", other)),
    };
    if n < 0 {
        return Err(Error::msg(format!("cannot create list of size {n}")));
    }
    let f = &st.force_function(&args[0])?;
    // Allocations seldom fail under overcommit: a list that would need
    // hundreds of GiB is refused up front, as C++ Nix runs out of memory.
    let mut items = Vec::new();
    if n > MAX_LIST {
        return Err(Error::msg("out of memory"));
    }
    // Each item is a value and a suspended call.
    crate::guard::reserve((n as usize).saturating_mul(std::mem::size_of::<Value>() + 64))?;
    items
        .try_reserve_exact(n as usize)
        .map_err(|_| Error::msg("out of memory"))?;
    items.extend((0..n).map(|i| Value::Thunk(st.defer(f.clone(), Value::Int(i)))));
    Ok(Value::list(items))
}

pub fn concat_lists(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let mut out = Vec::new();
    for l in list(&args[0])?.clone().iter() {
        st.poll()?;
        out.extend(st.force_list(l)?.iter().cloned());
    }
    Ok(Value::list(out))
}

pub fn concat_map(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    // As C++ Nix: the function is checked before the list is forced.
    st.force_function(&args[0])?;
    let l = st.force(&args[1])?;
    let mut out = Vec::new();
    for x in list(&l)?.clone().iter() {
        let r = st.call(&args[0], x.clone(), None)?;
        st.poll()?;
        out.extend(st.force_list(&r)?.iter().cloned());
    }
    Ok(Value::list(out))
}

pub fn foldl(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let f = &st.force_function(&args[0])?;
    let l = st.force(&args[2])?;
    let mut acc = args[1].clone();
    for x in list(&l)?.clone().iter() {
        acc = st.call_args(f.clone(), [acc, x.clone()], None)?;
    }
    st.force(&acc)
}

pub fn all(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_function(&args[0])?;
    let l = st.force(&args[1])?;
    for x in list(&l)?.clone().iter() {
        if !call_bool(st, &args[0], x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub fn any(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_function(&args[0])?;
    let l = st.force(&args[1])?;
    for x in list(&l)?.clone().iter() {
        if call_bool(st, &args[0], x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn sort(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let items: Vec<Value> = list(&args[1])?.iter().cloned().collect();
    if items.is_empty() {
        return Ok(args[1].clone());
    }
    // As C++ Nix: the comparator is checked, then the elements are forced
    // front to back, before any comparison.
    st.force_function(&args[0])?;
    for x in &items {
        st.force(x)?;
    }
    let mut items = items;
    stable_sort::sort(st, &args[0], &mut items)?;
    Ok(Value::list(items))
}

mod stable_sort;

pub fn partition(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_function(&args[0])?;
    let l = st.force(&args[1])?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for x in list(&l)?.clone().iter() {
        if call_bool(st, &args[0], x)? {
            right.push(x.clone());
        } else {
            wrong.push(x.clone());
        }
    }
    Ok(Value::attrs(Attrs::from_sorted(vec![
        (Symbol::new("right"), Value::list(right)),
        (Symbol::new("wrong"), Value::list(wrong)),
    ])))
}

pub fn group_by(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_function(&args[0])?;
    let l = st.force(&args[1])?;
    let mut groups: std::collections::BTreeMap<Symbol, Vec<Value>> = Default::default();
    for x in list(&l)?.clone().iter() {
        let key = st.call(&args[0], x.clone(), None)?;
        let key = st.force_str(&key)?;
        groups.entry(Symbol::new(&key)).or_default().push(x.clone());
    }
    Ok(Value::attrs(Attrs::from_sorted(
        groups.into_iter().map(|(k, v)| (k, Value::list(v))).collect(),
    )))
}

pub fn generic_closure(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let spec = match &args[0] {
        Value::Attrs(a) => a.clone(),
        other => return Err(type_error("a set", other)),
    };
    let start = spec
        .get("startSet")
        .cloned()
        .ok_or_else(|| crate::eval::missing_attr(Symbol::new("startSet")))?;
    let op = spec
        .get("operator")
        .cloned()
        .ok_or_else(|| crate::eval::missing_attr(Symbol::new("operator")))?;
    let mut queue: std::collections::VecDeque<Value> = st.force_list(&start)?.iter().cloned().collect();
    let mut seen = SeenKeys::default();
    let mut out = Vec::new();
    while let Some(item) = queue.pop_front() {
        let attrs = st.force_attrs(&item)?;
        let key = attrs
            .get("key")
            .cloned()
            .ok_or_else(|| crate::eval::missing_attr(Symbol::new("key")))?;
        let key = st.force(&key)?;
        if !seen.insert(st, key)? {
            continue;
        }
        out.push(item.clone());
        let op = st.force_function(&op)?;
        let next = st.call(&op, item, None)?;
        queue.extend(st.force_list(&next)?.iter().cloned());
    }
    Ok(Value::list(out))
}

/// The keys `genericClosure` has met. Keys all of one kind among integers,
/// strings and paths (module keys are strings) are found in a hash set;
/// any other mix is compared with every earlier key in turn, as `<` and
/// `==` would, so that incomparable keys fail with the same error.
#[derive(Default)]
struct SeenKeys {
    /// Every key, in the order met: the general case's list.
    all: Vec<Value>,
    index: KeyIndex,
}

#[derive(Default)]
enum KeyIndex {
    #[default]
    Empty,
    Ints(rustc_hash::FxHashSet<i64>),
    Strings(rustc_hash::FxHashSet<Box<[u8]>>),
    Paths(rustc_hash::FxHashSet<Box<str>>),
    /// Keys of several kinds, or of kinds not hashed: scan `all`.
    General,
}

impl SeenKeys {
    /// Records a forced key; false if an equal key was met before.
    fn insert(&mut self, st: &mut EvalState, key: Value) -> Result<bool> {
        let new = match (&mut self.index, &key) {
            (KeyIndex::Empty, Value::Int(i)) => {
                self.index = KeyIndex::Ints(std::iter::once(*i).collect());
                true
            }
            (KeyIndex::Empty, Value::String(s)) => {
                self.index = KeyIndex::Strings(std::iter::once(s.as_bytes().into()).collect());
                true
            }
            (KeyIndex::Empty, Value::Path(p)) => {
                self.index = KeyIndex::Paths(std::iter::once((**p).into()).collect());
                true
            }
            (KeyIndex::Ints(set), Value::Int(i)) => set.insert(*i),
            (KeyIndex::Strings(set), Value::String(s)) => {
                !set.contains(s.as_bytes()) && set.insert(s.as_bytes().into())
            }
            (KeyIndex::Paths(set), Value::Path(p)) => !set.contains(&**p) && set.insert((**p).into()),
            _ => {
                self.index = KeyIndex::General;
                for k in &self.all {
                    if st.compare(&key, k)? == std::cmp::Ordering::Equal && st.values_equal(k, &key)? {
                        return Ok(false);
                    }
                }
                true
            }
        };
        if new {
            self.all.push(key);
        }
        Ok(new)
    }
}
