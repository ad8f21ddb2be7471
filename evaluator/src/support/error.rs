//! The embedding API's error type: every failure is a
//! [`miette::Diagnostic`], with the source snippet already resolved, so a
//! host can render it (see [`render`]) or inspect it.

use std::fmt;

/// What kind of failure an [`Error`] is, for hosts that react differently
/// to each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Evaluating Nix failed: a `throw`, a type error, a syntax error, …
    Eval,
    /// A path given to the API does not exist or is not what was expected
    /// (for example a directory without `atom.toml`).
    NotFound,
    /// `atom.toml` is missing a field or has an invalid one.
    Manifest,
    /// An attribute path names an attribute that does not exist.
    MissingAttribute,
    /// An attribute path names a private member of an atom from outside
    /// the atom: it exists, but only the atom's own files can reach it (as
    /// `mod.NAME`), unless it is renamed to start with an uppercase letter.
    Private,
    /// A value is not of the type an accessor asked for.
    Type,
    /// A value could not be converted to the requested Rust type.
    Deserialize,
    /// The file system failed.
    Io,
}

/// An error of the embedding API, as a rendered-ready diagnostic.
///
/// ```
/// let nix = atom_eval::Nix::new();
/// let err = nix.eval_expr("1 + \"a\"").unwrap_err();
/// assert_eq!(err.kind(), atom_eval::ErrorKind::Eval);
/// assert!(err.to_string().contains("cannot add a string to an integer"));
/// // A miette diagnostic: it points at the source.
/// use miette::Diagnostic;
/// assert!(err.labels().is_some());
/// ```
pub struct Error {
    kind: ErrorKind,
    inner: Box<dyn miette::Diagnostic + Send + Sync + 'static>,
}

impl Error {
    /// An error from any diagnostic.
    pub fn new(kind: ErrorKind, diagnostic: impl miette::Diagnostic + Send + Sync + 'static) -> Error {
        Error {
            kind,
            inner: Box::new(diagnostic),
        }
    }

    /// An error with a message and an optional hint.
    pub fn message(kind: ErrorKind, message: impl Into<String>, help: Option<String>) -> Error {
        Error::new(
            kind,
            Simple {
                message: message.into(),
                help,
            },
        )
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The error rendered for a terminal, with source snippets and, when
    /// `color` is set, ANSI colours.
    pub fn render(&self, color: bool) -> String {
        render(self, color)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(self, false))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.inner, f)
    }
}

impl std::error::Error for Error {}

impl miette::Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        self.inner.related()
    }
    fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
        self.inner.diagnostic_source()
    }
}

/// A diagnostic that is only a message and a hint.
#[derive(Debug)]
struct Simple {
    message: String,
    help: Option<String>,
}

impl fmt::Display for Simple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Simple {}

impl miette::Diagnostic for Simple {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

/// Renders any diagnostic for a terminal: `error: message`, the source
/// snippet with its labels and hints, then the evaluation trace, innermost
/// step first, one line each with its location. Without `color` the output
/// is plain text (what `NO_COLOR` or output to a file asks for).
///
/// ```
/// let nix = atom_eval::Nix::new();
/// let err = nix.eval_expr("let f = x: throw \"boom\"; in f 1").unwrap_err();
/// let text = atom_eval::render(&err, false);
/// assert!(text.starts_with("error: boom\n"));
/// assert!(text.contains("… while calling the 'throw' builtin at «string»:1:12"));
/// assert!(!text.contains('\x1b'));
///
/// // A message of several lines is printed as it is, as C++ Nix prints it.
/// let err = nix.eval_expr("throw \"one\\ntwo\\n  three\"").unwrap_err();
/// assert!(atom_eval::render(&err, false).starts_with("error: one\ntwo\n  three\n"));
///
/// // An empty message still has its header line.
/// let err = nix.eval_expr("throw \"\"").unwrap_err();
/// assert!(atom_eval::render(&err, false).starts_with("error:\n"));
/// let err = nix.eval_expr("throw \"\\r\"").unwrap_err();
/// assert!(atom_eval::render(&err, false).starts_with("error:\n"));
///
/// // Each line loses its trailing blanks.
/// let err = nix.eval_expr("throw \"one \\ntwo\\t\\nthree\"").unwrap_err();
/// assert!(atom_eval::render(&err, false).starts_with("error: one\ntwo\nthree\n"));
/// ```
pub fn render(diagnostic: &dyn miette::Diagnostic, color: bool) -> String {
    let mut theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    theme.characters.error = "error:".into();
    theme.characters.warning = "warning:".into();
    theme.characters.advice = "note:".into();
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        // Messages stay on one line, as C++ Nix prints them, so they can
        // be searched for.
        .with_wrap_lines(false)
        .with_cause_chain();
    let mut out = String::new();
    if handler.render_report(&mut out, &WithoutRelated(diagnostic)).is_err() {
        out = format!("error: {diagnostic}");
    }
    // miette indents the header by two columns; an error starts a line.
    let mut text = out.trim_end().strip_prefix("  ").unwrap_or(out.trim_end()).to_owned();
    // The message's further lines follow its first exactly, as C++ Nix
    // prints them (scripts grep them): miette was given the first line only.
    let message = diagnostic.to_string();
    // miette prints no header for an empty first line (`throw ""`); C++
    // Nix still prints `error:`.
    if message.split('\n').next().map(chomp).is_some_and(str::is_empty) && !text.starts_with("error:") {
        let header = match diagnostic.severity() {
            Some(miette::Severity::Warning) => "warning:",
            Some(miette::Severity::Advice) => "note:",
            _ => "error:",
        };
        text = format!("{header}{}", if text.starts_with('\n') { "" } else { "\n" }) + &text;
    }
    if let Some((_, rest)) = message.split_once('\n') {
        let at = text.find('\n').unwrap_or(text.len());
        let rest: Vec<&str> = rest.split('\n').map(chomp).collect();
        text.insert_str(at, &format!("\n{}", rest.join("\n")));
    }
    if let Some(related) = diagnostic.related() {
        for frame in related {
            text.push_str("\n  ");
            let mut line = format!("{frame}");
            if let Some(at) = location(frame, diagnostic.source_code()) {
                line.push_str(&format!(" at {at}"));
            }
            if color {
                text.push_str(&format!("\x1b[2m{line}\x1b[0m"));
            } else {
                text.push_str(&line);
            }
        }
    }
    text
}

/// A message line without its trailing blanks, as C++ Nix prints each line
/// of a message (scripts compare the lines).
fn chomp(line: &str) -> &str {
    line.trim_end_matches([' ', '\t', '\r'])
}

/// `file:line:col` of a diagnostic's first label.
fn location(d: &dyn miette::Diagnostic, parent: Option<&dyn miette::SourceCode>) -> Option<String> {
    let label = d.labels()?.next()?;
    let src = d.source_code().or(parent)?;
    let contents = src.read_span(label.inner(), 0, 0).ok()?;
    let name = contents.name().unwrap_or("«unknown»");
    Some(format!("{name}:{}:{}", contents.line() + 1, contents.column() + 1))
}

/// A diagnostic with its related diagnostics hidden: [`render`] prints
/// those itself, one line each.
struct WithoutRelated<'a>(&'a dyn miette::Diagnostic);

impl fmt::Debug for WithoutRelated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

/// Only the message's first line: [`render`] adds the others as they are.
impl fmt::Display for WithoutRelated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.0.to_string();
        f.write_str(chomp(message.split('\n').next().unwrap_or("")))
    }
}

impl std::error::Error for WithoutRelated<'_> {}

impl miette::Diagnostic for WithoutRelated<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.0.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
    fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
        self.0.diagnostic_source()
    }
}
