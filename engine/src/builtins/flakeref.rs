//! `builtins.parseFlakeRef` and `builtins.flakeRefToString`, present as in
//! C++ Nix only with the experimental feature `flakes` (a host adds them).
//!
//! Both go through C++ Nix's forms of a flake reference: indirect ids
//! (`nixpkgs/ref`), `github:`/`gitlab:`/`sourcehut:` shorthands, `git+…`
//! and `hg+…` URLs, `path:` and absolute paths, and tarball and file URLs,
//! with `dir` taken out of the query. Nothing is fetched or looked at on
//! disk.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::eval::{type_error, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Value};

/// One attribute of a parsed reference.
#[derive(Clone)]
enum Attr {
    Str(String),
    Int(i64),
    Bool(bool),
}

type Fields = BTreeMap<String, Attr>;

/// A URL split as C++ Nix's `ParsedURL`: query sorted by name.
struct Url {
    scheme: String,
    authority: Option<String>,
    path: String,
    query: BTreeMap<String, String>,
}

fn is_rev(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_ref(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphanumeric() || c == b'@')
        && b.all(|c| c.is_ascii_alphanumeric() || b"_./@+-".contains(&c))
        && !s.contains("..")
        && !s.ends_with(".lock")
}

fn is_flake_id(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes all but letters, digits, `-._~` and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_query(q: &BTreeMap<String, String>) -> String {
    q.iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Url {
    /// `scheme:[//authority]path[?query]`, or `None` if it is not one.
    fn parse(s: &str) -> Option<Url> {
        let (scheme, rest) = s.split_once(':')?;
        let mut b = scheme.bytes();
        if !matches!(b.next(), Some(c) if c.is_ascii_lowercase())
            || !b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"+.-".contains(&c))
        {
            return None;
        }
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, q),
            None => (rest, ""),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find('/').unwrap_or(r.len());
                (Some(r[..end].to_owned()), &r[end..])
            }
            None => (None, rest),
        };
        if path.contains(char::is_whitespace) || query.contains(char::is_whitespace) {
            return None;
        }
        let mut q = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            q.entry(percent_decode(k)).or_insert_with(|| percent_decode(v));
        }
        Some(Url {
            scheme: scheme.to_owned(),
            authority,
            path: percent_decode(path),
            query: q,
        })
    }

    fn to_string_with(&self, scheme: &str) -> String {
        let mut out = format!("{scheme}:");
        if let Some(a) = &self.authority {
            out.push_str("//");
            out.push_str(a);
        }
        out.push_str(&percent_encode(&self.path));
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&encode_query(&self.query));
        }
        out
    }
}

/// Why a URL form did not apply: C++ Nix then reads the text as a path.
struct BadUrl;

fn not_absolute(s: &str) -> Box<Error> {
    Error::msg(format!("flake reference '{s}' is not an absolute path"))
}

/// The fields of a reference, `dir` included.
fn parse(s: &str) -> Result<Fields> {
    let (body, fragment) = match s.split_once('#') {
        Some((b, f)) => (b, f),
        None => (s, ""),
    };
    if !fragment.is_empty() {
        return Err(Error::msg(format!(
            "unexpected fragment '{fragment}' in flake reference '{s}'"
        )));
    }
    // An indirect reference: `id`, `id/ref-or-rev`, `id/ref/rev`.
    if let Some(fields) = indirect(body) {
        return Ok(fields);
    }
    if let Some(mut url) = Url::parse(body) {
        let dir = url.query.remove("dir");
        let mut fields = match from_url(&mut url, s)? {
            Ok(f) => f,
            Err(BadUrl) => return Err(not_absolute(s)),
        };
        if let Some(d) = dir.filter(|d| !d.is_empty()) {
            fields.insert("dir".into(), Attr::Str(d));
        }
        return Ok(fields);
    }
    if body.starts_with('/') && !body.contains('?') {
        let mut f = Fields::new();
        f.insert("type".into(), Attr::Str("path".into()));
        f.insert("path".into(), Attr::Str(crate::lower::canonicalise(body)));
        return Ok(f);
    }
    Err(not_absolute(s))
}

fn indirect(s: &str) -> Option<Fields> {
    let body = s.strip_prefix("flake:").unwrap_or(s);
    let parts: Vec<&str> = body.split('/').collect();
    if !is_flake_id(parts[0]) || parts.len() > 3 || parts[1..].iter().any(|p| p.is_empty()) {
        return None;
    }
    indirect_parts(&parts).ok()
}

fn indirect_parts(parts: &[&str]) -> std::result::Result<Fields, BadUrl> {
    let mut f = Fields::new();
    f.insert("type".into(), Attr::Str("indirect".into()));
    f.insert("id".into(), Attr::Str(parts[0].into()));
    match parts {
        [_] => {}
        [_, x] if is_rev(x) => {
            f.insert("rev".into(), Attr::Str((*x).into()));
        }
        [_, x] if is_ref(x) => {
            f.insert("ref".into(), Attr::Str((*x).into()));
        }
        [_, r, v] if is_ref(r) && is_rev(v) => {
            f.insert("ref".into(), Attr::Str((*r).into()));
            f.insert("rev".into(), Attr::Str((*v).into()));
        }
        _ => return Err(BadUrl),
    }
    Ok(f)
}

/// A URL's fields by its scheme; `Err(BadUrl)` falls back to paths, an
/// outer error is final.
fn from_url(url: &mut Url, whole: &str) -> Result<std::result::Result<Fields, BadUrl>> {
    let mut f = Fields::new();
    let put = |f: &mut Fields, k: &str, v: &str| {
        f.insert(k.into(), Attr::Str(v.into()));
    };
    let scheme = url.scheme.clone();
    match scheme.as_str() {
        "github" | "gitlab" | "sourcehut" => {
            let parts: Vec<&str> = url.path.split('/').filter(|p| !p.is_empty()).collect();
            if parts.len() < 2 {
                return Ok(Err(BadUrl));
            }
            let (mut rev, mut ref_) = (None, None);
            if parts.len() > 2 {
                let rest = parts[2..].join("/");
                if is_rev(&rest) {
                    rev = Some(rest);
                } else if is_ref(&rest) {
                    ref_ = Some(rest);
                } else {
                    return Ok(Err(BadUrl));
                }
            }
            let mut host = None;
            for (k, v) in &url.query {
                match k.as_str() {
                    "rev" if rev.is_some() || !is_rev(v) => return Ok(Err(BadUrl)),
                    "rev" => rev = Some(v.clone()),
                    "ref" if ref_.is_some() || !is_ref(v) => return Ok(Err(BadUrl)),
                    "ref" => ref_ = Some(v.clone()),
                    "host" => host = Some(v.clone()),
                    _ => {}
                }
            }
            if rev.is_some() && ref_.is_some() {
                return Ok(Err(BadUrl));
            }
            put(&mut f, "type", &scheme);
            put(&mut f, "owner", parts[0]);
            put(&mut f, "repo", parts[1]);
            if let Some(r) = rev {
                put(&mut f, "rev", &r);
            }
            if let Some(r) = ref_ {
                put(&mut f, "ref", &r);
            }
            if let Some(h) = host {
                put(&mut f, "host", &h);
            }
            if let Some(n) = url.query.get("narHash") {
                put(&mut f, "narHash", n);
            }
        }
        "flake" => {
            let parts: Vec<&str> = url.path.split('/').collect();
            if !is_flake_id(parts[0]) {
                return Ok(Err(BadUrl));
            }
            return Ok(indirect_parts(&parts));
        }
        "path" => {
            if url.authority.as_deref().is_some_and(|a| !a.is_empty()) {
                return Err(Error::msg(format!(
                    "path URL '{whole}' should not have an authority ('{}')",
                    url.authority.as_deref().unwrap_or("")
                )));
            }
            put(&mut f, "type", "path");
            put(&mut f, "path", &url.path);
            for (k, v) in &url.query {
                match k.as_str() {
                    "rev" | "narHash" => put(&mut f, k, v),
                    "revCount" | "lastModified" => match v.parse::<u64>() {
                        Ok(n) => {
                            f.insert(k.clone(), Attr::Int(n as i64));
                        }
                        Err(_) => return Err(Error::msg(format!("path URL '{whole}' has invalid parameter '{k}'"))),
                    },
                    _ => {
                        return Err(Error::msg(format!(
                            "path URL '{}' has unsupported parameter '{k}'",
                            url.to_string_with("path")
                        )))
                    }
                }
            }
        }
        s if s == "git" || s.starts_with("git+") || s.starts_with("hg+") => {
            let hg = s.starts_with("hg+");
            let transport = s.split_once('+').map_or(s, |(_, t)| t).to_owned();
            let mut rest = BTreeMap::new();
            put(&mut f, "type", if hg { "hg" } else { "git" });
            for (k, v) in std::mem::take(&mut url.query) {
                match k.as_str() {
                    "rev" | "ref" => put(&mut f, &k, &v),
                    "keytype" | "publicKey" | "publicKeys" if !hg => put(&mut f, &k, &v),
                    "shallow" | "submodules" | "exportIgnore" | "verifyCommit" | "allRefs" if !hg => {
                        f.insert(k, Attr::Bool(v == "1"));
                    }
                    _ => {
                        rest.insert(k, v);
                    }
                }
            }
            url.query = rest;
            put(&mut f, "url", &url.to_string_with(&transport));
        }
        s => {
            let (app, transport) = match s.split_once('+') {
                Some((a, t)) => (Some(a), t),
                None => (None, s),
            };
            let kind = match app {
                None | Some("tarball") => "tarball",
                Some("file") => "file",
                Some(_) => return Err(Error::msg(format!("input '{whole}' is unsupported"))),
            };
            if !matches!(transport, "http" | "https" | "file") {
                return Err(Error::msg(format!("input '{whole}' is unsupported")));
            }
            put(&mut f, "type", kind);
            for k in ["rev", "narHash"] {
                if let Some(v) = url.query.remove(k) {
                    put(&mut f, k, &v);
                }
            }
            for k in ["revCount", "lastModified"] {
                if let Some(v) = url.query.remove(k) {
                    if let Ok(n) = v.parse::<u64>() {
                        f.insert(k.into(), Attr::Int(n as i64));
                    }
                }
            }
            put(&mut f, "url", &url.to_string_with(transport));
        }
    }
    Ok(Ok(f))
}

/// `parseFlakeRef s`: the attributes of a flake reference.
pub fn parse_flake_ref(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st.force_string(&args[0])?;
    crate::builtins::reject_context(&s)?;
    let fields = parse(&s.to_str_lossy())?;
    let entries = fields
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Attr::Str(s) => Value::string(s),
                Attr::Int(n) => Value::Int(n),
                Attr::Bool(b) => Value::Bool(b),
            };
            (Symbol::new(&k), v)
        })
        .collect();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// The attributes each input type takes (C++ Nix refuses others).
fn allowed(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "github" | "gitlab" | "sourcehut" => &[
            "owner",
            "repo",
            "ref",
            "rev",
            "narHash",
            "lastModified",
            "host",
            "treeHash",
        ],
        "git" => &[
            "url",
            "ref",
            "rev",
            "shallow",
            "submodules",
            "exportIgnore",
            "lastModified",
            "revCount",
            "narHash",
            "allRefs",
            "name",
            "dirtyRev",
            "dirtyShortRev",
            "verifyCommit",
            "keytype",
            "publicKey",
            "publicKeys",
        ],
        "hg" => &["url", "ref", "rev", "revCount", "narHash", "name"],
        "path" => &["path", "rev", "revCount", "lastModified", "narHash"],
        "indirect" => &["id", "ref", "rev", "narHash"],
        "tarball" | "file" => &["url", "narHash", "name", "unpack", "rev", "revCount", "lastModified"],
        _ => return None,
    })
}

/// `flakeRefToString attrs`: the URL form of a flake reference.
pub fn flake_ref_to_string(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let attrs = match &args[0] {
        Value::Attrs(a) => a.clone(),
        other => return Err(type_error("a set", other)),
    };
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for (name, v) in attrs.iter() {
        fields.insert(name.as_str().to_owned(), st.force(v)?);
    }
    let text =
        |st: &mut EvalState, v: &Value| -> Result<String> { Ok(st.force_string(v)?.to_str_lossy().into_owned()) };
    let dir = match fields.remove("dir") {
        Some(v) => text(st, &v)?,
        None => String::new(),
    };
    let kind = match fields.get("type") {
        Some(v) => text(st, &v.clone())?,
        None => {
            return Err(Error::msg(
                "'type' attribute to specify input scheme is required but not provided",
            ))
        }
    };
    let Some(allowed) = allowed(&kind) else {
        let json = crate::builtins::to_json_string(st, &Value::attrs(attrs.as_ref().clone()))?;
        return Err(Error::msg(format!("cannot show unsupported input '{json}'")));
    };
    for name in fields.keys() {
        if name != "type" && !allowed.contains(&name.as_str()) {
            return Err(Error::msg(format!(
                "input attribute '{name}' not supported by scheme '{kind}'"
            )));
        }
    }
    let get = |st: &mut EvalState, name: &str, required: bool| -> Result<Option<String>> {
        match fields.get(name).cloned() {
            Some(Value::Bool(b)) => Ok(Some(if b { "1".into() } else { "0".into() })),
            Some(Value::Int(n)) => Ok(Some(n.to_string())),
            Some(v) => text(st, &v).map(Some),
            None if required => Err(Error::msg(format!("input attribute '{name}' is missing"))),
            None => Ok(None),
        }
    };
    let mut query = BTreeMap::new();
    let url = match kind.as_str() {
        "github" | "gitlab" | "sourcehut" => {
            let owner = get(st, "owner", true)?.unwrap_or_default();
            let repo = get(st, "repo", true)?.unwrap_or_default();
            let rev = get(st, "rev", false)?;
            let ref_ = get(st, "ref", false)?;
            if let Some(n) = get(st, "narHash", false)? {
                query.insert("narHash".to_owned(), n);
            }
            let mut path = format!("{owner}/{repo}");
            if let Some(r) = rev.or(ref_) {
                path = format!("{path}/{r}");
            }
            Url {
                scheme: kind.clone(),
                authority: None,
                path,
                query,
            }
        }
        "indirect" => {
            let mut path = get(st, "id", true)?.unwrap_or_default();
            for k in ["ref", "rev"] {
                if let Some(v) = get(st, k, false)? {
                    path = format!("{path}/{v}");
                }
            }
            Url {
                scheme: "flake".into(),
                authority: None,
                path,
                query,
            }
        }
        "path" => {
            let path = get(st, "path", true)?.unwrap_or_default();
            for k in ["rev", "revCount", "lastModified", "narHash"] {
                if let Some(v) = get(st, k, false)? {
                    query.insert(k.to_owned(), v);
                }
            }
            Url {
                scheme: "path".into(),
                authority: None,
                path,
                query,
            }
        }
        _ => {
            let raw = get(st, "url", true)?.unwrap_or_default();
            let Some(mut url) = Url::parse(&raw) else {
                return Err(Error::msg(format!("'{raw}' is not a valid URL")));
            };
            let keys: &[&str] = match kind.as_str() {
                "git" => &[
                    "ref",
                    "rev",
                    "shallow",
                    "submodules",
                    "exportIgnore",
                    "allRefs",
                    "verifyCommit",
                ],
                "hg" => &["ref", "rev"],
                _ => &["rev", "revCount", "lastModified", "narHash"],
            };
            for k in keys {
                match get(st, k, false)? {
                    // Booleans that are false are left out.
                    Some(v) if v == "0" && !matches!(*k, "ref" | "rev" | "revCount" | "lastModified") => {}
                    Some(v) => {
                        url.query.insert((*k).to_owned(), v);
                    }
                    None => {}
                }
            }
            if kind == "git" || kind == "hg" {
                url.scheme = format!("{kind}+{}", url.scheme);
            }
            url
        }
    };
    let mut url = url;
    if !dir.is_empty() {
        url.query.insert("dir".into(), dir);
    }
    let scheme = url.scheme.clone();
    Ok(Value::string(url.to_string_with(&scheme)))
}
