//! A [`serde::Deserializer`] over a Nix value, forcing only what the target
//! type reads.
//!
//! Nix maps onto serde's data model like JSON does: `null` is unit and
//! `None`, sets are maps and structs, lists are sequences. Beyond JSON:
//! integers also deserialize into floats (Nix numbers mix), paths into
//! strings and `PathBuf`s, and an enum is either a string (a unit variant)
//! or a set with one attribute (`{ tcp = 80; }` for `Tcp(u16)`).
//!
//! Laziness is kept: an attribute that the target type ignores is skipped
//! through `deserialize_ignored_any`, which does not force it, so a struct
//! can be read out of a set whose other attributes would fail.

use std::fmt;

use engine::value::Attrs;
use engine::{EvalState, Evaluator, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::support::error::{Error, ErrorKind};

/// A deserialization failure: an evaluation error or a type mismatch, with
/// the attribute path where it happened.
#[derive(Debug)]
pub(crate) struct DeError {
    kind: DeErrorKind,
    /// Path segments, outermost first once complete.
    path: Vec<String>,
}

#[derive(Debug)]
enum DeErrorKind {
    Eval(Box<engine::Error>),
    Custom(String),
}

impl DeError {
    fn eval(e: Box<engine::Error>) -> DeError {
        DeError {
            kind: DeErrorKind::Eval(e),
            path: Vec::new(),
        }
    }

    /// Records that the error happened inside `segment`.
    fn inside(mut self, segment: String) -> DeError {
        self.path.insert(0, segment);
        self
    }

    fn location(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            if seg.starts_with('[') || out.is_empty() {
                out.push_str(seg);
            } else {
                out.push('.');
                out.push_str(seg);
            }
        }
        out
    }

    /// Where the error happened: attribute names, and list indices as
    /// `[i]`, outermost first.
    pub(crate) fn path(&self) -> &[String] {
        &self.path
    }

    /// The API error, with the evaluation error's source resolved; `file`
    /// is the file that defines the value that did not fit, when known.
    pub(crate) fn into_error(self, ev: &Evaluator, file: Option<&std::path::Path>) -> Error {
        let at = self.location();
        match self.kind {
            DeErrorKind::Eval(e) => {
                let mut e = *e;
                if !at.is_empty() {
                    e.trace.push(engine::error::TraceFrame {
                        message: format!("while converting '{at}' to a Rust value"),
                        span: None,
                    });
                }
                Error::new(ErrorKind::Eval, ev.diagnostic(&e))
            }
            DeErrorKind::Custom(m) => {
                let message = if at.is_empty() { m } else { format!("at '{at}': {m}") };
                let help = file.map(|f| format!("the value is defined in {}", f.display()));
                Error::message(ErrorKind::Deserialize, message, help)
            }
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeErrorKind::Eval(e) => write!(f, "{e}"),
            DeErrorKind::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            kind: DeErrorKind::Custom(msg.to_string()),
            path: Vec::new(),
        }
    }
}

type Result<T> = std::result::Result<T, DeError>;

/// Deserializes one value.
pub(crate) struct Deserializer<'a> {
    st: &'a mut EvalState,
    value: Value,
}

impl<'a> Deserializer<'a> {
    pub(crate) fn new(st: &'a mut EvalState, value: Value) -> Self {
        Deserializer { st, value }
    }

    fn force(&mut self) -> Result<Value> {
        self.st.force(&self.value).map_err(DeError::eval)
    }
}

fn unexpected(v: &Value) -> de::Unexpected<'static> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Int(i) => de::Unexpected::Signed(*i),
        Value::Float(f) => de::Unexpected::Float(*f),
        Value::String(_) => de::Unexpected::Other("a string"),
        Value::Path(_) => de::Unexpected::Other("a path"),
        Value::Attrs(_) => de::Unexpected::Map,
        Value::List(_) => de::Unexpected::Seq,
        _ => de::Unexpected::Other("a function"),
    }
}

impl<'de> de::Deserializer<'de> for Deserializer<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.force()? {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Float(f) => visitor.visit_f64(f),
            Value::String(s) => match std::str::from_utf8(s.as_bytes()) {
                Ok(text) => visitor.visit_str(text),
                Err(_) => visitor.visit_bytes(s.as_bytes()),
            },
            Value::Path(p) => visitor.visit_str(&p),
            Value::Attrs(attrs) => visitor.visit_map(MapAccess::new(self.st, &attrs)),
            Value::List(items) => visitor.visit_seq(SeqAccess {
                st: self.st,
                items,
                index: 0,
            }),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.force()? {
            Value::Int(i) => visitor.visit_f64(i as f64),
            Value::Float(f) => visitor.visit_f64(f),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.force()? {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.force()? {
            Value::String(s) => visitor.visit_enum(s.to_str_lossy().into_owned().into_deserializer()),
            Value::Attrs(attrs) if attrs.len() == 1 => {
                let (name, value) = attrs
                    .iter()
                    .next()
                    .map(|(n, v)| (n.as_str().to_owned(), v.clone()))
                    .expect("one attribute");
                visitor.visit_enum(EnumAccess {
                    st: self.st,
                    name,
                    value,
                })
            }
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a string or a set with one attribute",
            )),
        }
    }

    /// Skips a value without evaluating it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier
    }
}

struct MapAccess<'a> {
    st: &'a mut EvalState,
    entries: std::vec::IntoIter<(String, Value)>,
    pending: Option<(String, Value)>,
}

impl<'a> MapAccess<'a> {
    fn new(st: &'a mut EvalState, attrs: &Attrs) -> Self {
        let entries: Vec<(String, Value)> = attrs.iter().map(|(n, v)| (n.as_str().to_owned(), v.clone())).collect();
        MapAccess {
            st,
            entries: entries.into_iter(),
            pending: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.entries.next() {
            Some((name, value)) => {
                let key = seed.deserialize(name.as_str().into_deserializer())?;
                self.pending = Some((name, value));
                Ok(Some(key))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        let (name, value) = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("value asked for before its key"))?;
        seed.deserialize(Deserializer::new(self.st, value))
            .map_err(|e| e.inside(name))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct SeqAccess<'a> {
    st: &'a mut EvalState,
    items: std::rc::Rc<Vec<Value>>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.items.get(self.index).cloned() {
            Some(v) => {
                let i = self.index;
                self.index += 1;
                seed.deserialize(Deserializer::new(self.st, v))
                    .map(Some)
                    .map_err(|e| e.inside(format!("[{i}]")))
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.index)
    }
}

/// `{ variant = content; }`.
struct EnumAccess<'a> {
    st: &'a mut EvalState,
    name: String,
    value: Value,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumAccess<'a> {
    type Error = DeError;
    type Variant = Deserializer<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let variant = seed.deserialize(self.name.as_str().into_deserializer())?;
        Ok((variant, Deserializer::new(self.st, self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for Deserializer<'_> {
    type Error = DeError;

    fn unit_variant(mut self) -> Result<()> {
        match self.force()? {
            Value::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(&other), &"null for a unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use crate::Nix;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Proto {
        Tcp(u16),
        Udp { port: u16 },
        Any,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Config {
        name: String,
        ratio: f64,
        tags: Vec<String>,
        extra: BTreeMap<String, i64>,
        protos: Vec<Proto>,
        path: std::path::PathBuf,
        nothing: Option<u8>,
        pair: (bool, char),
    }

    #[test]
    fn structs_enums_and_maps() {
        let nix = Nix::new();
        let v = nix
            .eval_expr(
                r#"{ name = "n"; ratio = 2; tags = [ "a" "b" ]; extra = { x = 1; y = 2; };
                     protos = [ { tcp = 80; } { udp.port = 53; } "any" ]; path = /tmp/x;
                     nothing = null; pair = [ true "c" ]; ignored = throw "not evaluated"; }"#,
            )
            .expect("evaluates");
        let c: Config = v.deserialize().expect("deserializes");
        assert_eq!(
            c,
            Config {
                name: "n".into(),
                ratio: 2.0,
                tags: vec!["a".into(), "b".into()],
                extra: [("x".to_owned(), 1), ("y".to_owned(), 2)].into_iter().collect(),
                protos: vec![Proto::Tcp(80), Proto::Udp { port: 53 }, Proto::Any],
                path: "/tmp/x".into(),
                nothing: None,
                pair: (true, 'c'),
            }
        );
    }

    #[test]
    fn errors_name_the_path() {
        let nix = Nix::new();
        let v = nix.eval_expr(r#"{ a = [ 1 "two" ]; }"#).expect("evaluates");
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct A {
            a: Vec<u8>,
        }
        let e = v.deserialize::<A>().expect_err("a string is no u8");
        assert_eq!(e.kind(), crate::ErrorKind::Deserialize);
        assert_eq!(e.to_string(), "at 'a[1]': invalid type: string \"two\", expected u8");

        let v = nix.eval_expr(r#"{ a = [ 1 (throw "deep") ]; }"#).expect("evaluates");
        let e = v.deserialize::<A>().expect_err("throws");
        assert_eq!(e.kind(), crate::ErrorKind::Eval);
        assert_eq!(e.to_string(), "deep");

        let v = nix.eval_expr("{ a = [ 300 ]; }").expect("evaluates");
        let e = v.deserialize::<A>().expect_err("out of range");
        assert_eq!(e.to_string(), "at 'a[0]': invalid value: integer `300`, expected u8");
    }
}
