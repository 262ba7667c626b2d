//! Choosing K: EM for K = 1 … max from R seeded random starts each, the
//! best kept, and the criteria that weigh fit against size, all in smaller
//! than 50 ms slices so the page stays responsive.
//!
//! With p free parameters, N observations and log L the best fit's:
//! - AIC = 2p − 2 log L (Akaike): the expected fit to new data.
//! - BIC = p ln N − 2 log L (Schwarz): the posterior odds of the models; as
//!   scikit-learn's `GaussianMixture.bic`.
//! - ICL = BIC + 2 EN, EN = −Σᵢ Σₖ γᵢₖ ln γᵢₖ (Biernacki, Celeux & Govaert,
//!   2000, in the entropy form of McLachlan & Peel, 2000, eq. 6.71):
//!   components must also be told apart.
//!
//! Smaller is better for all three.

use serde::Serialize;

use super::Playground;
use crate::em::{EStepRule, EmSettings, List, MAX_COMPONENTS};
use crate::i18n::{Language, Localized};
use crate::models::Start;
use crate::random::SplitMix64;
use crate::session::{ParamsView, Session, SessionError};

/// The most random starts a comparison runs for each K.
pub const MAX_COMPARED_RESTARTS: usize = 100;
/// Work one slice does, in observation × component terms of EM iterations
/// (a few milliseconds in the browser, where a slice is run as several
/// smaller ones until its time is up).
pub const SLICE_BUDGET: usize = 200_000;

/// Why a comparison cannot start, or a fit cannot be loaded from it.
#[derive(Debug, Clone, PartialEq)]
pub enum ComparisonError {
    /// The model's K is fixed (the three coins).
    FixedK,
    /// A largest K outside 1 … [`MAX_COMPONENTS`].
    Max(usize),
    /// A number of restarts outside 1 … [`MAX_COMPARED_RESTARTS`].
    Restarts(usize),
    /// No finished comparison has a fit with this K.
    NoFit(usize),
}

impl Localized for ComparisonError {
    fn localized(&self, language: Language) -> String {
        let english = language == Language::English;
        match *self {
            ComparisonError::FixedK if english => {
                "This model's number of components is fixed; choose a mixture model to compare K."
                    .into()
            }
            ComparisonError::FixedK => "此模型的分量数是固定的；请选择混合模型来比较 K。".into(),
            ComparisonError::Max(max) if english => {
                format!("K up to {max} asked; choose a largest K from 1 to {MAX_COMPONENTS}.")
            }
            ComparisonError::Max(max) => {
                format!("请求了最大 K = {max}；请在 1 到 {MAX_COMPONENTS} 之间选择。")
            }
            ComparisonError::Restarts(count) if english => {
                format!("{count} restarts per K asked; choose from 1 to {MAX_COMPARED_RESTARTS}.")
            }
            ComparisonError::Restarts(count) => {
                format!(
                    "每个 K 请求了 {count} 次重启；请在 1 到 {MAX_COMPARED_RESTARTS} 之间选择。"
                )
            }
            ComparisonError::NoFit(k) if english => {
                format!("There is no compared fit with K = {k}; compare K again.")
            }
            ComparisonError::NoFit(k) => format!("没有 K = {k} 的比较结果；请重新比较 K。"),
        }
    }
}

impl From<ComparisonError> for SessionError {
    fn from(error: ComparisonError) -> Self {
        SessionError::Comparison(error)
    }
}

/// One K's best fit and its criteria (None where log L is −∞).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonRow {
    pub k: usize,
    pub log_likelihood: Option<f64>,
    /// The number of free parameters p.
    pub parameters: usize,
    /// p written out list by list, in the widget's language ("weights 1 + means 2 + σ values 2").
    pub parameters_counted: String,
    /// p list by list, to write out in either language.
    #[serde(skip)]
    parameter_lists: Vec<(List, usize)>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    pub icl: Option<f64>,
    /// The fit's parameters.
    pub params: ParamsView,
    /// The smallest σ of a 1-D Gaussian fit: a narrow component sitting on
    /// repeated values shows here (None for other models).
    pub narrowest_sigma: Option<f64>,
    /// The seed of the random start it came from, and its iterations.
    pub seed: u64,
    pub iterations: usize,
    pub converged: bool,
}

/// Which K each criterion picks (the smallest value; None before any row).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Picks {
    pub aic: Option<usize>,
    pub bic: Option<usize>,
    pub icl: Option<usize>,
}

/// How far a comparison is, and its rows so far (each K once all its starts ran).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonProgress {
    /// The largest K compared.
    pub max: usize,
    /// Runs finished, of `total` = max × restarts.
    pub done: usize,
    pub total: usize,
    pub finished: bool,
    pub observations: usize,
    pub rows: Vec<ComparisonRow>,
    pub picks: Picks,
}

/// One K's best run so far.
#[derive(Debug, Clone)]
struct Best {
    seed: u64,
    start: Box<dyn Start>,
    session: Session,
    log_likelihood: f64,
}

/// A comparison under way or done, on the data it started with (the
/// playground drops it when the data or the model change).
#[derive(Debug, Clone)]
pub(super) struct Comparison {
    max: usize,
    restarts: usize,
    seed: u64,
    /// The start when the comparison began: its covariance type, fixed
    /// weights and trials carry over to every K.
    base: Box<dyn Start>,
    settings: EmSettings,
    /// Runs finished.
    done: usize,
    /// The run under way: its seed, start and session.
    running: Option<(u64, Box<dyn Start>, Session)>,
    /// Per K (index K − 1).
    best: Vec<Option<Best>>,
    rows: Vec<ComparisonRow>,
}

impl Comparison {
    fn total(&self) -> usize {
        self.max * self.restarts
    }

    /// Counts a run of K = `k` done, and adds K's row once all its runs are.
    fn finish_run(&mut self, k: usize, size: usize) {
        self.done += 1;
        if self.done.is_multiple_of(self.restarts) {
            if let Some(best) = &self.best[k - 1] {
                self.rows.push(row(k, best, size));
            }
        }
    }
}

impl Playground {
    /// Starts comparing K = 1 … `max` with `restarts` random starts each
    /// (seeds `seed`, `seed` + 1, …), replacing any comparison; see
    /// [`Playground::advance_comparison`].
    pub fn start_comparison(
        &mut self,
        max: usize,
        restarts: usize,
        seed: u64,
    ) -> Result<(), SessionError> {
        if !self.setup().start.choose_components() {
            return Err(ComparisonError::FixedK.into());
        }
        if !(1..=MAX_COMPONENTS).contains(&max) {
            return Err(ComparisonError::Max(max).into());
        }
        if !(1..=MAX_COMPARED_RESTARTS).contains(&restarts) {
            return Err(ComparisonError::Restarts(restarts).into());
        }
        self.comparison = Some(Box::new(Comparison {
            max,
            restarts,
            seed,
            base: self.setup().start.clone(),
            settings: self.session.settings(),
            done: 0,
            running: None,
            best: vec![None; max],
            rows: Vec::new(),
        }));
        Ok(())
    }

    /// Runs the comparison for about `budget` observation × component terms
    /// (at least one iteration): whether it has finished, or None if there
    /// is none (see [`Playground::comparison`] for its rows).
    pub fn advance_comparison(&mut self, budget: usize) -> Option<bool> {
        let data = self.setup().data.clone();
        let size = data.len();
        let comparison = self.comparison.as_deref_mut()?;
        let mut spent = 0;
        while spent < budget && comparison.done < comparison.total() {
            let k = comparison.done / comparison.restarts + 1;
            if comparison.running.is_none() {
                let seed = comparison
                    .seed
                    .wrapping_add((comparison.done % comparison.restarts) as u64);
                let start = comparison
                    .base
                    .spread(&data, k)
                    .random(&data, &mut SplitMix64::new(seed));
                spent += size;
                match Session::new(data.clone(), &*start, comparison.settings) {
                    Ok(session) => comparison.running = Some((seed, start, session)),
                    // A start the data refuse (none is known) counts as a run that found nothing.
                    Err(_) => {
                        comparison.finish_run(k, size);
                        continue;
                    }
                }
            }
            let (_, _, session) = comparison.running.as_mut().expect("started above");
            let cost = size * k;
            let iterations = (budget.saturating_sub(spent) / cost).max(1);
            let ran = session.run_for(iterations);
            spent += cost * ran.max(1);
            if session.converged() || session.at_iteration_cap() || ran < iterations {
                let (seed, start, session) = comparison.running.take().expect("running");
                keep_if_best(&mut comparison.best[k - 1], seed, start, session);
                comparison.finish_run(k, size);
            }
        }
        Some(comparison.done == comparison.total())
    }

    /// The comparison's progress and rows, each K's free parameters written
    /// out in `language`.
    pub fn comparison(&self, language: Language) -> Option<ComparisonProgress> {
        let comparison = self.comparison.as_deref()?;
        Some(progress(comparison, self.setup().data.len(), language))
    }

    /// Stops the comparison and forgets it.
    pub fn cancel_comparison(&mut self) {
        self.comparison = None;
    }

    /// Makes the compared fit with `k` components the widget's: its random
    /// start becomes θ⁽⁰⁾ and its iterations the history, to step back
    /// through or on from. The comparison stays, to load another.
    pub fn load_compared(&mut self, k: usize) -> Result<(), SessionError> {
        // K's row exists once all its runs are done; only then is its best final.
        let best = self
            .comparison
            .as_ref()
            .filter(|c| (1..=c.max).contains(&k) && c.done >= k * c.restarts)
            .and_then(|c| c.best[k - 1].clone())
            .ok_or(ComparisonError::NoFit(k))?;
        let mut session = best.session;
        session.set_ascent(self.ascent_rate)?;
        let slot = Self::slot(self.model());
        self.setups[slot].start = best.start;
        self.rule = EStepRule::Posterior;
        self.session = session;
        Ok(())
    }
}

fn keep_if_best(best: &mut Option<Best>, seed: u64, start: Box<dyn Start>, mut session: Session) {
    let log_likelihood = session
        .state_rows(0)
        .log_likelihood
        .unwrap_or(f64::NEG_INFINITY);
    if best
        .as_ref()
        .is_none_or(|b| log_likelihood > b.log_likelihood)
    {
        // Kept for its row and Load: the E-step prepared ahead would double its memory.
        session.drop_prefetched();
        *best = Some(Best {
            seed,
            start,
            session,
            log_likelihood,
        });
    }
}

/// K's row: the best fit's criteria, with the entropy of one more E-step at its θ.
fn row(k: usize, best: &Best, size: usize) -> ComparisonRow {
    let state = best.session.state_rows(0);
    let parts = best.start.free_parameters();
    let parameters: usize = parts.iter().map(|(_, count)| count).sum();
    let mut at_fit = best.session.clone();
    at_fit.e_step();
    let entropy = at_fit.state_rows(0).entropy.unwrap_or(0.0);
    let log_l = state.log_likelihood;
    let p = parameters as f64;
    ComparisonRow {
        k,
        log_likelihood: log_l,
        parameters,
        parameters_counted: String::new(),
        parameter_lists: parts,
        aic: log_l.map(|l| 2.0 * p - 2.0 * l),
        bic: log_l.map(|l| p * (size as f64).ln() - 2.0 * l),
        icl: log_l.map(|l| p * (size as f64).ln() - 2.0 * l + 2.0 * entropy),
        narrowest_sigma: state.params.smallest_sigma(),
        params: state.params,
        seed: best.seed,
        iterations: state.iteration,
        converged: state.converged,
    }
}

/// "weights 1 + means 2 + σ values 2", leaving out lists with none.
fn counted(parts: &[(List, usize)], language: Language) -> String {
    parts
        .iter()
        .filter(|(_, count)| *count > 0)
        .map(|(list, count)| format!("{} {count}", list.name(language)))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn progress(
    comparison: &Comparison,
    observations: usize,
    language: Language,
) -> ComparisonProgress {
    let pick = |value: fn(&ComparisonRow) -> Option<f64>| {
        comparison
            .rows
            .iter()
            .filter_map(|row| Some((row.k, value(row)?)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k)
    };
    ComparisonProgress {
        max: comparison.max,
        done: comparison.done,
        total: comparison.total(),
        finished: comparison.done == comparison.total(),
        observations,
        rows: comparison
            .rows
            .iter()
            .map(|row| ComparisonRow {
                parameters_counted: counted(&row.parameter_lists, language),
                ..row.clone()
            })
            .collect(),
        picks: Picks {
            aic: pick(|row| row.aic),
            bic: pick(|row| row.bic),
            icl: pick(|row| row.icl),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::ModelKind;

    fn finished(playground: &mut Playground) -> ComparisonProgress {
        while !playground.advance_comparison(SLICE_BUDGET).unwrap() {}
        playground.comparison(Language::English).unwrap()
    }

    #[test]
    fn criteria_follow_their_formulas_and_pick_two_clusters() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
        playground
            .set_data_text("1.0, 1.2, 0.8, 1.1, 0.9, 1.05, 5.0, 5.2, 4.8, 5.1, 4.9, 4.95")
            .unwrap();
        playground.start_comparison(3, 5, 1).unwrap();
        let progress = finished(&mut playground);
        assert_eq!(
            (progress.done, progress.total, progress.rows.len()),
            (15, 15, 3)
        );
        let n = 12f64;
        for row in &progress.rows {
            let log_l = row.log_likelihood.unwrap();
            assert_eq!(row.parameters, 3 * row.k - 1);
            let p = row.parameters as f64;
            assert!((row.aic.unwrap() - (2.0 * p - 2.0 * log_l)).abs() < 1e-9);
            assert!((row.bic.unwrap() - (p * n.ln() - 2.0 * log_l)).abs() < 1e-9);
            assert!(row.icl.unwrap() >= row.bic.unwrap());
        }
        assert_eq!(
            progress.rows[1].parameters_counted,
            "weights 1 + means 2 + σ values 2"
        );
        // Written out in the language asked for.
        let chinese = playground.comparison(Language::Chinese).unwrap();
        assert_eq!(
            chinese.rows[1].parameters_counted,
            "权重 1 + 均值 2 + σ 值 2"
        );
        assert_eq!(progress.picks.bic, Some(2));
        assert_eq!(progress.picks.icl, Some(2));
        // K = 1 has no entropy: ICL = BIC.
        assert_eq!(progress.rows[0].icl, progress.rows[0].bic);
    }

    #[test]
    fn a_loaded_fit_keeps_its_history_and_its_start() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Poisson).unwrap();
        playground.start_comparison(2, 3, 7).unwrap();
        assert_eq!(
            playground.load_compared(2).unwrap_err(),
            ComparisonError::NoFit(2).into()
        );
        let progress = finished(&mut playground);
        playground.load_compared(2).unwrap();
        let state = playground.state();
        assert_eq!(state.components, 2);
        assert_eq!(state.fit.iteration, progress.rows[1].iterations);
        assert_eq!(state.fit.params, progress.rows[1].params);
        assert_eq!(state.fit.log_likelihood, progress.rows[1].log_likelihood);
        // Stepping back reaches θ⁽⁰⁾, the seeded random start.
        while playground.session_mut().back() {}
        let mut again = playground.clone();
        again.random_start(progress.rows[1].seed).unwrap();
        assert_eq!(playground.state().fit.params, again.state().fit.params);
        // New data end the comparison.
        playground.set_data_text("1, 2, 3").unwrap();
        assert!(playground.comparison(Language::English).is_none());
    }

    #[test]
    fn slices_are_bounded_and_limits_are_checked() {
        let mut playground = Playground::new();
        assert_eq!(
            playground.start_comparison(2, 2, 0).unwrap_err(),
            ComparisonError::FixedK.into()
        );
        playground.set_model(ModelKind::Gmm).unwrap();
        assert!(playground.start_comparison(0, 2, 0).is_err());
        assert!(playground.start_comparison(9, 2, 0).is_err());
        assert!(playground.start_comparison(2, 0, 0).is_err());
        assert!(playground.start_comparison(2, 101, 0).is_err());
        playground
            .synthesize(100_000, 3, &["0.5, 0.5", "0, 4", "1, 1"])
            .unwrap();
        playground.start_comparison(3, 2, 0).unwrap();
        // One slice at N = 10⁵ runs at most two iterations of K = 1 (and
        // K = 1 converges in two: the first reaches the maximum).
        assert_eq!(playground.advance_comparison(SLICE_BUDGET), Some(false));
        let first = playground.comparison(Language::English).unwrap();
        assert!(first.done <= 1 && !first.finished, "{first:?}");
        playground.cancel_comparison();
        assert!(playground.advance_comparison(SLICE_BUDGET).is_none());
    }
}
