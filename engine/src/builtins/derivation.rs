//! `derivationStrict` and `derivation`.

use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::value::Value;

/// `derivationStrict attrs`.
pub fn derivation_strict(_st: &mut EvalState, _args: &[Value]) -> Result<Value> {
    Err(Error::msg("derivationStrict is not implemented yet"))
}

/// `import` of a `.drv` file in the store.
pub fn import_drv(_st: &mut EvalState, path: &str) -> Result<Value> {
    Err(Error::msg(format!(
        "importing the derivation '{path}' is not implemented yet"
    )))
}

/// The source of `derivation`: a Nix function that calls `derivationStrict`
/// lazily and shapes its result.
const DERIVATION_NIX: &str = include_str!("derivation.nix");

/// The value of the `derivation` global, evaluated on first use.
pub fn derivation_function(st: &mut EvalState) -> Result<Value> {
    st.eval_source(
        std::rc::Rc::from(DERIVATION_NIX),
        "/derivation-internal.nix".into(),
        "/",
        None,
    )
}
