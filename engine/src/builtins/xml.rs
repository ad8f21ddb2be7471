//! `toXML`: C++ Nix's XML rendering of values, byte for byte (layout,
//! attribute order and escapes of its `XMLWriter`).

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::ir::Param;
use crate::print::format_float;
use crate::value::{Attrs, Context, NixString, Value};

/// `toXML e`: the XML text of a value, depending on the store paths its
/// strings depend on.
pub fn to_xml(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (out, context) = document(st, &args[0], true, false)?;
    Ok(Value::String(NixString::new(out, context)))
}

/// `nix-instantiate --eval --xml`: the document `toXML` writes, but with
/// the source position of every attribute and function (`line`, `column`,
/// and `path` for a file), and, unless `strict`, what is not evaluated yet
/// as `<unevaluated />`.
pub fn to_xml_output(st: &mut EvalState, v: &Value, strict: bool) -> Result<Vec<u8>> {
    document(st, v, strict, true).map(|(out, _)| out)
}

fn document(st: &mut EvalState, v: &Value, strict: bool, location: bool) -> Result<(Vec<u8>, Context)> {
    let mut w = XmlWriter {
        out: Vec::new(),
        depth: 0,
        context: Context::new(),
        drvs_seen: BTreeSet::new(),
        strict,
        location,
    };
    w.out.extend_from_slice(b"<?xml version='1.0' encoding='utf-8'?>\n");
    w.open("expr", &[]);
    w.value(st, v)?;
    w.close("expr");
    Ok((w.out, w.context))
}

/// The largest document `toXML` writes: 1 GiB. (C++ Nix goes on, to 3.2 GB
/// for 20,000 nested sets; a cyclic value fills this long before the
/// nesting limit.)
const MAX_OUTPUT: usize = 1 << 30;

struct XmlWriter {
    out: Vec<u8>,
    /// How many elements are open (two spaces of indentation each).
    depth: usize,
    context: Context,
    /// Derivations already written in full; later ones are `<repeated />`.
    drvs_seen: BTreeSet<Vec<u8>>,
    /// Whether to force what is not evaluated yet.
    strict: bool,
    /// Whether to write source positions.
    location: bool,
}

impl XmlWriter {
    fn indent(&mut self) {
        self.out.extend(std::iter::repeat_n(b' ', self.depth * 2));
    }

    /// Attributes in name order, as C++ Nix keeps them in a `std::map`.
    fn attrs(&mut self, attrs: &[(&str, &[u8])]) {
        let mut attrs = attrs.to_vec();
        attrs.sort_by_key(|(name, _)| *name);
        for (name, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"=\"");
            for &c in value {
                match c {
                    b'"' => self.out.extend_from_slice(b"&quot;"),
                    b'<' => self.out.extend_from_slice(b"&lt;"),
                    b'>' => self.out.extend_from_slice(b"&gt;"),
                    b'&' => self.out.extend_from_slice(b"&amp;"),
                    // A raw newline would be normalised away by XML parsers.
                    b'\n' => self.out.extend_from_slice(b"&#xA;"),
                    c => self.out.push(c),
                }
            }
            self.out.push(b'"');
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &[u8])]) {
        self.indent();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.attrs(attrs);
        self.out.extend_from_slice(b">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b">\n");
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &[u8])]) {
        self.indent();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.attrs(attrs);
        self.out.extend_from_slice(b" />\n");
    }

    fn value(&mut self, st: &mut EvalState, v: &Value) -> Result<()> {
        st.nest(|st| self.value_nested(st, v))
    }

    fn value_nested(&mut self, st: &mut EvalState, v: &Value) -> Result<()> {
        // The output grows with the square of the nesting (indentation):
        // running out of memory must be an error, not an abort or the
        // kernel's OOM killer (allocations seldom fail under overcommit).
        if self.out.len() > MAX_OUTPUT {
            return Err(Error::msg("out of memory"));
        }
        self.out
            .try_reserve(self.depth * 4 + 4096)
            .map_err(|_| Error::msg("out of memory"))?;
        let v = if self.strict {
            st.force(v)?
        } else {
            // Inside `<expr>`, a set or a list is nested.
            match crate::print::as_evaluated(v, self.depth > 1) {
                Some(v) => v,
                None => {
                    self.empty("unevaluated", &[]);
                    return Ok(());
                }
            }
        };
        match &v {
            Value::Int(i) => self.empty("int", &[("value", i.to_string().as_bytes())]),
            Value::Bool(b) => self.empty("bool", &[("value", if *b { b"true" } else { b"false" })]),
            Value::String(s) => {
                self.context.extend(s.context().iter().cloned());
                self.empty("string", &[("value", s.as_bytes())]);
            }
            Value::Path(p) => self.empty("path", &[("value", p.as_bytes())]),
            Value::Null => self.empty("null", &[]),
            Value::Float(f) => self.empty("float", &[("value", format_float(*f).as_bytes())]),
            Value::Attrs(attrs) => {
                if st.is_derivation(attrs)? {
                    let drv_path = self.string_attr(st, attrs, "drvPath")?;
                    let out_path = self.string_attr(st, attrs, "outPath")?;
                    let mut xml_attrs: Vec<(&str, &[u8])> = Vec::new();
                    if let Some(p) = &drv_path {
                        xml_attrs.push(("drvPath", p));
                    }
                    if let Some(p) = &out_path {
                        xml_attrs.push(("outPath", p));
                    }
                    self.open("derivation", &xml_attrs);
                    let first_time = match drv_path {
                        Some(p) if !p.is_empty() => self.drvs_seen.insert(p),
                        _ => false,
                    };
                    if first_time {
                        self.members(st, attrs)?;
                    } else {
                        self.empty("repeated", &[]);
                    }
                    self.close("derivation");
                } else {
                    self.open("attrs", &[]);
                    self.members(st, attrs)?;
                    self.close("attrs");
                }
            }
            Value::List(items) => {
                self.open("list", &[]);
                for item in items.iter() {
                    self.value(st, item)?;
                }
                self.close("list");
            }
            Value::Lambda(closure) => {
                let pos = self.position(st, Some(closure.lambda.span));
                self.open(
                    "function",
                    &pos.iter().map(|(k, v)| (*k, v.as_bytes())).collect::<Vec<_>>(),
                );
                match &closure.lambda.param {
                    Param::Ident(name) => self.empty("varpat", &[("name", name.as_str().as_bytes())]),
                    Param::Pattern {
                        formals,
                        ellipsis,
                        bind,
                    } => {
                        let mut attrs: Vec<(&str, &[u8])> = Vec::new();
                        if let Some(b) = bind {
                            attrs.push(("name", b.as_str().as_bytes()));
                        }
                        if *ellipsis {
                            attrs.push(("ellipsis", b"1"));
                        }
                        self.open("attrspat", &attrs);
                        let mut names: Vec<&str> = formals.iter().map(|f| f.name.as_str()).collect();
                        names.sort_unstable();
                        for name in names {
                            self.empty("attr", &[("name", name.as_bytes())]);
                        }
                        self.close("attrspat");
                    }
                }
                self.close("function");
            }
            // C++ Nix does not describe builtins.
            _ => self.empty("unevaluated", &[]),
        }
        Ok(())
    }

    /// A derivation's `drvPath` or `outPath`, if it is a string.
    fn string_attr(&mut self, st: &mut EvalState, attrs: &Attrs, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(v) = attrs.get(name) else { return Ok(None) };
        Ok(match st.force(&v.clone())? {
            Value::String(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        })
    }

    /// `line`, `column` (and `path`, for a file) of a position, when
    /// positions are written.
    fn position(&self, st: &EvalState, span: Option<crate::source::Span>) -> Vec<(&'static str, String)> {
        let Some(span) = span.filter(|_| self.location) else {
            return Vec::new();
        };
        let (line, column) = st.sources.line_col(span);
        let mut pos = vec![("line", line.to_string()), ("column", column.to_string())];
        let name = &st.sources.get(span.file).name;
        if name.starts_with('/') {
            pos.push(("path", name.clone()));
        }
        pos
    }

    fn members(&mut self, st: &mut EvalState, attrs: &Attrs) -> Result<()> {
        for (name, value) in attrs.iter() {
            let pos = self.position(st, attrs.position(name.as_str()));
            let mut xml_attrs: Vec<(&str, &[u8])> = pos.iter().map(|(k, v)| (*k, v.as_bytes())).collect();
            xml_attrs.push(("name", name.as_str().as_bytes()));
            self.open("attr", &xml_attrs);
            self.value(st, value)?;
            self.close("attr");
        }
        Ok(())
    }
}
