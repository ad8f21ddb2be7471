//! Reading TOML with a span for every value, so that each complaint about
//! `atom.toml` or `atom.lock` points at the text it is about.
//!
//! serde's derived deserialisers lose spans inside tagged enums and cannot
//! say which key of a table was unexpected with its position, so the
//! manifest and the lock are walked by hand over toml's spanned document
//! ([`toml::de::DeTable`]), through the small API here.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::{Error, ErrorKind};

/// A TOML document being read: its path and text, for diagnostics.
#[derive(Clone, Copy)]
pub(crate) struct Doc<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl<'a> Doc<'a> {
    /// A diagnostic pointing at `span` of the document.
    pub fn error(&self, span: Range<usize>, message: impl fmt::Display, label: &str, help: Option<&str>) -> Error {
        Error::new(
            ErrorKind::Manifest,
            TomlError {
                message: format!("{}: {message}", self.path.display()),
                src: miette::NamedSource::new(self.path.display().to_string(), self.text.to_owned()),
                span: (span.start, span.end.saturating_sub(span.start)).into(),
                label: label.to_owned(),
                help: help.map(str::to_owned),
            },
        )
    }

    /// Parses the text; a syntax error points where the parser stopped.
    pub fn parse(&self) -> Result<Spanned<DeTable<'a>>, Error> {
        DeTable::parse(self.text).map_err(|e| {
            self.error(
                e.span().unwrap_or(0..0),
                format_args!("invalid TOML: {}", e.message().trim_end()),
                "here",
                None,
            )
        })
    }

    /// A view of a table found under the dotted name `name`.
    pub fn table<'t>(&self, name: impl Into<String>, table: &'t DeTable<'a>, span: Range<usize>) -> Table<'t, 'a> {
        Table {
            doc: *self,
            name: name.into(),
            table,
            span,
        }
    }
}

/// A table of the document, with its dotted name for messages.
pub(crate) struct Table<'t, 'a> {
    pub doc: Doc<'a>,
    /// Dotted name of the table (`deps.from.core`), empty for the root.
    pub name: String,
    pub table: &'t DeTable<'a>,
    /// The table's span (its header, or the whole inline table).
    pub span: Range<usize>,
}

impl<'t, 'a> Table<'t, 'a> {
    /// The dotted name of `key` in this table.
    pub fn path_of(&self, key: &str) -> String {
        let key = if is_bare_key(key) {
            key.to_owned()
        } else {
            format!("{key:?}")
        };
        if self.name.is_empty() {
            key
        } else {
            format!("{}.{key}", self.name)
        }
    }

    /// The value under `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
        self.table.get(key)
    }

    /// The entries in document order: key, key span, value.
    pub fn entries(&self) -> impl Iterator<Item = (&'t str, Range<usize>, &'t Spanned<DeValue<'a>>)> + 't {
        self.table.iter().map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
    }

    /// Refuses any key not in `allowed`, as eka's `deny_unknown_fields`.
    pub fn deny_unknown(&self, allowed: &[&str]) -> Result<(), Error> {
        for (key, span, _) in self.entries() {
            if !allowed.contains(&key) {
                let expected = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                return Err(self.doc.error(
                    span,
                    format_args!("unknown key `{}`", self.path_of(key)),
                    "not allowed here",
                    Some(&if allowed.is_empty() {
                        "this table takes no keys".to_owned()
                    } else {
                        format!("the keys allowed here are {expected}")
                    }),
                ));
            }
        }
        Ok(())
    }

    /// An error for a missing key, pointing at this table.
    pub fn missing(&self, key: &str, help: Option<&str>) -> Error {
        let what = if self.name.is_empty() {
            "the file".to_owned()
        } else {
            format!("[{}]", self.name)
        };
        self.doc.error(
            self.span.clone(),
            format_args!("missing key `{}` in {what}", self.path_of(key)),
            "in this table",
            help,
        )
    }

    /// A required string.
    pub fn str(&self, key: &str) -> Result<(&'t str, Range<usize>), Error> {
        self.opt_str(key)?.ok_or_else(|| self.missing(key, None))
    }

    /// An optional string.
    pub fn opt_str(&self, key: &str) -> Result<Option<(&'t str, Range<usize>)>, Error> {
        let Some(v) = self.get(key) else { return Ok(None) };
        match v.get_ref() {
            DeValue::String(s) => Ok(Some((s.as_ref(), v.span()))),
            other => Err(self.type_error(key, v.span(), "a string", other)),
        }
    }

    /// An optional Boolean.
    pub fn opt_bool(&self, key: &str) -> Result<Option<(bool, Range<usize>)>, Error> {
        let Some(v) = self.get(key) else { return Ok(None) };
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(Some((*b, v.span()))),
            other => Err(self.type_error(key, v.span(), "a Boolean", other)),
        }
    }

    /// An optional table.
    pub fn opt_table(&self, key: &str) -> Result<Option<Table<'t, 'a>>, Error> {
        let Some(v) = self.get(key) else { return Ok(None) };
        match v.get_ref() {
            DeValue::Table(t) => Ok(Some(self.doc.table(self.path_of(key), t, v.span()))),
            other => Err(self.type_error(key, v.span(), "a table", other)),
        }
    }

    /// A value as a table, for entries of a map-like table.
    pub fn as_table(&self, key: &str, v: &'t Spanned<DeValue<'a>>) -> Result<Table<'t, 'a>, Error> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(self.doc.table(self.path_of(key), t, v.span())),
            other => Err(self.type_error(key, v.span(), "a table", other)),
        }
    }

    /// One string or an array of strings (`mirrors`, sets' sources).
    pub fn str_or_list(&self, key: &str, v: &'t Spanned<DeValue<'a>>) -> Result<Vec<(&'t str, Range<usize>)>, Error> {
        match v.get_ref() {
            DeValue::String(s) => Ok(vec![(s.as_ref(), v.span())]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok((s.as_ref(), item.span())),
                    other => Err(self.type_error(key, item.span(), "a string", other)),
                })
                .collect(),
            other => Err(self.type_error(key, v.span(), "a string or an array of strings", other)),
        }
    }

    /// `KEY must be WANT, not TYPE`.
    pub fn type_error(&self, key: &str, span: Range<usize>, want: &str, got: &DeValue<'_>) -> Error {
        self.doc.error(
            span,
            format_args!("`{}` must be {want}, not {}", self.path_of(key), type_name(got)),
            &format!("expected {want}"),
            None,
        )
    }
}

/// The TOML type of a value, in words.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a Boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A diagnostic with one labelled span in a TOML file.
#[derive(Debug)]
struct TomlError {
    message: String,
    src: miette::NamedSource<String>,
    span: miette::SourceSpan,
    label: String,
    help: Option<String>,
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TomlError {}

impl miette::Diagnostic for TomlError {
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
