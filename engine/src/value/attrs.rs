//! Attribute sets: vectors of `(name, value)` sorted by name, with `//` of a
//! few names over a large set stored as a thin layer.
//!
//! Sorted vectors keep lookups at `O(log n)` and iteration in Nix's printing
//! order. A plain `//` copies both sides, which makes a chain of `n` small
//! overlays (`prev // { ... }`, the nixpkgs fixpoint) cost `O(n²)` time and
//! memory. So when the right side is much smaller than the left, the result
//! keeps only the new entries and points at the set below; a lookup tries
//! each layer top down. Chains are flattened every [`MAX_LAYERS`] layers,
//! which bounds lookups at that many binary searches and divides the copying
//! by the same factor.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use super::Value;
use crate::source::Span;
use crate::symbol::{Probe, Symbol};

/// Definition positions of a set literal's attributes, sorted by name.
pub type PosTable = Rc<[(Symbol, Span)]>;

/// How many sets a layered chain may stack before `//` flattens it.
const MAX_LAYERS: u32 = 8;

/// The position tables of the literals a set was built from, the one that
/// wins (the right operand of `//`) on top. Layering keeps `//` O(1) in
/// extra memory; a lookup walks the layers.
struct PosLayer {
    table: PosTable,
    below: Option<Rc<PosLayer>>,
}

/// The positions of one set literal's attributes, made once when the
/// literal is lowered and shared by every set it evaluates to (a literal
/// evaluated a million times allocates no position data).
#[derive(Clone)]
pub struct Positions(Rc<PosLayer>);

impl Positions {
    /// Positions from a table sorted by name.
    pub fn new(table: PosTable) -> Positions {
        Positions(Rc::new(PosLayer { table, below: None }))
    }

    /// The table, sorted by name.
    pub fn table(&self) -> &PosTable {
        &self.0.table
    }
}

/// What a layered set adds to its entries.
#[derive(Clone)]
struct Layered {
    /// The set this one was layered over by `//`.
    below: Rc<Attrs>,
    /// The number of layers in `below`'s chain, plus one.
    layers: u32,
    /// The number of distinct names in all layers.
    len: usize,
}

/// An attribute set's contents.
#[derive(Clone, Default)]
pub struct Attrs {
    /// This layer's attributes, sorted by name; they shadow `below`'s.
    entries: Vec<(Symbol, Value)>,
    /// For a layer made by `//`: the set below. Boxed, since few sets are
    /// layered and every set would otherwise carry these three words.
    layered: Option<Box<Layered>>,
    /// Where attributes were defined, for `unsafeGetAttrPos`; only sets that
    /// come from literals (and `//` of those) have them.
    positions: Option<Rc<PosLayer>>,
}

// With its reference counts, a set is a 56-byte allocation (plus its
// entries).
const _: () = assert!(std::mem::size_of::<Attrs>() == 40);

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
        Attrs::from_sorted(entries)
    }

    /// Builds a set from entries already sorted by name without duplicates.
    pub fn from_sorted(entries: Vec<(Symbol, Value)>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        Attrs {
            entries,
            layered: None,
            positions: None,
        }
    }

    /// A set from sorted, distinct entries and the positions of the
    /// literal they come from.
    pub fn from_sorted_with_positions(entries: Vec<(Symbol, Value)>, positions: &Positions) -> Attrs {
        let mut a = Attrs::from_sorted(entries);
        a.positions = Some(positions.0.clone());
        a
    }

    /// Where an attribute was defined, if known.
    pub fn position(&self, name: &str) -> Option<Span> {
        self.get(name)?;
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
        match &self.layered {
            None => self.entries.len(),
            Some(l) => l.len,
        }
    }

    /// The set below this layer, if it is one.
    #[inline]
    fn below(&self) -> Option<&Attrs> {
        self.layered.as_deref().map(|l| &*l.below)
    }

    /// The number of layers below this one.
    fn depth(&self) -> u32 {
        self.layered.as_ref().map_or(0, |l| l.layers)
    }

    /// Whether it has no attribute.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The layers from the top one down.
    fn layers(&self) -> impl Iterator<Item = &Attrs> {
        std::iter::successors(Some(self), |a| a.below())
    }

    /// The value of an attribute, by name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.lookup(Probe::new(name))
    }

    /// The value of an attribute, by interned name. A small flat set, the
    /// common case, is scanned where the lookup is made (pointer
    /// comparisons, no call); the rest is out of line.
    #[inline(always)]
    pub fn get_sym(&self, name: Symbol) -> Option<&Value> {
        if self.layered.is_none() && self.entries.len() <= LINEAR_SEARCH_MAX {
            return self.entries.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        }
        self.get_sym_searched(name)
    }

    /// [`Self::get_sym`] through the layers, by binary search in large ones.
    #[inline(never)]
    fn get_sym_searched(&self, name: Symbol) -> Option<&Value> {
        let mut layer = self;
        loop {
            if let Some(i) = search_sym(&layer.entries, name) {
                return Some(&layer.entries[i].1);
            }
            layer = layer.below()?;
        }
    }

    fn lookup(&self, probe: Probe) -> Option<&Value> {
        self.layers().find_map(|layer| {
            let i = search(&layer.entries, probe).ok()?;
            Some(&layer.entries[i].1)
        })
    }

    /// Whether the attribute exists.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Merges the layers into this one, so that it can be edited in place.
    fn flatten(&mut self) {
        if self.layered.is_some() {
            self.entries = self.flat_entries().into_owned();
            self.layered = None;
        }
    }

    /// The flat set at the bottom of the chain, and the entries of the
    /// layers above it merged into one sorted vector (upper ones winning).
    fn split_base(&self) -> (&Attrs, Vec<(Symbol, Value)>) {
        let mut top: Vec<(Symbol, Value)> = Vec::new();
        let mut layer = self;
        while let Some(below) = layer.below() {
            top = if top.is_empty() {
                layer.entries.clone()
            } else {
                merge(&layer.entries, &top)
            };
            layer = below;
        }
        (layer, top)
    }

    /// All attributes as one sorted slice, merging the layers if there are.
    fn flat_entries(&self) -> Cow<'_, [(Symbol, Value)]> {
        if self.layered.is_none() {
            return Cow::Borrowed(&self.entries);
        }
        let (base, top) = self.split_base();
        Cow::Owned(splice(&base.entries, &top, true))
    }

    /// Inserts or replaces an attribute.
    pub fn insert(&mut self, name: Symbol, value: Value) {
        self.flatten();
        match search(&self.entries, name.probe()) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => {
                self.entries.insert(i, (name, value));
            }
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.flatten();
        let i = search(&self.entries, Probe::new(name)).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The set without the attributes named in `names` (`removeAttrs`):
    /// each name is found by binary search and the rest copied once, so
    /// removing `m` names from `n` costs O(m log n + n), not O(m n).
    /// `None` when no name is present (the set is unchanged).
    pub fn without<'a>(&self, names: impl Iterator<Item = &'a str>) -> Option<Attrs> {
        let entries = self.flat_entries();
        let mut gone = vec![false; entries.len()];
        let mut removed = 0;
        for name in names {
            if let Ok(i) = search(&entries, Probe::new(name)) {
                removed += !gone[i] as usize;
                gone[i] = true;
            }
        }
        if removed == 0 {
            return None;
        }
        let kept = entries
            .iter()
            .zip(&gone)
            .filter(|(_, &gone)| !gone)
            .map(|(e, _)| e.clone())
            .collect();
        let mut out = Attrs::from_sorted(kept);
        out.positions = self.positions.clone();
        Some(out)
    }

    /// Attributes in name order.
    pub fn iter(&self) -> Iter<'_> {
        let layers = if self.layered.is_none() {
            Layers::Flat(self.entries.iter())
        } else {
            Layers::Stacked(self.layers().map(|l| l.entries.as_slice()).collect())
        };
        Iter {
            layers,
            remaining: self.len(),
        }
    }

    /// Names in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = Symbol> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// Values in name order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// The attributes, sorted by name.
    pub fn into_entries(mut self) -> Vec<(Symbol, Value)> {
        self.flatten();
        self.entries
    }

    /// `self // other`: the attributes of both, `other`'s winning.
    pub fn update(self: &Rc<Self>, other: &Attrs) -> Attrs {
        let positions = stack_positions(&self.positions, &other.positions);
        if other.len() * 8 <= self.len() && self.depth() < MAX_LAYERS {
            // A few names over many: a layer over `self`.
            let entries = other.flat_entries().into_owned();
            let added = entries.iter().filter(|(k, _)| self.get_sym(*k).is_none()).count();
            return Attrs {
                entries,
                layered: Some(Box::new(Layered {
                    below: self.clone(),
                    layers: self.depth() + 1,
                    len: self.len() + added,
                })),
                positions,
            };
        }
        let entries = if other.len() * 8 <= self.len() {
            // The chain is as tall as it may be: flatten it, splicing the
            // few names of every layer into the base.
            let (base, top) = self.split_base();
            splice(&base.entries, &merge(&top, &other.flat_entries()), true)
        } else {
            let (a, b) = (self.flat_entries(), other.flat_entries());
            if a.len() * 8 <= b.len() {
                splice(&b, &a, false)
            } else {
                merge(&a, &b)
            }
        };
        let mut merged = Attrs::from_sorted(entries);
        merged.positions = positions;
        merged
    }
}

/// Sets at most this long are searched by a linear scan for an interned
/// name: comparing symbols for identity is one pointer comparison, cheaper
/// than the ordering of a binary search, which reads each probed symbol's
/// key through its pointer.
const LINEAR_SEARCH_MAX: usize = 8;

/// Finds an interned name in sorted entries.
#[inline]
fn search_sym(entries: &[(Symbol, Value)], name: Symbol) -> Option<usize> {
    if entries.len() <= LINEAR_SEARCH_MAX {
        for (i, (k, _)) in entries.iter().enumerate() {
            if *k == name {
                return Some(i);
            }
        }
        return None;
    }
    let probe = name.probe();
    entries
        .binary_search_by(|(k, _)| {
            if *k == name {
                Ordering::Equal
            } else {
                probe.cmp_symbol(*k)
            }
        })
        .ok()
}

/// Finds a name in sorted entries.
fn search(entries: &[(Symbol, Value)], probe: Probe) -> Result<usize, usize> {
    entries.binary_search_by(|(k, _)| probe.cmp_symbol(*k))
}

/// `a // b` for sets of similar sizes: one linear merge.
fn merge(a: &[(Symbol, Value)], b: &[(Symbol, Value)]) -> Vec<(Symbol, Value)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => {
                out.push(a[i].clone());
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j].clone());
                j += 1;
            }
            Ordering::Equal => {
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
/// O(small * log big) times instead of O(big). On equal names the entry of
/// `small` wins when `small_wins`.
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

/// An iterator over a set's attributes in name order.
pub struct Iter<'a> {
    layers: Layers<'a>,
    remaining: usize,
}

enum Layers<'a> {
    Flat(std::slice::Iter<'a, (Symbol, Value)>),
    /// The unvisited rest of each layer, the top one first.
    Stacked(smallvec::SmallVec<[&'a [(Symbol, Value)]; 9]>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (Symbol, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        let item = match &mut self.layers {
            Layers::Flat(it) => it.next().map(|(k, v)| (*k, v)),
            Layers::Stacked(rests) => {
                // The smallest name at the head of any layer; on a tie the
                // upper layer's value wins, and every layer moves past it.
                let mut best: Option<(Symbol, &'a Value)> = None;
                for rest in rests.iter() {
                    if let Some((k, v)) = rest.first() {
                        if best.is_none_or(|(b, _)| k.cmp(&b) == Ordering::Less) {
                            best = Some((*k, v));
                        }
                    }
                }
                let (name, _) = best?;
                for rest in rests.iter_mut() {
                    if rest.first().is_some_and(|(k, _)| *k == name) {
                        *rest = &rest[1..];
                    }
                }
                best
            }
        };
        if item.is_some() {
            self.remaining -= 1;
        }
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Iter<'_> {}

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
