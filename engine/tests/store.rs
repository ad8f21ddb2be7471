//! The evaluator against a real store: a `LocalStore` in a temporary
//! directory, its logical directory `/nix/store` mapped below that root.
//!
//! Checks that everything the evaluation adds (`builtins.path`,
//! `filterSource`, `"${./x}"`, `toFile`, `.drv` files) lands in the
//! physical directory under the path the evaluation computed (the same
//! path as without a store), and that logical store paths read back from
//! the physical root.

use std::cell::RefCell;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::io::{Access, CountingIO, EvalIO, FileType, LocalStore, NarNode, StdIO, StoreDir};
use engine::Evaluator;
use store::derivation::Derivation;
use store::path::StorePath;

/// A fresh directory, removed (read-only store objects included) on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "engine-store-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = remove_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// The path as a string (the evaluator's paths are strings).
    fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = remove_all(&self.0);
    }
}

/// Removes a tree whose directories may be read-only.
fn remove_all(path: &Path) -> std::io::Result<()> {
    fn writable(p: &Path) {
        if let Ok(m) = fs::symlink_metadata(p) {
            if m.is_dir() {
                let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o700));
                if let Ok(entries) = fs::read_dir(p) {
                    for e in entries.flatten() {
                        writable(&e.path());
                    }
                }
            }
        }
    }
    writable(path);
    fs::remove_dir_all(path)
}

/// A source tree: a file, an executable, a symlink and a subdirectory.
fn make_source(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::write(src.join("a.txt"), "a\n").unwrap();
    fs::write(src.join("run.sh"), "#!/bin/sh\n").unwrap();
    fs::set_permissions(src.join("run.sh"), fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(src.join("sub/b.txt"), "b\n").unwrap();
    fs::write(src.join("sub/skip.log"), "log\n").unwrap();
    std::os::unix::fs::symlink("a.txt", src.join("link")).unwrap();
    src
}

fn store_dir() -> StoreDir {
    StoreDir::new("/nix/store").unwrap()
}

/// An evaluator over `io`, with `/nix/store` as its store directory.
fn evaluator(io: Rc<dyn EvalIO>) -> Evaluator {
    Evaluator::builder().io(io).store_dir("/nix/store").build()
}

/// An evaluator whose IO writes into a store rooted at `root`.
fn with_store(root: &Path) -> (Evaluator, LocalStore) {
    let store = LocalStore::open(store_dir(), root).unwrap();
    (evaluator(Rc::new(StdIO::with_store(store.clone()))), store)
}

fn eval(ev: &mut Evaluator, expr: &str) -> Result<String, String> {
    let v = ev.eval_expr(expr, "/").map_err(|e| e.message())?;
    ev.print(&v, true).map_err(|e| e.message())
}

/// The value of a string expression.
fn eval_str(ev: &mut Evaluator, expr: &str) -> String {
    let printed = eval(ev, expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    printed.trim_matches('"').to_owned()
}

/// Where the logical store path `p` is in `store`.
fn physical(store: &LocalStore, p: &str) -> PathBuf {
    store.physical_path(&store_dir().parse_path(p).unwrap())
}

const DRV: &str =
    r#"derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; }"#;

#[test]
fn to_file_is_written_and_read_back() {
    let root = TempDir::new();
    let (mut ev, store) = with_store(root.path());
    let p = eval_str(&mut ev, r#"builtins.toFile "greeting" "hello\n""#);
    let on_disk = physical(&store, &p);
    assert!(on_disk.starts_with(root.path().join("nix/store")), "{on_disk:?}");
    assert_eq!(fs::read(&on_disk).unwrap(), b"hello\n");
    // Store objects are read-only, as in a real store.
    assert_eq!(fs::metadata(&on_disk).unwrap().permissions().mode() & 0o777, 0o444);
    // The path is the one computed without a store.
    let mut readonly = evaluator(Rc::new(StdIO::new()));
    assert_eq!(eval_str(&mut readonly, r#"builtins.toFile "greeting" "hello\n""#), p);
    // Reading the logical path reads the physical file.
    assert_eq!(
        eval(&mut ev, r#"builtins.readFile (builtins.toFile "f" "x")"#).unwrap(),
        r#""x""#
    );
    // A file referring to another keeps the reference in its context.
    assert_eq!(
        eval(
            &mut ev,
            r#"let a = builtins.toFile "a" "A"; b = builtins.toFile "b" "see ${a}"; in builtins.getContext (builtins.readFile b) == builtins.getContext a"#
        )
        .unwrap(),
        "true"
    );
}

#[test]
fn without_a_store_nothing_is_written_and_nothing_is_valid() {
    let mut ev = evaluator(Rc::new(StdIO::new()));
    let e = eval(&mut ev, r#"builtins.readFile (builtins.toFile "f" "x")"#).unwrap_err();
    assert!(e.contains("is not valid"), "{e}");
    let e = eval(
        &mut ev,
        &format!(r#"(derivation {{ name = "b"; system = "s"; builder = "/bin/sh"; d = ({DRV}).drvPath; }}).drvPath"#),
    )
    .unwrap_err();
    assert!(e.contains("is not valid"), "{e}");
}

#[test]
fn paths_are_copied_with_their_filter() {
    let root = TempDir::new();
    let work = TempDir::new();
    let src = make_source(work.path());
    let src_s = src.to_str().unwrap();
    let (mut ev, store) = with_store(root.path());

    // Everything.
    let p = eval_str(&mut ev, &format!(r#"builtins.path {{ path = {src_s}; }}"#));
    assert!(p.ends_with("-src"), "{p}");
    let copied = NarNode::from_path(&physical(&store, &p)).unwrap();
    assert_eq!(copied, NarNode::from_path(&src).unwrap());
    let expected = StorePath::fixed_source(&store_dir(), "src", &copied.nar_sha256()).unwrap();
    assert_eq!(p, store_dir().print(&expected));
    // The executable bit and the symlink survive.
    let on_disk = physical(&store, &p);
    assert_eq!(
        fs::metadata(on_disk.join("run.sh")).unwrap().permissions().mode() & 0o111,
        0o111
    );
    assert_eq!(fs::read_link(on_disk.join("link")).unwrap(), Path::new("a.txt"));

    // Filtered: the log file and the symlink are left out. The filter sees
    // full paths and types, depth first in name order.
    let expr = format!(
        r#"let seen = p: t: builtins.trace "${{baseNameOf p}} ${{t}}" true; in
           builtins.path {{ path = {src_s}; name = "filtered";
             filter = p: t: seen p t && t != "symlink" && baseNameOf p != "skip.log"; }}"#
    );
    let traces = Rc::new(RefCell::new(Vec::new()));
    let sink = traces.clone();
    let mut ev2 = Evaluator::builder()
        .io(Rc::new(StdIO::with_store(store.clone())))
        .store_dir("/nix/store")
        .build();
    ev2.state.sinks.trace = Box::new(move |m| sink.borrow_mut().push(m.to_owned()));
    let p = eval_str(&mut ev2, &expr);
    assert!(p.ends_with("-filtered"), "{p}");
    assert_eq!(
        *traces.borrow(),
        [
            "a.txt regular",
            "link symlink",
            "run.sh regular",
            "sub directory",
            "b.txt regular",
            "skip.log regular"
        ]
    );
    let copied = NarNode::from_path(&physical(&store, &p)).unwrap();
    let mut names = Vec::new();
    copied.walk(&mut |path, _| {
        names.push(
            path.iter()
                .map(|c| String::from_utf8_lossy(c))
                .collect::<Vec<_>>()
                .join("/"),
        )
    });
    assert_eq!(names, ["", "a.txt", "run.sh", "sub", "sub/b.txt"]);

    // filterSource is the same copy.
    let fs_path = eval_str(
        &mut ev,
        &format!(r#"builtins.filterSource (p: t: t != "symlink" && baseNameOf p != "skip.log") {src_s}"#),
    );
    let same = eval_str(
        &mut ev,
        &format!(r#"builtins.path {{ path = {src_s}; filter = p: t: t != "symlink" && baseNameOf p != "skip.log"; }}"#),
    );
    assert_eq!(fs_path, same);
    assert!(physical(&store, &fs_path).is_dir());

    // Interpolating a path copies it, once.
    let p = eval_str(&mut ev, &format!(r#""${{{src_s}/sub}}""#));
    assert!(p.ends_with("-sub"), "{p}");
    assert_eq!(
        NarNode::from_path(&physical(&store, &p)).unwrap(),
        NarNode::from_path(&src.join("sub")).unwrap()
    );

    // A flat (non-recursive) copy of a file, with its expected hash.
    let sha256 = store::hash::Hash::sha256(b"#!/bin/sh\n").to_base16();
    let p = eval_str(
        &mut ev,
        &format!(r#"builtins.path {{ path = {src_s}/run.sh; recursive = false; sha256 = "{sha256}"; }}"#),
    );
    assert_eq!(fs::read(physical(&store, &p)).unwrap(), b"#!/bin/sh\n");
}

#[test]
fn derivations_are_written_and_read_back() {
    let root = TempDir::new();
    let (mut ev, store) = with_store(root.path());
    let drv_path = eval_str(&mut ev, &format!("({DRV}).drvPath"));
    let text = fs::read(physical(&store, &drv_path)).unwrap();
    assert!(text.starts_with(b"Derive(["));
    let drv = Derivation::parse(&store_dir(), "a", &text).unwrap();
    assert_eq!(store_dir().print(&drv.drv_path(&store_dir()).unwrap()), drv_path);
    assert_eq!(
        fs::metadata(physical(&store, &drv_path)).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // readFile of the .drv reads the written text.
    assert_eq!(
        eval(
            &mut ev,
            &format!("builtins.substring 0 8 (builtins.readFile ({DRV}).drvPath)")
        )
        .unwrap(),
        r#""Derive([""#
    );

    // A derivation whose input is a drvPath brings in the whole closure.
    let d = format!(
        r#"derivation {{ name = "b"; system = "s"; builder = "/bin/sh"; d = ({DRV}).drvPath; src = builtins.toFile "s" "S"; }}"#
    );
    let b = eval_str(&mut ev, &format!("({d}).drvPath"));
    assert!(b.ends_with("-b.drv"), "{b}");
    let b_drv = Derivation::parse(&store_dir(), "b", &fs::read(physical(&store, &b)).unwrap()).unwrap();
    assert_eq!(b_drv.input_drvs.len(), 1);
    assert_eq!(b_drv.input_srcs.len(), 2);

    // A fresh evaluation over the same store reads the .drv files from
    // disk (nothing cached) and gets the same paths: `import` of a .drv,
    // and hash modulo of an input only known from disk.
    let (mut fresh, _) = with_store(root.path());
    let e =
        format!(r#"let i = import "{drv_path}"; in [ i.name i.outputName (i.drvPath == "{drv_path}") i.dev.outPath ]"#);
    let from_disk = eval(&mut fresh, &e).unwrap();
    // The first output in name order, as C++ Nix's `std::map` has them.
    let e2 = format!(r#"let d = {DRV}; in [ d.name "dev" (d.drvPath == "{drv_path}") d.dev.outPath ]"#);
    assert_eq!(from_disk, eval(&mut ev, &e2).unwrap());
    let dependent = r#"derivation { name = "c"; system = "s"; builder = "/bin/sh"; dep = IN; }"#;
    let (mut fresh, _) = with_store(root.path());
    let via_disk = eval_str(
        &mut fresh,
        &format!(
            "({}).drvPath",
            dependent.replace("IN", &format!(r#"(import "{drv_path}").dev"#))
        ),
    );
    let in_memory = eval_str(
        &mut ev,
        &format!("({}).drvPath", dependent.replace("IN", &format!("({DRV}).dev"))),
    );
    assert_eq!(via_disk, in_memory);
}

#[test]
fn logical_store_paths_read_from_the_physical_root() {
    let root = TempDir::new();
    let store = LocalStore::open(store_dir(), root.path()).unwrap();
    // An object put there by someone else.
    let tree = NarNode::Directory(
        [
            (b"f".to_vec(), NarNode::file("contents")),
            (b"l".to_vec(), NarNode::Symlink { target: b"f".to_vec() }),
        ]
        .into(),
    );
    let sp = StorePath::fixed_source(&store_dir(), "thing", &tree.nar_sha256()).unwrap();
    store.add(&sp, &tree).unwrap();
    let logical = store_dir().print(&sp);
    assert!(
        !Path::new(&logical).exists(),
        "the test must not depend on a real /nix/store"
    );

    let io = StdIO::with_store(store.clone());
    assert_eq!(io.read_file(&Path::new(&logical).join("f")).unwrap(), b"contents");
    assert_eq!(io.file_type(Path::new(&logical)).unwrap(), FileType::Directory);
    assert_eq!(io.read_link(&Path::new(&logical).join("l")).unwrap(), Path::new("f"));
    assert!(io
        .read_dir(Path::new("/nix/store"))
        .unwrap()
        .contains(&(sp.to_string(), FileType::Directory)));

    let mut ev = evaluator(Rc::new(io));
    let e = format!(
        r#"let p = builtins.storePath "{logical}"; in
           [ (builtins.readFile "${{p}}/f") (builtins.readFile "${{p}}/l") (builtins.readDir p)
             (builtins.pathExists "${{p}}/nope") (builtins.readFileType "${{p}}/l") ]"#
    );
    assert_eq!(
        eval(&mut ev, &e).unwrap(),
        r#"[ "contents" "contents" { f = "regular"; l = "symlink"; } false "symlink" ]"#
    );
    // Copying from the store goes through the same mapping.
    let copied = eval_str(
        &mut ev,
        &format!(r#"builtins.path {{ path = "{logical}"; name = "again"; }}"#),
    );
    assert_eq!(store.read(&store_dir().parse_path(&copied).unwrap()).unwrap(), tree);
}

#[test]
fn the_host_entry_point_adds_filtered_trees() {
    let root = TempDir::new();
    let work = TempDir::new();
    let src = make_source(work.path());
    let src_s = src.to_str().unwrap();
    let (mut ev, store) = with_store(root.path());

    let keep = |p: &Path, ty: FileType| ty != FileType::Symlink && p.extension().is_none_or(|e| e != "log");
    let p = ev.state.add_path(src_s, "hosted", Some(&keep), true).unwrap();
    let nix = eval_str(
        &mut ev,
        &format!(
            r#"builtins.path {{ path = {src_s}; name = "hosted";
                 filter = p: t: t != "symlink" && builtins.substring (builtins.stringLength p - 4) 4 p != ".log"; }}"#
        ),
    );
    assert_eq!(p, nix);
    assert!(physical(&store, &p).join("sub/b.txt").exists());
    assert!(!physical(&store, &p).join("sub/skip.log").exists());

    // Everything, and a flat file.
    let all = ev.state.add_path(src_s, "src", None, true).unwrap();
    assert_eq!(all, eval_str(&mut ev, &format!("builtins.path {{ path = {src_s}; }}")));
    let flat = ev
        .state
        .add_path(&format!("{src_s}/a.txt"), "a.txt", None, false)
        .unwrap();
    assert_eq!(fs::read(physical(&store, &flat)).unwrap(), b"a\n");
    let e = ev.state.add_path(src_s, "dir", None, false).unwrap_err();
    assert!(e.message().contains("Is a directory"), "{}", e.message());
    let e = ev.state.add_path(src_s, "a b", None, true).unwrap_err();
    assert!(
        e.message().contains("contains illegal character ' '"),
        "{}",
        e.message()
    );
    let e = ev
        .state
        .add_path(&format!("{}/missing", work.str()), "m", None, true)
        .unwrap_err();
    assert!(e.message().contains("does not exist"), "{}", e.message());
}

#[test]
fn counting_io_records_store_additions() {
    let root = TempDir::new();
    let store = LocalStore::open(store_dir(), root.path()).unwrap();
    let (io, log) = CountingIO::new(StdIO::with_store(store.clone()));
    let mut ev = evaluator(Rc::new(io));
    let p = eval_str(&mut ev, r#"builtins.toFile "counted" "c""#);
    let drv = eval_str(&mut ev, &format!("({DRV}).drvPath"));
    let added: Vec<String> = log
        .borrow()
        .iter()
        .filter_map(|a| match a {
            Access::AddToStore(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(added, [p.clone(), drv.clone()]);
    assert!(physical(&store, &p).exists() && physical(&store, &drv).exists());
}

#[test]
fn no_temporaries_are_left_and_the_store_dir_lists_objects_only() {
    let root = TempDir::new();
    let (mut ev, store) = with_store(root.path());
    eval_str(&mut ev, r#"builtins.toFile "one" "1""#);
    eval_str(&mut ev, r#"builtins.toFile "one" "1""#);
    let names: Vec<String> = fs::read_dir(store.physical_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("-one"));
    assert_eq!(
        eval(&mut ev, "builtins.attrNames (builtins.readDir /nix/store)").unwrap(),
        format!(r#"[ "{}" ]"#, names[0])
    );
}
