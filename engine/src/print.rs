//! Printing values as `nix-instantiate --eval` does, and as C++ Nix shows
//! them inside error messages.

use std::collections::HashSet;
use std::io::Write;

use crate::error::Result;
use crate::eval::EvalState;
use crate::value::Value;

/// Quotes and escapes a string the way Nix prints string values.
pub fn escape_string(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&escape_bytes(bytes)).into_owned()
}

/// [`escape_string`] on raw bytes: Nix strings need not be UTF-8.
pub fn escape_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'"');
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if bytes.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            b => out.push(b),
        }
        i += 1;
    }
    out.push(b'"');
    out
}

/// Formats a float like C's `printf("%g")`, which is how Nix prints floats.
pub fn format_float(x: f64) -> String {
    format_g(x, 6)
}

fn format_g(x: f64, precision: usize) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let p = precision.max(1);
    // Scientific rendering fixes the exponent after rounding to p digits.
    let sci = format!("{:.*e}", p - 1, x);
    let (mantissa, exp) = sci.split_once('e').expect("Rust always writes an exponent");
    let exp: i32 = exp.parse().expect("valid exponent");
    if exp < -4 || exp >= p as i32 {
        let mantissa = trim_fraction(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        trim_fraction(&format!("{x:.decimals$}")).to_owned()
    }
}

fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// How a value is printed.
#[derive(Clone, Copy)]
pub struct PrintOptions {
    /// Force thunks while printing (`--strict` has forced them already).
    pub force: bool,
    /// `nix-instantiate --eval`'s spelling (`<LAMBDA>`, `<CODE>`) rather
    /// than the one of messages (`«lambda @ f.nix:1:2»`, `«thunk»`).
    pub instantiate: bool,
    /// Show a function inside a set or list as not evaluated. The engine
    /// never suspends a lambda literal (it is as cheap to make as a thunk),
    /// where C++ Nix does: when nothing is forced while printing, its
    /// nested functions are unevaluated thunks there.
    pub nested_lambdas_unevaluated: bool,
    /// Limits for error messages; `usize::MAX` for full output.
    pub max_items: usize,
    /// Longer strings are cut.
    pub max_string: usize,
    /// Deeper values are elided.
    pub max_depth: usize,
}

impl PrintOptions {
    /// `nix-instantiate --eval` output.
    pub const OUTPUT: PrintOptions = PrintOptions {
        force: false,
        instantiate: true,
        nested_lambdas_unevaluated: false,
        max_items: usize::MAX,
        max_string: usize::MAX,
        max_depth: usize::MAX,
    };
    /// Values quoted in error messages.
    pub const ERROR: PrintOptions = PrintOptions {
        force: false,
        instantiate: false,
        nested_lambdas_unevaluated: false,
        max_items: 10,
        max_string: 1024,
        max_depth: 10,
    };
    /// `builtins.trace` of a value: as it is, whole.
    pub const TRACE: PrintOptions = PrintOptions {
        force: false,
        instantiate: false,
        nested_lambdas_unevaluated: true,
        max_items: usize::MAX,
        max_string: usize::MAX,
        max_depth: usize::MAX,
    };
}

/// What `nix-instantiate` without `--strict` finds where it prints or
/// converts `v` (`nested` inside a set or list): the value, or `None` where
/// C++ Nix still holds a thunk: a thunk not evaluated yet, or a function
/// inside a set or list (see [`PrintOptions::nested_lambdas_unevaluated`]).
pub fn as_evaluated(v: &Value, nested: bool) -> Option<Value> {
    match v {
        Value::Thunk(t) => t.value().and_then(|v| as_evaluated(&v, nested)),
        Value::Lambda(_) if nested => None,
        v => Some(v.clone()),
    }
}

/// A line as C++ Nix's logger writes it to stderr: each tab becomes the
/// spaces up to the next multiple of 8 columns, counted from the line's
/// start over every character but newlines (a multi-line message goes on
/// counting), and carriage returns are dropped.
pub fn as_logged(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(['\t', '\r']) {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0usize;
    for c in line.chars() {
        match c {
            '\t' => loop {
                out.push(' ');
                column += 1;
                if column.is_multiple_of(8) {
                    break;
                }
            },
            '\r' => {}
            '\n' => out.push(c),
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out.into()
}

/// A value as `builtins.trace` shows it: in weak head normal form, with
/// what is not evaluated yet as `«thunk»`.
pub fn trace_repr(v: &Value) -> String {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    write_value(&mut out, v, PrintOptions::TRACE, 0, &mut seen);
    String::from_utf8_lossy(&out).into_owned()
}

/// A value as C++ Nix quotes it in error messages, without forcing.
pub fn error_repr(v: &Value) -> String {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    write_value(&mut out, v, PrintOptions::ERROR, 0, &mut seen);
    String::from_utf8_lossy(&out).into_owned()
}

/// A value as `nix-instantiate --eval` prints it; thunks that are still
/// unevaluated print as `<CODE>` (only without `--strict`).
pub fn print_value(state: &mut EvalState, v: &Value, strict: bool) -> Result<Vec<u8>> {
    let v = if strict { state.force_deep(v)? } else { state.force(v)? };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let opts = PrintOptions {
        nested_lambdas_unevaluated: !strict,
        ..PrintOptions::OUTPUT
    };
    write_value(&mut out, &v, opts, 0, &mut seen);
    Ok(out)
}

fn write_value(out: &mut Vec<u8>, v: &Value, opts: PrintOptions, depth: usize, seen: &mut HashSet<usize>) {
    write_held(out, v, None, opts, depth, seen)
}

/// Writes `v`; `holder` identifies the thunk it was reached through, if any.
///
/// C++ Nix marks a set or list as `«repeated»` by the address of its
/// contents. Lists of one or two elements are stored inside the value
/// itself there, so they repeat only when the very same value (for us, the
/// same thunk) is printed twice; longer lists and sets repeat whenever
/// their contents are shared.
fn write_held(
    out: &mut Vec<u8>,
    v: &Value,
    holder: Option<usize>,
    opts: PrintOptions,
    depth: usize,
    seen: &mut HashSet<usize>,
) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        write_inner(out, v, holder, opts, depth, seen)
    })
}

fn write_inner(
    out: &mut Vec<u8>,
    v: &Value,
    holder: Option<usize>,
    opts: PrintOptions,
    depth: usize,
    seen: &mut HashSet<usize>,
) {
    let output = opts.instantiate;
    match v {
        Value::Null => out.extend_from_slice("null".as_bytes()),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.extend_from_slice(format_float(*f).as_bytes()),
        Value::String(s) => {
            let bytes = s.as_bytes();
            if bytes.len() > opts.max_string {
                out.extend_from_slice(&escape_bytes(&bytes[..opts.max_string]));
                let _ = write!(out, " «{} bytes elided»", bytes.len() - opts.max_string);
            } else {
                out.extend_from_slice(&escape_bytes(bytes));
            }
        }
        Value::Path(p) => out.extend_from_slice(p.as_bytes()),
        Value::Attrs(attrs) => {
            if attrs.is_empty() {
                out.extend_from_slice("{ }".as_bytes());
                return;
            }
            if !seen.insert(std::rc::Rc::as_ptr(attrs) as usize) {
                out.extend_from_slice("«repeated»".as_bytes());
                return;
            }
            if depth >= opts.max_depth {
                out.extend_from_slice("{ ... }".as_bytes());
                return;
            }
            out.extend_from_slice("{ ".as_bytes());
            for (i, (name, value)) in attrs.iter().enumerate() {
                if i >= opts.max_items {
                    let n = attrs.len() - i;
                    let _ = write!(out, "«{n} attribute{} elided» ", if n == 1 { "" } else { "s" });
                    break;
                }
                out.extend_from_slice(quote_attr_name(name.as_str()).as_bytes());
                out.extend_from_slice(" = ".as_bytes());
                write_value(out, value, opts, depth + 1, seen);
                out.extend_from_slice("; ".as_bytes());
            }
            out.push(b'}');
        }
        Value::List(items) => {
            if items.is_empty() {
                out.extend_from_slice("[ ]".as_bytes());
                return;
            }
            let identity = if items.len() <= 2 {
                holder
            } else {
                Some(std::rc::Rc::as_ptr(items) as usize)
            };
            if identity.is_some_and(|id| !seen.insert(id)) {
                out.extend_from_slice("«repeated»".as_bytes());
                return;
            }
            if depth >= opts.max_depth {
                out.extend_from_slice("[ ... ]".as_bytes());
                return;
            }
            out.extend_from_slice("[ ".as_bytes());
            for (i, item) in items.iter().enumerate() {
                if i >= opts.max_items {
                    let n = items.len() - i;
                    let _ = write!(out, "«{n} item{} elided» ", if n == 1 { "" } else { "s" });
                    break;
                }
                write_value(out, item, opts, depth + 1, seen);
                out.push(b' ');
            }
            out.push(b']');
        }
        Value::Lambda(_) if depth > 0 && opts.nested_lambdas_unevaluated => {
            out.extend_from_slice(if output { "<CODE>" } else { "«thunk»" }.as_bytes())
        }
        Value::Lambda(c) => {
            if output {
                out.extend_from_slice("<LAMBDA>".as_bytes())
            } else {
                let l = &c.lambda;
                match l.name {
                    Some(n) => {
                        let _ = write!(out, "«lambda {n} @ {}»", l.position);
                    }
                    None => {
                        let _ = write!(out, "«lambda @ {}»", l.position);
                    }
                }
            }
        }
        Value::PrimOp(op) => {
            if output {
                out.extend_from_slice("<PRIMOP>".as_bytes())
            } else {
                let _ = write!(out, "«primop {}»", op.name);
            }
        }
        Value::PrimOpApp(app) => {
            if output {
                out.extend_from_slice("<PRIMOP-APP>".as_bytes())
            } else {
                let _ = write!(out, "«partially applied primop {}»", app.op.name);
            }
        }
        Value::Thunk(t) => match t.value() {
            Some(v) => write_held(out, &v, Some(t.addr()), opts, depth, seen),
            None => out.extend_from_slice(if output { "<CODE>" } else { "«thunk»" }.as_bytes()),
        },
    }
}

/// Attribute names print bare when they are valid identifiers, quoted
/// otherwise.
pub fn quote_attr_name(name: &str) -> String {
    let mut chars = name.chars();
    let ident = match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        }
        _ => false,
    };
    if ident
        && !matches!(
            name,
            "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit"
        )
    {
        name.to_owned()
    } else {
        escape_string(name.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_printf_g() {
        for (x, s) in [
            (1.0, "1"),
            (0.1, "0.1"),
            (1.5e-7, "1.5e-07"),
            (1e21, "1e+21"),
            (123456789.0, "1.23457e+08"),
            (1234567.0, "1.23457e+06"),
            (0.000012345, "1.2345e-05"),
            (100.0, "100"),
            (1e6, "1e+06"),
            (2.5e-5, "2.5e-05"),
            (1.0 / 3.0, "0.333333"),
        ] {
            assert_eq!(format_float(x), s);
        }
    }
}
