//! The on-disk store: layout, permissions, atomicity under concurrent
//! writers (threads and processes) and after a writer is killed.
//!
//! Process tests re-run this test binary with `STORE_TEST_HELPER` set, which
//! turns the `helper_process` test into a child that adds a tree to a
//! store; without the variable that test does nothing.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use store::local::{is_temporary_name, LocalStore, TEMP_PREFIX};
use store::nar::{FileKind, NarNode};
use store::path::{StoreDir, StorePath};

/// A deterministic tree of `files` files of `size` bytes in ten
/// directories, with an executable, a symlink and an empty directory.
fn big_tree(files: usize, size: usize) -> NarNode {
    let mut dirs: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, NarNode>> = BTreeMap::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..files {
        let mut contents = Vec::with_capacity(size);
        while contents.len() < size {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            contents.extend_from_slice(&state.to_le_bytes());
        }
        contents.truncate(size);
        dirs.entry(format!("d{}", i % 10).into_bytes()).or_default().insert(
            format!("f{i}").into_bytes(),
            NarNode::Regular {
                contents,
                executable: i % 7 == 0,
            },
        );
    }
    let mut top: BTreeMap<Vec<u8>, NarNode> = dirs.into_iter().map(|(k, v)| (k, NarNode::Directory(v))).collect();
    top.insert(
        b"link".to_vec(),
        NarNode::Symlink {
            target: b"d0/f0".to_vec(),
        },
    );
    top.insert(b"empty".to_vec(), NarNode::Directory(BTreeMap::new()));
    NarNode::Directory(top)
}

fn path_for(node: &NarNode, name: &str) -> StorePath {
    StorePath::fixed_source(&StoreDir::default(), name, &node.nar_sha256()).unwrap()
}

fn temporaries(store: &LocalStore) -> Vec<PathBuf> {
    fs::read_dir(store.physical_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| is_temporary_name(&e.file_name()))
        .map(|e| e.path())
        .collect()
}

#[test]
fn add_read_back_and_permissions() {
    let root = tempfile::tempdir().unwrap();
    let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
    assert_eq!(store.physical_dir(), root.path().join("nix/store"));
    let tree = big_tree(30, 100);
    let p = path_for(&tree, "tree");
    assert!(!store.contains(&p));
    assert!(store.add(&p, &tree).unwrap());
    assert!(store.contains(&p));
    assert!(!store.add(&p, &tree).unwrap(), "second add finds it there");
    assert_eq!(store.read(&p).unwrap(), tree);
    assert_eq!(store.list().unwrap(), vec![p.clone()]);

    let phys = store.physical_path(&p);
    assert_eq!(phys, root.path().join("nix/store").join(p.to_string()));
    let logical = format!("{}/d0/f0", StoreDir::default().print(&p));
    assert_eq!(store.to_physical(&logical).unwrap(), phys.join("d0/f0"));
    assert_eq!(store.to_physical("/etc/passwd"), None);

    // Read-only like Nix: files 0444 or 0555, directories 0555, time 1.
    let mode = |p: &Path| fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&phys), 0o555);
    assert_eq!(mode(&phys.join("d0")), 0o555);
    assert_eq!(mode(&phys.join("empty")), 0o555);
    assert_eq!(mode(&phys.join("d0/f0")), 0o555);
    assert_eq!(mode(&phys.join("d1/f1")), 0o444);
    assert_eq!(fs::symlink_metadata(phys.join("d1/f1")).unwrap().mtime(), 1);
    assert_eq!(fs::symlink_metadata(&phys).unwrap().mtime(), 1);
    assert!(temporaries(&store).is_empty());

    // Single files and symlinks as whole store objects.
    let text = StorePath::text_of(&StoreDir::default(), "t.txt", b"hi", &Default::default()).unwrap();
    assert!(store.add_text(&text, b"hi").unwrap());
    assert_eq!(fs::read(store.physical_path(&text)).unwrap(), b"hi");
    assert_eq!(mode(&store.physical_path(&text)), 0o444);
    let link = NarNode::Symlink {
        target: b"/nowhere".to_vec(),
    };
    let lp = path_for(&link, "link");
    assert!(store.add(&lp, &link).unwrap());
    assert_eq!(store.read(&lp).unwrap(), link);
}

#[test]
fn add_from_path_streams_a_copy() {
    let src = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let store = LocalStore::open(StoreDir::new("/my/store").unwrap(), root.path()).unwrap();
    // Materialise a tree, then copy it in from disk with a filter.
    let tree = big_tree(20, 1000);
    let staging = LocalStore::open(StoreDir::default(), src.path()).unwrap();
    let sp = path_for(&tree, "src");
    staging.add(&sp, &tree).unwrap();
    let on_disk = staging.physical_path(&sp);
    let mut filter = |p: &Path, k: FileKind| !(k == FileKind::Directory && p.ends_with("d3"));
    let expected = NarNode::from_path_filtered(&on_disk, &mut filter).unwrap();
    let p = StorePath::fixed_source(store.store_dir(), "copy", &expected.nar_sha256()).unwrap();
    assert!(store.add_from_path(&p, &on_disk, &mut filter).unwrap());
    assert_eq!(store.read(&p).unwrap(), expected);
    assert!(root.path().join("my/store").join(p.to_string()).join("d2").exists());
    assert!(!root.path().join("my/store").join(p.to_string()).join("d3").exists());
}

#[test]
fn failed_add_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
    let mut entries = BTreeMap::new();
    entries.insert(b"ok".to_vec(), NarNode::file("x"));
    entries.insert(b"bad/name".to_vec(), NarNode::file("y"));
    let tree = NarNode::Directory(entries);
    let p = path_for(&tree, "bad");
    assert!(store.add(&p, &tree).is_err());
    assert!(!store.contains(&p));
    assert!(temporaries(&store).is_empty());
}

#[test]
fn concurrent_threads_add_the_same_path() {
    let root = tempfile::tempdir().unwrap();
    let store = Arc::new(LocalStore::open(StoreDir::default(), root.path()).unwrap());
    for round in 0..5 {
        let tree = Arc::new(big_tree(40 + round, 2000));
        let p = path_for(&tree, "threads");
        let barrier = Arc::new(Barrier::new(6));
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let (store, tree, p, barrier) = (store.clone(), tree.clone(), p.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    store.add(&p, &tree).unwrap()
                })
            })
            .collect();
        let created: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(created.iter().filter(|&&c| c).count(), 1, "{created:?}");
        assert_eq!(store.read(&p).unwrap(), *tree);
        assert!(temporaries(&store).is_empty());
    }
    // Single files race through hard links: still exactly one winner.
    for round in 0..5 {
        let contents = format!("text {round}").into_bytes();
        let p = StorePath::text_of(&StoreDir::default(), "t", &contents, &Default::default()).unwrap();
        let barrier = Arc::new(Barrier::new(6));
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let (store, contents, p, barrier) = (store.clone(), contents.clone(), p.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    store.add_text(&p, &contents).unwrap()
                })
            })
            .collect();
        let created: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(created.iter().filter(|&&c| c).count(), 1, "{created:?}");
        assert_eq!(fs::read(store.physical_path(&p)).unwrap(), contents);
        assert!(temporaries(&store).is_empty());
    }
}

const HELPER_ENV: &str = "STORE_TEST_HELPER";

/// Child-process side of the process tests (see the module docs).
#[test]
fn helper_process() {
    let Ok(mode) = std::env::var(HELPER_ENV) else {
        return;
    };
    let root = std::env::var("STORE_TEST_ROOT").unwrap();
    let files: usize = std::env::var("STORE_TEST_FILES").unwrap().parse().unwrap();
    let size: usize = std::env::var("STORE_TEST_SIZE").unwrap().parse().unwrap();
    let tree = big_tree(files, size);
    let p = path_for(&tree, "proc");
    let store = LocalStore::open(StoreDir::default(), &root).unwrap();
    if mode == "stall" {
        // Copy the tree in from disk, but stop for good half-way, once the
        // temporary copy has some files, and tell the parent.
        let src = Path::new(&root).join("src");
        let staging = LocalStore::open(StoreDir::default(), &src).unwrap();
        staging.add(&p, &tree).unwrap();
        let mut seen = 0;
        let mut filter = |_: &Path, _: FileKind| {
            seen += 1;
            if seen == files / 2 {
                fs::write(Path::new(&root).join("stalled"), b"").unwrap();
                std::thread::sleep(Duration::from_secs(120));
            }
            true
        };
        store
            .add_from_path(&p, &staging.physical_path(&p), &mut filter)
            .unwrap();
        return;
    }
    let created = store.add(&p, &tree).unwrap();
    println!("created={created}");
}

fn spawn_helper(mode: &str, root: &Path, files: usize, size: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "helper_process", "--nocapture", "--test-threads=1"])
        .env(HELPER_ENV, mode)
        .env("STORE_TEST_ROOT", root)
        .env("STORE_TEST_FILES", files.to_string())
        .env("STORE_TEST_SIZE", size.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_processes_add_the_same_path() {
    for round in 0..3 {
        let root = tempfile::tempdir().unwrap();
        let (files, size) = (60 + round, 4096);
        let children: Vec<Child> = (0..4).map(|_| spawn_helper("race", root.path(), files, size)).collect();
        // Let them all build their trees and wait, then release them.
        std::thread::sleep(Duration::from_millis(200));
        fs::write(root.path().join("go"), b"").unwrap();
        let mut created = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "helper failed: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(stdout.contains("created="), "{stdout}");
            created += stdout.contains("created=true") as usize;
        }
        assert_eq!(created, 1, "exactly one process wins the rename");
        let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
        let tree = big_tree(files, size);
        let p = path_for(&tree, "proc");
        assert_eq!(store.read(&p).unwrap(), tree);
        assert!(temporaries(&store).is_empty());
    }
}

#[test]
fn killed_writer_leaves_no_visible_path() {
    let root = tempfile::tempdir().unwrap();
    let store_dir = root.path().join("nix/store");
    let (files, size) = (200, 16 * 1024);
    let mut child = spawn_helper("stall", root.path(), files, size);
    // The writer signals once its temporary copy is half done, and then
    // never goes on: kill it there.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !root.path().join("stalled").exists() {
        assert!(Instant::now() < deadline, "the writer never got half-way");
        assert!(child.try_wait().unwrap().is_none(), "the writer exited early");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let tree = big_tree(files, size);
    let p = path_for(&tree, "proc");
    assert!(!store_dir.join(p.to_string()).exists(), "a partial path became visible");
    let tmp: Vec<PathBuf> = fs::read_dir(&store_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|e| is_temporary_name(e.file_name().unwrap()))
        .collect();
    assert_eq!(tmp.len(), 1, "the killed writer's temporary is left over");
    assert!(
        fs::read_dir(tmp[0].join("d0")).unwrap().count() > 0,
        "it was half-written"
    );

    // Opening the store removes the dead writer's temporary (read-only
    // directories and all); readers never list it.
    let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
    assert!(!tmp[0].exists());
    assert!(store.list().unwrap().is_empty());
    assert!(store.add(&p, &tree).unwrap());
    assert_eq!(store.read(&p).unwrap(), tree);
}

#[test]
fn killed_while_writing_a_large_tree() {
    // The same without a deliberate stall: kill a writer of a large
    // in-memory tree as soon as its temporary appears. Wherever the kill
    // lands, the path is either absent or complete, never partial.
    let root = tempfile::tempdir().unwrap();
    let store_dir = root.path().join("nix/store");
    fs::create_dir_all(&store_dir).unwrap();
    let (files, size) = (400, 64 * 1024);
    let mut child = spawn_helper("slow", root.path(), files, size);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "the writer never started");
        let started = fs::read_dir(&store_dir)
            .unwrap()
            .any(|e| is_temporary_name(&e.unwrap().file_name()));
        if started || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    let tree = big_tree(files, size);
    let p = path_for(&tree, "proc");
    let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
    if store.contains(&p) {
        assert_eq!(store.read(&p).unwrap(), tree);
    }
    assert!(temporaries(&store).is_empty());
    store.add(&p, &tree).unwrap();
    assert_eq!(store.read(&p).unwrap(), tree);
}

#[test]
fn live_writers_temporaries_are_kept() {
    // A temporary named after a live process (this one) is not cleaned,
    // nor one of an unknown shape that is recent.
    let root = tempfile::tempdir().unwrap();
    let store = LocalStore::open(StoreDir::default(), root.path()).unwrap();
    let mine = store
        .physical_dir()
        .join(format!("{TEMP_PREFIX}{}-0-0-x", std::process::id()));
    let odd = store.physical_dir().join(format!("{TEMP_PREFIX}garbage"));
    fs::create_dir(&mine).unwrap();
    fs::create_dir(&odd).unwrap();
    assert_eq!(store.clean_temporaries().unwrap(), 0);
    assert!(mine.exists() && odd.exists());
}
