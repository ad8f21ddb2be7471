//! The red-team corpus of hermeticity (`modules-spec/hermeticity.md`):
//! hostile atoms that try every builtin that touches a path, every way to
//! spell a path, symlinks, the shared store, `importAtom`, `tryEval` probes
//! and the environment, each with the refusal it must get; and control
//! atoms that must keep working (an atom's own data, links that stay
//! inside, store objects the evaluation made).
//!
//! Each case is built in a temporary directory `T`: the atom in `T/atom`
//! (with `mod.nix` = `{ X = EXPR; }` and the case's extra files and links),
//! a file outside it at `T/outside.txt`, and a store root at `T/store`.
//! `@T` in a case stands for that directory.

use std::path::Path;

use atom_eval_tests::repo_root;

/// What a case must give.
enum Expect {
    /// An error containing this text.
    Refused(&'static str),
    /// This value, printed strictly.
    Value(&'static str),
}
use Expect::{Refused, Value};

const FORBIDDEN: &str = "is forbidden inside an atom";

struct Case {
    name: &'static str,
    /// The expression of `X`.
    expr: &'static str,
    /// Extra files: path in the atom, contents.
    files: &'static [(&'static str, &'static str)],
    /// Symlinks: path in the atom, target (`@T` is the test directory).
    links: &'static [(&'static str, &'static str)],
    expect: Expect,
}

const fn case(name: &'static str, expr: &'static str, expect: Expect) -> Case {
    Case {
        name,
        expr,
        files: &[],
        links: &[],
        expect,
    }
}

const fn linked(
    name: &'static str,
    expr: &'static str,
    links: &'static [(&'static str, &'static str)],
    expect: Expect,
) -> Case {
    Case {
        name,
        expr,
        files: &[],
        links,
        expect,
    }
}

/// The hostile atoms.
const HOSTILE: &[Case] = &[
    // Every builtin that touches a path, on an absolute path literal.
    case("readFile", "builtins.readFile /etc/passwd", Refused(FORBIDDEN)),
    case("readDir", "builtins.readDir /etc", Refused(FORBIDDEN)),
    case("readFileType", "builtins.readFileType /etc/passwd", Refused(FORBIDDEN)),
    case("pathExists", "builtins.pathExists /etc/passwd", Refused(FORBIDDEN)),
    case(
        "pathExists-missing",
        "builtins.pathExists /no/such/file",
        Refused(FORBIDDEN),
    ),
    case(
        "hashFile",
        "builtins.hashFile \"sha256\" /etc/passwd",
        Refused(FORBIDDEN),
    ),
    case("path", "builtins.path { path = /etc; }", Refused(FORBIDDEN)),
    case(
        "path-named",
        "builtins.path { path = /etc/passwd; name = \"x\"; }",
        Refused(FORBIDDEN),
    ),
    case(
        "filterSource",
        "builtins.filterSource (p: t: true) /etc",
        Refused(FORBIDDEN),
    ),
    case("interpolation", "\"${/etc/passwd}\"", Refused(FORBIDDEN)),
    case(
        "toString-copy",
        "builtins.readFile \"${/etc/passwd}\"",
        Refused(FORBIDDEN),
    ),
    case(
        "discard-context",
        "builtins.unsafeDiscardStringContext \"${/etc}\"",
        Refused(FORBIDDEN),
    ),
    case(
        "findFile-list",
        "builtins.findFile [ { prefix = \"\"; path = \"/etc\"; } ] \"passwd\"",
        Refused(FORBIDDEN),
    ),
    case(
        "findFile-prefix",
        "builtins.findFile [ { prefix = \"e\"; path = \"/etc\"; } ] \"e/passwd\"",
        Refused(FORBIDDEN),
    ),
    case(
        "derivation-src",
        "(derivation { name = \"x\"; system = \"x\"; builder = \"/bin/sh\"; src = /etc/passwd; }).drvPath",
        Refused(FORBIDDEN),
    ),
    case("top-level-readFile", "__readFile /etc/passwd", Refused(FORBIDDEN)),
    case("top-level-readDir", "__readDir /etc", Refused(FORBIDDEN)),
    case("top-level-pathExists", "__pathExists /etc/passwd", Refused(FORBIDDEN)),
    case(
        "top-level-hashFile",
        "__hashFile \"md5\" /etc/passwd",
        Refused(FORBIDDEN),
    ),
    case(
        "top-level-filterSource",
        "__filterSource (p: t: true) /etc",
        Refused(FORBIDDEN),
    ),
    case(
        "top-level-findFile",
        "__findFile [ { prefix = \"\"; path = \"/\"; } ] \"etc\"",
        Refused(FORBIDDEN),
    ),
    case("std-readFile", "std.readFile /etc/passwd", Refused(FORBIDDEN)),
    case(
        "map-readFile",
        "map builtins.readFile [ /etc/passwd ]",
        Refused(FORBIDDEN),
    ),
    // Every way to spell a path.
    case("string-path", "builtins.readFile \"/etc/passwd\"", Refused(FORBIDDEN)),
    case(
        "root-plus-string",
        "builtins.readFile (/. + \"etc/passwd\")",
        Refused(FORBIDDEN),
    ),
    case(
        "path-plus-string",
        "builtins.readFile (/etc + \"/passwd\")",
        Refused(FORBIDDEN),
    ),
    case(
        "toPath",
        "builtins.readFile (builtins.toPath \"/etc/passwd\")",
        Refused(FORBIDDEN),
    ),
    case("home-path", "builtins.readFile ~/.profile", Refused(FORBIDDEN)),
    case(
        "dot-dot-from-mod",
        "builtins.readFile \"${mod}/../../../../../../etc/passwd\"",
        Refused(FORBIDDEN),
    ),
    case("dot-dot-dir", "builtins.readDir \"${mod}/..\"", Refused(FORBIDDEN)),
    case(
        "dot-segments",
        "builtins.readFile \"/./etc/./passwd\"",
        Refused(FORBIDDEN),
    ),
    case(
        "double-slash",
        "builtins.readFile \"//etc//passwd\"",
        Refused(FORBIDDEN),
    ),
    case("dirOf-mod", "builtins.readDir (dirOf \"${mod}\")", Refused(FORBIDDEN)),
    case("relative-literal", "builtins.readFile ./data.txt", Refused(FORBIDDEN)),
    case("relative-parent", "builtins.readFile ../etc/passwd", Refused(FORBIDDEN)),
    case(
        "outside-by-test-path",
        "builtins.readFile \"@T/outside.txt\"",
        Refused(FORBIDDEN),
    ),
    case(
        "sibling-prefix",
        "builtins.readFile \"@T/atom2/data.txt\"",
        Refused(FORBIDDEN),
    ),
    // The store.
    case("store-dir", "builtins.readDir \"/nix/store\"", Refused(FORBIDDEN)),
    case("store-dir-literal-copy", "\"${./.}\"", Refused(FORBIDDEN)),
    case("store-dir-path", "builtins.path { path = ./.; }", Refused(FORBIDDEN)),
    case("store-dir-exists", "builtins.pathExists ./.", Refused(FORBIDDEN)),
    case(
        "foreign-store-object",
        "builtins.readFile \"/nix/store/00000000000000000000000000000000-other/x\"",
        Refused(FORBIDDEN),
    ),
    case(
        "foreign-store-object-exists",
        "builtins.pathExists \"/nix/store/00000000000000000000000000000000-other\"",
        Refused(FORBIDDEN),
    ),
    // Symlinks.
    linked(
        "link-file",
        "builtins.readFile \"${mod}/l\"",
        &[("l", "@T/outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-etc",
        "builtins.readFile \"${mod}/l\"",
        &[("l", "/etc/passwd")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-dir",
        "builtins.readDir \"${mod}/l\"",
        &[("l", "/etc")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-deep-relative",
        "builtins.readFile \"${mod}/d/e/l\"",
        &[("d/e/l", "../../../outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-chain",
        "builtins.readFile \"${mod}/a\"",
        &[("a", "b"), ("b", "@T/outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-copied",
        "\"${mod}\"",
        &[("l", "@T/outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-in-data-dir-copied",
        "builtins.readDir \"${mod}/data\"",
        &[("data/l", "/etc/passwd")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-path-builtin",
        "builtins.path { path = \"${mod}/l\"; }",
        &[("l", "@T/outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-exists",
        "builtins.pathExists \"${mod}/l\"",
        &[("l", "@T/outside.txt")],
        Refused(FORBIDDEN),
    ),
    linked(
        "link-to-sibling-atom",
        "builtins.readFile \"${mod}/l/data.txt\"",
        &[("l", "@T/atom2")],
        Refused(FORBIDDEN),
    ),
    // tryEval cannot probe.
    case(
        "tryEval-pathExists",
        "builtins.tryEval (builtins.pathExists /etc/passwd)",
        Refused(FORBIDDEN),
    ),
    case(
        "tryEval-readFile",
        "builtins.tryEval (builtins.readFile /etc/shadow)",
        Refused(FORBIDDEN),
    ),
    case(
        "tryEval-readDir",
        "(builtins.tryEval (builtins.readDir /root)).success",
        Refused(FORBIDDEN),
    ),
    case(
        "tryEval-findFile",
        "builtins.tryEval (builtins.findFile [ { prefix = \"\"; path = \"/etc\"; } ] \"passwd\")",
        Refused(FORBIDDEN),
    ),
    // Forbidden builtins stay forbidden.
    case(
        "import",
        "import /etc/passwd",
        Refused("importing arbitrary Nix files is forbidden"),
    ),
    case(
        "scopedImport",
        "scopedImport { } /etc/passwd",
        Refused("importing arbitrary Nix files is forbidden"),
    ),
    case(
        "importAtom",
        "__importAtom \"@T/atom2\"",
        Refused("importing arbitrary Nix files is forbidden"),
    ),
    case(
        "fetchurl-file",
        "__fetchurl \"file:///etc/passwd\"",
        Refused("ad-hoc fetching is illegal"),
    ),
    case(
        "fetchTarball",
        "fetchTarball \"file:///etc\"",
        Refused("ad-hoc fetching is illegal"),
    ),
    case(
        "storePath",
        "__storePath \"/nix/store/00000000000000000000000000000000-x\"",
        Refused("explicit dependencies on store paths are illegal"),
    ),
    case(
        "builtins-fetchGit",
        "builtins.fetchGit \"/etc\"",
        Refused("attribute 'fetchGit' missing"),
    ),
    case(
        "builtins-getEnv",
        "builtins.getEnv \"HOME\"",
        Refused("attribute 'getEnv' missing"),
    ),
    // The search path and the environment.
    case(
        "angle-brackets",
        "<nixpkgs>",
        Refused("was not found in the Nix search path"),
    ),
    case(
        "angle-brackets-tried",
        "(builtins.tryEval <nixpkgs>).success",
        Value("false"),
    ),
];

/// What must keep working.
const CONTROLS: &[Case] = &[
    case(
        "own-data",
        "builtins.readFile \"${mod}/data.txt\"",
        Value("\"hello\\n\""),
    ),
    case(
        "own-dir",
        "builtins.attrNames (builtins.readDir \"${mod}\")",
        Value("[ \"atom.toml\" \"data\" \"data.txt\" ]"),
    ),
    case("own-exists", "builtins.pathExists \"${mod}/data.txt\"", Value("true")),
    case("own-missing", "builtins.pathExists \"${mod}/nope\"", Value("false")),
    case(
        "own-type",
        "builtins.readFileType \"${mod}/data.txt\"",
        Value("\"regular\""),
    ),
    case(
        "own-hash",
        "builtins.hashFile \"sha256\" \"${mod}/data.txt\"",
        Value("\"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\""),
    ),
    case(
        "own-subdir",
        "builtins.readFile \"${mod}/data/inner.txt\"",
        Value("\"inner\\n\""),
    ),
    case(
        "own-path-builtin",
        "builtins.readFile (builtins.path { path = \"${mod}/data.txt\"; })",
        Value("\"hello\\n\""),
    ),
    case(
        "own-filterSource",
        "builtins.readDir (builtins.filterSource (p: t: true) \"${mod}/data\")",
        Value("{ \"inner.txt\" = \"regular\"; }"),
    ),
    case(
        "toFile-read",
        "builtins.readFile (builtins.toFile \"x\" \"made here\")",
        Value("\"made here\""),
    ),
    case("baseNameOf-no-access", "baseNameOf /etc/passwd", Value("\"passwd\"")),
    case(
        "dot-dot-inside",
        "builtins.readFile \"${mod}/data/../data.txt\"",
        Value("\"hello\\n\""),
    ),
    linked(
        "link-inside",
        "builtins.readFile \"${mod}/l\"",
        &[("l", "data.txt")],
        Value("\"hello\\n\""),
    ),
    linked(
        "link-inside-copied",
        "builtins.readFile \"${mod}/data/l\"",
        &[("data/l", "inner.txt")],
        Value("\"inner\\n\""),
    ),
    case(
        "std-function",
        "std.string.toUpperCase (builtins.readFile \"${mod}/data.txt\")",
        Value("\"HELLO\\n\""),
    ),
];

/// Builds the case's atom in `t` and evaluates `x` strictly.
fn run(t: &Path, c: &Case) -> Result<String, String> {
    let atom = t.join("atom");
    let at = |s: &str| s.replace("@T", &t.to_string_lossy());
    std::fs::create_dir_all(atom.join("data")).unwrap();
    std::fs::write(t.join("outside.txt"), "secret\n").unwrap();
    std::fs::create_dir_all(t.join("atom2")).unwrap();
    std::fs::write(t.join("atom2/data.txt"), "other\n").unwrap();
    std::fs::write(
        t.join("atom2/atom.toml"),
        "[atom]\nid = \"other\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(t.join("atom2/mod.nix"), "{ }").unwrap();
    std::fs::write(
        atom.join("atom.toml"),
        "[atom]\nid = \"hostile\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(atom.join("data.txt"), "hello\n").unwrap();
    std::fs::write(atom.join("data/inner.txt"), "inner\n").unwrap();
    std::fs::write(atom.join("mod.nix"), format!("{{ X = {}; }}\n", at(c.expr))).unwrap();
    for (file, text) in c.files {
        std::fs::write(atom.join(file), text).unwrap();
    }
    for (link, target) in c.links {
        let link = atom.join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(at(target), &link).unwrap();
    }
    let store = t.join("store");
    atom_eval_tests::on_big_stack(move || {
        let options = atom_eval::Options::new().store_root(store).warn_sink(|_| {});
        atom_eval::Atom::open_with(&atom, options)
            .and_then(|a| a.eval("x"))
            .and_then(|v| v.to_nix(true))
            .map_err(|e| e.render(false))
    })
}

fn judge(cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for c in cases {
        let t = tempfile::tempdir().unwrap();
        let got = run(t.path(), c);
        let ok = match (&c.expect, &got) {
            (Refused(text), Err(e)) => e.contains(text),
            (Value(v), Ok(got)) => got == v,
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: {:?}", c.name, got));
        }
    }
    failures
}

#[test]
fn hostile_atoms_are_refused() {
    assert!(HOSTILE.len() >= 60, "{} cases", HOSTILE.len());
    let failures = judge(HOSTILE);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn controls_keep_working() {
    let failures = judge(CONTROLS);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A refusal points at the expression, says what was refused, and hints.
#[test]
fn refusals_have_a_span_and_a_hint() {
    let t = tempfile::tempdir().unwrap();
    let err = run(t.path(), &case("x", "builtins.readFile /etc/passwd", Refused(""))).unwrap_err();
    assert!(
        err.contains("access to absolute path '/etc/passwd' is forbidden inside an atom"),
        "{err}"
    );
    assert!(err.contains("mod.nix:1:7"), "{err}");
    assert!(err.contains("\"${mod}/FILE\""), "{err}");
    let t = tempfile::tempdir().unwrap();
    let err = run(t.path(), &case("x", "builtins.readFile ./data.txt", Refused(""))).unwrap_err();
    assert!(err.contains("use \"${mod}/data.txt\""), "{err}");
}

/// A `mod.nix` that is a link out of the atom is refused, at the root and
/// in a submodule; one that stays inside works.
#[test]
fn linked_module_files() {
    for (link, target, expect) in [
        ("mod.nix", "@T/outside.nix", Refused(FORBIDDEN)),
        ("Sub/mod.nix", "@T/outside.nix", Refused(FORBIDDEN)),
        ("Sub/mod.nix", "../real.nix", Value("{ y = 1; }")),
    ] {
        let t = tempfile::tempdir().unwrap();
        let tp = t.path().to_string_lossy().into_owned();
        let atom = t.path().join("atom");
        std::fs::create_dir_all(atom.join("Sub")).unwrap();
        std::fs::write(t.path().join("outside.nix"), "{ Y = 2; }").unwrap();
        std::fs::write(atom.join("real.nix"), "{ Y = 1; }").unwrap();
        std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"l\"\nversion = \"0.1.0\"\n").unwrap();
        if link != "mod.nix" {
            std::fs::write(atom.join("mod.nix"), "{ }").unwrap();
        }
        std::os::unix::fs::symlink(target.replace("@T", &tp), atom.join(link)).unwrap();
        let store = t.path().join("store");
        let got = atom_eval_tests::on_big_stack(move || {
            let options = atom_eval::Options::new().store_root(store);
            atom_eval::Atom::open_with(&atom, options)
                .and_then(|a| a.eval(if link == "mod.nix" { "y" } else { "sub" }))
                .and_then(|v| v.to_nix(true))
                .map_err(|e| e.render(false))
        });
        match (expect, got) {
            (Refused(text), Err(e)) if e.contains(text) => {}
            (Value(v), Ok(got)) if got == v => {}
            (_, got) => panic!("{link} -> {target}: {got:?}"),
        }
    }
}

/// Another evaluation's store objects, in the shared store root, are not
/// readable; this evaluation's own are.
#[test]
fn the_shared_store_is_not_readable() {
    let t = tempfile::tempdir().unwrap();
    let store = t.path().join("store");
    let first = {
        let store = store.clone();
        atom_eval_tests::on_big_stack(move || {
            let nix = atom_eval::Options::new().store_root(store).nix();
            nix.eval_expr("builtins.toFile \"secret\" \"from another evaluation\"")
                .and_then(|v| v.as_str())
                .map_err(|e| e.render(false))
        })
        .unwrap()
    };
    let atom = t.path().join("atom");
    std::fs::create_dir_all(&atom).unwrap();
    std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"s\"\nversion = \"0.1.0\"\n").unwrap();
    std::fs::write(
        atom.join("mod.nix"),
        format!("{{ Other = builtins.readFile \"{first}\"; Own = builtins.readFile (builtins.toFile \"secret\" \"mine\"); }}"),
    )
    .unwrap();
    let got = atom_eval_tests::on_big_stack(move || {
        let a = atom_eval::Atom::open_with(&atom, atom_eval::Options::new().store_root(store)).unwrap();
        let own = a.eval("own").and_then(|v| v.as_str()).map_err(|e| e.render(false));
        let other = a.eval("other").and_then(|v| v.as_str()).map_err(|e| e.render(false));
        (own, other)
    });
    assert_eq!(got.0.unwrap(), "mine");
    let err = got.1.unwrap_err();
    assert!(err.contains(FORBIDDEN), "{err}");
}

/// `importAtom` from plain Nix composes a hermetic atom: plain code stays
/// impure, the atom's code does not, even when plain code forces it.
#[test]
fn import_atom_from_plain_nix_is_hermetic_inside() {
    let t = tempfile::tempdir().unwrap();
    let atom = t.path().join("atom");
    std::fs::create_dir_all(&atom).unwrap();
    std::fs::write(t.path().join("outside.txt"), "plain may read this\n").unwrap();
    std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"p\"\nversion = \"0.1.0\"\n").unwrap();
    std::fs::write(
        atom.join("mod.nix"),
        format!(
            "{{ Read = builtins.readFile \"{0}/outside.txt\"; Apply = f: f \"{0}/outside.txt\"; ReadArg = p: builtins.readFile p; }}",
            t.path().display()
        ),
    )
    .unwrap();
    let dir = t.path().to_path_buf();
    let store = t.path().join("store");
    let results = atom_eval_tests::on_big_stack(move || {
        let nix = atom_eval::Options::new().store_root(store).nix();
        let eval = |e: &str| {
            nix.eval_expr_in(e, &dir)
                .and_then(|v| v.to_nix(true))
                .map_err(|e| e.render(false))
        };
        let a = format!("(builtins.importAtom {}/atom)", dir.display());
        [
            eval(&format!("{a}.read")),
            // Plain code's own function, called by the atom: plain rights.
            eval(&format!("{a}.apply (p: builtins.readFile p)")),
            // The atom's function, called by plain code: the atom's rights.
            eval(&format!("{a}.readArg ./outside.txt")),
            eval("builtins.readFile ./outside.txt"),
            // A builtin has no code of its own: applied by the atom, it
            // reads with the atom's rights.
            eval(&format!("{a}.apply builtins.readFile")),
        ]
    });
    assert!(results[0].as_ref().unwrap_err().contains(FORBIDDEN), "{:?}", results[0]);
    assert_eq!(results[1].as_deref(), Ok("\"plain may read this\\n\""));
    assert!(results[2].as_ref().unwrap_err().contains(FORBIDDEN), "{:?}", results[2]);
    assert_eq!(results[3].as_deref(), Ok("\"plain may read this\\n\""));
    assert!(results[4].as_ref().unwrap_err().contains(FORBIDDEN), "{:?}", results[4]);
}

/// `HOME` and `NIX_PATH` have no effect inside an atom: the CLI gives the
/// same result and the same refusals whatever they are.
#[test]
fn the_environment_has_no_effect() {
    let t = tempfile::tempdir().unwrap();
    let atom = t.path().join("atom");
    std::fs::create_dir_all(t.path().join("home")).unwrap();
    std::fs::write(t.path().join("home/.profile"), "mine\n").unwrap();
    std::fs::create_dir_all(&atom).unwrap();
    std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"e\"\nversion = \"0.1.0\"\n").unwrap();
    std::fs::write(
        atom.join("mod.nix"),
        "{ Search = (builtins.tryEval <nixpkgs>).success; Env = __getEnv \"HOME\"; Path = __nixPath; }",
    )
    .unwrap();
    let run = |env: &[(&str, String)]| {
        let mut cmd = std::process::Command::new(atom_eval_tests::atom_eval_binary());
        cmd.args(["eval", "--strict"])
            .arg(&atom)
            .arg("--store-root")
            .arg(t.path().join("store"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let plain = run(&[]);
    let home = t.path().join("home").to_string_lossy().into_owned();
    let changed = run(&[
        ("HOME", home),
        ("NIX_PATH", format!("nixpkgs={}", repo_root().display())),
    ]);
    assert_eq!(plain, "{ env = \"\"; path = [ ]; search = false; }\n");
    assert_eq!(plain, changed);
}

/// Moving an atom does not change any value it produces; renaming its
/// directory changes only the root module's `"${mod}"` store path.
#[test]
fn moving_an_atom_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let make = |dir: &Path| {
        std::fs::create_dir_all(dir.join("Sub")).unwrap();
        std::fs::write(dir.join("atom.toml"), "[atom]\nid = \"m\"\nversion = \"0.1.0\"\n").unwrap();
        std::fs::write(dir.join("data.txt"), "d\n").unwrap();
        std::fs::write(
            dir.join("mod.nix"),
            "{ Root = \"${mod}\"; Pos = [ __curPos (builtins.unsafeGetAttrPos \"a\" { a = 1; }) (toString ./x) ]; Data = builtins.readFile \"${mod}/data.txt\"; }",
        )
        .unwrap();
        std::fs::write(dir.join("Sub/mod.nix"), "{ Here = \"${mod}\"; Pos = __curPos; }").unwrap();
    };
    let eval = |dir: std::path::PathBuf| {
        let store = t.path().join("store");
        atom_eval_tests::on_big_stack(move || {
            let a = atom_eval::Atom::open_with(&dir, atom_eval::Options::new().store_root(store)).unwrap();
            let sub = a.eval("sub").and_then(|v| v.to_nix(true)).map_err(|e| e.render(false));
            let pos = a.eval("pos").and_then(|v| v.to_nix(true)).map_err(|e| e.render(false));
            let data = a.eval("data").and_then(|v| v.to_nix(true)).map_err(|e| e.render(false));
            let root = a.eval("root").and_then(|v| v.to_nix(true)).map_err(|e| e.render(false));
            (sub.unwrap(), pos.unwrap(), data.unwrap(), root.unwrap())
        })
    };
    let (a, b, c) = (
        t.path().join("x/atom"),
        t.path().join("y/z/atom"),
        t.path().join("x/renamed"),
    );
    for d in [&a, &b, &c] {
        make(d);
    }
    let (ea, eb, ec) = (eval(a), eval(b), eval(c));
    assert_eq!(ea, eb, "moved");
    assert_eq!(
        (&ea.0, &ea.1, &ea.2),
        (&ec.0, &ec.1, &ec.2),
        "renamed: all but the root's \"${{mod}}\""
    );
    assert_ne!(ea.3, ec.3, "the root's \"${{mod}}\" is named after its directory");
}
