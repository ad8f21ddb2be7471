//! Interned identifiers.
//!
//! Attribute names and variables are interned once into a process-wide table
//! and never freed (like C++ Nix's symbol table), so a [`Symbol`] is a thin
//! pointer to the interned text: one word in every attribute of every set.
//! Equality is a pointer comparison; ordering follows the text, which is the
//! order Nix uses for attribute sets. Each symbol keeps its first eight bytes
//! as a big-endian integer, so that most comparisons in the binary searches
//! of attribute lookups are one integer comparison instead of a `memcmp`.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// An interned name.
#[derive(Clone, Copy)]
pub struct Symbol(&'static Interned);

/// The interned text and its ordering key.
struct Interned {
    key: u64,
    text: &'static str,
}

fn table() -> &'static Mutex<HashMap<&'static str, &'static Interned>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, &'static Interned>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The first eight bytes of `text` as a big-endian integer, zero-padded.
/// Keys order like the texts they come from, except that equal keys say
/// nothing (the texts may differ after the eighth byte, or in trailing NULs).
#[inline]
pub fn order_key(text: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text[..n]);
    u64::from_be_bytes(bytes)
}

/// A name to look up in sorted symbols, with its key computed once.
#[derive(Clone, Copy)]
pub struct Probe<'a> {
    key: u64,
    text: &'a [u8],
}

impl<'a> Probe<'a> {
    /// A probe for `text`.
    #[inline]
    pub fn new(text: &'a str) -> Probe<'a> {
        Probe {
            key: order_key(text.as_bytes()),
            text: text.as_bytes(),
        }
    }

    /// How `symbol` orders against the probed name.
    #[inline]
    pub fn cmp_symbol(&self, symbol: Symbol) -> std::cmp::Ordering {
        symbol
            .0
            .key
            .cmp(&self.key)
            .then_with(|| symbol.0.text.as_bytes().cmp(self.text))
    }
}

impl Symbol {
    /// Interns `name`, returning the unique symbol for that text.
    pub fn new(name: &str) -> Symbol {
        let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = table.get(name) {
            return Symbol(s);
        }
        let text: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let handle: &'static Interned = Box::leak(Box::new(Interned {
            key: order_key(text.as_bytes()),
            text,
        }));
        table.insert(text, handle);
        Symbol(handle)
    }

    /// The text of the symbol.
    #[inline]
    pub fn as_str(self) -> &'static str {
        self.0.text
    }

    /// A probe to look this symbol up by.
    #[inline]
    pub fn probe(self) -> Probe<'static> {
        Probe {
            key: self.0.key,
            text: self.0.text.as_bytes(),
        }
    }
}

impl PartialEq for Symbol {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}
impl Eq for Symbol {}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Symbol {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if self == other {
            std::cmp::Ordering::Equal
        } else {
            other.probe().cmp_symbol(*self)
        }
    }
}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0 as *const Interned as usize).hash(state)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Symbol {
        Symbol::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Symbols order exactly as their bytes, whatever the keys say.
    #[test]
    fn order_follows_the_text() {
        let names = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefgg~",
            "b",
            "\u{e9}",
            "Z",
            "zzzzzzzz",
            "zzzzzzzza",
            "_",
            "-",
            "1",
        ];
        for x in names {
            for y in names {
                let (sx, sy) = (Symbol::new(x), Symbol::new(y));
                assert_eq!(sx.cmp(&sy), x.as_bytes().cmp(y.as_bytes()), "{x:?} vs {y:?}");
                assert_eq!(
                    Probe::new(y).cmp_symbol(sx),
                    x.as_bytes().cmp(y.as_bytes()),
                    "{x:?} vs {y:?}"
                );
            }
        }
    }
}
