//! The naming rules of the module system, each written once: which
//! directory entries are members, which names are public and how they are
//! exported, and how a module's definitions resolve into `mod` and the
//! public view (`modules-spec/modules.md`, `modules-spec/public-private.md`).
//!
//! Composition ([`super::compose`]) and the static tree ([`super::tree`])
//! both call [`entry`] and [`resolve`]; `check` reports what [`resolve`]
//! refuses. The data each caller attaches to a definition (a value, a
//! path, a source offset) travels through as `T`.

use std::fmt;

use serde::Serialize;

use super::error::AtomError;

/// The module file of every module directory.
pub const MOD_FILE: &str = "mod.nix";

/// Names the composer itself binds in `mod`: no definition may take them.
pub const RESERVED: &[&str] = &["outPath", "pre"];

/// Where a definition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    /// A member file `NAME.nix`.
    File,
    /// A subdirectory holding `mod.nix`.
    Submodule,
    /// An attribute of `mod.nix`.
    Attribute,
}

impl MemberKind {
    /// How the kind is named in listings and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::File => "file",
            MemberKind::Submodule => "submodule",
            MemberKind::Attribute => "attribute",
        }
    }
}

/// The type of a directory entry, as `builtins.readDir` reports it: a
/// symlink is neither a member file nor a submodule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum EntryType {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symlink or anything else.
    Other,
}

/// What one entry of a module directory is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// `mod.nix` itself.
    ModFile,
    /// A member under its raw name (`Foo.nix` and `Foo/` give `Foo`).
    Member(&'a str, MemberKind),
    /// Anything else: data, reachable as `"${mod}/NAME"`.
    Data,
}

/// Classifies a directory entry. `has_mod_file` is asked only for
/// directories: whether the directory holds `mod.nix`.
pub fn entry(name: &str, ty: EntryType, has_mod_file: impl FnOnce() -> bool) -> Entry<'_> {
    match ty {
        EntryType::File if name == MOD_FILE => Entry::ModFile,
        EntryType::File => match name.strip_suffix(".nix") {
            Some(stem) if !stem.is_empty() => Entry::Member(stem, MemberKind::File),
            _ => Entry::Data,
        },
        EntryType::Directory if has_mod_file() => Entry::Member(name, MemberKind::Submodule),
        _ => Entry::Data,
    }
}

/// Whether a module's store copy (`"${mod}"`) leaves out a direct entry:
/// it leaves out the module's `.nix` files and its submodules.
pub fn left_out_of_copy(name: &str, ty: EntryType, has_mod_file: impl FnOnce() -> bool) -> bool {
    match ty {
        EntryType::File => name.len() > 4 && name.ends_with(".nix"),
        EntryType::Directory => has_mod_file(),
        EntryType::Other => false,
    }
}

/// A raw name's visibility and the name it is known by: a name whose first
/// character is an ASCII uppercase letter is public and exported with that
/// letter lowercased (`FooBar` → `fooBar`); every other name is private.
pub fn exported(raw: &str) -> (bool, String) {
    match raw.as_bytes().first() {
        Some(c) if c.is_ascii_uppercase() => (true, format!("{}{}", c.to_ascii_lowercase() as char, &raw[1..])),
        _ => (false, raw.to_owned()),
    }
}

/// One definition of a module, before resolution.
#[derive(Clone, Debug)]
pub struct Definition<T> {
    /// The name as written: file stem, directory or attribute name.
    pub raw: String,
    /// Where it comes from.
    pub kind: MemberKind,
    /// What the caller keeps with it.
    pub data: T,
}

impl<T> Definition<T> {
    /// How the definition is named in messages: `Foo.nix`, `Foo/` or
    /// `mod.nix:Foo`.
    pub fn describe(&self) -> String {
        describe(&self.raw, self.kind)
    }
}

/// [`Definition::describe`] for a raw name and kind.
pub fn describe(raw: &str, kind: MemberKind) -> String {
    match kind {
        MemberKind::File => format!("{raw}.nix"),
        MemberKind::Submodule => format!("{raw}/"),
        MemberKind::Attribute => format!("mod.nix:{raw}"),
    }
}

/// A definition after resolution.
#[derive(Clone, Debug)]
pub struct Member<T> {
    /// The name it is known by (`Foo` → `foo`).
    pub name: String,
    /// The name as written.
    pub raw: String,
    /// Whether it is in the public view.
    pub public: bool,
    /// Whether `mod.NAME` is this definition. It is not for a public
    /// definition that shares its name with a private one: `mod` holds the
    /// private one (the re-export idiom, `Sub = mod.sub;`).
    pub in_mod: bool,
    /// Where it comes from.
    pub kind: MemberKind,
    /// What the caller kept with it.
    pub data: T,
}

impl<T> Member<T> {
    /// How the definition is named in messages.
    pub fn describe(&self) -> String {
        describe(&self.raw, self.kind)
    }
}

/// A module's definitions after resolution, and what the rules refuse.
#[derive(Clone, Debug)]
pub struct Resolved<T> {
    /// Sorted by name, the private definition of a name first. When the
    /// rules refuse the module, every definition is still here, so the
    /// static tools can list and check the rest.
    pub members: Vec<Member<T>>,
    /// The first violation, if any: composition refuses the module.
    pub error: Option<AtomError>,
}

impl<T> Resolved<T> {
    /// The members, or the violation that makes the module fail.
    pub fn into_result(self) -> Result<Vec<Member<T>>, AtomError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.members),
        }
    }
}

/// Resolves a module's definitions: `members` from its directory (files
/// and submodules) and `attrs` from `mod.nix`.
///
/// - Two members with the same raw name (`Foo.nix` and `Foo/`) clash.
/// - A `mod.nix` attribute overrides the member of the same raw name.
/// - A public `Foo` and a private `foo` do not clash: `mod.foo` is the
///   private one and the public view exports `Foo` as `foo`.
/// - No definition may be known by a [`RESERVED`] name.
pub fn resolve<T>(members: Vec<Definition<T>>, attrs: Vec<Definition<T>>) -> Resolved<T> {
    let mut members = members;
    members.sort_by(|a, b| a.raw.cmp(&b.raw).then(a.kind.cmp(&b.kind)));
    let mut error = members
        .windows(2)
        .find(|w| w[0].raw == w[1].raw)
        .map(|pair| AtomError::Clash {
            name: pair[0].raw.clone(),
            first: pair[0].describe(),
            second: pair[1].describe(),
        });
    let mut defs: Vec<Definition<T>> = members
        .into_iter()
        .filter(|m| !attrs.iter().any(|a| a.raw == m.raw))
        .collect();
    defs.extend(attrs);

    let mut resolved: Vec<Member<T>> = defs
        .into_iter()
        .map(|d| {
            let (public, name) = exported(&d.raw);
            Member {
                name,
                raw: d.raw,
                public,
                in_mod: true,
                kind: d.kind,
                data: d.data,
            }
        })
        .collect();
    resolved.sort_by(|a, b| a.name.cmp(&b.name).then(a.public.cmp(&b.public)));
    for i in 1..resolved.len() {
        if resolved[i].name == resolved[i - 1].name {
            // Without a clash, raw names are unique, so these are the
            // private `foo` and the public `Foo`, in that order.
            resolved[i].in_mod = false;
        }
    }
    if error.is_none() {
        error = resolved
            .iter()
            .find(|m| RESERVED.contains(&m.name.as_str()))
            .map(|m| AtomError::Reserved {
                name: m.name.clone(),
                definition: m.describe(),
            });
    }
    Resolved {
        members: resolved,
        error,
    }
}

impl fmt::Display for MemberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The names every atom file has in scope without a header.
pub const SCOPE_NAMES: [&str; 5] = ["mod", "pre", "atom", "std", "cfg"];

/// Whether `name` is one of [`SCOPE_NAMES`].
pub fn is_scope_name(name: &str) -> bool {
    SCOPE_NAMES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(raw: &str, kind: MemberKind) -> Definition<()> {
        Definition {
            raw: raw.into(),
            kind,
            data: (),
        }
    }

    fn names(ms: &[Member<()>]) -> Vec<(String, bool, bool)> {
        ms.iter().map(|m| (m.name.clone(), m.public, m.in_mod)).collect()
    }

    #[test]
    fn entries_are_classified() {
        assert_eq!(entry("mod.nix", EntryType::File, || false), Entry::ModFile);
        assert_eq!(
            entry("Foo.nix", EntryType::File, || false),
            Entry::Member("Foo", MemberKind::File)
        );
        assert_eq!(entry(".nix", EntryType::File, || false), Entry::Data);
        assert_eq!(entry("x.nix.txt", EntryType::File, || false), Entry::Data);
        assert_eq!(
            entry("sub", EntryType::Directory, || true),
            Entry::Member("sub", MemberKind::Submodule)
        );
        assert_eq!(entry("data", EntryType::Directory, || false), Entry::Data);
        assert_eq!(entry("link.nix", EntryType::Other, || true), Entry::Data);
    }

    #[test]
    fn public_names_are_exported_lowercased() {
        assert_eq!(exported("FooBar"), (true, "fooBar".to_owned()));
        assert_eq!(exported("foo"), (false, "foo".to_owned()));
        assert_eq!(exported("_Foo"), (false, "_Foo".to_owned()));
    }

    #[test]
    fn the_re_export_idiom_is_not_a_clash() {
        let r = resolve(
            vec![def("sub", MemberKind::Submodule), def("when", MemberKind::File)],
            vec![def("Sub", MemberKind::Attribute), def("When", MemberKind::Attribute)],
        )
        .into_result()
        .unwrap();
        assert_eq!(
            names(&r),
            [
                ("sub".into(), false, true),
                ("sub".into(), true, false),
                ("when".into(), false, true),
                ("when".into(), true, false)
            ]
        );
    }

    #[test]
    fn same_raw_name_from_file_and_directory_clashes() {
        let r = resolve(
            vec![def("Foo", MemberKind::Submodule), def("Foo", MemberKind::File)],
            vec![],
        );
        assert_eq!(r.members.len(), 2, "both are still listed");
        let e = r.into_result().unwrap_err();
        assert_eq!(e.to_string(), "'Foo' is defined more than once (Foo.nix, Foo/)");
    }

    #[test]
    fn mod_attributes_override_members_of_the_same_raw_name() {
        let r = resolve(vec![def("a", MemberKind::File)], vec![def("a", MemberKind::Attribute)])
            .into_result()
            .unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind, MemberKind::Attribute);
    }

    #[test]
    fn reserved_names_are_refused() {
        let e = resolve(vec![def("pre", MemberKind::File)], vec![])
            .into_result()
            .unwrap_err();
        assert_eq!(e.to_string(), "'pre' is a reserved name (pre.nix)");
        let e = resolve(vec![], vec![def("OutPath", MemberKind::Attribute)])
            .into_result()
            .unwrap_err();
        assert_eq!(e.to_string(), "'outPath' is a reserved name (mod.nix:OutPath)");
    }
}
