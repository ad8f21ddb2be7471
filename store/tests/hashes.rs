//! Hashing and hash formats against C++ Nix (`builtins.hashString`,
//! `builtins.convertHash`); expected values in `data/hashes.tsv` and
//! `data/convert.tsv`.

mod common;

use store::base32;
use store::hash::{Hash, HashAlgo, HashFormat};

fn input(id: &str) -> Vec<u8> {
    match id {
        "empty" => Vec::new(),
        "abc" => b"abc".to_vec(),
        "fox" => b"The quick brown fox jumps over the lazy dog".to_vec(),
        "long" => {
            let mut v = b"0123456789".repeat(100);
            v.push(b'x');
            v
        }
        other => panic!("unknown input {other}"),
    }
}

#[test]
fn hash_strings_in_every_format() {
    let rows = common::tsv("hashes.tsv");
    assert_eq!(rows.len(), 16);
    for row in rows {
        let [id, algo, b16, n32, b64, sri] = &row[..] else {
            panic!("bad row {row:?}")
        };
        let algo = HashAlgo::parse(algo).unwrap();
        let h = Hash::of(algo, &input(id));
        assert_eq!(&h.to_base16(), b16, "{id} {algo}");
        assert_eq!(&h.to_nix32(), n32, "{id} {algo}");
        assert_eq!(&h.to_base64(), b64, "{id} {algo}");
        assert_eq!(&h.to_sri(), sri, "{id} {algo}");
        assert_eq!(&h.to_string_as(HashFormat::Nix32, true), &format!("{algo}:{n32}"));
        // Every rendering parses back, bare (with the algorithm known),
        // prefixed and as SRI.
        for text in [b16, n32, b64] {
            assert_eq!(Hash::parse_any(text, Some(algo)).unwrap(), h, "{text}");
            assert_eq!(Hash::parse_any(&format!("{algo}:{text}"), None).unwrap(), h);
            assert_eq!(Hash::parse_non_sri_unprefixed(text, algo).unwrap(), h);
            assert_eq!(Hash::parse_any_prefixed(&format!("{algo}:{text}")).unwrap(), h);
        }
        assert_eq!(Hash::parse_any(sri, None).unwrap(), h);
        assert_eq!(Hash::parse_sri(sri).unwrap(), h);
        // Base-32 on its own round-trips too.
        assert_eq!(base32::decode(n32).unwrap(), h.bytes);
    }
}

#[test]
fn convert_hash_like_cpp_nix() {
    let rows = common::tsv("convert.tsv");
    assert!(rows.len() >= 40);
    for row in rows {
        let [hash, algo, format, expected] = &row[..] else {
            panic!("bad row {row:?}")
        };
        // convertHash checks the algorithm name, then the format, then
        // parses the hash.
        let got = (|| {
            let algo = match algo.as_str() {
                "-" => None,
                a => Some(HashAlgo::parse(a)?),
            };
            let format = HashFormat::parse(format)?;
            let h = Hash::parse_any(hash, algo)?;
            Ok::<_, store::hash::HashError>(h.to_string_as(format, false))
        })();
        let got = match got {
            Ok(s) => format!("ok:{s}"),
            Err(e) => format!("err:{e}"),
        };
        assert_eq!(&got, expected, "convertHash {hash:?} {algo} {format}");
    }
}

#[test]
fn parse_helpers() {
    let (h, empty) = Hash::parse_allow_empty("", Some(HashAlgo::Sha256)).unwrap();
    assert!(empty);
    assert_eq!(h, Hash::zero(HashAlgo::Sha256));
    assert_eq!(
        Hash::parse_allow_empty("", None).unwrap_err().to_string(),
        "empty hash requires explicit hash algorithm"
    );
    assert_eq!(
        Hash::parse_any_prefixed("abc").unwrap_err().to_string(),
        "hash 'abc' does not include a type"
    );
    assert_eq!(Hash::parse_sri("abc").unwrap_err().to_string(), "hash 'abc' is not SRI");
    assert!(HashAlgo::parse("blake3").unwrap_err().is_usage_error());
    assert_eq!(HashFormat::parse("base32").unwrap(), HashFormat::Nix32);
    // Incremental hashing equals one-shot hashing.
    let mut hasher = HashAlgo::Sha512.hasher();
    hasher.update(b"ab");
    hasher.update(b"c");
    assert_eq!(hasher.finish(), Hash::of(HashAlgo::Sha512, b"abc"));
}
