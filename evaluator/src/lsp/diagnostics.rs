//! Diagnostics of a buffer: syntax errors, `check`'s findings (each with
//! its rule name as the code) and manifest or lock errors, with the spans
//! the command line shows.

use std::path::Path;

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

use super::project::Project;
use super::text;
use crate::atom::facts::FileFacts;
use crate::atom::lock::Lock;
use crate::atom::Manifest;
use crate::support::error::Error;
use crate::tools::check::{self, Finding, Rule, Severity};

const SOURCE: &str = "atom-eval";

fn diagnostic(text: &str, span: std::ops::Range<usize>, severity: Severity, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        range: text::range(text, span),
        severity: Some(match severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Default::default()
    }
}

/// A finding of `check` in a buffer: the hint follows the message.
fn of_finding(text: &str, f: &Finding) -> Diagnostic {
    let message = match &f.help {
        Some(help) => format!("{}\nhelp: {help}", f.message),
        None => f.message.clone(),
    };
    diagnostic(
        text,
        f.span.clone().unwrap_or(0..0),
        f.severity,
        f.rule.as_str(),
        message,
    )
}

/// The diagnostics of a Nix buffer: `check`'s findings in an atom (whose
/// cache already serves this buffer), syntax errors elsewhere.
pub fn of_nix(project: Option<&Project>, path: &Path, text: &str, facts: &FileFacts) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = match project {
        Some(p) => check::check_file(&p.root, path, text, &p.cache)
            .iter()
            .map(|f| of_finding(text, f))
            .collect(),
        None => facts
            .errors
            .iter()
            .map(|(message, span)| {
                diagnostic(
                    text,
                    span.range(),
                    Severity::Error,
                    Rule::Parse.as_str(),
                    message.clone(),
                )
            })
            .collect(),
    };
    real_syntax_errors(&mut diags, text);
    diags
}

/// Keeps one syntax error per real mistake: the parser, recovering, also
/// reports what it expected at the end of the file for every construct an
/// earlier error left open. So only the first error at a position is
/// kept, and errors at the end of the file only when nothing went wrong
/// before.
fn real_syntax_errors(diags: &mut Vec<Diagnostic>, text: &str) {
    let parse = Some(NumberOrString::String(Rule::Parse.as_str().to_owned()));
    let end = text::position(text, text.trim_end().len());
    let mut seen: Vec<lsp_types::Position> = Vec::new();
    diags.retain(|d| {
        if d.code != parse {
            return true;
        }
        let at = d.range.start;
        let keep = !seen.contains(&at) && (seen.is_empty() || at < end);
        seen.push(at);
        keep
    });
}

/// An error of the manifest or lock readers as a diagnostic in `text`,
/// where its label points (as the command line's snippet does).
fn of_error(path: &Path, text: &str, e: &Error) -> Diagnostic {
    let span = miette::Diagnostic::labels(e)
        .and_then(|mut l| l.next())
        .map(|l| l.offset().min(text.len())..(l.offset() + l.len()).min(text.len()))
        .unwrap_or(0..0);
    let mut message = e.to_string().replace(&format!("{}: ", path.display()), "");
    if let Some(help) = miette::Diagnostic::help(e) {
        message.push_str(&format!("\nhelp: {help}"));
    }
    diagnostic(text, span, Severity::Error, Rule::Manifest.as_str(), message)
}

/// The diagnostics of `atom.toml` and of `atom.lock` in `dir`, from their
/// texts (buffers or disk; `None`: there is no lock): `check`'s manifest
/// rule, then the lock read and checked against the manifest as
/// evaluation does.
pub fn of_manifest(dir: &Path, manifest: &str, lock: Option<&str>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut in_manifest, mut in_lock) = (Vec::new(), Vec::new());
    if let Some(f) = check::check_manifest(dir, manifest) {
        in_manifest.push(of_finding(manifest, &f));
        return (in_manifest, in_lock);
    }
    let Ok(parsed) = Manifest::parse(dir.join("atom.toml"), manifest) else {
        return (in_manifest, in_lock);
    };
    let lock_path = dir.join("atom.lock");
    let locked = match lock.map(|t| Lock::parse(&lock_path, t)) {
        Some(Err(e)) => {
            in_lock.push(of_error(&lock_path, lock.unwrap_or_default(), &e));
            return (in_manifest, in_lock);
        }
        Some(Ok(l)) => Some(l),
        None => None,
    };
    if let Err(e) = parsed.check_lock(locked.as_ref()) {
        if e.to_string().starts_with(&format!("{}:", lock_path.display())) {
            in_lock.push(of_error(&lock_path, lock.unwrap_or_default(), &e));
        } else {
            in_manifest.push(of_error(&dir.join("atom.toml"), manifest, &e));
        }
    }
    (in_manifest, in_lock)
}
