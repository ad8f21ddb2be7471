//! Hashes: `hashString`, `hashFile` and `convertHash`, over the `store`
//! crate's hashes (which also carry C++ Nix's parsing rules and messages).

use std::path::Path;

use store::hash::{Hash, HashAlgo, HashFormat};

use super::context::string_no_ctx;
use super::files::realise_path;
use crate::error::{Error, Result};
use crate::eval::store::os_error_text;
use crate::eval::{missing_attr, EvalState};
use crate::symbol::Symbol;
use crate::value::Value;

fn algo(st: &mut EvalState, v: &Value, builtin: &str) -> Result<HashAlgo> {
    let name = string_no_ctx(st, v).map_err(|e| {
        e.context(
            format!("while evaluating the first argument passed to builtins.{builtin}"),
            None,
        )
    })?;
    HashAlgo::parse(&name).map_err(|e| Error::msg(e.to_string()))
}

/// `hashString algo s`: the base-16 hash of a string's bytes.
pub fn hash_string(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let algo = algo(st, &args[0], "hashString")?;
    // The context is dropped: the hash does not depend on the paths.
    let s = st.force_string(&args[1]).map_err(|e| {
        e.context(
            "while evaluating the second argument passed to builtins.hashString",
            None,
        )
    })?;
    Ok(Value::string(algo.hash(s.as_bytes()).to_base16()))
}

/// `hashFile algo path`: the base-16 hash of a file's contents.
pub fn hash_file(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let algo = algo(st, &args[0], "hashFile")?;
    let path = realise_path(st, &args[1])?;
    let bytes = st.io.read_file(Path::new(&path)).map_err(|e| {
        // C++ Nix opens, then reads: a directory opens fine.
        let verb = if e.raw_os_error() == Some(21) {
            "reading from"
        } else {
            "opening"
        };
        Error::msg(format!("{verb} file '{path}': {}", os_error_text(&e)))
    })?;
    Ok(Value::string(algo.hash(&bytes).to_base16()))
}

/// `convertHash { hash; hashAlgo ? <from hash>; toHashFormat; }`.
pub fn convert_hash(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let attrs = st.force_attrs(&args[0]).map_err(|e| {
        e.context(
            "while evaluating the first argument passed to builtins.convertHash",
            None,
        )
    })?;
    let get = |name: &str| {
        attrs.get(name).cloned().ok_or_else(|| {
            missing_attr(Symbol::new(name)).context(format!("while locating the attribute '{name}'"), None)
        })
    };
    let hash = get("hash")?;
    let hash = string_no_ctx(st, &hash).map_err(|e| e.context("while evaluating the attribute 'hash'", None))?;
    let algo = match attrs.get("hashAlgo").cloned() {
        Some(v) => {
            let name =
                string_no_ctx(st, &v).map_err(|e| e.context("while evaluating the attribute 'hashAlgo'", None))?;
            Some(HashAlgo::parse(&name).map_err(|e| Error::msg(e.to_string()))?)
        }
        None => None,
    };
    let format = get("toHashFormat")?;
    let format =
        string_no_ctx(st, &format).map_err(|e| e.context("while evaluating the attribute 'toHashFormat'", None))?;
    let format_name = format;
    let format = HashFormat::parse(&format_name).map_err(|e| Error::msg(e.to_string()))?;
    if format_name == "base32" {
        st.warning("\"base32\" is a deprecated alias for hash format \"nix32\".");
    }
    let parsed = Hash::parse_any(&hash, algo).map_err(|e| Error::msg(e.to_string()))?;
    Ok(Value::string(parsed.to_string_as(format, format == HashFormat::Sri)))
}
