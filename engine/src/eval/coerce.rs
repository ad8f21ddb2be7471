//! Coercion to strings: interpolation, `+` on strings and `toString`.

use super::EvalState;
use crate::error::{Error, Result};
use crate::ir::StrPart;
use crate::lower::canonicalise;
use crate::value::{Context, ContextElem, Env, NixString, Shared, Value};

/// How permissive a coercion is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CoerceMode {
    /// `"${x}"` and `+`: strings, paths and sets with `__toString`/`outPath`.
    Interpolation,
    /// `builtins.toString`: also numbers, Booleans, null and lists.
    ToString,
}

impl EvalState {
    /// Coerces a value to a string. Paths are copied to the store when
    /// `copy_to_store` is set, and kept as they are otherwise.
    pub fn coerce_to_string(&mut self, v: &Value, mode: CoerceMode, copy_to_store: bool) -> Result<NixString> {
        let v = self.force(v)?;
        Ok(match &v {
            Value::String(s) => s.clone(),
            Value::Path(p) => {
                if copy_to_store {
                    let store_path = self.copy_path_to_store(p)?;
                    let mut ctx = Context::new();
                    ctx.insert(ContextElem::Opaque(store_path.clone()));
                    NixString::new(store_path.into_bytes(), ctx)
                } else {
                    NixString::from(&**p)
                }
            }
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get("__toString") {
                    let f = f.clone();
                    let f = self.force(&f)?;
                    let result = self.call(&f, v.clone(), None)?;
                    return self.coerce_to_string(&result, mode, copy_to_store);
                }
                if let Some(out) = attrs.get("outPath") {
                    let out = out.clone();
                    return self.coerce_to_string(&out, mode, copy_to_store);
                }
                return Err(self.cannot_coerce(&v));
            }
            _ if mode == CoerceMode::Interpolation => return Err(self.cannot_coerce(&v)),
            Value::Null => NixString::from(""),
            Value::Bool(true) => NixString::from("1"),
            Value::Bool(false) => NixString::from(""),
            Value::Int(i) => NixString::from(i.to_string()),
            Value::Float(f) => NixString::from(format!("{f:.6}")),
            Value::List(items) => {
                let mut bytes = Vec::new();
                let mut ctx = Context::new();
                for (i, item) in items.iter().enumerate() {
                    let s = self.nest(|st| st.coerce_to_string(item, mode, copy_to_store))?;
                    bytes.extend_from_slice(s.as_bytes());
                    ctx.extend(s.context().iter().cloned());
                    let empty_list = matches!(self.force(item)?, Value::List(l) if l.is_empty());
                    if i + 1 < items.len() && !empty_list {
                        bytes.push(b' ');
                    }
                }
                NixString::new(bytes, ctx)
            }
            _ => return Err(self.cannot_coerce(&v)),
        })
    }

    fn cannot_coerce(&self, v: &Value) -> Box<Error> {
        Error::msg(format!(
            "cannot coerce {} to a string: {}",
            v.type_desc(),
            crate::print::error_repr(v)
        ))
    }

    /// A string interpolation, or a path with interpolated segments.
    #[inline(never)]
    pub(super) fn interpolate(&mut self, env: &Shared<Env>, parts: &[StrPart], path: bool) -> Result<Value> {
        // Coerce every part first, so that the result is built in one
        // allocation of the right size.
        let mut pieces: smallvec::SmallVec<[NixString; 4]> = smallvec::SmallVec::new();
        let mut len = 0;
        for part in parts {
            if let StrPart::Interp(e) = part {
                let v = self.eval(env, e)?;
                let s = self
                    .coerce_to_string(&v, CoerceMode::Interpolation, !path)
                    .map_err(|err| err.at(e.span).context("while evaluating a path segment", Some(e.span)))?;
                len += s.len();
                pieces.push(s);
            } else if let StrPart::Literal(s) = part {
                len += s.len();
            }
        }
        let mut bytes = Vec::with_capacity(len);
        let mut ctx = Context::new();
        let mut pieces = pieces.into_iter();
        for part in parts {
            match part {
                StrPart::Literal(s) => bytes.extend_from_slice(s.as_bytes()),
                StrPart::Interp(_) => {
                    let s = pieces.next().expect("one piece per interpolation");
                    bytes.extend_from_slice(s.as_bytes());
                    if s.has_context() {
                        ctx.extend(s.context().iter().cloned());
                    }
                }
            }
        }
        if path {
            if !ctx.is_empty() {
                return Err(Error::msg(
                    "a string that refers to a store path cannot be appended to a path",
                ));
            }
            let text = String::from_utf8_lossy(&bytes);
            Ok(Value::Path(canonicalise(&text).into()))
        } else {
            Ok(Value::String(NixString::new(bytes, ctx)))
        }
    }
}
