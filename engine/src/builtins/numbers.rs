//! Type predicates and arithmetic.

use crate::error::Result;
use crate::eval::{type_error, EvalState};
use crate::ir::BinOp;
use crate::value::Value;

pub fn type_of(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::string(args[0].type_of()))
}

macro_rules! predicate {
    ($name:ident, $pat:pat) => {
        pub fn $name(_: &mut EvalState, args: &[Value]) -> Result<Value> {
            Ok(Value::Bool(matches!(args[0], $pat)))
        }
    };
}

predicate!(is_null, Value::Null);
predicate!(is_bool, Value::Bool(_));
predicate!(is_int, Value::Int(_));
predicate!(is_float, Value::Float(_));
predicate!(is_string, Value::String(_));
predicate!(is_path, Value::Path(_));
predicate!(is_attrs, Value::Attrs(_));
predicate!(is_list, Value::List(_));
predicate!(is_function, Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_));

fn number(v: &Value) -> Result<()> {
    match v {
        Value::Int(_) | Value::Float(_) => Ok(()),
        other => Err(type_error("an integer", other)),
    }
}

pub fn add(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    number(&args[0])?;
    number(&args[1])?;
    st.arith(BinOp::Add, args[0].clone(), args[1].clone())
}

pub fn sub(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.arith(BinOp::Sub, args[0].clone(), args[1].clone())
}

pub fn mul(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.arith(BinOp::Mul, args[0].clone(), args[1].clone())
}

pub fn div(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    st.arith(BinOp::Div, args[0].clone(), args[1].clone())
}

pub fn less_than(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::Bool(st.compare(&args[0], &args[1])? == std::cmp::Ordering::Less))
}

fn int(v: &Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(type_error("an integer", other)),
    }
}

pub fn bit_and(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = int(&args[0])?;
    Ok(Value::Int(a & int(&st.force(&args[1])?)?))
}

pub fn bit_or(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = int(&args[0])?;
    Ok(Value::Int(a | int(&st.force(&args[1])?)?))
}

pub fn bit_xor(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let a = int(&args[0])?;
    Ok(Value::Int(a ^ int(&st.force(&args[1])?)?))
}

fn round(v: &Value, f: fn(f64) -> f64) -> Result<Value> {
    match v {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Float(x) => {
            let r = f(*x);
            // C++ Nix converts with a plain cast, which on x86-64 gives the
            // "integer indefinite" value for anything out of range (and NaN).
            if r.is_finite() && r >= i64::MIN as f64 && r < i64::MAX as f64 {
                Ok(Value::Int(r as i64))
            } else {
                Ok(Value::Int(i64::MIN))
            }
        }
        other => Err(type_error("a float", other)),
    }
}

pub fn ceil(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    round(&args[0], f64::ceil)
}

pub fn floor(_: &mut EvalState, args: &[Value]) -> Result<Value> {
    round(&args[0], f64::floor)
}
