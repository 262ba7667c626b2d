//! The likelihood landscape's data: log L over two parameters through the
//! current θ⁽ⁱ⁾, with the paths EM and gradient ascent took.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::Model;
use crate::em::{
    log_likelihood_grid, Bernoulli, ComponentFamily, DistinctData, Gaussian, GaussianParams,
    GridAxes, MixtureParams, RUN_COST,
};

/// The most observations a landscape evaluates one by one; beyond it
/// repeated values are counted once, and with more distinct values than
/// this the data are rounded to 1/1024 of their range (the landscape says so).
pub const LANDSCAPE_MAX_DISTINCT: usize = 1024;
/// The same for a draft landscape and for the bound slices: rounded to 1/256
/// of the range, so that a draft of large data costs a sixteenth of a sharp
/// one at its least size, and a bound slice stays within a few milliseconds.
pub const DRAFT_MAX_DISTINCT: usize = 256;

/// The data's distinct values (see [`DistinctData`]), built once per data
/// set on first use, at two roundings: [`LANDSCAPE_MAX_DISTINCT`] and
/// [`DRAFT_MAX_DISTINCT`].
#[derive(Debug, Clone, Default)]
pub struct DistinctCache {
    sharp: OnceLock<Arc<DistinctData>>,
    coarse: OnceLock<Arc<DistinctData>>,
}

impl DistinctCache {
    /// The distinct values of `data` (the data this cache was made for) a
    /// landscape computed as finely as `detail` says uses.
    pub fn for_landscape(&self, data: &[f64], detail: Detail) -> &DistinctData {
        match detail {
            Detail::Sharp => self
                .sharp
                .get_or_init(|| Arc::new(DistinctData::new(data, LANDSCAPE_MAX_DISTINCT))),
            Detail::Draft => self.for_bound(data),
        }
    }

    /// The distinct values of `data` a bound slice uses (a curve over one
    /// parameter: the coarser rounding is invisible at its resolution).
    pub fn for_bound(&self, data: &[f64]) -> &DistinctData {
        self.coarse
            .get_or_init(|| Arc::new(DistinctData::new(data, DRAFT_MAX_DISTINCT)))
    }
}

/// How finely a landscape is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// A 36th of the full budget, over data rounded more coarsely (see
    /// [`DRAFT_MAX_DISTINCT`]): what a step redraws at once.
    Draft,
    /// The full budget, up to 200 × 200 cells: once the state is still.
    Sharp,
}

/// Cells per side at most: 200 × 200 for up to 300 observations (Old
/// Faithful has 272) when the axes vary two components.
const MAX_SIDE: usize = 200;
/// Cells per side at least, however large the data.
const MIN_SIDE: usize = 48;
/// Cells per side at least in a draft: coarser cells show as blocks.
const DRAFT_MIN_SIDE: usize = 32;
/// Cells × terms a landscape may cost, counting one multiplication per
/// observation (two components varied) as one term.
const BUDGET: usize = MAX_SIDE * MAX_SIDE * (300 + RUN_COST);
/// A cell varying one component costs an exp and a ln per distinct value,
/// about this many multiplications (measured by `cargo bench --bench landscape`).
const EXP_AND_LN_COST: usize = 17;

/// The two parameters a landscape varies. Components are 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LandscapeAxes {
    /// The coins: p across, q up, at the current π.
    CoinHeads,
    /// Gaussians: μ of `first` across, μ of `second` up.
    Means { first: usize, second: usize },
    /// Gaussians: μ of `component` across, its σ up.
    MeanSigma { component: usize },
    /// One-number components (rates): component `first`'s across, `second`'s up.
    Values { first: usize, second: usize },
}

impl LandscapeAxes {
    /// Reads `pq`, `means` or `values` (with two components) or `mean-sigma` (with one).
    pub fn parse(kind: &str, first: usize, second: usize) -> Option<Self> {
        match kind {
            "pq" => Some(LandscapeAxes::CoinHeads),
            "means" if first != second => Some(LandscapeAxes::Means { first, second }),
            "mean-sigma" => Some(LandscapeAxes::MeanSigma { component: first }),
            "values" if first != second => Some(LandscapeAxes::Values { first, second }),
            _ => None,
        }
    }
}

impl LandscapeAxes {
    /// The axes as the address writes them: `pq`, `means-1-2`, `values-1-2`
    /// or `mean-sigma-1` (components from 1, as on the page).
    pub fn query(self) -> String {
        match self {
            LandscapeAxes::CoinHeads => "pq".into(),
            LandscapeAxes::Means { first, second } => format!("means-{}-{}", first + 1, second + 1),
            LandscapeAxes::Values { first, second } => {
                format!("values-{}-{}", first + 1, second + 1)
            }
            LandscapeAxes::MeanSigma { component } => format!("mean-sigma-{}", component + 1),
        }
    }

    /// Reads a [`query`](Self::query) back as (kind, first, second), 0-based,
    /// for [`parse`](Self::parse); None if it is not written that way.
    pub fn parse_query(text: &str) -> Option<(&'static str, usize, usize)> {
        let text = text.trim();
        let (kind, rest) = ["mean-sigma", "means", "values", "pq"]
            .into_iter()
            .find_map(|kind| Some((kind, text.strip_prefix(kind)?)))?;
        let parts: Vec<&str> = match rest {
            "" => Vec::new(),
            _ => rest.strip_prefix('-')?.split('-').collect(),
        };
        if parts.len() > 2 {
            return None;
        }
        let mut indices = Vec::new();
        for part in parts {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            let index: usize = part.parse().ok().filter(|&i| digits && i >= 1)?;
            indices.push(index - 1);
        }
        Some((
            kind,
            indices.first().copied().unwrap_or(0),
            indices.get(1).copied().unwrap_or(0),
        ))
    }
}

/// A cell's centre and its log L.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridPoint {
    pub x: f64,
    pub y: f64,
    pub log_likelihood: f64,
}

/// The coin model's ridge of maxima: every (p, q) with πp + (1 − π)q = ȳ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ridge {
    pub pi: f64,
    /// ȳ, the share of heads.
    pub mean: f64,
}

/// log L on a grid over two parameters, the others as in θ⁽ⁱ⁾.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Landscape {
    pub axes: LandscapeAxes,
    /// The first and last cells' outer edges across…
    pub x_range: [f64; 2],
    /// …and up.
    pub y_range: [f64; 2],
    pub columns: usize,
    pub rows: usize,
    /// log L per cell, row by row from the bottom (smallest y) row; −∞ where
    /// an observation is impossible. Not sent to JavaScript.
    #[serde(skip)]
    pub values: Vec<f64>,
    /// The cell with the highest log L.
    pub best: Option<GridPoint>,
    /// θ⁽⁰⁾ … θ⁽ⁱ⁾ of EM in the two parameters.
    pub em_path: Vec<[f64; 2]>,
    /// Gradient ascent's path, as many steps as EM's, when it is shown.
    pub ascent_path: Vec<[f64; 2]>,
    /// The coins' ridge at the current π.
    pub ridge: Option<Ridge>,
    /// Whether the data were rounded to keep the grid fast.
    pub rounded: bool,
    /// The symbol of the varied values (λ), for one-number components.
    #[serde(skip)]
    pub symbol: &'static str,
}

impl Landscape {
    /// The centre of column `i` (0-based).
    pub fn column_centre(&self, i: usize) -> f64 {
        centre(self.x_range, self.columns, i)
    }

    /// The centre of row `j` (0-based, from the bottom).
    pub fn row_centre(&self, j: usize) -> f64 {
        centre(self.y_range, self.rows, j)
    }
}

fn centre([low, high]: [f64; 2], count: usize, i: usize) -> f64 {
    low + (high - low) * (i as f64 + 0.5) / count as f64
}

fn centres(range: [f64; 2], count: usize) -> impl Iterator<Item = f64> {
    (0..count).map(move |i| centre(range, count, i))
}

/// Cells per side so that cells × terms per cell stays in the budget (a
/// draft has a 36th of it, so a sixth of the side, down to `DRAFT_MIN_SIDE`).
fn side_for(terms: usize, detail: Detail) -> usize {
    let (budget, min_side) = match detail {
        Detail::Sharp => (BUDGET, MIN_SIDE),
        Detail::Draft => (BUDGET / 36, DRAFT_MIN_SIDE),
    };
    let cells = budget / terms.max(1);
    ((cells as f64).sqrt() as usize).clamp(min_side, MAX_SIDE)
}

/// Evaluates the grid and finds its best cell; `point` maps θ to the axes.
fn assemble<F: ComponentFamily<Observation = f64>>(
    model: &Model<F>,
    axes: LandscapeAxes,
    data: &DistinctData,
    ranges: [[f64; 2]; 2],
    grid: GridAxes<F::Params>,
    point: impl Fn(&MixtureParams<F::Params>) -> [f64; 2],
) -> Landscape {
    let stepper = &model.stepper;
    let (columns, rows) = grid.shape();
    let values = log_likelihood_grid(stepper.family(), stepper.params(), data, &grid);
    let mut landscape = with_paths(model, axes, ranges, [columns, rows], values, point);
    landscape.rounded = data.rounded();
    landscape
}

/// A landscape of `values` (row by row from the bottom) with both paths
/// mapped to the axes by `point`, and its best cell.
fn with_paths<F: ComponentFamily>(
    model: &Model<F>,
    axes: LandscapeAxes,
    ranges: [[f64; 2]; 2],
    [columns, rows]: [usize; 2],
    values: Vec<f64>,
    point: impl Fn(&MixtureParams<F::Params>) -> [f64; 2],
) -> Landscape {
    let stepper = &model.stepper;
    let mut landscape = Landscape {
        axes,
        x_range: ranges[0],
        y_range: ranges[1],
        columns,
        rows,
        values,
        best: None,
        em_path: stepper.history().iter().map(|r| point(&r.params)).collect(),
        ascent_path: model
            .ascent_path()
            .iter()
            .map(|a| point(&a.params))
            .collect(),
        ridge: None,
        rounded: false,
        symbol: "",
    };
    landscape.best = landscape
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(index, &log_likelihood)| GridPoint {
            x: landscape.column_centre(index % columns),
            y: landscape.row_centre(index / columns),
            log_likelihood,
        });
    landscape
}

/// p across, q up, at the current π: the ridge πp + (1 − π)q = ȳ shows.
pub(crate) fn coins_landscape(
    detail: Detail,
    model: &Model<Bernoulli>,
    axes: LandscapeAxes,
    data: &DistinctData,
) -> Option<Landscape> {
    if axes != LandscapeAxes::CoinHeads {
        return None;
    }
    let side = side_for(data.product_cost(), detail);
    let unit = [0.0, 1.0];
    let grid = GridAxes::TwoComponents {
        column_component: 0,
        columns: centres(unit, side).collect(),
        row_component: 1,
        rows: centres(unit, side).collect(),
    };
    let mut landscape = assemble(model, axes, data, [unit, unit], grid, |params| {
        [params.components()[0], params.components()[1]]
    });
    let heads: f64 = data
        .values()
        .iter()
        .zip(data.counts())
        .map(|(y, n)| y * n)
        .sum();
    landscape.ridge = Some(Ridge {
        pi: model.stepper.params().weights()[0],
        mean: heads / data.counts().iter().sum::<f64>(),
    });
    Some(landscape)
}

/// Two means, or one component's mean and σ, through the current θ⁽ⁱ⁾.
pub(crate) fn gaussians_landscape(
    detail: Detail,
    model: &Model<Gaussian>,
    axes: LandscapeAxes,
    data: &DistinctData,
) -> Option<Landscape> {
    let stepper = &model.stepper;
    let components = stepper.params().components();
    let values = data.values();
    let (min, max) = (values[0], values[values.len() - 1]);
    let span = (max - min).max(f64::EPSILON * max.abs().max(1.0));
    let means = [min - 0.1 * span, max + 0.1 * span];
    match axes {
        LandscapeAxes::Means { first, second }
            if first != second && first.max(second) < components.len() =>
        {
            let side = side_for(data.product_cost(), detail);
            let with_mean = |component: usize| {
                let sigma = components[component].sigma;
                centres(means, side)
                    .map(|mean| GaussianParams { mean, sigma })
                    .collect()
            };
            let grid = GridAxes::TwoComponents {
                column_component: first,
                columns: with_mean(first),
                row_component: second,
                rows: with_mean(second),
            };
            Some(assemble(model, axes, data, [means, means], grid, |p| {
                [p.components()[first].mean, p.components()[second].mean]
            }))
        }
        LandscapeAxes::MeanSigma { component } if component < components.len() => {
            let side = side_for(values.len() * EXP_AND_LN_COST, detail);
            let sigmas = sigma_range(model, component, span);
            let cells = centres(sigmas, side)
                .flat_map(|sigma| {
                    centres(means, side).map(move |mean| GaussianParams { mean, sigma })
                })
                .collect();
            let grid = GridAxes::OneComponent {
                component,
                columns: side,
                cells,
            };
            Some(assemble(model, axes, data, [means, sigmas], grid, |p| {
                let theta = p.components()[component];
                [theta.mean, theta.sigma]
            }))
        }
        _ => None,
    }
}

/// Two one-number components' values (named `symbol`) through the current
/// θ⁽ⁱ⁾, from 0 (exclusive) to twice the largest either path reaches.
pub(crate) fn scalar_landscape<F: ComponentFamily<Observation = f64, Params = f64>>(
    detail: Detail,
    model: &Model<F>,
    axes: LandscapeAxes,
    data: &DistinctData,
    symbol: &'static str,
) -> Option<Landscape> {
    let LandscapeAxes::Values { first, second } = axes else {
        return None;
    };
    let k = model.stepper.params().len();
    if first == second || first.max(second) >= k {
        return None;
    }
    let on_paths = model
        .stepper
        .history()
        .iter()
        .map(|r| &r.params)
        .chain(model.ascent_path().iter().map(|a| &a.params))
        .flat_map(|p| [p.components()[first], p.components()[second]])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let high = 2.0 * if on_paths > 0.0 { on_paths } else { 1.0 };
    let range = [high / 200.0, high];
    let side = side_for(data.product_cost(), detail);
    let grid = GridAxes::TwoComponents {
        column_component: first,
        columns: centres(range, side).collect(),
        row_component: second,
        rows: centres(range, side).collect(),
    };
    let mut landscape = assemble(model, axes, data, [range, range], grid, |p| {
        [p.components()[first], p.components()[second]]
    });
    landscape.symbol = symbol;
    Some(landscape)
}

/// The landscape over two one-number components' values for observations
/// that are not numbers (the binomial's counts): `groups` holds each
/// different observation with how often it occurs; log L is summed over
/// them cell by cell, with each axis value's f(x | θ) computed once.
pub(crate) fn grouped_landscape<F: ComponentFamily<Params = f64>>(
    detail: Detail,
    model: &Model<F>,
    axes: LandscapeAxes,
    groups: &[(F::Observation, f64)],
    range: [f64; 2],
    symbol: &'static str,
) -> Option<Landscape> {
    let LandscapeAxes::Values { first, second } = axes else {
        return None;
    };
    let params = model.stepper.params();
    let (weights, components) = (params.weights(), params.components());
    if first == second || first.max(second) >= components.len() {
        return None;
    }
    let family = model.stepper.family();
    let side = side_for(groups.len() * 2 * EXP_AND_LN_COST, detail);
    let axis: Vec<f64> = centres(range, side).collect();
    // wₖ f(x | θ) for each group, at each axis value, for the two varied components.
    let weighted = |k: usize, theta: f64| -> Vec<f64> {
        let prepared = family.prepare(&theta);
        groups
            .iter()
            .map(|(x, _)| weights[k] * F::log_density(&prepared, *x).exp())
            .collect()
    };
    let columns: Vec<Vec<f64>> = axis.iter().map(|&t| weighted(first, t)).collect();
    let rows: Vec<Vec<f64>> = axis.iter().map(|&t| weighted(second, t)).collect();
    // The other components' share, the same in every cell.
    let rest: Vec<f64> = groups
        .iter()
        .map(|(x, _)| {
            (0..components.len())
                .filter(|&k| k != first && k != second)
                .map(|k| weights[k] * F::log_density(&family.prepare(&components[k]), *x).exp())
                .sum()
        })
        .collect();
    let values = rows
        .iter()
        .flat_map(|row| {
            columns.iter().map(|column| {
                groups
                    .iter()
                    .enumerate()
                    .map(|(g, (_, count))| count * (column[g] + row[g] + rest[g]).ln())
                    .sum()
            })
        })
        .collect();
    let mut landscape = with_paths(model, axes, [range, range], [side, side], values, |p| {
        [p.components()[first], p.components()[second]]
    });
    landscape.symbol = symbol;
    Some(landscape)
}

/// σ from span/100 to span/2, widened to hold every σ on the two paths.
fn sigma_range(model: &Model<Gaussian>, component: usize, span: f64) -> [f64; 2] {
    let on_paths = model
        .stepper
        .history()
        .iter()
        .map(|r| r.params.components()[component].sigma)
        .chain(
            model
                .ascent_path()
                .iter()
                .map(|a| a.params.components()[component].sigma),
        );
    let (low, high) = on_paths.fold((span / 100.0, span / 2.0), |(low, high), sigma| {
        (low.min(0.9 * sigma), high.max(1.1 * sigma))
    });
    [low, high]
}

#[cfg(test)]
mod query_tests {
    use super::LandscapeAxes;

    #[test]
    fn the_address_writes_and_reads_the_axes() {
        for axes in [
            LandscapeAxes::CoinHeads,
            LandscapeAxes::Means {
                first: 0,
                second: 2,
            },
            LandscapeAxes::MeanSigma { component: 1 },
            LandscapeAxes::Values {
                first: 1,
                second: 0,
            },
        ] {
            let (kind, first, second) = LandscapeAxes::parse_query(&axes.query()).unwrap();
            assert_eq!(LandscapeAxes::parse(kind, first, second), Some(axes));
        }
        for bad in [
            "",
            "means-",
            "means-0-1",
            "means-1-2-3",
            "mean",
            "pqx",
            "means-a-b",
            "values-+1-2",
        ] {
            assert_eq!(LandscapeAxes::parse_query(bad), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::datasets::{old_faithful_eruptions, COIN_TOSSES};
    use crate::em::{EmSettings, ThreeCoins};
    use crate::models::GaussianStart;
    use crate::session::{LandscapeAxes, Session};

    fn coins(pi: f64, p: f64, q: f64) -> Session {
        let start = ThreeCoins { pi, p, q };
        Session::new(COIN_TOSSES.to_vec(), &start, EmSettings::default()).unwrap()
    }

    #[test]
    fn the_coin_maximum_lies_on_the_ridge() {
        for (pi, p, q) in [(0.46, 0.55, 0.67), (0.5, 0.5, 0.5), (0.2, 0.9, 0.3)] {
            let mut session = coins(pi, p, q);
            session.run_for(100);
            let landscape = session.landscape(LandscapeAxes::CoinHeads).unwrap();
            assert_eq!((landscape.columns, landscape.rows), (200, 200));
            let ridge = landscape.ridge.unwrap();
            // Li Hang's tosses: 6 heads in 10.
            assert!((ridge.mean - 0.6).abs() < 1e-15);
            let best = landscape.best.unwrap();
            // The best cell centre is within one cell of the line πp + (1 − π)q = ȳ.
            let cell = 1.0 / 200.0;
            let miss = ridge.pi * best.x + (1.0 - ridge.pi) * best.y - ridge.mean;
            assert!(
                miss.abs() <= cell,
                "best cell {best:?} is {miss} off the ridge"
            );
            // On the ridge log L is the maximum 10 log 0.6 + ... of a single coin with p = ȳ.
            let maximum = 6.0 * 0.6f64.ln() + 4.0 * 0.4f64.ln();
            assert!(best.log_likelihood <= maximum + 1e-12);
            assert!(best.log_likelihood > maximum - 0.01);
        }
    }

    #[test]
    fn the_em_path_starts_at_the_start_and_ends_at_the_current_theta() {
        let mut session = coins(0.46, 0.55, 0.67);
        session.step();
        session.step();
        let landscape = session.landscape(LandscapeAxes::CoinHeads).unwrap();
        assert_eq!(landscape.em_path.len(), 3);
        assert_eq!(landscape.em_path[0], [0.55, 0.67]);
        assert!(landscape.ascent_path.is_empty());
        assert_eq!(
            session.landscape(LandscapeAxes::MeanSigma { component: 0 }),
            None
        );
    }

    #[test]
    fn old_faithful_gets_a_full_grid_whose_best_cell_is_near_the_fit() {
        let start = GaussianStart {
            weights: vec![0.5, 0.5],
            means: vec![2.0, 4.5],
            sigmas: vec![0.3, 0.4],
        };
        let mut session =
            Session::new(old_faithful_eruptions(), &start, EmSettings::default()).unwrap();
        session.run_for(200);
        let axes = LandscapeAxes::Means {
            first: 0,
            second: 1,
        };
        let landscape = session.landscape(axes).unwrap();
        assert_eq!(
            (landscape.columns, landscape.rows, landscape.rounded),
            (200, 200, false)
        );
        // At convergence the means maximise log L with the rest fixed, so the
        // best cell is the one holding (μ₁, μ₂) = EM's estimate.
        let [mean_1, mean_2] = landscape.em_path[landscape.em_path.len() - 1];
        let best = landscape.best.unwrap();
        let cell = (landscape.x_range[1] - landscape.x_range[0]) / 200.0;
        assert!((best.x - mean_1).abs() <= cell && (best.y - mean_2).abs() <= cell);
        let sigma = session
            .landscape(LandscapeAxes::MeanSigma { component: 1 })
            .unwrap();
        assert!(sigma.values.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn a_draft_of_large_data_is_coarse_cheap_and_peaks_where_the_sharp_grid_does() {
        // 10⁴ distinct values from two well separated groups.
        let data: Vec<f64> = (0..10_000)
            .map(|i| {
                let u = (i as f64 + 0.5) / 10_000.0;
                if i % 2 == 0 {
                    -2.0 + u
                } else {
                    3.0 + u
                }
            })
            .collect();
        let start = GaussianStart {
            weights: vec![0.5, 0.5],
            means: vec![-1.0, 2.5],
            sigmas: vec![1.0, 1.0],
        };
        let mut session = Session::new(data, &start, EmSettings::default()).unwrap();
        session.run_for(50);
        let axes = LandscapeAxes::Means {
            first: 0,
            second: 1,
        };
        let sharp = session.landscape(axes).unwrap();
        let draft = session.landscape_in(super::Detail::Draft, axes).unwrap();
        assert!(sharp.rounded && draft.rounded);
        // Terms: cells × distinct values (1,024 sharp, 256 draft).
        let sharp_cost = sharp.columns * sharp.rows * super::LANDSCAPE_MAX_DISTINCT;
        let draft_cost = draft.columns * draft.rows * super::DRAFT_MAX_DISTINCT;
        assert!(draft.columns >= super::DRAFT_MIN_SIDE);
        assert!(
            draft_cost * 12 <= sharp_cost,
            "{draft_cost} against {sharp_cost}"
        );
        // The draft's best cell is within one of its cells of the sharp one's.
        let (a, b) = (sharp.best.unwrap(), draft.best.unwrap());
        let cell = (draft.x_range[1] - draft.x_range[0]) / draft.columns as f64;
        assert!((a.x - b.x).abs() <= cell && (a.y - b.y).abs() <= cell);
        assert!(draft.values.iter().all(|v| v.is_finite()));
    }
}
