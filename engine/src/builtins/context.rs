//! String context builtins: inspecting and editing the store paths a string
//! depends on.
//!
//! A context element is one of three kinds ([`ContextElem`]): a plain store
//! path (`path = true` in `getContext`), a derivation with all its outputs
//! (`allOutputs = true`, what `drvPath` carries) and one output of a
//! derivation (`outputs = [ ... ]`, what an output path carries).

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::eval::{CoerceMode, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, ContextElem, NixString, Value};

/// A context element as C++ Nix shows it in messages: the store path's base
/// name, `=` before a derivation with all outputs, `!out!` before a
/// derivation output.
pub(crate) fn elem_to_string(elem: &ContextElem) -> String {
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    match elem {
        ContextElem::Opaque(p) => base(p),
        ContextElem::DrvDeep(p) => format!("={}", base(p)),
        ContextElem::Built(drv, out) => format!("!{out}!{}", base(drv)),
    }
}

/// A string argument that must not carry context (names, hashes, ...),
/// worded as C++ Nix's `forceStringNoCtx`.
pub(crate) fn string_no_ctx(st: &mut EvalState, v: &Value) -> Result<String> {
    let s = st.force_string(v)?;
    reject_context(&s)?;
    Ok(s.to_str_lossy().into_owned())
}

/// Fails when `s` has a context: attribute names and the like cannot refer
/// to store paths.
pub(crate) fn reject_context(s: &NixString) -> Result<()> {
    match s.context().iter().next() {
        Some(first) => Err(Error::msg(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{}')",
            s.to_str_lossy(),
            elem_to_string(first)
        ))),
        None => Ok(()),
    }
}

/// `getContext s`: the context as `{ <path> = { path?; allOutputs?; outputs?; }; }`.
pub fn get_context(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.force_string(&args[0])?;
    // The context is ordered plain paths, then whole derivations, then
    // outputs (each by path), so outputs come out sorted per derivation.
    let mut infos: BTreeMap<&str, (bool, bool, Vec<Value>)> = BTreeMap::new();
    for elem in s.context() {
        match elem {
            ContextElem::Opaque(p) => infos.entry(p).or_default().0 = true,
            ContextElem::DrvDeep(p) => infos.entry(p).or_default().1 = true,
            ContextElem::Built(drv, out) => infos.entry(drv).or_default().2.push(Value::string(out.as_str())),
        }
    }
    let entries = infos
        .into_iter()
        .map(|(path, (is_path, all, outputs))| {
            let mut attrs = Vec::new();
            if all {
                attrs.push((Symbol::new("allOutputs"), Value::Bool(true)));
            }
            if !outputs.is_empty() {
                attrs.push((Symbol::new("outputs"), Value::list(outputs)));
            }
            if is_path {
                attrs.push((Symbol::new("path"), Value::Bool(true)));
            }
            (Symbol::new(path), Value::attrs(Attrs::from_sorted(attrs)))
        })
        .collect();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// `hasContext s`.
pub fn has_context(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::Bool(st.force_string(&args[0])?.has_context()))
}

/// `unsafeDiscardStringContext s`: the same bytes, no context.
pub fn unsafe_discard_string_context(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    Ok(Value::String(s.without_context()))
}

/// `unsafeDiscardOutputDependency s`: a dependency on a derivation with all
/// its outputs becomes a dependency on the `.drv` file alone.
pub fn unsafe_discard_output_dependency(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    if !s.context().iter().any(|e| matches!(e, ContextElem::DrvDeep(_))) {
        return Ok(Value::String(s));
    }
    let ctx: Context = s
        .context()
        .iter()
        .map(|e| match e {
            ContextElem::DrvDeep(p) => ContextElem::Opaque(p.clone()),
            other => other.clone(),
        })
        .collect();
    Ok(Value::String(NixString::new(s.as_bytes(), ctx)))
}

/// `addDrvOutputDependencies s`: the inverse of
/// `unsafeDiscardOutputDependency`, for a string whose only context is a
/// `.drv` file.
pub fn add_drv_output_dependencies(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    let ctx = s.context();
    if ctx.len() != 1 {
        return Err(Error::msg(format!(
            "context of string '{}' must have exactly one element, but has {}",
            s.to_str_lossy(),
            ctx.len()
        )));
    }
    let elem = match ctx.iter().next().expect("one element") {
        ContextElem::Opaque(p) => {
            if !p.ends_with(".drv") {
                return Err(Error::msg(format!("path '{p}' is not a derivation")));
            }
            ContextElem::DrvDeep(p.clone())
        }
        ContextElem::Built(_, out) => {
            return Err(Error::msg(format!(
                "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{out}'"
            )))
        }
        deep @ ContextElem::DrvDeep(_) => deep.clone(),
    };
    Ok(Value::String(NixString::new(s.as_bytes(), Context::from([elem]))))
}

/// `appendContext s ctx`: adds the elements described by `ctx` (in
/// `getContext`'s shape) to the context of `s`.
pub fn append_context(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.force_string(&args[0])?;
    let spec = st.force_attrs(&args[1])?;
    let mut ctx = s.context().clone();
    for (name, entry) in spec.iter() {
        let path = name.as_str();
        if !st.is_store_path(path) {
            // C++ Nix prints the name as an attribute name: quoted unless
            // it is an identifier.
            let shown = crate::print::quote_attr_name(path);
            return Err(Error::msg(format!("context key '{shown}' is not a store path")));
        }
        let is_drv = path.ends_with(".drv");
        let entry = st
            .force_attrs(entry)
            .map_err(|e| e.context("while evaluating the value of a string context", None))?;
        if let Some(v) = entry.get("path") {
            let v = v.clone();
            if st
                .force_bool(&v)
                .map_err(|e| e.context("while evaluating the `path` attribute of a string context", None))?
            {
                ctx.insert(ContextElem::Opaque(path.to_owned()));
            }
        }
        if let Some(v) = entry.get("allOutputs") {
            let v = v.clone();
            if st
                .force_bool(&v)
                .map_err(|e| e.context("while evaluating the `allOutputs` attribute of a string context", None))?
            {
                if !is_drv {
                    return Err(Error::msg(format!(
                        "tried to add all-outputs context of \"{path}\", which is not a derivation, to a string"
                    )));
                }
                ctx.insert(ContextElem::DrvDeep(path.to_owned()));
            }
        }
        if let Some(v) = entry.get("outputs") {
            let v = v.clone();
            let outputs = st
                .force_list(&v)
                .map_err(|e| e.context("while evaluating the `outputs` attribute of a string context", None))?;
            if !outputs.is_empty() && !is_drv {
                return Err(Error::msg(format!(
                    "tried to add derivation output context of \"{path}\", which is not a derivation, to a string"
                )));
            }
            for out in outputs.iter() {
                let out = string_no_ctx(st, out)
                    .map_err(|e| e.context("while evaluating an output name within a string context", None))?;
                ctx.insert(ContextElem::Built(path.to_owned(), out));
            }
        }
    }
    Ok(Value::String(NixString::new(s.as_bytes(), ctx)))
}
