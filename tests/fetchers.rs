//! The plain-Nix fetchers against C++ Nix 2.26: each `tests/fetchers/*.nix`
//! (with `@FX@` standing for the fixture directory) is evaluated by the
//! CLI and compared with the `.exp` that `tests/fetchers/oracle.sh`
//! recorded from the oracle on the same fixtures
//! (`tests/fetchers/make-fixtures.sh`). Store paths, NAR hashes and
//! revisions depend only on content, so they match wherever the fixtures
//! are. Then the fixtures are removed and every fetch is answered again
//! with `--offline`, from the store and cache alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use atom_eval_tests::{atom_eval_binary, repo_root};

struct Run {
    stdout: String,
    stderr: String,
    ok: bool,
}

fn eval(cache: &Path, expr: &str, extra: &[&str]) -> Run {
    let out = Command::new(atom_eval_binary())
        .arg("eval")
        .arg("--strict")
        .args(["--extra-experimental-features", "flakes fetch-tree"])
        .args(extra)
        .args(["-E", expr])
        .env("XDG_CACHE_HOME", cache)
        .env_remove("NIX_PATH")
        .env_remove("NIX_STORE_DIR")
        .output()
        .expect("atom-eval runs");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        ok: out.status.success(),
    }
}

fn fixtures(dir: &Path) -> PathBuf {
    let fx = dir.join("fx");
    let status = Command::new("bash")
        .arg(repo_root().join("tests/fetchers/make-fixtures.sh"))
        .arg(&fx)
        .status()
        .expect("bash runs");
    assert!(status.success(), "making the fixtures failed");
    fx
}

fn cases() -> Vec<(String, String, String)> {
    let dir = repo_root().join("tests/fetchers");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let expr = std::fs::read_to_string(&p).unwrap();
            let exp = std::fs::read_to_string(p.with_extension("exp")).unwrap();
            (name, expr, exp)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 23, "the cases are there");
    out
}

#[test]
fn fetchers_match_cpp_nix_then_work_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixtures(tmp.path());
    let cache = tmp.path().join("cache");
    let mut failures = Vec::new();
    let cases = cases();
    for (name, expr, exp) in &cases {
        let expr = expr.replace("@FX@", fx.to_str().unwrap());
        let run = eval(&cache, &expr, &[]);
        if !run.ok || run.stdout != *exp {
            failures.push(format!(
                "{name}:\n  expected {exp}  got {}  stderr {}",
                run.stdout, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The sources are gone: everything fetched comes from the store.
    let moved = tmp.path().join("moved");
    std::fs::rename(&fx, &moved).unwrap();
    for (name, expr, exp) in &cases {
        if name == "fetchTree-path" || name.starts_with("fetchGit-dirty-worktree") {
            continue; // local paths and working trees, read where they are
        }
        let expr = expr.replace("@FX@", fx.to_str().unwrap());
        let run = eval(&cache, &expr, &["--offline"]);
        if !run.ok || run.stdout != *exp {
            failures.push(format!(
                "{name} offline:\n  expected {exp}  got {}  stderr {}",
                run.stdout, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Offline, a fetch never made is an error naming what would be fetched.
    let run = eval(
        &cache,
        &format!("builtins.fetchTarball \"file://{}/other.tar.gz\"", fx.display()),
        &["--offline"],
    );
    assert!(!run.ok);
    assert!(
        run.stderr.contains("other.tar.gz") && run.stderr.contains("offline"),
        "{}",
        run.stderr
    );
}

#[test]
fn bare_repositories_and_hash_mismatches() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixtures(tmp.path());
    let cache = tmp.path().join("cache");
    // A bare clone by path gives what the working repository gives.
    let rev = "1bbdb1fd0e66a27be0f29d6a30a75c75697008bd";
    let run = eval(
        &cache,
        &format!(
            "builtins.fetchGit {{ url = \"{}/bare.git\"; ref = \"main\"; rev = \"{rev}\"; }}",
            fx.display()
        ),
        &[],
    );
    let exp = std::fs::read_to_string(repo_root().join("tests/fetchers/fetchGit-rev.exp")).unwrap();
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(run.stdout, exp);

    // A wrong hash names both, in SRI, and nothing is reused afterwards.
    let wrong = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let run = eval(
        &cache,
        &format!(
            "builtins.fetchTarball {{ url = \"file://{}/p.tar.gz\"; sha256 = \"{wrong}\"; }}",
            fx.display()
        ),
        &[],
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("hash mismatch"), "{}", run.stderr);
    assert!(run.stderr.contains(wrong), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("sha256-gZ5TmINX3sjcmLcdQkbsZLgYmu9fkEFSXLQzeC9NDpM="),
        "{}",
        run.stderr
    );

    // Not an archive.
    let run = eval(
        &cache,
        &format!("builtins.fetchTarball \"file://{}/hello.txt\"", fx.display()),
        &[],
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("unrecognised archive format"), "{}", run.stderr);

    // A dirty working tree is taken as it is, with C++ Nix's warning.
    let run = eval(&cache, &format!("builtins.fetchGit {}/dirty", fx.display()), &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("warning: Git tree '{}/dirty' is dirty", fx.display())),
        "{}",
        run.stderr
    );

    // fetchTree exists only with its experimental feature, as in C++ Nix.
    let out = Command::new(atom_eval_binary())
        .args(["eval", "-E", "builtins ? fetchTree"])
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "false\n");
}
