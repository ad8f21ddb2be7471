//! Fetchers: `fetchurl`, `fetchTarball`, `fetchGit` and `fetchTree`.
//!
//! The builtins read their arguments as C++ Nix 2.26 does and hand typed
//! requests to the host's [`crate::fetcher::Fetcher`]; they shape the
//! answers into the values C++ Nix returns (the same attribute names, the
//! `lastModifiedDate` form, `revCount = 0` for shallow `fetchGit`, and
//! store-path context on `outPath`). Without an installed fetcher, each
//! fails with an error naming it. `fetchMercurial` is never supported.
//!
//! `fetchTree` is experimental in C++ Nix 2.26 (absent from `builtins`
//! unless `fetch-tree` or `flakes` is enabled), so it is not in the table
//! of builtins: a host adds [`fetch_tree`] when the feature is asked for.

use std::rc::Rc;

use store::hash::{Hash, HashAlgo};

use crate::builtins::context::string_no_ctx;
use crate::error::{Error, Result};
use crate::eval::gate::Mode;
use crate::eval::store::store_path_value;
use crate::eval::CoerceMode;
use crate::eval::EvalState;
use crate::fetcher::{format_date, FileFetch, GitFetch, GitFetched, TarballFetch};
use crate::symbol::Symbol;
use crate::value::{Attrs, Value};

fn unsupported(name: &str) -> Box<Error> {
    Error::msg(format!(
        "'builtins.{name}' is not supported: no fetcher is installed in this evaluator"
    ))
}

fn fetcher(st: &EvalState, name: &str) -> Result<Rc<dyn crate::fetcher::Fetcher>> {
    st.fetcher.clone().ok_or_else(|| unsupported(name))
}

/// A URL argument: a string, or a path (`fetchGit ./repo`) as its text.
fn url_of(st: &mut EvalState, v: &Value) -> Result<String> {
    let s = st.coerce_to_string(v, CoerceMode::Interpolation, false)?;
    Ok(s.to_str_lossy().into_owned())
}

/// A hash argument in any of Nix's forms; `sha256` arguments may omit
/// the algorithm.
fn hash_arg(st: &mut EvalState, v: &Value, algo: Option<HashAlgo>) -> Result<Option<Hash>> {
    let text = string_no_ctx(st, v)?;
    if text.is_empty() {
        return Ok(None);
    }
    st.parse_hash_allow_empty(&text, algo).map(Some)
}

/// What pure and restricted evaluation allow a fetch of `url`, with C++
/// Nix's refusals: restricted mode fetches no URL (a `file://` one is a
/// path, checked as one); pure mode no unlocked input (`locked`: the hash
/// or revision that pins it). `input` is the URL as C++ Nix names the
/// input; `requires` the argument an unlocked `fetchurl`/`fetchTarball`
/// lacks (`None` for inputs that are refused whole).
fn check_mode(
    st: &mut EvalState,
    builtin: &str,
    url: &str,
    input: &str,
    locked: bool,
    requires: Option<&str>,
) -> Result<()> {
    match st.mode() {
        Mode::Impure => Ok(()),
        Mode::Restricted => match url.strip_prefix("file://") {
            Some(path) if requires.is_some() => st.check_access(path),
            _ => Err(Error::msg(format!(
                "access to URI '{input}' is forbidden in restricted mode"
            ))),
        },
        Mode::Pure if locked => Ok(()),
        Mode::Pure => Err(Error::msg(match requires {
            Some(arg) => format!("in pure evaluation mode, '{builtin}' requires a '{arg}' argument"),
            None => format!("in pure evaluation mode, '{builtin}' will not fetch unlocked input '{input}'"),
        })),
    }
}

/// A git input as C++ Nix names it: `git+URL?exportIgnore=1&ref=R&rev=C&shallow=1`
/// (`fetchGit` exports, `fetchTree` does not).
fn git_input(req: &GitFetch, export_ignore: bool) -> String {
    let url = if req.url.starts_with('/') {
        format!("file://{}", req.url)
    } else {
        req.url.clone()
    };
    let mut params = Vec::new();
    if export_ignore {
        params.push("exportIgnore=1".to_owned());
    }
    if let Some(r) = &req.reference {
        params.push(format!("ref={r}"));
    }
    if let Some(r) = &req.rev {
        params.push(format!("rev={r}"));
    }
    if req.shallow {
        params.push("shallow=1".to_owned());
    }
    let url = url.strip_prefix("git+").unwrap_or(&url);
    if params.is_empty() {
        format!("git+{url}")
    } else {
        format!("git+{url}?{}", params.join("&"))
    }
}

/// Records a fetched path (pure mode may read it) and gives it as a value.
fn fetched(st: &mut EvalState, path: String) -> Value {
    st.note_fetched(&path);
    store_path_value(path)
}

/// `baseNameOf` of a URL, the default name of `fetchurl`.
fn url_base_name(url: &str) -> String {
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

fn check_name(name: &str) -> Result<()> {
    store::path::check_name(name).map_err(|e| Error::msg(format!("invalid store path name '{name}': {e}")))
}

/// The argument of `fetchurl` and `fetchTarball`: a URL, or
/// `{ url; name ? ...; sha256 ? ...; }`.
fn url_name_hash(st: &mut EvalState, arg: &Value, builtin: &str) -> Result<(String, Option<String>, Option<Hash>)> {
    match st.force(arg)? {
        Value::Attrs(attrs) => {
            let (mut url, mut name, mut hash) = (None, None, None);
            for (key, value) in attrs.iter() {
                match key.as_str() {
                    "url" => url = Some(url_of(st, value)?),
                    "name" => name = Some(string_no_ctx(st, value)?),
                    "sha256" => hash = hash_arg(st, value, Some(HashAlgo::Sha256))?,
                    other => return Err(Error::msg(format!("unsupported argument '{other}' to '{builtin}'"))),
                }
            }
            let url = url.ok_or_else(|| Error::msg("'url' argument required"))?;
            Ok((url, name, hash))
        }
        other => Ok((url_of(st, &other)?, None, None)),
    }
}

/// `builtins.fetchurl url` or `{ url; sha256 ? ""; name ? baseNameOf url; }`:
/// a flat file in the store.
pub fn fetchurl(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let f = fetcher(st, "fetchurl")?;
    let (url, name, hash) = url_name_hash(st, &args[0], "fetchurl")?;
    let name = name.unwrap_or_else(|| url_base_name(&url));
    check_name(&name)?;
    check_mode(st, "fetchurl", &url, &url, hash.is_some(), Some("sha256"))?;
    let got = f
        .file(&FileFetch {
            url,
            name,
            hash,
            recursive: false,
        })
        .map_err(Error::msg)?;
    Ok(fetched(st, got.path))
}

/// `builtins.fetchTarball url` or `{ url; sha256 ? ""; name ? "source"; }`:
/// the unpacked tree in the store.
pub fn fetch_tarball(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let f = fetcher(st, "fetchTarball")?;
    let (url, name, hash) = url_name_hash(st, &args[0], "fetchTarball")?;
    let name = name.unwrap_or_else(|| "source".into());
    check_name(&name)?;
    check_mode(st, "fetchTarball", &url, &url, hash.is_some(), Some("sha256"))?;
    let got = f.tarball(&TarballFetch { url, name, hash }).map_err(Error::msg)?;
    Ok(fetched(st, got.path))
}

/// `builtins.fetchGit url` or `{ url; name ? "source"; rev ? <tip>;
/// ref ? "HEAD"; shallow ? false; submodules ? false; allRefs ? false; }`.
pub fn fetch_git(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let f = fetcher(st, "fetchGit")?;
    let req = git_request(st, &args[0], "fetchGit")?;
    let shallow = req.shallow;
    let input = git_input(&req, true);
    check_mode(st, "fetchGit", &req.url, &input, req.rev.is_some(), None)?;
    let got = f.git(&req).map_err(Error::msg)?;
    st.note_fetched(&got.path);
    warn_if_dirty(st, &req.url, &got);
    Ok(git_value(got, Some(if shallow { Some(0) } else { None })))
}

/// Reads `fetchGit`'s (or `fetchTree`'s git) argument.
fn git_request(st: &mut EvalState, arg: &Value, builtin: &str) -> Result<GitFetch> {
    let mut req = GitFetch {
        url: String::new(),
        reference: None,
        rev: None,
        name: "source".into(),
        shallow: false,
    };
    match st.force(arg)? {
        Value::Attrs(attrs) => {
            let mut url = None;
            for (key, value) in attrs.iter() {
                match key.as_str() {
                    "url" => url = Some(url_of(st, value)?),
                    "name" => req.name = string_no_ctx(st, value)?,
                    "rev" => req.rev = Some(string_no_ctx(st, value)?),
                    "ref" => req.reference = Some(string_no_ctx(st, value)?),
                    "shallow" => req.shallow = st.force_bool(value)?,
                    "submodules" => {
                        if st.force_bool(value)? {
                            return Err(Error::msg(format!(
                                "'{builtin}': fetching submodules is not supported by this evaluator"
                            )));
                        }
                    }
                    // Which refs are fetched does not change the result.
                    "allRefs" => {
                        st.force_bool(value)?;
                    }
                    "type" | "narHash" | "lastModified" | "revCount" if builtin == "fetchTree" => {}
                    other => return Err(Error::msg(format!("unsupported argument '{other}' to '{builtin}'"))),
                }
            }
            req.url = url.ok_or_else(|| Error::msg(format!("'{builtin}' requires a 'url' argument")))?;
        }
        other => req.url = url_of(st, &other)?,
    }
    if let Some(rev) = &req.rev {
        if rev.len() != 40 || !rev.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::msg(format!(
                "hash '{rev}' is not a valid Git revision: a revision is 40 hexadecimal digits"
            )));
        }
    }
    check_name(&req.name)?;
    Ok(req)
}

/// C++ Nix's warning for a working tree taken with uncommitted changes.
fn warn_if_dirty(st: &mut EvalState, url: &str, got: &GitFetched) {
    if got.dirty_rev.is_some() {
        let path = url.strip_prefix("file://").unwrap_or(url);
        st.warning(&format!("Git tree '{path}' is dirty"));
    }
}

/// The attribute set of a fetched git tree. `rev_count`: `None` leaves
/// `revCount` out (`fetchTree`), `Some(None)` gives the real count,
/// `Some(Some(n))` gives `n` (`fetchGit`'s 0 for shallow fetches).
fn git_value(got: GitFetched, rev_count: Option<Option<u64>>) -> Value {
    let short: String = got.rev.chars().take(7).collect();
    let mut attrs = vec![
        (Symbol::new("lastModified"), Value::Int(got.last_modified)),
        (
            Symbol::new("lastModifiedDate"),
            Value::string(format_date(got.last_modified).as_str()),
        ),
        (Symbol::new("narHash"), Value::string(got.nar_hash.to_sri().as_str())),
        (Symbol::new("outPath"), store_path_value(got.path)),
        (Symbol::new("rev"), Value::string(got.rev.as_str())),
        (Symbol::new("shortRev"), Value::string(short.as_str())),
        (Symbol::new("submodules"), Value::Bool(false)),
    ];
    if let Some(count) = rev_count {
        let n = count.or(got.rev_count).unwrap_or(0);
        attrs.push((Symbol::new("revCount"), Value::Int(n as i64)));
    }
    if let Some(dirty) = &got.dirty_rev {
        let short = format!("{}-dirty", dirty.chars().take(7).collect::<String>());
        attrs.push((Symbol::new("dirtyRev"), Value::string(dirty.as_str())));
        attrs.push((Symbol::new("dirtyShortRev"), Value::string(short.as_str())));
    }
    Value::attrs(Attrs::from_unsorted(attrs))
}

/// Checks a `narHash` given to `fetchTree` against what was fetched.
fn check_nar_hash(url: &str, expected: Option<&Hash>, got: &Hash) -> Result<()> {
    match expected {
        Some(e) if e != got => Err(Error::msg(format!(
            "NAR hash mismatch in input '{url}', expected '{}' but got '{}'",
            e.to_sri(),
            got.to_sri()
        ))),
        _ => Ok(()),
    }
}

/// `builtins.fetchTree { type; ... }` for the types `git`, `tarball`,
/// `file` and `path`, with C++ Nix 2.26's results.
pub fn fetch_tree(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let attrs = match st.force(&args[0])? {
        Value::Attrs(a) => a,
        _ => {
            return Err(Error::msg(
                "'fetchTree' takes an attribute set with a 'type' here (flake references are not supported)",
            ))
        }
    };
    let ty = match attrs.get("type") {
        Some(v) => string_no_ctx(st, &v.clone())?,
        None => return Err(Error::msg("attribute 'type' is missing in call to 'fetchTree'")),
    };
    let nar_hash = match attrs.get("narHash") {
        Some(v) => hash_arg(st, &v.clone(), None)?,
        None => None,
    };
    let known = |allowed: &[&str]| -> Result<()> {
        for (key, _) in attrs.iter() {
            if !allowed.contains(&key.as_str()) {
                return Err(Error::msg(format!(
                    "unsupported input attribute '{}' for input type '{ty}'",
                    key.as_str()
                )));
            }
        }
        Ok(())
    };
    let tree_attrs = |path: String, nar: &Hash, last_modified: Option<i64>| {
        let mut v = vec![
            (Symbol::new("narHash"), Value::string(nar.to_sri().as_str())),
            (Symbol::new("outPath"), store_path_value(path)),
        ];
        if let Some(t) = last_modified {
            v.push((Symbol::new("lastModified"), Value::Int(t)));
            v.push((Symbol::new("lastModifiedDate"), Value::string(format_date(t).as_str())));
        }
        Value::attrs(Attrs::from_unsorted(v))
    };
    match ty.as_str() {
        "git" => {
            let f = fetcher(st, "fetchTree")?;
            let req = git_request(st, &Value::Attrs(attrs.clone()), "fetchTree")?;
            let url = req.url.clone();
            // fetchTree names a git input shallow unless told otherwise.
            let named = GitFetch {
                shallow: req.shallow || attrs.get("shallow").is_none(),
                ..req.clone()
            };
            check_mode(
                st,
                "fetchTree",
                &url,
                &git_input(&named, false),
                req.rev.is_some(),
                None,
            )?;
            let got = f.git(&req).map_err(Error::msg)?;
            st.note_fetched(&got.path);
            warn_if_dirty(st, &url, &got);
            check_nar_hash(&url, nar_hash.as_ref(), &got.nar_hash)?;
            Ok(git_value(got, None))
        }
        "tarball" | "file" => {
            known(&["type", "url", "narHash", "name"])?;
            let f = fetcher(st, "fetchTree")?;
            let url = match attrs.get("url") {
                Some(v) => url_of(st, &v.clone())?,
                None => {
                    return Err(Error::msg(format!(
                        "input attribute 'url' is missing for input type '{ty}'"
                    )))
                }
            };
            let name = match attrs.get("name") {
                Some(v) => string_no_ctx(st, &v.clone())?,
                None => "source".into(),
            };
            check_name(&name)?;
            let sha256 = nar_hash.as_ref().filter(|h| h.algo == HashAlgo::Sha256).cloned();
            check_mode(st, "fetchTree", &url, &url, nar_hash.is_some(), None)?;
            let got = if ty == "tarball" {
                f.tarball(&TarballFetch {
                    url: url.clone(),
                    name,
                    hash: sha256,
                })
            } else {
                f.file(&FileFetch {
                    url: url.clone(),
                    name,
                    hash: sha256,
                    recursive: true,
                })
            }
            .map_err(Error::msg)?;
            check_nar_hash(&url, nar_hash.as_ref(), &got.nar_hash)?;
            st.note_fetched(&got.path);
            Ok(tree_attrs(got.path, &got.nar_hash, got.last_modified))
        }
        "path" => {
            known(&["type", "path", "narHash", "lastModified"])?;
            let path = match attrs.get("path") {
                Some(v) => url_of(st, &v.clone())?,
                None => return Err(Error::msg("input attribute 'path' is missing for input type 'path'")),
            };
            if !path.starts_with('/') {
                return Err(Error::msg(format!("path '{path}' is not an absolute path")));
            }
            let resolved = st.resolve_symlinks(&path, true)?;
            let mut keep = |_: &mut EvalState, _: &str, _: crate::io::FileType| Ok(true);
            let tree = st.read_tree(&resolved, &mut keep)?;
            let nar = tree.nar_sha256();
            check_nar_hash(&path, nar_hash.as_ref(), &nar)?;
            let out = st.add_path_with(
                &resolved,
                "source",
                store::path::ContentMethod::Nar,
                &mut keep,
                Some(&nar),
            )?;
            // C++ Nix reports the path's own modification time.
            let mtime = std::fs::symlink_metadata(&resolved)
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs() as i64);
            Ok(tree_attrs(out, &nar, mtime))
        }
        other => Err(Error::msg(format!(
            "input type '{other}' is not supported by 'fetchTree' here (git, tarball, file and path are)"
        ))),
    }
}

pub fn fetch_mercurial(_: &mut EvalState, _: &[Value]) -> Result<Value> {
    Err(Error::msg(
        "'builtins.fetchMercurial' is not supported: this evaluator does not fetch from Mercurial",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_names() {
        assert_eq!(url_base_name("https://example.org/a/b.tar.gz"), "b.tar.gz");
        assert_eq!(url_base_name("file:///tmp/x/"), "x");
    }
}
