//! [`Error`]: why a fetch failed, worded for the person who asked for it.

use std::fmt;
use std::path::Path;

/// A failed fetch.
#[derive(Debug)]
pub enum Error {
    /// The content's hash is not the one that was asked for; nothing was
    /// added to the store. Both hashes are in SRI form.
    HashMismatch {
        /// What was fetched (`file downloaded from 'URL'`).
        what: String,
        /// The hash that was asked for.
        expected: String,
        /// The hash of what arrived.
        actual: String,
    },
    /// Offline, and neither the store nor the cache has it: names what
    /// would have been fetched.
    Offline(String),
    /// Downloading failed (connection, HTTP status, unreadable file URL).
    Download {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A git fetch or a read of the fetched repository failed.
    Git(String),
    /// An archive could not be unpacked.
    Archive(String),
    /// A request that cannot be satisfied as given (bad name, bad URL).
    Invalid(String),
    /// A local file-system operation failed.
    Io(String),
    /// This build leaves out what the request needs (git, without the
    /// `git` feature).
    Unsupported(String),
}

impl Error {
    /// An IO error at `path`.
    pub fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Io(format!("{}: {e}", path.display()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::HashMismatch { what, expected, actual } => write!(
                f,
                "hash mismatch in {what}:\n  specified: {expected}\n  got:       {actual}"
            ),
            Error::Offline(what) => write!(
                f,
                "cannot fetch {what}: the network is off (offline mode) and it is not cached"
            ),
            Error::Download { url, reason } => write!(f, "unable to download '{url}': {reason}"),
            Error::Git(m) | Error::Archive(m) | Error::Invalid(m) | Error::Io(m) | Error::Unsupported(m) => {
                f.write_str(m)
            }
        }
    }
}

impl std::error::Error for Error {}
