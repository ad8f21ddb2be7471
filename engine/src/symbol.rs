//! Interned identifiers.
//!
//! Attribute names and variables are interned once into a process-wide table
//! and never freed (like C++ Nix's symbol table), so a [`Symbol`] is a thin
//! pointer to the interned text: one word in every attribute of every set.
//! Equality is a pointer comparison; ordering follows the text, which is the
//! order Nix uses for attribute sets.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// An interned name.
#[derive(Clone, Copy)]
pub struct Symbol(&'static &'static str);

fn table() -> &'static Mutex<HashMap<&'static str, &'static &'static str>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, &'static &'static str>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl Symbol {
    /// Interns `name`, returning the unique symbol for that text.
    pub fn new(name: &str) -> Symbol {
        let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = table.get(name) {
            return Symbol(s);
        }
        let text: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let handle: &'static &'static str = Box::leak(Box::new(text));
        table.insert(text, handle);
        Symbol(handle)
    }

    /// The text of the symbol.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialEq for Symbol {
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
            self.as_str().as_bytes().cmp(other.as_str().as_bytes())
        }
    }
}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0 as *const &str as usize).hash(state)
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
