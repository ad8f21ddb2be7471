//! The language corpus: every `tests/lang/eval-okay-*.nix` must print its
//! `.exp` (and `.exp.json`) as `nix-instantiate --eval --strict` does, and
//! every `eval-fail-*.nix` must fail with the innermost message of its
//! `.err.exp`, a syntax error at its position. Expectations come from C++
//! Nix 2.26 (`tests/lang/regen.py`), with this crate's directory written as
//! `/pwd`.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

/// The engine crate's directory, which expected outputs call `/pwd`.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `f` on a thread with an evaluation's stack (the interpreter
/// recurses on the native stack).
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(f)
        .expect("spawning an evaluation thread")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

#[derive(Clone, Copy)]
enum Output {
    Nix,
    Json,
}

/// Evaluates a file strictly, as `nix-instantiate --eval --strict [--json]`
/// with its read-only store; an error becomes its first line.
fn run(file: &Path, output: Output) -> Result<Vec<u8>, String> {
    run_at(file, output).map_err(|(message, _)| message)
}

/// [`run`], with where an error points (`FILE:LINE:COL`) if it has a position.
fn run_at(file: &Path, output: Output) -> Result<Vec<u8>, (String, Option<String>)> {
    let file = file.to_string_lossy().into_owned();
    on_big_stack(move || {
        let mut ev = engine::Evaluator::builder().build();
        let result = ev.eval_file(&file).and_then(|v| match output {
            Output::Nix => ev.print_bytes(&v, true),
            Output::Json => {
                let v = ev.state.force_deep(&v)?;
                engine::builtins::to_json_string(&mut ev.state, &v).map(String::into_bytes)
            }
        });
        result.map_err(|e| {
            let position = e.span.map(|span| {
                let (line, col) = ev.state.sources.line_col(span);
                format!("{}:{line}:{col}", ev.state.sources.get(span.file).name)
            });
            (e.message().lines().next().unwrap_or("").to_owned(), position)
        })
    })
}

/// Where C++ Nix's innermost error points: the `at FILE:LINE:COL:` line
/// right after it.
fn innermost_position(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let last = lines.iter().rposition(|l| l.trim_start().starts_with("error: "))?;
    let at = lines.get(last + 1)?.trim().strip_prefix("at ")?;
    Some(at.trim_end_matches(':').to_owned())
}

/// Replaces this crate's path by `/pwd`.
fn normalise(text: &str) -> String {
    text.replace(&*root().to_string_lossy(), "/pwd")
}

/// [`normalise`] on bytes, plus the newline nix-instantiate prints.
fn normalise_bytes(out: &[u8]) -> Vec<u8> {
    let root = root().to_string_lossy().into_owned().into_bytes();
    let mut result = Vec::with_capacity(out.len() + 1);
    let mut i = 0;
    while i < out.len() {
        if out[i..].starts_with(&root) {
            result.extend_from_slice(b"/pwd");
            i += root.len();
        } else {
            result.push(out[i]);
            i += 1;
        }
    }
    result.push(b'\n');
    result
}

/// The innermost `error: ...` message of C++ Nix's stderr.
fn innermost_error(stderr: &str) -> Option<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("error: "))
        .next_back()
        .map(|m| m.trim_end().to_owned())
}

/// C++ Nix's whole innermost message: from the last `error:` to the end,
/// its continuation lines without the 7 columns of indentation the logger
/// adds, and without the `at FILE:LINE:COL:` line and source snippet that
/// follow a positioned message (hints after the snippet are kept).
fn whole_message(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let last = lines.iter().rposition(|l| {
        let l = l.trim_start();
        l == "error:" || l.starts_with("error: ")
    })?;
    let first = lines[last].trim_start();
    let mut out = vec![first.strip_prefix("error:").unwrap_or(first).trim_start().to_owned()];
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
    Some(out.join("\n").trim_end().to_owned())
}

fn okay(file: PathBuf) -> Result<(), Failed> {
    let exp_path = file.with_extension("exp");
    let expected = std::fs::read(&exp_path).map_err(|e| format!("{}: {e}", exp_path.display()))?;
    let got = run(&file, Output::Nix).map_err(|e| format!("evaluation failed: {}", normalise(&e)))?;
    let got = normalise_bytes(&got);
    if got != expected {
        let (e, g) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(&got));
        return Err(format!("expected:\n{e}\ngot:\n{g}").into());
    }
    let json_path = PathBuf::from(format!("{}.json", exp_path.display()));
    if let Ok(expected) = std::fs::read_to_string(&json_path) {
        let got = run(&file, Output::Json).map_err(|e| format!("--json failed: {}", normalise(&e)))?;
        let got = normalise(&String::from_utf8_lossy(&got)) + "\n";
        if got != expected {
            return Err(format!("--json expected:\n{expected}\ngot:\n{got}").into());
        }
    }
    Ok(())
}

fn fail(file: PathBuf) -> Result<(), Failed> {
    let exp_path = PathBuf::from(format!("{}.err.exp", file.with_extension("").display()));
    // C++ Nix may print bytes that are not UTF-8 (half a character in a
    // message); our messages show those as U+FFFD.
    let stderr = std::fs::read(&exp_path).map_err(|e| format!("{}: {e}", exp_path.display()))?;
    let stderr = String::from_utf8_lossy(&stderr);
    let expected = innermost_error(&stderr).ok_or("no 'error:' line in the .err.exp")?;
    // A case with a `# whole-message` line must print C++ Nix's message
    // whole, every line of it.
    let whole = std::fs::read_to_string(&file)?
        .lines()
        .any(|l| l.trim() == "# whole-message");
    if whole {
        let expected = whole_message(&stderr).ok_or("no 'error:' line in the .err.exp")?;
        let got = on_big_stack({
            let file = file.to_string_lossy().into_owned();
            move || {
                let mut ev = engine::Evaluator::builder().build();
                match ev.eval_file(&file).and_then(|v| ev.print_bytes(&v, true)) {
                    Ok(_) => None,
                    Err(e) => Some(e.message().trim_end().to_owned()),
                }
            }
        });
        let got = got.map(|m| normalise(&m)).ok_or("evaluated, expected a failure")?;
        if got != expected {
            return Err(format!("expected the message:\n{expected}\ngot:\n{got}").into());
        }
        return Ok(());
    }
    match run_at(&file, Output::Nix) {
        Ok(out) => Err(format!(
            "expected failure '{expected}', but got: {}",
            String::from_utf8_lossy(&out)
        )
        .into()),
        Err((msg, position)) => {
            let msg = normalise(&msg);
            if msg != expected {
                return Err(format!("expected error:\n  {expected}\ngot:\n  {msg}").into());
            }
            // A syntax error must point where C++ Nix's does, as must
            // every error of the parser's cases.
            let parse_case = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("eval-fail-parse-"));
            // So must a case with a `# check-position` line.
            let checked = std::fs::read_to_string(&file)?
                .lines()
                .any(|l| l.trim() == "# check-position");
            if expected.starts_with("syntax error") || parse_case || checked {
                let want = innermost_position(&stderr);
                let got = position.map(|p| normalise(&p));
                if want.is_some() && got != want {
                    return Err(format!("expected the error at {want:?}, got {got:?}").into());
                }
            }
            Ok(())
        }
    }
}

/// `builtins.attrNames builtins` must be exactly C++ Nix 2.26's list
/// (`builtins-names.exp`): no builtin missing, none extra.
fn builtin_names(dir: PathBuf) -> Result<(), Failed> {
    let exp_path = dir.join("builtins-names.exp");
    let expected = std::fs::read(&exp_path).map_err(|e| format!("{}: {e}", exp_path.display()))?;
    let got = on_big_stack(|| {
        let mut ev = engine::Evaluator::builder().build();
        let v = ev
            .eval_expr("builtins.attrNames builtins", "/")
            .map_err(|e| e.message())?;
        ev.print_bytes(&v, true).map_err(|e| e.message())
    })?;
    let got = normalise_bytes(&got);
    if got != expected {
        let (e, g) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(&got));
        return Err(format!("expected:\n{e}\ngot:\n{g}").into());
    }
    Ok(())
}

/// The fetchers exist and, when called, say that they are not supported,
/// naming themselves (the one deliberate difference from C++ Nix's results;
/// `fetchTree` and `fetchClosure` are experimental in 2.26 and absent from
/// its `builtins`, so from ours).
fn fetchers_are_not_supported() -> Result<(), Failed> {
    for (name, call) in [
        ("fetchurl", "builtins.fetchurl \"https://example.org/x\""),
        ("fetchTarball", "builtins.fetchTarball \"https://example.org/x.tar.gz\""),
        ("fetchGit", "builtins.fetchGit \"https://example.org/x.git\""),
        ("fetchMercurial", "builtins.fetchMercurial \"https://example.org/x\""),
    ] {
        let err = on_big_stack(move || {
            let mut ev = engine::Evaluator::builder().build();
            match ev.eval_expr(call, "/").and_then(|v| ev.print_bytes(&v, true)) {
                Ok(_) => Err(format!("{call}: evaluated")),
                Err(e) => Ok(e.message()),
            }
        })?;
        let expected = format!("'builtins.{name}' is not supported");
        if !err.contains(&expected) {
            return Err(format!("{name}: {err}").into());
        }
    }
    Ok(())
}

/// The cases of the corpus for a prefix: `(name, file)`, sorted.
fn cases(dir: &Path, prefix: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .expect("the corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            (name.starts_with(prefix) && name.ends_with(".nix"))
                .then(|| (name.trim_end_matches(".nix").to_owned(), p.clone()))
        })
        .collect();
    out.sort();
    out
}

fn main() {
    let args = Arguments::from_args();
    let dir = root().join("tests/lang");
    let mut trials = Vec::new();
    for (name, file) in cases(&dir, "eval-okay-") {
        trials.push(Trial::test(name, move || okay(file)));
    }
    for (name, file) in cases(&dir, "eval-fail-") {
        trials.push(Trial::test(name, move || fail(file)));
    }
    let names_dir = dir.clone();
    trials.push(Trial::test("builtins-names", move || builtin_names(names_dir)));
    trials.push(Trial::test("fetchers-not-supported", fetchers_are_not_supported));
    libtest_mimic::run(&args, trials).exit();
}
