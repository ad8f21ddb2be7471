//! The digits nlohmann::json writes for a double: Florian Loitsch's Grisu2
//! ("Printing Floating-Point Numbers Quickly and Accurately with Integers",
//! PLDI 2010), with the target exponent range [-60, -32] and cached powers
//! of ten every 8 decades from 10^-300.
//!
//! Grisu2 always yields digits that read back to the same double, but not
//! always the shortest such digits (about one double in a thousand gets
//! one more), so `builtins.toJSON` needs this rather than the shortest
//! round-trip digits Rust's formatting gives.

/// A number `f * 2^e` with a 64-bit significand.
#[derive(Clone, Copy, Debug)]
struct Fp {
    f: u64,
    e: i32,
}

impl Fp {
    /// The product, rounded to 64 bits (half up).
    fn mul(self, other: Fp) -> Fp {
        let p = u128::from(self.f) * u128::from(other.f);
        let f = (p >> 64) as u64 + ((p >> 63) as u64 & 1);
        Fp {
            f,
            e: self.e + other.e + 64,
        }
    }

    /// Shifted left until the top bit is set.
    fn normalized(self) -> Fp {
        let s = self.f.leading_zeros();
        Fp {
            f: self.f << s,
            e: self.e - s as i32,
        }
    }

    /// `self` (whose exponent is not below `e`) at exponent `e`.
    fn at(self, e: i32) -> Fp {
        Fp {
            f: self.f << (self.e - e),
            e,
        }
    }
}

/// The target range of the scaled exponent.
const ALPHA: i32 = -60;

/// `10^k` for `k` = -300, -292, ..., 324: the significand rounded to the
/// nearest 64-bit integer with the top bit set, its binary exponent, `k`.
const CACHED_POWERS: [(u64, i32, i32); 79] = [
    (0xab70fe17c79ac6ca, -1060, -300),
    (0xff77b1fcbebcdc4f, -1034, -292),
    (0xbe5691ef416bd60c, -1007, -284),
    (0x8dd01fad907ffc3c, -980, -276),
    (0xd3515c2831559a83, -954, -268),
    (0x9d71ac8fada6c9b5, -927, -260),
    (0xea9c227723ee8bcb, -901, -252),
    (0xaecc49914078536d, -874, -244),
    (0x823c12795db6ce57, -847, -236),
    (0xc21094364dfb5637, -821, -228),
    (0x9096ea6f3848984f, -794, -220),
    (0xd77485cb25823ac7, -768, -212),
    (0xa086cfcd97bf97f4, -741, -204),
    (0xef340a98172aace5, -715, -196),
    (0xb23867fb2a35b28e, -688, -188),
    (0x84c8d4dfd2c63f3b, -661, -180),
    (0xc5dd44271ad3cdba, -635, -172),
    (0x936b9fcebb25c996, -608, -164),
    (0xdbac6c247d62a584, -582, -156),
    (0xa3ab66580d5fdaf6, -555, -148),
    (0xf3e2f893dec3f126, -529, -140),
    (0xb5b5ada8aaff80b8, -502, -132),
    (0x87625f056c7c4a8b, -475, -124),
    (0xc9bcff6034c13053, -449, -116),
    (0x964e858c91ba2655, -422, -108),
    (0xdff9772470297ebd, -396, -100),
    (0xa6dfbd9fb8e5b88f, -369, -92),
    (0xf8a95fcf88747d94, -343, -84),
    (0xb94470938fa89bcf, -316, -76),
    (0x8a08f0f8bf0f156b, -289, -68),
    (0xcdb02555653131b6, -263, -60),
    (0x993fe2c6d07b7fac, -236, -52),
    (0xe45c10c42a2b3b06, -210, -44),
    (0xaa242499697392d3, -183, -36),
    (0xfd87b5f28300ca0e, -157, -28),
    (0xbce5086492111aeb, -130, -20),
    (0x8cbccc096f5088cc, -103, -12),
    (0xd1b71758e219652c, -77, -4),
    (0x9c40000000000000, -50, 4),
    (0xe8d4a51000000000, -24, 12),
    (0xad78ebc5ac620000, 3, 20),
    (0x813f3978f8940984, 30, 28),
    (0xc097ce7bc90715b3, 56, 36),
    (0x8f7e32ce7bea5c70, 83, 44),
    (0xd5d238a4abe98068, 109, 52),
    (0x9f4f2726179a2245, 136, 60),
    (0xed63a231d4c4fb27, 162, 68),
    (0xb0de65388cc8ada8, 189, 76),
    (0x83c7088e1aab65db, 216, 84),
    (0xc45d1df942711d9a, 242, 92),
    (0x924d692ca61be758, 269, 100),
    (0xda01ee641a708dea, 295, 108),
    (0xa26da3999aef774a, 322, 116),
    (0xf209787bb47d6b85, 348, 124),
    (0xb454e4a179dd1877, 375, 132),
    (0x865b86925b9bc5c2, 402, 140),
    (0xc83553c5c8965d3d, 428, 148),
    (0x952ab45cfa97a0b3, 455, 156),
    (0xde469fbd99a05fe3, 481, 164),
    (0xa59bc234db398c25, 508, 172),
    (0xf6c69a72a3989f5c, 534, 180),
    (0xb7dcbf5354e9bece, 561, 188),
    (0x88fcf317f22241e2, 588, 196),
    (0xcc20ce9bd35c78a5, 614, 204),
    (0x98165af37b2153df, 641, 212),
    (0xe2a0b5dc971f303a, 667, 220),
    (0xa8d9d1535ce3b396, 694, 228),
    (0xfb9b7cd9a4a7443c, 720, 236),
    (0xbb764c4ca7a44410, 747, 244),
    (0x8bab8eefb6409c1a, 774, 252),
    (0xd01fef10a657842c, 800, 260),
    (0x9b10a4e5e9913129, 827, 268),
    (0xe7109bfba19c0c9d, 853, 276),
    (0xac2820d9623bf429, 880, 284),
    (0x80444b5e7aa7cf85, 907, 292),
    (0xbf21e44003acdd2d, 933, 300),
    (0x8e679c2f5e44ff8f, 960, 308),
    (0xd433179d9c8cb841, 986, 316),
    (0x9e19db92b4e31ba9, 1013, 324),
];

/// The cached power `c = 10^k` that brings `2^e` into the target range:
/// the first in the table with `k >= ceil((ALPHA - e - 1) * log10 2)`.
fn cached_power(e: i32) -> (Fp, i32) {
    let f = ALPHA - e - 1;
    // ceil(f * log10 2), with log10 2 as 78913 / 2^18.
    let k = (f * 78913).div_euclid(1 << 18) + i32::from(f * 78913 % (1 << 18) != 0);
    let index = ((k + 300 + 7) / 8) as usize;
    let (f, e, k) = CACHED_POWERS[index.min(CACHED_POWERS.len() - 1)];
    (Fp { f, e }, k)
}

/// The decimal digits of a positive finite `v`, and the exponent of the
/// last one: `v` reads back from `DIGITS * 10^exp`.
pub fn digits(v: f64) -> (String, i32) {
    debug_assert!(v.is_finite() && v > 0.0);
    let bits = v.to_bits();
    let fraction = bits & ((1 << 52) - 1);
    let biased = (bits >> 52) as i32;
    let (f, e) = if biased == 0 {
        (fraction, 1 - 1075)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    // The boundaries halfway to the neighbouring doubles; the lower one is
    // closer when `v` is a power of two (but not the smallest normal).
    let upper = Fp { f: 2 * f + 1, e: e - 1 }.normalized();
    let lower = if fraction == 0 && biased > 1 {
        Fp { f: 4 * f - 1, e: e - 2 }
    } else {
        Fp { f: 2 * f - 1, e: e - 1 }
    }
    .at(upper.e);
    let w = Fp { f, e }.normalized();
    let (c, k) = cached_power(upper.e);
    let w = w.mul(c);
    let lower = lower.mul(c);
    let upper = upper.mul(c);
    // Shrink the interval by one unit on each side: the products are off
    // by at most that much.
    let low = lower.f + 1;
    let high = upper.f - 1;
    let mut out = Vec::with_capacity(17);
    let exp = generate(&mut out, -k, low, w.f, high, upper.e);
    (String::from_utf8(out).expect("ASCII digits"), exp)
}

/// Writes the digits of `high` (scaled to exponent `e`, so that `2^-e` is
/// one) that stay within `delta` of it, the last one rounded towards `w`;
/// returns the decimal exponent of the last digit.
fn generate(out: &mut Vec<u8>, mut exp: i32, low: u64, w: u64, high: u64, e: i32) -> i32 {
    let shift = (-e) as u32;
    let one = 1u64 << shift;
    let mut delta = high - low;
    let mut dist = high - w;
    let mut integral = (high >> shift) as u32;
    let mut fractional = high & (one - 1);
    // The integral part, most significant digit first.
    let mut n = decimal_len(integral);
    let mut pow10 = 10u32.pow(n - 1);
    while n > 0 {
        out.push(b'0' + (integral / pow10) as u8);
        integral %= pow10;
        n -= 1;
        let rest = (u64::from(integral) << shift) + fractional;
        if rest <= delta {
            exp += n as i32;
            round(out, dist, delta, rest, u64::from(pow10) << shift);
            return exp;
        }
        pow10 /= 10;
    }
    // Then fractional digits, until the rest is within the interval.
    let mut m = 0;
    loop {
        fractional *= 10;
        delta *= 10;
        dist *= 10;
        out.push(b'0' + (fractional >> shift) as u8);
        fractional &= one - 1;
        m += 1;
        if fractional <= delta {
            break;
        }
    }
    round(out, dist, delta, fractional, one);
    exp - m
}

/// Moves the last digit down while that brings the number closer to `w`
/// (at `dist` from the high end) and stays in the interval.
fn round(out: &mut [u8], dist: u64, delta: u64, mut rest: u64, ten_k: u64) {
    let last = out.last_mut().expect("one digit at least");
    while rest < dist && delta - rest >= ten_k && (rest + ten_k < dist || dist - rest > rest + ten_k - dist) {
        *last -= 1;
        rest += ten_k;
    }
}

fn decimal_len(x: u32) -> u32 {
    x.checked_ilog10().map_or(1, |l| l + 1)
}

#[cfg(test)]
mod tests {
    use super::digits;

    #[test]
    fn digits_and_exponents() {
        assert_eq!(digits(1.0), ("1".to_owned(), 0));
        assert_eq!(digits(0.1), ("1".to_owned(), -1));
        assert_eq!(digits(123.456), ("123456".to_owned(), -3));
        assert_eq!(digits(5e-324), ("5".to_owned(), -324));
        assert_eq!(digits(1.7976931348623157e308), ("17976931348623157".to_owned(), 292));
    }
}
