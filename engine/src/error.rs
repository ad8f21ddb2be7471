//! Evaluation errors and their rendering.
//!
//! An [`Error`] carries the innermost message (worded as C++ Nix words it),
//! the span it points at, and a trace of what was being evaluated, outermost
//! last. [`Error::diagnostic`] turns it into a `miette` diagnostic once the
//! source texts are at hand.

use std::fmt;

use crate::source::{SourceMap, Span};

/// Results of evaluation: errors are boxed, so `Result<Value>` stays small.
pub type Result<T, E = Box<Error>> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
/// What kind of error, which decides whether `tryEval` catches it and how
/// the message is worded.
pub enum ErrorKind {
    /// `throw`: catchable by `tryEval`.
    Throw(String),
    /// A failed `assert`: catchable by `tryEval`.
    AssertionFailed(String),
    /// `assert a == b` whose sides differ, with the difference worded:
    /// catchable by `tryEval`, like a failed `assert`.
    Unequal(String),
    /// `abort`: never catchable.
    Abort(String),
    /// Every other evaluation error, already worded.
    Eval(String),
    /// Parse errors, one message per error rnix reports.
    Parse(Vec<(String, Option<Span>)>),
    /// The host asked the evaluation to stop (Ctrl-C, see [`crate::guard`]):
    /// never catchable.
    Interrupted,
    /// The evaluation went over the memory limit in bytes (see
    /// [`crate::guard`]): never catchable.
    OutOfMemory(usize),
}

/// One step of the evaluation trace ("while evaluating the attribute 'x'").
#[derive(Debug, Clone)]
pub struct TraceFrame {
    /// What was being evaluated.
    pub message: String,
    /// Where.
    pub span: Option<Span>,
}

#[derive(Debug, Clone)]
/// An evaluation error: the innermost message, where it happened, and the
/// trace of what was being evaluated.
pub struct Error {
    /// The kind, with the message.
    pub kind: ErrorKind,
    /// Where the error happened, once known.
    pub span: Option<Span>,
    /// Innermost first.
    pub trace: Vec<TraceFrame>,
}

impl Error {
    /// An error without a trace yet.
    pub fn new(kind: ErrorKind, span: Option<Span>) -> Box<Error> {
        Box::new(Error {
            kind,
            span,
            trace: Vec::new(),
        })
    }

    /// A plain evaluation error without a position yet.
    pub fn msg(message: impl Into<String>) -> Box<Error> {
        Error::new(ErrorKind::Eval(message.into()), None)
    }

    /// Whether `builtins.tryEval` may catch this error.
    pub fn is_catchable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throw(_) | ErrorKind::AssertionFailed(_) | ErrorKind::Unequal(_)
        )
    }

    /// Whether the evaluation was stopped from outside rather than failing
    /// by itself (an interrupt or the memory limit): nothing may catch or
    /// print such an error in place of a value, it ends the evaluation.
    pub fn is_stop(&self) -> bool {
        matches!(self.kind, ErrorKind::Interrupted | ErrorKind::OutOfMemory(_))
    }

    /// The message as C++ Nix prints it after `error: `.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Throw(m) | ErrorKind::Eval(m) | ErrorKind::Unequal(m) => m.clone(),
            ErrorKind::AssertionFailed(cond) => format!("assertion '{cond}' failed"),
            ErrorKind::Abort(m) => {
                format!("evaluation aborted with the following error message: '{m}'")
            }
            ErrorKind::Parse(errors) => errors.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join("\n"),
            ErrorKind::Interrupted => "interrupted by the user".to_owned(),
            ErrorKind::OutOfMemory(limit) => {
                format!("out of memory: the evaluation exceeded {} MiB", limit.div_ceil(1 << 20))
            }
        }
    }

    /// Gives the error a position if it has none yet.
    pub fn at(mut self: Box<Self>, span: Span) -> Box<Error> {
        // A stop is not where the evaluation went wrong.
        if self.span.is_none() && !self.is_stop() {
            self.span = Some(span);
        }
        self
    }

    /// Adds a trace frame.
    pub fn context(mut self: Box<Self>, message: impl Into<String>, span: Option<Span>) -> Box<Error> {
        if self.trace.len() < 64 && !self.is_stop() {
            self.trace.push(TraceFrame {
                message: message.into(),
                span,
            });
        }
        self
    }

    /// A `miette` diagnostic with the source snippets resolved.
    pub fn diagnostic(&self, sources: &SourceMap) -> Diagnostic {
        let label = |span: Option<Span>, text: &str| {
            span.map(|s| {
                let file = sources.get(s.file);
                (
                    miette::NamedSource::new(file.name.clone(), file.text.to_string()),
                    miette::LabeledSpan::new(
                        Some(text.to_owned()),
                        s.start as usize,
                        (s.end.saturating_sub(s.start) as usize).min(1000),
                    ),
                )
            })
        };
        let mut related = Vec::new();
        let innermost = self.span.or_else(|| self.trace.iter().find_map(|f| f.span));
        let file_context = innermost
            .and_then(|s| sources.context(s.file))
            .filter(|c| !self.trace.iter().any(|f| f.message == *c))
            .map(|c| TraceFrame {
                message: c.to_owned(),
                span: None,
            });
        for frame in file_context.iter().chain(&self.trace) {
            let (src, lab) = match label(frame.span, "here") {
                Some((src, lab)) => (Some(src), vec![lab]),
                None => (None, vec![]),
            };
            related.push(TraceDiagnostic {
                message: frame.message.clone(),
                src,
                labels: lab,
            });
        }
        let mut labels = Vec::new();
        let mut src = None;
        let mut extra = Vec::new();
        if let ErrorKind::Parse(errors) = &self.kind {
            for (m, span) in errors {
                if let Some((s, l)) = label(*span, m) {
                    src.get_or_insert(s);
                    extra.push(l);
                }
            }
            labels = extra;
        } else if let Some((s, l)) = label(self.span, "here") {
            src = Some(s);
            labels.push(l);
        }
        Diagnostic {
            message: self.message(),
            src,
            labels,
            related,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

/// A rendered error: the message, its source snippet and the trace.
#[derive(Debug)]
pub struct Diagnostic {
    message: String,
    src: Option<miette::NamedSource<String>>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<TraceDiagnostic>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn miette::Diagnostic)))
        }
    }
}

/// One trace frame, rendered as a related diagnostic.
#[derive(Debug)]
struct TraceDiagnostic {
    message: String,
    src: Option<miette::NamedSource<String>>,
    labels: Vec<miette::LabeledSpan>,
}

impl fmt::Display for TraceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "… {}", self.message)
    }
}
impl std::error::Error for TraceDiagnostic {}

impl miette::Diagnostic for TraceDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}
