//! The REPL, `ls`, `doc` and `check` agree with evaluation on every
//! example and spec atom that evaluates, and the re-export idiom composes
//! a generated 781-module atom exactly as the reference composer does.
//!
//! For each atom, each module of its static tree (`ls`):
//! - the REPL, entered into that module (`:cd`), evaluates `mod` to the
//!   names the static tree says `mod` has (plus `outPath`, and `pre` below
//!   the root);
//! - where the module is reachable through public names, evaluating the
//!   atom (the embedding API) gives a public view with exactly the names
//!   `ls` lists as public;
//! - `doc` finds every public member.
//!
//! And `check` finds no error in the atom.

use std::path::Path;

use super::{evaluating_atoms, repo_root};
use crate::atom::cache::FactCache;
use crate::atom::tree;
use crate::repl::{Options as ReplOptions, Session};
use crate::tools::{check, doc, ls};

/// `[ "a" "b" ]` as printed, into names.
fn printed_names(printed: &str) -> Vec<String> {
    printed
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split_whitespace()
        .map(|s| s.trim_matches('"').to_owned())
        .collect()
}

fn agree(atom: &Path, store_root: &Path) -> Result<(), String> {
    let cache = FactCache::uncached();
    let report = check::check(atom, &cache);
    // The laziness example holds syntax errors on purpose, in files that
    // evaluation never loads (`tests/inspect.rs` beside this file checks exactly those).
    let deliberate = |f: &check::Finding| atom.ends_with("laziness") && f.rule == check::Rule::Parse;
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == check::Severity::Error && !deliberate(f))
        .count();
    if errors > 0 {
        return Err(format!("check reports errors:\n{}", report.render(atom, false)));
    }
    let listing = ls::list(atom, &[], &cache).map_err(|e| e.render(false))?;
    let api = crate::Atom::open_with(atom, crate::Options::new().store_root(store_root).warn_sink(|_| {}))
        .map_err(|e| e.render(false))?;
    let mut repl = Session::new(ReplOptions {
        store_root: Some(store_root.to_path_buf()),
        ..Default::default()
    });
    repl.execute(&format!(":l {}", atom.display()))
        .map_err(|e| repl.render_error(&e))?;

    for module in &listing.modules {
        let path: Vec<String> = module
            .path
            .split('.')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let what = format!("{}: module '{}'", atom.display(), module.path);
        let static_module = tree::Module::at(atom, &path, &cache)?;
        if static_module.facts.as_ref().is_some_and(|f| !f.errors.is_empty()) {
            // A module whose mod.nix does not parse (deliberately, in the
            // laziness example) cannot be evaluated; `check` reports it.
            continue;
        }

        // The REPL inside the module: `mod` has the static tree's names.
        repl.execute(&format!(":cd /{}", module.path))
            .or_else(|_| {
                repl.execute(":cd")
                    .and_then(|_| repl.execute(&format!(":cd {}", module.path)))
            })
            .map_err(|e| format!("{what}: :cd: {}", repl.render_error(&e)))?;
        if !static_module.dynamic {
            let (_, printed) = repl
                .execute(":p builtins.attrNames mod")
                .map_err(|e| format!("{what}: {}", repl.render_error(&e)))?;
            let mut expected: Vec<String> = static_module
                .members
                .iter()
                .filter(|m| m.in_mod)
                .map(|m| m.name.clone())
                .collect();
            expected.push("outPath".into());
            if !path.is_empty() {
                expected.push("pre".into());
            }
            expected.sort();
            expected.dedup();
            let got = printed_names(&printed);
            if got != expected {
                return Err(format!(
                    "{what}: the REPL's mod has {got:?}, the static tree {expected:?}"
                ));
            }
        }

        // The public view, where public names reach the module.
        let public: Vec<String> = module
            .members
            .iter()
            .filter(|m| m.public)
            .map(|m| m.name.clone())
            .collect();
        if let Ok(view) = api.eval(&module.path) {
            if !module.dynamic {
                let names = view.names().map_err(|e| format!("{what}: {}", e.render(false)))?;
                let mut expected = public.clone();
                expected.dedup();
                if names != expected {
                    return Err(format!("{what}: the public view has {names:?}, ls lists {expected:?}"));
                }
            }
        }

        // doc finds every public member.
        for name in &public {
            let full = if module.path.is_empty() {
                name.clone()
            } else {
                format!("{}.{name}", module.path)
            };
            doc::lookup(Some(atom), &full).map_err(|e| format!("{what}: doc {full}: {e}"))?;
        }
    }
    Ok(())
}

#[test]
fn repl_ls_doc_and_check_agree_with_evaluation() {
    let store = tempfile::tempdir().unwrap();
    let atoms = evaluating_atoms();
    assert!(atoms.len() >= 20, "{atoms:?}");
    let failures: Vec<String> = atoms
        .iter()
        .filter_map(|atom| {
            let (atom, root) = (atom.clone(), store.path().to_path_buf());
            crate::support::run::on_big_stack(move || agree(&atom, &root)).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `bench/gen-atom.py --reexport`: 781 modules whose every submodule and
/// member is private and published with `M0 = mod.m0;`, `Value = mod.value;`
/// and so on. Evaluated strictly, it prints byte for byte what the
/// reference composer prints on C++ Nix (`tests/generated/reexport-781.exp`,
/// from `tests/composer/run.sh` on the oracle).
#[test]
fn a_generated_atom_of_re_exports_matches_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("atom");
    let status = std::process::Command::new("python3")
        .arg(repo_root().join("bench/gen-atom.py"))
        .args(["--reexport", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("gen-atom.py failed: {s}"),
        Err(e) => {
            eprintln!("skipped: python3 is needed to generate the atom ({e})");
            return;
        }
    }
    let expected = std::fs::read_to_string(repo_root().join("tests/generated/reexport-781.exp")).unwrap();
    let store = dir.path().join("store");
    let got = crate::support::run::on_big_stack(move || {
        let atom =
            crate::Atom::open_with(&out, crate::Options::new().store_root(store)).map_err(|e| e.render(false))?;
        atom.public().and_then(|v| v.to_nix(true)).map_err(|e| e.render(false))
    })
    .unwrap();
    assert!(got + "\n" == expected, "the output differs from the reference's");
}
