//! The crate's white-box tests: those that reach the internal layers (the
//! static tools, the REPL session, the atom host with a counting file
//! system), which the cross-crate tests in `tests/` cannot, since they see
//! only the public API and the binary. Their fixtures live in the
//! repository's `tests/`, `examples/` and `modules-spec/` directories.

mod agreement;
mod inspect;
mod laziness;

use std::path::{Path, PathBuf};

/// The repository root (the parent of this crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("evaluator/ has a parent")
        .to_path_buf()
}

/// Every atom of `examples/` and `modules-spec/examples/` that evaluates
/// (has an `expected.out`), sorted.
fn evaluating_atoms() -> Vec<PathBuf> {
    let root = repo_root();
    let mut atoms = Vec::new();
    for dir in [root.join("examples"), root.join("modules-spec/examples")] {
        for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
            if e.path().join("expected.out").is_file() {
                atoms.push(e.path());
            }
        }
    }
    atoms.sort();
    atoms
}
