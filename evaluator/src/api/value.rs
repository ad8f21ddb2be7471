//! [`Value`]: a Nix value held by the host, evaluated on demand.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use engine::{EvalState, Evaluator};

use crate::driver::Driver;
use crate::support::error::{Error, ErrorKind};

/// The evaluator behind a [`super::Nix`] and every value it returned.
/// Values are evaluated lazily, so each keeps a handle to it.
#[derive(Clone)]
pub(crate) struct Shared(pub(crate) Rc<RefCell<Driver>>);

impl Shared {
    /// Runs `f` on the evaluator, turning an evaluation error into a
    /// diagnostic while the sources it points into are at hand.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Evaluator) -> engine::Result<T>) -> Result<T, Error> {
        self.with_driver(|d| f(&mut d.ev))
    }

    /// [`Shared::with`], with the whole driver (to open atoms).
    pub(crate) fn with_driver<T>(&self, f: impl FnOnce(&mut Driver) -> engine::Result<T>) -> Result<T, Error> {
        let mut driver = self.0.try_borrow_mut().map_err(|_| {
            Error::message(
                ErrorKind::Eval,
                "the evaluator is already busy",
                Some("a warning or trace sink must not use values of the evaluation that called it".into()),
            )
        })?;
        f(&mut driver).map_err(|e| eval_error(&driver.ev, &e))
    }
}

/// An evaluation error as an API error.
pub(crate) fn eval_error(ev: &Evaluator, e: &engine::Error) -> Error {
    Error::new(ErrorKind::Eval, ev.diagnostic(e))
}

/// The type of a value, once evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A 64-bit integer.
    Int,
    /// A 64-bit float.
    Float,
    /// A string (possibly with context).
    String,
    /// A path.
    Path,
    /// An attribute set.
    Attrs,
    /// A list.
    List,
    /// A lambda or a builtin.
    Function,
}

impl Kind {
    /// The name `builtins.typeOf` gives this type (`"set"` for attribute
    /// sets, `"lambda"` for functions).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::String => "string",
            Kind::Path => "path",
            Kind::Attrs => "set",
            Kind::List => "list",
            Kind::Function => "lambda",
        }
    }
}

/// A Nix value, evaluated only as far as its accessors need.
///
/// Accessors force the value (evaluate it to its outermost constructor) and
/// check its type; attributes and list elements stay unevaluated until they
/// are asked for in turn. Every accessor can therefore fail with an
/// evaluation error.
///
/// ```
/// let nix = atom_eval::Nix::new();
/// let v = nix.eval_expr(r#"{ name = "x"; ports = [ 80 443 ]; never = throw "lazy"; }"#)?;
/// assert_eq!(v.kind()?, atom_eval::Kind::Attrs);
/// assert_eq!(v.attr("name")?.as_str()?, "x");
/// assert_eq!(v.select("ports.1")?.as_int()?, 443);
/// assert_eq!(v.names()?, ["name", "never", "ports"]);
/// // `never` was not evaluated; asking for it fails.
/// assert!(v.attr("never")?.as_int().is_err());
/// # Ok::<(), atom_eval::Error>(())
/// ```
#[derive(Clone)]
pub struct Value {
    pub(crate) shared: Shared,
    pub(crate) value: engine::Value,
}

impl Value {
    pub(crate) fn new(shared: Shared, value: engine::Value) -> Value {
        Value { shared, value }
    }

    fn wrap(&self, value: engine::Value) -> Value {
        Value {
            shared: self.shared.clone(),
            value,
        }
    }

    /// Evaluates the value to its outermost constructor.
    fn forced(&self) -> Result<engine::Value, Error> {
        let v = self.value.clone();
        self.shared.with(|ev| ev.force(&v))
    }

    fn type_error(&self, expected: &str, found: &engine::Value) -> Error {
        Error::message(
            ErrorKind::Type,
            format!(
                "expected {expected} but found {}: {}",
                found.type_desc(),
                engine::print::error_repr(found)
            ),
            None,
        )
    }

    /// The value's type.
    pub fn kind(&self) -> Result<Kind, Error> {
        Ok(match self.forced()? {
            engine::Value::Null => Kind::Null,
            engine::Value::Bool(_) => Kind::Bool,
            engine::Value::Int(_) => Kind::Int,
            engine::Value::Float(_) => Kind::Float,
            engine::Value::String(_) => Kind::String,
            engine::Value::Path(_) => Kind::Path,
            engine::Value::Attrs(_) => Kind::Attrs,
            engine::Value::List(_) => Kind::List,
            _ => Kind::Function,
        })
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> Result<bool, Error> {
        Ok(matches!(self.forced()?, engine::Value::Null))
    }

    /// A Boolean.
    pub fn as_bool(&self) -> Result<bool, Error> {
        match self.forced()? {
            engine::Value::Bool(b) => Ok(b),
            other => Err(self.type_error("a Boolean", &other)),
        }
    }

    /// An integer.
    pub fn as_int(&self) -> Result<i64, Error> {
        match self.forced()? {
            engine::Value::Int(i) => Ok(i),
            other => Err(self.type_error("an integer", &other)),
        }
    }

    /// A number: a float, or an integer converted to one.
    pub fn as_float(&self) -> Result<f64, Error> {
        match self.forced()? {
            engine::Value::Float(f) => Ok(f),
            engine::Value::Int(i) => Ok(i as f64),
            other => Err(self.type_error("a float", &other)),
        }
    }

    /// A string (invalid UTF-8 replaced; see [`Value::as_bytes`]). Its
    /// store-path context is dropped.
    pub fn as_str(&self) -> Result<String, Error> {
        match self.forced()? {
            engine::Value::String(s) => Ok(s.to_str_lossy().into_owned()),
            other => Err(self.type_error("a string", &other)),
        }
    }

    /// A string's bytes: Nix strings need not be UTF-8.
    pub fn as_bytes(&self) -> Result<Vec<u8>, Error> {
        match self.forced()? {
            engine::Value::String(s) => Ok(s.as_bytes().to_vec()),
            other => Err(self.type_error("a string", &other)),
        }
    }

    /// A path.
    pub fn as_path(&self) -> Result<PathBuf, Error> {
        match self.forced()? {
            engine::Value::Path(p) => Ok(PathBuf::from(&*p)),
            other => Err(self.type_error("a path", &other)),
        }
    }

    fn attrs(&self) -> Result<Rc<engine::value::Attrs>, Error> {
        match self.forced()? {
            engine::Value::Attrs(a) => Ok(a),
            other => Err(self.type_error("a set", &other)),
        }
    }

    fn list(&self) -> Result<Rc<Vec<engine::Value>>, Error> {
        match self.forced()? {
            engine::Value::List(l) => Ok(l),
            other => Err(self.type_error("a list", &other)),
        }
    }

    /// An attribute of a set, unevaluated; `None` if there is no such
    /// attribute.
    pub fn get(&self, name: &str) -> Result<Option<Value>, Error> {
        Ok(self.attrs()?.get(name).map(|v| self.wrap(v.clone())))
    }

    /// An attribute of a set, unevaluated. A missing attribute is an error
    /// that suggests close names.
    pub fn attr(&self, name: &str) -> Result<Value, Error> {
        let attrs = self.attrs()?;
        match attrs.get(name) {
            Some(v) => Ok(self.wrap(v.clone())),
            None => Err(missing(name, name, &attrs)),
        }
    }

    /// Follows a dotted path: attribute names, and list indices for lists
    /// (`"a.b.0.c"`; a quoted name keeps its dots, `hosts."a.org".port`,
    /// as with `-A`). Only the values on the path are evaluated.
    pub fn select(&self, path: &str) -> Result<Value, Error> {
        let parts =
            engine::instantiate::attr_path(path).map_err(|e| Error::message(ErrorKind::Type, e.message(), None))?;
        let mut v = self.clone();
        for part in &parts {
            let part = part.as_str();
            v = match v.forced()? {
                engine::Value::List(items) => {
                    let i: usize = part.parse().map_err(|_| {
                        Error::message(
                            ErrorKind::Type,
                            format!("'{part}' in '{path}' selects from a list, so it must be an index"),
                            None,
                        )
                    })?;
                    let item = items.get(i).cloned().ok_or_else(|| {
                        Error::message(
                            ErrorKind::MissingAttribute,
                            format!(
                                "list index {i} in '{path}' is out of range (the list has {} elements)",
                                items.len()
                            ),
                            None,
                        )
                    })?;
                    v.wrap(item)
                }
                engine::Value::Attrs(attrs) => match attrs.get(part) {
                    Some(item) => v.wrap(item.clone()),
                    None => return Err(missing(part, path, &attrs)),
                },
                other => {
                    return Err(Error::message(
                        ErrorKind::Type,
                        format!("cannot select '{part}' of '{path}' from {}", other.type_desc()),
                        None,
                    ))
                }
            };
        }
        Ok(v)
    }

    /// The attribute names of a set, sorted.
    pub fn names(&self) -> Result<Vec<String>, Error> {
        Ok(self.attrs()?.names().map(|n| n.as_str().to_owned()).collect())
    }

    /// The attributes of a set, sorted by name, values unevaluated.
    pub fn entries(&self) -> Result<Vec<(String, Value)>, Error> {
        Ok(self
            .attrs()?
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), self.wrap(v.clone())))
            .collect())
    }

    /// The elements of a list, unevaluated.
    pub fn items(&self) -> Result<Vec<Value>, Error> {
        Ok(self.list()?.iter().map(|v| self.wrap(v.clone())).collect())
    }

    /// The number of attributes of a set or elements of a list.
    pub fn len(&self) -> Result<usize, Error> {
        match self.forced()? {
            engine::Value::Attrs(a) => Ok(a.len()),
            engine::Value::List(l) => Ok(l.len()),
            other => Err(self.type_error("a set or a list", &other)),
        }
    }

    /// Whether a set or list is empty.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }

    /// Calls a function with an argument.
    ///
    /// ```
    /// let nix = atom_eval::Nix::new();
    /// let inc = nix.eval_expr("x: x + 1")?;
    /// let two = inc.call(&nix.eval_expr("1")?)?;
    /// assert_eq!(two.as_int()?, 2);
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn call(&self, arg: &Value) -> Result<Value, Error> {
        let (f, a) = (self.value.clone(), arg.value.clone());
        let v = self.shared.with(|ev| {
            let f = ev.state.force_function(&f)?;
            ev.state.call(&f, a, None)
        })?;
        Ok(self.wrap(v))
    }

    /// Evaluates everything inside the value (`builtins.deepSeq`).
    pub fn force_deep(&self) -> Result<Value, Error> {
        let v = self.value.clone();
        let v = self.shared.with(|ev| ev.state.force_deep(&v))?;
        Ok(self.wrap(v))
    }

    /// The value as JSON, as `builtins.toJSON` (and `nix-instantiate
    /// --json`) writes it.
    pub fn to_json(&self) -> Result<String, Error> {
        let v = self.value.clone();
        self.shared.with(|ev| {
            let v = ev.state.force_deep(&v)?;
            engine::builtins::to_json_string(&mut ev.state, &v)
        })
    }

    /// The value as `nix-instantiate --eval --xml` prints it: the document
    /// `builtins.toXML` writes, with source positions; without `strict`,
    /// what is not evaluated yet is `<unevaluated />`.
    pub fn to_xml(&self, strict: bool) -> Result<String, Error> {
        let v = self.value.clone();
        self.shared.with(|ev| {
            let v = ev.state.force(&v)?;
            let xml = engine::builtins::to_xml_output(&mut ev.state, &v, strict)?;
            Ok(String::from_utf8_lossy(&xml).into_owned())
        })
    }

    /// The value as `nix-instantiate --eval` prints it; `strict` evaluates
    /// it entirely first (`--strict`), otherwise what is not evaluated yet
    /// prints as `<CODE>`.
    pub fn to_nix(&self, strict: bool) -> Result<String, Error> {
        let v = self.value.clone();
        self.shared.with(|ev| ev.print(&v, strict))
    }

    /// Converts the value into any type implementing
    /// [`serde::Deserialize`]. Only what the type reads is evaluated:
    /// attributes a struct has no field for stay unevaluated.
    ///
    /// ```
    /// #[derive(serde::Deserialize, Debug, PartialEq)]
    /// struct Service { name: String, ports: Vec<u16>, tls: Option<bool> }
    ///
    /// let nix = atom_eval::Nix::new();
    /// let v = nix.eval_expr(r#"{ name = "web"; ports = [ 80 443 ]; tls = null; unused = throw "never"; }"#)?;
    /// let s: Service = v.deserialize()?;
    /// assert_eq!(s, Service { name: "web".into(), ports: vec![80, 443], tls: None });
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        self.deserialize_in(|_| None)
    }

    /// [`Value::deserialize`], with `file_of` naming the file that defines
    /// the value at a path inside this one, for the error.
    pub(crate) fn deserialize_in<T: serde::de::DeserializeOwned>(
        &self,
        file_of: impl FnOnce(&[String]) -> Option<PathBuf>,
    ) -> Result<T, Error> {
        let mut driver = self
            .shared
            .0
            .try_borrow_mut()
            .map_err(|_| Error::message(ErrorKind::Eval, "the evaluator is already busy", None))?;
        let ev = &mut driver.ev;
        let result = T::deserialize(super::de::Deserializer::new(&mut ev.state, self.value.clone()));
        result.map_err(|e| {
            let file = file_of(e.path());
            e.into_error(ev, file.as_deref())
        })
    }

    /// The engine's value, for hosts that use the `engine` crate directly.
    pub fn as_engine(&self) -> &engine::Value {
        &self.value
    }

    /// Runs `f` with the evaluator state and this value: an escape hatch
    /// to the `engine` crate's API.
    pub fn with_state<T>(
        &self,
        f: impl FnOnce(&mut EvalState, &engine::Value) -> engine::Result<T>,
    ) -> Result<T, Error> {
        let v = self.value.clone();
        self.shared.with(|ev| f(&mut ev.state, &v))
    }
}

impl std::fmt::Debug for Value {
    /// Shows the value without evaluating anything further.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&engine::print::error_repr(&self.value))
    }
}

/// The error for a missing attribute, with close names as suggestions.
fn missing(name: &str, path: &str, attrs: &engine::value::Attrs) -> Error {
    let help = engine::suggest::help(name, attrs.names().map(|s| s.as_str()));
    let message = if name == path {
        format!("attribute '{name}' missing")
    } else {
        format!("attribute '{name}' in '{path}' missing")
    };
    Error::message(ErrorKind::MissingAttribute, message, help)
}
