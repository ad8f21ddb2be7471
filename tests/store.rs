//! The store under atoms, through the `atom-eval` binary: `"${mod}"` copies
//! are atomic and safe when processes race or die (`modules-spec/store.md`).
//! (That the copies' paths equal C++ Nix's `builtins.path` with the same
//! filter is checked by the `store` spec example in `tests/atoms.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    atom_eval_tests::atom_eval_binary()
}

/// An atom whose root module holds `files` data files of `size` bytes and
/// a public member reading them through `"${mod}"`.
fn data_atom(dir: &Path, files: usize, size: usize) {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("atom.toml"), "[atom]\nid = \"data\"\nversion = \"0.1.0\"\n").unwrap();
    std::fs::write(
        dir.join("mod.nix"),
        format!(
            "{{ Probe = [ (builtins.length (builtins.attrNames (builtins.readDir \"${{mod}}/data\"))) \
             (builtins.stringLength (builtins.readFile \"${{mod}}/data/f{}\")) ]; }}",
            files - 1
        ),
    )
    .unwrap();
    let chunk: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    for i in 0..files {
        std::fs::write(dir.join(format!("data/f{i}")), &chunk).unwrap();
    }
}

fn probe(atom: &Path, root: &Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.args(["eval", "--strict", "-A", "probe", "--store-root"])
        .arg(root)
        .arg(atom);
    cmd
}

/// The physical store directory's entries: (final objects, temporaries).
fn store_entries(root: &Path) -> (Vec<String>, Vec<String>) {
    let dir = root.join("nix/store");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names
        .into_iter()
        .partition(|n| !n.starts_with(store::local::TEMP_PREFIX))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim_end().to_owned()
}

#[test]
fn two_processes_copy_the_same_module_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (atom, root) = (tmp.path().join("atom"), tmp.path().join("root"));
    data_atom(&atom, 64, 64 * 1024);
    let mut cmds = [probe(&atom, &root), probe(&atom, &root)];
    let children: Vec<_> = cmds
        .iter_mut()
        .map(|c| c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(stdout(&out), "[ 64 65536 ]");
    }
    let (objects, temporaries) = store_entries(&root);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(objects[0].ends_with("-atom"), "{objects:?}");
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

#[test]
fn a_process_killed_mid_copy_leaves_no_partial_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (atom, root) = (tmp.path().join("atom"), tmp.path().join("root"));
    data_atom(&atom, 400, 256 * 1024);
    let mut child = probe(&atom, &root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the copy is under way (a temporary exists), then kill.
    let start = Instant::now();
    loop {
        let (objects, temporaries) = store_entries(&root);
        if !temporaries.is_empty() {
            break;
        }
        assert!(
            objects.is_empty(),
            "the copy finished before it could be interrupted; make the atom larger"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "no copy started");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (objects, _) = store_entries(&root);
    assert!(objects.is_empty(), "a partial object is visible: {objects:?}");

    // The next process cleans up after the dead one and completes the copy.
    let out = probe(&atom, &root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "[ 400 262144 ]");
    let (objects, temporaries) = store_entries(&root);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(temporaries.is_empty(), "{temporaries:?}");
}
