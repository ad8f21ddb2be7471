//! JSON: `toJSON`, `fromJSON`, and `--json` output.
//!
//! C++ Nix uses nlohmann::json for both directions, so its output format
//! (floats with Grisu2's digits, laid out by nlohmann's rules)
//! and its error messages (nlohmann's parser, positions and "last read"
//! text included) are part of the language as users see it. The parser
//! here is written to reproduce those messages; it is iterative, like
//! nlohmann's, so deep nesting cannot overflow the stack.

use std::fmt::Write;

use super::context::string_no_ctx;
use crate::error::{Error, Result};
use crate::eval::{CoerceMode, EvalState};
use crate::symbol::Symbol;
use crate::value::{Attrs, Context, ContextElem, NixString, Value};

/// Serialises a value as `builtins.toJSON` does, forcing as it goes (paths
/// are copied to the store); the text without its string context.
pub fn to_json_string(st: &mut EvalState, v: &Value) -> Result<String> {
    Ok(to_json_text(st, v)?.0)
}

/// `toJSON e`: the JSON text of a value, depending on every store path the
/// value's strings depend on.
pub fn to_json(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    Ok(Value::String(to_json_value(st, &args[0])?))
}

fn to_json_value(st: &mut EvalState, v: &Value) -> Result<NixString> {
    let (text, context) = to_json_text(st, v)?;
    Ok(NixString::new(text.into_bytes(), context))
}

fn to_json_text(st: &mut EvalState, v: &Value) -> Result<(String, Context)> {
    let mut w = JsonWriter {
        out: String::new(),
        context: Context::new(),
        utf8_error: None,
    };
    w.value(st, v)?;
    // nlohmann checks UTF-8 when it serialises, after the whole value was
    // converted: evaluation errors anywhere come first.
    if let Some(e) = w.utf8_error {
        return Err(Error::msg(format!(
            "JSON serialization error: [json.exception.type_error.316] {e}"
        )));
    }
    Ok((w.out, w.context))
}

struct JsonWriter {
    out: String,
    context: Context,
    /// The first string that is not valid UTF-8, as nlohmann reports it.
    utf8_error: Option<String>,
}

impl JsonWriter {
    fn value(&mut self, st: &mut EvalState, v: &Value) -> Result<()> {
        st.nest(|st| self.value_nested(st, v))
    }

    fn value_nested(&mut self, st: &mut EvalState, v: &Value) -> Result<()> {
        let v = st.force(v)?;
        match &v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Float(f) => self.out.push_str(&json_float(*f)),
            Value::String(s) => {
                self.context.extend(s.context().iter().cloned());
                self.string(s.as_bytes());
            }
            Value::Path(p) => {
                let store_path = st.copy_path_to_store(p)?;
                self.string(store_path.as_bytes());
                self.context.insert(ContextElem::Opaque(store_path));
            }
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get("__toString") {
                    let f = st.force(&f.clone())?;
                    let result = st.call(&f, v.clone(), None)?;
                    let s = st.coerce_to_string(&result, CoerceMode::Interpolation, false)?;
                    self.context.extend(s.context().iter().cloned());
                    self.string(s.as_bytes());
                    return Ok(());
                }
                if let Some(p) = attrs.get("outPath") {
                    return self.value(st, &p.clone());
                }
                self.out.push('{');
                for (i, (name, value)) in attrs.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.string(name.as_str().as_bytes());
                    self.out.push(':');
                    self.value(st, value).map_err(|e| {
                        e.context(
                            format!("while evaluating attribute '{name}'"),
                            attrs.position(name.as_str()),
                        )
                    })?;
                }
                self.out.push('}');
            }
            Value::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(st, item)
                        .map_err(|e| e.context(format!("while evaluating list element at index {i}"), None))?;
                }
                self.out.push(']');
            }
            other => {
                let what = other.type_desc();
                let e = Error::msg(format!("cannot convert {what} to JSON"));
                return Err(match other {
                    Value::Lambda(c) => e.at(c.lambda.span),
                    _ => e,
                });
            }
        }
        Ok(())
    }

    /// A JSON string literal as nlohmann writes it (no `ensure_ascii`):
    /// only `"`, `\` and control characters below 0x20 are escaped.
    fn string(&mut self, bytes: &[u8]) {
        if self.utf8_error.is_none() {
            self.utf8_error = utf8_error(bytes);
        }
        let text = String::from_utf8_lossy(bytes);
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{08}' => self.out.push_str("\\b"),
                '\u{0c}' => self.out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

/// nlohmann's complaint about a string that is not UTF-8: the index and
/// value of the first byte its decoder rejects, or the last byte of a
/// string that ends inside a character.
fn utf8_error(s: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // The number of continuation bytes and the range of the first one.
        let (more, lo, hi) = match b {
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return Some(format!("invalid UTF-8 byte at index {i}: 0x{b:02X}")),
        };
        for k in 1..=more {
            let j = i + k;
            let Some(&c) = s.get(j) else {
                return Some(format!("incomplete UTF-8 string; last byte: 0x{:02X}", s[s.len() - 1]));
            };
            let (lo, hi) = if k == 1 { (lo, hi) } else { (0x80, 0xBF) };
            if !(lo..=hi).contains(&c) {
                return Some(format!("invalid UTF-8 byte at index {j}: 0x{c:02X}"));
            }
        }
        i += more + 1;
    }
    None
}

/// A float as nlohmann::json writes it: Grisu2's digits (see
/// [`super::grisu`]; not always the shortest that read back), in plain
/// notation when the decimal point falls within 15 digits left or 4 digits
/// right of them (`100.0`, `0.0001`), otherwise as `d.ddde+XX` with at
/// least two exponent digits (`1e-05`, `2e+15`). Non-finite numbers become
/// `null`.
pub fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".to_owned();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let f = f.abs();
    if f == 0.0 {
        out.push_str("0.0");
        return out;
    }
    let (digits, exp) = super::grisu::digits(f);
    let k = digits.len() as i32;
    // The value is 0.DIGITS * 10^n.
    let n = k + exp;
    if k <= n && n <= 15 {
        // 1234e7 -> 12340000000.0
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
        out.push_str(".0");
    } else if 0 < n && n <= 15 {
        // 1234e-2 -> 12.34
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -4 < n && n <= 0 {
        // 1234e-7 -> 0.0001234
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    out
}

/// `fromJSON s`: the Nix value of a JSON text.
pub fn from_json(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let s = string_no_ctx(st, &args[0])
        .map_err(|e| e.context("while evaluating the first argument passed to builtins.fromJSON", None))?;
    parse_json(s.as_bytes())
}

/// Parses JSON text into a value, failing with nlohmann's messages.
pub fn parse_json(text: &[u8]) -> Result<Value> {
    Parser::new(text).parse().map_err(|e| match e {
        JsonError::Parse(msg) => Error::msg(msg).context("while decoding a JSON string", None),
        JsonError::Other(e) => e,
    })
}

enum JsonError {
    /// A parse error in nlohmann's words (the trace says "while decoding").
    Parse(String),
    /// An error raised while building the value.
    Other(Box<Error>),
}

type JResult<T> = std::result::Result<T, JsonError>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    BeginArray,
    EndArray,
    BeginObject,
    EndObject,
    NameSeparator,
    ValueSeparator,
    True,
    False,
    Null,
    String,
    Unsigned,
    Integer,
    Float,
    EndOfInput,
    ParseError,
    /// Only in "expected ..." messages.
    LiteralOrValue,
    /// No "expected ..." part.
    Uninitialized,
}

impl Token {
    fn name(self) -> &'static str {
        match self {
            Token::Uninitialized => "<uninitialized>",
            Token::True => "true literal",
            Token::False => "false literal",
            Token::Null => "null literal",
            Token::String => "string literal",
            Token::Unsigned | Token::Integer | Token::Float => "number literal",
            Token::BeginArray => "'['",
            Token::BeginObject => "'{'",
            Token::EndArray => "']'",
            Token::EndObject => "'}'",
            Token::NameSeparator => "':'",
            Token::ValueSeparator => "','",
            Token::ParseError => "<parse error>",
            Token::EndOfInput => "end of input",
            Token::LiteralOrValue => "'[', '{', or a literal",
        }
    }
}

/// nlohmann's lexer, position bookkeeping included (its messages count
/// the end of input as a character read).
struct Lexer<'a> {
    input: &'a [u8],
    /// Index of the next byte to read.
    pos: usize,
    /// The character last read; `None` at the end.
    current: Option<u8>,
    next_unget: bool,
    chars_read_total: usize,
    chars_read_current_line: usize,
    lines_read: usize,
    /// The raw text read since the last string or number began.
    token_string: Vec<u8>,
    /// The decoded string or number text.
    buffer: Vec<u8>,
    error_message: &'static str,
    value_unsigned: u64,
    value_integer: i64,
    value_float: f64,
}

impl<'a> Lexer<'a> {
    fn new(input: &'a [u8]) -> Lexer<'a> {
        Lexer {
            input,
            pos: 0,
            current: None,
            next_unget: false,
            chars_read_total: 0,
            chars_read_current_line: 0,
            lines_read: 0,
            token_string: Vec::new(),
            buffer: Vec::new(),
            error_message: "",
            value_unsigned: 0,
            value_integer: 0,
            value_float: 0.0,
        }
    }

    fn get(&mut self) -> Option<u8> {
        self.chars_read_total += 1;
        self.chars_read_current_line += 1;
        if self.next_unget {
            self.next_unget = false;
        } else {
            self.current = self.input.get(self.pos).copied();
            if self.current.is_some() {
                self.pos += 1;
            }
        }
        if let Some(c) = self.current {
            self.token_string.push(c);
        }
        if self.current == Some(b'\n') {
            self.lines_read += 1;
            self.chars_read_current_line = 0;
        }
        self.current
    }

    fn unget(&mut self) {
        self.next_unget = true;
        self.chars_read_total -= 1;
        if self.chars_read_current_line == 0 {
            self.lines_read = self.lines_read.saturating_sub(1);
        } else {
            self.chars_read_current_line -= 1;
        }
        if self.current.is_some() {
            self.token_string.pop();
        }
    }

    fn reset(&mut self) {
        self.buffer.clear();
        self.token_string.clear();
        if let Some(c) = self.current {
            self.token_string.push(c);
        }
    }

    fn add(&mut self, c: u8) {
        self.buffer.push(c);
    }

    fn error(&mut self, message: &'static str) -> Token {
        self.error_message = message;
        Token::ParseError
    }

    fn position(&self) -> String {
        format!("line {}, column {}", self.lines_read + 1, self.chars_read_current_line)
    }

    /// The text read for the current token, control characters shown as
    /// `<U+000A>`.
    fn token_text(&self) -> String {
        let mut out = Vec::new();
        for &c in &self.token_string {
            if c <= 0x1f {
                out.extend_from_slice(format!("<U+{c:04X}>").as_bytes());
            } else {
                out.push(c);
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn scan(&mut self) -> Token {
        if self.chars_read_total == 0 && !self.skip_bom() {
            return self.error("invalid BOM; must be 0xEF 0xBB 0xBF if given");
        }
        loop {
            self.get();
            if !matches!(self.current, Some(b' ' | b'\t' | b'\n' | b'\r')) {
                break;
            }
        }
        match self.current {
            Some(b'[') => Token::BeginArray,
            Some(b']') => Token::EndArray,
            Some(b'{') => Token::BeginObject,
            Some(b'}') => Token::EndObject,
            Some(b':') => Token::NameSeparator,
            Some(b',') => Token::ValueSeparator,
            Some(b't') => self.scan_literal(b"true", Token::True),
            Some(b'f') => self.scan_literal(b"false", Token::False),
            Some(b'n') => self.scan_literal(b"null", Token::Null),
            Some(b'"') => self.scan_string(),
            Some(b'-' | b'0'..=b'9') => self.scan_number(),
            None | Some(0) => Token::EndOfInput,
            Some(_) => self.error("invalid literal"),
        }
    }

    fn skip_bom(&mut self) -> bool {
        if self.get() == Some(0xEF) {
            return self.get() == Some(0xBB) && self.get() == Some(0xBF);
        }
        self.unget();
        true
    }

    fn scan_literal(&mut self, text: &[u8], token: Token) -> Token {
        for &expected in &text[1..] {
            if self.get() != Some(expected) {
                return self.error("invalid literal");
            }
        }
        token
    }

    fn codepoint(&mut self) -> Option<u32> {
        let mut cp = 0;
        for _ in 0..4 {
            let d = (self.get()? as char).to_digit(16)?;
            cp = cp * 16 + d;
        }
        Some(cp)
    }

    /// Checks and copies the continuation bytes of a UTF-8 character whose
    /// first byte was just read.
    fn utf8_tail(&mut self, ranges: &[(u8, u8)]) -> bool {
        let first = self.current.expect("a byte was read");
        self.add(first);
        for &(lo, hi) in ranges {
            match self.get() {
                Some(c) if (lo..=hi).contains(&c) => self.add(c),
                _ => return false,
            }
        }
        true
    }

    fn scan_string(&mut self) -> Token {
        self.reset();
        loop {
            let Some(c) = self.get() else {
                return self.error("invalid string: missing closing quote");
            };
            match c {
                b'"' => return Token::String,
                b'\\' => {
                    let escaped = match self.get() {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            const NOT_HEX: &str = "invalid string: '\\u' must be followed by 4 hex digits";
                            const LONE_HIGH: &str =
                                "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
                            let Some(cp1) = self.codepoint() else {
                                return self.error(NOT_HEX);
                            };
                            let cp = if (0xD800..=0xDBFF).contains(&cp1) {
                                if !(self.get() == Some(b'\\') && self.get() == Some(b'u')) {
                                    return self.error(LONE_HIGH);
                                }
                                let Some(cp2) = self.codepoint() else {
                                    return self.error(NOT_HEX);
                                };
                                if !(0xDC00..=0xDFFF).contains(&cp2) {
                                    return self.error(LONE_HIGH);
                                }
                                0x10000 + ((cp1 - 0xD800) << 10) + (cp2 - 0xDC00)
                            } else if (0xDC00..=0xDFFF).contains(&cp1) {
                                return self
                                    .error("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
                            } else {
                                cp1
                            };
                            let ch = char::from_u32(cp).expect("surrogates were combined");
                            let mut buf = [0; 4];
                            for &b in ch.encode_utf8(&mut buf).as_bytes() {
                                self.add(b);
                            }
                            continue;
                        }
                        _ => return self.error("invalid string: forbidden character after backslash"),
                    };
                    self.add(escaped);
                }
                0x00..=0x1f => return self.error(CONTROL_MESSAGES[c as usize]),
                0x20..=0x7f => self.add(c),
                0xC2..=0xDF => {
                    if !self.utf8_tail(&[(0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xE0 => {
                    if !self.utf8_tail(&[(0xA0, 0xBF), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xE1..=0xEC | 0xEE..=0xEF => {
                    if !self.utf8_tail(&[(0x80, 0xBF), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xED => {
                    if !self.utf8_tail(&[(0x80, 0x9F), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xF0 => {
                    if !self.utf8_tail(&[(0x90, 0xBF), (0x80, 0xBF), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xF1..=0xF3 => {
                    if !self.utf8_tail(&[(0x80, 0xBF), (0x80, 0xBF), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                0xF4 => {
                    if !self.utf8_tail(&[(0x80, 0x8F), (0x80, 0xBF), (0x80, 0xBF)]) {
                        return self.error(ILL_FORMED);
                    }
                }
                _ => return self.error(ILL_FORMED),
            }
        }
    }

    fn digit(c: Option<u8>) -> bool {
        matches!(c, Some(b'0'..=b'9'))
    }

    fn scan_number(&mut self) -> Token {
        self.reset();
        #[derive(PartialEq)]
        enum Kind {
            Unsigned,
            Integer,
            Float,
        }
        let mut kind = Kind::Unsigned;
        let first = self.current.expect("a digit or '-' was read");
        self.add(first);
        if first == b'-' {
            kind = Kind::Integer;
            let c = self.get();
            if !Self::digit(c) {
                return self.error("invalid number; expected digit after '-'");
            }
            self.add(c.expect("a digit"));
        }
        let leading = *self.buffer.last().expect("a digit");
        let mut c = self.get();
        if leading != b'0' {
            while Self::digit(c) {
                self.add(c.expect("a digit"));
                c = self.get();
            }
        }
        if c == Some(b'.') {
            self.add(b'.');
            kind = Kind::Float;
            c = self.get();
            if !Self::digit(c) {
                return self.error("invalid number; expected digit after '.'");
            }
            while Self::digit(c) {
                self.add(c.expect("a digit"));
                c = self.get();
            }
        }
        if let Some(e @ (b'e' | b'E')) = c {
            self.add(e);
            kind = Kind::Float;
            c = self.get();
            if let Some(sign @ (b'+' | b'-')) = c {
                self.add(sign);
                c = self.get();
                if !Self::digit(c) {
                    return self.error("invalid number; expected digit after exponent sign");
                }
            } else if !Self::digit(c) {
                return self.error("invalid number; expected '+', '-', or digit after exponent");
            }
            while Self::digit(c) {
                self.add(c.expect("a digit"));
                c = self.get();
            }
        }
        self.unget();
        let text = std::str::from_utf8(&self.buffer).expect("number text is ASCII");
        // Integers that overflow their type are read as floats.
        match kind {
            Kind::Unsigned => {
                if let Ok(u) = text.parse::<u64>() {
                    self.value_unsigned = u;
                    return Token::Unsigned;
                }
            }
            Kind::Integer => {
                if let Ok(i) = text.parse::<i64>() {
                    self.value_integer = i;
                    return Token::Integer;
                }
            }
            Kind::Float => {}
        }
        self.value_float = text.parse::<f64>().expect("a valid JSON number is a valid float");
        Token::Float
    }
}

const ILL_FORMED: &str = "invalid string: ill-formed UTF-8 byte";

const CONTROL_MESSAGES: [&str; 32] = [
    "invalid string: control character U+0000 (NUL) must be escaped to \\u0000",
    "invalid string: control character U+0001 (SOH) must be escaped to \\u0001",
    "invalid string: control character U+0002 (STX) must be escaped to \\u0002",
    "invalid string: control character U+0003 (ETX) must be escaped to \\u0003",
    "invalid string: control character U+0004 (EOT) must be escaped to \\u0004",
    "invalid string: control character U+0005 (ENQ) must be escaped to \\u0005",
    "invalid string: control character U+0006 (ACK) must be escaped to \\u0006",
    "invalid string: control character U+0007 (BEL) must be escaped to \\u0007",
    "invalid string: control character U+0008 (BS) must be escaped to \\u0008 or \\b",
    "invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t",
    "invalid string: control character U+000A (LF) must be escaped to \\u000A or \\n",
    "invalid string: control character U+000B (VT) must be escaped to \\u000B",
    "invalid string: control character U+000C (FF) must be escaped to \\u000C or \\f",
    "invalid string: control character U+000D (CR) must be escaped to \\u000D or \\r",
    "invalid string: control character U+000E (SO) must be escaped to \\u000E",
    "invalid string: control character U+000F (SI) must be escaped to \\u000F",
    "invalid string: control character U+0010 (DLE) must be escaped to \\u0010",
    "invalid string: control character U+0011 (DC1) must be escaped to \\u0011",
    "invalid string: control character U+0012 (DC2) must be escaped to \\u0012",
    "invalid string: control character U+0013 (DC3) must be escaped to \\u0013",
    "invalid string: control character U+0014 (DC4) must be escaped to \\u0014",
    "invalid string: control character U+0015 (NAK) must be escaped to \\u0015",
    "invalid string: control character U+0016 (SYN) must be escaped to \\u0016",
    "invalid string: control character U+0017 (ETB) must be escaped to \\u0017",
    "invalid string: control character U+0018 (CAN) must be escaped to \\u0018",
    "invalid string: control character U+0019 (EM) must be escaped to \\u0019",
    "invalid string: control character U+001A (SUB) must be escaped to \\u001A",
    "invalid string: control character U+001B (ESC) must be escaped to \\u001B",
    "invalid string: control character U+001C (FS) must be escaped to \\u001C",
    "invalid string: control character U+001D (GS) must be escaped to \\u001D",
    "invalid string: control character U+001E (RS) must be escaped to \\u001E",
    "invalid string: control character U+001F (US) must be escaped to \\u001F",
];

/// A container being built.
enum Frame {
    Array(Vec<Value>),
    /// The members so far, and the key of the value being parsed.
    Object(Vec<(Symbol, Value)>, Symbol),
}

/// nlohmann's SAX parser loop, building Nix values as C++ Nix's handler
/// does.
struct Parser<'a> {
    lexer: Lexer<'a>,
    last: Token,
}

impl<'a> Parser<'a> {
    fn new(text: &'a [u8]) -> Parser<'a> {
        let mut lexer = Lexer::new(text);
        let last = lexer.scan();
        Parser { lexer, last }
    }

    fn next(&mut self) -> Token {
        self.last = self.lexer.scan();
        self.last
    }

    fn error(&self, expected: Token, context: &str) -> JsonError {
        let mut msg = format!(
            "[json.exception.parse_error.101] parse error at {}: syntax error ",
            self.lexer.position()
        );
        if !context.is_empty() {
            let _ = write!(msg, "while parsing {context} ");
        }
        msg.push_str("- ");
        if self.last == Token::ParseError {
            let _ = write!(
                msg,
                "{}; last read: '{}'",
                self.lexer.error_message,
                self.lexer.token_text()
            );
        } else {
            let _ = write!(msg, "unexpected {}", self.last.name());
        }
        if expected != Token::Uninitialized {
            let _ = write!(msg, "; expected {}", expected.name());
        }
        JsonError::Parse(msg)
    }

    /// The string just scanned; C++ Nix refuses NUL bytes in strings.
    fn string(&self) -> JResult<&[u8]> {
        let bytes = &self.lexer.buffer;
        if bytes.contains(&0) {
            let shown = String::from_utf8_lossy(bytes).replace('\0', "\u{2400}");
            return Err(JsonError::Other(Error::msg(format!(
                "input string '{shown}' cannot be represented as Nix string because it contains null bytes"
            ))));
        }
        Ok(bytes)
    }

    fn key(&self) -> JResult<Symbol> {
        Ok(Symbol::new(&String::from_utf8_lossy(self.string()?)))
    }

    fn parse(&mut self) -> JResult<Value> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Parse one value, or open a container.
            let mut value = match self.last {
                Token::BeginObject => {
                    if self.next() == Token::EndObject {
                        Value::attrs(Attrs::new())
                    } else {
                        if self.last != Token::String {
                            return Err(self.error(Token::String, "object key"));
                        }
                        let key = self.key()?;
                        if self.next() != Token::NameSeparator {
                            return Err(self.error(Token::NameSeparator, "object separator"));
                        }
                        stack.push(Frame::Object(Vec::new(), key));
                        self.next();
                        continue;
                    }
                }
                Token::BeginArray => {
                    if self.next() == Token::EndArray {
                        Value::list(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                Token::Float => {
                    let f = self.lexer.value_float;
                    if !f.is_finite() {
                        return Err(JsonError::Parse(format!(
                            "[json.exception.out_of_range.406] number overflow parsing '{}'",
                            self.lexer.token_text()
                        )));
                    }
                    Value::Float(f)
                }
                Token::False => Value::Bool(false),
                Token::True => Value::Bool(true),
                Token::Null => Value::Null,
                Token::Integer => Value::Int(self.lexer.value_integer),
                Token::Unsigned => {
                    let u = self.lexer.value_unsigned;
                    match i64::try_from(u) {
                        Ok(i) => Value::Int(i),
                        Err(_) => {
                            return Err(JsonError::Other(Error::msg(format!(
                                "unsigned json number {u} outside of Nix integer range"
                            ))))
                        }
                    }
                }
                Token::String => Value::String(NixString::from(self.string()?)),
                Token::ParseError => return Err(self.error(Token::Uninitialized, "value")),
                Token::EndOfInput if self.lexer.chars_read_total == 1 => {
                    return Err(JsonError::Parse(format!(
                        "[json.exception.parse_error.101] parse error at {}: attempting to parse an empty input; check that your input string or stream contains the expected JSON",
                        self.lexer.position()
                    )));
                }
                _ => return Err(self.error(Token::LiteralOrValue, "value")),
            };
            // A value is complete: add it to its container, closing every
            // container it completes.
            loop {
                match stack.last_mut() {
                    None => {
                        if self.next() != Token::EndOfInput {
                            return Err(self.error(Token::EndOfInput, "value"));
                        }
                        return Ok(value);
                    }
                    Some(Frame::Array(items)) => {
                        items.push(value);
                        if self.next() == Token::ValueSeparator {
                            self.next();
                            break;
                        }
                        if self.last != Token::EndArray {
                            return Err(self.error(Token::EndArray, "array"));
                        }
                        let Some(Frame::Array(items)) = stack.pop() else {
                            unreachable!()
                        };
                        value = Value::list(items);
                    }
                    Some(Frame::Object(members, key)) => {
                        members.push((*key, value));
                        if self.next() == Token::ValueSeparator {
                            if self.next() != Token::String {
                                return Err(self.error(Token::String, "object key"));
                            }
                            let key = self.key()?;
                            if self.next() != Token::NameSeparator {
                                return Err(self.error(Token::NameSeparator, "object separator"));
                            }
                            if let Some(Frame::Object(_, k)) = stack.last_mut() {
                                *k = key;
                            }
                            self.next();
                            break;
                        }
                        if self.last != Token::EndObject {
                            return Err(self.error(Token::EndObject, "object"));
                        }
                        let Some(Frame::Object(members, _)) = stack.pop() else {
                            unreachable!()
                        };
                        // A repeated key keeps its last value.
                        value = Value::attrs(Attrs::from_unsorted(members));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_float;

    #[test]
    fn floats_as_nlohmann_prints_them() {
        for (f, s) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.0e-7, "1e-07"),
            (2.5e10, "25000000000.0"),
            (1.0e15, "1e+15"),
            (2.0e15, "2e+15"),
            (1.0e16, "1e+16"),
            (123456789012345.0, "123456789012345.0"),
            (1.2345678901234568e29, "1.2345678901234568e+29"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1.0e300, "1e+300"),
            (1.0e-300, "1e-300"),
            (0.30000000000000004, "0.30000000000000004"),
            (f64::NAN, "null"),
        ] {
            assert_eq!(json_float(f), s, "{f:e}");
        }
    }
}
