//! The forbidden and neutralised names of `modules-spec/purity.md`.
//!
//! Forbidden names are throwing thunks, not functions: the error fires when
//! the value is forced (called, printed, tested), never when it is merely
//! mentioned, and `tryEval` catches it as it catches any `throw`. The
//! error takes the span of the expression that forced it, so `import ./x`
//! points at the use.

use engine::error::{Error, ErrorKind};
use engine::symbol::Symbol;
use engine::value::Thunk;
use engine::{EvalState, Value};

/// The error of `import`, `scopedImport`, `getFlake` and `importAtom`.
pub const IMPORT: &str = "importing arbitrary Nix files is forbidden; declare dependencies via the module system";
/// The error of every fetcher.
pub const FETCH: &str = "ad-hoc fetching is illegal; declare dependencies in the manifest";
/// The error of `currentSystem`.
pub const SYSTEM: &str = "accessing the current system is impure; declare supported systems in the manifest";
/// The error of `storePath`.
pub const STORE_PATH: &str = "explicit dependencies on store paths are illegal";

/// The replaced names: name in `builtins`, name at the top level of a file,
/// and the message of the error they throw (`None` for the neutralised
/// ones, which get their own values).
const REPLACED: &[(&str, &str, Option<&str>)] = &[
    ("import", "import", Some(IMPORT)),
    ("scopedImport", "scopedImport", Some(IMPORT)),
    ("getFlake", "__getFlake", Some(IMPORT)),
    ("importAtom", "__importAtom", Some(IMPORT)),
    ("fetchurl", "__fetchurl", Some(FETCH)),
    ("fetchGit", "fetchGit", Some(FETCH)),
    ("fetchMercurial", "fetchMercurial", Some(FETCH)),
    ("fetchTarball", "fetchTarball", Some(FETCH)),
    ("fetchTree", "fetchTree", Some(FETCH)),
    ("fetchClosure", "__fetchClosure", Some(FETCH)),
    ("currentSystem", "__currentSystem", Some(SYSTEM)),
    ("storePath", "__storePath", Some(STORE_PATH)),
    ("currentTime", "__currentTime", None),
    ("nixPath", "__nixPath", None),
    ("getEnv", "__getEnv", None),
];

/// The replacement values, built once per evaluator so that the
/// neutralised constants warn once.
pub struct Purity {
    /// By `builtins` name.
    values: Vec<(Symbol, Symbol, Value)>,
}

impl Purity {
    /// The replacement values, fresh (their warnings not yet given).
    pub fn new() -> Purity {
        let values = REPLACED
            .iter()
            .map(|&(name, top, msg)| {
                let value = match msg {
                    Some(msg) => thrower(msg),
                    None => neutralised(name),
                };
                (Symbol::new(name), Symbol::new(top), value)
            })
            .collect();
        Purity { values }
    }

    /// `(name, value)` as attributes of `builtins`.
    pub fn builtins(&self) -> impl Iterator<Item = (Symbol, Value)> + '_ {
        self.values.iter().map(|(name, _, v)| (*name, v.clone()))
    }

    /// `(name, value)` as names at the top level of a file.
    pub fn top_level(&self) -> impl Iterator<Item = (Symbol, Value)> + '_ {
        self.values.iter().map(|(_, top, v)| (*top, v.clone()))
    }
}

impl Default for Purity {
    fn default() -> Self {
        Purity::new()
    }
}

fn thrower(msg: &'static str) -> Value {
    Value::Thunk(Thunk::native(move |_| {
        Err(Error::new(ErrorKind::Throw(msg.to_owned()), None))
    }))
}

/// `currentTime`, `nixPath` and `getEnv`: constants with a warning.
fn neutralised(name: &'static str) -> Value {
    match name {
        "currentTime" => Value::Thunk(Thunk::native(|st: &mut EvalState| {
            st.warn("builtins.currentTime is impure; it is 0 inside an atom");
            Ok(Value::Int(0))
        })),
        "nixPath" => Value::Thunk(Thunk::native(|st: &mut EvalState| {
            st.warn("builtins.nixPath is impure; it is [ ] inside an atom");
            Ok(Value::list(Vec::new()))
        })),
        _ => engine::builtins::make_primop(
            "getEnv",
            "s",
            std::rc::Rc::new(|st: &mut EvalState, args: &[Value]| {
                let name = st.force_str(&args[0])?;
                st.warn(&format!(
                    "builtins.getEnv \"{name}\" is impure; it is \"\" inside an atom"
                ));
                Ok(Value::string(""))
            }),
        ),
    }
}
