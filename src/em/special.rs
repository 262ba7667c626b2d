//! ln n! for the count families (binomial coefficients, Poisson's x!).

use std::sync::OnceLock;

/// ln n! is tabulated below this n and taken from Stirling's series above.
const TABLE_SIZE: usize = 256;

fn table() -> &'static [f64; TABLE_SIZE] {
    static TABLE: OnceLock<[f64; TABLE_SIZE]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0.0; TABLE_SIZE];
        for n in 1..TABLE_SIZE {
            table[n] = table[n - 1] + (n as f64).ln();
        }
        table
    })
}

/// ln n! for a whole number n ≥ 0: exact sums of logarithms below 256, and
/// Stirling's series n ln n − n + ½ ln 2πn + 1/12n − 1/360n³ + 1/1260n⁵
/// above (its next term is below 10⁻¹⁶ there).
pub fn log_factorial(n: f64) -> f64 {
    if n < TABLE_SIZE as f64 {
        table()[n as usize]
    } else {
        let inverse = 1.0 / n;
        let inverse_squared = inverse * inverse;
        n * n.ln() - n
            + 0.5 * (std::f64::consts::TAU * n).ln()
            + inverse * (1.0 / 12.0 - inverse_squared * (1.0 / 360.0 - inverse_squared / 1260.0))
    }
}

/// ln C(n, k) = ln n! − ln k! − ln (n − k)!.
pub fn log_binomial_coefficient(n: f64, k: f64) -> f64 {
    log_factorial(n) - log_factorial(k) - log_factorial(n - k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_factorials_match_hand_values_and_the_two_methods_meet() {
        assert_eq!(log_factorial(0.0), 0.0);
        assert_eq!(log_factorial(1.0), 0.0);
        // 10! = 3,628,800
        assert!((log_factorial(10.0) - 3_628_800f64.ln()).abs() < 1e-13);
        // C(10, 5) = 252
        assert!((log_binomial_coefficient(10.0, 5.0) - 252f64.ln()).abs() < 1e-12);
        // Across the table's end, the series agrees with the summed logarithms.
        let summed: f64 = (1..=300).map(|k| (k as f64).ln()).sum();
        assert!((log_factorial(300.0) - summed).abs() < 1e-9 * summed);
        let summed_255: f64 = (1..=255).map(|k| (k as f64).ln()).sum();
        assert!((log_factorial(255.0) - summed_255).abs() < 1e-10);
    }
}
