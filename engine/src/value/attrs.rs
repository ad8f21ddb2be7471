//! Attribute sets: a vector of `(name, value)` sorted by name.
//!
//! Sorted vectors keep lookups at `O(log n)`, iteration in Nix's printing
//! order for free, and `//` a linear merge.

use super::Value;
use crate::symbol::Symbol;

/// An attribute set's contents.
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<(Symbol, Value)>,
}

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// Builds a set from entries in any order; a later duplicate wins.
    pub fn from_unsorted(mut entries: Vec<(Symbol, Value)>) -> Attrs {
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Attrs { entries }
    }

    /// Builds a set from entries already sorted by name without duplicates.
    pub fn from_sorted(entries: Vec<(Symbol, Value)>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        Attrs { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().as_bytes().cmp(name.as_bytes()))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position(name).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_sym(&self, name: Symbol) -> Option<&Value> {
        self.get(name.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Inserts or replaces an attribute.
    pub fn insert(&mut self, name: Symbol, value: Value) {
        match self.position(name.as_str()) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (name, value)),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.position(name).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Symbol, &Value)> + '_ {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    pub fn names(&self) -> impl ExactSizeIterator<Item = Symbol> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn into_entries(self) -> Vec<(Symbol, Value)> {
        self.entries
    }

    /// `self // other`: a linear merge where `other` wins.
    pub fn update(&self, other: &Attrs) -> Attrs {
        let (a, b) = (&self.entries, &other.entries);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(b[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        Attrs { entries: out }
    }
}

impl FromIterator<(Symbol, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (Symbol, Value)>>(iter: I) -> Self {
        Attrs::from_unsorted(iter.into_iter().collect())
    }
}
