//! `fromTOML`, over the `toml` crate.
//!
//! C++ Nix parses with toml11 and reports its errors as
//! `while parsing TOML: [error] <title>` followed by a source excerpt.
//! toml11's titles cannot be derived from another parser's errors in
//! general; [`toml11_title`] maps the errors that come up in practice
//! (missing or bad values, numbers, duplicate keys and tables, unterminated
//! strings and brackets, bad keys) to toml11's wording, checked against
//! C++ Nix, and falls back to the `toml` crate's own message. The excerpt
//! below the title follows toml11's layout but not its exact text.
//!
//! The `toml` crate implements TOML 1.1 while toml11 (as C++ Nix
//! configures it) implements 1.0, so [`check_toml_1_0`] rejects, after a
//! successful parse, what 1.1 added: inline tables over several lines or
//! with a trailing comma, the `\e` and `\xHH` escapes, non-ASCII bare
//! keys and times without seconds.

use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::symbol::Symbol;
use crate::value::{Attrs, NixString, Value};

/// `fromTOML s`: the Nix value of a TOML document.
pub fn from_toml(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = st
        .force_string(&args[0])
        .and_then(|s| super::reject_context(&s).map(|()| s))
        .map_err(|e| e.context("while evaluating the argument passed to builtins.fromTOML", None))?;
    let bytes = s.as_bytes();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Error::msg(format!(
                "while parsing TOML: [error] invalid UTF-8 byte at index {}",
                e.valid_up_to()
            )))
        }
    };
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let span = e.span().unwrap_or(text.len()..text.len());
        let (title, label) = toml11_title(text, e.message(), span.clone());
        parse_error(text, &title, label, span.start)
    })?;
    if let Some((title, label, at)) = check_toml_1_0(text) {
        return Err(parse_error(text, title, label, at));
    }
    convert_table(table).map_err(|e| Error::msg(format!("while parsing TOML: {e}")))
}

fn convert_table(table: toml::Table) -> std::result::Result<Value, String> {
    let mut entries = Vec::with_capacity(table.len());
    for (k, v) in table {
        no_nul(&k)?;
        entries.push((Symbol::new(&k), convert(v)?));
    }
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

fn convert(v: toml::Value) -> std::result::Result<Value, String> {
    Ok(match v {
        toml::Value::String(s) => {
            no_nul(&s)?;
            Value::String(NixString::from(s))
        }
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // C++ Nix has them only behind an experimental feature.
        toml::Value::Datetime(_) => return Err("Dates and times are not supported".to_owned()),
        toml::Value::Array(items) => {
            Value::list(items.into_iter().map(convert).collect::<std::result::Result<_, _>>()?)
        }
        toml::Value::Table(t) => convert_table(t)?,
    })
}

/// C++ Nix's refusal of NUL bytes in strings (keys included); its text
/// starts with `error: ` as it is a Nix error caught and reworded.
fn no_nul(s: &str) -> std::result::Result<(), String> {
    if s.contains('\0') {
        return Err(format!(
            "error: input string '{}' cannot be represented as Nix string because it contains null bytes",
            s.replace('\0', "\u{2400}")
        ));
    }
    Ok(())
}

/// A parse error as C++ Nix shows toml11's: the title on the first line,
/// then an excerpt pointing at byte `at` of the text, its gutter indented
/// by one column as toml11 prints it.
fn parse_error(text: &str, title: &str, label: &str, at: usize) -> Box<Error> {
    let at = floor_boundary(text, at);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line_no = text[..line_start].matches('\n').count() + 1;
    let width = line_no.to_string().len();
    let column = text[line_start..at].chars().count();
    Error::msg(format!(
        "while parsing TOML: [error] {title}\n --> fromTOML\n {:>width$} |\n {line_no} | {}\n {:>width$} | {}^-- {label}\n",
        "",
        &text[line_start..line_end],
        "",
        " ".repeat(column)
    ))
}

/// `at`, moved back to the start of its character (and into the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The TOML word (value, key, ...) around byte `at`.
fn word_at(text: &str, at: usize) -> &str {
    let delimiter = |c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}' | '#' | '=');
    let at = floor_boundary(text, at);
    let start = text[..at].rfind(delimiter).map_or(0, |i| i + 1);
    let rest = &text[start..];
    let end = rest.find(delimiter).unwrap_or(rest.len());
    &rest[..end]
}

/// The line of the text that byte `at` is on, without leading blanks.
fn line_at(text: &str, at: usize) -> &str {
    let at = floor_boundary(text, at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].trim_start()
}

const BAD_KEY: &str = "toml::parse_simple_key: invalid key: key must be \"quoted\", 'quoted-literal', or bare key.";
const NEWLINE_EXPECTED: &str = "toml::parse_table: newline (LF / CRLF) or EOF is expected";

/// toml11's title (and excerpt label) for the `toml` crate's error
/// `message` at byte `at` of `text`.
fn toml11_title(text: &str, message: &str, span: std::ops::Range<usize>) -> (String, &'static str) {
    let at = floor_boundary(text, span.start);
    let word = word_at(text, at);
    let spanned = text.get(span).unwrap_or("");
    let line = line_at(text, at);
    let unsigned = word.trim_start_matches(['+', '-']);
    let radix = ["0x", "0o", "0b"].into_iter().find(|p| unsigned.starts_with(p));
    let radix_title = |p: &str, too_large: bool| -> String {
        let (name, example) = match p {
            "0x" => ("hex", "0xC0FFEE, 0xdead_beef"),
            "0o" => ("oct", "0o775, 0o04_44"),
            _ => ("bin", "0b0101, 0b1111_0000"),
        };
        if too_large {
            format!("toml::parse_{name}_integer: too large integer: current max value = 2^63")
        } else {
            format!("toml::parse_{name}_integer: invalid integer: {name}_int must be like: {example}")
        }
    };
    let is_float = |w: &str| radix.is_none() && w.contains(['.', 'e', 'E']);
    let title: String = if message.starts_with("duplicate key") {
        if line.starts_with("[[") {
            "toml::insert_value: failed to insert an array of tables, value already exists".into()
        } else if line.starts_with('[') {
            "toml::insert_value: failed to insert a table, table already defined".into()
        } else {
            "toml::insert_value: failed to insert a value, value already exists".into()
        }
    } else if message.starts_with("cannot extend value of type inline table") {
        "toml::insert_value: failed to insert a value: inline table is immutable".into()
    } else if let Some(p) = radix.filter(|_| {
        ["integer", "radix", "digit", "u64", "number"]
            .iter()
            .any(|w| message.contains(w))
    }) {
        let digits = &unsigned[2..];
        let valid = !digits.is_empty()
            && !word.starts_with(['+', '-'])
            && digits.chars().all(|c| match p {
                "0x" => c.is_ascii_hexdigit() || c == '_',
                "0o" => ('0'..='7').contains(&c) || c == '_',
                _ => c == '0' || c == '1' || c == '_',
            });
        radix_title(p, valid)
    } else if message.starts_with("u64 value was too large")
        || message.starts_with("integer number overflowed")
        || message.starts_with("invalid type: integer")
    {
        "toml::parse_dec_integer: too large integer: current max digits = 2^63".into()
    } else if message.starts_with("floating-point number overflowed") {
        "toml::parse_floating: failed to read floating point value from stream".into()
    } else if message.starts_with("string values must be quoted") && spanned.contains(char::is_whitespace) {
        // Two values with no comma between them.
        let before = &text[..at];
        if before.rfind('[') > before.rfind('{') {
            "toml::parse_array: expected value-separator `,` or closing `]`".into()
        } else {
            "toml::parse_inline_table: expected value-separator `,` or closing `}`".into()
        }
    } else if matches!(word.to_ascii_lowercase().as_str(), "true" | "false") {
        format!(
            "toml::parse_value: `{}` must be in lowercase. A string must be surrounded by quotes.",
            word.to_ascii_lowercase()
        )
    } else if (message.starts_with("string values must be quoted") && word.starts_with(['t', 'f']))
        || message.starts_with("invalid boolean")
    {
        "toml::parse_boolean: invalid boolean: boolean must be `true` or `false`, in lowercase. string must be surrounded by `\"`".into()
    } else if message.starts_with("string values must be quoted") || message.starts_with("extra comma in array") {
        "bad format: unknown value appeared".into()
    } else if message.starts_with("unexpected leading zero") {
        "bad integer: invalid digit after an integer".into()
    } else if message.starts_with("`_` may only go between digits") {
        if unsigned.starts_with('_') {
            "bad number: `_` must be surrounded by digits".into()
        } else if is_float(word) {
            "bad float: `_` must be surrounded by digits".into()
        } else {
            "bad integer: `_` must be surrounded by digits".into()
        }
    } else if message.starts_with("invalid exponent") || message.starts_with("invalid fraction") {
        "bad float: invalid format".into()
    } else if message.starts_with("invalid mantissa") {
        "bad float: integer part is required before decimal point".into()
    } else if message.starts_with("invalid float") {
        NEWLINE_EXPECTED.into()
    } else if message.starts_with("invalid basic string") {
        "toml::parse_basic_string: invalid string format".into()
    } else if message.starts_with("invalid literal string") {
        "toml::parse_literal_string: invalid string format".into()
    } else if message.starts_with("invalid multi-line basic string") {
        "toml::parse_ml_basic_string: invalid string format".into()
    } else if message.starts_with("invalid multi-line literal string") {
        "toml::parse_ml_literal_string: invalid string format".into()
    } else if line.starts_with('[')
        && (message.starts_with("unclosed") || message.starts_with("unquoted keys cannot be empty"))
    {
        if line.starts_with("[[") {
            "toml::parse_file: invalid array-table key".into()
        } else {
            "toml::parse_file: invalid table key".into()
        }
    } else if message.starts_with("unquoted keys cannot be empty") || message.starts_with("invalid unquoted key") {
        BAD_KEY.into()
    } else if message.starts_with("unexpected key or value") {
        if line.starts_with('[') {
            "toml::parse_file: newline (or EOF) expected".into()
        } else {
            NEWLINE_EXPECTED.into()
        }
    } else if message.starts_with("unclosed array of tables") {
        "toml::parse_file: invalid array-table key".into()
    } else if message.starts_with("unclosed table") {
        if line.starts_with("[[") {
            "toml::parse_file: invalid array-table key".into()
        } else {
            "toml::parse_file: invalid table key".into()
        }
    } else if message.starts_with("unclosed array") {
        "toml::parse_array: missing closing bracket `]`".into()
    } else if message.starts_with("key with no value") {
        "toml::parse_key_value_pair: invalid key value separator `=`".into()
    } else if message.starts_with("missing comma between array elements") {
        "toml::parse_array: expected value-separator `,` or closing `]`".into()
    } else if message.starts_with("extra assignment between key-value pairs")
        || message.starts_with("missing comma between key-value pairs")
        || message.starts_with("unclosed inline table")
    {
        "toml::parse_inline_table: expected value-separator `,` or closing `}`".into()
    } else {
        message.lines().next().unwrap_or(message).to_owned()
    };
    (title, "here")
}

/// What TOML 1.1 accepts and 1.0 does not, in toml11's words: the title,
/// the excerpt label and where.
fn check_toml_1_0(text: &str) -> Option<(&'static str, &'static str, usize)> {
    use toml_parser::lexer::TokenKind as K;
    let source = toml_parser::Source::new(text);
    // Open brackets: true for an inline table.
    let mut open: Vec<bool> = Vec::new();
    // The last token that is not whitespace.
    let mut last = K::Newline;
    let mut prev_atom = "";
    for token in source.lex() {
        let kind = token.kind();
        let span = token.span();
        let raw = &text[span.start()..span.end()];
        let in_inline_table = open.last() == Some(&true);
        match kind {
            K::LeftCurlyBracket => open.push(true),
            K::LeftSquareBracket => open.push(false),
            K::RightCurlyBracket => {
                if in_inline_table && last == K::Comma {
                    return Some((
                        "toml::parse_inline_table: trailing comma is not allowed in TOML-v1.0.0)",
                        "here",
                        span.start(),
                    ));
                }
                open.pop();
            }
            K::RightSquareBracket => {
                open.pop();
            }
            K::Newline | K::Comment if in_inline_table => {
                return Some(if matches!(last, K::LeftCurlyBracket | K::Comma) {
                    (BAD_KEY, "expected alpha [a-zA-Z], digit [0-9], -, or _", span.start())
                } else {
                    (
                        "toml::parse_inline_table: expected value-separator `,` or closing `}`",
                        "here",
                        span.start(),
                    )
                });
            }
            K::BasicString | K::MlBasicString if has_new_escape(raw) => {
                return Some((
                    if kind == K::BasicString {
                        "toml::parse_basic_string: invalid string format"
                    } else {
                        "toml::parse_ml_basic_string: invalid string format"
                    },
                    "here",
                    span.start(),
                ));
            }
            K::Atom if !raw.is_ascii() => {
                return Some((BAD_KEY, "expected alpha [a-zA-Z], digit [0-9], -, or _", span.start()))
            }
            K::Atom if time_without_seconds(raw) => {
                let after_date = last == K::Atom && prev_atom.len() == 10 && prev_atom.as_bytes()[4] == b'-';
                return Some(if raw.contains('-') || after_date {
                    ("bad time: must be HH:MM:SS.subsec", "here", span.start())
                } else {
                    (
                        "bad integer: invalid digit after an integer",
                        "this digit is not allowed",
                        span.start(),
                    )
                });
            }
            _ => {}
        }
        if kind == K::Atom {
            prev_atom = raw;
        }
        if kind != K::Whitespace {
            last = kind;
        }
    }
    None
}

/// Whether a basic string's raw text uses an escape TOML 1.1 added.
fn has_new_escape(raw: &str) -> bool {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some('e' | 'x') = chars.next() {
                return true;
            }
        }
    }
    false
}

/// A time (alone or after a date) as `HH:MM` without seconds.
fn time_without_seconds(raw: &str) -> bool {
    // The lexer splits `1979-05-27 07:32` at the space; the time alone is
    // an atom too.
    let time = raw.rsplit(['T', 't']).next().unwrap_or(raw);
    let bytes = time.as_bytes();
    bytes.len() >= 5
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes[2] == b':'
        && bytes[3..5].iter().all(u8::is_ascii_digit)
        && bytes.get(5) != Some(&b':')
}
