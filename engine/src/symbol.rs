//! Interned identifiers.
//!
//! Attribute names and variables are interned once into a process-wide table
//! and never freed (like C++ Nix's symbol table), so a [`Symbol`] is a plain
//! `&'static str` whose identity is its address: equality is a pointer
//! comparison, while ordering follows the text, which is the order Nix uses
//! for attribute sets.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// An interned name.
#[derive(Clone, Copy)]
pub struct Symbol(&'static str);

fn table() -> &'static Mutex<HashSet<&'static str>> {
    static TABLE: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl Symbol {
    /// Interns `name`, returning the unique symbol for that text.
    pub fn new(name: &str) -> Symbol {
        let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = table.get(name) {
            return Symbol(s);
        }
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        table.insert(leaked);
        Symbol(leaked)
    }

    /// The text of the symbol.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0.as_ptr(), other.0.as_ptr())
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
            self.0.as_bytes().cmp(other.0.as_bytes())
        }
    }
}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0.as_ptr() as usize).hash(state)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Symbol {
        Symbol::new(s)
    }
}
