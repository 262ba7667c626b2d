//! A model's fit behind one object-safe trait: EM's stepper (and gradient
//! ascent beside it) for whichever teaching model, with the model's own hooks
//! (its parameters' view, its bound slices, its landscape) supplied by its
//! module through [`TeachingModel`]. The session never matches on the model.

use std::borrow::Cow;
use std::sync::Arc;

use super::{
    finite, AscentView, BoundSlice, DataAxes, Detail, DistinctCache, HistoryView, Landscape,
    LandscapeAxes, ModelKind, ObservationView, Observations, ParamsView, ResponsibilityRows,
    SliceParameter, StateView, ValueOrder,
};
use crate::charts::ChartHooks;
use crate::em::{
    AscentPoint, ComponentFamily, EStepRule, EmError, EmSettings, EmStepper, GradientAscent,
    IterationRecord, MixtureParams, Responsibilities, Successes,
};

/// The parameters θₖ of a model's family.
pub type Params<M> = <<M as TeachingModel>::Family as ComponentFamily>::Params;

/// Observations the views can show: numbers, or points in the plane.
pub trait Shown: Sized {
    /// A list of them as JavaScript sees it.
    fn observations(data: &[Self]) -> Observations;
    /// One of them: one number, or x and y.
    fn coordinates(&self) -> Vec<f64>;
}

impl Shown for f64 {
    fn observations(data: &[f64]) -> Observations {
        Observations::Values(data.to_vec())
    }
    fn coordinates(&self) -> Vec<f64> {
        vec![*self]
    }
}

impl Shown for [f64; 2] {
    fn observations(data: &[[f64; 2]]) -> Observations {
        Observations::Points(data.to_vec())
    }
    fn coordinates(&self) -> Vec<f64> {
        self.to_vec()
    }
}

impl Shown for Successes {
    fn observations(data: &[Successes]) -> Observations {
        Observations::Counts(data.iter().map(|x| [x.successes, x.trials]).collect())
    }
    fn coordinates(&self) -> Vec<f64> {
        vec![self.successes, self.trials]
    }
}

/// What a teaching model's module tells the session about its fit.
pub trait TeachingModel: 'static {
    /// The component family EM fits.
    type Family: ComponentFamily<Observation: Shown>;
    /// Which model this is.
    const KIND: ModelKind;
    /// How the charts show it.
    const CHARTS: ChartHooks;

    /// θ as JavaScript sees it.
    fn params_view(params: &MixtureParams<Params<Self>>) -> ParamsView;

    /// log L and its lower bound along one parameter, if the model has it
    /// (`distinct` caches the data with repeats counted once).
    fn bound_slice(
        _stepper: &EmStepper<Self::Family>,
        _distinct: &DistinctCache,
        _parameter: SliceParameter,
        _component: usize,
    ) -> Option<BoundSlice> {
        None
    }

    /// Whether the model has these landscape axes with its current components.
    fn landscape_fits(_axes: LandscapeAxes, _components: usize) -> bool {
        false
    }

    /// log L over two parameters with both paths (`distinct` caches the data
    /// with repeats counted once), if the model has a landscape.
    fn landscape(
        _detail: Detail,
        _model: &Model<Self::Family>,
        _axes: LandscapeAxes,
        _distinct: &DistinctCache,
    ) -> Option<Landscape> {
        None
    }
}

/// EM on one model, and gradient ascent from the same start when it is shown.
#[derive(Debug, Clone)]
pub struct Model<F: ComponentFamily> {
    pub stepper: EmStepper<F>,
    pub ascent: Option<GradientAscent<F>>,
}

impl<F: ComponentFamily> Model<F> {
    pub fn new(stepper: EmStepper<F>) -> Self {
        Model {
            stepper,
            ascent: None,
        }
    }

    /// Gradient ascent with step size `rate` from θ⁽⁰⁾, or none.
    fn set_ascent(&mut self, rate: Option<f64>) -> Result<(), EmError> {
        self.ascent = rate
            .map(|rate| {
                let start = self.stepper.history()[0].params.clone();
                let ascent =
                    GradientAscent::new(self.stepper.family(), start, self.stepper.data(), rate)?;
                // Weights EM holds fixed stay fixed on gradient ascent's path too.
                Ok::<_, EmError>(if self.stepper.fixed_weights() {
                    ascent.with_fixed_weights()
                } else {
                    ascent
                })
            })
            .transpose()?;
        self.sync_ascent();
        Ok(())
    }

    /// Takes as many ascent steps as EM has taken iterations.
    fn sync_ascent(&mut self) {
        if let Some(ascent) = &mut self.ascent {
            let stepper = &self.stepper;
            ascent.extend_to(stepper.family(), stepper.data(), stepper.iteration());
        }
    }

    /// θ⁽⁰⁾ … θ⁽ⁱ⁾ of gradient ascent, as many as EM's iterations (fewer if it diverged).
    pub fn ascent_path(&self) -> &[AscentPoint<F::Params>] {
        self.ascent.as_ref().map_or(&[], |ascent| {
            let path = ascent.path();
            &path[..path.len().min(self.stepper.iteration() + 1)]
        })
    }
}

/// One model's fit, whichever model: what the session asks of it.
pub trait Fitted: std::fmt::Debug + Send + Sync {
    fn kind(&self) -> ModelKind;
    /// Runs a change of the stepper, then brings gradient ascent level with it.
    fn change(&mut self, change: &mut dyn FnMut(&mut dyn Stepping));
    fn rule(&self) -> EStepRule;
    fn settings(&self) -> EmSettings;
    fn converged(&self) -> bool;
    fn at_cap(&self) -> bool;
    fn set_ascent(&mut self, rate: Option<f64>) -> Result<(), EmError>;
    fn bound_slice(
        &self,
        distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice>;
    fn landscape_fits(&self, axes: LandscapeAxes) -> bool;
    fn landscape(
        &self,
        detail: Detail,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape>;
    fn observation(&self, index: usize) -> Option<ObservationView>;
    /// The last E-step's responsibilities, None before one.
    fn responsibilities(&self) -> Option<&Responsibilities>;
    /// The state with `data` and `responsibilities` cut to `rows` observations.
    fn state_rows(&self, rows: usize, value_order: Arc<ValueOrder>) -> StateView<'_>;
    fn clone_box(&self) -> Box<dyn Fitted>;
}

/// The stepper's moves, for [`Fitted::change`].
pub trait Stepping {
    fn e_step(&mut self) -> bool;
    fn m_step(&mut self) -> bool;
    fn step(&mut self);
    fn run_for(&mut self, limit: usize) -> usize;
    fn back(&mut self) -> bool;
    fn reset(&mut self);
    fn set_rule(&mut self, rule: EStepRule);
    fn set_settings(&mut self, settings: EmSettings);
    fn drop_prefetched(&mut self);
}

impl<F: ComponentFamily> Stepping for EmStepper<F> {
    fn e_step(&mut self) -> bool {
        EmStepper::e_step(self)
    }
    fn m_step(&mut self) -> bool {
        EmStepper::m_step(self)
    }
    fn step(&mut self) {
        EmStepper::step(self)
    }
    fn run_for(&mut self, limit: usize) -> usize {
        EmStepper::run_for(self, limit).iterations
    }
    fn back(&mut self) -> bool {
        EmStepper::back(self)
    }
    fn reset(&mut self) {
        EmStepper::reset(self)
    }
    fn set_rule(&mut self, rule: EStepRule) {
        EmStepper::set_rule(self, rule)
    }
    fn set_settings(&mut self, settings: EmSettings) {
        EmStepper::set_settings(self, settings)
    }
    fn drop_prefetched(&mut self) {
        EmStepper::drop_prefetched(self)
    }
}

/// A teaching model's fit.
pub struct ModelFit<M: TeachingModel> {
    pub model: Model<M::Family>,
}

impl<M: TeachingModel> Clone for ModelFit<M> {
    fn clone(&self) -> Self {
        ModelFit {
            model: self.model.clone(),
        }
    }
}

impl<M: TeachingModel> std::fmt::Debug for ModelFit<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelFit")
            .field("kind", &M::KIND)
            .field("model", &self.model)
            .finish()
    }
}

impl<M: TeachingModel> Fitted for ModelFit<M> {
    fn kind(&self) -> ModelKind {
        M::KIND
    }

    fn change(&mut self, change: &mut dyn FnMut(&mut dyn Stepping)) {
        change(&mut self.model.stepper);
        self.model.sync_ascent();
    }

    fn rule(&self) -> EStepRule {
        self.model.stepper.rule()
    }

    fn settings(&self) -> EmSettings {
        *self.model.stepper.settings()
    }

    fn converged(&self) -> bool {
        self.model.stepper.converged()
    }

    fn at_cap(&self) -> bool {
        self.model.stepper.at_cap()
    }

    fn set_ascent(&mut self, rate: Option<f64>) -> Result<(), EmError> {
        self.model.set_ascent(rate)
    }

    fn bound_slice(
        &self,
        distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice> {
        M::bound_slice(&self.model.stepper, distinct, parameter, component)
    }

    fn landscape_fits(&self, axes: LandscapeAxes) -> bool {
        M::landscape_fits(axes, self.model.stepper.params().len())
    }

    fn landscape(
        &self,
        detail: Detail,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape> {
        M::landscape(detail, &self.model, axes, distinct)
    }

    fn observation(&self, index: usize) -> Option<ObservationView> {
        let stepper = &self.model.stepper;
        let x = stepper.data().get(index)?;
        let params = stepper.params();
        let family = stepper.family();
        Some(ObservationView {
            index,
            coordinates: x.coordinates(),
            responsibilities: stepper
                .responsibilities()
                .filter(|r| index < r.len())
                .map(|r| r.row(index).to_vec()),
            // wₖ f(xᵢ | θₖ) under θ⁽ⁱ⁾: after an E-step, γₖ is the k-th over their sum.
            weighted_densities: params
                .weights()
                .iter()
                .zip(params.components())
                .map(|(w, theta)| w * M::Family::log_density(&family.prepare(theta), *x).exp())
                .collect(),
        })
    }

    fn responsibilities(&self) -> Option<&Responsibilities> {
        self.model.stepper.responsibilities()
    }

    fn state_rows(&self, rows: usize, value_order: Arc<ValueOrder>) -> StateView<'_> {
        let fit = &self.model;
        let stepper = &fit.stepper;
        let history_view = |record: &IterationRecord<Params<M>>| HistoryView {
            iteration: record.iteration,
            log_likelihood: finite(record.log_likelihood),
            q_from_previous: record.q_from_previous.and_then(finite),
            params: M::params_view(&record.params),
        };
        // log L = Q + H holds for EM's posterior only; the variants show log L alone.
        let e_step = stepper
            .last_e_step()
            .filter(|_| stepper.rule() == EStepRule::Posterior);
        let data = stepper.data();
        StateView {
            model: M::KIND,
            rule: stepper.rule(),
            iteration: stepper.iteration(),
            phase: stepper.phase(),
            params: M::params_view(stepper.params()),
            log_likelihood: finite(stepper.log_likelihood()),
            q: e_step.and_then(|s| finite(s.q)),
            entropy: e_step.and_then(|s| finite(s.entropy)),
            responsibilities: stepper.responsibilities().map(|r| ResponsibilityRows {
                values: Cow::Borrowed(r.first_rows(rows)),
                components: r.components(),
            }),
            converged: stepper.converged(),
            history: stepper.history().iter().map(history_view).collect(),
            diagnostics: stepper.diagnostics(),
            data: Shown::observations(&data[..rows.min(data.len())]),
            value_order,
            data_axes: DataAxes::Unnamed,
            charts: M::CHARTS,
            ascent: fit.ascent.as_ref().map(|ascent| {
                let path = fit.ascent_path();
                AscentView {
                    rate: ascent.rate(),
                    log_likelihoods: path.iter().map(|p| finite(p.log_likelihood)).collect(),
                    params: M::params_view(&path[path.len() - 1].params),
                    diverged: ascent.diverged() && path.len() == ascent.path().len(),
                }
            }),
        }
    }

    fn clone_box(&self) -> Box<dyn Fitted> {
        Box::new(self.clone())
    }
}
