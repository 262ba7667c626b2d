//! ln(x) for positive normal x, written so that LLVM can vectorise loops over
//! it (the platform `ln` is an opaque library call with branches). The
//! likelihood landscape takes one logarithm per grid cell and observation.

/// ln 2 split in two (fdlibm's ln2_hi/ln2_lo): k·LN2_HI is exact for |k| < 2¹¹.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// fdlibm's minimax coefficients for R(z) ≈ (ln((1 + s)/(1 − s)) − 2s)/s, z = s².
const LG: [f64; 7] = [
    6.666_666_666_666_735e-1,
    3.999_999_999_940_942e-1,
    2.857_142_874_366_239e-1,
    2.222_219_843_214_978e-1,
    1.818_357_216_161_805e-1,
    1.531_383_769_920_937e-1,
    1.479_819_860_511_658_6e-1,
];
/// The exponent bits of 1.0.
const ONE_EXPONENT: u64 = 0x3ff0_0000_0000_0000;
const MANTISSA: u64 = 0x000f_ffff_ffff_ffff;
/// 2⁵² and its bits: 2⁵² + m for an integer m < 2⁵² has m as its mantissa bits.
const TWO_TO_52: f64 = 4_503_599_627_370_496.0;
const TWO_TO_52_BITS: u64 = 0x4330_0000_0000_0000;

/// ln x for x a positive normal number (≥ 2.2·10⁻³⁰⁸, finite), within 1 ulp
/// of the correctly rounded value. Zero, subnormal, negative, infinite or NaN
/// arguments give unspecified finite results; callers must exclude them.
///
/// fdlibm's method without its special cases: x = 2ᵏ(1 + f) with
/// √2/2 ≤ 1 + f < √2, s = f/(2 + f), ln(1 + f) = 2s + s·R(s²) with R a
/// degree-14 minimax polynomial, then k·ln 2 added in two parts.
#[inline(always)]
pub(crate) fn ln_positive(x: f64) -> f64 {
    let bits = x.to_bits();
    // Scale the mantissa into [√2/2, √2): adding this offset to the mantissa
    // bits carries into the exponent exactly when the mantissa is ≥ √2.
    let shifted = (bits & MANTISSA) + 0x0009_5f61_9980_c433;
    let carry = shifted >> 52;
    let reduced = f64::from_bits((bits & MANTISSA) | ((ONE_EXPONENT >> 52) - carry) << 52);
    let f = reduced - 1.0;
    // k = biased exponent + carry − 1023, converted to f64 through the bits of
    // 2⁵² + k + 1023 (integer-to-float conversion of 64-bit lanes does not vectorise).
    let biased = (bits >> 52) + carry;
    let k = f64::from_bits(TWO_TO_52_BITS | biased) - (TWO_TO_52 + 1023.0);
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let odd = w * (LG[1] + w * (LG[3] + w * LG[5]));
    let even = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
    let r = even + odd;
    let half_f_squared = 0.5 * f * f;
    k * LN2_HI - ((half_f_squared - (s * (half_f_squared + r) + k * LN2_LO)) - f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(ours: f64, reference: f64) -> f64 {
        if ours == reference {
            return 0.0;
        }
        let spacing = f64::from_bits(reference.abs().to_bits() + 1) - reference.abs();
        (ours - reference).abs() / spacing
    }

    #[test]
    fn agrees_with_the_platform_ln_to_one_ulp() {
        let mut worst: f64 = 0.0;
        let mut x = f64::MIN_POSITIVE;
        while x < 1e300 {
            // Either side of √2, where the reduction switches exponent.
            let root_two = std::f64::consts::SQRT_2;
            for scale in [
                1.0,
                1.000_1,
                1.19,
                root_two * (1.0 - 1e-15),
                root_two,
                1.5,
                1.999_9,
            ] {
                let value = x * scale;
                worst = worst.max(ulps(ln_positive(value), value.ln()));
            }
            x *= 3.7;
        }
        // Dense near 1, where ln x is small and relative errors show most.
        let mut value = 0.5;
        while value < 2.0 {
            worst = worst.max(ulps(ln_positive(value), value.ln()));
            value += 0.000_173_1;
        }
        assert!(worst <= 1.0, "worst error {worst} ulp");
    }

    #[test]
    fn exact_at_powers_of_two_and_one() {
        assert_eq!(ln_positive(1.0), 0.0);
        assert_eq!(ln_positive(2.0), std::f64::consts::LN_2);
        assert_eq!(ln_positive(0.5), -std::f64::consts::LN_2);
        assert_eq!(ln_positive(f64::MIN_POSITIVE), f64::MIN_POSITIVE.ln());
        assert_eq!(ln_positive(f64::MAX), f64::MAX.ln());
    }
}
