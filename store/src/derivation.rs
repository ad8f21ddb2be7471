//! Derivations: the `.drv` ATerm format, hash modulo, and the paths of
//! outputs and of the `.drv` file, all as C++ Nix computes them.
//!
//! A derivation's output paths cannot be a hash of its `.drv` text, since
//! that text contains them. Nix breaks the cycle with the *hash modulo*:
//! the SHA-256 of the ATerm with output paths blanked and every input
//! derivation's path replaced by that input's own hash modulo. The latter
//! makes output paths independent of how fixed-output inputs were
//! produced: a fixed-output derivation's hash modulo depends only on its
//! declared content hash and output path.
//!
//! The usual sequence for a new derivation (what `derivationStrict` does):
//! build a [`Derivation`] with outputs [`DerivationOutput::Deferred`] (or
//! [`DerivationOutput::Fixed`]), call [`Derivation::fill_output_paths`],
//! then [`Derivation::to_aterm`] and [`Derivation::drv_path`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::hash::{Hash, HashAlgo, HashError};
use crate::path::{output_path_name, ContentMethod, StoreDir, StorePath, StorePathError, StoreReferences};

/// One output of a derivation, as C++ Nix's `DerivationOutput`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DerivationOutput {
    /// An input-addressed output with its path computed.
    InputAddressed(StorePath),
    /// A fixed output: content hash known in advance; its path follows from
    /// the hash and the derivation's name (see [`DerivationOutput::path`]).
    Fixed {
        /// How the contents are hashed.
        method: ContentMethod,
        /// The expected hash.
        hash: Hash,
    },
    /// A floating content-addressed output (experimental
    /// `ca-derivations`): path known only after building.
    Floating {
        /// How the contents will be hashed.
        method: ContentMethod,
        /// With which algorithm.
        algo: HashAlgo,
    },
    /// An input-addressed output whose path is not known yet: while the
    /// hash modulo is computed, or when an input is itself deferred.
    Deferred,
    /// An impure output (experimental `impure-derivations`).
    Impure {
        /// How the contents will be hashed.
        method: ContentMethod,
        /// With which algorithm.
        algo: HashAlgo,
    },
}

impl DerivationOutput {
    /// The output's store path if it is known before building: stored for
    /// input-addressed outputs, computed for fixed ones.
    pub fn path(
        &self,
        store_dir: &StoreDir,
        drv_name: &str,
        output_name: &str,
    ) -> Result<Option<StorePath>, StorePathError> {
        match self {
            DerivationOutput::InputAddressed(p) => Ok(Some(p.clone())),
            DerivationOutput::Fixed { method, hash } => StorePath::fixed_output(
                store_dir,
                &output_path_name(drv_name, output_name),
                *method,
                hash,
                &StoreReferences::default(),
            )
            .map(Some),
            _ => Ok(None),
        }
    }
}

/// What kind of derivation the outputs make, as C++ Nix's `DerivationType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerivationType {
    /// Outputs addressed by the derivation's hash modulo.
    InputAddressed {
        /// Whether the paths are not known yet ([`DerivationOutput::Deferred`]).
        deferred: bool,
    },
    /// Content-addressed outputs.
    ContentAddressed {
        /// Fixed (hash declared) rather than floating.
        fixed: bool,
    },
    /// Impure outputs.
    Impure,
}

/// A derivation's hash modulo, per output (as C++ Nix's `DrvHash`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrvHash {
    /// SHA-256 per output name. All outputs share one hash, except for a
    /// fixed-output derivation, whose hash depends on the output.
    pub hashes: BTreeMap<String, Hash>,
    /// Whether output paths cannot be computed yet (an input or output is
    /// floating or impure).
    pub deferred: bool,
}

/// A derivation: what a `.drv` file holds, plus its name (which the file
/// name carries, not the ATerm).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Derivation {
    /// The name (`name` attribute); the `.drv` is `<name>.drv`.
    pub name: String,
    /// Outputs by name.
    pub outputs: BTreeMap<String, DerivationOutput>,
    /// Input derivations (their `.drv` paths) and the outputs used of each.
    pub input_drvs: BTreeMap<StorePath, BTreeSet<String>>,
    /// Input sources: other store paths used directly.
    pub input_srcs: BTreeSet<StorePath>,
    /// The system to build on (`system` attribute).
    pub platform: String,
    /// The program to run.
    pub builder: String,
    /// Its arguments.
    pub args: Vec<Vec<u8>>,
    /// The environment of the build, by variable name.
    pub env: BTreeMap<String, Vec<u8>>,
}

/// Why a derivation is inconsistent or its text unreadable; `Display` is
/// C++ Nix's wording where it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DerivationError {
    /// No outputs at all.
    NoOutputs,
    /// Outputs of different kinds.
    MixedOutputTypes,
    /// More than one fixed output.
    MultipleFixedOutputs,
    /// The fixed output is not called `out`.
    FixedOutputNotOut,
    /// Floating outputs with different hash algorithms.
    FloatingAlgoMismatch,
    /// An input derivation has no hash for an output used of it.
    NoHashForOutput {
        /// The output used.
        output: String,
        /// The name of the derivation using it.
        drv_name: String,
    },
    /// A store path could not be made or parsed.
    StorePath(StorePathError),
    /// A hash in the text is invalid.
    Hash(HashError),
    /// The text is not a derivation ATerm.
    Parse(String),
}

impl fmt::Display for DerivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerivationError::NoOutputs => f.write_str("must have at least one output"),
            DerivationError::MixedOutputTypes => f.write_str("can't mix derivation output types"),
            DerivationError::MultipleFixedOutputs => f.write_str("only one fixed output is allowed for now"),
            DerivationError::FixedOutputNotOut => f.write_str("single fixed output must be named \"out\""),
            DerivationError::FloatingAlgoMismatch => {
                f.write_str("all floating outputs must use the same hash algorithm")
            }
            DerivationError::NoHashForOutput { output, drv_name } => {
                write!(f, "no hash for output '{output}' of derivation '{drv_name}'")
            }
            DerivationError::StorePath(e) => e.fmt(f),
            DerivationError::Hash(e) => e.fmt(f),
            DerivationError::Parse(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DerivationError {}

impl From<StorePathError> for DerivationError {
    fn from(e: StorePathError) -> Self {
        DerivationError::StorePath(e)
    }
}

impl From<HashError> for DerivationError {
    fn from(e: HashError) -> Self {
        DerivationError::Hash(e)
    }
}

/// The placeholder a derivation's environment holds for an output whose
/// path is unknown at evaluation time (`builtins.placeholder`):
/// `/` + Nix base-32 of SHA-256 of `nix-output:<output>`.
pub fn placeholder(output_name: &str) -> String {
    format!(
        "/{}",
        Hash::sha256(format!("nix-output:{output_name}").as_bytes()).to_nix32()
    )
}

impl Derivation {
    /// The kind of derivation its outputs make, with C++ Nix's checks.
    pub fn derivation_type(&self) -> Result<DerivationType, DerivationError> {
        let (mut ia, mut fixed, mut floating, mut deferred, mut impure) = (0, 0, 0, 0, 0);
        let mut floating_algo = None;
        for o in self.outputs.values() {
            match o {
                DerivationOutput::InputAddressed(_) => ia += 1,
                DerivationOutput::Fixed { .. } => fixed += 1,
                DerivationOutput::Floating { algo, .. } => {
                    floating += 1;
                    if *floating_algo.get_or_insert(*algo) != *algo {
                        return Err(DerivationError::FloatingAlgoMismatch);
                    }
                }
                DerivationOutput::Deferred => deferred += 1,
                DerivationOutput::Impure { .. } => impure += 1,
            }
        }
        let kinds = [ia, fixed, floating, deferred, impure];
        match kinds.iter().filter(|&&n| n > 0).count() {
            0 => return Err(DerivationError::NoOutputs),
            1 => {}
            _ => return Err(DerivationError::MixedOutputTypes),
        }
        Ok(if ia > 0 {
            DerivationType::InputAddressed { deferred: false }
        } else if fixed > 0 {
            if fixed > 1 {
                return Err(DerivationError::MultipleFixedOutputs);
            }
            if !self.outputs.contains_key("out") {
                return Err(DerivationError::FixedOutputNotOut);
            }
            DerivationType::ContentAddressed { fixed: true }
        } else if floating > 0 {
            DerivationType::ContentAddressed { fixed: false }
        } else if deferred > 0 {
            DerivationType::InputAddressed { deferred: true }
        } else {
            DerivationType::Impure
        })
    }

    /// Whether this is a fixed-output derivation.
    pub fn is_fixed_output(&self) -> bool {
        matches!(
            self.derivation_type(),
            Ok(DerivationType::ContentAddressed { fixed: true })
        )
    }

    /// The ATerm text exactly as C++ Nix writes the `.drv` file.
    pub fn to_aterm(&self, store_dir: &StoreDir) -> Result<Vec<u8>, StorePathError> {
        self.unparse(store_dir, false, None)
    }

    /// The ATerm text, as C++ Nix's `Derivation::unparse`.
    ///
    /// With `mask_outputs`, output paths and the environment variables named
    /// after outputs are blank. With `actual_inputs`, the input derivations
    /// listed are those (hash modulo in base-16 → outputs) instead of
    /// [`Derivation::input_drvs`]; this is the text hashed for the hash
    /// modulo.
    pub fn unparse(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        actual_inputs: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> Result<Vec<u8>, StorePathError> {
        let mut s = Vec::with_capacity(1024);
        s.extend_from_slice(b"Derive([");
        for (i, (name, out)) in self.outputs.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            let (path, algo, hash) = match out {
                DerivationOutput::InputAddressed(p) => (store_dir.print(p), String::new(), String::new()),
                DerivationOutput::Fixed { method, hash } => {
                    let p = out.path(store_dir, &self.name, name)?.map(|p| store_dir.print(&p));
                    (
                        p.unwrap_or_default(),
                        format!("{}{}", method.prefix(), hash.algo),
                        hash.to_base16(),
                    )
                }
                DerivationOutput::Floating { method, algo } => {
                    (String::new(), format!("{}{algo}", method.prefix()), String::new())
                }
                DerivationOutput::Deferred => Default::default(),
                DerivationOutput::Impure { method, algo } => {
                    (String::new(), format!("{}{algo}", method.prefix()), "impure".to_owned())
                }
            };
            let path = if mask_outputs { String::new() } else { path };
            s.push(b'(');
            unquoted(&mut s, name.as_bytes());
            s.push(b',');
            unquoted(&mut s, path.as_bytes());
            s.push(b',');
            unquoted(&mut s, algo.as_bytes());
            s.push(b',');
            unquoted(&mut s, hash.as_bytes());
            s.push(b')');
        }
        s.extend_from_slice(b"],[");
        let mut first = true;
        let mut input = |s: &mut Vec<u8>, key: &str, outs: &BTreeSet<String>| {
            if !std::mem::take(&mut first) {
                s.push(b',');
            }
            s.push(b'(');
            unquoted(s, key.as_bytes());
            s.extend_from_slice(b",[");
            for (j, o) in outs.iter().enumerate() {
                if j > 0 {
                    s.push(b',');
                }
                unquoted(s, o.as_bytes());
            }
            s.extend_from_slice(b"])");
        };
        match actual_inputs {
            Some(inputs) => inputs.iter().for_each(|(k, o)| input(&mut s, k, o)),
            None => self
                .input_drvs
                .iter()
                .for_each(|(p, o)| input(&mut s, &store_dir.print(p), o)),
        }
        s.extend_from_slice(b"],[");
        for (i, p) in self.input_srcs.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            unquoted(&mut s, store_dir.print(p).as_bytes());
        }
        s.extend_from_slice(b"],");
        // The platform is written unescaped, as C++ Nix does.
        unquoted(&mut s, self.platform.as_bytes());
        s.push(b',');
        quoted(&mut s, self.builder.as_bytes());
        s.extend_from_slice(b",[");
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            quoted(&mut s, a);
        }
        s.extend_from_slice(b"],[");
        for (i, (k, v)) in self.env.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            s.push(b'(');
            quoted(&mut s, k.as_bytes());
            s.push(b',');
            let v: &[u8] = if mask_outputs && self.outputs.contains_key(k) {
                b""
            } else {
                v
            };
            quoted(&mut s, v);
            s.push(b')');
        }
        s.extend_from_slice(b"])");
        Ok(s)
    }

    /// The hash modulo, as C++ Nix's `hashDerivationModulo`.
    ///
    /// `lookup` gives the hash modulo of an input derivation by its `.drv`
    /// path; for a derivation read from disk that is
    /// `input.hash_modulo(store_dir, false, ...)`, which callers should
    /// cache since inputs are shared. `mask_outputs` blanks output paths
    /// (see [`Derivation::unparse`]).
    pub fn hash_modulo<E: From<DerivationError>>(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        lookup: &mut dyn FnMut(&StorePath) -> Result<DrvHash, E>,
    ) -> Result<DrvHash, E> {
        let ty = self.derivation_type()?;
        match ty {
            DerivationType::ContentAddressed { fixed: true } => {
                let mut hashes = BTreeMap::new();
                for (name, out) in &self.outputs {
                    if let DerivationOutput::Fixed { method, hash } = out {
                        let path = out
                            .path(store_dir, &self.name, name)
                            .map_err(DerivationError::from)?
                            .map(|p| store_dir.print(&p))
                            .unwrap_or_default();
                        let text = format!("fixed:out:{}{}:{}:{path}", method.prefix(), hash.algo, hash.to_base16());
                        hashes.insert(name.clone(), Hash::sha256(text.as_bytes()));
                    }
                }
                return Ok(DrvHash {
                    hashes,
                    deferred: false,
                });
            }
            DerivationType::Impure => {
                let h = Hash::sha256(b"impure");
                return Ok(DrvHash {
                    hashes: self.outputs.keys().map(|k| (k.clone(), h.clone())).collect(),
                    deferred: true,
                });
            }
            _ => {}
        }
        let mut deferred = matches!(ty, DerivationType::ContentAddressed { fixed: false });
        let mut inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (drv_path, outs) in &self.input_drvs {
            let res = lookup(drv_path)?;
            deferred |= res.deferred;
            for o in outs {
                let h = res.hashes.get(o).ok_or_else(|| DerivationError::NoHashForOutput {
                    output: o.clone(),
                    drv_name: self.name.clone(),
                })?;
                inputs.entry(h.to_base16()).or_default().insert(o.clone());
            }
        }
        let text = self
            .unparse(store_dir, mask_outputs, Some(&inputs))
            .map_err(DerivationError::from)?;
        let h = Hash::sha256(&text);
        Ok(DrvHash {
            hashes: self.outputs.keys().map(|k| (k.clone(), h.clone())).collect(),
            deferred,
        })
    }

    /// Computes the outputs' paths and puts them into the environment, as
    /// `derivationStrict` does once the attributes are processed:
    ///
    /// - fixed output: the path follows from the declared hash;
    /// - input-addressed (outputs [`DerivationOutput::Deferred`] or already
    ///   [`DerivationOutput::InputAddressed`]): outputs are blanked, the
    ///   hash modulo taken, and each output's path made from it; if an
    ///   input is deferred, the outputs stay deferred with empty variables;
    /// - floating and impure outputs: the variables hold
    ///   [`placeholder`]s.
    pub fn fill_output_paths<E: From<DerivationError>>(
        &mut self,
        store_dir: &StoreDir,
        lookup: &mut dyn FnMut(&StorePath) -> Result<DrvHash, E>,
    ) -> Result<(), E> {
        match self.derivation_type()? {
            DerivationType::ContentAddressed { fixed: true } => {
                for (name, out) in &self.outputs {
                    if let Some(p) = out.path(store_dir, &self.name, name).map_err(DerivationError::from)? {
                        self.env.insert(name.clone(), store_dir.print(&p).into_bytes());
                    }
                }
            }
            DerivationType::ContentAddressed { fixed: false } | DerivationType::Impure => {
                for name in self.outputs.keys() {
                    self.env.insert(name.clone(), placeholder(name).into_bytes());
                }
            }
            DerivationType::InputAddressed { .. } => {
                for (name, out) in self.outputs.iter_mut() {
                    *out = DerivationOutput::Deferred;
                    self.env.insert(name.clone(), Vec::new());
                }
                let h = self.hash_modulo(store_dir, true, lookup)?;
                if !h.deferred {
                    let names: Vec<String> = self.outputs.keys().cloned().collect();
                    for name in names {
                        let hash = h.hashes.get(&name).ok_or_else(|| DerivationError::NoHashForOutput {
                            output: name.clone(),
                            drv_name: self.name.clone(),
                        })?;
                        let p = StorePath::output(store_dir, &self.name, &name, hash).map_err(DerivationError::from)?;
                        self.env.insert(name.clone(), store_dir.print(&p).into_bytes());
                        self.outputs.insert(name, DerivationOutput::InputAddressed(p));
                    }
                }
            }
        }
        Ok(())
    }

    /// The path of an output, if known before building.
    pub fn output_path(&self, store_dir: &StoreDir, output_name: &str) -> Option<StorePath> {
        self.outputs
            .get(output_name)?
            .path(store_dir, &self.name, output_name)
            .ok()
            .flatten()
    }

    /// The store paths the `.drv` file refers to: input sources and input
    /// derivations.
    pub fn references(&self) -> BTreeSet<StorePath> {
        self.input_srcs.iter().chain(self.input_drvs.keys()).cloned().collect()
    }

    /// The path of the `.drv` file: a text path named `<name>.drv` over the
    /// ATerm, referring to [`Derivation::references`].
    pub fn drv_path(&self, store_dir: &StoreDir) -> Result<StorePath, StorePathError> {
        let text = self.to_aterm(store_dir)?;
        StorePath::text_of(store_dir, &format!("{}.drv", self.name), &text, &self.references())
    }

    /// Parses the ATerm text of a `.drv` file, as C++ Nix's
    /// `parseDerivation`; `name` is the derivation's name (the file name
    /// without `.drv`).
    pub fn parse(store_dir: &StoreDir, name: &str, text: &[u8]) -> Result<Derivation, DerivationError> {
        let mut p = Parser { s: text, pos: 0 };
        let mut drv = Derivation {
            name: name.to_owned(),
            ..Default::default()
        };
        p.expect(b"Derive([")?;
        p.list(|p| {
            p.expect(b"(")?;
            let out_name = p.string_utf8()?;
            p.expect(b",")?;
            let path = p.string_utf8()?;
            p.expect(b",")?;
            let algo = p.string_utf8()?;
            p.expect(b",")?;
            let hash = p.string_utf8()?;
            p.expect(b")")?;
            let out = parse_output(store_dir, &path, &algo, &hash)?;
            drv.outputs.insert(out_name, out);
            Ok(())
        })?;
        p.expect(b",[")?;
        p.list(|p| {
            p.expect(b"(")?;
            let path = store_dir.parse_path(&p.string_utf8()?)?;
            p.expect(b",[")?;
            let mut outs = BTreeSet::new();
            p.list(|p| {
                outs.insert(p.string_utf8()?);
                Ok(())
            })?;
            p.expect(b")")?;
            drv.input_drvs.insert(path, outs);
            Ok(())
        })?;
        p.expect(b",[")?;
        p.list(|p| {
            drv.input_srcs.insert(store_dir.parse_path(&p.string_utf8()?)?);
            Ok(())
        })?;
        p.expect(b",")?;
        drv.platform = p.string_utf8()?;
        p.expect(b",")?;
        drv.builder = p.string_utf8()?;
        p.expect(b",[")?;
        p.list(|p| {
            drv.args.push(p.string()?);
            Ok(())
        })?;
        p.expect(b",[")?;
        p.list(|p| {
            p.expect(b"(")?;
            let k = p.string_utf8()?;
            p.expect(b",")?;
            let v = p.string()?;
            p.expect(b")")?;
            drv.env.insert(k, v);
            Ok(())
        })?;
        p.expect(b")")?;
        if p.pos != p.s.len() {
            return Err(DerivationError::Parse("trailing data after derivation".into()));
        }
        Ok(drv)
    }
}

/// An output from its four ATerm fields, as C++ Nix's `parseDerivationOutput`.
fn parse_output(store_dir: &StoreDir, path: &str, algo: &str, hash: &str) -> Result<DerivationOutput, DerivationError> {
    if algo.is_empty() {
        return Ok(if path.is_empty() {
            DerivationOutput::Deferred
        } else {
            DerivationOutput::InputAddressed(store_dir.parse_path(path)?)
        });
    }
    let (method, algo_name) = ContentMethod::split_prefix(algo);
    let algo = HashAlgo::parse(algo_name)?;
    Ok(if hash == "impure" {
        DerivationOutput::Impure { method, algo }
    } else if !hash.is_empty() {
        DerivationOutput::Fixed {
            method,
            hash: Hash::parse_non_sri_unprefixed(hash, algo)?,
        }
    } else {
        DerivationOutput::Floating { method, algo }
    })
}

/// `"..."` without escaping, as C++ Nix's `printUnquotedString` (used for
/// store paths, output names, hashes and the platform).
fn unquoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(s);
    out.push(b'"');
}

/// `"..."` escaping `"`, `\`, newline, carriage return and tab, as C++
/// Nix's `printString`; every other byte is written as is.
fn quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> DerivationError {
        DerivationError::Parse(format!("error parsing derivation: {what} at offset {}", self.pos))
    }

    fn expect(&mut self, lit: &[u8]) -> Result<(), DerivationError> {
        if self.s[self.pos..].starts_with(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(self.err(&format!("expected string '{}'", String::from_utf8_lossy(lit))))
        }
    }

    /// Items up to and including `]`, separated by commas; the opening `[`
    /// has been consumed.
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Result<(), DerivationError>) -> Result<(), DerivationError> {
        if self.s.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn string(&mut self) -> Result<Vec<u8>, DerivationError> {
        self.expect(b"\"")?;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.pos).ok_or_else(|| self.err("unterminated string"))?;
            self.pos += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let e = *self.s.get(self.pos).ok_or_else(|| self.err("unterminated string"))?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        other => other,
                    });
                }
                _ => out.push(c),
            }
        }
    }

    fn string_utf8(&mut self) -> Result<String, DerivationError> {
        String::from_utf8(self.string()?).map_err(|_| self.err("string is not UTF-8"))
    }
}
