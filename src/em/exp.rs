//! exp(x) for x ≤ 0, written so that LLVM can vectorise loops over it (the
//! platform `exp` is an opaque library call). The E-step spends most of its
//! time here: one exp per observation and component.

use super::simd::{MulAdd, Separate};

const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// ln 2 split in two (fdlibm's ln2_hi/ln2_lo): n·LN2_HI is exact for |n| < 2¹¹.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// 1.5·2⁵², added and subtracted to round to the nearest integer.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// Below this exp(x) is subnormal (< 2.2e-308); we return 0 there.
const SMALLEST_ARGUMENT: f64 = -708.0;

/// e^x for x ≤ 0 (and −∞ ↦ 0), within 2 ulp of the correctly rounded value
/// for x ≥ −708; 0 below. Not for positive x.
///
/// Range reduction x = n·ln 2 + r with |r| ≤ ½ ln 2, then e^r by its Taylor
/// series to r¹³ (truncation error < 4·10⁻¹⁸ relative), then scaling by 2ⁿ
/// through the exponent bits.
#[inline(always)]
pub(crate) fn exp_nonpositive(x: f64) -> f64 {
    exp_nonpositive_with::<Separate>(x)
}

/// [`exp_nonpositive`] with the polynomial's multiply-adds computed by `A`.
#[inline(always)]
pub(crate) fn exp_nonpositive_with<A: MulAdd>(x: f64) -> f64 {
    let clamped = larger(x, SMALLEST_ARGUMENT);
    let shifted = clamped * LOG2_E + ROUND;
    let n = shifted - ROUND;
    let r = (clamped - n * LN2_HI) - n * LN2_LO;
    let mut p = 1.0 / 6_227_020_800.0;
    for coefficient in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = A::mul_add(p, r, coefficient);
    }
    // n is the low bits of `shifted`; 2ⁿ has exponent field n + 1023.
    let exponent = (shifted.to_bits() as i64).wrapping_sub(ROUND.to_bits() as i64) + 1023;
    let value = f64::from_bits((exponent as u64) << 52) * p;
    if x < SMALLEST_ARGUMENT {
        0.0
    } else {
        value
    }
}

/// The larger of two numbers by one comparison (`b` if either is NaN).
/// `f64::max` must return the non-NaN argument, which wasm's vector `max`
/// does not do, so it compiles to a library call per element there; this
/// compiles to `pmax` and keeps the hot loops vectorised.
#[inline(always)]
pub(crate) fn larger(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// The smaller of two numbers by one comparison (`b` if either is NaN); see [`larger`].
#[inline(always)]
pub(crate) fn smaller(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_platform_exp_to_two_ulp() {
        let mut worst = 0.0f64;
        let mut x = 0.0;
        while x > SMALLEST_ARGUMENT {
            let (ours, reference) = (exp_nonpositive(x), x.exp());
            worst = worst.max(((ours - reference) / reference).abs());
            x -= 0.000_731_3;
        }
        assert!(
            worst <= 2.0 * f64::EPSILON,
            "worst relative error {worst:e}"
        );
    }

    #[test]
    fn the_fused_version_agrees_with_the_platform_exp_to_two_ulp() {
        use crate::em::simd::Fused;
        let mut x = 0.0;
        while x > SMALLEST_ARGUMENT {
            let (ours, reference) = (exp_nonpositive_with::<Fused>(x), x.exp());
            assert!(
                ((ours - reference) / reference).abs() <= 2.0 * f64::EPSILON,
                "at {x}"
            );
            x -= 0.007_313;
        }
    }

    #[test]
    fn edges() {
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-0.0), 1.0);
        assert_eq!(exp_nonpositive(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_nonpositive(-1e300), 0.0);
        assert_eq!(exp_nonpositive(-708.5), 0.0);
        assert_eq!(
            exp_nonpositive(f64::NAN),
            exp_nonpositive(SMALLEST_ARGUMENT)
        );
        assert!((exp_nonpositive(-1.0) - (-1.0f64).exp()).abs() < 1e-16);
    }
}
