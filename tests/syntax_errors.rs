//! Syntax errors as C++ Nix reports them, through the command line: the
//! first error only, with its file and position, also at the end of the
//! input, in `eval` and in `check`. (The wording of each error is checked
//! against C++ Nix in the language corpus, `tests/lang/eval-fail-parse-*`.)

use std::path::Path;
use std::process::{Command, Output};

use atom_eval_tests::{atom_eval_binary, repo_root};

fn run(args: &[&str]) -> Output {
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    Command::new(atom_eval_binary())
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("running atom-eval")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_expression_ending_early_points_at_its_end() {
    let o = run(&["eval", "-E", "1 +"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: syntax error, unexpected end of file\n"),
        "{err}"
    );
    assert!(err.contains("[«string»:1:4]"), "{err}");
}

#[test]
fn a_file_ending_early_points_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("set.nix");
    std::fs::write(&file, "{\n  a = 1;\n").unwrap();
    let o = run(&["eval", &file.to_string_lossy()]);
    let err = stderr(&o);
    assert!(
        err.starts_with("error: syntax error, unexpected end of file, expecting INHERIT\n"),
        "{err}"
    );
    assert!(err.contains(&format!("[{}:3:1]", file.display())), "{err}");
}

/// One missing `]` is one error, where C++ Nix reports it, not a cascade.
#[test]
fn one_missing_bracket_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("list.nix");
    std::fs::write(&file, "{\n  a = [ 1 2;\n  b = 3;\n}\n").unwrap();
    let o = run(&["eval", &file.to_string_lossy()]);
    let err = stderr(&o);
    assert_eq!(
        err.matches("syntax error").count(),
        2,
        "the message and its label: {err}"
    );
    assert!(err.starts_with("error: syntax error, unexpected ';'\n"), "{err}");
    assert!(err.contains(&format!("[{}:2:12]", file.display())), "{err}");
}

/// Copies `examples/hello` with extra member files.
fn atom_with(members: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = repo_root().join("examples/hello");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    for (name, text) in members {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn check_counts_one_error_per_mistake() {
    let atom = atom_with(&[("Bad.nix", "{\n  a = [ 1 2;\n  b = 3;\n}\n")]);
    let o = run(&["check", &atom.path().to_string_lossy()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
    assert!(err.contains("syntax error, unexpected ';'"), "{err}");
    // Two broken files are two independent errors.
    let atom = atom_with(&[("Bad.nix", "[ 1 2\n"), ("Plus.nix", "1 +\n")]);
    let o = run(&["check", &atom.path().to_string_lossy()]);
    assert!(stderr(&o).contains("2 error(s)"), "{}", stderr(&o));
}

#[test]
fn a_member_ending_in_an_operator_points_at_its_end() {
    let atom = atom_with(&[("Plus.nix", "1 +\n")]);
    let o = run(&["eval", &atom.path().to_string_lossy(), "-A", "plus"]);
    let err = stderr(&o);
    assert!(
        err.starts_with("error: syntax error, unexpected end of file\n"),
        "{err}"
    );
    let file = Path::new(&atom.path()).join("Plus.nix");
    assert!(err.contains(&format!("[{}:2:1]", file.display())), "{err}");
}
