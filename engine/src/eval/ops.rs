//! Operators: arithmetic, concatenation, update, equality and ordering.

use std::cmp::Ordering;
use std::rc::Rc;

use super::{type_error, EvalState};
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{BinOp, Expr, ExprKind};
use crate::lower::canonicalise;
use crate::source::Span;
use crate::value::{Env, NixString, Shared, Value};

impl EvalState {
    /// A binary operator. Errors of the operation itself are placed at it
    /// (its operator).
    #[inline(never)]
    pub(super) fn eval_binary(&mut self, env: &Shared<Env>, expr: &Expr) -> Result<Value> {
        let ExprKind::Binary { op, lhs, rhs } = &expr.kind else {
            unreachable!("a binary operator")
        };
        let (op, span) = (*op, expr.span);
        match op {
            BinOp::And | BinOp::Or | BinOp::Implies => {
                // The error contexts are constants: nothing is formatted
                // unless an operand fails.
                let (left, right) = match op {
                    BinOp::And => (
                        "in the left operand of the AND (&&) operator",
                        "in the right operand of the AND (&&) operator",
                    ),
                    BinOp::Or => (
                        "in the left operand of the OR (||) operator",
                        "in the right operand of the OR (||) operator",
                    ),
                    _ => (
                        "in the left operand of the IMPL (->) operator",
                        "in the right operand of the IMPL (->) operator",
                    ),
                };
                let l = self.eval_bool(env, lhs, left, span)?;
                let short = match op {
                    BinOp::And => (!l).then_some(false),
                    BinOp::Or => l.then_some(true),
                    _ => (!l).then_some(true),
                };
                if let Some(result) = short {
                    return Ok(Value::Bool(result));
                }
                Ok(Value::Bool(self.eval_bool(env, rhs, right, span)?))
            }
            BinOp::PipeRight | BinOp::PipeLeft => {
                let (f, x) = if op == BinOp::PipeRight { (rhs, lhs) } else { (lhs, rhs) };
                let f = self.eval(env, f)?;
                let x = self.thunk(env, x);
                self.call(&f, x, Some(span)).map_err(|e| e.at(span))
            }
            BinOp::LessEq | BinOp::Greater => {
                // C++ Nix parses these as `b < a`: the right operand is
                // evaluated first.
                let r = self.eval(env, rhs)?;
                let l = self.eval(env, lhs)?;
                if let (Value::Int(a), Value::Int(b)) = (&l, &r) {
                    return Ok(Value::Bool(if op == BinOp::LessEq { a <= b } else { a > b }));
                }
                self.binary_values(op, l, r).map_err(|e| e.at(span))
            }
            _ => {
                let l = self.eval(env, lhs)?;
                // As in C++ Nix, `//` needs a set on the left and `+` a left
                // operand it can coerce before the right one is evaluated:
                // a bad left operand fails first.
                let left_fails = match op {
                    BinOp::Update => !matches!(l, Value::Attrs(_)),
                    BinOp::Add => match &l {
                        Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Path(_) => false,
                        Value::Attrs(a) => !a.contains("__toString") && !a.contains("outPath"),
                        _ => true,
                    },
                    _ => false,
                };
                if left_fails {
                    return self.binary_values(op, l, Value::Null).map_err(|e| e.at(span));
                }
                let r = self.eval(env, rhs)?;
                // Integer arithmetic and comparison are the hot cases.
                if let (Value::Int(a), Value::Int(b)) = (&l, &r) {
                    let (a, b) = (*a, *b);
                    let fast = match op {
                        BinOp::Add => a.checked_add(b).map(Value::Int),
                        BinOp::Sub => a.checked_sub(b).map(Value::Int),
                        BinOp::Mul => a.checked_mul(b).map(Value::Int),
                        BinOp::Less => Some(Value::Bool(a < b)),
                        BinOp::GreaterEq => Some(Value::Bool(a >= b)),
                        BinOp::Eq => Some(Value::Bool(a == b)),
                        BinOp::NotEq => Some(Value::Bool(a != b)),
                        _ => None,
                    };
                    if let Some(v) = fast {
                        return Ok(v);
                    }
                }
                // A number plus something else fails at the something else,
                // and an overflowing sum at its right operand, as C++ Nix
                // points at the element it cannot add.
                let number = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_));
                let at = if op == BinOp::Add && number(&l) {
                    self.with_parentheses(rhs.span)
                } else {
                    span
                };
                self.binary_values(op, l, r).map_err(|e| e.at(at))
            }
        }
    }

    /// `span` widened to the parentheses around it, if any: C++ Nix places
    /// an operand of `+` where its grammar rule starts, at its `(`, while
    /// lowering drops the parentheses. Read only when an error is made.
    fn with_parentheses(&self, span: Span) -> Span {
        let text = self.sources.get(span.file).text.as_bytes();
        let mut start = span.start as usize;
        let mut at = start;
        while at > 0 {
            match text[at - 1] {
                b' ' | b'\t' | b'\n' | b'\r' => at -= 1,
                b'(' => {
                    at -= 1;
                    start = at;
                }
                _ => break,
            }
        }
        Span {
            start: start as u32,
            ..span
        }
    }

    /// A binary operator on two forced values.
    #[inline(never)]
    pub fn binary_values(&mut self, op: BinOp, l: Value, r: Value) -> Result<Value> {
        match op {
            BinOp::Add => self.add(l, r),
            BinOp::Sub | BinOp::Mul | BinOp::Div => self.arith(op, l, r),
            BinOp::Concat => {
                let ctx = "while evaluating one of the elements to concatenate";
                let a = match &l {
                    Value::List(a) => a,
                    other => return Err(type_error("a list", other).context(ctx, None)),
                };
                let b = match &r {
                    Value::List(b) => b,
                    other => return Err(type_error("a list", other).context(ctx, None)),
                };
                if b.is_empty() {
                    return Ok(l.clone());
                }
                if a.is_empty() {
                    return Ok(r.clone());
                }
                crate::guard::reserve((a.len() + b.len()) * std::mem::size_of::<Value>())?;
                let mut out = Vec::with_capacity(a.len() + b.len());
                out.extend(a.iter().cloned());
                out.extend(b.iter().cloned());
                Ok(Value::list(out))
            }
            BinOp::Update => {
                let a = match &l {
                    Value::Attrs(a) => a,
                    other => {
                        return Err(
                            type_error("a set", other).context("in the left operand of the update (//) operator", None)
                        )
                    }
                };
                let b = match &r {
                    Value::Attrs(b) => b,
                    other => {
                        return Err(type_error("a set", other)
                            .context("in the right operand of the update (//) operator", None))
                    }
                };
                if b.is_empty() {
                    return Ok(l.clone());
                }
                if a.is_empty() {
                    return Ok(r.clone());
                }
                Ok(Value::attrs(a.update(b)))
            }
            BinOp::Eq => Ok(Value::Bool(self.values_equal(&l, &r)?)),
            BinOp::NotEq => Ok(Value::Bool(!self.values_equal(&l, &r)?)),
            BinOp::Less => Ok(Value::Bool(self.compare(&l, &r)? == Ordering::Less)),
            BinOp::LessEq => Ok(Value::Bool(self.compare(&r, &l)? != Ordering::Less)),
            BinOp::Greater => Ok(Value::Bool(self.compare(&r, &l)? == Ordering::Less)),
            BinOp::GreaterEq => Ok(Value::Bool(self.compare(&l, &r)? != Ordering::Less)),
            BinOp::And | BinOp::Or | BinOp::Implies | BinOp::PipeLeft | BinOp::PipeRight => {
                unreachable!("short-circuiting operators are evaluated lazily")
            }
        }
    }

    /// `+`: numbers add; otherwise the left operand decides between string
    /// and path concatenation, as C++ Nix's `ExprConcatStrings`.
    fn add(&mut self, l: Value, r: Value) -> Result<Value> {
        match (&l, &r) {
            (Value::Int(_) | Value::Float(_), _) => self.arith(BinOp::Add, l, r),
            (Value::Path(p), _) => {
                let s = self
                    .coerce_to_string(&r, super::CoerceMode::Interpolation, false)
                    .map_err(|e| e.context("while evaluating a path segment", None))?;
                if s.has_context() {
                    return Err(Error::msg(
                        "a string that refers to a store path cannot be appended to a path",
                    ));
                }
                let joined = format!("{}{}", p, s.to_str_lossy());
                Ok(Value::Path(canonicalise(&joined).into()))
            }
            _ => {
                let a = self.coerce_to_string(&l, super::CoerceMode::Interpolation, true)?;
                let b = self
                    .coerce_to_string(&r, super::CoerceMode::Interpolation, true)
                    .map_err(|e| e.context("while evaluating a path segment", None))?;
                crate::guard::reserve(a.len() + b.len())?;
                Ok(Value::String(concat(&a, &b)))
            }
        }
    }

    /// `+`, `-`, `*` and `/` on two forced values, with C++ Nix's integer
    /// overflow errors and int/float promotion.
    pub fn arith(&mut self, op: BinOp, l: Value, r: Value) -> Result<Value> {
        let verb = match op {
            BinOp::Add => "adding",
            BinOp::Sub => "subtracting",
            BinOp::Mul => "multiplying",
            _ => "dividing",
        };
        match (&l, &r) {
            (Value::Int(a), Value::Int(b)) => {
                let (a, b) = (*a, *b);
                if op == BinOp::Div && b == 0 {
                    return Err(Error::msg("division by zero"));
                }
                let result = match op {
                    BinOp::Add => a.checked_add(b),
                    BinOp::Sub => a.checked_sub(b),
                    BinOp::Mul => a.checked_mul(b),
                    _ => a.checked_div(b),
                };
                let sym = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    _ => "/",
                };
                result
                    .map(Value::Int)
                    .ok_or_else(|| Error::msg(format!("integer overflow in {verb} {a} {sym} {b}")))
            }
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                let as_f = |v: &Value| match v {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    _ => unreachable!(),
                };
                let (a, b) = (as_f(&l), as_f(&r));
                if op == BinOp::Div && b == 0.0 {
                    return Err(Error::msg("division by zero"));
                }
                Ok(Value::Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    _ => a / b,
                }))
            }
            // C++ Nix's `__div` checks the divisor first, as a float, then
            // that it is not zero, and only then the dividend.
            (_, divisor) if op == BinOp::Div && !matches!(divisor, Value::Int(_) | Value::Float(_)) => {
                Err(type_error("a float", divisor))
            }
            (_, Value::Int(0)) if op == BinOp::Div => Err(Error::msg("division by zero")),
            (_, Value::Float(z)) if op == BinOp::Div && *z == 0.0 => Err(Error::msg("division by zero")),
            (dividend, Value::Float(_)) if op == BinOp::Div => Err(type_error("a float", dividend)),
            (Value::Int(_) | Value::Float(_), other) if op == BinOp::Add => Err(Error::msg(format!(
                "cannot add {} to {}",
                other.type_desc(),
                l.type_desc()
            ))),
            (Value::Int(_), other) | (other, _) if !matches!(other, Value::Int(_) | Value::Float(_)) => {
                let expected = if matches!(l, Value::Float(_)) {
                    "a float"
                } else {
                    "an integer"
                };
                Err(type_error(expected, other))
            }
            (_, other) => Err(type_error("an integer", other)),
        }
    }

    /// Nix equality: deep, numbers across int/float, derivations by
    /// `outPath`, functions never equal unless they are the same value.
    pub fn values_equal(&mut self, a: &Value, b: &Value) -> Result<bool> {
        let a = self.forced(a)?;
        let b = self.forced(b)?;
        stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, || self.equal_forced(&a, &b))
    }

    fn equal_forced(&mut self, a: &Value, b: &Value) -> Result<bool> {
        Ok(match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => *x as f64 == *y,
            (Value::String(x), Value::String(y)) => x.as_bytes() == y.as_bytes(),
            (Value::Path(x), Value::Path(y)) => x == y,
            // The same container is not taken as equal to itself here:
            // C++ Nix compares the operands of `==` element by element (only
            // members that are the very same value are equal without a look,
            // see `element_equal`).
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.element_equal(p, q)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    if let (Some(p), Some(q)) = (x.get("outPath"), y.get("outPath")) {
                        let (p, q) = (p.clone(), q.clone());
                        return self.values_equal(&p, &q);
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for ((n1, v1), (n2, v2)) in x.iter().zip(y.iter()) {
                    if n1 != n2 || !self.element_equal(v1, v2)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    /// Equality of two members of containers. As in C++ Nix, both are forced
    /// first; then the very same value is equal to itself without a look
    /// inside, even when it is a function.
    pub(crate) fn element_equal(&mut self, a: &Value, b: &Value) -> Result<bool> {
        let same = match (a, b) {
            (Value::Thunk(x), Value::Thunk(y)) => x.ptr_eq(y),
            (Value::Lambda(x), Value::Lambda(y)) => Rc::ptr_eq(x, y),
            (Value::PrimOp(x), Value::PrimOp(y)) => Rc::ptr_eq(x, y),
            (Value::PrimOpApp(x), Value::PrimOpApp(y)) => Rc::ptr_eq(x, y),
            (Value::Attrs(x), Value::Attrs(y)) => Rc::ptr_eq(x, y),
            (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
            _ => false,
        };
        let a = self.forced(a)?;
        let b = self.forced(b)?;
        if same {
            return Ok(true);
        }
        self.nest(|st| st.equal_forced(&a, &b))
    }

    /// Whether an attribute set is a derivation (`type == "derivation"`).
    pub fn is_derivation(&mut self, attrs: &crate::value::Attrs) -> Result<bool> {
        match attrs.get("type") {
            Some(t) => {
                let t = t.clone();
                Ok(matches!(self.force(&t)?, Value::String(s) if s.as_bytes() == b"derivation"))
            }
            None => Ok(false),
        }
    }

    /// Ordering for `<` and `builtins.lessThan`/`sort`: numbers, strings,
    /// paths, and lists lexicographically.
    pub fn compare(&mut self, a: &Value, b: &Value) -> Result<Ordering> {
        self.nest(|st| st.compare_nested(a, b))
    }

    fn compare_nested(&mut self, a: &Value, b: &Value) -> Result<Ordering> {
        let a = self.forced(a)?;
        let b = self.forced(b)?;
        Ok(match (&*a, &*b) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y).unwrap_or(Ordering::Equal),
            (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)).unwrap_or(Ordering::Equal),
            (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Value::Path(x), Value::Path(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Value::List(x), Value::List(y)) => {
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.element_equal(p, q)? {
                        return self.compare(p, q);
                    }
                }
                x.len().cmp(&y.len())
            }
            // Of one Nix type (a builtin and a lambda are both functions).
            _ if a.type_of() == b.type_of() => {
                return Err(Error::msg(format!(
                    "cannot compare {} with {}; values of that type are incomparable",
                    a.type_desc(),
                    b.type_desc()
                )))
            }
            _ => {
                return Err(Error::msg(format!(
                    "cannot compare {} with {}",
                    a.type_desc(),
                    b.type_desc()
                )))
            }
        })
    }
}

impl EvalState {
    /// `assert a == b`: like `==`, but a difference is an error that says
    /// where the two values differ, worded as C++ Nix words it.
    pub fn assert_equal(&mut self, a: &Value, b: &Value) -> Result<()> {
        let a = self.force(a)?;
        let b = self.force(b)?;
        let show = crate::print::error_repr;
        let unequal = |msg: String| Err(Error::new(ErrorKind::Unequal(msg), None));
        match (&a, &b) {
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                if self.values_equal(&a, &b)? {
                    return Ok(());
                }
                unequal(format!(
                    "{} with value '{}' is not equal to {} with value '{}'",
                    a.type_desc(),
                    show(&a),
                    b.type_desc(),
                    show(&b)
                ))
            }
            (Value::String(x), Value::String(y)) if x.as_bytes() != y.as_bytes() => {
                unequal(format!("string '{}' is not equal to string '{}'", show(&a), show(&b)))
            }
            (Value::Bool(x), Value::Bool(y)) if x != y => {
                unequal(format!("boolean '{}' is not equal to boolean '{}'", show(&a), show(&b)))
            }
            (Value::Path(x), Value::Path(y)) if x != y => {
                unequal(format!("path '{}' is not equal to path '{}'", show(&a), show(&b)))
            }
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return unequal(format!(
                        "list of size '{}' is not equal to list of size '{}', left hand side is '{}', right hand side is '{}'",
                        x.len(),
                        y.len(),
                        show(&a),
                        show(&b)
                    ));
                }
                for (i, (p, q)) in x.iter().zip(y.iter()).enumerate() {
                    if !self.element_equal(p, q)? {
                        return self
                            .assert_equal(p, q)
                            .map_err(|e| e.context(format!("while comparing list element {i}"), None));
                    }
                }
                Ok(())
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    if let (Some(p), Some(q)) = (x.get("outPath"), y.get("outPath")) {
                        let (p, q) = (p.clone(), q.clone());
                        return self
                            .assert_equal(&p, &q)
                            .map_err(|e| e.context("while comparing a derivation by its 'outPath' attribute", None));
                    }
                }
                if self.values_equal(&a, &b)? {
                    return Ok(());
                }
                if x.len() != y.len() {
                    return unequal(format!(
                        "attribute names of attribute set '{}' differs from attribute set '{}'",
                        show(&a),
                        show(&b)
                    ));
                }
                for (name, _) in x.iter() {
                    if !y.contains(name.as_str()) {
                        return unequal(format!(
                            "attribute name '{name}' is contained in '{}', but not in '{}'",
                            show(&a),
                            show(&b)
                        ));
                    }
                }
                for ((name, p), (_, q)) in x.iter().zip(y.iter()) {
                    if !self.element_equal(p, q)? {
                        return self
                            .assert_equal(p, q)
                            .map_err(|e| e.context(format!("while comparing attribute '{name}'"), None));
                    }
                }
                Ok(())
            }
            _ if a.type_kind() != b.type_kind() => unequal(format!(
                "{} of value '{}' is not equal to {} of value '{}'",
                a.type_desc(),
                show(&a),
                b.type_desc(),
                show(&b)
            )),
            _ if a.is_function() => {
                unequal("distinct functions and immediate comparisons of identical functions compare as unequal".into())
            }
            _ => Ok(()),
        }
    }
}

/// Concatenates two strings, merging their contexts.
pub fn concat(a: &NixString, b: &NixString) -> NixString {
    let mut bytes = Vec::with_capacity(a.len() + b.len());
    bytes.extend_from_slice(a.as_bytes());
    bytes.extend_from_slice(b.as_bytes());
    let mut ctx = a.context().clone();
    ctx.extend(b.context().iter().cloned());
    NixString::new(bytes, ctx)
}
