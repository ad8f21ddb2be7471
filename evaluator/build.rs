//! Embeds the std atom (`../std`) in the binary: generates a table of its
//! files, so `atom-eval` needs no install step to find std.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let std_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../std");
    println!("cargo:rerun-if-changed={}", std_dir.display());
    let mut files = Vec::new();
    collect(&std_dir, &std_dir, &mut files);
    files.sort();
    let mut out = String::from("/// std's files: path relative to the std atom, contents.\n");
    out.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(out, "    ({rel:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("std_files.rs");
    std::fs::write(dest, out).unwrap();
}

/// Every regular file under `dir`, with its path relative to `root`.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out);
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.push((rel, path.canonicalize().unwrap()));
        }
    }
}
