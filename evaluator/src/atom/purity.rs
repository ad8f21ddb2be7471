//! Purity: the one table of what atoms may not use (`modules-spec/purity.md`).
//!
//! Each replaced builtin has a treatment: forbidden names become throwing
//! thunks (the error fires when the value is forced, never when it is
//! merely mentioned, as with the reference), neutralised ones a constant
//! with a warning. The top-level names (`__currentSystem`, `import`, ...)
//! carry these values; `std`, and so `builtins`, leaves out every impure
//! builtin altogether ([`in_std`]). `check` reports uses of the forbidden
//! names statically ([`forbidden`]).

use engine::error::{Error, ErrorKind};
use engine::symbol::Symbol;
use engine::value::Thunk;
use engine::{EvalState, Value};

/// Why a name is forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `import`, `scopedImport`, `getFlake`, `importAtom`.
    Import,
    /// Every fetcher.
    Fetch,
    /// `currentSystem`.
    System,
    /// `storePath`.
    StorePath,
}

impl Reason {
    /// The error message, as the reference words it.
    pub fn message(self) -> &'static str {
        match self {
            Reason::Import => "importing arbitrary Nix files is forbidden; declare dependencies via the module system",
            Reason::Fetch => "ad-hoc fetching is illegal; declare dependencies in the manifest",
            Reason::System => "accessing the current system is impure; declare supported systems in the manifest",
            Reason::StorePath => "explicit dependencies on store paths are illegal",
        }
    }

    /// How to do without it.
    pub fn help(self) -> &'static str {
        match self {
            Reason::Import => {
                "a sibling file `helper.nix` is already `mod.helper`; other atoms and Nix code are dependencies \
                 declared in atom.toml"
            }
            Reason::Fetch => "declare what is fetched as a dependency in atom.toml",
            Reason::System => "declare the supported systems in atom.toml and take the system as an argument",
            Reason::StorePath => "depend on the store path through a declared dependency",
        }
    }
}

/// What an atom gets instead of an impure builtin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Treatment {
    /// An error when used.
    Forbidden(Reason),
    /// A constant, with a warning when used.
    Neutralised,
}

/// A replaced builtin: its name in `builtins`, its name at the top level
/// of a file, and its treatment.
pub struct Replaced {
    /// The name in C++ Nix's `builtins`.
    pub builtin: &'static str,
    /// The name at the top level of a file.
    pub top_level: &'static str,
    /// What atoms get.
    pub treatment: Treatment,
}

const fn forbid(builtin: &'static str, top_level: &'static str, reason: Reason) -> Replaced {
    Replaced {
        builtin,
        top_level,
        treatment: Treatment::Forbidden(reason),
    }
}

const fn neutral(builtin: &'static str, top_level: &'static str) -> Replaced {
    Replaced {
        builtin,
        top_level,
        treatment: Treatment::Neutralised,
    }
}

/// Every replaced builtin.
pub const REPLACED: &[Replaced] = &[
    forbid("import", "import", Reason::Import),
    forbid("scopedImport", "scopedImport", Reason::Import),
    forbid("getFlake", "__getFlake", Reason::Import),
    forbid("importAtom", "__importAtom", Reason::Import),
    forbid("fetchurl", "__fetchurl", Reason::Fetch),
    forbid("fetchGit", "fetchGit", Reason::Fetch),
    forbid("fetchMercurial", "fetchMercurial", Reason::Fetch),
    forbid("fetchTarball", "fetchTarball", Reason::Fetch),
    forbid("fetchTree", "fetchTree", Reason::Fetch),
    forbid("fetchClosure", "__fetchClosure", Reason::Fetch),
    forbid("currentSystem", "__currentSystem", Reason::System),
    forbid("storePath", "__storePath", Reason::StorePath),
    neutral("currentTime", "__currentTime"),
    neutral("nixPath", "__nixPath"),
    neutral("getEnv", "__getEnv"),
];

/// The prefixes of the builtins `std` leaves out: everything impure or
/// forbidden, and `builtins` itself (`std` is what atoms have instead).
const NOT_IN_STD: &[&str] = &[
    "import",
    "scopedImport",
    "builtins",
    "fetch",
    "current",
    "nixPath",
    "storePath",
    "getEnv",
    "getFlake",
];

/// Whether the builtin `name` is part of `std`.
pub fn in_std(name: &str) -> bool {
    !NOT_IN_STD.iter().any(|p| name.starts_with(p))
}

/// Why a name at the top level of a module file is forbidden, if it is.
pub fn forbidden(top_level: &str) -> Option<Reason> {
    REPLACED
        .iter()
        .find(|r| r.top_level == top_level)
        .and_then(|r| match r.treatment {
            Treatment::Forbidden(reason) => Some(reason),
            Treatment::Neutralised => None,
        })
}

/// The top-level names and their values, built once per evaluator so that
/// the neutralised constants warn once.
pub struct Purity {
    values: Vec<(Symbol, Value)>,
}

impl Purity {
    /// The values, fresh (their warnings not yet given).
    pub fn new() -> Purity {
        let values = REPLACED
            .iter()
            .map(|r| {
                let value = match r.treatment {
                    Treatment::Forbidden(reason) => thrower(reason),
                    Treatment::Neutralised => neutralised(r.builtin),
                };
                (Symbol::new(r.top_level), value)
            })
            .collect();
        Purity { values }
    }

    /// `(name, value)` as names at the top level of a file.
    pub fn top_level(&self) -> impl Iterator<Item = (Symbol, Value)> + '_ {
        self.values.iter().cloned()
    }
}

impl Default for Purity {
    fn default() -> Self {
        Purity::new()
    }
}

/// A forbidden name's value: the reference's message, then the hint
/// `check` gives for it on a line of its own.
fn thrower(reason: Reason) -> Value {
    Value::Thunk(Thunk::native(move |_| {
        let msg = format!("{}\n{}", reason.message(), reason.help());
        Err(Error::new(ErrorKind::Throw(msg), None))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_leaves_out_every_replaced_builtin() {
        for r in REPLACED {
            assert!(!in_std(r.builtin), "{}", r.builtin);
        }
        assert!(in_std("readFile") && in_std("map") && !in_std("builtins") && !in_std("fetchClosure"));
    }

    #[test]
    fn forbidden_top_level_names() {
        assert_eq!(forbidden("import"), Some(Reason::Import));
        assert_eq!(forbidden("__currentSystem"), Some(Reason::System));
        assert_eq!(forbidden("__currentTime"), None);
        assert_eq!(forbidden("map"), None);
    }
}
