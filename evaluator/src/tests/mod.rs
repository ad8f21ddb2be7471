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
