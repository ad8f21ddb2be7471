//! Fixtures the tests make themselves: git repositories built with the
//! `git` program, tarballs built in memory, and an HTTP server on
//! 127.0.0.1 that counts requests and stops when dropped.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use store::local::LocalStore;
use store::path::StoreDir;

/// A temporary store and cache.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn store(&self) -> LocalStore {
        LocalStore::open(StoreDir::default(), self.dir.path().join("root")).unwrap()
    }
    pub fn fetcher(&self) -> fetch::Fetcher {
        fetch::Fetcher::new(self.store(), self.dir.path().join("cache")).progress(false)
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs git in `dir` with a fixed identity and dates, so commits are
/// reproducible.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// A repository with two commits on `main`, an executable, a symlink and
/// a subdirectory; an eka-style orphan commit under
/// `refs/eka/atoms/hello/0.1.0`; and `refs/ekala/init`.
pub struct Repo {
    pub dir: PathBuf,
    pub first: String,
    pub second: String,
    pub atom: String,
    pub init: String,
}

pub fn repo(parent: &Path) -> Repo {
    let dir = parent.join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    write(&dir.join("README"), "first\n");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "first"]);
    let first = git(&dir, &["rev-parse", "HEAD"]);
    write(&dir.join("README"), "second\n");
    write(&dir.join("sub/data.txt"), "data\n");
    write(&dir.join("run.sh"), "#!/bin/sh\necho hi\n");
    std::os::unix::fs::symlink("sub/data.txt", dir.join("link")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "second"]);
    let second = git(&dir, &["rev-parse", "HEAD"]);
    // eka publishes an atom as an orphan commit of its directory's tree.
    write(
        &dir.join("atoms/hello/atom.toml"),
        "[package]\nlabel = \"hello\"\nversion = \"0.1.0\"\n",
    );
    write(&dir.join("atoms/hello/mod.nix"), "{ Greeting = \"hi\"; }\n");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "atoms"]);
    let tree = git(&dir, &["rev-parse", "HEAD:atoms/hello"]);
    let atom = git(&dir, &["commit-tree", &tree, "-m", "hello 0.1.0"]);
    git(&dir, &["update-ref", "refs/eka/atoms/hello/0.1.0", &atom]);
    git(&dir, &["update-ref", "refs/ekala/init", &first]);
    git(&dir, &["reset", "-q", "--hard", &second]);
    Repo {
        dir,
        first,
        second,
        atom,
        init: String::new(),
    }
}

/// A tar archive of `(name, contents, mode)` entries (directories end
/// with `/`), every entry with modification time `mtime`.
pub fn tar(entries: &[(&str, &str, u32)], mtime: u64) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, contents, mode) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_mtime(mtime);
        h.set_mode(*mode);
        if name.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
            b.append_data(&mut h, name, std::io::empty()).unwrap();
        } else {
            h.set_size(contents.len() as u64);
            h.set_entry_type(tar::EntryType::Regular);
            b.append_data(&mut h, name, contents.as_bytes()).unwrap();
        }
    }
    b.into_inner().unwrap()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn xz(data: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// An HTTP/1.1 server on 127.0.0.1 (an ephemeral port) serving fixed
/// bodies by path, counting requests; stops when dropped.
pub struct Server {
    pub port: u16,
    pub hits: Arc<AtomicUsize>,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    /// Per-chunk delay, to make a download slow.
    pub slow: Arc<AtomicBool>,
    /// Serve `/git/<repo>` from repositories under this directory with
    /// `git http-backend` (smart HTTP).
    pub git_root: Arc<Mutex<Option<PathBuf>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let slow = Arc::new(AtomicBool::new(false));
        let git_root: Arc<Mutex<Option<PathBuf>>> = Arc::default();
        let (h, f, s, sl, g) = (
            hits.clone(),
            files.clone(),
            stop.clone(),
            slow.clone(),
            git_root.clone(),
        );
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (h, f, sl, g) = (h.clone(), f.clone(), sl.clone(), g.clone());
                std::thread::spawn(move || serve(conn, &h, &f, &sl, &g));
            }
        });
        Server {
            port,
            hits,
            files,
            slow,
            git_root,
            stop,
            thread: Some(thread),
        }
    }

    pub fn put(&self, path: &str, body: Vec<u8>) {
        self.files.lock().unwrap().insert(path.to_owned(), body);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    conn: TcpStream,
    hits: &AtomicUsize,
    files: &Mutex<HashMap<String, Vec<u8>>>,
    slow: &AtomicBool,
    git_root: &Mutex<Option<PathBuf>>,
) {
    conn.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header == "\r\n" || header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_owned();
    let path = parts.next().unwrap_or("/").to_owned();
    let mut conn = conn;
    if let (Some(rest), Some(root)) = (path.strip_prefix("/git"), git_root.lock().unwrap().clone()) {
        let body = read_body(&mut reader, &headers);
        git_backend(&mut conn, &root, &method, rest, &headers, &body);
        let _ = conn.flush();
        return;
    }
    let body = files.lock().unwrap().get(&path).cloned();
    match body {
        Some(body) => {
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            if slow.load(Ordering::SeqCst) {
                for chunk in body.chunks(1024) {
                    if conn.write_all(chunk).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            } else {
                let _ = conn.write_all(&body);
            }
        }
        None => {
            let _ = write!(
                conn,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    }
    let _ = conn.flush();
}

/// A request body, by `Content-Length` or chunked.
fn read_body(reader: &mut BufReader<TcpStream>, headers: &[(String, String)]) -> Vec<u8> {
    use std::io::Read;
    let get = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut body = Vec::new();
    if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        let _ = reader.read_exact(&mut body);
    } else if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            if reader.read_line(&mut size).is_err() {
                break;
            }
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            if reader.read_exact(&mut chunk).is_err() {
                break;
            }
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    body
}

/// Answers a smart-HTTP git request with `git http-backend` (CGI) over
/// the repositories under `root`.
fn git_backend(
    conn: &mut TcpStream,
    root: &Path,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) {
    use std::io::Read;
    let (path_info, query) = target.split_once('?').unwrap_or((target, ""));
    let get = |k: &str| {
        headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut child = Command::new("git")
        .arg("http-backend")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REQUEST_METHOD", method)
        .env("PATH_INFO", path_info)
        .env("QUERY_STRING", query)
        .env("CONTENT_TYPE", get("content-type"))
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("GIT_PROTOCOL", get("git-protocol"))
        .env("REMOTE_ADDR", "127.0.0.1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(body).ok();
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).ok();
    let _ = child.wait();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4));
    let split = split.or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let Some((at, sep)) = split else {
        let _ = write!(conn, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    let head = String::from_utf8_lossy(&out[..at]).into_owned();
    let mut status = "200 OK".to_owned();
    let mut response = String::new();
    for line in head.lines() {
        match line.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("status") => status = v.trim().to_owned(),
            Some(_) => response.push_str(&format!("{line}\r\n")),
            None => {}
        }
    }
    let body = &out[at + sep..];
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\n{response}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(body);
}

/// Store paths and temporaries in a store's physical directory.
pub fn store_entries(store: &LocalStore) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(store.physical_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
