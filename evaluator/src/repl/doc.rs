//! Doc comments for `:doc`: the one-line docs of the builtins table, and
//! RFC 145 doc comments (`/** ... */`) in Nix sources.
//!
//! An RFC 145 doc comment documents what directly follows it: the
//! attribute binding `name = value;` it precedes, or, at the top of a file,
//! the file's expression. So the comment is found by walking backwards from
//! where a definition starts, over whitespace and the `name =` of its
//! binding.

/// The doc comment that documents the definition starting at byte `start`
/// of `text`, dedented, if there is one.
pub fn comment_before(text: &str, start: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    skip_space_back(bytes, &mut i);
    // `name = ` or `a.b."c" = ` of the binding the value belongs to.
    if i > 0 && bytes[i - 1] == b'=' && (i < 2 || !matches!(bytes[i - 2], b'=' | b'!' | b'<' | b'>')) {
        i -= 1;
        skip_space_back(bytes, &mut i);
        while i > 0
            && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'\'' | b'-' | b'.' | b'"'))
        {
            i -= 1;
        }
        skip_space_back(bytes, &mut i);
    }
    comment_ending_at(text, i)
}

/// The doc comment at the top of a file (before its first token).
pub fn file_comment(text: &str) -> Option<String> {
    // Ordinary `#` comments may come first (licence headers and the like).
    let mut rest = text;
    loop {
        let t = rest.trim_start();
        if t.starts_with('#') {
            rest = t.split_once('\n').map(|(_, r)| r).unwrap_or("");
        } else {
            rest = t;
            break;
        }
    }
    let body = rest.strip_prefix("/**")?;
    if body.starts_with('*') {
        return None;
    }
    let end = body.find("*/")?;
    Some(dedent(&body[..end]))
}

fn skip_space_back(bytes: &[u8], i: &mut usize) {
    while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
        *i -= 1;
    }
}

/// The `/** ... */` comment whose `*/` ends exactly at byte `end`.
fn comment_ending_at(text: &str, end: usize) -> Option<String> {
    let before = text.get(..end)?;
    let inner_end = before.strip_suffix("*/")?;
    let open = inner_end.rfind("/**")?;
    let body = &inner_end[open + 3..];
    if body.contains("*/") || body.starts_with('*') {
        return None;
    }
    Some(dedent(body))
}

/// Removes the indentation common to all non-blank lines, and blank lines
/// at both ends.
fn dedent(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if n == 0 {
            out.push(line.trim().to_owned());
        } else if line.trim().is_empty() {
            out.push(String::new());
        } else {
            out.push(line.get(indent..).unwrap_or(line.trim_start()).trim_end().to_owned());
        }
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `:doc` for a builtin, from the builtins table.
pub fn builtin(name: &str) -> Option<String> {
    let b = engine::builtins::find(name)?;
    let params = match b.arity() {
        0 => String::new(),
        1 => " (1 argument)".to_owned(),
        n => format!(" ({n} arguments)"),
    };
    Some(format!("Synopsis: builtins.{}{params}\n\n{}", b.name, b.doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_before_bindings_and_files() {
        let src = "{\n  /**\n    Adds one.\n\n    # Example\n      inc 1\n  */\n  Inc = x: x + 1;\n  plain = 2;\n}";
        let at = src.find("x: x").expect("present");
        assert_eq!(
            comment_before(src, at).as_deref(),
            Some("Adds one.\n\n# Example\n  inc 1")
        );
        let at = src.find("2;").expect("present");
        assert_eq!(comment_before(src, at), None);
        assert_eq!(file_comment("# header\n/** Top. */\nx: x").as_deref(), Some("Top."));
        assert_eq!(file_comment("/* not a doc */ 1"), None);
    }
}
