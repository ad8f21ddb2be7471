//! [`Lock`]: an atom's `atom.lock`, the exact dependency versions eka
//! resolved, read and validated.
//!
//! The evaluator never resolves version requirements: it takes what the
//! lock says. So the lock is checked as strictly as eka writes it: version
//! 1 only, no unknown keys, every revision a full git object id, every
//! hash a valid SRI or `sha256:<nix32>` hash, every atom's set declared
//! under `[sets]`, and no two dependencies with the same name. Each error
//! points into the file.
//!
//! ```toml
//! version = 1
//!
//! [sets.<root-commit>]
//! tag = "core"
//! mirrors = ["::", "https://example.org/core"]
//!
//! [[deps]]
//! type = "atom"
//! label = "util"
//! version = "0.2.0"
//! set = "<root-commit>"
//! rev = "<commit>"
//! mirror = "https://example.org/core"
//! id = "<blake3 id in base32hex>"
//!
//! [[deps]]
//! type = "nix+git"
//! name = "pkgs"
//! url = "https://example.org/pkgs"
//! rev = "<commit>"
//! ```

pub(crate) mod spanned;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use store::hash::Hash;
use toml::de::DeValue;

use self::spanned::{Doc, Table};
use crate::support::error::Error;

/// The only lock format version there is.
pub const LOCK_VERSION: i64 = 1;

/// A parsed `atom.lock`.
#[derive(Clone, Debug)]
pub struct Lock {
    /// Where the lock was read from.
    pub path: PathBuf,
    /// The atom that wrote the lock (eka's Nix-side locker), if recorded.
    pub locker: Option<AtomRef>,
    /// How the atom is composed, if recorded.
    pub compose: Option<LockedCompose>,
    /// The sets of repositories, ordered by root commit.
    pub sets: Vec<LockedSet>,
    /// The dependencies, in file order.
    pub deps: Vec<Spanned<LockedDep>>,
}

/// A value with the byte range of the lock's text it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub dep: T,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// A git object id: the SHA-1 or SHA-256 of a commit.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum GitRev {
    /// A SHA-1 repository's id (40 hex digits).
    Sha1([u8; 20]),
    /// A SHA-256 repository's id (64 hex digits).
    Sha256([u8; 32]),
}

impl GitRev {
    /// Parses 40 or 64 lowercase hex digits.
    pub fn parse(hex: &str) -> Option<GitRev> {
        fn decode<const N: usize>(hex: &str) -> Option<[u8; N]> {
            let mut out = [0u8; N];
            for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
                let digit = |c: u8| match c {
                    b'0'..=b'9' => Some(c - b'0'),
                    b'a'..=b'f' => Some(c - b'a' + 10),
                    _ => None,
                };
                out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
            }
            Some(out)
        }
        match hex.len() {
            40 => decode(hex).map(GitRev::Sha1),
            64 => decode(hex).map(GitRev::Sha256),
            _ => None,
        }
    }

    /// The raw bytes of the id.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            GitRev::Sha1(b) => b,
            GitRev::Sha256(b) => b,
        }
    }
}

impl fmt::Display for GitRev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for GitRev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GitRev({self})")
    }
}

/// Where a set's atoms are found: this repository or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mirror {
    /// `"::"`: the repository the atom itself lives in.
    Local,
    /// A git URL (or a bare path, which eka writes for local mirrors).
    Url(String),
}

impl Mirror {
    /// Reads one source as a manifest or lock writes it.
    pub fn parse(s: &str) -> Mirror {
        if s == "::" {
            Mirror::Local
        } else {
            Mirror::Url(s.to_owned())
        }
    }
}

/// `[sets.<root>]`: a set of atoms, named by its repository's root commit.
#[derive(Clone, Debug)]
pub struct LockedSet {
    /// The root commit of the set's repository.
    pub root: GitRev,
    /// The set's name in the manifest (`deps.from.<tag>`).
    pub tag: String,
    /// Where to fetch it from, in preference order.
    pub mirrors: Vec<Mirror>,
}

/// A locked atom: `[locker]`, `[compose]` with `use = "atom"`, and
/// `[[deps]]` with `type = "atom"`.
#[derive(Clone, Debug)]
pub struct AtomRef {
    /// The atom's label.
    pub label: String,
    /// Its exact version.
    pub version: semver::Version,
    /// The root commit of the set it belongs to.
    pub set: GitRev,
    /// The commit of its published ref; `None` for an atom of this
    /// repository used from its directory.
    pub rev: Option<GitRev>,
    /// The URL it was first resolved from.
    pub mirror: Option<String>,
    /// Its ID in lowercase base32hex (BLAKE3 of the label keyed by the set).
    pub id: String,
}

/// `[compose]`: how the atom is composed.
#[derive(Clone, Debug)]
pub enum LockedCompose {
    /// `use = "atom"`: by a composer atom, from `entry`.
    Atom {
        /// The composer.
        atom: AtomRef,
        /// The root module directory, relative to the manifest.
        entry: String,
    },
    /// `use = "nix"`: by importing `entry` as plain Nix.
    Nix {
        /// The file or directory imported.
        entry: String,
    },
    /// `use = "static"`: the manifest is the value.
    Static,
}

/// A pinned source with a content hash (`nix`, `nix+tar`, `nix+src`).
#[derive(Clone, Debug)]
pub struct HashedPin {
    /// The pin's name (`deps.pins.<name>`, `deps.get.<name>`).
    pub name: String,
    /// Where it is fetched from.
    pub url: String,
    /// Its content hash (flat for files, NAR for unpacked trees).
    pub hash: Hash,
    /// The hash as the lock spells it (SRI or `sha256:…`): a `nix+src`
    /// derivation holds it as written, as `<nix/fetchurl.nix>`'s does.
    pub hash_text: String,
}

/// A pinned git source (`nix+git`).
#[derive(Clone, Debug)]
pub struct GitPin {
    /// The pin's name (`deps.pins.<name>`).
    pub name: String,
    /// The repository.
    pub url: String,
    /// The exact commit.
    pub rev: GitRev,
    /// The version that was resolved, if a version was asked for.
    pub version: Option<semver::Version>,
}

/// One `[[deps]]` entry, by its `type`.
#[derive(Clone, Debug)]
pub enum LockedDep {
    /// `atom`: another atom.
    Atom(AtomRef),
    /// `nix`: a file, fetched as is.
    Nix(HashedPin),
    /// `nix+tar`: a tarball, unpacked.
    NixTar(HashedPin),
    /// `nix+src`: a source fetched with `<nix/fetchurl.nix>` semantics.
    NixSrc(HashedPin),
    /// `nix+git`: a git tree.
    NixGit(GitPin),
}

impl LockedDep {
    /// The name the dependency is bound under: the label of an atom, the
    /// name of a pin.
    pub fn name(&self) -> &str {
        match self {
            LockedDep::Atom(a) => &a.label,
            LockedDep::Nix(p) | LockedDep::NixTar(p) | LockedDep::NixSrc(p) => &p.name,
            LockedDep::NixGit(p) => &p.name,
        }
    }

    /// The `type` tag as the lock spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            LockedDep::Atom(_) => "atom",
            LockedDep::Nix(_) => "nix",
            LockedDep::NixTar(_) => "nix+tar",
            LockedDep::NixSrc(_) => "nix+src",
            LockedDep::NixGit(_) => "nix+git",
        }
    }
}

const ATOM_KEYS: &[&str] = &["label", "version", "set", "rev", "mirror", "id"];

impl Lock {
    /// Reads `DIR/atom.lock`; `Ok(None)` if there is none.
    pub fn read(dir: impl AsRef<Path>) -> Result<Option<Lock>, Error> {
        let path = dir.as_ref().join("atom.lock");
        match std::fs::read_to_string(&path) {
            Ok(text) => Lock::parse(path, &text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::message(
                crate::support::error::ErrorKind::Io,
                format!("cannot read '{}': {e}", path.display()),
                None,
            )),
        }
    }

    /// Parses and validates the text of a lock read from `path`.
    pub fn parse(path: impl Into<PathBuf>, text: &str) -> Result<Lock, Error> {
        let path = path.into();
        let doc = Doc { path: &path, text };
        let root = doc.parse()?;
        let top = doc.table("", root.get_ref(), 0..0);
        let version = top.get("version").ok_or_else(|| {
            top.missing(
                "version",
                Some("eka writes `version = 1` at the top of atom.lock; run `eka` to lock the atom again"),
            )
        })?;
        match version.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 && i.as_str().parse::<i64>() == Ok(LOCK_VERSION) => {}
            DeValue::Integer(i) => {
                return Err(doc.error(
                    version.span(),
                    format_args!("lock version {} is not supported", i.as_str()),
                    "unsupported version",
                    Some("this evaluator reads atom.lock version 1; lock the atom with a matching eka"),
                ))
            }
            other => return Err(top.type_error("version", version.span(), "an integer", other)),
        }
        top.deny_unknown(&["version", "locker", "compose", "sets", "deps"])?;

        let mut sets = Vec::new();
        if let Some(table) = top.opt_table("sets")? {
            for (key, key_span, value) in table.entries() {
                let root = GitRev::parse(key).ok_or_else(|| {
                    doc.error(
                        key_span.clone(),
                        format_args!("`sets.{key}` is not named by a git commit id"),
                        "not 40 or 64 lowercase hex digits",
                        Some("a set is named by the root commit of its repository"),
                    )
                })?;
                let set = table.as_table(key, value)?;
                set.deny_unknown(&["tag", "mirrors"])?;
                let (tag, tag_span) = set.str("tag")?;
                check_set_name(tag).map_err(|why| {
                    doc.error(
                        tag_span,
                        format_args!("set tag '{tag}' is not valid: {why}"),
                        "invalid tag",
                        None,
                    )
                })?;
                let mirrors = match set.get("mirrors") {
                    Some(v) => set.str_or_list("mirrors", v)?,
                    None => return Err(set.missing("mirrors", None)),
                };
                if mirrors.is_empty() {
                    return Err(doc.error(
                        set.get("mirrors").map(|v| v.span()).unwrap_or(key_span),
                        format_args!("set '{tag}' has no mirrors"),
                        "empty",
                        None,
                    ));
                }
                sets.push(LockedSet {
                    root,
                    tag: tag.to_owned(),
                    mirrors: mirrors.into_iter().map(|(m, _)| Mirror::parse(m)).collect(),
                });
            }
        }

        let known_set = |rev: GitRev, span: Range<usize>| -> Result<(), Error> {
            if sets.iter().any(|s| s.root == rev) {
                Ok(())
            } else {
                Err(doc.error(
                    span,
                    format_args!("set {rev} is not declared under [sets]"),
                    "unknown set",
                    Some("lock the atom again with `eka`"),
                ))
            }
        };

        let locker = match top.opt_table("locker")? {
            Some(t) => {
                t.deny_unknown(ATOM_KEYS)?;
                Some(atom_ref(&t)?)
            }
            None => None,
        };

        let compose = match top.opt_table("compose")? {
            None => None,
            Some(t) => {
                let (using, using_span) = t.opt_str("use")?.unwrap_or(("static", t.span.clone()));
                Some(match using {
                    "atom" => {
                        let mut keys = ATOM_KEYS.to_vec();
                        keys.extend(["use", "entry"]);
                        t.deny_unknown(&keys)?;
                        let atom = atom_ref(&t)?;
                        let entry = t.str("entry")?.0.to_owned();
                        LockedCompose::Atom { atom, entry }
                    }
                    "nix" => {
                        t.deny_unknown(&["use", "entry"])?;
                        LockedCompose::Nix {
                            entry: t.str("entry")?.0.to_owned(),
                        }
                    }
                    "static" => {
                        t.deny_unknown(&["use"])?;
                        LockedCompose::Static
                    }
                    other => {
                        return Err(doc.error(
                            using_span,
                            format_args!("unknown composer kind `compose.use = \"{other}\"`"),
                            "unknown",
                            Some("`use` is \"atom\", \"nix\" or \"static\""),
                        ))
                    }
                })
            }
        };

        let mut deps: Vec<Spanned<LockedDep>> = Vec::new();
        if let Some(v) = top.get("deps") {
            let DeValue::Array(items) = v.get_ref() else {
                return Err(top.type_error("deps", v.span(), "an array of tables ([[deps]])", v.get_ref()));
            };
            for (i, item) in items.iter().enumerate() {
                let t = top.as_table("deps", item)?;
                let t = Table {
                    name: format!("deps[{i}]"),
                    ..t
                };
                let (ty, ty_span) = t.str("type")?;
                let dep = match ty {
                    "atom" => {
                        let mut keys = ATOM_KEYS.to_vec();
                        keys.push("type");
                        t.deny_unknown(&keys)?;
                        let atom = atom_ref(&t)?;
                        known_set(atom.set, t.get("set").map_or(t.span.clone(), |v| v.span()))?;
                        LockedDep::Atom(atom)
                    }
                    "nix" | "nix+tar" | "nix+src" => {
                        t.deny_unknown(&["type", "name", "url", "hash"])?;
                        let pin = HashedPin {
                            name: name(&t, "name")?,
                            url: t.str("url")?.0.to_owned(),
                            hash: hash(&t, "hash")?,
                            hash_text: t.str("hash")?.0.to_owned(),
                        };
                        match ty {
                            "nix" => LockedDep::Nix(pin),
                            "nix+tar" => LockedDep::NixTar(pin),
                            _ => LockedDep::NixSrc(pin),
                        }
                    }
                    "nix+git" => {
                        t.deny_unknown(&["type", "name", "url", "rev", "version"])?;
                        LockedDep::NixGit(GitPin {
                            name: name(&t, "name")?,
                            url: t.str("url")?.0.to_owned(),
                            rev: rev(&t, "rev")?,
                            version: t.opt_str("version")?.map(|v| semver_of(&t, v)).transpose()?,
                        })
                    }
                    other => {
                        return Err(doc.error(
                            ty_span,
                            format_args!("unknown dependency type \"{other}\""),
                            "unknown type",
                            Some("the types are \"atom\", \"nix\", \"nix+tar\", \"nix+src\" and \"nix+git\""),
                        ))
                    }
                };
                if let Some(first) = deps.iter().find(|d| d.dep.name() == dep.name()) {
                    let line = text[..first.span.start].matches('\n').count() + 1;
                    return Err(doc.error(
                        item.span(),
                        format_args!("dependency '{}' is locked twice", dep.name()),
                        "second entry",
                        Some(&format!("the first entry is on line {line}")),
                    ));
                }
                deps.push(Spanned { dep, span: item.span() });
            }
        }

        Ok(Lock {
            path,
            locker,
            compose,
            sets,
            deps,
        })
    }

    /// The set with this root commit.
    pub fn set(&self, root: GitRev) -> Option<&LockedSet> {
        self.sets.iter().find(|s| s.root == root)
    }

    /// The dependency bound under `name`.
    pub fn dep(&self, name: &str) -> Option<&Spanned<LockedDep>> {
        self.deps.iter().find(|d| d.dep.name() == name)
    }
}

/// The fields of a locked atom, from `t`.
fn atom_ref(t: &Table<'_, '_>) -> Result<AtomRef, Error> {
    let (id, id_span) = t.str("id")?;
    if id.len() != 52 || !id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b)) {
        return Err(t.doc.error(
            id_span,
            format_args!("`{}` is not an atom ID", t.path_of("id")),
            "not 52 lowercase base32hex digits",
            Some("an atom ID is the BLAKE3 hash of its label keyed by its set, as `atom-eval id` prints it"),
        ));
    }
    Ok(AtomRef {
        label: name(t, "label")?,
        version: semver_of(t, t.str("version")?)?,
        set: rev(t, "set")?,
        rev: match t.get("rev") {
            Some(_) => Some(rev(t, "rev")?),
            None => None,
        },
        mirror: t.opt_str("mirror")?.map(|(m, _)| m.to_owned()),
        id: id.to_owned(),
    })
}

/// A label or pin name, checked as the manifest checks labels.
fn name(t: &Table<'_, '_>, key: &str) -> Result<String, Error> {
    let (s, span) = t.str(key)?;
    let s = super::manifest::check_label(s).map_err(|why| {
        t.doc.error(
            span,
            format_args!("`{}` is not a valid label: {why}", t.path_of(key)),
            "invalid label",
            None,
        )
    })?;
    Ok(s)
}

fn semver_of(t: &Table<'_, '_>, (s, span): (&str, Range<usize>)) -> Result<semver::Version, Error> {
    semver::Version::parse(s).map_err(|e| {
        t.doc.error(
            span,
            format_args!("'{s}' is not a semantic version: {e}"),
            "not MAJOR.MINOR.PATCH",
            None,
        )
    })
}

fn rev(t: &Table<'_, '_>, key: &str) -> Result<GitRev, Error> {
    let (s, span) = t.str(key)?;
    GitRev::parse(s).ok_or_else(|| {
        t.doc.error(
            span,
            format_args!("`{}` is not a git commit id", t.path_of(key)),
            "not 40 or 64 lowercase hex digits",
            None,
        )
    })
}

/// A content hash: SRI (`sha256-<base64>`) or `<algo>:<nix32 or hex>`.
fn hash(t: &Table<'_, '_>, key: &str) -> Result<Hash, Error> {
    let (s, span) = t.str(key)?;
    let parsed = if s.contains(':') {
        Hash::parse_any_prefixed(s)
    } else {
        Hash::parse_sri(s)
    };
    parsed.map_err(|e| {
        t.doc.error(
            span,
            format_args!("`{}` is not a valid hash: {e}", t.path_of(key)),
            "invalid hash",
            Some("write an SRI hash (`sha256-…`) or `sha256:<nix32>`"),
        )
    })
}

/// Checks a set name: a label that may also hold `.` and `:`, never `..`.
pub fn check_set_name(name: &str) -> Result<(), String> {
    if name.contains("..") {
        return Err("it contains '..'".into());
    }
    super::manifest::check_label_with(name, &['-', '.', ':']).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "68b63bd131acd23bdfd57983fe85ba7c092ce02f";
    const REV: &str = "f26bc47d27643580d14262c17533332f29e225b4";
    const ID: &str = "r9ilp2p4bpkup8bejuqrg042m6ohc0rtcn2fks94otlrhnquhnv0";

    #[test]
    fn a_tarball_pin_parses_and_an_unknown_version_is_refused() {
        let text = r#"
version = 1
[[deps]]
type = "nix+tar"
name = "pkgs"
url = "https://example.org/pkgs.tar.gz"
hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
"#;
        let lock = Lock::parse("atom.lock", text).expect("parses");
        let LockedDep::NixTar(pin) = &lock.deps[0].dep else {
            panic!("not a tarball pin: {:?}", lock.deps[0].dep)
        };
        assert_eq!(pin.name, "pkgs");
        assert_eq!(pin.hash.to_sri(), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        let err = Lock::parse("atom.lock", "version = 2\n").unwrap_err();
        assert!(err.to_string().contains("lock version 2 is not supported"));
    }

    fn full() -> String {
        format!(
            r#"# generated by eka
version = 1

[sets.{ROOT}]
tag = "core"
mirrors = ["::", "https://example.org/core"]

[locker]
label = "nix-lock"
version = "0.1.3"
set = "{ROOT}"
rev = "{REV}"
mirror = "https://example.org/eka"
id = "{ID}"

[compose]
use = "atom"
label = "atom-nix"
version = "0.4.4"
set = "{ROOT}"
rev = "{REV}"
mirror = "https://example.org/atom"
id = "{ID}"
entry = "env"

[[deps]]
type = "atom"
label = "util"
version = "0.2.0"
set = "{ROOT}"
rev = "{REV}"
mirror = "https://example.org/core"
id = "{ID}"

[[deps]]
type = "atom"
label = "sibling"
version = "0.1.0-local"
set = "{ROOT}"
id = "{ID}"

[[deps]]
type = "nix"
name = "file"
url = "https://example.org/f.txt"
hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

[[deps]]
type = "nix+tar"
name = "tarball"
url = "https://example.org/t.tar.gz"
hash = "sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"

[[deps]]
type = "nix+src"
name = "src"
url = "https://example.org/s.tar.gz"
hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

[[deps]]
type = "nix+git"
name = "pkgs"
url = "https://example.org/pkgs"
rev = "{REV}"
version = "1.2.3"
"#
        )
    }

    fn err(text: &str) -> String {
        crate::support::error::render(&Lock::parse("/a/atom.lock", text).unwrap_err(), false)
    }

    #[test]
    fn every_entry() {
        let lock = Lock::parse("atom.lock", &full()).unwrap();
        assert_eq!(lock.sets.len(), 1);
        assert_eq!(lock.sets[0].tag, "core");
        assert_eq!(lock.sets[0].root.to_string(), ROOT);
        assert_eq!(
            lock.sets[0].mirrors,
            vec![Mirror::Local, Mirror::Url("https://example.org/core".into())]
        );
        let locker = lock.locker.as_ref().unwrap();
        assert_eq!(
            (locker.label.as_str(), locker.version.to_string()),
            ("nix-lock", "0.1.3".into())
        );
        match lock.compose.as_ref().unwrap() {
            LockedCompose::Atom { atom, entry } => {
                assert_eq!(atom.label, "atom-nix");
                assert_eq!(entry, "env");
            }
            other => panic!("{other:?}"),
        }
        let kinds: Vec<_> = lock.deps.iter().map(|d| (d.dep.type_name(), d.dep.name())).collect();
        assert_eq!(
            kinds,
            [
                ("atom", "util"),
                ("atom", "sibling"),
                ("nix", "file"),
                ("nix+tar", "tarball"),
                ("nix+src", "src"),
                ("nix+git", "pkgs")
            ]
        );
        let LockedDep::Atom(util) = &lock.dep("util").unwrap().dep else {
            panic!()
        };
        assert_eq!(util.rev.unwrap().to_string(), REV);
        assert_eq!(util.mirror.as_deref(), Some("https://example.org/core"));
        assert_eq!(util.id, ID);
        let LockedDep::Atom(sibling) = &lock.dep("sibling").unwrap().dep else {
            panic!()
        };
        assert!(sibling.rev.is_none() && sibling.mirror.is_none());
        assert_eq!(sibling.version.pre.as_str(), "local");
        // Both hash spellings decode to the same kind of value.
        let LockedDep::NixTar(tar) = &lock.dep("tarball").unwrap().dep else {
            panic!()
        };
        assert_eq!(
            tar.hash.to_nix32(),
            "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"
        );
        let LockedDep::NixGit(git) = &lock.dep("pkgs").unwrap().dep else {
            panic!()
        };
        assert_eq!(git.version.as_ref().unwrap().to_string(), "1.2.3");
        // The span of an entry is its `[[deps]]` header.
        let span = &lock.dep("pkgs").unwrap().span;
        let text = full();
        assert!(text[span.clone()].starts_with("[[deps]]"));
        assert!(text[span.start..]
            .split("\n\n")
            .next()
            .unwrap()
            .contains("name = \"pkgs\""));
    }

    #[test]
    fn minimal_and_other_composers() {
        let lock = Lock::parse("atom.lock", "version = 1\n").unwrap();
        assert!(lock.deps.is_empty() && lock.sets.is_empty() && lock.compose.is_none());
        let lock = Lock::parse(
            "atom.lock",
            "version = 1\n[compose]\nuse = \"nix\"\nentry = \"default.nix\"\n",
        )
        .unwrap();
        assert!(matches!(lock.compose, Some(LockedCompose::Nix { ref entry }) if entry == "default.nix"));
        let lock = Lock::parse("atom.lock", "version = 1\n[compose]\nuse = \"static\"\n").unwrap();
        assert!(matches!(lock.compose, Some(LockedCompose::Static)));
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = err("version = 2\n");
        assert!(
            e.contains("lock version 2 is not supported") && e.contains("1 │ version = 2"),
            "{e}"
        );
        let e = err("version = \"1\"\n");
        assert!(e.contains("`version` must be an integer, not a string"), "{e}");
        let e = err("[[deps]]\n");
        assert!(e.contains("missing key `version`"), "{e}");
        let e = err("version = 1\nextra = true\n");
        assert!(
            e.contains("unknown key `extra`") && e.contains("2 │ extra = true"),
            "{e}"
        );
        let e = err("version = 1\n[[deps]]\ntype = \"nix+git\"\nname = \"p\"\nurl = \"u\"\nrev = \"abc\"\n");
        assert!(
            e.contains("`deps[0].rev` is not a git commit id") && e.contains("6 │ rev = \"abc\""),
            "{e}"
        );
        let e = err("version = 1\n[[deps]]\ntype = \"nix\"\nname = \"p\"\nurl = \"u\"\nhash = \"md5-nope\"\n");
        assert!(e.contains("`deps[0].hash` is not a valid hash"), "{e}");
        let e = err("version = 1\n[[deps]]\ntype = \"nix\"\nname = \"p\"\nurl = \"u\"\nhash = \"sha256:xyz\"\n");
        assert!(e.contains("`deps[0].hash` is not a valid hash"), "{e}");
        let e = err("version = 1\n[[deps]]\ntype = \"nix\"\nname = \"p\"\nurl = \"u\"\n");
        assert!(e.contains("missing key `deps[0].hash` in [deps[0]]"), "{e}");
        let e =
            err("version = 1\n[[deps]]\ntype = \"nix+git\"\nname = \"p\"\nurl = \"u\"\nrev = \"abc\"\nhash = \"x\"\n");
        assert!(e.contains("unknown key `deps[0].hash`"), "{e}");
        let e = err("version = 1\n[[deps]]\ntype = \"flake\"\n");
        assert!(e.contains("unknown dependency type \"flake\""), "{e}");
        let e = err(&format!(
            "version = 1\n[[deps]]\ntype = \"atom\"\nlabel = \"x\"\nversion = \"1.0.0\"\nset = \"{ROOT}\"\nid = \"{ID}\"\n"
        ));
        assert!(e.contains(&format!("set {ROOT} is not declared under [sets]")), "{e}");
        let e = err(&format!(
            "version = 1\n[sets.{ROOT}]\ntag = \"c\"\nmirrors = [\"::\"]\n[[deps]]\ntype = \"atom\"\nlabel = \"x\"\nversion = \"1.0\"\nset = \"{ROOT}\"\nid = \"{ID}\"\n"
        ));
        assert!(e.contains("'1.0' is not a semantic version"), "{e}");
        let e = err(&format!(
            "version = 1\n[sets.{ROOT}]\ntag = \"c\"\nmirrors = [\"::\"]\n[[deps]]\ntype = \"atom\"\nlabel = \"x\"\nversion = \"1.0.0\"\nset = \"{ROOT}\"\nid = \"short\"\n"
        ));
        assert!(e.contains("`deps[0].id` is not an atom ID"), "{e}");
        let e = err("version = 1\n[sets.nothex]\ntag = \"c\"\nmirrors = []\n");
        assert!(e.contains("`sets.nothex` is not named by a git commit id"), "{e}");
        let e = err(&format!(
            "version = 1\n[sets.{ROOT}]\ntag = \"a..b\"\nmirrors = [\"::\"]\n"
        ));
        assert!(e.contains("set tag 'a..b' is not valid: it contains '..'"), "{e}");
        let e = err(&format!("version = 1\n[sets.{ROOT}]\ntag = \"c\"\nmirrors = []\n"));
        assert!(e.contains("set 'c' has no mirrors"), "{e}");
        let pin = "[[deps]]\ntype = \"nix+git\"\nname = \"p\"\nurl = \"u\"\nrev = \"f26bc47d27643580d14262c17533332f29e225b4\"\n";
        let e = err(&format!("version = 1\n{pin}{pin}"));
        assert!(
            e.contains("dependency 'p' is locked twice") && e.contains("first entry is on line 2"),
            "{e}"
        );
        let e = err("version = 1\n[compose]\nuse = \"magic\"\n");
        assert!(e.contains("unknown composer kind"), "{e}");
        let e = err("version = 1\n[locker]\nlabel = \"x\"\n");
        assert!(e.contains("missing key `locker.id`"), "{e}");
        let e = err("version = [\n");
        assert!(e.contains("invalid TOML"), "{e}");
    }

    #[test]
    fn set_names() {
        assert!(check_set_name("core").is_ok());
        assert!(check_set_name("org.example:core").is_ok());
        assert!(check_set_name("a..b").is_err());
        assert!(check_set_name(".a").is_err());
        assert!(check_set_name("a b").is_err());
    }
}
