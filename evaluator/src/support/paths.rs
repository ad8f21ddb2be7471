//! Path helpers.

use std::path::Path;

/// `path` below `root`, when `path` was made by joining names onto
/// `root`: a byte prefix test, because `Path::strip_prefix` compares
/// component by component, which showed in profiles of big trees. `None`
/// when `path` is not below `root` or is not UTF-8.
pub fn below<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    let (r, p) = (root.as_os_str().as_encoded_bytes(), path.as_os_str().as_encoded_bytes());
    let rest = p.strip_prefix(r)?;
    let rest = if r.ends_with(b"/") || rest.is_empty() {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    std::str::from_utf8(rest).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_a_root() {
        assert_eq!(below(Path::new("a/b"), Path::new("a/b/c/d.nix")), Some("c/d.nix"));
        assert_eq!(below(Path::new("a/b/"), Path::new("a/b/c")), Some("c"));
        assert_eq!(below(Path::new("a/b"), Path::new("a/b")), Some(""));
        assert_eq!(below(Path::new("a/b"), Path::new("a/bc")), None);
        assert_eq!(below(Path::new("a/b"), Path::new("x/b")), None);
    }
}
