//! A small seeded generator, so a class can reproduce a random start or a
//! synthetic data set from its seed (and so the wasm needs no OS entropy).

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1]: never 0, so its logarithm is finite.
    pub fn next_unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// A standard normal draw (Box–Muller, cosine branch).
    pub fn next_normal(&mut self) -> f64 {
        let (u, v) = (self.next_unit(), self.next_unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An exponential draw with rate λ > 0 (mean 1/λ).
    pub fn next_exponential(&mut self, rate: f64) -> f64 {
        -self.next_unit().ln() / rate
    }

    /// A Poisson draw with mean λ > 0: by multiplying uniforms up to
    /// λ = [`EXACT_UP_TO`], beyond it the normal approximation, rounded and
    /// kept ≥ 0, so a draw costs at most about that many steps.
    pub fn next_poisson(&mut self, rate: f64) -> f64 {
        if rate > EXACT_UP_TO {
            return (rate + rate.sqrt() * self.next_normal()).round().max(0.0);
        }
        let limit = (-rate).exp();
        let mut product = self.next_unit();
        let mut count = 0.0;
        while product > limit {
            product *= self.next_unit();
            count += 1.0;
        }
        count
    }

    /// The successes of `trials` tosses with success probability p: tossed
    /// one by one up to [`EXACT_UP_TO`] trials, beyond that the normal
    /// approximation, rounded and kept within 0…trials.
    pub fn next_binomial(&mut self, trials: f64, p: f64) -> f64 {
        if trials > EXACT_UP_TO {
            let sd = (trials * p * (1.0 - p)).sqrt();
            return (trials * p + sd * self.next_normal())
                .round()
                .clamp(0.0, trials);
        }
        (0..trials as usize)
            .filter(|_| self.next_unit() <= p)
            .count() as f64
    }

    /// An index drawn with probability proportional to `weights` (≥ 0, positive sum).
    pub fn next_index(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.next_unit() * total;
        for (index, weight) in weights.iter().enumerate() {
            if target <= *weight {
                return index;
            }
            target -= weight;
        }
        weights.len() - 1
    }
}

/// Poisson means and binomial trials up to which draws are exact.
pub const EXACT_UP_TO: f64 = 100.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_splitmix64_stream() {
        // First outputs for seed 1234567 of Vigna's reference splitmix64.c,
        // the test vector other implementations check against.
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn normal_draws_have_mean_0_and_variance_1() {
        let mut rng = SplitMix64::new(7);
        let draws: Vec<f64> = (0..200_000).map(|_| rng.next_normal()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((variance - 1.0).abs() < 0.01, "{variance}");
    }

    /// Mean and variance of 100,000 draws.
    fn moments(mut draw: impl FnMut() -> f64) -> (f64, f64) {
        let draws: Vec<f64> = (0..100_000).map(|_| draw()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        (mean, variance)
    }

    #[test]
    fn count_and_duration_draws_have_their_moments() {
        let mut rng = SplitMix64::new(11);
        // Poisson: mean = variance = λ, exactly below 100 and approximately above.
        for rate in [0.5, 4.0, 400.0] {
            let (mean, variance) = moments(|| rng.next_poisson(rate));
            assert!((mean / rate - 1.0).abs() < 0.02, "{rate}: {mean}");
            assert!((variance / rate - 1.0).abs() < 0.03, "{rate}: {variance}");
        }
        // Binomial: np and np(1 − p).
        for (trials, p) in [(10.0, 0.3), (1000.0, 0.8)] {
            let (mean, variance) = moments(|| rng.next_binomial(trials, p));
            assert!((mean / (trials * p) - 1.0).abs() < 0.01, "{mean}");
            assert!((variance / (trials * p * (1.0 - p)) - 1.0).abs() < 0.03);
        }
        // Exponential: 1/λ and 1/λ².
        let (mean, variance) = moments(|| rng.next_exponential(4.0));
        assert!((mean * 4.0 - 1.0).abs() < 0.02 && (variance * 16.0 - 1.0).abs() < 0.04);
    }

    #[test]
    fn indices_follow_the_weights() {
        let mut rng = SplitMix64::new(3);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[rng.next_index(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(
            (counts[2] as f64 / 30_000.0 - 0.75).abs() < 0.01,
            "{counts:?}"
        );
    }
}
