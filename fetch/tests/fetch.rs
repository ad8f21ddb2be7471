//! The fetcher against fixtures made here: git repositories over
//! `file://` and bare paths, tarballs and files over a local HTTP server.

mod support;

use std::collections::BTreeMap;

use fetch::{Error, FileMode, FileRequest, GitRequest, TarballRequest};
use store::hash::{Hash, HashAlgo};
use store::nar::NarNode;
use store::path::{ContentMethod, StoreDir, StorePath};
use support::*;

fn file(s: &str) -> NarNode {
    NarNode::file(s.as_bytes().to_vec())
}

fn dir(entries: Vec<(&str, NarNode)>) -> NarNode {
    NarNode::Directory(
        entries
            .into_iter()
            .map(|(k, v)| (k.as_bytes().to_vec(), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// The tree of the fixture's second commit, built by hand.
fn second_tree() -> NarNode {
    dir(vec![
        ("README", file("second\n")),
        (
            "link",
            NarNode::Symlink {
                target: b"sub/data.txt".to_vec(),
            },
        ),
        (
            "run.sh",
            NarNode::Regular {
                contents: b"#!/bin/sh\necho hi\n".to_vec(),
                executable: true,
            },
        ),
        ("sub", dir(vec![("data.txt", file("data\n"))])),
    ])
}

/// The fixture's second commit: its hash is fixed by the fixed identity
/// and dates, so C++ Nix's answers for it are constants.
const ORACLE_REV: &str = "1bbdb1fd0e66a27be0f29d6a30a75c75697008bd";

fn source_path(name: &str, tree: &NarNode) -> StorePath {
    StorePath::fixed_source(&StoreDir::default(), name, &tree.nar_sha256()).unwrap()
}

#[test]
fn git_rev_over_file_url_and_bare_path() {
    let env = Env::new();
    let repo = repo(env.path());
    let f = env.fetcher();
    let mut req = GitRequest::new(format!("file://{}", repo.dir.display()));
    req.rev = Some(repo.second.clone());
    req.reference = Some("main".into());
    let got = f.git(&req).unwrap();
    assert_eq!(got.path, source_path("source", &second_tree()));
    assert_eq!(got.nar_hash, second_tree().nar_sha256());
    assert_eq!(got.rev, repo.second);
    // What C++ Nix 2.26's fetchGit gives for the same commit (oracle,
    // tests/fetchers/fetchGit-rev.exp).
    assert_eq!(got.rev, ORACLE_REV);
    assert_eq!(got.path.to_string(), "knxdnwg5z301mv1q36wsc3whrm2nqk89-source");
    assert_eq!(
        got.nar_hash.to_sri(),
        "sha256-yvRZNDi1AqfFa122hTPoADEoe0sxZFNytloEOWE9kuE="
    );
    assert_eq!(got.short_rev(), &repo.second[..7]);
    assert_eq!(got.rev_count, Some(2));
    assert_eq!(got.last_modified, 1704164645); // 2024-01-02T03:04:05Z
    assert_eq!(f.store().read(&got.path).unwrap(), second_tree());

    // A bare clone, by plain path, at an older revision, with a name.
    let bare = env.path().join("bare.git");
    git(
        env.path(),
        &[
            "clone",
            "-q",
            "--bare",
            repo.dir.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let mut req = GitRequest::new(bare.display().to_string());
    req.rev = Some(repo.first.clone());
    req.reference = Some("refs/heads/main".into());
    req.name = "named".into();
    let got = f.git(&req).unwrap();
    let first = dir(vec![("README", file("first\n"))]);
    assert_eq!(got.path, source_path("named", &first));
    assert_eq!(got.rev_count, Some(1));
}

#[test]
fn git_head_and_shallow_and_eka_refs() {
    let env = Env::new();
    let repo = repo(env.path());
    let f = env.fetcher();
    let url = format!("file://{}", repo.dir.display());
    // No rev: the tip of HEAD.
    let got = f.git(&GitRequest::new(&url)).unwrap();
    assert_eq!(got.rev, repo.second);

    // An eka atom: an orphan commit under refs/eka/atoms, shallow.
    let mut req = GitRequest::new(&url);
    req.reference = Some("refs/eka/atoms/hello/0.1.0".into());
    req.rev = Some(repo.atom.clone());
    req.name = "hello".into();
    req.shallow = true;
    let got = f.git(&req).unwrap();
    let tree = dir(vec![
        ("atom.toml", file("[package]\nlabel = \"hello\"\nversion = \"0.1.0\"\n")),
        ("mod.nix", file("{ Greeting = \"hi\"; }\n")),
    ]);
    assert_eq!(got.path, source_path("hello", &tree));
    assert_eq!(got.rev_count, None);

    // A shallow fetch of a revision that is not the ref's tip falls back
    // to the ref's history.
    let env2 = Env::new();
    let f2 = env2.fetcher();
    let mut req = GitRequest::new(&url);
    req.reference = Some("main".into());
    req.rev = Some(repo.first.clone());
    req.shallow = true;
    let got = f2.git(&req).unwrap();
    assert_eq!(got.rev, repo.first);

    // refs/ekala/init, the set's marker, is an ordinary ref.
    let mut req = GitRequest::new(&url);
    req.reference = Some("refs/ekala/init".into());
    assert_eq!(f2.git(&req).unwrap().rev, repo.first);
}

#[test]
fn git_errors() {
    let env = Env::new();
    let repo = repo(env.path());
    let f = env.fetcher();
    let url = format!("file://{}", repo.dir.display());
    let mut req = GitRequest::new(&url);
    req.reference = Some("refs/eka/atoms/hello/0.1.0".into());
    req.rev = Some(repo.second.clone());
    let e = f.git(&req).unwrap_err().to_string();
    assert!(
        e.contains(&format!("cannot find git revision '{}'", repo.second)),
        "{e}"
    );

    let mut req = GitRequest::new(&url);
    req.reference = Some("nope".into());
    let e = f.git(&req).unwrap_err().to_string();
    assert!(e.contains("has no ref 'refs/heads/nope'"), "{e}");

    let mut req = GitRequest::new(&url);
    req.rev = Some("abc".into());
    let e = f.git(&req).unwrap_err().to_string();
    assert!(e.contains("not a full commit id"), "{e}");

    let req = GitRequest::new(format!("file://{}/missing", env.path().display()));
    let e = f.git(&req).unwrap_err();
    assert!(matches!(e, Error::Git(_)), "{e}");
}

#[test]
fn git_offline_uses_the_cache() {
    let env = Env::new();
    let repo = repo(env.path());
    let url = format!("file://{}", repo.dir.display());
    let mut req = GitRequest::new(&url);
    req.rev = Some(repo.second.clone());
    let online = env.fetcher().git(&req).unwrap();
    // The remote is gone: the revision still comes from the cache.
    std::fs::rename(&repo.dir, env.path().join("moved")).unwrap();
    let offline = env.fetcher().offline(true).git(&req).unwrap();
    assert_eq!(online, offline);
    // Unpinned (HEAD) was never fetched: a miss names what it would fetch.
    let e = env.fetcher().offline(true).git(&GitRequest::new(&url)).unwrap_err();
    assert!(matches!(e, Error::Offline(_)));
    let e = e.to_string();
    assert!(e.contains("ref HEAD of git repository") && e.contains(&url), "{e}");
    // An unreachable remote is an error, not a hang or a panic.
    let e = env.fetcher().git(&GitRequest::new(&url)).unwrap_err();
    assert!(matches!(e, Error::Git(_)), "{e}");
}

#[test]
fn git_concurrent_fetches_both_succeed() {
    let env = Env::new();
    let repo = repo(env.path());
    let mut req = GitRequest::new(format!("file://{}", repo.dir.display()));
    req.rev = Some(repo.second.clone());
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let (f, req) = (env.fetcher(), req.clone());
                s.spawn(move || f.git(&req))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect()
    });
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    let entries = store_entries(&env.store());
    assert_eq!(entries, vec![results[0].path.to_string()], "no temporaries left");
}

fn sample_tar() -> Vec<u8> {
    tar(
        &[
            ("pkg-1.0/", "", 0o755),
            ("pkg-1.0/default.nix", "{ x = 1; }\n", 0o644),
            ("pkg-1.0/bin/", "", 0o755),
            ("pkg-1.0/bin/tool", "#!/bin/sh\n", 0o755),
        ],
        1_700_000_000,
    )
}

fn sample_tree() -> NarNode {
    dir(vec![
        (
            "bin",
            dir(vec![(
                "tool",
                NarNode::Regular {
                    contents: b"#!/bin/sh\n".to_vec(),
                    executable: true,
                },
            )]),
        ),
        ("default.nix", file("{ x = 1; }\n")),
    ])
}

#[test]
fn tarballs_in_every_compression() {
    let server = Server::start();
    let raw = sample_tar();
    let kinds: [(&str, Vec<u8>); 5] = [
        ("/p.tar", raw.clone()),
        ("/p.tar.gz", gzip(&raw)),
        ("/p.tar.xz", xz(&raw)),
        ("/p.tar.bz2", bzip2(&raw)),
        ("/p.tar.zst", zstd(&raw)),
    ];
    let expected = source_path("source", &sample_tree());
    // C++ Nix 2.26's fetchTarball of the same tree (tests/fetchers/fetchTarball.exp).
    assert_eq!(expected.to_string(), "gcvh6cs5znd5pb9y70g59qfayn4nkjn5-source");
    assert_eq!(
        sample_tree().nar_sha256().to_sri(),
        "sha256-gZ5TmINX3sjcmLcdQkbsZLgYmu9fkEFSXLQzeC9NDpM="
    );
    for (path, body) in kinds {
        server.put(path, body);
        let env = Env::new();
        let req = TarballRequest {
            url: server.url(path),
            name: "source".into(),
            hash: None,
        };
        let got = env.fetcher().tarball(&req).unwrap();
        assert_eq!(got.path, expected, "{path}");
        assert_eq!(got.last_modified, Some(1_700_000_000));
        assert_eq!(env.store().read(&got.path).unwrap(), sample_tree());
    }
}

#[test]
fn tarball_hash_verified_cached_and_offline() {
    let server = Server::start();
    server.put("/p.tar.gz", gzip(&sample_tar()));
    let env = Env::new();
    let good = sample_tree().nar_sha256();
    let req = TarballRequest {
        url: server.url("/p.tar.gz"),
        name: "source".into(),
        hash: Some(good.clone()),
    };
    let got = env.fetcher().tarball(&req).unwrap();
    assert_eq!(got.path, source_path("source", &sample_tree()));
    assert_eq!(server.hits(), 1);
    // Pinned and present: no request at all, online or offline.
    env.fetcher().tarball(&req).unwrap();
    env.fetcher().offline(true).tarball(&req).unwrap();
    // Unpinned: the index answers within the TTL, and offline always.
    let unpinned = TarballRequest {
        hash: None,
        ..req.clone()
    };
    assert_eq!(env.fetcher().tarball(&unpinned).unwrap().path, got.path);
    assert_eq!(env.fetcher().offline(true).tarball(&unpinned).unwrap().path, got.path);
    assert_eq!(server.hits(), 1);
    // Past the TTL, it is downloaded again.
    let stale = env.fetcher().ttl(std::time::Duration::ZERO).tarball(&unpinned).unwrap();
    assert_eq!(stale.path, got.path);
    assert_eq!(server.hits(), 2);

    // A wrong hash: an error with both hashes in SRI, and nothing stored.
    let env = Env::new();
    let wrong = Hash::sha256(b"something else");
    let bad = TarballRequest {
        hash: Some(wrong.clone()),
        ..req.clone()
    };
    let e = env.fetcher().tarball(&bad).unwrap_err().to_string();
    assert!(e.contains("hash mismatch"), "{e}");
    assert!(e.contains(&wrong.to_sri()) && e.contains(&good.to_sri()), "{e}");
    assert!(store_entries(&env.store()).is_empty());

    // Offline miss names the URL.
    let e = env.fetcher().offline(true).tarball(&req).unwrap_err().to_string();
    assert!(e.contains(&server.url("/p.tar.gz")) && e.contains("offline"), "{e}");

    // HTTP errors and unreachable servers.
    let missing = TarballRequest {
        url: server.url("/missing.tar.gz"),
        ..unpinned.clone()
    };
    let e = env.fetcher().tarball(&missing).unwrap_err().to_string();
    assert!(e.contains("HTTP error 404"), "{e}");
    let port = server.port;
    drop(server);
    let gone = TarballRequest {
        url: format!("http://127.0.0.1:{port}/p.tar.gz"),
        ..unpinned
    };
    let e = env.fetcher().tarball(&gone).unwrap_err();
    assert!(matches!(e, Error::Download { .. }), "{e}");
}

#[test]
fn bad_archives_are_errors() {
    let server = Server::start();
    server.put("/junk.tar.gz", b"\x1f\x8bnot really gzip".to_vec());
    server.put("/empty.tar", Vec::new());
    let env = Env::new();
    for path in ["/junk.tar.gz", "/empty.tar"] {
        let req = TarballRequest {
            url: server.url(path),
            name: "source".into(),
            hash: None,
        };
        let e = env.fetcher().tarball(&req).unwrap_err();
        assert!(matches!(e, Error::Archive(_)), "{path}: {e}");
    }
    assert!(store_entries(&env.store()).is_empty());
}

#[test]
fn files_flat_and_recursive() {
    let server = Server::start();
    server.put("/hello.txt", b"hello\n".to_vec());
    let env = Env::new();
    let flat = FileRequest {
        url: server.url("/hello.txt"),
        name: "hello.txt".into(),
        hash: None,
        mode: FileMode::Flat,
    };
    let got = env.fetcher().file(&flat).unwrap();
    let sha = Hash::sha256(b"hello\n");
    let expected = StorePath::fixed_output(
        &StoreDir::default(),
        "hello.txt",
        ContentMethod::Flat,
        &sha,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(got.path, expected);
    // C++ Nix 2.26's builtins.fetchurl of the same file (tests/fetchers/fetchurl.exp).
    assert_eq!(got.path.to_string(), "gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt");
    assert_eq!(got.file_hash, Some(sha.clone()));
    assert_eq!(got.nar_hash, file("hello\n").nar_sha256());

    // Recursive and executable: the NAR of an executable file.
    let exe = NarNode::Regular {
        contents: b"hello\n".to_vec(),
        executable: true,
    };
    let rec = FileRequest {
        mode: FileMode::Nar { executable: true },
        hash: Some(exe.nar_sha256()),
        ..flat.clone()
    };
    let got = env.fetcher().file(&rec).unwrap();
    assert_eq!(
        got.path,
        StorePath::fixed_source(&StoreDir::default(), "hello.txt", &exe.nar_sha256()).unwrap()
    );
    assert_eq!(env.store().read(&got.path).unwrap(), exe);

    // A SHA-1 pin (as old fetchurl calls have) verifies in its algorithm.
    let sha1 = HashAlgo::Sha1.hash(b"hello\n");
    let req = FileRequest {
        hash: Some(sha1.clone()),
        ..flat.clone()
    };
    let got = env.fetcher().file(&req).unwrap();
    let expected = StorePath::fixed_output(
        &StoreDir::default(),
        "hello.txt",
        ContentMethod::Flat,
        &sha1,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(got.path, expected);

    // A wrong flat hash.
    let req = FileRequest {
        hash: Some(Hash::sha256(b"other")),
        ..flat.clone()
    };
    let e = env.fetcher().file(&req).unwrap_err().to_string();
    assert!(e.contains("hash mismatch") && e.contains(&sha.to_sri()), "{e}");

    // file:// URLs work like remote ones.
    let local = env.path().join("local.txt");
    std::fs::write(&local, "hello\n").unwrap();
    let req = FileRequest {
        url: format!("file://{}", local.display()),
        ..flat
    };
    assert_eq!(env.fetcher().file(&req).unwrap().file_hash, Some(sha));
}

/// Run by `killed_fetch_leaves_nothing` as a child process: downloads
/// slowly until killed.
#[test]
#[ignore]
fn child_slow_download() {
    let (Ok(url), Ok(root)) = (std::env::var("FETCH_TEST_URL"), std::env::var("FETCH_TEST_ROOT")) else {
        return;
    };
    let store = store::local::LocalStore::open(StoreDir::default(), root).unwrap();
    let f = fetch::Fetcher::new(store, std::env::var("FETCH_TEST_CACHE").unwrap()).progress(false);
    let req = TarballRequest {
        url,
        name: "source".into(),
        hash: None,
    };
    let _ = f.tarball(&req);
}

#[test]
fn killed_fetch_leaves_nothing() {
    let server = Server::start();
    // Large and slow: 256 KiB at 1 KiB per 50 ms takes ~13 s.
    let big: String = (0..256 * 1024).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    let body = tar(&[("big/", "", 0o755), ("big/data", &big, 0o644)], 1);
    server.put("/big.tar", body);
    server.slow.store(true, std::sync::atomic::Ordering::SeqCst);
    let env = Env::new();
    let root = env.path().join("root");
    let store = env.store();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_slow_download", "--ignored", "--nocapture"])
        .env("FETCH_TEST_URL", server.url("/big.tar"))
        .env("FETCH_TEST_ROOT", &root)
        .env("FETCH_TEST_CACHE", env.path().join("cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for its staging directory to appear, then kill it mid-download.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while store_entries(&store).is_empty() {
        assert!(std::time::Instant::now() < deadline, "the child never started fetching");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let left = store_entries(&store);
    assert!(
        left.iter().all(|n| n.starts_with(store::local::TEMP_PREFIX)),
        "{left:?}"
    );
    // The next open removes the dead process's stage; no store path exists.
    let store = env.store();
    assert!(store_entries(&store).is_empty(), "{:?}", store_entries(&store));
    // And the fetch then succeeds.
    server.slow.store(false, std::sync::atomic::Ordering::SeqCst);
    let req = TarballRequest {
        url: server.url("/big.tar"),
        name: "source".into(),
        hash: None,
    };
    env.fetcher().tarball(&req).unwrap();
}

/// Run by `progress_only_on_a_terminal` as a child process: a download
/// of a few seconds with the progress line on.
#[test]
#[ignore]
fn child_progress_download() {
    let (Ok(url), Ok(root)) = (std::env::var("FETCH_TEST_URL"), std::env::var("FETCH_TEST_ROOT")) else {
        return;
    };
    let store = store::local::LocalStore::open(StoreDir::default(), root).unwrap();
    let f = fetch::Fetcher::new(store, std::env::var("FETCH_TEST_CACHE").unwrap());
    let req = FileRequest {
        url,
        name: "big".into(),
        hash: None,
        mode: FileMode::Flat,
    };
    f.file(&req).unwrap();
}

#[test]
fn progress_only_on_a_terminal() {
    let server = Server::start();
    // 64 KiB at 1 KiB per 50 ms: about 3 s.
    server.put("/big", vec![b'x'; 64 * 1024]);
    server.slow.store(true, std::sync::atomic::Ordering::SeqCst);
    let exe = std::env::current_exe().unwrap();
    let run = |tty: bool, env: &Env| {
        let child = format!(
            "{} --exact child_progress_download --ignored --nocapture",
            exe.display()
        );
        let mut cmd = if tty {
            // `script` gives the child a pseudo-terminal and copies what
            // it writes to our stdout.
            let mut c = std::process::Command::new("script");
            c.args(["-qec", &child, "/dev/null"]);
            c
        } else {
            let mut c = std::process::Command::new(&exe);
            c.args(["--exact", "child_progress_download", "--ignored", "--nocapture"]);
            c
        };
        let out = cmd
            .env("FETCH_TEST_URL", server.url("/big"))
            .env("FETCH_TEST_ROOT", env.path().join("root"))
            .env("FETCH_TEST_CACHE", env.path().join("cache"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (stdout, _) = run(true, &Env::new());
    let line = format!("fetching {}: ", server.url("/big"));
    assert!(stdout.contains(&line), "no progress line on a terminal: {stdout:?}");
    assert!(
        stdout.contains("KiB (") && stdout.contains("/s)"),
        "bytes and rate: {stdout:?}"
    );
    let (_, stderr) = run(false, &Env::new());
    assert!(!stderr.contains("fetching"), "progress on a pipe: {stderr:?}");
}

/// Run by `two_processes_fetch_the_same_tarball`: fetches and prints the
/// store path.
#[test]
#[ignore]
fn child_fetch_tarball() {
    let (Ok(url), Ok(root)) = (std::env::var("FETCH_TEST_URL"), std::env::var("FETCH_TEST_ROOT")) else {
        return;
    };
    let store = store::local::LocalStore::open(StoreDir::default(), root).unwrap();
    let f = fetch::Fetcher::new(store, std::env::var("FETCH_TEST_CACHE").unwrap()).progress(false);
    let req = TarballRequest {
        url,
        name: "source".into(),
        hash: None,
    };
    println!("PATH {}", f.tarball(&req).unwrap().path);
}

#[test]
fn two_processes_fetch_the_same_tarball() {
    let server = Server::start();
    server.put("/p.tar.gz", gzip(&sample_tar()));
    server.slow.store(true, std::sync::atomic::Ordering::SeqCst);
    let env = Env::new();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_fetch_tarball", "--ignored", "--nocapture"])
                .env("FETCH_TEST_URL", server.url("/p.tar.gz"))
                .env("FETCH_TEST_ROOT", env.path().join("root"))
                .env("FETCH_TEST_CACHE", env.path().join("cache"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let expected = format!("PATH {}", source_path("source", &sample_tree()));
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains(&expected));
    }
    // Usually both download at once; a late second one may find the first's
    // result in the index instead.
    assert!((1..=2).contains(&server.hits()));
    assert_eq!(
        store_entries(&env.store()),
        vec![source_path("source", &sample_tree()).to_string()]
    );
}

#[test]
fn git_over_smart_http() {
    let env = Env::new();
    let repo = repo(env.path());
    let server = Server::start();
    *server.git_root.lock().unwrap() = Some(env.path().to_owned());
    // The transport https:// uses, without TLS: git's smart HTTP served by
    // `git http-backend` on 127.0.0.1.
    let mut req = GitRequest::new(server.url("/git/repo"));
    req.reference = Some("refs/eka/atoms/hello/0.1.0".into());
    req.rev = Some(repo.atom.clone());
    req.name = "hello".into();
    req.shallow = true;
    let got = env.fetcher().git(&req).unwrap();
    // C++ Nix's fetchGit of the same atom (tests/fetchers/fetchGit-eka-atom.exp).
    assert_eq!(got.path.to_string(), "3mlw7y33s1pdgdhniwpv553pcddg8wj5-hello");
    let mut req = GitRequest::new(server.url("/git/repo"));
    req.rev = Some(repo.second.clone());
    let got = env.fetcher().git(&req).unwrap();
    assert_eq!(got.path, source_path("source", &second_tree()));
    assert_eq!(got.rev_count, Some(2));
    assert!(server.hits() >= 4, "both fetches went over HTTP: {}", server.hits());
}
