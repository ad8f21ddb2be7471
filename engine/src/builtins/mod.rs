//! The `builtins` set.
//!
//! [`BUILTINS`] is the one table that lists every builtin with its
//! parameters and a one-line doc (the REPL's `:doc` reads it). Each entry
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
    /// A one-line description (what the REPL's `:doc` shows).
    pub doc: &'static str,
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
    ($( $module:ident :: $func:ident = $name:literal ($params:literal) $doc:literal; )*) => {
        /// Every builtin function (constants such as `nixVersion` are added
        /// by [`crate::api`]).
        pub static BUILTINS: &[Builtin] = &[
            $( Builtin { name: $name, params: $params, doc: $doc, func: $module::$func }, )*
        ];
    };
}

table! {
    // Control and errors.
    control::throw = "throw" ("s") "Throw a catchable error with the given message.";
    control::abort = "abort" ("s") "Abort evaluation with the given message; never catchable.";
    control::try_eval = "tryEval" ("l") "Evaluate e; return { success; value; }, catching throw and assert failures.";
    control::seq = "seq" ("sl") "Evaluate a to weak head normal form, then return b.";
    control::deep_seq = "deepSeq" ("sl") "Evaluate a completely, then return b.";
    control::trace = "trace" ("sl") "Print e1 on standard error, then return e2.";
    control::trace_verbose = "traceVerbose" ("ll") "Like trace, but only with --trace-verbose; otherwise return e2.";
    control::warn = "warn" ("sl") "Print a warning on standard error, then return e2.";
    control::add_error_context = "addErrorContext" ("ll") "Add a line to the trace of errors raised while evaluating e.";
    control::break_ = "break" ("l") "Return the argument; would enter the debugger if one were attached.";
    // Types.
    numbers::type_of = "typeOf" ("s") "The type of a value as a string.";
    numbers::is_null = "isNull" ("s") "Whether the value is null.";
    numbers::is_bool = "isBool" ("s") "Whether the value is a Boolean.";
    numbers::is_int = "isInt" ("s") "Whether the value is an integer.";
    numbers::is_float = "isFloat" ("s") "Whether the value is a float.";
    numbers::is_string = "isString" ("s") "Whether the value is a string.";
    numbers::is_path = "isPath" ("s") "Whether the value is a path.";
    numbers::is_attrs = "isAttrs" ("s") "Whether the value is an attribute set.";
    numbers::is_list = "isList" ("s") "Whether the value is a list.";
    numbers::is_function = "isFunction" ("s") "Whether the value is a function.";
    // Numbers.
    numbers::add = "add" ("ss") "Add two numbers.";
    numbers::sub = "sub" ("ss") "Subtract two numbers.";
    numbers::mul = "mul" ("ss") "Multiply two numbers.";
    numbers::div = "div" ("ss") "Divide two numbers; integer division truncates.";
    numbers::less_than = "lessThan" ("ss") "Whether e1 < e2.";
    numbers::bit_and = "bitAnd" ("sl") "Bitwise AND of two integers.";
    numbers::bit_or = "bitOr" ("sl") "Bitwise OR of two integers.";
    numbers::bit_xor = "bitXor" ("sl") "Bitwise XOR of two integers.";
    numbers::ceil = "ceil" ("s") "Round a number up to an integer.";
    numbers::floor = "floor" ("s") "Round a number down to an integer.";
    // Attribute sets.
    attrs::attr_names = "attrNames" ("s") "The names of a set's attributes, sorted.";
    attrs::attr_values = "attrValues" ("s") "The values of a set's attributes, sorted by name.";
    attrs::get_attr = "getAttr" ("sl") "The attribute named s of a set.";
    attrs::has_attr = "hasAttr" ("sl") "Whether a set has an attribute named s.";
    attrs::remove_attrs = "removeAttrs" ("sl") "A set without the listed attributes.";
    attrs::list_to_attrs = "listToAttrs" ("s") "A set from a list of { name; value; }; the first occurrence wins.";
    attrs::intersect_attrs = "intersectAttrs" ("sl") "The attributes of e2 whose names are in e1.";
    attrs::cat_attrs = "catAttrs" ("sl") "The values of attribute s in each set of a list that has it.";
    attrs::map_attrs = "mapAttrs" ("ls") "Apply f name value to every attribute, lazily.";
    attrs::zip_attrs_with = "zipAttrsWith" ("sl") "Merge a list of sets, calling f name values for each name.";
    attrs::function_args = "functionArgs" ("s") "The formal arguments of a function: name -> has default.";
    attrs::unsafe_get_attr_pos = "unsafeGetAttrPos" ("sl") "The source position of an attribute, or null.";
    // Lists.
    lists::length = "length" ("s") "The number of elements of a list.";
    lists::head = "head" ("s") "The first element of a list.";
    lists::tail = "tail" ("s") "A list without its first element.";
    lists::elem_at = "elemAt" ("ss") "The element at index n of a list.";
    lists::elem = "elem" ("ls") "Whether x is an element of a list.";
    lists::map = "map" ("ls") "Apply f to every element of a list, lazily.";
    lists::filter = "filter" ("ls") "The elements of a list for which f returns true.";
    lists::gen_list = "genList" ("ls") "The list [ (f 0) ... (f (n - 1)) ], lazily.";
    lists::concat_lists = "concatLists" ("s") "Concatenate a list of lists.";
    lists::concat_map = "concatMap" ("sl") "Map f over a list and concatenate the results.";
    lists::foldl = "foldl'" ("sll") "Left fold, strict in the accumulator.";
    lists::all = "all" ("sl") "Whether f is true for every element.";
    lists::any = "any" ("sl") "Whether f is true for some element.";
    lists::sort = "sort" ("ls") "Stable sort by a less-than comparator.";
    lists::partition = "partition" ("sl") "Split a list into { right; wrong; } by a predicate.";
    lists::group_by = "groupBy" ("sl") "Group elements into a set by the string f returns.";
    lists::generic_closure = "genericClosure" ("s") "The closure of startSet under operator, keyed by key.";
    // Strings.
    strings::to_string = "toString" ("s") "Coerce a value to a string.";
    strings::string_length = "stringLength" ("s") "The length of a string in bytes.";
    strings::substring = "substring" ("sll") "The substring of s from start, of at most len bytes.";
    strings::concat_strings_sep = "concatStringsSep" ("sl") "Join a list of strings with a separator.";
    strings::replace_strings = "replaceStrings" ("sll") "Replace every occurrence of from[i] by to[i].";
    strings::split_version = "splitVersion" ("s") "Split a version string into its components.";
    strings::compare_versions = "compareVersions" ("sl") "Compare two version strings: -1, 0 or 1.";
    strings::parse_drv_name = "parseDrvName" ("s") "Split a package name into { name; version; }.";
    strings::base_name_of = "baseNameOf" ("s") "The last component of a path or string.";
    strings::dir_of = "dirOf" ("s") "All but the last component of a path or string.";
    regex::match_ = "match" ("sl") "The capture groups if the POSIX extended regex matches the whole string, else null.";
    json::to_json = "toJSON" ("s") "The JSON text of a value; derivations become their output paths, paths are copied to the store.";
    json::from_json = "fromJSON" ("s") "The Nix value of a JSON text.";
    hash::hash_string = "hashString" ("sl") "The base-16 hash (md5, sha1, sha256 or sha512) of a string.";
    hash::hash_file = "hashFile" ("sl") "The base-16 hash (md5, sha1, sha256 or sha512) of a file's contents.";
    hash::convert_hash = "convertHash" ("s") "Convert { hash; hashAlgo?; toHashFormat; } to base16, nix32, base64 or sri.";
    toml::from_toml = "fromTOML" ("s") "The Nix value of a TOML document (dates and times are not supported).";
    xml::to_xml = "toXML" ("s") "The XML text of a value, as C++ Nix writes it.";
    regex::split = "split" ("sl") "Split a string at every regex match: [ unmatched [ groups ] unmatched ... ].";
    // String context.
    context::get_context = "getContext" ("s") "The store paths a string depends on, as { path = { path?; allOutputs?; outputs?; }; }.";
    context::has_context = "hasContext" ("s") "Whether a string depends on store paths.";
    context::append_context = "appendContext" ("sl") "Add the dependencies described in getContext's shape to a string.";
    context::unsafe_discard_string_context = "unsafeDiscardStringContext" ("s") "The same string without its dependencies.";
    context::unsafe_discard_output_dependency = "unsafeDiscardOutputDependency" ("s") "Turn dependencies on whole derivations into dependencies on their .drv files.";
    context::add_drv_output_dependencies = "addDrvOutputDependencies" ("s") "Turn a dependency on a .drv file into one on all its outputs.";
    // Files, imports and the store.
    files::read_file = "readFile" ("s") "The contents of a file as a string.";
    files::read_dir = "readDir" ("s") "The entries of a directory: name -> \"regular\", \"directory\", \"symlink\" or \"unknown\".";
    files::read_file_type = "readFileType" ("s") "The type of a path: \"regular\", \"directory\", \"symlink\" or \"unknown\".";
    files::path_exists = "pathExists" ("s") "Whether a path exists.";
    files::import = "import" ("s") "Evaluate the Nix file at a path (a directory means its default.nix).";
    files::scoped_import = "scopedImport" ("ss") "Import a file with extra variables in scope.";
    files::find_file = "findFile" ("sl") "Look a name up in a search path, as <name> does.";
    files::get_env = "getEnv" ("s") "The value of an environment variable, or \"\".";
    files::to_path = "toPath" ("s") "A string as a canonical absolute path (still a string).";
    files::store_path = "storePath" ("s") "A store path as a string that depends on it.";
    files::to_file = "toFile" ("ss") "Write a string to a store file; returns its store path.";
    files::path = "path" ("s") "Add a path to the store, with optional name, filter, recursive and sha256.";
    files::filter_source = "filterSource" ("ss") "Add a path to the store, keeping what the filter accepts.";
    files::placeholder = "placeholder" ("s") "The placeholder for a derivation output, replaced by its path at build time.";
    derivation::derivation_strict = "derivationStrict" ("s") "Instantiate a derivation; returns { drvPath; <output> = path; }.";
    // Fetchers: through the host's fetcher (`crate::fetcher`), if any.
    fetch::fetchurl = "fetchurl" ("s") "Download a file into the store (flat); returns its store path.";
    fetch::fetch_tarball = "fetchTarball" ("s") "Download and unpack a tarball into the store; returns its store path.";
    fetch::fetch_git = "fetchGit" ("s") "Fetch a Git revision's tree into the store; returns { outPath, rev, narHash, ... }.";
    fetch::fetch_mercurial = "fetchMercurial" ("s") "Fetch a Mercurial repository; not supported here.";
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
