//! The first syntax error of a text, as C++ Nix's parser reports it.
//!
//! rnix recovers from errors and reports every one it meets, often a
//! cascade from one mistake (a missing `]` gave five), and it names tokens
//! and expectations its own way. C++ Nix's bison parser stops at the first
//! error and says `unexpected X, expecting Y`, listing what it expected
//! only when that is at most four tokens. This module re-reads the tokens
//! of a text that rnix found wrong with a small recursive-descent
//! recogniser of Nix's grammar, stops at the first token that cannot
//! continue it, and words the error as bison does in that place: what
//! closes the enclosing construct (`')'`, `';'`, `ELSE`, `end of file`),
//! or nothing where many tokens could follow (after an operator, inside a
//! list). The expectations were read off C++ Nix 2.26 for each construct.
//!
//! It runs only on texts rnix rejected, so valid files never pay for it.

use rnix::SyntaxKind::{self, *};

/// What bison expects after the attribute name of a selection or `?`.
const ATTR_START: &str = "ID or OR_KW or DOLLAR_CURLY or '\"'";

/// The first syntax error: its message and the byte range it points at
/// (empty at the end of the text). `None` when the recogniser finds
/// nothing wrong (the caller then falls back on rnix).
///
/// C++ Nix's parser also refuses an attribute bound twice as it reads the
/// binding, so one before the first syntax error is what it reports; the
/// plain case (one name bound twice in the same set or `let`) is found
/// here too, named `at FILE:LINE:COL` when `file` is given.
pub(crate) fn first_error(text: &str, file: Option<&str>) -> Option<(String, (u32, u32))> {
    let mut tokens = Vec::new();
    let mut offset = 0u32;
    for (kind, token) in rnix::tokenize(text) {
        let start = offset;
        offset += token.len() as u32;
        if !matches!(kind, TOKEN_WHITESPACE | TOKEN_COMMENT) {
            tokens.push(Token {
                kind,
                start,
                end: offset,
                text: token,
            });
        }
    }
    let mut p = Recogniser {
        tokens,
        i: 0,
        end: text.len() as u32,
    };
    let result = p.expr().and_then(|()| p.closer(None, "end of file"));
    match result {
        Ok(()) => None,
        Err(Stop::Error(message, range)) => Some((message, range)),
        Err(Stop::Duplicate { name, first, at }) => {
            let (line, col) = crate::source::line_col(text, first as usize);
            let position = match file {
                Some(f) => format!("{f}:{line}:{col}"),
                None => format!("{line}:{col}"),
            };
            Some((format!("attribute '{name}' already defined at {position}"), at))
        }
        Err(Stop::GiveUp) => None,
    }
}

/// A bound attribute name and where it is.
struct Name {
    text: String,
    start: u32,
    end: u32,
}

struct Token<'a> {
    kind: SyntaxKind,
    start: u32,
    end: u32,
    text: &'a str,
}

enum Stop {
    /// The first error, worded.
    Error(String, (u32, u32)),
    /// A token the recogniser does not model (a lexer error): rnix's
    /// report is used instead.
    GiveUp,
    /// An attribute bound a second time (at `at`), first at `first`.
    Duplicate { name: String, first: u32, at: (u32, u32) },
}

type Step = Result<(), Stop>;

struct Recogniser<'a> {
    tokens: Vec<Token<'a>>,
    i: usize,
    end: u32,
}

impl Recogniser<'_> {
    fn peek(&self) -> Option<SyntaxKind> {
        self.tokens.get(self.i).map(|t| t.kind)
    }

    fn peek_at(&self, n: usize) -> Option<SyntaxKind> {
        self.tokens.get(self.i + n).map(|t| t.kind)
    }

    fn bump(&mut self) {
        self.i += 1;
    }

    /// The error at the current token: `unexpected X[, expecting Y]`.
    fn unexpected(&self, expecting: Option<&str>) -> Stop {
        let (what, range) = match self.tokens.get(self.i) {
            None => ("end of file".to_owned(), (self.end, self.end)),
            Some(t) if t.kind == TOKEN_ERROR => {
                if is_path_with_trailing_slash(t.text) {
                    // C++ Nix's lexer reports it where the path ends.
                    return Stop::Error("path has a trailing slash".into(), (t.end, t.end));
                }
                return Stop::GiveUp;
            }
            Some(t) => (token_name(t.kind, t.text), (t.start, t.end)),
        };
        let message = match expecting {
            Some(e) => format!("syntax error, unexpected {what}, expecting {e}"),
            None => format!("syntax error, unexpected {what}"),
        };
        Stop::Error(message, range)
    }

    /// Consumes `kind` (or the end of the text for `None`), or fails
    /// expecting `expecting`.
    fn closer(&mut self, kind: Option<SyntaxKind>, expecting: &str) -> Step {
        if self.peek() == kind {
            if kind.is_some() {
                self.bump();
            }
            Ok(())
        } else {
            Err(self.unexpected(Some(expecting)))
        }
    }

    /// `expr`: functions, `assert`, `with`, `let ... in`, `if`, operators.
    fn expr(&mut self) -> Step {
        match self.peek() {
            Some(TOKEN_IDENT) if self.peek_at(1) == Some(TOKEN_COLON) => {
                self.i += 2;
                self.expr()
            }
            Some(TOKEN_IDENT) if self.peek_at(1) == Some(TOKEN_AT) => {
                self.i += 2;
                if self.peek() != Some(TOKEN_L_BRACE) {
                    return Err(self.unexpected(Some("'{'")));
                }
                self.bump();
                self.formals()?;
                self.closer(Some(TOKEN_COLON), "':'")?;
                self.expr()
            }
            Some(TOKEN_L_BRACE) if self.starts_formals() => {
                self.bump();
                self.formals()?;
                if self.peek() == Some(TOKEN_AT) {
                    self.bump();
                    self.closer(Some(TOKEN_IDENT), "ID")?;
                    self.closer(Some(TOKEN_COLON), "':'")?;
                } else {
                    self.closer(Some(TOKEN_COLON), "':' or '@'")?;
                }
                self.expr()
            }
            Some(TOKEN_ASSERT | TOKEN_WITH) => {
                self.bump();
                self.expr()?;
                self.closer(Some(TOKEN_SEMICOLON), "';'")?;
                self.expr()
            }
            Some(TOKEN_LET) if self.peek_at(1) != Some(TOKEN_L_BRACE) => {
                self.bump();
                self.bindings(TOKEN_IN, "IN_KW or INHERIT")?;
                self.bump();
                self.expr()
            }
            Some(TOKEN_IF) => {
                self.bump();
                self.expr()?;
                self.closer(Some(TOKEN_THEN), "THEN")?;
                self.expr()?;
                self.closer(Some(TOKEN_ELSE), "ELSE")?;
                self.expr()
            }
            _ => self.operators(),
        }
    }

    /// Whether a `{` opens a function's formals rather than a set: `{ }:`,
    /// `{ a, `, `{ a ? `, `{ a }`, `{ ...`.
    fn starts_formals(&self) -> bool {
        match (self.peek_at(1), self.peek_at(2)) {
            (Some(TOKEN_R_BRACE), next) => matches!(next, Some(TOKEN_COLON | TOKEN_AT)),
            (Some(TOKEN_IDENT), Some(TOKEN_COMMA | TOKEN_QUESTION | TOKEN_R_BRACE)) => true,
            (Some(TOKEN_ELLIPSIS), _) => true,
            _ => false,
        }
    }

    /// A function's formals after `{`, up to and including `}`.
    fn formals(&mut self) -> Step {
        loop {
            match self.peek() {
                Some(TOKEN_R_BRACE) => {
                    self.bump();
                    return Ok(());
                }
                Some(TOKEN_ELLIPSIS) => {
                    self.bump();
                    return self.closer(Some(TOKEN_R_BRACE), "'}'");
                }
                Some(TOKEN_IDENT) => {
                    self.bump();
                    if self.peek() == Some(TOKEN_QUESTION) {
                        self.bump();
                        self.expr()?;
                    }
                    match self.peek() {
                        Some(TOKEN_COMMA) => self.bump(),
                        Some(TOKEN_R_BRACE) => {}
                        _ => return Err(self.unexpected(Some("'}' or ','"))),
                    }
                }
                _ => return Err(self.unexpected(Some("ID or ELLIPSIS or '}'"))),
            }
        }
    }

    /// Bindings up to `end` (`}` or `in`, left for the caller to consume).
    /// `expecting` is what bison names where a binding or the end should be.
    fn bindings(&mut self, end: SyntaxKind, expecting: &str) -> Step {
        // Names bound here by `name = ...` or `inherit`, with their offset
        // and whether they were only the start of a longer path (`a.b`).
        let mut bound: Vec<(Name, bool)> = Vec::new();
        loop {
            match self.peek() {
                Some(k) if k == end => return Ok(()),
                Some(TOKEN_INHERIT) => {
                    self.bump();
                    if self.peek() == Some(TOKEN_L_PAREN) {
                        self.bump();
                        self.expr()?;
                        self.closer(Some(TOKEN_R_PAREN), "')'")?;
                    }
                    while self.peek().is_some_and(is_attr_start) {
                        if let Some(t) = self.plain_name() {
                            self.bind(&mut bound, t)?;
                        }
                        self.attr()?;
                    }
                    if self.peek() != Some(TOKEN_SEMICOLON) {
                        return Err(self.unexpected(None));
                    }
                    self.bump();
                }
                Some(k) if is_attr_start(k) => {
                    let name = self.plain_name();
                    self.attr()?;
                    if let Some(t) = name {
                        let path = self.peek() == Some(TOKEN_DOT);
                        // `a = { ... }` (or `rec { ... }`) merges with `a.b = ...`.
                        let set = match self.peek_at(1) {
                            Some(TOKEN_L_BRACE) => true,
                            Some(TOKEN_REC) => self.peek_at(2) == Some(TOKEN_L_BRACE),
                            _ => false,
                        };
                        if !(path || set) {
                            self.bind(&mut bound, t)?;
                        } else if path {
                            bound.push((t, true));
                        }
                    }
                    while self.peek() == Some(TOKEN_DOT) {
                        self.bump();
                        if !self.peek().is_some_and(is_attr_start) {
                            return Err(self.unexpected(Some(ATTR_START)));
                        }
                        self.attr()?;
                    }
                    self.closer(Some(TOKEN_ASSIGN), "'.' or '='")?;
                    self.expr()?;
                    self.closer(Some(TOKEN_SEMICOLON), "';'")?;
                }
                _ => return Err(self.unexpected(Some(expecting))),
            }
        }
    }

    /// An attribute name known without evaluating: an identifier or a
    /// string without escapes or interpolation, with where it is.
    fn plain_name(&self) -> Option<Name> {
        let t = self.tokens.get(self.i)?;
        match t.kind {
            TOKEN_IDENT => Some(Name {
                text: t.text.to_owned(),
                start: t.start,
                end: t.end,
            }),
            TOKEN_STRING_START => {
                let next = self.tokens.get(self.i + 1)?;
                let (text, close) = match next.kind {
                    TOKEN_STRING_END => ("", next),
                    TOKEN_STRING_CONTENT if !next.text.contains('\\') => {
                        let close = self.tokens.get(self.i + 2)?;
                        (next.text, close)
                    }
                    _ => return None,
                };
                (close.kind == TOKEN_STRING_END).then(|| Name {
                    text: text.to_owned(),
                    start: t.start,
                    end: close.end,
                })
            }
            _ => None,
        }
    }

    /// Records that a name is bound in full, failing if it already was
    /// (in full, or as the start of a path).
    fn bind(&self, bound: &mut Vec<(Name, bool)>, name: Name) -> Step {
        if let Some((first, _)) = bound.iter().find(|(b, _)| b.text == name.text) {
            return Err(Stop::Duplicate {
                name: crate::print::quote_attr_name(&name.text),
                first: first.start,
                at: (name.start, name.end),
            });
        }
        bound.push((name, false));
        Ok(())
    }

    /// One attribute name: `a`, `or`, `"a${b}"`, `${e}`.
    fn attr(&mut self) -> Step {
        match self.peek() {
            Some(TOKEN_IDENT | TOKEN_OR) => {
                self.bump();
                Ok(())
            }
            Some(TOKEN_STRING_START) => self.string(),
            Some(TOKEN_INTERPOL_START) => self.interpolation(),
            _ => Err(self.unexpected(Some(ATTR_START))),
        }
    }

    /// `${ expr }`.
    fn interpolation(&mut self) -> Step {
        self.bump();
        self.expr()?;
        self.closer(Some(TOKEN_INTERPOL_END), "'}'")
    }

    /// A string or indented string, from its opening quote.
    fn string(&mut self) -> Step {
        let quote = self.tokens[self.i].text;
        self.bump();
        loop {
            match self.peek() {
                Some(TOKEN_STRING_CONTENT) => self.bump(),
                Some(TOKEN_INTERPOL_START) => self.interpolation()?,
                Some(TOKEN_STRING_END) => {
                    self.bump();
                    return Ok(());
                }
                _ if quote == "\"" => return Err(self.unexpected(Some("'\"'"))),
                _ => return Err(self.unexpected(Some("IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE"))),
            }
        }
    }

    /// Prefix and infix operators over applications.
    fn operators(&mut self) -> Step {
        // `==`/`!=` and `<`/`>`/`<=`/`>=` do not associate: a second one
        // of a kind with no looser operator between is bison's error.
        let (mut equality, mut comparison) = (false, false);
        loop {
            while matches!(self.peek(), Some(TOKEN_INVERT | TOKEN_SUB)) {
                self.bump();
            }
            self.application()?;
            match self.peek() {
                Some(TOKEN_QUESTION) => {
                    self.bump();
                    self.attr()?;
                    while self.peek() == Some(TOKEN_DOT) {
                        self.bump();
                        self.attr()?;
                    }
                    match self.peek() {
                        Some(k) if is_binary_operator(k) => self.binary(k, &mut equality, &mut comparison)?,
                        _ => return Ok(()),
                    }
                }
                Some(k) if is_binary_operator(k) => self.binary(k, &mut equality, &mut comparison)?,
                _ => return Ok(()),
            }
        }
    }

    /// Takes a binary operator, refusing a second non-associative one.
    fn binary(&mut self, k: SyntaxKind, equality: &mut bool, comparison: &mut bool) -> Step {
        match k {
            TOKEN_EQUAL | TOKEN_NOT_EQUAL => {
                if *equality {
                    return Err(self.unexpected(None));
                }
                (*equality, *comparison) = (true, false);
            }
            TOKEN_LESS | TOKEN_MORE | TOKEN_LESS_OR_EQ | TOKEN_MORE_OR_EQ => {
                if *comparison {
                    return Err(self.unexpected(None));
                }
                *comparison = true;
            }
            TOKEN_AND_AND | TOKEN_OR_OR | TOKEN_IMPLICATION | TOKEN_PIPE_LEFT | TOKEN_PIPE_RIGHT => {
                (*equality, *comparison) = (false, false);
            }
            _ => {}
        }
        self.bump();
        Ok(())
    }

    /// A function application: selections side by side (`f or` passes
    /// the variable `or`, an old form C++ Nix still takes).
    fn application(&mut self) -> Step {
        self.selection()?;
        while self.peek().is_some_and(|k| is_operand_start(k) || k == TOKEN_OR) {
            self.selection()?;
        }
        Ok(())
    }

    /// `e`, `e.a.b`, `e.a.b or d`.
    fn selection(&mut self) -> Step {
        self.simple()?;
        if self.peek() != Some(TOKEN_DOT) {
            return Ok(());
        }
        while self.peek() == Some(TOKEN_DOT) {
            self.bump();
            self.attr()?;
        }
        if self.peek() == Some(TOKEN_OR) {
            self.bump();
            self.selection()?;
        }
        Ok(())
    }

    /// An operand: a literal, a variable, a bracketed expression.
    fn simple(&mut self) -> Step {
        match self.peek() {
            Some(
                TOKEN_IDENT | TOKEN_OR | TOKEN_INTEGER | TOKEN_FLOAT | TOKEN_URI | TOKEN_PATH_SEARCH | TOKEN_CUR_POS,
            ) => {
                self.bump();
                Ok(())
            }
            Some(TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME) => {
                let mut end = self.tokens[self.i].end;
                self.bump();
                // Interpolated pieces and further text of the same path
                // follow without a gap.
                while let Some(t) = self.tokens.get(self.i) {
                    if t.start != end {
                        break;
                    }
                    match t.kind {
                        TOKEN_INTERPOL_START => self.interpolation()?,
                        TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME => self.bump(),
                        _ => break,
                    }
                    end = self.tokens[self.i - 1].end;
                }
                Ok(())
            }
            Some(TOKEN_STRING_START) => self.string(),
            Some(TOKEN_L_PAREN) => {
                self.bump();
                self.expr()?;
                self.closer(Some(TOKEN_R_PAREN), "')'")
            }
            Some(TOKEN_L_BRACK) => {
                self.bump();
                while self.peek().is_some_and(is_operand_start) {
                    self.selection()?;
                }
                if self.peek() != Some(TOKEN_R_BRACK) {
                    return Err(self.unexpected(None));
                }
                self.bump();
                Ok(())
            }
            Some(TOKEN_L_BRACE) => {
                self.bump();
                self.bindings(TOKEN_R_BRACE, "INHERIT")?;
                self.bump();
                Ok(())
            }
            Some(TOKEN_REC | TOKEN_LET) if self.peek_at(1) == Some(TOKEN_L_BRACE) => {
                self.i += 2;
                self.bindings(TOKEN_R_BRACE, "INHERIT or '}'")?;
                self.bump();
                Ok(())
            }
            Some(TOKEN_REC) => {
                self.bump();
                Err(self.unexpected(Some("'{'")))
            }
            _ => Err(self.unexpected(None)),
        }
    }
}

/// Tokens that start an attribute name.
fn is_attr_start(k: SyntaxKind) -> bool {
    matches!(k, TOKEN_IDENT | TOKEN_OR | TOKEN_STRING_START | TOKEN_INTERPOL_START)
}

/// Tokens that start an operand of an application or a list element.
fn is_operand_start(k: SyntaxKind) -> bool {
    matches!(
        k,
        TOKEN_IDENT
            | TOKEN_INTEGER
            | TOKEN_FLOAT
            | TOKEN_URI
            | TOKEN_PATH_SEARCH
            | TOKEN_PATH_ABS
            | TOKEN_PATH_REL
            | TOKEN_PATH_HOME
            | TOKEN_CUR_POS
            | TOKEN_STRING_START
            | TOKEN_L_PAREN
            | TOKEN_L_BRACK
            | TOKEN_L_BRACE
            | TOKEN_REC
            | TOKEN_LET
    )
}

fn is_binary_operator(k: SyntaxKind) -> bool {
    matches!(
        k,
        TOKEN_ADD
            | TOKEN_SUB
            | TOKEN_MUL
            | TOKEN_DIV
            | TOKEN_CONCAT
            | TOKEN_UPDATE
            | TOKEN_EQUAL
            | TOKEN_NOT_EQUAL
            | TOKEN_LESS
            | TOKEN_LESS_OR_EQ
            | TOKEN_MORE
            | TOKEN_MORE_OR_EQ
            | TOKEN_AND_AND
            | TOKEN_OR_OR
            | TOKEN_IMPLICATION
            | TOKEN_PIPE_LEFT
            | TOKEN_PIPE_RIGHT
    )
}

/// Whether a lexer error token is a path literal ending in `/`, which C++
/// Nix's lexer rejects as such.
pub(crate) fn is_path_with_trailing_slash(token: &str) -> bool {
    let path_start = ["./", "../", "/", "~/"].iter().any(|p| token.starts_with(p));
    path_start && token.len() > 1 && token.ends_with('/') && !token.contains(char::is_whitespace)
}

/// A token as C++ Nix's parser names it: punctuation quoted, the rest by
/// bison's token names (`ID`, `INT_LIT`, `IN_KW`, `EQ`, ...).
pub(crate) fn token_name(k: SyntaxKind, text: &str) -> String {
    let name = match k {
        TOKEN_IDENT | TOKEN_CUR_POS => "ID",
        TOKEN_INTEGER => "INT_LIT",
        TOKEN_FLOAT => "FLOAT_LIT",
        TOKEN_PATH_ABS | TOKEN_PATH_REL => "PATH",
        TOKEN_PATH_HOME => "HPATH",
        TOKEN_PATH_SEARCH => "SPATH",
        TOKEN_URI => "URI",
        TOKEN_IF => "IF",
        TOKEN_THEN => "THEN",
        TOKEN_ELSE => "ELSE",
        TOKEN_ASSERT => "ASSERT",
        TOKEN_WITH => "WITH",
        TOKEN_LET => "LET",
        TOKEN_IN => "IN_KW",
        TOKEN_REC => "REC",
        TOKEN_INHERIT => "INHERIT",
        TOKEN_OR => "OR_KW",
        TOKEN_EQUAL => "EQ",
        TOKEN_NOT_EQUAL => "NEQ",
        TOKEN_AND_AND => "AND",
        TOKEN_OR_OR => "OR",
        TOKEN_IMPLICATION => "IMPL",
        TOKEN_LESS_OR_EQ => "LEQ",
        TOKEN_MORE_OR_EQ => "GEQ",
        TOKEN_UPDATE => "UPDATE",
        TOKEN_CONCAT => "CONCAT",
        TOKEN_ELLIPSIS => "ELLIPSIS",
        TOKEN_PIPE_LEFT => "PIPE_FROM",
        TOKEN_PIPE_RIGHT => "PIPE_INTO",
        TOKEN_INTERPOL_START => "DOLLAR_CURLY",
        TOKEN_STRING_START if text != "\"" => "IND_STRING_OPEN",
        TOKEN_STRING_END if text != "\"" => "IND_STRING_CLOSE",
        TOKEN_STRING_CONTENT => "STR",
        TOKEN_ERROR => "invalid token",
        TOKEN_INTERPOL_END => "'}'",
        _ => return format!("'{text}'"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::first_error;

    fn error(text: &str) -> String {
        let (message, (start, _)) = first_error(text, Some("f.nix")).expect("an error");
        format!("{message} @{start}")
    }

    #[test]
    fn first_errors_as_cpp_nix_words_them() {
        // Expectations from C++ Nix 2.26 (nix-instantiate --eval).
        for (text, expected) in [
            (
                "{ a = 1;\n",
                "syntax error, unexpected end of file, expecting INHERIT @9",
            ),
            ("1 +", "syntax error, unexpected end of file @3"),
            ("{ a = [ 1 2; b = 3; }", "syntax error, unexpected ';' @11"),
            (
                "{ a = (1 + 2; b = 3; }",
                "syntax error, unexpected ';', expecting ')' @12",
            ),
            ("(1 + 2\n", "syntax error, unexpected end of file, expecting ')' @7"),
            ("{ a = 1 b = 2; }", "syntax error, unexpected '=', expecting ';' @10"),
            ("let a = 1 in a", "syntax error, unexpected IN_KW, expecting ';' @10"),
            ("[ 1 ] ]", "syntax error, unexpected ']', expecting end of file @6"),
            (
                "if true then 1",
                "syntax error, unexpected end of file, expecting ELSE @14",
            ),
            ("if 1 ]", "syntax error, unexpected ']', expecting THEN @5"),
            (
                "{ a = 1; b; }",
                "syntax error, unexpected ';', expecting '.' or '=' @10",
            ),
            ("[ { a = 1; ]", "syntax error, unexpected ']', expecting INHERIT @11"),
            ("rec { ]", "syntax error, unexpected ']', expecting INHERIT or '}' @6"),
            ("let ]", "syntax error, unexpected ']', expecting IN_KW or INHERIT @4"),
            ("{ a }", "syntax error, unexpected end of file, expecting ':' or '@' @5"),
            (
                "{ a, ]",
                "syntax error, unexpected ']', expecting ID or ELLIPSIS or '}' @5",
            ),
            ("{ a ? 1 ]", "syntax error, unexpected ']', expecting '}' or ',' @8"),
            ("x @ ]", "syntax error, unexpected ']', expecting '{' @4"),
            ("{ inherit a b }", "syntax error, unexpected '}' @14"),
            (
                "a.]",
                "syntax error, unexpected ']', expecting ID or OR_KW or DOLLAR_CURLY or '\"' @2",
            ),
            ("1 == == 2", "syntax error, unexpected EQ @5"),
            ("then", "syntax error, unexpected THEN @0"),
            ("${x}", "syntax error, unexpected DOLLAR_CURLY @0"),
            ("\"${1 ]\"", "syntax error, unexpected ']', expecting '}' @5"),
            ("with 1 ]", "syntax error, unexpected ']', expecting ';' @7"),
            // A name bound twice before the syntax error is reported first.
            (
                "{ a = 1; a = 2; b = ; }",
                "attribute 'a' already defined at f.nix:1:3 @9",
            ),
            ("let a = 1; a = 2; in", "attribute 'a' already defined at f.nix:1:5 @11"),
            (
                "{ a.b = 1; a = 2; c }",
                "attribute 'a' already defined at f.nix:1:3 @11",
            ),
            (
                "let a = 1; inherit a; in ]",
                "attribute 'a' already defined at f.nix:1:5 @19",
            ),
            (
                "{ a.b = 1; a.c = 2; a = { }; ]",
                "syntax error, unexpected ']', expecting INHERIT @29",
            ),
            ("{ inherit (a ] }", "syntax error, unexpected ']', expecting ')' @13"),
        ] {
            assert_eq!(error(text), expected, "{text:?}");
        }
    }

    /// Every file the project has that rnix reads without error: the
    /// language corpus, std, the examples and the test atoms. A text the
    /// recogniser wrongly refused would be a valid file reported broken
    /// whenever its brackets do not pair up byte-wise.
    #[test]
    fn no_valid_file_of_the_project_has_one() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for e in entries.flatten() {
                let p = e.path();
                // Hidden directories hold caches (`bench/.cache`: difftest's
                // generated cases), not the project's files.
                let hidden = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if p.is_dir() && !hidden {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "nix") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["engine/tests", "tests", "std", "examples", "modules-spec", "bench"] {
            walk(&root.join(dir), &mut files);
        }
        // More code to try it on (a nixpkgs checkout, say), by hand.
        if let Some(extra) = std::env::var_os("ATOM_EVAL_SYNTAX_CORPUS") {
            walk(std::path::Path::new(&extra), &mut files);
        }
        assert!(files.len() > 800, "{} files", files.len());
        let mut checked = 0;
        for file in files {
            // Failing cases may bind a name twice on purpose.
            if file.to_string_lossy().contains("fail") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            if !rnix::Root::parse(&text).errors().is_empty() {
                continue;
            }
            checked += 1;
            assert_eq!(first_error(&text, None), None, "{}", file.display());
        }
        assert!(checked > 400, "{checked} files");
    }

    #[test]
    fn valid_texts_have_none() {
        for text in [
            "{ a, b ? 1, ... }@args: a",
            "let f = x: x.y.z or 1; in f { } ++ [ 1 ./a/${\"b\"} <nixpkgs> ]",
            "rec { a = 1; inherit (b) c \"d\"; ${e} = f; }.a",
            "assert !a -> b; with c; if d then -e else f ? g.h",
            "''a ${b} c'' + \"x\" |> f",
            "{ }: { }",
            "f or",
            "./a/${b}/c + ~/x + <nixpkgs/lib> + http://x.org/y",
            "''a''$b ''${c}'' + \"\\${x}\" + { \"a b\" = 1; ${\"x\"} = 2; }.\"a b\"",
            "x@{ a, ... }: { inherit ({ a = 1; }) a; }",
            "let { body = -1 - -2; } // { a.b.c = !!true; }",
            "[ (f x) f.x or f __curPos 1.5e3 ]",
        ] {
            assert!(
                first_error(text, None).is_none(),
                "{text:?}: {:?}",
                first_error(text, None)
            );
        }
    }
}
