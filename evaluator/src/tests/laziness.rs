//! Laziness of atom composition, measured by counting file-system
//! accesses: reaching a member reads only the directories and files on the
//! way to it (`modules-spec/laziness.md`).

use std::rc::Rc;

use super::repo_root;
use crate::atom;
use engine::io::{Access, CountingIO, StdIO};
use engine::Value;

/// Evaluates `path` (dotted, through the public view) of the atom in
/// `dir`, deeply, and returns the result printed and every access made,
/// with paths relative to the atom.
fn accesses(dir: &str, path: &str) -> (String, Vec<String>) {
    let dir = repo_root().join(dir).to_string_lossy().into_owned();
    let path = path.to_owned();
    crate::support::run::on_big_stack(move || {
        let (io, log) = CountingIO::new(StdIO::new());
        let (builder, host) = atom::install(engine::Evaluator::builder(), Rc::new(io), "/nix/store");
        let mut ev = builder.build();
        let root = host.open(&mut ev.state, &dir, Vec::new()).expect("the atom opens");
        let mut v = root.public_value();
        for name in path.split('.').filter(|n| !n.is_empty()) {
            let attrs = ev.state.force_attrs(&v).expect("a set on the way");
            v = attrs
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("no attribute {name}"));
        }
        let v: Value = ev.state.force_deep(&v).expect("the member evaluates");
        let printed = ev.print(&v, true).expect("printable");
        let log = log
            .borrow()
            .iter()
            .map(|a| {
                let (kind, p) = match a {
                    Access::ReadFile(p) => ("read", p.to_string_lossy().into_owned()),
                    Access::ReadDir(p) => ("list", p.to_string_lossy().into_owned()),
                    Access::FileType(p) => ("stat", p.to_string_lossy().into_owned()),
                    Access::AddToStore(p) => ("store", p.clone()),
                };
                let p = p.strip_prefix(&dir).map(|r| format!(".{r}")).unwrap_or(p);
                format!("{kind} {p}")
            })
            .collect();
        (printed, log)
    })
}

#[test]
fn a_deep_member_reads_only_its_way() {
    let (value, log) = accesses("tests/laziness/deep", "a.b.x");
    assert_eq!(value, "\"x+helper\"");
    assert_eq!(
        log,
        [
            "read ./atom.toml",
            // The root: its entries, which directories are submodules, and
            // mod.nix for its names.
            "list .",
            "stat ./A/mod.nix",
            "stat ./Data/mod.nix",
            "stat ./Other/mod.nix",
            "read ./mod.nix",
            // A: the same; A/Shadow.nix and A/Unused.nix are not read.
            "list ./A",
            "stat ./A/B/mod.nix",
            "read ./A/mod.nix",
            // B, the member, and the private member it uses.
            "list ./A/B",
            "read ./A/B/mod.nix",
            "read ./A/B/X.nix",
            "read ./A/B/helper.nix",
        ]
    );
}

#[test]
fn a_mod_nix_attribute_shadows_the_file() {
    let (value, log) = accesses("tests/laziness/deep", "a.shadow");
    assert_eq!(value, "\"from mod.nix\"");
    assert!(!log.iter().any(|l| l.contains("Shadow.nix")), "{log:?}");
    assert!(!log.iter().any(|l| l.starts_with("list ./A/B")), "{log:?}");
}

#[test]
fn the_spec_example_never_parses_broken_files() {
    let (value, log) = accesses("modules-spec/examples/laziness", "");
    assert_eq!(value, "{ notForced = 1; reached = \"ok\"; }");
    assert_eq!(
        log,
        [
            "read ./atom.toml",
            "list .",
            "stat ./unused/mod.nix",
            "read ./mod.nix",
            "read ./ok.nix"
        ]
    );
}

#[test]
fn names_alone_read_no_member() {
    let (value, log) = accesses("tests/laziness/deep", "top");
    assert_eq!(value, "\"top\"");
    assert_eq!(
        log,
        [
            "read ./atom.toml",
            "list .",
            "stat ./A/mod.nix",
            "stat ./Data/mod.nix",
            "stat ./Other/mod.nix",
            "read ./mod.nix"
        ]
    );
}
