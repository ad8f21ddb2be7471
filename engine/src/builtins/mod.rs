//! The `builtins` set.
//!
//! [`BUILTINS`] is the one table that lists every builtin with its
//! parameters (their documentation is the evaluator's, in
//! `evaluator/src/tools/builtin_docs.md`). Each entry
//! points at a plain Rust function over its arguments; parameters marked
//! strict (`s`) arrive forced, lazy ones (`l`) arrive as they are. The
//! functions live in one file per domain.

mod attrs;
mod context;
mod control;
mod derivation;
mod fetch;
mod files;
mod flakeref;
mod grisu;
mod hash;
mod json;
mod lists;
mod numbers;
mod regex;
mod strings;
mod toml;
mod xml;

pub(crate) use context::reject_context;

use std::rc::Rc;

pub use fetch::fetch_tree;
pub use flakeref::{flake_ref_to_string, parse_flake_ref};
pub use json::to_json_string;
pub use xml::to_xml_output;

use crate::error::Result;
use crate::eval::EvalState;
use crate::value::{PrimOp, Value};

/// The Rust signature of a builtin.
pub type BuiltinFn = fn(&mut EvalState, &[Value]) -> Result<Value>;

/// One entry of the builtins table.
pub struct Builtin {
    /// The name in `builtins`.
    pub name: &'static str,
    /// One letter per parameter: `s` forced before the call, `l` lazy.
    pub params: &'static str,
    /// The implementation.
    pub func: BuiltinFn,
}

impl Builtin {
    /// How many arguments it takes.
    pub fn arity(&self) -> usize {
        self.params.len()
    }

    /// The primop value for this builtin.
    pub fn primop(&self) -> Value {
        let f = self.func;
        make_primop(
            self.name,
            self.params,
            Rc::new(move |st: &mut EvalState, args: &[Value]| f(st, args)),
        )
    }
}

/// Builds a primop value from a closure; how hosts add builtins.
pub fn make_primop(name: &str, params: &str, func: crate::value::PrimOpFn) -> Value {
    let strict = params
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == 's')
        .fold(0u32, |acc, (i, _)| acc | (1 << i));
    Value::PrimOp(Rc::new(PrimOp {
        name: name.to_owned(),
        arity: params.len(),
        strict,
        func,
    }))
}

/// Builtins that are also globals without the `__` prefix.
pub const UNPREFIXED: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

macro_rules! table {
    ($( $module:ident :: $func:ident = $name:literal ($params:literal); )*) => {
        /// Every builtin function (constants such as `nixVersion` are added
        /// by [`crate::api`]).
        pub static BUILTINS: &[Builtin] = &[
            $( Builtin { name: $name, params: $params, func: $module::$func }, )*
        ];
    };
}

table! {
    // Control and errors.
    control::throw = "throw" ("s");
    control::abort = "abort" ("s");
    control::try_eval = "tryEval" ("l");
    control::seq = "seq" ("sl");
    control::deep_seq = "deepSeq" ("sl");
    control::trace = "trace" ("sl");
    control::trace_verbose = "traceVerbose" ("ll");
    control::warn = "warn" ("sl");
    control::add_error_context = "addErrorContext" ("ll");
    control::break_ = "break" ("l");
    // Types.
    numbers::type_of = "typeOf" ("s");
    numbers::is_null = "isNull" ("s");
    numbers::is_bool = "isBool" ("s");
    numbers::is_int = "isInt" ("s");
    numbers::is_float = "isFloat" ("s");
    numbers::is_string = "isString" ("s");
    numbers::is_path = "isPath" ("s");
    numbers::is_attrs = "isAttrs" ("s");
    numbers::is_list = "isList" ("s");
    numbers::is_function = "isFunction" ("s");
    // Numbers.
    numbers::add = "add" ("ss");
    numbers::sub = "sub" ("ss");
    numbers::mul = "mul" ("ss");
    numbers::div = "div" ("ss");
    numbers::less_than = "lessThan" ("ss");
    numbers::bit_and = "bitAnd" ("sl");
    numbers::bit_or = "bitOr" ("sl");
    numbers::bit_xor = "bitXor" ("sl");
    numbers::ceil = "ceil" ("s");
    numbers::floor = "floor" ("s");
    // Attribute sets.
    attrs::attr_names = "attrNames" ("s");
    attrs::attr_values = "attrValues" ("s");
    attrs::get_attr = "getAttr" ("sl");
    attrs::has_attr = "hasAttr" ("sl");
    attrs::remove_attrs = "removeAttrs" ("sl");
    attrs::list_to_attrs = "listToAttrs" ("s");
    attrs::intersect_attrs = "intersectAttrs" ("sl");
    attrs::cat_attrs = "catAttrs" ("sl");
    attrs::map_attrs = "mapAttrs" ("ls");
    attrs::zip_attrs_with = "zipAttrsWith" ("sl");
    attrs::function_args = "functionArgs" ("s");
    attrs::unsafe_get_attr_pos = "unsafeGetAttrPos" ("sl");
    // Lists.
    lists::length = "length" ("s");
    lists::head = "head" ("s");
    lists::tail = "tail" ("s");
    lists::elem_at = "elemAt" ("ss");
    lists::elem = "elem" ("ls");
    lists::map = "map" ("ls");
    lists::filter = "filter" ("ls");
    lists::gen_list = "genList" ("ls");
    lists::concat_lists = "concatLists" ("s");
    lists::concat_map = "concatMap" ("sl");
    lists::foldl = "foldl'" ("sll");
    lists::all = "all" ("sl");
    lists::any = "any" ("sl");
    lists::sort = "sort" ("ls");
    lists::partition = "partition" ("sl");
    lists::group_by = "groupBy" ("sl");
    lists::generic_closure = "genericClosure" ("s");
    // Strings.
    strings::to_string = "toString" ("s");
    strings::string_length = "stringLength" ("s");
    strings::substring = "substring" ("sll");
    strings::concat_strings_sep = "concatStringsSep" ("sl");
    strings::replace_strings = "replaceStrings" ("sll");
    strings::split_version = "splitVersion" ("s");
    strings::compare_versions = "compareVersions" ("sl");
    strings::parse_drv_name = "parseDrvName" ("s");
    strings::base_name_of = "baseNameOf" ("s");
    strings::dir_of = "dirOf" ("s");
    regex::match_ = "match" ("sl");
    json::to_json = "toJSON" ("s");
    json::from_json = "fromJSON" ("s");
    hash::hash_string = "hashString" ("sl");
    hash::hash_file = "hashFile" ("sl");
    hash::convert_hash = "convertHash" ("s");
    toml::from_toml = "fromTOML" ("s");
    xml::to_xml = "toXML" ("s");
    regex::split = "split" ("sl");
    // String context.
    context::get_context = "getContext" ("s");
    context::has_context = "hasContext" ("s");
    context::append_context = "appendContext" ("sl");
    context::unsafe_discard_string_context = "unsafeDiscardStringContext" ("s");
    context::unsafe_discard_output_dependency = "unsafeDiscardOutputDependency" ("s");
    context::add_drv_output_dependencies = "addDrvOutputDependencies" ("s");
    // Files, imports and the store.
    files::read_file = "readFile" ("s");
    files::read_dir = "readDir" ("s");
    files::read_file_type = "readFileType" ("s");
    files::path_exists = "pathExists" ("s");
    files::import = "import" ("s");
    files::scoped_import = "scopedImport" ("ss");
    files::find_file = "findFile" ("sl");
    files::get_env = "getEnv" ("s");
    files::to_path = "toPath" ("s");
    files::store_path = "storePath" ("s");
    files::to_file = "toFile" ("ss");
    files::path = "path" ("s");
    files::filter_source = "filterSource" ("ss");
    files::placeholder = "placeholder" ("s");
    derivation::derivation_strict = "derivationStrict" ("s");
    // Fetchers: through the host's fetcher (`crate::fetcher`), if any.
    fetch::fetchurl = "fetchurl" ("s");
    fetch::fetch_tarball = "fetchTarball" ("s");
    fetch::fetch_git = "fetchGit" ("s");
    fetch::fetch_mercurial = "fetchMercurial" ("s");
}

/// Looks up a builtin's table entry by name.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// The constant members of `builtins`.
pub fn constants(store_dir: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("langVersion", Value::Int(6)),
        ("nixVersion", Value::string("2.26.3")),
        ("storeDir", Value::string(store_dir)),
        ("currentSystem", Value::string(current_system())),
        // The search path and `derivation` (a Nix function over
        // `derivationStrict`) need the evaluator, so they are made on first use.
        (
            "nixPath",
            Value::Thunk(crate::value::Thunk::native(|st| Ok(files::nix_path(st)))),
        ),
        (
            "derivation",
            Value::Thunk(crate::value::Thunk::native(derivation::derivation_function)),
        ),
        (
            "currentTime",
            Value::Int(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0),
            ),
        ),
    ]
}

/// The Nix system double of this machine, e.g. `x86_64-linux`.
pub fn current_system() -> String {
    format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS)
}
