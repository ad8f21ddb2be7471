//! Static introspection through the command line (`atom-eval ls`,
//! `check`): what the tools print is reused from the fact cache only while
//! nothing changed. The tools themselves are tested inside the crate
//! (`evaluator/src/tests/inspect.rs`).

use std::process::Command;

use atom_eval_tests::repo_root;

/// A scratch atom whose `Member.nix` holds `member`.
fn scratch_atom(member: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("atom.toml"),
        "[atom]\nid = \"scratch\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("mod.nix"), "{ }\n").unwrap();
    std::fs::write(tmp.path().join("Member.nix"), member).unwrap();
    tmp
}

/// The command line reuses a kept output only when nothing changed: the
/// same atom checked twice prints the same, and an edit shows at once.
#[test]
fn check_and_ls_print_the_same_from_the_cache() {
    let atom = scratch_atom("{ a = import ./x; }\n");
    // Past the racy window, so that the second run reuses the first's.
    // (The cache distrusts stamps younger than two seconds.)
    std::thread::sleep(std::time::Duration::from_secs(3));
    let cache_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(atom_eval_tests::atom_eval_binary())
            .args(args)
            .arg(atom.path())
            .env("XDG_CACHE_HOME", cache_dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
        )
    };
    for args in [&["check"][..], &["check", "--json"], &["ls"], &["ls", "--json"]] {
        let fresh = run(&[args, &["--no-cache"]].concat());
        assert_eq!(run(args), fresh, "{args:?}");
        assert_eq!(run(args), fresh, "{args:?}");
    }
    std::fs::write(atom.path().join("Member.nix"), "{ a = 1; }\n").unwrap();
    assert_eq!(run(&["check"]), (Some(0), "0 error(s), 0 warning(s)\n".to_owned()));
}

/// The specification's index names only files of the repository.
#[test]
fn the_spec_index_names_no_file_outside_the_repository() {
    let text = std::fs::read_to_string(repo_root().join("modules-spec/README.md")).unwrap();
    for outside in ["shared/", "/work/", "/home/"] {
        assert!(!text.contains(outside), "modules-spec/README.md names {outside}");
    }
}
