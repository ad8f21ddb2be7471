//! Resolving locked dependencies to sources on disk: what the `deps`
//! scope needs before it composes anything.
//!
//! For each `[[deps]]` entry of an atom's lock, [`resolve`] gives a
//! [`Resolved`] source, fetching through [`fetch::Fetcher`] when needed
//! (so results are verified, cached, and available offline once fetched):
//!
//! - an atom whose set lists `"::"` among its mirrors and whose label is
//!   one of the packages of the nearest `ekala.toml` above the depending
//!   atom (`[set] packages = [paths]`) is that local directory;
//! - any other atom is `fetchGit { name = <label>; url = <mirror>; ref =
//!   "refs/eka/atoms/<label>/<version>"; rev; shallow = true; }`, so its
//!   store path is the reference composer's;
//! - `nix` and `nix+src` sources are `fetchurl` (flat, named after the
//!   URL's last component), `nix+tar` is `fetchTarball` (`source`), and
//!   `nix+git` is `fetchGit { url; rev; shallow = true; }` (`source`).
//!
//! An atom's identity is checked before it is used: the set's root commit
//! (the repository's root for a local atom, `refs/ekala/init` of the
//! mirror for a fetched one) must be the lock's `set`, and the ID computed
//! from it and the label (as `atom-eval id` computes it) must be the
//! lock's `id`.

use std::path::{Path, PathBuf};

use store::path::StorePath;

use super::id::atom_id;
use super::lock::{AtomRef, GitRev, Lock, LockedDep, Mirror};

/// A dependency's source, ready to be composed or imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An atom of this repository, used from its directory.
    LocalAtom {
        /// Its label.
        label: String,
        /// The directory holding its `atom.toml`.
        dir: PathBuf,
    },
    /// A fetched atom: its published tree in the store.
    FetchedAtom {
        /// Its label.
        label: String,
        /// The store path (`<hash>-<label>`).
        path: StorePath,
        /// Where the store path is on disk.
        dir: PathBuf,
    },
    /// A plain-Nix source in the store (`deps.pins` or `deps.get`).
    Source {
        /// The name it is bound under.
        name: String,
        /// The lock's type: `nix`, `nix+tar`, `nix+git` or `nix+src`.
        kind: &'static str,
        /// Its store path.
        path: StorePath,
        /// Where the store path is on disk.
        dir: PathBuf,
    },
}

/// Why a dependency could not be resolved.
#[derive(Debug)]
pub enum ResolveError {
    /// Fetching failed (including hash mismatches and offline misses).
    Fetch {
        /// The dependency's name.
        name: String,
        /// The fetcher's error.
        error: fetch::Error,
    },
    /// The atom is not who the lock says it is.
    Identity {
        /// The dependency's label.
        label: String,
        /// What disagrees.
        reason: String,
    },
    /// The lock does not say where to get it.
    Unresolvable {
        /// The dependency's name.
        name: String,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::Fetch { name, error } => write!(f, "cannot fetch dependency '{name}': {error}"),
            ResolveError::Identity { label, reason } => {
                write!(f, "dependency '{label}' is not the atom atom.lock names: {reason}")
            }
            ResolveError::Unresolvable { name, reason } => write!(f, "cannot resolve dependency '{name}': {reason}"),
        }
    }
}

impl std::error::Error for ResolveError {}

/// Resolves one locked dependency of the atom in `atom_dir`.
pub fn resolve(
    fetcher: &fetch::Fetcher,
    atom_dir: &Path,
    lock: &Lock,
    dep: &LockedDep,
) -> Result<Resolved, ResolveError> {
    let name = dep.name().to_owned();
    let fetch_err = |error| ResolveError::Fetch {
        name: name.clone(),
        error,
    };
    let in_store = |path: StorePath, kind: &'static str| Resolved::Source {
        name: name.clone(),
        kind,
        dir: fetcher.store().physical_path(&path),
        path,
    };
    match dep {
        LockedDep::Atom(atom) => resolve_atom(fetcher, atom_dir, lock, atom),
        LockedDep::Nix(pin) | LockedDep::NixSrc(pin) => {
            let got = fetcher
                .file(&fetch::FileRequest {
                    url: pin.url.clone(),
                    name: url_base_name(&pin.url),
                    hash: Some(pin.hash.clone()),
                    mode: fetch::FileMode::Flat,
                })
                .map_err(fetch_err)?;
            Ok(in_store(got.path, dep.type_name()))
        }
        LockedDep::NixTar(pin) => {
            let got = fetcher
                .tarball(&fetch::TarballRequest {
                    url: pin.url.clone(),
                    name: "source".into(),
                    hash: Some(pin.hash.clone()),
                })
                .map_err(fetch_err)?;
            Ok(in_store(got.path, "nix+tar"))
        }
        LockedDep::NixGit(pin) => {
            let got = fetcher
                .git(&fetch::GitRequest {
                    url: pin.url.clone(),
                    reference: None,
                    rev: Some(pin.rev.to_string()),
                    name: "source".into(),
                    shallow: true,
                })
                .map_err(fetch_err)?;
            Ok(in_store(got.path, "nix+git"))
        }
    }
}

fn resolve_atom(
    fetcher: &fetch::Fetcher,
    atom_dir: &Path,
    lock: &Lock,
    atom: &AtomRef,
) -> Result<Resolved, ResolveError> {
    let label = atom.label.clone();
    let set = lock.set(atom.set).ok_or_else(|| ResolveError::Unresolvable {
        name: label.clone(),
        reason: format!("its set {} is not in atom.lock's [sets]", atom.set),
    })?;
    let identity = |root: &[u8]| -> Result<(), ResolveError> {
        if root != atom.set.as_bytes() {
            return Err(ResolveError::Identity {
                label: label.clone(),
                reason: format!(
                    "the repository's root commit is {}, the lock's set is {}",
                    hex(root),
                    atom.set
                ),
            });
        }
        let id = atom_id(root, &atom.label);
        if id != atom.id {
            return Err(ResolveError::Identity {
                label: label.clone(),
                reason: format!("its ID is {id}, the lock says {}", atom.id),
            });
        }
        Ok(())
    };
    if set.mirrors.contains(&Mirror::Local) {
        if let Some(dir) = local_package(atom_dir, &atom.label) {
            // A checkout without its whole history (a shallow clone, an
            // export without `.git`) does not hold the root commit: the
            // lock's set stands for it, and the ID is still checked.
            match super::id::complete_root_commit(&dir) {
                Some(root) => identity(root.as_bytes())?,
                None => identity(atom.set.as_bytes())?,
            }
            return Ok(Resolved::LocalAtom { label, dir });
        }
    }
    let Some(rev) = atom.rev else {
        return Err(ResolveError::Unresolvable {
            name: label,
            reason: "it is locked without a revision (a local atom), but no ekala.toml above the atom lists it".into(),
        });
    };
    let mirrors: Vec<&str> = atom
        .mirror
        .iter()
        .map(String::as_str)
        .chain(set.mirrors.iter().filter_map(|m| match m {
            Mirror::Url(u) => Some(u.as_str()),
            Mirror::Local => None,
        }))
        .collect();
    let Some(&first) = mirrors.first() else {
        return Err(ResolveError::Unresolvable {
            name: label,
            reason: format!("set '{}' has no mirror to fetch from", set.tag),
        });
    };
    // The first mirror that answers; its error if none does.
    let mut last_err = None;
    for url in mirrors.iter().copied() {
        let fetched = fetcher
            .git(&fetch::GitRequest {
                url: url.to_owned(),
                reference: Some(format!("refs/eka/atoms/{}/{}", atom.label, atom.version)),
                rev: Some(rev.to_string()),
                name: atom.label.clone(),
                shallow: true,
            })
            .and_then(|got| {
                let mut init = fetch::GitRequest::new(url);
                init.reference = Some("refs/ekala/init".into());
                init.shallow = true;
                Ok((got, fetcher.git(&init)?))
            });
        match fetched {
            Ok((got, init)) => {
                let root = GitRev::parse(&init.rev).ok_or_else(|| ResolveError::Identity {
                    label: label.clone(),
                    reason: format!("refs/ekala/init of '{url}' is not a commit id"),
                })?;
                identity(root.as_bytes())?;
                return Ok(Resolved::FetchedAtom {
                    label,
                    dir: fetcher.store().physical_path(&got.path),
                    path: got.path,
                });
            }
            Err(e) => last_err = Some(e),
        }
    }
    Err(ResolveError::Fetch {
        name: label,
        error: last_err.unwrap_or_else(|| fetch::Error::Invalid(format!("no mirror answered (first: {first})"))),
    })
}

/// The directory of the package labelled `label` in the nearest
/// `ekala.toml` at or above `atom_dir`.
pub fn local_package(atom_dir: &Path, label: &str) -> Option<PathBuf> {
    let mut dir = Some(atom_dir);
    while let Some(d) = dir {
        let file = d.join("ekala.toml");
        if let Ok(text) = std::fs::read_to_string(&file) {
            let table: toml::Table = text.parse().ok()?;
            let packages = table.get("set")?.get("packages")?.as_array()?;
            return packages
                .iter()
                .filter_map(|p| p.as_str())
                .map(|p| d.join(p))
                .find(|p| super::manifest::Manifest::read(p).is_ok_and(|m| m.label() == label));
        }
        dir = d.parent();
    }
    None
}

/// The last component of a URL, the name `fetchurl` gives its result.
fn url_base_name(url: &str) -> String {
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    const ROOT: &str = "ab0f420febbe929ea3391007bda6bd9f316a487e";
    const ATOM: &str = "b56b244556bddea3c41e41a1fb26aee67dce62b6";
    const SECOND: &str = "1bbdb1fd0e66a27be0f29d6a30a75c75697008bd";

    /// A scratch directory with the fetcher fixtures, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(tag: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("atom-eval-resolve-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fetchers/make-fixtures.sh");
            let ok = Command::new("bash")
                .arg(script)
                .arg(dir.join("fx"))
                .status()
                .unwrap()
                .success();
            assert!(ok, "fixtures");
            Scratch(dir)
        }
        fn fx(&self) -> PathBuf {
            self.0.join("fx")
        }
        fn fetcher(&self) -> fetch::Fetcher {
            let store = store::local::LocalStore::open(store::path::StoreDir::default(), self.0.join("root")).unwrap();
            fetch::Fetcher::new(store, self.0.join("cache")).progress(false)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chmod")
                .args(["-R", "u+w"])
                .arg(&self.0)
                .status();
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn root_bytes() -> Vec<u8> {
        GitRev::parse(ROOT).unwrap().as_bytes().to_vec()
    }

    fn make_lock(fx: &Path, id: &str, mirrors: &str, extra: &str) -> Lock {
        let text = format!(
            r#"version = 1
[sets.{ROOT}]
tag = "core"
mirrors = [{mirrors}]
[[deps]]
type = "atom"
label = "hello"
version = "0.1.0"
set = "{ROOT}"
rev = "{ATOM}"
mirror = "file://{repo}"
id = "{id}"
{extra}"#,
            repo = fx.join("repo").display()
        );
        Lock::parse(fx.join("atom.lock"), &text).unwrap()
    }

    #[test]
    fn fetched_atoms_and_sources() {
        let s = Scratch::new("fetched");
        let fx = s.fx();
        let f = s.fetcher();
        let id = atom_id(&root_bytes(), "hello");
        let pins = format!(
            r#"[[deps]]
type = "nix+tar"
name = "tarball"
url = "file://{fx}/p.tar.gz"
hash = "sha256-gZ5TmINX3sjcmLcdQkbsZLgYmu9fkEFSXLQzeC9NDpM="
[[deps]]
type = "nix+git"
name = "pkgs"
url = "file://{fx}/repo"
rev = "{SECOND}"
[[deps]]
type = "nix"
name = "file"
url = "file://{fx}/hello.txt"
hash = "sha256:00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"
"#,
            fx = fx.display()
        );
        let lock = make_lock(&fx, &id, "\"::\"", &pins);
        let got: Vec<Resolved> = lock
            .deps
            .iter()
            .map(|d| resolve(&f, &fx, &lock, &d.dep).unwrap())
            .collect();
        // The reference flow's store paths (tests/fetchers/*.exp, from C++ Nix).
        let Resolved::FetchedAtom { path, dir, .. } = &got[0] else {
            panic!("{:?}", got[0])
        };
        assert_eq!(path.to_string(), "3mlw7y33s1pdgdhniwpv553pcddg8wj5-hello");
        assert!(dir.join("mod.nix").is_file());
        let paths: Vec<String> = got[1..]
            .iter()
            .map(|r| match r {
                Resolved::Source { path, .. } => path.to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            paths,
            [
                "gcvh6cs5znd5pb9y70g59qfayn4nkjn5-source",
                "knxdnwg5z301mv1q36wsc3whrm2nqk89-source",
                "gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"
            ]
        );
        // Offline, with the sources gone: all from the store.
        std::fs::rename(fx.join("repo"), s.0.join("gone")).unwrap();
        let offline = f.clone().offline(true);
        for (d, want) in lock.deps.iter().zip(&got) {
            assert_eq!(&resolve(&offline, &fx, &lock, &d.dep).unwrap(), want);
        }
    }

    #[test]
    fn identity_is_checked() {
        let s = Scratch::new("identity");
        let fx = s.fx();
        let f = s.fetcher();
        let wrong = atom_id(&root_bytes(), "other");
        let lock = make_lock(&fx, &wrong, "\"::\"", "");
        let e = resolve(&f, &fx, &lock, &lock.deps[0].dep).unwrap_err().to_string();
        assert!(
            e.contains("is not the atom atom.lock names") && e.contains(&wrong),
            "{e}"
        );

        // Unreachable mirror: a fetch error naming the dependency.
        let id = atom_id(&root_bytes(), "hello");
        let lock = make_lock(&fx, &id, "\"::\"", "");
        std::fs::rename(fx.join("repo"), s.0.join("gone")).unwrap();
        // (A fresh store and cache: the first attempt's fetch is cached.)
        let store = store::local::LocalStore::open(store::path::StoreDir::default(), s.0.join("root2")).unwrap();
        let f = fetch::Fetcher::new(store, s.0.join("cache2")).progress(false);
        let e = resolve(&f, &fx, &lock, &lock.deps[0].dep).unwrap_err();
        assert!(matches!(e, ResolveError::Fetch { .. }), "{e}");
        assert!(e.to_string().contains("cannot fetch dependency 'hello'"), "{e}");
    }

    #[test]
    fn local_atoms_through_ekala_toml() {
        let s = Scratch::new("local");
        let repo = s.fx().join("repo");
        // The working tree gets the atom back, listed in ekala.toml.
        let run = |args: &[&str]| {
            let ok = Command::new("git")
                .args(args)
                .current_dir(&repo)
                .status()
                .unwrap()
                .success();
            assert!(ok, "git {args:?}");
        };
        run(&["checkout", "-q", "HEAD@{1}", "--", "atoms"]);
        std::fs::write(repo.join("ekala.toml"), "[set]\npackages = [\"atoms/hello\"]\n").unwrap();
        let app = repo.join("app");
        std::fs::create_dir_all(&app).unwrap();
        let id = atom_id(&root_bytes(), "hello");
        let lock = make_lock(&s.fx(), &id, "\"::\"", "");
        let got = resolve(&s.fetcher(), &app, &lock, &lock.deps[0].dep).unwrap();
        assert_eq!(
            got,
            Resolved::LocalAtom {
                label: "hello".into(),
                dir: repo.join("atoms/hello")
            }
        );
        // Not "::": fetched even though it is listed locally.
        let lock2 = make_lock(&s.fx(), &id, "\"file:///nonexistent/mirror\"", "");
        let got = resolve(&s.fetcher(), &app, &lock2, &lock2.deps[0].dep).unwrap();
        assert!(matches!(got, Resolved::FetchedAtom { .. }), "{got:?}");
    }
}
