//! Fetchers. They exist (so `builtins` has the names C++ Nix 2.26 has and
//! code can test for them), but evaluation never downloads anything: each
//! one fails with an error naming it.

use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::value::Value;

fn unsupported(name: &str) -> Result<Value> {
    Err(Error::msg(format!(
        "'builtins.{name}' is not supported: this evaluator does not fetch from the network"
    )))
}

pub fn fetchurl(_: &mut EvalState, _: &[Value]) -> Result<Value> {
    unsupported("fetchurl")
}

pub fn fetch_tarball(_: &mut EvalState, _: &[Value]) -> Result<Value> {
    unsupported("fetchTarball")
}

pub fn fetch_git(_: &mut EvalState, _: &[Value]) -> Result<Value> {
    unsupported("fetchGit")
}

pub fn fetch_mercurial(_: &mut EvalState, _: &[Value]) -> Result<Value> {
    unsupported("fetchMercurial")
}
