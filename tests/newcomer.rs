//! A newcomer's first five minutes with the `atom-eval` binary: help,
//! version, and the usual mistakes, each of which must get a helpful
//! message (never a panic or a stack dump) and a failing exit status.

use std::path::PathBuf;
use std::process::{Command, Output};

use atom_eval_tests::repo_root;

fn binary() -> PathBuf {
    atom_eval_tests::atom_eval_binary()
}

/// Runs `atom-eval ARGS` in the repository root, stdout and stderr piped
/// (so without colours), with a temporary cache directory so that store
/// copies never land in the user's cache.
fn run(args: &[&str]) -> Output {
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    Command::new(binary())
        .args(args)
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("running atom-eval")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A failure: exit status 1 or 2, no panic, no escape codes.
fn assert_clean_failure(o: &Output) {
    assert!(matches!(o.status.code(), Some(1 | 2)), "exit status {:?}", o.status);
    let err = stderr(o);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(
        !err.contains('\x1b'),
        "no colours when stderr is not a terminal: {err:?}"
    );
}

#[test]
fn help_lists_every_subcommand_and_examples() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for needle in ["eval", "repl", "Examples:", "NO_COLOR", "--version"] {
        assert!(out.contains(needle), "--help lacks {needle:?}:\n{out}");
    }
    let o = run(&["repl", "--help"]);
    assert!(stdout(&o).contains(":cd <module.path>"), "{}", stdout(&o));
    let o = run(&["eval", "--help"]);
    for flag in ["--strict", "--json", "--raw", "--attr", "--expr", "--store-dir"] {
        assert!(stdout(&o).contains(flag), "eval --help lacks {flag}");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let o = run(&["--version"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), format!("atom-eval {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_wrong_path_suggests_the_closest_one() {
    let o = run(&["eval", "exampls/hello"]);
    assert_clean_failure(&o);
    assert_eq!(
        stderr(&o),
        "error: path 'exampls/hello' does not exist\n  help: did you mean 'examples/hello'?\n"
    );
    let o = run(&["repl", "examples/helo"]);
    assert_clean_failure(&o);
    assert!(stderr(&o).contains("did you mean 'examples/hello'?"), "{}", stderr(&o));
}

#[test]
fn a_directory_without_atom_toml_is_explained() {
    let o = run(&["eval", "examples"]);
    assert_clean_failure(&o);
    assert_eq!(
        stderr(&o),
        "error: 'examples' is a directory without atom.toml or default.nix, so it is neither an atom nor a Nix file\n  \
         help: atoms inside it: examples/hello, examples/shop\n"
    );
    let empty = tempfile::tempdir().expect("temporary directory");
    let o = run(&["eval", empty.path().to_str().expect("utf-8")]);
    assert_clean_failure(&o);
    assert!(
        stderr(&o).contains("help: an atom is a directory holding atom.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_attribute_suggests_close_names() {
    let o = run(&[
        "eval",
        "-E",
        "{ greeting = 1; greetings = 2; other = 3; }",
        "-A",
        "greting",
    ]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("attribute 'greting'"), "{err}");
    assert!(err.contains("greeting"), "suggests the close name: {err}");
    assert!(!err.contains("other"), "only close names: {err}");

    let o = run(&["eval", "examples/hello", "-A", "greting"]);
    assert_clean_failure(&o);
    assert_eq!(
        stderr(&o),
        "error: attribute 'greting' missing\n  help: did you mean greeting?\n"
    );
}

#[test]
fn the_readme_command_prints_the_example_atom() {
    let o = run(&["eval", "--strict", "examples/hello"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read_to_string(repo_root().join("examples/hello/expected.out")).expect("expected.out");
    assert_eq!(stdout(&o), expected);
}

#[test]
fn a_typo_in_a_flag_or_subcommand_gets_a_tip() {
    let o = run(&["eval", "--stirct", "-E", "1"]);
    assert_clean_failure(&o);
    assert!(
        stderr(&o).contains("tip: a similar argument exists: '--strict'"),
        "{}",
        stderr(&o)
    );
    let o = run(&["evl"]);
    assert_clean_failure(&o);
    assert!(stderr(&o).contains("unrecognized subcommand 'evl'"), "{}", stderr(&o));
    assert!(stderr(&o).contains("'eval'"), "{}", stderr(&o));
}

#[test]
fn evaluation_errors_are_diagnostics_not_stack_dumps() {
    let o = run(&["eval", "-E", "let f = x: throw \"boom\"; in f 1"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.starts_with("error: boom\n"), "{err}");
    assert!(
        err.contains("… while calling the 'throw' builtin at «string»:1:12"),
        "{err}"
    );
}

#[test]
fn the_static_tools_explain_a_wrong_path_too() {
    for tool in ["ls", "check", "doc", "id"] {
        let mut args = vec![tool, "exampls/hello"];
        if tool == "doc" {
            args.push("greeting");
        }
        let o = run(&args);
        assert_clean_failure(&o);
        assert!(
            stderr(&o).contains("did you mean 'examples/hello'?"),
            "{tool}: {}",
            stderr(&o)
        );
    }
    let o = run(&["ls", "examples"]);
    assert_clean_failure(&o);
    assert!(
        stderr(&o).contains("atoms inside it: examples/hello, examples/shop"),
        "{}",
        stderr(&o)
    );
}

/// `--show-trace` adds the calls an error passed through, innermost first;
/// without it the error stands alone, as in C++ Nix.
#[test]
fn show_trace_lists_the_calls() {
    let expr = "let f = x: x + \"a\"; g = y: f y; in g 1";
    let plain = run(&["eval", "-E", expr]);
    assert_clean_failure(&plain);
    assert!(!stderr(&plain).contains("while calling"), "{}", stderr(&plain));
    let traced = run(&["eval", "--show-trace", "-E", expr]);
    assert_clean_failure(&traced);
    let err = stderr(&traced);
    let order: Vec<usize> = ["while calling 'f'", "from call site", "while calling 'g'"]
        .iter()
        .map(|frame| err.find(frame).unwrap_or_else(|| panic!("no {frame:?} in {err}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{err}");
    // Curried calls name every lambda entered.
    let curried = run(&["eval", "--show-trace", "-E", "let h = a: b: a + b; in h 1 \"x\""]);
    assert!(
        stderr(&curried).contains("while calling anonymous lambda"),
        "{}",
        stderr(&curried)
    );
    assert!(stderr(&curried).contains("while calling 'h'"), "{}", stderr(&curried));
}

/// `--read-write-mode` writes store objects to the store root (here the
/// temporary cache), which plain evaluation only computes paths for.
#[test]
fn read_write_mode_writes_store_objects() {
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    let eval = |extra: &[&str]| {
        Command::new(binary())
            .arg("eval")
            .args(extra)
            .args(["-E", "builtins.toFile \"greeting\" \"hello\""])
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .expect("running atom-eval")
    };
    let store = cache.path().join("atom-eval/nix/store");
    let written = || {
        std::fs::read_dir(&store)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .any(|e| e.file_name().to_string_lossy().ends_with("-greeting"))
            })
            .unwrap_or(false)
    };
    let read_only = eval(&[]);
    assert!(read_only.status.success(), "{}", stderr(&read_only));
    assert!(!written(), "plain evaluation wrote to the store");
    let read_write = eval(&["--read-write-mode"]);
    assert!(read_write.status.success(), "{}", stderr(&read_write));
    assert_eq!(stdout(&read_write), stdout(&read_only));
    assert!(written(), "nothing in {}", store.display());
}

/// A number plus something that is not one fails at the operand that cannot
/// be added, where C++ Nix points (`at «string»:1:10` from the oracle).
#[test]
fn a_bad_addition_points_at_the_operand() {
    let o = run(&["eval", "-E", "1 + (2 + [])"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("cannot add a list to an integer"), "{err}");
    assert!(err.contains("«string»:1:10"), "{err}");
}

/// A condition that is not a Boolean fails at the expression that needs it
/// (`if`, `assert`, `&&`), where C++ Nix points (positions from the oracle).
#[test]
fn a_bad_condition_points_at_what_needs_it() {
    for (expr, at) in [
        ("if 1 then 2 else 3", "«string»:1:1"),
        ("assert 1; 2", "«string»:1:1"),
        ("true && 1", "«string»:1:6"),
    ] {
        let o = run(&["eval", "-E", expr]);
        assert_clean_failure(&o);
        let err = stderr(&o);
        assert!(err.contains("expected a Boolean but found an integer: 1"), "{err}");
        assert!(err.contains(at), "{expr}: {err}");
    }
}

#[test]
fn the_file_shorthand_takes_every_eval_flag() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("default.nix");
    std::fs::write(&file, "{ a.b = [ 1 2 ]; c = \"x\"; }").expect("writing default.nix");
    let file = file.to_str().expect("a UTF-8 path");
    let o = run(&[file, "-A", "a", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "{\"b\":[1,2]}\n");
    // Strict by default, and `--strict` given again is not an error.
    let o = run(&[file, "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "{ a = { b = [ 1 2 ]; }; c = \"x\"; }\n");
    let o = run(&[file, "-A", "c", "--raw"]);
    assert_eq!(stdout(&o), "x");
    // An atom directory too.
    let o = run(&["examples/hello", "-A", "greeting", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "\"Hello, world!\"\n");
}

#[test]
fn an_existing_file_as_subcommand_suggests_eval() {
    let o = run(&["README.md", "--json"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("'README.md' is not a subcommand but a file"), "{err}");
    assert!(err.contains("atom-eval eval README.md --json"), "{err}");
}

#[test]
fn a_private_member_from_outside_says_it_is_private() {
    let o = run(&["eval", "examples/hello", "-A", "punctuation"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("error: 'punctuation' is private"), "{err}");
    assert!(err.contains("examples/hello/mod.nix"), "{err}");
    assert!(err.contains("mod.punctuation"), "{err}");
    assert!(err.contains("'Punctuation'"), "{err}");
    // A private file member of a submodule: the file, and how to rename it.
    let o = run(&["eval", "examples/shop", "-A", "cart.discount"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("'discount' is private"), "{err}");
    assert!(err.contains("inside module cart, use it as mod.discount"), "{err}");
    // A name that does not exist at all is still "missing".
    let o = run(&["eval", "examples/shop", "-A", "cart.nope"]);
    assert!(
        stderr(&o).contains("attribute 'nope' in 'cart.nope' missing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_mod_nix_written_as_a_function_gets_a_span_and_the_no_header_hint() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("atom.toml"),
        "[package]\nlabel = \"fh\"\nversion = \"0.1.0\"\n",
    )
    .expect("atom.toml");
    std::fs::write(dir.path().join("mod.nix"), "# habit\n{ pkgs, ... }: { A = 1; }\n").expect("mod.nix");
    let o = run(&["eval", dir.path().to_str().expect("UTF-8")]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("must evaluate to an attribute set (got lambda)"), "{err}");
    assert!(err.contains("atom files take no function header"), "{err}");
    assert!(err.contains("mod.nix:2:1]"), "the span of the header: {err}");
}

#[test]
fn eval_gives_the_hints_check_gives() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("atom.toml"),
        "[package]\nlabel = \"hints\"\nversion = \"0.1.0\"\n",
    )
    .expect("atom.toml");
    std::fs::write(dir.path().join("helper.nix"), "1\n").expect("helper.nix");
    let atom = dir.path().to_str().expect("UTF-8");
    std::fs::write(dir.path().join("mod.nix"), "{ X = import ./helper.nix; }\n").expect("mod.nix");
    let o = run(&["eval", atom, "-A", "x"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("importing arbitrary Nix files is forbidden"), "{err}");
    assert!(err.contains("is already `mod.helper`"), "{err}");
    // check's hint for the relative path names the member, not a data file.
    let o = run(&["check", atom]);
    let err = stderr(&o);
    assert!(
        err.contains("helper.nix is a member of this module already: use mod.helper"),
        "{err}"
    );
    assert!(!err.contains("${mod}/helper.nix"), "{err}");

    std::fs::write(dir.path().join("mod.nix"), "{ X = pre.helper; }\n").expect("mod.nix");
    let o = run(&["eval", atom, "-A", "x"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(
        err.contains("undefined variable 'pre': the root module has no parent"),
        "{err}"
    );
    assert!(err.contains("in the root module use `mod` or `atom`"), "{err}");
}

#[test]
fn doc_lists_std_its_modules_and_an_atom_without_needing_one_for_std() {
    // `doc std`, without an atom: what std is and its members.
    let o = run(&["doc", "std"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("std: the standard library"), "{out}");
    assert!(out.contains("  string/            Functions on strings."), "{out}");
    assert!(out.contains("  fix "), "{out}");
    // The same with an atom given first.
    let o = run(&["doc", "examples/hello", "std"]);
    assert_eq!(stdout(&o), out);
    // A std module lists its members with their first doc line.
    let o = run(&["doc", "std.string"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Functions on strings."), "{out}");
    assert!(
        out.contains("  toUpperCase        Convert ASCII lowercase letters to uppercase."),
        "{out}"
    );
    // Builtins too, with "did you mean".
    let o = run(&["doc", "builtins.map"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Synopsis: builtins.map"), "{}", stdout(&o));
    let o = run(&["doc", "builtins.mapp"]);
    assert_clean_failure(&o);
    assert!(stderr(&o).contains("did you mean map?"), "{}", stderr(&o));
    // An atom alone: its public members.
    let o = run(&["doc", "examples/shop"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("shop 1.2.0: the atom's public members."), "{out}");
    assert!(out.contains("  cart/") && !out.contains("format"), "{out}");
}

#[test]
fn a_private_member_through_atom_says_it_is_private() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::write(
        root.join("atom.toml"),
        "[package]\nlabel = \"pa\"\nversion = \"0.1.0\"\n",
    )
    .expect("atom.toml");
    std::fs::write(
        root.join("mod.nix"),
        "{ X = atom.name; Y = atom.sub.helper; Z = atom.nothing; }\n",
    )
    .expect("mod.nix");
    std::fs::write(root.join("name.nix"), "\"n\"\n").expect("name.nix");
    std::fs::create_dir(root.join("Sub")).expect("Sub/");
    std::fs::write(root.join("Sub/mod.nix"), "{ helper = 1; }\n").expect("Sub/mod.nix");
    let atom = root.to_str().expect("UTF-8");
    let o = run(&["eval", atom, "-A", "x"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(
        err.contains("'name' is private to the root module (defined in"),
        "{err}"
    );
    assert!(err.contains("name.nix"), "{err}");
    assert!(err.contains("use mod.name"), "{err}");
    assert!(err.contains("rename it to 'Name'"), "{err}");
    let o = run(&["eval", atom, "-A", "y"]);
    let err = stderr(&o);
    assert!(err.contains("'helper' is private to module sub"), "{err}");
    assert!(err.contains("Sub/mod.nix"), "{err}");
    // A name defined nowhere is still just missing.
    let o = run(&["eval", atom, "-A", "z"]);
    let err = stderr(&o);
    assert!(err.contains("error: attribute 'nothing' missing"), "{err}");
    assert!(!err.contains("private"), "{err}");
}

#[test]
fn infinite_recursion_through_members_names_the_cycle() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::write(
        root.join("atom.toml"),
        "[package]\nlabel = \"ir\"\nversion = \"0.1.0\"\n",
    )
    .expect("atom.toml");
    std::fs::write(root.join("mod.nix"), "{\n  Z = mod.a;\n  A = mod.b;\n}\n").expect("mod.nix");
    std::fs::write(root.join("b.nix"), "mod.sub.x + 1\n").expect("b.nix");
    std::fs::write(root.join("c.nix"), "mod.a\n").expect("c.nix");
    std::fs::create_dir(root.join("Sub")).expect("Sub/");
    std::fs::write(root.join("Sub/mod.nix"), "{ X = pre.c; }\n").expect("Sub/mod.nix");
    let o = run(&["eval", root.to_str().expect("UTF-8"), "-A", "z"]);
    assert_clean_failure(&o);
    let err = stderr(&o);
    assert!(err.contains("error: infinite recursion encountered"), "{err}");
    // The cycle, each member with its file and line; `z`, which only
    // entered it, is not part of it.
    assert!(
        err.contains(
            "the members in the cycle: a (mod.nix:3) → b (b.nix:1) → sub.x (Sub/mod.nix:1) → c (c.nix:1) → a\n"
        ),
        "{err}"
    );
}

/// `default-features = false` leaves the command line and the REPL out of
/// the library's dependencies (checked on cargo's resolved graph).
#[test]
fn the_library_without_default_features_has_no_cli_or_repl_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = |extra: &[&str]| {
        let o = Command::new(&cargo)
            .args([
                "tree",
                "-p",
                "atom-eval",
                "-e",
                "normal",
                "--prefix",
                "none",
                "--offline",
            ])
            .args(extra)
            .current_dir(repo_root())
            .output()
            .expect("running cargo tree");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let has = |tree: &str, krate: &str| tree.lines().any(|l| l.starts_with(&format!("{krate} v")));
    let full = tree(&[]);
    assert!(has(&full, "clap") && has(&full, "rustyline"), "{full}");
    let lib = tree(&["--no-default-features"]);
    assert!(!has(&lib, "clap") && !has(&lib, "rustyline"), "{lib}");
    assert!(has(&lib, "engine"), "{lib}");
}

/// `atom-eval doc builtins.X` documents every builtin the evaluator has
/// (enumerated by evaluating `builtins`, with the experimental `fetchTree`
/// on): a synopsis naming the arguments, then more than one line saying
/// what it does.
#[test]
fn doc_documents_every_builtin_fully() {
    let o = run(&[
        "eval",
        "--json",
        "--extra-experimental-features",
        "fetch-tree",
        "-E",
        "builtins.attrNames builtins",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = serde_json::from_slice(&o.stdout).expect("a JSON list of names");
    assert!(names.len() > 100, "{names:?}");
    for name in ["importAtom", "fetchTree", "foldl'", "nixVersion", "true"] {
        assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
    }
    let mut problems = Vec::new();
    for name in &names {
        let o = run(&["doc", &format!("builtins.{name}")]);
        let out = stdout(&o);
        let body: Vec<&str> = out.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
        if !o.status.success() {
            problems.push(format!("{name}: {}", stderr(&o)));
        } else if !out.starts_with(&format!("Synopsis: builtins.{name}")) {
            problems.push(format!("{name}: no synopsis in {out:?}"));
        } else if body.len() < 2 {
            problems.push(format!("{name}: a one-line doc: {out:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The synopsis names the arguments, and the text gives the edge cases.
    let o = run(&["doc", "builtins.substring"]);
    let out = stdout(&o);
    assert!(out.starts_with("Synopsis: builtins.substring start len s\n\n"), "{out}");
    assert!(out.contains("a negative `len` means everything after `start`"), "{out}");
}
