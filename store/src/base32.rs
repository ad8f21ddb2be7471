//! Nix's own base-32 ("nix32") encoding.
//!
//! Nix does not use RFC 4648 base-32: its alphabet omits `e`, `o`, `u` and
//! `t` (to avoid accidental words in store paths), and its bit order is
//! reversed. The encoded string is read as one big number whose most
//! significant digit comes first, built from the bytes taken as a
//! little-endian integer: the first output character holds the top bits of
//! the *last* byte. Because the alphabet is in ascending ASCII order,
//! comparing two encodings of equal length compares the numbers they
//! encode, which [`crate::path::StorePath`] relies on for its ordering.

use std::fmt;

/// The 32 digits, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Why a string is not valid Nix base-32.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base32Error {
    /// A byte outside the alphabet, at this offset of the input.
    InvalidChar {
        /// The offending byte.
        byte: u8,
        /// Its offset in the input.
        offset: usize,
    },
    /// The input encodes bits beyond the decoded length (its leading digit
    /// is too large), so it is not the encoding of any byte string.
    Overflow,
}

impl fmt::Display for Base32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base32Error::InvalidChar { byte, offset } => write!(
                f,
                "invalid character {:?} at offset {offset} in Nix32 (base-32) string",
                char::from(*byte)
            ),
            Base32Error::Overflow => f.write_str("Nix32 (base-32) string has excess leading bits"),
        }
    }
}

impl std::error::Error for Base32Error {}

/// The number of characters encoding `len` bytes: enough 5-bit digits for
/// all `8 * len` bits (`ceil(8 * len / 5)`).
pub fn encoded_len(len: usize) -> usize {
    (len * 8).div_ceil(5)
}

/// The number of bytes a string of `chars` characters decodes to; the
/// inverse of [`encoded_len`] (`floor(5 * chars / 8)`).
pub fn decoded_len(chars: usize) -> usize {
    chars * 5 / 8
}

/// The value of a digit, or `None` outside the alphabet.
fn digit_value(c: u8) -> Option<u8> {
    // Small enough that a linear scan is fine and obviously right.
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

/// Encodes bytes in Nix base-32.
pub fn encode(bytes: &[u8]) -> String {
    let len = encoded_len(bytes.len());
    let mut out = String::with_capacity(len);
    // Digit n (counted from the end of the string) holds bits 5n..5n+4 of
    // the little-endian number; emit from the most significant digit.
    for n in (0..len).rev() {
        let bit = n * 5;
        let i = bit / 8;
        let j = bit % 8;
        let low = bytes[i] as u16 >> j;
        let high = if i + 1 < bytes.len() {
            (bytes[i + 1] as u16) << (8 - j)
        } else {
            0
        };
        out.push(ALPHABET[((low | high) & 0x1f) as usize] as char);
    }
    out
}

/// Decodes a Nix base-32 string into [`decoded_len`]`(s.len())` bytes.
///
/// Errors on bytes outside the alphabet and on digits whose bits fall
/// beyond the last byte, exactly where C++ Nix rejects a base-32 hash.
pub fn decode(s: &str) -> Result<Vec<u8>, Base32Error> {
    let input = s.as_bytes();
    let size = decoded_len(input.len());
    let mut out = vec![0u8; size];
    for (n, &c) in input.iter().rev().enumerate() {
        let offset = input.len() - 1 - n;
        let digit = digit_value(c).ok_or(Base32Error::InvalidChar { byte: c, offset })? as u16;
        let bit = n * 5;
        let i = bit / 8;
        let j = bit % 8;
        if i >= size {
            // Only possible for the leading digit of an input whose length
            // is not an encoded length; any set bit there is excess.
            if digit != 0 {
                return Err(Base32Error::Overflow);
            }
            continue;
        }
        out[i] |= (digit << j) as u8;
        let carry = digit >> (8 - j);
        if i + 1 < size {
            out[i + 1] |= carry as u8;
        } else if carry != 0 {
            return Err(Base32Error::Overflow);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        for (bytes, chars) in [(0, 0), (1, 2), (16, 26), (20, 32), (32, 52), (64, 103)] {
            assert_eq!(encoded_len(bytes), chars);
            assert_eq!(decoded_len(chars), bytes);
        }
    }

    #[test]
    fn round_trip_all_lengths() {
        let data: Vec<u8> = (0..70u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..data.len() {
            let enc = encode(&data[..len]);
            assert_eq!(enc.len(), encoded_len(len));
            assert_eq!(decode(&enc).unwrap(), &data[..len]);
        }
    }

    #[test]
    fn errors() {
        assert_eq!(decode("0e"), Err(Base32Error::InvalidChar { byte: b'e', offset: 1 }));
        // 52 digits hold 260 bits; a leading 'z' sets bits past 256.
        assert_eq!(decode(&"z".repeat(52)), Err(Base32Error::Overflow));
        assert!(decode(&format!("1{}", "z".repeat(51))).is_ok());
        // 32 digits are exactly 160 bits: nothing can overflow.
        assert!(decode(&"z".repeat(32)).is_ok());
    }
}
