//! Printing values the way `nix repl` prints them.
//!
//! `nix-instantiate --eval` prints a value on one line and shows what it has
//! not evaluated as `<CODE>`. The C++ `nix repl` prints differently, and a
//! Nix user expects the REPL to look like it:
//!
//! - a bare expression is forced one level deep: the top value and the
//!   values of its attributes or elements are evaluated, anything nested
//!   deeper is shown as `{ ... }` or `[ ... ]` without evaluating it;
//! - `:p` forces and prints everything;
//! - sets with more than one attribute, or one attribute holding a set, a
//!   list or an unevaluated value, are spread over several lines, indented
//!   by two spaces (lists likewise);
//! - functions show where they were defined (`«lambda f @ file:line:col»`),
//!   builtins as `«primop map»`, derivations as `«derivation /nix/store/…drv»`,
//!   a value already printed on the way down as `«repeated»`;
//! - an error while evaluating a nested value is shown in place as
//!   `«error: message»`; only an error of the top value aborts the print;
//! - colours follow the C++ REPL: numbers, Booleans and null cyan, strings
//!   magenta, paths and derivations green, functions blue, errors red.
//!
//! The layout rules and colours were read off `nix repl` 2.26 output.

use std::collections::HashSet;
use std::rc::Rc;

use engine::error::Result;
use engine::print::{escape_bytes, format_float, quote_attr_name};
use engine::value::Attrs;
use engine::{EvalState, Value};

/// How deep to force and print, and whether to colour.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Containers deeper than this print as `{ ... }` / `[ ... ]`, unforced.
    pub max_depth: usize,
    /// ANSI colours.
    pub color: bool,
    /// A top-level string prints raw (`:p "a\nb"` prints two lines).
    pub raw_top_string: bool,
}

impl Style {
    /// A bare expression: one level, like `nix repl`.
    pub fn shallow(color: bool) -> Style {
        Style {
            max_depth: 1,
            color,
            raw_top_string: false,
        }
    }

    /// `:p`: everything.
    pub fn deep(color: bool) -> Style {
        Style {
            max_depth: usize::MAX,
            color,
            raw_top_string: true,
        }
    }
}

const CYAN: &str = "\x1b[36;1m";
const MAGENTA: &str = "\x1b[35;1m";
const GREEN: &str = "\x1b[32;1m";
const BLUE: &str = "\x1b[34;1m";
const RED: &str = "\x1b[31;1m";
const RESET: &str = "\x1b[0m";

/// Prints `v` for the REPL. An error forcing `v` itself is returned; errors
/// in nested values are printed in place.
pub fn print(st: &mut EvalState, v: &Value, style: Style) -> Result<String> {
    let v = st.force(v)?;
    if style.raw_top_string {
        if let Value::String(s) = &v {
            return Ok(s.to_str_lossy().into_owned());
        }
    }
    let mut p = Printer {
        st,
        style,
        out: String::new(),
        seen: HashSet::new(),
        indent: 0,
    };
    p.value_forced(&v, 0);
    // Ctrl-C while printing stops the print, not just the value it hit.
    if engine::guard::interrupted() {
        return Err(engine::Error::new(engine::error::ErrorKind::Interrupted, None));
    }
    Ok(p.out)
}

struct Printer<'a> {
    st: &'a mut EvalState,
    style: Style,
    out: String,
    /// Sets and lists already printed, by address, for `«repeated»`.
    seen: HashSet<usize>,
    indent: usize,
}

impl Printer<'_> {
    fn colored(&mut self, color: &str, text: &str) {
        if self.style.color {
            self.out.push_str(color);
            self.out.push_str(text);
            self.out.push_str(RESET);
        } else {
            self.out.push_str(text);
        }
    }

    /// Forces `v` (in place of an error, prints `«error: …»`) and prints it.
    fn value(&mut self, v: &Value, depth: usize) {
        match self.st.force(v) {
            Ok(v) => self.value_forced(&v, depth),
            Err(e) => {
                let text = format!("«error: {}»", e.message());
                self.colored(RED, &text);
            }
        }
    }

    fn value_forced(&mut self, v: &Value, depth: usize) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.value_inner(v, depth))
    }

    fn value_inner(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Null => self.colored(CYAN, "null"),
            Value::Bool(b) => self.colored(CYAN, if *b { "true" } else { "false" }),
            Value::Int(i) => self.colored(CYAN, &i.to_string()),
            Value::Float(f) => self.colored(CYAN, &format_float(*f)),
            Value::String(s) => {
                let text = String::from_utf8_lossy(&escape_bytes(s.as_bytes())).into_owned();
                self.colored(MAGENTA, &text);
            }
            Value::Path(p) => {
                let p = p.to_string();
                self.colored(GREEN, &p);
            }
            Value::Attrs(attrs) => self.attrs(attrs, depth),
            Value::List(items) => self.list(items, depth),
            Value::Lambda(c) => {
                let l = &c.lambda;
                let text = match l.name {
                    Some(n) => format!("«lambda {n} @ {}»", l.position),
                    None => format!("«lambda @ {}»", l.position),
                };
                self.colored(BLUE, &text);
            }
            Value::PrimOp(op) => {
                let text = format!("«primop {}»", op.name);
                self.colored(BLUE, &text);
            }
            Value::PrimOpApp(app) => {
                let text = format!("«partially applied primop {}»", app.op.name);
                self.colored(BLUE, &text);
            }
            // `value` forces before calling this; a thunk here was handed in
            // unforced on purpose.
            Value::Thunk(_) => self.colored(MAGENTA, "«thunk»"),
        }
    }

    /// `«derivation /nix/store/…drv»` when `attrs` is a derivation.
    fn derivation(&mut self, attrs: &Attrs) -> bool {
        if !matches!(self.st.is_derivation(attrs), Ok(true)) {
            return false;
        }
        let path = attrs.get("drvPath").cloned().and_then(|p| match self.st.force(&p) {
            Ok(Value::String(s)) => Some(s.to_str_lossy().into_owned()),
            _ => None,
        });
        let text = match path {
            Some(p) => format!("«derivation {p}»"),
            None => "«derivation»".to_owned(),
        };
        self.colored(GREEN, &text);
        true
    }

    fn attrs(&mut self, attrs: &Rc<Attrs>, depth: usize) {
        if !attrs.is_empty() && !self.seen.insert(Rc::as_ptr(attrs) as usize) {
            self.colored(MAGENTA, "«repeated»");
            return;
        }
        if self.derivation(attrs) {
            return;
        }
        if depth >= self.style.max_depth {
            self.out.push_str("{ ... }");
            return;
        }
        let pretty = spread(attrs.len(), attrs.values().next());
        self.indent += 2;
        self.out.push('{');
        for (name, value) in attrs.iter() {
            self.space(pretty);
            self.out.push_str(&quote_attr_name(name.as_str()));
            self.out.push_str(" = ");
            self.value(value, depth + 1);
            self.out.push(';');
        }
        self.indent -= 2;
        self.space(pretty);
        self.out.push('}');
    }

    fn list(&mut self, items: &Rc<Vec<Value>>, depth: usize) {
        if !items.is_empty() && !self.seen.insert(Rc::as_ptr(items) as usize) {
            self.colored(MAGENTA, "«repeated»");
            return;
        }
        if depth >= self.style.max_depth {
            self.out.push_str("[ ... ]");
            return;
        }
        let pretty = spread(items.len(), items.first());
        self.indent += 2;
        self.out.push('[');
        for item in items.iter() {
            self.space(pretty);
            self.value(item, depth + 1);
        }
        self.indent -= 2;
        self.space(pretty);
        self.out.push(']');
    }

    fn space(&mut self, pretty: bool) {
        if pretty {
            self.out.push('\n');
            self.out.extend(std::iter::repeat_n(' ', self.indent));
        } else {
            self.out.push(' ');
        }
    }
}

/// Whether a container goes over several lines: more than one item, or one
/// item that is itself a container or not evaluated yet (the check looks at
/// the item before forcing it, as C++ Nix does).
fn spread(len: usize, first: Option<&Value>) -> bool {
    match len {
        0 => false,
        1 => match first {
            Some(Value::Attrs(_) | Value::List(_)) => true,
            Some(Value::Thunk(t)) => !matches!(t.value(), Some(v) if is_scalar(&v)),
            _ => false,
        },
        _ => true,
    }
}

/// A value that prints on one line by itself.
fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Attrs(_) | Value::List(_) | Value::Thunk(_))
}

/// The description `:t` prints, worded like `nix repl`'s.
pub fn type_description(v: &Value) -> String {
    v.type_desc().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str, style: Style) -> String {
        let mut ev = engine::Evaluator::builder().build();
        let v = ev.eval_expr(src, "/").expect("evaluates");
        print(&mut ev.state, &v, style).expect("prints")
    }

    // Expected strings below are `nix repl` 2.26's output for the same input.
    #[test]
    fn shallow_forces_one_level() {
        assert_eq!(
            show(
                "{ a = 1+1; b = throw \"x\"; c = { d = 1+1; }; e = [ (1+1) ]; }",
                Style::shallow(false)
            ),
            "{\n  a = 2;\n  b = «error: x»;\n  c = { ... };\n  e = [ ... ];\n}"
        );
        assert_eq!(show("let x = { y = 1; }; in x", Style::shallow(false)), "{ y = 1; }");
        assert_eq!(
            show("let x = [1]; in [x x]", Style::shallow(false)),
            "[\n  [ ... ]\n  «repeated»\n]"
        );
    }

    #[test]
    fn deep_spreads_nested_containers() {
        assert_eq!(
            show("{ a = [ 1 ]; b = [ {x=1;} ]; c = { d = [1]; }; e = { f = 1; }; i = { }; }", Style::deep(false)),
            "{\n  a = [ 1 ];\n  b = [\n    { x = 1; }\n  ];\n  c = {\n    d = [ 1 ];\n  };\n  e = { f = 1; };\n  i = { };\n}"
        );
        assert_eq!(show("\"raw\\nstr\"", Style::deep(false)), "raw\nstr");
        assert_eq!(show("\"esc\\n\\${x}\"", Style::shallow(false)), "\"esc\\n\\${x}\"");
    }

    #[test]
    fn colours_follow_nix_repl() {
        assert_eq!(
            show("[ 1 \"s\" ]", Style::shallow(true)),
            "[\n  \x1b[36;1m1\x1b[0m\n  \x1b[35;1m\"s\"\x1b[0m\n]"
        );
    }

    #[test]
    fn types_are_worded_like_nix_repl() {
        let mut ev = engine::Evaluator::builder().build();
        for (src, want) in [
            ("1", "an integer"),
            ("builtins.map", "the built-in function 'map'"),
            ("x: x", "a function"),
            ("{}", "a set"),
            ("null", "null"),
            ("true", "a Boolean"),
        ] {
            let v = ev.eval_expr(src, "/").expect("evaluates");
            assert_eq!(type_description(&v), want, "{src}");
        }
    }
}
