//! Embeds the std atom (`../std`) in the binary: generates a table of its
//! files, so `atom-eval` needs no install step to find std.
//!
//! The source directory is read from the environment when the script runs,
//! not baked in when it is compiled: two checkouts sharing one
//! `CARGO_TARGET_DIR` may run the same compiled script. Every failure is
//! reported with the path it concerns rather than a panic.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: embedding the std atom: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?;
    let std_dir = Path::new(&manifest_dir).join("../std");
    if !std_dir.is_dir() {
        return Err(format!("{} is not a directory", std_dir.display()));
    }
    println!("cargo:rerun-if-changed={}", std_dir.display());
    let mut files = Vec::new();
    collect(&std_dir, &std_dir, &mut files)?;
    files.sort();
    let mut out = String::from("/// std's files: path relative to the std atom, contents.\n");
    out.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let abs = abs
            .to_str()
            .ok_or_else(|| format!("{} is not valid UTF-8", abs.display()))?;
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    out.push_str("];\n");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let dest = PathBuf::from(out_dir).join("std_files.rs");
    std::fs::write(&dest, out).map_err(|e| format!("writing {}: {e}", dest.display()))
}

/// Every regular file under `dir`, with its path relative to `root`.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let read = |e: std::io::Error| format!("reading {}: {e}", dir.display());
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        entries.push(entry.map_err(read)?.path());
    }
    entries.sort();
    for path in entries {
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out)?;
        } else if path.is_file() {
            let rel = path
                .strip_prefix(root)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let abs = path
                .canonicalize()
                .map_err(|e| format!("resolving {}: {e}", path.display()))?;
            out.push((rel.to_string_lossy().into_owned(), abs));
        }
    }
    Ok(())
}
