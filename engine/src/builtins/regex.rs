//! Regular expressions: `match` and `split`.
//!
//! C++ Nix compiles patterns with `std::regex::extended`, i.e. libstdc++'s
//! dialect of POSIX extended regular expressions, over bytes. This module
//! parses that dialect itself ([`translate`]) and hands an equivalent
//! pattern to the regex crate's engine (`regex-automata`, used directly
//! because the `regex` facade cannot run anchored searches at an offset or
//! find the longest match, both of which `split` needs). The translation
//! keeps libstdc++'s quirks, since nixpkgs depends on what it accepts:
//!
//! - Only `.[\()*+?{|^$` may be escaped; `\}`, `\]`, `\n`, `\d` ... are
//!   errors (Nix is built with `-std=c++20`, where libstdc++ rejects
//!   escapes of ordinary characters). `}` and `]` alone are literals.
//! - Inside brackets the backslash is a literal; `]` first is a literal;
//!   `-` is literal first or last; ranges compare bytes as signed `char`s;
//!   classes (`[:alpha:]`, also `[:w:]`, `[:d:]`, `[:s:]`, names in any
//!   case) are those of the C locale (ASCII only); `[.name.]` and
//!   `[=name=]` take the POSIX names of the portable character set, and an
//!   equivalence class ignores case.
//! - A quantifier needs an atom before it (`*a`, `^*`, `(?:a)` are errors),
//!   quantifiers stack (`a+?` is `(a+)?`: there are no lazy quantifiers),
//!   and `{m,n}` needs `m` (`a{,2}` is an error) and `m <= n`.
//! - `^` and `$` match only at the ends of the whole string; `.` and
//!   `[^a]` match newlines.
//! - `X*` captures as `(X+)?`: `(a*)*` matching "" captures "" rather
//!   than nothing, as libstdc++ runs one empty iteration.
//! - libstdc++ unrolls `{m,n}` into an NFA of at most 100,000 states;
//!   beyond, C++ Nix says "memory limit exceeded by regular expression".
//!   The parser counts states the same way, so the limit falls where
//!   libstdc++'s does (to within a few states).
//!
//! Semantics: libstdc++ implements POSIX's leftmost-*longest* rule for the
//! extent of a match, but picks the capture groups of the first path in
//! its backtracking order among the paths of that extent (not POSIX's
//! "each group longest" rule): `match "(a|ab)(c|bcd)(d*)" "abcd"` gives
//! `[ "a" "bcd" "" ]`. The regex crate is leftmost-*first*. `match` must
//! match the whole string, so there the two agree exactly. For `split`
//! each match is found in three steps that reproduce libstdc++: the
//! leftmost start (the same under both rules), the longest end from there
//! (a lazy DFA in "all matches" mode), then the groups of the
//! highest-priority path between the two. The one known difference left:
//! when a pattern uses `$` and that path could only succeed by taking a
//! `$` at the end of this match rather than at the end of the string, the
//! groups may differ (the extent never does).
//!
//! A group repeated by `*` or `+` whose inside can match empty (`(a*)+`,
//! `(a|)+`, `(a?)+`) ends, in libstdc++, with one more iteration that
//! matches empty, and captures "" (`match "(a*)+" "aa"` is `[ "" ]`). It is
//! translated as `(?:X)*(X)`, which matches the same strings and captures
//! that last, empty, iteration. A second known difference: when the inside
//! has groups of its own (`((a)|b*)+`), the rewrite would lose what those
//! captured in earlier iterations, so such a group keeps the capture of
//! its last non-empty iteration here ("b" where libstdc++ gives "").
//!
//! The tests in `tests/lang/eval-okay-builtins-{match,split}*.nix` cover
//! these rules.
//!
//! Compiled patterns are cached per thread, since nixpkgs calls `match`
//! with the same few patterns many times.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt::Write;
use std::rc::Rc;

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};

use super::context::string_no_ctx;
use crate::error::{Error, Result};
use crate::eval::EvalState;
use crate::value::{NixString, Value};

/// `match regex str`: the capture groups if the regex matches the whole
/// string, else null.
pub fn match_(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let re = string_no_ctx(st, &args[0])
        .map_err(|e| e.context("while evaluating the first argument passed to builtins.match", None))?;
    let compiled = compile(&re)?;
    let s = st
        .force_string(&args[1])
        .map_err(|e| e.context("while evaluating the second argument passed to builtins.match", None))?;
    let hay = s.as_bytes();
    let mut caps = compiled.whole.create_captures();
    compiled
        .whole
        .search_captures(&Input::new(hay).anchored(Anchored::Yes), &mut caps);
    if !caps.is_match() {
        return Ok(Value::Null);
    }
    Ok(groups(&caps, hay))
}

/// `split regex str`: the string cut at every match, as a list alternating
/// unmatched strings and lists of capture groups.
pub fn split(st: &mut EvalState, args: &[Value]) -> Result<Value> {
    let re = string_no_ctx(st, &args[0])
        .map_err(|e| e.context("while evaluating the first argument passed to builtins.split", None))?;
    let compiled = compile(&re)?;
    let s = st
        .force_string(&args[1])
        .map_err(|e| e.context("while evaluating the second argument passed to builtins.split", None))?;
    let hay = s.as_bytes();
    let extra = compiled.split_parts()?;
    let mut dfa_cache = extra.longest_cache.borrow_mut();
    let mut caps = compiled.whole.create_captures();
    let mut out = Vec::new();
    // The end of the previous match, and whether it was empty: the rules
    // of std::regex_iterator for stepping past empty matches.
    let mut last: Option<(usize, bool)> = None;
    let mut prefix_start = 0;
    loop {
        let found = match last {
            None => extra.search(hay, 0, &mut dfa_cache, false)?,
            Some((end, true)) => {
                if end == hay.len() {
                    None
                } else {
                    // After an empty match: first a non-empty match right
                    // there, else search from the next byte.
                    match extra.search(hay, end, &mut dfa_cache, true)? {
                        Some(m) => Some(m),
                        None => extra.search(hay, end + 1, &mut dfa_cache, false)?,
                    }
                }
            }
            Some((end, false)) => extra.search(hay, end, &mut dfa_cache, false)?,
        };
        let Some((start, end)) = found else { break };
        // The groups of the highest-priority path over exactly start..end.
        compiled.whole.search_captures(
            &Input::new(&hay[..end]).range(start..).anchored(Anchored::Yes),
            &mut caps,
        );
        if !caps.is_match() {
            return Err(Error::msg(format!(
                "internal error: no groups for a match of regular expression '{re}'"
            )));
        }
        out.push(Value::String(NixString::new(
            &hay[prefix_start..start],
            Default::default(),
        )));
        out.push(groups(&caps, hay));
        prefix_start = end;
        last = Some((end, start == end));
    }
    if out.is_empty() {
        // No match: the string itself, context included (as C++ Nix).
        return Ok(Value::list(vec![Value::String(s)]));
    }
    out.push(Value::String(NixString::new(&hay[prefix_start..], Default::default())));
    Ok(Value::list(out))
}

/// The capture groups (without group 0) as a list of strings or nulls.
fn groups(caps: &regex_automata::util::captures::Captures, hay: &[u8]) -> Value {
    let n = caps.group_len();
    let items = (1..n)
        .map(|i| match caps.get_group(i) {
            Some(span) => Value::String(NixString::new(&hay[span.start..span.end], Default::default())),
            None => Value::Null,
        })
        .collect();
    Value::list(items)
}

/// A pattern compiled for both builtins.
struct Compiled {
    /// `(?:pattern)\z`, run anchored: whole-string matches for `match`, and
    /// the groups of a known `split` match (on the haystack cut at its end).
    whole: Regex,
    /// Built on the first `split`.
    split: OnceCell<SplitParts>,
    /// The translated pattern, for building `split`.
    translated: String,
}

/// What `split` needs on top of [`Compiled::whole`].
struct SplitParts {
    /// The pattern unanchored, to find where the leftmost match starts.
    find: Regex,
    /// The pattern as a lazy DFA reporting the longest match.
    longest: DFA,
    longest_cache: RefCell<DfaCache>,
}

impl Compiled {
    fn split_parts(&self) -> Result<&SplitParts> {
        if let Some(parts) = self.split.get() {
            return Ok(parts);
        }
        let find = build_regex(&self.translated).map_err(|_| internal(&self.translated))?;
        let longest = DFA::builder()
            .syntax(syntax_config())
            .thompson(regex_automata::nfa::thompson::Config::new().utf8(false))
            .configure(DFA::config().match_kind(MatchKind::All))
            .build(&self.translated)
            .map_err(|_| internal(&self.translated))?;
        let longest_cache = RefCell::new(longest.create_cache());
        Ok(self.split.get_or_init(|| SplitParts {
            find,
            longest,
            longest_cache,
        }))
    }
}

fn internal(pattern: &str) -> Box<Error> {
    Error::msg(format!(
        "internal error: cannot build the regular expression '{pattern}'"
    ))
}

impl SplitParts {
    /// The leftmost-longest match starting at or after `from` (at `from`
    /// and non-empty if `non_empty_here`), as std::regex_search finds it.
    fn search(
        &self,
        hay: &[u8],
        from: usize,
        cache: &mut DfaCache,
        non_empty_here: bool,
    ) -> Result<Option<(usize, usize)>> {
        let start = if non_empty_here {
            from
        } else {
            match self.find.find(Input::new(hay).range(from..)) {
                Some(m) => m.start(),
                None => return Ok(None),
            }
        };
        let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
        let end = match self.longest.try_search_fwd(cache, &input) {
            Ok(Some(m)) => m.offset(),
            Ok(None) => return Ok(None),
            Err(e) => return Err(Error::msg(format!("regular expression search failed: {e}"))),
        };
        if non_empty_here && end == start {
            return Ok(None);
        }
        Ok(Some((start, end)))
    }
}

thread_local! {
    static CACHE: RefCell<HashMap<Vec<u8>, Rc<Compiled>>> = RefCell::new(HashMap::new());
}

/// How many patterns the cache keeps before starting over.
const CACHE_LIMIT: usize = 4096;

fn compile(re: &str) -> Result<Rc<Compiled>> {
    if let Some(c) = CACHE.with(|c| c.borrow().get(re.as_bytes()).cloned()) {
        return Ok(c);
    }
    let invalid = || Error::msg(format!("invalid regular expression '{re}'"));
    let too_big = || Error::msg(format!("memory limit exceeded by regular expression '{re}'"));
    let translated = translate(re.as_bytes()).map_err(|e| match e {
        TranslateError::Invalid => invalid(),
        TranslateError::TooBig => too_big(),
    })?;
    // Within libstdc++'s limit, the regex crate's own limits are larger.
    let whole = build_regex(&format!("(?:{translated})\\z")).map_err(|_| too_big())?;
    let compiled = Rc::new(Compiled {
        whole,
        split: OnceCell::new(),
        translated,
    });
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(re.as_bytes().to_vec(), compiled.clone());
    });
    Ok(compiled)
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new()
        .unicode(false)
        .utf8(false)
        .dot_matches_new_line(true)
}

fn build_regex(pattern: &str) -> std::result::Result<Regex, Box<regex_automata::meta::BuildError>> {
    Regex::builder()
        .syntax(syntax_config())
        .configure(Regex::config().utf8_empty(false))
        .build(pattern)
        .map_err(Box::new)
}

/// Why a pattern cannot be compiled, as libstdc++ would throw.
#[derive(Debug, PartialEq, Eq)]
pub enum TranslateError {
    /// Any `regex_error` but the one below.
    Invalid,
    /// `error_space`: libstdc++ builds an NFA of at most 100,000 states
    /// (repetitions are unrolled), and C++ Nix reports that apart.
    TooBig,
}

/// libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`.
const STATE_LIMIT: u64 = 100_000;

/// Translates a libstdc++ POSIX extended regular expression into the regex
/// crate's syntax (bytes, no Unicode), or fails where libstdc++ would
/// throw `regex_error`.
pub fn translate(re: &[u8]) -> std::result::Result<String, TranslateError> {
    let mut p = Parser {
        re,
        i: 0,
        states: 0,
        too_big: false,
    };
    let mut out = String::new();
    let error = |p: &Parser| {
        if p.too_big {
            TranslateError::TooBig
        } else {
            TranslateError::Invalid
        }
    };
    // The start, the group around the whole pattern, and the final state.
    if p.add(4).and_then(|_| p.disjunction(&mut out)).is_none() {
        return Err(error(&p));
    }
    if p.i != re.len() {
        // A `)` without `(`, or a quantifier with nothing to repeat.
        return Err(TranslateError::Invalid);
    }
    Ok(out)
}

/// The parser, which also counts the NFA states libstdc++ would make: each
/// parsing function returns the number of states its part of the NFA
/// spans (what a repetition copies), while `states` counts every state
/// made, including those of the originals that repetitions copy.
struct Parser<'a> {
    re: &'a [u8],
    i: usize,
    states: u64,
    too_big: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.re.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    /// Counts `n` more NFA states; fails past libstdc++'s limit.
    fn add(&mut self, n: u64) -> Option<u64> {
        self.states = self.states.saturating_add(n);
        if self.states > STATE_LIMIT {
            self.too_big = true;
            return None;
        }
        Some(n)
    }

    fn disjunction(&mut self, out: &mut String) -> Option<u64> {
        let mut size = self.alternative(out)?;
        while self.peek() == Some(b'|') {
            self.i += 1;
            out.push('|');
            size += self.alternative(out)?;
            // The branch and its join.
            size += self.add(2)?;
        }
        Some(size)
    }

    fn alternative(&mut self, out: &mut String) -> Option<u64> {
        let mut size = 0;
        while let Some(n) = self.term(out)? {
            size += n;
        }
        // Every alternative ends in an empty state.
        Some(size + self.add(1)?)
    }

    /// One assertion, or one atom with its quantifiers, and its size;
    /// `None` inside at the end of an alternative.
    fn term(&mut self, out: &mut String) -> Option<Option<u64>> {
        let mut atom = String::new();
        let mut size;
        // A group's translated inside, until a quantifier applies to it.
        let mut group = None;
        match self.peek() {
            None | Some(b'|') | Some(b')') => return Some(None),
            // Nothing to repeat: the caller sees an unexpected token.
            Some(b'*') | Some(b'+') | Some(b'?') | Some(b'{') => return Some(None),
            Some(b'^') => {
                self.i += 1;
                out.push_str(r"\A");
                return Some(Some(self.add(1)?));
            }
            Some(b'$') => {
                self.i += 1;
                out.push_str(r"\z");
                return Some(Some(self.add(1)?));
            }
            Some(b'.') => {
                self.i += 1;
                atom.push('.');
                size = self.add(1)?;
            }
            Some(b'(') => {
                self.i += 1;
                let mut inner = String::new();
                size = self.add(1)?;
                size += self.disjunction(&mut inner)?;
                if self.next()? != b')' {
                    return None;
                }
                atom = format!("({inner})");
                group = Some(inner);
                size += self.add(1)?;
            }
            Some(b'[') => {
                self.i += 1;
                self.bracket(&mut atom)?;
                size = self.add(1)?;
            }
            Some(b'\\') => {
                self.i += 1;
                let c = self.next()?;
                if !b".[\\()*+?{|^$".contains(&c) {
                    return None;
                }
                push_byte(&mut atom, c);
                size = self.add(1)?;
            }
            Some(c) => {
                self.i += 1;
                push_byte(&mut atom, c);
                size = self.add(1)?;
            }
        }
        loop {
            match self.peek() {
                Some(b'*' | b'+') => {
                    let star = self.next() == Some(b'*');
                    atom = match group.take().filter(|inner| ends_with_empty_iteration(inner)) {
                        // One more, empty, iteration captures "": see the
                        // module doc.
                        Some(inner) => format!("(?:{inner})*({inner})"),
                        // `(X+)?` rather than `X*`: see the module doc.
                        None if star => format!("(?:(?:{atom})+)?"),
                        None => format!("(?:{atom})+"),
                    };
                    size += self.add(1)?;
                }
                Some(b'?') => {
                    self.i += 1;
                    group = None;
                    atom = format!("(?:{atom})?");
                    size += self.add(2)?;
                }
                Some(b'{') => {
                    self.i += 1;
                    group = None;
                    let min = self.count()?;
                    let max = if self.peek() == Some(b',') {
                        self.i += 1;
                        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                            Some(self.count()?)
                        } else {
                            None
                        }
                    } else {
                        Some(min)
                    };
                    if self.next()? != b'}' {
                        return None;
                    }
                    if max.is_some_and(|max| max < min) {
                        return None;
                    }
                    // libstdc++ unrolls: `min` copies, then one optional
                    // copy per extra repetition (or a loop), between two
                    // empty states.
                    let copies = match max {
                        Some(max) => min
                            .saturating_mul(size)
                            .saturating_add((max - min).saturating_mul(size + 1)),
                        None => min.saturating_mul(size).saturating_add(size + 1),
                    };
                    size = self.add(copies.saturating_add(2))?;
                    atom = match max {
                        // `X{0}` still counts X's groups (the regex crate
                        // would drop them), so keep X behind a byte that
                        // cannot occur.
                        Some(0) => format!("(?:[^\\x00-\\xFF]{atom})?"),
                        Some(max) if max == min => format!("(?:{atom}){{{min}}}"),
                        Some(max) => format!("(?:{atom}){{{min},{max}}}"),
                        None => format!("(?:{atom}){{{min},}}"),
                    };
                }
                _ => break,
            }
        }
        out.push_str(&atom);
        Some(Some(size))
    }

    /// The digits of a `{m,n}` bound (libstdc++ rejects bounds that do not
    /// fit a `long`).
    fn count(&mut self) -> Option<u64> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if start == self.i {
            return None;
        }
        let digits = std::str::from_utf8(&self.re[start..self.i]).ok()?;
        digits.parse::<i64>().ok().map(|n| n as u64)
    }

    /// A bracket expression after its `[`, as the set of bytes it matches.
    fn bracket(&mut self, out: &mut String) -> Option<()> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.i += 1;
        }
        let mut set = ByteSet::new();
        // The last single character, which may start a range.
        let mut last = Last::None;
        // The first token: `]` and `-` are literals there.
        let mut pending = match self.bracket_token(true)? {
            Tok::Char(c) | Tok::Coll(c) => {
                last = Last::Char(c);
                None
            }
            Tok::Dash => {
                last = Last::Char(b'-');
                None
            }
            other => Some(other),
        };
        loop {
            let tok = match pending.take() {
                Some(tok) => tok,
                None => self.bracket_token(false)?,
            };
            match tok {
                Tok::End => break,
                Tok::Char(c) | Tok::Coll(c) => {
                    if let Last::Char(p) = last {
                        set.add(p);
                    }
                    last = Last::Char(c);
                }
                Tok::Class(class) => {
                    if let Last::Char(p) = last {
                        set.add(p);
                    }
                    for b in 0..=255u8 {
                        if class.contains(b) {
                            set.add(b);
                        }
                    }
                    last = Last::Class;
                }
                Tok::Dash => {
                    if self.peek() == Some(b']') {
                        // `-` last is a literal.
                        self.i += 1;
                        if let Last::Char(p) = last {
                            set.add(p);
                        }
                        set.add(b'-');
                        last = Last::None;
                        break;
                    }
                    // Elsewhere it must make a range from a single character.
                    let Last::Char(lo) = last else { return None };
                    let hi = match self.bracket_token(false)? {
                        Tok::Char(c) => c,
                        Tok::Dash => b'-',
                        _ => return None,
                    };
                    // libstdc++ compares (signed) chars.
                    if (lo as i8) > (hi as i8) {
                        return None;
                    }
                    for b in 0..=255u8 {
                        if (lo as i8) <= (b as i8) && (b as i8) <= (hi as i8) {
                            set.add(b);
                        }
                    }
                    last = Last::None;
                }
            }
        }
        if let Last::Char(p) = last {
            set.add(p);
        }
        if negated {
            set.invert();
        }
        set.write(out);
        Some(())
    }

    fn bracket_token(&mut self, first: bool) -> Option<Tok> {
        let c = self.next()?;
        Some(match c {
            b'-' => Tok::Dash,
            b']' if !first => Tok::End,
            b'[' => match self.peek() {
                Some(kind @ (b'.' | b':' | b'=')) => {
                    self.i += 1;
                    let start = self.i;
                    while self.peek()? != kind {
                        self.i += 1;
                    }
                    let name = &self.re[start..self.i];
                    self.i += 1;
                    if self.next()? != b']' {
                        return None;
                    }
                    match kind {
                        b':' => Tok::Class(CharClass::named(name)?),
                        b'.' => Tok::Coll(collating_element(name)?),
                        _ => Tok::Class(CharClass::Equiv(collating_element(name)?)),
                    }
                }
                _ => Tok::Char(b'['),
            },
            c => Tok::Char(c),
        })
    }
}

enum Tok {
    Char(u8),
    /// `[.name.]`: a character, but not the end of a range.
    Coll(u8),
    Class(CharClass),
    Dash,
    End,
}

#[derive(Clone, Copy)]
enum Last {
    None,
    Char(u8),
    Class,
}

/// A named class of the C locale, or an equivalence class.
#[derive(Clone, Copy)]
enum CharClass {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
    Word,
    /// `[=c=]`: `c` in either case (libstdc++ lowercases before comparing).
    Equiv(u8),
}

impl CharClass {
    fn named(name: &[u8]) -> Option<CharClass> {
        Some(match name.to_ascii_lowercase().as_slice() {
            b"alnum" => CharClass::Alnum,
            b"alpha" => CharClass::Alpha,
            b"blank" => CharClass::Blank,
            b"cntrl" => CharClass::Cntrl,
            b"digit" | b"d" => CharClass::Digit,
            b"graph" => CharClass::Graph,
            b"lower" => CharClass::Lower,
            b"print" => CharClass::Print,
            b"punct" => CharClass::Punct,
            b"space" | b"s" => CharClass::Space,
            b"upper" => CharClass::Upper,
            b"xdigit" => CharClass::Xdigit,
            b"w" => CharClass::Word,
            _ => return None,
        })
    }

    fn contains(self, b: u8) -> bool {
        match self {
            CharClass::Alnum => b.is_ascii_alphanumeric(),
            CharClass::Alpha => b.is_ascii_alphabetic(),
            CharClass::Blank => b == b' ' || b == b'\t',
            CharClass::Cntrl => b.is_ascii_control(),
            CharClass::Digit => b.is_ascii_digit(),
            CharClass::Graph => b.is_ascii_graphic(),
            CharClass::Lower => b.is_ascii_lowercase(),
            CharClass::Print => b.is_ascii_graphic() || b == b' ',
            CharClass::Punct => b.is_ascii_punctuation(),
            CharClass::Space => matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
            CharClass::Upper => b.is_ascii_uppercase(),
            CharClass::Xdigit => b.is_ascii_hexdigit(),
            CharClass::Word => b.is_ascii_alphanumeric() || b == b'_',
            CharClass::Equiv(c) => b.eq_ignore_ascii_case(&c),
        }
    }
}

/// The POSIX names of the portable character set, by code (what
/// libstdc++'s `lookup_collatename` accepts in `[.name.]` and `[=name=]`).
const COLLATING_NAMES: [&str; 128] = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "alert",
    "backspace",
    "tab",
    "newline",
    "vertical-tab",
    "form-feed",
    "carriage-return",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "IS4",
    "IS3",
    "IS2",
    "IS1",
    "space",
    "exclamation-mark",
    "quotation-mark",
    "number-sign",
    "dollar-sign",
    "percent-sign",
    "ampersand",
    "apostrophe",
    "left-parenthesis",
    "right-parenthesis",
    "asterisk",
    "plus-sign",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less-than-sign",
    "equals-sign",
    "greater-than-sign",
    "question-mark",
    "commercial-at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "left-square-bracket",
    "backslash",
    "right-square-bracket",
    "circumflex",
    "underscore",
    "grave-accent",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "left-curly-bracket",
    "vertical-line",
    "right-curly-bracket",
    "tilde",
    "DEL",
];

fn collating_element(name: &[u8]) -> Option<u8> {
    COLLATING_NAMES
        .iter()
        .position(|n| n.as_bytes() == name)
        .map(|i| i as u8)
}

/// A set of bytes, written out as a regex class.
struct ByteSet([bool; 256]);

impl ByteSet {
    fn new() -> ByteSet {
        ByteSet([false; 256])
    }

    fn add(&mut self, b: u8) {
        self.0[b as usize] = true;
    }

    fn invert(&mut self) {
        for x in self.0.iter_mut() {
            *x = !*x;
        }
    }

    fn write(&self, out: &mut String) {
        if !self.0.iter().any(|&x| x) {
            // Matches nothing.
            out.push_str(r"[^\x00-\xFF]");
            return;
        }
        out.push('[');
        let mut b = 0usize;
        while b < 256 {
            if !self.0[b] {
                b += 1;
                continue;
            }
            let start = b;
            while b + 1 < 256 && self.0[b + 1] {
                b += 1;
            }
            let _ = write!(out, "\\x{start:02X}");
            if b > start {
                let _ = write!(out, "-\\x{b:02X}");
            }
            b += 1;
        }
        out.push(']');
    }
}

/// Whether libstdc++ ends a `*` or `+` loop over the group with inside
/// `inner` (translated) by one more iteration that matches empty, taking
/// that iteration's capture: when the inside can match empty. Only for an
/// inside without groups or anchors of its own, whose captures or context
/// the rewrite `(?:X)*(X)` would change; those keep the last non-empty
/// iteration's capture (the known difference in the module doc).
fn ends_with_empty_iteration(inner: &str) -> bool {
    let plain = !inner.contains(r"\A") && !inner.contains(r"\z");
    let groups = inner.match_indices('(').any(|(i, _)| !inner[i + 1..].starts_with('?'));
    plain && !groups && build_regex(&format!(r"\A(?:{inner})\z")).is_ok_and(|re| re.is_match(b"".as_slice()))
}

/// A literal byte in the regex crate's syntax.
fn push_byte(out: &mut String, b: u8) {
    if b.is_ascii_alphanumeric() {
        out.push(b as char);
    } else {
        let _ = write!(out, "\\x{b:02X}");
    }
}

#[cfg(test)]
mod tests {
    use super::{translate, TranslateError};

    #[test]
    fn errors_where_libstdcxx_throws() {
        for bad in [
            "(",
            "a)",
            "*a",
            "^*",
            "a|*b",
            "(?:a)",
            "a{,2}",
            "a{2,1}",
            "a{ 1}",
            "{",
            "a{1",
            "\\n",
            "\\}",
            "\\]",
            "\\",
            "[]",
            "[a",
            "[a-c-e]",
            "[[.-.]]",
            "[[:foo:]]",
            "[[:alpha:]-z]",
            "[a-[:alpha:]]",
            "[z-a]",
            "[a-\\]",
        ] {
            assert_eq!(
                translate(bad.as_bytes()),
                Err(TranslateError::Invalid),
                "{bad} should be rejected"
            );
        }
        for good in [
            "a**",
            "a+?",
            "a{2}{2}",
            "}",
            "]",
            "a{1,}",
            "\\{",
            "[]a]",
            "[^]a]",
            "[a-]",
            "[-a]",
            "[--0]",
            "[\\.]",
            "[[.hyphen.]]",
            "[[=a=]]",
            "[[:ALPHA:]]",
            "[[:w:]]",
            "[[]",
            "()",
            "a||b",
            "(|a)",
            "a^b",
            "^^a$$",
        ] {
            assert!(translate(good.as_bytes()).is_ok(), "{good} should be accepted");
        }
    }
}
