//! Attribute-set builtins.

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::eval::{missing_attr, type_error, EvalState};
use crate::ir::Param;
use crate::symbol::Symbol;
use crate::value::{Attrs, NixString, Value};

fn attrs(v: &Value) -> Result<&Rc<Attrs>> {
    match v {
        Value::Attrs(a) => Ok(a),
        other => Err(type_error("a set", other)),
    }
}

fn string(v: &Value) -> Result<String> {
    match v {
        Value::String(s) => {
            super::context::reject_context(s)?;
            Ok(s.to_str_lossy().into_owned())
        }
        other => Err(type_error("a string", other)),
    }
}

pub fn attr_names(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = attrs(&args[0])?;
    Ok(Value::list(
        a.names().map(|n| Value::String(NixString::from_symbol(n))).collect(),
    ))
}

pub fn attr_values(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = attrs(&args[0])?;
    Ok(Value::list(a.values().cloned().collect()))
}

/// A name argument, borrowed when it is UTF-8 (as it nearly always is):
/// `getAttr` and `hasAttr` then look it up without a copy.
fn name(v: &Value) -> Result<std::borrow::Cow<'_, str>> {
    match v {
        Value::String(s) => {
            super::context::reject_context(s)?;
            Ok(s.to_str_lossy())
        }
        other => Err(type_error("a string", other)),
    }
}

pub fn get_attr(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = name(&args[0])?;
    let set = st.force(&args[1])?;
    let a = attrs(&set)?;
    match a.get(&name) {
        Some(v) => st.force(v),
        None => Err(missing_attr(Symbol::new(&name))),
    }
}

pub fn has_attr(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = name(&args[0])?;
    let set = st.force(&args[1])?;
    Ok(Value::Bool(attrs(&set)?.contains(&name)))
}

pub fn remove_attrs(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = attrs(&args[0])?;
    let names = match &st.force(&args[1])? {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let names = names.iter().map(|n| st.force_str(n)).collect::<Result<Vec<_>>>()?;
    Ok(match a.without(names.iter().map(String::as_str)) {
        Some(out) => Value::attrs(out),
        None => args[0].clone(),
    })
}

pub fn list_to_attrs(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let list = match &args[0] {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let mut entries: Vec<(Symbol, Value)> = Vec::with_capacity(list.len());
    for item in list.iter() {
        let item = st.force_attrs(item)?;
        let name = item
            .get("name")
            .cloned()
            .ok_or_else(|| missing_attr(Symbol::new("name")))?;
        let name = st.force_str(&name)?;
        let value = item
            .get("value")
            .cloned()
            .ok_or_else(|| missing_attr(Symbol::new("value")))?;
        entries.push((Symbol::new(&name), value));
    }
    // The first occurrence of a name wins.
    entries.reverse();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

pub fn intersect_attrs(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = attrs(&args[0])?;
    let second = st.force(&args[1])?;
    let b = attrs(&second)?;
    let entries = b
        .iter()
        .filter(|(n, _)| a.get_sym(*n).is_some())
        .map(|(n, v)| (n, v.clone()));
    Ok(Value::attrs(Attrs::from_sorted(entries.collect())))
}

pub fn cat_attrs(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = string(&args[0])?;
    let list = match &st.force(&args[1])? {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let mut out = Vec::new();
    for item in list.iter() {
        if let Some(v) = st.force_attrs(item)?.get(&name) {
            out.push(v.clone());
        }
    }
    Ok(Value::list(out))
}

pub fn map_attrs(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = attrs(&args[1])?;
    let f = args[0].clone();
    let entries = a
        .iter()
        .map(|(n, v)| {
            let partial = Value::Thunk(st.defer(f.clone(), Value::String(NixString::from_symbol(n))));
            (n, Value::Thunk(st.defer(partial, v.clone())))
        })
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

pub fn zip_attrs_with(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_function(&args[0])?;
    let list = match &st.force(&args[1])? {
        Value::List(l) => l.clone(),
        other => return Err(type_error("a list", other)),
    };
    let mut grouped: std::collections::BTreeMap<Symbol, Vec<Value>> = Default::default();
    for item in list.iter() {
        for (n, v) in st.force_attrs(item)?.iter() {
            grouped.entry(n).or_default().push(v.clone());
        }
    }
    let f = args[0].clone();
    let entries = grouped
        .into_iter()
        .map(|(n, values)| {
            let partial = Value::Thunk(st.defer(f.clone(), Value::String(NixString::from_symbol(n))));
            (n, Value::Thunk(st.defer(partial, Value::list(values))))
        })
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

pub fn function_args(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Lambda(c) => match &c.lambda.param {
            Param::Ident(_) => Ok(Value::attrs(Attrs::new())),
            Param::Pattern { formals, .. } => {
                // Each name keeps its position, as in C++ Nix.
                let mut sorted: Vec<&crate::ir::Formal> = formals.iter().collect();
                sorted.sort_by_key(|f| f.name);
                let entries = sorted
                    .iter()
                    .map(|f| (f.name, Value::Bool(f.default.is_some())))
                    .collect();
                let positions = crate::value::Positions::new(sorted.iter().map(|f| (f.name, f.span)).collect());
                Ok(Value::attrs(Attrs::from_sorted_with_positions(entries, &positions)))
            }
        },
        Value::PrimOp(_) | Value::PrimOpApp(_) => Ok(Value::attrs(Attrs::new())),
        _ => Err(Error::msg("'functionArgs' requires a function")),
    }
}

/// `unsafeGetAttrPos name set`: where the attribute was defined, as
/// `{ file; line; column; }`, or null if unknown (sets not made from a
/// literal).
pub fn unsafe_get_attr_pos(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = string(&args[0])?;
    let set = st.force(&args[1])?;
    let set = attrs(&set)?;
    Ok(match set.position(&name) {
        Some(span) => st.pos_value(span),
        None => Value::Null,
    })
}
