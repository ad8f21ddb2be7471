//! Attribute sets: a vector of `(name, value)` sorted by name.
//!
//! Sorted vectors keep lookups at `O(log n)`, iteration in Nix's printing
//! order for free, and `//` a linear merge.

use std::rc::Rc;

use super::Value;
use crate::source::Span;
use crate::symbol::Symbol;

/// Definition positions of a set literal's attributes, sorted by name.
pub type PosTable = Rc<[(Symbol, Span)]>;

/// The position tables of the literals a set was built from, the one that
/// wins (the right operand of `//`) on top. Layering keeps `//` O(1) in
/// extra memory; a lookup walks the layers.
struct PosLayer {
    table: PosTable,
    below: Option<Rc<PosLayer>>,
}

/// An attribute set's contents.
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<(Symbol, Value)>,
    /// Where attributes were defined, for `unsafeGetAttrPos`; only sets that
    /// come from literals (and `//` of those) have them.
    positions: Option<Rc<PosLayer>>,
}

impl Attrs {
    /// The empty set.
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// Builds a set from entries in any order; a later duplicate wins.
    pub fn from_unsorted(mut entries: Vec<(Symbol, Value)>) -> Attrs {
        entries.reverse();
        entries.sort_by_key(|a| a.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        Attrs {
            entries,
            positions: None,
        }
    }

    /// Builds a set from entries already sorted by name without duplicates.
    pub fn from_sorted(entries: Vec<(Symbol, Value)>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        Attrs {
            entries,
            positions: None,
        }
    }

    /// A set from sorted, distinct entries and the position table of the
    /// literal they come from.
    pub fn from_sorted_with_positions(entries: Vec<(Symbol, Value)>, positions: PosTable) -> Attrs {
        let mut a = Attrs::from_sorted(entries);
        a.positions = Some(Rc::new(PosLayer {
            table: positions,
            below: None,
        }));
        a
    }

    /// Where an attribute was defined, if known.
    pub fn position(&self, name: &str) -> Option<Span> {
        self.position_of(name).ok()?;
        let mut layer = self.positions.as_deref();
        while let Some(l) = layer {
            if let Ok(i) = l
                .table
                .binary_search_by(|(k, _)| k.as_str().as_bytes().cmp(name.as_bytes()))
            {
                return Some(l.table[i].1);
            }
            layer = l.below.as_deref();
        }
        None
    }

    /// The number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no attribute.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position_of(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().as_bytes().cmp(name.as_bytes()))
    }

    /// The value of an attribute, by name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position_of(name).ok().map(|i| &self.entries[i].1)
    }

    /// The value of an attribute, by interned name.
    pub fn get_sym(&self, name: Symbol) -> Option<&Value> {
        self.get(name.as_str())
    }

    /// Whether the attribute exists.
    pub fn contains(&self, name: &str) -> bool {
        self.position_of(name).is_ok()
    }

    /// Inserts or replaces an attribute.
    pub fn insert(&mut self, name: Symbol, value: Value) {
        match self.position_of(name.as_str()) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (name, value)),
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.position_of(name).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// Attributes in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Symbol, &Value)> + '_ {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    /// Names in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = Symbol> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    /// Values in name order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The attributes, sorted by name.
    pub fn into_entries(self) -> Vec<(Symbol, Value)> {
        self.entries
    }

    /// `self // other`: a linear merge where `other` wins.
    pub fn update(&self, other: &Attrs) -> Attrs {
        let (a, b) = (&self.entries, &other.entries);
        let entries = if b.len() * 8 <= a.len() {
            splice(a, b, true)
        } else if a.len() * 8 <= b.len() {
            splice(b, a, false)
        } else {
            merge(a, b)
        };
        Attrs {
            entries,
            positions: stack_positions(&self.positions, &other.positions),
        }
    }
}

/// `a // b` for sets of similar sizes: one linear merge.
fn merge(a: &[(Symbol, Value)], b: &[(Symbol, Value)]) -> Vec<(Symbol, Value)> {
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
    out
}

/// `//` where one side is much smaller (an overlay's few attributes over a
/// large set): each name of `small` is found in `big` by binary search and
/// the runs of `big` between them are copied whole, so names are compared
/// O(small * log big) times instead of O(big) (the 3,000-layer overlay
/// benchmark spent most of its time comparing names). On equal names the
/// entry of `small` wins when `small_wins`.
fn splice(big: &[(Symbol, Value)], small: &[(Symbol, Value)], small_wins: bool) -> Vec<(Symbol, Value)> {
    let mut out = Vec::with_capacity(big.len() + small.len());
    let mut start = 0;
    for entry in small {
        match big[start..].binary_search_by(|(name, _)| name.cmp(&entry.0)) {
            Ok(i) => {
                out.extend_from_slice(&big[start..start + i]);
                out.push(if small_wins {
                    entry.clone()
                } else {
                    big[start + i].clone()
                });
                start += i + 1;
            }
            Err(i) => {
                out.extend_from_slice(&big[start..start + i]);
                out.push(entry.clone());
                start += i;
            }
        }
    }
    out.extend_from_slice(&big[start..]);
    out
}

/// The layers of `top` placed over those of `bottom`.
fn stack_positions(bottom: &Option<Rc<PosLayer>>, top: &Option<Rc<PosLayer>>) -> Option<Rc<PosLayer>> {
    let Some(top) = top else { return bottom.clone() };
    if bottom.is_none() {
        return Some(top.clone());
    }
    let mut tables = Vec::new();
    let mut layer = Some(top);
    while let Some(l) = layer {
        tables.push(l.table.clone());
        layer = l.below.as_ref();
    }
    let mut stacked = bottom.clone();
    for table in tables.into_iter().rev() {
        stacked = Some(Rc::new(PosLayer { table, below: stacked }));
    }
    stacked
}

impl FromIterator<(Symbol, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (Symbol, Value)>>(iter: I) -> Self {
        Attrs::from_unsorted(iter.into_iter().collect())
    }
}
