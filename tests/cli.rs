//! The plain-Nix command line against C++ Nix: every `tests/cli/NAME.args`
//! (one argument per line, run in `tests/cli/` as `atom-eval eval ARGS`)
//! must print `NAME.exp`, which `tests/cli/regen.sh` made with
//! `nix-instantiate --eval ARGS`.
//! A failing case's `.exp` is its innermost `error: ` line; a
//! `NAME.stderr.exp` is the whole of stderr (traces and warnings).

use std::path::PathBuf;
use std::process::Command;

use atom_eval_tests::{atom_eval_binary, innermost_error, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};

fn case(args_file: PathBuf) -> Result<(), Failed> {
    let dir = args_file.parent().expect("in tests/cli").to_path_buf();
    let args: Vec<String> = std::fs::read_to_string(&args_file)?
        .lines()
        .map(str::to_owned)
        .collect();
    let expected = std::fs::read_to_string(args_file.with_extension("exp"))?;
    let out = Command::new(atom_eval_binary())
        .arg("eval")
        .args(&args)
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()?;
    let got = if out.status.success() {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        format!("error: {}\n", innermost_error(&stderr).unwrap_or_default())
    };
    if got != expected {
        return Err(format!("{args:?}\nexpected:\n{expected}got:\n{got}").into());
    }
    if let Ok(expected) = std::fs::read_to_string(args_file.with_extension("stderr.exp")) {
        let got = String::from_utf8_lossy(&out.stderr);
        if got != expected {
            return Err(format!("{args:?}\nexpected on stderr:\n{expected}got:\n{got}").into());
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let dir = repo_root().join("tests/cli");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cli")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "args"))
        .collect();
    files.sort();
    let trials = files
        .into_iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(name, move || case(f))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
