//! Hashes as Nix uses them: the four algorithms, the four text formats, and
//! the lenient parsing that `builtins.convertHash`, `builtins.hashString`'s
//! callers and a derivation's `outputHash` share.
//!
//! Error messages carry C++ Nix's wording (checked against Nix 2.26), since
//! they surface unchanged in evaluation errors.

use std::fmt;
use std::io;
use std::str::FromStr;

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::base32;

/// A hash algorithm Nix supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlgo {
    /// MD5 (16 bytes).
    Md5,
    /// SHA-1 (20 bytes).
    Sha1,
    /// SHA-256 (32 bytes), the one store paths are built from.
    Sha256,
    /// SHA-512 (64 bytes).
    Sha512,
}

impl HashAlgo {
    /// All algorithms, in Nix's order of listing them.
    pub const ALL: [HashAlgo; 4] = [HashAlgo::Md5, HashAlgo::Sha1, HashAlgo::Sha256, HashAlgo::Sha512];

    /// The algorithm's name as Nix writes it (`"sha256"`).
    pub fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// The size of a digest in bytes.
    pub fn size(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    /// The algorithm with this exact (lower-case) name, if any.
    pub fn from_name(name: &str) -> Option<HashAlgo> {
        HashAlgo::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Like [`HashAlgo::from_name`], with C++ Nix's error for other names.
    pub fn parse(name: &str) -> Result<HashAlgo, HashError> {
        HashAlgo::from_name(name).ok_or_else(|| HashError::UnknownAlgo(name.to_owned()))
    }

    /// A fresh incremental hasher.
    pub fn hasher(self) -> Hasher {
        Hasher::new(self)
    }

    /// Hashes some bytes.
    pub fn hash(self, data: &[u8]) -> Hash {
        let mut h = self.hasher();
        h.update(data);
        h.finish()
    }
}

impl fmt::Display for HashAlgo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashAlgo {
    type Err = HashError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlgo::parse(s)
    }
}

/// An incremental hasher for any [`HashAlgo`]; also an [`io::Write`] so NAR
/// serialisation can stream straight into it.
#[derive(Clone)]
pub struct Hasher(HasherState);

#[derive(Clone)]
enum HasherState {
    Md5(Md5),
    Sha1(Sha1),
    Sha256(Sha256),
    Sha512(Sha512),
}

impl Hasher {
    /// A hasher for `algo` that has seen no data.
    pub fn new(algo: HashAlgo) -> Hasher {
        Hasher(match algo {
            HashAlgo::Md5 => HasherState::Md5(Md5::new()),
            HashAlgo::Sha1 => HasherState::Sha1(Sha1::new()),
            HashAlgo::Sha256 => HasherState::Sha256(Sha256::new()),
            HashAlgo::Sha512 => HasherState::Sha512(Sha512::new()),
        })
    }

    /// The algorithm this hasher computes.
    pub fn algo(&self) -> HashAlgo {
        match self.0 {
            HasherState::Md5(_) => HashAlgo::Md5,
            HasherState::Sha1(_) => HashAlgo::Sha1,
            HasherState::Sha256(_) => HashAlgo::Sha256,
            HasherState::Sha512(_) => HashAlgo::Sha512,
        }
    }

    /// Feeds more data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            HasherState::Md5(h) => h.update(data),
            HasherState::Sha1(h) => h.update(data),
            HasherState::Sha256(h) => h.update(data),
            HasherState::Sha512(h) => h.update(data),
        }
    }

    /// The hash of everything fed so far.
    pub fn finish(self) -> Hash {
        let algo = self.algo();
        let bytes = match self.0 {
            HasherState::Md5(h) => h.finalize().to_vec(),
            HasherState::Sha1(h) => h.finalize().to_vec(),
            HasherState::Sha256(h) => h.finalize().to_vec(),
            HasherState::Sha512(h) => h.finalize().to_vec(),
        };
        Hash { algo, bytes }
    }
}

impl io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A text rendering of a hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFormat {
    /// Lower-case hexadecimal.
    Base16,
    /// Nix's base-32 (see [`crate::base32`]).
    Nix32,
    /// Standard base-64 with padding.
    Base64,
    /// Subresource Integrity: `sha256-<base64>`; always carries the algorithm.
    Sri,
}

impl HashFormat {
    /// The format named as `builtins.convertHash`'s `toHashFormat` accepts
    /// it: `base16`, `nix32`, `base32` (a deprecated alias of `nix32`, on
    /// which C++ Nix warns), `base64` or `sri`.
    pub fn parse(name: &str) -> Result<HashFormat, HashError> {
        match name {
            "base16" => Ok(HashFormat::Base16),
            "nix32" | "base32" => Ok(HashFormat::Nix32),
            "base64" => Ok(HashFormat::Base64),
            "sri" => Ok(HashFormat::Sri),
            _ => Err(HashError::UnknownFormat(name.to_owned())),
        }
    }

    /// The canonical name (`nix32`, not the deprecated `base32`).
    pub fn name(self) -> &'static str {
        match self {
            HashFormat::Base16 => "base16",
            HashFormat::Nix32 => "nix32",
            HashFormat::Base64 => "base64",
            HashFormat::Sri => "sri",
        }
    }
}

/// A hash value tagged with its algorithm.
///
/// `bytes.len()` is `algo.size()` for every hash this crate makes; the
/// fields are public for convenience, so code building one by hand should
/// keep that invariant (use [`Hash::new`] to have it checked).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    /// The algorithm.
    pub algo: HashAlgo,
    /// The digest.
    pub bytes: Vec<u8>,
}

impl Hash {
    /// A hash from its digest, checking the digest's length.
    pub fn new(algo: HashAlgo, bytes: Vec<u8>) -> Option<Hash> {
        (bytes.len() == algo.size()).then_some(Hash { algo, bytes })
    }

    /// The all-zero hash of an algorithm (what Nix substitutes for an empty
    /// `outputHash`).
    pub fn zero(algo: HashAlgo) -> Hash {
        Hash {
            algo,
            bytes: vec![0; algo.size()],
        }
    }

    /// Hashes some bytes.
    pub fn of(algo: HashAlgo, data: &[u8]) -> Hash {
        algo.hash(data)
    }

    /// SHA-256 of some bytes, the hash store paths are built from.
    pub fn sha256(data: &[u8]) -> Hash {
        HashAlgo::Sha256.hash(data)
    }

    /// Lower-case hexadecimal, without the algorithm.
    pub fn to_base16(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(self.bytes.len() * 2);
        for b in &self.bytes {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }

    /// Nix base-32, without the algorithm.
    pub fn to_nix32(&self) -> String {
        base32::encode(&self.bytes)
    }

    /// Padded base-64, without the algorithm.
    pub fn to_base64(&self) -> String {
        base64_encode(&self.bytes)
    }

    /// SRI form, `sha256-<base64>`.
    pub fn to_sri(&self) -> String {
        format!("{}-{}", self.algo, self.to_base64())
    }

    /// The hash in a format; with `with_algo`, non-SRI formats get an
    /// `algo:` prefix (`sha256:0abc...`), as Nix's `to_string(format, true)`.
    /// SRI always names its algorithm.
    pub fn to_string_as(&self, format: HashFormat, with_algo: bool) -> String {
        let body = match format {
            HashFormat::Base16 => self.to_base16(),
            HashFormat::Nix32 => self.to_nix32(),
            HashFormat::Base64 => self.to_base64(),
            HashFormat::Sri => return self.to_sri(),
        };
        if with_algo {
            format!("{}:{}", self.algo, body)
        } else {
            body
        }
    }

    /// Parses a hash the way C++ Nix's `Hash::parseAny` does, which is what
    /// `builtins.convertHash` and a derivation's `outputHash` use.
    ///
    /// The string may be prefixed (`sha256:<hash>`), SRI (`sha256-<base64>`)
    /// or bare; a bare hash needs `algo` and is recognised as base-16,
    /// Nix base-32 or base-64 by its length. When both the string and `algo`
    /// name an algorithm they must agree.
    pub fn parse_any(s: &str, algo: Option<HashAlgo>) -> Result<Hash, HashError> {
        let (prefix_algo, sri, rest) = split_algo(s)?;
        let algo = match (prefix_algo, algo) {
            (None, None) => return Err(HashError::NoAlgo(rest.to_owned())),
            (Some(p), Some(a)) if p != a => {
                return Err(HashError::WrongAlgo {
                    hash: s.to_owned(),
                    expected: a,
                })
            }
            (Some(a), _) | (None, Some(a)) => a,
        };
        Hash::parse_body(rest, algo, sri)
    }

    /// Parses a hash that must name its algorithm itself (`sha256:...` or
    /// SRI), as C++ Nix's `Hash::parseAnyPrefixed`.
    pub fn parse_any_prefixed(s: &str) -> Result<Hash, HashError> {
        let (prefix_algo, sri, rest) = split_algo(s)?;
        match prefix_algo {
            Some(algo) => Hash::parse_body(rest, algo, sri),
            None => Err(HashError::NoAlgoPrefixed(rest.to_owned())),
        }
    }

    /// Parses an SRI hash (`sha256-<base64>`), as C++ Nix's `Hash::parseSRI`.
    pub fn parse_sri(s: &str) -> Result<Hash, HashError> {
        match s.split_once('-') {
            Some((algo, rest)) => Hash::parse_body(rest, HashAlgo::parse(algo)?, true),
            None => Err(HashError::NotSri(s.to_owned())),
        }
    }

    /// Parses a bare base-16, Nix base-32 or base-64 hash of a known
    /// algorithm, as C++ Nix's `Hash::parseNonSRIUnprefixed`.
    pub fn parse_non_sri_unprefixed(s: &str, algo: HashAlgo) -> Result<Hash, HashError> {
        Hash::parse_body(s, algo, false)
    }

    /// Like [`Hash::parse_any`], but an empty string stands for the zero
    /// hash of `algo`, as C++ Nix's `newHashAllowEmpty` (used for
    /// `outputHash` and fetchers). The flag says whether that happened:
    /// C++ Nix then warns ``found empty hash, assuming '<SRI>'``.
    pub fn parse_allow_empty(s: &str, algo: Option<HashAlgo>) -> Result<(Hash, bool), HashError> {
        if s.is_empty() {
            match algo {
                Some(a) => Ok((Hash::zero(a), true)),
                None => Err(HashError::EmptyNoAlgo),
            }
        } else {
            Hash::parse_any(s, algo).map(|h| (h, false))
        }
    }

    /// The digest from the text after any algorithm prefix. Non-SRI text is
    /// told apart by its length alone, so e.g. a 40-character string for
    /// SHA-1 is always base-16.
    fn parse_body(rest: &str, algo: HashAlgo, sri: bool) -> Result<Hash, HashError> {
        let size = algo.size();
        let bytes = if !sri && rest.len() == size * 2 {
            decode_base16(rest).ok_or_else(|| HashError::InvalidBase16(rest.to_owned()))?
        } else if !sri && rest.len() == base32::encoded_len(size) {
            base32::decode(rest).map_err(|_| HashError::InvalidBase32(rest.to_owned()))?
        } else if sri || rest.len() == base64_encoded_len(size) {
            match base64_decode(rest) {
                Some(d) if d.len() == size => d,
                _ if sri => return Err(HashError::InvalidSri(rest.to_owned())),
                _ => return Err(HashError::InvalidBase64(rest.to_owned())),
            }
        } else {
            return Err(HashError::WrongLength {
                hash: rest.to_owned(),
                algo,
            });
        };
        Ok(Hash { algo, bytes })
    }
}

impl fmt::Display for Hash {
    /// The SRI form, Nix's default rendering.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sri())
    }
}

/// Splits an `algo:` or `algo-` (SRI) prefix off a hash string: the
/// algorithm if there was a prefix, whether it was SRI, and the rest. A
/// colon anywhere takes precedence over a dash, as in C++ Nix.
fn split_algo(s: &str) -> Result<(Option<HashAlgo>, bool, &str), HashError> {
    if let Some((algo, rest)) = s.split_once(':') {
        return Ok((Some(HashAlgo::parse(algo)?), false, rest));
    }
    if let Some((algo, rest)) = s.split_once('-') {
        return Ok((Some(HashAlgo::parse(algo)?), true, rest));
    }
    Ok((None, false, s))
}

/// Why a hash (or an algorithm or format name) could not be parsed. The
/// `Display` text is C++ Nix's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashError {
    /// Not one of the four algorithm names (a usage error in C++ Nix).
    UnknownAlgo(String),
    /// Not a known hash format name (a usage error in C++ Nix).
    UnknownFormat(String),
    /// A bare hash without an algorithm from context.
    NoAlgo(String),
    /// A hash required to be prefixed was not.
    NoAlgoPrefixed(String),
    /// The string names a different algorithm than the context.
    WrongAlgo {
        /// The whole hash string.
        hash: String,
        /// The algorithm the context requires.
        expected: HashAlgo,
    },
    /// The length fits no encoding of the algorithm.
    WrongLength {
        /// The hash text (without prefix).
        hash: String,
        /// The algorithm.
        algo: HashAlgo,
    },
    /// Base-16-length text with a non-hex character.
    InvalidBase16(String),
    /// Base-32-length text that is not valid Nix base-32.
    InvalidBase32(String),
    /// Base-64-length text that does not decode to a digest.
    InvalidBase64(String),
    /// The base-64 part of an SRI hash does not decode to a digest.
    InvalidSri(String),
    /// [`Hash::parse_sri`] on a string without a dash.
    NotSri(String),
    /// An empty hash without an algorithm to make a zero hash of.
    EmptyNoAlgo,
}

impl HashError {
    /// Whether C++ Nix reports this as a usage error (whose CLI output adds
    /// a "Try '... --help'" line): the unknown algorithm or format names.
    pub fn is_usage_error(&self) -> bool {
        matches!(self, HashError::UnknownAlgo(_) | HashError::UnknownFormat(_))
    }
}

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashError::UnknownAlgo(a) => write!(
                f,
                "unknown hash algorithm '{a}', expect 'md5', 'sha1', 'sha256', or 'sha512'"
            ),
            HashError::UnknownFormat(s) => write!(
                f,
                "unknown hash format '{s}', expect 'base16', 'base32', 'base64', or 'sri'"
            ),
            HashError::NoAlgo(h) => write!(
                f,
                "hash '{h}' does not include a type, nor is the type otherwise known from context"
            ),
            HashError::NoAlgoPrefixed(h) => write!(f, "hash '{h}' does not include a type"),
            HashError::WrongAlgo { hash, expected } => {
                write!(f, "hash '{hash}' should have type '{expected}'")
            }
            HashError::WrongLength { hash, algo } => {
                write!(f, "hash '{hash}' has wrong length for hash algorithm '{algo}'")
            }
            HashError::InvalidBase16(h) => write!(f, "invalid base-16 hash '{h}'"),
            HashError::InvalidBase32(h) => write!(f, "invalid base-32 hash '{h}'"),
            HashError::InvalidBase64(h) => write!(f, "invalid base-64 hash '{h}'"),
            HashError::InvalidSri(h) => write!(f, "invalid SRI hash '{h}'"),
            HashError::NotSri(h) => write!(f, "hash '{h}' is not SRI"),
            HashError::EmptyNoAlgo => f.write_str("empty hash requires explicit hash algorithm"),
        }
    }
}

impl std::error::Error for HashError {}

/// Hexadecimal in either case, or `None`.
fn decode_base16(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        (c as char).to_digit(16).map(|d| d as u8)
    }
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2).map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?)).collect()
}

const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Length of padded base-64 for `len` bytes.
fn base64_encoded_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Standard padded base-64.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(base64_encoded_len(data.len()));
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64_ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base-64 decoding with C++ Nix's leniency: stops at the first `=`, skips
/// newlines, drops trailing bits that do not make a whole byte, and
/// rejects any other byte outside the alphabet (`None`).
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s.as_bytes() {
        if c == b'=' {
            break;
        }
        if c == b'\n' {
            continue;
        }
        let digit = BASE64_ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6 | digit) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for len in 0..10 {
            let data: Vec<u8> = (0..len).map(|i| (i * 77 + 5) as u8).collect();
            let enc = base64_encode(&data);
            assert_eq!(base64_decode(&enc).unwrap(), data);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode("Zm9v\nYg").unwrap(), b"foob");
        assert_eq!(base64_decode("Zm9v!"), None);
    }
}
