//! Errors, tracing and evaluation order.

use crate::error::{Error, ErrorKind, Result};
use crate::eval::{CoerceMode, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Value};

pub fn throw(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    // A path in the message is copied to the store, as in C++ Nix.
    let msg = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    Err(Error::new(ErrorKind::Throw(msg.to_str_lossy().into_owned()), None))
}

pub fn abort(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let msg = st.coerce_to_string(&args[0], CoerceMode::Interpolation, true)?;
    Err(Error::new(ErrorKind::Abort(msg.to_str_lossy().into_owned()), None))
}

pub fn try_eval(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (success, value) = match st.force(&args[0]) {
        Ok(v) => (true, v),
        Err(e) if e.is_catchable() => (false, Value::Bool(false)),
        Err(e) => return Err(e),
    };
    Ok(Value::attrs(Attrs::from_sorted(vec![
        (Symbol::new("success"), Value::Bool(success)),
        (Symbol::new("value"), value),
    ])))
}

pub fn seq(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force(&args[1])
}

pub fn deep_seq(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force_deep(&args[0])?;
    st.force(&args[1])
}

pub fn trace(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    // As C++ Nix: the value is forced to weak head normal form only.
    let shown = match st.force(&args[0])? {
        Value::String(s) => s.to_str_lossy().into_owned(),
        v => crate::print::trace_repr(&v),
    };
    (st.sinks.trace)(&shown);
    st.force(&args[1])
}

pub fn trace_verbose(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force(&args[1])
}

pub fn warn(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let msg = match &args[0] {
        Value::String(s) => s.to_str_lossy().into_owned(),
        other => return Err(crate::eval::type_error("a string", other)),
    };
    st.warn(&msg);
    if st.abort_on_warn {
        return Err(crate::error::Error::msg(
            "aborting to reveal stack trace of warning, as abort-on-warn is set",
        ));
    }
    st.force(&args[1])
}

pub fn add_error_context(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    match st.force(&args[1]) {
        Ok(v) => Ok(v),
        Err(e) => {
            let ctx = st.coerce_to_string(&args[0], CoerceMode::Interpolation, false)?;
            Err(e.context(ctx.to_str_lossy().into_owned(), None))
        }
    }
}

pub fn break_(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.force(&args[0])
}
