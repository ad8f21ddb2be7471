//! Unpacking tarballs: plain tar, or compressed with gzip, xz, bzip2 or
//! zstd, recognised by their magic bytes as libarchive (C++ Nix's
//! unpacker) recognises them, whatever the URL's extension says.
//!
//! Entries are unpacked with the `tar` crate, which refuses names that
//! would leave the destination (absolute or with `..`). Ownership and
//! times are not kept (the store canonicalises them); the executable bit
//! is, since the NAR records it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::Error;

/// What unpacking found.
#[derive(Debug)]
pub struct Unpacked {
    /// The newest modification time among the entries (seconds since the
    /// epoch), which C++ Nix reports as a tarball's `lastModified`.
    pub last_modified: i64,
}

/// The compression of an archive, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.tar.gz`, `.tgz`).
    Gzip,
    /// xz (`.tar.xz`).
    Xz,
    /// bzip2 (`.tar.bz2`).
    Bzip2,
    /// Zstandard (`.tar.zst`).
    Zstd,
}

impl Compression {
    /// Recognises the compression from the magic bytes at the start.
    pub fn detect(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
            Compression::Xz
        } else if head.starts_with(b"BZh") {
            Compression::Bzip2
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// Unpacks the archive file `file` into the new directory `dest`.
pub fn unpack(file: &Path, dest: &Path) -> Result<Unpacked, Error> {
    let f = File::open(file).map_err(|e| Error::io(file, e))?;
    let mut reader = BufReader::new(f);
    let head = reader.fill_buf().map_err(|e| Error::io(file, e))?;
    let compression = Compression::detect(head);
    // Uncompressed input must be a tar archive: POSIX and GNU archives say
    // so at offset 257, and anything else would only fail obscurely.
    if compression == Compression::None && head.get(257..262) != Some(b"ustar") {
        return Err(Error::Archive(
            "unrecognised archive format (not a tar archive, compressed with gzip, xz, bzip2 or zstd, or not)".into(),
        ));
    }
    let decoded: Box<dyn Read> = match compression {
        Compression::None => Box::new(reader),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        Compression::Xz => Box::new(liblzma::read::XzDecoder::new_multi_decoder(reader)),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(reader)),
        Compression::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(reader)
                .map_err(|e| Error::Archive(format!("not a valid zstd stream: {e}")))?,
        ),
    };
    std::fs::create_dir(dest).map_err(|e| Error::io(dest, e))?;
    unpack_tar(decoded, dest)
}

fn unpack_tar(input: impl Read, dest: &Path) -> Result<Unpacked, Error> {
    let bad = |e: std::io::Error| Error::Archive(format!("cannot unpack: {e}"));
    let mut archive = tar::Archive::new(input);
    archive.set_preserve_permissions(false);
    archive.set_preserve_mtime(false);
    archive.set_overwrite(true);
    archive.set_unpack_xattrs(false);
    let mut last_modified = 0i64;
    let mut count = 0usize;
    // Directories get their permissions last, so that a read-only
    // directory does not stop its own entries from being written.
    let mut dirs: Vec<(PathBuf, u32)> = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        count += 1;
        let header = entry.header();
        let mtime = header.mtime().unwrap_or(0);
        last_modified = last_modified.max(i64::try_from(mtime).unwrap_or(i64::MAX));
        let kind = header.entry_type();
        if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() || kind.is_gnu_longname() {
            continue;
        }
        if kind.is_dir() {
            let mode = header.mode().unwrap_or(0o755);
            let path = entry.path().map_err(bad)?.into_owned();
            if entry.unpack_in(dest).map_err(bad)? {
                dirs.push((path, mode));
            }
            continue;
        }
        if !entry.unpack_in(dest).map_err(bad)? {
            let path = entry.path().map_err(bad)?.display().to_string();
            return Err(Error::Archive(format!(
                "entry '{path}' would be written outside the archive's directory"
            )));
        }
    }
    if count == 0 {
        return Err(Error::Archive("it is empty or not a tar archive".into()));
    }
    use std::os::unix::fs::PermissionsExt;
    for (path, mode) in dirs.into_iter().rev() {
        let full = dest.join(&path);
        // Only the owner's bits matter to the store; keep directories
        // writable for the copy into the store.
        let _ = std::fs::set_permissions(&full, std::fs::Permissions::from_mode((mode & 0o777) | 0o700));
    }
    Ok(Unpacked { last_modified })
}

/// The single top-level directory of an unpacked archive, which
/// `fetchTarball` takes as the result; `None` when the top level holds
/// anything else.
pub fn single_top_dir(dir: &Path) -> Result<Option<PathBuf>, Error> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::io(dir, e))?;
    if entries.len() != 1 {
        return Ok(None);
    }
    let only = entries.pop().expect("one entry");
    let ty = only.file_type().map_err(|e| Error::io(&only.path(), e))?;
    Ok(ty.is_dir().then(|| only.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic() {
        assert_eq!(Compression::detect(&[0x1f, 0x8b, 8]), Compression::Gzip);
        assert_eq!(Compression::detect(b"\xfd7zXZ\0rest"), Compression::Xz);
        assert_eq!(Compression::detect(b"BZh91AY"), Compression::Bzip2);
        assert_eq!(Compression::detect(&[0x28, 0xb5, 0x2f, 0xfd, 0]), Compression::Zstd);
        assert_eq!(Compression::detect(b"ustar"), Compression::None);
    }
}
