//! NAR ("Nix ARchive"), the canonical serialisation of a file-system object
//! that content-addressed store paths hash.
//!
//! A NAR holds only what Nix considers part of a file: regular files with
//! contents and an executable bit, symlinks with a target, and directories
//! with entries sorted by name byte-wise. Times, owners and other mode bits
//! are not recorded, so the same tree hashes the same everywhere.
//!
//! Every string in the format is its length as a little-endian `u64`, the
//! bytes, and zero padding to a multiple of 8:
//!
//! ```text
//! nar       = "nix-archive-1" node
//! node      = "(" "type" ( regular | symlink | directory ) ")"
//! regular   = "regular" [ "executable" "" ] "contents" <bytes>
//! symlink   = "symlink" "target" <bytes>
//! directory = "directory" { "entry" "(" "name" <bytes> "node" node ")" }
//! ```
//!
//! Serialisation streams into any [`Write`], including a [`Hasher`], so
//! hashing never needs the whole archive in memory; [`dump_path`] and
//! [`hash_path`] go further and read files from disk as they are written.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::hash::{Hash, HashAlgo, Hasher};

/// The magic string every NAR starts with.
pub const NAR_MAGIC: &str = "nix-archive-1";

/// A file-system object as it goes into the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NarNode {
    /// A regular file.
    Regular {
        /// The file's bytes.
        contents: Vec<u8>,
        /// Whether the owner-executable bit is set.
        executable: bool,
    },
    /// A symbolic link.
    Symlink {
        /// The link's target, verbatim (not resolved).
        target: Vec<u8>,
    },
    /// A directory; entry names are file names (no `/`, not `.` or `..`),
    /// kept in byte-wise order as NAR requires.
    Directory(BTreeMap<Vec<u8>, NarNode>),
}

/// The type of a file-system object, as `builtins.readDir` and
/// `builtins.filterSource`'s filter see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// Anything else (socket, FIFO, device); it cannot go into a NAR.
    Unknown,
}

impl FileKind {
    /// The name Nix uses (`"regular"`, `"directory"`, `"symlink"`, `"unknown"`).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Regular => "regular",
            FileKind::Directory => "directory",
            FileKind::Symlink => "symlink",
            FileKind::Unknown => "unknown",
        }
    }

    /// The kind of a file from its (not followed) metadata.
    pub fn of(meta: &fs::Metadata) -> FileKind {
        let t = meta.file_type();
        if t.is_file() {
            FileKind::Regular
        } else if t.is_dir() {
            FileKind::Directory
        } else if t.is_symlink() {
            FileKind::Symlink
        } else {
            FileKind::Unknown
        }
    }
}

impl NarNode {
    /// A non-executable regular file.
    pub fn file(contents: impl Into<Vec<u8>>) -> NarNode {
        NarNode::Regular {
            contents: contents.into(),
            executable: false,
        }
    }

    /// The kind of this node.
    pub fn kind(&self) -> FileKind {
        match self {
            NarNode::Regular { .. } => FileKind::Regular,
            NarNode::Symlink { .. } => FileKind::Symlink,
            NarNode::Directory(_) => FileKind::Directory,
        }
    }

    /// Writes the NAR serialisation (with the magic header) to `w`.
    pub fn write_nar<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        write_str(w, NAR_MAGIC.as_bytes())?;
        self.write_node(w)
    }

    /// The NAR serialisation as bytes.
    pub fn to_nar(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_nar(&mut out);
        out
    }

    /// The hash of the NAR serialisation, computed without building it.
    pub fn nar_hash(&self, algo: HashAlgo) -> Hash {
        let mut h = Hasher::new(algo);
        // A hasher never fails to accept data.
        let _ = self.write_nar(&mut h);
        h.finish()
    }

    /// The SHA-256 of the NAR serialisation, what `source` store paths and
    /// recursive fixed outputs are computed from.
    pub fn nar_sha256(&self) -> Hash {
        self.nar_hash(HashAlgo::Sha256)
    }

    /// Parses a NAR. Errors (as [`io::ErrorKind::InvalidData`]) on anything
    /// that is not exactly one well-formed archive, including unsorted or
    /// duplicate entries and bad names, so `from_nar(to_nar(x)) == x`.
    pub fn from_nar(mut data: &[u8]) -> io::Result<NarNode> {
        let r = &mut data;
        expect_str(r, NAR_MAGIC.as_bytes())?;
        let node = read_node(r, 0)?;
        if !r.is_empty() {
            return Err(bad("trailing data after the archive"));
        }
        Ok(node)
    }

    /// Reads a file-system object from disk, without following a final
    /// symlink; see [`NarNode::from_path_filtered`].
    pub fn from_path(path: &Path) -> io::Result<NarNode> {
        NarNode::from_path_filtered(path, &mut |_, _| true)
    }

    /// Reads a file-system object from disk, without following symlinks.
    ///
    /// `filter` is asked about every object below `path` (not `path`
    /// itself), with its full path and kind, in the order C++ Nix asks a
    /// `builtins.filterSource` filter: depth first, entries of a directory
    /// in byte-wise name order, a directory's contents right after the
    /// directory itself. Objects it rejects are left out, with everything
    /// below them.
    pub fn from_path_filtered(path: &Path, filter: &mut dyn FnMut(&Path, FileKind) -> bool) -> io::Result<NarNode> {
        let meta = fs::symlink_metadata(path)?;
        read_tree(path, &meta, filter)
    }

    /// Calls `f` on every node with its path relative to this one (empty for
    /// this node), parents before children, entries in name order.
    pub fn walk(&self, f: &mut dyn FnMut(&[&[u8]], &NarNode)) {
        fn go<'a>(n: &'a NarNode, path: &mut Vec<&'a [u8]>, f: &mut dyn FnMut(&[&[u8]], &NarNode)) {
            f(path, n);
            if let NarNode::Directory(entries) = n {
                for (name, child) in entries {
                    path.push(name);
                    go(child, path, f);
                    path.pop();
                }
            }
        }
        go(self, &mut Vec::new(), f)
    }

    fn write_node<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        write_str(w, b"(")?;
        write_str(w, b"type")?;
        match self {
            NarNode::Regular { contents, executable } => {
                write_str(w, b"regular")?;
                if *executable {
                    write_str(w, b"executable")?;
                    write_str(w, b"")?;
                }
                write_str(w, b"contents")?;
                write_str(w, contents)?;
            }
            NarNode::Symlink { target } => {
                write_str(w, b"symlink")?;
                write_str(w, b"target")?;
                write_str(w, target)?;
            }
            NarNode::Directory(entries) => {
                write_str(w, b"directory")?;
                for (name, node) in entries {
                    write_str(w, b"entry")?;
                    write_str(w, b"(")?;
                    write_str(w, b"name")?;
                    write_str(w, name)?;
                    write_str(w, b"node")?;
                    node.write_node(w)?;
                    write_str(w, b")")?;
                }
            }
        }
        write_str(w, b")")
    }
}

/// Writes the NAR serialisation of the file-system object at `path`
/// straight from disk (files are streamed, never held whole in memory).
/// `filter` works as in [`NarNode::from_path_filtered`].
pub fn dump_path<W: Write + ?Sized>(
    path: &Path,
    filter: &mut dyn FnMut(&Path, FileKind) -> bool,
    w: &mut W,
) -> io::Result<()> {
    write_str(w, NAR_MAGIC.as_bytes())?;
    let meta = fs::symlink_metadata(path)?;
    dump_tree(path, &meta, filter, w)
}

/// The hash of the NAR serialisation of the object at `path`, streamed
/// from disk; see [`dump_path`].
pub fn hash_path(path: &Path, algo: HashAlgo, filter: &mut dyn FnMut(&Path, FileKind) -> bool) -> io::Result<Hash> {
    let mut h = Hasher::new(algo);
    dump_path(path, filter, &mut h)?;
    Ok(h.finish())
}

/// The error C++ Nix gives for sockets, FIFOs and devices.
fn unsupported(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("file '{}' has an unsupported type", path.display()),
    )
}

fn is_executable(meta: &fs::Metadata) -> bool {
    meta.permissions().mode() & 0o100 != 0
}

/// A directory's entry names, sorted byte-wise as NAR orders them.
fn sorted_names(path: &Path) -> io::Result<Vec<Vec<u8>>> {
    let mut names = fs::read_dir(path)?
        .map(|e| e.map(|e| e.file_name().into_vec()))
        .collect::<io::Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

/// Visits a directory's entries in name order, asking the filter about
/// each one and, if it passes, calling `visit` on it right away, before the
/// filter sees the next entry: C++ Nix's order, which is observable
/// through side effects of a `filterSource` filter (such as traces).
fn for_each_entry(
    path: &Path,
    filter: &mut dyn FnMut(&Path, FileKind) -> bool,
    mut visit: impl FnMut(Vec<u8>, &Path, &fs::Metadata, &mut dyn FnMut(&Path, FileKind) -> bool) -> io::Result<()>,
) -> io::Result<()> {
    for name in sorted_names(path)? {
        let child = path.join(std::ffi::OsStr::from_bytes(&name));
        let meta = fs::symlink_metadata(&child)?;
        if filter(&child, FileKind::of(&meta)) {
            visit(name, &child, &meta, filter)?;
        }
    }
    Ok(())
}

fn read_tree(path: &Path, meta: &fs::Metadata, filter: &mut dyn FnMut(&Path, FileKind) -> bool) -> io::Result<NarNode> {
    match FileKind::of(meta) {
        FileKind::Regular => Ok(NarNode::Regular {
            contents: fs::read(path)?,
            executable: is_executable(meta),
        }),
        FileKind::Symlink => Ok(NarNode::Symlink {
            target: fs::read_link(path)?.into_os_string().into_vec(),
        }),
        FileKind::Directory => {
            let mut entries = BTreeMap::new();
            for_each_entry(path, filter, |name, child, meta, filter| {
                entries.insert(name, read_tree(child, meta, filter)?);
                Ok(())
            })?;
            Ok(NarNode::Directory(entries))
        }
        FileKind::Unknown => Err(unsupported(path)),
    }
}

fn dump_tree<W: Write + ?Sized>(
    path: &Path,
    meta: &fs::Metadata,
    filter: &mut dyn FnMut(&Path, FileKind) -> bool,
    w: &mut W,
) -> io::Result<()> {
    write_str(w, b"(")?;
    write_str(w, b"type")?;
    match FileKind::of(meta) {
        FileKind::Regular => {
            write_str(w, b"regular")?;
            if is_executable(meta) {
                write_str(w, b"executable")?;
                write_str(w, b"")?;
            }
            write_str(w, b"contents")?;
            let mut file = fs::File::open(path)?;
            // The length goes first, so the file must not change size while
            // being copied; check rather than emit a corrupt archive.
            let len = file.metadata()?.len();
            w.write_all(&len.to_le_bytes())?;
            let copied = io::copy(&mut (&mut file).take(len), w)?;
            if copied != len {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("file '{}' changed size while being read", path.display()),
                ));
            }
            write_padding(w, len)?;
        }
        FileKind::Symlink => {
            write_str(w, b"symlink")?;
            write_str(w, b"target")?;
            write_str(w, fs::read_link(path)?.as_os_str().as_bytes())?;
        }
        FileKind::Directory => {
            write_str(w, b"directory")?;
            for_each_entry(path, filter, |name, child, meta, filter| {
                write_str(w, b"entry")?;
                write_str(w, b"(")?;
                write_str(w, b"name")?;
                write_str(w, &name)?;
                write_str(w, b"node")?;
                dump_tree(child, meta, filter, w)?;
                write_str(w, b")")
            })?;
        }
        FileKind::Unknown => return Err(unsupported(path)),
    }
    write_str(w, b")")
}

fn write_padding<W: Write + ?Sized>(w: &mut W, len: u64) -> io::Result<()> {
    let pad = (8 - len % 8) % 8;
    w.write_all(&[0u8; 8][..pad as usize])
}

/// One NAR string: length, bytes, zero padding to 8.
fn write_str<W: Write + ?Sized>(w: &mut W, s: &[u8]) -> io::Result<()> {
    w.write_all(&(s.len() as u64).to_le_bytes())?;
    w.write_all(s)?;
    write_padding(w, s.len() as u64)
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("bad NAR: {msg}"))
}

/// Deepest directory nesting [`NarNode::from_nar`] accepts, so a hostile
/// archive cannot exhaust the stack.
const MAX_DEPTH: usize = 1024;

fn read_str<'a>(r: &mut &'a [u8]) -> io::Result<&'a [u8]> {
    if r.len() < 8 {
        return Err(bad("truncated"));
    }
    let len = u64::from_le_bytes(r[..8].try_into().unwrap_or([0; 8]));
    let rest = &r[8..];
    let padded = len
        .checked_add(7)
        .map(|l| l / 8 * 8)
        .filter(|&p| p <= rest.len() as u64)
        .ok_or_else(|| bad("truncated"))? as usize;
    let len = len as usize;
    if rest[len..padded].iter().any(|&b| b != 0) {
        return Err(bad("non-zero padding"));
    }
    *r = &rest[padded..];
    Ok(&rest[..len])
}

fn expect_str(r: &mut &[u8], want: &[u8]) -> io::Result<()> {
    if read_str(r)? == want {
        Ok(())
    } else {
        Err(bad(&format!("expected '{}'", String::from_utf8_lossy(want))))
    }
}

fn read_node(r: &mut &[u8], depth: usize) -> io::Result<NarNode> {
    if depth > MAX_DEPTH {
        return Err(bad("too deeply nested"));
    }
    expect_str(r, b"(")?;
    expect_str(r, b"type")?;
    let node = match read_str(r)? {
        b"regular" => {
            let mut executable = false;
            let mut tag = read_str(r)?;
            if tag == b"executable" {
                expect_str(r, b"")?;
                executable = true;
                tag = read_str(r)?;
            }
            if tag != b"contents" {
                return Err(bad("expected 'contents'"));
            }
            NarNode::Regular {
                contents: read_str(r)?.to_vec(),
                executable,
            }
        }
        b"symlink" => {
            expect_str(r, b"target")?;
            NarNode::Symlink {
                target: read_str(r)?.to_vec(),
            }
        }
        b"directory" => {
            let mut entries: BTreeMap<Vec<u8>, NarNode> = BTreeMap::new();
            loop {
                match read_str(r)? {
                    b")" => return Ok(NarNode::Directory(entries)),
                    b"entry" => {}
                    _ => return Err(bad("expected 'entry' or ')'")),
                }
                expect_str(r, b"(")?;
                expect_str(r, b"name")?;
                let name = read_str(r)?;
                if name.is_empty() || name == b"." || name == b".." || name.contains(&b'/') || name.contains(&0) {
                    return Err(bad("invalid entry name"));
                }
                if entries.keys().next_back().is_some_and(|last| last.as_slice() >= name) {
                    return Err(bad("directory entries not sorted or duplicated"));
                }
                expect_str(r, b"node")?;
                let child = read_node(r, depth + 1)?;
                expect_str(r, b")")?;
                entries.insert(name.to_vec(), child);
            }
        }
        _ => return Err(bad("unknown node type")),
    };
    expect_str(r, b")")?;
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_file_layout() {
        let nar = NarNode::file("hi").to_nar();
        let mut want = Vec::new();
        for s in [
            &b"nix-archive-1"[..],
            b"(",
            b"type",
            b"regular",
            b"contents",
            b"hi",
            b")",
        ] {
            want.extend_from_slice(&(s.len() as u64).to_le_bytes());
            want.extend_from_slice(s);
            want.resize(want.len().div_ceil(8) * 8, 0);
        }
        assert_eq!(nar, want);
    }

    #[test]
    fn parse_round_trip_and_rejects() {
        let mut d = BTreeMap::new();
        d.insert(b"a".to_vec(), NarNode::file("x"));
        d.insert(
            b"b".to_vec(),
            NarNode::Regular {
                contents: vec![0; 9],
                executable: true,
            },
        );
        d.insert(
            b"c".to_vec(),
            NarNode::Symlink {
                target: b"../a".to_vec(),
            },
        );
        d.insert(b"d".to_vec(), NarNode::Directory(BTreeMap::new()));
        let tree = NarNode::Directory(d);
        let mut visited = Vec::new();
        tree.walk(&mut |path, node| visited.push((path.join(&b'/'), node.kind())));
        assert_eq!(visited.len(), 5);
        assert_eq!(visited[0], (vec![], FileKind::Directory));
        assert_eq!(visited[3], (b"c".to_vec(), FileKind::Symlink));
        let nar = tree.to_nar();
        assert_eq!(NarNode::from_nar(&nar).unwrap(), tree);
        for cut in [0, 7, 8, nar.len() - 1] {
            assert!(NarNode::from_nar(&nar[..cut]).is_err());
        }
        let mut extra = nar.clone();
        extra.extend_from_slice(&[0; 8]);
        assert!(NarNode::from_nar(&extra).is_err());
    }
}
