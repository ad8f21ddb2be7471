//! Atoms with dependencies (issue 12), end to end through the CLI, on
//! fixture repositories made by `tests/deps/make-fixtures.sh` in a
//! temporary directory: an app atom (`entry = "src"`) with an atom
//! dependency fetched from another repository (`util`, which depends on
//! `base`), a local `"::"` atom found through `ekala.toml`, a `nix+git`
//! pin imported with arguments, a `nix+tar` pin and a `nix+src` source.
//! Every fetch is over `file://` into a temporary store root.
//!
//! The expected values are C++ Nix 2.26's (the oracle) for the same
//! fixtures (commits are reproducible, so store paths do not depend on
//! where the fixtures are): `tests/deps/oracle.sh` evaluates them with C++
//! Nix's own fetchers and `tests/composer/compose.nix` with `deps` passed
//! in, and prints these values. (`util`'s tree holds its mirror's URL, so
//! the store path of its module copy depends on where the fixtures are:
//! the test checks that it is the copy of the path C++ Nix's `fetchGit`
//! gives, named as the reference names module copies.)

use std::path::{Path, PathBuf};
use std::process::Command;

use atom_eval_tests::{atom_eval_binary, repo_root};

/// The fetch crate's fixtures: an HTTP server on 127.0.0.1.
#[path = "../fetch/tests/support/mod.rs"]
mod support;

/// From the oracle (`tests/deps/oracle.sh`).
const EXPECTED: &[(&str, &str)] = &[
    ("util.value", "\"util+base\""),
    ("pkgs", "{ greeting = \"hello from x86_64-linux!\"; }"),
    ("pkgsSrc", "\"/nix/store/rqjw0jbsg3fn3x86igsf43f6318l78wp-source\""),
    ("tar", "{ x = 1; y = 2; }"),
    ("tarSrc", "\"/nix/store/kmf5lswf24ldka0rmsgbynfb33ar296p-source\""),
    ("dataSrc", "\"/nix/store/4njryya2z4qk14jm8djyi3414hcyilcc-data.txt\""),
    ("data", "\"some data\\n\""),
    // `nix+src`: `<nix/fetchurl.nix>`'s derivation (its URL is not reached:
    // neither path needs the fetch), with the lock's hash as written.
    (
        "remote.drvPath",
        "\"/nix/store/6cwvawy39297mzmpdw44rmhmqjik0yhk-data.txt.drv\"",
    ),
    (
        "remote.outPath",
        "\"/nix/store/4njryya2z4qk14jm8djyi3414hcyilcc-data.txt\"",
    ),
    (
        "remote32.drvPath",
        "\"/nix/store/gxg8x0ndmqwyb45fpfb8jka6qbb7w915-data.txt.drv\"",
    ),
    ("remoteNames", REMOTE_NAMES),
    // `[compose.as] static`, as a dependency: the manifest table.
    ("settings", SETTINGS),
];

/// `builtins.attrNames (import <nix/fetchurl.nix> { url; hash; })`.
const REMOTE_NAMES: &str = "[ \"all\" \"builder\" \"drvAttrs\" \"drvPath\" \"executable\" \"impureEnvVars\" \"name\" \"out\" \"outPath\" \"outputHash\" \"outputHashAlgo\" \"outputHashMode\" \"outputName\" \"preferLocalBuild\" \"system\" \"type\" \"unpack\" \"url\" \"urls\" ]";

/// `builtins.fromTOML` of the `settings` atom's manifest.
const SETTINGS: &str = "{ compose = { as = { static = \"config\"; }; }; package = { label = \"settings\"; meta = { description = \"static configuration\"; tags = [ \"config\" ]; }; version = \"0.3.0\"; }; }";

struct Fixture {
    _tmp: tempfile::TempDir,
    fx: PathBuf,
    store: PathBuf,
    cache: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let fx = tmp.path().join("fx");
        let status = Command::new("bash")
            .arg(repo_root().join("tests/deps/make-fixtures.sh"))
            .arg(&fx)
            .env("ATOM_EVAL", atom_eval_binary())
            .status()
            .expect("bash runs");
        assert!(status.success(), "making the fixtures failed");
        Fixture {
            fx,
            store: tmp.path().join("store"),
            cache: tmp.path().join("cache"),
            _tmp: tmp,
        }
    }

    fn app(&self) -> PathBuf {
        self.fx.join("app/app")
    }

    fn eval(&self, atom: &Path, attr: &str, extra: &[&str]) -> (bool, String, String) {
        let mut cmd = Command::new(atom_eval_binary());
        cmd.arg("eval")
            .arg("--strict")
            .arg(atom)
            .arg("--store-root")
            .arg(&self.store);
        if !attr.is_empty() {
            cmd.args(["-A", attr]);
        }
        let out = cmd
            .args(extra)
            .env("XDG_CACHE_HOME", &self.cache)
            .env("HOME", "/nowhere-home")
            .env("NO_COLOR", "1")
            .env_remove("NIX_PATH")
            .env_remove("NIX_STORE_DIR")
            .output()
            .expect("atom-eval runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim_end().to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Evaluates `attr` of the app; its error if it fails.
    fn error(&self, attr: &str, extra: &[&str]) -> String {
        let (ok, out, err) = self.eval(&self.app(), attr, extra);
        assert!(!ok, "{attr} should fail, printed {out}");
        err
    }

    /// Replaces `from` by `to` in the app's manifest and lock.
    fn edit_app(&self, from: &str, to: &str) {
        for file in ["atom.toml", "atom.lock"] {
            let path = self.app().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
    }

    fn edit_lock(&self, from: &str, to: &str) {
        let lock = self.app().join("atom.lock");
        let text = std::fs::read_to_string(&lock).unwrap();
        assert!(text.contains(from), "{from} in the lock");
        std::fs::write(&lock, text.replacen(from, to, 1)).unwrap();
    }
}

fn check_expected(f: &Fixture, extra: &[&str]) {
    for (attr, want) in EXPECTED {
        let (ok, out, err) = f.eval(&f.app(), attr, extra);
        assert!(ok, "{attr}: {err}");
        assert_eq!(out, *want, "{attr}");
    }
}

#[test]
fn an_app_with_every_kind_of_dependency_equals_the_reference() {
    let f = Fixture::new();
    check_expected(&f, &[]);
    // The local "::" atom, through ekala.toml.
    assert_eq!(f.eval(&f.app(), "lib", &[]).1, "\"lib\"");
    // `entry = "src"`: the root module is src/, named so in the store; cfg
    // is what eka's locker passes.
    let (ok, out, err) = f.eval(&f.app(), "out", &[]);
    assert!(ok && out.ends_with("-src\""), "{out}{err}");
    // util's root module copy: `<hash>-<fetchGit's base name>`, where
    // fetchGit is `{ name = "util"; url; ref = "refs/eka/atoms/util/0.1.0"; rev; }`.
    let rev = std::fs::read_to_string(f.fx.join("util.rev")).unwrap();
    let fetch_git = format!(
        "(builtins.fetchGit {{ name = \"util\"; url = \"file://{}/core\"; ref = \"refs/eka/atoms/util/0.1.0\"; rev = \"{}\"; }}).outPath",
        f.fx.display(),
        rev.trim()
    );
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--raw", "--store-root"])
        .arg(&f.store)
        .args(["-E", &fetch_git])
        .env("XDG_CACHE_HOME", &f.cache)
        .output()
        .unwrap();
    let fetched = String::from_utf8_lossy(&out.stdout).into_owned();
    let fetched = fetched.strip_prefix("/nix/store/").expect("a store path");
    let (_, util_out, _) = f.eval(&f.app(), "util.out", &[]);
    let copy = util_out.trim_matches('"').strip_prefix("/nix/store/").unwrap();
    assert_eq!(copy.len(), 33 + fetched.len(), "{copy} vs {fetched}");
    assert!(copy.ends_with(&format!("-{fetched}")), "{copy} vs {fetched}");
    let (_, cfg, _) = f.eval(&f.app(), "util.cfg", &[]);
    assert!(cfg.starts_with("{ package = { label = \"util\";"), "{cfg}");

    // Then offline, with every source gone: all from the store and cache.
    for gone in ["core", "pkgs", "tarpkg.tar.gz", "data.txt"] {
        std::fs::rename(f.fx.join(gone), f.fx.join(format!("{gone}.gone"))).unwrap();
    }
    check_expected(&f, &["--offline"]);
}

/// The same app with its atom mirror served by `git http-backend` and its
/// tarball and source by an HTTP server, all on 127.0.0.1: the same values.
#[test]
fn dependencies_over_http() {
    let f = Fixture::new();
    let server = support::Server::start();
    *server.git_root.lock().unwrap() = Some(f.fx.clone());
    for file in ["tarpkg.tar.gz", "data.txt"] {
        server.put(&format!("/{file}"), std::fs::read(f.fx.join(file)).unwrap());
        f.edit_app(
            &format!("file://{}/{file}", f.fx.display()),
            &server.url(&format!("/{file}")),
        );
    }
    f.edit_app(&format!("file://{}/core", f.fx.display()), &server.url("/git/core"));
    let lock = std::fs::read_to_string(f.app().join("atom.lock")).unwrap();
    assert!(lock.contains("http://127.0.0.1:"), "{lock}");
    check_expected(&f, &[]);
    assert!(server.hits() >= 3, "{} requests", server.hits());
}

#[test]
fn dependencies_are_fetched_only_when_reached() {
    let f = Fixture::new();
    // No mirror at all: what does not need one still evaluates.
    for gone in ["core", "pkgs", "tarpkg.tar.gz", "data.txt"] {
        std::fs::remove_dir_all(f.fx.join(gone))
            .or_else(|_| std::fs::remove_file(f.fx.join(gone)))
            .unwrap();
    }
    assert_eq!(f.eval(&f.app(), "lib", &[]).1, "\"lib\"");
    assert!(
        !f.store.join("nix/store").exists()
            || std::fs::read_dir(f.store.join("nix/store")).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with("-util"))
    );
    // An unreachable mirror: the error names the atom and the dependency.
    let err = f.error("util", &[]);
    assert!(err.contains("in app-0.2.0: cannot fetch dependency 'util'"), "{err}");
}

#[test]
fn pins_are_evaluated_in_pure_mode() {
    let f = Fixture::new();
    // C++ Nix's pure-eval wording (checked with the oracle's --pure-eval),
    // which names the first refused directory.
    let err = f.error("impure", &[]);
    assert!(err.contains("error: attribute 'currentSystem' missing"), "{err}");
    let err = f.error("host", &[]);
    assert!(
        err.contains(
            "access to absolute path '/etc' is forbidden in pure evaluation mode (use '--impure' to override)"
        ),
        "{err}"
    );
    let err = f.error("lookup", &[]);
    assert!(
        err.contains("cannot look up '<nixpkgs>' in pure evaluation mode (use '--impure' to override)"),
        "{err}"
    );
    assert_eq!(f.eval(&f.app(), "env", &[]).1, "\"\"");
    // Unlocked fetches, in C++ Nix's pure-mode words.
    let err = f.error("fetch", &[]);
    assert!(
        err.contains("in pure evaluation mode, 'fetchTarball' requires a 'sha256' argument"),
        "{err}"
    );
    let err = f.error("fetchGit", &[]);
    assert!(
        err.contains(
            "in pure evaluation mode, 'fetchGit' will not fetch unlocked input 'git+file:///nonexistent?exportIgnore=1&ref=main'"
        ),
        "{err}"
    );
}

#[test]
fn bad_locks_and_sources_give_clear_errors() {
    let f = Fixture::new();
    // Hash mismatch: both hashes, in SRI.
    let lock = std::fs::read_to_string(f.app().join("atom.lock")).unwrap();
    let data_hash = lock
        .lines()
        .skip_while(|l| *l != "name = \"data\"")
        .find_map(|l| l.strip_prefix("hash = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_owned();
    let wrong = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    f.edit_lock(&data_hash, wrong);
    let err = f.error("data", &[]);
    assert!(
        err.contains("cannot fetch dependency 'data'") && err.contains(wrong) && err.contains(&data_hash),
        "{err}"
    );
    f.edit_lock(wrong, &data_hash);

    // Offline miss: names what would be fetched.
    let err = f.error("pkgs", &["--offline"]);
    assert!(
        err.contains("cannot fetch dependency 'pkgs'") && err.contains("pkgs"),
        "{err}"
    );
    assert!(err.to_lowercase().contains("offline"), "{err}");

    // Wrong ID.
    let id = std::fs::read_to_string(f.fx.join("util.id")).unwrap();
    let id = id.trim();
    let other = format!("{}0", &id[..id.len() - 1]);
    let other = if other == id {
        format!("{}1", &id[..id.len() - 1])
    } else {
        other
    };
    f.edit_lock(id, &other);
    let err = f.error("util", &[]);
    assert!(
        err.contains("dependency 'util' is not the atom atom.lock names"),
        "{err}"
    );
    f.edit_lock(&other, id);

    // A dependency cycle names the chain.
    let (ok, _, err) = f.eval(&f.fx.join("app/ring-a"), "", &[]);
    assert!(!ok);
    assert!(
        err.contains("dependency cycle: ring-a-0.1.0 -> ring-b-0.1.0 -> ring-a-0.1.0"),
        "{err}"
    );

    // Unknown lock version.
    f.edit_lock("version = 1", "version = 2");
    let err = f.error("lib", &[]);
    assert!(err.contains("lock version 2 is not supported"), "{err}");

    // Missing lock: run eka.
    std::fs::remove_file(f.app().join("atom.lock")).unwrap();
    let err = f.error("lib", &[]);
    assert!(err.contains("eka"), "{err}");
}

/// `examples/garden`: an atom with a dependency on an atom of this
/// repository (a `"::"` set, found through `ekala.toml`), offline.
#[test]
fn the_example_with_a_local_dependency() {
    let tmp = tempfile::tempdir().unwrap();
    let app = repo_root().join("examples/garden/app");
    for (flag, file) in [(None, "expected.out"), (Some("--json"), "expected.json")] {
        let out = Command::new(atom_eval_binary())
            .args(["eval", "--strict", "--offline"])
            .args(flag)
            .arg(&app)
            .arg("--store-root")
            .arg(tmp.path().join("store"))
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read_to_string(app.join(file)).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), want);
    }
}

/// `builtins.importAtom` from plain Nix composes the same dependencies
/// (fetched into the default store root, as plain Nix's fetchers do).
#[test]
fn import_atom_from_plain_nix() {
    let f = Fixture::new();
    let expr = format!(
        "let app = builtins.importAtom {}; in [ app.util.value app.lib app.pkgs.greeting app.tar.y ]",
        f.app().display()
    );
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--strict", "-E", &expr])
        .env("XDG_CACHE_HOME", &f.cache)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "[ \"util+base\" \"lib\" \"hello from x86_64-linux!\" 2 ]"
    );
}

/// `[compose.as]`: `static` is the manifest table, `nix = FILE` the file
/// evaluated with `atoms` and `cfg`, whether the atom is evaluated itself,
/// imported from plain Nix or reached as a dependency; the file is the
/// atom's code (its gate) in pure evaluation mode.
#[test]
fn atoms_composed_as_static_and_as_nix() {
    let f = Fixture::new();
    let local = f.fx.join("app");
    let (ok, out, err) = f.eval(&local.join("settings"), "", &[]);
    assert!(ok, "{err}");
    assert_eq!(out, SETTINGS);
    let nixy = local.join("nixy");
    for (attr, want) in [
        ("label", "\"nixy\""),
        ("lib", "\"lib\""),
        ("settings", "\"0.3.0\""),
        ("helper", "\"helped by 0.1.0\""),
        ("env", "\"\""),
    ] {
        let (ok, out, err) = f.eval(&nixy, attr, &[]);
        assert!(ok, "{attr}: {err}");
        assert_eq!(out, want, "{attr}");
        // The same through the dependent app.
        let (ok, out, err) = f.eval(&f.app(), &format!("nixy.{attr}"), &[]);
        assert!(ok, "nixy.{attr}: {err}");
        assert_eq!(out, want, "nixy.{attr}");
    }
    let refused = [
        (
            "host",
            "access to absolute path '/etc/hostname' is forbidden inside an atom",
        ),
        ("outside", "/app/src/mod.nix' is forbidden inside an atom"),
        ("time", "error: attribute 'currentTime' missing"),
        (
            "fetch",
            "in pure evaluation mode, 'fetchTarball' requires a 'sha256' argument",
        ),
    ];
    for (attr, want) in refused {
        let (ok, out, err) = f.eval(&nixy, attr, &[]);
        assert!(!ok, "{attr} printed {out}");
        assert!(err.contains(want), "{attr}: {err}");
    }
    // From plain Nix.
    let expr = format!(
        "[ (builtins.importAtom {}).package.version (builtins.importAtom {}).helper ]",
        local.join("settings").display(),
        nixy.display()
    );
    let out = Command::new(atom_eval_binary())
        .args(["eval", "--strict", "-E", &expr])
        .env("XDG_CACHE_HOME", &f.cache)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "[ \"0.3.0\" \"helped by 0.1.0\" ]"
    );
}

/// A cycle is one atom (ID and version) met twice: `twin` is labelled
/// `base` at 0.1.0 like the `base` it depends on, from another repository.
#[test]
fn atoms_sharing_a_label_are_not_a_cycle() {
    let f = Fixture::new();
    let (ok, out, err) = f.eval(&f.fx.join("app/twin"), "value", &[]);
    assert!(ok, "{err}");
    assert_eq!(out, "\"twin of base\"");
}

/// `--impure` lifts the pins' pure evaluation mode too, with the warning.
#[test]
fn impure_lifts_the_pins_pure_mode() {
    let f = Fixture::new();
    let (ok, out, err) = f.eval(&f.app(), "env", &["--impure"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning: --impure:") && err.contains("pure evaluation mode are lifted"),
        "{err}"
    );
    assert_eq!(out, "\"/nowhere-home\"");
    let (ok, out, err) = f.eval(&f.app(), "impure", &["--impure"]);
    assert!(ok && out.starts_with('"'), "{out}{err}");
    let (ok, _, err) = f.eval(&f.app(), "host", &["--impure"]);
    assert!(ok, "{err}");
}
