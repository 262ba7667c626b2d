//! log L over a grid of two parameters: the likelihood landscape.
//!
//! Every cell needs Σᵢ log Σ_k w_k f(xᵢ | θ_k). Three things make a 200 × 200
//! grid cheap enough to redraw while a slider moves: repeated observations
//! count once with their multiplicity; everything that depends on one axis
//! only is computed once per column or row; and when the axes vary two
//! different components, a cell's sum of logarithms is the logarithm of a
//! product, so a cell costs one addition and one multiplication per
//! distinct observation, in loops LLVM vectorises.

use std::ops::Range;

use super::exp::{exp_nonpositive, larger, smaller};
use super::ln::ln_positive;
use super::{ComponentFamily, MixtureParams};

/// One-dimensional data prepared for the grid in two forms: distinct values
/// with multiplicities (for sums of logarithms, one term per value), and
/// runs of factors for products (every observation when there are at most
/// `max_values` of them, so that a product needs no powers).
#[derive(Debug, Clone, PartialEq)]
pub struct DistinctData {
    values: Vec<f64>,
    counts: Vec<f64>,
    /// The values products run over, grouped by the power each is raised to.
    factors: Vec<f64>,
    groups: Vec<(f64, Range<usize>)>,
    rounded: bool,
}

impl DistinctData {
    /// Collapses repeated values. With more than `max_values` distinct
    /// values, the data are first rounded to a grid of `max_values` steps
    /// over their range (then [`rounded`](Self::rounded) is true).
    pub fn new(data: &[f64], max_values: usize) -> Self {
        let max_values = max_values.max(1);
        let mut sorted = data.to_vec();
        super::sort_numbers(&mut sorted);
        let mut pairs = collapse(&sorted);
        let rounded = pairs.len() > max_values;
        if rounded {
            let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
            let step = (max - min) / max_values as f64;
            for x in &mut sorted {
                *x = min + ((*x - min) / step).round() * step;
            }
            pairs = collapse(&sorted);
        }
        let (factors, groups) = if sorted.len() <= max_values {
            let all = 0..sorted.len();
            (sorted, vec![(1.0, all)])
        } else {
            let by_count = runs_of_equal_count(&pairs);
            let by_bit = runs_of_binary_digits(&pairs);
            let cost =
                |(factors, groups): &(Vec<f64>, Groups)| factors.len() + RUN_COST * groups.len();
            if cost(&by_bit) < cost(&by_count) {
                by_bit
            } else {
                by_count
            }
        };
        DistinctData {
            values: pairs.iter().map(|p| p.0).collect(),
            counts: pairs.iter().map(|p| p.1).collect(),
            factors,
            groups,
            rounded,
        }
    }

    /// The distinct values, ascending.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// How often each value occurs.
    pub fn counts(&self) -> &[f64] {
        &self.counts
    }

    /// What one cell's product over the data costs, in multiplications:
    /// one per factor, and about [`RUN_COST`] more per run of equal multiplicity.
    pub fn product_cost(&self) -> usize {
        self.factors.len() + RUN_COST * self.groups.len()
    }

    /// Whether the values were rounded to fit the limit.
    pub fn rounded(&self) -> bool {
        self.rounded
    }
}

/// The extra multiplications a run of equal multiplicity costs (combining
/// the lanes, the leftover factors and a logarithm), measured with
/// `cargo bench --bench landscape`.
pub const RUN_COST: usize = 40;

/// Runs of factors with the power each run is raised to.
type Groups = Vec<(f64, Range<usize>)>;

/// Values of equal multiplicity n form a run contributing n · log Π.
fn runs_of_equal_count(pairs: &[(f64, f64)]) -> (Vec<f64>, Groups) {
    let order = super::order_by_keys(pairs.iter().map(|p| [p.1, 0.0]));
    let by_count = super::permuted(pairs.to_vec(), &order);
    let mut groups: Groups = Vec::new();
    for (i, &(_, count)) in by_count.iter().enumerate() {
        match groups.last_mut() {
            Some((c, range)) if *c == count => range.end = i + 1,
            _ => groups.push((count, i..i + 1)),
        }
    }
    (by_count.iter().map(|p| p.0).collect(), groups)
}

/// Σ n log x = Σ_b 2ᵇ Σ_{n has bit b} log x: one run per binary digit of the
/// multiplicities, holding the values whose multiplicity has that digit.
/// Fewer runs than [`runs_of_equal_count`] when many multiplicities differ
/// (large data rounded to a few hundred values), at the price of repeating
/// each value once per digit it has.
fn runs_of_binary_digits(pairs: &[(f64, f64)]) -> (Vec<f64>, Groups) {
    let mut factors = Vec::new();
    let mut groups: Groups = Vec::new();
    for bit in 0..u64::BITS {
        let start = factors.len();
        factors.extend(
            pairs
                .iter()
                .filter(|(_, count)| (*count as u64) >> bit & 1 == 1)
                .map(|&(value, _)| value),
        );
        if factors.len() > start {
            groups.push(((1u64 << bit) as f64, start..factors.len()));
        }
    }
    (factors, groups)
}

/// (value, multiplicity) for sorted data.
fn collapse(sorted: &[f64]) -> Vec<(f64, f64)> {
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    for &x in sorted {
        match pairs.last_mut() {
            Some((last, count)) if *last == x => *count += 1.0,
            _ => pairs.push((x, 1.0)),
        }
    }
    pairs
}

/// What the grid's two axes vary; the other parameters stay as in the base θ.
#[derive(Debug, Clone, PartialEq)]
pub enum GridAxes<P> {
    /// Columns set component `column_component` to each of `columns`, rows set
    /// component `row_component` (a different one) to each of `rows`.
    TwoComponents {
        column_component: usize,
        columns: Vec<P>,
        row_component: usize,
        rows: Vec<P>,
    },
    /// Both axes vary one component: cell (i, j) sets it to
    /// `cells[j * columns + i]`.
    OneComponent {
        component: usize,
        columns: usize,
        cells: Vec<P>,
    },
}

impl<P> GridAxes<P> {
    /// (columns, rows).
    pub fn shape(&self) -> (usize, usize) {
        match self {
            GridAxes::TwoComponents { columns, rows, .. } => (columns.len(), rows.len()),
            GridAxes::OneComponent { columns, cells, .. } => {
                (*columns, cells.len().checked_div(*columns).unwrap_or(0))
            }
        }
    }
}

/// log(eᵘ + eᵛ) = m + ln(1 + e^(min − m)) with m = max(u, v), without
/// overflow or underflow; −∞ when both are −∞ (then min − m is NaN, which
/// `exp_nonpositive` turns into e^−708, which ln(1 + ·) rounds away).
#[inline(always)]
fn log_add_exp(u: f64, v: f64) -> f64 {
    let m = larger(u, v);
    m + ln_positive(1.0 + exp_nonpositive(smaller(u, v) - m))
}

/// Partial results kept apart so the loops vectorise (a single running sum
/// or product would force one operation after another).
const LANES: usize = 8;

/// Σᵢ nᵢ log(e^uᵢ + e^vᵢ).
fn weighted_log_add_exp_sum(counts: &[f64], u: &[f64], v: &[f64]) -> f64 {
    let mut partial = [0.0; LANES];
    let whole = counts.len() / LANES * LANES;
    for ((n, u), v) in counts[..whole]
        .chunks_exact(LANES)
        .zip(u[..whole].chunks_exact(LANES))
        .zip(v[..whole].chunks_exact(LANES))
    {
        for lane in 0..LANES {
            partial[lane] += n[lane] * log_add_exp(u[lane], v[lane]);
        }
    }
    let rest: f64 = counts[whole..]
        .iter()
        .zip(u[whole..].iter().zip(&v[whole..]))
        .map(|(n, (&u, &v))| n * log_add_exp(u, v))
        .sum();
    partial.iter().sum::<f64>() + rest
}

const MANTISSA: u64 = 0x000f_ffff_ffff_ffff;
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;

/// A running product kept as mantissa ∈ [1, 2) and a power of two.
#[derive(Clone, Copy)]
struct Scaled {
    mantissa: f64,
    exponent: i64,
}

impl Scaled {
    const ONE: Scaled = Scaled {
        mantissa: 1.0,
        exponent: 0,
    };

    /// Multiplies by `factor` ∈ [2.2·10⁻³⁰⁸, 2] and renormalises: the
    /// product of a mantissa below 2 and such a factor is a normal number.
    #[inline(always)]
    fn times(self, factor: f64) -> Scaled {
        let bits = (self.mantissa * factor).to_bits();
        Scaled {
            mantissa: f64::from_bits((bits & MANTISSA) | ONE_BITS),
            exponent: self.exponent + (bits >> 52) as i64 - 1023,
        }
    }

    /// ln of the product (the mantissa is a positive normal number; the
    /// platform `ln` is a slow library call in wasm).
    fn ln(self) -> f64 {
        ln_positive(self.mantissa) + self.exponent as f64 * std::f64::consts::LN_2
    }
}

/// Σᵢ nᵢ log(aᵢ + bᵢ) for a, b ∈ [0, 1], as Σ over runs of equal nᵢ of
/// n · log Πᵢ (aᵢ + bᵢ); None if some aᵢ + bᵢ is too small for that
/// (below the smallest normal number), when the caller must use logs.
fn grouped_log_sum(groups: &[(f64, Range<usize>)], a: &[f64], b: &[f64]) -> Option<f64> {
    let mut total = 0.0;
    let mut smallest = f64::INFINITY;
    for (count, range) in groups {
        let (a, b) = (&a[range.clone()], &b[range.clone()]);
        // Each lane's product as a mantissa in [1, 2) and a power of two.
        let mut mantissas = [1.0; LANES];
        let mut exponents = [0i64; LANES];
        let mut lane_smallest = [f64::INFINITY; LANES];
        let whole = a.len() / LANES * LANES;
        for (a, b) in a[..whole]
            .chunks_exact(LANES)
            .zip(b[..whole].chunks_exact(LANES))
        {
            for lane in 0..LANES {
                let factor = a[lane] + b[lane];
                lane_smallest[lane] = smaller(factor, lane_smallest[lane]);
                let bits = (mantissas[lane] * factor).to_bits();
                mantissas[lane] = f64::from_bits((bits & MANTISSA) | ONE_BITS);
                exponents[lane] += (bits >> 52) as i64 - 1023;
            }
        }
        let mut product = Scaled::ONE;
        for (&x, &y) in a[whole..].iter().zip(&b[whole..]) {
            smallest = smaller(x + y, smallest);
            product = product.times(x + y);
        }
        for lane in 0..LANES {
            smallest = smaller(lane_smallest[lane], smallest);
            product = product.times(mantissas[lane]);
            product.exponent += exponents[lane];
        }
        total += count * product.ln();
    }
    (smallest >= f64::MIN_POSITIVE).then_some(total)
}

/// ℓ = log w + log f(x | θ) for every distinct x.
fn log_joint_row<F: ComponentFamily<Observation = f64>>(
    family: &F,
    weight: f64,
    theta: &F::Params,
    values: &[f64],
    out: &mut [f64],
) {
    let log_weight = weight.ln();
    let prepared = family.prepare(theta);
    for (l, &x) in out.iter_mut().zip(values) {
        *l = log_weight + F::log_density(&prepared, x);
    }
}

/// log Σ_k w_k f(xᵢ | θ_k) over the components not in `skip`, per distinct xᵢ.
fn log_rest<F: ComponentFamily<Observation = f64>>(
    family: &F,
    base: &MixtureParams<F::Params>,
    values: &[f64],
    skip: &[usize],
) -> Vec<f64> {
    let mut rest = vec![f64::NEG_INFINITY; values.len()];
    let mut joint = vec![0.0; values.len()];
    for (k, (w, theta)) in base.weights().iter().zip(base.components()).enumerate() {
        if skip.contains(&k) {
            continue;
        }
        log_joint_row(family, *w, theta, values, &mut joint);
        for (r, &l) in rest.iter_mut().zip(&joint) {
            *r = log_add_exp(*r, l);
        }
    }
    rest
}

/// log L at every cell of the grid, row by row (`rows × columns` values,
/// −∞ where an observation is impossible). `base` supplies the weights and
/// every parameter the axes do not vary.
///
/// log L(i, j) = Σₓ nₓ log(w_a f(x | θ_a(i, j)) + w_b f(x | θ_b(i, j)) + Σ_{k ∉ {a, b}} w_k f(x | θ_k)),
/// with the terms that depend on one axis only computed once per column or row.
pub fn log_likelihood_grid<F: ComponentFamily<Observation = f64>>(
    family: &F,
    base: &MixtureParams<F::Params>,
    data: &DistinctData,
    axes: &GridAxes<F::Params>,
) -> Vec<f64> {
    let weights = base.weights();
    match axes {
        GridAxes::TwoComponents {
            column_component: a,
            columns,
            row_component: b,
            rows,
        } => {
            let (values, n) = (&data.factors, data.factors.len());
            // u(i) = ℓ_a under column i's θ_a; v(j) = log(e^ℓ_b under row j's θ_b + rest).
            let rest = log_rest(family, base, values, &[*a, *b]);
            let mut column_logs = vec![0.0; columns.len() * n];
            for (theta, u) in columns.iter().zip(column_logs.chunks_exact_mut(n)) {
                log_joint_row(family, weights[*a], theta, values, u);
            }
            let mut row_logs = vec![0.0; rows.len() * n];
            for (theta, v) in rows.iter().zip(row_logs.chunks_exact_mut(n)) {
                log_joint_row(family, weights[*b], theta, values, v);
                for (v, &r) in v.iter_mut().zip(&rest) {
                    *v = log_add_exp(*v, r);
                }
            }
            // sₓ = the largest u or v for x over the whole grid; then
            // log L(i, j) = Σₓ nₓ sₓ + Σₓ nₓ log(e^(uₓ(i) − sₓ) + e^(vₓ(j) − sₓ)),
            // with both terms in [0, 1].
            let mut shift = vec![f64::NEG_INFINITY; n];
            for logs in column_logs.chunks_exact(n).chain(row_logs.chunks_exact(n)) {
                for (s, &l) in shift.iter_mut().zip(logs) {
                    *s = larger(l, *s);
                }
            }
            let scale = |logs: &[f64]| -> Vec<f64> {
                // A loop per row of slices zipped, so the exp is vectorised
                // (a flat_map over the rows was not, and grew its vector).
                let mut terms = Vec::with_capacity(logs.len());
                for row in logs.chunks_exact(n) {
                    terms.extend(row.iter().zip(&shift).map(|(l, s)| exp_nonpositive(l - s)));
                }
                terms
            };
            let (column_terms, row_terms) = (scale(&column_logs), scale(&row_logs));
            let over_groups = |term: &dyn Fn(Range<usize>) -> f64| -> f64 {
                data.groups
                    .iter()
                    .map(|(count, range)| count * term(range.clone()))
                    .sum()
            };
            let shift_total = over_groups(&|range| shift[range].iter().sum());
            let mut grid = Vec::with_capacity(columns.len() * rows.len());
            for (v, v_logs) in row_terms.chunks_exact(n).zip(row_logs.chunks_exact(n)) {
                for (u, u_logs) in column_terms
                    .chunks_exact(n)
                    .zip(column_logs.chunks_exact(n))
                {
                    grid.push(match grouped_log_sum(&data.groups, u, v) {
                        Some(sum) => shift_total + sum,
                        // Far from the data a term underflows: take the slow, exact way.
                        None => over_groups(&|range| {
                            let (u, v) = (&u_logs[range.clone()], &v_logs[range]);
                            u.iter().zip(v).map(|(&u, &v)| log_add_exp(u, v)).sum()
                        }),
                    });
                }
            }
            grid
        }
        GridAxes::OneComponent {
            component,
            columns: _,
            cells,
        } => {
            let (values, counts) = (data.values(), data.counts());
            let n = values.len();
            let rest = log_rest(family, base, values, &[*component]);
            let mut cell_term = vec![0.0; n];
            cells
                .iter()
                .map(|theta| {
                    log_joint_row(family, weights[*component], theta, values, &mut cell_term);
                    weighted_log_add_exp_sum(counts, &cell_term, &rest)
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::{e_step, Bernoulli, Gaussian, GaussianParams, Responsibilities};

    /// log L by the E-step, one parameter set at a time: the slow reference.
    fn log_likelihood<F: ComponentFamily<Observation = f64>>(
        family: &F,
        weights: &[f64],
        components: Vec<F::Params>,
        data: &[f64],
    ) -> f64 {
        let params = MixtureParams::new(family, weights.to_vec(), components).unwrap();
        e_step(family, &params, data, &mut Responsibilities::new()).log_likelihood
    }

    #[test]
    fn repeated_values_are_counted_and_many_values_rounded() {
        let data = DistinctData::new(&[2.0, 1.0, 2.0, 3.0, 2.0], 10);
        assert_eq!(
            (data.values(), data.counts(), data.rounded()),
            (&[1.0, 2.0, 3.0][..], &[1.0, 3.0, 1.0][..], false)
        );
        assert_eq!(
            data.product_cost(),
            5 + RUN_COST,
            "few enough to multiply one by one"
        );
        let many: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.001).collect();
        let rounded = DistinctData::new(&many, 100);
        assert!(rounded.rounded() && rounded.values().len() <= 101);
        assert_eq!(rounded.counts().iter().sum::<f64>(), 1000.0);
        assert!(
            rounded.product_cost() > rounded.values().len() + RUN_COST,
            "several runs"
        );
    }

    #[test]
    fn two_gaussian_means_agree_with_the_e_step_everywhere() {
        let data = [1.0, 1.5, 1.5, 2.0, 4.0, 4.2, 4.2, 5.0, 9.0];
        let family = Gaussian::for_data(&data);
        let g = |mean, sigma| GaussianParams { mean, sigma };
        let base = MixtureParams::new(
            &family,
            vec![0.3, 0.5, 0.2],
            vec![g(1.0, 0.5), g(4.0, 0.7), g(9.0, 0.4)],
        )
        .unwrap();
        let columns: Vec<_> = [-30.0, 0.0, 1.5, 3.0].map(|m| g(m, 0.5)).to_vec();
        let rows: Vec<_> = [2.0, 4.1, 40.0].map(|m| g(m, 0.7)).to_vec();
        let axes = GridAxes::TwoComponents {
            column_component: 0,
            columns: columns.clone(),
            row_component: 1,
            rows: rows.clone(),
        };
        // Every observation one by one, and (with at most 7 values) the 7
        // distinct values in runs of equal multiplicity.
        for limit in [100, 7] {
            let prepared = DistinctData::new(&data, limit);
            assert!(!prepared.rounded());
            let grid = log_likelihood_grid(&family, &base, &prepared, &axes);
            for (j, row) in rows.iter().enumerate() {
                for (i, column) in columns.iter().enumerate() {
                    let expected = log_likelihood(
                        &family,
                        base.weights(),
                        vec![*column, *row, g(9.0, 0.4)],
                        &data,
                    );
                    let got = grid[j * columns.len() + i];
                    assert!(
                        (got - expected).abs() <= 1e-12 * expected.abs(),
                        "cell ({i}, {j}) with limit {limit}: {got} vs {expected}"
                    );
                }
            }
        }
    }

    #[test]
    fn many_different_multiplicities_run_by_binary_digit_and_agree_with_the_e_step() {
        // Value i/10 repeated i + 1 times: 60 distinct multiplicities.
        let data: Vec<f64> = (0..60u32)
            .flat_map(|i| std::iter::repeat_n(f64::from(i) / 10.0, i as usize + 1))
            .collect();
        let prepared = DistinctData::new(&data, 60);
        assert!(!prepared.rounded());
        // By multiplicity: 60 runs. By binary digit: 6 runs over Σ popcount
        // of 1…60 = 176 factors.
        assert_eq!(prepared.groups.len(), 6);
        assert_eq!(prepared.product_cost(), 176 + 6 * RUN_COST);
        let family = Gaussian::for_data(&data);
        let g = |mean, sigma| GaussianParams { mean, sigma };
        let base =
            MixtureParams::new(&family, vec![0.4, 0.6], vec![g(1.0, 0.8), g(4.0, 1.2)]).unwrap();
        let columns: Vec<_> = [0.5, 2.0, 20.0].map(|m| g(m, 0.8)).to_vec();
        let rows: Vec<_> = [3.0, 5.5].map(|m| g(m, 1.2)).to_vec();
        let axes = GridAxes::TwoComponents {
            column_component: 0,
            columns: columns.clone(),
            row_component: 1,
            rows: rows.clone(),
        };
        let grid = log_likelihood_grid(&family, &base, &prepared, &axes);
        for (j, row) in rows.iter().enumerate() {
            for (i, column) in columns.iter().enumerate() {
                let expected = log_likelihood(&family, base.weights(), vec![*column, *row], &data);
                let got = grid[j * columns.len() + i];
                assert!(
                    (got - expected).abs() <= 1e-11 * expected.abs(),
                    "cell ({i}, {j}): {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn cells_far_from_every_observation_are_still_exact() {
        // At (μ₁, μ₂) = (1000, −1000) every density underflows to 0.
        let data = [0.0, 10.0, 10.0];
        let family = Gaussian::for_data(&data);
        let g = |mean| GaussianParams { mean, sigma: 0.1 };
        let base = MixtureParams::new(&family, vec![0.5, 0.5], vec![g(0.0), g(10.0)]).unwrap();
        let axes = GridAxes::TwoComponents {
            column_component: 0,
            columns: vec![g(0.0), g(1000.0)],
            row_component: 1,
            rows: vec![g(10.0), g(-1000.0)],
        };
        let grid = log_likelihood_grid(&family, &base, &DistinctData::new(&data, 10), &axes);
        for (cell, (m1, m2)) in [
            (0.0, 10.0),
            (1000.0, 10.0),
            (0.0, -1000.0),
            (1000.0, -1000.0),
        ]
        .into_iter()
        .enumerate()
        {
            let expected = log_likelihood(&family, base.weights(), vec![g(m1), g(m2)], &data);
            assert!(
                (grid[cell] - expected).abs() <= 1e-12 * expected.abs(),
                "({m1}, {m2}): {} vs {expected}",
                grid[cell]
            );
        }
    }

    #[test]
    fn a_mean_and_sigma_of_one_component_agree_with_the_e_step() {
        let data = [0.1, 0.4, 0.4, 2.5, 3.0];
        let family = Gaussian::for_data(&data);
        let g = |mean, sigma| GaussianParams { mean, sigma };
        let base =
            MixtureParams::new(&family, vec![0.6, 0.4], vec![g(0.3, 0.2), g(2.8, 0.3)]).unwrap();
        let cells: Vec<_> = [(0.0, 0.1), (0.3, 0.2), (5.0, 0.05), (1.0, 3.0)]
            .map(|(m, s)| g(m, s))
            .to_vec();
        let axes = GridAxes::OneComponent {
            component: 1,
            columns: 2,
            cells: cells.clone(),
        };
        assert_eq!(axes.shape(), (2, 2));
        let grid = log_likelihood_grid(&family, &base, &DistinctData::new(&data, 100), &axes);
        for (cell, got) in cells.iter().zip(&grid) {
            let expected = log_likelihood(&family, base.weights(), vec![g(0.3, 0.2), *cell], &data);
            assert!((got - expected).abs() <= 1e-12 * expected.abs());
        }
    }

    #[test]
    fn impossible_cells_are_minus_infinity_not_nan() {
        // Heads observed, but both coins always land tails at p = q = 0.
        let data = [1.0, 0.0];
        let base = MixtureParams::new(&Bernoulli, vec![0.5, 0.5], vec![0.5, 0.5]).unwrap();
        let axes = GridAxes::TwoComponents {
            column_component: 0,
            columns: vec![0.0, 0.5],
            row_component: 1,
            rows: vec![0.0],
        };
        let grid = log_likelihood_grid(&Bernoulli, &base, &DistinctData::new(&data, 10), &axes);
        assert_eq!(grid[0], f64::NEG_INFINITY);
        // Only coin B can produce the head: L = (0.5·0.5) · (0.5·0.5 + 0.5·1).
        assert!((grid[1] - (0.25f64 * 0.75).ln()).abs() < 1e-15);
    }
}
