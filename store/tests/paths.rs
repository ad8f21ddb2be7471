//! NAR hashing and store paths against C++ Nix: `builtins.path`,
//! `builtins.filterSource`, `builtins.toFile`, `builtins.hashFile`,
//! `builtins.storePath`; expected values in `data/paths.tsv`,
//! `data/names.tsv` and `data/storepaths.tsv`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use store::hash::{Hash, HashAlgo};
use store::nar::{self, FileKind, NarNode};
use store::path::{ContentMethod, StoreDir, StorePath, StoreReferences};

fn expected() -> BTreeMap<String, String> {
    common::tsv("paths.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// The path `builtins.path` gives a file-system object, computed both from
/// an in-memory tree and by streaming from disk, which must agree.
fn source_path(path: &Path, name: &str, filter: &mut dyn FnMut(&Path, FileKind) -> bool) -> String {
    let sd = StoreDir::default();
    let mut calls = Vec::new();
    let node = NarNode::from_path_filtered(path, &mut |p, k| {
        calls.push((p.to_owned(), k));
        filter(p, k)
    })
    .unwrap();
    let mut calls2 = Vec::new();
    let streamed = nar::hash_path(path, HashAlgo::Sha256, &mut |p, k| {
        calls2.push((p.to_owned(), k));
        filter(p, k)
    })
    .unwrap();
    assert_eq!(node.nar_sha256(), streamed);
    assert_eq!(calls, calls2, "both readers ask the filter the same things");
    let mut nar = Vec::new();
    nar::dump_path(path, &mut |p, k| filter(p, k), &mut nar).unwrap();
    assert_eq!(nar, node.to_nar());
    assert_eq!(NarNode::from_nar(&nar).unwrap(), node);
    sd.print(&StorePath::fixed_source(&sd, name, &node.nar_sha256()).unwrap())
}

#[test]
fn source_paths_and_filters() {
    let want = expected();
    let tmp = tempfile::tempdir().unwrap();
    let tree = common::fixture_tree(tmp.path());
    let all = &mut |_: &Path, _: FileKind| true;
    let cases: Vec<(&str, String)> = vec![
        ("path_tree", source_path(&tree, "x", all)),
        ("path_tree_default_name", source_path(&tree, "tree", all)),
        ("path_file", source_path(&tree.join("file.txt"), "file", all)),
        ("path_exec", source_path(&tree.join("exec.sh"), "exec", all)),
        // C++ Nix resolves a symlink given as the path itself (the
        // evaluator's job); the store sees the file it points to.
        ("path_symlink", source_path(&tree.join("file.txt"), "link", all)),
        ("path_empty_dir", source_path(&tree.join("empty"), "empty", all)),
        ("path_sub", source_path(&tree.join("sub"), "sub", all)),
        (
            "filter_no_symlinks",
            source_path(&tree, "tree", &mut |_, k| k != FileKind::Symlink),
        ),
        (
            "filter_no_sub",
            source_path(&tree, "tree", &mut |p, _| p.file_name().unwrap() != "sub"),
        ),
        (
            "filter_only_dirs",
            source_path(&tree, "dirs", &mut |_, k| k == FileKind::Directory),
        ),
    ];
    for (key, got) in cases {
        assert_eq!(&got, &want[key], "{key}");
    }
}

#[test]
fn filter_sees_entries_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = common::fixture_tree(tmp.path());
    // A directory with contents before other entries shows the order is
    // depth first (checked against C++ Nix's traces from a filter).
    std::fs::create_dir_all(tree.join("a-dir/b")).unwrap();
    std::fs::write(tree.join("a-dir/b/f"), "").unwrap();
    std::fs::write(tree.join("a-dir/g"), "").unwrap();
    let mut seen = Vec::new();
    NarNode::from_path_filtered(&tree, &mut |p, k| {
        seen.push(format!("{} {}", p.strip_prefix(&tree).unwrap().display(), k.as_str()));
        p.file_name().unwrap() != "nested"
    })
    .unwrap();
    assert_eq!(
        seen,
        [
            "a-dir directory",
            "a-dir/b directory",
            "a-dir/b/f regular",
            "a-dir/g regular",
            "dangling symlink",
            "empty directory",
            "exec.sh regular",
            "file.txt regular",
            "link symlink",
            "sub directory",
            "sub/B-upper regular",
            "sub/a-lower regular",
            "sub/dirlink symlink",
            "sub/empty-file regular",
            "sub/nested directory",
        ]
    );
}

#[test]
fn flat_file_path_and_hash_file() {
    let want = expected();
    let sd = StoreDir::default();
    let tree = common::tests_dir().join("fixtures/tree");
    let contents = std::fs::read(tree.join("file.txt")).unwrap();
    let flat = StorePath::fixed_output(
        &sd,
        "flat",
        ContentMethod::Flat,
        &Hash::sha256(&contents),
        &StoreReferences::default(),
    )
    .unwrap();
    assert_eq!(sd.print(&flat), want["path_file_flat"]);
    assert_eq!(Hash::sha256(&contents).to_base16(), want["hashfile_sha256"]);
    let exec = std::fs::read(tree.join("exec.sh")).unwrap();
    assert_eq!(Hash::of(HashAlgo::Md5, &exec).to_base16(), want["hashfile_md5"]);
    assert_eq!(Hash::of(HashAlgo::Sha1, b"").to_base16(), want["hashfile_sha1_empty"]);
}

#[test]
fn to_file_paths() {
    let want = expected();
    let sd = StoreDir::default();
    let none = BTreeSet::new();
    for (key, name, contents) in [
        ("tofile_hello", "hello", "hello world\n"),
        ("tofile_empty", "empty.txt", ""),
        ("tofile_drvlike", "a.b-c_d", "x"),
    ] {
        let p = StorePath::text_of(&sd, name, contents.as_bytes(), &none).unwrap();
        assert_eq!(sd.print(&p), want[key], "{key}");
    }
    // With references: the text names other store paths, which the type
    // lists (`text:<path>:<path>`, in path order).
    let dep = StorePath::text_of(&sd, "dep", b"z", &none).unwrap();
    let dep2 = StorePath::text_of(&sd, "dep2", b"zz", &none).unwrap();
    assert_eq!(sd.print(&dep), want["tofile_dep"]);
    assert_eq!(sd.print(&dep2), want["tofile_dep2"]);
    let contents = format!("see {} and {}", sd.print(&dep2), sd.print(&dep));
    let refs = BTreeSet::from([dep, dep2]);
    let p = StorePath::text_of(&sd, "withrefs", contents.as_bytes(), &refs).unwrap();
    assert_eq!(sd.print(&p), want["tofile_with_refs"]);
}

#[test]
fn names_like_cpp_nix() {
    let sd = StoreDir::default();
    let rows = common::tsv("names.tsv");
    assert!(rows.len() >= 12);
    for row in rows {
        // The empty name makes a row with an empty first field.
        let (name, expected) = (&row[0], &row[1]);
        let got = match StorePath::text_of(&sd, name, b"x", &BTreeSet::new()) {
            Ok(p) => format!("ok:{}", sd.print(&p)),
            Err(e) => format!("err:{e}"),
        };
        assert_eq!(&got, expected, "name {name:?}");
    }
}

#[test]
fn store_path_parsing_like_cpp_nix() {
    let sd = StoreDir::default();
    for row in common::tsv("storepaths.tsv") {
        let (path, expected) = (&row[0], &row[1]);
        let got = match sd.parse_path(path) {
            Ok(p) => format!("ok:{}", sd.print(&p)),
            Err(e) => format!("err:{e}"),
        };
        assert_eq!(&got, expected, "storePath {path:?}");
    }
}

#[test]
fn store_dir_helpers() {
    let sd = StoreDir::default();
    let p = "/nix/store/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-foo-1.2";
    assert!(sd.is_in_store(&format!("{p}/bin/x")));
    assert!(!sd.is_in_store("/nix/store"));
    assert!(!sd.is_in_store("/nix/storex/a"));
    let full = format!("{p}/bin/x");
    let (sp, rest) = sd.to_store_path(&full).unwrap();
    assert_eq!((sp.name(), rest), ("foo-1.2", "/bin/x"));
    assert_eq!(sp.hash_part(), "z".repeat(32));
    assert_eq!(StorePath::from_base_name(&sp.base_name()).unwrap(), sp);
    // Another store directory changes every hash.
    let other = StoreDir::new("/tmp/store").unwrap();
    let h = Hash::sha256(b"x");
    assert_ne!(
        StorePath::fixed_source(&sd, "x", &h).unwrap(),
        StorePath::fixed_source(&other, "x", &h).unwrap()
    );
    // Non-ASCII illegal characters are reported as C++ Nix's single byte.
    let err = StorePath::text_of(&sd, "aé", b"x", &BTreeSet::new()).unwrap_err();
    assert!(err.to_bytes().ends_with(b"contains illegal character '\xc3'"));
    // A multi-byte character right after the hash part must not panic.
    assert!(StorePath::from_base_name(&format!("{}é-x", "0".repeat(32))).is_err());
    assert!(StorePath::from_base_name(&format!("{}-é", "0".repeat(32))).is_err());
}
