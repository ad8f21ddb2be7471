//! [`Manifest`]: an atom's `atom.toml`, read and validated, with errors
//! that point into the TOML.

use std::fmt;
use std::path::{Path, PathBuf};

use engine::symbol::Symbol;
use engine::value::Attrs;
use serde::Deserialize;
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use super::error::{Error, ErrorKind};

/// The longest label allowed.
const MAX_LABEL: usize = 128;

/// A parsed `atom.toml`.
///
/// Both spellings in use are read: `[atom]` with `id` and `version`, and
/// `[package]` with `label` and `version`. The label must be a Unicode
/// identifier and the version a semantic version; a missing or invalid
/// field is an error that points at it in the file.
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
}

/// The fields we check, with their spans.
#[derive(Deserialize)]
struct Raw {
    atom: Option<Spanned<Section>>,
    package: Option<Spanned<Section>>,
}

#[derive(Deserialize)]
struct Section {
    id: Option<Spanned<toml::Value>>,
    label: Option<Spanned<toml::Value>>,
    version: Option<Spanned<toml::Value>>,
}

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
        let fail = |span: std::ops::Range<usize>, message: String, label: &str, help: Option<&str>| {
            Error::new(
                ErrorKind::Manifest,
                ManifestError {
                    message: format!("{}: {message}", path.display()),
                    src: miette::NamedSource::new(path.display().to_string(), text.to_owned()),
                    span: (span.start, span.end.saturating_sub(span.start)).into(),
                    label: label.to_owned(),
                    help: help.map(str::to_owned),
                },
            )
        };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let span = e.span().unwrap_or(0..0);
            fail(span, format!("invalid TOML: {}", e.message().trim_end()), "here", None)
        })?;
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            fail(
                span,
                e.message().trim_end().to_owned(),
                "here",
                Some("[atom] and [package] must be tables"),
            )
        })?;
        let (table_name, key, section) = match (raw.atom, raw.package) {
            (Some(s), _) => ("atom", "id", s),
            (None, Some(s)) => ("package", "label", s),
            (None, None) => {
                return Err(fail(
                    0..0,
                    "no [atom] or [package] table".into(),
                    "expected here",
                    Some("start the manifest with `[atom]`, `id = \"NAME\"` and `version = \"0.1.0\"`"),
                ))
            }
        };
        let header = section.span();
        let section = section.into_inner();
        let name_field = if table_name == "atom" {
            section.id
        } else {
            section.label
        };
        let string =
            |field: Option<Spanned<toml::Value>>, name: &str| -> Result<(String, std::ops::Range<usize>), Error> {
                let field = field.ok_or_else(|| {
                    fail(
                        header.clone(),
                        format!("missing field `{table_name}.{name}`"),
                        "in this table",
                        Some(&format!("add `{name} = \"...\"`")),
                    )
                })?;
                let span = field.span();
                match field.into_inner() {
                    toml::Value::String(s) => Ok((s, span)),
                    other => Err(fail(
                        span,
                        format!("`{table_name}.{name}` must be a string, not {}", other.type_str()),
                        "not a string",
                        None,
                    )),
                }
            };
        let (label, label_span) = string(name_field, key)?;
        if let Err(why) = check_label(&label) {
            return Err(fail(
                label_span,
                format!("`{table_name}.{key}` is not a valid label: {why}"),
                "invalid label",
                Some("a label is a Unicode identifier: a letter, then letters, digits, `_` or `-`"),
            ));
        }
        let (version, version_span) = string(section.version, "version")?;
        if let Err(e) = semver::Version::parse(&version) {
            return Err(fail(
                version_span,
                format!("`{table_name}.version` is not a semantic version: {e}"),
                "not MAJOR.MINOR.PATCH",
                Some("write the version as MAJOR.MINOR.PATCH, e.g. \"0.1.0\""),
            ));
        }
        Ok(Manifest {
            path,
            label,
            version,
            table,
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

    /// The manifest as a Nix value (what `cfg` is).
    pub(crate) fn to_nix(&self) -> engine::Value {
        toml_value(&toml::Value::Table(self.table.clone()))
    }
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

/// A manifest error: the message, and where in `atom.toml`.
#[derive(Debug)]
struct ManifestError {
    message: String,
    src: miette::NamedSource<String>,
    span: miette::SourceSpan,
    label: String,
    help: Option<String>,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ManifestError {}

impl miette::Diagnostic for ManifestError {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        crate::render(&Manifest::parse("/a/atom.toml", text).unwrap_err(), false)
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
