//! Helpers shared by the integration tests: reading the oracle's expected
//! values (written by `tests/oracle/gen.sh`) and preparing fixture trees.
#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// `store/tests`.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The rows of a tab-separated file under `tests/data`.
pub fn tsv(name: &str) -> Vec<Vec<String>> {
    let text = fs::read_to_string(tests_dir().join("data").join(name)).expect("read test data");
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Copies a fixture tree (keeping symlinks and the executable bit, all git
/// keeps) into `dest`, so tests can add what git cannot hold.
pub fn copy_fixture(src: &Path, dest: &Path) {
    let meta = fs::symlink_metadata(src).unwrap();
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(fs::read_link(src).unwrap(), dest).unwrap();
    } else if meta.is_dir() {
        fs::create_dir(dest).unwrap();
        for e in fs::read_dir(src).unwrap() {
            let e = e.unwrap();
            copy_fixture(&e.path(), &dest.join(e.file_name()));
        }
    } else {
        fs::copy(src, dest).unwrap();
        let exec = meta.permissions().mode() & 0o100 != 0;
        fs::set_permissions(dest, fs::Permissions::from_mode(if exec { 0o755 } else { 0o644 })).unwrap();
    }
}

/// The fixture tree `tests/fixtures/tree` as the oracle saw it: copied into
/// `dir/tree`, plus the empty directory `empty` git cannot keep.
pub fn fixture_tree(dir: &Path) -> PathBuf {
    let tree = dir.join("tree");
    copy_fixture(&tests_dir().join("fixtures/tree"), &tree);
    fs::create_dir(tree.join("empty")).unwrap();
    tree
}
