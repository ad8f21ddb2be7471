//! Attribute sets: a vector of `(name, value)` sorted by name.
//!
//! Sorted vectors keep lookups at `O(log n)`, iteration in Nix's printing
//! order for free, and `//` a linear merge.

use std::rc::Rc;

use super::Value;
use crate::source::Span;
use crate::symbol::Symbol;

/// An attribute set's contents.
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<(Symbol, Value)>,
    /// Where each attribute was defined, aligned with `entries`; only sets
    /// that come from literals (and `//` of those) have them. They are
    /// kept apart so that most sets pay one `None` for them, and a literal's
    /// table is shared by every set made from it.
    positions: Option<Rc<[Option<Span>]>>,
}

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// Builds a set from entries in any order; a later duplicate wins.
    pub fn from_unsorted(mut entries: Vec<(Symbol, Value)>) -> Attrs {
        entries.reverse();
        entries.sort_by_key(|a| a.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        Attrs { entries, positions: None }
    }

    /// Builds a set from entries already sorted by name without duplicates.
    pub fn from_sorted(entries: Vec<(Symbol, Value)>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        Attrs { entries, positions: None }
    }

    /// [`Attrs::from_sorted`] with the definition position of each entry.
    pub fn from_sorted_with_positions(entries: Vec<(Symbol, Value)>, positions: Rc<[Option<Span>]>) -> Attrs {
        debug_assert_eq!(entries.len(), positions.len());
        let mut a = Attrs::from_sorted(entries);
        a.positions = Some(positions);
        a
    }

    /// Where an attribute was defined, if known.
    pub fn position(&self, name: &str) -> Option<Span> {
        let i = self.position_of(name).ok()?;
        self.positions.as_ref().and_then(|p| p.get(i).copied().flatten())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position_of(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().as_bytes().cmp(name.as_bytes()))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position_of(name).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_sym(&self, name: Symbol) -> Option<&Value> {
        self.get(name.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.position_of(name).is_ok()
    }

    /// Inserts or replaces an attribute.
    pub fn insert(&mut self, name: Symbol, value: Value) {
        match self.position_of(name.as_str()) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => {
                self.entries.insert(i, (name, value));
                if let Some(p) = &mut self.positions {
                    let mut v = p.to_vec();
                    v.insert(i, None);
                    *p = v.into();
                }
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.position_of(name).ok()?;
        if let Some(p) = &mut self.positions {
            let mut v = p.to_vec();
            v.remove(i);
            *p = v.into();
        }
        Some(self.entries.remove(i).1)
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
        let track = self.positions.is_some() || other.positions.is_some();
        let pos = |attrs: &Attrs, i: usize| attrs.positions.as_ref().and_then(|p| p[i]);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let mut positions = Vec::with_capacity(if track { a.len() + b.len() } else { 0 });
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i].clone());
                    if track {
                        positions.push(pos(self, i));
                    }
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j].clone());
                    if track {
                        positions.push(pos(other, j));
                    }
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(b[j].clone());
                    if track {
                        positions.push(pos(other, j));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        if track {
            positions.extend((i..a.len()).map(|k| pos(self, k)));
            positions.extend((j..b.len()).map(|k| pos(other, k)));
        }
        Attrs { entries: out, positions: track.then(|| positions.into()) }
    }
}

impl FromIterator<(Symbol, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (Symbol, Value)>>(iter: I) -> Self {
        Attrs::from_unsorted(iter.into_iter().collect())
    }
}
