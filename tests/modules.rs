//! The module system of nixpkgs' lib against C++ Nix: every
//! `tests/modules/NAME.nix` is a function `{ lib }: ...`, evaluated as
//! `atom-eval eval --strict NAME.nix --arg lib 'import CORPUS/lib'` (plus
//! the flags of a `# flags: ...` line). A success must print `NAME.exp`; a
//! failure must print the whole error message of `NAME.err.exp` (from its
//! innermost `error: ` to the end: `Definition values:` lists, "Did you
//! mean" hints), and its trace must hold every context line of C++ Nix's
//! that has no position: the texts lib adds with `addErrorContext`, such as
//! `while evaluating the option` and the infinite recursion hint. (Other
//! frames differ by design: C++ Nix truncates its trace, ours lists each
//! call.) `tests/modules/regen.py` made the
//! expectations with C++ Nix, the checkout written as `/pwd` and the
//! corpus as `/nixpkgs-lib`.
//!
//! The corpus is read in place from `$NIXPKGS_LIB` or
//! `../shared/corpora/nixpkgs-lib` next to the checkout; without it every
//! case is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::Command;

use atom_eval_tests::{atom_eval_binary, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};

/// The directory holding nixpkgs' `lib/`, if present.
fn corpus() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("NIXPKGS_LIB").map(PathBuf::from),
        Some(repo_root().join("../shared/corpora/nixpkgs-lib")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("lib/default.nix").is_file())
        .and_then(|p| p.canonicalize().ok())
}

/// C++ Nix's whole innermost message: from the last `error:` to the end,
/// without the 7 columns of indentation its logger adds to further lines,
/// and without a positioned message's `at FILE:LINE:COL:` and snippet.
fn cpp_message(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let Some(last) = lines.iter().rposition(|l| {
        let l = l.trim_start();
        l == "error:" || l.starts_with("error: ")
    }) else {
        return stderr.trim_end().to_owned();
    };
    let mut out = vec![lines[last].trim_start().to_owned()];
    let mut in_snippet = false;
    for line in &lines[last + 1..] {
        let line = line.strip_prefix("       ").unwrap_or(line.trim_start());
        if line.starts_with("at ") && line.ends_with(':') {
            in_snippet = true;
            continue;
        }
        let gutter = line.trim_start().trim_start_matches(|c: char| c.is_ascii_digit());
        if in_snippet && gutter.starts_with('|') {
            continue;
        }
        in_snippet = false;
        out.push(line.to_owned());
    }
    out.join("\n").trim_end().to_owned()
}

/// atom-eval's message: from `error: ` up to its source snippet or trace.
fn our_message(stderr: &str) -> String {
    let mut out = Vec::new();
    for line in stderr.lines() {
        if line.trim_start().starts_with("╭─[") || line.starts_with("  … ") {
            break;
        }
        out.push(line);
    }
    out.join("\n").trim_end().to_owned()
}

/// The context lines of C++ Nix's trace that carry no position: the texts
/// that nixpkgs' lib adds with `addErrorContext` (`while evaluating the
/// option`, the infinite recursion hint), which ours must show too.
fn cpp_hints(stderr: &str) -> Vec<&str> {
    let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| l.starts_with('…') && !lines.get(i + 1).is_some_and(|n| n.starts_with("at ")))
        .map(|(_, l)| l.trim_start_matches('…').trim())
        .filter(|l| !l.starts_with("(stack trace truncated"))
        .collect()
}

fn case(file: &Path, lib: &Path) -> Result<(), Failed> {
    let source = std::fs::read_to_string(file)?;
    let flags: Vec<&str> = source
        .lines()
        .find_map(|l| l.strip_prefix("# flags:"))
        .map(|f| f.split_whitespace().collect())
        .unwrap_or_default();
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--strict"])
        .arg(file)
        .arg("--arg")
        .arg("lib")
        .arg(format!("import {}/lib", lib.display()))
        .args(&flags)
        .env("NO_COLOR", "1")
        .output()?;
    let root = repo_root().to_string_lossy().into_owned();
    let normalise = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .replace(&*lib.to_string_lossy(), "/nixpkgs-lib")
            .replace(&root, "/pwd")
    };
    let (stdout, stderr) = (normalise(&out.stdout), normalise(&out.stderr));
    if let Ok(expected) = std::fs::read_to_string(file.with_extension("exp")) {
        if !out.status.success() || stdout != expected {
            return Err(format!("expected:\n{expected}got:\n{stdout}{stderr}").into());
        }
        return Ok(());
    }
    let expected = std::fs::read_to_string(file.with_extension("err.exp"))?;
    if out.status.success() {
        return Err(format!("succeeded with {stdout}, expected:\n{expected}").into());
    }
    let (want, got) = (cpp_message(&expected), our_message(&stderr));
    if want != got {
        return Err(format!("expected the message:\n{want}\ngot:\n{got}\n(whole stderr:\n{stderr})").into());
    }
    let ours: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  … "))
        .map(|l| l.split(" at ").next().unwrap_or(l))
        .collect();
    let missing: Vec<&str> = cpp_hints(&expected)
        .into_iter()
        .filter(|h| !ours.iter().any(|o| o.trim_end() == *h))
        .collect();
    if !missing.is_empty() {
        return Err(format!("the trace lacks:\n{}\n(whole stderr:\n{stderr})", missing.join("\n")).into());
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let dir = repo_root().join("tests/modules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/modules")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .collect();
    files.sort();
    let lib = corpus();
    if lib.is_none() {
        eprintln!(
            "modules: skipped, nixpkgs' lib not found (set NIXPKGS_LIB or check out ../shared/corpora/nixpkgs-lib)"
        );
    }
    let trials = files
        .into_iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            match lib.clone() {
                Some(lib) => Trial::test(name, move || case(&f, &lib)),
                None => Trial::test(name, || Ok(())).with_ignored_flag(true),
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
