//! JSON: `toJSON`, `fromJSON`, and `--json` output.

use std::fmt::Write;

use crate::error::{Error, Result};
use crate::eval::{CoerceMode, EvalState};
use crate::value::Value;

/// Serialises a value as `builtins.toJSON` does, forcing as it goes.
pub fn to_json_string(st: &mut EvalState, v: &Value) -> Result<String> {
    let mut out = String::new();
    write_json(st, v, &mut out)?;
    Ok(out)
}

fn write_json(st: &mut EvalState, v: &Value, out: &mut String) -> Result<()> {
    let v = st.force(v)?;
    match &v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{}", json_float(*f));
        }
        Value::String(s) => escape_json(&s.to_str_lossy(), out),
        Value::Path(p) => {
            let s = st.coerce_to_string(&v, CoerceMode::Interpolation, true)?;
            let _ = p;
            escape_json(&s.to_str_lossy(), out)
        }
        Value::Attrs(attrs) => {
            if let Some(f) = attrs.get("__toString") {
                let _ = f;
                let s = st.coerce_to_string(&v, CoerceMode::Interpolation, true)?;
                escape_json(&s.to_str_lossy(), out);
                return Ok(());
            }
            if let Some(p) = attrs.get("outPath") {
                let p = p.clone();
                return write_json(st, &p, out);
            }
            out.push('{');
            for (i, (name, value)) in attrs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape_json(name.as_str(), out);
                out.push(':');
                write_json(st, value, out)
                    .map_err(|e| e.context(format!("while evaluating attribute '{name}'"), None))?;
            }
            out.push('}');
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(st, item, out)
                    .map_err(|e| e.context(format!("while evaluating list element at index {i}"), None))?;
            }
            out.push(']');
        }
        other => {
            return Err(Error::msg(format!(
                "cannot convert {} to JSON",
                other.type_desc()
            )))
        }
    }
    Ok(())
}

/// Floats in JSON as nlohmann::json writes them: the shortest text that
/// reads back to the same double.
fn json_float(f: f64) -> String {
    if f.is_finite() && f == f.trunc() && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

fn escape_json(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
