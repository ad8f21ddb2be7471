//! Downloading a URL to a file while hashing it: `http://` and `https://`
//! with reqwest (rustls), `file://` from the local file system, as C++
//! Nix's downloader accepts them.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use store::hash::{Hash, HashAlgo};

use crate::progress::Progress;
use crate::Error;

/// What a download produced.
#[derive(Debug)]
pub struct Downloaded {
    /// SHA-256 of the bytes.
    pub sha256: Hash,
    /// How many bytes.
    pub size: u64,
}

/// Downloads `url` into the new file `dest`.
pub fn download(url: &str, dest: &Path, progress: &Progress) -> Result<Downloaded, Error> {
    let fail = |reason: String| Error::Download {
        url: url.to_owned(),
        reason,
    };
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)
        .map_err(|e| Error::io(dest, e))?;
    let mut hasher = HashAlgo::Sha256.hasher();
    let mut copy = |input: &mut dyn Read| -> Result<u64, Error> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        loop {
            let n = match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(fail(format!("reading the response failed: {e}"))),
            };
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| Error::io(dest, e))?;
            total += n as u64;
            progress.add(n as u64);
        }
        Ok(total)
    };
    let size = if let Some(path) = url.strip_prefix("file://") {
        let path = percent_decode(path);
        let mut f = std::fs::File::open(&path).map_err(|e| fail(format!("cannot open '{path}': {e}")))?;
        copy(&mut f)?
    } else if url.starts_with("http://") || url.starts_with("https://") {
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(30))
            .timeout(None)
            .user_agent(concat!("atom-eval-fetch/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| fail(format!("cannot start the HTTP client: {e}")))?;
        let mut resp = client.get(url).send().map_err(|e| fail(describe(&e)))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(fail(format!("HTTP error {status}")));
        }
        copy(&mut resp)?
    } else {
        return Err(Error::Invalid(format!(
            "cannot download '{url}': only http://, https:// and file:// URLs are supported"
        )));
    };
    out.sync_all().map_err(|e| Error::io(dest, e))?;
    Ok(Downloaded {
        sha256: hasher.finish(),
        size,
    })
}

/// An error of reqwest with its causes, which hold the useful part
/// (`connection refused`).
fn describe(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

/// Decodes `%XX` escapes of a `file://` URL's path.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_decode() {
        assert_eq!(percent_decode("/a%20b/c"), "/a b/c");
        assert_eq!(percent_decode("/plain"), "/plain");
        assert_eq!(percent_decode("/bad%zz"), "/bad%zz");
    }
}
