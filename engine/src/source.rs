//! Source files and spans.
//!
//! Every parsed text is registered in a [`SourceMap`] so that errors raised
//! long after lowering can still point into it. A [`Span`] is a file id plus a
//! byte range, small enough to sit on every IR node.

use std::cell::OnceCell;
use std::rc::Rc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset after the last byte.
    pub end: u32,
}

/// What the code of a file may read (see [`crate::eval::gate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Realm {
    /// Anything the IO allows: plain Nix.
    Open,
    /// Whatever the code that called it may: library code that works on
    /// its callers' data (the engine's own Nix, an embedded library).
    Inherit,
    /// Only what the gate registered under this id allows.
    Gated(u32),
}

/// One registered source text.
#[derive(Debug)]
pub struct SourceFile {
    /// What errors call the file: a path, or `«string»` for `-E` input.
    pub name: String,
    /// The source text.
    pub text: Rc<str>,
    /// What its code may read.
    pub realm: Realm,
    /// Whether position values (`__curPos`, `unsafeGetAttrPos`) name the
    /// file's lone copy in the store instead of its path, as code evaluated
    /// from such a copy sees them.
    pub positions_in_store: bool,
    /// The store path positions name, once worked out.
    pub(crate) store_name: std::cell::OnceCell<String>,
    /// Where its lines start, built on the first position asked for.
    lines: OnceCell<LineIndex>,
}

/// Where a source text comes from: what its code may read, and how
/// position values name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// What its code may read.
    pub realm: Realm,
    /// See [`SourceFile::positions_in_store`].
    pub positions_in_store: bool,
}

impl Origin {
    /// Plain code: open, positions naming the file.
    pub const PLAIN: Origin = Origin {
        realm: Realm::Open,
        positions_in_store: false,
    };

    /// Code in `realm`, positions naming the file.
    pub fn realm(realm: Realm) -> Origin {
        Origin {
            realm,
            positions_in_store: false,
        }
    }
}

/// Every source text seen by an evaluation.
#[derive(Default, Debug)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Trace lines for errors that happen inside a file, by file name (see
    /// [`SourceMap::set_context`]).
    contexts: rustc_hash::FxHashMap<String, String>,
}

impl SourceMap {
    /// Registers a source text under a name (a path, or `«string»`), its
    /// code in the [`Realm::Open`].
    pub fn add(&mut self, name: String, text: Rc<str>) -> FileId {
        self.add_in(name, text, Origin::PLAIN)
    }

    /// Registers a source text of the given origin.
    pub fn add_in(&mut self, name: String, text: Rc<str>, origin: Origin) -> FileId {
        self.files.push(SourceFile {
            name,
            text,
            realm: origin.realm,
            positions_in_store: origin.positions_in_store,
            store_name: std::cell::OnceCell::new(),
            lines: OnceCell::new(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The realm of a file's code.
    #[inline]
    pub fn realm(&self, id: FileId) -> Realm {
        self.files[id.0 as usize].realm
    }

    /// A registered source.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Says what code in the file `name` is, for errors: every error whose
    /// innermost position lies in that file carries `context` as its
    /// innermost trace line, however late it surfaces. The atom plugin
    /// names each member file this way (`in LABEL-VERSION at a.b.c`).
    pub fn set_context(&mut self, name: &str, context: String) {
        self.contexts.insert(name.to_owned(), context);
    }

    /// The context given to a file's errors, if any.
    pub fn context(&self, id: FileId) -> Option<&str> {
        self.contexts.get(&self.get(id).name).map(String::as_str)
    }

    /// 1-based line and column of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let file = self.get(span.file);
        file.lines
            .get_or_init(|| LineIndex::new(&file.text))
            .line_col(span.start as usize)
    }
}

/// 1-based line and column of a byte offset, as C++ Nix reports them.
/// Scans the text: for many positions in one text use a [`LineIndex`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(offset)
}

/// The byte offsets at which a text's lines start, so that a position is
/// found by binary search instead of counting newlines from the start of
/// the file (which made positions quadratic in the file's size: lowering
/// records one per lambda).
#[derive(Debug)]
pub struct LineIndex {
    /// Offset of each line's first byte; the first is 0.
    starts: Box<[u32]>,
    /// The text's length, where offsets past the end are clamped.
    len: usize,
}

impl LineIndex {
    /// The index of `text`'s lines.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line and byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len) as u32;
        // The last line starting at or before the offset.
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, (offset - self.starts[line - 1]) as usize + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index agrees with counting newlines, at every offset.
    #[test]
    fn line_index_matches_counting() {
        for text in ["", "a", "\n", "ab\ncd\n\nef", "\n\nx\n", "é\nü"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let upto = &text.as_bytes()[..offset.min(text.len())];
                let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
                let col = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                assert_eq!(index.line_col(offset), (line, col), "{text:?} at {offset}");
            }
        }
    }
}
