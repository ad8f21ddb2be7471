//! Nix strings: byte strings that carry a store-path context.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::symbol::Symbol;

/// One element of a string's context: a store path the string depends on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextElem {
    /// A plain store path (`"${./file}"`).
    Opaque(String),
    /// A derivation with all its outputs (`drvPath` strings).
    DrvDeep(String),
    /// One output of a derivation: `(drv path, output name)`.
    Built(String, String),
}

/// A set of context elements; empty for most strings.
pub type Context = BTreeSet<ContextElem>;

struct Inner {
    bytes: Box<[u8]>,
    /// Boxed because most strings have none: an empty `BTreeSet` would
    /// cost three words in every string.
    context: Option<Box<Context>>,
}

/// The context of strings without one.
static NO_CONTEXT: Context = Context::new();

/// An immutable, cheaply cloned Nix string.
#[derive(Clone)]
pub struct NixString(Rc<Inner>);

impl NixString {
    /// A string of bytes with a context.
    pub fn new(bytes: impl Into<Box<[u8]>>, context: Context) -> NixString {
        NixString(Rc::new(Inner {
            bytes: bytes.into(),
            context: (!context.is_empty()).then(|| Box::new(context)),
        }))
    }

    /// The bytes (Nix strings need not be UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0.bytes
    }

    /// The text, with invalid UTF-8 replaced; Nix itself is byte-oriented.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0.bytes)
    }

    /// The store paths the string refers to.
    pub fn context(&self) -> &Context {
        self.0.context.as_deref().unwrap_or(&NO_CONTEXT)
    }

    /// Whether the context is non-empty.
    pub fn has_context(&self) -> bool {
        self.0.context.is_some()
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.bytes.len()
    }

    /// Whether it has no byte.
    pub fn is_empty(&self) -> bool {
        self.0.bytes.is_empty()
    }

    /// The same bytes without context.
    pub fn without_context(&self) -> NixString {
        if self.has_context() {
            NixString::new(self.as_bytes(), Context::new())
        } else {
            self.clone()
        }
    }
}

thread_local! {
    /// The string value of each attribute name turned into one (see
    /// [`NixString::from_symbol`]).
    static SYMBOL_STRINGS: std::cell::RefCell<rustc_hash::FxHashMap<Symbol, NixString>> =
        Default::default();
}

impl NixString {
    /// The string value of an attribute name (`attrNames`, and the name
    /// `mapAttrs` and `zipAttrsWith` pass). Names are interned forever, so
    /// their strings are kept too: one string per name, shared by every
    /// set that has it, instead of a new one each time (the module system
    /// passes each option's name around many times).
    pub fn from_symbol(name: Symbol) -> NixString {
        SYMBOL_STRINGS.with(|cache| {
            cache
                .borrow_mut()
                .entry(name)
                .or_insert_with(|| NixString::from(name.as_str()))
                .clone()
        })
    }
}

impl From<&str> for NixString {
    fn from(s: &str) -> Self {
        NixString::new(s.as_bytes(), Context::new())
    }
}
impl From<String> for NixString {
    fn from(s: String) -> Self {
        NixString::new(s.into_bytes(), Context::new())
    }
}
impl From<Vec<u8>> for NixString {
    fn from(s: Vec<u8>) -> Self {
        NixString::new(s, Context::new())
    }
}
impl From<&[u8]> for NixString {
    fn from(s: &[u8]) -> Self {
        NixString::new(s, Context::new())
    }
}
