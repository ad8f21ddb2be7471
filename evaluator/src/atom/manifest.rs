//! [`Manifest`]: an atom's `atom.toml`, read and validated, with errors
//! that point into the TOML.

use std::ops::Range;
use std::path::{Path, PathBuf};

use engine::symbol::Symbol;
use engine::value::Attrs;
use toml::de::DeValue;
use unicode_normalization::UnicodeNormalization;

use crate::atom::lock::spanned::{type_name, Doc, Table};
use crate::atom::lock::{check_set_name, Lock, LockedDep, Mirror, Spanned};
use crate::support::error::{Error, ErrorKind};

/// The longest label allowed.
const MAX_LABEL: usize = 128;

/// A parsed `atom.toml`.
///
/// Two spellings are read. eka's current schema:
///
/// ```toml
/// [package]
/// label = "app"            # required, a label
/// version = "0.1.0"        # required, semver
/// [package.meta]           # optional: description, tags, anything else
/// [package.sets]           # set name -> "::" (this repository), a URL, or a list
/// core = ["::", "https://example.org/core"]
///
/// [compose.with.atom-nix]  # or [compose.as] with nix = PATH / static = "config"
/// from = "core"
/// entry = "src"            # the root module's directory (default ".")
///
/// [deps.from.core]         # atom dependencies: label -> version requirement
/// util = "^0.2"
/// [deps.direct.nix]        # plain-Nix sources
/// pkgs = { git = "https://example.org/pkgs", ref = "main" }
/// ```
///
/// and the legacy `[atom]` with `id` and `version`. Labels are
/// NFKC-normalised and checked by [`check_label`]; unknown keys in
/// `[package]` and `[deps]` are refused, as eka refuses them; every set a
/// dependency or composer names must be declared. Each error points at
/// the text it is about.
///
/// ```
/// let m = atom_eval::Manifest::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))?;
/// assert_eq!(m.label(), "shop");
/// assert_eq!(m.version(), "1.2.0");
/// assert_eq!(m.table()["shop"]["currency"].as_str(), Some("EUR"));
///
/// let err = atom_eval::Manifest::parse("atom.toml", "[atom]\nid = \"x\"\nversion = \"one\"\n").unwrap_err();
/// assert_eq!(err.kind(), atom_eval::ErrorKind::Manifest);
/// assert!(err.to_string().contains("not a semantic version"));
/// # Ok::<(), atom_eval::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Manifest {
    path: PathBuf,
    label: String,
    version: String,
    table: toml::Table,
    entry: String,
    sets: Vec<SetDecl>,
    compose: Compose,
    deps: Deps,
    text: String,
}

/// A `[package.sets]` entry: a named set of repositories.
#[derive(Clone, Debug)]
pub struct SetDecl {
    /// The set's name (`deps.from.<name>`).
    pub name: String,
    /// Its sources, in preference order.
    pub mirrors: Vec<Mirror>,
}

/// `[compose]`: how the atom is composed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Compose {
    /// No `[compose]`: natively, from the manifest's directory.
    #[default]
    Native,
    /// `[compose.with.<composer>]`: by a composer atom from a set (the
    /// module system itself composes it natively).
    With {
        /// The composer's label.
        composer: String,
        /// The set it comes from.
        from: String,
        /// The version requirement on it.
        version: Option<semver::VersionReq>,
    },
    /// `[compose.as] nix = PATH`: a plain Nix file.
    Nix(String),
    /// `[compose.as] static = "config"`: the manifest is the value.
    Static,
}

/// `[deps]`: what the atom depends on.
#[derive(Clone, Debug, Default)]
pub struct Deps {
    /// `[deps.from.<set>]`: atoms by label, with version requirements,
    /// ordered by set, then label.
    pub from: Vec<AtomDepDecl>,
    /// `[deps.direct.nix]`: plain-Nix sources, ordered by name.
    pub nix: Vec<NixDepDecl>,
}

impl Deps {
    /// Whether nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.from.is_empty() && self.nix.is_empty()
    }
}

/// One atom dependency.
#[derive(Clone, Debug)]
pub struct AtomDepDecl {
    /// The set it comes from.
    pub set: String,
    /// Its label.
    pub label: String,
    /// The version requirement.
    pub version: semver::VersionReq,
    span: Range<usize>,
}

/// One plain-Nix source.
#[derive(Clone, Debug)]
pub struct NixDepDecl {
    /// Its name (`deps.pins.<name>` or `deps.get.<name>`).
    pub name: String,
    /// Where it comes from.
    pub source: NixSource,
    span: Range<usize>,
}

/// How a plain-Nix source is fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NixSource {
    /// `{ git = URL, ref = STR }` or `{ git = URL, version = REQ }`.
    Git {
        /// The repository.
        url: String,
        /// A ref to follow.
        reference: Option<String>,
        /// A version requirement over the repository's tags.
        version: Option<semver::VersionReq>,
    },
    /// `{ tar = URL }`: a tarball, unpacked.
    Tar(String),
    /// `{ url = URL }`: a file.
    Url(String),
    /// `{ build = URL, unpack = BOOL }`: a source for builds.
    Build {
        /// Where it is.
        url: String,
        /// Whether it is unpacked.
        unpack: bool,
    },
}

impl NixSource {
    /// The lock's `type` for this source.
    pub fn lock_type(&self) -> &'static str {
        match self {
            NixSource::Git { .. } => "nix+git",
            NixSource::Tar(_) => "nix+tar",
            NixSource::Url(_) => "nix",
            NixSource::Build { .. } => "nix+src",
        }
    }
}

const PACKAGE_KEYS: &[&str] = &["label", "version", "meta", "sets"];

impl Manifest {
    /// Reads `DIR/atom.toml`.
    pub fn read(dir: impl AsRef<Path>) -> Result<Manifest, Error> {
        let path = dir.as_ref().join("atom.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::NotFound {
                ErrorKind::NotFound
            } else {
                ErrorKind::Io
            };
            Error::message(
                kind,
                format!("cannot read '{}': {e}", path.display()),
                Some("an atom is a directory holding atom.toml (its manifest) and mod.nix (its root module)".into()),
            )
        })?;
        Manifest::parse(path, &text)
    }

    /// Parses and validates the text of a manifest read from `path`.
    pub fn parse(path: impl Into<PathBuf>, text: &str) -> Result<Manifest, Error> {
        let path = path.into();
        let doc = Doc { path: &path, text };
        let root = doc.parse()?;
        let top = doc.table("", root.get_ref(), 0..0);
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            doc.error(
                e.span().unwrap_or(0..0),
                format_args!("invalid TOML: {}", e.message().trim_end()),
                "here",
                None,
            )
        })?;
        let section = |name: &str| -> Result<Option<Table<'_, '_>>, Error> {
            match top.get(name) {
                None => Ok(None),
                Some(v) => match v.get_ref() {
                    DeValue::Table(t) => Ok(Some(doc.table(name, t, v.span()))),
                    other => Err(doc.error(
                        v.span(),
                        format_args!("`{name}` must be a table, not {}", type_name(other)),
                        "here",
                        Some("[atom] and [package] must be tables"),
                    )),
                },
            }
        };
        let (legacy, section) = match (section("atom")?, section("package")?) {
            (Some(s), _) => (true, s),
            (None, Some(s)) => (false, s),
            (None, None) => {
                return Err(doc.error(
                    0..0,
                    "no [atom] or [package] table",
                    "expected here",
                    Some("start the manifest with `[package]`, `label = \"NAME\"` and `version = \"0.1.0\"`"),
                ))
            }
        };
        let key = if legacy { "id" } else { "label" };
        if !legacy {
            section.deny_unknown(PACKAGE_KEYS)?;
        }
        let string = |name: &str| -> Result<(String, Range<usize>), Error> {
            match section.get(name) {
                None => Err(doc.error(
                    section.span.clone(),
                    format_args!("missing field `{}.{name}`", section.name),
                    "in this table",
                    Some(&format!("add `{name} = \"...\"`")),
                )),
                Some(v) => match v.get_ref() {
                    DeValue::String(s) => Ok((s.to_string(), v.span())),
                    other => Err(doc.error(
                        v.span(),
                        format_args!("`{}.{name}` must be a string, not {}", section.name, toml_type(other)),
                        "not a string",
                        None,
                    )),
                },
            }
        };
        let (label, label_span) = string(key)?;
        let label = check_label(&label).map_err(|why| {
            doc.error(
                label_span,
                format_args!("`{}.{key}` is not a valid label: {why}", section.name),
                "here",
                Some("a label is a Unicode identifier: a letter, then letters, digits, `_` or `-`"),
            )
        })?;
        let (version, version_span) = string("version")?;
        if let Err(e) = semver::Version::parse(&version) {
            return Err(doc.error(
                version_span,
                format_args!("`{}.version` is not a semantic version: {e}", section.name),
                "not MAJOR.MINOR.PATCH",
                Some("write the version as MAJOR.MINOR.PATCH, e.g. \"0.1.0\""),
            ));
        }
        let mut sets = Vec::new();
        if !legacy {
            if let Some(meta) = section.opt_table("meta")? {
                meta.opt_str("description")?;
                if let Some(tags) = meta.get("tags") {
                    meta.str_or_list("tags", tags)?;
                }
            }
            if let Some(table) = section.opt_table("sets")? {
                for (name, name_span, value) in table.entries() {
                    check_set_name(name).map_err(|why| {
                        doc.error(
                            name_span.clone(),
                            format_args!("set name '{name}' is not valid: {why}"),
                            "invalid set name",
                            None,
                        )
                    })?;
                    let mirrors = table.str_or_list(name, value)?;
                    if mirrors.is_empty() {
                        return Err(doc.error(
                            value.span(),
                            format_args!("set '{name}' has no sources"),
                            "empty",
                            Some("give \"::\" (this repository) or a URL"),
                        ));
                    }
                    sets.push(SetDecl {
                        name: name.to_owned(),
                        mirrors: mirrors.into_iter().map(|(m, _)| Mirror::parse(m)).collect(),
                    });
                }
            }
        }
        let declared = |set: &str, span: Range<usize>, what: &str| -> Result<(), Error> {
            if sets.iter().any(|s| s.name == set) {
                return Ok(());
            }
            let known: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
            Err(doc.error(
                span,
                format_args!("{what} names the set '{set}', which [package.sets] does not declare"),
                "undeclared set",
                Some(&if known.is_empty() {
                    format!("declare it: `[package.sets]` then `{set} = \"::\"` or `{set} = \"<git URL>\"`")
                } else {
                    format!("the declared sets are {}", known.join(", "))
                }),
            ))
        };

        // [compose]
        let mut compose = Compose::Native;
        let mut entry = ".".to_owned();
        if let Some(c) = section_table(&top, "compose")? {
            if let Some(with) = c.opt_table("with")? {
                let mut composers = with.entries();
                if let Some((composer, _, value)) = composers.next() {
                    let w = with.as_table(composer, value)?;
                    let (from, from_span) = w.str("from")?;
                    declared(from, from_span, &format!("`{}`", w.path_of("from")))?;
                    let version = match w.opt_str("version")? {
                        Some(v) => Some(version_req(&doc, v)?),
                        None => None,
                    };
                    if let Some((e, span)) = w.opt_str("entry")? {
                        entry = check_entry(&doc, e, span)?;
                    }
                    compose = Compose::With {
                        composer: check_label(composer).map_err(|why| {
                            doc.error(
                                w.span.clone(),
                                format_args!("composer '{composer}' is not a valid label: {why}"),
                                "here",
                                None,
                            )
                        })?,
                        from: from.to_owned(),
                        version,
                    };
                }
                if let Some((other, span, _)) = composers.next() {
                    return Err(doc.error(
                        span,
                        format_args!("a second composer '{other}'"),
                        "here",
                        Some("an atom has one composer"),
                    ));
                }
            } else if let Some(as_) = c.opt_table("as")? {
                compose = match (as_.opt_str("nix")?, as_.opt_str("static")?) {
                    (Some((p, span)), None) => Compose::Nix(check_entry(&doc, p, span)?),
                    (None, Some(_)) => Compose::Static,
                    _ => {
                        return Err(doc.error(
                            as_.span.clone(),
                            "[compose.as] takes exactly one of `nix = PATH` and `static = \"config\"`",
                            "here",
                            None,
                        ))
                    }
                };
            }
        }

        // [deps]
        let mut deps = Deps::default();
        if let Some(d) = section_table(&top, "deps")? {
            d.deny_unknown(&["from", "direct"])?;
            if let Some(from) = d.opt_table("from")? {
                for (set, set_span, value) in from.entries() {
                    declared(set, set_span, &format!("`deps.from.{set}`"))?;
                    let t = from.as_table(set, value)?;
                    for (label, label_span, req) in t.entries() {
                        let label = check_label(label).map_err(|why| {
                            doc.error(
                                label_span.clone(),
                                format_args!("dependency '{label}' is not a valid label: {why}"),
                                "invalid label",
                                None,
                            )
                        })?;
                        let DeValue::String(req_text) = req.get_ref() else {
                            return Err(t.type_error(
                                &label,
                                req.span(),
                                "a version requirement string",
                                req.get_ref(),
                            ));
                        };
                        let version = version_req(&doc, (req_text, req.span()))?;
                        if let Some(dup) = deps.from.iter().find(|d| d.label == label) {
                            return Err(doc.error(
                                label_span,
                                format_args!("dependency '{label}' is declared twice (also from set '{}')", dup.set),
                                "again",
                                None,
                            ));
                        }
                        deps.from.push(AtomDepDecl {
                            set: set.to_owned(),
                            label,
                            version,
                            span: label_span,
                        });
                    }
                }
            }
            if let Some(direct) = d.opt_table("direct")? {
                direct.deny_unknown(&["nix"])?;
                if let Some(nix) = direct.opt_table("nix")? {
                    for (name, name_span, value) in nix.entries() {
                        let name = check_label(name).map_err(|why| {
                            doc.error(
                                name_span.clone(),
                                format_args!("source name '{name}' is not a valid label: {why}"),
                                "invalid name",
                                None,
                            )
                        })?;
                        let t = nix.as_table(&name, value)?;
                        let source = nix_source(&doc, &t)?;
                        deps.nix.push(NixDepDecl {
                            name,
                            source,
                            span: name_span,
                        });
                    }
                }
            }
        }
        for d in &deps.nix {
            if deps.from.iter().any(|a| a.label == d.name) {
                return Err(doc.error(
                    d.span.clone(),
                    format_args!("'{}' is both an atom dependency and a Nix source", d.name),
                    "here",
                    None,
                ));
            }
        }

        Ok(Manifest {
            path,
            label,
            version,
            table,
            entry,
            sets,
            compose,
            deps,
            text: text.to_owned(),
        })
    }

    /// The atom's label (`atom.id` or `package.label`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The atom's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The whole manifest, as modules see it through `cfg`.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// Where the manifest was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The root module's directory, relative to the manifest's
    /// (`compose.with.*.entry`, `.` by default); never absolute and never
    /// leaving the atom.
    pub fn entry(&self) -> &str {
        &self.entry
    }

    /// The root module's directory: the manifest's directory joined with
    /// [`Manifest::entry`].
    pub fn entry_dir(&self) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        if self.entry == "." {
            dir.to_owned()
        } else {
            dir.join(&self.entry)
        }
    }

    /// `[package.sets]`, by name.
    pub fn sets(&self) -> &[SetDecl] {
        &self.sets
    }

    /// `[compose]`.
    pub fn compose(&self) -> &Compose {
        &self.compose
    }

    /// `[deps]`.
    pub fn deps(&self) -> &Deps {
        &self.deps
    }

    /// Reads `atom.lock` beside the manifest and checks that it locks
    /// exactly what the manifest declares. `Ok(None)` when there is no
    /// lock and nothing to lock; a missing lock for declared dependencies
    /// is an error telling to run eka.
    pub fn read_lock(&self) -> Result<Option<Lock>, Error> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let lock = Lock::read(dir)?;
        self.check_lock(lock.as_ref())?;
        Ok(lock)
    }

    /// Checks `lock` (`None`: there is none) against the declarations:
    /// every declared dependency locked with the matching type (an atom
    /// from the set it is declared under), and nothing locked that is not
    /// declared.
    pub fn check_lock(&self, lock: Option<&Lock>) -> Result<(), Error> {
        let doc = Doc {
            path: &self.path,
            text: &self.text,
        };
        let Some(lock) = lock else {
            if self.deps.is_empty() {
                return Ok(());
            }
            let first = self
                .deps
                .from
                .first()
                .map(|d| d.span.clone())
                .or_else(|| self.deps.nix.first().map(|d| d.span.clone()))
                .unwrap_or(0..0);
            return Err(doc.error(
                first,
                "the manifest declares dependencies but there is no atom.lock beside it",
                "declared here",
                Some("run `eka` in the atom's directory to lock its dependencies (it writes atom.lock)"),
            ));
        };
        let lock_doc = |span: Range<usize>, message: String, help: &str| {
            let text = std::fs::read_to_string(&lock.path).unwrap_or_default();
            Doc {
                path: &lock.path,
                text: &text,
            }
            .error(span, message, "not in the manifest", Some(help))
        };
        for d in &self.deps.from {
            let locked = lock.dep(&d.label);
            let Some(Spanned {
                dep: LockedDep::Atom(atom),
                ..
            }) = locked
            else {
                let why = match locked {
                    Some(other) => format!(
                        "atom.lock has '{}' as a {} source, not an atom",
                        d.label,
                        other.dep.type_name()
                    ),
                    None => format!("dependency '{}' is not in atom.lock", d.label),
                };
                return Err(doc.error(
                    d.span.clone(),
                    why,
                    "declared here",
                    Some("run `eka` to lock the atom again"),
                ));
            };
            if let Some(set) = lock.set(atom.set) {
                if set.tag != d.set {
                    return Err(doc.error(
                        d.span.clone(),
                        format!(
                            "dependency '{}' is declared from set '{}' but locked from set '{}'",
                            d.label, d.set, set.tag
                        ),
                        "declared here",
                        Some("run `eka` to lock the atom again"),
                    ));
                }
            }
        }
        for d in &self.deps.nix {
            match lock.dep(&d.name) {
                Some(l) if l.dep.type_name() == d.source.lock_type() => {}
                Some(l) => {
                    return Err(doc.error(
                        d.span.clone(),
                        format!(
                            "source '{}' is locked as {} but declared as {}",
                            d.name,
                            l.dep.type_name(),
                            d.source.lock_type()
                        ),
                        "declared here",
                        Some("run `eka` to lock the atom again"),
                    ))
                }
                None => {
                    return Err(doc.error(
                        d.span.clone(),
                        format!("dependency '{}' is not in atom.lock", d.name),
                        "declared here",
                        Some("run `eka` to lock the atom again"),
                    ))
                }
            }
        }
        for l in &lock.deps {
            let name = l.dep.name();
            let declared = match &l.dep {
                LockedDep::Atom(_) => self.deps.from.iter().any(|d| d.label == name),
                _ => self.deps.nix.iter().any(|d| d.name == name),
            };
            if !declared {
                return Err(lock_doc(
                    l.span.clone(),
                    format!(
                        "{}: dependency '{name}' is locked but the manifest does not declare it",
                        lock.path.display()
                    ),
                    "remove it from atom.lock or declare it in atom.toml, then run `eka` to lock again",
                ));
            }
        }
        Ok(())
    }

    /// The manifest as a Nix value (what `cfg` is).
    pub(crate) fn to_nix(&self) -> engine::Value {
        toml_value(&toml::Value::Table(self.table.clone()))
    }
}

/// A top-level table, if present.
fn section_table<'t, 'a>(top: &Table<'t, 'a>, name: &str) -> Result<Option<Table<'t, 'a>>, Error> {
    top.opt_table(name)
}

/// A `[deps.direct.nix]` entry.
fn nix_source(doc: &Doc<'_>, t: &Table<'_, '_>) -> Result<NixSource, Error> {
    let source = if let Some((url, _)) = t.opt_str("git")? {
        t.deny_unknown(&["git", "ref", "version"])?;
        let reference = t.opt_str("ref")?.map(|(r, _)| r.to_owned());
        let version = match t.opt_str("version")? {
            Some(v) => Some(version_req(doc, v)?),
            None => None,
        };
        if reference.is_some() && version.is_some() {
            return Err(doc.error(
                t.span.clone(),
                format_args!("`{}` has both `ref` and `version`", t.name),
                "here",
                Some("follow a ref or a version requirement, not both"),
            ));
        }
        NixSource::Git {
            url: url.to_owned(),
            reference,
            version,
        }
    } else if let Some((url, _)) = t.opt_str("tar")? {
        t.deny_unknown(&["tar"])?;
        NixSource::Tar(url.to_owned())
    } else if let Some((url, _)) = t.opt_str("url")? {
        t.deny_unknown(&["url"])?;
        NixSource::Url(url.to_owned())
    } else if let Some((url, _)) = t.opt_str("build")? {
        t.deny_unknown(&["build", "unpack"])?;
        NixSource::Build {
            url: url.to_owned(),
            unpack: t.opt_bool("unpack")?.map(|(b, _)| b).unwrap_or(false),
        }
    } else {
        return Err(doc.error(
            t.span.clone(),
            format_args!("`{}` says nothing about where to fetch from", t.name),
            "here",
            Some("give one of `git = URL`, `tar = URL`, `url = URL` or `build = URL`"),
        ));
    };
    Ok(source)
}

fn version_req(doc: &Doc<'_>, (text, span): (&str, Range<usize>)) -> Result<semver::VersionReq, Error> {
    semver::VersionReq::parse(text).map_err(|e| {
        doc.error(
            span,
            format_args!("'{text}' is not a version requirement: {e}"),
            "here",
            Some("write a requirement such as \"^0.1\" or \"=1.2.3\""),
        )
    })
}

/// An entry directory or Nix file: relative, inside the atom.
fn check_entry(doc: &Doc<'_>, entry: &str, span: Range<usize>) -> Result<String, Error> {
    let bad = entry.is_empty() || entry.starts_with('/') || entry.split('/').any(|c| c == "..");
    if bad {
        return Err(doc.error(
            span,
            format_args!("'{entry}' is not a path inside the atom"),
            "here",
            Some("give a relative path without `..`, such as \"src\""),
        ));
    }
    let trimmed: Vec<&str> = entry.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
    Ok(if trimmed.is_empty() {
        ".".into()
    } else {
        trimmed.join("/")
    })
}

/// The TOML type as the legacy messages name it (`integer`, `array`).
fn toml_type(v: &DeValue<'_>) -> &'static str {
    type_name(v).trim_start_matches("an ").trim_start_matches("a ")
}

/// Checks a label as eka does and returns it normalised: NFKC first,
/// then non-empty, at most 128 bytes, a first character of Unicode's
/// `XID_Start`, then `XID_Continue` characters or `-`.
pub fn check_label(label: &str) -> Result<String, String> {
    check_label_with(label, &['-'])
}

/// [`check_label`] with other characters than `-` allowed after the first
/// (set names also take `.` and `:`). The one place label rules live.
pub fn check_label_with(label: &str, extra: &[char]) -> Result<String, String> {
    let label: String = label.nfkc().collect();
    let mut chars = label.chars();
    match chars.next() {
        None => return Err("it is empty".into()),
        Some(c) if !unicode_ident::is_xid_start(c) => {
            return Err(format!("it starts with '{c}', which is not a letter"))
        }
        Some(_) => {}
    }
    if let Some(c) = chars.find(|c| !extra.contains(c) && !unicode_ident::is_xid_continue(*c)) {
        return Err(format!("'{c}' may not appear in a label"));
    }
    if label.len() > MAX_LABEL {
        return Err(format!("it is longer than {MAX_LABEL} bytes"));
    }
    Ok(label)
}

/// A TOML value as a Nix value, as `builtins.fromTOML` gives it.
pub(crate) fn toml_value(v: &toml::Value) -> engine::Value {
    use engine::Value as V;
    match v {
        toml::Value::String(s) => V::string(s.as_str()),
        toml::Value::Integer(i) => V::Int(*i),
        toml::Value::Float(f) => V::Float(*f),
        toml::Value::Boolean(b) => V::Bool(*b),
        toml::Value::Datetime(d) => V::string(d.to_string().as_str()),
        toml::Value::Array(items) => V::list(items.iter().map(toml_value).collect()),
        toml::Value::Table(t) => V::attrs(Attrs::from_unsorted(
            t.iter().map(|(k, v)| (Symbol::new(k), toml_value(v))).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        crate::support::error::render(&Manifest::parse("/a/atom.toml", text).unwrap_err(), false)
    }

    #[test]
    fn both_spellings() {
        let m = Manifest::parse("atom.toml", "[atom]\nid = \"a\"\nversion = \"1.0.0\"\n").unwrap();
        assert_eq!((m.label(), m.version()), ("a", "1.0.0"));
        let m = Manifest::parse(
            "atom.toml",
            "[package]\nlabel = \"b-c\"\nversion = \"0.1.0\"\n[package.meta]\nx = 1\n",
        )
        .unwrap();
        assert_eq!((m.label(), m.version()), ("b-c", "0.1.0"));
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = err("[atom]\nid = \"x\"\nversion = \"one\"\n");
        assert!(e.contains("`atom.version` is not a semantic version"), "{e}");
        assert!(e.contains("3 │ version = \"one\""), "{e}");
        let e = err("[atom]\nversion = \"1.0.0\"\n");
        assert!(e.contains("missing field `atom.id`"), "{e}");
        let e = err("[package]\nlabel = \"9lives\"\nversion = \"1.0.0\"\n");
        assert!(e.contains("not a valid label: it starts with '9'"), "{e}");
        let e = err("[atom]\nid = 3\nversion = \"1.0.0\"\n");
        assert!(e.contains("`atom.id` must be a string, not integer"), "{e}");
        let e = err("[atom\nid = \"x\"\n");
        assert!(e.contains("invalid TOML"), "{e}");
        let e = err("[other]\n");
        assert!(e.contains("no [atom] or [package] table"), "{e}");
    }

    const ROOT: &str = "68b63bd131acd23bdfd57983fe85ba7c092ce02f";
    const REV: &str = "f26bc47d27643580d14262c17533332f29e225b4";
    const ID: &str = "r9ilp2p4bpkup8bejuqrg042m6ohc0rtcn2fks94otlrhnquhnv0";

    const FULL: &str = r#"
[package]
label = "app"
version = "0.1.0"
[package.meta]
description = "an app"
tags = ["x"]
homepage = "kept"
[package.sets]
core = ["::", "https://example.org/core"]
"org.example:pkgs" = "https://example.org/pkgs"

[compose.with.atom-nix]
from = "core"
version = "^0.4"
entry = "./src/"

[deps.from.core]
util = "^0.2"
[deps.from."org.example:pkgs"]
extra = "=1.0.0"

[deps.direct.nix]
pkgs = { git = "https://example.org/pkgs.git", ref = "main" }
lib = { git = "https://example.org/lib.git", version = "^1" }
tarball = { tar = "https://example.org/t.tar.gz" }
file = { url = "https://example.org/f.txt" }
src = { build = "https://example.org/s.tar.gz", unpack = true }
"#;

    #[test]
    fn eka_schema() {
        let m = Manifest::parse("/a/atom.toml", FULL).unwrap();
        assert_eq!((m.label(), m.version(), m.entry()), ("app", "0.1.0", "src"));
        assert_eq!(m.entry_dir(), Path::new("/a/src"));
        assert_eq!(m.sets().len(), 2);
        assert_eq!(
            m.sets()[0].mirrors,
            vec![Mirror::Local, Mirror::Url("https://example.org/core".into())]
        );
        assert_eq!(m.sets()[1].name, "org.example:pkgs");
        assert!(
            matches!(m.compose(), Compose::With { composer, from, version: Some(_) } if composer == "atom-nix" && from == "core")
        );
        let from: Vec<_> = m
            .deps()
            .from
            .iter()
            .map(|d| (d.set.as_str(), d.label.as_str(), d.version.to_string()))
            .collect();
        assert_eq!(
            from,
            [
                ("core", "util", "^0.2".to_owned()),
                ("org.example:pkgs", "extra", "=1.0.0".to_owned())
            ]
        );
        let nix: Vec<_> = m
            .deps()
            .nix
            .iter()
            .map(|d| (d.name.as_str(), d.source.lock_type()))
            .collect();
        assert_eq!(
            nix,
            [
                ("file", "nix"),
                ("lib", "nix+git"),
                ("pkgs", "nix+git"),
                ("src", "nix+src"),
                ("tarball", "nix+tar")
            ]
        );
        assert_eq!(
            m.deps().nix[3].source,
            NixSource::Build {
                url: "https://example.org/s.tar.gz".into(),
                unpack: true
            }
        );
        // The legacy spelling has no deps and its entry is the directory.
        let m = Manifest::parse("/a/atom.toml", "[atom]\nid = \"x\"\nversion = \"1.0.0\"\n").unwrap();
        assert_eq!(m.entry(), ".");
        assert!(m.deps().is_empty());
        let m = Manifest::parse(
            "/a/atom.toml",
            "[package]\nlabel = \"s\"\nversion = \"1.0.0\"\n[compose.as]\nstatic = \"config\"\n",
        )
        .unwrap();
        assert_eq!(m.compose(), &Compose::Static);
    }

    #[test]
    fn eka_validation() {
        let base = "[package]\nlabel = \"a\"\nversion = \"1.0.0\"\n";
        let e = err(&format!("{base}homepage = \"x\"\n"));
        assert!(
            e.contains("unknown key `package.homepage`") && e.contains("4 │ homepage"),
            "{e}"
        );
        let e = err(&format!("{base}[deps.from.core]\nx = \"^1\"\n"));
        assert!(
            e.contains("`deps.from.core` names the set 'core', which [package.sets] does not declare"),
            "{e}"
        );
        let e = err(&format!("{base}[package.sets]\ncore = \"::\"\n[deps.weird]\n"));
        assert!(e.contains("unknown key `deps.weird`"), "{e}");
        let e = err(&format!(
            "{base}[package.sets]\ncore = \"::\"\n[compose.with.atom-nix]\nfrom = \"other\"\n"
        ));
        assert!(
            e.contains("`compose.with.atom-nix.from` names the set 'other'")
                && e.contains("the declared sets are core"),
            "{e}"
        );
        let e = err(&format!("{base}[package.sets]\n\"a..b\" = \"::\"\n"));
        assert!(e.contains("set name 'a..b' is not valid: it contains '..'"), "{e}");
        let e = err(&format!(
            "{base}[package.sets]\ncore = \"::\"\n[deps.from.core]\nx = \"one\"\n"
        ));
        assert!(e.contains("'one' is not a version requirement"), "{e}");
        let e = err(&format!(
            "{base}[deps.direct.nix]\np = {{ git = \"u\", rev = \"x\" }}\n"
        ));
        assert!(e.contains("unknown key `deps.direct.nix.p.rev`"), "{e}");
        let e = err(&format!("{base}[deps.direct.nix]\np = {{ hg = \"u\" }}\n"));
        assert!(e.contains("says nothing about where to fetch from"), "{e}");
        let e = err(&format!(
            "{base}[package.sets]\ncore = \"::\"\n[compose.with.c]\nfrom = \"core\"\nentry = \"../x\"\n"
        ));
        assert!(e.contains("'../x' is not a path inside the atom"), "{e}");
        let e = err(&format!("{base}[compose.as]\n"));
        assert!(e.contains("exactly one of"), "{e}");
        // Labels are normalised, then checked; 128 bytes at most.
        let m = Manifest::parse("atom.toml", "[package]\nlabel = \"ﬁx\"\nversion = \"1.0.0\"\n").unwrap();
        assert_eq!(m.label(), "fix");
        let e = err(&format!(
            "[package]\nlabel = \"{}\"\nversion = \"1.0.0\"\n",
            "é".repeat(65)
        ));
        assert!(e.contains("longer than 128 bytes"), "{e}");
    }

    /// A fresh directory under the system's temporary directory, removed
    /// on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("atom-eval-manifest-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn lock_text(deps: &str) -> String {
        format!("version = 1\n[sets.{ROOT}]\ntag = \"core\"\nmirrors = [\"::\"]\n{deps}")
    }

    fn atom_dep(label: &str) -> String {
        format!("[[deps]]\ntype = \"atom\"\nlabel = \"{label}\"\nversion = \"0.2.0\"\nset = \"{ROOT}\"\nrev = \"{REV}\"\nid = \"{ID}\"\n")
    }

    #[test]
    fn lock_agrees_with_manifest() {
        let dir = TempDir::new("lock");
        let manifest = "[package]\nlabel = \"a\"\nversion = \"1.0.0\"\n[package.sets]\ncore = \"::\"\n[deps.from.core]\nutil = \"^0.2\"\n[deps.direct.nix]\npkgs = { tar = \"https://example.org/p.tar.gz\" }\n";
        std::fs::write(dir.path().join("atom.toml"), manifest).unwrap();
        let m = Manifest::read(dir.path()).unwrap();
        let e = crate::support::error::render(&m.read_lock().unwrap_err(), false);
        assert!(e.contains("no atom.lock") && e.contains("run `eka`"), "{e}");

        let tar = "[[deps]]\ntype = \"nix+tar\"\nname = \"pkgs\"\nurl = \"https://example.org/p.tar.gz\"\nhash = \"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"\n";
        let write_lock = |deps: &str| std::fs::write(dir.path().join("atom.lock"), lock_text(deps)).unwrap();
        write_lock(&format!("{}{tar}", atom_dep("util")));
        let lock = m.read_lock().unwrap().unwrap();
        assert_eq!(lock.deps.len(), 2);

        write_lock(tar);
        let e = crate::support::error::render(&m.read_lock().unwrap_err(), false);
        assert!(
            e.contains("dependency 'util' is not in atom.lock") && e.contains("util = \"^0.2\""),
            "{e}"
        );

        write_lock(&format!("{}{}{tar}", atom_dep("util"), atom_dep("stray")));
        let e = crate::support::error::render(&m.read_lock().unwrap_err(), false);
        assert!(
            e.contains("dependency 'stray' is locked but the manifest does not declare it"),
            "{e}"
        );
        assert!(e.contains("atom.lock:"), "points into the lock: {e}");

        write_lock(&atom_dep("util"));
        let e = crate::support::error::render(&m.read_lock().unwrap_err(), false);
        assert!(e.contains("dependency 'pkgs' is not in atom.lock"), "{e}");

        write_lock(&format!("{}{}", atom_dep("util"), tar.replace("nix+tar", "nix")));
        let e = crate::support::error::render(&m.read_lock().unwrap_err(), false);
        assert!(
            e.contains("source 'pkgs' is locked as nix but declared as nix+tar"),
            "{e}"
        );

        // No deps, no lock: fine.
        let plain = TempDir::new("plain");
        std::fs::write(
            plain.path().join("atom.toml"),
            "[package]\nlabel = \"p\"\nversion = \"1.0.0\"\n",
        )
        .unwrap();
        assert!(Manifest::read(plain.path()).unwrap().read_lock().unwrap().is_none());
    }

    #[test]
    fn labels() {
        assert!(check_label("hello").is_ok());
        assert!(check_label("errors_package").is_ok());
        assert!(check_label("my-atom2").is_ok());
        assert!(check_label("Éclair").is_ok());
        assert!(check_label("-x").is_err());
        assert!(check_label("a b").is_err());
        assert_eq!(check_label("ﬁ").as_deref(), Ok("fi")); // normalised to NFKC first
        assert!(check_label(&"a".repeat(129)).is_err());
    }
}
