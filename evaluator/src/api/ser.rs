//! Rust data into Nix: any [`serde::Serialize`] value becomes a Nix value,
//! so a host can call a Nix function with a struct argument.
//!
//! The mapping is the one [`super::de`] reads back, and the one JSON has:
//! unit and `None` are `null`, structs and maps are sets, sequences and
//! tuples are lists, a unit enum variant is a string and any other variant
//! a set with one attribute named after it (`Tcp(80)` is `{ Tcp = 80; }`).
//! Integers become Nix integers; an unsigned one above `i64::MAX`, which
//! Nix cannot hold, is an error rather than a float.

use engine::symbol::Symbol;
use engine::value::Attrs;

use crate::support::error::{Error, ErrorKind};

/// Converts `data` into an engine value.
pub(crate) fn to_engine<T: serde::Serialize + ?Sized>(data: &T) -> Result<engine::Value, Error> {
    let json = serde_json::to_value(data).map_err(|e| {
        Error::message(
            ErrorKind::Type,
            format!("cannot convert the Rust value to Nix: {e}"),
            Some("map keys must be strings; every other serde type has a Nix counterpart".into()),
        )
    })?;
    from_json(&json, &mut Vec::new())
}

/// A JSON value (from serde) as a Nix value; `path` is where it sits, for
/// errors.
fn from_json(json: &serde_json::Value, path: &mut Vec<String>) -> Result<engine::Value, Error> {
    use serde_json::Value as J;
    Ok(match json {
        J::Null => engine::Value::Null,
        J::Bool(b) => engine::Value::Bool(*b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => engine::Value::Int(i),
            (None, Some(_)) if n.is_u64() => {
                let at = if path.is_empty() {
                    "the value".to_owned()
                } else {
                    format!("'{}'", path.join("."))
                };
                return Err(Error::message(
                    ErrorKind::Type,
                    format!("{at} is {n}, which does not fit in a Nix integer (64-bit signed)"),
                    None,
                ));
            }
            (None, Some(f)) => engine::Value::Float(f),
            (None, None) => {
                return Err(Error::message(
                    ErrorKind::Type,
                    format!("{n} is not a Nix number"),
                    None,
                ))
            }
        },
        J::String(s) => engine::Value::string(s.as_str()),
        J::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                out.push(from_json(item, path)?);
                path.pop();
            }
            engine::Value::list(out)
        }
        J::Object(map) => {
            let mut out = Vec::with_capacity(map.len());
            for (name, item) in map {
                path.push(name.clone());
                out.push((Symbol::new(name), from_json(item, path)?));
                path.pop();
            }
            engine::Value::attrs(Attrs::from_unsorted(out))
        }
    })
}
