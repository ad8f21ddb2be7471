//! Example atoms: every atom under `modules-spec/examples/` and
//! `examples/` is composed two ways, and both must give what the reference
//! composer (`tests/composer/compose.nix`) printed on C++ Nix 2.26:
//!
//! - `native`: the atom plugin;
//! - `composer`: atom-eval in plain-Nix mode running `compose.nix` itself
//!   (its `scopedImport`, `builtins.path` and store copies).
//!
//! `expected.out` is the exact `--strict` output; `expected.json` (where
//! present) the `--json` output; `expected.err` lines that must all occur
//! in the rendered error. Each run uses a fresh temporary store root.
//!
//! The std cases (`tests/std/eval-okay-std-*.nix`) run the same two ways:
//! std loaded by the reference composer, and the std embedded in the binary
//! composed natively.

use std::path::{Path, PathBuf};

use atom_eval_tests::{normalise, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};

/// A plain-Nix evaluator whose warnings are dropped, with store objects
/// under `store_root`.
fn quiet_nix(store_root: &Path) -> atom_eval::Nix {
    atom_eval::Options::new().store_root(store_root).warn_sink(|_| {}).nix()
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    Native,
    Composer,
}

/// The atom's public view printed (`Ok`), or the rendered error (`Err`).
fn compose(mode: Mode, dir: &Path, json: bool, store_root: &Path) -> Result<String, String> {
    let dir = dir.to_path_buf();
    let store_root = store_root.to_path_buf();
    atom_eval_tests::on_big_stack(move || match mode {
        Mode::Native => {
            let options = atom_eval::Options::new().store_root(&store_root).warn_sink(|_| {});
            let atom = atom_eval::Atom::open_with(&dir, options).map_err(|e| e.render(false))?;
            let public = atom.public().map_err(|e| e.render(false))?;
            if json { public.to_json() } else { public.to_nix(true) }.map_err(|e| e.render(false))
        }
        Mode::Composer => {
            let root = repo_root();
            let expr = format!(
                "import {}/tests/composer/compose.nix {{ std = {}/std; }} {}",
                root.display(),
                root.display(),
                dir.display()
            );
            let v = quiet_nix(&store_root).eval_expr(&expr).map_err(|e| e.render(false))?;
            if json { v.to_json() } else { v.to_nix(true) }.map_err(|e| e.render(false))
        }
    })
}

fn check(mode: Mode, dir: PathBuf) -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let result = compose(mode, &dir, false, store.path());
    if let Ok(expected) = std::fs::read_to_string(dir.join("expected.out")) {
        let got = result.map_err(|e| format!("evaluation failed:\n{}", normalise(&e)))?;
        let got = normalise(&got) + "\n";
        if got != expected {
            return Err(format!("expected:\n{expected}got:\n{got}").into());
        }
        if let Ok(expected) = std::fs::read_to_string(dir.join("expected.json")) {
            let got = compose(mode, &dir, true, store.path()).map_err(|e| format!("--json failed:\n{e}"))?;
            let got = normalise(&got) + "\n";
            if got != expected {
                return Err(format!("--json expected:\n{expected}got:\n{got}").into());
            }
        }
        return Ok(());
    }
    // Where atom-eval is deliberately stricter than the reference (its
    // hermeticity), the native composer has expectations of its own.
    let native = dir.join("expected.native.err");
    let file = match mode {
        Mode::Native if native.is_file() => native,
        _ => dir.join("expected.err"),
    };
    let expected = std::fs::read_to_string(&file).map_err(|_| "no expected.out or expected.err")?;
    match result {
        Ok(out) => Err(format!("expected a failure, got: {out}").into()),
        Err(rendered) => {
            let rendered = normalise(&rendered);
            for line in expected.lines().filter(|l| !l.trim().is_empty()) {
                if !rendered.contains(line) {
                    return Err(format!("missing line: {line}\nin:\n{rendered}").into());
                }
            }
            Ok(())
        }
    }
}

/// The example atoms: directories holding `atom.toml` and an expectation.
fn atoms(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| {
        p.join("atom.toml").is_file() && (p.join("expected.out").is_file() || p.join("expected.err").is_file())
    });
    out.sort();
    out
}

fn main() {
    let args = Arguments::from_args();
    let root = repo_root();
    let mut trials = Vec::new();
    for (group, dir) in [
        ("spec", root.join("modules-spec/examples")),
        ("examples", root.join("examples")),
    ] {
        for atom in atoms(&dir) {
            let name = atom.file_name().unwrap().to_string_lossy().into_owned();
            for mode in [Mode::Native, Mode::Composer] {
                let atom = atom.clone();
                let label = format!("{group}::{name}::{}", format!("{mode:?}").to_lowercase());
                trials.push(Trial::test(label, move || check(mode, atom)));
            }
        }
    }
    trials.push(Trial::test("import-atom::plain-file", import_atom_in_plain_nix));
    trials.push(Trial::test("import-atom::forbidden-in-atoms", import_atom_in_an_atom));
    trials.push(Trial::test(
        "import-atom::read-only-store",
        import_atom_with_a_read_only_store,
    ));
    trials.push(Trial::test("relative-path::hint", relative_path_hint));
    trials.push(Trial::test("errors::late-context", late_error_context));
    trials.push(Trial::test(
        "errors::module-binding",
        module_errors_point_at_the_binding,
    ));
    trials.push(Trial::test("api::externs", externs_are_bound_in_every_module));
    for (name, file) in atom_eval_tests::cases(&root.join("tests/std"), "eval-okay-std-") {
        for mode in [Mode::Native, Mode::Composer] {
            let file = file.clone();
            let label = format!("std::{name}::{}", format!("{mode:?}").to_lowercase());
            trials.push(Trial::test(label, move || std_case(mode, file)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Evaluates a plain Nix expression strictly, as `atom-eval eval --strict -E`.
fn plain_eval(expr: String, store_root: &Path) -> Result<String, String> {
    plain_eval_in(expr, Some(store_root.to_path_buf()))
}

/// Plain Nix with a store root, or with the read-only store of
/// `nix-instantiate --eval` (`None`), as `atom-eval eval --strict -E`
/// evaluates it.
fn plain_eval_in(expr: String, store_root: Option<PathBuf>) -> Result<String, String> {
    let mut cmd = std::process::Command::new(atom_eval_tests::atom_eval_binary());
    cmd.args(["eval", "--strict", "-E", &expr]);
    if let Some(root) = store_root {
        cmd.arg("--store-root").arg(root);
    }
    let out = cmd.output().map_err(|e| format!("running atom-eval: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end_matches('\n').to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `builtins.importAtom` gives a plain file the public view the reference
/// composer prints for the same atom.
fn import_atom_in_plain_nix() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let hello = repo_root().join("examples/hello");
    let expected = std::fs::read_to_string(hello.join("expected.out")).map_err(|e| e.to_string())?;
    let got = plain_eval(format!("builtins.importAtom {}", hello.display()), store.path())?;
    if got + "\n" != expected {
        return Err(format!("expected {expected}").into());
    }
    let got = plain_eval(
        format!("(builtins.importAtom \"{}\").greeting", hello.display()),
        store.path(),
    )?;
    if got != "\"Hello, world!\"" {
        return Err(format!("a string path: {got}").into());
    }
    Ok(())
}

/// With the read-only store of plain Nix, `"${mod}"` copies are computed
/// but not written; `importAtom`ed modules still read their data through
/// them, and still do not see what the copy leaves out.
fn import_atom_with_a_read_only_store() -> Result<(), Failed> {
    let shop = repo_root().join("examples/shop");
    let atom = format!("(builtins.importAtom {})", shop.display());
    let got = plain_eval_in(format!("{atom}.cart.total"), None)?;
    if got != "1555" {
        return Err(format!("cart.total read through \"${{mod}}\": {got}").into());
    }
    let catalog = format!("{atom}.catalog.source");
    for (file, visible) in [("products.json", true), ("mod.nix", false), ("items.nix", false)] {
        let expr = format!("builtins.pathExists ({catalog} + \"/{file}\")");
        let got = plain_eval_in(expr, None)?;
        if got != visible.to_string() {
            return Err(format!("{file} visible in the copy: {got}, expected {visible}").into());
        }
    }
    let listed = plain_eval_in(format!("builtins.attrNames (builtins.readDir {catalog})"), None)?;
    if listed.contains(".nix") {
        return Err(format!("the copy lists module files: {listed}").into());
    }
    Ok(())
}

/// Inside an atom, `__importAtom` throws the `import` message, catchably,
/// and `builtins.importAtom` is not there.
fn import_atom_in_an_atom() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = repo_root().join("tests/atoms/uses-import-atom");
    for (member, expected) in [
        (
            "direct",
            Err("importing arbitrary Nix files is forbidden; declare dependencies via the module system"),
        ),
        ("absent", Ok("false")),
        ("tried", Ok("false")),
    ] {
        let options = atom_eval::Options::new().store_root(store.path());
        let atom = atom_eval::Atom::open_with(&dir, options).map_err(|e| e.render(false))?;
        let got = atom
            .eval(member)
            .and_then(|v| v.to_nix(true))
            .map_err(|e| e.render(false));
        match (&got, expected) {
            (Ok(v), Ok(e)) if v == e => {}
            (Err(msg), Err(e)) if msg.contains(e) && msg.contains(&format!("at {member}")) => {}
            _ => return Err(format!("{member}: {got:?}").into()),
        }
    }
    Ok(())
}

/// Reading a relative path literal of a module fails with C++ Nix's message
/// plus a hint to use `"${mod}/..."` (`modules-spec/relative-paths.md`).
fn relative_path_hint() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = repo_root().join("modules-spec/examples/relative-path-read");
    let err = compose(Mode::Native, &dir, false, store.path()).expect_err("reading ./data.txt fails");
    let hint = "(a relative path in an atom module resolves against the store directory; \
                use \"${mod}/data.txt\" to reach the module's own files)";
    if !err.contains("access to absolute path '/nix/store/data.txt' is forbidden inside an atom") || !err.contains(hint)
    {
        return Err(format!("no hint in:\n{err}").into());
    }
    Ok(())
}

/// Errors that surface after a member is in weak head normal form (while
/// printing it, or in a function it returned) still name the member whose
/// file holds the failing code, and point into that file.
fn late_error_context() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = repo_root().join("tests/atoms/late-errors");
    let err = compose(Mode::Native, &dir, false, store.path()).expect_err("the atom fails");
    let err = normalise(&err);
    for (member, message, at) in [
        ("m0.caller", "helper failed for 1", "M0/helper.nix:1:19"),
        ("m0.nested", "nested boom", "M0/Nested.nix:1:16"),
        ("m0.sys", "accessing the current system is impure", "M0/Sys.nix:1:3"),
    ] {
        let path = member.to_owned();
        let dir = dir.clone();
        let root = store.path().to_path_buf();
        let rendered = atom_eval_tests::on_big_stack(move || {
            let atom = atom_eval::Atom::open_with(&dir, atom_eval::Options::new().store_root(&root))
                .map_err(|e| e.render(false))?;
            let value = atom.eval(&path).map_err(|e| e.render(false))?;
            value.to_nix(true).map_err(|e| e.render(false))
        })
        .expect_err("the member fails");
        let rendered = normalise(&rendered);
        let context = if member == "m0.caller" {
            "in late-0.1.0 at m0.helper".to_owned()
        } else {
            format!("in late-0.1.0 at {member}")
        };
        if !rendered.contains(message) || !rendered.contains(&context) || !rendered.contains(at) {
            return Err(format!("{member}: expected `{message}`, `{context}` and `{at}` in:\n{rendered}").into());
        }
    }
    // The whole atom fails at the first member printed, with its context.
    if !err.contains("in late-0.1.0 at m0.helper") {
        return Err(format!("no member context in:\n{err}").into());
    }
    Ok(())
}

/// A reserved name taken by a `mod.nix` binding points at the binding
/// (natively; the reference has no position to give).
fn module_errors_point_at_the_binding() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (example, at) in [
        ("reserved-outpath", "reserved-outpath/mod.nix:1:3"),
        ("reserved-pre", "reserved-pre/Sub/mod.nix:1:3"),
    ] {
        let dir = repo_root().join("modules-spec/examples").join(example);
        let err = compose(Mode::Native, &dir, false, store.path()).expect_err("the example fails");
        if !normalise(&err).contains(at) {
            return Err(format!("{example}: no `{at}` in:\n{err}").into());
        }
    }
    Ok(())
}

/// Dependencies given by the host are bound in every module: an atom's
/// public view (`extern_atom`) and a Nix expression (`extern_expr`).
fn externs_are_bound_in_every_module() -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = store.path().to_path_buf();
    let dir = repo_root().join("tests/atoms/uses-externs");
    let hello = repo_root().join("examples/hello");
    let got = atom_eval_tests::on_big_stack(move || {
        let options = atom_eval::Options::new()
            .store_root(&root)
            .extern_atom("hello", &hello)
            .extern_expr("answer", "6 * 7");
        let atom = atom_eval::Atom::open_with(&dir, options).map_err(|e| e.render(false))?;
        atom.public().and_then(|v| v.to_nix(true)).map_err(|e| e.render(false))
    })?;
    let expected = "{ answer = 42; greeting = \"Hello, world!\"; sub = { doubled = 84; \
                    shout = \"HELLO, WORLD! (from hello 0.1.0)\"; }; }";
    if got != expected {
        return Err(format!("expected {expected}\ngot {got}").into());
    }
    Ok(())
}

/// Where the std embedded in the binary is mounted (the evaluator's
/// virtual directory for it).
const STD_DIR: &str = "/«atom-eval»/std";

/// How the std cases load std: with the reference composer.
const LOAD_STD: &str = "import ../composer/compose.nix { } ../../std";

/// A std case (`tests/std/`): its `.exp` (made by the oracle running the
/// reference composer) must be printed both by atom-eval running that
/// composer, and with std composed natively from the copy embedded in the
/// binary (`builtins.importAtom` of [`STD_DIR`]).
fn std_case(mode: Mode, file: PathBuf) -> Result<(), Failed> {
    let store = tempfile::tempdir().map_err(|e| e.to_string())?;
    let expected = std::fs::read_to_string(file.with_extension("exp")).map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    if !source.contains(LOAD_STD) {
        return Err(format!("the case does not load std with `{LOAD_STD}`").into());
    }
    let source = match mode {
        Mode::Composer => source,
        Mode::Native => source.replace(LOAD_STD, &format!("builtins.importAtom \"{STD_DIR}\"")),
    };
    let root = repo_root();
    let dir = file.parent().expect("a directory").to_path_buf();
    let got = atom_eval_tests::on_big_stack(move || {
        let v = quiet_nix(store.path())
            .eval_expr_in(&source, &dir)
            .map_err(|e| e.render(false))?;
        v.to_nix(true).map_err(|e| e.render(false))
    })?;
    let got = got.replace(&*root.to_string_lossy(), "/pwd") + "\n";
    if got != expected {
        return Err(format!("expected:\n{expected}got:\n{got}").into());
    }
    Ok(())
}
