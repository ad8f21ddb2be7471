//! Store directories, store paths, and how C++ Nix computes them.
//!
//! A store path is `<store dir>/<hash>-<name>`, where `<hash>` is 160 bits
//! in Nix base-32 (32 characters). Every way of making one goes through
//! [`StoreDir::make_store_path`]: a *fingerprint* string
//! `<type>:sha256:<inner hash in base-16>:<store dir>:<name>` is hashed with
//! SHA-256 and folded to 160 bits. The `<type>` and inner hash say what
//! kind of object it is:
//!
//! | object                              | type                        | inner hash |
//! |-------------------------------------|-----------------------------|------------|
//! | source tree (`builtins.path`)       | `source[:<refs>][:self]`    | SHA-256 of the NAR |
//! | other fixed output                  | `output:out`                | SHA-256 of `fixed:out:[r:]<algo>:<hex>:` |
//! | text (`builtins.toFile`, `.drv`)    | `text[:<refs>]`             | SHA-256 of the contents |
//! | derivation output                   | `output:<output name>`      | derivation hash modulo |
//!
//! The store directory is part of the fingerprint, so the same object has
//! unrelated hashes in different store directories.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use crate::base32;
use crate::hash::{Hash, HashAlgo};

/// Bytes in a store path's hash.
pub const HASH_BYTES: usize = 20;

/// Characters of a store path's hash part.
pub const HASH_CHARS: usize = 32;

/// The longest name a store path may have.
pub const MAX_NAME_LEN: usize = 211;

/// The default store directory.
pub const DEFAULT_STORE_DIR: &str = "/nix/store";

/// A logical store directory such as `/nix/store`: absolute, without a
/// trailing slash. It is the directory store paths are *named* under, not
/// necessarily where they live on disk (see [`crate::local::LocalStore`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreDir(String);

impl Default for StoreDir {
    fn default() -> Self {
        StoreDir(DEFAULT_STORE_DIR.to_owned())
    }
}

impl fmt::Display for StoreDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StoreDir {
    /// A store directory from an absolute path; it is canonicalised (no
    /// `.`, `..`, repeated or trailing slashes) as C++ Nix does.
    pub fn new(dir: &str) -> Result<StoreDir, StorePathError> {
        let canon = canon_path(dir);
        if !dir.starts_with('/') || canon == "/" {
            return Err(StorePathError::BadStoreDir(dir.to_owned()));
        }
        Ok(StoreDir(canon))
    }

    /// The directory as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full path of a store path in this directory.
    pub fn print(&self, path: &StorePath) -> String {
        format!("{}/{}", self.0, path)
    }

    /// Whether `path` is below this directory (a store path or a file inside
    /// one), by its text alone, as C++ Nix's `isInStore`.
    pub fn is_in_store(&self, path: &str) -> bool {
        path.len() >= self.0.len() + 2 && path.starts_with(&self.0) && path.as_bytes()[self.0.len()] == b'/'
    }

    /// Whether `path` is exactly a valid store path in this directory.
    pub fn is_store_path(&self, path: &str) -> bool {
        self.parse_path(path).is_ok()
    }

    /// Parses a full store path (no subpath), as C++ Nix's `parseStorePath`:
    /// the path is canonicalised and must be directly in this directory.
    pub fn parse_path(&self, path: &str) -> Result<StorePath, StorePathError> {
        let p = canon_path(path);
        let (dir, base) = match p.rfind('/') {
            Some(0) => ("/", &p[1..]),
            Some(i) => (&p[..i], &p[i + 1..]),
            None => (".", p.as_str()),
        };
        if dir != self.0 {
            return Err(StorePathError::NotInStore(p.clone()));
        }
        StorePath::from_base_name(base)
    }

    /// Splits a path inside the store into its store path and the rest
    /// (empty, or starting with `/`), as C++ Nix's `toStorePath`.
    pub fn to_store_path<'a>(&self, path: &'a str) -> Result<(StorePath, &'a str), StorePathError> {
        if !self.is_in_store(path) {
            return Err(StorePathError::NotInStore(path.to_owned()));
        }
        let start = self.0.len() + 1;
        let end = path[start..].find('/').map_or(path.len(), |i| start + i);
        Ok((self.parse_path(&path[..end])?, &path[end..]))
    }

    /// The store path of an object from its type, inner hash and name (see
    /// the [module docs](self)): SHA-256 of
    /// `<ty>:<algo>:<inner in base-16>:<store dir>:<name>`, XOR-folded to
    /// 160 bits.
    pub fn make_store_path(&self, ty: &str, inner: &Hash, name: &str) -> Result<StorePath, StorePathError> {
        let fingerprint = format!(
            "{ty}:{}:{}:{}",
            inner.to_string_as(crate::hash::HashFormat::Base16, true),
            self.0,
            name
        );
        let digest = Hash::sha256(fingerprint.as_bytes());
        StorePath::new(compress_hash(&digest.bytes), name)
    }
}

/// XOR-folds a digest to [`HASH_BYTES`] bytes: byte `i` of the input goes
/// into byte `i % 20` of the output.
pub fn compress_hash(bytes: &[u8]) -> [u8; HASH_BYTES] {
    let mut out = [0u8; HASH_BYTES];
    for (i, b) in bytes.iter().enumerate() {
        out[i % HASH_BYTES] ^= b;
    }
    out
}

/// `path` made canonical by text alone: repeated slashes, `.` and trailing
/// slashes removed, `..` applied (never above `/`). Symlinks are not
/// resolved. A relative path stays relative.
fn canon_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(c),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A store path without its directory: a 160-bit hash and a name.
///
/// Ordered as C++ Nix orders store paths (by the text `<hash>-<name>`),
/// which is the order `.drv` files list them in.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StorePath {
    hash: [u8; HASH_BYTES],
    name: String,
}

impl StorePath {
    /// A store path from its hash and name, checking the name.
    pub fn new(hash: [u8; HASH_BYTES], name: &str) -> Result<StorePath, StorePathError> {
        let path = StorePath {
            hash,
            name: name.to_owned(),
        };
        if let Err(reason) = check_name(name) {
            return Err(StorePathError::InvalidName {
                base_name: path.to_string(),
                reason,
            });
        }
        Ok(path)
    }

    /// Parses `<hash>-<name>`, with C++ Nix's checks and errors.
    ///
    /// C++ Nix does not look at the character between hash and name; here
    /// it must be `-`, as in every path Nix itself makes.
    pub fn from_base_name(base: &str) -> Result<StorePath, StorePathError> {
        let b = base.as_bytes();
        if b.len() < HASH_CHARS + 1 {
            return Err(StorePathError::TooShort(base.to_owned()));
        }
        for &c in &b[..HASH_CHARS] {
            if !base32::ALPHABET.contains(&c) {
                return Err(StorePathError::IllegalHashChar {
                    base_name: base.to_owned(),
                    byte: c,
                });
            }
        }
        if b[HASH_CHARS] != b'-' {
            return Err(StorePathError::NoDash(base.to_owned()));
        }
        let name = &base[HASH_CHARS + 1..];
        if let Err(reason) = check_name(name) {
            return Err(StorePathError::InvalidName {
                base_name: base.to_owned(),
                reason,
            });
        }
        let hash = base32::decode(&base[..HASH_CHARS])
            .ok()
            .and_then(|h| <[u8; HASH_BYTES]>::try_from(h).ok())
            .ok_or_else(|| StorePathError::TooShort(base.to_owned()))?;
        Ok(StorePath {
            hash,
            name: name.to_owned(),
        })
    }

    /// The 160-bit hash.
    pub fn hash(&self) -> &[u8; HASH_BYTES] {
        &self.hash
    }

    /// The hash in Nix base-32, as it appears in the path.
    pub fn hash_part(&self) -> String {
        base32::encode(&self.hash)
    }

    /// The name after the dash.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `<hash>-<name>` (also the `Display` form).
    pub fn base_name(&self) -> String {
        self.to_string()
    }

    /// The path of a source tree added to the store from its NAR hash, as
    /// `builtins.path` and `builtins.filterSource` (no references).
    ///
    /// With a SHA-256 NAR hash this is the `source` type; any other
    /// algorithm falls back to a recursive fixed output, exactly as
    /// [`StorePath::fixed_output`] does.
    pub fn fixed_source(store_dir: &StoreDir, name: &str, nar_hash: &Hash) -> Result<StorePath, StorePathError> {
        StorePath::fixed_output(
            store_dir,
            name,
            ContentMethod::Nar,
            nar_hash,
            &StoreReferences::default(),
        )
    }

    /// The path of a content-addressed object, as C++ Nix's
    /// `makeFixedOutputPathFromCA`:
    ///
    /// - NAR + SHA-256: type `source` with references;
    /// - text: type `text` with references (see [`StorePath::text`]);
    /// - otherwise: `output:out` over `fixed:out:[r:]<algo>:<hex>:`, which
    ///   cannot have references.
    pub fn fixed_output(
        store_dir: &StoreDir,
        name: &str,
        method: ContentMethod,
        hash: &Hash,
        references: &StoreReferences,
    ) -> Result<StorePath, StorePathError> {
        match method {
            ContentMethod::Nar if hash.algo == HashAlgo::Sha256 => {
                store_dir.make_store_path(&references.make_type(store_dir, "source"), hash, name)
            }
            ContentMethod::Text => store_dir.make_store_path(&references.make_type(store_dir, "text"), hash, name),
            _ => {
                if !references.is_empty() {
                    return Err(StorePathError::FixedOutputReferences(name.to_owned()));
                }
                let inner = format!(
                    "fixed:out:{}{}:",
                    method.prefix(),
                    hash.to_string_as(crate::hash::HashFormat::Base16, true)
                );
                store_dir.make_store_path("output:out", &Hash::sha256(inner.as_bytes()), name)
            }
        }
    }

    /// The path of a text file (`builtins.toFile`, a `.drv`) from the
    /// SHA-256 of its contents and the store paths it refers to.
    pub fn text(
        store_dir: &StoreDir,
        name: &str,
        contents_sha256: &Hash,
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        let refs = StoreReferences {
            others: references.clone(),
            self_ref: false,
        };
        store_dir.make_store_path(&refs.make_type(store_dir, "text"), contents_sha256, name)
    }

    /// The path of a text file with these contents; see [`StorePath::text`].
    pub fn text_of(
        store_dir: &StoreDir,
        name: &str,
        contents: &[u8],
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        StorePath::text(store_dir, name, &Hash::sha256(contents), references)
    }

    /// The path of an input-addressed derivation output, from the
    /// derivation's name, the output's name and the derivation's hash
    /// modulo: type `output:<output>`, name `<drv name>` for `out` and
    /// `<drv name>-<output>` otherwise.
    pub fn output(
        store_dir: &StoreDir,
        drv_name: &str,
        output_name: &str,
        drv_hash: &Hash,
    ) -> Result<StorePath, StorePathError> {
        store_dir.make_store_path(
            &format!("output:{output_name}"),
            drv_hash,
            &output_path_name(drv_name, output_name),
        )
    }
}

/// The name of a derivation output's store path: the derivation's name for
/// `out`, `<drv name>-<output>` for the others.
pub fn output_path_name(drv_name: &str, output_name: &str) -> String {
    if output_name == "out" {
        drv_name.to_owned()
    } else {
        format!("{drv_name}-{output_name}")
    }
}

impl fmt::Display for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.hash_part(), self.name)
    }
}

impl fmt::Debug for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorePath({self})")
    }
}

impl Ord for StorePath {
    fn cmp(&self, other: &Self) -> Ordering {
        // Nix base-32 puts the last byte's top bits first and its alphabet
        // is in ASCII order, so comparing hash parts as text is comparing
        // the bytes from the last one down.
        self.hash
            .iter()
            .rev()
            .cmp(other.hash.iter().rev())
            .then_with(|| self.name.cmp(&other.name))
    }
}

impl PartialOrd for StorePath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How the contents of a content-addressed object are hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentMethod {
    /// The bytes of a single file (`outputHashMode = "flat"`).
    Flat,
    /// The NAR serialisation (`outputHashMode = "recursive"` or `"nar"`).
    Nar,
    /// A text file with references (`outputHashMode = "text"`).
    Text,
}

impl ContentMethod {
    /// The prefix before the algorithm in a `.drv` output (`r:sha256`) and
    /// in fixed-output fingerprints: `""`, `"r:"` or `"text:"`.
    pub fn prefix(self) -> &'static str {
        match self {
            ContentMethod::Flat => "",
            ContentMethod::Nar => "r:",
            ContentMethod::Text => "text:",
        }
    }

    /// Splits a `.drv` output's hash algorithm field (`r:sha256`) into
    /// method and algorithm name.
    pub fn split_prefix(s: &str) -> (ContentMethod, &str) {
        if let Some(rest) = s.strip_prefix("r:") {
            (ContentMethod::Nar, rest)
        } else if let Some(rest) = s.strip_prefix("text:") {
            (ContentMethod::Text, rest)
        } else {
            (ContentMethod::Flat, s)
        }
    }
}

/// The references of a content-addressed object: other store paths, and
/// whether it refers to itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreReferences {
    /// Other store paths referred to.
    pub others: BTreeSet<StorePath>,
    /// Whether the object refers to its own path.
    pub self_ref: bool,
}

impl StoreReferences {
    /// Whether there are no references at all.
    pub fn is_empty(&self) -> bool {
        self.others.is_empty() && !self.self_ref
    }

    /// The fingerprint type with references: `<ty>:<path>...[:self]`.
    fn make_type(&self, store_dir: &StoreDir, ty: &str) -> String {
        let mut s = ty.to_owned();
        for r in &self.others {
            s.push(':');
            s.push_str(&store_dir.print(r));
        }
        if self.self_ref {
            s.push_str(":self");
        }
        s
    }
}

/// Why a store path name is invalid; `Display` is C++ Nix's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The empty name.
    Empty,
    /// Longer than [`MAX_NAME_LEN`].
    TooLong(String),
    /// `.` or `..`.
    Invalid(String),
    /// Starts with `.-` or `..-` (the component is the second field).
    DotComponent(String, &'static str),
    /// A byte outside `[0-9a-zA-Z+\-._?=]` (the first one).
    IllegalChar(String, u8),
}

impl NameError {
    /// The exact message bytes; unlike `Display` (which must be UTF-8), an
    /// illegal non-ASCII character is the single byte C++ Nix prints.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            NameError::IllegalChar(name, byte) => {
                let mut v = format!("name '{name}' contains illegal character '").into_bytes();
                v.push(*byte);
                v.push(b'\'');
                v
            }
            other => other.to_string().into_bytes(),
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => f.write_str("name must not be empty"),
            NameError::TooLong(n) => {
                write!(f, "name '{n}' must be no longer than {MAX_NAME_LEN} characters")
            }
            NameError::Invalid(n) => write!(f, "name '{n}' is not valid"),
            NameError::DotComponent(n, c) => write!(
                f,
                "name '{n}' is not valid: first dash-separated component must not be '{c}'"
            ),
            NameError::IllegalChar(n, b) => write!(
                f,
                "name '{n}' contains illegal character '{}'",
                if b.is_ascii() {
                    char::from(*b)
                } else {
                    char::REPLACEMENT_CHARACTER
                }
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// Checks a store path name against C++ Nix's rules: non-empty, at most
/// [`MAX_NAME_LEN`] bytes, only `[0-9a-zA-Z+\-._?=]`, and not `.`, `..`
/// or starting with `.-` or `..-`.
pub fn check_name(name: &str) -> Result<(), NameError> {
    let b = name.as_bytes();
    if b.is_empty() {
        return Err(NameError::Empty);
    }
    if b.len() > MAX_NAME_LEN {
        return Err(NameError::TooLong(name.to_owned()));
    }
    if b[0] == b'.' {
        match b.get(1) {
            None => return Err(NameError::Invalid(name.to_owned())),
            Some(b'-') => return Err(NameError::DotComponent(name.to_owned(), ".")),
            Some(b'.') => match b.get(2) {
                None => return Err(NameError::Invalid(name.to_owned())),
                Some(b'-') => return Err(NameError::DotComponent(name.to_owned(), "..")),
                _ => {}
            },
            _ => {}
        }
    }
    if let Some(&c) = b
        .iter()
        .find(|&&c| !(c.is_ascii_alphanumeric() || b"+-._?=".contains(&c)))
    {
        return Err(NameError::IllegalChar(name.to_owned(), c));
    }
    Ok(())
}

/// Why a store path could not be made or parsed; `Display` is C++ Nix's
/// wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorePathError {
    /// The name part is invalid.
    InvalidName {
        /// `<hash>-<name>`.
        base_name: String,
        /// What is wrong with the name.
        reason: NameError,
    },
    /// Shorter than a hash part and a dash.
    TooShort(String),
    /// The hash part has a byte outside Nix base-32.
    IllegalHashChar {
        /// The base name.
        base_name: String,
        /// The offending byte.
        byte: u8,
    },
    /// Something other than `-` between hash and name (C++ Nix accepts it).
    NoDash(String),
    /// Not directly inside the store directory.
    NotInStore(String),
    /// Not an absolute directory usable as a store directory.
    BadStoreDir(String),
    /// A flat or non-SHA-256 fixed output with references.
    FixedOutputReferences(String),
}

impl StorePathError {
    /// The exact message bytes (see [`NameError::to_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            StorePathError::InvalidName { base_name, reason } => {
                let mut v = format!("path '{base_name}' is not a valid store path: ").into_bytes();
                v.extend(reason.to_bytes());
                v
            }
            StorePathError::IllegalHashChar { base_name, byte } => {
                let mut v = format!("store path '{base_name}' contains illegal base-32 character '").into_bytes();
                v.push(*byte);
                v.push(b'\'');
                v
            }
            other => other.to_string().into_bytes(),
        }
    }
}

impl fmt::Display for StorePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorePathError::InvalidName { base_name, reason } => {
                write!(f, "path '{base_name}' is not a valid store path: {reason}")
            }
            StorePathError::TooShort(b) => write!(f, "'{b}' is too short to be a valid store path"),
            StorePathError::IllegalHashChar { base_name, byte } => write!(
                f,
                "store path '{base_name}' contains illegal base-32 character '{}'",
                if byte.is_ascii() { char::from(*byte) } else { char::REPLACEMENT_CHARACTER }
            ),
            StorePathError::NoDash(b) => write!(f, "path '{b}' is not a valid store path"),
            StorePathError::NotInStore(p) => write!(f, "path '{p}' is not in the Nix store"),
            StorePathError::BadStoreDir(d) => write!(f, "store directory '{d}' is not an absolute path"),
            StorePathError::FixedOutputReferences(n) => write!(
                f,
                "fixed output derivation '{n}' is not allowed to refer to other store paths.\nYou may need to use the 'unsafeDiscardReferences' derivation attribute, see the manual for more details."
            ),
        }
    }
}

impl std::error::Error for StorePathError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matches_text_order() {
        let mut paths = Vec::new();
        for i in 0..50u32 {
            let h = Hash::sha256(&i.to_le_bytes());
            paths.push(StorePath::new(compress_hash(&h.bytes), &format!("n{}", i % 3)).unwrap());
        }
        let mut by_ord = paths.clone();
        by_ord.sort();
        let mut by_text = paths;
        by_text.sort_by_key(|p| p.to_string());
        assert_eq!(by_ord, by_text);
    }

    #[test]
    fn canon() {
        assert_eq!(canon_path("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(canon_path("/.."), "/");
        let sd = StoreDir::new("/nix/store/").unwrap();
        assert_eq!(sd.as_str(), "/nix/store");
        assert!(StoreDir::new("nix/store").is_err());
    }
}
