//! String builtins, versions and package names.

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::eval::{type_error, CoerceMode, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, NixString, Value};

pub fn to_string(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::String(st.coerce_to_string(
        &args[0],
        CoerceMode::ToString,
        false,
    )?))
}

pub fn string_length(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    Ok(Value::Int(s.len() as i64))
}

fn int(v: &Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(type_error("an integer", other)),
    }
}

pub fn substring(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let start = int(&args[0])?;
    if start < 0 {
        return Err(Error::msg("negative start position in 'substring'"));
    }
    let len = int(&st.force(&args[1])?)?;
    let s = st.coerce_to_string(&args[2], CoerceMode::Interpolation, true)?;
    let bytes = s.as_bytes();
    // C++ Nix compares the start, cut to 32 bits, with the length, then
    // calls `substr`, which throws for a start past the end: a start of 2^32
    // or more whose low bits fall inside the string fails with that
    // exception's text (an empty substring of a string never gets there).
    let empty_of_string = len == 0 && matches!(args[2], Value::String(_));
    if (start as u32 as usize) < bytes.len() && start as usize > bytes.len() && !empty_of_string {
        return Err(Error::msg(format!(
            "basic_string_view::substr: __pos (which is {start}) > __size (which is {})",
            bytes.len()
        )));
    }
    let start = (start as usize).min(bytes.len());
    let end = if len < 0 {
        bytes.len()
    } else {
        start.saturating_add(len as usize).min(bytes.len())
    };
    Ok(Value::String(NixString::new(&bytes[start..end], s.context().clone())))
}

pub fn concat_strings_sep(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let sep = st.force_string(&args[0])?;
    let items = match &st.force(&args[1])? {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let mut bytes = Vec::new();
    let mut ctx = sep.context().clone();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            bytes.extend_from_slice(sep.as_bytes());
        }
        let s = st.coerce_to_string(item, CoerceMode::Interpolation, true)?;
        st.poll()?;
        bytes.extend_from_slice(s.as_bytes());
        ctx.extend(s.context().iter().cloned());
    }
    Ok(Value::String(NixString::new(bytes, ctx)))
}

pub fn replace_strings(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let from = match &args[0] {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let to = match &st.force(&args[1])? {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    if from.len() != to.len() {
        return Err(Error::msg(
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        ));
    }
    // As C++ Nix: the patterns, then the subject (a string, not coerced).
    let mut patterns = Vec::with_capacity(from.len());
    for f in from.iter() {
        patterns.push(st.force_string(f)?);
    }
    let s = st.force_string(&args[2])?;
    // Replacements are forced only when used, as in C++ Nix.
    let mut replacements: Vec<Option<NixString>> = vec![None; to.len()];
    let input = s.as_bytes();
    let mut out = Vec::with_capacity(input.len());
    let mut ctx: Context = s.context().clone();
    // Bytes that can start a match: runs of other bytes are copied whole
    // instead of trying every pattern at every byte (an empty pattern
    // matches everywhere, so then every position is tried).
    let mut starts = [false; 256];
    let mut any_empty = false;
    for p in &patterns {
        match p.as_bytes().first() {
            Some(&b) => starts[b as usize] = true,
            None => any_empty = true,
        }
    }
    let mut i = 0;
    while i <= input.len() {
        if !any_empty {
            let run = input[i..]
                .iter()
                .position(|&b| starts[b as usize])
                .unwrap_or(input.len() - i);
            out.extend_from_slice(&input[i..i + run]);
            i += run;
            if i == input.len() {
                break;
            }
        }
        let mut matched = false;
        for (k, p) in patterns.iter().enumerate() {
            let p = p.as_bytes();
            if input[i..].starts_with(p) {
                if replacements[k].is_none() {
                    replacements[k] = Some(st.force_string(&to[k])?);
                }
                let r = replacements[k].as_ref().expect("just set");
                out.extend_from_slice(r.as_bytes());
                ctx.extend(r.context().iter().cloned());
                if p.is_empty() {
                    if i < input.len() {
                        out.push(input[i]);
                    }
                    i += 1;
                } else {
                    i += p.len();
                }
                matched = true;
                break;
            }
        }
        if !matched {
            if i < input.len() {
                out.push(input[i]);
            }
            i += 1;
        }
    }
    Ok(Value::String(NixString::new(out, ctx)))
}

/// Splits a version into components: runs of digits and runs of other
/// characters, separated by `.` and `-`.
pub fn version_components(v: &str) -> Vec<&str> {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'.' || c == b'-' {
            i += 1;
            continue;
        }
        let digit = c.is_ascii_digit();
        let start = i;
        while i < bytes.len() && bytes[i] != b'.' && bytes[i] != b'-' && bytes[i].is_ascii_digit() == digit {
            i += 1;
        }
        out.push(&v[start..i]);
    }
    out
}

pub fn split_version(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let v = st.force_string(&args[0])?;
    super::reject_context(&v)?;
    let v = v.to_str_lossy();
    Ok(Value::list(
        version_components(&v).into_iter().map(Value::string).collect(),
    ))
}

/// C++ Nix's order of two version components. A component is a number
/// only if it fits a 32-bit `int`, as C++ Nix parses it: a longer run of
/// digits compares as text.
fn component_less(a: &str, b: &str) -> bool {
    let num = |s: &str| {
        s.parse::<i32>()
            .ok()
            .filter(|_| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x < y,
        _ if a.is_empty() && num(b).is_some() => true,
        _ if a == "pre" && b != "pre" => true,
        _ if b == "pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => a < b,
    }
}

/// C++ Nix's `compareVersions`.
pub fn compare_version_strings(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (version_components(a), version_components(b));
    for i in 0..ca.len().max(cb.len()) {
        let x = ca.get(i).copied().unwrap_or("");
        let y = cb.get(i).copied().unwrap_or("");
        if component_less(x, y) {
            return Ordering::Less;
        }
        if component_less(y, x) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

pub fn compare_versions(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = st.force_string(&args[0])?;
    super::reject_context(&a)?;
    let b = st.force_string(&args[1])?;
    super::reject_context(&b)?;
    Ok(Value::Int(
        match compare_version_strings(&a.to_str_lossy(), &b.to_str_lossy()) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
    ))
}

pub fn parse_drv_name(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.force_string(&args[0])?;
    super::reject_context(&s)?;
    let s = s.to_str_lossy();
    // The version starts at the first `-` followed by something other than a letter.
    let bytes = s.as_bytes();
    let split =
        (0..bytes.len()).find(|&i| bytes[i] == b'-' && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_alphabetic()));
    let (name, version) = match split {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (&*s, ""),
    };
    Ok(Value::attrs(Attrs::from_sorted(vec![
        (Symbol::new("name"), Value::string(name)),
        (Symbol::new("version"), Value::string(version)),
    ])))
}

pub fn base_name_of(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (s, ctx) = match &args[0] {
        Value::Path(p) => (p.to_string(), Context::new()),
        v => {
            let s = st.coerce_to_string(v, CoerceMode::Interpolation, false)?;
            (s.to_str_lossy().into_owned(), s.context().clone())
        }
    };
    let trimmed = s.strip_suffix('/').unwrap_or(&s);
    let base = match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    };
    Ok(Value::String(NixString::new(base.as_bytes(), ctx)))
}

pub fn dir_of(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Path(p) => {
            let dir = match p.rfind('/') {
                Some(0) | None => "/",
                Some(i) => &p[..i],
            };
            Ok(Value::Path(dir.into()))
        }
        v => {
            let s = st.coerce_to_string(v, CoerceMode::Interpolation, false)?;
            let text = s.to_str_lossy();
            // As `std::filesystem::path::parent_path`: the separators before
            // the last component go too, but never the root.
            let dir = match text.rfind('/') {
                None => ".",
                Some(i) => match text[..i].trim_end_matches('/') {
                    "" => "/",
                    parent => parent,
                },
            };
            Ok(Value::String(NixString::new(dir.as_bytes(), s.context().clone())))
        }
    }
}
