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
    for part in attr_path(path)? {
        let part = part.as_str();
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

/// The names of an attribute path as nix-instantiate reads `-A`: split at
/// dots, except inside double quotes (`services."example.com".ssl`), which
/// are removed; empty names are skipped.
pub fn attr_path(path: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => names.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    if quoted {
        return Err(Error::msg(format!("missing closing quote in selection path '{path}'")));
    }
    names.push(current);
    names.retain(|n| !n.is_empty());
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::attr_path;

    #[test]
    fn quoted_names_keep_their_dots() {
        assert_eq!(attr_path("a.b.0").unwrap(), ["a", "b", "0"]);
        assert_eq!(
            attr_path("services.\"example.com\".ssl").unwrap(),
            ["services", "example.com", "ssl"]
        );
        assert_eq!(attr_path("\"d e\".x").unwrap(), ["d e", "x"]);
        assert_eq!(attr_path("").unwrap(), Vec::<String>::new());
        assert_eq!(
            attr_path("\"a.b").unwrap_err().message(),
            "missing closing quote in selection path '\"a.b'"
        );
    }
}
