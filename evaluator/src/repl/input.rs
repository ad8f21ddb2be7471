//! Classifying what the user typed: empty, incomplete (continue on the next
//! line), a binding (`x = expr`) or a command (`:p expr`).

/// Whether the text typed so far is a complete input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completeness {
    /// Only whitespace and comments.
    Empty,
    /// The parser ran out of input: more lines are needed.
    Incomplete,
    /// Parses, or fails for a reason more input cannot fix.
    Complete,
}

/// Classifies a Nix expression by parsing it with rnix. An expression is
/// incomplete when every error is "unexpected end of file" or an
/// unterminated token (string, comment) that runs to the end of the input:
/// those are the errors another line could fix.
pub fn completeness(text: &str) -> Completeness {
    let meaningful = rnix::tokenize(text).any(|t| {
        !matches!(
            t.0,
            rnix::SyntaxKind::TOKEN_WHITESPACE | rnix::SyntaxKind::TOKEN_COMMENT
        )
    });
    let unterminated_comment = text.trim_start().starts_with("/*") && !text.contains("*/");
    if !meaningful && !unterminated_comment {
        return Completeness::Empty;
    }
    let parse = rnix::Root::parse(text);
    let errors = parse.errors();
    if errors.is_empty() {
        return Completeness::Complete;
    }
    use rnix::ParseError as P;
    let end = text.len();
    let mut at_eof = false;
    for e in errors {
        match e {
            P::UnexpectedEOF | P::UnexpectedEOFWanted(_) => at_eof = true,
            P::UnexpectedWanted(rnix::SyntaxKind::TOKEN_ERROR, range, _) if usize::from(range.end()) == end => {
                at_eof = true
            }
            _ => return Completeness::Complete,
        }
    }
    if at_eof {
        Completeness::Incomplete
    } else {
        Completeness::Complete
    }
}

/// A REPL input, split into what it asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// A command such as `:p`, with the rest of the input as its argument.
    Command {
        /// The command's name, without `:`.
        name: &'a str,
        /// The rest of the line.
        arg: &'a str,
    },
    /// `NAME = EXPR`.
    Binding {
        /// The name bound.
        name: &'a str,
        /// The expression's text.
        expr: &'a str,
    },
    /// A bare expression.
    Expr(&'a str),
}

/// Splits an input. A binding is an identifier, `=` (not `==`) and the rest.
pub fn classify(text: &str) -> Input<'_> {
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix(':') {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let name = &rest[..end];
        return Input::Command {
            name,
            arg: rest[end..].trim(),
        };
    }
    let ident_len = trimmed
        .char_indices()
        .take_while(|&(i, c)| {
            if i == 0 {
                c.is_ascii_alphabetic() || c == '_'
            } else {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-')
            }
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if ident_len > 0 {
        let name = &trimmed[..ident_len];
        let after = trimmed[ident_len..].trim_start();
        if let Some(expr) = after.strip_prefix('=') {
            if !expr.starts_with('=') && !is_keyword(name) {
                return Input::Binding { name, expr };
            }
        }
    }
    Input::Expr(text)
}

/// Nix keywords, which cannot be bound.
pub fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit" | "or"
    )
}

/// Whether `name` can be written bare as a variable or attribute name.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-')) && !is_keyword(name)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_inputs_continue() {
        for s in [
            "{ a = 1;",
            "let x = 1;",
            "1 +",
            "(1",
            "[ 1",
            "x: ",
            "\"abc",
            "''abc",
            "\"a ${",
            "if true then 1",
            "a.b.",
            "/* abc",
        ] {
            assert_eq!(completeness(s), Completeness::Incomplete, "{s:?}");
        }
        for s in ["1", "{ a = 1; }", "1 )", "x: x", "a.b"] {
            assert_eq!(completeness(s), Completeness::Complete, "{s:?}");
        }
        for s in ["", "  ", "# just a comment", "/* c */"] {
            assert_eq!(completeness(s), Completeness::Empty, "{s:?}");
        }
    }

    #[test]
    fn inputs_are_classified() {
        assert_eq!(
            classify(":p 1 + 1"),
            Input::Command {
                name: "p",
                arg: "1 + 1"
            }
        );
        assert_eq!(classify(":q"), Input::Command { name: "q", arg: "" });
        assert_eq!(classify("x = 1"), Input::Binding { name: "x", expr: " 1" });
        assert_eq!(classify("x == 1"), Input::Expr("x == 1"));
        assert_eq!(classify("{ a = 1; }"), Input::Expr("{ a = 1; }"));
        assert_eq!(classify("let = 1"), Input::Expr("let = 1"));
        assert_eq!(
            classify("foo-bar' = 2"),
            Input::Binding {
                name: "foo-bar'",
                expr: " 2"
            }
        );
    }
}
