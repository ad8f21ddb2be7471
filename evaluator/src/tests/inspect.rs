//! Static introspection (`atom-eval ls`, `check`, `doc`, `id`): nothing
//! here evaluates Nix.
//!
//! `tests/inspect/RULE/` holds, for every rule of `check`, a failing atom
//! (`fail/`, sometimes `warn/`) whose exact diagnostics are snapshotted in
//! `fail.expected`, and a passing atom (`pass/`) with no finding at all.
//! Snapshots are the program's own output, reviewed by eye; regenerate with
//! `ATOM_EVAL_UPDATE_SNAPSHOTS=1 cargo test -p atom-eval --lib tests::inspect`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{evaluating_atoms, repo_root};
use crate::atom::cache::FactCache;
use crate::tools::{check, doc, id, ls};

/// Compares `got` with the snapshot file, or rewrites it when asked to.
fn snapshot(file: &Path, got: &str) {
    if std::env::var_os("ATOM_EVAL_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(file, got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(got, expected, "snapshot {} differs", file.display());
}

fn rule_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/inspect"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("pass").is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_rule_has_a_failing_and_a_passing_atom() {
    let rules: Vec<String> = rule_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rules,
        [
            "clash",
            "header",
            "hermeticity",
            "manifest",
            "missing-name",
            "mod-not-set",
            "parse",
            "pre-at-root",
            "purity",
            "relative-path"
        ]
    );
    for dir in rule_dirs() {
        for case in ["fail", "warn", "missing"] {
            let atom = dir.join(case);
            if !atom.is_dir() {
                continue;
            }
            let report = check::check(&atom, &FactCache::uncached());
            assert!(!report.findings.is_empty(), "{}: no finding", atom.display());
            let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                report.findings.iter().all(|f| f.rule.as_str() == rule),
                "{}: {:?}",
                atom.display(),
                report.findings
            );
            snapshot(&dir.join(format!("{case}.expected")), &report.render(&atom, false));
        }
        let pass = dir.join("pass");
        let report = check::check(&pass, &FactCache::uncached());
        assert!(
            report.findings.is_empty(),
            "{}:\n{}",
            pass.display(),
            report.render(&pass, false)
        );
    }
}

/// No false error on any atom that evaluates: every example and every
/// spec example with an `expected.out`.
#[test]
fn valid_atoms_have_no_error() {
    let atoms = evaluating_atoms();
    assert!(atoms.len() >= 18, "{atoms:?}");
    for atom in atoms {
        let report = check::check(&atom, &FactCache::uncached());
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == check::Severity::Error)
            .collect();
        if atom.ends_with("laziness") {
            // Its broken.nix and unused/mod.nix are syntax errors on
            // purpose (they are never loaded): those, and nothing else.
            assert!(errors.iter().all(|f| f.rule == check::Rule::Parse), "{errors:?}");
            let files: std::collections::BTreeSet<_> = errors
                .iter()
                .filter_map(|f| f.file.as_ref())
                .map(|(p, _)| p.strip_prefix(&atom).unwrap())
                .collect();
            assert_eq!(files.len(), 2, "{files:?}");
            continue;
        }
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            atom.display(),
            report.render(&atom, false)
        );
    }
}

#[test]
fn ls_json_of_the_shop_example() {
    let listing = ls::list(&repo_root().join("examples/shop"), &[], &FactCache::uncached()).unwrap();
    let json = serde_json::to_string_pretty(&listing).unwrap() + "\n";
    snapshot(&repo_root().join("tests/inspect/shop.ls.json"), &json);
    let sub = ls::list(
        &repo_root().join("examples/shop"),
        &["cart".into()],
        &FactCache::uncached(),
    )
    .unwrap();
    assert_eq!(
        sub.modules.iter().map(|m| m.path.as_str()).collect::<Vec<_>>(),
        ["cart", "cart.discount"]
    );
    let err = ls::list(
        &repo_root().join("examples/shop"),
        &["crat".into()],
        &FactCache::uncached(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("did you mean cart?"), "{err}");
}

/// The re-export idiom is listed as one public name that says where it
/// comes from, in `ls`, its JSON, `doc` and the REPL's `:ls`.
#[test]
fn re_exports_are_listed_as_one_public_name() {
    let atom = repo_root().join("modules-spec/examples/reexport");
    let listing = ls::list(&atom, &[], &FactCache::uncached()).unwrap();
    let text = ls::render(&listing, false);
    assert!(
        text.contains("  lib/   public   lib/ (mod.nix: Lib = mod.lib)\n"),
        "{text}"
    );
    assert!(
        text.contains("  when   public   when.nix (mod.nix: When = mod.when)\n"),
        "{text}"
    );
    let root = &listing.modules[0];
    let names: Vec<(&str, bool)> = root.members.iter().map(|m| (m.name.as_str(), m.public)).collect();
    assert_eq!(names, [("lib", true), ("same", true), ("when", true)]);
    let json = serde_json::to_value(root).unwrap();
    assert_eq!(json["members"][0]["reexported_as"], "Lib");
    assert_eq!(json["members"][0]["kind"], "submodule");
    let text = doc::lookup(Some(&atom), "lib.util.twice").unwrap();
    assert!(
        text.starts_with("lib.util.twice (public, exported by mod.nix: Twice = mod.twice, defined in "),
        "{text}"
    );
    let mut repl = crate::repl::Session::new(Default::default());
    repl.execute(&format!(":l {}", atom.display())).unwrap();
    let (_, ls) = repl.execute(":ls lib").unwrap();
    assert!(
        ls.contains("inner/   public   lib/inner/ (mod.nix: Inner = mod.inner)"),
        "{ls}"
    );
}

#[test]
fn doc_comments_of_members_std_and_builtins() {
    let shop = repo_root().join("examples/shop");
    let text = doc::lookup(Some(&shop), "std.set.merge").unwrap();
    assert!(
        text.starts_with(
            "std.set.merge (public, defined in /«atom-eval»/std/Set/Merge.nix)\n\nMerge two sets recursively"
        ),
        "{text}"
    );
    assert!(doc::lookup(Some(&shop), "builtins.map")
        .unwrap()
        .starts_with("Synopsis: builtins.map f list\n\nApplies `f` to each element"));
    let err = doc::lookup(Some(&shop), "cart.totl").unwrap_err();
    assert!(err.contains("did you mean total?"), "{err}");
    let pages = doc::pages(&shop).unwrap();
    let names: Vec<&str> = pages.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, ["index.md", "cart.md", "cart.discount.md", "catalog.md"]);
    assert!(pages[0].1.starts_with("# shop 1.2.0\n"), "{}", pages[0].1);
    assert!(
        !pages[0].1.contains("`format`"),
        "private members are not in the reference"
    );
}

/// Runs git with fixed identities and dates, so commit ids are fixed.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Atom Test")
        .env("GIT_AUTHOR_EMAIL", "atom@example.org")
        .env("GIT_COMMITTER_NAME", "Atom Test")
        .env("GIT_COMMITTER_EMAIL", "atom@example.org")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("running git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn id_from_the_root_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let atom = repo.join("atoms/app");
    std::fs::create_dir_all(&atom).unwrap();
    std::fs::write(atom.join("atom.toml"), "[atom]\nid = \"app\"\nversion = \"0.2.0\"\n").unwrap();
    std::fs::write(atom.join("mod.nix"), "{ }\n").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "root"]);
    let root = git(repo, &["rev-parse", "HEAD"]);
    std::fs::write(atom.join("mod.nix"), "{ Value = 1; }\n").unwrap();
    git(repo, &["commit", "-q", "-am", "second"]);

    let identity = id::identify(&atom).unwrap();
    assert_eq!(identity.root_commit, root);
    assert_eq!((identity.label.as_str(), identity.version.as_str()), ("app", "0.2.0"));

    // The same ID computed independently: BLAKE3 derive_key over the raw
    // commit id, keyed hash of the label, base32hex lowercase unpadded.
    let raw: Vec<u8> = (0..root.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&root[i..i + 2], 16).unwrap())
        .collect();
    let key = blake3::derive_key("AtomId", &raw);
    let hash = blake3::keyed_hash(&key, b"app");
    let expected = data_encoding::BASE32HEX_NOPAD
        .encode(hash.as_bytes())
        .to_ascii_lowercase();
    assert_eq!(identity.id, expected);
    // Fixed dates and identities make the root commit, hence the ID, fixed.
    snapshot(
        &repo_root().join("tests/inspect/id.expected"),
        &format!("{}\n{}\n", identity.root_commit, identity.id),
    );
}

#[test]
fn id_outside_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("atom.toml"),
        "[atom]\nid = \"app\"\nversion = \"0.2.0\"\n",
    )
    .unwrap();
    let err = id::identify(tmp.path()).unwrap_err();
    assert!(err.to_string().contains("is not inside a git repository"), "{err}");
}

/// Every rule's atoms, and every valid atom, get the same findings from
/// cached facts as from a fresh parse: after a first run fills the cache,
/// and again on a second run that reads it.
#[test]
fn cached_facts_give_the_same_findings() {
    let cache_dir = tempfile::tempdir().unwrap();
    let mut atoms: Vec<PathBuf> = rule_dirs()
        .iter()
        .flat_map(|d| ["fail", "warn", "missing", "pass"].map(|c| d.join(c)))
        .filter(|a| a.is_dir())
        .collect();
    atoms.push(repo_root().join("examples/shop"));
    atoms.push(repo_root().join("modules-spec/examples/laziness"));
    for atom in atoms {
        let fresh = check::check(&atom, &FactCache::uncached()).render(&atom, false);
        for run in ["filling", "reading"] {
            let cache = FactCache::open(&atom, Some(cache_dir.path()));
            let cached = check::check(&atom, &cache).render(&atom, false);
            cache.save(true);
            assert_eq!(cached, fresh, "{} ({run} the cache)", atom.display());
        }
    }
    assert!(std::fs::read_dir(cache_dir.path()).unwrap().count() > 0);
}

/// An atom in a temporary directory, with one member file.
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

/// The rules `check` finds broken, with the cache saved afterwards.
fn rules_found(atom: &Path, cache: &FactCache) -> Vec<&'static str> {
    let rules = check::check(atom, cache)
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    cache.save(true);
    rules
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

/// Files older than the racy window are trusted by their stat stamp: a
/// second run reads nothing, gets the first run's output back and leaves
/// the cache file alone. A file rewritten with the same size and its old
/// mtime put back is still seen as changed (its ctime moved), so stale
/// facts or outputs are never served.
#[test]
fn the_cache_trusts_stamps_and_sees_a_rewrite_that_keeps_size_and_mtime() {
    let atom = scratch_atom("{ a = import ./x; }\n");
    // Past the racy window: a stamp taken now is trusted later.
    std::thread::sleep(std::time::Duration::from_secs(
        crate::atom::cache::RACY_SECONDS as u64 + 1,
    ));
    let cache_dir = tempfile::tempdir().unwrap();
    let open = || FactCache::open(atom.path(), Some(cache_dir.path()));
    let first = open();
    assert_eq!(rules_found(atom.path(), &first), ["purity", "relative-path"]);
    assert_eq!(first.output("check"), None);
    first.set_output("check", b"two findings".to_vec());
    first.save(true);
    let cache_file = std::fs::read_dir(cache_dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let written = inode(&cache_file);
    assert_eq!(open().output("check"), Some(&b"two findings"[..]));
    assert_eq!(rules_found(atom.path(), &open()), ["purity", "relative-path"]);
    assert_eq!(inode(&cache_file), written, "an unchanged atom rewrote its cache");

    let member = atom.path().join("Member.nix");
    let mtime = std::fs::metadata(&member).unwrap().modified().unwrap();
    std::fs::write(&member, "{ a = 1 + 2 + 34; }\n").unwrap();
    assert_eq!(std::fs::metadata(&member).unwrap().len(), 20);
    std::fs::File::options()
        .write(true)
        .open(&member)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(open().output("check"), None, "an output outlived its input");
    assert!(rules_found(atom.path(), &open()).is_empty());
    assert_ne!(inode(&cache_file), written, "the change was not recorded");
    // A new file in the module: the directory's listing changed.
    std::fs::write(atom.path().join("Other.nix"), "fetchGit\n").unwrap();
    assert_eq!(rules_found(atom.path(), &open()), ["purity"]);
    // The manifest is an input too.
    let tracked = open();
    check::check(atom.path(), &tracked);
    tracked.set_output("check", b"one finding".to_vec());
    tracked.save(true);
    std::fs::write(
        atom.path().join("atom.toml"),
        "[atom]\nid = \"scratch\"\nversion = \"0.1.1\"\n",
    )
    .unwrap();
    assert_eq!(open().output("check"), None, "the manifest changed");
}

/// A damaged cache file is ignored and replaced; nothing is left beside
/// it.
#[test]
fn a_damaged_cache_is_ignored() {
    let atom = scratch_atom("{ a = import ./x; }\n");
    let cache_dir = tempfile::tempdir().unwrap();
    let open = || FactCache::open(atom.path(), Some(cache_dir.path()));
    assert_eq!(rules_found(atom.path(), &open()).len(), 2);
    let files: Vec<PathBuf> = std::fs::read_dir(cache_dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let good = std::fs::read(&files[0]).unwrap();
    for damaged in [&b""[..], b"\xff\xff\xff\xff", &good[..good.len() / 2]] {
        std::fs::write(&files[0], damaged).unwrap();
        assert_eq!(rules_found(atom.path(), &open()).len(), 2);
        assert_eq!(std::fs::read_dir(cache_dir.path()).unwrap().count(), 1);
    }
}

/// Files nested too deeply to parse safely are refused as eval refuses
/// them, before rnix sees them: `check` used to overflow its stack here.
#[test]
fn check_refuses_absurd_nesting_without_crashing() {
    let atom = scratch_atom(&format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)));
    let report = check::check(atom.path(), &FactCache::uncached());
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages, ["memory exhausted"]);
    // Deep but parseable nesting is checked as usual.
    std::fs::write(
        atom.path().join("Member.nix"),
        format!("{}1{}", "[".repeat(4000), "]".repeat(4000)),
    )
    .unwrap();
    assert!(check::check(atom.path(), &FactCache::uncached()).findings.is_empty());
}

/// Every public member of std and of the example atoms has a doc comment,
/// so `doc` and `:doc` have something to show.
#[test]
fn std_and_the_examples_document_every_public_member() {
    use crate::atom::tree::{Module, Source};
    fn walk(dir: &Path, missing: &mut Vec<String>) {
        let module = Module::read(dir, &FactCache::uncached()).unwrap();
        for m in module.members.iter().filter(|m| m.public) {
            if doc::member_comment(m).is_none() {
                missing.push(format!("{}: {}", dir.display(), m.name));
            }
            if let Source::Submodule(sub) = &m.source {
                walk(sub, missing);
            }
        }
    }
    let mut missing = Vec::new();
    for dir in [
        PathBuf::from(crate::atom::io::STD_DIR),
        repo_root().join("examples/hello"),
        repo_root().join("examples/shop"),
    ] {
        walk(&dir, &mut missing);
    }
    assert!(missing.is_empty(), "public members without a doc comment: {missing:#?}");
}
