//! `derivationStrict`, the `derivation` wrapper, and `import` of `.drv`
//! files.
//!
//! `derivationStrict` turns an attribute set into a store derivation the way
//! C++ Nix does, so that `.drv` and output paths are identical:
//! - every attribute but `args` (and `__ignoreNulls`, and nulls when it is
//!   set) becomes an environment variable, coerced as `toString` does and
//!   with paths copied to the store; with `__structuredAttrs` they go into
//!   one JSON variable `__json` instead;
//! - the contexts of all those strings become the inputs;
//! - a fixed-output derivation (`outputHash`) gets its output path from the
//!   hash alone; otherwise output paths come from the hash of the `.drv`
//!   with output paths blanked and input derivations replaced by their own
//!   hashes ("hash modulo"), cached per `.drv` in `st.drv_hashes`.
//!
//! The derivation itself, its `.drv` text and its paths are the `store`
//! crate's [`Derivation`]; this file only turns attributes into one.

use std::collections::BTreeSet;
use std::rc::Rc;

use store::derivation::{Derivation, DerivationOutput};
use store::hash::HashAlgo;
use store::path::ContentMethod;

use super::context::string_no_ctx;
use crate::error::{Error, Result};
use crate::eval::{missing_attr, type_error, CoerceMode, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, ContextElem, NixString, Value};

/// The source of `derivation`: a Nix function that calls `derivationStrict`
/// lazily and shapes its result.
const DERIVATION_NIX: &str = include_str!("derivation.nix");

/// The value of the `derivation` global, evaluated on first use.
pub fn derivation_function(st: &mut EvalState) -> Result<Value> {
    // The engine's own code: it runs with its callers' rights.
    st.eval_source_in(
        Rc::from(DERIVATION_NIX),
        "/derivation-internal.nix".into(),
        "/",
        None,
        crate::source::Origin::realm(crate::source::Realm::Inherit),
    )
}

/// How `import` presents a `.drv` file: a derivation-like set over the
/// attributes `drvPath`, `name`, `outputs` and one per output path.
const IMPORTED_DRV_NIX: &str = r#"
attrs@{ drvPath, outputs, name, ... }:
let
  perOutput = map (outputName: {
    name = outputName;
    value = shared // {
      outPath = builtins.getAttr outputName attrs;
      inherit outputName;
    };
  }) outputs;
  shared = builtins.listToAttrs perOutput // {
    all = map (o: o.value) perOutput;
    inherit drvPath name;
    type = "derivation";
  };
in
(builtins.head perOutput).value
"#;

/// `import` of a `.drv` file in the store.
pub fn import_drv(st: &mut EvalState, path: &str) -> Result<Value> {
    let drv = st.read_derivation(path)?;
    let mut entries = vec![
        (
            Symbol::new("drvPath"),
            Value::String(NixString::new(
                path.as_bytes(),
                Context::from([ContextElem::DrvDeep(path.to_owned())]),
            )),
        ),
        (
            Symbol::new("name"),
            Value::String(NixString::from(drv.env.get("name").cloned().unwrap_or_default())),
        ),
    ];
    let dir = st.logical_store_dir()?;
    let mut names = Vec::new();
    for name in drv.outputs.keys() {
        let out_path = drv.output_path(&dir, name).map(|p| dir.print(&p));
        entries.push((Symbol::new(name), output_string(path, name, out_path)));
        names.push(Value::string(name.as_str()));
    }
    entries.push((Symbol::new("outputs"), Value::list(names)));
    let arg = Value::attrs(Attrs::from_unsorted(entries));
    let f = st.eval_source_in(
        Rc::from(IMPORTED_DRV_NIX),
        "/imported-drv-to-derivation.nix".into(),
        "/",
        None,
        crate::source::Origin::realm(crate::source::Realm::Inherit),
    )?;
    let v = st.call(&f, arg, None)?;
    st.force(&v)
}

/// An output's path (empty if not known before building) as a string
/// depending on that output.
fn output_string(drv_path: &str, name: &str, path: Option<String>) -> Value {
    let path = path.unwrap_or_default();
    Value::String(NixString::new(
        path.as_bytes(),
        Context::from([ContextElem::Built(drv_path.to_owned(), name.to_owned())]),
    ))
}

/// `derivationStrict attrs`: `{ drvPath; <output> = path; ... }`.
pub fn derivation_strict(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let attrs = match &args[0] {
        Value::Attrs(a) => a.clone(),
        other => return Err(type_error("a set", other)),
    };
    let Some(name) = attrs.get("name").cloned() else {
        return Err(missing_attr(Symbol::new("name"))
            .context("in the attrset passed as argument to builtins.derivationStrict", None));
    };
    let name =
        string_no_ctx(st, &name).map_err(|e| e.context("while evaluating the derivation attribute 'name'", None))?;
    instantiate(st, &name, &attrs).map_err(|e| e.context(format!("while evaluating derivation '{name}'"), None))
}

/// What the attributes say about the outputs.
struct OutputSpec {
    names: BTreeSet<String>,
    hash: Option<String>,
    hash_algo: Option<HashAlgo>,
    method: Option<ContentMethod>,
}

fn experimental(feature: &str) -> Box<Error> {
    Error::msg(format!(
        "experimental Nix feature '{feature}' is disabled; add '--extra-experimental-features {feature}' to enable it"
    ))
}

fn hash_mode(s: &str) -> Result<ContentMethod> {
    let method = match s {
        "recursive" | "nar" => ContentMethod::Nar,
        "flat" => ContentMethod::Flat,
        "text" => return Err(experimental("dynamic-derivations")),
        "git" => return Err(experimental("git-hashing")),
        _ => {
            return Err(Error::msg(format!(
                "invalid value '{s}' for 'outputHashMode' attribute"
            )))
        }
    };
    Ok(method)
}

fn set_outputs(spec: &mut OutputSpec, names: Vec<String>) -> Result<()> {
    spec.names.clear();
    for n in names {
        if spec.names.contains(&n) {
            return Err(Error::msg(format!("duplicate derivation output '{n}'")));
        }
        if n == "drvPath" {
            return Err(Error::msg("invalid derivation output name 'drvPath'"));
        }
        spec.names.insert(n);
    }
    if spec.names.is_empty() {
        return Err(Error::msg("derivation cannot have an empty set of outputs"));
    }
    Ok(())
}

fn instantiate(st: &mut EvalState, name: &str, attrs: &Attrs) -> Result<Value> {
    if let Err(e) = store::path::check_name(name) {
        return Err(Error::msg(format!(
            "invalid derivation name: {}. Please pass a different 'name'.",
            String::from_utf8_lossy(&e.to_bytes())
        )));
    }
    let structured = match attrs.get("__structuredAttrs") {
        Some(v) => st.force_bool(&v.clone())?,
        None => false,
    };
    let ignore_nulls = match attrs.get("__ignoreNulls") {
        Some(v) => st.force_bool(&v.clone())?,
        None => false,
    };

    let mut drv = Derivation {
        name: name.to_owned(),
        ..Derivation::default()
    };
    let mut ctx = Context::new();
    let mut json: Vec<(String, NixString)> = Vec::new();
    let mut spec = OutputSpec {
        names: BTreeSet::from(["out".to_owned()]),
        hash: None,
        hash_algo: None,
        method: None,
    };

    for (key, value) in attrs.iter() {
        let key = key.as_str();
        if key == "__ignoreNulls" {
            continue;
        }
        let attr_ctx = || format!("while evaluating attribute '{key}' of derivation '{name}'");
        let mut process = || -> Result<()> {
            if ignore_nulls && matches!(st.force(value)?, Value::Null) {
                return Ok(());
            }
            if key == "__contentAddressed" && st.force_bool(value)? {
                return Err(experimental("ca-derivations"));
            }
            if key == "__impure" && st.force_bool(value)? {
                return Err(experimental("impure-derivations"));
            }
            if key == "args" {
                let items = st.force_list(value)?;
                for item in items.iter() {
                    let s = st
                        .coerce_to_string(item, CoerceMode::ToString, true)
                        .map_err(|e| e.context("while evaluating an element of the argument list", None))?;
                    ctx.extend(s.context().iter().cloned());
                    drv.args.push(s.as_bytes().to_vec());
                }
                return Ok(());
            }
            if structured {
                if key == "__structuredAttrs" {
                    return Ok(());
                }
                let j = to_json_with_context(st, value)?;
                ctx.extend(j.context().iter().cloned());
                json.push((key.to_owned(), j));
                match key {
                    "builder" => {
                        let s = st.force_string(value)?;
                        drv.builder = s.to_str_lossy().into_owned();
                    }
                    "system" => drv.platform = string_no_ctx(st, value)?,
                    "outputHash" => spec.hash = Some(string_no_ctx(st, value)?),
                    "outputHashAlgo" => spec.hash_algo = HashAlgo::from_name(&string_no_ctx(st, value)?),
                    "outputHashMode" => spec.method = Some(hash_mode(&string_no_ctx(st, value)?)?),
                    "outputs" => {
                        let items = st.force_list(value)?;
                        let mut names = Vec::new();
                        for item in items.iter() {
                            names.push(string_no_ctx(st, item)?);
                        }
                        set_outputs(&mut spec, names)?;
                    }
                    _ => {}
                }
                let ignored = [
                    "allowedReferences",
                    "allowedRequisites",
                    "disallowedReferences",
                    "disallowedRequisites",
                    "maxSize",
                    "maxClosureSize",
                ];
                if ignored.contains(&key) {
                    st.warning(&format!(
                        "In a derivation named '{name}', 'structuredAttrs' disables the effect of the derivation attribute '{key}'; use 'outputChecks.<output>.{key}' instead"
                    ));
                }
                return Ok(());
            }
            let s = st.coerce_to_string(value, CoerceMode::ToString, true)?;
            ctx.extend(s.context().iter().cloned());
            let text = s.to_str_lossy().into_owned();
            drv.env.insert(key.to_owned(), s.as_bytes().to_vec());
            match key {
                "builder" => drv.builder = text,
                "system" => drv.platform = text,
                "outputHash" => spec.hash = Some(text),
                "outputHashAlgo" => spec.hash_algo = HashAlgo::from_name(&text),
                "outputHashMode" => spec.method = Some(hash_mode(&text)?),
                "outputs" => {
                    let names = text.split([' ', '\t', '\n', '\r']).filter(|s| !s.is_empty());
                    set_outputs(&mut spec, names.map(str::to_owned).collect())?;
                }
                _ => {}
            }
            Ok(())
        };
        process().map_err(|e| e.context(attr_ctx(), None))?;
    }

    if structured {
        let mut text = Vec::from(b"{".as_slice());
        for (i, (key, value)) in json.iter().enumerate() {
            if i > 0 {
                text.push(b',');
            }
            text.extend_from_slice(json_string(key).as_bytes());
            text.push(b':');
            text.extend_from_slice(value.as_bytes());
        }
        text.push(b'}');
        drv.env.insert("__json".to_owned(), text);
    }

    // Everything the strings depend on becomes an input.
    for elem in &ctx {
        match elem {
            ContextElem::DrvDeep(drv_path) => {
                // The builder may use everything reachable from the `.drv`:
                // all of it becomes an input, derivations with all their
                // outputs.
                for path in st.store_closure(drv_path)? {
                    let store_path = st.parse_store_path(&path)?;
                    if path.ends_with(".drv") {
                        let outputs = st.read_derivation(&path)?.outputs.keys().cloned().collect();
                        drv.input_drvs.insert(store_path.clone(), outputs);
                    }
                    drv.input_srcs.insert(store_path);
                }
            }
            ContextElem::Built(drv_path, output) => {
                drv.input_drvs
                    .entry(st.parse_store_path(drv_path)?)
                    .or_default()
                    .insert(output.clone());
            }
            ContextElem::Opaque(path) => {
                drv.input_srcs.insert(st.parse_store_path(path)?);
            }
        }
    }

    if drv.builder.is_empty() {
        return Err(Error::msg("required attribute 'builder' missing"));
    }
    if drv.platform.is_empty() {
        return Err(Error::msg("required attribute 'system' missing"));
    }
    if name.ends_with(".drv") {
        return Err(Error::msg(
            "derivation names are allowed to end in '.drv' only if they produce a single derivation file",
        ));
    }

    if let Some(hash) = &spec.hash {
        if spec.names.len() != 1 || !spec.names.contains("out") {
            return Err(Error::msg(
                "multiple outputs are not supported in fixed-output derivations",
            ));
        }
        let hash = st.parse_hash_allow_empty(hash, spec.hash_algo)?;
        let method = spec.method.unwrap_or(ContentMethod::Flat);
        drv.outputs
            .insert("out".to_owned(), DerivationOutput::Fixed { method, hash });
    } else {
        for out in &spec.names {
            drv.outputs.insert(out.clone(), DerivationOutput::Deferred);
        }
    }
    // Output paths: from the declared hash, or from the hash of the
    // derivation with them blanked.
    st.fill_output_paths(&mut drv)?;

    let dir = st.logical_store_dir()?;
    let outputs: Vec<(String, Option<String>)> = drv
        .outputs
        .keys()
        .map(|out| (out.clone(), drv.output_path(&dir, out).map(|p| dir.print(&p))))
        .collect();
    let drv_path = st.write_derivation(drv)?;
    let mut entries = vec![(
        Symbol::new("drvPath"),
        Value::String(NixString::new(
            drv_path.as_bytes(),
            Context::from([ContextElem::DrvDeep(drv_path.clone())]),
        )),
    )];
    for (out, path) in outputs {
        entries.push((Symbol::new(&out), output_string(&drv_path, &out, path)));
    }
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// `toJSON` of a value, keeping the string contexts (paths are copied to
/// the store), as `__structuredAttrs` needs.
fn to_json_with_context(st: &mut EvalState, v: &Value) -> Result<NixString> {
    match st.global("__toJSON") {
        Some(to_json) => {
            let result = st.call(&to_json, v.clone(), None)?;
            st.force_string(&result)
        }
        // Without a `toJSON` builtin (a host may remove it), the text
        // alone.
        None => Ok(NixString::from(super::to_json_string(st, v)?)),
    }
}

/// A JSON string literal as nlohmann::json writes it (for `__json` keys).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
