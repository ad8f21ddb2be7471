//! No input brings the process down: runaway memory, closed pipes, Ctrl-C
//! and copies of the store end with a clean message and the conventional
//! exit status, never an abort, a backtrace or a panic.
//!
//! These run the `atom-eval` binary, since its allocator and signal
//! handling are part of what is tested.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use atom_eval_tests::atom_eval_binary;

/// Runs `atom-eval ARGS` under an address-space limit of `kib` KiB
/// (`ulimit -v`), as a shell would.
fn under_ulimit(kib: u64, args: &[&str]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(atom_eval_binary())
        .args(args);
    cmd.output().expect("running atom-eval under sh")
}

/// Asserts that a run failed with exactly the clean message expected:
/// status 1, the message on stderr, nothing of a crash.
fn assert_clean_failure(out: &Output, message_start: &str, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: status {:?}, stderr:\n{stderr}",
        out.status
    );
    assert!(stderr.starts_with(message_start), "{what}: stderr:\n{stderr}");
    for crash in [
        "panicked",
        "backtrace",
        "memory allocation of",
        "fatal runtime error",
        "Aborted",
    ] {
        assert!(!stderr.contains(crash), "{what}: stderr shows a crash:\n{stderr}");
    }
}

const UNBOUNDED_LIST: &str = "let f = l: builtins.seq (builtins.length l) (f (l ++ l)); in f [ 1 ]";
const UNBOUNDED_STRING: &str = "let f = s: builtins.seq (builtins.stringLength s) (f (s + s)); in f \"x\"";
const SMALL_BLOCKS: &str = "builtins.foldl' (acc: x: [ acc x ]) [ ] (builtins.genList (x: x) 100000000)";
const BIG_GENLIST: &str = "builtins.length (builtins.genList (x: x) 1000000000)";
const INFINITELY_DEEP: &str = "let f = n: [ (f (n + 1)) ]; in f 0";

#[test]
fn runaway_memory_under_ulimit_ends_with_the_limit_error() {
    for kib in [600_000, 1_500_000] {
        for (what, expr) in [
            ("unbounded list", UNBOUNDED_LIST),
            ("unbounded string", UNBOUNDED_STRING),
            ("many small blocks", SMALL_BLOCKS),
            ("one huge list", BIG_GENLIST),
        ] {
            let out = under_ulimit(kib, &["eval", "--strict", "-E", expr]);
            assert_clean_failure(
                &out,
                "error: out of memory: the evaluation exceeded ",
                &format!("{what} under ulimit -v {kib}"),
            );
        }
    }
}

#[test]
fn an_infinitely_deep_value_under_ulimit_is_a_stack_overflow_error() {
    let out = under_ulimit(600_000, &["eval", "--strict", "-E", INFINITELY_DEEP]);
    assert_clean_failure(
        &out,
        "error: stack overflow (possible infinite recursion)",
        "infinitely deep list",
    );
}

#[test]
fn max_memory_sets_the_limit() {
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--max-memory", "200M", "-E", UNBOUNDED_LIST])
        .output()
        .unwrap();
    assert_clean_failure(
        &out,
        "error: out of memory: the evaluation exceeded 200 MiB",
        "--max-memory 200M",
    );
    // Ordinary evaluation is untouched by a small limit.
    let out = Command::new(atom_eval_binary())
        .args([
            "eval",
            "--max-memory",
            "64",
            "--strict",
            "-E",
            "builtins.length (builtins.genList (x: x) 1000)",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1000\n");
    // tryEval cannot catch it.
    let out = Command::new(atom_eval_binary())
        .args([
            "eval",
            "--max-memory",
            "200",
            "-E",
            &format!("(builtins.tryEval ({UNBOUNDED_LIST})).success"),
        ])
        .output()
        .unwrap();
    assert_clean_failure(
        &out,
        "error: out of memory: the evaluation exceeded 200 MiB",
        "under tryEval",
    );
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--max-memory", "lots", "-E", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'lots' is not a size"));
}

/// Runs `atom-eval ARGS` with stdout and stderr on one pipe, reads `n`
/// bytes of it and closes it, as `2>&1 | head -c N` does.
fn read_then_close(args: &[&str], n: usize) -> (Vec<u8>, std::process::ExitStatus) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    let mut child = Command::new(atom_eval_binary())
        .args(args)
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let mut head = vec![0u8; n];
    let mut reader = reader;
    reader.read_exact(&mut head).expect("the first bytes");
    drop(reader);
    (head, child.wait().unwrap())
}

#[test]
fn a_closed_pipe_ends_the_process_quietly() {
    // A large output whose reader goes away.
    let (head, status) = read_then_close(&["eval", "--strict", "-E", "builtins.genList (x: x) 1000000"], 100);
    assert!(head.starts_with(b"[ 0 1 2 3"), "{}", String::from_utf8_lossy(&head));
    assert_eq!(status.signal(), Some(libc_sigpipe()), "{status:?}");
    // A failing evaluation whose message is cut short (2>&1 | head -c 100).
    let (head, status) = read_then_close(
        &[
            "eval",
            "-E",
            "throw (builtins.concatStringsSep \"\" (builtins.genList (x: \"x\") 1000000))",
        ],
        100,
    );
    assert!(head.starts_with(b"error: xxx"), "{}", String::from_utf8_lossy(&head));
    assert_eq!(status.signal(), Some(libc_sigpipe()), "{status:?}");
}

/// SIGPIPE's number on Linux.
fn libc_sigpipe() -> i32 {
    13
}

/// Sends SIGINT to a process, as Ctrl-C in its terminal does.
fn interrupt(pid: u32) {
    let status = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    assert!(status.success());
}

#[test]
fn ctrl_c_stops_eval_with_status_130_and_no_partial_store_object() {
    let store = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("file"), "data").unwrap();
    let expr = format!(
        "let slow = n: if n == 0 then 0 else slow (n - 1) + slow (n - 1); in \
         builtins.seq \"${{{}}}\" (builtins.trace \"started\" (slow 60))",
        data.path().display()
    );
    let mut child = Command::new(atom_eval_binary())
        .args(["eval", "--store-root"])
        .arg(store.path())
        .args(["-E", &expr])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, "trace: started\n");
    interrupt(child.id());
    // A generous guard against a hang, not a timing requirement.
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("atom-eval did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}: {rest}");
    assert_eq!(rest.trim_end(), "error: interrupted by the user");
    // The copy made before the interrupt is whole; nothing is half written.
    let store_dir = store.path().join("nix/store");
    let names: Vec<String> = std::fs::read_dir(&store_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with(&format!("-{}", data.path().file_name().unwrap().to_string_lossy())));
    assert!(!names.iter().any(|n| n.starts_with(".atom-tmp-")), "{names:?}");
}

#[test]
fn copying_a_directory_that_holds_the_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/file"), "data").unwrap();
    let copy = |path: &str| {
        Command::new(atom_eval_binary())
            .args(["eval", "--store-root"])
            .arg(&root)
            .args(["-E", &format!("\"${{{path}}}\"")])
            .output()
            .unwrap()
    };
    let physical = std::fs::canonicalize(dir.path()).unwrap().join("store/nix/store");
    for path in [
        dir.path().display().to_string(),
        root.display().to_string(),
        physical.display().to_string(),
        "/nix/store".to_owned(),
        "/nix".to_owned(),
    ] {
        let out = copy(&path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: cannot copy '{path}' to the store: it contains the store ('{}')",
                physical.display()
            )),
            "{path}: {stderr}"
        );
    }
    // Nothing was written, and a directory beside the store copies fine.
    assert_eq!(std::fs::read_dir(&physical).unwrap().count(), 0);
    let out = copy(&dir.path().join("src").display().to_string());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(&physical).unwrap().count(), 1);
}
