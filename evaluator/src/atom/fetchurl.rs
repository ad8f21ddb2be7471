//! `deps.get.<name>.src` for a `nix+src` entry: what
//! `import <nix/fetchurl.nix> { url; hash; }` gives in C++ Nix, a
//! fixed-output derivation built by `builtin:fetchurl`, with the same
//! attributes, so its `drvPath` and `outPath` are C++ Nix's byte for byte
//! (`modules-spec/dependencies.md`).
//!
//! Evaluation never builds; the host realises the output by fetching it
//! (verified against the hash) when a context needs it, that is when the
//! source is read as a path (`readFile src`, `import "${src}/x"`).

use std::rc::Rc;

use engine::error::{Error, Result};
use engine::symbol::Symbol;
use engine::value::Attrs;
use engine::{EvalState, Value};

/// The variables `<nix/fetchurl.nix>` declares impure (they change
/// nothing in the result).
const IMPURE_ENV_VARS: [&str; 5] = ["http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"];

/// `baseNameOf (toString url)`: the derivation's default name.
pub(crate) fn base_name(url: &str) -> &str {
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// The derivation `<nix/fetchurl.nix>` makes of `{ url; hash; }`, `hash`
/// as written (SRI or `algo:…`; the derivation holds it verbatim).
pub(crate) fn derivation(st: &mut EvalState, url: &str, hash: &str) -> Result<Value> {
    let text = |s: &str| Value::string(s);
    let attrs = vec![
        ("builder", text("builtin:fetchurl")),
        ("executable", Value::Bool(false)),
        (
            "impureEnvVars",
            Value::list(IMPURE_ENV_VARS.iter().map(|v| text(v)).collect()),
        ),
        ("name", text(base_name(url))),
        // An SRI or prefixed hash names its algorithm itself.
        ("outputHash", text(hash)),
        ("outputHashAlgo", text("")),
        ("outputHashMode", text("flat")),
        ("preferLocalBuild", Value::Bool(true)),
        ("system", text("builtin")),
        ("unpack", Value::Bool(false)),
        ("url", text(url)),
        ("urls", Value::list(vec![text(url)])),
    ];
    let attrs = Attrs::from_unsorted(attrs.into_iter().map(|(n, v)| (Symbol::new(n), v)).collect());
    let derivation = st
        .global("derivation")
        .ok_or_else(|| Error::msg("no global 'derivation'"))?;
    let derivation = st.force(&derivation)?;
    let v = st.call(&derivation, Value::attrs(attrs), None)?;
    st.force(&v)
}

/// The `.drv` path of a derivation value (instantiating it).
pub(crate) fn drv_path(st: &mut EvalState, drv: &Value) -> Result<String> {
    let attrs = st.force_attrs(drv)?;
    let path = attrs
        .get("drvPath")
        .cloned()
        .ok_or_else(|| Error::msg("a derivation without 'drvPath'"))?;
    let path = st.force(&path)?;
    let path = st.coerce_to_string(&path, engine::eval::CoerceMode::Interpolation, false)?;
    Ok(path.to_str_lossy().into_owned())
}

/// Makes the derivation's output, when a context needs it, with `fetch`.
pub(crate) fn realise_by(st: &mut EvalState, drv_path: &str, fetch: impl Fn() -> Result<()> + 'static) {
    st.realise_with(drv_path, Rc::new(move || fetch().map_err(|e| e.to_string())));
}
