//! "Did you mean": the one rule for suggesting close names, used by the
//! engine's own errors and by every host that reports a missing name.
//!
//! Candidates are the names within edit distance 2, closest first, at most
//! five: the rule C++ Nix applies to missing attributes.

/// Names close to `name`, closest first (ties in the candidates' order
/// after sorting by name).
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = levenshtein(name, c);
            (d <= 2).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(5).map(|(_, c)| c.to_owned()).collect()
}

/// The suggestion as C++ Nix words it after a message: `Did you mean x?`
/// or `Did you mean one of x, y or z?`; `None` without close names.
pub fn nix_hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    match suggest(name, candidates).as_slice() {
        [] => None,
        [one] => Some(format!("Did you mean {one}?")),
        many => {
            let (last, init) = many.split_last().expect("non-empty");
            Some(format!("Did you mean one of {} or {last}?", init.join(", ")))
        }
    }
}

/// The suggestion as a diagnostic's help line: `did you mean x, y?`;
/// `None` without close names.
pub fn help<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let close = suggest(name, candidates);
    (!close.is_empty()).then(|| format!("did you mean {}?", close.join(", ")))
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = (ca != *cb) as usize;
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_closest_first() {
        assert_eq!(suggest("cuont", ["count", "account", "zzz"]), ["count"]);
        assert_eq!(suggest("ab", ["abd", "b", "abc", "xyz"]), ["abc", "abd", "b"]);
        assert_eq!(nix_hint("fo", ["foo"]).as_deref(), Some("Did you mean foo?"));
        assert_eq!(
            nix_hint("ab", ["abc", "abd", "wxyz"]).as_deref(),
            Some("Did you mean one of abc or abd?")
        );
        assert_eq!(help("x", ["long-name"]), None);
    }
}
