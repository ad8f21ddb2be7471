//! File-system builtins: reading files and directories, `import`, the
//! search path, and adding files to the store.
//!
//! Every access goes through `st.io`. Paths given as strings must be
//! absolute; a string's context names store paths that must exist before
//! the file is read (see [`EvalState::realise_context`]).

use std::io;
use std::path::Path;

use std::collections::BTreeSet;

use store::hash::{Hash, HashAlgo};
use store::path::ContentMethod;

use super::context::{elem_to_string, string_no_ctx};
use crate::error::{Error, ErrorKind, Result};
use crate::eval::store::{base_name, os_error_text, store_path_value};
use crate::eval::{CoerceMode, EvalState};
use crate::io::FileType;
use crate::lower::canonicalise;
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, ContextElem, NixString, Value};

/// A value used as a path: a path value, or a string holding an absolute
/// path (canonicalised; its context is returned alongside).
pub(crate) fn coerce_to_path(st: &mut EvalState, v: &Value) -> Result<(String, Context)> {
    let v = st.force(v)?;
    if let Value::Path(p) = &v {
        return Ok((p.to_string(), Context::new()));
    }
    let s = st.coerce_to_string(&v, CoerceMode::Interpolation, false)?;
    let text = s.to_str_lossy();
    if !text.starts_with('/') {
        return Err(Error::msg(format!(
            "string '{text}' doesn't represent an absolute path"
        )));
    }
    Ok((canonicalise(&text), s.context().clone()))
}

/// [`coerce_to_path`], then makes sure the store paths of the context are
/// there.
pub(crate) fn realise_path(st: &mut EvalState, v: &Value) -> Result<String> {
    let (path, ctx) = coerce_to_path(st, v)?;
    // The context first: realising it may make the path (a host's fetch
    // of a derivation output) and allow it.
    if !ctx.is_empty() {
        st.realise_context(&ctx)
            .map_err(|e| e.context(format!("while realising the context of path '{path}'"), None))?;
    }
    st.check_access(&path)?;
    Ok(path)
}

/// `readFile path`.
pub fn read_file(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let path = realise_path(st, &args[0])?;
    let bytes = st.io.read_file(Path::new(&path)).map_err(|e| {
        let verb = if e.raw_os_error() == Some(21) {
            "reading from"
        } else {
            "opening"
        };
        Error::msg(format!("{verb} file '{path}': {}", os_error_text(&e)))
    })?;
    if bytes.contains(&0) {
        return Err(Error::msg(format!(
            "the contents of the file '{path}' cannot be represented as a Nix string"
        )));
    }
    // A file in the store depends on the references of its store object
    // that actually occur in it.
    let mut ctx = Context::new();
    if st.is_in_store(&path) {
        if let Ok(store_path) = st.to_store_path(&path) {
            for r in st.references_of(&store_path).unwrap_or_default() {
                let hash_part = base_name(&r).split('-').next().unwrap_or("");
                if !hash_part.is_empty() && contains(&bytes, hash_part.as_bytes()) {
                    ctx.insert(ContextElem::Opaque(r));
                }
            }
        }
    }
    Ok(Value::String(NixString::new(bytes, ctx)))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `readDir path`: `{ name = type; }` for each entry.
pub fn read_dir(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let path = realise_path(st, &args[0])?;
    let entries = st
        .io
        .read_dir(Path::new(&path))
        .map_err(|e| Error::msg(format!("reading directory {path}: {}", os_error_text(&e))))?;
    Ok(Value::attrs(
        entries
            .into_iter()
            .map(|(name, ty)| (Symbol::new(&name), Value::string(ty.as_str())))
            .collect(),
    ))
}

/// `readFileType path`: the type of the path itself (a symlink is
/// `"symlink"`).
pub fn read_file_type(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let path = realise_path(st, &args[0])?;
    let ty = st.io.file_type(Path::new(&path)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Error::msg(format!("path '{path}' does not exist")),
        _ => Error::msg(format!("getting status of '{path}': {}", os_error_text(&e))),
    })?;
    Ok(Value::string(ty.as_str()))
}

/// `pathExists path`; a string ending in `/` or `/.` must name a directory.
pub fn path_exists(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let must_be_dir = match &args[0] {
        Value::String(s) => s.as_bytes().ends_with(b"/") || s.as_bytes().ends_with(b"/."),
        _ => false,
    };
    // In pure and restricted mode, as in C++ Nix, a refused path does not
    // exist (an atom's gate makes it an error instead: modules-spec).
    if st.mode() != crate::eval::gate::Mode::Impure {
        let (path, _) = coerce_to_path(st, &args[0])?;
        if st.check_access(&path).is_err() {
            return Ok(Value::Bool(false));
        }
    }
    let path = realise_path(st, &args[0])?;
    if must_be_dir {
        let resolved = st.resolve_symlinks(&path, true)?;
        Ok(Value::Bool(
            st.io.file_type(Path::new(&resolved)).ok() == Some(FileType::Directory),
        ))
    } else {
        Ok(Value::Bool(st.io.path_exists(Path::new(&path))))
    }
}

/// `import path`.
pub fn import(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let path = realise_path(st, &args[0])?;
    if path.ends_with(".drv") && st.is_store_path(&path) && st.is_valid_path(&path) {
        return super::derivation::import_drv(st, &path);
    }
    st.import_file(&path, None)
}

/// `scopedImport scope path`: `import` with the scope's attributes in scope
/// (not cached).
pub fn scoped_import(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let scope = st.force_attrs(&args[0])?;
    let path = realise_path(st, &args[1])?;
    st.import_file(&path, Some(scope))
}

/// The `__nixPath` list: `{ prefix; path; }` for each `-I` and `NIX_PATH`
/// entry.
pub fn nix_path(st: &EvalState) -> Value {
    Value::list(
        st.search_path
            .iter()
            .map(|(prefix, path)| {
                Value::attrs(Attrs::from_sorted(vec![
                    (Symbol::new("path"), Value::string(path.as_str())),
                    (Symbol::new("prefix"), Value::string(prefix.as_str())),
                ]))
            })
            .collect(),
    )
}

/// `findFile searchPath name`: what `<name>` means.
pub fn find_file(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let entries = st.force_list(&args[0])?;
    let mut search = Vec::with_capacity(entries.len());
    for entry in entries.iter() {
        let entry = st.force_attrs(entry).map_err(|e| {
            e.context(
                "while evaluating an element of the list passed to builtins.findFile",
                None,
            )
        })?;
        let prefix = match entry.get("prefix") {
            Some(p) => string_no_ctx(st, &p.clone())?,
            None => String::new(),
        };
        let path = match entry.get("path") {
            Some(p) => p.clone(),
            None => {
                return Err(
                    crate::eval::missing_attr(Symbol::new("path")).context("in an element of the __nixPath", None)
                )
            }
        };
        let path = st.coerce_to_string(&path, CoerceMode::Interpolation, false)?;
        if st.realise_context(path.context()).is_err() {
            // C++ Nix 2.26 leaves the invalid path out of this message.
            return Err(Error::msg(format!(
                "cannot find '{}', since path '' is not valid",
                path.to_str_lossy()
            )));
        }
        search.push((prefix, path.to_str_lossy().into_owned()));
    }
    let name = string_no_ctx(st, &args[1])?;
    for (prefix, dir) in &search {
        let Some(suffix) = search_suffix(prefix, &name) else {
            continue;
        };
        let Some(dir) = resolve_search_dir(st, dir)? else {
            continue;
        };
        // As C++ Nix: the rest of the name is made canonical on its own,
        // so `..` in it cannot leave the entry's directory.
        let suffix = canonicalise(&format!("/{suffix}"));
        let candidate = canonicalise(&format!("{dir}{suffix}"));
        st.check_access(&candidate)?;
        let resolved = st.resolve_symlinks(&candidate, true)?;
        if st.io.path_exists(Path::new(&resolved)) {
            return Ok(Value::Path(resolved.into()));
        }
    }
    // A thrown error, as in C++ Nix: `tryEval <x>` catches it.
    Err(Error::new(
        ErrorKind::Throw(format!(
            "file '{name}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
        )),
        None,
    ))
}

/// The rest of `name` if a search-path entry with `prefix` may hold it: a
/// non-empty prefix must be the whole name or be followed by `/`.
fn search_suffix<'a>(prefix: &str, name: &'a str) -> Option<&'a str> {
    let n = prefix.len();
    let separated = n > 0 && n < name.len();
    if separated && name.as_bytes()[n] != b'/' {
        return None;
    }
    if !name.starts_with(prefix) {
        return None;
    }
    Some(if separated { &name[n + 1..] } else { &name[n..] })
}

/// The directory a search-path entry stands for, if it exists. URLs would
/// need fetching, which evaluation does not do, so they are skipped.
/// A gated realm may not probe it: the lookup is refused first.
fn resolve_search_dir(st: &mut EvalState, dir: &str) -> Result<Option<String>> {
    let is_url = ["http://", "https://", "file://", "channel:", "flake:", "git://", "git+"]
        .iter()
        .any(|p| dir.starts_with(p));
    if is_url {
        return Ok(None);
    }
    let abs = if dir.starts_with('/') {
        canonicalise(dir)
    } else {
        let Ok(cwd) = std::env::current_dir() else {
            return Ok(None);
        };
        canonicalise(&format!("{}/{dir}", cwd.to_string_lossy()))
    };
    st.check_access(&abs)?;
    if st.io.path_exists(Path::new(&abs)) {
        return Ok(Some(abs));
    }
    if st.missing_search_entries.insert(dir.to_owned()) {
        st.warning(&format!("Nix search path entry '{dir}' does not exist, ignoring"));
    }
    Ok(None)
}

/// `getEnv name`: the variable's value, or `""` if unset.
pub fn get_env(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = string_no_ctx(st, &args[0])?;
    if name.is_empty() || name.contains('=') || name.contains('\0') {
        return Ok(Value::string(""));
    }
    use std::os::unix::ffi::OsStringExt;
    let value = std::env::var_os(&name).map(|v| v.into_vec()).unwrap_or_default();
    Ok(Value::String(NixString::from(value)))
}

/// `toPath s`: a canonical absolute path, as a string (context kept).
pub fn to_path(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (path, ctx) = coerce_to_path(st, &args[0])?;
    Ok(Value::String(NixString::new(path.into_bytes(), ctx)))
}

/// `storePath path`: a path in the store as a string depending on it.
/// Like `nix-instantiate --eval`, the path need not exist.
pub fn store_path(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (mut path, mut ctx) = coerce_to_path(st, &args[0])?;
    if !st.is_store_path(&path) {
        path = st.resolve_symlinks(&path, true)?;
    }
    if !st.is_in_store(&path) {
        return Err(Error::msg(format!("path '{path}' is not in the Nix store")));
    }
    let store_path = st.to_store_path(&path)?;
    ctx.insert(ContextElem::Opaque(store_path));
    Ok(Value::String(NixString::new(path.into_bytes(), ctx)))
}

/// `toFile name contents`: a text file in the store; the store paths in the
/// contents' context become its references (derivations may not be).
pub fn to_file(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let name = string_no_ctx(st, &args[0])?;
    let contents = st.force_string(&args[1])?;
    let mut refs = BTreeSet::new();
    for elem in contents.context() {
        match elem {
            ContextElem::Opaque(p) => {
                refs.insert(p.clone());
            }
            other => {
                return Err(Error::msg(format!(
                    "files created by builtins.toFile may not reference derivations, but {name} references {}",
                    elem_to_string(other)
                )))
            }
        }
    }
    let path = st.add_text_to_store(&name, contents.as_bytes(), refs)?;
    Ok(store_path_value(path))
}

/// `path { path; name?; filter?; recursive?; sha256?; }`.
pub fn path(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let attrs = st.force_attrs(&args[0])?;
    let mut path = None;
    let mut name = String::new();
    let mut filter = None;
    let mut method = ContentMethod::Nar;
    let mut expected = None;
    for (key, value) in attrs.iter() {
        match key.as_str() {
            "path" => path = Some(coerce_to_path(st, value)?),
            "name" => name = string_no_ctx(st, value)?,
            "filter" => filter = Some(st.force_function(value)?),
            "recursive" => {
                method = if st.force_bool(value)? {
                    ContentMethod::Nar
                } else {
                    ContentMethod::Flat
                }
            }
            "sha256" => {
                let text = string_no_ctx(st, value)?;
                expected = Some(st.parse_hash_allow_empty(&text, Some(HashAlgo::Sha256))?);
            }
            other => return Err(Error::msg(format!("unsupported argument '{other}' to 'builtins.path'"))),
        }
    }
    let Some((path, ctx)) = path else {
        return Err(Error::msg(
            "missing required 'path' attribute in the first argument to 'builtins.path'",
        ));
    };
    if name.is_empty() {
        name = base_name(&path).to_owned();
    }
    add_path(st, &path, &ctx, &name, method, filter.as_ref(), expected.as_ref())
}

/// `filterSource filter path`: `path { inherit filter path; }`.
pub fn filter_source(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let (path, ctx) = coerce_to_path(st, &args[1])?;
    let filter = st.force_function(&args[0])?;
    let name = base_name(&path).to_owned();
    add_path(st, &path, &ctx, &name, ContentMethod::Nar, Some(&filter), None)
}

/// Adds `path` (resolved) to the store for `builtins.path` and
/// `filterSource`, calling the Nix `filter` (if any) on each object below
/// it; the result is the store path as a string depending on it.
fn add_path(
    st: &mut EvalState,
    path: &str,
    ctx: &Context,
    name: &str,
    method: ContentMethod,
    filter: Option<&Value>,
    expected: Option<&Hash>,
) -> Result<Value> {
    let mut call_filter = |st: &mut EvalState, child: &str, ty: FileType| -> Result<bool> {
        let Some(f) = filter else {
            return Ok(true);
        };
        let keep = st.call_n(f, &[Value::string(child), Value::string(ty.as_str())])?;
        st.force_bool(&keep)
            .map_err(|e| e.context("while evaluating the return value of the path filter function", None))
    };
    let mut add = |st: &mut EvalState| -> Result<String> {
        if st.is_in_store(path) {
            st.realise_context(ctx)?;
        }
        let resolved = st.resolve_symlinks(path, true)?;
        st.add_path_with(&resolved, name, method, &mut call_filter, expected)
    };
    let store_path = add(st).map_err(|e| e.context(format!("while adding path '{path}'"), None))?;
    Ok(store_path_value(store_path))
}

/// `placeholder output`: the text standing for an output's path in a
/// derivation's attributes, replaced by the real path at build time.
pub fn placeholder(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let output = string_no_ctx(st, &args[0])?;
    Ok(Value::string(store::derivation::placeholder(&output)))
}
