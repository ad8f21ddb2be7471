//! What `nix-instantiate --eval` does around evaluation: calling a
//! function result with `--arg`/`--argstr` values (auto-call), and walking
//! an attribute path (`-A a.b.0.c`). Hosts use these so that every front
//! end treats results the same way.

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::ir::Param;
use crate::symbol::Symbol;
use crate::value::{Attrs, Value};

/// C++ Nix's auto-call: a function with a pattern (`{ a, b ? 1 }: ...`)
/// is called with the arguments it names (all of them if it has `...`);
/// a functor set is called through `__functor` first. Anything else, a
/// function with a plain parameter included, is left as it is.
pub fn auto_call(st: &mut EvalState, value: Value, args: &[(Symbol, Value)]) -> Result<Value> {
    let mut f = st.force(&value)?;
    while let Value::Attrs(attrs) = &f {
        let Some(functor) = attrs.get("__functor").cloned() else {
            return Ok(f);
        };
        let functor = st.force(&functor)?;
        let applied = st.call(&functor, f.clone(), None)?;
        f = st.force(&applied)?;
    }
    let Value::Lambda(closure) = &f else {
        return Ok(f);
    };
    let Param::Pattern { formals, ellipsis, .. } = &closure.lambda.param else {
        return Ok(f);
    };
    let mut given = Vec::new();
    if *ellipsis {
        given.extend(args.iter().cloned());
    } else {
        for formal in formals.iter() {
            match args.iter().find(|(n, _)| *n == formal.name) {
                Some(arg) => given.push(arg.clone()),
                None if formal.default.is_none() => {
                    return Err(Error::msg(format!(
                        "cannot evaluate a function that has an argument without a value ('{}')\n\
                         Nix attempted to evaluate a function as a top level expression; in\n\
                         this case it must have its arguments supplied either by default\n\
                         values, or passed explicitly with '--arg' or '--argstr'. See\n\
                         https://nixos.org/manual/nix/stable/language/constructs.html#functions.",
                        formal.name
                    ))
                    .at(closure.lambda.span));
                }
                None => {}
            }
        }
    }
    let arg = Value::Attrs(Rc::new(Attrs::from_unsorted(given)));
    st.call(&f, arg, None)
}

/// `-A a.b.0.c` as nix-instantiate walks it: attributes by name, list
/// elements by index, and the value at each step auto-called with `args`
/// (see [`auto_call`]) before it is selected from. The result is forced.
pub fn select_path(st: &mut EvalState, mut value: Value, path: &str, args: &[(Symbol, Value)]) -> Result<Value> {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        value = auto_call(st, value, args)?;
        value = match &value {
            Value::List(items) if part.parse::<usize>().is_ok() => {
                let i: usize = part.parse().expect("checked");
                items
                    .get(i)
                    .cloned()
                    .ok_or_else(|| Error::msg(format!("list index {i} in selection path '{path}' is out of range")))?
            }
            Value::Attrs(attrs) => match attrs.get(part) {
                Some(v) => v.clone(),
                None => {
                    let mut msg = format!("attribute '{part}' in selection path '{path}' not found");
                    if let Some(hint) = crate::suggest::nix_hint(part, attrs.names().map(|s| s.as_str())) {
                        msg.push('\n');
                        msg.push_str(&hint);
                    }
                    return Err(Error::msg(msg));
                }
            },
            other => {
                return Err(Error::msg(format!(
                    "the expression selected by the selection path '{path}' should be a set but is {}",
                    other.type_of()
                )))
            }
        };
    }
    st.force(&value)
}
