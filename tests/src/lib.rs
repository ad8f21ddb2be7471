//! Shared helpers for the cross-crate tests.

use std::path::{Path, PathBuf};

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Replaces the checkout's absolute path by `/pwd`, as expected outputs do.
pub fn normalise(text: &str) -> String {
    text.replace(&*repo_root().to_string_lossy(), "/pwd")
}

/// The innermost `error: ...` message of C++ Nix's stderr: the text after
/// the last `error: ` marker, up to the end of that line.
pub fn innermost_error(stderr: &str) -> Option<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("error: "))
        .next_back()
        .map(|m| m.trim_end().to_owned())
}

/// Cases of a corpus directory: `(name, nix file)` pairs for a prefix.
pub fn cases(dir: &Path, prefix: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    name.starts_with(prefix) && name.ends_with(".nix")
                })
                .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The `atom-eval` binary of the running test's profile and target
/// directory (wherever `CARGO_TARGET_DIR` puts it), built once if needed.
pub fn atom_eval_binary() -> PathBuf {
    use std::process::Command;
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("test executable path");
            let profile_dir = exe.parent().and_then(|d| d.parent()).expect("target/PROFILE/deps/TEST");
            let target_dir = profile_dir.parent().expect("target dir");
            let profile = profile_dir.file_name().expect("profile").to_string_lossy().into_owned();
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "-q", "-p", "atom-eval", "--bin", "atom-eval", "--profile"])
                .arg(if profile == "debug" { "dev" } else { &profile })
                .arg("--target-dir")
                .arg(target_dir)
                .current_dir(repo_root())
                .status()
                .expect("running cargo build");
            assert!(status.success(), "building atom-eval failed");
            profile_dir.join("atom-eval")
        })
        .clone()
}

/// Runs `f` on a thread with a 256 MiB stack, as the `atom-eval` binary
/// runs evaluation, and returns its result (re-raising its panic).
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("eval".into())
        .stack_size(256 * 1024 * 1024)
        .spawn(f)
        .expect("spawning the evaluation thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
